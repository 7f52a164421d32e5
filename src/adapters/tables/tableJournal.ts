/**
 * Issue 13: the mentee's process journal in a table of its own (TABLE_NAME + "journal"), so that no
 * query of another feature can reach it, encrypted at rest with AES-256-GCM (Node's crypto) under a
 * key from config (JOURNAL_ENCRYPTION_KEY; in Azure an App Service setting that is a Key Vault
 * reference, infra/azure.bicep). A reader of the storage account sees ids, times and a sealed column,
 * never what the mentee wrote. Only the composition root builds this, and only src/app/journal uses
 * it (through JournalRepository; test/unit/architecture.test.ts holds that).
 */
import { type TableClient, TableTransaction, odata } from "@azure/data-tables";
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import type { JournalRepository } from "../../app/journal/journalRepository";
import type { JournalEntry } from "../../domain/journal";
import type { SaveOutcome, Stored } from "../../ports/store";
import { isUsableKey, rangeOf } from "./rows/keys";
import { JOURNAL_COLUMNS, type JournalRow, type SealedJournal, journalEntity, journalKey, journalPrefix, readJournalRow, sealedOf, sealedV1 } from "./rows/journal";
import { type StorageProfile, isStatus, putRow, tableClientFor } from "./tableClient";

const ALGORITHM = "aes-256-gcm";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT = "v1";

/** A sealed column that does not open with this key (another key, or changed bytes). Names nothing of the text. */
export class JournalSealError extends Error {
  override readonly name = "JournalSealError";
}

/**
 * AES-256-GCM with a fresh 96-bit IV per write and the row's identity as additional data:
 * "v1.<iv>.<tag>.<ciphertext>" in base64url. GCM's tag makes a changed byte (or a sealed text moved
 * into another mentee's row) fail to open rather than read as something else.
 */
export class JournalCipher {
  /** A short, non-secret fingerprint of the key, stored with each row (which key sealed it, for a rotation). */
  readonly keyId: string;

  private readonly key: Buffer;

  constructor(key: Uint8Array) {
    if (key.length !== 32) throw new Error("the journal key must be 32 bytes");
    this.key = Buffer.from(key);
    this.keyId = createHash("sha256").update("journal-key-id:").update(this.key).digest("hex").slice(0, 12);
  }

  /**
   * The loopback default when JOURNAL_ENCRYPTION_KEY is not set (config refuses that beyond loopback):
   * derived from the storage connection string and table name, so local data stays readable across
   * restarts of `npm start`. Not a secret worth the name: for the local stack only.
   */
  static localDefault(connectionString: string, tableName: string): JournalCipher {
    return new JournalCipher(Buffer.from(hkdfSync("sha256", connectionString, tableName, "mentor-app journal (local default)", 32)));
  }

  seal(plain: string, aad: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(aad, "utf8"));
    const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return [FORMAT, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
  }

  open(sealed: string, aad: string): string {
    const [format, iv, tag, body] = sealed.split(".");
    if (format !== FORMAT || !iv || !tag || body === undefined) throw new JournalSealError("not a sealed journal column");
    try {
      const decipher = createDecipheriv(ALGORITHM, this.key, Buffer.from(iv, "base64url"), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(aad, "utf8"));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
    } catch {
      throw new JournalSealError("the journal column does not open with this key");
    }
  }
}

/** The row's identity, sealed in with the text. */
const aadOf = (tenantId: string, menteeAadObjectId: string, id: string) => `${tenantId}|${menteeAadObjectId}|${id}`;

export class TableJournal implements JournalRepository {
  constructor(
    private readonly client: TableClient,
    private readonly cipher: JournalCipher,
  ) {}

  static fromConnectionString(connectionString: string, tableName: string, cipher: JournalCipher, profile: StorageProfile = "interactive"): TableJournal {
    return new TableJournal(tableClientFor(connectionString, tableName, profile), cipher);
  }

  async ensureTable(): Promise<void> {
    try {
      await this.client.createTable();
    } catch (err) {
      if (!isStatus(err, 409)) throw err;
    }
  }

