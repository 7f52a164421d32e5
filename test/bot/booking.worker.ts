/**
 * The real app (buildApp, the production composition root) booking one plan, for the crash test:
 * the calendar is the local one, wrapped so the parent test knows when the booking reaches it. It
 * reports "before" as the calendar is about to run the booking, and "after" once the calendar has
 * stored every series; then it waits, to be killed with SIGKILL at that point.
 *
 * argv: connectionString tableName mentorshipId killAt("before"|"after") nowIso
 */
import { LocalCalendar } from "../../src/adapters/tables/localCalendar";
import { loadConfig } from "../../src/config";
import { silentLogger } from "../../src/log";
import { buildApp } from "../../src/main";
import type { CalendarPort } from "../../src/ports/calendar";
import { actor, mentor } from "../support/fixtures";

async function main() {
  const [connectionString, tableName, mentorshipId, killAt, nowIso] = process.argv.slice(2) as [string, string, string, "before" | "after", string];
  const local: CalendarPort = LocalCalendar.fromConnectionString(connectionString, tableName);
  const never = new Promise<never>(() => {});
  const calendar: CalendarPort = {
    book: async (request) => {
      if (killAt === "before") {
        process.stdout.write("before\n");
        return never;
      }
      await local.book(request);
      process.stdout.write("after\n");
      return never;
    },
    moveOccurrence: (ref, to) => local.moveOccurrence(ref, to),
    endSeries: (r) => local.endSeries(r),
    cancelOccurrence: (ref, c) => local.cancelOccurrence(ref, c),
    cancelSeries: (tenantId, organizer, id, c) => local.cancelSeries(tenantId, organizer, id, c),
    freeBusy: (r) => local.freeBusy(r),
  };
  const config = loadConfig({ LOCAL_ANONYMOUS_BOT: "true", BOT_HOST: "127.0.0.1", STORAGE_CONNECTION_STRING: connectionString, TABLE_NAME: tableName });
  const app = await buildApp({ config, clock: { now: () => new Date(nowIso) }, calendar, log: silentLogger });
  const { result } = await app.meetings.book(actor(mentor), mentorshipId, { weekday: 2, time: "10:00", minutes: 45 }, 24);
  if (!result.ok) throw new Error(`book refused: ${result.error.code}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
