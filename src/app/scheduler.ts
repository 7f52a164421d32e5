import type { Logger } from "../log";
import type { Clock } from "../ports/clock";
import type { ClaimedJob, Job, JobStore } from "../ports/jobs";

export type JobHandler = (job: Job) => Promise<void>;

export interface SchedulerOptions {
  readonly store: JobStore;
  readonly clock: Clock;
  /** This instance's name in claims, e.g. host + process id; unique per running instance. */
  readonly owner: string;
  readonly handlers: Partial<Record<Job["kind"], JobHandler>>;
  readonly log: Logger;
  /** How long a claim keeps other instances off a job; longer than any handler runs. */
  readonly leaseMs?: number;
  /** Jobs claimed (and run concurrently) at a time. */
  readonly batch?: number;
  /**
   * Batches one tick may run back to back while they come back full (a backlog: many jobs due at
   * once). Bounded so stop() is not kept waiting; start() then goes on at once instead of waiting.
   */
  readonly maxBatchesPerTick?: number;
  /**
   * Done jobs' tombstones are purged once the job was due this long ago; a job due longer ago than
   * this is completed without running (its tombstone may be gone, so it may have run already).
   */
  readonly purgeAfterMs?: number;
  /** How often (by the injected clock) a tick also purges old tombstones. */
  readonly purgeEveryMs?: number;
  /** Runs of a failing job, the first included, before it is given up. */
  readonly maxAttempts?: number;
  /**
   * Kinds never given up: their work must finish however long storage or Graph is away (a booking's
   * follow-ups, a lapsed booking). They keep being retried at the back-off's pace (capped at an hour).
   */
  readonly untilDone?: readonly Job["kind"][];
  /** Delay before run `failedRuns + 1` of a job that has failed `failedRuns` times. */
  readonly backoffMs?: (failedRuns: number) => number;
}

export const DEFAULT_LEASE_MS = 5 * 60_000;
/**
 * Ten jobs at once: each posts at most a message or two, to different chats mostly, so this stays
 * well inside the Bot Connector's ~50 requests/s per tenant and ~7 messages/s per conversation.
 */
export const DEFAULT_BATCH = 10;
export const DEFAULT_MAX_BATCHES_PER_TICK = 10;
export const DEFAULT_PURGE_AFTER_MS = 30 * 86_400_000;
export const DEFAULT_PURGE_EVERY_MS = 10 * 60_000;
/** Tombstones removed per purge at most (one conditional delete each); ~500 jobs are done a minute at peak. */
const PURGE_LIMIT = 20_000;
export const DEFAULT_MAX_ATTEMPTS = 5;

/** 1 min, 2, 4, 8 … capped at an hour. */
export const defaultBackoffMs = (failedRuns: number): number => Math.min(60 * 60_000, 60_000 * 2 ** Math.max(0, failedRuns - 1));

/** Only a name and a code of an error go into the log: its message may carry user text. */
function errorFields(err: unknown): { error: string; code?: string } {
  const name = err instanceof Error ? err.name : typeof err;
  const code = typeof err === "object" && err !== null && "code" in err && typeof err.code === "string" ? err.code : undefined;
  return code === undefined ? { error: name } : { error: name, code };
}

/**
 * Runs due jobs: claims a batch for this owner (the store makes sure no other instance holds them),
 * runs each kind's handler, and completes it so it never runs again. A handler that throws gets its
 * job released with a growing back-off, until maxAttempts, when it is given up (completed, warned).
 * A job whose claim was lost (lease expired, someone else took it) is not completed by us.
 * All times come from the injected clock.
 */
export class Scheduler {
  private readonly store: JobStore;
  private readonly clock: Clock;
  private readonly owner: string;
  private readonly handlers: Partial<Record<Job["kind"], JobHandler>>;
  private readonly log: Logger;
  private readonly leaseMs: number;
  private readonly batch: number;
  private readonly maxBatchesPerTick: number;
  private readonly purgeAfterMs: number;
  private readonly purgeEveryMs: number;
  private lastPurgeAt = Number.NEGATIVE_INFINITY;
  private readonly maxAttempts: number;
  private readonly untilDone: ReadonlySet<Job["kind"]>;
  private readonly backoffMs: (failedRuns: number) => number;

  /** The tick in progress (or the last one); ticks run one after another, never overlapping. */
  private running: Promise<number> = Promise.resolve(0);
  private timer: NodeJS.Timeout | null = null;
  private started = false;
  /** Set by stop(): a tick in progress ends after its current batch. */
  private stopping = false;
  /** The last tick ended on its bound with a full batch: more jobs are probably due. */
  private backlog = false;

