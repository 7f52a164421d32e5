/**
 * Kristiansand's mentor programme for new staff in its omsorgssentre (seed 004): a fixed cadence —
 * weekly talks in weeks 3–6, every 14 days in weeks 7–18, monthly in weeks 19–52 — and the
 * leader's probation talks after 14 days, 2 months and 4–5 months.
 */
import { type CadenceBand, type SeriesPlan, type Slot, bandPlan, meetingsInCadence } from "../cadence";
import { addDays, addMonths } from "../calendarMath";
import type { IsoDate } from "../dates";
import type { ProgrammePolicy } from "./policy";
import { KRISTIANSAND_INTRODUCTION } from "./introductionTemplates";
import { KRISTIANSAND_THEMES } from "./themes";

const CADENCE: readonly CadenceBand[] = [
  { fromWeek: 3, toWeek: 6, every: { weeks: 1 } },
  { fromWeek: 7, toWeek: 18, every: { weeks: 2 } },
  { fromWeek: 19, toWeek: 52, every: { months: 1 } },
];

/** One series per band (keys "kristiansand-w3-6", "-w7-18", "-w19-52"; Oslo time, Norwegian holidays). */
export function kristiansandPlan(firstWorkingDay: IsoDate, slot: Slot): SeriesPlan[] {
  return bandPlan({ keyPrefix: "kristiansand", bands: CADENCE, firstWorkingDay, slot, timeZone: "Europe/Oslo", country: "NO" });
}

export const kristiansand: ProgrammePolicy = {
  id: "kristiansand",
  timeZone: "Europe/Oslo",
  country: "NO",
  wording: "kristiansand",
  introductionMonths: null,
  mentoringMonths: null,
  cadence: CADENCE,
  meetingMinutes: { min: 30, max: 60, default: 45 },
  defaultMeetingCount: meetingsInCadence(CADENCE),
  agendaLeadHours: 24,
  milestones: [
    { key: "probation14d", afterDays: 14 },
    { key: "probation2m", afterMonths: [2, 2] },
    { key: "probation4to5m", afterMonths: [4, 5] },
  ],
  leaderHeadsUpMonths: 2,
  introduction: KRISTIANSAND_INTRODUCTION,
  themes: KRISTIANSAND_THEMES,
  suggestedPurpose: {
    da:
      "- give den nyansatte en tryg start med støtte i udfordringer og problemer\n" +
      "- skabe rum for faglig refleksion, udvikling og mestring",
    nb:
      "- gi den nyansatte en trygg oppstart med støtte i utfordringer og problemer\n" +
      "- skape rom for faglig refleksjon, utvikling og mestring",
    en:
      "- give the new employee a safe start, with support in challenges and problems\n" +
      "- make room for professional reflection, growth and mastery",
  },
  // "Mentor ... skal støtte, veilede og guide deg som nyansatt" (seed 004).
  mentorRoles: ["supporter", "counsellor", "guide"],
  // Reflection on practice, the quality system's routines with the training plan, "hva som er godt nok".
  tools: ["practiceReflection", "qualitySystem", "goodEnough"],
  // Where seed 004 says something of its own: a safe start, shifts, confidential talks, bringing
  // something from practice, the quality system and training plan, "hva som er godt nok", the working day.
  ownExamples: ["purpose", "timeAndPlace", "framesOther", "confidentiality", "preparation", "shortTermGoals", "longTermIdeas", "learningOther"],
  // Weeks 1–2 start-up, weeks 3–52 learning, the last month of the 52 weeks closing.
  phases(fwd) {
    const end = addDays(fwd, 52 * 7);
    const closingStart = addMonths(end, -1);
    return { startUp: { start: fwd, end: addDays(fwd, 14) }, learning: { start: addDays(fwd, 14), end: closingStart }, closing: { start: closingStart, end } };
  },
  series: (input) => kristiansandPlan(input.firstWorkingDay, input.slot),
  // "Uke 52": the first day of the programme's week 52 from the first working day.
  closingDue: (input) => addDays(input.firstWorkingDay, 51 * 7),
};
