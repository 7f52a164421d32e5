import type { AgendaInput } from "../../domain/agenda";
import { pointOneFilled, anythingFilled } from "../../domain/agenda";
import type { Slot } from "../../domain/cadence";
import { zonedToUtc } from "../../domain/calendarMath";
import {
  type HeldOutcome,
  type Meeting,
  type MeetingPlan,
  agendaDueAt,
  agendaPosted,
  bookingFailed,
  bookingSucceeded,
  cancelMeeting,
  followUpsDone,
  followUpsPending,
  meetingsFromPlan,
  moveMeeting,
  planMeetingKeys,
  planMeetings,
  previousRecord,
  recordHeld,
  resumeBooking,
  retryBooking,
  saveAgenda,
} from "../../domain/meetings";
import { type Mentorship, partyOf, waitingFor } from "../../domain/mentorship";
import { type Result, fail, ok } from "../../domain/result";
import type { Logger } from "../../log";
import { type CalendarPort, CalendarError, type CalendarPerson, type SeriesEnding } from "../../ports/calendar";
import type { Clock } from "../../ports/clock";
import type { Job, JobStore } from "../../ports/jobs";
import { type MentorshipStore, type SaveOutcome, type Stored, StorageUnavailableError } from "../../ports/store";
import type { ChatDelivery } from "../../ports/chat";
import type { Actor } from "../actor";
import { mutateMentorship, stateOnly } from "../mutate";
import { type Attempt, type RetryPolicy, defaultRetryPolicy, withOptimisticRetry } from "../optimistic";
import type { ChangeListener, SavedState } from "../summaries";
import type { JobKindSpec } from "../jobs/registry";

export interface MeetingDeps {
  readonly store: MentorshipStore;
  readonly calendar: CalendarPort;
  readonly jobs: JobStore;
  readonly clock: Clock;
  readonly log: Logger;
  /** People's e-mail addresses for invitations: from Graph in production, the roster locally. */
  readonly directory: (tenantId: string, aadObjectId: string) => Promise<{ email: string; name: string } | null>;
  readonly texts: (m: Mentorship) => { subject: string; bodyHtml: string };
  /** The pair's chat: agendas, reminders, the booking's outcome. */
  readonly chat: ChatDelivery;
  readonly retry?: RetryPolicy;
  /** Days before an unaccepted agreement is nudged. */
  readonly agreementNudgeDays?: number;
  /** Told after every saved change (keeps the overview's summary current). */
  readonly onChanged?: ChangeListener;
  /**
   * Storage for the booking's background work (the calendar run, its outcome and follow-ups), with
   * the SDK's full retries; `store` may fail fast for users who wait. Defaults to `store`.
   */
  readonly backgroundStore?: MentorshipStore;
  /** Told when a booking's outcome is in the chat (the preparation welcome then lists the coming meetings). Safe to repeat. */
  readonly booked?: (m: Mentorship, meetings: readonly Meeting[]) => Promise<void>;
  /** Sent with a whole series' cancellation when a mentorship closes (localised); none by default. */
  readonly closedComment?: (m: Mentorship) => string;
  /** After a booked plan's meeting jobs are in place (closing schedules "closing is due" from the last meeting). Safe to repeat. */
  readonly onBooked?: (m: Mentorship, meetings: readonly Meeting[]) => Promise<void>;
  /** After the agreement card was first posted and its nudge scheduled (closing schedules "closing is due"). Safe to repeat. */
  readonly onAgreementPosted?: (m: Mentorship) => Promise<void>;
  /**
   * After an agenda was posted (closing makes sure "closing is due" is in place: a mentorship from
   * before closing existed has none). Safe to repeat; a failure is logged, never the agenda's.
   */
  readonly onAgendaPosted?: (m: Mentorship, meetings: readonly Meeting[]) => Promise<void>;
}

const POINT_ONE_REMINDER_MS = 2 * 3600_000;
const HELD_CHECK_AFTER_MS = 2 * 3600_000;
/**
 * When the follow-up job first runs: the booking's own run does the follow-ups at once, so the job
 * is only the safety net, and late enough not to race it.
 */
const FOLLOW_UP_RETRY_MS = 2 * 60_000;
/** How long after a meeting's end "did it take place?" is still worth asking (a job run late after downtime). */
export const HELD_CHECK_WINDOW_MS = 7 * 86_400_000;
/** Longer than any one send of a card takes: an older intent without a posted mark belongs to an attempt that died. */
export const AGENDA_SEND_WINDOW_MS = 2 * 60_000;

