import agendaTemplate from "../../adaptiveCards/agenda.json";
import bookingTemplate from "../../adaptiveCards/booking.json";
import heldTemplate from "../../adaptiveCards/held.json";
import planTemplate from "../../adaptiveCards/plan.json";
import { type AgendaField, AgendaLimits } from "../domain/agenda";
import { type Slot, meetingsOf } from "../domain/cadence";
import { isoWeekday } from "../domain/calendarMath";
import { dateIn, formatDate } from "../domain/dates";
import type { Country, HolidayKey } from "../domain/holidays";
import { type Meeting, type MeetingPlan, holidayCountry, movedForHoliday, planMeetingKeys } from "../domain/meetings";
import type { Mentorship } from "../domain/mentorship";
import { policyOf } from "../domain/programmes";
import { type MessageKey, t } from "../i18n";
import { bookingFailureReason } from "../i18n/refusals";
import { type AdaptiveCard, expand, listOf } from "./template";

const weekdayName = (m: Mentorship, n: number) => t(m.language, `weekday.${n}` as MessageKey);

/** A holiday's name in the mentorship's language (Constitution Day is a different day in each country). */
export function holidayName(m: Mentorship, country: Country, key: HolidayKey): string {
  return t(m.language, (key === "constitutionDay" ? `holiday.constitutionDay.${country}` : `holiday.${key}`) as MessageKey);
}

/**
 * "tirsdag 19.01.2027 kl. 10:00 (uge 3)" in the mentorship's language, with what sets the meeting
 * apart from the plan: the holiday it was moved off ("flyttet: 2. påskedag"), a length of its own.
 */
export function meetingLine(m: Mentorship, meeting: Meeting, regularMinutes: number | null = null): string {
  const key: MessageKey = meeting.status === "cancelled" ? "booked.lineCancelled" : "booked.line";
  const line = t(m.language, key, { weekday: weekdayName(m, isoWeekday(meeting.date)), date: formatDate(meeting.date), time: meeting.time, week: meeting.isoWeek });
  const notes: string[] = [];
  const holiday = movedForHoliday(m, meeting);
  if (holiday) {
    const country = holidayCountry(m);
    notes.push(t(m.language, "booked.movedFor", { holiday: listOf(m.language, [holiday.key, ...holiday.alsoKeys].map((k) => holidayName(m, country, k))) }));
  }
  if (regularMinutes !== null && meeting.minutes !== regularMinutes) notes.push(t(m.language, "booked.minutesDiffer", { minutes: meeting.minutes }));
  return notes.length === 0 ? line : `${line} – ${notes.join(", ")}`;
}

/**
 * Length and place, once for all meetings: the place the agreement names under "time and place",
 * else a Teams meeting where Graph books one (the local calendar books none, so it names no place).
 */
function detailsLine(m: Mentorship, plan: MeetingPlan, local: boolean): string {
  const agreed = m.agreement.fields.timeAndPlace.trim();
  const place = agreed ? t(m.language, "booked.place.agreed", { text: agreed }) : local ? "" : t(m.language, "booked.place.teams");
  return [t(m.language, "booked.length", { minutes: plan.slot.minutes }), place].filter((x) => x !== "").join(" · ");
}

// ─── plan ────────────────────────────────────────────────────────────────────────────────────

export interface PlanCardData {
  readonly t: Readonly<Record<string, string>>;
  readonly mentorshipId: string;
  readonly editable: boolean;
  readonly notice: string;
  readonly error: string;
  readonly weekday: string;
  readonly weekdays: readonly { title: string; value: string }[];
  readonly time: string;
  readonly minutes: { value: number; min: number; max: number; error: string };
  readonly leadHours: number;
}

export interface PlanView {
  readonly slot: Slot;
  readonly leadHours: number;
  readonly notice?: string | undefined;
  readonly error?: string | undefined;
  /** While booking, or once booked, the card only reports. */
  readonly editable: boolean;
}

