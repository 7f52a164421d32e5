// The local stack as `npm start` runs it (scripts/lib/stack.mjs: Azurite with its data on disk, then
// the app, the same lifecycle and signal handling), minus the build and the Playground: the app runs
// from src through tsx. For test/storage/localStop.test.ts, which sends this process each signal.
// argv: <data folder>. Prints one JSON line {botUrl, connectionString} when ready.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createLifecycle, startStorageAndApp } from "../../scripts/lib/stack.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const [dataDir] = process.argv.slice(2);
const say = (s) => process.stderr.write(`[stack] ${s}\n`);
const life = createLifecycle({ say, fail: say });
const { azurite, botUrl } = await startStorageAndApp(life, {
  root,
  dataDir,
  command: [process.execPath, "--import", "tsx", path.join(root, "src", "main.ts")],
  envFile: path.join(root, "env", ".env.local"),
  say,
  onBotOutput: (_stream, line) => process.stderr.write(`[bot] ${line}\n`),
});
process.stdout.write(`${JSON.stringify({ botUrl, connectionString: azurite.connectionString })}\n`);
