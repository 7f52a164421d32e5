// Closing on the local calendar (no Microsoft 365 tenant): the real app (buildApp on Azurite, its
// scheduler, its .ics route over HTTP). Closed half-way, the feed no longer lists the meetings that
// were to come, the meeting rows say closedOut, and each remaining series row is ended once.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { TableClient } from "@azure/data-tables";
import { loadConfig } from "../../src/config";
import { icsToken } from "../../src/http/ics";
import { silentLogger } from "../../src/log";
import { buildApp } from "../../src/main";
import { freshStore } from "../support/azurite";
import { type CountingProxy, startCountingProxy } from "../support/countingProxy";
import { botHarness } from "../bot/harness";
import { agreedPair, closeDirectly, closingCalendarJob } from "../support/closedMentorship";
import { TENANT, actor, mentee, mentor } from "../support/fixtures";
import { PERSONAS, TENANT_ID, localAppConfig } from "../support/e2e";
import { actorOf, pairThroughUseCases } from "../support/pairs";

type App = Awaited<ReturnType<typeof buildApp>>;

/** The VEVENTs of an .ics file: UID and STATUS (lines unfolded). */
function events(ics: string): { uid: string; status: string }[] {
  const lines = ics.replace(/\r\n[ \t]/g, "").split("\r\n");
  const out: { uid: string; status: string }[] = [];
  let current: { uid: string; status: string } | null = null;
  for (const line of lines) {
    if (line === "BEGIN:VEVENT") current = { uid: "", status: "" };
    else if (line === "END:VEVENT" && current) out.push(current);
    else if (current && line.startsWith("UID:")) current.uid = line.slice(4);
    else if (current && line.startsWith("STATUS:")) current.status = line.slice(7);
  }
  return out;
}

