/**
 * The programme's outcomes for the coordinator (issue 11, item 7; seed 002: the tovholder evaluates
 * the scheme): per start quarter of the new hire's first working day, how many started, are
 * active, completed, ended early and left the workplace within the first year; meetings held
 * against planned; the mentor load; the private ratings as averages by party.
 *
 * Computed from the summary rows and the ratings only (never from what a pair wrote), and
 * published through ONE rule, `suppress`: a figure about fewer than MIN_GROUP people is
 * "fewer than 5", never a number — counts, and the percentages and averages over such a group.
 * A hidden figure must not come back by subtraction either: in a quarter the categories add up to
 * the started (with "other" — closed without a reason, or left after the first year — never shown),
 * and a column adds up to its total. When what is hidden in a quarter is 1–4 people, the smallest
 * category still shown there is withheld too; when it is so in a column, the total's figure is
 * withheld (the quarters are what the view is for) — until nothing small can be worked out. A
 * withheld figure is at least 5 and says so ("withheld"), so "fewer than 5" is never said of more.
 */
import type { Party } from "./agreement";
import type { Ratings } from "./privateAnswers";
import type { MentorshipSummary } from "./summary";

/** The smallest group a published figure may be about. */
export const MIN_GROUP = 5;

/**
 * A published figure: a number (`n`: how many people it is about, never below MIN_GROUP), "fewer
 * than 5", or withheld (a figure about 5 or more that would let a smaller group be worked out).
 */
export type Cell = { readonly value: number; readonly n: number } | { readonly fewerThan: typeof MIN_GROUP } | { readonly withheld: true };

export const FEWER: Cell = Object.freeze({ fewerThan: MIN_GROUP });
export const WITHHELD: Cell = Object.freeze({ withheld: true as const });

/** The one suppression rule: a value about `people` persons is shown only when they are at least MIN_GROUP. */
export function suppress(value: number, people: number): Cell {
  return Number.isFinite(value) && people >= MIN_GROUP ? { value, n: people } : FEWER;
}

export const isShown = (c: Cell): c is Extract<Cell, { readonly value: number }> => "value" in c;

/** The people categories of a start quarter (a partition of `started`, with "other" never shown). */
export const Outcomes = ["active", "completed", "endedEarly", "leftWithinYear"] as const;
export type Outcome = (typeof Outcomes)[number];

export interface QuarterStats {
  /** "2026-Q1", or "total" for all quarters together. */
  readonly quarter: string;
  readonly started: Cell;
  readonly active: Cell;
  readonly completed: Cell;
  readonly endedEarly: Cell;
  readonly leftWithinYear: Cell;
  /** Per cent of `started`, whole numbers. */
  readonly percent: Readonly<Record<Outcome, Cell>>;
  /** Meetings (not people): about the quarter's mentorships, so hidden when the quarter is. */
  readonly meetingsHeld: Cell;
  readonly meetingsPlanned: Cell;
  readonly meetingsHeldPercent: Cell;
}

/** Mentors by how many active mentees they have: 1, 2, 3 and 4 or more (4). */
export const LoadBuckets = [1, 2, 3, 4] as const;
export interface LoadStats {
  readonly mentees: (typeof LoadBuckets)[number];
  readonly mentors: Cell;
}

export const RatingQuestions = ["useful", "wellRun", "recommend"] as const;
export type RatingQuestion = (typeof RatingQuestions)[number];
export interface RatingStats {
  readonly party: Party;
  /** How many persons of that party answered (a mentor who rated two mentorships is one). */
  readonly people: Cell;
  /** Averages on the 1–5 scale, one decimal. */
  readonly average: Readonly<Record<RatingQuestion, Cell>>;
}

export interface Statistics {
  readonly quarters: readonly QuarterStats[];
  readonly total: QuarterStats;
  readonly mentorLoad: readonly LoadStats[];
  readonly ratings: readonly RatingStats[];
}

