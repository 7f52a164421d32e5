import type { AgendaInput } from "../domain/agenda";
import { pointOneFilled, anythingFilled } from "../domain/agenda";
import type { Slot } from "../domain/cadence";
import { zonedToUtc } from "../domain/calendarMath";
import { formatDateTime } from "../domain/dates";
import {
  type HeldOutcome,
  type Meeting,
  type MeetingPlan,
  agendaDueAt,
  agendaPosted,
  bookingFailed,
  bookingSucceeded,
  cancelMeeting,
  meetingsFromPlan,
  moveMeeting,
  planMeetings,
  previousRecord,
  recordHeld,
  retryBooking,
  saveAgenda,
} from "../domain/meetings";
import { type Mentorship, partyOf, waitingFor } from "../domain/mentorship";
import { type Result, fail, ok } from "../domain/result";
import type { Logger } from "../log";
import { type CalendarPort, CalendarError, type CalendarPerson } from "../ports/calendar";
import type { Clock } from "../ports/clock";
import type { Job, JobStore } from "../ports/jobs";
import type { MentorshipStore, Stored } from "../ports/store";
import type { Actor } from "./actor";
import { type Attempt, type RetryPolicy, defaultRetryPolicy, withOptimisticRetry } from "./optimistic";

/** What the meetings need to say things in the chat; the bot renders the cards. */
export interface MeetingEvents {
  bookingFinished(m: Mentorship, plan: MeetingPlan, meetings: readonly Meeting[]): Promise<void>;
  agendaDue(m: Mentorship, meeting: Meeting): Promise<string | null>;
  pointOneReminder(m: Mentorship, meeting: Meeting): Promise<void>;
  heldCheck(m: Mentorship, meeting: Meeting): Promise<void>;
  agreementReminder(m: Mentorship): Promise<void>;
}

export interface MeetingDeps {
  readonly store: MentorshipStore;
  readonly calendar: CalendarPort;
  readonly jobs: JobStore;
  readonly clock: Clock;
  readonly log: Logger;
  /** People's e-mail addresses for invitations: from Graph in production, the roster locally. */
  readonly directory: (tenantId: string, aadObjectId: string) => Promise<{ email: string; name: string } | null>;
  readonly texts: (m: Mentorship) => { subject: string; bodyHtml: string };
  readonly retry?: RetryPolicy;
  /** Days before an unaccepted agreement is nudged. */
  readonly agreementNudgeDays?: number;
  /** Told after every saved change (keeps the overview's summary current). */
  readonly onChanged?: (tenantId: string, mentorshipId: string) => Promise<void>;
}

const POINT_ONE_REMINDER_MS = 2 * 3600_000;
const HELD_CHECK_AFTER_MS = 2 * 3600_000;
/** How long after a meeting's end "did it take place?" is still worth asking (a job run late after downtime). */
export const HELD_CHECK_WINDOW_MS = 7 * 86_400_000;
/** Longer than any one send of a card takes: an older intent without a posted mark belongs to an attempt that died. */
export const AGENDA_SEND_WINDOW_MS = 2 * 60_000;

const startOf = (meeting: Meeting): number => new Date(meeting.startUtc).getTime();
const endOf = (meeting: Meeting): number => startOf(meeting) + meeting.minutes * 60_000;

export class MeetingService {
  private events: MeetingEvents | null = null;
  private readonly retryPolicy: RetryPolicy;

  constructor(private readonly deps: MeetingDeps) {
    this.retryPolicy = deps.retry ?? defaultRetryPolicy;
  }

  private async changed(tenantId: string, mentorshipId: string): Promise<void> {
    await this.deps.onChanged?.(tenantId, mentorshipId);
  }

  /** The chat side is wired after construction: the bot needs this service, and this service talks back through the bot. */
  connect(events: MeetingEvents): void {
    this.events = events;
  }

  private get chat(): MeetingEvents {
    if (!this.events) throw new Error("MeetingService used before connect()");
    return this.events;
  }

