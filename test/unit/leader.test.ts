// The leader's talks (src/domain/leader.ts): planned from each built-in's milestones, re-planned when
// the first working day moves (booked and answered talks kept), reminded once, booked only by the
// leader, answered, the heads-up once, the mentor-change flag; nothing while paused or after closing.
import assert from "node:assert/strict";
import { INTRODUCTION_CLOSING_TALK, proposedTalkSlot, talkAttendees, answerTalk, bookTalk, headsUpSent, planTalks, requestMentorChange, setLeader, talkDates, talkReminded } from "../../src/domain/leader";
import { type Mentorship, type Person, createMentorship, pause } from "../../src/domain/mentorship";
import { Programmes, policyOf } from "../../src/domain/programmes";
import type { Result } from "../../src/domain/result";

const mentor: Person = { aadObjectId: "11111111-1111-4111-8111-111111111111", name: "Mette Mentor", channelUserId: "29:mette" };
const mentee: Person = { aadObjectId: "22222222-2222-4222-8222-222222222222", name: "Niels Nyansat", channelUserId: "29:niels" };
const leader: Person = { aadObjectId: "44444444-4444-4444-8444-444444444444", name: "Lars Leder", channelUserId: "29:lars" };
const other: Person = { aadObjectId: "55555555-5555-4555-8555-555555555555", name: "Lone Leder", channelUserId: "29:lone" };
const NOW = new Date(Date.UTC(2027, 0, 4, 9));
const booking = { startUtc: "2027-01-18T09:00:00.000Z", endUtc: "2027-01-18T10:00:00.000Z", eventId: "e1", joinUrl: null };

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}`);
  return r.value;
}
const code = <T>(r: Result<T>): string => (r.ok ? "ok" : r.error.code);

function pair(programme: "klds" | "kristiansand" | "custom", firstWorkingDay = "2027-02-01"): Mentorship {
  const m = value(createMentorship({ id: "m1", tenantId: "t1", conversationId: "c1", programme, language: programme === "kristiansand" ? "nb" : "da", unit: "U", firstWorkingDay, mentor, mentee }, { hasActiveMentorship: false, humanAadObjectIds: [mentor.aadObjectId, mentee.aadObjectId] }, NOW)).mentorship;
  return value(setLeader(m, leader, policyOf(m), NOW));
}

describe("leader talks (domain)", () => {
  it("plans Kristiansand's three probation talks: 14 days, 2 months, 4–5 months after the first working day", () => {
    const m = pair("kristiansand");
    assert.deepEqual(
      m.leaderState?.talks.map((t) => [t.key, t.from, t.to, t.status]),
      [
        ["probation14d", "2027-02-15", "2027-02-15", "planned"],
        ["probation2m", "2027-04-01", "2027-04-01", "planned"],
        ["probation4to5m", "2027-06-01", "2027-07-01", "planned"],
      ],
    );
  });

  it("plans KL/DS's development talk at 12 months, and nothing for a programme without milestones", () => {
    assert.deepEqual(pair("klds").leaderState?.talks.map((t) => [t.key, t.from]), [["developmentTalk", "2028-02-01"]]);
    assert.deepEqual(pair("custom").leaderState?.talks, []);
  });

  it("leaves out a talk before day 0 and plans a coordinator's own talk by its key", () => {
    const dated = talkDates({ milestones: [{ key: "early", afterDays: -3 }, { key: "own", afterDays: 30, label: { da: "Egen", nb: "Egen", en: "Own" } }] }, "2027-02-01");
    assert.deepEqual(dated.map((d) => d.key), ["own"]);
  });

  it("re-plans when the first working day moves, keeping booked and answered talks and talks of other origins", () => {
    let m = pair("kristiansand");
    m = value(bookTalk(m, leader.aadObjectId, "probation14d", booking, NOW));
    m = value(talkReminded(m, "probation2m", NOW));
    const intro = { key: INTRODUCTION_CLOSING_TALK, from: "2027-04-20", to: "2027-04-24", status: "planned" as const, remindedAt: null, booking: null, answeredAt: null };
    m = { ...m, leaderState: { ...m.leaderState!, talks: [...m.leaderState!.talks, intro] } };
    const moved = planTalks({ ...m, firstWorkingDay: "2027-03-01" }, Programmes.kristiansand);
    const byKey = Object.fromEntries(moved.leaderState!.talks.map((t) => [t.key, t]));
    assert.equal(byKey["probation14d"]?.status, "booked");
    assert.equal(byKey["probation14d"]?.from, "2027-02-15");
    assert.equal(byKey["probation2m"]?.from, "2027-05-01");
    assert.equal(byKey["probation2m"]?.status, "planned", "a moved window is reminded again");
    assert.deepEqual(byKey[INTRODUCTION_CLOSING_TALK], intro);
    assert.equal(planTalks(moved, Programmes.kristiansand), moved, "planning again with nothing changed is the same value");
  });

  it("reminds once, and not while paused or closed", () => {
    const m = pair("klds");
    const reminded = value(talkReminded(m, "developmentTalk", NOW));
    assert.equal(reminded.leaderState?.talks[0]?.status, "reminded");
    assert.equal(code(talkReminded(reminded, "developmentTalk", NOW)), "NO_CHANGES");
    assert.equal(code(talkReminded(value(pause(m, NOW)), "developmentTalk", NOW)), "MENTORSHIP_PAUSED");
    assert.equal(code(talkReminded({ ...m, phase: "closed" }, "developmentTalk", NOW)), "MENTORSHIP_CLOSED");
    assert.equal(code(talkReminded(m, "nope", NOW)), "TALK_NOT_FOUND");
    assert.equal(code(headsUpSent(value(pause(m, NOW)), NOW)), "MENTORSHIP_PAUSED");
  });

  it("books only by the leader, once; answers held or not held afterwards", () => {
    const m = pair("klds");
    assert.equal(code(bookTalk(m, mentor.aadObjectId, "developmentTalk", booking, NOW)), "NOT_THE_LEADER");
    assert.equal(code(bookTalk(m, leader.aadObjectId, "nope", booking, NOW)), "TALK_NOT_FOUND");
    assert.equal(code(answerTalk(m, leader.aadObjectId, "developmentTalk", true, NOW)), "WRONG_PHASE");
    const booked = value(bookTalk(m, leader.aadObjectId, "developmentTalk", booking, NOW));
    assert.equal(booked.leaderState?.talks[0]?.booking?.eventId, "e1");
    assert.equal(code(bookTalk(booked, leader.aadObjectId, "developmentTalk", booking, NOW)), "TALK_ALREADY_BOOKED");
    assert.equal(code(answerTalk(booked, mentee.aadObjectId, "developmentTalk", true, NOW)), "NOT_THE_LEADER");
    const held = value(answerTalk(booked, leader.aadObjectId, "developmentTalk", true, NOW));
    assert.equal(held.leaderState?.talks[0]?.status, "held");
    assert.equal(code(answerTalk(held, leader.aadObjectId, "developmentTalk", true, NOW)), "NO_CHANGES");
    assert.equal(value(answerTalk(held, leader.aadObjectId, "developmentTalk", false, NOW)).leaderState?.talks[0]?.status, "notHeld");
  });

  it("sends the heads-up once, flags a mentor change by the leader only, and changes the leader", () => {
    const m = pair("kristiansand");
    const sent = value(headsUpSent(m, NOW));
    assert.equal(sent.leaderState?.headsUpAt, NOW.toISOString());
    assert.equal(code(headsUpSent(sent, NOW)), "NO_CHANGES");
    assert.equal(code(requestMentorChange(m, mentor.aadObjectId, NOW)), "NOT_THE_LEADER");
    assert.equal(value(requestMentorChange(m, leader.aadObjectId, NOW)).leaderState?.mentorChangeRequestedAt, NOW.toISOString());
    assert.equal(code(setLeader(m, leader, Programmes.kristiansand, NOW)), "NO_CHANGES");
    assert.equal(code(setLeader(m, mentee, Programmes.kristiansand, NOW)), "INVALID_INPUT");
    assert.equal(value(setLeader(m, other, Programmes.kristiansand, NOW)).leader?.aadObjectId, other.aadObjectId);
    assert.equal(code(setLeader({ ...m, phase: "closed" }, other, Programmes.kristiansand, NOW)), "MENTORSHIP_CLOSED");
    assert.equal(planTalks({ ...m, phase: "closed", firstWorkingDay: "2027-05-01" }, Programmes.kristiansand).leaderState, m.leaderState, "a closed mentorship is not re-planned");
  });

  it("proposes the window's first working day at 10:00 in the zone, off weekends and holidays, never today or earlier", () => {
    const m = pair("kristiansand");
    // 17.05.2027 is Norway's Constitution Day and Whit Monday: the talk goes to Tuesday 18.05.
    const slot = proposedTalkSlot(m, Programmes.kristiansand, { from: "2027-05-15", to: "2027-05-20" }, "2027-05-01");
    assert.deepEqual([slot.date, slot.time, slot.startUtc, slot.endUtc], ["2027-05-18", "10:00", "2027-05-18T08:00:00.000Z", "2027-05-18T09:00:00.000Z"]);
    assert.equal(proposedTalkSlot(m, Programmes.kristiansand, { from: "2027-05-03", to: "2027-05-20" }, "2027-05-10").date, "2027-05-11", "a window already begun: the next working day");
  });

  it("the introduction's closing talk is with the new hire and the contact person; the others with the new hire", () => {
    const contact: Person = { aadObjectId: "66666666-6666-4666-8666-666666666666", name: "Kim Kontakt", channelUserId: "" };
    const m = { ...pair("klds"), contact };
    assert.deepEqual(talkAttendees(m, INTRODUCTION_CLOSING_TALK).map((p) => p.name), [mentee.name, contact.name]);
    assert.deepEqual(talkAttendees(m, "developmentTalk").map((p) => p.name), [mentee.name]);
  });
});
