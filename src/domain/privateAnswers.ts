/**
 * What one party answers privately, in their personal chat with the app: the pairing check after
 * the first held meeting, and the three ratings of the scheme at closing. Never shown per person:
 * the other party, the coordinator and the leader never see it. The coordinator sees only a flag
 * without a name ("check the pairing", on the mentorship as `pairingConcernAt`) and aggregates of
 * at least 5 people (src/domain/statistics.ts).
 */
import type { Party } from "./agreement";

export const PairingAnswers = ["yes", "unsure", "no"] as const;
export type PairingAnswer = (typeof PairingAnswers)[number];

/** A rating on a 1–5 scale. */
export type Score = 1 | 2 | 3 | 4 | 5;

export interface Ratings {
  /** Useful for me. */
  readonly useful: Score;
  /** Well run. */
  readonly wellRun: Score;
  /** Would recommend being a mentor / a mentee. */
  readonly recommend: Score;
  /** Optional; used only in the programme's aggregated statistics, never shown with text to anyone. */
  readonly comment: string;
  readonly at: string;
}

export const RATING_COMMENT_LIMIT = 1000;

export interface PrivateAnswers {
  readonly tenantId: string;
  readonly mentorshipId: string;
  readonly party: Party;
  readonly aadObjectId: string;
  readonly pairing: { readonly answer: PairingAnswer; readonly at: string } | null;
  readonly ratings: Ratings | null;
}
