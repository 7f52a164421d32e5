import assert from "node:assert/strict";
import fc from "fast-check";
import type { Party } from "../../src/domain/agreement";
import type { Score } from "../../src/domain/privateAnswers";
import {
  type Cell,
  FEWER,
  MIN_GROUP,
  type RatingRecord,
  type Statistics,
  cellsOf,
  isShown,
  outcomeOf,
  quarterOf,
  statistics,
  suppress,
} from "../../src/domain/statistics";
import { type MentorshipSummary, NO_LEADER_COLUMNS } from "../../src/domain/summary";

/** The coordinator's outcome figures (src/domain/statistics.ts): the categories, the quarters, and the one suppression rule. */

const NOW = new Date("2027-06-15T10:00:00Z");
let seq = 0;
function summary(over: Partial<MentorshipSummary> = {}): MentorshipSummary {
  seq += 1;
  return {
    ...NO_LEADER_COLUMNS,
    mentorshipId: `s${seq}`,
    menteeName: `Mentee ${seq}`,
    menteeAadObjectId: `mentee-${seq}`,
    mentorName: `Mentor ${seq}`,
    mentorAadObjectId: `mentor-${seq}`,
    unit: "Børn og familie",
    programme: "klds",
    phase: "learning",
    phaseSince: "2026-03-01T08:00:00.000Z",
    firstWorkingDay: "2026-02-02",
    createdAt: "2026-01-10T08:00:00.000Z",
    agreementStatus: "agreed",
    agreementPostedAt: "",
    agreementLockedAt: "2026-02-20T08:00:00.000Z",
    meetingsHeld: 2,
    meetingsPlanned: 10,
    nextMeetingUtc: "",
    plannedStartsUtc: "",
    lastMeetingUtc: "",
    lastActivityAt: "",
    language: "da",
    timeZone: "Europe/Copenhagen",
    pausedAt: "",
    awaitingChatSince: "",
    closingReason: "",
    closingStartedAt: "",
    closedAt: "",
    pairingConcernAt: "",
    meetingsDropped: 0,
    ...over,
  };
}
const closed = (reason: string, at = "2026-11-01T08:00:00.000Z", over: Partial<MentorshipSummary> = {}) =>
  summary({ phase: "closed", closingReason: reason, closingStartedAt: at, closedAt: at, ...over });
const many = (n: number, over: Partial<MentorshipSummary> = {}) => Array.from({ length: n }, () => summary(over));
const value = (c: Cell) => (isShown(c) ? c.value : "withheld" in c ? "withheld" : "fewer");

