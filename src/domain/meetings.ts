/**
 * The pair's meetings: a plan (the regular slot and the recurring series it gives), its booking
 * state, and one record per meeting holding the agenda — the meeting's minutes.
 */
import { slotHintFromText } from "./slotText";
import { type AgendaInput, type Agenda, agendaAfter, applyAgendaInput, emptyAgenda, pointOneFilled } from "./agenda";
import { type PlannedMeeting, type SeriesPlan, type Slot, meetingsOf } from "./cadence";
import { daysBetween, isoWeek, zonedToUtc } from "./calendarMath";
import { dateIn } from "./dates";
import type { Party } from "./agreement";
import { confirmationsNeeded } from "./closing";
import { type Country, type Holiday, countryOfZone, holidayOn } from "./holidays";
import { type Mentorship, isActive, partyOf, waitingFor, waitingForRevision } from "./mentorship";
import { type PolicyHolder, policyOf } from "./programmes";
import { type Result, fail, ok } from "./result";
import { identifierRefusal } from "./identifierGuard";

export type BookingStatus = "booking" | "booked" | "failed";

export interface BookedSeriesRef {
  readonly key: string;
  readonly eventId: string;
  readonly joinUrl: string | null;
}

export interface MeetingPlan {
  /** Bumped on every new plan: part of every calendar transactionId, so a repeated booking is the same booking. */
  readonly version: number;
  readonly slot: Slot;
  readonly series: readonly SeriesPlan[];
  readonly status: BookingStatus;
  readonly booked: readonly BookedSeriesRef[];
  readonly failure: string | null;
  readonly agendaLeadHours: number;
  readonly plannedAt: string;
  /** Series of the plan this one replaces: cancelled in the calendar once this one is booked. */
  readonly supersedes?: readonly BookedSeriesRef[];
  /** Whose calendar holds `supersedes` when it is not the current mentor's (after a change of mentor). */
  readonly supersededOrganizer?: { readonly aadObjectId: string; readonly name: string } | null;
  /**
   * While "booking": until when the booking in progress holds its lease. A process that dies
   * mid-booking leaves the plan "booking"; once this has passed, the booking may be taken over
   * (resumed with the same transactionIds, or ended as failed). Absent on plans stored before leases.
   */
  readonly bookingUntil?: string | null;
  /** Counts the leases taken for this plan (book, retry, resume): makes each attempt's job ids unique. */
  readonly bookingAttempt?: number;
  /** The current lease was taken by a resume after a lapse; a second lapse ends the booking as failed. */
  readonly bookingResumed?: boolean;
  /**
   * Set with the outcome ("booked"/"failed") in the same write: null while the follow-ups (meeting
   * jobs, superseded series, summary, the chat's booking card) are still to do, the time once done.
   * Absent on plans stored before follow-ups were tracked (treated as done).
   */
  readonly followUpsDoneAt?: string | null;
  /**
   * Set when this plan replaced a booked one (a new regular time): its series hold only the meetings
   * after this instant, and the booking card says what changed. Absent or null otherwise.
   */
  readonly replannedAt?: string | null;
}

/** How long a booking holds its lease: longer than Graph's retries of a booking take. */
export const BOOKING_LEASE_MS = 5 * 60_000;

function lease(plan: MeetingPlan, now: Date, resumed: boolean): MeetingPlan {
  return {
    ...plan,
    status: "booking",
    failure: null,
    bookingUntil: new Date(now.getTime() + BOOKING_LEASE_MS).toISOString(),
    bookingAttempt: (plan.bookingAttempt ?? 0) + 1,
    bookingResumed: resumed,
    followUpsDoneAt: null,
  };
}

/** A booking whose lease has passed: the process running it is gone (or hopelessly stuck). */
export function bookingLapsed(plan: MeetingPlan, now: Date): boolean {
  if (plan.status !== "booking") return false;
  // A plan stored before leases has no end: it can only have been left behind by a restart.
  return !plan.bookingUntil || Date.parse(plan.bookingUntil) <= now.getTime();
}

export type MeetingStatus = "planned" | "cancelled" | "held" | "notHeld";

