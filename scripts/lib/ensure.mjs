// What a fresh clone lacks, installed by the commands that need it, so `npm start` and `npm test`
// work on a new machine without a separate setup step.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

function run(cmd, args, env = process.env, cwd = process.cwd()) {
  const r = spawnSync(cmd, args, { stdio: "inherit", env, cwd });
  return r.status ?? 1;
}

/** `npm ci` in `root` (the project) when its node_modules is missing or incomplete. */
export function ensureDependencies(root = process.cwd()) {
  const nm = path.join(root, "node_modules");
  if (existsSync(path.join(nm, ".package-lock.json")) && existsSync(path.join(nm, ".bin", "tsc"))) return;
  console.log("› installing dependencies (npm ci)");
  if (run("npm", ["ci", "--no-audit", "--no-fund"], process.env, root) !== 0) {
    console.error("npm ci failed: see above.");
    process.exit(1);
  }
}

/** Debian's Chromium for the browser tests; installed with apt-get when we are root, explained otherwise. */
export function ensureChromium() {
  if (existsSync(CHROMIUM)) return true;
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  if (root && existsSync("/usr/bin/apt-get")) {
    console.log("› installing Debian's chromium for the browser tests (apt-get)");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    if (run("apt-get", ["update", "-qq"], env) === 0 && run("apt-get", ["install", "-y", "-qq", "chromium", "fonts-dejavu-core"], env) === 0) {
      return existsSync(CHROMIUM);
    }
  }
  console.error(`Chromium was not found at ${CHROMIUM}. Install it (sudo apt-get install chromium) or set CHROMIUM_PATH.`);
  return false;
}
