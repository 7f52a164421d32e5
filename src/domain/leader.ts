/**
 * The leader's part of a mentorship (issue 12): the talks the programme gives the leader with the new
 * hire (Kristiansand's probation talks after 14 days, 2 months and 4–5 months; KL/DS's development
 * talk at 12 months; the introduction's closing talk) and the early heads-up card ("møder muren",
 * seed 002). The leader sees dates and counts of the pair's mentorship, never what the pair wrote.
 *
 * Contract shared by the leader features; the transitions live beside these types (leader engineer).
 */
import type { IsoDate } from "./dates";
import { addDays, addMonths, zonedToUtc } from "./calendarMath";
import { countryOfZone, isWorkingDay } from "./holidays";
import { isIsoDate } from "./dates";
import type { Mentorship, Person } from "./mentorship";
import type { DatedMilestone, ProgrammePolicy } from "./programmes/policy";
import { type Result, fail, ok } from "./result";

/** Where a leader talk stands: planned from the programme, reminded, booked in the leader's calendar, then held or not. */
export const LeaderTalkStatuses = ["planned", "reminded", "booked", "held", "notHeld"] as const;
export type LeaderTalkStatus = (typeof LeaderTalkStatuses)[number];

export interface LeaderTalk {
  /** The programme's milestone key ("probation14d", "developmentTalk", a coordinator's own key) or "introductionClosing". */
  readonly key: string;
  /** Due window from the programme (inclusive ISO dates; the same day for a fixed date). */
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly status: LeaderTalkStatus;
  readonly remindedAt: string | null;
  /** The booked meeting (start/end as UTC instants; the calendar's event id; the Teams join link, if any). */
  readonly booking: { readonly startUtc: string; readonly endUtc: string; readonly eventId: string; readonly joinUrl: string | null; readonly at: string } | null;
  /** When the leader answered "was it held?" (null before). */
  readonly answeredAt: string | null;
}

export interface LeaderState {
  /** The talks, in due order. Re-planned when the first working day changes (held/booked ones are kept). */
  readonly talks: readonly LeaderTalk[];
  /** When the heads-up card went to the leader (null: not yet). */
  readonly headsUpAt: string | null;
  /** The leader asked the coordinator for a change of mentor (a flag with no text; cleared by a change of mentor). */
  readonly mentorChangeRequestedAt: string | null;
}

/** The key of the talk that closes the introduction scheme (new hire, contact person and leader). */
export const INTRODUCTION_CLOSING_TALK = "introductionClosing";

// ─── transitions (pure; the leader feature's use cases in src/app/leader call these) ────────────


/** A talk whose answer or booking is the leader's own: re-planning never moves or drops it. */
const settled = (t: LeaderTalk): boolean => t.status === "booked" || t.status === "held" || t.status === "notHeld";

export const emptyLeaderState: LeaderState = { talks: [], headsUpAt: null, mentorChangeRequestedAt: null };

/**
 * The programme's talks as dates from the first working day (its milestones, the same rule as
 * milestoneDates). A talk the policy would put before day 0 is left out: there is no leader talk
 * before the new hire has started.
 */
export function talkDates(policy: Pick<ProgrammePolicy, "milestones">, firstWorkingDay: string): DatedMilestone[] {
  if (!isIsoDate(firstWorkingDay)) return [];
  const dated = policy.milestones.map((ms) => {
    if (ms.afterMonths) return { key: ms.key, from: addMonths(firstWorkingDay, ms.afterMonths[0]), to: addMonths(firstWorkingDay, ms.afterMonths[1]) };
    const day = addDays(firstWorkingDay, ms.afterDays ?? 0);
    return { key: ms.key, from: day, to: day };
  });
  return dated.filter((d) => d.from >= firstWorkingDay && d.to >= d.from);
}

