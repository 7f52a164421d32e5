// Closing a mentorship half-way against the fake Graph over real HTTPS: the real composition
// (botHarness: use cases, Table Storage on Azurite, the scheduler) with GraphCalendar as its
// calendar. Runs in a child Node process started by test/graph/closing.test.ts, which sets
// NODE_EXTRA_CA_CERTS to the test certificate. Not *.test.ts on purpose: `npm test` must not run it directly.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { TableClient } from "@azure/data-tables";
import type { AccessToken, TokenCredential } from "@azure/identity";
import { GraphCalendar } from "../../../src/adapters/graph/graphCalendar";
import type { Meeting } from "../../../src/domain/meetings";
import type { ProgrammeId } from "../../../src/domain/programmes";
import { t } from "../../../src/i18n";
import type { CalendarPort, EndSeriesRequest } from "../../../src/ports/calendar";
import { botHarness } from "../../bot/harness";
import { agreedPair, closeDirectly, closingCalendarJob } from "../../support/closedMentorship";
import { FakeGraph, type Instance } from "../../support/fakeGraph";
import { TENANT, actor, mentee, mentor } from "../../support/fixtures";

const EMAIL: Record<string, string> = { [mentor.aadObjectId]: "mette.mentor@contoso.dk", [mentee.aadObjectId]: "niels.nyansat@contoso.dk" };

