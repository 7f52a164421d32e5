/**
 * Issue 13: what the municipality keeps and for how long — the archive hold a coordinator sets, and
 * the dates retention purges on. Pure: (state, input, now) → result, and calendar arithmetic in UTC.
 */
import type { ArchiveHold, ArchiveHoldReason, Mentorship } from "./mentorship";
import { type Result, fail, ok } from "./result";

/** How long what is kept is kept, in months (config: MENTORSHIP_, JOURNAL_ and AUDIT_RETENTION_MONTHS). */
export interface RetentionSettings {
  readonly mentorshipMonths: number;
  readonly journalMonths: number;
  readonly auditMonths: number;
}

/** A coordinator sets (a reason) or clears (null) a mentorship's archive hold; setting the same reason again changes nothing. */
export function setArchiveHold(m: Mentorship, reason: ArchiveHoldReason | null, by: string, now: Date): Result<Mentorship> {
  const current = m.archiveHold ?? null;
  if (reason === null) {
    if (!current) return fail("NO_CHANGES");
    return ok({ ...m, archiveHold: null });
  }
  if (current?.reason === reason) return fail("NO_CHANGES");
  const hold: ArchiveHold = { reason, setBy: by, at: now.toISOString() };
  return ok({ ...m, archiveHold: hold });
}

/** A whole mentorship may be erased unless the municipality must keep it (the reason is said). */
export function mayErase(m: Pick<Mentorship, "archiveHold">): Result<null> {
  return m.archiveHold ? fail("ARCHIVE_HOLD_SET", { reason: m.archiveHold.reason }) : ok(null);
}

/**
 * `months` calendar months after an instant, in UTC; a day the month does not have is its last day
 * (31 August + 6 months is 28 or 29 February), so nothing is ever purged before its time.
 */
export function addMonths(instant: Date, months: number): Date {
  const y = instant.getUTCFullYear();
  const m = instant.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const day = Math.min(instant.getUTCDate(), lastDay);
  return new Date(Date.UTC(y, m, day, instant.getUTCHours(), instant.getUTCMinutes(), instant.getUTCSeconds(), instant.getUTCMilliseconds()));
}

/** `months` calendar months before an instant (the audit log's cut-off), by the same rule. */
export function subtractMonths(instant: Date, months: number): Date {
  return addMonths(instant, -months);
}

/** Whether what closed at `closedAt` is due for purging at `now` after `months`. */
export function purgeDue(closedAt: string, months: number, now: Date): boolean {
  const closed = new Date(closedAt);
  if (Number.isNaN(closed.getTime())) return false;
  return addMonths(closed, months).getTime() <= now.getTime();
}
