// Starts the Azurite table service from the project's own node_modules on a free loopback port,
// through ./azurite-table.cjs, which saves its data on every normal stop (see there why).
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, waitForPort } from "./ports.mjs";

const require = createRequire(import.meta.url);
const ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), "azurite-table.cjs");
/** Long enough for the requests inside to finish (5 s at most) and the store to be written. */
const STOP_GRACE_MS = 15000;

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
  require.resolve("azurite/package.json"); // a clear error when Azurite is not installed
  const args = [ENTRY, "--tableHost", "127.0.0.1", "--tablePort", String(port), "--skipApiVersionCheck", "--disableProductStyleUrl"];
  if (inMemory) args.push("--inMemoryPersistence");
  else {
    mkdirSync(location, { recursive: true });
    args.push("--location", location);
  }
  if (silent) args.push("--silent");
  // Its own process group, so a Ctrl-C in the terminal reaches only our caller, which stops the app
  // first and storage last; the IPC channel makes it stop (and save) if the caller dies instead.
  const child = spawn(process.execPath, args, { stdio: silent ? ["ignore", "ignore", "ignore", "ipc"] : ["inherit", "inherit", "inherit", "ipc"], detached: true });
  child.channel?.unref();
  let exited = false;
  child.once("exit", () => { exited = true; });
  await waitForPort(port, { timeoutMs: 30000 });
  const stop = () =>
    new Promise((resolve) => {
      if (exited) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS).unref();
    });
  return { port, connectionString: connectionStringFor(port), stop, child };
}
