/**
 * The programme policies: one per programme, the only code that knows programme ids. Everything
 * a programme decides — time zone, holidays, phase windows, meeting series, milestones, the
 * agreement's defaults — is asked of `programmeOf(id)` (or `Programmes[id]`).
 */
import type { AgreementFields, AgreementTool, MentorRole } from "../agreement";
import type { ProgrammeTimeZone } from "../cadence";
import { addDays, addMonths } from "../calendarMath";
import { isIsoDate } from "../dates";
import type { Language } from "../language";
import type { ProgrammeDefinition } from "../programmeDefinition";
import { custom } from "./custom";
import { policyFromDefinition } from "./definitions";
import { type ProgrammeId, isProgrammeId } from "./ids";
import { klds } from "./klds";
import { kristiansand } from "./kristiansand";
import type { DatedMilestone, PhaseTimeline, ProgrammePolicy } from "./policy";

export { type ProgrammeId, type ProgrammeWording, ProgrammeIds, isProgrammeId, programmeForLanguage } from "./ids";
export type { ActivePhase, ClosingDueInput, DatedMilestone, Localised, Milestone, PhaseTimeline, PhaseWindow, ProgrammePolicy, SeriesInput } from "./policy";
export { type CadenceBand, meetingsInCadence } from "../cadence";
export { type KldsPlanInput, kldsPlan } from "./klds";
export { kristiansandPlan } from "./kristiansand";
export { BuiltInDefinitions, KLDS_DEFINITION, KRISTIANSAND_DEFINITION, policyFromDefinition } from "./definitions";

export const Programmes: Readonly<Record<ProgrammeId, ProgrammePolicy>> = { klds, kristiansand, custom };

/**
 * The policy of a stored programme id. Summary rows carry the id as a plain string: one this
 * version does not know is treated as an organisation's own programme.
 */
export function programmeOf(id: string): ProgrammePolicy {
  return isProgrammeId(id) ? Programmes[id] : Programmes.custom;
}

/** A policy given as itself or by a stored programme id. */
const policyArg = (p: string | ProgrammePolicy): ProgrammePolicy => (typeof p === "string" ? programmeOf(p) : p);

/** The time zone a mentorship's dates are shown in. */
export function timeZoneFor(programme: string, language: Language | string): ProgrammeTimeZone {
  return programmeOf(programme).timeZone ?? (language === "nb" ? "Europe/Oslo" : "Europe/Copenhagen");
}

/**
 * The programme's expected phase windows from the first working day (see each policy's `phases`);
 * preparation runs from the mentorship's creation to the first working day. Bad dates (rows
 * written by hand or by older versions) fall back to the creation date, then to 1970-01-01.
 */
export function phaseTimeline(programme: string | ProgrammePolicy, firstWorkingDay: string, createdAt: string): PhaseTimeline {
  const createdDate = createdAt.slice(0, 10);
  const fwd = isIsoDate(firstWorkingDay) ? firstWorkingDay : isIsoDate(createdDate) ? createdDate : "1970-01-01";
  const created = isIsoDate(createdDate) ? createdDate : fwd;
  return { preparation: { start: created < fwd ? created : fwd, end: fwd }, ...policyArg(programme).phases(fwd) };
}

/** The programme's milestones (the leader's probation and development talks) as dates from the first working day. */
export function milestoneDates(programme: string | ProgrammePolicy, firstWorkingDay: string): DatedMilestone[] {
  if (!isIsoDate(firstWorkingDay)) return [];
  return policyArg(programme).milestones.map((m) => {
    if (m.afterMonths) return { key: m.key, from: addMonths(firstWorkingDay, m.afterMonths[0]), to: addMonths(firstWorkingDay, m.afterMonths[1]) };
    const day = addDays(firstWorkingDay, m.afterDays ?? 0);
    return { key: m.key, from: day, to: day };
  });
}

/**
 * The roles and tools a mentorship's agreement may hold: its programme's, plus any an existing
 * agreement already holds (stored before programmes had their own lists), so those are kept.
 */
export function agreementChoices(
  programme: ProgrammeId | ProgrammePolicy,
  current?: Pick<AgreementFields, "mentorRoles" | "tools">,
): { readonly mentorRoles: readonly MentorRole[]; readonly tools: readonly AgreementTool[] } {
  const own = policyArg(programme);
  const keep = <T>(offered: readonly T[], held: readonly T[] = []) => [...offered, ...held.filter((x) => !offered.includes(x))];
  return { mentorRoles: keep(own.mentorRoles, current?.mentorRoles), tools: keep(own.tools, current?.tools) };
}

/**
 * The policy a mentorship runs on: its coordinator's programme version when it has one (issue 12:
 * the programme engineer makes this read the definition), the built-in's otherwise. Features ask
 * this, not `Programmes[m.programme]`.
 */
export function policyOf(m: PolicyHolder): ProgrammePolicy {
  const def = m.programmeDefinition;
  if (!def) return programmeOf(m.programme);
  const cached = fromDefinitions.get(def);
  if (cached) return cached;
  const policy = policyFromDefinition(def, m.programmeRef?.version ?? 1);
  fromDefinitions.set(def, policy);
  return policy;
}

/**
 * What policyOf needs of a mentorship: its programme id, and for a coordinator's programme the
 * definition version it started on — kept on the mentorship itself (a snapshot, see the README's
 * design section), so the policy is there synchronously wherever the mentorship is.
 */
export interface PolicyHolder {
  readonly programme: string;
  readonly programmeRef?: { readonly id: string; readonly version: number } | null;
  readonly programmeDefinition?: ProgrammeDefinition | null;
}

/** Policies made from definitions, per definition object (a loaded mentorship's snapshot is one object). */
const fromDefinitions = new WeakMap<ProgrammeDefinition, ProgrammePolicy>();

/** The time zone a mentorship's dates are shown in (its programme's, or its language's when the programme has none). */
export function timeZoneOf(m: PolicyHolder & { readonly language: Language | string }): ProgrammeTimeZone {
  return policyOf(m).timeZone ?? (m.language === "nb" ? "Europe/Oslo" : "Europe/Copenhagen");
}
