import type { Party } from "../domain/agreement";

export type PrivateQuestion = "pairing" | "ratings";

/**
 * That a private question was put to a party of a mentorship: the mark that makes each question
 * asked once, whatever job runs twice or late. Ids and a time only, never an answer.
 */
export interface QuestionMarks {
  /** Records the question as asked; false when it was asked already (nothing changes then). */
  markAsked(tenantId: string, mentorshipId: string, party: Party, question: PrivateQuestion, at: string): Promise<boolean>;
  /** Takes a mark back (the question could not be put after all: a retry asks it). */
  unmarkAsked(tenantId: string, mentorshipId: string, party: Party, question: PrivateQuestion): Promise<void>;
  wasAsked(tenantId: string, mentorshipId: string, party: Party, question: PrivateQuestion): Promise<boolean>;
}
