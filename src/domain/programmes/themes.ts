/**
 * The example themes / learning goals the agenda card suggests (seed 000/002: myndighedsrollen,
 * vidensbaseret praksis, vanskelige borgere; seed 004: the quality system's routines, ethics,
 * priorities, "hva som er godt nok"). Filled by the programme engineer (issue 12).
 */
import type { Localised } from "./policy";

export const KLDS_THEMES: readonly Localised[] = [];
export const KRISTIANSAND_THEMES: readonly Localised[] = [];