  private async mutate<T>(tenantId: string, id: string, transition: (m: Stored<Mentorship>) => Result<{ mentorship: Mentorship; value: T }>): Promise<Result<T>> {
    const outcome = await withOptimisticRetry<Result<T>>(async (): Promise<Attempt<Result<T>>> => {
      const stored = await this.deps.store.getMentorship(tenantId, id);
      if (!stored) return { kind: "done", value: fail("MENTORSHIP_NOT_FOUND") };
      const r = transition(stored);
      if (!r.ok) return { kind: "done", value: r };
      return { kind: "write", value: ok(r.value.value), save: () => this.deps.store.saveMentorship(r.value.mentorship, stored.etag) };
    }, this.retryPolicy);
    if (outcome?.ok) await this.changed(tenantId, id);
    return outcome ?? fail("BUSY_TRY_AGAIN");
  }

  private async mutateMeeting(tenantId: string, mentorshipId: string, key: string, transition: (m: Mentorship, meeting: Meeting, all: Stored<Meeting>[]) => Result<Meeting>): Promise<Result<{ mentorship: Mentorship; meeting: Meeting }>> {
    const outcome = await withOptimisticRetry<Result<{ mentorship: Mentorship; meeting: Meeting }>>(async () => {
      const m = await this.deps.store.getMentorship(tenantId, mentorshipId);
      if (!m) return { kind: "done", value: fail("MENTORSHIP_NOT_FOUND") };
      const all = await this.deps.store.listMeetings(tenantId, mentorshipId);
      const stored = all.find((x) => x.value.key === key);
      if (!stored) return { kind: "done", value: fail("MEETING_NOT_FOUND") };
      const r = transition(m.value, stored.value, all);
      if (!r.ok) return { kind: "done", value: r };
      return { kind: "write", value: ok({ mentorship: m.value, meeting: r.value }), save: () => this.deps.store.saveMeeting(tenantId, r.value, stored.etag) };
    }, this.retryPolicy);
    if (outcome?.ok) await this.changed(tenantId, mentorshipId);
    return outcome ?? fail("BUSY_TRY_AGAIN");
  }

  // ─── the agreement nudge ─────────────────────────────────────────────────────────────────────

  /** Called when the agreement card is posted: if it is not agreed within N days, both are nudged. */
  async agreementPosted(m: Mentorship): Promise<void> {
    const days = this.deps.agreementNudgeDays ?? 7;
    await this.schedule({ kind: "reminder.agreement", m, dueAt: new Date(this.deps.clock.now().getTime() + days * 86_400_000), key: "agreement" });
  }

  // ─── planning and booking ────────────────────────────────────────────────────────────────────

  async recordPlanCard(tenantId: string, mentorshipId: string, activityId: string): Promise<void> {
    await this.mutate(tenantId, mentorshipId, ({ value }) => ok({ mentorship: { ...value, planActivityId: activityId }, value: null }));
  }

  async recordBookingCard(tenantId: string, mentorshipId: string, activityId: string): Promise<void> {
    await this.mutate(tenantId, mentorshipId, ({ value }) => ok({ mentorship: { ...value, bookingActivityId: activityId }, value: null }));
  }

  /**
   * The mentor books: the plan is saved at once (status "booking") and the calendar work runs in
   * the background, so the card's invoke is answered without waiting on Graph. `done` settles when
   * the booking has finished (tests await it; the bot does not).
   */
  async book(actor: Actor, mentorshipId: string, slot: Slot, leadHours: number): Promise<{ result: Result<Mentorship>; done: Promise<void> }> {
    const result = await this.mutate(actor.tenantId, mentorshipId, ({ value }) => {
      const r = planMeetings(value, actor.aadObjectId, slot, this.deps.clock.now(), value.meetingPlan ?? null);
      if (!r.ok) return r;
      const mentorship = { ...value, meetingPlan: { ...r.value, agendaLeadHours: leadHours } };
      return ok({ mentorship, value: mentorship });
    });
    return { result, done: result.ok ? this.completeBooking(actor.tenantId, mentorshipId) : Promise.resolve() };
  }

  async retryBooking(actor: Actor, mentorshipId: string): Promise<{ result: Result<Mentorship>; done: Promise<void> }> {
    const result = await this.mutate(actor.tenantId, mentorshipId, ({ value }) => {
      if (partyOf(value, actor.aadObjectId) === null) return fail("NOT_A_PARTY");
      if (!value.meetingPlan) return fail("WRONG_PHASE", { phase: value.phase });
      const r = retryBooking(value.meetingPlan);
      if (!r.ok) return r;
      const mentorship = { ...value, meetingPlan: r.value };
      return ok({ mentorship, value: mentorship });
    });
    return { result, done: result.ok ? this.completeBooking(actor.tenantId, mentorshipId) : Promise.resolve() };
  }