const startOf = (meeting: Meeting): number => new Date(meeting.startUtc).getTime();
const endOf = (meeting: Meeting): number => startOf(meeting) + meeting.minutes * 60_000;

export class MeetingService {
  private readonly retryPolicy: RetryPolicy;

  constructor(private readonly deps: MeetingDeps) {
    this.retryPolicy = deps.retry ?? defaultRetryPolicy;
  }

  private async changed(tenantId: string, mentorshipId: string, saved?: SavedState): Promise<void> {
    await this.deps.onChanged?.(tenantId, mentorshipId, saved);
  }

  private get chat(): ChatDelivery {
    return this.deps.chat;
  }

  private async mutateMeeting(
    tenantId: string,
    mentorshipId: string,
    key: string,
    transition: (m: Mentorship, meeting: Meeting, all: Stored<Meeting>[]) => Result<Meeting>,
    loaded?: Stored<Mentorship> | null,
  ): Promise<Result<{ mentorship: Mentorship; meeting: Meeting }>> {
    // The mentorship is not written here: the state the caller read is good for every attempt.
    const given = loaded?.value.tenantId === tenantId && loaded.value.id === mentorshipId ? loaded : null;
    let all: Stored<Meeting>[] = [];
    const outcome = await withOptimisticRetry<Result<{ mentorship: Mentorship; meeting: Meeting }>>(async () => {
      const m = given ?? (await this.deps.store.getMentorship(tenantId, mentorshipId));
      if (!m) return { kind: "done", value: fail("MENTORSHIP_NOT_FOUND") };
      all = await this.deps.store.listMeetings(tenantId, mentorshipId);
      const stored = all.find((x) => x.value.key === key);
      if (!stored) return { kind: "done", value: fail("MEETING_NOT_FOUND") };
      const r = transition(m.value, stored.value, all);
      if (!r.ok) return { kind: "done", value: r };
      return { kind: "write", value: ok({ mentorship: m.value, meeting: r.value }), save: () => this.deps.store.saveMeeting(tenantId, r.value, stored.etag) };
    }, this.retryPolicy);
    if (outcome?.ok) {
      const { mentorship, meeting } = outcome.value;
      await this.changed(tenantId, mentorshipId, { mentorship, meetings: all.map((x) => (x.value.key === meeting.key ? meeting : x.value)) });
    }
    return outcome ?? fail("BUSY_TRY_AGAIN");
  }

  // ─── the agreement nudge ─────────────────────────────────────────────────────────────────────

  /** Called when the agreement card is posted: if it is not agreed within N days, both are nudged. */
  async agreementPosted(m: Mentorship): Promise<void> {
    const days = this.deps.agreementNudgeDays ?? 7;
    await this.schedule({ kind: "reminder.agreement", m, dueAt: new Date(this.deps.clock.now().getTime() + days * 86_400_000), key: "agreement" });
    await this.deps.onAgreementPosted?.(m);
  }

  // ─── planning and booking ────────────────────────────────────────────────────────────────────

  /**
   * The mentor books: the plan is saved at once (status "booking", with a lease) and the calendar
   * work runs in the background, so the card's invoke is answered without waiting on Graph. `done`
   * settles when the booking has finished (tests await it; the bot does not) and never rejects:
   * what it could not finish, the durable jobs finish.
   */
  async book(actor: Actor, mentorshipId: string, slot: Slot, leadHours: number, loaded?: Stored<Mentorship>): Promise<{ result: Result<Mentorship>; done: Promise<void> }> {
    // What the mentor cancelled is carried into a new regular time. Read once: a cancel in the same
    // instant as the new plan is the one race left, and the mentor made both. A first plan has no
    // meetings yet (they are made only by booking), so nothing is read for it.
    // Read once (unless the click's read is given): the same state starts the plan's first attempt.
    const start = loaded ?? (await this.deps.store.getMentorship(actor.tenantId, mentorshipId)) ?? undefined;
    const planned = start?.value.meetingPlan;
    const existing = planned ? (await this.deps.store.listMeetings(actor.tenantId, mentorshipId)).map((x) => x.value) : [];
    const result = await this.writePlan(this.deps.store, actor.tenantId, mentorshipId, (value) => {
      const now = this.deps.clock.now();
      const previous = value.meetingPlan ?? null;
      // A plan that appeared since `existing` was read (a concurrent first booking): try again from fresh state.
      if (previous && !planned) return fail("BUSY_TRY_AGAIN");
      const ofPrevious = previous ? planMeetingKeys(previous) : new Set<string>();
      const cancelledByMentor = existing.filter((x) => x.status === "cancelled" && x.superseded !== true && ofPrevious.has(x.key));
      const r = planMeetings(value, actor.aadObjectId, slot, now, previous, cancelledByMentor);
      if (!r.ok) return r;
      // Booking (or a new regular time) is the mentor's change: the overview's "last activity".
      return ok({ ...value, lastActivityAt: now.toISOString(), meetingPlan: { ...r.value, agendaLeadHours: leadHours } });
    }, { loaded: start, meetings: existing });
    return { result, done: result.ok ? this.inBackground(actor.tenantId, mentorshipId, this.completeBooking(actor.tenantId, mentorshipId)) : Promise.resolve() };
  }

