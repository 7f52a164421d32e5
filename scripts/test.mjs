// `npm test`: the whole suite — type check, then every mocha test (unit, storage on a real Azurite,
// bot through TestAdapter, HTTP auth, and the end-to-end runs through the Agents Playground in
// headless Chromium). Extra arguments go to mocha (e.g. `npm test -- --grep agreement`); named
// files or folders run serially, like `node node_modules/mocha/bin/mocha.js <file>`.
//
// `npm run test:fast` (`--fast`): the inner loop — no type check, no browser suites.
//
// How a whole run is made fast on 2 cores: the type check (incremental, its state in
// test-results/tsc) runs beside mocha; mocha runs every file in parallel worker processes
// (MENTORSHIP_TEST_JOBS, default 2), sharing one Azurite and one tab build through its global
// setup (test/support/hooks.ts); the files go out longest first, by the times the reporter saved
// from the last whole run (test-results/file-times.json), so no long file starts last.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ensureChromium, ensureDependencies } from "./lib/ensure.mjs";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const TIMES = path.join(ROOT, "test-results", "file-times.json");
const BROWSER_DIRS = ["test/e2e/", "test/tab/"];
/** mocha options that take a value as the next argument (so that value is not a file). */
const VALUED = new Set(["-g", "--grep", "-f", "--fgrep", "-R", "--reporter", "-O", "--reporter-option", "--reporter-options", "-t", "--timeout", "--timeouts", "-s", "--slow", "-j", "--jobs", "-r", "--require", "-u", "--ui", "--retries", "--spec", "--config", "--package", "--extension", "--file", "--ignore", "--exclude"]);

const argv = process.argv.slice(2);
const fast = argv.includes("--fast");
const args = argv.filter((a) => a !== "--fast");
const named = args.some((a, i) => !a.startsWith("-") && !(i > 0 && VALUED.has(args[i - 1])));
const filtered = args.some((a) => /^(-g|--grep|-f|--fgrep|-i|--invert)(=|$)/.test(a));

ensureDependencies();
if (!fast && !ensureChromium()) process.exit(1);

/** Spawns with output either shown live or kept (for the type check, so it does not cut into mocha's). */
function run(cmd, cmdArgs, { env = process.env, keepOutput = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, cmdArgs, { cwd: ROOT, env, stdio: keepOutput ? ["ignore", "pipe", "pipe"] : "inherit" });
    let output = "";
    child.stdout?.on("data", (d) => { output += d; });
    child.stderr?.on("data", (d) => { output += d; });
    child.once("exit", (code, signal) => resolve({ status: code ?? (signal ? 1 : 0), output }));
  });
}

const tsc = (label, project, extra) =>
  run(process.execPath, ["node_modules/typescript/bin/tsc", "-p", project, "--incremental", "--tsBuildInfoFile", `test-results/tsc/${label}.tsbuildinfo`, ...extra], { keepOutput: true }).then((r) => {
    // Shown the moment it fails, not after the tests: a type error is the first thing to fix.
    if (r.status !== 0) process.stdout.write(`\n› type check of ${project} failed:\n${r.output}\n`);
    return r.status;
  });

let typecheck = Promise.resolve([0, 0]);
if (!fast) {
  console.log("› type check (tsc --noEmit: the app and tests, and the tab), beside the tests");
  typecheck = Promise.all([tsc("app", "tsconfig.json", ["--noEmit"]), tsc("tab", "src/tab/tsconfig.json", [])]);
}

const env = { ...process.env };
let mochaArgs;
if (named) {
  mochaArgs = args; // what was named, serially: the way one file is run while working on it
  env.MENTORSHIP_TEST_BUILD_TAB = "0";
} else {
  const files = testFiles().filter((f) => !fast || !BROWSER_DIRS.some((d) => f.startsWith(d)));
  const jobs = Number(process.env.MENTORSHIP_TEST_JOBS) || 2;
  mochaArgs = ["--parallel", "--jobs", String(jobs), ...longestFirst(files), ...args];
  env.MENTORSHIP_TEST_BUILD_TAB = files.some((f) => BROWSER_DIRS.some((d) => f.startsWith(d))) ? "1" : "0";
  // A --grep run's times are a part of each file's: not worth ordering the next run by.
  if (!filtered) env.MENTORSHIP_TEST_TIMINGS_OUT = TIMES;
}

console.log(`› mocha on Node ${process.version}${named ? "" : `, ${mochaArgs[2]} files at a time`}`);
const mocha = await run(process.execPath, ["node_modules/mocha/bin/mocha.js", ...mochaArgs], { env });
const [app, tab] = await typecheck;
if (!fast) console.log(app === 0 && tab === 0 ? "› type check: no errors" : "› type check: FAILED (see above)");
process.exit(mocha.status !== 0 || app !== 0 || tab !== 0 ? 1 : 0);

function testFiles() {
  return readdirSync(path.join(ROOT, "test"), { recursive: true })
    .map((f) => `test/${String(f).split(path.sep).join("/")}`)
    .filter((f) => f.endsWith(".test.ts"))
    .sort();
}

/**
 * Longest first, so the two workers finish together. Files without a time yet (a fresh clone, a
 * new file) count as long: the browser suites longest, as they are.
 */
function longestFirst(files) {
  let known = {};
  try {
    if (existsSync(TIMES)) known = JSON.parse(readFileSync(TIMES, "utf8"));
  } catch {
    known = {};
  }
  const weight = (f) => known[f] ?? (BROWSER_DIRS.some((d) => f.startsWith(d)) ? 60000 : 30000);
  return [...files].sort((a, b) => weight(b) - weight(a) || a.localeCompare(b));
}