/**
 * The leader's talks planned (or re-planned, when the first working day changed) from the
 * programme. Talks the leader has booked or answered are kept as they are; talks not from the
 * programme's milestones (the introduction's closing talk) are kept; a planned or reminded talk
 * moves to its new window (and may be reminded again when its window moved). A closed mentorship
 * and one without a leader are returned unchanged.
 */
export function planTalks(m: Mentorship, policy: Pick<ProgrammePolicy, "milestones">): Mentorship {
  if (m.phase === "closed" || !m.leader) return m;
  const current = m.leaderState ?? emptyLeaderState;
  const dated = talkDates(policy, m.firstWorkingDay);
  const programmeKeys = new Set(policy.milestones.map((x) => x.key));
  const talks: LeaderTalk[] = [];
  for (const d of dated) {
    const had = current.talks.find((t) => t.key === d.key);
    if (had && settled(had)) talks.push(had);
    else if (had && had.from === d.from && had.to === d.to) talks.push(had);
    else talks.push({ key: d.key, from: d.from, to: d.to, status: "planned", remindedAt: null, booking: null, answeredAt: null });
  }
  // Settled talks of milestones the programme no longer has, and talks of other origins, stay.
  for (const t of current.talks) if (!talks.some((x) => x.key === t.key) && (settled(t) || !programmeKeys.has(t.key))) talks.push(t);
  talks.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const next: LeaderState = { ...current, talks };
  return JSON.stringify(next) === JSON.stringify(m.leaderState ?? null) ? m : { ...m, leaderState: next };
}

/** A coordinator names or changes the leader: the talks are (re)planned from the programme. */
export function setLeader(m: Mentorship, leader: Person, policy: Pick<ProgrammePolicy, "milestones">, now: Date): Result<Mentorship> {
  if (m.phase === "closed") return fail("MENTORSHIP_CLOSED");
  if (leader.aadObjectId === m.mentee.aadObjectId) return fail("INVALID_INPUT", { field: "leader" });
  if (m.leader?.aadObjectId === leader.aadObjectId) return fail("NO_CHANGES");
  return ok(planTalks({ ...m, leader, lastActivityAt: now.toISOString() }, policy));
}

function guardApp(m: Mentorship): Result<LeaderState> {
  if (m.phase === "closed") return fail("MENTORSHIP_CLOSED");
  if (m.pausedAt) return fail("MENTORSHIP_PAUSED");
  if (!m.leader || !m.leaderState) return fail("NO_LEADER");
  return ok(m.leaderState);
}

function guardLeader(m: Mentorship, by: string): Result<LeaderState> {
  if (!m.leader) return fail("NO_LEADER");
  if (m.leader.aadObjectId !== by) return fail("NOT_THE_LEADER");
  if (m.phase === "closed") return fail("MENTORSHIP_CLOSED");
  return m.leaderState ? ok(m.leaderState) : fail("TALK_NOT_FOUND");
}

const withTalk = (m: Mentorship, state: LeaderState, talk: LeaderTalk): Mentorship => ({
  ...m,
  leaderState: { ...state, talks: state.talks.map((t) => (t.key === talk.key ? talk : t)) },
});

export function findTalk(m: Mentorship, key: string): LeaderTalk | null {
  return m.leaderState?.talks.find((t) => t.key === key) ?? null;
}

/** The reminder to the leader went (the app, ahead of the talk's window): once per planned talk; nothing while paused. */
export function talkReminded(m: Mentorship, key: string, now: Date): Result<Mentorship> {
  const g = guardApp(m);
  if (!g.ok) return g;
  const talk = g.value.talks.find((t) => t.key === key);
  if (!talk) return fail("TALK_NOT_FOUND");
  if (talk.status !== "planned") return fail("NO_CHANGES");
  return ok(withTalk(m, g.value, { ...talk, status: "reminded", remindedAt: now.toISOString() }));
}

