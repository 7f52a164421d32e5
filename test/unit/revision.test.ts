// Revising the agreement in force (issue 11, item 2): every transition and every refusal of the
// pure domain, and a fast-check model of random propose/edit/accept/withdraw sequences.
import assert from "node:assert/strict";
import fc from "fast-check";
import { type AgreementFields, changedFields, isRevisionAccepted, newestVersion } from "../../src/domain/agreement";
import {
  type Mentorship,
  type Person,
  acceptAgreement,
  acceptRevision,
  agreementPosted,
  changeMentor,
  createMentorship,
  editAgreement,
  editRevision,
  pause,
  proposeRevision,
  waitingForRevision,
  withdrawRevision,
} from "../../src/domain/mentorship";
import type { Result } from "../../src/domain/result";

const mentor: Person = { aadObjectId: "11111111-1111-4111-8111-111111111111", name: "Mette Mentor", channelUserId: "29:mette" };
const mentee: Person = { aadObjectId: "22222222-2222-4222-8222-222222222222", name: "Niels Nyansat", channelUserId: "29:niels" };
const stranger: Person = { aadObjectId: "33333333-3333-4333-8333-333333333333", name: "Karen Kollega", channelUserId: "29:karen" };

const T0 = new Date("2027-01-04T09:00:00Z");
const T1 = new Date("2027-01-05T10:00:00Z");
const T2 = new Date("2027-01-06T11:00:00Z");
const T3 = new Date("2027-03-01T12:00:00Z");
const T4 = new Date("2027-03-02T12:00:00Z");
const T5 = new Date("2027-03-03T12:00:00Z");

function ok<T>(r: Result<T>): T {
  if (!r.ok) assert.fail(`unexpected refusal ${r.error.code}`);
  return r.value;
}
function code<T>(r: Result<T>): string {
  assert.equal(r.ok, false, "expected a refusal");
  return r.ok ? "" : r.error.code;
}

/** Start-up → version 2 (edited) → both accept: locked at T2, learning phase. */
function lockedPair(): Mentorship {
  const created = ok(
    createMentorship(
      { id: "m-1", tenantId: "t-1", conversationId: "19:c@thread.v2", programme: "klds", language: "da", unit: "Børn og familie", firstWorkingDay: "2027-01-04", mentor, mentee },
      { hasActiveMentorship: false, humanAadObjectIds: [mentor.aadObjectId, mentee.aadObjectId] },
      T0,
    ),
  );
  let m = ok(agreementPosted(created.mentorship, T0));
  m = ok(editAgreement(m, mentor.aadObjectId, created.firstVersion, { ...created.firstVersion.fields, timeAndPlace: "Tirsdage 9-10", shortTermGoals: "Myndighedsrollen" }, T1)).mentorship;
  m = ok(acceptAgreement(m, mentee.aadObjectId, 2, T1));
  m = ok(acceptAgreement(m, mentor.aadObjectId, 2, T2));
  assert.equal(m.phase, "learning");
  return m;
}

const change = (f: AgreementFields, over: Partial<AgreementFields>): AgreementFields => ({ ...f, ...over });

