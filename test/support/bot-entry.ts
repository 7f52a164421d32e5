/**
 * The bot as the end-to-end tests run it: the real app (buildApp, the same composition root as
 * production), with a clock the test moves. The clock is injected here, where the test builds
 * the app — production code has no test switch. Requests come over the IPC channel the e2e
 * harness opens: { id, type, ... } → { id, ok, value | error }.
 *   advanceClock { ms }   moves the app's clock forward
 *   tick                  runs the scheduler once and waits for background work
 *   idle                  waits for background work (bookings)
 */
import { loadConfig } from "../../src/config";
import { startApp } from "../../src/main";

async function main() {
  const config = loadConfig(process.env);
  const start = process.env["E2E_CLOCK_START"] ? Date.parse(process.env["E2E_CLOCK_START"]) : Date.now();
  const startedAt = Date.now();
  let offset = 0;
  const clock = { now: () => new Date(start + (Date.now() - startedAt) + offset) };
  const app = await startApp({ config, clock });

  process.on("message", (raw: unknown) => {
    const msg = raw as { id: number; type: string; ms?: number };
    const reply = (body: object) => process.send?.({ id: msg.id, ...body });
    const run = async (): Promise<unknown> => {
      switch (msg.type) {
        case "advanceClock":
          offset += Number(msg.ms ?? 0);
          return clock.now().toISOString();
        case "tick": {
          const ran = await app.scheduler.tick();
          await app.bot.idle();
          return ran;
        }
        case "idle":
          await app.bot.idle();
          return null;
        case "now":
          return clock.now().toISOString();
        default:
          throw new Error(`unknown request ${msg.type}`);
      }
    };
    run().then(
      (value) => reply({ ok: true, value }),
      (err: unknown) => reply({ ok: false, error: err instanceof Error ? err.message : String(err) }),
    );
  });
  // The production stop (src/main.ts startApp): drains requests, the scheduler's run and the background work within its deadline.
  const stop = () => {
    app.log.info("stopping", { why: "signal" });
    void app.stop().then(
      () => {
        app.log.info("stopped", {});
        process.exit(0);
      },
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  process.once("disconnect", stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`bot-entry failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
