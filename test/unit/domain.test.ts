// The pure mentorship domain: every transition and every refusal, the programme data, dates and
// languages, and a fast-check model run over random edit/accept sequences.
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  type AgreementFields,
  AgreementFieldNames,
  AgreementTools,
  type AgreementVersion,
  MentorRoles,
  applyChange,
  changedFields,
  changedSince,
  isAccepted,
} from "../../src/domain/agreement";
import { dateIn, formatDate, formatDateTime, isIsoDate } from "../../src/domain/dates";
import { FALLBACK_LANGUAGE, type Language, Languages, isLanguage, languageFromLocale } from "../../src/domain/language";
import {
  type ChatFacts,
  type Mentorship,
  type NewMentorship,
  type Person,
  acceptAgreement,
  agreementPosted,
  createMentorship,
  editAgreement,
  isActive,
  partyOf,
  waitingFor,
} from "../../src/domain/mentorship";
import { type ProgrammeId, Programmes, agreementChoices, isProgrammeId, meetingsInCadence, timeZoneFor } from "../../src/domain/programmes";
import type { Result } from "../../src/domain/result";
import { confirmEvaluation, startClosing } from "../../src/domain/closing";

const mentor: Person = { aadObjectId: "11111111-1111-4111-8111-111111111111", name: "Mette Mentor", channelUserId: "29:mette" };
const mentee: Person = { aadObjectId: "22222222-2222-4222-8222-222222222222", name: "Niels Nyansat", channelUserId: "29:niels" };
const stranger: Person = { aadObjectId: "33333333-3333-4333-8333-333333333333", name: "Karen Kollega", channelUserId: "29:karen" };

const T0 = new Date("2026-12-01T09:00:00Z");
const T1 = new Date("2026-12-02T10:00:00Z");
const T2 = new Date("2026-12-03T11:00:00Z");
const T3 = new Date("2026-12-04T12:00:00Z");

function input(over: Partial<NewMentorship> = {}): NewMentorship {
  return {
    id: "m-1",
    tenantId: "tenant-1",
    conversationId: "19:chat@thread.v2",
    programme: "klds",
    language: "da",
    unit: "Børn og familie",
    firstWorkingDay: "2027-01-04",
    mentor,
    mentee,
    ...over,
  };
}

const pairChat: ChatFacts = { hasActiveMentorship: false, humanAadObjectIds: [mentor.aadObjectId, mentee.aadObjectId] };

function value<T>(r: Result<T>): T {
  if (!r.ok) assert.fail(`expected ok, got ${r.error.code} ${JSON.stringify(r.error.params ?? {})}`);
  return r.value;
}

function refusal<T>(r: Result<T>, code: string): Record<string, string | number> | undefined {
  if (r.ok) assert.fail(`expected refusal ${code}, got ok`);
  assert.equal(r.error.code, code);
  assert.equal("value" in r, false, "a refusal carries no value");
  return r.error.params;
}

function created(over: Partial<NewMentorship> = {}) {
  return value(createMentorship(input(over), pairChat, T0));
}

/** A mentorship whose agreement card has been posted (start-up), with its version history. */
function inStartUp(over: Partial<NewMentorship> = {}): { m: Mentorship; v1: AgreementVersion } {
  const { mentorship, firstVersion } = created(over);
  return { m: value(agreementPosted(mentorship, T0)), v1: firstVersion };
}

const withFields = (base: AgreementFields, change: Partial<AgreementFields>): AgreementFields => ({ ...base, ...change });

function locked(): Mentorship {
  const { m } = inStartUp();
  const a = value(acceptAgreement(m, mentor.aadObjectId, 1, T1));
  return value(acceptAgreement(a, mentee.aadObjectId, 1, T2));
}