export function renderPlanCard(m: Mentorship, view: PlanView): AdaptiveCard {
  const lang = m.language;
  const range = policyOf(m).meetingMinutes;
  const cadence = t(lang, `plan.cadence.${policyOf(m).wording}`, { count: m.agreement.fields.meetingCount, firstDay: formatDate(m.firstWorkingDay) });
  const data: PlanCardData = {
    t: {
      title: t(lang, "plan.title"),
      intro: t(lang, "plan.intro", { mentor: m.mentor.name, mentee: m.mentee.name }),
      cadence,
      onlyMentor: t(lang, "plan.onlyMentor", { mentor: m.mentor.name }),
      weekday: t(lang, "plan.weekday"),
      time: t(lang, "plan.time"),
      timeError: t(lang, "plan.time.error"),
      minutes: t(lang, "plan.minutes"),
      leadHours: t(lang, "plan.leadHours"),
      leadHoursError: t(lang, "plan.leadHours.error"),
      findTime: t(lang, "plan.findTime"),
      book: t(lang, "plan.book"),
    },
    mentorshipId: m.id,
    editable: view.editable,
    notice: view.notice ?? "",
    error: view.error ?? "",
    weekday: String(view.slot.weekday),
    weekdays: [1, 2, 3, 4, 5].map((n) => ({ title: weekdayName(m, n), value: String(n) })),
    time: view.slot.time,
    minutes: { value: view.slot.minutes, min: range.min, max: range.max, error: t(lang, "plan.minutes.error", range) },
    leadHours: view.leadHours,
  };
  return expand(planTemplate, data);
}

// ─── booking result ──────────────────────────────────────────────────────────────────────────

export interface BookingCardData {
  readonly t: Readonly<Record<string, string>>;
  readonly mentorshipId: string;
  readonly notice: string;
  readonly error: string;
  readonly lines: readonly { text: string; cancelled: boolean }[];
  readonly icsUrl: string;
  /** The local calendar, when the card carries no link: the button that asks for one's own. */
  readonly icsAsk: boolean;
  readonly retry: boolean;
  /** "Change the regular time": its own action, outside the move/cancel form, so no meeting has to be picked first. */
  readonly replan: boolean;
  readonly changeChoices: readonly { title: string; value: string }[];
  /** "Cancel the meeting on …? … will be told." with confirm / keep; empty unless a cancel asks first. */
  readonly confirmText: string;
  readonly confirmKey: string;
}

export interface BookingView {
  readonly meetings: readonly Meeting[];
  /**
   * One person's own .ics link (local calendar), only in the card answered to that person: the card
   * posted in the chat never carries one.
   */
  readonly icsUrl: string | null;
  /** Until when `icsUrl` works. */
  readonly icsValidUntil?: Date | undefined;
  /** The meetings live in the local calendar (no Graph): the card offers each party their own link. */
  readonly localCalendar?: boolean | undefined;
  readonly now: Date;
  readonly notice?: string | undefined;
  readonly error?: string | undefined;
  /** The meeting the mentor asked to cancel: the card asks first, and offers nothing else meanwhile. */
  readonly confirmCancel?: Meeting | undefined;
}

/** After a new regular time, what changed in one line: "Nyt fast tidspunkt: onsdag kl. 13:00 fra 03.03.2027; 14 møder flyttet". */
function replannedLine(m: Mentorship, plan: MeetingPlan): string {
  if (!plan.replannedAt || plan.status !== "booked") return "";
  const first = meetingsOf(plan.series)[0];
  if (!first) return "";
  return t(m.language, "booked.replanned", { weekday: weekdayName(m, plan.slot.weekday), time: plan.slot.time, date: formatDate(first.date), count: meetingsOf(plan.series).length });
}

