import assert from "node:assert/strict";
import { TableClient } from "@azure/data-tables";
import { TablePersonalChats } from "../../src/adapters/tables/tablePersonalChats";
import { TablePrivateAnswers } from "../../src/adapters/tables/tablePrivateAnswers";
import { PrivateQuestions } from "../../src/app/private/privateQuestions";
import { silentLogger } from "../../src/log";
import { actor } from "../support/fixtures";
import { RowSchemaError } from "../../src/adapters/tables/rows/versioned";
import { createMentorship } from "../../src/domain/mentorship";
import type { PrivateAnswers } from "../../src/domain/privateAnswers";
import type { PersonalChatRecord } from "../../src/ports/personalChats";
import { freshStore } from "../support/azurite";
import { OTHER_TENANT, TENANT, mentee, mentor } from "../support/fixtures";

async function fresh() {
  const { store, connectionString, tableName } = await freshStore();
  return {
    store,
    answers: TablePrivateAnswers.fromConnectionString(connectionString, tableName),
    chats: TablePersonalChats.fromConnectionString(connectionString, tableName),
    table: TableClient.fromConnectionString(connectionString, tableName, { allowInsecureConnection: true }),
  };
}

const answers = (mentorshipId: string, party: "mentor" | "mentee", extra: Partial<PrivateAnswers> = {}): PrivateAnswers => ({
  tenantId: TENANT,
  mentorshipId,
  party,
  aadObjectId: party === "mentor" ? mentor.aadObjectId : mentee.aadObjectId,
  pairing: null,
  ratings: null,
  ...extra,
});

