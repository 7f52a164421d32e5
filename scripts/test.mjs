// `npm test`: the whole suite — type check, then every mocha test (unit, storage on a real Azurite,
// bot through TestAdapter, HTTP auth, and the end-to-end runs through the Agents Playground in
// headless Chromium). Extra arguments go to mocha (e.g. `npm test -- --grep agreement`).
import { spawnSync } from "node:child_process";
import { ensureChromium, ensureDependencies } from "./lib/ensure.mjs";

const run = (cmd, args) => spawnSync(cmd, args, { stdio: "inherit", env: process.env }).status ?? 1;

ensureDependencies();
if (!ensureChromium()) process.exit(1);

console.log("› type check (tsc --noEmit: the app and tests, then the tab)");
if (run(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.json", "--noEmit"]) !== 0) process.exit(1);
if (run(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "src/tab/tsconfig.json"]) !== 0) process.exit(1);

const args = process.argv.slice(2);
// Without a file or folder named, run everything.
const specs = args.some((a) => !a.startsWith("-")) ? [] : ["test/**/*.test.ts"];
console.log(`› mocha on Node ${process.version}`);
process.exit(run(process.execPath, ["node_modules/mocha/bin/mocha.js", ...specs, ...args]));