export interface Meeting {
  readonly mentorshipId: string;
  /** `${seriesKey}|${originalDate}`: stable however often the meeting is moved. */
  readonly key: string;
  readonly seriesKey: string;
  readonly originalDate: string;
  readonly date: string;
  readonly time: string;
  readonly minutes: number;
  readonly startUtc: string;
  readonly isoWeek: number;
  readonly isoYear: number;
  readonly status: MeetingStatus;
  readonly agenda: Agenda;
  readonly agendaPostedAt: string | null;
  /**
   * When a post of the agenda card was started (saved before the send). Set with no agendaPostedAt,
   * a send may or may not have reached the chat: it is never repeated blindly. Absent on old rows.
   */
  readonly agendaPostingAt?: string | null;
  /**
   * Cancelled because a new plan replaced it, not by the mentor: a later plan with the same meeting
   * may bring it back, whereas the mentor's own cancellation is carried into every new plan.
   */
  readonly superseded?: boolean;
  /** Cancelled because the mentorship closed before it (absent otherwise): the statistics count it as planned, not held. */
  readonly closedOut?: boolean;
  /**
   * When a party last changed the meeting itself (moved, cancelled, recorded held or not held): the
   * overview's "last activity" counts it. The agenda has its own `agenda.updatedAt`. Absent on old rows.
   */
  readonly changedAt?: string | null;
  /** "Did it take place?" was asked in the chat, and when a party answered (absent on old rows). */
  readonly heldCheck?: { readonly postedAt: string; readonly answeredAt: string | null } | null;
}

export function meetingKey(seriesKey: string, originalDate: string): string {
  return `${seriesKey}|${originalDate}`;
}

/** The series the programme's cadence gives for a slot (a fixed cadence, or the agreed number spread over the scheme). */
export function seriesFor(m: Mentorship, slot: Slot): SeriesPlan[] {
  const agreedOn = m.agreement.lockedAt ? dateIn(new Date(m.agreement.lockedAt), m.timeZone) : m.firstWorkingDay;
  return policyOf(m).series({ firstWorkingDay: m.firstWorkingDay, agreedOn, meetingCount: m.agreement.fields.meetingCount, slot, timeZone: m.timeZone === "Europe/Oslo" ? "Europe/Oslo" : "Europe/Copenhagen" });
}

/** Whose public holidays the meetings keep off: the programme's country. */
export function holidayCountry(m: PolicyHolder & Pick<Mentorship, "timeZone">): Country {
  return policyOf(m).country ?? countryOfZone(m.timeZone);
}

/** The holiday a meeting was moved off: its series date is a holiday and it takes place on another day. */
export function movedForHoliday(m: PolicyHolder & Pick<Mentorship, "timeZone">, meeting: Pick<Meeting, "date" | "originalDate">): Holiday | null {
  if (meeting.date === meeting.originalDate) return null;
  return holidayOn(holidayCountry(m), meeting.originalDate);
}

/** The regular slot the plan card suggests: the agreement's length, Tuesday 10:00. */
export function defaultSlot(m: Mentorship): Slot {
  const range = policyOf(m).meetingMinutes;
  const minutes = Math.min(range.max, Math.max(range.min, m.agreement.fields.meetingMinutes));
  // What the pair agreed under "time and place" comes first; Tuesday 10:00 only where it names no day or time.
  const agreed = slotHintFromText(m.agreement.fields.timeAndPlace);
  return { weekday: agreed.weekday ?? 2, time: agreed.time ?? "10:00", minutes };
}

/**
 * The mentor plans the meetings once the agreement is agreed; a new plan replaces the old one. A
 * plan that replaces booked meetings (a new regular time) holds only the meetings still to come, and
 * what the mentor cancelled stays cancelled: `cancelledByMentor` are the replaced plan's meetings the
 * mentor cancelled, each carried to its counterpart in the new plan (see carryCancellations).
 */
