/**
 * Issue 13: retention — a tenant's daily sweep (job kind "retention.daily", one id per tenant and
 * day, each run scheduling the next day's). A closed mentorship is erased MENTORSHIP_RETENTION_MONTHS
 * after it closed unless an archive hold is set; the mentee's journal of a closed mentorship is
 * deleted JOURNAL_RETENTION_MONTHS after it closed (never held); audit entries older than
 * AUDIT_RETENTION_MONTHS are removed. Every purge writes an audit line (actor "system").
 */
import { type RetentionSettings, purgeDue, subtractMonths } from "../../domain/retention";
import type { MentorshipSummary } from "../../domain/summary";
import type { Logger } from "../../log";
import type { AuditLog } from "../../ports/audit";
import type { Clock } from "../../ports/clock";
import type { Job, JobStore } from "../../ports/jobs";
import type { JournalRights } from "../../ports/journal";
import type { MentorshipStore } from "../../ports/store";
import type { AuditTrail } from "../audit/auditTrail";
import type { MentorshipErasure } from "../erasure/erasureService";
import type { JobKindSpec } from "../jobs/registry";

export const RETENTION_JOB_KIND = "retention.daily" as const;
/** The job's mentorship id: the sweep is the tenant's, not one mentorship's. */
export const RETENTION_SCOPE = "retention";
export const retentionJobId = (tenantId: string, day: string): string => `${tenantId}:${RETENTION_SCOPE}:${RETENTION_JOB_KIND}:${day}`;
/** The sweep runs in the night (UTC), when nobody is working in the mentorships. */
const SWEEP_HOUR_UTC = 2;
const DAY_MS = 86_400_000;

export interface RetentionDeps {
  readonly settings: RetentionSettings;
  readonly summaries: { listSummaries(tenantId: string): Promise<readonly MentorshipSummary[]> };
  readonly store: Pick<MentorshipStore, "getMentorship">;
  readonly erasure: Pick<MentorshipErasure, "erase">;
  readonly journal?: JournalRights | undefined;
  /** The log itself, for its own retention (absent: no audit log configured). */
  readonly auditLog?: Pick<AuditLog, "purgeBefore"> | undefined;
  readonly audit: AuditTrail;
  readonly jobs: Pick<JobStore, "schedule">;
  readonly clock: Clock;
  readonly log: Logger;
}

/** Some of a tenant's purges failed this run (each logged by id): the job runs again. */
export class RetentionIncompleteError extends Error {
  override readonly name = "RetentionIncompleteError";
  constructor(readonly failed: number) {
    super(`retention: ${failed} purge(s) failed; the sweep runs again`);
  }
}

export interface SweepOutcome {
  readonly mentorships: number;
  readonly journalEntries: number;
  readonly auditEntries: number;
  /** Due, but kept under an archive hold. */
  readonly held: number;
}

/** The next sweep's time strictly after `after`: the next day at SWEEP_HOUR_UTC. */
export function nextSweepAt(after: Date): Date {
  const today = Date.UTC(after.getUTCFullYear(), after.getUTCMonth(), after.getUTCDate(), SWEEP_HOUR_UTC);
  return new Date(today > after.getTime() ? today : today + DAY_MS);
}

export class RetentionService {
  /** The tenants (and the day) this process has made sure have a sweep scheduled. */
  private readonly ensured = new Map<string, string>();

  constructor(private readonly deps: RetentionDeps) {}

  /**
   * Makes sure the tenant has a sweep coming (called on every change in a tenant; one write per
   * tenant and day in this process). The chain then keeps itself going: each run schedules the next.
   */
  async ensureScheduled(tenantId: string): Promise<void> {
    const at = nextSweepAt(this.deps.clock.now());
    const day = at.toISOString().slice(0, 10);
    if (this.ensured.get(tenantId) === day) return;
    await this.schedule(tenantId, at);
    if (this.ensured.size > 10_000) this.ensured.clear();
    this.ensured.set(tenantId, day);
  }

