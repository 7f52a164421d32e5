/**
 * A programme of the organisation's own: KL/DS's calendar (its phases, its spread of the agreed
 * meetings, the same series key, so stored meetings keep theirs) with wider limits, no suggested
 * purpose and no milestones, in the mentorship's own zone: a Norwegian one meets in Oslo time and
 * keeps off Norway's holidays, a Danish one Copenhagen's and Denmark's.
 */
import { spreadPlan } from "../cadence";
import { addDays } from "../calendarMath";
import { countryOfZone } from "../holidays";
import { KLDS_ROLES, KLDS_TOOLS, kldsClosingDue, kldsPhases } from "./klds";
import type { ProgrammePolicy } from "./policy";


export const custom: ProgrammePolicy = {
  id: "custom",
  timeZone: null, // follows the mentorship's language
  country: null, // follows the zone
  wording: "klds",
  introductionMonths: null,
  mentoringMonths: null,
  cadence: null,
  meetingMinutes: { min: 15, max: 180, default: 60 },
  defaultMeetingCount: 10,
  agendaLeadHours: 24,
  milestones: [],
  leaderHeadsUpMonths: 2,
  introduction: null,
  themes: [],
  suggestedPurpose: { da: "", nb: "", en: "" },
  mentorRoles: KLDS_ROLES,
  tools: KLDS_TOOLS,
  ownExamples: [],
  phases: kldsPhases,
  series: (input) => spreadPlan({ ...input, key: "klds", months: [3, 12], daysAfterAgreement: 7, timeZone: input.timeZone, country: countryOfZone(input.timeZone) }),
  // No fixed length: the day after its last planned meeting; before a plan, KL/DS's month 12.
  closingDue: (input) => (input.lastPlannedMeeting ? addDays(input.lastPlannedMeeting, 1) : kldsClosingDue(input)),
};