  constructor(options: SchedulerOptions) {
    if (!options.owner) throw new TypeError("owner must not be empty");
    this.store = options.store;
    this.clock = options.clock;
    this.owner = options.owner;
    this.handlers = options.handlers;
    this.log = options.log;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.batch = Math.max(1, options.batch ?? DEFAULT_BATCH);
    this.maxBatchesPerTick = Math.max(1, options.maxBatchesPerTick ?? DEFAULT_MAX_BATCHES_PER_TICK);
    this.purgeAfterMs = options.purgeAfterMs ?? DEFAULT_PURGE_AFTER_MS;
    this.purgeEveryMs = options.purgeEveryMs ?? DEFAULT_PURGE_EVERY_MS;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
    this.untilDone = new Set(options.untilDone ?? []);
    this.backoffMs = options.backoffMs ?? defaultBackoffMs;
  }

  /**
   * Runs the jobs due now, batch after batch while batches come back full (up to the bound); returns
   * how many handlers ran (successfully or not). Waits for a tick already running.
   */
  tick(): Promise<number> {
    const next = this.running.then(
      () => this.runOnce(),
      () => this.runOnce(),
    );
    this.running = next;
    return next;
  }

  /**
   * Ticks every `intervalMs` (measured from the end of the previous tick), in the background; after
   * a tick that stopped on its bound with jobs still waiting, the next one starts at once.
   */
  start(intervalMs: number): void {
    if (this.started) return;
    this.started = true;
    const schedule = () => {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.tick()
          .catch((err: unknown) => this.log.error("scheduler.tickFailed", { owner: this.owner, ...errorFields(err) }))
          .finally(() => {
            if (this.started) schedule();
          });
      }, this.backlog ? 0 : intervalMs);
      this.timer.unref();
    };
    schedule();
  }

  /** Stops ticking; resolves once a tick in progress has finished. */
  async stop(): Promise<void> {
    this.started = false;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    try {
      await this.running.catch(() => undefined);
    } finally {
      this.stopping = false;
    }
  }

  private async runOnce(): Promise<number> {
    this.backlog = false;
    await this.purgeIfDue();
    let ran = 0;
    for (let round = 0; round < this.maxBatchesPerTick; round++) {
      const now = this.clock.now();
      const claims = await this.store.claimDue(now, this.owner, new Date(now.getTime() + this.leaseMs), this.batch);
      if (claims.length === 0) return ran;
      const results = await Promise.all(claims.map((claim) => this.runClaim(claim)));
      ran += results.filter(Boolean).length;
      // A short batch means nothing more is due now (or the rest is claimed by others).
      if (claims.length < this.batch || this.stopping) return ran;
    }
    this.backlog = true;
    return ran;
  }

  /** Never throws: a purge that fails is tried again at the next purge time. */
  private async purgeIfDue(): Promise<void> {
    const now = this.clock.now().getTime();
    if (now - this.lastPurgeAt < this.purgeEveryMs) return;
    this.lastPurgeAt = now;
    try {
      const purged = await this.store.purgeDone(new Date(now - this.purgeAfterMs), PURGE_LIMIT);
      if (purged > 0) this.log.info("jobs.purged", { owner: this.owner, count: purged });
    } catch (err) {
      this.log.error("jobs.purgeFailed", { owner: this.owner, ...errorFields(err) });
    }
  }

  /** Runs one claimed job; true if a handler ran. Never throws: a store failure leaves the lease to expire, and the job runs again. */
  private async runClaim(claim: ClaimedJob): Promise<boolean> {
    const { job } = claim;
    const fields = { jobId: job.id, kind: job.kind, tenantId: job.tenantId, mentorshipId: job.mentorshipId, owner: this.owner };
    if (Date.parse(job.dueAt) < this.clock.now().getTime() - this.purgeAfterMs) {
      // Scheduled again after its tombstone was purged (or left over from a very long outage).
      this.log.warn("job.tooOld", fields);
      await this.finish(claim, fields);
      return false;
    }
    const handler = this.handlers[job.kind];
    if (!handler) {
      this.log.warn("job.noHandler", fields);
      await this.finish(claim, fields);
      return false;
    }
    try {
      await handler(job);
    } catch (err) {
      const runs = claim.attempts + 1;
      if (runs >= this.maxAttempts && !this.untilDone.has(job.kind)) {
        this.log.warn("job.gaveUp", { ...fields, attempts: runs, ...errorFields(err) });
        await this.finish(claim, fields);
      } else {
        const retryAt = new Date(this.clock.now().getTime() + this.backoffMs(runs));
        this.log.warn("job.failed", { ...fields, attempts: runs, retryAt: retryAt.toISOString(), ...errorFields(err) });
        try {
          await this.store.release(claim, retryAt);
        } catch (releaseErr) {
          this.log.error("job.releaseFailed", { ...fields, ...errorFields(releaseErr) });
        }
      }
      return true;
    }
    if (await this.finish(claim, fields)) this.log.info("job.done", { ...fields, attempts: claim.attempts + 1 });
    return true;
  }

  private async finish(claim: ClaimedJob, fields: Record<string, string>): Promise<boolean> {
    try {
      if (await this.store.complete(claim)) return true;
      // The lease ran out and another instance claimed it (or it was cancelled meanwhile).
      this.log.warn("job.claimLost", fields);
    } catch (err) {
      this.log.error("job.completeFailed", { ...fields, ...errorFields(err) });
    }
    return false;
  }
}
