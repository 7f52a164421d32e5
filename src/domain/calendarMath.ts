/**
 * Calendar arithmetic on IsoDate strings ("YYYY-MM-DD") and wall-clock ↔ UTC conversion for an
 * IANA time zone. Pure: dates are counted as whole days with Date.UTC, never with a local clock,
 * and the only time-zone knowledge used is Intl.DateTimeFormat's.
 *
 * Malformed input (2027-02-30, "9:00", an unknown zone) is a programming error here — callers
 * validate user input first — so these functions throw RangeError rather than return a Result.
 */
import { type IsoDate, isIsoDate } from "./dates";

export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

const DAY_MS = 86_400_000;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

function check(date: IsoDate): void {
  if (!isIsoDate(date)) throw new RangeError(`not a calendar date: ${String(date)}`);
}

/** Days since 1970-01-01 (negative before). */
function toDayNumber(date: IsoDate): number {
  check(date);
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

function fromDayNumber(days: number): IsoDate {
  const d = new Date(days * DAY_MS);
  return ymd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** Builds an IsoDate from numbers; month 1–12. Throws if the date does not exist. */
export function ymd(year: number, month: number, day: number): IsoDate {
  const date = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
  check(date);
  return date;
}

export function yearOf(date: IsoDate): number {
  check(date);
  return Number(date.slice(0, 4));
}

export function monthOf(date: IsoDate): number {
  check(date);
  return Number(date.slice(5, 7));
}

export function dayOfMonth(date: IsoDate): number {
  check(date);
  return Number(date.slice(8, 10));
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function addDays(date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`not a whole number of days: ${n}`);
  return fromDayNumber(toDayNumber(date) + n);
}

/** Calendar months later (or earlier, n < 0); the day is clamped to the month's end (2027-01-31 + 1 → 2027-02-28). */
export function addMonths(date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`not a whole number of months: ${n}`);
  const index = yearOf(date) * 12 + (monthOf(date) - 1) + n;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return ymd(year, month, Math.min(dayOfMonth(date), daysInMonth(year, month)));
}

/** b − a in days: positive when b is later. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** −1, 0 or 1, for sorting. */
export function compare(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  const d = daysBetween(b, a);
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

/** Monday = 1 … Sunday = 7. */
export function isoWeekday(date: IsoDate): IsoWeekday {
  // 1970-01-01 was a Thursday (4).
  const mod = (((toDayNumber(date) + 3) % 7) + 7) % 7;
  return (mod + 1) as IsoWeekday;
}

/** The Monday of the (Monday–Sunday) week containing the date. */
export function startOfIsoWeek(date: IsoDate): IsoDate {
  return addDays(date, 1 - isoWeekday(date));
}

/** ISO 8601 week: the week belongs to the year of its Thursday (2027-01-01 → 2026-W53). */
export function isoWeek(date: IsoDate): { readonly year: number; readonly week: number } {
  const thursday = addDays(date, 4 - isoWeekday(date));
  const year = yearOf(thursday);
  const dayOfYear = daysBetween(ymd(year, 1, 1), thursday);
  return { year, week: Math.floor(dayOfYear / 7) + 1 };
}

// ─── time zones ────────────────────────────────────────────────────────────────────────────────

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let fmt = formatters.get(zone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat("en-US", {
      timeZone: zone, // throws RangeError for an unknown zone
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(zone, fmt);
  }
  return fmt;
}

interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

function wallClock(ms: number, zone: string): WallClock {
  const p: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(new Date(ms))) {
    if (part.type !== "literal") p[part.type] = Number(part.value);
  }
  return {
    year: p.year ?? NaN,
    month: p.month ?? NaN,
    day: p.day ?? NaN,
    hour: (p.hour ?? NaN) % 24,
    minute: p.minute ?? NaN,
    second: p.second ?? NaN,
  };
}

/** The wall-clock reading at an instant, written as if it were UTC milliseconds. */
function wallClockMs(ms: number, zone: string): number {
  const w = wallClock(ms, zone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

/** UTC offset in ms at an instant (+3_600_000 for CET, +7_200_000 for CEST). */
function offsetAt(ms: number, zone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return wallClockMs(whole, zone) - whole;
}

/**
 * The instant at which the wall clocks of `zone` show `date` `time` ("HH:mm", 24-hour).
 *
 * Across a DST change the local day has a gap or an overlap; both resolve deterministically, the
 * way RFC 5545 §3.3.5 (iCalendar) and Temporal's default "compatible" disambiguation do:
 *  - nonexistent time (spring forward, e.g. 02:30 on 2027-03-28 in Copenhagen/Oslo): read with the
 *    UTC offset from before the gap, i.e. moved forward by the gap's length → 03:30 CEST (01:30Z);
 *  - ambiguous time (fall back, e.g. 02:30 on 2027-10-31): the first occurrence, i.e. the
 *    earlier instant, still on summer time → 02:30 CEST (00:30Z).
 */
export function zonedToUtc(date: IsoDate, time: string, zone: string): Date {
  const m = TIME.exec(time);
  if (!m) throw new RangeError(`not a 24-hour HH:mm time: ${String(time)}`);
  const local = toDayNumber(date) * DAY_MS + Number(m[1]) * 3_600_000 + Number(m[2]) * 60_000;
  // Real zones change offset at most once within a day either side; the offsets a day before and
  // a day after (and at the naive instant) cover every candidate.
  const before = offsetAt(local - DAY_MS, zone);
  const offsets = new Set([before, offsetAt(local, zone), offsetAt(local + DAY_MS, zone)]);
  const valid = [...offsets].map((o) => local - o).filter((t) => wallClockMs(t, zone) === local);
  if (valid.length > 0) return new Date(Math.min(...valid));
  return new Date(local - before);
}

/** The wall-clock date and "HH:mm" time of an instant in `zone` (seconds are dropped). */
export function utcToZoned(at: Date, zone: string): { readonly date: IsoDate; readonly time: string } {
  const ms = at.getTime();
  if (!Number.isFinite(ms)) throw new RangeError("invalid Date");
  const w = wallClock(ms, zone);
  return { date: ymd(w.year, w.month, w.day), time: `${pad(w.hour)}:${pad(w.minute)}` };
}
