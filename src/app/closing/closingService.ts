/**
 * Closing a mentorship: the closing phase opens (the programme's clock, the mentor early, a
 * coordinator from the tab), both parties edit and confirm the evaluation, and when they have the
 * mentorship is closed: the mentee's active row is released, the remaining meetings leave the
 * calendars (the "closing.calendar" job), the other jobs are cancelled, the chat's cards show that it
 * is closed, and the private ratings are asked for (onClosed).
 */
import {
  type ClosingReason,
  type ClosingStart,
  type EvaluationBase,
  type EvaluationInput,
  closingDueAt,
  confirmEvaluation,
  editEvaluation,
  setLeaderConsent,
  startClosing,
} from "../../domain/closing";
import type { Meeting } from "../../domain/meetings";
import type { Mentorship } from "../../domain/mentorship";
import { type Result, ok } from "../../domain/result";
import type { Logger } from "../../log";
import type { ChatDelivery } from "../../ports/chat";
import type { Clock } from "../../ports/clock";
import type { Job, JobStore } from "../../ports/jobs";
import type { MentorshipStore, SaveOutcome, Stored } from "../../ports/store";
import type { Actor } from "../actor";
import type { JobKindSpec } from "../jobs/registry";
import { type Mutated, type Transition, mutateMentorship, stateOnly } from "../mutate";
import { type RetryPolicy, defaultRetryPolicy } from "../optimistic";
import type { ChangeListener } from "../summaries";

export interface ClosingDeps {
  readonly store: Pick<MentorshipStore, "getMentorship" | "saveMentorship" | "getActiveOfMentee" | "saveMentorshipReleasingMentee" | "listMeetings">;
  readonly jobs: Pick<JobStore, "schedule" | "cancelAllFor">;
  readonly chat: ChatDelivery;
  readonly clock: Clock;
  readonly log: Logger;
  readonly retry?: RetryPolicy;
  readonly onChanged?: ChangeListener;
  /**
   * After a mentorship has closed: the private engineer's `PrivateQuestions.askRatings(m)` goes here
   * (each party's private word on the scheme). A failure is logged; the close stands.
   */
  readonly onClosed?: (m: Mentorship) => Promise<void>;
}

/**
 * The hook for the calendar's part of a close: a durable "closing.calendar" job whose handler is
 * `MeetingService.closeOut(tenantId, mentorshipId)` (the calendar engineer's; registered by its
 * jobKinds()). It ends each booked series after the last kept occurrence and marks the dropped
 * meetings. One id per mentorship: it runs once, and its handler must do nothing for a mentorship
 * that is not closed (it is also put in place just before the close is saved, in case that save lost).
 */
export const CLOSE_OUT_JOB_KIND = "closing.calendar" as const;
export const closeOutJobId = (tenantId: string, mentorshipId: string): string => `${tenantId}:${mentorshipId}:${CLOSE_OUT_JOB_KIND}`;
/** The close-out job written before the close is saved runs after this safety margin (the one after the save runs at once). */
const CLOSE_OUT_SAFETY_MS = 5 * 60_000;

export class ClosingService {
  private readonly retry: RetryPolicy;

  constructor(private readonly deps: ClosingDeps) {
    this.retry = deps.retry ?? defaultRetryPolicy;
  }

  private async mutate<T>(tenantId: string, id: string, transition: Transition<T>, loaded?: Stored<Mentorship> | null, write?: (next: Mentorship, etag: string) => Promise<SaveOutcome>): Promise<Result<Mutated<T>>> {
    const r = await mutateMentorship(this.deps.store, this.retry, tenantId, id, transition, { loaded, ...(write ? { write } : {}) });
    if (r.ok) await this.deps.onChanged?.(tenantId, id, { mentorship: r.value.after });
    return r;
  }

  // ─── opening the closing phase ──────────────────────────────────────────────────────────────

  /** Opens the closing phase and posts the evaluation card in the pair's chat. */
  async start(tenantId: string, mentorshipId: string, start: ClosingStart, reason: ClosingReason, loaded?: Stored<Mentorship> | null): Promise<Result<Mentorship>> {
    const r = await this.mutate(tenantId, mentorshipId, ({ value }) => stateOnly(startClosing(value, start, reason, this.deps.clock.now())), loaded);
    if (!r.ok) return r;
    // Why a mentorship ends (a new hire who left, say) is about a person: not in the logs.
    this.deps.log.info("closing.started", { mentorshipId, startedBy: start.by });
    try {
      await this.showEvaluation(r.value.after);
    } catch (err) {
      // The closing phase stands; `card` in the chat posts the evaluation again.
      this.deps.log.warn("closing.card.failed", { mentorshipId, error: err instanceof Error ? err.name : "unknown" });
    }
    return ok(r.value.after);
  }