  /** Try again: after a failure, or when a booking's lease lapsed (its process died before saving the result). */
  async retryBooking(actor: Actor, mentorshipId: string): Promise<{ result: Result<Mentorship>; done: Promise<void> }> {
    const result = await this.writePlan(this.deps.store, actor.tenantId, mentorshipId, (value) => {
      if (partyOf(value, actor.aadObjectId) === null) return fail("NOT_A_PARTY");
      if (!value.meetingPlan) return fail("WRONG_PHASE", { phase: value.phase });
      const r = retryBooking(value.meetingPlan, this.deps.clock.now());
      if (!r.ok) return r;
      return ok({ ...value, meetingPlan: r.value });
    });
    return { result, done: result.ok ? this.inBackground(actor.tenantId, mentorshipId, this.completeBooking(actor.tenantId, mentorshipId)) : Promise.resolve() };
  }

  /**
   * A change of mentor saved a new plan version ("booking"): its resume job is put in place, then
   * it is booked. Never rejects (see book).
   */
  async rebook(tenantId: string, mentorshipId: string): Promise<void> {
    await this.inBackground(tenantId, mentorshipId, (async () => {
      const m = await this.background.getMentorship(tenantId, mentorshipId);
      const plan = m?.value.meetingPlan;
      if (m && plan?.status === "booking" && plan.bookingUntil) await this.scheduleBookingJob("booking.resume", m.value, plan, new Date(plan.bookingUntil));
      await this.completeBooking(tenantId, mentorshipId);
    })());
  }

  /** Background work is not awaited by anyone who could log it: logged here, by ids and error class only. */
  private async inBackground(tenantId: string, mentorshipId: string, work: Promise<void>): Promise<void> {
    try {
      await work;
    } catch (err) {
      this.deps.log.error("background.failed", { tenantId, mentorshipId, error: err instanceof Error ? err.name : "unknown", code: err instanceof StorageUnavailableError ? err.code : undefined });
    }
  }

  /** Storage for work nobody waits on: the SDK's full retries. */
  private get background(): MentorshipStore {
    return this.deps.backgroundStore ?? this.deps.store;
  }

  /**
   * Saves a plan change conditionally, with the plan's durable job written first: a booking's
   * resume job (due when its lease ends) or an outcome's follow-up job. Whatever happens to this
   * process after the save, the scheduler finishes the work; a job whose plan did not get saved
   * finds nothing to do.
   */
  private async writePlan(
    store: MentorshipStore,
    tenantId: string,
    id: string,
    transition: (m: Mentorship) => Result<Mentorship>,
    options: {
      /** Another conditional write than saveMentorship (a booked plan with its meetings). */
      readonly write?: (m: Mentorship, etag: string) => Promise<SaveOutcome>;
      /** The state the caller read: the first attempt starts from it, a conflict reads again. */
      readonly loaded?: Stored<Mentorship> | undefined;
      /** The meetings as they stand after the save, when the caller has them (the summary is made from them). */
      readonly meetings?: readonly Meeting[];
      /** False when the change shows nowhere on the overview (the plan's own bookkeeping): no summary write. */
      readonly summary?: boolean;
    } = {},
  ): Promise<Result<Mentorship>> {
    const { write } = options;
    const r = await mutateMentorship(store, this.retryPolicy, tenantId, id, ({ value }) => stateOnly(transition(value)), {
      loaded: options.loaded,
      write: async (m, etag) => {
        const plan = m.meetingPlan;
        if (plan?.status === "booking" && plan.bookingUntil) await this.scheduleBookingJob("booking.resume", m, plan, new Date(plan.bookingUntil));
        if (plan && followUpsPending(plan)) await this.scheduleBookingJob("booking.followUp", m, plan, new Date(this.deps.clock.now().getTime() + FOLLOW_UP_RETRY_MS));
        return write ? write(m, etag) : store.saveMentorship(m, etag);
      },
    });
    if (!r.ok) return r;
    if (options.summary === false) return ok(r.value.after);
    // A booked plan has just replaced the meetings: the summary reads them (the writer lists them).
    const replaced = r.value.after.meetingPlan?.status === "booked" && write;
    await this.changed(tenantId, id, { mentorship: r.value.after, ...(!replaced && options.meetings ? { meetings: options.meetings } : {}) });
    return ok(r.value.after);
  }

