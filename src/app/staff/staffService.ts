/**
 * The leader's actions from "My staff": load → pure transition (src/domain/staff.ts) → conditional
 * save (mutateMentorship) → the summary and overview follow (onChanged), as every tab action does.
 */
import type { Mentorship } from "../../domain/mentorship";
import { type Result, ok } from "../../domain/result";
import { requestMentorChange } from "../../domain/staff";
import type { Clock } from "../../ports/clock";
import type { MentorshipStore } from "../../ports/store";
import { mutateMentorship, stateOnly } from "../mutate";
import { type RetryPolicy, defaultRetryPolicy } from "../optimistic";
import type { ChangeListener } from "../summaries";

export interface StaffServiceDeps {
  readonly store: Pick<MentorshipStore, "getMentorship" | "saveMentorship">;
  readonly clock: Clock;
  readonly onChanged?: ChangeListener;
  readonly retry?: RetryPolicy;
}

export class StaffService {
  constructor(private readonly deps: StaffServiceDeps) {}

  /** The leader asks the coordinator for a change of mentor (NOT_THE_LEADER for anyone else; NO_CHANGES if asked already). */
  async requestMentorChange(tenantId: string, mentorshipId: string, leaderAadObjectId: string): Promise<Result<Mentorship>> {
    const r = await mutateMentorship(this.deps.store, this.deps.retry ?? defaultRetryPolicy, tenantId, mentorshipId, ({ value }) => stateOnly(requestMentorChange(value, leaderAadObjectId, this.deps.clock.now())));
    if (!r.ok) return r;
    await this.deps.onChanged?.(tenantId, mentorshipId, { mentorship: r.value.after });
    return ok(r.value.after);
  }
}
