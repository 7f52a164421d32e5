import assert from "node:assert/strict";
import { confirmEvaluation, startClosing } from "../../src/domain/closing";
import { acceptAgreement, agreementPosted, awaitingChat, bindChat, changeMentor, createMentorship, editAgreement, pause, prepareMentorship, resume, type Mentorship } from "../../src/domain/mentorship";
import { expandRecurrence, meetingsOf } from "../../src/domain/cadence";
import { kldsPlan, kristiansandPlan } from "../../src/domain/programmes";
import { type MeetingPlan, handOverPlan, remainingSeries } from "../../src/domain/meetings";
import { zonedToUtc } from "../../src/domain/calendarMath";
import type { Result } from "../../src/domain/result";

const mentor = { aadObjectId: "m-1", name: "Mette Mentor", channelUserId: "29:m" };
const mentee = { aadObjectId: "n-1", name: "Niels Nyansat", channelUserId: "29:n" };
const other = { aadObjectId: "o-1", name: "Ole Olsen", channelUserId: "29:o" };
const T = (d: number) => new Date(Date.UTC(2027, 0, d, 8));
const ok = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(r.error.code);
  return r.value;
};
const code = <T>(r: Result<T>) => (r.ok ? "ok" : r.error.code);

function learning(): Mentorship {
  const c = ok(
    createMentorship(
      { id: "x", tenantId: "t", conversationId: "c", programme: "klds", language: "da", unit: "U", firstWorkingDay: "2027-01-04", mentor, mentee },
      { hasActiveMentorship: false, humanAadObjectIds: [mentor.aadObjectId, mentee.aadObjectId] },
      T(1),
    ),
  );
  let m = ok(agreementPosted(c.mentorship, T(1)));
  m = ok(acceptAgreement(m, mentee.aadObjectId, 1, T(2)));
  return ok(acceptAgreement(m, mentor.aadObjectId, 1, T(2)));
}