export interface RatingRecord {
  readonly mentorshipId: string;
  readonly party: Party;
  readonly ratings: Ratings;
}

const day = (iso: string) => Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);

/** "2026-Q1" for a first working day in January–March 2026; null for a date that is none. */
export function quarterOf(firstWorkingDay: string): string | null {
  const m = /^(\d{4})-(\d{2})-\d{2}/.exec(firstWorkingDay);
  if (!m || Number.isNaN(day(firstWorkingDay))) return null;
  const month = Number(m[2]);
  return month >= 1 && month <= 12 ? `${m[1]}-Q${Math.ceil(month / 3)}` : null;
}

/** The day one year after the first working day (a 29 February start ends on 1 March). */
function oneYearAfter(firstWorkingDay: string): number {
  const d = new Date(day(firstWorkingDay));
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d.getTime();
}

const isClosed = (s: MentorshipSummary) => Boolean(s.closedAt) || s.phase === "closed";

/** Which category a mentorship's new hire is in (`other` is counted, never shown). */
export function outcomeOf(s: MentorshipSummary): Outcome | "other" {
  if (s.closingReason === "leftWorkplace") {
    // The new hire has gone once closing for that reason began, whether or not the mentor has confirmed yet.
    const since = s.closingStartedAt || s.closedAt;
    if (since && Date.parse(since) < oneYearAfter(s.firstWorkingDay)) return "leftWithinYear";
    return isClosed(s) ? "other" : "active";
  }
  if (!isClosed(s)) return "active";
  if (s.closingReason === "completed") return "completed";
  if (s.closingReason === "endedByAgreement" || s.closingReason === "changedProgramme") return "endedEarly";
  return "other";
}

interface Tally {
  started: number;
  counts: Record<Outcome | "other", number>;
  held: number;
  planned: number;
}
const emptyTally = (): Tally => ({ started: 0, counts: { active: 0, completed: 0, endedEarly: 0, leftWithinYear: 0, other: 0 }, held: 0, planned: 0 });

/** Shown[r][c]: may the figure in row r, column c (a people count) be published. */
type Grid = boolean[][];

/**
 * Withholds, in a grid of people counts whose rows each add up to a published `sum` (with a hidden
 * remainder) and whose last row is the column totals, whatever could otherwise be worked out by
 * subtraction as a group of 1–4 people: in a row its smallest figure shown, in a column its total.
 */
function complementary(values: number[][], shown: Grid, rowSums: number[], rowSumShown: boolean[], meetingsShown: boolean[]): void {
  const rows = values.length;
  const cols = values[0]?.length ?? 0;
  const totalRow = rows - 1;
  const hideSmallest = (cells: [number, number][]): boolean => {
    const candidates = cells.filter(([r, c]) => shown[r]![c]);
    if (candidates.length === 0) return false;
    const [r, c] = candidates.reduce((a, b) => (values[b[0]]![b[1]]! < values[a[0]]![a[1]]! ? b : a));
    shown[r]![c] = false;
    return true;
  };
  for (let changed = true; changed; ) {
    changed = false;
    // Across a row: started minus what is shown is what is hidden (including "other").
    for (let r = 0; r < rows; r++) {
      if (!rowSumShown[r]) continue;
      let hidden = rowSums[r]!;
      for (let c = 0; c < cols; c++) if (shown[r]![c]) hidden -= values[r]![c]!;
      if (hidden > 0 && hidden < MIN_GROUP) changed = hideSmallest(Array.from({ length: cols }, (_, c) => [r, c] as [number, number])) || changed;
    }
    // Down a column (the started column included): the total minus the quarters shown.
    for (let c = -1; c < cols; c++) {
      const get = (r: number) => (c < 0 ? rowSums[r]! : values[r]![c]!);
      const isShownAt = (r: number) => (c < 0 ? rowSumShown[r]! : shown[r]![c]!);
      if (!isShownAt(totalRow)) continue;
      let hidden = get(totalRow);
      for (let r = 0; r < totalRow; r++) if (isShownAt(r)) hidden -= get(r);
      if (hidden > 0 && hidden < MIN_GROUP) {
        if (c < 0) rowSumShown[totalRow] = false;
        else shown[totalRow]![c] = false;
        changed = true;
      }
    }
    // Meetings are about a quarter's people: the quarters whose meetings are hidden must together be 0 or ≥ 5 people.
    if (meetingsShown[totalRow]) {
      let hiddenPeople = rowSums[totalRow]!;
      for (let r = 0; r < totalRow; r++) if (meetingsShown[r]) hiddenPeople -= rowSums[r]!;
      if (hiddenPeople > 0 && hiddenPeople < MIN_GROUP) {
        meetingsShown[totalRow] = false;
        changed = true;
      }
    }
  }
}

