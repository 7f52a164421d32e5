import type { JournalEntry } from "../domain/journal";

/**
 * Issue 13: what the rest of the app may ask of the mentee's journal — only on the mentee's own
 * behalf (their export, their erasure) or the retention job's. The journal's repository itself is
 * private to src/app/journal (an architecture test holds that); this is its only public face.
 */
export interface JournalRights {
  /** The mentee's entries, decrypted, for the mentee's own export only (never anyone else's). */
  exportOf(tenantId: string, menteeAadObjectId: string): Promise<JournalEntry[]>;
  /** Deletes every entry of the mentee (their erasure); returns how many. */
  eraseOf(tenantId: string, menteeAadObjectId: string): Promise<number>;
  /** Deletes every entry written in one mentorship (retention after closing, a coordinator's erasure); returns how many. */
  purgeMentorship(tenantId: string, menteeAadObjectId: string, mentorshipId: string): Promise<number>;
}