describe("Coordinator actions (domain)", () => {
  it("pause and resume: once each, never a closed mentorship", () => {
    const m = learning();
    const paused = ok(pause(m, T(3)));
    assert.equal(paused.pausedAt, T(3).toISOString());
    assert.equal(paused.phase, "learning", "the phase stays");
    assert.equal(code(pause(paused, T(4))), "NO_CHANGES");
    const resumed = ok(resume(paused, T(5)));
    assert.equal(resumed.pausedAt, null);
    assert.equal(code(resume(resumed, T(6))), "NO_CHANGES");
    const closing = ok(startClosing(m, { by: "mentor", aadObjectId: mentor.aadObjectId }, "leftWorkplace", T(7)));
    const closed = ok(confirmEvaluation(closing, mentor.aadObjectId, 1, T(8))).mentorship;
    assert.equal(code(pause(closed, T(9))), "WRONG_PHASE");
  });

  it("a change of mentor keeps the history; the new mentor acts as mentor, the old one no longer does", () => {
    const m = ok(changeMentor(learning(), other, T(3)));
    assert.equal(m.mentor.aadObjectId, other.aadObjectId);
    assert.deepEqual(m.formerMentors?.map((f) => f.person.aadObjectId), [mentor.aadObjectId]);
    assert.equal(m.agreement.lockedAt !== null, true, "the agreement and its history stay");
    assert.equal(code(startClosing(m, { by: "mentor", aadObjectId: mentor.aadObjectId }, "completed", T(4))), "NOT_A_PARTY", "the former mentor is no longer a party");
    assert.equal(code(startClosing(m, { by: "mentor", aadObjectId: other.aadObjectId }, "completed", T(4))), "ok");
    assert.equal(code(changeMentor(m, mentee, T(5))), "MENTOR_IS_MENTEE");
    assert.equal(code(changeMentor(m, other, T(5))), "NO_CHANGES");
  });

  it("a change of mentor clears 'check the pairing' (it was about the pair that is no more); nothing else clears it", () => {
    const flagged: Mentorship = { ...learning(), pairingConcernAt: T(2).toISOString() };
    assert.equal(ok(pause(flagged, T(3))).pairingConcernAt, T(2).toISOString(), "a pause keeps it");
    assert.equal(ok(changeMentor(flagged, other, T(3))).pairingConcernAt, null);
    assert.equal("pairingConcernAt" in ok(changeMentor(learning(), other, T(3))), false, "none to clear: none written");
  });

  it("a new mentor during start-up can edit the agreement; the old one cannot", () => {
    const c = ok(
      createMentorship(
        { id: "y", tenantId: "t", conversationId: "c2", programme: "klds", language: "da", unit: "U", firstWorkingDay: "2027-01-04", mentor, mentee },
        { hasActiveMentorship: false, humanAadObjectIds: [mentor.aadObjectId, mentee.aadObjectId] },
        T(1),
      ),
    );
    const m = ok(changeMentor(ok(agreementPosted(c.mentorship, T(1))), other, T(2)));
    const edit = (by: string) => editAgreement(m, by, c.firstVersion, { ...c.firstVersion.fields, other: "nyt" }, T(3));
    assert.equal(code(edit(mentor.aadObjectId)), "NOT_A_PARTY");
    assert.equal(code(edit(other.aadObjectId)), "ok");
  });

  it("an unaccepted agreement loses the former mentor's acceptance on a change; a locked one stays locked", () => {
    const c = ok(
      createMentorship(
        { id: "z", tenantId: "t", conversationId: "c3", programme: "klds", language: "da", unit: "U", firstWorkingDay: "2027-01-04", mentor, mentee },
        { hasActiveMentorship: false, humanAadObjectIds: [mentor.aadObjectId, mentee.aadObjectId] },
        T(1),
      ),
    );
    const accepted = ok(acceptAgreement(ok(agreementPosted(c.mentorship, T(1))), mentor.aadObjectId, 1, T(2)));
    assert.ok(accepted.agreement.acceptances.mentor);
    const changed = ok(changeMentor(accepted, other, T(3)));
    assert.equal(changed.agreement.acceptances.mentor, undefined, "the new mentor has not accepted yet");
    assert.equal(ok(changeMentor(learning(), other, T(3))).agreement.acceptances.mentor?.version, 1, "a locked agreement keeps its acceptances");
  });

  it("a prepared mentorship waits for a chat and is bound once, with the members' channel ids", () => {
    const input = { id: "p", tenantId: "t", programme: "kristiansand" as const, language: "nb" as const, unit: "Sykehjem", firstWorkingDay: "2027-01-04", mentor: { ...mentor, channelUserId: "" }, mentee: { ...mentee, channelUserId: "" } };
    assert.equal(code(prepareMentorship({ ...input, mentee: input.mentor }, "k-1", T(1))), "MENTOR_IS_MENTEE");
    assert.equal(code(prepareMentorship({ ...input, firstWorkingDay: "2027-13-01" }, "k-1", T(1))), "INVALID_START_DATE");
    const { mentorship: p, firstVersion } = ok(prepareMentorship(input, "k-1", T(1)));
    assert.ok(awaitingChat(p));
    assert.deepEqual(p.preparedBy, { aadObjectId: "k-1", at: T(1).toISOString() });
    assert.equal(p.phase, "preparation");
    assert.equal(firstVersion.number, 1);
    const bound = ok(bindChat(p, "19:pair", { mentor: "29:m", mentee: "29:n" }, T(2)));
    assert.equal(awaitingChat(bound), false);
    assert.deepEqual([bound.conversationId, bound.mentor.channelUserId, bound.mentee.channelUserId], ["19:pair", "29:m", "29:n"]);
    assert.equal(code(bindChat(bound, "19:other", {}, T(3))), "MENTORSHIP_HAS_CHAT");
    assert.equal(code(bindChat(p, "", {}, T(3))), "INVALID_INPUT");
  });

  it("the remaining series give Graph exactly the remaining dates, and the meetings keep their keys", () => {
    const slot = { weekday: 3 as const, time: "09:30", minutes: 45 };
    const plans = [kristiansandPlan("2027-01-04", slot), kldsPlan({ firstWorkingDay: "2027-01-04", agreedOn: "2027-01-20", meetingCount: 10, slot })];
    for (const series of plans) {
      const all = meetingsOf(series);
      for (const cut of [0, 1, 5, Math.floor(all.length / 2), all.length - 1, all.length]) {
        const at = cut === 0 ? new Date("2026-12-01T00:00:00Z") : new Date(new Date(all[cut - 1]!.startUtc).getTime() + 60_000);
        const rest = remainingSeries(series, at);
        for (const s of rest) {
          assert.deepEqual(expandRecurrence(s.pattern, s.range), s.occurrences, `${s.key} from ${at.toISOString()}: Graph generates exactly the kept dates`);
          for (const d of s.occurrences) assert.ok(zonedToUtc(d, s.time, s.timeZone) > at);
        }
        const expected = series.flatMap((s) => s.occurrences.filter((d) => zonedToUtc(d, s.time, s.timeZone) > at).map((d) => `${s.key}|${d}`)).sort();
        assert.deepEqual(rest.flatMap((s) => s.occurrences.map((d) => `${s.key}|${d}`)).sort(), expected);
        const keptMeetings = meetingsOf(rest).map((x) => `${x.seriesKey}|${x.originalDate}|${x.date}`);
        const allMeetings = new Set(all.map((x) => `${x.seriesKey}|${x.originalDate}|${x.date}`));
        for (const k of keptMeetings) assert.ok(allMeetings.has(k), `${k} is one of the original meetings (same key and date)`);
      }
    }
  });

  it("a hand-over is a new plan version from now, superseding the booked series in the former mentor's calendar", () => {
    const series = kristiansandPlan("2027-01-04", { weekday: 2, time: "10:00", minutes: 45 });
    const booked = series.map((s) => ({ key: s.key, eventId: `ev-${s.key}`, joinUrl: null }));
    const plan: MeetingPlan = { version: 3, slot: { weekday: 2, time: "10:00", minutes: 45 }, series, status: "booked", booked, failure: null, agendaLeadHours: 24, plannedAt: T(1).toISOString() };
    const now = new Date("2027-03-10T12:00:00Z");
    const next = ok(handOverPlan(plan, mentor, now));
    assert.equal(next.version, 4);
    assert.equal(next.status, "booking");
    assert.deepEqual(next.supersedes, booked);
    assert.deepEqual(next.supersededOrganizer, mentor);
    assert.ok(next.series.every((s) => s.occurrences.every((d) => zonedToUtc(d, s.time, s.timeZone) > now)));
    assert.equal(code(handOverPlan({ ...plan, status: "booking" }, mentor, now)), "BOOKING_IN_PROGRESS");
  });
});
