import assert from "node:assert/strict";
import { acceptAgreement, agreementPosted, changeMentor, close, beginClosing, createMentorship, editAgreement, pause, resume, type Mentorship } from "../../src/domain/mentorship";
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
  let m = ok(agreementPosted(c.mentorship, "a", T(1)));
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
    const closed = ok(close(ok(beginClosing(m, mentor.aadObjectId, T(7))), mentor.aadObjectId, T(8)));
    assert.equal(code(pause(closed, T(9))), "WRONG_PHASE");
  });

  it("a change of mentor keeps the history; the new mentor acts as mentor, the old one no longer does", () => {
    const m = ok(changeMentor(learning(), other, T(3)));
    assert.equal(m.mentor.aadObjectId, other.aadObjectId);
    assert.deepEqual(m.formerMentors?.map((f) => f.person.aadObjectId), [mentor.aadObjectId]);
    assert.equal(m.agreement.lockedAt !== null, true, "the agreement and its history stay");
    assert.equal(code(beginClosing(m, mentor.aadObjectId, T(4))), "NOT_A_PARTY", "the former mentor is no longer a party");
    assert.equal(code(beginClosing(m, other.aadObjectId, T(4))), "ok");
    assert.equal(code(changeMentor(m, mentee, T(5))), "MENTOR_IS_MENTEE");
    assert.equal(code(changeMentor(m, other, T(5))), "NO_CHANGES");
  });

  it("a new mentor during start-up can edit the agreement; the old one cannot", () => {
    const c = ok(
      createMentorship(
        { id: "y", tenantId: "t", conversationId: "c2", programme: "klds", language: "da", unit: "U", firstWorkingDay: "2027-01-04", mentor, mentee },
        { hasActiveMentorship: false, humanAadObjectIds: [mentor.aadObjectId, mentee.aadObjectId] },
        T(1),
      ),
    );
    const m = ok(changeMentor(ok(agreementPosted(c.mentorship, "a", T(1))), other, T(2)));
    const edit = (by: string) => editAgreement(m, by, c.firstVersion, { ...c.firstVersion.fields, other: "nyt" }, T(3));
    assert.equal(code(edit(mentor.aadObjectId)), "NOT_A_PARTY");
    assert.equal(code(edit(other.aadObjectId)), "ok");
  });
});
