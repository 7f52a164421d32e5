/**
 * A programme's meeting cadence as calendar series the way Microsoft Graph models recurrence:
 * one recurring series per cadence band (weekly / every n weeks / relative-monthly, numbered
 * range), plus the exact dates Graph will generate and the occurrence exceptions (moved or
 * cancelled) that keep meetings off public holidays.
 *
 * Weeks count from the mentee's first working day: week 1 is the Monday–Sunday week containing
 * it, so programme weeks coincide with ISO weeks. Times are wall-clock times in the programme's
 * zone; `startUtc` is derived with zonedToUtc, so 09:00 stays 09:00 local across DST changes.
 *
 * Holiday rule: an occurrence on a holiday of the programme's country (customary days off
 * included) is moved to the nearest date in the same ISO week that is a working day, is no other
 * meeting's date, and lies strictly between the series' previous and next occurrences (Graph
 * refuses moves across a neighbour: ErrorOccurrenceCrossingBoundary). Nearest first; at equal
 * distance the later day (+1 before −1, +2 before −2, …). With no such day it is cancelled.
 */
import { MEETING_COUNT_RANGE } from "./agreement";
import {
  type IsoWeekday,
  addDays,
  addMonths,
  compare,
  dayOfMonth,
  daysBetween,
  daysInMonth,
  isoWeek,
  isoWeekday,
  monthOf,
  startOfIsoWeek,
  yearOf,
  ymd,
  zonedToUtc,
} from "./calendarMath";
import { type IsoDate, isIsoDate } from "./dates";
import { type Country, isHoliday, isWorkingDay } from "./holidays";

export const Weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
/** Graph's dayOfWeek values. */
export type Weekday = (typeof Weekdays)[number];

export const MonthlyIndexes = ["first", "second", "third", "fourth", "last"] as const;
export type MonthlyIndex = (typeof MonthlyIndexes)[number];

export type ProgrammeTimeZone = "Europe/Copenhagen" | "Europe/Oslo";

/** A cadence band: meetings every `everyWeeks` weeks (or monthly) from week `fromWeek` to `toWeek`, counted from the first working day. */
export interface CadenceBand {
  readonly fromWeek: number;
  readonly toWeek: number;
  readonly every: { readonly weeks: number } | { readonly months: 1 };
}

/** Number of meetings a cadence gives, counting week by week from the first working day. */
export function meetingsInCadence(bands: readonly CadenceBand[]): number {
  let total = 0;
  for (const band of bands) {
    const weeks = band.toWeek - band.fromWeek + 1;
    total += "weeks" in band.every ? Math.ceil(weeks / band.every.weeks) : Math.round(weeks / (52 / 12));
  }
  return total;
}

export interface Slot {
  readonly weekday: 1 | 2 | 3 | 4 | 5;
  /** "HH:mm", 24-hour, local to the programme's zone. */
  readonly time: string;
  readonly minutes: number;
}

/** Graph recurrencePattern (the Graph adapter adds firstDayOfWeek "monday"). */
export type Pattern =
  | { readonly type: "weekly"; readonly interval: number; readonly daysOfWeek: readonly Weekday[] }
  | {
      readonly type: "relativeMonthly";
      readonly interval: number;
      readonly daysOfWeek: readonly Weekday[];
      readonly index: MonthlyIndex;
    };

/** Graph recurrenceRange of type "numbered". */
export interface NumberedRange {
  readonly startDate: IsoDate;
  readonly numberOfOccurrences: number;
}

export type SeriesException =
  | { readonly date: IsoDate; readonly action: "move"; readonly to: IsoDate }
  | {
      readonly date: IsoDate;
      readonly action: "cancel";
      /** Not for a holiday: the mentor had cancelled this meeting under the plan this one replaced. */
      readonly byMentor?: true;
    };