  /** One job per plan version and lease: the job store never runs an id twice, and each attempt has its own. */
  private async scheduleBookingJob(kind: "booking.resume" | "booking.followUp", m: Mentorship, plan: MeetingPlan, dueAt: Date): Promise<void> {
    const attempt = plan.bookingAttempt ?? 0;
    await this.deps.jobs.schedule({
      id: `${m.tenantId}:${m.id}:${kind}:v${plan.version}.${attempt}`,
      kind,
      tenantId: m.tenantId,
      mentorshipId: m.id,
      dueAt: dueAt.toISOString(),
      payload: { planVersion: plan.version, attempt },
    });
  }

  private async person(tenantId: string, p: { aadObjectId: string; name: string }): Promise<CalendarPerson> {
    const found = await this.deps.directory(tenantId, p.aadObjectId);
    return { aadObjectId: p.aadObjectId, email: found?.email ?? "", name: found?.name ?? p.name };
  }

  /**
   * Books the saved plan in the calendar and stores the outcome ("booked", or "booking failed" with
   * a retry button) together with its pending follow-ups, which then run at once and, should that
   * fail, from the durable follow-up job. Throws only when storage fails; the booking's resume job
   * then finishes it.
   */
  async completeBooking(tenantId: string, mentorshipId: string): Promise<void> {
    const store = this.background;
    const stored = await store.getMentorship(tenantId, mentorshipId);
    const plan = stored?.value.meetingPlan;
    if (!stored || !plan || plan.status !== "booking") return;
    const m = stored.value;
    let outcome: (p: MeetingPlan) => MeetingPlan;
    try {
      // Inside the try: a directory lookup that Graph throttles is a failed booking with Try again, not a booking left hanging.
      const organizer = await this.person(tenantId, m.mentor);
      const attendee = await this.person(tenantId, m.mentee);
      const booked = await this.deps.calendar.book({ tenantId, mentorshipId, planVersion: plan.version, organizer, attendee, ...this.deps.texts(m), series: plan.series });
      outcome = (p) => bookingSucceeded(p, booked.series);
      this.deps.log.info("booking.done", { mentorshipId, roundTrips: booked.roundTrips, requests: booked.requests });
    } catch (err) {
      // Storage failing under the local calendar: the outcome cannot be saved either; the resume job finishes it.
      if (err instanceof StorageUnavailableError) throw err;
      const code = err instanceof CalendarError ? err.code : "UNAVAILABLE";
      this.deps.log.warn("booking.failed", { mentorshipId, code });
      outcome = (p) => bookingFailed(p, code);
    }

    let attempt = 0;
    const saved = await this.writePlan(
      store,
      tenantId,
      mentorshipId,
      (fresh) => {
        const current = fresh.meetingPlan;
        // Another run of the same version (a resume, a retry) saved first, or a new plan replaced it.
        if (current?.version !== plan.version || current.status !== "booking") return fail("NO_CHANGES");
        attempt = current.bookingAttempt ?? 0;
        return ok({ ...fresh, meetingPlan: outcome(current) });
      },
      {
        write: (next, etag) => (next.meetingPlan?.status === "booked" ? store.replacePlannedMeetings(next, etag, meetingsFromPlan(mentorshipId, next.meetingPlan)) : store.saveMentorship(next, etag)),
        // Read just before the calendar run: unchanged unless someone else wrote meanwhile (then the ETag says so).
        loaded: stored,
      },
    );
    if (!saved.ok) {
      if (saved.error.code !== "NO_CHANGES") throw new Error(`booking outcome not saved: ${saved.error.code}`);
      return;
    }
    await this.followUps(tenantId, mentorshipId, plan.version, attempt);
  }

