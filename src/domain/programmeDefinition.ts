/**
 * A programme as data (issue 12): what a coordinator can shape without a developer — name, country
 * (holidays) and time zone, the meeting cadence (bands of weeks, or the agreed number of meetings
 * spread over a window), meeting length, the phase windows, the leader's talks, the heads-up, the
 * introduction's templates, the suggested purpose and example themes. The built-in programmes are
 * definitions too (src/domain/programmes/definitions.ts), so "copy a built-in" copies data.
 *
 * This file is pure: the shape is parsed with zod at the edges (src/app/programmes/schema.ts),
 * and `checkDefinition` refuses what is well-formed but makes no sense (overlapping bands, a band
 * past week 104, a talk before day 0, an empty name, min > max …) with PROGRAMME_INVALID and a
 * reason key ("programme.invalid.<reason>" in the word list).
 */
import { MEETING_COUNT_RANGE } from "./agreement";
import type { CadenceBand, ProgrammeTimeZone } from "./cadence";
import { addDays, addMonths, compare } from "./calendarMath";
import type { IsoDate } from "./dates";
import type { Country } from "./holidays";
import type { IntroductionTemplate } from "./introduction";
import type { Language } from "./language";
import { type ProgrammeWording, ProgrammeWordings } from "./programmes/ids";
import type { Localised } from "./programmes/policy";
import { type Result, fail, ok } from "./result";

/** A length of time after the first working day. */
export type Offset = { readonly days: number } | { readonly weeks: number } | { readonly months: number };

export interface TalkDefinition {
  /** Stable key: the leader's reminders and bookings name the talk by it. */
  readonly key: string;
  /** The talk's name; the built-in keys have theirs in the word list and need none. */
  readonly label?: Localised;
  readonly afterDays?: number;
  /** Due in the window [a, b] months after the first working day. */
  readonly afterMonths?: readonly [number, number];
}

export type CadenceDefinition =
  | { readonly bands: readonly CadenceBand[] }
  /** The number of meetings the pair agrees (default `count`), spread over months [a, b) after the first working day. */
  | { readonly spread: { readonly count: number; readonly months: readonly [number, number]; readonly daysAfterAgreement: number } };

export interface PhaseDefinition {
  /** The start-up phase runs from the first working day to here. */
  readonly startUpEnds: Offset;
  /** The closing phase starts here (after the first working day, or a number of months before the end). */
  readonly closingStarts: Offset | { readonly monthsBeforeEnd: number };
  /** The programme's end: the closing phase ends here. */
  readonly ends: Offset;
}

export interface ProgrammeDefinition {
  readonly name: Localised | string;
  /** Whose texts the word lists use (cadence wording, the agreement's examples, roles and tools). */
  readonly base: ProgrammeWording;
  readonly country: Country;
  readonly timeZone: ProgrammeTimeZone;
  readonly cadence: CadenceDefinition;
  readonly meetingMinutes: { readonly min: number; readonly max: number; readonly default: number };
  /** Hours before a meeting its agenda card is posted. */
  readonly agendaLeadHours: number;
  readonly phases: PhaseDefinition;
  /** The day the closing phase is due (its evaluation card is posted that morning). */
  readonly closingDue: Offset;
  readonly talks: readonly TalkDefinition[];
  readonly leaderHeadsUpMonths: number | null;
  readonly introduction: IntroductionTemplate | null;
  readonly suggestedPurpose: Localised;
  readonly themes: readonly Localised[];
}

/** A stored programme: one version of a tenant's definition. */
export interface ProgrammeVersion {
  readonly id: string;
  readonly version: number;
  readonly definition: ProgrammeDefinition;
  readonly savedAt: string;
  /** The coordinator's AAD object id (who saved it). */
  readonly savedBy: string;
}

export const LAST_WEEK = 104;
export const MAX_MONTHS = 24;
export const MINUTES_RANGE = { min: 5, max: 480 } as const;
export const MAX_THEMES = 40;
export const MAX_TALKS = 12;
export const TALK_KEY = /^[A-Za-z][A-Za-z0-9_-]{0,39}$/;
/** The talks named in the word list (`leader.talk.<key>` / `milestone.<key>`); any other key needs a label. */
export const WORDED_TALK_KEYS: readonly string[] = ["probation14d", "probation2m", "probation4to5m", "developmentTalk", "introductionClosing"];