const percent = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 100) : 0);
const oneDecimal = (x: number) => Math.round(x * 10) / 10;

/**
 * The statistics of a tenant's mentorships at `now`. Only mentorships whose first working day has
 * come count as started; the mentor load is today's, over every mentorship not closed.
 */
export function statistics(summaries: readonly MentorshipSummary[], ratings: readonly RatingRecord[], now: Date): Statistics {
  const today = now.toISOString().slice(0, 10);
  const byQuarter = new Map<string, Tally>();
  const total = emptyTally();
  for (const s of summaries) {
    const q = quarterOf(s.firstWorkingDay);
    if (!q || s.firstWorkingDay.slice(0, 10) > today) continue;
    let t = byQuarter.get(q);
    if (!t) byQuarter.set(q, (t = emptyTally()));
    const outcome = outcomeOf(s);
    const held = Math.max(0, Number(s.meetingsHeld) || 0);
    const planned = Math.max(0, Number(s.meetingsPlanned) || 0) + Math.max(0, Number(s.meetingsDropped) || 0);
    for (const x of [t, total]) {
      x.started += 1;
      x.counts[outcome] += 1;
      x.held += held;
      x.planned += planned;
    }
  }
  const keys = [...byQuarter.keys()].sort();
  const tallies = [...keys.map((k) => byQuarter.get(k)!), total];
  const values = tallies.map((t) => Outcomes.map((o) => t.counts[o]));
  const rowSums = tallies.map((t) => t.started);
  const shown: Grid = values.map((row) => row.map((v) => v >= MIN_GROUP));
  const rowSumShown = rowSums.map((v) => v >= MIN_GROUP);
  const meetingsShown = [...rowSumShown];
  complementary(values, shown, rowSums, rowSumShown, meetingsShown);

  const quarterStats = tallies.map((t, r): QuarterStats => {
    // Not shown: "fewer than 5" when it is, else withheld.
    const hidden = (people: number): Cell => (people < MIN_GROUP ? FEWER : WITHHELD);
    const count = (o: Outcome, c: number): Cell => (shown[r]![c] ? suppress(t.counts[o], t.counts[o]) : hidden(t.counts[o]));
    const cells = Object.fromEntries(Outcomes.map((o, c) => [o, count(o, c)])) as Record<Outcome, Cell>;
    const started: Cell = rowSumShown[r] ? suppress(t.started, t.started) : hidden(t.started);
    // A share is about the smaller of its two groups: shown only when both are.
    const pct = Object.fromEntries(
      Outcomes.map((o) => {
        const c = cells[o];
        if (isShown(c) && isShown(started)) return [o, suppress(percent(t.counts[o], t.started), Math.min(c.n, started.n))];
        return [o, "fewerThan" in c || "fewerThan" in started ? FEWER : WITHHELD];
      }),
    ) as Record<Outcome, Cell>;
    const meetings = meetingsShown[r] && isShown(started);
    const meetingsHidden = hidden(t.started);
    return {
      quarter: r === tallies.length - 1 ? "total" : keys[r]!,
      started,
      ...cells,
      percent: pct,
      meetingsHeld: meetings ? suppress(t.held, t.started) : meetingsHidden,
      meetingsPlanned: meetings ? suppress(t.planned, t.started) : meetingsHidden,
      meetingsHeldPercent: meetings ? suppress(percent(t.held, t.planned), t.started) : meetingsHidden,
    };
  });

  return {
    quarters: quarterStats.slice(0, -1),
    total: quarterStats[quarterStats.length - 1]!,
    mentorLoad: mentorLoad(summaries),
    ratings: ratingStats(summaries, ratings),
  };
}