export function renderBookingCard(m: Mentorship, plan: MeetingPlan, view: BookingView): AdaptiveCard {
  const lang = m.language;
  const failed = plan.status === "failed";
  // The plan's own meetings only: what an earlier plan had (replaced, or cancelled) is not this plan.
  const ofPlan = planMeetingKeys(plan);
  const shown = view.meetings.filter((x) => ofPlan.has(x.key));
  const live = shown.filter((x) => x.status !== "cancelled");
  const upcoming = live.filter((x) => x.status === "planned" && new Date(x.startUtc) > view.now);
  const local = view.localCalendar === true || view.icsUrl !== null;
  const personal = view.icsUrl && !failed ? view.icsUrl : "";
  const asking = !failed && view.confirmCancel ? view.confirmCancel : null;
  const data: BookingCardData = {
    t: {
      title: t(lang, failed ? "booking.failedTitle" : plan.status === "booking" ? "plan.booking" : "booked.title"),
      intro: failed
        ? t(lang, "booking.failed", { reason: bookingFailureReason(lang, plan.failure) })
        : t(lang, local ? "booked.introLocal" : "booked.intro", { count: live.length, mentor: m.mentor.name, mentee: m.mentee.name }),
      replanned: replannedLine(m, plan),
      details: failed ? "" : detailsLine(m, plan, local),
      localNote: local && !failed ? t(lang, "booked.localNote") : "",
      ics: t(lang, "booked.ics"),
      icsAsk: t(lang, "icsLink.ask"),
      icsYours: personal ? t(lang, "icsLink.yours", { date: formatDate(dateIn(view.icsValidUntil ?? view.now, m.timeZone)) }) : "",
      retry: t(lang, "booking.retry"),
      change: t(lang, "booked.change"),
      changeMeeting: t(lang, "booked.changeMeeting"),
      changeMeetingError: t(lang, "booked.changeMeeting.error"),
      newDate: t(lang, "booked.newDate"),
      newTime: t(lang, "booked.newTime"),
      move: t(lang, "booked.move"),
      cancel: t(lang, "booked.cancel"),
      replan: t(lang, "booked.replan"),
      cancelYes: t(lang, "meeting.cancelYes"),
      cancelKeep: t(lang, "meeting.cancelKeep"),
    },
    mentorshipId: m.id,
    notice: view.notice ?? "",
    error: view.error ?? "",
    lines: failed ? [] : shown.map((x) => ({ text: meetingLine(m, x, plan.slot.minutes), cancelled: x.status === "cancelled" })),
    icsUrl: personal,
    icsAsk: local && !failed && !personal,
    retry: failed,
    replan: plan.status === "booked" && !asking,
    changeChoices: failed || asking ? [] : upcoming.map((x) => ({ title: meetingLine(m, x), value: x.key })),
    confirmText: asking
      ? t(lang, "meeting.cancelAsk", { weekday: weekdayName(m, isoWeekday(asking.date)), date: formatDate(asking.date), time: asking.time, mentee: m.mentee.name })
      : "",
    confirmKey: asking?.key ?? "",
  };
  return expand(bookingTemplate, data);
}

// ─── agenda ──────────────────────────────────────────────────────────────────────────────────

interface AgendaInputView {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly max: number;
  readonly error: string;
}

export interface AgendaCardData {
  readonly t: Readonly<Record<string, string>>;
  readonly mentorshipId: string;
  readonly meetingKey: string;
  readonly editable: boolean;
  readonly notice: string;
  readonly error: string;
  readonly sections: readonly { heading: string; hint: string; inputs: readonly AgendaInputView[] }[];
}

/** Input ids of point 4: each party's own fields, named by party so the server knows whose they are. */
export const FeedbackInputIds = {
  mentor: { how: "mentorFeedbackHow", worked: "mentorFeedbackWorked", better: "mentorFeedbackBetter" },
  mentee: { how: "menteeFeedbackHow", worked: "menteeFeedbackWorked", better: "menteeFeedbackBetter" },
} as const;

export interface AgendaView {
  readonly notice?: string | undefined;
  readonly error?: string | undefined;
  readonly readOnly?: boolean | undefined;
  /** Headings and the meeting's date only, no field contents: for someone in the chat who is not a party. */
  readonly headingsOnly?: boolean | undefined;
}

/** The programme's example themes as suggestions for the meeting's theme (issue 12); none: no line. */
function themeHint(m: Mentorship): string {
  const themes = policyOf(m).themes.map((x) => x[m.language]).filter((x) => x.trim() !== "");
  return themes.length > 0 ? t(m.language, "agenda.themeSuggestions", { themes: themes.join(" · ") }) : "";
}