export interface SeriesPlan {
  /** Stable (part of every stored meeting's key): `${keyPrefix}-w${from}-${to}` for a band, the programme's own key for a spread. */
  readonly key: string;
  readonly pattern: Pattern;
  readonly range: NumberedRange;
  readonly time: string;
  readonly minutes: number;
  readonly timeZone: ProgrammeTimeZone;
  /** Exactly the dates Graph's recurrence generates, in order (before exceptions). */
  readonly occurrences: readonly IsoDate[];
  readonly exceptions: readonly SeriesException[];
}

export interface PlannedMeeting {
  readonly seriesKey: string;
  /** The occurrence's date in its series before any holiday move: with the series, the meeting's identity. */
  readonly originalDate: IsoDate;
  /** The date the meeting takes place (after a move). */
  readonly date: IsoDate;
  readonly time: string;
  readonly minutes: number;
  readonly isoWeek: number;
  readonly isoYear: number;
  /** ISO instant, e.g. "2027-01-19T09:00:00.000Z". */
  readonly startUtc: string;
}

// ─── validation ────────────────────────────────────────────────────────────────────────────────

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

function checkDate(name: string, date: IsoDate): void {
  if (!isIsoDate(date)) throw new RangeError(`${name} is not a calendar date: ${String(date)}`);
}

function checkSlot(slot: Slot): void {
  if (![1, 2, 3, 4, 5].includes(slot.weekday)) throw new RangeError(`slot weekday must be 1–5 (Mon–Fri): ${slot.weekday}`);
  if (!TIME.test(slot.time)) throw new RangeError(`slot time must be HH:mm (24-hour): ${slot.time}`);
  if (!Number.isInteger(slot.minutes) || slot.minutes < 1 || slot.minutes > 24 * 60) {
    throw new RangeError(`slot minutes must be a whole number 1–1440: ${slot.minutes}`);
  }
}

// ─── Graph recurrence expansion ──────────────────────────────────────────────────────────────

const weekdayNumber = (day: Weekday): IsoWeekday => (Weekdays.indexOf(day) + 1) as IsoWeekday;
export const weekdayName = (n: IsoWeekday): Weekday => Weekdays[n - 1] as Weekday;

/** The dates in a month whose weekday is one of `days`, in order. */
function matchingDaysOfMonth(year: number, month: number, days: readonly Weekday[]): IsoDate[] {
  const wanted = new Set(days.map(weekdayNumber));
  const out: IsoDate[] = [];
  for (let d = 1; d <= daysInMonth(year, month); d++) {
    const date = ymd(year, month, d);
    if (wanted.has(isoWeekday(date))) out.push(date);
  }
  return out;
}

function checkPattern(pattern: Pattern): void {
  if (!Number.isInteger(pattern.interval) || pattern.interval < 1) throw new RangeError(`interval must be ≥ 1: ${pattern.interval}`);
  if (pattern.daysOfWeek.length === 0 || pattern.daysOfWeek.some((d) => !Weekdays.includes(d))) {
    throw new RangeError(`daysOfWeek must name at least one weekday: ${pattern.daysOfWeek.join(",")}`);
  }
}

/**
 * Every date the pattern generates from `startDate` on, without end, as Graph does: weekly —
 * the listed days in every `interval`-th Monday-based week counted from the start date's week;
 * relativeMonthly — the `index`-th of the listed days in every `interval`-th month counted from
 * the start date's month. Dates before `startDate` are skipped.
 */
function generate(pattern: Pattern, startDate: IsoDate): Generator<IsoDate> {
  checkPattern(pattern);
  return pattern.type === "weekly" ? weekly(pattern, startDate) : relativeMonthly(pattern, startDate);
}

function* weekly(pattern: Pattern & { type: "weekly" }, startDate: IsoDate): Generator<IsoDate> {
  const days = [...new Set(pattern.daysOfWeek.map(weekdayNumber))].sort((a, b) => a - b);
  for (let monday = startOfIsoWeek(startDate); ; monday = addDays(monday, 7 * pattern.interval)) {
    for (const day of days) {
      const date = addDays(monday, day - 1);
      if (compare(date, startDate) >= 0) yield date;
    }
  }
}