export const DefinitionRefusals = [
  "emptyName",
  "base",
  "country",
  "timeZone",
  "noBands",
  "bandWeeks",
  "bandPastLastWeek",
  "bandsOverlap",
  "bandInterval",
  "spreadCount",
  "spreadMonths",
  "minutes",
  "minutesOrder",
  "leadHours",
  "phasesOrder",
  "phasesTooLong",
  "closingDue",
  "tooManyTalks",
  "talkKey",
  "talkKeyTwice",
  "talkBeforeStart",
  "talkWhen",
  "talkMonths",
  "talkTooLate",
  "talkLabel",
  "headsUp",
  "tooManyThemes",
  "themeEmpty",
  "tooLarge",
] as const;
export type DefinitionRefusal = (typeof DefinitionRefusals)[number];

/** The programme's name in a language (a plain name is the same in all). */
export function programmeName(def: Pick<ProgrammeDefinition, "name">, language: Language): string {
  return typeof def.name === "string" ? def.name : def.name[language] || def.name.da || def.name.nb || def.name.en;
}

/** A date `offset` after `from`. */
export function afterOffset(from: IsoDate, offset: Offset): IsoDate {
  if ("days" in offset) return addDays(from, offset.days);
  if ("weeks" in offset) return addDays(from, 7 * offset.weeks);
  return addMonths(from, offset.months);
}

/** The phase windows' boundaries from a first working day. */
export function phaseBounds(phases: PhaseDefinition, fwd: IsoDate): { startUpEnds: IsoDate; closingStarts: IsoDate; ends: IsoDate } {
  const ends = afterOffset(fwd, phases.ends);
  const closingStarts = "monthsBeforeEnd" in phases.closingStarts ? addMonths(ends, -phases.closingStarts.monthsBeforeEnd) : afterOffset(fwd, phases.closingStarts);
  return { startUpEnds: afterOffset(fwd, phases.startUpEnds), closingStarts, ends };
}

const whole = (n: unknown, min: number, max: number): boolean => typeof n === "number" && Number.isInteger(n) && n >= min && n <= max;
const offsetAmount = (o: Offset): number => ("days" in o ? o.days : "weeks" in o ? o.weeks : o.months);
const offsetOk = (o: Offset): boolean => ("months" in o ? whole(o.months, 0, MAX_MONTHS) : "weeks" in o ? whole(o.weeks, 0, LAST_WEEK) : whole(o.days, 0, LAST_WEEK * 7));
const filled = (l: Localised | undefined): boolean => !!l && [l.da, l.nb, l.en].every((s) => typeof s === "string" && s.trim().length > 0);

/** Sample first working days the phase order is checked on (month ends and a leap day included). */
const SAMPLE_DAYS: readonly IsoDate[] = ["2027-01-04", "2027-01-31", "2028-02-29", "2027-08-31"];

const refuse = (reason: DefinitionRefusal, extra: Record<string, string | number> = {}): Result<never> => fail("PROGRAMME_INVALID", { reason, ...extra });

