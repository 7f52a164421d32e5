import type { Job } from "../../ports/jobs";

/** One kind of durable job: how it runs, how its ids are made, and whether the scheduler may ever give it up. */
export interface JobKindSpec {
  readonly kind: Job["kind"];
  /** Re-reads what it needs and does nothing when the reason has gone (a job may run days late). */
  readonly run: (job: Job) => Promise<void>;
  /** Its work must finish, however long it takes: the scheduler never gives it up. */
  readonly untilDone: boolean;
  /** How its job ids are made (one job per id: the job store never runs an id twice). */
  readonly idRule: string;
}

/**
 * Every job kind the app runs, each registered by the feature that schedules it (meetings today;
 * closing, the leader's talks and erasure next). The scheduler's handlers and its never-give-up
 * kinds are made from it, so a new feature adds its kinds here from the composition root and
 * touches no other feature. A kind registered twice is a wiring bug and fails at start.
 */
export class JobRegistry {
  private readonly kinds = new Map<Job["kind"], JobKindSpec>();

  register(specs: readonly JobKindSpec[]): this {
    for (const spec of specs) {
      if (this.kinds.has(spec.kind)) throw new Error(`job kind registered twice: ${spec.kind}`);
      this.kinds.set(spec.kind, spec);
    }
    return this;
  }

  /** The kinds registered, in the order they were. */
  list(): readonly JobKindSpec[] {
    return [...this.kinds.values()];
  }

  /** The scheduler's handlers. A claimed job of a kind nobody registered has no handler (the scheduler says so and gives it up). */
  handlers(): Partial<Record<Job["kind"], (job: Job) => Promise<void>>> {
    return Object.fromEntries(this.list().map((k) => [k.kind, k.run]));
  }

  /** The kinds whose work must finish, however long it takes. */
  untilDone(): readonly Job["kind"][] {
    return this.list().filter((k) => k.untilDone).map((k) => k.kind);
  }
}