function* relativeMonthly(pattern: Pattern & { type: "relativeMonthly" }, startDate: IsoDate): Generator<IsoDate> {
  const first = ymd(yearOf(startDate), monthOf(startDate), 1);
  for (let m = 0; ; m += pattern.interval) {
    const month = addMonths(first, m);
    const candidates = matchingDaysOfMonth(yearOf(month), monthOf(month), pattern.daysOfWeek);
    const date = pattern.index === "last" ? candidates[candidates.length - 1] : candidates[MonthlyIndexes.indexOf(pattern.index)];
    if (date !== undefined && compare(date, startDate) >= 0) yield date;
  }
}

/** The dates a Graph recurrence (pattern + numbered range) generates, in order. */
export function expandRecurrence(pattern: Pattern, range: NumberedRange): IsoDate[] {
  checkDate("range.startDate", range.startDate);
  if (!Number.isInteger(range.numberOfOccurrences) || range.numberOfOccurrences < 1) {
    throw new RangeError(`numberOfOccurrences must be ≥ 1: ${range.numberOfOccurrences}`);
  }
  const out: IsoDate[] = [];
  for (const date of generate(pattern, range.startDate)) {
    out.push(date);
    if (out.length === range.numberOfOccurrences) break;
  }
  return out;
}

function countUntil(pattern: Pattern, startDate: IsoDate, lastDate: IsoDate): number {
  let n = 0;
  for (const date of generate(pattern, startDate)) {
    if (compare(date, lastDate) > 0) break;
    n++;
  }
  return n;
}

// ─── holidays ────────────────────────────────────────────────────────────────────────────────

/**
 * The exceptions that keep a set of series off the country's holidays (see the module comment
 * for the rule). Series are given with their Graph occurrences; a moved meeting never lands on
 * another meeting's date, of any series. Holiday occurrences are settled in date order.
 */
export function holidayExceptions(
  series: readonly { readonly key: string; readonly occurrences: readonly IsoDate[] }[],
  country: Country,
): Readonly<Record<string, readonly SeriesException[]>> {
  const result: Record<string, SeriesException[]> = {};
  const taken = new Set<IsoDate>();
  const pending: { s: number; i: number; date: IsoDate }[] = [];
  series.forEach((one, s) => {
    result[one.key] = [];
    one.occurrences.forEach((date, i) => {
      if (isHoliday(country, date)) pending.push({ s, i, date });
      else taken.add(date);
    });
  });
  pending.sort((a, b) => compare(a.date, b.date) || a.s - b.s);

  const movedTo = new Map<string, IsoDate>(); // `${s}:${i}` → new date
  for (const { s, i, date } of pending) {
    const occ = series[s]?.occurrences ?? [];
    const key = series[s]?.key ?? "";
    // Bounds: the neighbours' original dates, and where they were moved to (if already settled).
    const lower = [occ[i - 1], movedTo.get(`${s}:${i - 1}`)].filter((d): d is IsoDate => d !== undefined);
    const upper = [occ[i + 1], movedTo.get(`${s}:${i + 1}`)].filter((d): d is IsoDate => d !== undefined);
    const week = startOfIsoWeek(date);
    let target: IsoDate | null = null;
    for (let distance = 1; distance <= 6 && target === null; distance++) {
      for (const delta of [distance, -distance]) {
        const c = addDays(date, delta);
        if (startOfIsoWeek(c) !== week) continue;
        if (!isWorkingDay(country, c) || taken.has(c)) continue;
        if (lower.some((d) => compare(c, d) <= 0) || upper.some((d) => compare(c, d) >= 0)) continue;
        target = c;
        break;
      }
    }
    if (target === null) {
      result[key]?.push({ date, action: "cancel" });
    } else {
      taken.add(target);
      movedTo.set(`${s}:${i}`, target);
      result[key]?.push({ date, action: "move", to: target });
    }
  }
  return result;
}

