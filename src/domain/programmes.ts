import type { AgreementFields, AgreementTextField, AgreementTool, MentorRole } from "./agreement";
import type { Language } from "./language";

export const ProgrammeIds = ["klds", "kristiansand", "custom"] as const;
export type ProgrammeId = (typeof ProgrammeIds)[number];

type Localised = Readonly<Record<Language, string>>;

/** A cadence band: meetings every `everyWeeks` weeks (or monthly) from week `fromWeek` to `toWeek`, counted from the first working day. */
export interface CadenceBand {
  readonly fromWeek: number;
  readonly toWeek: number;
  readonly every: { readonly weeks: number } | { readonly months: 1 };
}

/** A milestone outside the pair's meetings, e.g. the leader's probation talks. */
export interface Milestone {
  readonly key: "probation14d" | "probation2m" | "probation4to5m" | "developmentTalk";
  readonly afterDays?: number;
  readonly afterMonths?: readonly [number, number];
}

export interface ProgrammeTemplate {
  readonly id: ProgrammeId;
  readonly timeZone: "Europe/Copenhagen" | "Europe/Oslo" | null;
  readonly country: "DK" | "NO" | null;
  /** Months after the first working day: [start, end) of each part. */
  readonly introductionMonths: readonly [number, number] | null;
  readonly mentoringMonths: readonly [number, number] | null;
  readonly cadence: readonly CadenceBand[] | null;
  readonly meetingMinutes: { readonly min: number; readonly max: number; readonly default: number };
  readonly defaultMeetingCount: number;
  readonly milestones: readonly Milestone[];
  readonly suggestedPurpose: Localised;
  /** The mentor roles and tools the agreement offers: each programme names its own. */
  readonly mentorRoles: readonly MentorRole[];
  readonly tools: readonly AgreementTool[];
  /** Fields whose example (the input's placeholder) is the programme's own; the others use KL/DS's (seed 000). */
  readonly ownExamples: readonly AgreementTextField[];
}

const KLDS_ROLES: readonly MentorRole[] = ["supervisor", "coach", "adviser", "knowledgeSharer", "critic"];
const KLDS_TOOLS: readonly AgreementTool[] = ["processJournal", "caseAnalysis", "coachingConversation"];

/** Number of meetings a cadence gives, counting week by week from the first working day. */
export function meetingsInCadence(bands: readonly CadenceBand[]): number {
  let total = 0;
  for (const band of bands) {
    const weeks = band.toWeek - band.fromWeek + 1;
    total += "weeks" in band.every ? Math.ceil(weeks / band.every.weeks) : Math.round(weeks / (52 / 12));
  }
  return total;
}

const KRISTIANSAND_CADENCE: readonly CadenceBand[] = [
  { fromWeek: 3, toWeek: 6, every: { weeks: 1 } },
  { fromWeek: 7, toWeek: 18, every: { weeks: 2 } },
  { fromWeek: 19, toWeek: 52, every: { months: 1 } },
];

export const Programmes: Readonly<Record<ProgrammeId, ProgrammeTemplate>> = {
  klds: {
    id: "klds",
    timeZone: "Europe/Copenhagen",
    country: "DK",
    introductionMonths: [0, 3],
    mentoringMonths: [3, 12],
    cadence: null, // agreed in the collaboration agreement
    meetingMinutes: { min: 30, max: 120, default: 60 },
    defaultMeetingCount: 9, // about monthly over the nine months of the mentor scheme
    milestones: [{ key: "developmentTalk", afterMonths: [12, 12] }],
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
  },
  kristiansand: {
    id: "kristiansand",
    timeZone: "Europe/Oslo",
    country: "NO",
    introductionMonths: null,
    mentoringMonths: null,
    cadence: KRISTIANSAND_CADENCE,
    meetingMinutes: { min: 30, max: 60, default: 45 },
    defaultMeetingCount: meetingsInCadence(KRISTIANSAND_CADENCE),
    milestones: [
      { key: "probation14d", afterDays: 14 },
      { key: "probation2m", afterMonths: [2, 2] },
      { key: "probation4to5m", afterMonths: [4, 5] },
    ],
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
  },
  custom: {
    id: "custom",
    timeZone: null, // follows the mentorship's language
    country: null,
    introductionMonths: null,
    mentoringMonths: null,
    cadence: null,
    meetingMinutes: { min: 15, max: 180, default: 60 },
    defaultMeetingCount: 10,
    milestones: [],
    suggestedPurpose: { da: "", nb: "", en: "" },
    mentorRoles: KLDS_ROLES,
    tools: KLDS_TOOLS,
    ownExamples: [],
  },
};

export function isProgrammeId(value: unknown): value is ProgrammeId {
  return typeof value === "string" && (ProgrammeIds as readonly string[]).includes(value);
}

/** The time zone a mentorship's dates are shown in. */
export function timeZoneFor(programme: ProgrammeId, language: Language): "Europe/Copenhagen" | "Europe/Oslo" {
  return Programmes[programme].timeZone ?? (language === "nb" ? "Europe/Oslo" : "Europe/Copenhagen");
}

/**
 * The roles and tools a mentorship's agreement may hold: its programme's, plus any an existing
 * agreement already holds (stored before programmes had their own lists), so those are kept.
 */
export function agreementChoices(
  programme: ProgrammeId,
  current?: Pick<AgreementFields, "mentorRoles" | "tools">,
): { readonly mentorRoles: readonly MentorRole[]; readonly tools: readonly AgreementTool[] } {
  const own = Programmes[programme];
  const keep = <T>(offered: readonly T[], held: readonly T[] = []) => [...offered, ...held.filter((x) => !offered.includes(x))];
  return { mentorRoles: keep(own.mentorRoles, current?.mentorRoles), tools: keep(own.tools, current?.tools) };
}