  /**
   * Everything a stored outcome still needs, each step safe to repeat: the meeting jobs (same ids),
   * the overview's summary, the superseded series (cancelled; already gone counts as done), the
   * booking card (posted once, then updated in place). Marks the follow-ups done last; throws while
   * something is left, so the follow-up job runs again later.
   */
  private async followUps(tenantId: string, mentorshipId: string, version: number, attempt: number): Promise<void> {
    const stored = await this.background.getMentorship(tenantId, mentorshipId);
    const plan = stored?.value.meetingPlan;
    if (!stored || !plan || plan.version !== version || (plan.bookingAttempt ?? 0) !== attempt || !followUpsPending(plan)) return;
    const m = stored.value;
    // Read once for all three: the meeting jobs, the summary and the booking card.
    const all = (await this.background.listMeetings(tenantId, mentorshipId)).map((x) => x.value);
    if (plan.status === "booked") {
      await this.scheduleMeetingJobs(m, plan, all);
      await this.deps.onBooked?.(m, all);
    }
    await this.changed(tenantId, mentorshipId, { mentorship: m, meetings: all });
    // The calendar before the chat: a chat that cannot be told now (the Connector throttles, is down)
    // must not leave a former mentor's series standing until the follow-up job's next run.
    if (plan.status === "booked") await this.cancelSuperseded(m, plan);
    await this.tellBookingOutcome(m, plan, all);
    if (plan.status === "booked") await this.deps.booked?.(m, all);
    const done = await this.writePlan(
      this.background,
      tenantId,
      mentorshipId,
      (fresh) => {
        const current = fresh.meetingPlan;
        if (!current || current.version !== version || (current.bookingAttempt ?? 0) !== attempt || !followUpsPending(current)) return fail("NO_CHANGES");
        return ok({ ...fresh, meetingPlan: followUpsDone(current, this.deps.clock.now()) });
      },
      // Nothing above wrote the mentorship, so the state read at the start is current unless someone
      // else wrote it (then the ETag says so). Marking the follow-ups done shows nowhere on the overview.
      { loaded: stored, summary: false },
    );
    if (!done.ok && done.error.code !== "NO_CHANGES") throw new Error(`follow-ups not marked done: ${done.error.code}`);
  }

  /**
   * The booking's outcome in the chat: the plan card shows it, and the booking card is posted once,
   * then replaced in place. Throws when the chat could not be told, so the follow-ups run again.
   */
  private async tellBookingOutcome(m: Mentorship, plan: MeetingPlan, meetings: readonly Meeting[]): Promise<void> {
    await this.chat.replace(m, "plan", { kind: "planOutcome", plan });
    const outcome = { kind: "bookingOutcome", plan, meetings } as const;
    // The outcome must reach the chat: a card that cannot be replaced (deleted, say) gets a new one.
    if (!(await this.chat.replace(m, "booking", outcome))) await this.chat.post(m, outcome, "booking");
  }

  /** The follow-up job: runs what the booking's own run could not (it finds nothing to do when that finished). */
  private async onFollowUpJob(job: Job): Promise<void> {
    await this.followUps(job.tenantId, job.mentorshipId, Number(job.payload["planVersion"]), Number(job.payload["attempt"]));
  }

  /**
   * The resume job, due when a booking's lease ends: a booking still "booking" then was left by a
   * process that died. It is resumed once (the transactionIds make the repeat safe), or ended as
   * failed with Try again; either way the pair is told through the follow-ups.
   */
  private async onResumeJob(job: Job): Promise<void> {
    const version = Number(job.payload["planVersion"]);
    const attempt = Number(job.payload["attempt"]);
    const r = await this.writePlan(this.background, job.tenantId, job.mentorshipId, (value) => {
      const plan = value.meetingPlan;
      if (!plan || plan.version !== version || (plan.bookingAttempt ?? 0) !== attempt) return fail("NO_CHANGES");
      const next = resumeBooking(plan, this.deps.clock.now());
      return next.ok ? ok({ ...value, meetingPlan: next.value }) : next;
    });
    if (!r.ok) {
      if (r.error.code === "NO_CHANGES") return;
      throw new Error(`booking not resumed: ${r.error.code}`);
    }
    const plan = r.value.meetingPlan as MeetingPlan;
    this.deps.log.warn("booking.resumed", { mentorshipId: job.mentorshipId, planVersion: version, outcome: plan.status });
    if (plan.status === "booking") await this.completeBooking(job.tenantId, job.mentorshipId);
    else await this.followUps(job.tenantId, job.mentorshipId, plan.version, plan.bookingAttempt ?? 0);
  }

