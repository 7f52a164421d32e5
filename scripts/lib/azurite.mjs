// Starts the Azurite table service from the project's own node_modules on a free loopback port.
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { freePort, waitForPort } from "./ports.mjs";

const require = createRequire(import.meta.url);

// Azurite's well-known development account (public, documented; not a secret).
export const DEV_ACCOUNT = "devstoreaccount1";
export const DEV_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

export function connectionStringFor(port) {
  return `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};TableEndpoint=http://127.0.0.1:${port}/${DEV_ACCOUNT};`;
}

/**
 * @param {{ location?: string, inMemory?: boolean, preferredPort?: number, silent?: boolean }} opts
 * @returns {Promise<{ port: number, connectionString: string, stop: () => Promise<void>, child: import('node:child_process').ChildProcess }>}
 */
export async function startAzurite({ location, inMemory = false, preferredPort = 0, silent = true } = {}) {
  const port = await freePort(preferredPort);
  const bin = path.join(path.dirname(require.resolve("azurite/package.json")), "dist", "src", "table", "main.js");
  const args = [bin, "--tableHost", "127.0.0.1", "--tablePort", String(port), "--skipApiVersionCheck", "--disableProductStyleUrl"];
  if (inMemory) args.push("--inMemoryPersistence");
  else {
    mkdirSync(location, { recursive: true });
    args.push("--location", location);
  }
  const child = spawn(process.execPath, args, { stdio: silent ? "ignore" : "inherit" });
  let exited = false;
  child.once("exit", () => { exited = true; });
  await waitForPort(port, { timeoutMs: 30000 });
  const stop = () =>
    new Promise((resolve) => {
      if (exited) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 3000).unref();
    });
  return { port, connectionString: connectionStringFor(port), stop, child };
}