describe("domain: createMentorship", () => {
  it("creates the pair in preparation with version 1 pre-filled from the KL/DS programme", () => {
    const { mentorship: m, firstVersion } = created();
    assert.equal(m.phase, "preparation");
    assert.equal(m.id, "m-1");
    assert.equal(m.tenantId, "tenant-1");
    assert.equal(m.unit, "Børn og familie");
    assert.equal(m.firstWorkingDay, "2027-01-04");
    assert.deepEqual(m.mentor, mentor);
    assert.deepEqual(m.mentee, mentee);
    assert.equal(m.createdAt, T0.toISOString());
    assert.equal(m.phaseSince, T0.toISOString());
    assert.equal(m.lastActivityAt, T0.toISOString());
    assert.equal(m.agreementPostedAt, null);
    assert.equal(m.agreement.version, 1);
    assert.deepEqual(m.agreement.acceptances, {});
    assert.equal(m.agreement.lockedAt, null);
    assert.equal(firstVersion.number, 1);
    assert.equal(firstVersion.editedBy, "programme");
    assert.equal(firstVersion.at, T0.toISOString());
    assert.deepEqual(firstVersion.fields, m.agreement.fields);
    const f = m.agreement.fields;
    assert.equal(f.purpose, Programmes.klds.suggestedPurpose.da);
    assert.match(f.purpose, /socialrådgiver/);
    assert.equal(f.meetingCount, 9);
    assert.equal(f.meetingMinutes, 60);
    assert.deepEqual(f.mentorRoles, []);
    assert.deepEqual(f.tools, []);
    for (const name of AgreementFieldNames) {
      if (name === "purpose" || name === "meetingCount" || name === "meetingMinutes" || name === "mentorRoles" || name === "tools") continue;
      assert.equal(f[name], "", `${name} starts empty`);
    }
    assert.equal(isActive(m), true);
  });

  it("suggests the KL/DS purpose in the chosen language", () => {
    const expected: Record<Language, RegExp> = { da: /socialrådgiver/, nb: /sosionom/, en: /social worker/ };
    for (const language of Languages) {
      const f = created({ language }).mentorship.agreement.fields;
      assert.equal(f.purpose, Programmes.klds.suggestedPurpose[language]);
      assert.match(f.purpose, expected[language]);
    }
  });

  it("takes the Kristiansand defaults: 18 meetings of 45 minutes, purpose in the chosen language", () => {
    for (const language of Languages) {
      const f = created({ programme: "kristiansand", language }).mentorship.agreement.fields;
      assert.equal(f.meetingCount, 18);
      assert.equal(f.meetingMinutes, 45);
      assert.equal(f.purpose, Programmes.kristiansand.suggestedPurpose[language]);
      assert.notEqual(f.purpose, "");
    }
  });

  it("sets the time zone: Copenhagen for klds, Oslo for kristiansand, custom follows the language", () => {
    const zone = (programme: ProgrammeId, language: Language) => created({ programme, language }).mentorship.timeZone;
    for (const language of Languages) {
      assert.equal(zone("klds", language), "Europe/Copenhagen");
      assert.equal(zone("kristiansand", language), "Europe/Oslo");
    }
    assert.equal(zone("custom", "da"), "Europe/Copenhagen");
    assert.equal(zone("custom", "nb"), "Europe/Oslo");
    assert.equal(zone("custom", "en"), "Europe/Copenhagen");
    assert.equal(timeZoneFor("custom", "nb"), "Europe/Oslo");
    const custom = created({ programme: "custom", language: "en" }).mentorship.agreement.fields;
    assert.equal(custom.purpose, "");
    assert.equal(custom.meetingCount, 10);
    assert.equal(custom.meetingMinutes, 60);
  });

  it("refuses a chat that already has an active mentorship", () => {
    refusal(createMentorship(input(), { ...pairChat, hasActiveMentorship: true }, T0), "CHAT_HAS_ACTIVE_MENTORSHIP");
  });

  it("refuses when nobody but the mentor is in the chat", () => {
    refusal(createMentorship(input(), { hasActiveMentorship: false, humanAadObjectIds: [mentor.aadObjectId] }, T0), "NO_OTHER_HUMAN");
    refusal(createMentorship(input(), { hasActiveMentorship: false, humanAadObjectIds: [] }, T0), "NO_OTHER_HUMAN");
  });

  it("refuses the mentor as their own mentee", () => {
    refusal(createMentorship(input({ mentee: { ...mentor } }), pairChat, T0), "MENTOR_IS_MENTEE");
  });

  it("refuses a mentee who is not in the chat", () => {
    const chat: ChatFacts = { hasActiveMentorship: false, humanAadObjectIds: [mentor.aadObjectId, stranger.aadObjectId] };
    refusal(createMentorship(input(), chat, T0), "MENTEE_NOT_IN_CHAT");
  });

  for (const firstWorkingDay of ["2027-02-30", "tomorrow", "04.01.2027", "", "2027-13-01", "2027-1-4", " 2027-01-04"]) {
    it(`refuses the start date ${JSON.stringify(firstWorkingDay)}`, () => {
      refusal(createMentorship(input({ firstWorkingDay }), pairChat, T0), "INVALID_START_DATE");
    });
  }

  it("accepts a leap day as the start date", () => {
    assert.equal(created({ firstWorkingDay: "2028-02-29" }).mentorship.firstWorkingDay, "2028-02-29");
  });
});

describe("domain: partyOf, agreementPosted, waitingFor", () => {
  it("knows the mentor, the mentee and nobody else", () => {
    const { m } = inStartUp();
    assert.equal(partyOf(m, mentor.aadObjectId), "mentor");
    assert.equal(partyOf(m, mentee.aadObjectId), "mentee");
    assert.equal(partyOf(m, stranger.aadObjectId), null);
    assert.equal(partyOf(m, ""), null);
  });

  it("posting the card moves preparation to start-up and records when it was posted", () => {
    const { mentorship } = created();
    const m = value(agreementPosted(mentorship, T1));
    assert.equal(m.phase, "startUp");
    assert.equal(m.phaseSince, T1.toISOString());
    assert.equal(m.lastActivityAt, T1.toISOString());
    assert.equal(m.agreementPostedAt, T1.toISOString());
  });

  it("re-posting in start-up keeps the phase, its start and the first posting time (the new card's id is the chat adapter's)", () => {
    const { mentorship } = created();
    const m = value(agreementPosted(mentorship, T1));
    const again = value(agreementPosted(m, T2));
    assert.equal(again.phase, "startUp");
    assert.equal(again.phaseSince, T1.toISOString());
    assert.equal(again.agreementPostedAt, T1.toISOString());
  });

  it("refuses posting in the learning, closing and closed phases", () => {
    const learning = locked();
    assert.deepEqual(refusal(agreementPosted(learning, T3), "WRONG_PHASE"), { phase: "learning" });
    const closing = value(startClosing(learning, { by: "mentor", aadObjectId: mentor.aadObjectId }, "completed", T3));
    assert.deepEqual(refusal(agreementPosted(closing, T3), "WRONG_PHASE"), { phase: "closing" });
    const closed = value(confirmEvaluation(value(confirmEvaluation(closing, mentor.aadObjectId, 1, T3)).mentorship, mentee.aadObjectId, 1, T3)).mentorship;
    assert.deepEqual(refusal(agreementPosted(closed, T3), "WRONG_PHASE"), { phase: "closed" });
  });

  it("waitingFor: nothing in preparation, both in start-up, the other after one accepts, nothing once locked", () => {
    const { mentorship } = created();
    assert.deepEqual(waitingFor(mentorship), []);
    const { m } = inStartUp();
    assert.deepEqual(waitingFor(m), ["mentor", "mentee"]);
    const a = value(acceptAgreement(m, mentor.aadObjectId, 1, T1));
    assert.deepEqual(waitingFor(a), ["mentee"]);
    const b = value(acceptAgreement(m, mentee.aadObjectId, 1, T1));
    assert.deepEqual(waitingFor(b), ["mentor"]);
    assert.deepEqual(waitingFor(locked()), []);
  });
});

