// Rows written by main before issue 10 (captured in fixtures/v0-rows.json by fixtures/capture.ts)
// read through the versioned mappers into the right domain values, keep their Teams message ids,
// are found by the person index's fallback, and are rewritten by the upgrade step.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { TableClient } from "@azure/data-tables";
import { TableMentorshipStore } from "../../src/adapters/tables/tableStore";
import { TablePostedMessages } from "../../src/adapters/tables/tablePostedMessages";
import { readMentorship } from "../../src/adapters/tables/rows/mentorship";
import { RowSchemaError } from "../../src/adapters/tables/rows/versioned";
import type { Mentorship } from "../../src/domain/mentorship";
import { freshStore } from "../support/azurite";
import { colleague, mentee, mentor } from "../support/fixtures";

interface Fixture {
  tenantId: string;
  ids: { chatAgreed: string; prepared: string; changedMentor: string; posted: string };
  rows: (Record<string, unknown> & { partitionKey: string; rowKey: string })[];
}
const fixture = JSON.parse(readFileSync(path.join(__dirname, "fixtures/v0-rows.json"), "utf8")) as Fixture;
const T = fixture.tenantId;
const { chatAgreed, prepared, changedMentor, posted } = fixture.ids;
const rowOf = (rowKey: string) => fixture.rows.find((r) => r.rowKey === rowKey)!;

async function loaded() {
  const fresh = await freshStore();
  const table = TableClient.fromConnectionString(fresh.connectionString, fresh.tableName, { allowInsecureConnection: true });
  for (const row of fixture.rows) await table.createEntity(row);
  return { ...fresh, table, posted: TablePostedMessages.fromConnectionString(fresh.connectionString, fresh.tableName) };
}

