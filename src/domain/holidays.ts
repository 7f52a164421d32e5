/**
 * Public holidays of Denmark and Norway, computed from their rules for any year (no tables of
 * years): fixed dates, and the moveable feasts counted from Easter Sunday (Gregorian computus).
 *
 * `customary` marks days off that are not statutory holidays but that municipalities (DK) and
 * employers (NO) give off all the same; callers choose whether to count them (default: yes).
 *   DK statutory (helligdagsloven): nytårsdag, skærtorsdag, langfredag, påskedag, 2. påskedag,
 *     store bededag (until 2023 — abolished from 2024), Kristi himmelfartsdag, pinsedag,
 *     2. pinsedag, juledag, 2. juledag.
 *   DK customary: grundlovsdag 5/6, juleaftensdag 24/12, nytårsaftensdag 31/12.
 *   NO statutory (helligdagsloven + lov om 1. og 17. mai): 1/1, skjærtorsdag, langfredag,
 *     1. og 2. påskedag, 1. mai, 17. mai, Kristi himmelfartsdag, 1. og 2. pinsedag, 1. og 2. juledag.
 *   NO customary: julaften 24/12, nyttårsaften 31/12.
 * When two rules land on the same date (Norway 2027-05-17 is both 17. mai and 2. pinsedag) the
 * date is listed once: `key` is the first statutory rule in the list order below and `alsoKeys`
 * names the others.
 */
import { addDays, isoWeekday, ymd, yearOf } from "./calendarMath";
import type { IsoDate } from "./dates";

export type Country = "DK" | "NO";

export const HolidayKeys = [
  "newYearsDay",
  "maundyThursday",
  "goodFriday",
  "easterSunday",
  "easterMonday",
  "labourDay",
  "constitutionDay",
  "greatPrayerDay",
  "ascensionDay",
  "whitSunday",
  "whitMonday",
  "christmasEve",
  "christmasDay",
  "boxingDay",
  "newYearsEve",
] as const;
export type HolidayKey = (typeof HolidayKeys)[number];

export interface Holiday {
  readonly date: IsoDate;
  readonly key: HolidayKey;
  /** A customary day off, not a statutory holiday. */
  readonly customary: boolean;
  /** Other holidays falling on the same date (usually none). */
  readonly alsoKeys: readonly HolidayKey[];
}

export interface HolidayOptions {
  /** Count customary days off (juleaften, nytårsaften, DK grundlovsdag) as holidays. Default true. */
  readonly includeCustomary?: boolean;
}

/** Easter Sunday in the Gregorian calendar (the "Anonymous" / Meeus–Jones–Butcher algorithm). */
export function easterSunday(year: number): IsoDate {
  if (!Number.isInteger(year) || year < 1583 || year > 9999) throw new RangeError(`not a Gregorian year: ${year}`);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

interface Rule {
  readonly key: HolidayKey;
  readonly customary: boolean;
  /** The date in a year, or null when the rule does not apply that year. */
  readonly on: (year: number, easter: IsoDate) => IsoDate | null;
}

const fixed = (key: HolidayKey, month: number, day: number, customary = false): Rule => ({
  key,
  customary,
  on: (year) => ymd(year, month, day),
});
const fromEaster = (key: HolidayKey, days: number): Rule => ({
  key,
  customary: false,
  on: (_year, easter) => addDays(easter, days),
});

const RULES: Readonly<Record<Country, readonly Rule[]>> = {
  DK: [
    fixed("newYearsDay", 1, 1),
    fromEaster("maundyThursday", -3),
    fromEaster("goodFriday", -2),
    fromEaster("easterSunday", 0),
    fromEaster("easterMonday", 1),
    // Store bededag, the fourth Friday after Easter, was abolished by law from 2024.
    { key: "greatPrayerDay", customary: false, on: (year, easter) => (year <= 2023 ? addDays(easter, 26) : null) },
    fromEaster("ascensionDay", 39),
    fromEaster("whitSunday", 49),
    fromEaster("whitMonday", 50),
    fixed("christmasDay", 12, 25),
    fixed("boxingDay", 12, 26),
    fixed("constitutionDay", 6, 5, true),
    fixed("christmasEve", 12, 24, true),
    fixed("newYearsEve", 12, 31, true),
  ],
  NO: [
    fixed("newYearsDay", 1, 1),
    fromEaster("maundyThursday", -3),
    fromEaster("goodFriday", -2),
    fromEaster("easterSunday", 0),
    fromEaster("easterMonday", 1),
    fixed("labourDay", 5, 1),
    fixed("constitutionDay", 5, 17),
    fromEaster("ascensionDay", 39),
    fromEaster("whitSunday", 49),
    fromEaster("whitMonday", 50),
    fixed("christmasDay", 12, 25),
    fixed("boxingDay", 12, 26),
    fixed("christmasEve", 12, 24, true),
    fixed("newYearsEve", 12, 31, true),
  ],
};

const cache = new Map<string, readonly Holiday[]>();

/** The country's holidays in a year, one entry per date, in date order. */
export function publicHolidays(country: Country, year: number): readonly Holiday[] {
  const rules = RULES[country];
  if (!rules) throw new RangeError(`unknown country: ${String(country)}`);
  const cacheKey = `${country}:${year}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const easter = easterSunday(year);
  const byDate = new Map<IsoDate, { key: HolidayKey; customary: boolean; alsoKeys: HolidayKey[] }>();
  for (const rule of rules) {
    const date = rule.on(year, easter);
    if (date === null) continue;
    const seen = byDate.get(date);
    if (!seen) byDate.set(date, { key: rule.key, customary: rule.customary, alsoKeys: [] });
    else if (seen.customary && !rule.customary) {
      // A statutory holiday outranks a customary day off on the same date.
      byDate.set(date, { key: rule.key, customary: false, alsoKeys: [seen.key, ...seen.alsoKeys] });
    } else seen.alsoKeys.push(rule.key);
  }
  const list: Holiday[] = [...byDate.entries()]
    .map(([date, h]) => Object.freeze({ date, key: h.key, customary: h.customary, alsoKeys: Object.freeze(h.alsoKeys) }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const frozen = Object.freeze(list);
  cache.set(cacheKey, frozen);
  return frozen;
}

/** The holiday on a date, or null. */
export function holidayOn(country: Country, date: IsoDate, options: HolidayOptions = {}): Holiday | null {
  const found = publicHolidays(country, yearOf(date)).find((h) => h.date === date) ?? null;
  if (found && found.customary && options.includeCustomary === false) return null;
  return found;
}

export function isHoliday(country: Country, date: IsoDate, options: HolidayOptions = {}): boolean {
  return holidayOn(country, date, options) !== null;
}

/** Monday–Friday and not a holiday (customary days off count as holidays unless told otherwise). */
export function isWorkingDay(country: Country, date: IsoDate, options: HolidayOptions = {}): boolean {
  return isoWeekday(date) <= 5 && !isHoliday(country, date, options);
}

/** Whose holidays a meeting in this zone keeps off: Norway's in Oslo time, Denmark's otherwise. */
export function countryOfZone(timeZone: string): Country {
  return timeZone === "Europe/Oslo" ? "NO" : "DK";
}
