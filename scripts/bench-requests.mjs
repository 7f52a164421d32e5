// Table Storage requests per booking (issue 10, item 5) and per locking accept (item 6), counted at
// the wire by a proxy in front of Azurite, the app built by its composition root and driven through
// its bot: the same measurement as test/storage/requestCounts.test.ts (test/storage/requestCounts.ts).
//
//   node scripts/bench-requests.mjs     prints the section
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startAzurite } from "./lib/azurite.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BOOKING_TARGET = 25;
const ACCEPT_TARGET_STORE_CALLS = 4;

export async function benchRequests({ date, machine }) {
  const { tsImport } = await import("tsx/esm/api");
  const { countBooking, countLockingAccept, breakdown } = await tsImport(pathToFileURL(path.join(root, "test/storage/requestCounts.ts")).href, import.meta.url);
  const azurite = await startAzurite({ inMemory: true });
  try {
    const booking = await countBooking(azurite.connectionString);
    const accept = await countLockingAccept(azurite.connectionString);
    return [
      "## Table Storage requests per booking",
      "",
      `Measured ${date} on ${machine}.`,
      "",
      "Every request the app makes to Table Storage, counted by a proxy in front of Azurite (`test/support/countingProxy.ts`); a",
      "transaction (`$batch`) is one request. The app is `buildApp` (summaries included) on the local calendar, driven through its bot",
      "as a pair clicks; the counts are exact. The same measurement is asserted in `test/storage/requestCounts.test.ts`.",
      "",
      "| action | Table Storage requests | of which | operations inside batches | target |",
      "|---|---:|---|---:|---|",
      `| one Kristiansand booking (${booking.meetings} meetings, all their jobs, from the click to the last follow-up) | ${booking.requests} | ${breakdown(booking)} | ${booking.batchedOperations} | ≤ ${BOOKING_TARGET}: ${booking.requests <= BOOKING_TARGET ? "met" : "**not met**"} |`,
      `| one "accept" that locks the agreement (and posts the plan card) | ${accept.requests} | ${breakdown(accept)} | ${accept.batchedOperations} | ≤ ${ACCEPT_TARGET_STORE_CALLS} store calls (counted on the store port, not here) |`,
      "",
      "Issue 10 measured 308 requests per booking when its 54 jobs were scheduled one by one; main has scheduled them in transactions since d222a3b.",
      "",
    ].join("\n");
  } finally {
    await azurite.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const os = await import("node:os");
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`;
  process.stdout.write(await benchRequests({ date: new Date().toISOString().slice(0, 10), machine }));
  process.exit(0);
}