describe("domain: editAgreement", () => {
  it("saves a change as the next version, edited by the party, at the time given", () => {
    const { m, v1 } = inStartUp();
    const r = value(editAgreement(m, mentee.aadObjectId, v1, withFields(v1.fields, { timeAndPlace: "Tirsdag 9-10, mødelokale 2" }), T1));
    assert.equal(r.version.number, 2);
    assert.equal(r.version.editedBy, "mentee");
    assert.equal(r.version.at, T1.toISOString());
    assert.equal(r.version.fields.timeAndPlace, "Tirsdag 9-10, mødelokale 2");
    assert.equal(r.mentorship.agreement.version, 2);
    assert.deepEqual(r.mentorship.agreement.fields, r.version.fields);
    assert.equal(r.mentorship.agreement.lockedAt, null);
    assert.equal(r.mentorship.lastActivityAt, T1.toISOString());
    assert.equal(r.mentorship.phase, "startUp");
    const byMentor = value(editAgreement(r.mentorship, mentor.aadObjectId, r.version, withFields(r.version.fields, { openness: "Vi taler åbent" }), T2));
    assert.equal(byMentor.version.number, 3);
    assert.equal(byMentor.version.editedBy, "mentor");
  });

  it("refuses a role or tool outside the programme (a Kristiansand agreement has no case and episode analysis); keeps what it already held", () => {
    const { m, v1 } = inStartUp({ programme: "kristiansand", language: "nb" });
    refusal(editAgreement(m, mentor.aadObjectId, v1, withFields(v1.fields, { tools: ["caseAnalysis"] }), T1), "TOOL_NOT_IN_PROGRAMME");
    refusal(editAgreement(m, mentor.aadObjectId, v1, withFields(v1.fields, { mentorRoles: ["supervisor"] }), T1), "ROLE_NOT_IN_PROGRAMME");
    const own = value(editAgreement(m, mentor.aadObjectId, v1, withFields(v1.fields, { mentorRoles: ["supporter", "guide"], tools: ["qualitySystem"] }), T1));
    assert.deepEqual(own.mentorship.agreement.fields.tools, ["qualitySystem"]);
    const klds = inStartUp();
    refusal(editAgreement(klds.m, mentor.aadObjectId, klds.v1, withFields(klds.v1.fields, { tools: ["goodEnough"] }), T1), "TOOL_NOT_IN_PROGRAMME");
    // Stored before programmes had their own lists: the value it holds is kept, and other edits go through.
    const legacyFields = withFields(v1.fields, { tools: ["caseAnalysis"] });
    const legacy: Mentorship = { ...m, agreement: { ...m.agreement, fields: legacyFields } };
    const kept = value(editAgreement(legacy, mentor.aadObjectId, { ...v1, fields: legacyFields }, withFields(legacyFields, { openness: "Vi snakker åpent" }), T1));
    assert.deepEqual(kept.version.fields.tools, ["caseAnalysis"]);
  });

  it("remembers which version changed each field and what each party accepted before the edit (for 'changed since')", () => {
    const { m, v1 } = inStartUp();
    const e2 = value(editAgreement(m, mentor.aadObjectId, v1, withFields(v1.fields, { timeAndPlace: "Tirsdag" }), T1));
    assert.deepEqual(e2.mentorship.agreement.changedIn, { timeAndPlace: 2 });
    assert.deepEqual(changedSince(e2.mentorship.agreement, 1), ["timeAndPlace"]);
    const accepted = value(acceptAgreement(e2.mentorship, mentee.aadObjectId, 2, T2));
    const e3 = value(editAgreement(accepted, mentor.aadObjectId, e2.version, withFields(e2.version.fields, { undisturbed: "Lydløs", shortTermGoals: "Myndighedsrollen" }), T3));
    assert.deepEqual(e3.mentorship.agreement.acceptances, {});
    assert.deepEqual(e3.mentorship.agreement.acceptedBefore, { mentee: 2 });
    assert.deepEqual(changedSince(e3.mentorship.agreement, 2), ["undisturbed", "shortTermGoals"]);
    assert.deepEqual(changedSince(e3.mentorship.agreement, 1), ["timeAndPlace", "undisturbed", "shortTermGoals"]);
    const { changedIn: _c, ...older } = e3.mentorship.agreement;
    assert.equal(changedSince(older, 2), null, "an older row cannot tell");
  });

  it("clears the other party's acceptance", () => {
    const { m, v1 } = inStartUp();
    const accepted = value(acceptAgreement(m, mentee.aadObjectId, 1, T1));
    assert.equal(isAccepted(accepted.agreement, "mentee"), true);
    const r = value(editAgreement(accepted, mentor.aadObjectId, v1, withFields(v1.fields, { meetingCount: 10 }), T2));
    assert.deepEqual(r.mentorship.agreement.acceptances, {});
    assert.deepEqual(waitingFor(r.mentorship), ["mentor", "mentee"]);
  });

  it("clears the editor's own acceptance", () => {
    const { m, v1 } = inStartUp();
    const accepted = value(acceptAgreement(m, mentor.aadObjectId, 1, T1));
    const r = value(editAgreement(accepted, mentor.aadObjectId, v1, withFields(v1.fields, { meetingCount: 10 }), T2));
    assert.deepEqual(r.mentorship.agreement.acceptances, {});
    assert.equal(isAccepted(r.mentorship.agreement, "mentor"), false);
  });

  it("refuses a third person", () => {
    const { m, v1 } = inStartUp();
    refusal(editAgreement(m, stranger.aadObjectId, v1, withFields(v1.fields, { other: "x" }), T1), "NOT_A_PARTY");
  });

  it("refuses a save without changes", () => {
    const { m, v1 } = inStartUp();
    refusal(editAgreement(m, mentor.aadObjectId, v1, v1.fields, T1), "NO_CHANGES");
    // The same roles in another order are no change either.
    const r = value(editAgreement(m, mentor.aadObjectId, v1, withFields(v1.fields, { mentorRoles: ["coach", "critic"] }), T1));
    refusal(editAgreement(r.mentorship, mentee.aadObjectId, r.version, withFields(r.version.fields, { mentorRoles: ["critic", "coach"] }), T2), "NO_CHANGES");
  });

  it("refuses a stale edit whose only change is already in the newest version", () => {
    const { m, v1 } = inStartUp();
    const change = withFields(v1.fields, { timeAndPlace: "Mandag" });
    const r = value(editAgreement(m, mentor.aadObjectId, v1, change, T1));
    refusal(editAgreement(r.mentorship, mentee.aadObjectId, v1, change, T2), "NO_CHANGES");
  });

  it("refuses any edit once the agreement is locked", () => {
    const m = locked();
    assert.notEqual(m.agreement.lockedAt, null);
    const base: AgreementVersion = { number: 1, fields: m.agreement.fields, editedBy: "programme", at: T0.toISOString() };
    refusal(editAgreement(m, mentor.aadObjectId, base, withFields(base.fields, { other: "x" }), T3), "AGREEMENT_LOCKED");
    refusal(editAgreement(m, mentee.aadObjectId, base, withFields(base.fields, { other: "x" }), T3), "AGREEMENT_LOCKED");
  });

  it("refuses an edit in preparation (before the card is posted)", () => {
    const { mentorship, firstVersion } = created();
    assert.deepEqual(
      refusal(editAgreement(mentorship, mentor.aadObjectId, firstVersion, withFields(firstVersion.fields, { other: "x" }), T1), "WRONG_PHASE"),
      { phase: "preparation" },
    );
  });

  it("refuses minutes outside the programme's range, with the range as params", () => {
    const { m, v1 } = inStartUp(); // klds: 30–120
    for (const meetingMinutes of [29, 121, 0, -5]) {
      assert.deepEqual(
        refusal(editAgreement(m, mentor.aadObjectId, v1, withFields(v1.fields, { meetingMinutes }), T1), "INVALID_INPUT"),
        { field: "meetingMinutes", min: 30, max: 120 },
      );
    }
    assert.equal(value(editAgreement(m, mentor.aadObjectId, v1, withFields(v1.fields, { meetingMinutes: 30 }), T1)).version.fields.meetingMinutes, 30);
    assert.equal(value(editAgreement(m, mentor.aadObjectId, v1, withFields(v1.fields, { meetingMinutes: 120 }), T1)).version.fields.meetingMinutes, 120);
    const k = inStartUp({ programme: "kristiansand" }); // 30–60
    refusal(editAgreement(k.m, mentor.aadObjectId, k.v1, withFields(k.v1.fields, { meetingMinutes: 61 }), T1), "INVALID_INPUT");
    assert.equal(value(editAgreement(k.m, mentor.aadObjectId, k.v1, withFields(k.v1.fields, { meetingMinutes: 60 }), T1)).version.number, 2);
  });

  it("merges an edit based on an older version: only that user's changes go on top of the newest", () => {
    const { m, v1 } = inStartUp();
    // Both open version 1. The mentor saves first: time and place, and a new purpose.
    const mentorEdit = value(
      editAgreement(m, mentor.aadObjectId, v1, withFields(v1.fields, { timeAndPlace: "Torsdag 14-15", purpose: "Mentors formål" }), T1),
    );
    // The mentee's card still shows version 1; they change openness and the roles only.
    const menteeSubmitted = withFields(v1.fields, { openness: "Vi må sige alt", mentorRoles: ["coach"] });
    const r = value(editAgreement(mentorEdit.mentorship, mentee.aadObjectId, v1, menteeSubmitted, T2));
    assert.equal(r.version.number, 3);
    assert.equal(r.version.editedBy, "mentee");
    const f = r.version.fields;
    assert.equal(f.timeAndPlace, "Torsdag 14-15", "the mentor's concurrent change survives");
    assert.equal(f.purpose, "Mentors formål", "the mentee's stale purpose does not overwrite the mentor's");
    assert.equal(f.openness, "Vi må sige alt");
    assert.deepEqual(f.mentorRoles, ["coach"]);
    assert.deepEqual(changedFields(mentorEdit.version.fields, f).sort(), ["mentorRoles", "openness"]);
  });

  it("the later save wins where both changed the same field", () => {
    const { m, v1 } = inStartUp();
    const first = value(editAgreement(m, mentor.aadObjectId, v1, withFields(v1.fields, { other: "fra mentor" }), T1));
    const second = value(editAgreement(first.mentorship, mentee.aadObjectId, v1, withFields(v1.fields, { other: "fra mentee" }), T2));
    assert.equal(second.version.fields.other, "fra mentee");
  });

  it("applyChange and changedFields treat arrays as sets", () => {
    const { v1 } = inStartUp();
    const a = withFields(v1.fields, { tools: ["processJournal", "caseAnalysis"] });
    const b = withFields(v1.fields, { tools: ["caseAnalysis", "processJournal"] });
    assert.deepEqual(changedFields(a, b), []);
    assert.deepEqual(changedFields(v1.fields, a), ["tools"]);
    const latest = withFields(v1.fields, { other: "nyeste" });
    assert.deepEqual(applyChange(latest, v1.fields, a), { ...latest, tools: ["processJournal", "caseAnalysis"] });
  });
});

