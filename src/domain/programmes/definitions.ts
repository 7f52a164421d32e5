/**
 * The built-in programmes as definitions (data a coordinator copies), and the policy a definition
 * gives. The built-in policies themselves stay hand-written (klds.ts, kristiansand.ts); a test
 * proves `policyFromDefinition(KLDS_DEFINITION)` and `…(KRISTIANSAND_DEFINITION)` behave exactly as
 * they do, so a copy starts where the built-in is.
 */
import { bandPlan, meetingsInCadence, spreadPlan } from "../cadence";
import { type ProgrammeDefinition, afterOffset, phaseBounds } from "../programmeDefinition";
import type { ProgrammeId, ProgrammeWording } from "./ids";
import { klds } from "./klds";
import { kristiansand } from "./kristiansand";
import type { Milestone, ProgrammePolicy } from "./policy";

/** The built-in each wording borrows its agreement lists from (roles, tools, own examples). */
const BASES: Readonly<Record<ProgrammeWording, ProgrammePolicy>> = { klds, kristiansand };

export const KLDS_DEFINITION: ProgrammeDefinition = {
  name: { da: "KL og Dansk Socialrådgiverforening: Nøglen til en god start", nb: "KL og Dansk Socialrådgiverforening: Nøkkelen til en god start", en: "KL and the Danish Association of Social Workers: the key to a good start" },
  base: "klds",
  country: "DK",
  timeZone: "Europe/Copenhagen",
  cadence: { spread: { count: klds.defaultMeetingCount, months: [3, 12], daysAfterAgreement: 7 } },
  meetingMinutes: klds.meetingMinutes,
  agendaLeadHours: klds.agendaLeadHours,
  phases: { startUpEnds: { months: 3 }, closingStarts: { months: 11 }, ends: { months: 12 } },
  closingDue: { months: 11 },
  talks: klds.milestones,
  leaderHeadsUpMonths: klds.leaderHeadsUpMonths,
  introduction: klds.introduction,
  suggestedPurpose: klds.suggestedPurpose,
  themes: klds.themes,
};

export const KRISTIANSAND_DEFINITION: ProgrammeDefinition = {
  name: { da: "Kristiansand kommune: mentorordning for nyansatte", nb: "Kristiansand kommune: mentorordning for nyansatte", en: "Kristiansand municipality: mentoring for new staff" },
  base: "kristiansand",
  country: "NO",
  timeZone: "Europe/Oslo",
  cadence: { bands: kristiansand.cadence ?? [] },
  meetingMinutes: kristiansand.meetingMinutes,
  agendaLeadHours: kristiansand.agendaLeadHours,
  phases: { startUpEnds: { days: 14 }, closingStarts: { monthsBeforeEnd: 1 }, ends: { weeks: 52 } },
  closingDue: { weeks: 51 },
  talks: kristiansand.milestones,
  leaderHeadsUpMonths: kristiansand.leaderHeadsUpMonths,
  introduction: kristiansand.introduction,
  suggestedPurpose: kristiansand.suggestedPurpose,
  themes: kristiansand.themes,
};

/** The built-ins a coordinator can copy, by id. */
export const BuiltInDefinitions: Readonly<Partial<Record<ProgrammeId, ProgrammeDefinition>>> = { klds: KLDS_DEFINITION, kristiansand: KRISTIANSAND_DEFINITION };

/**
 * The policy a definition gives (a checked one: see checkDefinition). `id` is what the mentorship
 * stores as its programme ("custom" for a coordinator's own; a built-in's id for its definition).
 * Series keys: `${base}-w<from>-<to>` per band, "klds" for a spread (as the built-ins have them).
 */
export function policyFromDefinition(def: ProgrammeDefinition, version: number, id: ProgrammeId = "custom"): ProgrammePolicy & { readonly version: number } {
  const base = BASES[def.base];
  const cadence = def.cadence;
  const milestones: Milestone[] = def.talks.map((t) => ({
    key: t.key,
    ...(t.afterDays !== undefined ? { afterDays: t.afterDays } : {}),
    ...(t.afterMonths !== undefined ? { afterMonths: [t.afterMonths[0], t.afterMonths[1]] as const } : {}),
    ...(t.label ? { label: t.label } : {}),
  }));
  return {
    id,
    version,
    ...(id === "custom" ? { name: def.name } : {}),
    timeZone: def.timeZone,
    country: def.country,
    wording: def.base,
    introductionMonths: "spread" in cadence ? [0, cadence.spread.months[0]] : null,
    mentoringMonths: "spread" in cadence ? cadence.spread.months : null,
    cadence: "bands" in cadence ? cadence.bands : null,
    meetingMinutes: def.meetingMinutes,
    defaultMeetingCount: "bands" in cadence ? meetingsInCadence(cadence.bands) : cadence.spread.count,
    agendaLeadHours: def.agendaLeadHours,
    milestones,
    leaderHeadsUpMonths: def.leaderHeadsUpMonths,
    introduction: def.introduction,
    themes: def.themes,
    suggestedPurpose: def.suggestedPurpose,
    mentorRoles: base.mentorRoles,
    tools: base.tools,
    ownExamples: base.ownExamples,
    phases(fwd) {
      const b = phaseBounds(def.phases, fwd);
      return { startUp: { start: fwd, end: b.startUpEnds }, learning: { start: b.startUpEnds, end: b.closingStarts }, closing: { start: b.closingStarts, end: b.ends } };
    },
    series(input) {
      if ("bands" in cadence) return bandPlan({ keyPrefix: def.base, bands: cadence.bands, firstWorkingDay: input.firstWorkingDay, slot: input.slot, timeZone: def.timeZone, country: def.country });
      const { timeZone: _mentorshipZone, ...rest } = input;
      return spreadPlan({ ...rest, key: BASES.klds.id, months: cadence.spread.months, daysAfterAgreement: cadence.spread.daysAfterAgreement, timeZone: def.timeZone, country: def.country });
    },
    closingDue: (input) => afterOffset(input.firstWorkingDay, def.closingDue),
  };
}