export function planMeetings(m: Mentorship, by: string, slot: Slot, now: Date, previous: MeetingPlan | null, cancelledByMentor: readonly Meeting[] = []): Result<MeetingPlan> {
  const party = partyOf(m, by);
  if (party === null) return fail("NOT_A_PARTY");
  if (party !== "mentor") return fail("MENTOR_ONLY");
  if (m.phase === "closed") return fail("MENTORSHIP_CLOSED");
  if (m.phase !== "learning") return fail("WRONG_PHASE", { phase: m.phase });
  const range = policyOf(m).meetingMinutes;
  if (slot.minutes < range.min || slot.minutes > range.max) return fail("INVALID_INPUT", { field: "minutes", min: range.min, max: range.max });
  if (previous?.status === "booking") return fail("BOOKING_IN_PROGRESS");
  const replan = previous !== null && (previous.status === "booked" || (previous.supersedes?.length ?? 0) > 0);
  const later = cancelledByMentor.filter((x) => x.status === "cancelled" && new Date(x.startUtc).getTime() > now.getTime());
  return ok(lease({
    version: (previous?.version ?? 0) + 1,
    slot,
    series: replan ? carryCancellations(remainingSeries(seriesFor(m, slot), now), later) : seriesFor(m, slot),
    replannedAt: replan ? now.toISOString() : null,
    status: "booking",
    booked: [],
    failure: null,
    agendaLeadHours: previous?.agendaLeadHours ?? policyOf(m).agendaLeadHours,
    plannedAt: now.toISOString(),
    supersedes: previous?.status === "booked" ? previous.booked : (previous?.supersedes ?? []),
    supersededOrganizer: previous?.status === "booked" ? null : (previous?.supersededOrganizer ?? null),
    bookingAttempt: 0,
  }, now, false));
}

/**
 * The series cut to the occurrences that start after `after`: each kept series starts on its first
 * remaining occurrence with the remaining count, so Graph generates exactly those dates (an
 * occurrence is itself a date of its pattern) and the meetings keep their keys and agendas.
 */
export function remainingSeries(series: readonly SeriesPlan[], after: Date): SeriesPlan[] {
  const out: SeriesPlan[] = [];
  for (const s of series) {
    const kept = s.occurrences.filter((d) => zonedToUtc(d, s.time, s.timeZone).getTime() > after.getTime());
    const first = kept[0];
    if (first === undefined) continue;
    out.push({ ...s, range: { startDate: first, numberOfOccurrences: kept.length }, occurrences: kept, exceptions: s.exceptions.filter((e) => kept.includes(e.date)) });
  }
  return out;
}

/**
 * The mentor's cancellations carried into a new plan: each cancelled meeting's counterpart — the
 * occurrence of the same series nearest its original date, at most 6 days away (the same week, or
 * for a monthly series the same month's meeting) — becomes a cancelled occurrence, so the calendar
 * does not book it and the list shows it cancelled. An occurrence already cancelled for a holiday
 * stays as it is; one moved for a holiday is cancelled instead.
 */
export function carryCancellations(series: readonly SeriesPlan[], cancelled: readonly Pick<Meeting, "seriesKey" | "originalDate">[]): SeriesPlan[] {
  return series.map((s) => {
    let exceptions = [...s.exceptions];
    for (const c of cancelled.filter((x) => x.seriesKey === s.key)) {
      const near = s.occurrences
        .map((d) => ({ d, distance: Math.abs(daysBetween(c.originalDate, d)) }))
        .filter((x) => x.distance <= 6)
        .sort((a, b) => a.distance - b.distance)[0];
      if (!near) continue;
      const existing = exceptions.find((e) => e.date === near.d);
      if (existing?.action === "cancel") continue;
      exceptions = [...exceptions.filter((e) => e.date !== near.d), { date: near.d, action: "cancel", byMentor: true }];
    }
    return exceptions.length === s.exceptions.length && exceptions.every((e, i) => e === s.exceptions[i]) ? s : { ...s, exceptions };
  });
}

/**
 * A new mentor takes over the remaining meetings: a new plan version books them in the new mentor's
 * calendar, and the former mentor's series are cancelled once it is booked.
 */
export function handOverPlan(plan: MeetingPlan, former: { readonly aadObjectId: string; readonly name: string }, now: Date): Result<MeetingPlan> {
  if (plan.status === "booking") return fail("BOOKING_IN_PROGRESS");
  return ok(lease({
    ...plan,
    version: plan.version + 1,
    series: remainingSeries(plan.series, now),
    booked: [],
    plannedAt: now.toISOString(),
    supersedes: plan.status === "booked" ? plan.booked : (plan.supersedes ?? []),
    supersededOrganizer: former,
    replannedAt: null,
    bookingAttempt: 0,
  }, now, false));
}

