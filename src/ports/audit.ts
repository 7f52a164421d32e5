/**
 * Issue 13: the audit log — an append-only record of who did what to whose data. Ids, a verb and a
 * time only: never content (no names, no text a person wrote, no card data). A DPO reads it through
 * a person's own export ("the audit entries about them") and the retention job keeps it
 * AUDIT_RETENTION_MONTHS (default 6).
 */

/** What was done. Reads and exports of the overview, erasures and refused access are always written. */
export const AuditVerbs = [
  // the coordinator's tab
  "overview.read", // the overview or statistics of a tenant was read (subject: none; the coordinator as actor)
  "csv.export", // the overview or statistics CSV was downloaded
  "mentorship.read", // a coordinator opened one mentorship's details
  "mentorship.erase", // a coordinator erased a whole mentorship
  "archiveHold.set",
  "archiveHold.cleared",
  // a person's data rights
  "data.export", // a person downloaded their own data
  "person.erase", // a person's erasure ran (their journal deleted, their name pseudonymised)
  // the journal: only that it was written or deleted, never what
  "journal.erase",
  // retention (actor "system")
  "retention.purge", // a closed mentorship purged after MENTORSHIP_RETENTION_MONTHS
  "retention.journal", // a closed mentorship's journal entries purged after JOURNAL_RETENTION_MONTHS
  // refused access to the tab API (401/403) or a card action from someone who is not a party
  "access.denied",
] as const;
export type AuditVerb = (typeof AuditVerbs)[number];

export interface AuditEntry {
  readonly tenantId: string;
  /** ISO instant (the app clock). */
  readonly at: string;
  /** Entra object id of who did it; "system" for the app's own jobs (retention). */
  readonly actorId: string;
  readonly verb: AuditVerb;
  /** The person whose data it concerns (Entra object id), when one person is concerned. */
  readonly subjectId?: string | null;
  /** The mentorship concerned, when one is. */
  readonly mentorshipId?: string | null;
  /** For access.denied: the HTTP status or refusal code; for purges: how many rows. Never text a person wrote. */
  readonly detail?: string | null;
}

export interface AuditLog {
  /**
   * Appends one entry; it is never changed afterwards. With `subjectId`, the entry is also found
   * under that person (and, for a mentorship, under each of its people the caller names in `about`).
   */
  append(entry: AuditEntry, about?: readonly string[]): Promise<void>;
  /** Every entry about a person (subject or named in `about`), oldest first: for their export. */
  about(tenantId: string, personId: string): Promise<AuditEntry[]>;
  /** Removes entries older than `before` (retention); returns how many. */
  purgeBefore(tenantId: string, before: Date): Promise<number>;
}