  private async person(tenantId: string, p: { aadObjectId: string; name: string }): Promise<CalendarPerson> {
    const found = await this.deps.directory(tenantId, p.aadObjectId);
    return { aadObjectId: p.aadObjectId, email: found?.email ?? "", name: found?.name ?? p.name };
  }

  /** Books the saved plan in the calendar; never throws — a failure leaves "booking failed" and a retry button. */
  async completeBooking(tenantId: string, mentorshipId: string): Promise<void> {
    const stored = await this.deps.store.getMentorship(tenantId, mentorshipId);
    const plan = stored?.value.meetingPlan;
    if (!stored || !plan || plan.status !== "booking") return;
    const m = stored.value;
    let next: MeetingPlan;
    try {
      const booked = await this.deps.calendar.book({
        tenantId,
        mentorshipId,
        planVersion: plan.version,
        organizer: await this.person(tenantId, m.mentor),
        attendee: await this.person(tenantId, m.mentee),
        ...this.deps.texts(m),
        series: plan.series,
      });
      next = bookingSucceeded(plan, booked.series);
      this.deps.log.info("booking.done", { mentorshipId, roundTrips: booked.roundTrips, requests: booked.requests });
    } catch (err) {
      const code = err instanceof CalendarError ? err.code : "UNAVAILABLE";
      this.deps.log.warn("booking.failed", { mentorshipId, code });
      next = bookingFailed(plan, code);
    }

    const meetings = next.status === "booked" ? meetingsFromPlan(mentorshipId, next) : [];
    const saved = await withOptimisticRetry<Mentorship | null>(async () => {
      const fresh = await this.deps.store.getMentorship(tenantId, mentorshipId);
      if (!fresh || fresh.value.meetingPlan?.version !== plan.version || fresh.value.meetingPlan.status !== "booking") return { kind: "done", value: null };
      const mentorship = { ...fresh.value, meetingPlan: next };
      const save = next.status === "booked" ? () => this.deps.store.replacePlannedMeetings(mentorship, fresh.etag, meetings) : () => this.deps.store.saveMentorship(mentorship, fresh.etag);
      return { kind: "write", value: mentorship, save };
    }, this.retryPolicy);
    if (!saved) return;
    if (next.status === "booked") await this.cancelSuperseded(saved, next);
    await this.changed(tenantId, mentorshipId);
    if (next.status === "booked") await this.scheduleMeetingJobs(saved, next);
    const all = (await this.deps.store.listMeetings(tenantId, mentorshipId)).map((x) => x.value);
    await this.chat.bookingFinished(saved, next, all);
  }

  /** A new regular time replaces the old series: they are cancelled in the calendar (the pair is told by Graph). */
  private async cancelSuperseded(m: Mentorship, plan: MeetingPlan): Promise<void> {
    // After a change of mentor the old series live in the former mentor's calendar.
    const organizer = await this.person(m.tenantId, plan.supersededOrganizer ?? m.mentor);
    for (const old of plan.supersedes ?? []) {
      try {
        await this.deps.calendar.cancelSeries(m.tenantId, organizer, old.eventId, "");
      } catch (err) {
        this.deps.log.warn("series.cancel.failed", { mentorshipId: m.id, code: err instanceof CalendarError ? err.code : "unknown" });
      }
    }
  }

  private jobOf(input: { kind: Job["kind"]; m: Mentorship; dueAt: Date; key: string }): Job {
    return {
      id: `${input.m.tenantId}:${input.m.id}:${input.kind}:${input.key}`,
      kind: input.kind,
      tenantId: input.m.tenantId,
      mentorshipId: input.m.id,
      dueAt: input.dueAt.toISOString(),
      payload: { meetingKey: input.key },
    };
  }

  private async schedule(input: { kind: Job["kind"]; m: Mentorship; dueAt: Date; key: string }): Promise<void> {
    await this.deps.jobs.schedule(this.jobOf(input));
  }