class FakeCredential implements TokenCredential {
  async getToken(): Promise<AccessToken> {
    return { token: "test-token", expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}

type Harness = Awaited<ReturnType<typeof botHarness>>;

describe("closing a mentorship: its remaining series end in the mentor's Graph calendar, one change each", function () {
  this.timeout(60000);
  let fake: FakeGraph;

  before(async () => {
    const certPath = process.env["GRAPH_TEST_TLS_CERT"];
    const keyPath = process.env["GRAPH_TEST_TLS_KEY"];
    if (!certPath || !keyPath || !process.env["NODE_EXTRA_CA_CERTS"]) throw new Error("run these specs through test/graph/closing.test.ts");
    fake = await FakeGraph.start({
      key: readFileSync(keyPath, "utf8"),
      cert: readFileSync(certPath, "utf8"),
      users: [mentor, mentee].map((p) => ({ id: p.aadObjectId, displayName: p.name, mail: EMAIL[p.aadObjectId] as string, userPrincipalName: EMAIL[p.aadObjectId] as string })),
    });
  });
  after(async () => {
    await fake?.close();
  });
  beforeEach(() => fake.reset());
  afterEach(function () {
    if (this.currentTest?.state !== "passed") return;
    assert.deepEqual(fake.schemaFailures, [], "every request body validates against the strict Graph schemas");
    assert.deepEqual(fake.unknownRoutes, []);
    assert.deepEqual(fake.anomalies, [], "no series lost its exceptions, no zone mismatch");
  });

  const graph = () => new GraphCalendar({ tenantId: TENANT, credential: new FakeCredential(), baseUrl: fake.baseUrl, retry: { maxRetries: 2, delaySeconds: 0, maxRetryAfterSeconds: 2 }, timeoutMs: 10_000 });

  /** A booked pair on the fake Graph; `wrap` may stand between the app and GraphCalendar. */
  async function bookedPair(programme: ProgrammeId, slot: { weekday: 1 | 2 | 3 | 4 | 5; time: string; minutes: number }, wrap: (c: CalendarPort) => CalendarPort = (c) => c) {
    let now = new Date("2027-02-22T08:00:00Z");
    const h = await botHarness({
      now: () => now,
      calendar: () => wrap(graph()),
      directory: async (_tenant, id) => ({ email: EMAIL[id] ?? "", name: id === mentor.aadObjectId ? mentor.name : mentee.name }),
    });
    const setNow = (at: Date) => {
      now = at;
    };
    const id = await agreedPair(h.service, { tenantId: TENANT, chatId: `19:closing-${programme}-${Date.now()}@thread.v2`, mentor, mentee, programme, firstWorkingDay: "2027-03-01" });
    const { result, done } = await h.meetings.book(actor(mentor), id, slot, 24);
    assert.ok(result.ok, JSON.stringify(result));
    await done;
    const plan = (await h.service.getMentorship(TENANT, id))?.meetingPlan;
    assert.equal(plan?.status, "booked");
    return { h, id, setNow, plan: plan! };
  }

  /** The first `held` meetings recorded held by the mentor (one in the past left unrecorded: past counts as kept too). */
  async function holdFirst(h: Harness, id: string, held: number): Promise<Meeting[]> {
    const all = await h.meetings.meetings(TENANT, id);
    for (const m of all.slice(0, held - 1)) assert.ok((await h.meetings.recordHeld(actor(mentor), id, m.key, "held")).ok);
    return all;
  }

  const instance = (i: Instance) => ({ id: i.id, seriesMasterId: i.seriesMasterId, type: i.type, startMs: i.startMs, endMs: i.endMs });
  /** Changes Graph applied (a PATCH, a cancel, a DELETE answered 2xx). */
  const changes = () => fake.operations.filter((o) => o.method !== "GET" && o.status >= 200 && o.status < 300);

  async function closeAndRun(h: Harness, id: string, at: Date, setNow: (d: Date) => void) {
    setNow(at);
    // The meetings' jobs due by now (agendas, held checks) run first, so the next tick is the closing's alone.
    while ((await h.scheduler.tick()) > 0);
    await closeDirectly(h.store, TENANT, id, at);
    await h.jobs.schedule(closingCalendarJob(TENANT, id, at));
    fake.clearRecords();
    return h.scheduler.tick();
  }

  it("Kristiansand closed half-way (18 meetings, 3 series): the two remaining series change once each, the held occurrences stay exactly as they were", async () => {
    // Thursdays: Maundy Thursday (2027-03-25) moves its meeting to the Wednesday in the first series.
    const { h, id, setNow, plan } = await bookedPair("kristiansand", { weekday: 4, time: "10:00", minutes: 60 });
    assert.deepEqual(plan.series.map((s) => s.occurrences.length), [4, 6, 8]);
    assert.deepEqual(plan.series[0]?.exceptions, [{ date: "2027-03-25", action: "move", to: "2027-03-24" }], "fixture: a holiday exception in the first series");
    const [w3, w7, w19] = plan.booked.map((b) => b.eventId) as [string, string, string];
    // The mentor moves a meeting of the second series (a Graph exception in the series that will be cut).
    setNow(new Date("2027-04-01T08:00:00Z"));
    const moved = await h.meetings.move(actor(mentor), id, "kristiansand-w7-18|2027-04-29", { date: "2027-04-30", time: "13:00" });
    assert.ok(moved.ok, JSON.stringify(moved));
    setNow(new Date("2027-06-12T08:00:00Z"));
    await holdFirst(h, id, 9);

    const cut = new Date("2027-06-15T08:00:00Z"); // 9 meetings behind, 9 to come
    const before = fake.meetingsOf(mentor.aadObjectId);
    const keptBefore = before.filter((i) => i.startMs <= cut.getTime()).map(instance);
    assert.equal(keptBefore.length, 9);
    assert.ok(keptBefore.some((i) => i.type === "exception" && i.seriesMasterId === w3), "the holiday move is among the held");
    assert.ok(keptBefore.some((i) => i.type === "exception" && i.seriesMasterId === w7), "the mentor's move is among the held");

    assert.equal(await closeAndRun(h, id, cut, setNow), 1, "the closing.calendar job ran");

    // One change per remaining series, addressed to the series masters; none to an occurrence, none to the first series.
    assert.deepEqual(changes().map((o) => `${o.method} ${o.path}`).sort(), [
      `PATCH /users/${mentor.aadObjectId}/events/${w7}`,
      `POST /users/${mentor.aadObjectId}/events/${w19}/cancel`,
    ]);
    assert.ok(!fake.operations.some((o) => o.path.includes(w3)), "the series all behind is not even read");
    assert.deepEqual(fake.ops("PATCH")[0]?.body, {
      recurrence: {
        pattern: { type: "weekly", interval: 2, daysOfWeek: ["thursday"], firstDayOfWeek: "monday" },
        range: { type: "endDate", startDate: "2027-04-15", endDate: "2027-06-10", recurrenceTimeZone: "W. Europe Standard Time" },
      },
    });
    assert.deepEqual(fake.ops("POST", /\/cancel$/)[0]?.body, { comment: t("da", "calendar.closedOut") });
    assert.deepEqual(fake.http.map((h) => [h.method, h.batchSize]), [["POST", 2], ["POST", 2]], "2 round trips: the reads, then the changes");

    // The held and past occurrences are untouched (ids, times, exceptions), and nothing else is left.
    const after = fake.meetingsOf(mentor.aadObjectId).map(instance);
    assert.deepEqual(after, keptBefore);

    // The meeting rows: the 9 to come cancelled and closedOut, the 9 behind as they were.
    const rows = await h.meetings.meetings(TENANT, id);
    const dropped = rows.filter((r) => r.closedOut === true);
    assert.equal(dropped.length, 9);
    assert.ok(dropped.every((r) => r.status === "cancelled" && Date.parse(r.startUtc) > cut.getTime()));
    const kept = rows.filter((r) => r.closedOut !== true);
    assert.deepEqual(kept.map((r) => r.status), ["held", "held", "held", "held", "held", "held", "held", "held", "planned"]);
    assert.deepEqual(kept.map((r) => r.startUtc), after.map((i) => new Date(i.startMs).toISOString()));
    assert.equal((await h.store.getSummary(TENANT, id))?.value.meetingsDropped, 9);

    // The dropped meetings' own jobs are gone from the job table; the kept ones' (run already) are not touched.
    const jobRows = TableClient.fromConnectionString(h.connectionString, `${h.tableName}jobs`, { allowInsecureConnection: true });
    const scheduled: string[] = [];
    for await (const e of jobRows.listEntities<{ state?: string; jobId?: string }>()) if (e.state === "scheduled") scheduled.push(String(e.jobId));
    assert.deepEqual(scheduled.filter((j) => dropped.some((d) => j.endsWith(`:${d.key}`))), []);
    // No agenda or reminder comes for the dropped meetings, however long the clock runs on.
    const sent = h.notifier.sent.length;
    h.setNow(() => new Date("2028-03-01T08:00:00Z"));
    await h.scheduler.tick();
    assert.equal(h.notifier.sent.length, sent, "nothing posted after the close");
  });

  it("the job run again (a repeat) reads and changes nothing", async () => {
    const { h, id, setNow } = await bookedPair("kristiansand", { weekday: 2, time: "10:00", minutes: 45 });
    await holdFirst(h, id, 5);
    const cut = new Date("2027-05-20T08:00:00Z");
    await closeAndRun(h, id, cut, setNow);
    assert.equal(changes().length, 2);
    const calendar = fake.meetingsOf(mentor.aadObjectId).map(instance);
    fake.clearRecords();
    setNow(new Date("2027-09-01T08:00:00Z")); // later: meetings that were to come are past now, yet the cut stays
    await h.meetings.closeOut(TENANT, id);
    assert.deepEqual(changes(), []);
    assert.deepEqual(fake.meetingsOf(mentor.aadObjectId).map(instance), calendar);
  });

  it("KL/DS closed half-way: its one weekly series is cut once, the held occurrences stay", async () => {
    const { h, id, setNow, plan } = await bookedPair("klds", { weekday: 2, time: "09:00", minutes: 60 });
    assert.equal(plan.series.length, 1);
    const all = await h.meetings.meetings(TENANT, id);
    const half = Math.floor(all.length / 2);
    setNow(new Date(Date.parse(all[half - 1]?.startUtc as string) + 3600_000));
    await holdFirst(h, id, half);
    const cut = new Date(Date.parse(all[half]?.startUtc as string) - 86_400_000);
    const keptBefore = fake.meetingsOf(mentor.aadObjectId).filter((i) => i.startMs <= cut.getTime()).map(instance);
    assert.equal(keptBefore.length, half);
    await closeAndRun(h, id, cut, setNow);
    const series = plan.booked[0]?.eventId as string;
    assert.deepEqual(changes().map((o) => [o.method, o.path]), [["PATCH", `/users/${mentor.aadObjectId}/events/${series}`]]);
    const range = (fake.ops("PATCH")[0]?.body as { recurrence: { range: Record<string, unknown> } }).recurrence.range;
    assert.deepEqual(range, { type: "endDate", startDate: plan.series[0]?.range.startDate, endDate: all[half - 1]?.originalDate, recurrenceTimeZone: "Romance Standard Time" });
    assert.deepEqual(fake.meetingsOf(mentor.aadObjectId).map(instance), keptBefore);
    assert.equal((await h.meetings.meetings(TENANT, id)).filter((r) => r.closedOut === true).length, all.length - half);
  });

  it("a crash between two series, then the job's next run: nothing is changed twice, and the rest is finished", async () => {
    let crash = true;
    const calls: EndSeriesRequest[] = [];
    // The process dies after Graph applied the first series' change, before anything else was done.
    const crashing = (inner: CalendarPort): CalendarPort => ({
      ...inner,
      book: (r) => inner.book(r),
      moveOccurrence: (r, to) => inner.moveOccurrence(r, to),
      cancelOccurrence: (r, c) => inner.cancelOccurrence(r, c),
      cancelSeries: (a, b, c, d) => inner.cancelSeries(a, b, c, d),
      freeBusy: (r) => inner.freeBusy(r),
      endSeries: async (r) => {
        calls.push(r);
        if (!crash) return inner.endSeries(r);
        crash = false;
        await inner.endSeries({ ...r, series: r.series.slice(0, 1) });
        throw new Error("process died");
      },
    });
    const { h, id, setNow, plan } = await bookedPair("kristiansand", { weekday: 4, time: "10:00", minutes: 60 }, crashing);
    setNow(new Date("2027-06-12T08:00:00Z"));
    await holdFirst(h, id, 9);
    const cut = new Date("2027-06-15T08:00:00Z");
    const keptBefore = fake.meetingsOf(mentor.aadObjectId).filter((i) => i.startMs <= cut.getTime()).map(instance);
    await closeAndRun(h, id, cut, setNow);
    assert.equal(changes().length, 1, "the first series was changed before the crash");
    const firstRun = changes().map((o) => o.path);

    // The scheduler gives the job back with a back-off; an hour later it runs again.
    setNow(new Date(cut.getTime() + 3600_000));
    assert.equal(await h.scheduler.tick(), 1);
    assert.equal(calls.length, 2);
    assert.deepEqual(calls[1]?.series, calls[0]?.series, "the same endings: the marked rows fixed the cut");
    const all = changes().map((o) => o.path);
    assert.equal(all.length, 2, "each remaining series changed exactly once over both runs");
    assert.equal(new Set(all).size, 2);
    assert.ok(all.includes(firstRun[0] as string));
    assert.deepEqual(new Set(all.map((p) => p.replace(/\/cancel$/, "").split("/").at(-1))), new Set(plan.booked.slice(1).map((b) => b.eventId)));
    assert.deepEqual(fake.meetingsOf(mentor.aadObjectId).map(instance), keptBefore);
    assert.equal((await h.meetings.meetings(TENANT, id)).filter((r) => r.closedOut === true).length, 9);
    // And done: a third tick finds nothing due.
    setNow(new Date(cut.getTime() + 3 * 3600_000));
    assert.equal(await h.scheduler.tick(), 0);
  });

  it("Graph failing on one series (503 to the end of the retries): the job fails, runs again, and finishes without a second change", async () => {
    const { h, id, setNow, plan } = await bookedPair("kristiansand", { weekday: 4, time: "10:00", minutes: 60 });
    setNow(new Date("2027-06-12T08:00:00Z"));
    await holdFirst(h, id, 9);
    const cut = new Date("2027-06-15T08:00:00Z");
    const w19 = plan.booked[2]?.eventId as string;
    fake.clearRecords();
    setNow(cut);
    await closeDirectly(h.store, TENANT, id, cut);
    await h.jobs.schedule(closingCalendarJob(TENANT, id, cut));
    fake.inject({ where: "batchItem", status: 503, retryAfter: "0", count: Number.POSITIVE_INFINITY, match: (op) => op.method === "POST" && decodeURIComponent(op.path).endsWith(`${w19}/cancel`) });
    await h.scheduler.tick();
    assert.equal(changes().length, 1, "the PATCH went through, the cancel did not");
    const ops = [...fake.operations];
    fake.clearRecords(); // the outage is over
    setNow(new Date(cut.getTime() + 3600_000));
    assert.equal(await h.scheduler.tick(), 1);
    assert.deepEqual(changes().map((o) => o.path), [`/users/${mentor.aadObjectId}/events/${w19}/cancel`], "only what was left");
    assert.ok(ops.filter((o) => o.method === "PATCH").length === 1);
    assert.equal(fake.meetingsOf(mentor.aadObjectId).filter((i) => i.seriesMasterId === w19).length, 0);
  });

  it("closed before the first meeting (phase closing, nothing kept): each series is cancelled once as a whole, never per occurrence", async () => {
    const { h, id, setNow, plan } = await bookedPair("kristiansand", { weekday: 2, time: "10:00", minutes: 45 });
    const at = new Date("2027-03-05T08:00:00Z");
    setNow(at);
    await closeDirectly(h.store, TENANT, id, at, "closing");
    fake.clearRecords();
    await h.meetings.closeOut(TENANT, id);
    assert.deepEqual(
      changes().map((o) => o.path).sort(),
      plan.booked.map((b) => `/users/${mentor.aadObjectId}/events/${b.eventId}/cancel`).sort(),
    );
    assert.equal(fake.ops("PATCH").length, 0);
    assert.deepEqual(fake.meetingsOf(mentor.aadObjectId), []);
    assert.equal((await h.meetings.meetings(TENANT, id)).filter((r) => r.closedOut === true).length, 18);
  });
});
