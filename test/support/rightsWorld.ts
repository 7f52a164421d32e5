/**
 * Issue 13's data-rights world on Azurite, through the real Table adapters: a closed mentorship with
 * a change of mentor, a leader, a contact person and every kind of text; a closed mentorship under an
 * archive hold; a running one. Every text names people, so "an erased person's name appears nowhere"
 * can be checked by reading every row of the table.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { TableClient } from "@azure/data-tables";
import { LocalCalendar } from "../../src/adapters/tables/localCalendar";
import { TablePersonalChats } from "../../src/adapters/tables/tablePersonalChats";
import { TablePrivateAnswers } from "../../src/adapters/tables/tablePrivateAnswers";
import type { TableMentorshipStore } from "../../src/adapters/tables/tableStore";
import { PersonalData } from "../../src/app/rights/personalData";
import { SummaryWriter } from "../../src/app/summaries";
import { emptyAgenda } from "../../src/domain/agenda";
import type { AgreementVersion } from "../../src/domain/agreement";
import type { Meeting } from "../../src/domain/meetings";
import { type Mentorship, type Person, createMentorship } from "../../src/domain/mentorship";
import type { Logger } from "../../src/log";
import type { Clock } from "../../src/ports/clock";
import type { ChatRecord } from "../../src/ports/store";
import { t } from "../../src/i18n";
import { freshStore } from "./azurite";
import { MemoryAuditLog, MemoryJournal, journalEntry } from "./rightsFakes";

export const TENANT = "8a4f1c1e-2b3d-4e5f-9a0b-1c2d3e4f5a6b";
export const OTHER_TENANT = "0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70";
const person = (name: string, n: number): Person => ({ aadObjectId: `${String(n).repeat(8)}-cccc-4ccc-8ccc-cccccccccccc`, name, channelUserId: `29:${n}` });
export const people = {
  mentor: person("Mette Mikkelsen", 1),
  mentee: person("Søren Sørensen", 2),
  formerMentor: person("Frederik Fogh", 3),
  leader: person("Lars Lindholm", 4),
  contact: person("Kirsten Kjær", 5),
  coordinator: person("Karen Koordinator", 6),
  runningMentee: person("Niels Nielsen", 7),
};
export const CANARY = {
  menteeRating: "CANARY-MENTEE-RATING-r1",
  mentorRating: "CANARY-MENTOR-RATING-r2",
  menteeJournal: "CANARY-MENTEE-JOURNAL-r3",
  otherJournal: "CANARY-OTHER-JOURNAL-r4",
  mentorFeedback: "CANARY-MENTOR-FEEDBACK-r5",
  menteeFeedback: "CANARY-MENTEE-FEEDBACK-r6",
};

export const NOW = new Date("2026-09-01T09:00:00Z");
export const clock: Clock = { now: () => NOW };
export const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };

const meeting = (mentorshipId: string, date: string, over: Partial<Meeting["agenda"]> = {}): Meeting => ({
  mentorshipId,
  key: `s1|${date}`,
  seriesKey: "s1",
  originalDate: date,
  date,
  time: "10:00",
  minutes: 60,
  startUtc: `${date}T08:00:00.000Z`,
  isoWeek: 10,
  isoYear: 2026,
  status: "held",
  agenda: { ...emptyAgenda(), updatedAt: `${date}T09:00:00.000Z`, ...over },
  agendaPostedAt: `${date}T07:00:00.000Z`,
});

export interface World {
  readonly store: TableMentorshipStore;
  readonly table: TableClient;
  readonly chats: TablePersonalChats;
  readonly answers: TablePrivateAnswers;
  readonly journal: MemoryJournal;
  readonly audit: MemoryAuditLog;
  readonly rights: PersonalData;
  readonly ids: { readonly closed: string; readonly held: string; readonly running: string };
  /** Every row of the table as text, with its row key. */
  rows(): Promise<{ key: string; text: string }[]>;
}

