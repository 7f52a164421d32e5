// The introduction scheme's transitions (src/domain/introduction.ts) and the built-ins' templates:
// who may tick, close and hand over; the closing talk among the leader's talks; counts only.
import assert from "node:assert/strict";
import {
  HANDOVER_MAX,
  closeIntroduction,
  handoverDue,
  introductionProgress,
  itemKeys,
  startIntroduction,
  tickIntroduction,
  writeHandover,
} from "../../src/domain/introduction";
import { INTRODUCTION_CLOSING_TALK } from "../../src/domain/leader";
import { type Mentorship, type Person, createMentorship } from "../../src/domain/mentorship";
import { KLDS_INTRODUCTION, KRISTIANSAND_INTRODUCTION } from "../../src/domain/programmes/introductionTemplates";
import { Programmes } from "../../src/domain/programmes";
import type { Result } from "../../src/domain/result";
import { Languages } from "../../src/domain/language";

const mentor: Person = { aadObjectId: "11111111-1111-4111-8111-111111111111", name: "Mette Mentor", channelUserId: "29:mette" };
const mentee: Person = { aadObjectId: "22222222-2222-4222-8222-222222222222", name: "Niels Nyansat", channelUserId: "29:niels" };
const contact: Person = { aadObjectId: "33333333-3333-4333-8333-333333333333", name: "Karen Kollega", channelUserId: "29:karen" };
const leader: Person = { aadObjectId: "66666666-6666-4666-8666-666666666666", name: "Lars Leder", channelUserId: "29:lars" };
const stranger: Person = { aadObjectId: "99999999-9999-4999-8999-999999999999", name: "Fremmed", channelUserId: "29:x" };
const T = (n: number) => new Date(Date.UTC(2027, 0, 1 + n, 9));

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}`);
  return r.value;
}
const code = <T>(r: Result<T>): string => (r.ok ? "ok" : r.error.code);

function pair(withLeader = true): Mentorship {
  const m = value(
    createMentorship(
      { id: "m1", tenantId: "t1", conversationId: "c1", programme: "klds", language: "da", unit: "Børn og unge", firstWorkingDay: "2027-01-04", mentor, mentee },
      { hasActiveMentorship: false, humanAadObjectIds: [mentor.aadObjectId, mentee.aadObjectId] },
      T(0),
    ),
  ).mentorship;
  return withLeader ? { ...m, leader } : m;
}
const started = (who: Person = contact, mode: "before" | "beside" = "before") => value(startIntroduction(pair(), KLDS_INTRODUCTION, who, mode, T(1)));

describe("introduction: the built-in templates", () => {
  for (const [name, tpl] of [["KL/DS", KLDS_INTRODUCTION], ["Kristiansand", KRISTIANSAND_INTRODUCTION]] as const) {
    it(`${name}: every label in da, nb and en, unique keys, weeks within the introduction`, () => {
      const keys = itemKeys(tpl);
      assert.equal(new Set(keys).size, keys.length);
      for (const l of [...tpl.checklist.map((c) => c.label), ...tpl.schedule.map((s) => s.label), ...tpl.statusAgenda]) {
        for (const lang of Languages) assert.ok(l[lang].trim().length > 0, `${lang} label`);
      }
      for (const s of tpl.schedule) assert.ok(s.week >= 1 && s.week <= tpl.closingTalkWeek, s.key);
      assert.ok(tpl.statusAgenda.length > 0);
    });
  }
  it("the seeds' own words: KL/DS IT, password, office, videnspersoner, følordning, sidemandsoplæring; Kristiansand the training shifts, the quality system, the first regular shift", () => {
    const da = [...KLDS_INTRODUCTION.checklist, ...KLDS_INTRODUCTION.schedule].map((x) => x.label.da).join("\n");
    for (const w of ["IT", "Password", "Kontor", "videnspersoner", "Følordning", "Sidemandsoplæring", "Træning", "Statusmøde"]) assert.ok(da.includes(w), w);
    const nb = [...KRISTIANSAND_INTRODUCTION.checklist, ...KRISTIANSAND_INTRODUCTION.schedule].map((x) => x.label.nb).join("\n");
    for (const w of ["Opplæringsvakter", "kvalitetssystemet", "Sjekkliste", "Første ordinære vakt"]) assert.ok(nb.includes(w), w);
    assert.equal(KLDS_INTRODUCTION.closingTalkWeek, 12);
  });
  it("the programmes offer them; custom has none", () => {
    assert.equal(Programmes.klds.introduction, KLDS_INTRODUCTION);
    assert.equal(Programmes.kristiansand.introduction, KRISTIANSAND_INTRODUCTION);
    assert.equal(Programmes.custom.introduction, null);
  });
});

describe("introduction: starting", () => {
  it("copies the template, names the contact person, and adds the closing talk at the template's week", () => {
    const m = started();
    assert.equal(m.contact?.aadObjectId, contact.aadObjectId);
    assert.equal(m.introduction?.mode, "before");
    assert.deepEqual(m.introduction?.ticks, {});
    const talk = m.leaderState?.talks.find((t) => t.key === INTRODUCTION_CLOSING_TALK);
    // First working day 2027-01-04 (a Monday): week 12 begins 11 weeks later.
    assert.deepEqual([talk?.from, talk?.to, talk?.status], ["2027-03-22", "2027-03-26", "planned"]);
    assert.deepEqual(introductionProgress(m.introduction), { done: 0, total: KLDS_INTRODUCTION.checklist.length + KLDS_INTRODUCTION.schedule.length });
  });
  it("keeps the leader's other talks, in due order", () => {
    const base = pair();
    const other = { key: "developmentTalk", from: "2028-01-03", to: "2028-01-07", status: "planned" as const, remindedAt: null, booking: null, answeredAt: null };
    const early = { ...other, key: "probation14d", from: "2027-01-18", to: "2027-01-18" };
    const m = value(startIntroduction({ ...base, leaderState: { talks: [early, other], headsUpAt: null, mentorChangeRequestedAt: null } }, KLDS_INTRODUCTION, contact, "beside", T(1)));
    assert.deepEqual(m.leaderState?.talks.map((t) => t.key), ["probation14d", INTRODUCTION_CLOSING_TALK, "developmentTalk"]);
  });
  it("the leader as contact person: LEADER_AS_CONTACT unless confirmed (also when the directory says so)", () => {
    assert.equal(code(startIntroduction(pair(), KLDS_INTRODUCTION, leader, "before", T(1))), "LEADER_AS_CONTACT");
    assert.equal(code(startIntroduction(pair(false), KLDS_INTRODUCTION, stranger, "before", T(1), { contactIsLeader: true })), "LEADER_AS_CONTACT");
    assert.equal(value(startIntroduction(pair(), KLDS_INTRODUCTION, leader, "before", T(1), { confirmLeader: true })).contact?.aadObjectId, leader.aadObjectId);
  });
  it("the mentor may be the contact person; the new hire may not; no template or a closed mentorship refuse", () => {
    assert.equal(started(mentor).contact?.aadObjectId, mentor.aadObjectId);
    assert.equal(code(startIntroduction(pair(), KLDS_INTRODUCTION, mentee, "before", T(1))), "INVALID_INPUT");
    assert.equal(code(startIntroduction(pair(), null, contact, "before", T(1))), "NO_INTRODUCTION");
    assert.equal(code(startIntroduction({ ...pair(), phase: "closed" }, KLDS_INTRODUCTION, contact, "before", T(1))), "MENTORSHIP_CLOSED");
    assert.equal(code(startIntroduction(pair(), KLDS_INTRODUCTION, contact, "sideways" as "before", T(1))), "INVALID_INPUT");
  });
  it("again: a new contact person takes over with the ticks kept; the same again is NO_CHANGES; one closing talk only", () => {
    const m = value(tickIntroduction(started(), mentee.aadObjectId, [{ key: "c:it", ticked: true }], T(2)));
    const again = value(startIntroduction(m, KLDS_INTRODUCTION, mentor, "before", T(3)));
    assert.equal(again.contact?.aadObjectId, mentor.aadObjectId);
    assert.ok(again.introduction?.ticks["c:it"]);
    assert.equal(again.leaderState?.talks.filter((t) => t.key === INTRODUCTION_CLOSING_TALK).length, 1);
    assert.equal(code(startIntroduction(again, KLDS_INTRODUCTION, mentor, "before", T(3))), "NO_CHANGES");
  });
});

describe("introduction: ticks", () => {
  it("the contact person and the new hire tick and untick; the count follows", () => {
    let m = value(tickIntroduction(started(), contact.aadObjectId, [{ key: "c:password", ticked: true }], T(2)));
    assert.deepEqual(m.introduction?.ticks["c:password"], { by: "contact", at: T(2).toISOString() });
    m = value(tickIntroduction(m, mentee.aadObjectId, [{ key: "s:shadowing", ticked: true }, { key: "c:keys", ticked: true }], T(3)));
    assert.equal(m.introduction?.ticks["s:shadowing"]?.by, "newHire");
    assert.equal(introductionProgress(m.introduction).done, 3);
    m = value(tickIntroduction(m, mentee.aadObjectId, [{ key: "c:password", ticked: false }], T(4)));
    assert.equal(introductionProgress(m.introduction).done, 2);
  });
  it("the mentor who is not the contact person, a stranger and the leader are refused; the mentor as contact may tick", () => {
    for (const who of [mentor, stranger, leader]) assert.equal(code(tickIntroduction(started(), who.aadObjectId, [{ key: "c:it", ticked: true }], T(2))), "NOT_INTRODUCTION_PARTY");
    assert.equal(value(tickIntroduction(started(mentor), mentor.aadObjectId, [{ key: "c:it", ticked: true }], T(2))).introduction?.ticks["c:it"]?.by, "contact");
  });
  it("an unknown key refuses the whole change; nothing changed is NO_CHANGES; no introduction; closed", () => {
    assert.equal(code(tickIntroduction(started(), contact.aadObjectId, [{ key: "c:it", ticked: true }, { key: "c:nope", ticked: true }], T(2))), "INVALID_INPUT");
    assert.equal(code(tickIntroduction(started(), contact.aadObjectId, [{ key: "__proto__", ticked: true }], T(2))), "INVALID_INPUT");
    assert.equal(code(tickIntroduction(started(), contact.aadObjectId, [{ key: "c:it", ticked: false }], T(2))), "NO_CHANGES");
    assert.equal(code(tickIntroduction(pair(), mentee.aadObjectId, [{ key: "c:it", ticked: true }], T(2))), "NO_INTRODUCTION");
    const closed = value(closeIntroduction(started(), contact.aadObjectId, { talkHeld: true, mentorSchemeStarts: true }, T(90)));
    assert.equal(code(tickIntroduction(closed, mentee.aadObjectId, [{ key: "c:it", ticked: true }], T(91))), "INTRODUCTION_CLOSED");
  });
});

describe("introduction: closing and the hand-over", () => {
  it("the contact person or the leader closes it, recording the talk and whether the mentor scheme starts", () => {
    const byContact = value(closeIntroduction(started(), contact.aadObjectId, { talkHeld: true, mentorSchemeStarts: false }, T(90)));
    assert.equal(byContact.introduction?.closedAt, T(90).toISOString());
    assert.equal(byContact.introduction?.mentorSchemeStarts, false);
    assert.equal(byContact.leaderState?.talks.find((t) => t.key === INTRODUCTION_CLOSING_TALK)?.status, "held");
    const byLeader = value(closeIntroduction(started(), leader.aadObjectId, { talkHeld: false, mentorSchemeStarts: true }, T(90)));
    assert.equal(byLeader.introduction?.mentorSchemeStarts, true);
    assert.equal(byLeader.leaderState?.talks.find((t) => t.key === INTRODUCTION_CLOSING_TALK)?.status, "notHeld");
    for (const who of [mentor, mentee, stranger]) assert.equal(code(closeIntroduction(started(), who.aadObjectId, { talkHeld: true, mentorSchemeStarts: true }, T(90))), "NOT_INTRODUCTION_PARTY");
    assert.equal(code(closeIntroduction(byContact, contact.aadObjectId, { talkHeld: true, mentorSchemeStarts: true }, T(91))), "INTRODUCTION_CLOSED");
  });
  it("the hand-over: the contact person only, trimmed, not empty, at most HANDOVER_MAX", () => {
    const m = value(writeHandover(started(), contact.aadObjectId, "  Systemerne og følordningen er gennemgået.  ", T(80)));
    assert.equal(m.introduction?.handover?.text, "Systemerne og følordningen er gennemgået.");
    for (const who of [mentor, mentee, stranger, leader]) assert.equal(code(writeHandover(started(), who.aadObjectId, "x", T(80))), "NOT_INTRODUCTION_PARTY");
    assert.equal(code(writeHandover(started(), contact.aadObjectId, "   ", T(80))), "INVALID_INPUT");
    const long = writeHandover(started(), contact.aadObjectId, "x".repeat(HANDOVER_MAX + 1), T(80));
    assert.deepEqual(long.ok ? null : long.error, { code: "INVALID_INPUT", params: { field: "handover", max: HANDOVER_MAX } });
    assert.ok(writeHandover(started(), contact.aadObjectId, "x".repeat(HANDOVER_MAX), T(80)).ok);
    assert.equal(code(writeHandover(m, contact.aadObjectId, "Systemerne og følordningen er gennemgået.", T(81))), "NO_CHANGES");
  });
  it("the mentor sees it when the mentor scheme begins: beside at once, before when it closes with the mentor scheme starting; never when the mentor is the contact", () => {
    const noted = (who: Person, mode: "before" | "beside") => value(writeHandover(started(who, mode), who.aadObjectId, "Note", T(80)));
    assert.equal(handoverDue(noted(contact, "beside")), true);
    const before = noted(contact, "before");
    assert.equal(handoverDue(before), false);
    assert.equal(handoverDue(value(closeIntroduction(before, contact.aadObjectId, { talkHeld: true, mentorSchemeStarts: false }, T(90)))), false);
    assert.equal(handoverDue(value(closeIntroduction(before, contact.aadObjectId, { talkHeld: true, mentorSchemeStarts: true }, T(90)))), true);
    assert.equal(handoverDue(value(closeIntroduction(noted(mentor, "before"), mentor.aadObjectId, { talkHeld: true, mentorSchemeStarts: true }, T(90)))), false);
    assert.equal(handoverDue(value(closeIntroduction(started(), contact.aadObjectId, { talkHeld: true, mentorSchemeStarts: true }, T(90)))), false, "no note");
  });
});
