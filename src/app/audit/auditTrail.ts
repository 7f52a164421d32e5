/**
 * Issue 13: how the app writes its audit lines — the one wrapper every feature uses, so each line
 * gets the app clock's time, a failure to write one never fails what the person did (it is logged,
 * by verb only), and refused access cannot be used to fill the log (a per-tenant budget).
 */
import type { Mentorship } from "../../domain/mentorship";
import type { Logger } from "../../log";
import type { AuditEntry, AuditLog, AuditVerb } from "../../ports/audit";
import type { Clock } from "../../ports/clock";

export interface AuditLine {
  readonly tenantId: string;
  readonly actorId: string;
  readonly verb: AuditVerb;
  readonly subjectId?: string | null;
  readonly mentorshipId?: string | null;
  readonly detail?: string | null;
}

/** Refused attempts written per tenant and minute at most; more are counted in the app log only. */
export const DENIED_PER_MINUTE = 60;

/** Everyone a mentorship names (the pair, former mentors, the leader, the contact person): an entry about it is found under each. */
export function peopleOf(m: Mentorship): string[] {
  const ids = [m.mentor.aadObjectId, m.mentee.aadObjectId, ...(m.formerMentors ?? []).map((f) => f.person.aadObjectId), m.leader?.aadObjectId ?? "", m.contact?.aadObjectId ?? ""];
  return [...new Set(ids.filter((id) => id !== ""))];
}

export class AuditTrail {
  private window = { minute: -1, counts: new Map<string, number>() };
  /** Told of each tenant a line was written for (retention then makes sure the tenant has its sweep). */
  private onWritten: ((tenantId: string) => Promise<void>) | null = null;

  constructor(
    private readonly log: AuditLog | null,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** The composition root's hook (retention's ensureScheduled); its failure is logged, never thrown. */
  whenWritten(hook: (tenantId: string) => Promise<void>): void {
    this.onWritten = hook;
  }

  get enabled(): boolean {
    return this.log !== null;
  }

  /** Writes one line; never throws (a storage failure is logged by verb and code). */
  async write(line: AuditLine, about: readonly string[] = []): Promise<void> {
    if (!this.log) return;
    const entry: AuditEntry = { ...line, at: this.clock.now().toISOString() };
    try {
      await this.log.append(entry, about);
    } catch (err) {
      this.logger.warn("audit.append.failed", { verb: line.verb, error: err instanceof Error ? err.name : "unknown" });
      return;
    }
    try {
      await this.onWritten?.(line.tenantId);
    } catch (err) {
      this.logger.warn("retention.schedule.failed", { error: err instanceof Error ? err.name : "unknown" });
    }
  }

  /** When each repeated read was last written (tenant, actor, verb, detail), so scrolling a long list is one line, not one per page. */
  private readonly lastWritten = new Map<string, number>();

  /**
   * Writes the line unless the same one (tenant, actor, verb, detail) was written within `windowMs`:
   * the overview is fetched page by page as a coordinator scrolls, and one look is one line.
   */
  async writeOncePer(windowMs: number, line: AuditLine, about: readonly string[] = []): Promise<void> {
    if (!this.log) return;
    const key = [line.tenantId, line.actorId, line.verb, line.detail ?? ""].join("\u0000");
    const now = this.clock.now().getTime();
    const last = this.lastWritten.get(key);
    if (last !== undefined && now - last < windowMs && now >= last) return;
    if (this.lastWritten.size > 10_000) this.lastWritten.clear();
    this.lastWritten.set(key, now);
    await this.write(line, about);
  }

  /** A refused access (401/403, a card action from someone who is not a party): within the tenant's budget. */
  async denied(line: Omit<AuditLine, "verb">, about: readonly string[] = []): Promise<void> {
    if (!this.log) return;
    const minute = Math.floor(this.clock.now().getTime() / 60_000);
    if (minute !== this.window.minute) this.window = { minute, counts: new Map() };
    const count = (this.window.counts.get(line.tenantId) ?? 0) + 1;
    this.window.counts.set(line.tenantId, count);
    if (count > DENIED_PER_MINUTE) {
      if (count === DENIED_PER_MINUTE + 1) this.logger.warn("audit.denied.throttled", { perMinute: DENIED_PER_MINUTE });
      return;
    }
    await this.write({ ...line, verb: "access.denied" }, about);
  }
}