// ─── plans ───────────────────────────────────────────────────────────────────────────────────

interface SeriesDraft {
  readonly key: string;
  readonly pattern: Pattern;
  readonly range: NumberedRange;
}

function finish(drafts: readonly SeriesDraft[], slot: Slot, timeZone: ProgrammeTimeZone, country: Country): SeriesPlan[] {
  const withDates = drafts.map((d) => ({ ...d, occurrences: expandRecurrence(d.pattern, d.range) }));
  const exceptions = holidayExceptions(withDates, country);
  return withDates.map((d) => ({
    key: d.key,
    pattern: d.pattern,
    range: d.range,
    time: slot.time,
    minutes: slot.minutes,
    timeZone,
    occurrences: d.occurrences,
    exceptions: exceptions[d.key] ?? [],
  }));
}

/** The Monday of programme week `week` (week 1 contains the first working day). */
export function programmeWeekStart(firstWorkingDay: IsoDate, week: number): IsoDate {
  return addDays(startOfIsoWeek(firstWorkingDay), 7 * (week - 1));
}

export interface BandPlanInput {
  /** Series keys are `${keyPrefix}-w${fromWeek}-${toWeek}`. */
  readonly keyPrefix: string;
  readonly bands: readonly CadenceBand[];
  readonly firstWorkingDay: IsoDate;
  readonly slot: Slot;
  readonly timeZone: ProgrammeTimeZone;
  readonly country: Country;
}

/**
 * One series per cadence band. Each band's first occurrence is the slot weekday in the band's
 * first week. "Every n weeks" → weekly with interval n, one occurrence per n weeks of the band
 * (ceil). "Monthly" → relativeMonthly on the Nth slot weekday of the month, N from the first
 * date (a 5th weekday becomes "last"), for every month whose date falls on or before the Sunday
 * ending the band's last week.
 */
export function bandPlan(input: BandPlanInput): SeriesPlan[] {
  checkDate("firstWorkingDay", input.firstWorkingDay);
  checkSlot(input.slot);
  const day = weekdayName(input.slot.weekday);
  const drafts = input.bands.map((band): SeriesDraft => {
    if (!Number.isInteger(band.fromWeek) || band.fromWeek < 1 || band.toWeek < band.fromWeek) {
      throw new RangeError(`bad band: weeks ${band.fromWeek}–${band.toWeek}`);
    }
    const key = `${input.keyPrefix}-w${band.fromWeek}-${band.toWeek}`;
    const startDate = addDays(programmeWeekStart(input.firstWorkingDay, band.fromWeek), input.slot.weekday - 1);
    if ("weeks" in band.every) {
      const interval = band.every.weeks;
      const pattern: Pattern = { type: "weekly", interval, daysOfWeek: [day] };
      return { key, pattern, range: { startDate, numberOfOccurrences: Math.ceil((band.toWeek - band.fromWeek + 1) / interval) } };
    }
    const nth = Math.ceil(dayOfMonth(startDate) / 7);
    const index: MonthlyIndex = nth >= 5 ? "last" : (MonthlyIndexes[nth - 1] as MonthlyIndex);
    const pattern: Pattern = { type: "relativeMonthly", interval: band.every.months, daysOfWeek: [day], index };
    const lastDay = addDays(programmeWeekStart(input.firstWorkingDay, band.toWeek), 6);
    return { key, pattern, range: { startDate, numberOfOccurrences: countUntil(pattern, startDate, lastDay) } };
  });
  return finish(drafts, input.slot, input.timeZone, input.country);
}

