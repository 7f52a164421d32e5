// Node's fetch trusts extra CAs only from NODE_EXTRA_CA_CERTS, read once at start-up, so the Graph
// tests run their specs against the fake Graph in a child Node process with that variable set.
import { spawn } from "node:child_process";
import path from "node:path";
import type { TestCertificate } from "../support/tls";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** Runs mocha on `specs` in a child process that trusts `cert`; resolves with its exit code and output. */
export function runWithTestCa(cert: TestCertificate, args: readonly string[], timeoutMs = 180_000): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", ...args], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        NODE_EXTRA_CA_CERTS: cert.certPath,
        GRAPH_TEST_TLS_CERT: cert.certPath,
        GRAPH_TEST_TLS_KEY: cert.keyPath,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (output += d.toString("utf8")));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
