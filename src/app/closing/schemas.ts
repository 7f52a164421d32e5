import { z } from "zod";
import { ClosingReasons, EvaluationTextLimits, type EvaluationInput, GoalStatuses } from "../../domain/closing";
import { cleanText } from "../agreement/schemas";

const id = z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9._:@-]+$/);
const versionNumber = z
  .union([z.number(), z.string().trim().regex(/^\d+$/)])
  .transform((v) => Number(v))
  .pipe(z.number().int().min(1).max(1_000_000));
/** Clients leave empty inputs out of the action data (the Playground does): absent means empty. */
const absentIsEmpty = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === undefined ? "" : v), schema);
/** A fingerprint of the card's parts as shown (src/domain/closing.ts): short ids, never text. */
const shown = z
  .record(z.string().regex(/^[A-Za-z]+(\.\d{1,4})?$/).max(40), z.string().regex(/^[0-9a-z]{1,13}$/))
  .refine((o) => Object.keys(o).length <= 2000)
  .optional();
const toggle = z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]);

/** closing.start: the choice of reason (absent, or `step: "choose"`: show the choice again). */
export const ClosingStartSchema = z.object({ mentorshipId: id, reason: z.enum(ClosingReasons).optional(), step: z.literal("choose").optional() });
export const ClosingConfirmStartSchema = z.object({ mentorshipId: id, reason: z.enum(ClosingReasons) });
export const EvaluationConsentSchema = z.object({ mentorshipId: id, shareWithLeader: toggle });

export const EvaluationInputIds = ["worked", "couldBeBetter", "recommendations"] as const;
const goalStatusKey = (i: number) => `goalStatus.${i}`;
const goalCommentKey = (i: number) => `goalComment.${i}`;

/** Whether the action data carries the evaluation's inputs at all (Teams sends a card's inputs with every action). */
export function hasEvaluationInputs(data: Readonly<Record<string, unknown>>, goals: number): boolean {
  return EvaluationInputIds.some((k) => Object.hasOwn(data, k)) || Array.from({ length: goals }, (_, i) => i).some((i) => Object.hasOwn(data, goalStatusKey(i)) || Object.hasOwn(data, goalCommentKey(i)));
}

/** The evaluation card's inputs for a mentorship whose evaluation has `goals` goals, cleaned like the agreement's. */
export function evaluationInputSchema(goals: number): z.ZodType<EvaluationInput> {
  const shape: Record<string, z.ZodType> = {
    worked: absentIsEmpty(cleanText(EvaluationTextLimits.worked)),
    couldBeBetter: absentIsEmpty(cleanText(EvaluationTextLimits.couldBeBetter)),
    recommendations: absentIsEmpty(cleanText(EvaluationTextLimits.recommendations)),
  };
  for (let i = 0; i < goals; i++) {
    shape[goalStatusKey(i)] = absentIsEmpty(z.union([z.literal(""), z.enum(GoalStatuses)]));
    shape[goalCommentKey(i)] = absentIsEmpty(cleanText(EvaluationTextLimits.goalComment));
  }
  return z.object(shape).transform((v: Record<string, unknown>) => ({
    worked: v["worked"] as string,
    couldBeBetter: v["couldBeBetter"] as string,
    recommendations: v["recommendations"] as string,
    goals: Array.from({ length: goals }, (_, i) => ({ status: (v[goalStatusKey(i)] || null) as EvaluationInput["goals"][number]["status"], comment: v[goalCommentKey(i)] as string })),
  })) as unknown as z.ZodType<EvaluationInput>;
}

export const EvaluationSaveSchema = z.object({ mentorshipId: id, baseVersion: versionNumber, shown, shareWithLeader: toggle.optional() });
export const EvaluationConfirmSchema = z.object({ mentorshipId: id, version: versionNumber, shown, shareWithLeader: toggle.optional() });

/** A refusal's field without a goal's index ("goalComment.3" → "goalComment"), so it is named by its label. */
export function fieldOf(field: string): string {
  return field.replace(/\.\d+$/, "");
}
