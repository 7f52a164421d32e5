/**
 * Closing and evaluation (seed 001 "Afslutning": the pair "ser tilbage og evaluerer forløbet med
 * udgangspunkt i aftaler og … læringsmål"; the mentor's "anbefalinger til den nye socialrådgiver og
 * hendes leder"). The closing phase holds one evaluation that both parties edit (versions, like the
 * agreement) and confirm; when both have confirmed the mentorship is closed.
 *
 * The types are the shared contract of issue 11; the transitions live beside them.
 */
import type { Party } from "./agreement";

/** Why a mentorship ends. */
export const ClosingReasons = ["completed", "leftWorkplace", "endedByAgreement", "changedProgramme"] as const;
export type ClosingReason = (typeof ClosingReasons)[number];

/** Who opened the closing phase: the programme's clock (closing due), the mentor early, a coordinator from the tab. */
export type ClosingStarter = "programme" | "mentor" | "coordinator";

export const GoalStatuses = ["reached", "partly", "notYet"] as const;
export type GoalStatus = (typeof GoalStatuses)[number];

/** Where an evaluated learning goal comes from in the agreed agreement: one line of one of its two goal fields. */
export type GoalSource = "shortTermGoals" | "longTermIdeas";

export interface GoalEvaluation {
  /** The line of the agreed agreement, as it stood (trimmed). */
  readonly goal: string;
  readonly source: GoalSource;
  /** Null until someone chose. */
  readonly status: GoalStatus | null;
  readonly comment: string;
}

export interface EvaluationFields {
  readonly goals: readonly GoalEvaluation[];
  /** What worked well. */
  readonly worked: string;
  /** What could work better. */
  readonly couldBeBetter: string;
  /** The mentor's recommendations for further competence development (to the mentee; to the leader only with the mentee's consent). */
  readonly recommendations: string;
}

export const EvaluationTextLimits = { goalComment: 400, worked: 1000, couldBeBetter: 1000, recommendations: 1500 } as const;

export interface Confirmation {
  readonly version: number;
  readonly at: string;
}

export interface EvaluationState {
  /** Bumped by every saved edit; a confirmation is for one version. */
  readonly version: number;
  readonly fields: EvaluationFields;
  readonly editedBy: Party | "programme";
  readonly at: string;
  readonly confirmations: Readonly<Partial<Record<Party, Confirmation>>>;
  /** The mentee's consent that the leader may receive the recommendations (default off; only the mentee sets it). */
  readonly shareWithLeader: boolean;
  readonly shareWithLeaderAt: string | null;
}

export interface Closing {
  readonly reason: ClosingReason;
  readonly startedBy: ClosingStarter;
  readonly startedAt: string;
  /** The agreed agreement version the evaluation looks back at. */
  readonly agreementVersion: number;
  readonly evaluation: EvaluationState;
  /** When both confirmed and the mentorship closed (null while closing). */
  readonly closedAt: string | null;
}