  /** All of a booking's jobs at once: a Kristiansand booking is 54 jobs, a few transactions instead of ~160 requests. */
  private async scheduleMeetingJobs(m: Mentorship, plan: MeetingPlan): Promise<void> {
    const now = this.deps.clock.now().getTime();
    const jobs: Job[] = [];
    for (const { value: meeting } of await this.deps.store.listMeetings(m.tenantId, m.id)) {
      if (meeting.status !== "planned") continue;
      const start = startOf(meeting);
      if (start <= now) continue;
      jobs.push(
        this.jobOf({ kind: "agenda.post", m, dueAt: new Date(Math.max(now, agendaDueAt(meeting, plan.agendaLeadHours).getTime())), key: meeting.key }),
        this.jobOf({ kind: "reminder.pointOne", m, dueAt: new Date(Math.max(now, start - POINT_ONE_REMINDER_MS)), key: meeting.key }),
        this.jobOf({ kind: "reminder.heldCheck", m, dueAt: new Date(start + meeting.minutes * 60_000 + HELD_CHECK_AFTER_MS), key: meeting.key }),
      );
    }
    await this.deps.jobs.scheduleMany(jobs);
  }

  // ─── due jobs ────────────────────────────────────────────────────────────────────────────────

  /**
   * The scheduler's handlers. Each re-reads and does nothing when the reason has gone — including
   * time: after downtime a job may run days late, and a reminder about a meeting long past is noise.
   */
  handlers(): Record<Job["kind"], (job: Job) => Promise<void>> {
    return {
      "agenda.post": (job) => this.postAgenda(job),
      "reminder.pointOne": (job) => this.onMeetingJob(job, async (m, meeting, now) => {
        if (meeting.status !== "planned" || pointOneFilled(meeting.agenda)) return;
        // "Point 1 is still empty" is about preparing: once the meeting has begun it is too late.
        if (now.getTime() >= startOf(meeting)) return this.skippedAsPast(job);
        await this.chat.pointOneReminder(m, meeting);
      }),
      "reminder.heldCheck": (job) => this.onMeetingJob(job, async (m, meeting, now) => {
        if (meeting.status !== "planned" || anythingFilled(meeting.agenda)) return;
        // Asked weeks later, nobody remembers; the meeting then stays "planned" rather than guessed.
        if (now.getTime() > endOf(meeting) + HELD_CHECK_WINDOW_MS) return this.skippedAsPast(job);
        await this.chat.heldCheck(m, meeting);
      }),
      "reminder.agreement": async (job) => {
        const m = await this.deps.store.getMentorship(job.tenantId, job.mentorshipId);
        if (m && !m.value.pausedAt && m.value.phase === "startUp" && waitingFor(m.value).length > 0) await this.chat.agreementReminder(m.value);
      },
    };
  }

  private skippedAsPast(job: Job): void {
    this.deps.log.info("job.skipped.past", { jobId: job.id, kind: job.kind, tenantId: job.tenantId, mentorshipId: job.mentorshipId });
  }

  private async onMeetingJob(job: Job, run: (m: Mentorship, meeting: Meeting, now: Date) => Promise<void>): Promise<void> {
    const m = await this.deps.store.getMentorship(job.tenantId, job.mentorshipId);
    if (!m || m.value.pausedAt) return; // a paused mentorship is left alone
    const meeting = await this.deps.store.getMeeting(job.tenantId, job.mentorshipId, String(job.payload["meetingKey"]));
    if (meeting) await run(m.value, meeting.value, this.deps.clock.now());
  }

  private async postAgenda(job: Job): Promise<void> {
    const outcome = await this.postAgendaOf(job.tenantId, job.mentorshipId, String(job.payload["meetingKey"]));
    if (outcome === "past") this.skippedAsPast(job);
  }

  /**
   * After a pause: the agendas that fell due meanwhile, for meetings still to come, are posted now
   * (their scheduled posting passed while nothing was posted).
   */
  async resumed(tenantId: string, mentorshipId: string): Promise<void> {
    const m = await this.deps.store.getMentorship(tenantId, mentorshipId);
    const plan = m?.value.meetingPlan;
    if (!m || m.value.pausedAt || !plan) return;
    const now = this.deps.clock.now().getTime();
    for (const { value: meeting } of await this.deps.store.listMeetings(tenantId, mentorshipId)) {
      const due = agendaDueAt(meeting, plan.agendaLeadHours).getTime();
      if (meeting.status === "planned" && meeting.agendaPostedAt === null && due <= now && startOf(meeting) > now) {
        await this.postAgendaOf(tenantId, mentorshipId, meeting.key);
      }
    }
  }