describe("revision of the agreement in force: transitions", () => {
  it("either party proposes: version newest + 1 (a copy of the agreed fields, its own row), the agreed version stays in force", () => {
    const m = lockedPair();
    for (const who of [mentor, mentee]) {
      const { mentorship: p, version } = ok(proposeRevision(m, who.aadObjectId, T3));
      assert.equal(version.number, 3);
      assert.deepEqual(version.fields, m.agreement.fields);
      assert.equal(version.editedBy, who === mentor ? "mentor" : "mentee");
      const rev = p.agreement.revision;
      assert.ok(rev);
      assert.equal(rev.version, 3);
      assert.equal(rev.proposedBy, who === mentor ? "mentor" : "mentee");
      assert.equal(rev.proposedAt, T3.toISOString());
      assert.deepEqual(rev.acceptances, {});
      // In force: untouched.
      assert.equal(p.agreement.version, 2);
      assert.deepEqual(p.agreement.fields, m.agreement.fields);
      assert.deepEqual(p.agreement.acceptances, m.agreement.acceptances);
      assert.equal(p.agreement.lockedAt, m.agreement.lockedAt);
      assert.equal(p.phase, "learning");
      assert.equal(p.phaseSince, m.phaseSince);
      assert.deepEqual(waitingForRevision(p), ["mentor", "mentee"]);
    }
  });

  it("an edit of the proposal is a new version merged over what changed since its base; it clears the proposal's acceptances", () => {
    let m = ok(proposeRevision(lockedPair(), mentee.aadObjectId, T3)).mentorship;
    const v3 = m.agreement.revision!;
    const e1 = ok(editRevision(m, mentee.aadObjectId, v3, change(v3.fields, { meetingCount: 10, learningOther: "Dokumentation" }), T3));
    assert.equal(e1.version.number, 4);
    m = e1.mentorship;
    m = ok(acceptRevision(m, mentor.aadObjectId, 4, T4));
    assert.equal(m.agreement.revision?.acceptances.mentor?.version, 4);
    // The mentor's card still showed version 3: only the field she changed is taken, the mentee's edit survives.
    const e2 = ok(editRevision(m, mentor.aadObjectId, v3, change(v3.fields, { other: "Telefonen på lydløs" }), T4));
    assert.equal(e2.version.number, 5);
    const rev = e2.mentorship.agreement.revision!;
    assert.equal(rev.version, 5);
    assert.equal(rev.fields.meetingCount, 10);
    assert.equal(rev.fields.learningOther, "Dokumentation");
    assert.equal(rev.fields.other, "Telefonen på lydløs");
    assert.equal(rev.editedBy, "mentor");
    assert.equal(rev.proposedBy, "mentee", "who proposed stays");
    assert.deepEqual(rev.acceptances, {}, "an edit clears the acceptance of the older version");
    assert.equal(e2.mentorship.agreement.version, 2, "still the agreed version in force");
    assert.equal(e2.mentorship.agreement.fields.meetingCount, m.agreement.fields.meetingCount);
  });

  it("both on the same version: the proposal becomes the agreement in force (version, fields, changedIn), lockedAt kept, revisedAt set, proposal closed", () => {
    const locked = lockedPair();
    let m = ok(proposeRevision(locked, mentor.aadObjectId, T3)).mentorship;
    m = ok(editRevision(m, mentor.aadObjectId, m.agreement.revision!, change(m.agreement.revision!.fields, { meetingCount: 8, purpose: "Ny retning" }), T3)).mentorship;
    m = ok(acceptRevision(m, mentee.aadObjectId, 4, T4));
    assert.equal(m.agreement.version, 2, "one acceptance changes nothing in force");
    assert.deepEqual(waitingForRevision(m), ["mentor"]);
    m = ok(acceptRevision(m, mentor.aadObjectId, 4, T5));
    assert.equal(m.agreement.version, 4);
    assert.equal(m.agreement.fields.meetingCount, 8);
    assert.equal(m.agreement.fields.purpose, "Ny retning");
    assert.equal(m.agreement.fields.timeAndPlace, locked.agreement.fields.timeAndPlace);
    assert.equal(m.agreement.lockedAt, locked.agreement.lockedAt);
    assert.equal(m.agreement.revisedAt, T5.toISOString());
    assert.equal(m.agreement.revision, null);
    assert.deepEqual(m.agreement.acceptances, { mentee: { version: 4, at: T4.toISOString() }, mentor: { version: 4, at: T5.toISOString() } });
    assert.equal(m.agreement.changedIn?.purpose, 4);
    assert.equal(m.agreement.changedIn?.meetingCount, 4);
    assert.equal(m.agreement.changedIn?.timeAndPlace, 2, "unchanged fields keep their version");
    assert.deepEqual(m.agreement.replacedVersions, [{ version: 2, acceptances: locked.agreement.acceptances, until: T5.toISOString() }], "who agreed the replaced version, and until when");
    assert.equal(m.phase, "learning");
    assert.equal(m.phaseSince, locked.phaseSince);
    assert.deepEqual(waitingForRevision(m), []);
    // The next proposal continues after every version there is.
    assert.equal(ok(proposeRevision(m, mentee.aadObjectId, T5)).version.number, 5);
  });

  it("either party withdraws the proposal; the agreed version stays, and the next proposal never reuses a number", () => {
    const locked = lockedPair();
    for (const who of [mentor, mentee]) {
      let m = ok(proposeRevision(locked, mentor.aadObjectId, T3)).mentorship;
      m = ok(editRevision(m, mentor.aadObjectId, m.agreement.revision!, change(m.agreement.revision!.fields, { other: "x" }), T3)).mentorship;
      const w = ok(withdrawRevision(m, who.aadObjectId, 4, T4));
      assert.equal(w.agreement.revision, null);
      assert.deepEqual(w.agreement.fields, locked.agreement.fields);
      assert.equal(w.agreement.version, 2);
      assert.equal(newestVersion(w.agreement), 4);
      assert.equal(ok(proposeRevision(w, mentee.aadObjectId, T5)).version.number, 5);
    }
  });

  it("a paused mentorship may be revised: a pause stops the app's own posts, not the pair", () => {
    const paused = ok(pause(lockedPair(), T3));
    let m = ok(proposeRevision(paused, mentor.aadObjectId, T3)).mentorship;
    m = ok(editRevision(m, mentor.aadObjectId, m.agreement.revision!, change(m.agreement.revision!.fields, { meetingMinutes: 90 }), T3)).mentorship;
    m = ok(acceptRevision(m, mentee.aadObjectId, 4, T4));
    m = ok(acceptRevision(m, mentor.aadObjectId, 4, T4));
    assert.equal(m.agreement.fields.meetingMinutes, 90);
    assert.equal(m.pausedAt, paused.pausedAt, "still paused");
  });

  it("a change of mentor keeps the agreement in force and drops the former mentor's acceptance of the proposal", () => {
    let m = ok(proposeRevision(lockedPair(), mentee.aadObjectId, T3)).mentorship;
    m = ok(editRevision(m, mentee.aadObjectId, m.agreement.revision!, change(m.agreement.revision!.fields, { other: "y" }), T3)).mentorship;
    m = ok(acceptRevision(m, mentor.aadObjectId, 4, T3));
    m = ok(acceptRevision(m, mentee.aadObjectId, 4, T3));
    m = ok(proposeRevision(m, mentee.aadObjectId, T4)).mentorship;
    m = ok(editRevision(m, mentee.aadObjectId, m.agreement.revision!, change(m.agreement.revision!.fields, { other: "z" }), T4)).mentorship;
    m = ok(acceptRevision(m, mentor.aadObjectId, 6, T4));
    const changed = ok(changeMentor(m, stranger, T5));
    assert.deepEqual(changed.agreement.revision?.acceptances, {});
    assert.equal(changed.agreement.version, 4);
    assert.deepEqual(changed.agreement.acceptances, m.agreement.acceptances);
    assert.equal(code(acceptRevision(changed, mentor.aadObjectId, 6, T5)), "NOT_A_PARTY");
    const adopted = ok(acceptRevision(ok(acceptRevision(changed, stranger.aadObjectId, 6, T5)), mentee.aadObjectId, 6, T5));
    assert.equal(adopted.agreement.fields.other, "z");
  });
});