  private entryOf(tenantId: string, row: JournalRow): JournalEntry {
    const text = this.cipher.open(row.sealed, aadOf(tenantId, row.menteeAadObjectId, row.id));
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new JournalSealError("the journal column holds no entry");
    }
    const sealed: SealedJournal = sealedV1.parse(parsed);
    return { id: row.id, tenantId, menteeAadObjectId: row.menteeAadObjectId, mentorshipId: row.mentorshipId, createdAt: row.createdAt, updatedAt: row.updatedAt, version: row.version, ...sealed };
  }

  async listOf(tenantId: string, menteeAadObjectId: string): Promise<Stored<JournalEntry>[]> {
    const prefix = journalPrefix(menteeAadObjectId);
    if (!isUsableKey(tenantId + prefix)) return [];
    const { from, to } = rangeOf(prefix);
    const out: Stored<JournalEntry>[] = [];
    for await (const e of this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${tenantId} and RowKey ge ${from} and RowKey lt ${to}`, select: JOURNAL_COLUMNS } })) {
      const row = readJournalRow(e);
      // The row key says whose it is; the column must agree (a row written by anything else is no entry of theirs).
      if (row.menteeAadObjectId !== menteeAadObjectId) continue;
      out.push({ value: this.entryOf(tenantId, row), etag: String(e.etag) });
    }
    return out;
  }

  async get(tenantId: string, menteeAadObjectId: string, id: string): Promise<Stored<JournalEntry> | null> {
    const key = journalKey(menteeAadObjectId, id);
    if (!isUsableKey(tenantId + key)) return null;
    try {
      const e = await this.client.getEntity<Record<string, unknown>>(tenantId, key, { queryOptions: { select: JOURNAL_COLUMNS } });
      const row = readJournalRow(e);
      if (row.menteeAadObjectId !== menteeAadObjectId || row.id !== id) return null;
      return { value: this.entryOf(tenantId, row), etag: e.etag };
    } catch (err) {
      if (isStatus(err, 404)) return null;
      throw err;
    }
  }

  async put(entry: JournalEntry, etag: string | null): Promise<SaveOutcome> {
    if (!isUsableKey(entry.tenantId + journalKey(entry.menteeAadObjectId, entry.id))) return "conflict";
    const sealed = this.cipher.seal(JSON.stringify(sealedOf(entry)), aadOf(entry.tenantId, entry.menteeAadObjectId, entry.id));
    return (await putRow(this.client, journalEntity(entry, this.cipher.keyId, sealed), etag)).outcome;
  }

  async delete(tenantId: string, menteeAadObjectId: string, id: string, etag?: string): Promise<boolean> {
    const key = journalKey(menteeAadObjectId, id);
    if (!isUsableKey(tenantId + key)) return false;
    try {
      await this.client.deleteEntity(tenantId, key, etag ? { etag } : {});
      return true;
    } catch (err) {
      if (isStatus(err, 404, 412)) return false;
      throw err;
    }
  }

  async deleteAll(tenantId: string, menteeAadObjectId: string, mentorshipId?: string): Promise<number> {
    const prefix = journalPrefix(menteeAadObjectId);
    if (!isUsableKey(tenantId + prefix)) return 0;
    const { from, to } = rangeOf(prefix);
    const keys: string[] = [];
    const filter = mentorshipId === undefined ? odata`PartitionKey eq ${tenantId} and RowKey ge ${from} and RowKey lt ${to}` : odata`PartitionKey eq ${tenantId} and RowKey ge ${from} and RowKey lt ${to} and mentorshipId eq ${mentorshipId}`;
    for await (const e of this.client.listEntities({ queryOptions: { filter, select: ["RowKey"] } })) keys.push(e.rowKey!);
    // A transaction holds at most 100 operations.
    for (let i = 0; i < keys.length; i += 100) {
      const tx = new TableTransaction();
      for (const k of keys.slice(i, i + 100)) tx.deleteEntity(tenantId, k);
      await this.client.submitTransaction(tx.actions);
    }
    return keys.length;
  }
}