  /**
   * Posts a meeting's agenda card at most once, across crashes and instances. The intent
   * (agendaPostingAt) is saved, ETag-conditionally, before the send, so of two posters only one
   * sends; the posted mark and the card's id are saved after it. A crash between the two leaves an
   * intent without a mark, and nobody can tell whether the card reached the chat (the Bot Connector
   * neither deduplicates nor lets a bot read a Teams chat back): the retry does not send again, it
   * records the agenda as posted without a card id and warns. The price is the window between saving
   * the intent and the request reaching the connector: a crash exactly there loses that agenda (the
   * point-1 reminder and the held check still come). A send that fails with an error is taken as not
   * delivered: the intent is withdrawn and the job's retry sends again.
   */
  private async postAgendaOf(tenantId: string, mentorshipId: string, key: string): Promise<"posted" | "past" | "skipped"> {
    const m = await this.deps.store.getMentorship(tenantId, mentorshipId);
    if (!m || m.value.pausedAt) return "skipped";
    const all = await this.deps.store.listMeetings(tenantId, mentorshipId);
    const stored = all.find((x) => x.value.key === key);
    if (!stored || stored.value.status !== "planned" || stored.value.agendaPostedAt !== null) return "skipped";
    const now = this.deps.clock.now();
    // An agenda is for preparing: once the meeting has begun (the app was down when it fell due), it is not posted.
    if (startOf(stored.value) <= now.getTime()) return "past";
    const previous = previousRecord(all.map((x) => x.value), stored.value);
    const begun = stored.value.agendaPostingAt;
    if (begun) {
      await this.settleUnfinishedPost(tenantId, mentorshipId, key, begun, previous, now);
      return "skipped";
    }

    const startedAt = now.toISOString();
    const mine = await this.markMeeting(tenantId, mentorshipId, key, (current) =>
      current.status === "planned" && current.agendaPostedAt === null && !current.agendaPostingAt ? { ...current, agendaPostingAt: startedAt } : null,
    );
    if (!mine) return "skipped"; // another poster saved its intent first: the post is theirs

    let activityId: string | null;
    try {
      activityId = await this.chat.agendaDue(m.value, agendaPosted(stored.value, previous, "", now));
    } catch (err) {
      try {
        await this.markMeeting(tenantId, mentorshipId, key, (current) =>
          current.agendaPostingAt === startedAt && current.agendaPostedAt === null ? { ...current, agendaPostingAt: null } : null,
        );
      } catch (clearErr) {
        // The intent stays: the retry then treats the post as uncertain and does not send again.
        this.deps.log.warn("agenda.post.intentKept", { tenantId, mentorshipId, error: clearErr instanceof Error ? clearErr.name : "unknown" });
      }
      throw err;
    }
    // Our own intent, even if a retry meanwhile took the post for uncertain: the card's id is known now.
    // One row re-read, not the whole mentorship: under a backlog every request counts.
    const saved = await this.markMeeting(tenantId, mentorshipId, key, (current) =>
      current.agendaPostingAt !== startedAt || (current.agendaPostedAt !== null && current.agendaActivityId) ? null : agendaPosted(current, previous, activityId ?? "", now),
    );
    if (saved) await this.changed(tenantId, mentorshipId);
    return "posted";
  }

  /** A post that was begun and never marked done: recorded as posted, never sent again (see postAgendaOf). */
  private async settleUnfinishedPost(tenantId: string, mentorshipId: string, key: string, begun: string, previous: Meeting | null, now: Date): Promise<void> {
    // Younger than a send can take: another instance (or a resume) is sending it right now.
    if (now.getTime() - Date.parse(begun) < AGENDA_SEND_WINDOW_MS) return;
    this.deps.log.warn("agenda.post.uncertain", { tenantId, mentorshipId });
    const r = await this.mutateMeeting(tenantId, mentorshipId, key, (_m, current) =>
      current.agendaPostedAt !== null || current.agendaPostingAt !== begun ? fail("NO_CHANGES") : ok(agendaPosted(current, previous, "", new Date(begun))),
    );
    if (!r.ok && r.error.code !== "NO_CHANGES") this.deps.log.warn("agenda.post.save", { code: r.error.code });
  }

