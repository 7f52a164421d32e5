import type { Meeting } from "../domain/meetings";
import type { Mentorship } from "../domain/mentorship";
import { summarise } from "../domain/summary";
import type { Logger } from "../log";
import type { Clock } from "../ports/clock";
import type { MentorshipStore } from "../ports/store";
import { type RetryPolicy, defaultRetryPolicy, withOptimisticRetry } from "./optimistic";

/** The state a use case has just saved: the summary is made from it, not read back. */
export interface SavedState {
  readonly mentorship: Mentorship;
  /** The mentorship's meetings as saved, when the use case has them in hand. */
  readonly meetings?: readonly Meeting[];
}

/**
 * Told after every saved change of a mentorship (keeps the overview's summary current). With the
 * saved state in hand the listener need not read it back.
 */
export type ChangeListener = (tenantId: string, mentorshipId: string, saved?: SavedState) => Promise<void>;

/** One mentorship's key in the writer's queues and remembered ETags. */
const keyOf = (tenantId: string, mentorshipId: string): string => `${tenantId}\u0000${mentorshipId}`;

/**
 * Keeps the overview's summary row of a mentorship current. After a change it is made from the state
 * the use case saved and written conditionally on the row's ETag; a conflict (someone else wrote the
 * row meanwhile) falls back to recomputing from fresh state, so concurrent writers converge on the
 * newest. A failure here is logged and never fails the user's action (the next change repairs it).
 */
export class SummaryWriter {
  constructor(
    private readonly store: Pick<MentorshipStore, "getMentorship" | "listMeetings" | "getSummary" | "putSummary" | "putSummaryTagged">,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly retry: RetryPolicy = defaultRetryPolicy,
  ) {}

  /**
   * One write at a time per mentorship, in the order the changes were saved: an earlier change's
   * summary can then not land after a later one's (which the ETag alone would not prevent, since
   * each write reads the row first).
   */
  private readonly queues = new Map<string, Promise<void>>();

  /**
   * The ETag of each summary row as this process last read or wrote it (bounded; the oldest forgotten
   * first). A write from the state in hand then needs no read: it is conditional on that ETag, so a row
   * someone else wrote meanwhile answers 412 and everything is read afresh. Never used to skip a write:
   * a row another instance changed must not be left as it is because it equals what this one wrote before.
   */
  private readonly etags = new Map<string, string>();
  private static readonly ETAGS_KEPT = 5000;

  private remember(key: string, etag: string | null): void {
    this.etags.delete(key);
    if (etag === null) return;
    this.etags.set(key, etag);
    if (this.etags.size > SummaryWriter.ETAGS_KEPT) this.etags.delete(this.etags.keys().next().value as string);
  }

  /** The listener to hand the use cases. */
  readonly changed: ChangeListener = (tenantId, mentorshipId, saved) => {
    const key = keyOf(tenantId, mentorshipId);
    const run = (this.queues.get(key) ?? Promise.resolve()).then(() => (saved ? this.write(saved) : this.refresh(tenantId, mentorshipId)));
    this.queues.set(key, run);
    void run.finally(() => {
      if (this.queues.get(key) === run) this.queues.delete(key);
    });
    return run;
  };

  /** From the state in hand: one conditional write (a summary read first only if this process has not seen the row); a conflict re-reads everything. */
  async write(saved: SavedState): Promise<void> {
    const m = saved.mentorship;
    const key = keyOf(m.tenantId, m.id);
    try {
      // No plan, no meetings: they are made only by booking a plan, and a plan is never taken away.
      const meetings = saved.meetings ?? (m.meetingPlan ? (await this.store.listMeetings(m.tenantId, m.id)).map((x) => x.value) : []);
      const next = summarise(m, meetings, this.clock.now());
      const known = this.etags.get(key);
      if (known !== undefined) {
        const put = await this.store.putSummaryTagged(m.tenantId, next, known);
        if (put.outcome === "saved") return this.remember(key, put.etag);
      } else {
        const current = await this.store.getSummary(m.tenantId, m.id);
        if (current && JSON.stringify(current.value) === JSON.stringify(next)) return this.remember(key, current.etag);
        const put = await this.store.putSummaryTagged(m.tenantId, next, current?.etag ?? null);
        if (put.outcome === "saved") return this.remember(key, put.etag);
      }
    } catch (err) {
      this.remember(key, null);
      this.log.warn("summary.refresh.failed", { mentorshipId: m.id, error: err instanceof Error ? err.name : "unknown" });
      return;
    }
    this.remember(key, null);
    await this.refresh(m.tenantId, m.id);
  }

  /** From fresh state, re-read on every conflict. */
  async refresh(tenantId: string, mentorshipId: string): Promise<void> {
    try {
      await withOptimisticRetry<null>(async () => {
        const m = await this.store.getMentorship(tenantId, mentorshipId);
        if (!m) return { kind: "done", value: null };
        const meetings = (await this.store.listMeetings(tenantId, mentorshipId)).map((x) => x.value);
        const current = await this.store.getSummary(tenantId, mentorshipId);
        const next = summarise(m.value, meetings, this.clock.now());
        if (current && JSON.stringify(current.value) === JSON.stringify(next)) return { kind: "done", value: null };
        return { kind: "write", value: null, save: () => this.store.putSummary(tenantId, next, current?.etag ?? null) };
      }, this.retry);
    } catch (err) {
      this.log.warn("summary.refresh.failed", { mentorshipId, error: err instanceof Error ? err.name : "unknown" });
    }
  }
}
