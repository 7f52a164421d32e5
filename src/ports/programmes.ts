import type { ProgrammeVersion } from "../domain/programmeDefinition";
import type { SaveOutcome } from "./store";

/**
 * A tenant's own programmes (issue 12), one immutable row per version. A version once saved never
 * changes: a mentorship that started on it keeps a copy of its definition, and later versions reach
 * only mentorships started after them.
 */
export interface ProgrammeStore {
  /** The newest version of each of the tenant's programmes. */
  listProgrammes(tenantId: string): Promise<ProgrammeVersion[]>;
  /** One version of a programme; without `version`, the newest. Null: no such programme (in this tenant). */
  getProgramme(tenantId: string, id: string, version?: number): Promise<ProgrammeVersion | null>;
  /**
   * Adds a version: inserted only if that version does not exist yet, so of two editors who loaded
   * the same version one saves and the other gets "conflict" (a stale version).
   */
  addProgrammeVersion(tenantId: string, version: ProgrammeVersion): Promise<SaveOutcome>;
}