  /** A conditional write of one meeting row that nothing on the overview shows (no summary refresh). True if saved. */
  private async markMeeting(tenantId: string, mentorshipId: string, key: string, change: (current: Meeting) => Meeting | null): Promise<boolean> {
    const saved = await withOptimisticRetry<boolean>(async (): Promise<Attempt<boolean>> => {
      const stored = await this.deps.store.getMeeting(tenantId, mentorshipId, key);
      const next = stored ? change(stored.value) : null;
      if (!stored || !next) return { kind: "done", value: false };
      return { kind: "write", value: true, save: () => this.deps.store.saveMeeting(tenantId, next, stored.etag) };
    }, this.retryPolicy);
    return saved === true;
  }

  // ─── agenda, held, changes ───────────────────────────────────────────────────────────────────

  async meetings(tenantId: string, mentorshipId: string): Promise<Meeting[]> {
    return (await this.deps.store.listMeetings(tenantId, mentorshipId)).map((x) => x.value);
  }

  async saveAgenda(actor: Actor, mentorshipId: string, key: string, input: AgendaInput) {
    return this.mutateMeeting(actor.tenantId, mentorshipId, key, (m, meeting) => saveAgenda(m, meeting, actor.aadObjectId, input, this.deps.clock.now()));
  }

  async recordHeld(actor: Actor, mentorshipId: string, key: string, outcome: HeldOutcome) {
    return this.mutateMeeting(actor.tenantId, mentorshipId, key, (m, meeting) => recordHeld(m, meeting, actor.aadObjectId, outcome));
  }

  private async occurrence(m: Mentorship, meeting: Meeting) {
    const series = m.meetingPlan?.booked.find((b) => b.key === meeting.seriesKey);
    if (!series) return null;
    return {
      tenantId: m.tenantId,
      organizer: await this.person(m.tenantId, m.mentor),
      seriesEventId: series.eventId,
      date: meeting.originalDate,
      timeZone: m.timeZone as "Europe/Copenhagen" | "Europe/Oslo",
    };
  }

  /** The mentor cancels one meeting: in the calendar first, then here; the chat is told by the caller. */
  async cancel(actor: Actor, mentorshipId: string, key: string): Promise<Result<{ mentorship: Mentorship; meeting: Meeting }>> {
    const m = await this.deps.store.getMentorship(actor.tenantId, mentorshipId);
    const meeting = m && (await this.deps.store.getMeeting(actor.tenantId, mentorshipId, key));
    if (!m || !meeting) return fail("MEETING_NOT_FOUND");
    const check = cancelMeeting(m.value, meeting.value, actor.aadObjectId);
    if (!check.ok) return check;
    const ref = await this.occurrence(m.value, meeting.value);
    try {
      if (ref) await this.deps.calendar.cancelOccurrence(ref, "");
    } catch (err) {
      this.deps.log.warn("meeting.cancel.calendar", { code: err instanceof CalendarError ? err.code : "unknown" });
      return fail("BUSY_TRY_AGAIN");
    }
    await this.deps.jobs.cancel(`${m.value.tenantId}:${m.value.id}:agenda.post:${key}`);
    return this.mutateMeeting(actor.tenantId, mentorshipId, key, (mm, current) => cancelMeeting(mm, current, actor.aadObjectId));
  }

