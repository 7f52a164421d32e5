import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");
const VITE = [path.join(ROOT, "node_modules", "vite", "bin", "vite.js"), "build", "--config", "src/tab/vite.config.mts"];

/** The run's scratch folder, made by the global setup (test/support/hooks.ts); shared by every worker. */
export const RUN_DIR_ENV = "MENTORSHIP_TEST_RUN_DIR";

let built = false;

/**
 * Builds the tab (vite → lib/tab) once per test run: every browser test of the tab needs it. In a
 * parallel run the workers share one build through the run folder: the first to ask builds (or the
 * global setup already started it), the others wait for its result — never two vite builds
 * writing lib/tab at once, and none while a browser test reads it.
 */
export function buildTabOnce(): void {
  if (built) return;
  const runDir = process.env[RUN_DIR_ENV];
  if (!runDir) {
    const build = spawnSync(process.execPath, VITE, { cwd: ROOT, encoding: "utf8" });
    assert.equal(build.status, 0, `vite build failed:\n${build.stdout}\n${build.stderr}`);
  } else {
    const { lock, result } = paths(runDir);
    if (claim(lock)) {
      const build = spawnSync(process.execPath, VITE, { cwd: ROOT, encoding: "utf8" });
      writeResult(result, build.status ?? 1, `${build.stdout}\n${build.stderr}`);
    }
    const r = waitForResult(result);
    assert.equal(r.status, 0, `vite build failed:\n${r.output}`);
  }
  built = true;
}

/** For the global setup: starts the run's build in the background when the run has browser suites. */
export function startTabBuild(runDir: string): Promise<void> {
  const { lock, result } = paths(runDir);
  if (!claim(lock)) return Promise.resolve();
  const child = spawn(process.execPath, VITE, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d: Buffer) => { output += d.toString(); });
  child.stderr.on("data", (d: Buffer) => { output += d.toString(); });
  return new Promise((resolve) => {
    child.once("error", (e) => { writeResult(result, 1, String(e)); resolve(); });
    child.once("exit", (code) => { writeResult(result, code ?? 1, output); resolve(); });
  });
}

function paths(runDir: string) {
  return { lock: path.join(runDir, "tab-build.lock"), result: path.join(runDir, "tab-build.json") };
}

/** mkdir is atomic: exactly one process of the run gets to build. */
function claim(lock: string): boolean {
  try {
    mkdirSync(lock);
    return true;
  } catch {
    return false;
  }
}

function writeResult(file: string, status: number, output: string): void {
  // Written whole under a temporary name, then renamed, so a waiter never reads half of it.
  writeFileSync(`${file}.part`, JSON.stringify({ status, output }));
  renameSync(`${file}.part`, file);
}

function waitForResult(file: string, timeoutMs = 180000): { status: number; output: string } {
  const deadline = Date.now() + timeoutMs;
  const nap = new Int32Array(new SharedArrayBuffer(4));
  while (!existsSync(file)) {
    assert.ok(Date.now() < deadline, `the tab build of this run gave no result within ${timeoutMs / 1000} s`);
    Atomics.wait(nap, 0, 0, 100); // buildTabOnce is synchronous for its callers: sleep without spinning
  }
  return JSON.parse(readFileSync(file, "utf8")) as { status: number; output: string };
}