describe("domain: acceptAgreement", () => {
  it("records one party's acceptance of the version shown", () => {
    const { m } = inStartUp();
    const a = value(acceptAgreement(m, mentee.aadObjectId, 1, T1));
    assert.deepEqual(a.agreement.acceptances, { mentee: { version: 1, at: T1.toISOString() } });
    assert.equal(a.agreement.lockedAt, null);
    assert.equal(a.phase, "startUp");
    assert.equal(a.lastActivityAt, T1.toISOString());
  });

  it("refuses a stale version and tells the current one", () => {
    const { m, v1 } = inStartUp();
    const r = value(editAgreement(m, mentor.aadObjectId, v1, withFields(v1.fields, { other: "x" }), T1));
    assert.deepEqual(refusal(acceptAgreement(r.mentorship, mentee.aadObjectId, 1, T2), "AGREEMENT_STALE_VERSION"), { current: 2 });
    assert.deepEqual(refusal(acceptAgreement(r.mentorship, mentee.aadObjectId, 3, T2), "AGREEMENT_STALE_VERSION"), { current: 2 });
  });

  it("refuses accepting the same version twice", () => {
    const { m } = inStartUp();
    const a = value(acceptAgreement(m, mentor.aadObjectId, 1, T1));
    refusal(acceptAgreement(a, mentor.aadObjectId, 1, T2), "ALREADY_ACCEPTED");
  });

  it("refuses a third person", () => {
    const { m } = inStartUp();
    refusal(acceptAgreement(m, stranger.aadObjectId, 1, T1), "NOT_A_PARTY");
  });

  it("refuses accepting in preparation", () => {
    const { mentorship } = created();
    refusal(acceptAgreement(mentorship, mentor.aadObjectId, 1, T1), "WRONG_PHASE");
  });

  it("both on the same version lock the agreement and start the learning phase", () => {
    const { m } = inStartUp();
    const a = value(acceptAgreement(m, mentor.aadObjectId, 1, T1));
    const b = value(acceptAgreement(a, mentee.aadObjectId, 1, T2));
    assert.equal(b.agreement.lockedAt, T2.toISOString());
    assert.equal(b.phase, "learning");
    assert.equal(b.phaseSince, T2.toISOString());
    assert.deepEqual(b.agreement.acceptances, { mentor: { version: 1, at: T1.toISOString() }, mentee: { version: 1, at: T2.toISOString() } });
    refusal(acceptAgreement(b, mentor.aadObjectId, 1, T3), "AGREEMENT_LOCKED");
  });

  it("an acceptance of version 1, an edit to version 2 and the other's acceptance of 2 do not lock", () => {
    const { m, v1 } = inStartUp();
    const a = value(acceptAgreement(m, mentor.aadObjectId, 1, T1));
    const e = value(editAgreement(a, mentee.aadObjectId, v1, withFields(v1.fields, { feedback: "Ærlig feedback" }), T2));
    const b = value(acceptAgreement(e.mentorship, mentee.aadObjectId, 2, T3));
    assert.equal(b.agreement.lockedAt, null);
    assert.equal(b.phase, "startUp");
    assert.equal(isAccepted(b.agreement, "mentor"), false);
    assert.equal(isAccepted(b.agreement, "mentee"), true);
    assert.deepEqual(waitingFor(b), ["mentor"]);
    const c = value(acceptAgreement(b, mentor.aadObjectId, 2, T3));
    assert.equal(c.phase, "learning");
  });
});

