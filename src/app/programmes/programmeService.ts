/**
 * A coordinator's programmes (issue 12): the built-ins (data shipped in code) and the tenant's own,
 * copied from either and saved as new versions. Every call is for one tenant, and the tab API lets
 * only that tenant's coordinators in. Saving is conditional on the version the editor loaded.
 */
import { meetingsOf } from "../../domain/cadence";
import type { IsoDate } from "../../domain/dates";
import { isIsoDate } from "../../domain/dates";
import type { ProgrammeDefinition, ProgrammeVersion } from "../../domain/programmeDefinition";
import { BuiltInDefinitions, type DatedMilestone, type Localised, type PhaseTimeline, isProgrammeId, milestoneDates, phaseTimeline, policyFromDefinition } from "../../domain/programmes";
import { type Result, fail, ok } from "../../domain/result";
import type { ProgrammeStore } from "../../ports/programmes";
import { parseDefinition } from "./definitionSchema";

export interface ProgrammeEntry {
  readonly id: string;
  readonly builtIn: boolean;
  readonly version: number;
  readonly definition: ProgrammeDefinition;
  readonly savedAt: string | null;
}

export interface ProgrammePreview {
  readonly meetings: readonly { readonly date: IsoDate; readonly time: string; readonly minutes: number; readonly movedFrom: IsoDate | null }[];
  readonly phases: PhaseTimeline;
  readonly talks: readonly (DatedMilestone & { readonly label?: Localised })[];
  readonly timeZone: string;
}

/** The sample slot the preview lays the meetings out on: Tuesday 10:00 at the programme's default length. */
export const PREVIEW_SLOT = { weekday: 2, time: "10:00" } as const;

const builtIn = (id: string): ProgrammeEntry | null => {
  const definition = isProgrammeId(id) ? BuiltInDefinitions[id] : undefined;
  return definition ? { id, builtIn: true, version: 1, definition, savedAt: null } : null;
};
const own = (p: ProgrammeVersion): ProgrammeEntry => ({ id: p.id, builtIn: false, version: p.version, definition: p.definition, savedAt: p.savedAt });

export class ProgrammeService {
  constructor(
    private readonly store: ProgrammeStore,
    private readonly newId: () => string,
  ) {}

  /** The built-ins first, then the tenant's own (newest versions). */
  async list(tenantId: string): Promise<ProgrammeEntry[]> {
    const builtIns = Object.keys(BuiltInDefinitions).flatMap((id) => builtIn(id) ?? []);
    return [...builtIns, ...(await this.store.listProgrammes(tenantId)).map(own)];
  }

  async get(tenantId: string, id: string, version?: number): Promise<Result<ProgrammeEntry>> {
    const b = builtIn(id);
    if (b) return ok(b);
    const p = await this.store.getProgramme(tenantId, id, version);
    return p ? ok(own(p)) : fail("PROGRAMME_NOT_FOUND");
  }

  /** A copy of a built-in or of one of the tenant's own, as version 1 of a new programme. */
  async copy(tenantId: string, from: string, by: string, now: Date, renamed: (name: ProgrammeDefinition["name"]) => ProgrammeDefinition["name"]): Promise<Result<ProgrammeEntry>> {
    const source = await this.get(tenantId, from);
    if (!source.ok) return source;
    const version: ProgrammeVersion = { id: this.newId(), version: 1, definition: { ...source.value.definition, name: renamed(source.value.definition.name) }, savedAt: now.toISOString(), savedBy: by };
    const outcome = await this.store.addProgrammeVersion(tenantId, version);
    return outcome === "saved" ? ok(own(version)) : fail("PROGRAMME_STALE_VERSION");
  }

  /** The edited definition as the next version, if `loaded` is still the newest. */
  async save(tenantId: string, id: string, input: unknown, loaded: number, by: string, now: Date): Promise<Result<ProgrammeEntry>> {
    if (builtIn(id)) return fail("PROGRAMME_BUILT_IN");
    const current = await this.store.getProgramme(tenantId, id);
    if (!current) return fail("PROGRAMME_NOT_FOUND");
    const definition = parseDefinition(input);
    if (!definition.ok) return definition;
    if (current.version !== loaded) return fail("PROGRAMME_STALE_VERSION", { current: current.version });
    const next: ProgrammeVersion = { id, version: loaded + 1, definition: definition.value, savedAt: now.toISOString(), savedBy: by };
    const outcome = await this.store.addProgrammeVersion(tenantId, next);
    return outcome === "saved" ? ok(own(next)) : fail("PROGRAMME_STALE_VERSION");
  }

  /**
   * What a new mentorship on the tenant's programme keeps: the newest version's reference and its
   * definition. A built-in id is no coordinator's programme (the mentorship names it as its programme).
   */
  async forNewMentorship(tenantId: string, id: string): Promise<Result<{ programmeRef: { id: string; version: number }; programmeDefinition: ProgrammeDefinition }>> {
    if (builtIn(id)) return fail("PROGRAMME_BUILT_IN");
    const p = await this.store.getProgramme(tenantId, id);
    return p ? ok({ programmeRef: { id: p.id, version: p.version }, programmeDefinition: p.definition }) : fail("PROGRAMME_NOT_FOUND");
  }
}

/** The dates a definition gives for a sample first working day: meetings (Tuesday 10:00), phase windows, the leader's talks. */
export function previewDefinition(input: unknown, firstWorkingDay: unknown): Result<ProgrammePreview> {
  if (typeof firstWorkingDay !== "string" || !isIsoDate(firstWorkingDay)) return fail("INVALID_START_DATE");
  const def = parseDefinition(input);
  if (!def.ok) return def;
  const policy = policyFromDefinition(def.value, 0);
  const slot = { ...PREVIEW_SLOT, minutes: def.value.meetingMinutes.default };
  const series = policy.series({ firstWorkingDay, agreedOn: firstWorkingDay, meetingCount: policy.defaultMeetingCount, slot, timeZone: def.value.timeZone });
  const labels = new Map(policy.milestones.map((m) => [m.key, m.label]));
  return ok({
    meetings: meetingsOf(series).map((m) => ({ date: m.date, time: m.time, minutes: m.minutes, movedFrom: m.date === m.originalDate ? null : m.originalDate })),
    phases: phaseTimeline(policy, firstWorkingDay, `${firstWorkingDay}T00:00:00.000Z`),
    talks: milestoneDates(policy, firstWorkingDay).map((d) => {
      const label = labels.get(d.key);
      return label ? { ...d, label } : d;
    }),
    timeZone: def.value.timeZone,
  });
}
