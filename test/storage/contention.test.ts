import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { TableMentorshipStore } from "../../src/adapters/tables/tableStore";
import { MentorshipService } from "../../src/app/setup/mentorshipService";
import { type Mentorship, createMentorship } from "../../src/domain/mentorship";
import { freshStore } from "../support/azurite";
import { assertNothingLost } from "../support/contention";
import { TENANT, actor, mentee, mentor } from "../support/fixtures";

const run = promisify(execFile);

/** The mentee of mentorship `id` (the same rule as contention.worker.ts). */
const menteeOf = (id: string) => ({ ...mentee, aadObjectId: `mentee-${id}`, channelUserId: `29:mentee-${id}` });

/** A mentorship bound to its own chat, its agreement posted (start-up), as the real setup leaves it. */
async function seedMany(store: TableMentorshipStore, count: number, prefix: string): Promise<Mentorship[]> {
  const service = new MentorshipService({ store, clock: { now: () => new Date() } });
  const out: Mentorship[] = [];
  for (let i = 0; i < count; i++) {
    const id = `${prefix}-${i}`;
    const conversationId = `conv-${id}`;
    const chat = { tenantId: TENANT, conversationId, conversationType: "groupChat" as const, reference: { conversation: { id: conversationId } }, welcomedAt: null, activeMentorshipId: id, pendingSetup: null };
    // A mentee has one active mentorship at a time: each of these has its own.
    const theirMentee = menteeOf(id);
    const r = createMentorship(
      { id, tenantId: TENANT, conversationId, programme: "klds", language: "da", unit: "Børn og familie", firstWorkingDay: "2027-01-04", mentor, mentee: theirMentee },
      { hasActiveMentorship: false, humanAadObjectIds: [mentor.aadObjectId, theirMentee.aadObjectId] },
      new Date(),
    );
    assert.ok(r.ok);
    assert.equal(await store.putChat({ ...chat, activeMentorshipId: null }, null), "saved");
    const stored = await store.getChat(TENANT, conversationId);
    assert.ok(stored);
    assert.equal(await store.createMentorship(chat, stored.etag, r.value.mentorship, r.value.firstVersion), "saved");
    const posted = await service.markAgreementPosted(TENANT, id);
    assert.ok(posted.ok);
    out.push(posted.value);
  }
  return out;
}

/**
 * What probes from outside measured on main and the product must keep: concurrent edits and
 * accepts on a real Azurite lose nothing and lock nothing wrongly, in one process and across two.
 */
describe("Contention on Table Storage: nothing acknowledged is lost (Azurite)", function () {
  this.timeout(240000);

  it("one process, 620 concurrent saves over 100 mentorships: every answered save is exactly one stored version", async () => {
    const { store } = await freshStore();
    const ms = await seedMany(store, 100, "one");
    const service = new MentorshipService({ store, clock: { now: () => new Date() }, retry: { deadlineMs: 60000, random: Math.random, sleep: (ms2) => new Promise((r) => setTimeout(r, ms2)) } });
    const saves = Array.from({ length: 620 }, (_, i) => {
      const m = ms[i % ms.length] as Mentorship;
      const who = i % 2 === 0 ? mentor : menteeOf(m.id);
      const field = i % 2 === 0 ? "purpose" : "shortTermGoals";
      return { m, who, field, marker: `save-${i}` } as const;
    });
    const answers = await Promise.all(
      saves.map(async (s) => {
        const r = await service.editAgreement(actor(s.who), s.m.id, 1, { ...s.m.agreement.fields, [s.field]: s.marker });
        assert.ok(r.ok, r.ok ? "" : r.error.code);
        return { ...s, version: r.value.version.number };
      }),
    );
    for (const m of ms) {
      const mine = answers.filter((a) => a.m.id === m.id);
      const versions = await store.listAgreementVersions(TENANT, m.id);
      assert.deepEqual(versions.map((v) => v.number), Array.from({ length: mine.length + 1 }, (_, i) => i + 1), `${m.id}: one version per answered save, no gaps`);
      assert.equal(new Set(mine.map((a) => a.version)).size, mine.length, `${m.id}: no two saves claim one version`);
      for (const a of mine) assert.equal(versions[a.version - 1]?.fields[a.field], a.marker, `${a.marker} is in its version`);
    }
  });

  it("two app processes, 1,000 edits and accepts over 20 mentorships: every edit one version, nothing lost, no wrong lock", async () => {
    const { store, connectionString, tableName } = await freshStore();
    const ms = await seedMany(store, 20, "two");
    const worker = path.join(__dirname, "contention.worker.ts");
    const ids = ms.map((m) => m.id).join(",");
    type Out = { role: string; results: { mentorshipId: string; edits: { marker: string; version: number }[]; accepts: { ok: boolean; code?: string }[] }[] };
    const spawnWorker = async (role: "mentor" | "mentee"): Promise<Out> => {
      const { stdout } = await run(process.execPath, ["--import", "tsx", worker, connectionString, tableName, TENANT, ids, role, mentor.aadObjectId, "13"], { cwd: path.join(__dirname, "../.."), maxBuffer: 10 * 1024 * 1024 });
      return JSON.parse(stdout.trim().split("\n").pop() ?? "{}") as Out;
    };
    const [a, b] = await Promise.all([spawnWorker("mentor"), spawnWorker("mentee")]);
    let operations = 0;
    for (const m of ms) {
      const ra = a.results.find((r) => r.mentorshipId === m.id);
      const rb = b.results.find((r) => r.mentorshipId === m.id);
      assert.ok(ra && rb);
      operations += ra.edits.length + ra.accepts.length + rb.edits.length + rb.accepts.length;
      const versions = await store.listAgreementVersions(TENANT, m.id);
      const edits = [...ra.edits.map((e) => ({ ...e, by: "mentor" as const })), ...rb.edits.map((e) => ({ ...e, by: "mentee" as const }))];
      assertNothingLost(versions, edits, m.agreement.fields);
      // Each party accepted only the version its own edit made, never one the other made: so no
      // version can have both acceptances, and a lock here would be a wrong one.
      const end = await store.getMentorship(TENANT, m.id);
      assert.ok(end);
      for (const acc of [...ra.accepts, ...rb.accepts]) if (!acc.ok) assert.equal(acc.code, "AGREEMENT_STALE_VERSION");
      assert.equal(end.value.agreement.lockedAt, null);
      assert.equal(end.value.phase, "startUp");
    }
    assert.ok(operations >= 1000, `${operations} operations`);
  });
});