describe("statistics: categories and quarters", () => {
  it("puts a first working day in its quarter", () => {
    assert.equal(quarterOf("2026-01-01"), "2026-Q1");
    assert.equal(quarterOf("2026-03-31"), "2026-Q1");
    assert.equal(quarterOf("2026-04-01"), "2026-Q2");
    assert.equal(quarterOf("2026-12-31"), "2026-Q4");
    assert.equal(quarterOf(""), null);
    assert.equal(quarterOf("2026-13-01"), null);
  });

  it("says which outcome a mentorship has: left within the first year counts from when closing began", () => {
    assert.equal(outcomeOf(summary()), "active");
    assert.equal(outcomeOf(summary({ phase: "closing", closingReason: "completed", closingStartedAt: "2027-01-02T08:00:00Z" })), "active", "closing, not closed yet");
    assert.equal(outcomeOf(closed("completed")), "completed");
    assert.equal(outcomeOf(closed("endedByAgreement")), "endedEarly");
    assert.equal(outcomeOf(closed("changedProgramme")), "endedEarly");
    assert.equal(outcomeOf(closed("leftWorkplace")), "leftWithinYear");
    // Closing began (the new hire has gone), the mentor has not confirmed: already left.
    assert.equal(outcomeOf(summary({ phase: "closing", closingReason: "leftWorkplace", closingStartedAt: "2026-08-01T08:00:00Z" })), "leftWithinYear");
    // A year and a day after the first working day (2026-02-02) is no longer "within the first year".
    assert.equal(outcomeOf(closed("leftWorkplace", "2027-02-02T00:00:00.000Z")), "other");
    assert.equal(outcomeOf(closed("leftWorkplace", "2027-02-01T23:59:00.000Z")), "leftWithinYear");
    assert.equal(outcomeOf(summary({ phase: "closed" })), "other", "closed before closing had reasons");
  });

  it("counts per start quarter with percentages, and meetings held against planned (planned includes the dropped)", () => {
    const q1 = [...many(6), ...Array.from({ length: 5 }, () => closed("completed")), ...Array.from({ length: 5 }, () => closed("leftWorkplace", "2026-06-01T08:00:00Z", { meetingsHeld: 1, meetingsPlanned: 1, meetingsDropped: 9 }))];
    const q3 = many(7, { firstWorkingDay: "2026-08-03", meetingsHeld: 4, meetingsPlanned: 12 });
    const future = many(6, { firstWorkingDay: "2027-09-01" });
    const s = statistics([...q1, ...q3, ...future], [], NOW);
    assert.deepEqual(s.quarters.map((q) => q.quarter), ["2026-Q1", "2026-Q3"], "oldest first; a first working day still to come has not started");
    const [a, b] = s.quarters;
    assert.deepEqual([value(a!.started), value(a!.active), value(a!.completed), value(a!.endedEarly), value(a!.leftWithinYear)], [16, 6, 5, "fewer", 5]);
    assert.deepEqual([value(a!.percent.active), value(a!.percent.completed), value(a!.percent.leftWithinYear), value(a!.percent.endedEarly)], [38, 31, 31, "fewer"]);
    // 6×2 + 5×2 + 5×1 held; 6×10 + 5×10 + 5×(1+9) planned.
    assert.deepEqual([value(a!.meetingsHeld), value(a!.meetingsPlanned), value(a!.meetingsHeldPercent)], [27, 160, 17]);
    assert.deepEqual([value(b!.started), value(b!.active), value(b!.meetingsHeld), value(b!.meetingsPlanned), value(b!.meetingsHeldPercent)], [7, 7, 28, 84, 33]);
    assert.deepEqual([value(s.total.started), value(s.total.active), value(s.total.completed), value(s.total.leftWithinYear)], [23, 13, 5, 5]);
  });

  it("hides a small quarter entirely, and withholds the total that would give it away by subtraction", () => {
    const big = many(12, { firstWorkingDay: "2026-01-12" });
    const small = many(3, { firstWorkingDay: "2026-05-04" });
    const s = statistics([...big, ...small], [], NOW);
    const [q1, q2] = s.quarters;
    assert.deepEqual(value(q2!.started), "fewer");
    assert.deepEqual(value(q2!.meetingsHeld), "fewer", "meetings of fewer than 5 people are about them too");
    // The total (15) minus the first quarter (12) would give the small one: the total is withheld, the quarter shown.
    assert.equal(value(q1!.started), 12);
    assert.equal(value(q1!.meetingsHeld), 24);
    assert.equal(value(s.total.started), "withheld", "withheld, not 'fewer than 5': it is 15");
    assert.equal(value(s.total.active), "withheld");
    assert.equal(value(s.total.meetingsHeld), "withheld");
    assert.equal(value(s.total.percent.active), "withheld");
  });

  it("withholds the smallest category shown when started minus the rest would give 1–4", () => {
    const rows = [...many(7), ...Array.from({ length: 5 }, () => closed("completed")), ...Array.from({ length: 2 }, () => closed("endedByAgreement"))];
    const q = statistics(rows, [], NOW).quarters[0]!;
    assert.equal(value(q.started), 14);
    assert.equal(value(q.endedEarly), "fewer");
    // 14 − 7 − 5 = 2 ended early: so "completed" (the smaller one shown) is withheld as well.
    assert.equal(value(q.completed), "withheld");
    assert.equal(value(q.percent.completed), "withheld");
    assert.equal(value(q.percent.endedEarly), "fewer");
    assert.equal(value(q.active), 7);
  });

  it("counts today's mentor load over every mentorship not closed", () => {
    const rows: MentorshipSummary[] = [];
    for (let i = 0; i < 6; i++) rows.push(summary({ mentorAadObjectId: `one-${i}` }));
    for (let i = 0; i < 5; i++) rows.push(summary({ mentorAadObjectId: `two-${i}` }), summary({ mentorAadObjectId: `two-${i}`, phase: "preparation", firstWorkingDay: "2027-09-01" }));
    for (let i = 0; i < 2; i++) for (let k = 0; k < 4; k++) rows.push(summary({ mentorAadObjectId: `four-${i}` }));
    rows.push(closed("completed", undefined, { mentorAadObjectId: "one-0" }));
    const load = statistics(rows, [], NOW).mentorLoad;
    assert.deepEqual(load.map((l) => [l.mentees, value(l.mentors)]), [[1, 6], [2, 5], [3, "fewer"], [4, "fewer"]]);
  });

  it("averages the ratings by party over persons, never about fewer than 5 of them", () => {
    const rows = many(6);
    const r = (s: MentorshipSummary, party: Party, useful: Score, wellRun: Score, recommend: Score): RatingRecord => ({
      mentorshipId: s.mentorshipId,
      party,
      ratings: { useful, wellRun, recommend, comment: "privat kommentar", at: "2027-01-01T08:00:00Z" },
    });
    const ratings = [
      ...rows.map((s, i) => r(s, "mentee", 4, (i % 2 ? 5 : 3) as Score, 5)),
      ...rows.slice(0, 4).map((s) => r(s, "mentor", 2, 2, 2)),
      { ...r(summary(), "mentor", 1, 1, 1), mentorshipId: "erased" },
    ];
    const [mentor, mentee] = statistics(rows, ratings, NOW).ratings;
    assert.equal(mentee!.party, "mentee");
    assert.deepEqual([value(mentee!.people), value(mentee!.average.useful), value(mentee!.average.wellRun), value(mentee!.average.recommend)], [6, 4, 4, 5]);
    assert.deepEqual([value(mentor!.people), value(mentor!.average.useful)], ["fewer", "fewer"], "4 mentors (the erased mentorship's rating is not counted)");
    // One mentor who rated five mentorships is one person.
    const same = many(5, { mentorAadObjectId: "the-one" });
    const one = statistics(same, same.map((s) => r(s, "mentor", 5, 5, 5)), NOW).ratings[0]!;
    assert.equal(value(one.people), "fewer");
    assert.equal(value(one.average.useful), "fewer");
  });

  it("the one suppression rule: fewer than 5 people is never a number", () => {
    assert.deepEqual(suppress(4, 4), FEWER);
    assert.deepEqual(suppress(80, 4), FEWER, "a percentage over 4 people");
    assert.deepEqual(suppress(3.5, 0), FEWER);
    assert.deepEqual(suppress(5, 5), { value: 5, n: 5 });
    assert.deepEqual(suppress(Number.NaN, 10), FEWER);
  });
});