describe("rows written before schema versions (version 0) read through the mappers", function () {
  this.timeout(60000);

  it("the captured rows are version 0: no schema version column, message ids inside the JSON", () => {
    const m = rowOf(`m|${chatAgreed}`);
    assert.equal(m["schemaVersion"], undefined);
    assert.equal((JSON.parse(m["json"] as string) as { agreementActivityId: string }).agreementActivityId, "1700000000001");
  });

  it("upgrades a mentorship: agreementPostedAt by the contract's rule, absent optionals filled, message ids out of the value", () => {
    const learning = readMentorship(rowOf(`m|${chatAgreed}`));
    assert.equal(learning.version, 0);
    assert.equal(learning.value.phase, "learning");
    assert.equal(learning.value.agreementPostedAt, learning.value.createdAt, "posted, no longer in start-up: createdAt");
    assert.deepEqual(learning.legacy, { agreement: "1700000000001", plan: "1700000000002", booking: "1700000000003" });
    for (const k of ["agreementActivityId", "planActivityId", "bookingActivityId"]) assert.equal(k in learning.value, false, k);
    assert.equal(learning.value.meetingPlan?.status, "booked");
    assert.equal(learning.value.agreement.version, 2);
    assert.equal(learning.value.agreement.lockedAt, "2027-01-07T10:00:00.000Z");
    assert.deepEqual(learning.value.formerMentors, []);
    assert.equal(learning.value.pausedAt, null);
    assert.equal(learning.value.preparedBy, null);

    const startUp = readMentorship(rowOf(`m|${posted}`)).value;
    assert.equal(startUp.phase, "startUp");
    assert.equal(startUp.agreementPostedAt, startUp.phaseSince, "in start-up: phaseSince");
    assert.equal(startUp.agreementPostedAt, "2027-01-10T07:30:00.000Z");
    assert.equal(startUp.meetingPlan, null);

    const waiting = readMentorship(rowOf(`m|${prepared}`)).value;
    assert.equal(waiting.agreementPostedAt, null, "never posted");
    assert.deepEqual(waiting.preparedBy, { aadObjectId: colleague.aadObjectId, at: "2027-01-08T12:00:00.000Z" });
    assert.equal(waiting.conversationId, "");

    const changed = readMentorship(rowOf(`m|${changedMentor}`)).value;
    assert.equal(changed.pausedAt, "2027-01-09T12:00:00.000Z");
    assert.deepEqual(changed.formerMentors?.map((f) => f.person.aadObjectId), [colleague.aadObjectId]);
  });

  it("reads every captured entity through the store: chats, mentorships, versions, meetings, summaries, mentee rows", async () => {
    const { store } = await loaded();
    const chat = await store.getChat(T, "19:pair-one/x#y@thread.v2");
    assert.equal(chat?.value.activeMentorshipId, chatAgreed);
    assert.equal(chat?.value.requestedBy, null);
    assert.equal(chat?.value.preparedMentorshipId, null);
    const m = (await store.getMentorship(T, chatAgreed))!.value;
    assert.equal(m.mentor.aadObjectId, mentor.aadObjectId);
    assert.equal(m.mentee.name, mentee.name);
    assert.deepEqual((await store.listAgreementVersions(T, chatAgreed)).map((v) => [v.number, v.editedBy]), [[1, "programme"], [2, "mentee"]]);
    assert.equal((await store.getAgreementVersion(T, chatAgreed, 2))?.fields.shortTermGoals, "Lære journalføring");
    const meetings = await store.listMeetings(T, chatAgreed);
    assert.equal(meetings.length, 9);
    assert.equal(meetings[0]?.value.agenda.howIsMentee, "Travlt, men godt");
    assert.equal(meetings[0]?.value.changedAt, null);
    assert.equal(meetings[1]?.value.agendaPostingAt, null);
    const summaries = await store.listSummaries(T);
    assert.equal(summaries.length, 4);
    assert.equal(summaries.find((s) => s.mentorshipId === chatAgreed)?.meetingsPlanned, 9);
    assert.equal((await store.getActiveOfMentee(T, mentee.aadObjectId))?.value, chatAgreed);
  });

  it("finds version-0 mentorships by person (no index rows yet), former mentors included", async () => {
    const { store } = await loaded();
    assert.deepEqual((await store.mentorshipsOf(T, colleague.aadObjectId)).map((m) => m.id), [changedMentor]);
    assert.deepEqual(await store.rolesOf(T, colleague.aadObjectId), [{ mentorshipId: changedMentor, role: "formerMentor" }]);
    const soren = "44444444-4444-4444-8444-444444444444";
    assert.deepEqual((await store.rolesOf(T, soren)).sort((a, b) => a.mentorshipId.localeCompare(b.mentorshipId)), [
      { mentorshipId: prepared, role: "mentor" as const },
      { mentorshipId: changedMentor, role: "mentor" as const },
    ].sort((a, b) => a.mentorshipId.localeCompare(b.mentorshipId)));
  });

  it("serves the message ids today's rows carry, also after the mentorship was saved by code whose domain has none", async () => {
    const { store, posted: messages } = await loaded();
    assert.equal(await messages.get(T, chatAgreed, "agreement"), "1700000000001");
    assert.equal(await messages.get(T, chatAgreed, "plan"), "1700000000002");
    assert.equal(await messages.get(T, chatAgreed, "booking"), "1700000000003");
    assert.equal(await messages.get(T, chatAgreed, "agenda:klds|2027-04-06"), "1700000000004");
    assert.equal(await messages.get(T, prepared, "agreement"), null);

    // A save by code whose domain value has no message ids (core's half of issue 10): the ids stay on the row.
    const read = (await store.getMentorship(T, chatAgreed))!;
    const { agreementActivityId: _a, planActivityId: _p, bookingActivityId: _b, ...withoutIds } = read.value as Mentorship & Record<string, unknown>;
    assert.equal(await store.saveMentorship({ ...withoutIds, unit: "Voksne" } as unknown as Mentorship, read.etag), "saved");
    const meeting = (await store.getMeeting(T, chatAgreed, "klds|2027-04-06"))!;
    const { agendaActivityId: _g, ...meetingWithoutId } = meeting.value as typeof meeting.value & Record<string, unknown>;
    assert.equal(await store.saveMeeting(T, meetingWithoutId as typeof meeting.value, meeting.etag), "saved");
    assert.equal(await messages.get(T, chatAgreed, "agreement"), "1700000000001");
    assert.equal(await messages.get(T, chatAgreed, "booking"), "1700000000003");
    assert.equal(await messages.get(T, chatAgreed, "agenda:klds|2027-04-06"), "1700000000004");
    assert.equal((await store.getMentorship(T, chatAgreed))?.value.unit, "Voksne");

    // A posted-message row wins over the legacy id; erasure forgets both.
    await messages.put(T, chatAgreed, "agreement", "1800000000009");
    assert.equal(await messages.get(T, chatAgreed, "agreement"), "1800000000009");
    await messages.deleteAll(T, chatAgreed);
    for (const slot of ["agreement", "plan", "booking", "agenda:klds|2027-04-06"] as const) assert.equal(await messages.get(T, chatAgreed, slot), null, slot);
  });

  it("upgradeRows rewrites each version-0 mentorship as version 1 with its index rows, and the values read the same", async () => {
    const { store, table, posted: messages, connectionString, tableName } = await loaded();
    const before = await Promise.all([chatAgreed, prepared, changedMentor, posted].map((id) => store.getMentorship(T, id)));
    assert.equal(await store.upgradeRows(), 4);
    assert.equal(await store.upgradeRows(), 0, "a second run finds nothing to do");
    const after = await Promise.all([chatAgreed, prepared, changedMentor, posted].map((id) => store.getMentorship(T, id)));
    assert.deepEqual(after.map((m) => m?.value), before.map((m) => m?.value));
    const versions: unknown[] = [];
    for await (const e of table.listEntities({ queryOptions: { filter: "kind eq 'mentorship'" } })) versions.push(e["schemaVersion"]);
    assert.deepEqual(versions, [1, 1, 1, 1]);
    // Now the index alone answers: another process's store reads the table's mark, and no longer the older columns.
    const other = TableMentorshipStore.fromConnectionString(connectionString, tableName);
    await table.updateEntity({ partitionKey: T, rowKey: `m|${changedMentor}`, formerMentor1: "" }, "Merge");
    assert.deepEqual(await other.rolesOf(T, colleague.aadObjectId), [{ mentorshipId: changedMentor, role: "formerMentor" }]);
    assert.deepEqual((await other.mentorshipsOf(T, mentee.aadObjectId)).map((m) => m.id), [chatAgreed]);
    assert.equal(await messages.get(T, chatAgreed, "plan"), "1700000000002", "the upgrade keeps the message ids");
  });

  it("a row that fails its schema is a RowSchemaError naming entity, version and path, never the text it holds", async () => {
    const { store, table } = await loaded();
    const row = rowOf(`m|${chatAgreed}`);
    const broken = JSON.parse(row["json"] as string) as Record<string, unknown>;
    broken["phase"] = "Hemmelig tekst";
    await table.updateEntity({ partitionKey: T, rowKey: row.rowKey, json: JSON.stringify(broken) }, "Merge");
    await assert.rejects(
      () => store.getMentorship(T, chatAgreed),
      (err: unknown) => err instanceof RowSchemaError && err.entity === "mentorship" && err.version === 0 && err.paths.includes("phase") && !err.message.includes("Hemmelig"),
    );
  });
});