  /**
   * A new regular time replaces the old series: they are cancelled in the calendar (the pair is told
   * by Graph). A series already gone counts as cancelled; a failure that may pass is thrown, so the
   * follow-ups run again.
   */
  private async cancelSuperseded(m: Mentorship, plan: MeetingPlan): Promise<void> {
    const old = plan.supersedes ?? [];
    if (old.length === 0) return;
    // After a change of mentor the old series live in the former mentor's calendar.
    const organizer = await this.person(m.tenantId, plan.supersededOrganizer ?? m.mentor);
    for (const series of old) {
      try {
        await this.deps.calendar.cancelSeries(m.tenantId, organizer, series.eventId, "");
      } catch (err) {
        if (!(err instanceof CalendarError)) throw err;
        if (err.retryable) throw err;
        // Gone already (an earlier run cancelled it), or refused for good: nothing a repeat would change.
        this.deps.log.warn("series.cancel.failed", { mentorshipId: m.id, code: err.code });
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
  private async scheduleMeetingJobs(m: Mentorship, plan: MeetingPlan, meetings: readonly Meeting[]): Promise<void> {
    const now = this.deps.clock.now().getTime();
    const jobs: Job[] = [];
    for (const meeting of meetings) {
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

  // ─── closing ─────────────────────────────────────────────────────────────────────────────────

  /**
   * The mentorship has closed (or is closing): the meetings still to come go. Each planned meeting
   * after the cut (the moment it closed, else now) is marked cancelled and `closedOut` first — from
   * then on no agenda or reminder posts for it, and the marks fix the cut for every repeat however
   * late it runs — then each booked series is ended once (its range cut at its last kept
   * occurrence, or the series cancelled when none is kept; see CalendarPort.endSeries), the
   * dropped meetings' jobs are cancelled and the summary is written. Held and past meetings are left
   * as they are. Safe to repeat from any point: a crash anywhere is finished by the job's next run,
   * and nothing is changed twice. Throws while something is left that a later run may do.
   */
  async closeOut(tenantId: string, mentorshipId: string): Promise<void> {
    const store = this.background;
    const stored = await store.getMentorship(tenantId, mentorshipId);
    if (!stored) return;
    const m = stored.value;
    if (m.phase !== "closed" && m.phase !== "closing") {
      this.deps.log.warn("closing.calendar.notClosing", { tenantId, mentorshipId, phase: m.phase });
      return;
    }
    const plan = m.meetingPlan;
    // A booking still running would book series after this run: it settles (or its lease lapses) within minutes.
    if (plan?.status === "booking") throw new Error("closing.calendar: a booking is in progress");
    const cut = Date.parse(m.closing?.closedAt ?? this.deps.clock.now().toISOString());

    const listed = await store.listMeetings(tenantId, mentorshipId);
    const after: Meeting[] = [];
    for (const { value: meeting, etag } of listed) {
      const drop = (x: Meeting): Meeting | null => (x.status === "planned" && x.closedOut !== true && startOf(x) > cut ? { ...x, status: "cancelled", closedOut: true } : null);
      const next = drop(meeting);
      if (next && (await store.saveMeeting(tenantId, next, etag)) === "conflict") {
        // Changed meanwhile (an agenda saved, say): read again and decide again.
        await this.markMeeting(tenantId, mentorshipId, meeting.key, drop);
        const fresh = await store.getMeeting(tenantId, mentorshipId, meeting.key);
        after.push(fresh?.value ?? next);
        continue;
      }
      after.push(next ?? meeting);
    }
    const dropped = after.filter((x) => x.closedOut === true);

    await this.endSeriesAfterClose(m, plan, after);
    await this.deps.jobs.cancelMany(dropped.flatMap((meeting) => (["agenda.post", "reminder.pointOne", "reminder.heldCheck"] as const).map((kind) => this.jobOf({ kind, m, dueAt: new Date(0), key: meeting.key }).id)));
    await this.changed(tenantId, mentorshipId, { mentorship: m, meetings: after });
    this.deps.log.info("closing.calendar.done", { tenantId, mentorshipId, dropped: dropped.length });
  }

  /**
   * The calendar part of closeOut: every series that still has meetings in the calendar — the
   * booked plan's, or while a new plan's booking failed the old plan's series it did not replace —
   * ended after its last kept occurrence, in one call. A refusal for good (the mailbox is gone, say)
   * is logged and left: repeating would not change it.
   */
  private async endSeriesAfterClose(m: Mentorship, plan: MeetingPlan | null | undefined, meetings: readonly Meeting[]): Promise<void> {
    if (!plan) return;
    const live = plan.status === "booked" ? plan.booked : (plan.supersedes ?? []);
    const organizerOf = plan.status === "booked" ? m.mentor : (plan.supersededOrganizer ?? m.mentor);
    const endings: SeriesEnding[] = [];
    for (const series of live) {
      // Only this series' own dates: a plan replaced at a new regular time left older meetings under the same key.
      const dates = plan.status === "booked" ? new Set(plan.series.find((s) => s.key === series.key)?.occurrences ?? []) : null;
      const rows = meetings.filter((x) => x.seriesKey === series.key && (dates === null || dates.has(x.originalDate)));
      const firstDropped = rows.filter((x) => x.closedOut === true).map((x) => x.originalDate).sort()[0];
      if (firstDropped === undefined) continue; // nothing of it is to come: left as it is
      const kept = rows.filter((x) => x.status !== "cancelled" && x.originalDate < firstDropped).map((x) => x.originalDate).sort();
      endings.push({ seriesEventId: series.eventId, lastKept: kept.at(-1) ?? null });
    }
    if (endings.length === 0) return;
    try {
      const organizer = await this.person(m.tenantId, organizerOf);
      const result = await this.deps.calendar.endSeries({ tenantId: m.tenantId, organizer, series: endings, comment: this.deps.closedComment?.(m) ?? "" });
      this.deps.log.info("closing.calendar.series", { mentorshipId: m.id, outcomes: result.series.map((s) => s.outcome).join(","), roundTrips: result.roundTrips, requests: result.requests });
    } catch (err) {
      if (!(err instanceof CalendarError) || err.retryable) throw err;
      this.deps.log.warn("closing.calendar.refused", { mentorshipId: m.id, code: err.code });
    }
  }

  // ─── due jobs ────────────────────────────────────────────────────────────────────────────────

  /**
   * The scheduler's handlers. Each re-reads and does nothing when the reason has gone — including
   * time: after downtime a job may run days late, and a reminder about a meeting long past is noise.
   */
  /**
   * Every job kind the meetings schedule, in one list (kind → handler, id rule, until done): the
   * scheduler's handlers and its never-give-up kinds are made from it. Each handler re-reads and does
   * nothing when the reason has gone — including time: after downtime a job may run days late, and a
   * reminder about a meeting long past is noise.
   */
  jobKinds(): readonly JobKindSpec[] {
    const perMeeting = "{tenant}:{mentorship}:{kind}:{meetingKey}";
    const perPlanAttempt = "{tenant}:{mentorship}:{kind}:v{planVersion}.{attempt}";
    return [
      { kind: "agenda.post", idRule: perMeeting, untilDone: false, run: (job) => this.postAgenda(job) },
      {
        kind: "reminder.pointOne",
        idRule: perMeeting,
        untilDone: false,
        run: (job) => this.onMeetingJob(job, async (m, meeting, now) => {
          if (meeting.status !== "planned" || pointOneFilled(meeting.agenda)) return;
          // "Point 1 is still empty" is about preparing: once the meeting has begun it is too late.
          if (now.getTime() >= startOf(meeting)) return this.skippedAsPast(job);
          await this.chat.post(m, { kind: "pointOneReminder", meeting });
        }),
      },
      {
        kind: "reminder.heldCheck",
        idRule: perMeeting,
        untilDone: false,
        run: (job) => this.onMeetingJob(job, async (m, meeting, now) => {
          if (meeting.status !== "planned" || anythingFilled(meeting.agenda)) return;
          // Asked weeks later, nobody remembers; the meeting then stays "planned" rather than guessed.
          if (now.getTime() > endOf(meeting) + HELD_CHECK_WINDOW_MS) return this.skippedAsPast(job);
          await this.chat.post(m, { kind: "heldCheck", meeting });
          // Remembered, so that `status` names the question until a party answers it.
          await this.markMeeting(job.tenantId, job.mentorshipId, meeting.key, (current) => ({ ...current, heldCheck: { postedAt: now.toISOString(), answeredAt: null } }));
        }),
      },
      { kind: "booking.resume", idRule: perPlanAttempt, untilDone: true, run: (job) => this.onResumeJob(job) },
      { kind: "booking.followUp", idRule: perPlanAttempt, untilDone: true, run: (job) => this.onFollowUpJob(job) },
      // Scheduled by the closing once the mentorship is closed: its calendar must be tidied however long Graph is away.
      { kind: "closing.calendar", idRule: "{tenant}:{mentorship}:closing.calendar (closeOutJobId)", untilDone: true, run: (job) => this.closeOut(job.tenantId, job.mentorshipId) },
      {
        kind: "reminder.agreement",
        idRule: "{tenant}:{mentorship}:reminder.agreement:agreement",
        untilDone: false,
        run: async (job) => {
          const m = await this.deps.store.getMentorship(job.tenantId, job.mentorshipId);
          if (m && !m.value.pausedAt && m.value.phase === "startUp" && waitingFor(m.value).length > 0) await this.chat.post(m.value, { kind: "agreementReminder" });
        },
      },
    ];
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

    try {
      await this.chat.post(m.value, { kind: "agenda", meeting: agendaPosted(stored.value, previous, now) }, `agenda:${key}`);
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
    // Our own intent; a retry that meanwhile took the post for uncertain has marked it already (the
    // chat adapter keeps the card's id). One row re-read, not the whole mentorship: under a backlog every request counts.
    const saved = await this.markMeeting(tenantId, mentorshipId, key, (current) =>
      current.agendaPostingAt !== startedAt || current.agendaPostedAt !== null ? null : agendaPosted(current, previous, now),
    );
    if (saved) await this.changed(tenantId, mentorshipId);
    try {
      await this.deps.onAgendaPosted?.(m.value, all.map((x) => x.value));
    } catch (err) {
      this.deps.log.warn("agenda.post.followUpFailed", { mentorshipId, error: err instanceof Error ? err.name : "unknown" });
    }
    return "posted";
  }

  /** A post that was begun and never marked done: recorded as posted, never sent again (see postAgendaOf). */
  private async settleUnfinishedPost(tenantId: string, mentorshipId: string, key: string, begun: string, previous: Meeting | null, now: Date): Promise<void> {
    // Younger than a send can take: another instance (or a resume) is sending it right now.
    if (now.getTime() - Date.parse(begun) < AGENDA_SEND_WINDOW_MS) return;
    this.deps.log.warn("agenda.post.uncertain", { tenantId, mentorshipId });
    const r = await this.mutateMeeting(tenantId, mentorshipId, key, (_m, current) =>
      current.agendaPostedAt !== null || current.agendaPostingAt !== begun ? fail("NO_CHANGES") : ok(agendaPosted(current, previous, new Date(begun))),
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

  async saveAgenda(actor: Actor, mentorshipId: string, key: string, input: AgendaInput, loaded?: Stored<Mentorship> | null) {
    return this.mutateMeeting(actor.tenantId, mentorshipId, key, (m, meeting) => saveAgenda(m, meeting, actor.aadObjectId, input, this.deps.clock.now()), loaded);
  }

  async recordHeld(actor: Actor, mentorshipId: string, key: string, outcome: HeldOutcome, loaded?: Stored<Mentorship> | null) {
    return this.mutateMeeting(actor.tenantId, mentorshipId, key, (m, meeting) => recordHeld(m, meeting, actor.aadObjectId, outcome, this.deps.clock.now()), loaded);
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
    const check = cancelMeeting(m.value, meeting.value, actor.aadObjectId, this.deps.clock.now());
    if (!check.ok) return check;
    const ref = await this.occurrence(m.value, meeting.value);
    try {
      if (ref) await this.deps.calendar.cancelOccurrence(ref, "");
    } catch (err) {
      this.deps.log.warn("meeting.cancel.calendar", { code: err instanceof CalendarError ? err.code : "unknown" });
      return fail("BUSY_TRY_AGAIN");
    }
    await this.deps.jobs.cancel(`${m.value.tenantId}:${m.value.id}:agenda.post:${key}`);
    return this.mutateMeeting(actor.tenantId, mentorshipId, key, (mm, current) => cancelMeeting(mm, current, actor.aadObjectId, this.deps.clock.now()));
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
