/**
 * One app instance of the exactly-once test: a real Scheduler over the real Table Storage job store,
 * against a shared Azurite table. Prints "ready" once loaded, waits for "go" on stdin (so both
 * instances start together), then ticks in a loop until nothing has been due for half a second
 * (or `runMs` at most); each handler run appends `${owner} ${job.id}` to the shared file. Prints a
 * JSON summary line at the end.
 *
 * argv: connectionString tableName owner outFile nowIso runMs batch
 */
import { appendFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { TableJobStore } from "../../src/adapters/tables/tableJobStore";
import { Scheduler } from "../../src/app/scheduler";
import { silentLogger } from "../../src/log";
import type { Job } from "../../src/ports/jobs";

async function main() {
  const [connectionString, tableName, owner, outFile, nowIso, runMs, batch] = process.argv.slice(2) as [string, string, string, string, string, string, string];
  const store = new TableJobStore(connectionString, tableName);
  const fixed = new Date(nowIso);
  const handler = async (job: Job) => {
    // A little work, so the other instance gets its turn at the due rows.
    await new Promise((r) => setTimeout(r, 5 + Math.floor(Math.random() * 15)));
    appendFileSync(outFile, `${owner} ${job.id}\n`);
  };
  const scheduler = new Scheduler({
    store,
    clock: { now: () => fixed },
    owner,
    handlers: { "agenda.post": handler, "reminder.agreement": handler, "reminder.pointOne": handler, "reminder.heldCheck": handler },
    log: silentLogger,
    leaseMs: 10 * 60_000,
    batch: Number(batch),
  });

  process.stdout.write("ready\n");
  const lines = createInterface({ input: process.stdin });
  await new Promise<void>((resolve) => lines.once("line", () => resolve()));
  lines.close();

  const deadline = Date.now() + Number(runMs);
  let ran = 0;
  let ticks = 0;
  let idleSince = Date.now();
  while (Date.now() < deadline && Date.now() - idleSince < 500) {
    const n = await scheduler.tick();
    ran += n;
    ticks++;
    if (n > 0) idleSince = Date.now();
    else await new Promise((r) => setTimeout(r, 10 + Math.floor(Math.random() * 10)));
  }
  await scheduler.stop();
  process.stdout.write(`${JSON.stringify({ owner, ran, ticks })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
