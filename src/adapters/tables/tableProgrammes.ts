import { type TableClient, odata } from "@azure/data-tables";
import type { ProgrammeVersion } from "../../domain/programmeDefinition";
import type { ProgrammeStore } from "../../ports/programmes";
import type { SaveOutcome } from "../../ports/store";
import { isUsableKey, rangeOf } from "./rows/keys";
import { PROGRAMME_ID, programmeEntity, programmePrefix, programmeVersionKey, programmesPrefix, readProgramme } from "./rows/programme";
import { type StorageProfile, isStatus, putRow, tableClientFor } from "./tableClient";

/**
 * A tenant's own programmes in the mentorships' table: one row per version in the tenant's
 * partition (`prog|{id}|v|{000001}`). A version is only ever inserted, so "save on top of the
 * version I loaded" is the insert of the next number: whoever inserts it first wins.
 */
export class TableProgrammes implements ProgrammeStore {
  constructor(private readonly client: TableClient) {}

  static fromConnectionString(connectionString: string, tableName: string, profile: StorageProfile = "interactive"): TableProgrammes {
    return new TableProgrammes(tableClientFor(connectionString, tableName, profile));
  }

  private async range(tenantId: string, prefix: string): Promise<ProgrammeVersion[]> {
    if (!isUsableKey(tenantId)) return [];
    const { from, to } = rangeOf(prefix);
    const out: ProgrammeVersion[] = [];
    for await (const e of this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${tenantId} and RowKey ge ${from} and RowKey lt ${to}` } })) {
      out.push(readProgramme(e));
    }
    return out;
  }

  async listProgrammes(tenantId: string): Promise<ProgrammeVersion[]> {
    const newest = new Map<string, ProgrammeVersion>();
    for (const p of await this.range(tenantId, programmesPrefix)) {
      const known = newest.get(p.id);
      if (!known || known.version < p.version) newest.set(p.id, p);
    }
    return [...newest.values()].sort((a, b) => (a.savedAt < b.savedAt ? -1 : a.savedAt > b.savedAt ? 1 : a.id < b.id ? -1 : 1));
  }

  async getProgramme(tenantId: string, id: string, version?: number): Promise<ProgrammeVersion | null> {
    if (!PROGRAMME_ID.test(id) || !isUsableKey(tenantId)) return null;
    if (version === undefined) return (await this.range(tenantId, programmePrefix(id))).reduce<ProgrammeVersion | null>((a, b) => (a && a.version > b.version ? a : b), null);
    if (!Number.isInteger(version) || version < 1) return null;
    try {
      return readProgramme(await this.client.getEntity<Record<string, unknown>>(tenantId, programmeVersionKey(id, version)));
    } catch (err) {
      if (isStatus(err, 404)) return null;
      throw err;
    }
  }

  async addProgrammeVersion(tenantId: string, version: ProgrammeVersion): Promise<SaveOutcome> {
    if (!PROGRAMME_ID.test(version.id) || !isUsableKey(tenantId)) return "conflict";
    return (await putRow(this.client, programmeEntity(tenantId, version), null)).outcome;
  }
}
