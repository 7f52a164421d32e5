import { JobRegistry } from "../../src/app/jobs/registry";
import assert from "node:assert/strict";
import { LocalCalendar } from "../../src/adapters/tables/localCalendar";
import { TableJobStore } from "../../src/adapters/tables/tableJobStore";
import { TableMentorshipStore } from "../../src/adapters/tables/tableStore";
import { MeetingService } from "../../src/app/meetings/meetingService";
import { Scheduler } from "../../src/app/scheduler";
import type { Meeting } from "../../src/domain/meetings";
import type { ChatDelivery } from "../../src/ports/chat";
import { silentLogger } from "../../src/log";
import { azurite, uniqueTableName } from "../support/azurite";
import { TENANT } from "../support/fixtures";
import { bookPairs } from "./bookedPairs";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** One booked pair and the app's meeting jobs run by the real scheduler at a moment the test picks; the chat is recorded. */
async function lateApp() {
  const { connectionString } = await azurite();
  const tableName = uniqueTableName("late");
  const [pair] = await bookPairs({ connectionString, tableName, serviceUrl: "http://127.0.0.1:9/", count: 1 });
  assert.ok(pair);
  let now = 0;
  const clock = { now: () => new Date(now) };
  const store = TableMentorshipStore.fromConnectionString(connectionString, tableName);
  const jobs = TableJobStore.fromConnectionString(connectionString, `${tableName}jobs`);
  const said: { kind: string; key: string }[] = [];
  const kinds: Record<string, string> = { agenda: "agenda", pointOneReminder: "pointOne", heldCheck: "heldCheck", agreementReminder: "agreement" };
  // The chat edge, recorded: what the jobs said, by kind and meeting.
  const chat: ChatDelivery = {
    post: async (_m, message) => {
      const kind = kinds[message.kind];
      if (kind) said.push({ kind, key: "meeting" in message ? message.meeting.key : "" });
      return true;
    },
    replace: async () => false,
  };
  const meetings = new MeetingService({ store, calendar: LocalCalendar.fromConnectionString(connectionString, tableName), jobs, clock, log: silentLogger, chat, directory: async () => null, texts: () => ({ subject: "", bodyHtml: "" }) });
  const scheduler = new Scheduler({ store: jobs, clock, owner: "late", handlers: new JobRegistry().register(meetings.jobKinds()).handlers(), log: silentLogger, batch: 50 });
  const [first, second] = pair.meetings as [Meeting, Meeting];
  const start = (m: Meeting) => Date.parse(m.startUtc);
  const end = (m: Meeting) => start(m) + m.minutes * MIN;
  /** Everything due at `t` runs (after downtime: all at once). */
  const runAt = async (t: number) => {
    now = t;
    while ((await scheduler.tick()) > 0);
  };
  const of = (m: Meeting) => said.filter((s) => s.key === m.key).map((s) => s.kind).sort();
  return { meetings, pair, first, second, start, end, runAt, of, said };
}

describe("Due jobs after downtime: what is past is skipped (Azurite)", function () {
  this.timeout(60000);

  it("late but before the meeting: the agenda and the point-1 reminder still come", async () => {
    const { first, start, runAt, of } = await lateApp();
    await runAt(start(first) - HOUR); // the agenda was due 23 hours ago
    assert.deepEqual(of(first), ["agenda", "pointOne"]);
  });

  it("back up after the meeting began: no agenda and no point-1 reminder for it; the held check still asks", async () => {
    const { meetings, pair, first, second, start, end, runAt, of } = await lateApp();
    await runAt(start(first) + 30 * MIN);
    assert.deepEqual(of(first), [], "neither the agenda nor 'point 1 is still empty' for a meeting under way");
    assert.equal((await meetings.meetings(TENANT, pair.mentorshipId)).find((m) => m.key === first.key)?.agendaPostedAt, null);
    await runAt(end(first) + 2 * HOUR);
    assert.deepEqual(of(first), ["heldCheck"]);
    assert.deepEqual(of(second), [], "the next meeting's jobs are not due yet");
  });

  it("six days after a meeting the held check still asks; more than seven days after, it is skipped", async () => {
    const six = await lateApp();
    await six.runAt(six.end(six.first) + 6 * DAY);
    assert.deepEqual(six.of(six.first), ["heldCheck"], "six days late: asked, nothing else");

    const eight = await lateApp();
    await eight.runAt(eight.end(eight.first) + 8 * DAY); // meeting 2 (a week later) ended a day ago
    assert.deepEqual(eight.of(eight.first), [], "eight days late: not asked");
    assert.deepEqual(eight.of(eight.second), ["heldCheck"], "the meeting a day ago is asked about, its agenda and reminder skipped");
  });
});