/** The outcome is stored with its follow-ups still to do (`followUpsDoneAt: null`), in the same write. */
export function bookingSucceeded(plan: MeetingPlan, booked: readonly BookedSeriesRef[]): MeetingPlan {
  return { ...plan, status: "booked", booked, failure: null, bookingUntil: null, followUpsDoneAt: null };
}

export function bookingFailed(plan: MeetingPlan, code: string): MeetingPlan {
  return { ...plan, status: "failed", failure: code, bookingUntil: null, followUpsDoneAt: null };
}

/** Plans stored before follow-ups were tracked count as done. */
export function followUpsPending(plan: MeetingPlan): boolean {
  return (plan.status === "booked" || plan.status === "failed") && plan.followUpsDoneAt === null;
}

export function followUpsDone(plan: MeetingPlan, now: Date): MeetingPlan {
  return { ...plan, followUpsDoneAt: now.toISOString() };
}

/**
 * Retrying books the same plan version again (same transactionIds: nothing twice): after a failure,
 * or when a booking's lease has lapsed (its process died before saving the result).
 */
export function retryBooking(plan: MeetingPlan, now: Date): Result<MeetingPlan> {
  if (plan.status === "booking" && !bookingLapsed(plan, now)) return fail("BOOKING_IN_PROGRESS");
  if (plan.status !== "failed" && plan.status !== "booking") return fail("WRONG_PHASE", { phase: plan.status });
  return ok(lease(plan, now, false));
}

/**
 * Nobody finished the booking before its lease lapsed: it is taken over once (the calendar's
 * transactionIds make a repeat safe); a resumed booking that lapses again ends as failed, with
 * Try again.
 */
export function resumeBooking(plan: MeetingPlan, now: Date): Result<MeetingPlan> {
  if (!bookingLapsed(plan, now)) return fail("NO_CHANGES");
  if (plan.bookingResumed) return ok(bookingFailed(plan, "INTERRUPTED"));
  return ok(lease(plan, now, true));
}

/**
 * The plan's meetings: those the series give, and the mentor's cancellations carried into it (as
 * cancelled meetings, so the list shows them and the calendar books them not), in time order.
 */