  /** The evaluation card in the chat: the posted one replaced, or (none yet, or gone) a new one. Throws when the chat is unreachable. */
  private async showEvaluation(m: Mentorship): Promise<void> {
    if (!(await this.deps.chat.replace(m, "evaluation", { kind: "evaluation" }))) await this.deps.chat.post(m, { kind: "evaluation" }, "evaluation");
  }

  // ─── the evaluation ─────────────────────────────────────────────────────────────────────────

  async edit(actor: Actor, mentorshipId: string, base: EvaluationBase, input: EvaluationInput, loaded?: Stored<Mentorship> | null): Promise<Result<Mentorship>> {
    const r = await this.mutate(actor.tenantId, mentorshipId, ({ value }) => stateOnly(editEvaluation(value, actor.aadObjectId, base, input, this.deps.clock.now())), loaded);
    return r.ok ? ok(r.value.after) : r;
  }

  async consent(actor: Actor, mentorshipId: string, share: boolean, loaded?: Stored<Mentorship> | null): Promise<Result<Mentorship>> {
    const r = await this.mutate(actor.tenantId, mentorshipId, ({ value }) => stateOnly(setLeaderConsent(value, actor.aadObjectId, share, this.deps.clock.now())), loaded);
    return r.ok ? ok(r.value.after) : r;
  }

  /**
   * A party confirms the version their card showed; the last confirmation needed closes the
   * mentorship, saved together with the release of the mentee's active row, and then `afterClose`.
   */
  async confirm(actor: Actor, mentorshipId: string, version: number, loaded?: Stored<Mentorship> | null): Promise<Result<{ mentorship: Mentorship; closed: boolean }>> {
    const r = await this.mutate(
      actor.tenantId,
      mentorshipId,
      ({ value }) => {
        const next = confirmEvaluation(value, actor.aadObjectId, version, this.deps.clock.now());
        return next.ok ? ok({ mentorship: next.value.mentorship, value: next.value.closed }) : next;
      },
      loaded,
      (next, etag) => this.writeClose(next, etag),
    );
    if (!r.ok) return r;
    const closed = r.value.value;
    if (closed) await this.afterClose(r.value.after);
    return ok({ mentorship: r.value.after, closed });
  }

  /** A close is saved with its mentee's active row released (if it still points here); the close-out job is in place first. */
  private async writeClose(next: Mentorship, etag: string): Promise<SaveOutcome> {
    if (next.phase !== "closed") return this.deps.store.saveMentorship(next, etag);
    await this.deps.jobs.schedule(this.closeOutJob(next, new Date(this.deps.clock.now().getTime() + CLOSE_OUT_SAFETY_MS)));
    const row = await this.deps.store.getActiveOfMentee(next.tenantId, next.mentee.aadObjectId);
    return row?.value === next.id ? this.deps.store.saveMentorshipReleasingMentee(next, etag, row.etag) : this.deps.store.saveMentorship(next, etag);
  }

  private closeOutJob(m: Mentorship, dueAt: Date): Job {
    return { id: closeOutJobId(m.tenantId, m.id), kind: CLOSE_OUT_JOB_KIND, tenantId: m.tenantId, mentorshipId: m.id, dueAt: dueAt.toISOString(), payload: {} };
  }

  /**
   * What a close sets going, each step safe to repeat: every other job of the mentorship cancelled
   * (no agenda, reminder or question comes any more), the calendar's close-out scheduled after that
   * cancel (kept through it), the agreement and evaluation cards shown closed for everyone, and the
   * ratings asked for.
   */
  private async afterClose(m: Mentorship): Promise<void> {
    // The close-out is kept through the cancel (a crash in between must not lose it), then brought forward to now.
    const cancelled = await this.deps.jobs.cancelAllFor(m.tenantId, m.id, [closeOutJobId(m.tenantId, m.id)]);
    await this.deps.jobs.schedule(this.closeOutJob(m, this.deps.clock.now()));
    this.deps.log.info("closing.closed", { mentorshipId: m.id, jobsCancelled: cancelled });
    for (const [slot, message] of [["agreement", { kind: "closed" }], ["evaluation", { kind: "evaluation" }]] as const) {
      try {
        await this.deps.chat.replace(m, slot, message);
      } catch (err) {
        this.deps.log.warn("closing.card.failed", { mentorshipId: m.id, slot, error: err instanceof Error ? err.name : "unknown" });
      }
    }
    try {
      await this.deps.onClosed?.(m);
    } catch (err) {
      this.deps.log.warn("closing.onClosed.failed", { mentorshipId: m.id, error: err instanceof Error ? err.name : "unknown" });
    }
  }