describe("statistics: no published cell is ever about fewer than 5 (property)", () => {
  const reasons = ["", "completed", "leftWorkplace", "endedByAgreement", "changedProgramme"];
  const arbSummary = fc.record({
    quarter: fc.integer({ min: 0, max: 7 }),
    dayOfQuarter: fc.integer({ min: 0, max: 80 }),
    state: fc.constantFrom("running", "closing", "closed"),
    reason: fc.constantFrom(...reasons),
    closedAfterDays: fc.integer({ min: 1, max: 500 }),
    mentor: fc.integer({ min: 0, max: 15 }),
    held: fc.integer({ min: 0, max: 12 }),
    planned: fc.integer({ min: 0, max: 12 }),
    dropped: fc.integer({ min: 0, max: 6 }),
  });
  const arbRating = fc.record({ of: fc.nat(), party: fc.constantFrom<Party>("mentor", "mentee"), score: fc.integer({ min: 1, max: 5 }) });

  function build(specs: { quarter: number; dayOfQuarter: number; state: string; reason: string; closedAfterDays: number; mentor: number; held: number; planned: number; dropped: number }[]): MentorshipSummary[] {
    return specs.map((x, i) => {
      const start = new Date(Date.UTC(2025, x.quarter * 3, 1) + x.dayOfQuarter * 86_400_000);
      const fwd = start.toISOString().slice(0, 10);
      const at = new Date(start.getTime() + x.closedAfterDays * 86_400_000).toISOString();
      const closing = x.state !== "running" && x.reason !== "";
      return summary({
        mentorshipId: `p${i}`,
        menteeAadObjectId: `pm${i}`,
        mentorAadObjectId: `mentor-${x.mentor}`,
        firstWorkingDay: fwd,
        phase: x.state === "closed" ? "closed" : x.state === "closing" ? "closing" : "learning",
        closingReason: closing ? x.reason : "",
        closingStartedAt: closing ? at : "",
        closedAt: closing && x.state === "closed" ? at : "",
        meetingsHeld: Math.min(x.held, x.planned),
        meetingsPlanned: x.planned,
        meetingsDropped: x.state === "closed" ? x.dropped : 0,
      });
    });
  }

  /** Independent of the module: who is in each cell's group, counted from the input. */
  function oracle(rows: MentorshipSummary[]) {
    const today = NOW.toISOString().slice(0, 10);
    const groups = new Map<string, number>();
    const add = (k: string) => groups.set(k, (groups.get(k) ?? 0) + 1);
    for (const s of rows) {
      if (s.firstWorkingDay > today) continue;
      for (const q of [quarterOf(s.firstWorkingDay)!, "total"]) {
        add(`${q}.started`);
        add(`${q}.${outcomeOf(s)}`);
      }
    }
    return groups;
  }

  function check(s: Statistics, rows: MentorshipSummary[], ratings: RatingRecord[]) {
    const groups = oracle(rows);
    for (const [where, cell] of cellsOf(s)) {
      const m = /^(.+)\.(started|active|completed|endedEarly|leftWithinYear)(%?)$/.exec(where);
      if (!isShown(cell)) {
        assert.ok("fewerThan" in cell ? cell.fewerThan === MIN_GROUP : cell.withheld === true, where);
        // "Fewer than 5" is never said of more, nor "withheld" of fewer.
        if (m && !m[3]) assert.equal("fewerThan" in cell, (groups.get(`${m[1]}.${m[2]}`) ?? 0) < MIN_GROUP, `${where}: ${JSON.stringify(cell)} of ${groups.get(`${m[1]}.${m[2]}`) ?? 0}`);
        continue;
      }
      assert.ok(cell.n >= MIN_GROUP, `${where} is about ${cell.n} people`);
      if (m) {
        const people = groups.get(`${m[1]}.${m[2]}`) ?? 0;
        assert.ok(people >= MIN_GROUP, `${where}: its group has ${people} people`);
        if (!m[3]) assert.equal(cell.value, people, `${where} counts its group`);
        else assert.ok((groups.get(`${m[1]}.started`) ?? 0) >= MIN_GROUP);
      }
    }
    // Ratings: the persons who answered, counted from the input.
    for (const r of s.ratings) {
      const persons = new Set(
        ratings
          .filter((x) => x.party === r.party)
          .map((x) => rows.find((y) => y.mentorshipId === x.mentorshipId))
          .filter((y): y is MentorshipSummary => Boolean(y))
          .map((y) => (r.party === "mentor" ? y.mentorAadObjectId : y.menteeAadObjectId)),
      ).size;
      assert.equal(isShown(r.people), persons >= MIN_GROUP, `${r.party}: ${persons} persons`);
      for (const c of Object.values(r.average)) assert.equal(isShown(c), persons >= MIN_GROUP);
    }
    // Nothing hidden comes back by subtraction: in every row and column what is hidden is 0 or ≥ 5 people.
    const outcomes = ["active", "completed", "endedEarly", "leftWithinYear"] as const;
    for (const q of [...s.quarters, s.total]) {
      if (!isShown(q.started)) continue;
      const hidden = q.started.value - outcomes.reduce((sum, o) => sum + (isShown(q[o]) ? (q[o] as { value: number }).value : 0), 0);
      assert.ok(hidden === 0 || hidden >= MIN_GROUP, `${q.quarter}: ${hidden} hidden by subtraction`);
    }
    for (const col of ["started", ...outcomes] as const) {
      const t = s.total[col];
      if (!isShown(t)) continue;
      const hidden = t.value - s.quarters.reduce((sum, q) => sum + (isShown(q[col]) ? (q[col] as { value: number }).value : 0), 0);
      assert.ok(hidden === 0 || hidden >= MIN_GROUP, `column ${col}: ${hidden} hidden by subtraction`);
    }
  }

  it("holds for any mix of mentorships, outcomes and ratings", () => {
    fc.assert(
      fc.property(fc.array(arbSummary, { maxLength: 120 }), fc.array(arbRating, { maxLength: 80 }), (specs, raw) => {
        const rows = build(specs);
        const ratings: RatingRecord[] = rows.length === 0 ? [] : raw.map((r) => ({
          mentorshipId: rows[r.of % rows.length]!.mentorshipId,
          party: r.party,
          ratings: { useful: r.score as Score, wellRun: r.score as Score, recommend: r.score as Score, comment: "", at: "2027-01-01T00:00:00Z" },
        }));
        check(statistics(rows, ratings, NOW), rows, ratings);
      }),
      { numRuns: 300 },
    );
  });

  it("the rule itself: any value about 0–4 people is hidden, about 5 or more it is shown", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 10_000 }), (v, people) => {
        const c = suppress(v, people);
        assert.equal(isShown(c), people >= MIN_GROUP);
        if (isShown(c)) assert.equal(c.value, v);
      }),
    );
  });
});
