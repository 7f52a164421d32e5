/** A piece of work due at a time: an agenda to post, a reminder to send. Durable, run once. */
export interface Job {
  readonly id: string; // deterministic, e.g. `${mentorshipId}:agenda:${meetingKey}`, so scheduling twice is harmless
  readonly kind: "agenda.post" | "reminder.agreement" | "reminder.pointOne" | "reminder.heldCheck" | "booking.resume" | "booking.followUp"
    // issue 11: closing and evaluation
    | "closing.due" | "closing.calendar" | "preparation.reminder" | "preparation.agreement" | "pairing.check"
    // issue 12: the leader's talks (payload { talk: key }), the heads-up card, the introduction's status meetings
    | "leader.reminder" | "leader.headsUp" | "leader.heldCheck" | "introduction.reminder"
    // issue 13: retention — a tenant's daily sweep (mentorshipId "retention"), purging what is due
    | "retention.daily";
  readonly tenantId: string;
  readonly mentorshipId: string;
  readonly dueAt: string; // ISO instant
  /** Ids only (meeting key etc.), never text. */
  readonly payload: Readonly<Record<string, string | number>>;
}

export interface JobStore {
  /** Schedules a job; the same id again replaces a job not yet claimed and changes nothing otherwise. */
  schedule(job: Job): Promise<void>;
  /** Schedules many at once, each by the rule of `schedule`, in as few storage requests as it can. */
  scheduleMany(jobs: readonly Job[]): Promise<void>;
  cancel(jobId: string): Promise<void>;
  /** Cancels each of these jobs by the rule of `cancel`, in as few storage requests as it can. */
  cancelMany(jobIds: readonly string[]): Promise<void>;
  /** Claims up to `limit` jobs due at `now` for `owner` until `leaseUntil`; a claimed job is invisible to other owners. */
  claimDue(now: Date, owner: string, leaseUntil: Date, limit: number): Promise<ClaimedJob[]>;
  /** Marks a claimed job done (it never runs again); false if the claim was lost. */
  complete(claim: ClaimedJob): Promise<boolean>;
  /** Gives a claimed job back to run again later (after a failure). */
  release(claim: ClaimedJob, retryAt: Date): Promise<void>;
  /**
   * Removes up to `limit` tombstones of done jobs that were due before `dueBefore`; returns how many.
   * A tombstone only keeps a re-scheduled id from running twice: once its due time is long past, the
   * scheduler does not run such a job anyway.
   */
  purgeDone(dueBefore: Date, limit: number): Promise<number>;
  /**
   * Cancels every job of one mentorship and removes its tombstones (it closed, or is erased), except
   * the ids in `keep` (the close-out that must still run); returns how many ids it cancelled.
   */
  cancelAllFor(tenantId: string, mentorshipId: string, keep?: readonly string[]): Promise<number>;
}

export interface ClaimedJob {
  readonly job: Job;
  readonly etag: string;
  readonly owner: string;
  readonly attempts: number;
}
