import type { Party } from "../domain/agreement";
import type { PrivateAnswers, Ratings } from "../domain/privateAnswers";
import type { SaveOutcome, Stored } from "./store";

/** One party's private answers (pairing check, ratings): one row per mentorship and party, read by nobody else. */
export interface PrivateAnswerStore {
  getPrivateAnswers(tenantId: string, mentorshipId: string, party: Party): Promise<Stored<PrivateAnswers> | null>;
  /** Inserts when `etag` is null (conflict if it exists), otherwise replaces only if unchanged. */
  putPrivateAnswers(answers: PrivateAnswers, etag: string | null): Promise<SaveOutcome>;
  /** Every rating given in a tenant, by mentorship and party only (no person), for the aggregated statistics. */
  listRatings(tenantId: string): Promise<{ readonly mentorshipId: string; readonly party: Party; readonly ratings: Ratings }[]>;
  /** Issue 13, a person's erasure: forgets one party's answers in one mentorship (the other party's stay); none is not an error. */
  deletePartyAnswers(tenantId: string, mentorshipId: string, party: Party): Promise<void>;
  /** Erases a mentorship's private answers (both parties); none is not an error. */
  deletePrivateAnswers(tenantId: string, mentorshipId: string): Promise<void>;
}
