/**
 * The leader's one action on their new hire's mentorship from "My staff" (issue 12): asking the
 * coordinator for a change of mentor. A flag with a time and no text; a change of mentor clears it.
 */
import type { LeaderState } from "./leader";
import type { Mentorship } from "./mentorship";
import { type Result, fail, ok } from "./result";

const NO_LEADER_STATE: LeaderState = { talks: [], headsUpAt: null, mentorChangeRequestedAt: null };

export function requestMentorChange(m: Mentorship, leaderAadObjectId: string, now: Date): Result<Mentorship> {
  if (!m.leader || m.leader.aadObjectId !== leaderAadObjectId) return fail("NOT_THE_LEADER");
  if (m.phase === "closed" || m.closing?.closedAt) return fail("WRONG_PHASE", { phase: "closed" });
  const state = m.leaderState ?? NO_LEADER_STATE;
  // Asked once is asked: the coordinator sees one flag however often the leader presses.
  if (state.mentorChangeRequestedAt) return fail("NO_CHANGES");
  return ok({ ...m, leaderState: { ...state, mentorChangeRequestedAt: now.toISOString() } });
}
