/**
 * The preparation phase ("Før oppstart", seed 004; "Forberedelsesfasen", seed 001): a pair created
 * before the new hire's first working day gets a welcome first, and the agreement on day one.
 */
import { addDays, zonedToUtc } from "./calendarMath";
import { type IsoDate, dateIn, isIsoDate } from "./dates";
import { type Mentorship, partyOf } from "./mentorship";
import { type Result, fail, ok } from "./result";

/** The mentor's presentation for the new hire: a few lines, like the seeds' "en presentasjon av mentor". */
export const PRESENTATION_MAX = 600;
/** When day one's agreement card comes: the start of an ordinary working day in the programme's zone. */
export const AGREEMENT_TIME = "08:00";
/** The mentor's reminder to make contact comes this many days before day one, in the morning. */
export const REMINDER_DAYS_BEFORE = 3;
export const REMINDER_TIME = "09:00";

/** True when the first working day is after today in the mentorship's zone: the pair starts with the welcome. */
export function startsLater(m: Pick<Mentorship, "firstWorkingDay" | "timeZone">, now: Date): boolean {
  return isIsoDate(m.firstWorkingDay) && m.firstWorkingDay > dateIn(now, m.timeZone);
}

/** Day one 08:00 in the programme's zone: the agreement card comes then unless the pair began it. */
export function agreementDueAt(m: Pick<Mentorship, "firstWorkingDay" | "timeZone">): Date {
  return zonedToUtc(m.firstWorkingDay as IsoDate, AGREEMENT_TIME, m.timeZone);
}

/**
 * When the mentor is reminded to make contact: a few days before day one. Null when that moment
 * has passed already (day one is too close for a reminder to be any use) or the date is bad.
 */
export function reminderDueAt(m: Pick<Mentorship, "firstWorkingDay" | "timeZone">, now: Date): Date | null {
  if (!isIsoDate(m.firstWorkingDay)) return null;
  const at = zonedToUtc(addDays(m.firstWorkingDay, -REMINDER_DAYS_BEFORE), REMINDER_TIME, m.timeZone);
  return at.getTime() > now.getTime() ? at : null;
}

/** The welcome was posted in the pair's chat (posted again: the first time is kept). */
export function welcomePosted(m: Mentorship, now: Date): Result<Mentorship> {
  if (m.phase !== "preparation") return fail("WRONG_PHASE", { phase: m.phase });
  return ok(m.welcomePostedAt ? m : { ...m, welcomePostedAt: now.toISOString() });
}

/** The presentation as it is kept: no edge whitespace, Windows line ends as plain ones. */
export function normalisePresentation(text: string): string {
  return text.replace(/\r\n?/g, "\n").trim();
}

/** The mentor writes (or rewrites) their presentation; the mentee and anyone else may not. */
export function savePresentation(m: Mentorship, by: string, text: string, now: Date): Result<Mentorship> {
  const party = partyOf(m, by);
  if (party === null) return fail("NOT_A_PARTY");
  if (party !== "mentor") return fail("MENTOR_ONLY");
  if (m.phase === "closed") return fail("MENTORSHIP_CLOSED");
  const presentation = normalisePresentation(text);
  if ([...presentation].length > PRESENTATION_MAX) return fail("INVALID_INPUT", { field: "presentation", issue: "tooLong", max: PRESENTATION_MAX });
  if (presentation === (m.presentation ?? "")) return fail("NO_CHANGES");
  const at = now.toISOString();
  return ok({ ...m, presentation, lastActivityAt: at });
}