describe("closing on the local calendar: the .ics feed, the meeting rows and the series rows", function () {
  this.timeout(60000);
  let app: App | undefined;
  const proxies: CountingProxy[] = [];
  afterEach(async () => {
    app?.server.close();
    for (const p of proxies.splice(0)) await p.close();
  });

  it("a Kristiansand year closed half-way: the feed lists only the meetings kept, the rows say closedOut, each remaining series is ended once", async () => {
    const { connectionString, tableName } = await freshStore();
    // Every Table Storage request the app makes passes a counting proxy (what the closing costs).
    const proxy = await startCountingProxy(connectionString);
    proxies.push(proxy);
    let now = new Date("2027-01-11T08:00:00Z");
    const config = loadConfig({ ...localAppConfig(proxy.connectionString, tableName), SECRET_LINK_SIGNING_KEY: randomBytes(32).toString("hex") });
    app = await buildApp({ config, clock: { now: () => now }, log: silentLogger });
    await new Promise<void>((resolve) => app!.server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${app.server.address().port}`;

    const id = await pairThroughUseCases(app.service, { chatId: "19:closing-local@thread.v2", mentee: PERSONAS.mentee, programme: "kristiansand", unit: "Vågsbygd", until: "agreed" });
    const { result, done } = await app.meetings.book(actorOf(PERSONAS.mentor), id, { weekday: 2, time: "10:00", minutes: 45 }, 24);
    assert.ok(result.ok);
    await done.catch(() => undefined); // posting into the chat fails here (no Teams); the meetings are stored
    const all = await app.meetings.meetings(TENANT_ID, id);
    assert.equal(all.length, 18);
    const plan = (await app.service.getMentorship(TENANT_ID, id))?.meetingPlan;
    assert.deepEqual(plan?.series.map((s) => s.occurrences.length), [4, 6, 8]);
    for (const m of all.slice(0, 8)) assert.ok((await app.meetings.recordHeld(actorOf(PERSONAS.mentor), id, m.key, "held")).ok);

    const cut = new Date(Date.parse(all[9]?.startUtc as string) - 86_400_000); // 9 behind (8 held, 1 past), 9 to come
    now = cut;
    while ((await app.scheduler.tick()) > 0); // the meetings' jobs due by now
    const beforeClose = await app.meetings.meetings(TENANT_ID, id);
    await closeDirectly(app.store, TENANT_ID, id, cut);
    const seriesTable = TableClient.fromConnectionString(connectionString, tableName, { allowInsecureConnection: true });
    const seriesRows = async () => {
      const out = new Map<string, { etag: string; json: { endsAfter?: string; cancelled?: boolean } }>();
      for await (const e of seriesTable.listEntities<{ json: string }>({ queryOptions: { filter: `PartitionKey eq '${TENANT_ID}'` } })) {
        if (e.rowKey?.startsWith(`cal|${id}|`)) out.set(e.rowKey, { etag: e.etag, json: JSON.parse(e.json) as { endsAfter?: string; cancelled?: boolean } });
      }
      return out;
    };
    const booked = await seriesRows();
    assert.equal(booked.size, 3);

    await app.jobs.schedule(closingCalendarJob(TENANT_ID, id, cut));
    proxy.reset();
    assert.equal(await app.scheduler.tick(), 1, "the closing.calendar job ran");
    // Its rows cost: the mentorship and the meetings read once, one conditional write per dropped
    // meeting (9), a read and a write per series ended (2), the summary (at most 5 with a refresh).
    const rowsCost = proxy.requests.filter((r) => r.table === tableName).length;
    assert.ok(rowsCost <= 2 + 9 + 2 * 2 + 5, `closing.calendar made ${rowsCost} requests to the app's table`);
    // The job store's part: the job's own claim and completion (the due query, the claim, the index
    // read, the transaction, the dead row's delete: 5), and the dropped meetings' 27 jobs cancelled in
    // 3 (their index rows and job rows read with a range query each, then one transaction of
    // conditional deletes). One by one, 5 requests per job, it was ~135 of the closing's 156.
    const jobsCost = proxy.count() - rowsCost;
    assert.ok(jobsCost > 5, "the dropped meetings' jobs were cancelled in the job store");
    assert.ok(jobsCost <= 5 + 3, `the job store's part was ${jobsCost} requests (${JSON.stringify(proxy.byKind())})`);
    assert.ok(proxy.count() <= 28, `the closing cost ${proxy.count()} Table requests in all (was 156)`);

    // The meeting rows (Azurite): the 9 to come cancelled and closedOut, the 9 behind untouched.
    const rows = await app.meetings.meetings(TENANT_ID, id);
    const dropped = rows.filter((r) => r.closedOut === true);
    const kept = rows.filter((r) => r.closedOut !== true);
    assert.deepEqual(dropped.map((r) => r.key), all.slice(9).map((r) => r.key));
    assert.ok(dropped.every((r) => r.status === "cancelled"));
    assert.deepEqual(kept, beforeClose.slice(0, 9), "as they were");
    assert.deepEqual(kept.map((r) => r.status), [...Array(8).fill("held"), "planned"]);
    assert.equal((await app.store.getSummary(TENANT_ID, id))?.value.meetingsDropped, 9);

    // The series rows: the first (all behind) untouched, the second ends on its last kept date, the third (all ahead) cancelled.
    const ended = await seriesRows();
    const rowOf = (series: string) => [...booked.keys()].find((k) => k.endsWith(`|${series}`));
    const [first, second, third] = (plan?.series ?? []).map((s) => rowOf(s.key));
    assert.equal(ended.get(first as string)?.etag, booked.get(first as string)?.etag);
    assert.deepEqual(ended.get(second as string)?.json.endsAfter, all[8]?.originalDate);
    assert.equal(ended.get(third as string)?.json.cancelled, true);

    // The feed (over HTTP, as a calendar app reads it) lists exactly the meetings kept.
    const token = icsToken(config.linkSigningKey as string, { tenantId: TENANT_ID, mentorshipId: id, aadObjectId: PERSONAS.mentee.aadObjectId, expiresAt: new Date(now.getTime() + 86_400_000) });
    const feed = await fetch(`${base}/ics/${TENANT_ID}/${id}/${token}.ics`);
    assert.equal(feed.status, 200);
    const listed = events(await feed.text());
    const uid = (key: string) => `${id.replace(/[^A-Za-z0-9-]/g, "-")}-${key.replace(/[^A-Za-z0-9-]/g, "-")}@mentor`;
    assert.deepEqual(listed.map((e) => e.uid), kept.map((r) => uid(r.key)));
    assert.ok(listed.every((e) => e.status === "CONFIRMED"));
    assert.ok(!listed.some((e) => dropped.some((d) => e.uid === uid(d.key))), "no dropped meeting, not even as cancelled");

    // Run again: nothing is written a second time.
    const meetingEtags = async () => (await app!.store.listMeetings(TENANT_ID, id)).map((m) => `${m.value.key} ${m.etag}`);
    const etagsBefore = await meetingEtags();
    await app.meetings.closeOut(TENANT_ID, id);
    const again = await seriesRows();
    assert.deepEqual([...again].map(([k, v]) => [k, v.etag]), [...ended].map(([k, v]) => [k, v.etag]));
    assert.deepEqual(await meetingEtags(), etagsBefore);
  });

  it("a mentorship that is not closing is left alone; while a booking runs, the job waits (throws, changing nothing), then ends the new series", async () => {
    let now = new Date("2027-02-22T08:00:00Z");
    let openGate: () => void = () => undefined;
    let gate: Promise<void> = Promise.resolve();
    const h = await botHarness({
      now: () => now,
      calendar: (local) => ({ ...local, book: async (r) => (await gate, local.book(r)), endSeries: (r) => local.endSeries(r), moveOccurrence: (r, to) => local.moveOccurrence(r, to), cancelOccurrence: (r, c) => local.cancelOccurrence(r, c), cancelSeries: (a, b, c, d) => local.cancelSeries(a, b, c, d), freeBusy: (r) => local.freeBusy(r) }),
    });
    const id = await agreedPair(h.service, { tenantId: TENANT, chatId: "19:closing-guards@thread.v2", mentor, mentee, programme: "kristiansand", firstWorkingDay: "2027-03-01" });
    await (await h.meetings.book(actor(mentor), id, { weekday: 2, time: "10:00", minutes: 45 }, 24)).done;
    now = new Date("2027-06-01T08:00:00Z");
    const untouched = await h.etags();
    await h.meetings.closeOut(TENANT, id); // still learning: the job must not drop anything
    assert.deepEqual(await h.etags(), untouched);

    // A new regular time is being booked when the mentorship closes: the job waits for it to settle.
    gate = new Promise<void>((resolve) => (openGate = resolve));
    const replan = await h.meetings.book(actor(mentor), id, { weekday: 4, time: "10:00", minutes: 45 }, 24);
    assert.ok(replan.result.ok);
    await closeDirectly(h.store, TENANT, id, now);
    const closed = await h.etags();
    await assert.rejects(h.meetings.closeOut(TENANT, id), /booking is in progress/);
    assert.deepEqual(await h.etags(), closed, "nothing written while the booking runs");
    openGate();
    await replan.done;
    const plan = (await h.store.getMentorship(TENANT, id))?.value.meetingPlan;
    assert.equal(plan?.status, "booked");
    assert.equal(plan?.version, 2);
    await h.meetings.closeOut(TENANT, id);
    const rows = await h.meetings.meetings(TENANT, id);
    assert.ok(rows.filter((r) => Date.parse(r.startUtc) > now.getTime() && r.status !== "cancelled").length === 0, "nothing left to come");
    assert.ok(rows.some((r) => r.closedOut === true && r.key.includes("|2027-06")), "the new plan's meetings were dropped");
  });
});
