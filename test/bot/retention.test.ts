// Issue 13: retention with the app clock moved, through the real composition on Azurite (the
// journal an in-memory fake of its rights port): nothing purged early, everything on time, a held
// mentorship kept (its journal not), the audit log kept to its months — and it says so.
import assert from "node:assert/strict";
import { TableJobStore } from "../../src/adapters/tables/tableJobStore";
import { TableAuditLog } from "../../src/adapters/tables/tableAuditLog";
import { retentionJobId } from "../../src/app/retention/retentionService";
import { addMonths } from "../../src/domain/retention";
import { freshStore } from "../support/azurite";
import { closeDirectly } from "../support/closedMentorship";
import { FakeJournal } from "../support/fakeJournal";
import { TENANT, colleague, mentee, mentor } from "../support/fixtures";
import { agreedPair, botHarness } from "./harness";

const COORDINATOR = "44444444-4444-4444-8444-444444444444";
const CLOSED_AT = new Date("2027-03-31T14:00:00.000Z");
const ms = (d: Date, delta: number) => new Date(d.getTime() + delta);

describe("Retention: the daily sweep with the clock moved (issue 13)", function () {
  this.timeout(90000);

  it("journal after 3 months, mentorship after 24 (unless held), audit entries after 6 — never a millisecond early; each purge in the audit log", async () => {
    const storage = await freshStore();
    const auditLog = TableAuditLog.fromConnectionString(storage.connectionString, storage.tableName);
    await auditLog.ensureTable();
    const journal = new FakeJournal();
    let now = new Date("2027-01-11T08:00:00Z");
    const h = await botHarness({ storage, audit: auditLog, journal, now: () => now });
    const a = await agreedPair(h, { id: "19:ret-a@thread.v2", type: "groupChat", members: [mentor, mentee] });
    const b = await agreedPair(h, { id: "19:ret-b@thread.v2", type: "groupChat", members: [mentor, colleague] });
    for (const id of [a, b]) {
      await closeDirectly(h.store, TENANT, id, CLOSED_AT);
      await h.summaries.changed(TENANT, id);
    }
    journal.add(TENANT, mentee.aadObjectId, a, "a1");
    journal.add(TENANT, colleague.aadObjectId, b, "b1");
    journal.add(TENANT, colleague.aadObjectId, "a-later-one", "b2");
    now = ms(CLOSED_AT, 60_000);
    assert.ok((await h.erasure.setHold(TENANT, b, "personnelCase", COORDINATOR)).ok, "b is kept under a hold");

    const journalDue = addMonths(CLOSED_AT, 3); // 2027-06-30T14:00Z (31 March + 3 months: the last day of June)
    assert.equal(journalDue.toISOString(), "2027-06-30T14:00:00.000Z");
    now = ms(journalDue, -1);
    assert.deepEqual(await h.retention.sweep(TENANT), { mentorships: 0, journalEntries: 0, auditEntries: 0, held: 0 });
    assert.equal(journal.entries.length, 3, "nothing of the journal early");

    now = journalDue;
    assert.deepEqual(await h.retention.sweep(TENANT), { mentorships: 0, journalEntries: 2, auditEntries: 0, held: 0 });
    assert.deepEqual(journal.entries.map((e) => e.id), ["b2"], "both closed mentorships' journals, held or not; another mentorship's stays");
    assert.ok(await h.store.getMentorship(TENANT, a), "the mentorship itself stays");
    const journalLines = (await auditLog.about(TENANT, mentee.aadObjectId)).filter((e) => e.verb === "retention.journal");
    assert.deepEqual(journalLines.map((e) => [e.actorId, e.mentorshipId, e.detail, e.at]), [["system", a, "1", journalDue.toISOString()]]);

    const mentorshipDue = addMonths(CLOSED_AT, 24);
    now = ms(mentorshipDue, -1);
    const early = await h.retention.sweep(TENANT);
    assert.equal(early.mentorships, 0);
    assert.ok(await h.store.getMentorship(TENANT, a), "not a millisecond early");

    // On time, through the scheduled job: the sweep runs and the next day's is scheduled.
    now = ms(mentorshipDue, -2 * 86_400_000);
    await h.retention.ensureScheduled(TENANT);
    now = ms(mentorshipDue, 1);
    let ran = 0;
    for (let i = 0; i < 5; i++) ran += await h.scheduler.tick();
    assert.ok(ran >= 1, "the daily job ran");
    assert.equal(await h.store.getMentorship(TENANT, a), null, "a is purged on time");
    assert.equal(await h.store.getSummary(TENANT, a), null);
    const kept = await h.store.getMentorship(TENANT, b);
    assert.equal(kept?.value.archiveHold?.reason, "personnelCase", "b is kept: it is held");
    const purge = (await auditLog.about(TENANT, mentee.aadObjectId)).filter((e) => e.verb === "retention.purge");
    assert.deepEqual(purge.map((e) => [e.actorId, e.mentorshipId]), [["system", a]], "the audit log says a went, and who did it");
    // The audit log itself: the lines older than 6 months went (the journal's, the hold's), with a line saying how many.
    const cut = addMonths(now, -6).toISOString();
    for (const e of await auditLog.about(TENANT, colleague.aadObjectId)) assert.ok(e.at >= cut, `${e.verb} at ${e.at} is older than ${cut}`);
    assert.deepEqual((await auditLog.about(TENANT, mentee.aadObjectId)).filter((e) => e.verb === "retention.journal"), []);
    // The chain goes on: tomorrow's sweep is waiting.
    const jobs = TableJobStore.fromConnectionString(storage.connectionString, `${storage.tableName}jobs`);
    const next = await jobs.claimDue(ms(now, 3 * 86_400_000), "probe", ms(now, 4 * 86_400_000), 50);
    assert.ok(next.some((c) => c.job.kind === "retention.daily" && c.job.tenantId === TENANT), `a next sweep is scheduled (${next.map((c) => c.job.id).join(", ")})`);
    assert.ok(next.every((c) => c.job.id !== retentionJobId(TENANT, now.toISOString().slice(0, 10)) || c.job.dueAt > now.toISOString()));
  });

  it("the audit log's own purge is a line in it: how many, nothing of them", async () => {
    const storage = await freshStore();
    const auditLog = TableAuditLog.fromConnectionString(storage.connectionString, storage.tableName);
    await auditLog.ensureTable();
    let now = new Date("2027-01-11T08:00:00Z");
    const h = await botHarness({ storage, audit: auditLog, now: () => now, retention: { mentorshipMonths: 24, journalMonths: 3, auditMonths: 6 } });
    const a = await agreedPair(h, { id: "19:ret-audit@thread.v2", type: "groupChat", members: [mentor, mentee] });
    await h.erasure.setHold(TENANT, a, "complaint", COORDINATOR);
    await h.erasure.setHold(TENANT, a, null, COORDINATOR);
    now = ms(addMonths(new Date("2027-01-11T08:00:00Z"), 6), -1);
    assert.equal((await h.retention.sweep(TENANT)).auditEntries, 0);
    now = ms(addMonths(new Date("2027-01-11T08:00:00Z"), 6), 1);
    assert.equal((await h.retention.sweep(TENANT)).auditEntries, 2);
    assert.deepEqual(await auditLog.about(TENANT, mentee.aadObjectId), []);
    // The purge line is about nobody (it names no one), so it is in the tenant's log only.
    assert.equal(await auditLog.purgeBefore(TENANT, ms(now, 1000)), 1);
  });
});