describe("revision of the agreement in force: refusals, each changing nothing", () => {
  it("REVISION_OPEN: a second proposal while one is open", () => {
    const m = ok(proposeRevision(lockedPair(), mentor.aadObjectId, T3)).mentorship;
    for (const who of [mentor, mentee]) assert.equal(code(proposeRevision(m, who.aadObjectId, T4)), "REVISION_OPEN");
  });

  it("NO_REVISION: editing, accepting or withdrawing when none is open", () => {
    const m = lockedPair();
    assert.equal(code(editRevision(m, mentor.aadObjectId, m.agreement, m.agreement.fields, T3)), "NO_REVISION");
    assert.equal(code(acceptRevision(m, mentor.aadObjectId, 2, T3)), "NO_REVISION");
    assert.equal(code(withdrawRevision(m, mentor.aadObjectId, 2, T3)), "NO_REVISION");
  });

  it("NOT_A_PARTY: someone else in the chat, for every step", () => {
    const locked = lockedPair();
    const open = ok(proposeRevision(locked, mentor.aadObjectId, T3)).mentorship;
    const rev = open.agreement.revision!;
    assert.equal(code(proposeRevision(locked, stranger.aadObjectId, T3)), "NOT_A_PARTY");
    assert.equal(code(editRevision(open, stranger.aadObjectId, rev, change(rev.fields, { other: "x" }), T3)), "NOT_A_PARTY");
    assert.equal(code(acceptRevision(open, stranger.aadObjectId, 3, T3)), "NOT_A_PARTY");
    assert.equal(code(withdrawRevision(open, stranger.aadObjectId, 3, T3)), "NOT_A_PARTY");
  });

  it("AGREEMENT_STALE_VERSION: accepting or withdrawing a version the proposal has moved on from", () => {
    let m = ok(proposeRevision(lockedPair(), mentor.aadObjectId, T3)).mentorship;
    m = ok(editRevision(m, mentor.aadObjectId, m.agreement.revision!, change(m.agreement.revision!.fields, { other: "x" }), T3)).mentorship;
    for (const stale of [3, 2, 5]) {
      const r = acceptRevision(m, mentee.aadObjectId, stale, T4);
      assert.equal(code(r), "AGREEMENT_STALE_VERSION");
      assert.deepEqual(!r.ok && r.error.params, { current: 4 });
      assert.equal(code(withdrawRevision(m, mentee.aadObjectId, stale, T4)), "AGREEMENT_STALE_VERSION");
    }
  });

  it("ALREADY_ACCEPTED: the same party twice on one version", () => {
    let m = ok(proposeRevision(lockedPair(), mentor.aadObjectId, T3)).mentorship;
    m = ok(editRevision(m, mentor.aadObjectId, m.agreement.revision!, change(m.agreement.revision!.fields, { other: "x" }), T3)).mentorship;
    m = ok(acceptRevision(m, mentor.aadObjectId, 4, T4));
    assert.equal(code(acceptRevision(m, mentor.aadObjectId, 4, T4)), "ALREADY_ACCEPTED");
  });

  it("NO_CHANGES: an edit that changes nothing, and accepting a proposal identical to the agreement in force", () => {
    const m = ok(proposeRevision(lockedPair(), mentor.aadObjectId, T3)).mentorship;
    const rev = m.agreement.revision!;
    assert.equal(code(editRevision(m, mentee.aadObjectId, rev, rev.fields, T3)), "NO_CHANGES");
    assert.equal(code(acceptRevision(m, mentee.aadObjectId, 3, T3)), "NO_CHANGES");
    // Edited and edited back: still nothing to adopt.
    const there = ok(editRevision(m, mentee.aadObjectId, rev, change(rev.fields, { other: "x" }), T3)).mentorship;
    const back = ok(editRevision(there, mentee.aadObjectId, there.agreement.revision!, rev.fields, T3)).mentorship;
    assert.equal(code(acceptRevision(back, mentee.aadObjectId, 5, T3)), "NO_CHANGES");
  });

  it("input the programme does not allow: minutes out of range, a role or tool of another programme", () => {
    const m = ok(proposeRevision(lockedPair(), mentor.aadObjectId, T3)).mentorship;
    const rev = m.agreement.revision!;
    assert.equal(code(editRevision(m, mentor.aadObjectId, rev, change(rev.fields, { meetingMinutes: 5 }), T3)), "INVALID_INPUT");
    assert.equal(code(editRevision(m, mentor.aadObjectId, rev, change(rev.fields, { mentorRoles: ["supporter"] }), T3)), "ROLE_NOT_IN_PROGRAMME");
    assert.equal(code(editRevision(m, mentor.aadObjectId, rev, change(rev.fields, { tools: ["goodEnough"] }), T3)), "TOOL_NOT_IN_PROGRAMME");
  });

  it("no agreement in force yet (start-up): WRONG_PHASE with the phase; the agreement is edited as usual then", () => {
    const created = lockedPair();
    const startUp: Mentorship = { ...created, phase: "startUp", agreement: { ...created.agreement, lockedAt: null } };
    const r = proposeRevision(startUp, mentor.aadObjectId, T3);
    assert.equal(code(r), "WRONG_PHASE");
    assert.deepEqual(!r.ok && r.error.params, { phase: "startUp" });
  });

  it("closing: WRONG_PHASE (the evaluation is against the agreement in force); closed: MENTORSHIP_CLOSED — for every step", () => {
    const open = ok(proposeRevision(lockedPair(), mentor.aadObjectId, T3)).mentorship;
    for (const [phase, expected] of [["closing", "WRONG_PHASE"], ["closed", "MENTORSHIP_CLOSED"]] as const) {
      const m: Mentorship = { ...open, phase };
      const noRevision: Mentorship = { ...m, agreement: { ...m.agreement, revision: null } };
      const rev = open.agreement.revision!;
      assert.equal(code(proposeRevision(noRevision, mentee.aadObjectId, T4)), expected, phase);
      assert.equal(code(editRevision(m, mentee.aadObjectId, rev, change(rev.fields, { other: "x" }), T4)), expected, phase);
      assert.equal(code(acceptRevision(m, mentee.aadObjectId, 3, T4)), expected, phase);
      assert.equal(code(withdrawRevision(m, mentee.aadObjectId, 3, T4)), expected, phase);
    }
  });
});

