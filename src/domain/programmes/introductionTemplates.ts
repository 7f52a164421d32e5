/**
 * The built-in programmes' introduction schemes (seed 002 pp. 5–9 for KL/DS; seed 004's training
 * shifts, quality system and checklist for Kristiansand). Filled by the introduction engineer (issue 12);
 * until then the built-ins offer no introduction.
 */
import type { IntroductionTemplate } from "../introduction";

export const KLDS_INTRODUCTION: IntroductionTemplate | null = null;
export const KRISTIANSAND_INTRODUCTION: IntroductionTemplate | null = null;
