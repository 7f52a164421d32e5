/**
 * Issue 13: the journal's own store — private to src/app/journal (an architecture test holds that
 * only the journal's use cases import it, besides the composition root that builds it). The table
 * adapter (src/adapters/tables/tableJournal.ts) keeps it in a table of its own, encrypted, one
 * partition per tenant; no other feature's query reaches it.
 */
import type { JournalEntry } from "../../domain/journal";
import type { SaveOutcome, Stored } from "../../ports/store";

export interface JournalRepository {
  /** Every entry of one mentee in a tenant (decrypted), in no particular order. */
  listOf(tenantId: string, menteeAadObjectId: string): Promise<Stored<JournalEntry>[]>;
  /** One entry of one mentee; null when there is none (another mentee's id finds none). */
  get(tenantId: string, menteeAadObjectId: string, id: string): Promise<Stored<JournalEntry> | null>;
  /** Writes an entry: etag null creates it (a "conflict" when it exists), an etag replaces exactly that version. */
  put(entry: JournalEntry, etag: string | null): Promise<SaveOutcome>;
  /** Deletes one entry (with the ETag read, or any version); false when it was not there. */
  delete(tenantId: string, menteeAadObjectId: string, id: string, etag?: string): Promise<boolean>;
  /** Deletes every entry of the mentee, or only those written in one mentorship; returns how many. */
  deleteAll(tenantId: string, menteeAadObjectId: string, mentorshipId?: string): Promise<number>;
}
