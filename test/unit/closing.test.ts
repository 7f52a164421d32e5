// The closing phase and its evaluation: every transition and refusal (src/domain/closing.ts), the
// learning goals the evaluation lists (a property test), and when each programme says closing is due.
import assert from "node:assert/strict";
import fc from "fast-check";
import type { AgreementFields } from "../../src/domain/agreement";
import {
  type EvaluationInput,
  closingDueAt,
  confirmEvaluation,
  confirmationsNeeded,
  editEvaluation,
  fingerprint,
  goalItems,
  MAX_GOAL_ITEMS,
  setLeaderConsent,
  startClosing,
} from "../../src/domain/closing";
import { waitingSteps } from "../../src/domain/meetings";
import { type Mentorship, type Person, acceptAgreement, agreementPosted, changeMentor, createMentorship, editAgreement as editAgreementOf } from "../../src/domain/mentorship";
import { saveAgenda } from "../../src/domain/meetings";
import { Programmes } from "../../src/domain/programmes";
import type { Result } from "../../src/domain/result";

const mentor: Person = { aadObjectId: "11111111-1111-4111-8111-111111111111", name: "Mette Mentor", channelUserId: "29:mette" };
const mentee: Person = { aadObjectId: "22222222-2222-4222-8222-222222222222", name: "Niels Nyansat", channelUserId: "29:niels" };
const stranger: Person = { aadObjectId: "33333333-3333-4333-8333-333333333333", name: "Karen Kollega", channelUserId: "29:karen" };
const T = (n: number) => new Date(Date.UTC(2027, 0, 1 + n, 9));

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}`);
  return r.value;
}
function code<T>(r: Result<T>): string {
  return r.ok ? "ok" : r.error.code;
}

/** A KL/DS pair whose agreement both accepted, with these learning goals. */
function agreed(goals: Partial<Pick<AgreementFields, "shortTermGoals" | "longTermIdeas">> = {}, programme: "klds" | "kristiansand" | "custom" = "klds"): Mentorship {
  const created = value(
    createMentorship(
      { id: "m1", tenantId: "t1", conversationId: "c1", programme, language: "da", unit: "Børn og unge", firstWorkingDay: "2027-01-04", mentor, mentee },
      { hasActiveMentorship: false, humanAadObjectIds: [mentor.aadObjectId, mentee.aadObjectId] },
      T(0),
    ),
  );
  let m = value(agreementPosted(created.mentorship, T(0)));
  const v1 = created.firstVersion;
  const edited = value(editAgreementOf(m, mentor.aadObjectId, v1, { ...v1.fields, other: "Aftalt", shortTermGoals: goals.shortTermGoals ?? "", longTermIdeas: goals.longTermIdeas ?? "" }, T(1)));
  m = edited.mentorship;
  const v = m.agreement.version;
  m = value(acceptAgreement(m, mentee.aadObjectId, v, T(1)));
  return value(acceptAgreement(m, mentor.aadObjectId, v, T(1)));
}

const asInput = (m: Mentorship, change: Partial<EvaluationInput> = {}): EvaluationInput => {
  const f = m.closing!.evaluation.fields;
  return { worked: f.worked, couldBeBetter: f.couldBeBetter, recommendations: f.recommendations, goals: f.goals.map((g) => ({ status: g.status, comment: g.comment })), ...change };
};

describe("closing: the agreed learning goals (goalItems)", () => {
  it("one item per non-empty line of the short-term goals, then the longer-term ideas, bullets and numbering stripped", () => {
    const items = goalItems({
      shortTermGoals: "- Lære § 50-undersøgelser\r\n\n  * Skrive journal selv  \n1. Holde et netværksmøde\n2) Sige fra\n•   Ærlig feedback",
      longTermIdeas: "(a) Blive tryg i rollen\u2028Specialisere mig i børn og unge\r– – Overveje efteruddannelse",
    });
    assert.deepEqual(items, [
      { goal: "Lære § 50-undersøgelser", source: "shortTermGoals" },
      { goal: "Skrive journal selv", source: "shortTermGoals" },
      { goal: "Holde et netværksmøde", source: "shortTermGoals" },
      { goal: "Sige fra", source: "shortTermGoals" },
      { goal: "Ærlig feedback", source: "shortTermGoals" },
      { goal: "Blive tryg i rollen", source: "longTermIdeas" },
      { goal: "Specialisere mig i børn og unge", source: "longTermIdeas" },
      { goal: "Overveje efteruddannelse", source: "longTermIdeas" },
    ]);
  });

  it("keeps text that only looks like a marker inside a line, and a year at the start", () => {
    assert.deepEqual(goalItems({ shortTermGoals: "2027: klare mig selv\nA-kasse og løn", longTermIdeas: "" }).map((g) => g.goal), ["2027: klare mig selv", "A-kasse og løn"]);
    assert.deepEqual(goalItems({ shortTermGoals: "", longTermIdeas: " \n\r\n - \n" }), []);
  });

  it("property: for any text and any line breaks, each item is one trimmed, non-empty line's text, in order; beyond MAX_GOAL_ITEMS the last item holds the rest", () => {
    const breaks = fc.constantFrom("\n", "\r\n", "\r", "\u2028", "\u2029", "\u0085", "\u000b", "\u000c");
    const line = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: "grapheme", maxLength: 30 }), fc.constantFrom("- mål", "1. mål", "  * ", "", "   ", "•Ø", "a) æble"));
    const field = fc.array(fc.tuple(line, breaks), { maxLength: 14 }).map((parts) => parts.map(([l, b]) => l + b).join(""));
    fc.assert(
      fc.property(field, field, (shortTermGoals, longTermIdeas) => {
        const items = goalItems({ shortTermGoals, longTermIdeas });
        const lines = (s: string) => s.split(/\r\n|[\n\r\u000b\u000c\u0085\u2028\u2029]/);
        assert.ok(items.length <= lines(shortTermGoals).length + lines(longTermIdeas).length);
        // At most MAX_GOAL_ITEMS items: beyond that the last one holds the rest of the lines, joined.
        const perLine = [
          ...lines(shortTermGoals).flatMap((l) => goalItems({ shortTermGoals: l, longTermIdeas: "" })),
          ...lines(longTermIdeas).flatMap((l) => goalItems({ shortTermGoals: "", longTermIdeas: l })),
        ];
        assert.ok(items.length <= MAX_GOAL_ITEMS);
        if (perLine.length > MAX_GOAL_ITEMS) {
          assert.deepEqual(items.slice(0, MAX_GOAL_ITEMS - 1), perLine.slice(0, MAX_GOAL_ITEMS - 1));
          assert.equal(items.at(-1)?.goal, perLine.slice(MAX_GOAL_ITEMS - 1).map((x) => x.goal).join(" · "));
          return;
        }
        assert.deepEqual(items, perLine);
        // Short-term goals first, then longer-term ideas.
        const firstLong = items.findIndex((i) => i.source === "longTermIdeas");
        if (firstLong >= 0) assert.ok(items.slice(firstLong).every((i) => i.source === "longTermIdeas"));
        for (const item of items) {
          assert.notEqual(item.goal, "");
          assert.equal(item.goal, item.goal.trim());
          assert.doesNotMatch(item.goal, /[\n\r\u000b\u000c\u0085\u2028\u2029]/);
          // Each item is (the end of) one line of its field: nothing invented, nothing joined.
          assert.ok(lines(item.source === "shortTermGoals" ? shortTermGoals : longTermIdeas).some((l) => l.trim().endsWith(item.goal)), JSON.stringify(item));
        }
        // A line with letters in it is never dropped.
        const withLetters = [...lines(shortTermGoals), ...lines(longTermIdeas)].filter((l) => /\p{L}{2}/u.test(l)).length;
        assert.ok(items.length >= withLetters);
      }),
      { numRuns: 300 },
    );
  });
});

describe("closing: startClosing", () => {
  it("the programme, the mentor or a coordinator opens closing with a reason; the evaluation lists every agreed goal", () => {
    const m = agreed({ shortTermGoals: "- Skrive journal\n- Sige fra", longTermIdeas: "Specialisering" });
    for (const start of [{ by: "programme" } as const, { by: "mentor", aadObjectId: mentor.aadObjectId } as const, { by: "coordinator" } as const]) {
      const c = value(startClosing(m, start, "completed", T(300)));
      assert.equal(c.phase, "closing");
      assert.equal(c.closing?.startedBy, start.by);
      assert.equal(c.closing?.reason, "completed");
      assert.equal(c.closing?.agreementVersion, m.agreement.version);
      assert.equal(c.closing?.closedAt, null);
      const e = c.closing!.evaluation;
      assert.deepEqual(e.fields.goals.map((g) => [g.goal, g.source, g.status, g.comment]), [
        ["Skrive journal", "shortTermGoals", null, ""],
        ["Sige fra", "shortTermGoals", null, ""],
        ["Specialisering", "longTermIdeas", null, ""],
      ]);
      assert.equal(e.version, 1);
      assert.equal(e.shareWithLeader, false, "the leader gets nothing unless the mentee says so");
      // Only the mentor's own start is the pair's activity.
      assert.equal(c.lastActivityAt === T(300).toISOString(), start.by === "mentor");
    }
  });

  it("evaluates the agreement in force, never an open revision", () => {
    const m = agreed({ shortTermGoals: "Agreed goal" });
    const withRevision: Mentorship = { ...m, agreement: { ...m.agreement, revision: { version: m.agreement.version + 1, fields: { ...m.agreement.fields, shortTermGoals: "Proposed goal" }, acceptances: {}, proposedBy: "mentee", proposedAt: T(2).toISOString(), editedBy: "mentee", at: T(2).toISOString() } } };
    assert.deepEqual(value(startClosing(withRevision, { by: "programme" }, "completed", T(3))).closing!.evaluation.fields.goals.map((g) => g.goal), ["Agreed goal"]);
  });

  it("refuses: twice, paused, not agreed, closed, a mentee or a stranger starting early, an unknown reason", () => {
    const m = agreed();
    const closing = value(startClosing(m, { by: "programme" }, "completed", T(3)));
    assert.equal(code(startClosing(closing, { by: "coordinator" }, "completed", T(4))), "ALREADY_CLOSING");
    assert.equal(code(startClosing({ ...m, pausedAt: T(2).toISOString() }, { by: "programme" }, "completed", T(4))), "MENTORSHIP_PAUSED");
    const notAgreed = { ...m, phase: "startUp" as const, agreement: { ...m.agreement, lockedAt: null } };
    assert.equal(code(startClosing(notAgreed, { by: "coordinator" }, "leftWorkplace", T(4))), "AGREEMENT_NOT_AGREED");
    const closed = value(confirmEvaluation(value(confirmEvaluation(closing, mentor.aadObjectId, 1, T(5))).mentorship, mentee.aadObjectId, 1, T(5))).mentorship;
    assert.equal(code(startClosing(closed, { by: "coordinator" }, "completed", T(6))), "MENTORSHIP_CLOSED");
    assert.equal(code(startClosing(m, { by: "mentor", aadObjectId: mentee.aadObjectId }, "completed", T(4))), "MENTOR_ONLY");
    assert.equal(code(startClosing(m, { by: "mentor", aadObjectId: stranger.aadObjectId }, "completed", T(4))), "NOT_A_PARTY");
    assert.equal(code(startClosing(m, { by: "coordinator" }, "bored" as never, T(4))), "INVALID_INPUT");
  });
});

describe("closing: editing the evaluation", () => {
  const opened = () => value(startClosing(agreed({ shortTermGoals: "Skrive journal\nSige fra" }), { by: "programme" }, "completed", T(300)));

  it("a save is a new version and clears every confirmation", () => {
    const c = value(confirmEvaluation(opened(), mentee.aadObjectId, 1, T(301))).mentorship;
    const input = asInput(c, { worked: "Fortroligheden", goals: [{ status: "reached", comment: "Godt" }, { status: "partly", comment: "" }] });
    const e = value(editEvaluation(c, mentor.aadObjectId, { version: 1 }, input, T(302)));
    const ev = e.closing!.evaluation;
    assert.equal(ev.version, 2);
    assert.equal(ev.editedBy, "mentor");
    assert.deepEqual(ev.confirmations, {});
    assert.equal(ev.fields.worked, "Fortroligheden");
    assert.deepEqual(ev.fields.goals.map((g) => [g.goal, g.status, g.comment]), [["Skrive journal", "reached", "Godt"], ["Sige fra", "partly", ""]]);
    assert.equal(e.lastActivityAt, T(302).toISOString());
  });

  it("merges like the agreement: a save from an older card keeps the other party's change of another part", () => {
    const c = opened();
    const shownV1 = fingerprint(c.closing!.evaluation.fields);
    const byMentee = value(editEvaluation(c, mentee.aadObjectId, { version: 1 }, asInput(c, { couldBeBetter: "Flere møder" }), T(301)));
    // The mentor's card still shows version 1; they change "what worked" only.
    const byMentor = value(editEvaluation(byMentee, mentor.aadObjectId, { version: 1, shown: shownV1 }, asInput(c, { worked: "Ærligheden" }), T(302)));
    const f = byMentor.closing!.evaluation.fields;
    assert.equal(f.couldBeBetter, "Flere møder", "the mentee's change survives");
    assert.equal(f.worked, "Ærligheden");
    assert.equal(byMentor.closing!.evaluation.version, 3);
    // Without the fingerprint of the older card nobody can tell what was changed: refused, nothing lost silently.
    assert.equal(code(editEvaluation(byMentee, mentor.aadObjectId, { version: 1 }, asInput(c, { worked: "x" }), T(302))), "EVALUATION_STALE_VERSION");
  });

  it("refuses: nothing changed, a stranger, a wrong number of goals, a version from the future, not closing, closed", () => {
    const c = opened();
    assert.equal(code(editEvaluation(c, mentor.aadObjectId, { version: 1 }, asInput(c), T(301))), "NO_CHANGES");
    assert.equal(code(editEvaluation(c, stranger.aadObjectId, { version: 1 }, asInput(c, { worked: "x" }), T(301))), "NOT_A_PARTY");
    assert.equal(code(editEvaluation(c, mentor.aadObjectId, { version: 1 }, asInput(c, { goals: [] }), T(301))), "INVALID_INPUT");
    assert.equal(code(editEvaluation(c, mentor.aadObjectId, { version: 9 }, asInput(c, { worked: "x" }), T(301))), "EVALUATION_STALE_VERSION");
    const learning = agreed();
    assert.equal(code(editEvaluation(learning, mentor.aadObjectId, { version: 1 }, asInput(c, { worked: "x" }), T(301))), "NOT_CLOSING");
    const closed = value(confirmEvaluation(value(confirmEvaluation(c, mentor.aadObjectId, 1, T(5))).mentorship, mentee.aadObjectId, 1, T(5))).mentorship;
    assert.equal(code(editEvaluation(closed, mentor.aadObjectId, { version: 1 }, asInput(c, { worked: "x" }), T(301))), "MENTORSHIP_CLOSED");
  });
});

describe("closing: the mentee's consent for the leader", () => {
  it("only the mentee sets it; it is not part of the confirmed text", () => {
    const c = value(confirmEvaluation(value(startClosing(agreed(), { by: "programme" }, "completed", T(300))), mentor.aadObjectId, 1, T(301))).mentorship;
    assert.equal(code(setLeaderConsent(c, mentor.aadObjectId, true, T(302))), "MENTEE_ONLY");
    assert.equal(code(setLeaderConsent(c, stranger.aadObjectId, true, T(302))), "NOT_A_PARTY");
    assert.equal(code(setLeaderConsent(c, mentee.aadObjectId, false, T(302))), "NO_CHANGES");
    const yes = value(setLeaderConsent(c, mentee.aadObjectId, true, T(302)));
    assert.equal(yes.closing!.evaluation.shareWithLeader, true);
    assert.equal(yes.closing!.evaluation.shareWithLeaderAt, T(302).toISOString());
    assert.equal(yes.closing!.evaluation.version, 1, "no new version");
    assert.deepEqual(Object.keys(yes.closing!.evaluation.confirmations), ["mentor"], "the mentor's confirmation stays");
    assert.equal(value(setLeaderConsent(yes, mentee.aadObjectId, false, T(303))).closing!.evaluation.shareWithLeader, false);
  });
});

describe("closing: confirming and closing", () => {
  it("both confirm the same version → closed (phase closed, closedAt); status names the step until then", () => {
    const c = value(startClosing(agreed(), { by: "programme" }, "completed", T(300)));
    assert.deepEqual(waitingSteps(c, "mentor", [], T(300)), [{ kind: "evaluation", version: 1 }]);
    const one = value(confirmEvaluation(c, mentor.aadObjectId, 1, T(301)));
    assert.equal(one.closed, false);
    assert.equal(one.mentorship.phase, "closing");
    assert.deepEqual(confirmationsNeeded(one.mentorship.closing!), ["mentee"]);
    assert.deepEqual(waitingSteps(one.mentorship, "mentor", [], T(301)), []);
    assert.deepEqual(waitingSteps(one.mentorship, "mentee", [], T(301)), [{ kind: "evaluation", version: 1 }]);
    assert.equal(code(confirmEvaluation(one.mentorship, mentor.aadObjectId, 1, T(302))), "ALREADY_CONFIRMED");
    const both = value(confirmEvaluation(one.mentorship, mentee.aadObjectId, 1, T(302)));
    assert.equal(both.closed, true);
    assert.equal(both.mentorship.phase, "closed");
    assert.equal(both.mentorship.phaseSince, T(302).toISOString());
    assert.equal(both.mentorship.closing?.closedAt, T(302).toISOString());
    assert.deepEqual(waitingSteps(both.mentorship, "mentee", [], T(303)), []);
  });

  it("an edit between the two confirmations means both confirm the new version", () => {
    const c = value(startClosing(agreed(), { by: "programme" }, "completed", T(300)));
    const one = value(confirmEvaluation(c, mentor.aadObjectId, 1, T(301))).mentorship;
    const edited = value(editEvaluation(one, mentee.aadObjectId, { version: 1 }, asInput(one, { worked: "Alt" }), T(302)));
    assert.equal(code(confirmEvaluation(edited, mentee.aadObjectId, 1, T(303))), "EVALUATION_STALE_VERSION");
    assert.deepEqual((confirmEvaluation(edited, mentee.aadObjectId, 1, T(303)) as { error: { params: unknown } }).error.params, { current: 2 });
    const a = value(confirmEvaluation(edited, mentee.aadObjectId, 2, T(303)));
    assert.equal(a.closed, false, "the mentor's confirmation was for version 1");
    assert.equal(value(confirmEvaluation(a.mentorship, mentor.aadObjectId, 2, T(304))).closed, true);
  });

  it("the new hire left the workplace: the mentor's confirmation suffices", () => {
    const c = value(startClosing(agreed(), { by: "coordinator" }, "leftWorkplace", T(100)));
    assert.deepEqual(confirmationsNeeded(c.closing!), ["mentor"]);
    assert.deepEqual(waitingSteps(c, "mentee", [], T(100)), []);
    assert.equal(value(confirmEvaluation(c, mentor.aadObjectId, 1, T(101))).closed, true);
  });

  it("a change of mentor in closing: the former mentor's confirmation does not count for the new one", () => {
    const c = value(confirmEvaluation(value(startClosing(agreed(), { by: "programme" }, "completed", T(300))), mentor.aadObjectId, 1, T(301))).mentorship;
    const changed = value(changeMentor(c, stranger, T(302)));
    assert.deepEqual(confirmationsNeeded(changed.closing!), ["mentor", "mentee"]);
    assert.equal(value(confirmEvaluation(changed, mentee.aadObjectId, 1, T(303))).closed, false);
  });

  it("refuses: paused, a stranger, not closing, closed", () => {
    const c = value(startClosing(agreed(), { by: "programme" }, "completed", T(300)));
    assert.equal(code(confirmEvaluation({ ...c, pausedAt: T(300).toISOString() }, mentor.aadObjectId, 1, T(301))), "MENTORSHIP_PAUSED");
    assert.equal(code(confirmEvaluation(c, stranger.aadObjectId, 1, T(301))), "NOT_A_PARTY");
    assert.equal(code(confirmEvaluation(agreed(), mentor.aadObjectId, 1, T(301))), "NOT_CLOSING");
  });
});

describe("closing: a closed mentorship refuses every change with MENTORSHIP_CLOSED", () => {
  it("the agreement, agendas and meetings", () => {
    const c = value(startClosing(agreed(), { by: "programme" }, "completed", T(300)));
    const closed = value(confirmEvaluation(value(confirmEvaluation(c, mentor.aadObjectId, 1, T(301))).mentorship, mentee.aadObjectId, 1, T(301))).mentorship;
    assert.equal(code(acceptAgreement(closed, mentor.aadObjectId, closed.agreement.version, T(302))), "MENTORSHIP_CLOSED");
    const v = { number: closed.agreement.version, fields: closed.agreement.fields, editedBy: "mentor" as const, at: "" };
    assert.equal(code(editAgreementOf(closed, mentor.aadObjectId, v, { ...v.fields, other: "x" }, T(302))), "MENTORSHIP_CLOSED");
    const meeting = { key: "k", seriesKey: "s", originalDate: "2027-12-01", date: "2027-12-01", time: "10:00", startUtc: "2027-12-01T09:00:00.000Z", minutes: 60, status: "planned", agendaPostedAt: null, agenda: { updatedAt: null } } as never;
    assert.equal(code(saveAgenda(closed, meeting, mentee.aadObjectId, {} as never, T(302))), "MENTORSHIP_CLOSED");
  });
});

describe("closing: when each programme says closing is due", () => {
  it("KL/DS: month 12 (eleven months after day one); Kristiansand: week 52; custom: the day after its last meeting", () => {
    assert.equal(Programmes.klds.closingDue({ firstWorkingDay: "2027-01-04", lastPlannedMeeting: "2027-12-20" }), "2027-12-04");
    assert.equal(Programmes.kristiansand.closingDue({ firstWorkingDay: "2027-01-04", lastPlannedMeeting: null }), "2027-12-27");
    assert.equal(Programmes.custom.closingDue({ firstWorkingDay: "2027-01-04", lastPlannedMeeting: "2027-06-30" }), "2027-07-01");
    assert.equal(Programmes.custom.closingDue({ firstWorkingDay: "2027-01-04", lastPlannedMeeting: null }), "2027-12-04", "before a plan: KL/DS's month 12");
  });

  it("at 08:00 in the programme's zone; cancelled meetings do not count", () => {
    const m = agreed({}, "custom");
    const at = closingDueAt(m, [{ date: "2027-06-30", status: "held" }, { date: "2027-07-10", status: "cancelled" }, { date: "2027-05-01", status: "planned" }]);
    assert.equal(at.toISOString(), "2027-07-01T06:00:00.000Z"); // 08:00 in Copenhagen, summer time
    assert.equal(closingDueAt(agreed({}, "kristiansand"), []).toISOString(), "2027-12-27T07:00:00.000Z");
  });
});