async function insert(store: TableMentorshipStore, m0: { id: string; mentor: Person; mentee: Person; chatId: string; requestedBy?: Person; created: string }): Promise<{ mentorship: Mentorship; first: AgreementVersion }> {
  const chat: ChatRecord = {
    tenantId: TENANT,
    conversationId: m0.chatId,
    conversationType: "groupChat",
    reference: { serviceUrl: "http://127.0.0.1:9/" },
    welcomedAt: null,
    activeMentorshipId: null,
    pendingSetup: null,
    ...(m0.requestedBy ? { requestedBy: { ...m0.requestedBy, language: "da" as const } } : {}),
  };
  assert.equal(await store.putChat(chat, null), "saved");
  const stored = await store.getChat(TENANT, chat.conversationId);
  const created = createMentorship(
    { id: m0.id, tenantId: TENANT, conversationId: chat.conversationId, programme: "klds", language: "da", unit: "Familieafdelingen", firstWorkingDay: "2026-01-05", mentor: m0.mentor, mentee: m0.mentee },
    { hasActiveMentorship: false, humanAadObjectIds: [m0.mentor.aadObjectId, m0.mentee.aadObjectId] },
    new Date(m0.created),
  );
  assert.ok(created.ok);
  // A mentee whose earlier mentorship has closed: the new one takes over their active row.
  const active = await store.getActiveOfMentee(TENANT, m0.mentee.aadObjectId);
  assert.equal(await store.createMentorship({ ...chat, activeMentorshipId: m0.id }, stored!.etag, created.value.mentorship, created.value.firstVersion, active ? { replaceEtag: active.etag } : { insert: true }), "saved");
  return { mentorship: created.value.mentorship, first: created.value.firstVersion };
}

async function save(store: TableMentorshipStore, id: string, change: (m: Mentorship) => Mentorship, version?: AgreementVersion): Promise<void> {
  const got = await store.getMentorship(TENANT, id);
  assert.ok(got);
  assert.equal(await store.saveMentorship(change(got.value), got.etag, version), "saved");
}

function closed(m: Mentorship, at: string, evaluationText: string): Mentorship {
  return {
    ...m,
    phase: "closed",
    phaseSince: at,
    closing: {
      reason: "completed",
      startedBy: "mentor",
      startedAt: at,
      agreementVersion: m.agreement.version,
      evaluation: {
        version: 2,
        fields: { goals: [{ goal: "Myndighedsrollen", source: "shortTermGoals", status: "reached", comment: evaluationText }], worked: evaluationText, couldBeBetter: "", recommendations: `Anbefaling til ${m.mentee.name}` },
        editedBy: "mentor",
        at,
        confirmations: { mentor: { version: 2, at }, mentee: { version: 2, at } },
        shareWithLeader: false,
        shareWithLeaderAt: null,
      },
      closedAt: at,
    },
  };
}