describe("revision of the agreement in force: a random model", () => {
  type Step = { kind: "propose" | "edit" | "accept" | "withdraw"; who: 0 | 1 | 2; stale: boolean; value: string };
  const step = fc.record({
    kind: fc.constantFrom("propose", "edit", "accept", "withdraw"),
    who: fc.constantFrom(0, 1, 2),
    stale: fc.boolean(),
    value: fc.string({ maxLength: 5 }),
  }) as fc.Arbitrary<Step>;

  it("version numbers only grow and never repeat; the agreement in force changes only when both accept one version; a non-party changes nothing", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        let m = lockedPair();
        const numbers = new Set<number>([1, 2]);
        for (const s of steps) {
          const who = [mentor, mentee, stranger][s.who]!;
          const rev = m.agreement.revision;
          const shown = rev ? (s.stale ? rev.version - 1 : rev.version) : m.agreement.version;
          const before = m;
          let made: number | null = null;
          if (s.kind === "propose") {
            const r = proposeRevision(m, who.aadObjectId, T3);
            if (r.ok) [m, made] = [r.value.mentorship, r.value.version.number];
          } else if (s.kind === "edit") {
            const base = rev ?? m.agreement;
            const r = editRevision(m, who.aadObjectId, base, change(base.fields, { other: s.value }), T3);
            if (r.ok) [m, made] = [r.value.mentorship, r.value.version.number];
          } else if (s.kind === "accept") {
            const r = acceptRevision(m, who.aadObjectId, shown, T3);
            if (r.ok) m = r.value;
          } else {
            const r = withdrawRevision(m, who.aadObjectId, shown, T3);
            if (r.ok) m = r.value;
          }
          if (who === stranger) assert.equal(m, before, "a non-party changes nothing");
          if (made !== null) {
            assert.ok(!numbers.has(made), `version ${made} made twice`);
            assert.ok(made > Math.max(...numbers));
            numbers.add(made);
          }
          if (m.agreement.version !== before.agreement.version) {
            // Adopted: exactly the proposal both accepted, and it differed from what was in force.
            const adopted = before.agreement.revision!;
            assert.equal(s.kind, "accept");
            assert.equal(m.agreement.version, adopted.version);
            assert.ok(isRevisionAccepted({ ...adopted, acceptances: m.agreement.acceptances }, "mentor"));
            assert.ok(isRevisionAccepted({ ...adopted, acceptances: m.agreement.acceptances }, "mentee"));
            assert.ok(changedFields(before.agreement.fields, m.agreement.fields).length > 0);
            assert.equal(m.agreement.revision, null);
          } else {
            assert.deepEqual(m.agreement.fields, before.agreement.fields, "in force unchanged without adoption");
          }
          assert.equal(m.agreement.lockedAt, before.agreement.lockedAt);
          assert.equal(m.phase, "learning");
        }
      }),
      { numRuns: 300 },
    );
  });
});
