/**
 * The overview reads a tenant's summary rows once per request; paging through 10,000 rows (or a
 * CSV export right after a page) would read the whole partition again each time. This keeps a
 * tenant's rows for a few seconds, shares one read between concurrent requests, and forgets a
 * tenant as soon as this process changes one of its mentorships. Another instance's change shows
 * within `ttlMs`.
 */
import type { MentorshipSummary } from "../domain/summary";
import type { Clock } from "../ports/clock";

interface Entry {
  readonly at: number;
  readonly rows: Promise<readonly MentorshipSummary[]>;
  readonly generation: number;
}

const frozen = (rows: MentorshipSummary[]): readonly MentorshipSummary[] => Object.freeze(rows);

export class SummaryCache {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;

  constructor(
    private readonly read: (tenantId: string) => Promise<MentorshipSummary[]>,
    private readonly clock: Clock,
    private readonly ttlMs = 5000,
    private readonly maxTenants = 8,
  ) {}

  /**
   * The same frozen list for every request within the TTL, so what is computed from it can be kept
   * with it (the overview's rows, see TabApi).
   */
  async listSummaries(tenantId: string): Promise<readonly MentorshipSummary[]> {
    const now = this.clock.now().getTime();
    const hit = this.entries.get(tenantId);
    if (hit && now - hit.at >= 0 && now - hit.at < this.ttlMs) return hit.rows;
    const generation = ++this.generation;
    const rows = this.read(tenantId).then(frozen);
    if (!this.entries.has(tenantId) && this.entries.size >= this.maxTenants) this.entries.clear();
    this.entries.set(tenantId, { at: now, rows, generation });
    try {
      return await rows;
    } catch (err) {
      // A failed read is not remembered.
      if (this.entries.get(tenantId)?.generation === generation) this.entries.delete(tenantId);
      throw err;
    }
  }

  /** A mentorship of the tenant changed here: the next read goes to storage. */
  invalidate(tenantId: string): void {
    this.entries.delete(tenantId);
  }
}