// Moved from beginClosing/close (replaced by src/domain/closing.ts; its own tests: test/unit/closing.test.ts).
describe("domain: startClosing and confirmEvaluation", () => {
  it("only the mentor begins closing early, and only from an agreed learning phase", () => {
    const learning = locked();
    refusal(startClosing(learning, { by: "mentor", aadObjectId: mentee.aadObjectId }, "completed", T3), "MENTOR_ONLY");
    refusal(startClosing(learning, { by: "mentor", aadObjectId: stranger.aadObjectId }, "completed", T3), "NOT_A_PARTY");
    const { m } = inStartUp();
    refusal(startClosing(m, { by: "mentor", aadObjectId: mentor.aadObjectId }, "completed", T3), "AGREEMENT_NOT_AGREED");
    const { mentorship } = created();
    refusal(startClosing(mentorship, { by: "mentor", aadObjectId: mentor.aadObjectId }, "completed", T3), "AGREEMENT_NOT_AGREED");
    const closing = value(startClosing(learning, { by: "mentor", aadObjectId: mentor.aadObjectId }, "completed", T3));
    assert.equal(closing.phase, "closing");
    assert.equal(closing.phaseSince, T3.toISOString());
    refusal(startClosing(closing, { by: "mentor", aadObjectId: mentor.aadObjectId }, "completed", T3), "ALREADY_CLOSING");
  });

  it("only the parties close, and only from closing", () => {
    const learning = locked();
    refusal(confirmEvaluation(learning, mentor.aadObjectId, 1, T3), "NOT_CLOSING");
    const closing = value(startClosing(learning, { by: "mentor", aadObjectId: mentor.aadObjectId }, "completed", T3));
    refusal(confirmEvaluation(closing, stranger.aadObjectId, 1, T3), "NOT_A_PARTY");
    const half = value(confirmEvaluation(closing, mentee.aadObjectId, 1, T3));
    assert.equal(half.closed, false);
    const closed = value(confirmEvaluation(half.mentorship, mentor.aadObjectId, 1, T3)).mentorship;
    assert.equal(closed.phase, "closed");
    assert.equal(isActive(closed), false);
    assert.equal(isActive(closing), true);
    refusal(confirmEvaluation(closed, mentor.aadObjectId, 1, T3), "MENTORSHIP_CLOSED");
    assert.deepEqual(waitingFor(closed), []);
  });
});