  async move(actor: Actor, mentorshipId: string, key: string, to: { date: string; time: string }): Promise<Result<{ mentorship: Mentorship; meeting: Meeting; from: Meeting }>> {
    const m = await this.deps.store.getMentorship(actor.tenantId, mentorshipId);
    const meeting = m && (await this.deps.store.getMeeting(actor.tenantId, mentorshipId, key));
    if (!m || !meeting) return fail("MEETING_NOT_FOUND");
    const now = this.deps.clock.now();
    const zone = (d: string, t: string) => zonedToUtc(d, t, m.value.timeZone);
    const check = moveMeeting(m.value, meeting.value, actor.aadObjectId, to, now, zone);
    if (!check.ok) return check;
    const ref = await this.occurrence(m.value, meeting.value);
    try {
      if (ref) await this.deps.calendar.moveOccurrence(ref, { date: to.date, time: to.time, minutes: meeting.value.minutes });
    } catch (err) {
      this.deps.log.warn("meeting.move.calendar", { code: err instanceof CalendarError ? err.code : "unknown" });
      return fail("BUSY_TRY_AGAIN");
    }
    const r = await this.mutateMeeting(actor.tenantId, mentorshipId, key, (mm, current) => moveMeeting(mm, current, actor.aadObjectId, to, now, zone));
    if (!r.ok) return r;
    const plan = r.value.mentorship.meetingPlan;
    if (plan) {
      const start = new Date(r.value.meeting.startUtc).getTime();
      await this.schedule({ kind: "agenda.post", m: r.value.mentorship, dueAt: new Date(Math.max(now.getTime(), agendaDueAt(r.value.meeting, plan.agendaLeadHours).getTime())), key });
      await this.schedule({ kind: "reminder.pointOne", m: r.value.mentorship, dueAt: new Date(Math.max(now.getTime(), start - POINT_ONE_REMINDER_MS)), key });
      await this.schedule({ kind: "reminder.heldCheck", m: r.value.mentorship, dueAt: new Date(start + r.value.meeting.minutes * 60_000 + HELD_CHECK_AFTER_MS), key });
    }
    return ok({ ...r.value, from: meeting.value });
  }

  /** "Find a time when we are both free": the weekday and hour free for both on most weeks ahead. */
  async suggestSlot(actor: Actor, mentorshipId: string, current: Slot): Promise<Result<Slot | null>> {
    const m = await this.deps.store.getMentorship(actor.tenantId, mentorshipId);
    if (!m) return fail("MENTORSHIP_NOT_FOUND");
    if (partyOf(m.value, actor.aadObjectId) !== "mentor") return fail(partyOf(m.value, actor.aadObjectId) ? "MENTOR_ONLY" : "NOT_A_PARTY");
    const organizer = await this.person(actor.tenantId, m.value.mentor);
    const mentee = await this.person(actor.tenantId, m.value.mentee);
    const start = new Date(this.deps.clock.now().getTime() + 86_400_000);
    start.setUTCHours(0, 0, 0, 0);
    const end = new Date(start.getTime() + 14 * 86_400_000);
    const zone = m.value.timeZone as "Europe/Copenhagen" | "Europe/Oslo";
    const views = await this.deps.calendar.freeBusy({ tenantId: actor.tenantId, organizer, people: [organizer, mentee], startUtc: start.toISOString(), endUtc: end.toISOString(), timeZone: zone, intervalMinutes: 30 });
    return ok(bestCommonSlot(views.map((v) => v.availabilityView), start, zone, current));
  }

  formatStart(m: Mentorship, meeting: Meeting): string {
    return formatDateTime(new Date(meeting.startUtc), m.timeZone);
  }
}

/**
 * Picks the weekday/time (08:00–16:00 local, on the half hour) that is free ("0") for everyone on
 * the most days in the window, preferring the current choice on ties. Null when nothing is free.
 */
export function bestCommonSlot(views: readonly string[], windowStartUtc: Date, zone: string, current: Slot): Slot | null {
  const scores = new Map<string, number>();
  const intervals = Math.min(...views.map((v) => v.length));
  const needed = Math.ceil(current.minutes / 30);
  for (let i = 0; i + needed <= intervals; i++) {
    const at = new Date(windowStartUtc.getTime() + i * 30 * 60_000);
    const local = new Intl.DateTimeFormat("en-GB", { timeZone: zone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(at);
    const part = (t: string) => local.find((p) => p.type === t)?.value ?? "";
    const weekday = ["Mon", "Tue", "Wed", "Thu", "Fri"].indexOf(part("weekday")) + 1;
    const time = `${part("hour")}:${part("minute")}`;
    if (weekday < 1 || time < "08:00" || time > "16:00") continue;
    const free = views.every((v) => v.slice(i, i + needed).split("").every((c) => c === "0"));
    if (!free) continue;
    const key = `${weekday}|${time}`;
    scores.set(key, (scores.get(key) ?? 0) + 1);
  }
  let best: { key: string; score: number } | null = null;
  const currentKey = `${current.weekday}|${current.time}`;
  for (const [key, score] of scores) {
    if (!best || score > best.score || (score === best.score && key === currentKey)) best = { key, score };
  }
  if (!best) return null;
  const [weekday, time] = best.key.split("|") as [string, string];
  return { weekday: Number(weekday) as Slot["weekday"], time, minutes: current.minutes };
}
