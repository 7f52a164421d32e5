// The deletes the data-rights issue needs, and the person index written with the mentorship, on Azurite.
import assert from "node:assert/strict";
import { TableClient, odata } from "@azure/data-tables";
import { TablePostedMessages } from "../../src/adapters/tables/tablePostedMessages";
import { MentorshipService } from "../../src/app/setup/mentorshipService";
import type { ConversationFacts } from "../../src/app/setup/mentorshipService";
import { summarise } from "../../src/domain/summary";
import { freshStore } from "../support/azurite";
import { TENANT, colleague, mentee, mentor } from "../support/fixtures";

const clock = { now: () => new Date("2027-01-05T08:00:00Z") };
const conv: ConversationFacts = { tenantId: TENANT, conversationId: "19:erase@thread.v2", conversationType: "groupChat", reference: {} };
const actor = { ...mentor, tenantId: TENANT, language: "da" as const };

async function setUp() {
  const fresh = await freshStore();
  const service = new MentorshipService({ store: fresh.store, clock });
  const setup = await service.beginSetup(actor, conv, [mentor, mentee]);
  assert.ok(setup.ok);
  const created = await service.completeSetup(actor, conv, { setupId: setup.value.setupId, programme: "klds", firstWorkingDay: "2027-01-04", unit: "Voksne", language: "da" }, [mentor, mentee]);
  assert.ok(created.ok);
  const table = TableClient.fromConnectionString(fresh.connectionString, fresh.tableName, { allowInsecureConnection: true });
  const keys = async () => {
    const out: string[] = [];
    for await (const e of table.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${TENANT}`, select: ["RowKey"] } })) out.push(e.rowKey!);
    return out.sort();
  };
  return { ...fresh, service, id: created.value.id, table, keys, posted: TablePostedMessages.fromConnectionString(fresh.connectionString, fresh.tableName) };
}

describe("person index and deletes (Azurite)", function () {
  this.timeout(60000);

  it("creating in a chat writes the index rows in the same transaction; a change of mentor moves the roles with the save", async () => {
    const { store, service, id } = await setUp();
    assert.deepEqual(await store.rolesOf(TENANT, mentor.aadObjectId), [{ mentorshipId: id, role: "mentor" }]);
    assert.deepEqual(await store.rolesOf(TENANT, mentee.aadObjectId), [{ mentorshipId: id, role: "mentee" }]);
    assert.deepEqual(await store.rolesOf(TENANT, colleague.aadObjectId), []);
    assert.ok((await service.changeMentor(TENANT, id, colleague)).ok);
    assert.deepEqual(await store.rolesOf(TENANT, mentor.aadObjectId), [{ mentorshipId: id, role: "formerMentor" }]);
    assert.deepEqual(await store.rolesOf(TENANT, colleague.aadObjectId), [{ mentorshipId: id, role: "mentor" }]);
    assert.deepEqual((await store.mentorshipsOf(TENANT, mentor.aadObjectId)).map((m) => m.id), [id]);
    // Mentor again after being a former mentor: one row, both roles.
    assert.ok((await service.changeMentor(TENANT, id, mentor)).ok);
    assert.deepEqual((await store.rolesOf(TENANT, mentor.aadObjectId)).map((r) => r.role).sort(), ["formerMentor", "mentor"]);
  });

  it("a save that conflicts writes no index rows either", async () => {
    const { store, id } = await setUp();
    const read = (await store.getMentorship(TENANT, id))!;
    assert.equal(await store.saveMentorship({ ...read.value, unit: "Børn" }, read.etag), "saved");
    const changed = { ...read.value, mentor: colleague, formerMentors: [{ person: mentor, until: clock.now().toISOString() }] };
    assert.equal(await store.saveMentorship(changed, read.etag), "conflict");
    assert.deepEqual(await store.rolesOf(TENANT, colleague.aadObjectId), []);
    assert.deepEqual(await store.rolesOf(TENANT, mentor.aadObjectId), [{ mentorshipId: id, role: "mentor" }]);
  });

  it("deleteMentorship erases versions, meetings, summary, index, posted messages and the mentee's row — only at the ETag read", async () => {
    const { store, id, keys, posted } = await setUp();
    const read = (await store.getMentorship(TENANT, id))!;
    const v2 = { number: 2, fields: read.value.agreement.fields, editedBy: "mentor" as const, at: clock.now().toISOString() };
    assert.equal(await store.saveMentorship({ ...read.value, agreement: { ...read.value.agreement, version: 2 } }, read.etag, v2), "saved");
    const meeting = { mentorshipId: id, key: "klds|2027-04-06", seriesKey: "klds", originalDate: "2027-04-06", date: "2027-04-06", time: "10:00", minutes: 60, startUtc: "2027-04-06T08:00:00.000Z", isoWeek: 14, isoYear: 2027, status: "planned" as const, agenda: { howIsMentee: "", experience: "", theme: "", learningGoal: "", carriedPreparation: "", summary: "", feedback: { mentor: { how: "", worked: "", better: "", at: null }, mentee: { how: "", worked: "", better: "", at: null } }, nextTheme: "", nextLearningGoal: "", nextPreparation: "", updatedAt: null }, agendaActivityId: null, agendaPostedAt: null };
    assert.equal(await store.saveMeeting(TENANT, meeting, null), "saved");
    const current = (await store.getMentorship(TENANT, id))!;
    assert.equal(await store.putSummary(TENANT, summarise(current.value, [meeting], clock.now()), null), "saved");
    await posted.put(TENANT, id, "agreement", "a-1");
    await posted.put(TENANT, id, "agenda:klds|2027-04-06", "a-2");
    const before = await keys();
    assert.ok(before.length >= 9, before.join(" "));

    assert.equal(await store.deleteMentorship(TENANT, id, read.etag), "conflict", "a stale ETag deletes nothing");
    assert.deepEqual(await keys(), before);
    assert.equal(await store.deleteMentorship(TENANT, id, current.etag), "saved");
    const left = await keys();
    assert.deepEqual(left.filter((k) => !k.startsWith("c|")), [], left.join(" "));
    assert.equal(await store.getMentorship(TENANT, id), null);
    assert.equal(await store.getActiveOfMentee(TENANT, mentee.aadObjectId), null);
    assert.deepEqual(await store.mentorshipsOf(TENANT, mentee.aadObjectId), []);
    assert.equal(await posted.get(TENANT, id, "agreement"), null);
    await store.deleteChat(TENANT, conv.conversationId);
    assert.deepEqual(await keys(), []);
  });

  it("deleteMeeting is conditional and forgets its agenda's message id; deleteSummary; deleting what is not there is no error", async () => {
    const { store, id, posted } = await setUp();
    const meeting = { mentorshipId: id, key: "klds|2027-05-04", seriesKey: "klds", originalDate: "2027-05-04", date: "2027-05-04", time: "10:00", minutes: 60, startUtc: "2027-05-04T08:00:00.000Z", isoWeek: 18, isoYear: 2027, status: "planned" as const, agenda: { howIsMentee: "", experience: "", theme: "", learningGoal: "", carriedPreparation: "", summary: "", feedback: { mentor: { how: "", worked: "", better: "", at: null }, mentee: { how: "", worked: "", better: "", at: null } }, nextTheme: "", nextLearningGoal: "", nextPreparation: "", updatedAt: null }, agendaActivityId: null, agendaPostedAt: null };
    assert.equal(await store.saveMeeting(TENANT, meeting, null), "saved");
    const stored = (await store.getMeeting(TENANT, id, meeting.key))!;
    await posted.put(TENANT, id, `agenda:${meeting.key}`, "m-1");
    assert.equal(await store.saveMeeting(TENANT, { ...meeting, time: "11:00" }, stored.etag), "saved");
    assert.equal(await store.deleteMeeting(TENANT, id, meeting.key, stored.etag), "conflict");
    const fresh = (await store.getMeeting(TENANT, id, meeting.key))!;
    assert.equal(await store.deleteMeeting(TENANT, id, meeting.key, fresh.etag), "saved");
    assert.equal(await store.getMeeting(TENANT, id, meeting.key), null);
    assert.equal(await posted.get(TENANT, id, `agenda:${meeting.key}`), null);
    const m = (await store.getMentorship(TENANT, id))!.value;
    assert.equal(await store.putSummary(TENANT, summarise(m, [], clock.now()), null), "saved");
    await store.deleteSummary(TENANT, id);
    assert.equal(await store.getSummary(TENANT, id), null);
    await store.deleteSummary(TENANT, id);
    await store.deleteChat(TENANT, "19:never@thread.v2");
  });
});