export function meetingsFromPlan(mentorshipId: string, plan: MeetingPlan): Meeting[] {
  const live = meetingsOf(plan.series).map((p): Meeting => fromPlanned(mentorshipId, p, "planned"));
  const carried = plan.series.flatMap((s) =>
    s.exceptions
      .filter((e) => e.action === "cancel" && e.byMentor === true)
      .map((e): Meeting => {
        const week = isoWeek(e.date);
        const planned: PlannedMeeting = { seriesKey: s.key, originalDate: e.date, date: e.date, time: s.time, minutes: s.minutes, isoWeek: week.week, isoYear: week.year, startUtc: zonedToUtc(e.date, s.time, s.timeZone).toISOString() };
        return fromPlanned(mentorshipId, planned, "cancelled");
      }),
  );
  return [...live, ...carried].sort((a, b) => (a.startUtc < b.startUtc ? -1 : a.startUtc > b.startUtc ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The keys of the plan's meetings (what the booking card lists). */
export function planMeetingKeys(plan: MeetingPlan): ReadonlySet<string> {
  return new Set(meetingsFromPlan("", plan).map((x) => x.key));
}

function fromPlanned(mentorshipId: string, p: PlannedMeeting, status: MeetingStatus): Meeting {
  return {
    mentorshipId,
    key: meetingKey(p.seriesKey, p.originalDate),
    seriesKey: p.seriesKey,
    originalDate: p.originalDate,
    date: p.date,
    time: p.time,
    minutes: p.minutes,
    startUtc: p.startUtc,
    isoWeek: p.isoWeek,
    isoYear: p.isoYear,
    status,
    agenda: emptyAgenda(),
    agendaPostedAt: null,
  };
}

/** When the agenda card is due: the lead time before the meeting. */
export function agendaDueAt(meeting: Meeting, leadHours: number): Date {
  return new Date(new Date(meeting.startUtc).getTime() - leadHours * 3600_000);
}

/** Posting the agenda: pre-filled from the previous meeting's record (its point 5). */
export function agendaPosted(meeting: Meeting, previous: Meeting | null, now: Date): Meeting {
  const carried = previous && meeting.agendaPostedAt === null ? agendaAfter(previous.agenda) : meeting.agenda;
  return { ...meeting, agenda: carried, agendaPostedAt: now.toISOString() };
}

/** The meeting before this one whose agenda was filled in at all: the record point 2 carries over from. */
export function previousRecord(meetings: readonly Meeting[], meeting: Meeting): Meeting | null {
  const earlier = meetings.filter((x) => x.startUtc < meeting.startUtc && x.status !== "cancelled" && x.agenda.updatedAt !== null);
  return earlier.at(-1) ?? null;
}

/** One party saves parts of the agenda; identity from the activity decides whose feedback it is. */
export function saveAgenda(m: Mentorship, meeting: Meeting, by: string, input: AgendaInput, now: Date): Result<Meeting> {
  const party = partyOf(m, by);
  if (party === null) return fail("NOT_A_PARTY");
  if (m.phase === "closed") return fail("MENTORSHIP_CLOSED");
  if (meeting.status === "cancelled") return fail("MEETING_CANCELLED");
  // Issue 13: the pair writes about citizen cases here too; an identity number is refused before anything is saved.
  const found = identifierRefusal(agendaTexts(party, input), { today: now });
  if (found) return { ok: false, error: found };
  const r = applyAgendaInput(meeting.agenda, party, input, now);
  if (!r.ok) return r;
  // Writing the record means the meeting is taking or took place.
  return ok({ ...meeting, agenda: r.value, status: meeting.status === "notHeld" ? "notHeld" : meeting.status });
}

/** The free-text fields one party's agenda save writes, by the card's input ids (point 1 only the mentee's; point 4 their own). */
function agendaTexts(party: Party, input: AgendaInput): Record<string, string> {
  const own = (v: string | undefined) => v ?? "";
  const texts: Record<string, string> = {
    theme: own(input.theme),
    learningGoal: own(input.learningGoal),
    summary: own(input.summary),
    nextTheme: own(input.nextTheme),
    nextLearningGoal: own(input.nextLearningGoal),
    nextPreparation: own(input.nextPreparation),
  };
  if (party === "mentee") Object.assign(texts, { howIsMentee: own(input.howIsMentee), experience: own(input.experience) });
  if (input.myFeedback) Object.assign(texts, { [`${party}FeedbackHow`]: input.myFeedback.how, [`${party}FeedbackWorked`]: input.myFeedback.worked, [`${party}FeedbackBetter`]: input.myFeedback.better });
  return texts;
}

export type HeldOutcome = "held" | "notHeld" | "moved";

/** The answer to "did the meeting take place?": so "meetings held" is true. */
export function recordHeld(m: Mentorship, meeting: Meeting, by: string, outcome: HeldOutcome, now: Date): Result<Meeting> {
  if (partyOf(m, by) === null) return fail("NOT_A_PARTY");
  if (m.phase === "closed") return fail("MENTORSHIP_CLOSED");
  if (meeting.status === "cancelled") return fail("MEETING_CANCELLED");
  // Any answer answers the question, so it no longer waits in `status`.
  const answered = meeting.heldCheck ? { ...meeting, heldCheck: { ...meeting.heldCheck, answeredAt: now.toISOString() } } : meeting;
  if (outcome === "moved") return ok(answered); // the mentor moves it from the card; nothing to record yet
  return ok({ ...answered, status: outcome, changedAt: now.toISOString() });
}

export function cancelMeeting(m: Mentorship, meeting: Meeting, by: string, now: Date): Result<Meeting> {
  const party = partyOf(m, by);
  if (party === null) return fail("NOT_A_PARTY");
  if (party !== "mentor") return fail("MENTOR_ONLY");
  if (m.phase === "closed") return fail("MENTORSHIP_CLOSED");
  if (meeting.status === "cancelled") return fail("MEETING_CANCELLED");
  return ok({ ...meeting, status: "cancelled", changedAt: now.toISOString() });
}

export function moveMeeting(m: Mentorship, meeting: Meeting, by: string, to: { date: string; time: string }, now: Date, zoneToUtc: (date: string, time: string) => Date): Result<Meeting> {
  const party = partyOf(m, by);
  if (party === null) return fail("NOT_A_PARTY");
  if (party !== "mentor") return fail("MENTOR_ONLY");
  if (m.phase === "closed") return fail("MENTORSHIP_CLOSED");
  if (meeting.status === "cancelled") return fail("MEETING_CANCELLED");
  const start = zoneToUtc(to.date, to.time);
  if (start.getTime() <= now.getTime()) return fail("INVALID_INPUT", { field: "date" });
  return ok({ ...meeting, date: to.date, time: to.time, startUtc: start.toISOString(), changedAt: now.toISOString() });
}

/** Counts for status and the coordinators' overview: never content. */
export function meetingCounts(meetings: readonly Meeting[], now: Date): { held: number; planned: number; next: Meeting | null } {
  const live = meetings.filter((x) => x.status !== "cancelled");
  const upcoming = live.filter((x) => x.status === "planned" && x.startUtc > now.toISOString());
  return { held: live.filter((x) => x.status === "held").length, planned: live.length, next: upcoming[0] ?? null };
}


/** The card of the step a mentorship is in: what `card` (or `start` in its chat) posts again. */
export type CurrentCard =
  | { readonly kind: "agreement" }
  | { readonly kind: "plan" }
  | { readonly kind: "booking" }
  | { readonly kind: "agenda"; readonly meeting: Meeting };

export function currentCard(m: Mentorship, meetings: readonly Meeting[]): CurrentCard {
  if (!m.agreement.lockedAt) return { kind: "agreement" };
  const latest = meetings
    .filter((x) => x.agendaPostedAt !== null && x.status !== "cancelled")
    .sort((a, b) => (b.agendaPostedAt ?? "").localeCompare(a.agendaPostedAt ?? ""))[0];
  if (latest) return { kind: "agenda", meeting: latest };
  return m.meetingPlan?.status === "booked" ? { kind: "booking" } : { kind: "plan" };
}

/** A step of the mentorship that waits for one of its parties, as `status` names it. */
export type WaitingStep =
  | { readonly kind: "acceptAgreement"; readonly version: number }
  /** A proposed change of the agreement in force, waiting for this party's acceptance. */
  | { readonly kind: "acceptRevision"; readonly version: number }
  | { readonly kind: "bookPlan" }
  | { readonly kind: "pointOne"; readonly meeting: Meeting }
  | { readonly kind: "heldCheck"; readonly meeting: Meeting }
  /** The closing evaluation's newest version, for this party to confirm. */
  | { readonly kind: "evaluation"; readonly version: number }
  /** After the close: the three private questions on the scheme, in the person's chat with the app. */
  | { readonly kind: "ratings" };

/**
 * Every step that waits for this party: the agreement to accept; the plan to book (the mentor,
 * once agreed, while there is no plan or its booking failed); point 1 of a posted agenda for a
 * coming meeting (the mentee); "did it take place?" asked and not answered (either party).
 */
export function waitingSteps(m: Mentorship, party: Party, meetings: readonly Meeting[], now: Date): WaitingStep[] {
  if (!isActive(m)) return [];
  const out: WaitingStep[] = [];
  if (waitingFor(m).includes(party)) out.push({ kind: "acceptAgreement", version: m.agreement.version });
  const revision = m.agreement.revision;
  if (revision && waitingForRevision(m).includes(party)) out.push({ kind: "acceptRevision", version: revision.version });
  if (party === "mentor" && m.phase === "learning" && m.agreement.lockedAt && (!m.meetingPlan || m.meetingPlan.status === "failed")) out.push({ kind: "bookPlan" });
  for (const meeting of meetings) {
    if (meeting.status !== "planned") continue;
    const coming = Date.parse(meeting.startUtc) > now.getTime();
    if (party === "mentee" && coming && meeting.agendaPostedAt && !pointOneFilled(meeting.agenda)) out.push({ kind: "pointOne", meeting });
    if (meeting.heldCheck?.postedAt && !meeting.heldCheck.answeredAt) out.push({ kind: "heldCheck", meeting });
  }
  if (m.phase === "closing" && m.closing && confirmationsNeeded(m.closing).includes(party)) out.push({ kind: "evaluation", version: m.closing.evaluation.version });
  return out;
}