describe("domain: programme data", () => {
  it("Kristiansand: weekly in weeks 3–6 (4), fortnightly in 7–18 (6), monthly in 19–52 (8)", () => {
    const bands = Programmes.kristiansand.cadence;
    assert.ok(bands);
    assert.equal(bands.length, 3);
    const [weekly, fortnightly, monthly] = bands;
    assert.ok(weekly && fortnightly && monthly);
    assert.deepEqual([weekly.fromWeek, weekly.toWeek, weekly.every], [3, 6, { weeks: 1 }]);
    assert.deepEqual([fortnightly.fromWeek, fortnightly.toWeek, fortnightly.every], [7, 18, { weeks: 2 }]);
    assert.deepEqual([monthly.fromWeek, monthly.toWeek, monthly.every], [19, 52, { months: 1 }]);
    assert.equal(meetingsInCadence([weekly]), 4);
    assert.equal(meetingsInCadence([fortnightly]), 6);
    assert.equal(meetingsInCadence([monthly]), 8);
    assert.equal(meetingsInCadence(bands), 18);
    assert.equal(Programmes.kristiansand.defaultMeetingCount, 18);
    assert.equal(meetingsInCadence([]), 0);
  });

  it("Kristiansand: 30–60 minutes; probation talks after 14 days, 2 months, 4–5 months; Oslo", () => {
    const k = Programmes.kristiansand;
    assert.deepEqual(k.meetingMinutes, { min: 30, max: 60, default: 45 });
    assert.deepEqual(k.milestones, [
      { key: "probation14d", afterDays: 14 },
      { key: "probation2m", afterMonths: [2, 2] },
      { key: "probation4to5m", afterMonths: [4, 5] },
    ]);
    assert.equal(k.timeZone, "Europe/Oslo");
    assert.equal(k.country, "NO");
  });

  it("KL/DS: introduction months 0–3, mentoring 3–12, development talk at 12; Copenhagen", () => {
    const k = Programmes.klds;
    assert.deepEqual(k.introductionMonths, [0, 3]);
    assert.deepEqual(k.mentoringMonths, [3, 12]);
    assert.deepEqual(k.milestones, [{ key: "developmentTalk", afterMonths: [12, 12] }]);
    assert.equal(k.cadence, null);
    assert.equal(k.timeZone, "Europe/Copenhagen");
    assert.equal(k.country, "DK");
    assert.ok(k.meetingMinutes.min <= k.meetingMinutes.default && k.meetingMinutes.default <= k.meetingMinutes.max);
  });

  it("each programme names its own mentor roles and tools: KL/DS (and custom) the social-work ones, Kristiansand støtte/veilede/guide", () => {
    assert.deepEqual(Programmes.klds.mentorRoles, ["supervisor", "coach", "adviser", "knowledgeSharer", "critic"]);
    assert.deepEqual(Programmes.klds.tools, ["processJournal", "caseAnalysis", "coachingConversation"]);
    assert.deepEqual(Programmes.kristiansand.mentorRoles, ["supporter", "counsellor", "guide"]);
    assert.deepEqual(Programmes.kristiansand.tools, ["practiceReflection", "qualitySystem", "goodEnough"]);
    assert.deepEqual(Programmes.custom.mentorRoles, Programmes.klds.mentorRoles);
    assert.deepEqual(Programmes.custom.tools, Programmes.klds.tools);
    for (const p of Object.values(Programmes)) {
      for (const r of p.mentorRoles) assert.ok((MentorRoles as readonly string[]).includes(r), r);
      for (const x of p.tools) assert.ok((AgreementTools as readonly string[]).includes(x), x);
    }
    // What an existing agreement holds stays allowed, after the programme's own.
    assert.deepEqual(agreementChoices("kristiansand", { mentorRoles: ["supervisor", "guide"], tools: [] }).mentorRoles, ["supporter", "counsellor", "guide", "supervisor"]);
  });

  it("every programme's id matches its key, and isProgrammeId knows exactly those", () => {
    for (const [key, p] of Object.entries(Programmes)) {
      assert.equal(p.id, key);
      assert.equal(isProgrammeId(key), true);
      assert.ok(p.meetingMinutes.min <= p.meetingMinutes.default && p.meetingMinutes.default <= p.meetingMinutes.max, key);
    }
    assert.equal(isProgrammeId("KLDS"), false);
    assert.equal(isProgrammeId(undefined), false);
  });
});