export function renderAgendaCard(m: Mentorship, meeting: Meeting, view: AgendaView = {}): AdaptiveCard {
  const lang = m.language;
  const a = meeting.agenda;
  const names = { mentor: m.mentor.name, mentee: m.mentee.name };
  const input = (id: string, label: string, value: string, limit: AgendaField): AgendaInputView => ({
    id,
    label,
    value,
    max: AgendaLimits[limit],
    error: t(lang, "agreement.tooLong", { max: AgendaLimits[limit] }),
  });
  const feedbackInputs = (["mentor", "mentee"] as const).flatMap((p) => [
    input(FeedbackInputIds[p].how, t(lang, "agenda.feedbackHow", { name: names[p] }), a.feedback[p].how, "feedbackHow"),
    input(FeedbackInputIds[p].worked, t(lang, "agenda.feedbackWorked", { name: names[p] }), a.feedback[p].worked, "feedbackWorked"),
    input(FeedbackInputIds[p].better, t(lang, "agenda.feedbackBetter", { name: names[p] }), a.feedback[p].better, "feedbackBetter"),
  ]);
  const data: AgendaCardData = {
    t: {
      title: t(lang, "agenda.title", { date: formatDate(meeting.date), time: meeting.time }),
      subtitle: t(lang, "agenda.subtitle", { ...names, week: meeting.isoWeek }),
      onlyParties: t(lang, "agenda.onlyParties", names),
      save: t(lang, "agenda.save"),
      empty: t(lang, "agreement.empty"),
    },
    mentorshipId: m.id,
    meetingKey: meeting.key,
    editable: !view.readOnly && !view.headingsOnly && meeting.status !== "cancelled",
    notice: view.notice ?? "",
    error: view.error ?? "",
    sections: [
      {
        heading: t(lang, "agenda.p1"),
        hint: t(lang, "agenda.p1.hint", names),
        inputs: [
          input("howIsMentee", t(lang, "agenda.howIsMentee", names), a.howIsMentee, "howIsMentee"),
          input("experience", t(lang, "agenda.experience"), a.experience, "experience"),
        ],
      },
      {
        heading: t(lang, "agenda.p2"),
        hint: [a.carriedPreparation ? t(lang, "agenda.p2.hint", { text: a.carriedPreparation }) : "", themeHint(m)].filter(Boolean).join("\n\n"),
        inputs: [input("theme", t(lang, "agenda.theme"), a.theme, "theme"), input("learningGoal", t(lang, "agenda.learningGoal"), a.learningGoal, "learningGoal")],
      },
      { heading: t(lang, "agenda.p3"), hint: "", inputs: [input("summary", t(lang, "agenda.summary", names), a.summary, "summary")] },
      { heading: t(lang, "agenda.p4"), hint: t(lang, "agenda.p4.hint"), inputs: feedbackInputs },
      {
        heading: t(lang, "agenda.p5"),
        hint: "",
        inputs: [
          input("nextTheme", t(lang, "agenda.nextTheme"), a.nextTheme, "nextTheme"),
          input("nextLearningGoal", t(lang, "agenda.nextLearningGoal"), a.nextLearningGoal, "nextLearningGoal"),
          input("nextPreparation", t(lang, "agenda.nextPreparation"), a.nextPreparation, "nextPreparation"),
        ],
      },
    ],
  };
  if (view.headingsOnly) return expand(agendaTemplate, { ...data, sections: data.sections.map((x) => ({ heading: x.heading, hint: "", inputs: [] })) });
  return expand(agendaTemplate, data);
}

// ─── did it take place? ──────────────────────────────────────────────────────────────────────

export interface HeldCardData {
  readonly t: Readonly<Record<string, string>>;
  readonly mentorshipId: string;
  readonly meetingKey: string;
  readonly open: boolean;
  readonly notice: string;
  readonly error: string;
}

export function renderHeldCard(m: Mentorship, meeting: Meeting, view: { notice?: string; error?: string; open: boolean }): AdaptiveCard {
  const lang = m.language;
  const data: HeldCardData = {
    t: {
      title: t(lang, "held.title", { date: formatDate(meeting.date) }),
      intro: t(lang, "held.intro"),
      held: t(lang, "held.held"),
      notHeld: t(lang, "held.notHeld"),
      moved: t(lang, "held.moved"),
    },
    mentorshipId: m.id,
    meetingKey: meeting.key,
    open: view.open,
    notice: view.notice ?? "",
    error: view.error ?? "",
  };
  return expand(heldTemplate, data);
}
