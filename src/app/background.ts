import type { Logger } from "../log";

/**
 * Work a use case starts without waiting for it (a booking after "Book", the calendar move after
 * a change of mentor): failures are logged by name only, and a shutdown or a test can wait for it.
 */
export class BackgroundWork {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly log: Logger,
    private readonly event: string,
  ) {}

  track(work: Promise<void>): void {
    const p = work.catch((err: unknown) => this.log.error(this.event, { error: err instanceof Error ? err.name : "unknown" }));
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  /** Resolves when everything started so far (and anything it started) has finished. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