describe("domain: dates", () => {
  it("isIsoDate accepts real calendar dates only, leap years included", () => {
    for (const ok of ["2027-01-04", "2028-02-29", "2000-02-29", "2027-12-31", "1900-01-01", "2200-12-31"]) assert.equal(isIsoDate(ok), true, ok);
    for (const bad of ["2027-02-29", "1900-02-29", "2100-02-29", "2027-02-30", "2027-13-01", "2027-00-10", "2027-01-00", "2027-04-31", "tomorrow", "04.01.2027", "", "2027-1-4", "2027-01-04T00:00:00Z", "1899-12-31", "2201-01-01"]) {
      assert.equal(isIsoDate(bad), false, bad);
    }
    for (const notString of [undefined, null, 20270104, new Date("2027-01-04"), ["2027-01-04"]]) assert.equal(isIsoDate(notString), false);
  });

  it("formatDate writes dd.mm.yyyy", () => {
    assert.equal(formatDate("2027-01-04"), "04.01.2027");
    assert.equal(formatDate("2028-12-31"), "31.12.2028");
  });

  it("formatDateTime writes 24-hour local time across the spring DST change", () => {
    for (const zone of ["Europe/Copenhagen", "Europe/Oslo"]) {
      assert.equal(formatDateTime(new Date("2027-03-28T00:30:00Z"), zone), "28.03.2027 01:30", zone);
      assert.equal(formatDateTime(new Date("2027-03-28T01:30:00Z"), zone), "28.03.2027 03:30", zone);
    }
  });

  it("formatDateTime across the autumn DST change: two instants, the same wall-clock time", () => {
    for (const zone of ["Europe/Copenhagen", "Europe/Oslo"]) {
      assert.equal(formatDateTime(new Date("2027-10-31T00:30:00Z"), zone), "31.10.2027 02:30", zone);
      assert.equal(formatDateTime(new Date("2027-10-31T01:30:00Z"), zone), "31.10.2027 02:30", zone);
      assert.equal(formatDateTime(new Date("2027-10-31T02:30:00Z"), zone), "31.10.2027 03:30", zone);
    }
  });

  it("formatDateTime writes midnight as 00:00 (never 24:00) and afternoon as 13–23", () => {
    assert.equal(formatDateTime(new Date("2027-01-01T23:00:00Z"), "Europe/Copenhagen"), "02.01.2027 00:00");
    assert.equal(formatDateTime(new Date("2027-07-01T22:05:00Z"), "Europe/Oslo"), "02.07.2027 00:05");
    assert.equal(formatDateTime(new Date("2027-07-01T13:45:00Z"), "Europe/Oslo"), "01.07.2027 15:45");
  });

  it("dateIn gives the local calendar date", () => {
    assert.equal(dateIn(new Date("2027-01-01T23:30:00Z"), "Europe/Copenhagen"), "2027-01-02");
    assert.equal(dateIn(new Date("2027-01-01T22:30:00Z"), "Europe/Oslo"), "2027-01-01");
  });
});

describe("domain: languages", () => {
  const cases: [string | undefined | null, Language][] = [
    ["da-DK", "da"],
    ["da", "da"],
    ["nb-NO", "nb"],
    ["nn-NO", "nb"],
    ["no", "nb"],
    ["NB_no", "nb"],
    ["en-US", "en"],
    ["en-GB", "en"],
    ["fr-FR", "da"],
    ["sv-SE", "da"],
    ["", "da"],
    [undefined, "da"],
    [null, "da"],
  ];
  for (const [locale, expected] of cases) {
    it(`languageFromLocale(${JSON.stringify(locale)}) is ${expected}`, () => {
      assert.equal(languageFromLocale(locale), expected);
    });
  }

  it("falls back to Danish, and isLanguage knows exactly da, nb, en", () => {
    assert.equal(FALLBACK_LANGUAGE, "da");
    for (const l of Languages) assert.equal(isLanguage(l), true);
    for (const l of ["no", "nn", "DA", "", undefined, 1]) assert.equal(isLanguage(l), false);
  });
});

// ---------------------------------------------------------------------------------------------
// Model-based property: random edits and accepts by mentor, mentee and a stranger.

