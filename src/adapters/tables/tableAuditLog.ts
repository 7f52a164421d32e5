import { randomBytes } from "node:crypto";
import { type TableClient, TableTransaction, odata } from "@azure/data-tables";
import type { AuditEntry, AuditLog } from "../../ports/audit";
import { AUDIT_COLUMNS, AUDIT_ENTRY_PREFIX, auditEntity, auditEntryKey, auditPersonKey, auditPersonPrefix, readAuditEntry } from "./rows/audit";
import { isUsableKey, rangeOf } from "./rows/keys";
import { type StorageProfile, isStatus, tableClientFor } from "./tableClient";

/** Azure: at most 100 operations in one transaction (an entry and its index rows are one). */
const MAX_TRANSACTION = 100;
/** More people than this on one entry is a caller's bug: a mentorship names at most a handful. */
const MAX_ABOUT = MAX_TRANSACTION - 1;

/**
 * The audit log in Azure Table Storage, in its own table (`${TABLE_NAME}audit`), one partition per
 * tenant (rows/audit.ts). Append-only: rows are only ever inserted, and removed by retention
 * (`purgeBefore`); there is no update. An entry and the rows that find it under each person it is
 * about are written in one transaction, so the export never sees one without the other.
 */
export class TableAuditLog implements AuditLog {
  private sequence = 0;

  constructor(private readonly client: TableClient) {}

  static fromConnectionString(connectionString: string, tableName: string, profile: StorageProfile = "background"): TableAuditLog {
    return new TableAuditLog(tableClientFor(connectionString, `${tableName}audit`, profile));
  }

  async ensureTable(): Promise<void> {
    try {
      await this.client.createTable();
    } catch (err) {
      if (!isStatus(err, 409)) throw err;
    }
  }

  async append(entry: AuditEntry, about: readonly string[] = []): Promise<void> {
    const people = [...new Set([...(entry.subjectId ? [entry.subjectId] : []), ...about].filter((p) => p !== ""))];
    if (people.length > MAX_ABOUT) throw new RangeError(`an audit entry about ${people.length} people does not fit one transaction`);
    if (!isUsableKey(entry.tenantId)) throw new RangeError("an audit entry needs a usable tenant id");
    // Keys sort by time only in one format: the instant as toISOString writes it.
    const at = new Date(entry.at).toISOString();
    // Time first, then this process's sequence and randomness: entries of the same millisecond never
    // collide, and this process's keep the order they were written in.
    const n = `${(this.sequence++ % 0xffffffff).toString(16).padStart(8, "0")}${randomBytes(4).toString("hex")}`;
    const tx = new TableTransaction();
    const row = { ...entry, at };
    tx.createEntity(auditEntity(auditEntryKey(at, n), row, people));
    for (const p of people) tx.createEntity(auditEntity(auditPersonKey(p, at, n), row, people));
    await this.client.submitTransaction(tx.actions);
  }

  async about(tenantId: string, personId: string): Promise<AuditEntry[]> {
    if (!isUsableKey(tenantId)) return [];
    const { from, to } = rangeOf(auditPersonPrefix(personId));
    const out: AuditEntry[] = [];
    for await (const e of this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${tenantId} and RowKey ge ${from} and RowKey lt ${to}`, select: AUDIT_COLUMNS } })) {
      out.push(readAuditEntry(tenantId, e).entry);
    }
    return out;
  }

  async purgeBefore(tenantId: string, before: Date): Promise<number> {
    if (!isUsableKey(tenantId)) return 0;
    // Every entry older than `before` is one key range; its index rows are named in it.
    const from = AUDIT_ENTRY_PREFIX;
    const to = `${AUDIT_ENTRY_PREFIX}${before.toISOString()}`;
    // An entry's rows go in one transaction (their own index rows with them), so a purge cut short
    // leaves whole entries, which the next run finds again.
    const groups: string[][] = [];
    for await (const e of this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${tenantId} and RowKey ge ${from} and RowKey lt ${to}`, select: [...AUDIT_COLUMNS, "RowKey"] } })) {
      const { entry, about } = readAuditEntry(tenantId, e);
      const n = e.rowKey!.slice(e.rowKey!.lastIndexOf("|") + 1);
      groups.push([...about.map((p) => auditPersonKey(p, entry.at, n)), e.rowKey!]);
    }
    let batch: string[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const tx = new TableTransaction();
      for (const k of batch) tx.deleteEntity(tenantId, k);
      batch = [];
      await this.client.submitTransaction(tx.actions);
    };
    for (const g of groups) {
      if (batch.length + g.length > MAX_TRANSACTION) await flush();
      batch.push(...g);
    }
    await flush();
    return groups.length;
  }
}