  // ─── "closing is due" ───────────────────────────────────────────────────────────────────────

  /**
   * Puts the "closing.due" job in place for a running mentorship: when its agreement card is posted
   * (start-up begins; the job does nothing until the agreement is agreed) and on resume; after a
   * booking only when the plan moves the due time (see planBooked). Nothing for a paused mentorship.
   * One id per due instant: scheduling the same again is harmless, and a due time already past (a
   * resume after it) gets a job of its own. Not in the click that locks the agreement: that click's
   * storage requests are budgeted (test/storage/requestCounts.test.ts), and the job is there already.
   */
  async scheduleDue(m: Mentorship, meetings?: readonly Meeting[]): Promise<void> {
    if ((m.phase !== "startUp" && m.phase !== "learning") || m.closing || m.pausedAt) return;
    const all = meetings ?? (m.meetingPlan ? (await this.deps.store.listMeetings(m.tenantId, m.id)).map((x) => x.value) : []);
    const dueAt = new Date(Math.max(closingDueAt(m, all).getTime(), this.deps.clock.now().getTime()));
    await this.deps.jobs.schedule({ id: `${m.tenantId}:${m.id}:closing.due:${dueAt.toISOString()}`, kind: "closing.due", tenantId: m.tenantId, mentorshipId: m.id, dueAt: dueAt.toISOString(), payload: {} });
  }

  /**
   * A plan was booked: a programme without a fixed length is due after its last meeting, so its job
   * moves; a programme whose due time the plan does not change keeps the job it has (no request).
   * A due time already past (the agreement came late) gets its job now.
   */
  async planBooked(m: Mentorship, meetings: readonly Meeting[]): Promise<void> {
    const byPlan = closingDueAt(m, meetings).getTime();
    if (byPlan !== closingDueAt(m, []).getTime() || byPlan <= this.deps.clock.now().getTime()) await this.scheduleDue(m, meetings);
  }

  /** After a coordinator resumed a mentorship: a closing that fell due during the pause comes now. */
  async resumed(tenantId: string, mentorshipId: string): Promise<void> {
    const m = await this.deps.store.getMentorship(tenantId, mentorshipId);
    if (m) await this.scheduleDue(m.value);
  }

  /**
   * The "closing.due" handler. Re-reads and does nothing when the reason has gone: paused (resume
   * schedules it again), closed, or not due yet by the current plan (a later job is in place). A job
   * that finds closing already begun by the programme (its card post failed, or an earlier job won)
   * shows the evaluation card again, in place when it can.
   */
  private async onDue(job: Job): Promise<void> {
    const stored = await this.deps.store.getMentorship(job.tenantId, job.mentorshipId);
    if (!stored || stored.value.pausedAt) return;
    const m = stored.value;
    if (m.phase === "closing" && m.closing?.startedBy === "programme") return this.showEvaluation(m);
    if (m.phase !== "learning" || !m.agreement.lockedAt || m.closing) return;
    const meetings = m.meetingPlan ? (await this.deps.store.listMeetings(m.tenantId, m.id)).map((x) => x.value) : [];
    if (this.deps.clock.now().getTime() < closingDueAt(m, meetings).getTime()) return;
    const r = await this.mutate(job.tenantId, job.mentorshipId, ({ value }) => stateOnly(startClosing(value, { by: "programme" }, "completed", this.deps.clock.now())), stored);
    if (!r.ok) {
      this.deps.log.info("closing.due.skipped", { mentorshipId: job.mentorshipId, code: r.error.code });
      return;
    }
    this.deps.log.info("closing.started", { mentorshipId: job.mentorshipId, startedBy: "programme" });
    // Thrown on an unreachable chat: the job runs again and finds the phase begun (above).
    await this.showEvaluation(r.value.after);
  }

  /** The job kinds closing schedules (its close-out job is the calendar's, registered there). */
  jobKinds(): readonly JobKindSpec[] {
    return [{ kind: "closing.due", idRule: "{tenant}:{mentorship}:closing.due:{dueAt}", untilDone: false, run: (job) => this.onDue(job) }];
  }
}