/** The leader booked the talk in their calendar (only the leader; once). */
export function bookTalk(m: Mentorship, by: string, key: string, booking: Omit<NonNullable<LeaderTalk["booking"]>, "at">, now: Date): Result<Mentorship> {
  const g = guardLeader(m, by);
  if (!g.ok) return g;
  if (m.pausedAt) return fail("MENTORSHIP_PAUSED");
  const talk = g.value.talks.find((t) => t.key === key);
  if (!talk) return fail("TALK_NOT_FOUND");
  if (settled(talk)) return fail("TALK_ALREADY_BOOKED");
  const at = now.toISOString();
  return ok(withTalk({ ...m, lastActivityAt: at }, g.value, { ...talk, status: "booked", booking: { ...booking, at } }));
}

/** Whether the leader may book the talk now (the same checks as bookTalk, before the calendar is asked). */
export function canBookTalk(m: Mentorship, by: string, key: string): Result<LeaderTalk> {
  const r = bookTalk(m, by, key, { startUtc: "", endUtc: "", eventId: "", joinUrl: null }, new Date(0));
  if (!r.ok) return r;
  return ok(findTalk(m, key) as LeaderTalk);
}

/** The leader answers "was it held?" for a booked talk; the same answer twice changes nothing. */
export function answerTalk(m: Mentorship, by: string, key: string, held: boolean, now: Date): Result<Mentorship> {
  const g = guardLeader(m, by);
  if (!g.ok) return g;
  const talk = g.value.talks.find((t) => t.key === key);
  if (!talk) return fail("TALK_NOT_FOUND");
  if (!settled(talk)) return fail("WRONG_PHASE", { phase: talk.status });
  const status = held ? "held" : "notHeld";
  if (talk.status === status) return fail("NO_CHANGES");
  const at = now.toISOString();
  return ok(withTalk({ ...m, lastActivityAt: at }, g.value, { ...talk, status, answeredAt: at }));
}

/** The heads-up card ("møder muren") went to the leader: once. */
export function headsUpSent(m: Mentorship, now: Date): Result<Mentorship> {
  const g = guardApp(m);
  if (!g.ok) return g;
  if (g.value.headsUpAt) return fail("NO_CHANGES");
  return ok({ ...m, leaderState: { ...g.value, headsUpAt: now.toISOString() } });
}

/** The leader asks the coordinator for a change of mentor: a flag with no text (cleared by a change of mentor). */
export function requestMentorChange(m: Mentorship, by: string, now: Date): Result<Mentorship> {
  const g = guardLeader(m, by);
  const state = g.ok ? g.value : g.error.code === "TALK_NOT_FOUND" ? emptyLeaderState : null;
  if (!state) return g as Result<never>;
  if (state.mentorChangeRequestedAt) return fail("NO_CHANGES");
  return ok({ ...m, leaderState: { ...state, mentorChangeRequestedAt: now.toISOString() } });
}

/** The talks the app still reminds and checks: not yet settled, for a running, unpaused mentorship with a leader. */
export function talksToRemind(m: Mentorship): readonly LeaderTalk[] {
  if (m.phase === "closed" || m.pausedAt || !m.leader) return [];
  return (m.leaderState?.talks ?? []).filter((t) => t.status === "planned");
}

// ─── when the app speaks to the leader, and the talk's proposed time ───────────────────────────

/** Working days before a talk's window opens that the leader is reminded (a week's notice to find a time). */
export const LEADER_REMINDER_LEAD_WORKING_DAYS = 5;
/** The hour (programme zone) the leader's reminders, heads-up and "was it held?" arrive. */
export const LEADER_MESSAGE_TIME = "08:00";
/** The proposed talk: this hour (programme zone) on the first working day of its window, this long. */
export const LEADER_TALK_TIME = "10:00";
export const LEADER_TALK_MINUTES = 60;

type Calendarish = Pick<ProgrammePolicy, "country"> & { readonly timeZone?: ProgrammePolicy["timeZone"] };
const countryOf = (m: Pick<Mentorship, "timeZone">, policy: Calendarish) => policy.country ?? countryOfZone(policy.timeZone ?? m.timeZone);
const zoneOf = (m: Pick<Mentorship, "timeZone">, policy: Calendarish) => policy.timeZone ?? m.timeZone;

