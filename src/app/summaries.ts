import { summarise } from "../domain/summary";
import type { Logger } from "../log";
import type { Clock } from "../ports/clock";
import type { MentorshipStore } from "../ports/store";
import { type RetryPolicy, defaultRetryPolicy, withOptimisticRetry } from "./optimistic";

/**
 * Keeps the overview's summary row of a mentorship current: after every change it is recomputed
 * from fresh state and written conditionally, so concurrent refreshes converge on the newest.
 * A failure here is logged and never fails the user's action (the next change repairs it).
 */
export class SummaryWriter {
  constructor(
    private readonly store: MentorshipStore,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly retry: RetryPolicy = defaultRetryPolicy,
  ) {}

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
