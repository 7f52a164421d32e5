import type { JournalEntry } from "../../src/domain/journal";
import type { JournalRights } from "../../src/ports/journal";

/**
 * Issue 13: an in-memory JournalRights for the use-case tests of erasure and retention, until the
 * journal's own branch (its encrypted table) is merged. Entries are ids and a title only.
 */
export class FakeJournal implements JournalRights {
  entries: JournalEntry[] = [];
  readonly calls: string[] = [];

  add(tenantId: string, menteeAadObjectId: string, mentorshipId: string, id: string): void {
    const at = "2027-01-01T00:00:00.000Z";
    this.entries.push({ id, tenantId, menteeAadObjectId, mentorshipId, date: "2027-01-01", title: `entry ${id}`, background: "", problems: "", caseSummary: "", other: "", log: [], reflection: "", createdAt: at, updatedAt: at, version: 1 });
  }

  async exportOf(tenantId: string, mentee: string): Promise<JournalEntry[]> {
    return this.entries.filter((e) => e.tenantId === tenantId && e.menteeAadObjectId === mentee);
  }

  async eraseOf(tenantId: string, mentee: string): Promise<number> {
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => !(e.tenantId === tenantId && e.menteeAadObjectId === mentee));
    return before - this.entries.length;
  }

  async purgeMentorship(tenantId: string, mentee: string, mentorshipId: string): Promise<number> {
    this.calls.push(`purge:${mentorshipId}`);
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => !(e.tenantId === tenantId && e.menteeAadObjectId === mentee && e.mentorshipId === mentorshipId));
    return before - this.entries.length;
  }

  idsOf(mentorshipId: string): string[] {
    return this.entries.filter((e) => e.mentorshipId === mentorshipId).map((e) => e.id);
  }
}
