/**
 * KL & Dansk Socialrådgiverforening, "Nøglen til en god start" (seeds 000–002): newly graduated
 * social workers; an introduction in months 0–3, the mentor scheme in months 3–12 with the number
 * of meetings the pair agrees, the development talk with the leader at 12 months.
 */
import type { AgreementTool, MentorRole } from "../agreement";
import { type SeriesPlan, type Slot, spreadPlan } from "../cadence";
import { addMonths } from "../calendarMath";
import type { IsoDate } from "../dates";
import type { ProgrammePolicy } from "./policy";
import { KLDS_INTRODUCTION } from "./introductionTemplates";
import { KLDS_THEMES } from "./themes";

export const KLDS_ROLES: readonly MentorRole[] = ["supervisor", "coach", "adviser", "knowledgeSharer", "critic"];
export const KLDS_TOOLS: readonly AgreementTool[] = ["processJournal", "caseAnalysis", "coachingConversation"];

export interface KldsPlanInput {
  readonly firstWorkingDay: IsoDate;
  /** KL/DS meets in Copenhagen time whatever this says (a policy's series input carries the mentorship's zone). */
  readonly timeZone?: unknown;
  /** The day the collaboration agreement was accepted. */
  readonly agreedOn: IsoDate;
  readonly meetingCount: number;
  readonly slot: Slot;
}

/**
 * The agreed number of meetings spread over the mentor scheme, one weekly series (key "klds",
 * Copenhagen time, Danish holidays): from the later of month 3 and a week after the agreement,
 * to month 12 (see spreadPlan).
 */
export function kldsPlan(input: KldsPlanInput): SeriesPlan[] {
  const { timeZone: _ignored, ...rest } = input;
  return spreadPlan({ ...rest, key: "klds", months: [3, 12], daysAfterAgreement: 7, timeZone: "Europe/Copenhagen", country: "DK" });
}

/** Introduction (start-up) months 0–3, mentoring 3–12 with the last month as closing (development talk at 12). */
export function kldsPhases(fwd: IsoDate): ReturnType<ProgrammePolicy["phases"]> {
  return {
    startUp: { start: fwd, end: addMonths(fwd, 3) },
    learning: { start: addMonths(fwd, 3), end: addMonths(fwd, 11) },
    closing: { start: addMonths(fwd, 11), end: addMonths(fwd, 12) },
  };
}

/** "Month 12": the scheme's last month, which begins eleven months after the first working day (its closing window). */
export function kldsClosingDue(input: { readonly firstWorkingDay: IsoDate }): IsoDate {
  return addMonths(input.firstWorkingDay, 11);
}

export const klds: ProgrammePolicy = {
  id: "klds",
  timeZone: "Europe/Copenhagen",
  country: "DK",
  wording: "klds",
  introductionMonths: [0, 3],
  mentoringMonths: [3, 12],
  cadence: null, // agreed in the collaboration agreement
  meetingMinutes: { min: 30, max: 120, default: 60 },
  defaultMeetingCount: 9, // about monthly over the nine months of the mentor scheme
  agendaLeadHours: 24,
  milestones: [{ key: "developmentTalk", afterMonths: [12, 12] }],
  leaderHeadsUpMonths: 2,
  introduction: KLDS_INTRODUCTION,
  themes: KLDS_THEMES,
  suggestedPurpose: {
    da:
      "- sikre en effektiv ramme for faglig dialog med den nye socialrådgiver i de første perioder på arbejdspladsen\n" +
      "- styrke socialrådgiverens fagprofessionelle kompetenceudvikling",
    nb:
      "- sikre en god ramme for faglig dialog med den nye sosionomen i den første tiden på arbeidsplassen\n" +
      "- styrke sosionomens faglige kompetanseutvikling",
    en:
      "- provide an effective frame for professional dialogue with the new social worker in the first period at work\n" +
      "- strengthen the social worker's professional competence development",
  },
  mentorRoles: KLDS_ROLES,
  tools: KLDS_TOOLS,
  ownExamples: [],
  phases: kldsPhases,
  series: kldsPlan,
  closingDue: kldsClosingDue,
};