/** Today's mentors by their number of mentorships not closed. */
function mentorLoad(summaries: readonly MentorshipSummary[]): LoadStats[] {
  const perMentor = new Map<string, number>();
  for (const s of summaries) if (!isClosed(s)) perMentor.set(s.mentorAadObjectId, (perMentor.get(s.mentorAadObjectId) ?? 0) + 1);
  const buckets = new Map<number, number>(LoadBuckets.map((b) => [b, 0]));
  for (const n of perMentor.values()) buckets.set(Math.min(4, n), (buckets.get(Math.min(4, n)) ?? 0) + 1);
  return LoadBuckets.map((b) => ({ mentees: b, mentors: suppress(buckets.get(b) ?? 0, buckets.get(b) ?? 0) }));
}

/**
 * Averages by party over the ratings of mentorships still in the summaries. The group is the
 * persons who answered (a mentor's answers for two mentees count as one person), and each person
 * weighs once: their own answers are averaged first.
 */
function ratingStats(summaries: readonly MentorshipSummary[], ratings: readonly RatingRecord[]): RatingStats[] {
  const who = new Map(summaries.map((s) => [s.mentorshipId, s]));
  return (["mentor", "mentee"] as const).map((party) => {
    const perPerson = new Map<string, { sums: Record<RatingQuestion, number>; count: number }>();
    for (const r of ratings) {
      const s = who.get(r.mentorshipId);
      if (r.party !== party || !s) continue;
      const person = party === "mentor" ? s.mentorAadObjectId : s.menteeAadObjectId;
      const entry = perPerson.get(person) ?? { sums: { useful: 0, wellRun: 0, recommend: 0 }, count: 0 };
      let valid = true;
      for (const q of RatingQuestions) if (!(r.ratings[q] >= 1 && r.ratings[q] <= 5)) valid = false;
      if (!valid) continue;
      for (const q of RatingQuestions) entry.sums[q] += r.ratings[q];
      entry.count += 1;
      perPerson.set(person, entry);
    }
    const people = perPerson.size;
    const average = Object.fromEntries(
      RatingQuestions.map((q) => {
        let sum = 0;
        for (const p of perPerson.values()) sum += p.sums[q] / p.count;
        return [q, suppress(people > 0 ? oneDecimal(sum / people) : 0, people)];
      }),
    ) as Record<RatingQuestion, Cell>;
    return { party, people: suppress(people, people), average };
  });
}

/** Every published figure of the statistics, with where it is (for checks and for the CSV). */
export function* cellsOf(s: Statistics): Generator<[string, Cell]> {
  for (const q of [...s.quarters, s.total]) {
    yield [`${q.quarter}.started`, q.started];
    for (const o of Outcomes) {
      yield [`${q.quarter}.${o}`, q[o]];
      yield [`${q.quarter}.${o}%`, q.percent[o]];
    }
    yield [`${q.quarter}.meetingsHeld`, q.meetingsHeld];
    yield [`${q.quarter}.meetingsPlanned`, q.meetingsPlanned];
    yield [`${q.quarter}.meetingsHeld%`, q.meetingsHeldPercent];
  }
  for (const l of s.mentorLoad) yield [`load.${l.mentees}`, l.mentors];
  for (const r of s.ratings) {
    yield [`ratings.${r.party}.people`, r.people];
    for (const q of RatingQuestions) yield [`ratings.${r.party}.${q}`, r.average[q]];
  }
}
