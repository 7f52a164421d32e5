import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { TableMentorshipStore } from "../../src/adapters/tables/tableStore";
import { MentorshipService } from "../../src/app/setup/mentorshipService";
import type { Mentorship } from "../../src/domain/mentorship";
import { createMentorship } from "../../src/domain/mentorship";
import type { ChatRecord } from "../../src/ports/store";
import { freshStore } from "../support/azurite";
import { assertNothingLost } from "../support/contention";
import { TENANT, OTHER_TENANT, mentee, mentor } from "../support/fixtures";

const run = promisify(execFile);

function chat(conversationId: string, tenantId = TENANT): ChatRecord {
  return {
    tenantId,
    conversationId,
    conversationType: "groupChat",
    reference: { serviceUrl: "http://127.0.0.1:1/_connector", conversation: { id: conversationId } },
    welcomedAt: null,
    activeMentorshipId: null,
    pendingSetup: null,
  };
}

function newMentorship(id: string, conversationId: string, tenantId = TENANT) {
  const r = createMentorship(
    { id, tenantId, conversationId, programme: "klds", language: "da", unit: "Børn og familie", firstWorkingDay: "2027-01-04", mentor, mentee },
    { hasActiveMentorship: false, humanAadObjectIds: [mentor.aadObjectId, mentee.aadObjectId] },
    new Date("2026-12-01T09:00:00Z"),
  );
  assert.ok(r.ok);
  return r.value;
}

async function seed(store: TableMentorshipStore, id: string, conversationId: string, tenantId = TENANT): Promise<Mentorship> {
  const c = chat(conversationId, tenantId);
  assert.equal(await store.putChat(c, null), "saved");
  const stored = await store.getChat(tenantId, conversationId);
  assert.ok(stored);
  const { mentorship, firstVersion } = newMentorship(id, conversationId, tenantId);
  assert.equal(await store.createMentorship({ ...c, activeMentorshipId: id }, stored.etag, mentorship, firstVersion), "saved");
  return mentorship;
}