/** The definition if it makes sense as a programme; PROGRAMME_INVALID with the first reason otherwise. */
export function checkDefinition(def: ProgrammeDefinition): Result<ProgrammeDefinition> {
  const name = typeof def.name === "string" ? [def.name] : [def.name.da, def.name.nb, def.name.en];
  if (name.some((n) => typeof n !== "string" || n.trim() === "")) return refuse("emptyName");
  if (!(ProgrammeWordings as readonly string[]).includes(def.base)) return refuse("base");
  if (def.country !== "DK" && def.country !== "NO") return refuse("country");
  if (def.timeZone !== "Europe/Copenhagen" && def.timeZone !== "Europe/Oslo") return refuse("timeZone");

  if ("bands" in def.cadence) {
    const bands = def.cadence.bands;
    if (bands.length === 0) return refuse("noBands");
    for (const b of bands) {
      if (!whole(b.fromWeek, 1, 10_000) || !whole(b.toWeek, 1, 10_000) || b.toWeek < b.fromWeek) return refuse("bandWeeks", { from: b.fromWeek, to: b.toWeek });
      if (b.toWeek > LAST_WEEK) return refuse("bandPastLastWeek", { to: b.toWeek, last: LAST_WEEK });
      if ("weeks" in b.every ? !whole(b.every.weeks, 1, 26) : b.every.months !== 1) return refuse("bandInterval");
    }
    const sorted = [...bands].sort((a, b) => a.fromWeek - b.fromWeek);
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1];
      const next = sorted[i];
      if (prev && next && next.fromWeek <= prev.toWeek) return refuse("bandsOverlap", { from: next.fromWeek, to: prev.toWeek });
    }
  } else {
    const s = def.cadence.spread;
    if (!whole(s.count, MEETING_COUNT_RANGE.min, MEETING_COUNT_RANGE.max)) return refuse("spreadCount", { min: MEETING_COUNT_RANGE.min, max: MEETING_COUNT_RANGE.max });
    if (!whole(s.months[0], 0, MAX_MONTHS) || !whole(s.months[1], 1, MAX_MONTHS) || s.months[0] >= s.months[1] || !whole(s.daysAfterAgreement, 0, 60)) return refuse("spreadMonths");
  }

  const mm = def.meetingMinutes;
  if (![mm.min, mm.max, mm.default].every((n) => whole(n, MINUTES_RANGE.min, MINUTES_RANGE.max))) return refuse("minutes", { min: MINUTES_RANGE.min, max: MINUTES_RANGE.max });
  if (mm.min > mm.max || mm.default < mm.min || mm.default > mm.max) return refuse("minutesOrder");
  if (!whole(def.agendaLeadHours, 1, 168)) return refuse("leadHours");

  const p = def.phases;
  const closingOk = "monthsBeforeEnd" in p.closingStarts ? whole(p.closingStarts.monthsBeforeEnd, 1, MAX_MONTHS) : offsetOk(p.closingStarts);
  if (!offsetOk(p.startUpEnds) || !offsetOk(p.ends) || !closingOk || offsetAmount(p.startUpEnds) <= 0) return refuse("phasesOrder");
  for (const fwd of SAMPLE_DAYS) {
    const b = phaseBounds(p, fwd);
    if (!(compare(fwd, b.startUpEnds) < 0 && compare(b.startUpEnds, b.closingStarts) < 0 && compare(b.closingStarts, b.ends) < 0)) return refuse("phasesOrder");
    if (compare(b.ends, addDays(fwd, LAST_WEEK * 7)) > 0) return refuse("phasesTooLong", { last: LAST_WEEK });
    const due = afterOffset(fwd, def.closingDue);
    if (!offsetOk(def.closingDue) || compare(due, b.startUpEnds) < 0 || compare(due, b.ends) > 0) return refuse("closingDue");
  }

  if (def.talks.length > MAX_TALKS) return refuse("tooManyTalks", { max: MAX_TALKS });
  const keys = new Set<string>();
  for (const talk of def.talks) {
    if (!TALK_KEY.test(talk.key)) return refuse("talkKey");
    if (keys.has(talk.key)) return refuse("talkKeyTwice");
    keys.add(talk.key);
    const days = talk.afterDays;
    const months = talk.afterMonths;
    if ((days === undefined) === (months === undefined)) return refuse("talkWhen");
    if (days !== undefined) {
      if (typeof days !== "number" || !Number.isInteger(days) || days < 0) return refuse("talkBeforeStart");
      if (days > LAST_WEEK * 7) return refuse("talkTooLate", { last: LAST_WEEK });
    }
    if (months !== undefined) {
      if (months.some((n) => typeof n === "number" && n < 0)) return refuse("talkBeforeStart");
      if (!months.every((n) => whole(n, 0, MAX_MONTHS)) || months[0] > months[1]) return refuse("talkMonths");
    }
    if (talk.label ? !filled(talk.label) : !WORDED_TALK_KEYS.includes(talk.key)) return refuse("talkLabel");
  }
  if (def.leaderHeadsUpMonths !== null && !whole(def.leaderHeadsUpMonths, 0, MAX_MONTHS)) return refuse("headsUp");
  if (def.themes.length > MAX_THEMES) return refuse("tooManyThemes", { max: MAX_THEMES });
  if (def.themes.some((t) => !filled(t))) return refuse("themeEmpty");
  return ok(def);
}
