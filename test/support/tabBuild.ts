import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");
let built = false;

/** Builds the tab (vite → lib/tab) once per test run: every browser test of the tab needs it. */
export function buildTabOnce(): void {
  if (built) return;
  const build = spawnSync(process.execPath, [path.join(ROOT, "node_modules", "vite", "bin", "vite.js"), "build", "--config", "src/tab/vite.config.mts"], { cwd: ROOT, encoding: "utf8" });
  assert.equal(build.status, 0, `vite build failed:\n${build.stdout}\n${build.stderr}`);
  built = true;
}