export async function world(options: { withJournal?: boolean; withAudit?: boolean; log?: Logger } = {}): Promise<World> {
  const { store, connectionString, tableName } = await freshStore();
  const table = TableClient.fromConnectionString(connectionString, tableName, { allowInsecureConnection: true });
  const chats = TablePersonalChats.fromConnectionString(connectionString, tableName);
  const answers = TablePrivateAnswers.fromConnectionString(connectionString, tableName);
  const journal = new MemoryJournal();
  const audit = new MemoryAuditLog();
  const { mentor, mentee, formerMentor, leader, contact, coordinator, runningMentee } = people;
  const summaries = new SummaryWriter(store, clock, quiet);
  const ids = { closed: `m-${randomUUID()}`, held: `m-${randomUUID()}`, running: `m-${randomUUID()}` };

  // 1. Closed: Frederik was the mentor until March, then Mette; Lars leads, Kirsten ran the introduction.
  const a = await insert(store, { id: ids.closed, mentor: formerMentor, mentee, chatId: `19:${randomUUID()}@thread.v2`, requestedBy: formerMentor, created: "2026-01-02T09:00:00Z" });
  const v2: AgreementVersion = { number: 2, fields: { ...a.first.fields, purpose: "Søren Sørensen skal lære myndighedsrollen af Frederik", shortTermGoals: "Søren leder et møde" }, editedBy: "mentor", at: "2026-02-01T09:00:00.000Z" };
  await save(store, ids.closed, (m) => ({ ...m, phase: "startUp", agreementPostedAt: "2026-01-10T09:00:00.000Z", agreement: { ...m.agreement, version: 2, fields: v2.fields } }), v2);
  const v3: AgreementVersion = { number: 3, fields: { ...v2.fields, other: "Søren ønsker at Frederik Fogh og Lars Lindholm mødes" }, editedBy: "mentee", at: "2026-02-02T09:00:00.000Z" };
  await save(store, ids.closed, (m) => ({ ...m, agreement: { ...m.agreement, version: 3, fields: v3.fields, lockedAt: "2026-02-03T09:00:00.000Z", acceptances: { mentor: { version: 3, at: "2026-02-03T09:00:00.000Z" }, mentee: { version: 3, at: "2026-02-03T09:00:00.000Z" } } }, phase: "learning" }), v3);
  await save(store, ids.closed, (m) => ({
    ...m,
    mentor,
    formerMentors: [{ person: formerMentor, until: "2026-03-15T09:00:00.000Z" }],
    leader,
    contact,
    presentation: "Hej Søren, jeg hedder Mette og glæder mig",
    preparedBy: { aadObjectId: coordinator.aadObjectId, at: "2026-01-01T09:00:00.000Z" },
    introduction: null,
    leaderState: { talks: [{ key: "developmentTalk", from: "2026-12-01", to: "2026-12-20", status: "planned", remindedAt: null, booking: null, answeredAt: null }], headsUpAt: null, mentorChangeRequestedAt: null },
  }));
  assert.equal(await store.saveMeeting(TENANT, meeting(ids.closed, "2026-02-20", {
    theme: "Myndighedsrollen med Frederik",
    howIsMentee: "Søren har travlt",
    summary: "Frederik Fogh og Søren talte om Lars",
    feedback: { mentor: { how: CANARY.mentorFeedback, worked: "", better: "", at: "2026-02-20T09:00:00.000Z" }, mentee: { how: CANARY.menteeFeedback, worked: "", better: "", at: "2026-02-20T09:00:00.000Z" } },
  }), null), "saved");
  assert.equal(await store.saveMeeting(TENANT, meeting(ids.closed, "2026-04-20", {
    theme: "Svære samtaler",
    summary: "Mette og Søren Sørensen øvede",
    feedback: { mentor: { how: "Mette: godt", worked: "", better: "", at: "2026-04-20T09:00:00.000Z" }, mentee: { how: "", worked: "", better: "", at: null } },
  }), null), "saved");
  await save(store, ids.closed, (m) => ({ ...closed(m, "2026-08-01T09:00:00.000Z", "Søren og Mette nåede målet"), introduction: { template: { checklist: [], schedule: [], statusAgenda: [], closingTalkWeek: 12 }, mode: "beside", startedAt: "2026-01-05T09:00:00.000Z", ticks: {}, chat: "pair", closedAt: "2026-04-01T09:00:00.000Z", mentorSchemeStarts: true, handover: { text: "Kirsten: Søren kender systemerne", at: "2026-04-01T09:00:00.000Z" } } }) as Mentorship);

  // 2. Closed and held (a complaint): Mette and Søren again.
  await insert(store, { id: ids.held, mentor, mentee, chatId: `19:${randomUUID()}@thread.v2`, created: "2026-01-03T09:00:00Z" });
  await save(store, ids.held, (m) => ({ ...closed(m, "2026-08-15T09:00:00.000Z", "Søren Sørensen klagede"), archiveHold: { reason: "complaint", setBy: coordinator.aadObjectId, at: "2026-08-20T09:00:00.000Z" } }));

  // 3. Running: Mette mentors Niels; Lars is not in it.
  await insert(store, { id: ids.running, mentor, mentee: runningMentee, chatId: `19:${randomUUID()}@thread.v2`, created: "2026-01-04T09:00:00Z" });

  for (const id of Object.values(ids)) await summaries.refresh(TENANT, id);

  // The local calendar's rows: Frederik's booked series, and Lars's development talk (its subject names both).
  const calendar = LocalCalendar.fromConnectionString(connectionString, tableName);
  await calendar.book({ tenantId: TENANT, mentorshipId: ids.closed, planVersion: 1, organizer: { aadObjectId: formerMentor.aadObjectId, email: "", name: formerMentor.name }, attendee: { aadObjectId: mentee.aadObjectId, email: "", name: mentee.name }, subject: `Mentormøde ${formerMentor.name} og ${mentee.name}`, bodyHtml: "", series: [{ key: "s1", time: "10:00", minutes: 60, timeZone: "Europe/Copenhagen", occurrences: ["2026-02-20"] }] } as unknown as Parameters<LocalCalendar["book"]>[0]);
  await calendar.bookEvent({ tenantId: TENANT, mentorshipId: ids.closed, key: "developmentTalk", organizer: { aadObjectId: leader.aadObjectId, email: "", name: leader.name }, attendees: [{ aadObjectId: mentee.aadObjectId, email: "", name: mentee.name }], subject: `Udviklingssamtale: ${mentee.name} og ${leader.name}`, bodyHtml: "", date: "2026-12-10", time: "10:00", minutes: 60, timeZone: "Europe/Copenhagen" });

  // Private answers: each party's own row.
  assert.equal(await answers.putPrivateAnswers({ tenantId: TENANT, mentorshipId: ids.closed, party: "mentee", aadObjectId: mentee.aadObjectId, pairing: { answer: "yes", at: "2026-02-21T09:00:00.000Z" }, ratings: { useful: 5, wellRun: 4, recommend: 5, comment: CANARY.menteeRating, at: "2026-08-02T09:00:00.000Z" } }, null), "saved");
  assert.equal(await answers.putPrivateAnswers({ tenantId: TENANT, mentorshipId: ids.closed, party: "mentor", aadObjectId: mentor.aadObjectId, pairing: null, ratings: { useful: 3, wellRun: 3, recommend: 3, comment: CANARY.mentorRating, at: "2026-08-02T09:00:00.000Z" } }, null), "saved");
  await answers.markAsked(TENANT, ids.closed, "mentee", "ratings", "2026-08-01T09:00:00.000Z");

  // Personal chats (and their chat rows) for everyone.
  for (const p of Object.values(people)) {
    const conversationId = `a:personal-${p.aadObjectId}`;
    assert.equal(await store.putChat({ tenantId: TENANT, conversationId, conversationType: "personal", reference: { serviceUrl: "http://127.0.0.1:9/" }, welcomedAt: "2026-01-01T09:00:00.000Z", activeMentorshipId: null, pendingSetup: null }, null), "saved");
    assert.equal(await chats.putPersonalChat({ tenantId: TENANT, aadObjectId: p.aadObjectId, conversationId, reference: { serviceUrl: "http://127.0.0.1:9/" }, pending: [], updatedAt: "2026-01-01T09:00:00.000Z" }, null), "saved");
  }

  journal.entries.push(journalEntry({ id: "j1", tenantId: TENANT, menteeAadObjectId: mentee.aadObjectId, mentorshipId: ids.closed, title: "Borgersamtale", reflection: CANARY.menteeJournal }));
  journal.entries.push(journalEntry({ id: "j2", tenantId: TENANT, menteeAadObjectId: runningMentee.aadObjectId, mentorshipId: ids.running, title: "Andet", reflection: CANARY.otherJournal }));
  // What the rest of the app wrote about them (helper A's lines, here by hand).
  await audit.append({ tenantId: TENANT, at: "2026-05-01T09:00:00.000Z", actorId: coordinator.aadObjectId, verb: "mentorship.read", mentorshipId: ids.closed }, [mentor.aadObjectId, mentee.aadObjectId, leader.aadObjectId]);
  await audit.append({ tenantId: TENANT, at: "2026-08-20T09:00:00.000Z", actorId: coordinator.aadObjectId, verb: "archiveHold.set", mentorshipId: ids.held }, [mentor.aadObjectId, mentee.aadObjectId]);
  await audit.append({ tenantId: TENANT, at: "2026-06-01T09:00:00.000Z", actorId: leader.aadObjectId, verb: "access.denied", subjectId: coordinator.aadObjectId, detail: "403" });

  let n = 0;
  const rights = new PersonalData({
    store,
    personalChats: chats,
    privateAnswers: answers,
    ...(options.withJournal === false ? {} : { journal }),
    ...(options.withAudit === false ? {} : { audit }),
    calendarRecords: calendar,
    onChanged: (tenantId, id, saved) => summaries.changed(tenantId, id, saved),
    clock,
    log: options.log ?? quiet,
    pseudonymName: (language, code) => t(language, "rights.pseudonym", { code }),
    newPseudonymId: () => `erased-00000000000${++n}`,
  });
  const rows = async () => {
    const out: { key: string; text: string }[] = [];
    for await (const e of table.listEntities<Record<string, unknown>>()) out.push({ key: `${e.partitionKey}/${e.rowKey}`, text: JSON.stringify(e) });
    return out;
  };
  return { store, table, chats, answers, journal, audit, rights, ids, rows };
}

/** Where a name (the full name or a part of it) is found in a text, case-insensitive. */
export function holdsName(text: string, p: Person): boolean {
  const lower = text.toLowerCase();
  return [p.name, ...p.name.split(" ")].some((s) => lower.includes(s.toLowerCase())) || text.includes(p.aadObjectId);
}