export interface SpreadPlanInput {
  /** The series key (stable: part of every stored meeting's key). */
  readonly key: string;
  readonly firstWorkingDay: IsoDate;
  /** The day the collaboration agreement was accepted. */
  readonly agreedOn: IsoDate;
  readonly meetingCount: number;
  readonly slot: Slot;
  /** The scheme's window in months after the first working day: [opens, closes). */
  readonly months: readonly [number, number];
  /** The first meeting is at least this many days after the agreement. */
  readonly daysAfterAgreement: number;
  readonly timeZone: ProgrammeTimeZone;
  readonly country: Country;
}

/**
 * The agreed number of meetings spread over the scheme's window, one weekly series. The window
 * opens at the later of (first working day + months[0]) and (agreed + daysAfterAgreement) and
 * closes at first working day + months[1] (exclusive). The series starts on the first slot weekday
 * on or after the opening; weeksAvailable = whole weeks from that date to the close; interval =
 * max(1, floor(weeksAvailable / meetingCount)), so every meeting fits before the close whenever
 * an interval of at least one week allows it. Otherwise (more meetings than weeks, or an
 * agreement accepted so late that the window is empty) all meetings are still booked, weekly,
 * and the last ones fall after the close.
 */
export function spreadPlan(input: SpreadPlanInput): SeriesPlan[] {
  const { firstWorkingDay, agreedOn, meetingCount, slot } = input;
  checkDate("firstWorkingDay", firstWorkingDay);
  checkDate("agreedOn", agreedOn);
  checkSlot(slot);
  if (!Number.isInteger(meetingCount) || meetingCount < MEETING_COUNT_RANGE.min || meetingCount > MEETING_COUNT_RANGE.max) {
    throw new RangeError(`meetingCount must be ${MEETING_COUNT_RANGE.min}–${MEETING_COUNT_RANGE.max}: ${meetingCount}`);
  }
  const afterIntroduction = addMonths(firstWorkingDay, input.months[0]);
  const afterAgreement = addDays(agreedOn, input.daysAfterAgreement);
  const opens = compare(afterIntroduction, afterAgreement) >= 0 ? afterIntroduction : afterAgreement;
  const closes = addMonths(firstWorkingDay, input.months[1]);
  const startDate = addDays(opens, (slot.weekday - isoWeekday(opens) + 7) % 7);
  const weeksAvailable = Math.max(0, Math.floor(daysBetween(startDate, closes) / 7));
  const interval = Math.max(1, Math.floor(weeksAvailable / meetingCount));
  const pattern: Pattern = { type: "weekly", interval, daysOfWeek: [weekdayName(slot.weekday)] };
  return finish([{ key: input.key, pattern, range: { startDate, numberOfOccurrences: meetingCount } }], slot, input.timeZone, input.country);
}

/** The meetings the series give: occurrences with their exceptions applied, in time order. */
export function meetingsOf(series: readonly SeriesPlan[]): PlannedMeeting[] {
  const meetings: PlannedMeeting[] = [];
  for (const s of series) {
    const byDate = new Map<IsoDate, SeriesException>();
    for (const e of s.exceptions) {
      if (!s.occurrences.includes(e.date)) throw new RangeError(`${s.key}: exception for ${e.date}, which is not an occurrence`);
      if (byDate.has(e.date)) throw new RangeError(`${s.key}: two exceptions for ${e.date}`);
      byDate.set(e.date, e);
    }
    for (const occurrence of s.occurrences) {
      const e = byDate.get(occurrence);
      if (e?.action === "cancel") continue;
      const date = e?.action === "move" ? e.to : occurrence;
      const week = isoWeek(date);
      meetings.push({
        seriesKey: s.key,
        originalDate: occurrence,
        date,
        time: s.time,
        minutes: s.minutes,
        isoWeek: week.week,
        isoYear: week.year,
        startUtc: zonedToUtc(date, s.time, s.timeZone).toISOString(),
      });
    }
  }
  return meetings.sort((a, b) => (a.startUtc < b.startUtc ? -1 : a.startUtc > b.startUtc ? 1 : a.seriesKey < b.seriesKey ? -1 : a.seriesKey > b.seriesKey ? 1 : 0));
}