describe("Table Storage adapter (Azurite)", function () {
  this.timeout(60000);

  it("round-trips a chat, a mentorship and its agreement versions", async () => {
    const { store } = await freshStore();
    // A conversation id with characters RowKey forbids is still stored and found.
    const convId = "19:abc/def#g?h\\i@thread.v2";
    const m = await seed(store, "m-1", convId);
    const gotChat = await store.getChat(TENANT, convId);
    assert.equal(gotChat?.value.activeMentorshipId, "m-1");
    const got = await store.getMentorship(TENANT, "m-1");
    assert.deepEqual(got?.value, m);
    assert.ok(got?.etag);
    const versions = await store.listAgreementVersions(TENANT, "m-1");
    assert.deepEqual(versions.map((v) => v.number), [1]);
    assert.equal(versions[0]?.fields.purpose, m.agreement.fields.purpose);
    assert.deepEqual(await store.getAgreementVersion(TENANT, "m-1", 1), versions[0]);
    assert.equal(await store.getAgreementVersion(TENANT, "m-1", 2), null);
    assert.equal(await store.getMentorship(TENANT, "nope"), null);
    // An id with characters a key may not hold (it came from card data) is simply not found.
    for (const bad of ["/", "a#b", "x?y", "back\\slash", "tab\tid"]) {
      assert.equal(await store.getMentorship(TENANT, bad), null, JSON.stringify(bad));
      assert.equal(await store.getMeeting(TENANT, bad, "k"), null);
      assert.equal(await store.getAgreementVersion(TENANT, bad, 1), null);
    }
  });

  it("keeps tenants apart: the same ids in another tenant's partition are another row", async () => {
    const { store } = await freshStore();
    await seed(store, "m-1", "conv", TENANT);
    assert.equal(await store.getMentorship(OTHER_TENANT, "m-1"), null);
    assert.equal(await store.getChat(OTHER_TENANT, "conv"), null);
    assert.deepEqual(await store.mentorshipsOf(OTHER_TENANT, mentor.aadObjectId), []);
    assert.equal((await store.mentorshipsOf(TENANT, mentor.aadObjectId)).length, 1);
    assert.equal((await store.mentorshipsOf(TENANT, mentee.aadObjectId)).length, 1);
  });

  it("refuses a write whose ETag is stale, and a transaction fails whole", async () => {
    const { store } = await freshStore();
    await seed(store, "m-1", "conv");
    const first = await store.getMentorship(TENANT, "m-1");
    assert.ok(first);
    const changed = { ...first.value, unit: "Voksne" };
    assert.equal(await store.saveMentorship(changed, first.etag), "saved");
    // Same ETag again: someone (we) wrote in between.
    const v2 = { number: 2, fields: first.value.agreement.fields, editedBy: "mentor" as const, at: new Date().toISOString() };
    assert.equal(await store.saveMentorship({ ...first.value, unit: "Lost" }, first.etag, v2), "conflict");
    assert.equal((await store.getMentorship(TENANT, "m-1"))?.value.unit, "Voksne");
    // The version row of the failed transaction was not written either.
    assert.equal(await store.getAgreementVersion(TENANT, "m-1", 2), null);
    // Inserting a chat that exists is a conflict, not an overwrite.
    assert.equal(await store.putChat(chat("conv"), null), "conflict");
    assert.equal((await store.getChat(TENANT, "conv"))?.value.activeMentorshipId, "m-1");
  });

  it("binds at most one mentorship to a chat when two setups race", async () => {
    const { store } = await freshStore();
    const c = chat("race");
    await store.putChat(c, null);
    const read = await store.getChat(TENANT, "race");
    assert.ok(read);
    const a = newMentorship("m-a", "race");
    const b = newMentorship("m-b", "race");
    const outcomes = await Promise.all([
      store.createMentorship({ ...c, activeMentorshipId: "m-a" }, read.etag, a.mentorship, a.firstVersion),
      store.createMentorship({ ...c, activeMentorshipId: "m-b" }, read.etag, b.mentorship, b.firstVersion),
    ]);
    assert.deepEqual([...outcomes].sort(), ["conflict", "saved"]);
    const winner = outcomes[0] === "saved" ? "m-a" : "m-b";
    const loser = winner === "m-a" ? "m-b" : "m-a";
    assert.equal((await store.getChat(TENANT, "race"))?.value.activeMentorshipId, winner);
    assert.equal(await store.getMentorship(TENANT, loser), null);
  });

  it("two app processes, 50 pairs of concurrent edit/accept: one version per edit, nothing lost, locks only on the same version", async function () {
    this.timeout(180000);
    const { store, connectionString, tableName } = await freshStore();
    const m = await seed(store, "m-contended", "conv-contended");
    const service = new MentorshipService({ store, clock: { now: () => new Date() } });
    const posted = await service.markAgreementPosted(TENANT, m.id);
    assert.ok(posted.ok);

    const worker = path.join(__dirname, "concurrency.worker.ts");
    const spawnWorker = async (role: "mentor" | "mentee", phase: "edit" | "acceptLatest") => {
      const who = role === "mentor" ? mentor : mentee;
      const { stdout } = await run(process.execPath, ["--import", "tsx", worker, connectionString, tableName, TENANT, m.id, role, who.aadObjectId, phase, "50"], {
        cwd: path.join(__dirname, "../.."),
        maxBuffer: 10 * 1024 * 1024,
      });
      return JSON.parse(stdout.trim().split("\n").pop() ?? "{}") as {
        role: string;
        edits: { marker: string; version: number }[];
        accepts: { version: number; ok: boolean; code?: string }[];
      };
    };

    const [a, b] = await Promise.all([spawnWorker("mentor", "edit"), spawnWorker("mentee", "edit")]);
    const versions = await store.listAgreementVersions(TENANT, m.id);
    const edits = [...a.edits.map((e) => ({ ...e, by: "mentor" as const })), ...b.edits.map((e) => ({ ...e, by: "mentee" as const }))];

    // Every successful edit is exactly one version, numbered without gaps; nothing lost (re-applied, not overwritten).
    assert.equal(edits.length, 100);
    assertNothingLost(versions, edits, m.agreement.fields);
    // Each party accepted only its own version, so nothing may be locked yet.
    const mid = await store.getMentorship(TENANT, m.id);
    assert.ok(mid);
    assert.equal(mid.value.agreement.lockedAt, null);
    assert.equal(mid.value.phase, "startUp");
    assert.equal(mid.value.agreement.version, 101);
    for (const acc of [...a.accepts, ...b.accepts]) if (!acc.ok) assert.equal(acc.code, "AGREEMENT_STALE_VERSION");

    // Now both accept the newest version at the same moment: it locks, on that version.
    const [fa, fb] = await Promise.all([spawnWorker("mentor", "acceptLatest"), spawnWorker("mentee", "acceptLatest")]);
    // The party that edited last may already have accepted its own version 101 in the first round;
    // its second accept then finds it accepted, or already locked by the other's accept.
    const acceptedBefore = { mentor: mid.value.agreement.acceptances.mentor?.version === 101, mentee: mid.value.agreement.acceptances.mentee?.version === 101 };
    for (const [role, acc] of [["mentor", fa.accepts[0]], ["mentee", fb.accepts[0]]] as const) {
      if (acceptedBefore[role]) assert.ok(acc?.ok === false && ["ALREADY_ACCEPTED", "AGREEMENT_LOCKED"].includes(acc.code ?? ""), JSON.stringify(acc));
      else assert.ok(acc?.ok, `${role}: ${JSON.stringify(acc)}`);
    }
    const end = await store.getMentorship(TENANT, m.id);
    assert.ok(end);
    assert.equal(end.value.phase, "learning");
    assert.ok(end.value.agreement.lockedAt);
    assert.equal(end.value.agreement.acceptances.mentor?.version, 101);
    assert.equal(end.value.agreement.acceptances.mentee?.version, 101);
    assert.equal((await store.listAgreementVersions(TENANT, m.id)).length, 101);
  });
});
