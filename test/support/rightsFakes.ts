/**
 * In-memory fakes of issue 13's two ports, for the data-rights use case's tests until the journal
 * helper's repository and helper A's TableAuditLog are merged: they behave as the ports promise
 * (the journal keyed by mentee, the audit log append-only and found by subject or `about`).
 */
import type { JournalEntry } from "../../src/domain/journal";
import type { AuditEntry, AuditLog } from "../../src/ports/audit";
import type { JournalRights } from "../../src/ports/journal";

export class MemoryJournal implements JournalRights {
  readonly entries: JournalEntry[] = [];
  readonly calls: string[] = [];

  async exportOf(tenantId: string, menteeAadObjectId: string): Promise<JournalEntry[]> {
    this.calls.push(`exportOf:${menteeAadObjectId}`);
    return this.entries.filter((e) => e.tenantId === tenantId && e.menteeAadObjectId === menteeAadObjectId).map((e) => ({ ...e }));
  }

  async eraseOf(tenantId: string, menteeAadObjectId: string): Promise<number> {
    this.calls.push(`eraseOf:${menteeAadObjectId}`);
    return this.remove((e) => e.tenantId === tenantId && e.menteeAadObjectId === menteeAadObjectId);
  }

  async purgeMentorship(tenantId: string, menteeAadObjectId: string, mentorshipId: string): Promise<number> {
    return this.remove((e) => e.tenantId === tenantId && e.menteeAadObjectId === menteeAadObjectId && e.mentorshipId === mentorshipId);
  }

  private remove(match: (e: JournalEntry) => boolean): number {
    const before = this.entries.length;
    for (let i = this.entries.length - 1; i >= 0; i--) if (match(this.entries[i]!)) this.entries.splice(i, 1);
    return before - this.entries.length;
  }
}

export class MemoryAuditLog implements AuditLog {
  readonly lines: { entry: AuditEntry; about: readonly string[] }[] = [];

  async append(entry: AuditEntry, about: readonly string[] = []): Promise<void> {
    this.lines.push({ entry: { ...entry }, about: [...about] });
  }

  async about(tenantId: string, personId: string): Promise<AuditEntry[]> {
    return this.lines.filter((l) => l.entry.tenantId === tenantId && (l.entry.subjectId === personId || l.about.includes(personId))).map((l) => l.entry).sort((a, b) => a.at.localeCompare(b.at));
  }

  async purgeBefore(tenantId: string, before: Date): Promise<number> {
    const keep = this.lines.filter((l) => l.entry.tenantId !== tenantId || l.entry.at >= before.toISOString());
    const removed = this.lines.length - keep.length;
    this.lines.splice(0, this.lines.length, ...keep);
    return removed;
  }
}

export function journalEntry(o: Partial<JournalEntry> & Pick<JournalEntry, "id" | "tenantId" | "menteeAadObjectId" | "mentorshipId">): JournalEntry {
  return {
    date: "2026-02-01",
    title: "Samtale",
    background: "",
    problems: "",
    caseSummary: "",
    other: "",
    log: [],
    reflection: "",
    createdAt: "2026-02-01T10:00:00.000Z",
    updatedAt: "2026-02-01T10:00:00.000Z",
    version: 1,
    ...o,
  };
}