/** `n` working days before `date` (weekends and the programme country's public holidays skipped). */
export function workingDaysBefore(date: IsoDate, n: number, country: ReturnType<typeof countryOfZone>): IsoDate {
  let d = date;
  for (let left = n; left > 0; ) {
    d = addDays(d, -1);
    if (isWorkingDay(country, d)) left--;
  }
  return d;
}

/** The first working day on or after `date`. */
export function nextWorkingDay(date: IsoDate, country: ReturnType<typeof countryOfZone>): IsoDate {
  let d = date;
  for (let i = 0; i < 30 && !isWorkingDay(country, d); i++) d = addDays(d, 1);
  return d;
}

/** When the leader is reminded of a talk: LEADER_REMINDER_LEAD_WORKING_DAYS before its window, at 08:00 in the programme zone. */
export function reminderDueAt(m: Pick<Mentorship, "timeZone">, policy: Calendarish, talk: Pick<LeaderTalk, "from">): Date {
  return zonedToUtc(workingDaysBefore(talk.from, LEADER_REMINDER_LEAD_WORKING_DAYS, countryOf(m, policy)), LEADER_MESSAGE_TIME, zoneOf(m, policy));
}

/** When the heads-up goes: the programme's month after the first working day (moved to a working day), 08:00; null: the programme has none. */
export function headsUpDueAt(m: Pick<Mentorship, "timeZone" | "firstWorkingDay">, policy: Calendarish & Pick<ProgrammePolicy, "leaderHeadsUpMonths">): Date | null {
  if (policy.leaderHeadsUpMonths === null || !isIsoDate(m.firstWorkingDay)) return null;
  return zonedToUtc(nextWorkingDay(addMonths(m.firstWorkingDay, policy.leaderHeadsUpMonths), countryOf(m, policy)), LEADER_MESSAGE_TIME, zoneOf(m, policy));
}

/** "Was it held?": the working day after the booked talk, 08:00 in the programme zone. */
export function heldCheckDueAt(m: Pick<Mentorship, "timeZone">, policy: Calendarish, booking: { readonly startUtc: string }): Date {
  const zone = zoneOf(m, policy);
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(booking.startUtc));
  return zonedToUtc(nextWorkingDay(addDays(day, 1), countryOf(m, policy)), LEADER_MESSAGE_TIME, zoneOf(m, policy));
}

/**
 * The time the app proposes (and books) for a talk: LEADER_TALK_TIME on the first working day of its
 * window that is after `today` (a window already begun: the next working day), in the programme zone.
 */
export function proposedTalkSlot(m: Pick<Mentorship, "timeZone">, policy: Calendarish, talk: Pick<LeaderTalk, "from" | "to">, today: IsoDate): { readonly date: IsoDate; readonly time: string; readonly minutes: number; readonly zone: string; readonly startUtc: string; readonly endUtc: string } {
  const start = talk.from > today ? talk.from : addDays(today, 1);
  const date = nextWorkingDay(start, countryOf(m, policy));
  const zone = zoneOf(m, policy);
  const at = zonedToUtc(date, LEADER_TALK_TIME, zone);
  return { date, time: LEADER_TALK_TIME, minutes: LEADER_TALK_MINUTES, zone, startUtc: at.toISOString(), endUtc: new Date(at.getTime() + LEADER_TALK_MINUTES * 60_000).toISOString() };
}

/** Who the leader meets in a talk: the new hire, and for the introduction's closing talk the contact person too. */
export function talkAttendees(m: Pick<Mentorship, "mentee" | "contact">, key: string): Person[] {
  return key === INTRODUCTION_CLOSING_TALK && m.contact ? [m.mentee, m.contact] : [m.mentee];
}