describe("Private answers and personal chats in Table Storage (Azurite)", function () {
  this.timeout(60000);

  it("round-trips a party's answers, inserts once and replaces only at the ETag read", async () => {
    const { answers: store } = await fresh();
    assert.equal(await store.getPrivateAnswers(TENANT, "m-1", "mentee"), null);
    const first = answers("m-1", "mentee", { pairing: { answer: "unsure", at: "2027-02-01T10:00:00.000Z" } });
    assert.equal(await store.putPrivateAnswers(first, null), "saved");
    assert.equal(await store.putPrivateAnswers(first, null), "conflict", "a second insert is a conflict");
    const got = await store.getPrivateAnswers(TENANT, "m-1", "mentee");
    assert.deepEqual(got?.value, first);
    const rated = { ...first, ratings: { useful: 4, wellRun: 5, recommend: 3, comment: "Godt forløb – æøå", at: "2027-12-01T10:00:00.000Z" } } as const;
    assert.equal(await store.putPrivateAnswers(rated, got!.etag), "saved");
    assert.equal(await store.putPrivateAnswers({ ...rated, ratings: null }, got!.etag), "conflict", "a stale ETag changes nothing");
    assert.deepEqual((await store.getPrivateAnswers(TENANT, "m-1", "mentee"))?.value, rated);
    // The other party's row is another row; another tenant sees none.
    assert.equal(await store.getPrivateAnswers(TENANT, "m-1", "mentor"), null);
    assert.equal(await store.getPrivateAnswers(OTHER_TENANT, "m-1", "mentee"), null);
    // An id from card data that no key can hold names nothing.
    assert.equal(await store.getPrivateAnswers(TENANT, "a/b#c", "mentee"), null);
  });

  it("listRatings gives every rating of the tenant by mentorship and party, with no person in it", async () => {
    const { answers: store } = await fresh();
    const ratings = (n: 1 | 2 | 3 | 4 | 5) => ({ useful: n, wellRun: n, recommend: n, comment: `kommentar ${n}`, at: "2027-12-01T10:00:00.000Z" });
    await store.putPrivateAnswers(answers("m-1", "mentor", { ratings: ratings(5) }), null);
    await store.putPrivateAnswers(answers("m-1", "mentee", { ratings: ratings(2), pairing: { answer: "no", at: "2027-02-01T10:00:00.000Z" } }), null);
    await store.putPrivateAnswers(answers("m-2", "mentee", { pairing: { answer: "yes", at: "2027-02-01T10:00:00.000Z" } }), null); // no ratings: not listed
    await store.putPrivateAnswers({ ...answers("m-3", "mentor", { ratings: ratings(1) }), tenantId: OTHER_TENANT }, null);
    await store.markAsked(TENANT, "m-1", "mentor", "ratings", "2027-12-01T09:00:00.000Z"); // marks are not ratings
    const list = await store.listRatings(TENANT);
    assert.deepEqual(
      list.sort((a, b) => a.party.localeCompare(b.party)),
      [
        { mentorshipId: "m-1", party: "mentee", ratings: ratings(2) },
        { mentorshipId: "m-1", party: "mentor", ratings: ratings(5) },
      ],
    );
    for (const row of list) assert.deepEqual(Object.keys(row).sort(), ["mentorshipId", "party", "ratings"]);
    const text = JSON.stringify(list);
    assert.ok(!text.includes(mentor.aadObjectId) && !text.includes(mentee.aadObjectId), "no person's id");
    assert.ok(!text.includes("pairing") && !text.includes('"no"'), "no pairing answer");
    assert.deepEqual(await store.listRatings(OTHER_TENANT), [{ mentorshipId: "m-3", party: "mentor", ratings: ratings(1) }]);
  });

  it("marks a question asked once; a mark taken back can be set again", async () => {
    const { answers: store } = await fresh();
    assert.equal(await store.wasAsked(TENANT, "m-1", "mentor", "pairing"), false);
    assert.equal(await store.markAsked(TENANT, "m-1", "mentor", "pairing", "2027-02-01T10:00:00.000Z"), true);
    assert.equal(await store.markAsked(TENANT, "m-1", "mentor", "pairing", "2027-02-01T10:05:00.000Z"), false, "asked already");
    assert.equal(await store.wasAsked(TENANT, "m-1", "mentor", "pairing"), true);
    assert.equal(await store.wasAsked(TENANT, "m-1", "mentee", "pairing"), false, "per party");
    assert.equal(await store.wasAsked(TENANT, "m-1", "mentor", "ratings"), false, "per question");
    await store.unmarkAsked(TENANT, "m-1", "mentor", "pairing");
    await store.unmarkAsked(TENANT, "m-1", "mentor", "pairing"); // none is not an error
    assert.equal(await store.markAsked(TENANT, "m-1", "mentor", "pairing", "2027-02-01T10:06:00.000Z"), true);
  });

  it("erases a mentorship's private rows: deletePrivateAnswers, and the mentorship's own erasure", async () => {
    const { store, answers: privateStore, table } = await fresh();
    await privateStore.putPrivateAnswers(answers("m-1", "mentor", { pairing: { answer: "yes", at: "2027-02-01T10:00:00.000Z" } }), null);
    await privateStore.putPrivateAnswers(answers("m-1", "mentee", { pairing: { answer: "no", at: "2027-02-01T10:00:00.000Z" } }), null);
    await privateStore.markAsked(TENANT, "m-1", "mentee", "pairing", "2027-02-01T09:00:00.000Z");
    await privateStore.putPrivateAnswers(answers("m-10", "mentor"), null); // a neighbour whose id starts alike stays
    await privateStore.deletePrivateAnswers(TENANT, "m-1");
    await privateStore.deletePrivateAnswers(TENANT, "m-1"); // none is not an error
    assert.equal(await privateStore.getPrivateAnswers(TENANT, "m-1", "mentor"), null);
    assert.equal(await privateStore.getPrivateAnswers(TENANT, "m-1", "mentee"), null);
    assert.equal(await privateStore.wasAsked(TENANT, "m-1", "mentee", "pairing"), false);
    assert.ok(await privateStore.getPrivateAnswers(TENANT, "m-10", "mentor"));

    // Erasing the mentorship itself takes its private rows with it.
    const created = createMentorship(
      { id: "m-2", tenantId: TENANT, conversationId: "conv-2", programme: "klds", language: "da", unit: "X", firstWorkingDay: "2027-01-04", mentor, mentee },
      { hasActiveMentorship: false, humanAadObjectIds: [mentor.aadObjectId, mentee.aadObjectId] },
      new Date("2026-12-01T09:00:00Z"),
    );
    assert.ok(created.ok);
    assert.equal(await store.insertMentorship(created.value.mentorship, created.value.firstVersion), "saved");
    await privateStore.putPrivateAnswers(answers("m-2", "mentee", { pairing: { answer: "no", at: "2027-02-01T10:00:00.000Z" } }), null);
    await privateStore.markAsked(TENANT, "m-2", "mentee", "pairing", "2027-02-01T09:00:00.000Z");
    const stored = await store.getMentorship(TENANT, "m-2");
    assert.equal(await store.deleteMentorship(TENANT, "m-2", stored!.etag), "saved");
    const left: string[] = [];
    for await (const e of table.listEntities({ queryOptions: { filter: `PartitionKey eq '${TENANT}'` } })) left.push(e.rowKey!);
    assert.deepEqual(left.filter((k) => k.includes("m-2")), []);
  });

  it("refuses a row of a schema version it does not know rather than guess", async () => {
    const { answers: store, chats, table } = await fresh();
    await table.createEntity({ partitionKey: TENANT, rowKey: "pa|m-9|mentor", kind: "privateAnswers", schemaVersion: 2, mentorshipId: "m-9", party: "mentor", aadObjectId: mentor.aadObjectId, pairing: "", ratings: "" });
    await assert.rejects(store.getPrivateAnswers(TENANT, "m-9", "mentor"), RowSchemaError);
    await table.createEntity({ partitionKey: TENANT, rowKey: "pa|m-8|mentee", kind: "privateAnswers", schemaVersion: 1, mentorshipId: "m-8", party: "mentee", aadObjectId: mentee.aadObjectId, pairing: "{not json", ratings: "" });
    await assert.rejects(store.getPrivateAnswers(TENANT, "m-8", "mentee"), (err: unknown) => err instanceof RowSchemaError && !err.message.includes("not json"));
    await table.createEntity({ partitionKey: TENANT, rowKey: `pc|${mentor.aadObjectId}`, kind: "personalChat", json: "{}" });
    await assert.rejects(chats.getPersonalChat(TENANT, mentor.aadObjectId), RowSchemaError, "a row without a version is not one of these");
  });

  it("round-trips a person's personal chat, keyed by tenant and person, written only at the ETag read", async () => {
    const { chats } = await fresh();
    assert.equal(await chats.getPersonalChat(TENANT, mentee.aadObjectId), null);
    const record: PersonalChatRecord = {
      tenantId: TENANT,
      aadObjectId: mentee.aadObjectId,
      conversationId: "a:personal-niels",
      reference: { channelId: "msteams", serviceUrl: "http://127.0.0.1:9/_connector", conversation: { id: "a:personal-niels", conversationType: "personal" } },
      pending: [{ mentorshipId: "m-1", party: "mentee", kind: "pairingCheck", since: "2027-02-01T10:00:00.000Z" }],
      updatedAt: "2027-02-01T10:00:00.000Z",
    };
    assert.equal(await chats.putPersonalChat(record, null), "saved");
    assert.equal(await chats.putPersonalChat(record, null), "conflict");
    const got = await chats.getPersonalChat(TENANT, mentee.aadObjectId);
    assert.deepEqual(got?.value, record);
    assert.equal(await chats.getPersonalChat(OTHER_TENANT, mentee.aadObjectId), null, "another tenant's person is another row");
    assert.equal(await chats.getPersonalChat(TENANT, mentor.aadObjectId), null);
    assert.equal(await chats.putPersonalChat({ ...record, pending: [] }, got!.etag), "saved");
    assert.equal(await chats.putPersonalChat({ ...record, reference: null }, got!.etag), "conflict");
    // A person id that is not a GUID (the Playground's) is encoded into the key, and still found.
    const odd = { ...record, aadObjectId: "user/with#odd?chars", pending: [] };
    assert.equal(await chats.putPersonalChat(odd, null), "saved");
    assert.deepEqual((await chats.getPersonalChat(TENANT, odd.aadObjectId))?.value, odd);
    await chats.deletePersonalChat(TENANT, mentee.aadObjectId);
    await chats.deletePersonalChat(TENANT, mentee.aadObjectId);
    assert.equal(await chats.getPersonalChat(TENANT, mentee.aadObjectId), null);
  });

  it("two answers at the same moment: one is stored, the other is told it was answered; both parties' 'no' flag the mentorship once", async () => {
    const { store, answers: privateStore } = await fresh();
    const created = createMentorship(
      { id: "m-5", tenantId: TENANT, conversationId: "conv-5", programme: "klds", language: "da", unit: "X", firstWorkingDay: "2027-01-04", mentor, mentee },
      { hasActiveMentorship: false, humanAadObjectIds: [mentor.aadObjectId, mentee.aadObjectId] },
      new Date("2026-12-01T09:00:00Z"),
    );
    assert.ok(created.ok);
    assert.equal(await store.insertMentorship({ ...created.value.mentorship, phase: "learning" }, created.value.firstVersion), "saved");
    let tick = 0;
    const questions = new PrivateQuestions({
      store,
      answers: privateStore,
      marks: privateStore,
      delivery: { postToParty: async () => true },
      jobs: { schedule: async () => undefined },
      clock: { now: () => new Date(Date.UTC(2027, 1, 1, 10, 0, tick++)) },
      log: silentLogger,
    });
    const loaded = async () => (await store.getMentorship(TENANT, "m-5"))!;
    const [a, b] = await Promise.all([questions.answerPairing(actor(mentee), await loaded(), "yes"), questions.answerPairing(actor(mentee), await loaded(), "no")]);
    assert.equal([a, b].filter((r) => r.ok).length, 1, "one answer is stored");
    assert.deepEqual([a, b].filter((r) => !r.ok).map((r) => !r.ok && r.error.code), ["ALREADY_ANSWERED"]);
    const stored = (await privateStore.getPrivateAnswers(TENANT, "m-5", "mentee"))?.value.pairing?.answer;
    assert.equal(stored, a.ok ? "yes" : "no", "the stored answer is the one that was told it was saved");

    const [x, y] = await Promise.all([questions.answerPairing(actor(mentor), await loaded(), "no"), questions.answerPairing(actor(mentor), await loaded(), "no")]);
    assert.equal([x, y].filter((r) => r.ok).length, 1);
    const flagged = (await store.getMentorship(TENANT, "m-5"))?.value;
    assert.ok(flagged?.pairingConcernAt, "flagged");
    const again = await questions.answerPairing(actor(mentee), await loaded(), "no");
    assert.equal(!again.ok && again.error.code, "ALREADY_ANSWERED");
    assert.equal((await store.getMentorship(TENANT, "m-5"))?.value.pairingConcernAt, flagged.pairingConcernAt, "the first 'no' keeps its time");
    assert.equal((await questions.answerPairing(actor(mentor, "da"), await loaded(), "yes")).ok, false);
  });
});
