/**
 * The real app (startApp, as production) with telemetry on, for test/http/telemetry.test.ts: the
 * Azure Monitor distro is started with the app's scrubbing processor and, after it, one that writes
 * every ended span as JSON lines to SPANS_FILE — what would be exported. Telemetry starts before the
 * app's modules load, as src/main.ts's first import does in production.
 */
import { appendFileSync } from "node:fs";
import { startTelemetry } from "../../src/telemetry";
import type * as Config from "../../src/config";
import type * as Main from "../../src/main";

const file = process.env["SPANS_FILE"] ?? "";
startTelemetry(process.env, [
  {
    onStart() {},
    onEnd(span) {
      appendFileSync(file, `${JSON.stringify({ name: span.name, attributes: span.attributes, events: span.events.map((e) => ({ name: e.name, attributes: e.attributes ?? {} })), status: span.status ?? null })}\n`);
    },
    async forceFlush() {},
    async shutdown() {},
  },
]);

async function main() {
  // Loaded after telemetry started (a static import would be hoisted above it).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadConfig } = require("../../src/config") as typeof Config;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startApp } = require("../../src/main") as typeof Main;
  const app = await startApp({ config: loadConfig(process.env) });
  const stop = () => void app.stop().then(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`telemetry-entry failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