type Who = "mentor" | "mentee" | "stranger";
const ids: Record<Who, string> = { mentor: mentor.aadObjectId, mentee: mentee.aadObjectId, stranger: stranger.aadObjectId };

type Step =
  | { kind: "edit"; who: Who; baseBack: number; field: "timeAndPlace" | "openness" | "other" | "meetingMinutes" | "mentorRoles"; pick: number }
  | { kind: "accept"; who: Who; versionDelta: number };

const TEXTS = ["", "Mandag 9-10", "Tirsdag", "Æblet"];
const MINUTES = [20, 30, 45, 60, 120, 121]; // klds allows 30–120
const ROLES = [[], ["coach"], ["critic", "coach"], ["adviser"]] as const;

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant("edit" as const),
    who: fc.constantFrom<Who>("mentor", "mentee", "stranger"),
    baseBack: fc.nat({ max: 3 }),
    field: fc.constantFrom("timeAndPlace", "openness", "other", "meetingMinutes", "mentorRoles"),
    pick: fc.nat({ max: 5 }),
  }),
  fc.record({
    kind: fc.constant("accept" as const),
    who: fc.constantFrom<Who>("mentor", "mentee", "stranger"),
    // Mostly the current version, so that locks happen; sometimes an older or a future one.
    versionDelta: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: -2, max: 1 }) }),
  }),
);

function submittedFor(step: Extract<Step, { kind: "edit" }>, base: AgreementFields): AgreementFields {
  switch (step.field) {
    case "meetingMinutes":
      return { ...base, meetingMinutes: MINUTES[step.pick % MINUTES.length]! };
    case "mentorRoles":
      return { ...base, mentorRoles: [...ROLES[step.pick % ROLES.length]!] };
    default:
      return { ...base, [step.field]: TEXTS[step.pick % TEXTS.length]! };
  }
}

function checkInvariants(m: Mentorship): void {
  const a = m.agreement;
  const both = a.acceptances.mentor?.version === a.version && a.acceptances.mentee?.version === a.version;
  assert.equal(a.lockedAt !== null, both, "locked ⇔ both accepted the current version");
  assert.equal(m.phase === "learning", a.lockedAt !== null, "learning ⇔ locked");
  for (const acc of Object.values(a.acceptances)) assert.equal(acc?.version, a.version, "acceptances are for the current version only");
}

describe("domain: property — random edits and accepts", () => {
  it("keeps the invariants for any sequence", () => {
    const reached = { edits: 0, locks: 0, refusedAfterLock: 0 };
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 40 }), (steps) => {
        const start = inStartUp();
        let m = start.m;
        const history: AgreementVersion[] = [start.v1];
        let clock = T1.getTime();
        for (const step of steps) {
          const now = new Date((clock += 60_000));
          const before = m;
          const wasLocked = m.agreement.lockedAt !== null;
          if (step.kind === "edit") {
            const base = history[Math.max(0, history.length - 1 - step.baseBack)]!;
            const r = editAgreement(m, ids[step.who], base, submittedFor(step, base.fields), now);
            if (step.who === "stranger") assert.ok(!r.ok && r.error.code === "NOT_A_PARTY", "a stranger never edits");
            if (wasLocked) assert.ok(!r.ok && (step.who === "stranger" || r.error.code === "AGREEMENT_LOCKED"), "nothing changes after lock");
            if (wasLocked) reached.refusedAfterLock++;
            if (r.ok) {
              reached.edits++;
              assert.equal(r.value.version.number, before.agreement.version + 1, "a successful edit adds exactly one version");
              assert.equal(r.value.version.editedBy, step.who);
              assert.deepEqual(r.value.mentorship.agreement.acceptances, {});
              assert.ok(changedFields(before.agreement.fields, r.value.version.fields).length > 0);
              m = r.value.mentorship;
              history.push(r.value.version);
            }
          } else {
            const version = m.agreement.version + step.versionDelta;
            const r = acceptAgreement(m, ids[step.who], version, now);
            if (step.who === "stranger") assert.ok(!r.ok && r.error.code === "NOT_A_PARTY", "a stranger never accepts");
            if (wasLocked) assert.ok(!r.ok, "nothing changes after lock");
            if (r.ok) {
              assert.equal(r.value.agreement.version, before.agreement.version, "accepting never changes the version");
              assert.deepEqual(r.value.agreement.fields, before.agreement.fields);
              assert.equal(r.value.agreement.acceptances[step.who as "mentor" | "mentee"]?.version, version);
              if (r.value.agreement.lockedAt !== null) reached.locks++;
              m = r.value;
            } else if (!wasLocked && step.who !== "stranger" && version !== before.agreement.version) {
              assert.equal(r.error.code, "AGREEMENT_STALE_VERSION");
              assert.deepEqual(r.error.params, { current: before.agreement.version });
            }
          }
          checkInvariants(m);
          assert.ok(m.agreement.version >= before.agreement.version);
          assert.equal(m.agreement.version, history.length, "version numbers are 1..n without gaps");
        }
      }),
      { numRuns: 300 },
    );
    // The generator must actually reach the interesting states, or the invariants prove little.
    assert.ok(reached.edits > 100, `successful edits: ${reached.edits}`);
    assert.ok(reached.locks > 10, `locks: ${reached.locks}`);
    assert.ok(reached.refusedAfterLock > 10, `attempts after lock: ${reached.refusedAfterLock}`);
  });
});