  private schedule(tenantId: string, at: Date): Promise<void> {
    const day = at.toISOString().slice(0, 10);
    return this.deps.jobs.schedule({ id: retentionJobId(tenantId, day), kind: RETENTION_JOB_KIND, tenantId, mentorshipId: RETENTION_SCOPE, dueAt: at.toISOString(), payload: {} });
  }

  /** One tenant's sweep at the app clock's now: what is due is purged, what is not stays. */
  async sweep(tenantId: string): Promise<SweepOutcome> {
    const { settings, clock, audit } = this.deps;
    const now = clock.now();
    let mentorships = 0;
    let journalEntries = 0;
    let held = 0;
    // One mentorship that cannot be purged now (storage, a conflict) never keeps the others: it is
    // logged, the rest go on, and the job fails at the end so the scheduler runs the sweep again.
    let failed = 0;
    for (const s of await this.deps.summaries.listSummaries(tenantId)) {
      if (s.phase !== "closed" || !s.closedAt) continue;
      try {
        const r = await this.purgeOne(tenantId, s, now);
        mentorships += r.mentorships;
        journalEntries += r.journalEntries;
        held += r.held;
      } catch (err) {
        failed++;
        this.deps.log.warn("retention.purge.failed", { mentorshipId: s.mentorshipId, error: err instanceof Error ? err.name : "unknown" });
      }
    }
    let auditEntries = 0;
    if (this.deps.auditLog) {
      auditEntries = await this.deps.auditLog.purgeBefore(tenantId, subtractMonths(now, settings.auditMonths));
      // The log's own purge is in the log: how many entries, nothing of them.
      if (auditEntries > 0) await audit.write({ tenantId, actorId: "system", verb: "retention.purge", detail: `audit:${auditEntries}` });
    }
    this.deps.log.info("retention.swept", { mentorships, journalEntries, auditEntries, held, failed });
    if (failed > 0) throw new RetentionIncompleteError(failed);
    return { mentorships, journalEntries, auditEntries, held };
  }

  /** One closed mentorship at `now`: erased when due and not held; its journal purged when due (never held). */
  private async purgeOne(tenantId: string, s: MentorshipSummary, now: Date): Promise<{ mentorships: number; journalEntries: number; held: number }> {
    const { settings, audit } = this.deps;
    let held = 0;
    if (purgeDue(s.closedAt, settings.mentorshipMonths, now)) {
      const m = await this.deps.store.getMentorship(tenantId, s.mentorshipId);
      if (m && !m.value.archiveHold) {
        const r = await this.deps.erasure.erase(tenantId, s.mentorshipId, { actorId: "system", verb: "retention.purge" });
        if (r.ok) return { mentorships: 1, journalEntries: r.value.journalEntries, held: 0 };
        this.deps.log.warn("retention.erase.refused", { mentorshipId: s.mentorshipId, code: r.error.code });
      } else if (m) held = 1;
    }
    let journalEntries = 0;
    if (this.deps.journal && purgeDue(s.closedAt, settings.journalMonths, now)) {
      journalEntries = await this.deps.journal.purgeMentorship(tenantId, s.menteeAadObjectId, s.mentorshipId);
      if (journalEntries > 0) await audit.write({ tenantId, actorId: "system", verb: "retention.journal", subjectId: s.menteeAadObjectId, mentorshipId: s.mentorshipId, detail: String(journalEntries) });
    }
    return { mentorships: 0, journalEntries, held };
  }

  private async onDaily(job: Job): Promise<void> {
    // The next day's first, so a sweep that fails (and is retried) never ends the chain.
    await this.schedule(job.tenantId, nextSweepAt(new Date(Math.max(new Date(job.dueAt).getTime(), this.deps.clock.now().getTime()))));
    await this.sweep(job.tenantId);
  }

  jobKinds(): readonly JobKindSpec[] {
    return [{ kind: RETENTION_JOB_KIND, idRule: "{tenant}:retention:retention.daily:{day}", untilDone: false, run: (job) => this.onDaily(job) }];
  }
}
