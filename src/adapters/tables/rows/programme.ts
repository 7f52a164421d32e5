/**
 * One version of a tenant's programme (`prog|{id}|v|{000001}`, issue 12): immutable once written.
 * New in version 1 of its schema: `json` holds the ProgrammeVersion as the domain has it.
 */
import { z } from "zod";
import { programmeDefinitionSchema } from "../../../app/programmes/definitionSchema";
import type { ProgrammeVersion } from "../../../domain/programmeDefinition";
import { instant, text } from "./domainSchemas";
import { type SameKeys, SCHEMA_VERSION_COLUMN, jsonColumn, parseAs, unknownVersion, versionOf } from "./versioned";

export const PROGRAMME_SCHEMA_VERSION = 1;
export const programmesPrefix = "prog|";
export const programmePrefix = (id: string) => `${programmesPrefix}${id}|v|`;
export const programmeVersionKey = (id: string, version: number) => `${programmePrefix(id)}${String(version).padStart(6, "0")}`;
/** A programme id the app made ("own-…"): letters, digits and hyphens only, so it is a usable key. */
export const PROGRAMME_ID = /^[A-Za-z0-9-]{1,60}$/;

const programmeV1 = z.looseObject({
  id: text,
  version: z.number().int().min(1),
  definition: programmeDefinitionSchema,
  savedAt: instant,
  savedBy: text,
});

const _sameKeys: SameKeys<ProgrammeVersion, typeof programmeV1.shape> = true;
void _sameKeys;

export function readProgramme(entity: Readonly<Record<string, unknown>>): ProgrammeVersion {
  const version = versionOf(entity, "programme");
  if (version !== PROGRAMME_SCHEMA_VERSION) return unknownVersion("programme", version);
  return parseAs(programmeV1, jsonColumn(entity, "programme", version), "programme", version);
}

export function programmeEntity(tenantId: string, p: ProgrammeVersion) {
  return {
    partitionKey: tenantId,
    rowKey: programmeVersionKey(p.id, p.version),
    kind: "programme",
    [SCHEMA_VERSION_COLUMN]: PROGRAMME_SCHEMA_VERSION,
    json: JSON.stringify(p),
  };
}
