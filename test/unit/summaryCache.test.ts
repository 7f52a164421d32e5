import assert from "node:assert/strict";
import type { MentorshipSummary } from "../../src/domain/summary";
import { SummaryCache } from "../../src/tabApi/summaryCache";

const row = (id: string) => ({ mentorshipId: id }) as MentorshipSummary;

describe("SummaryCache (the overview's copy of a tenant's summary rows)", () => {
  function setup() {
    let now = 0;
    const reads: string[] = [];
    let rows: Record<string, MentorshipSummary[]> = { a: [row("a1")], b: [row("b1")] };
    let fail = false;
    const cache = new SummaryCache(
      async (tenantId) => {
        reads.push(tenantId);
        await new Promise((r) => setTimeout(r, 5));
        if (fail) throw new Error("storage down");
        return [...(rows[tenantId] ?? [])];
      },
      { now: () => new Date(now) },
      1000,
      2,
    );
    return {
      cache,
      reads,
      tick: (ms: number) => (now += ms),
      set: (r: typeof rows) => (rows = r),
      failReads: (f: boolean) => (fail = f),
    };
  }

  it("one read serves concurrent and following requests until the TTL, per tenant", async () => {
    const s = setup();
    const [x, y] = await Promise.all([s.cache.listSummaries("a"), s.cache.listSummaries("a")]);
    assert.deepEqual([x, y], [[row("a1")], [row("a1")]]);
    assert.deepEqual(s.reads, ["a"]);
    s.tick(999);
    await s.cache.listSummaries("a");
    assert.deepEqual(s.reads, ["a"]);
    assert.deepEqual(await s.cache.listSummaries("b"), [row("b1")], "another tenant's rows never come from tenant a's entry");
    s.tick(1);
    s.set({ a: [row("a1"), row("a2")] });
    assert.deepEqual(await s.cache.listSummaries("a"), [row("a1"), row("a2")], "after the TTL storage is read again");
    assert.deepEqual(s.reads, ["a", "b", "a"]);
  });

  it("a change made here is seen at once; a failed read is not remembered; callers cannot alter the cached list", async () => {
    const s = setup();
    const first = await s.cache.listSummaries("a");
    assert.throws(() => (first as MentorshipSummary[]).push(row("intruder")), TypeError, "the shared list is frozen");
    assert.equal(await s.cache.listSummaries("a"), first, "the same list within the TTL (what is computed from it can be kept with it)");
    assert.deepEqual(first, [row("a1")]);
    s.set({ a: [row("a3")] });
    s.cache.invalidate("a");
    assert.deepEqual(await s.cache.listSummaries("a"), [row("a3")]);
    s.cache.invalidate("a");
    s.failReads(true);
    await assert.rejects(s.cache.listSummaries("a"), /storage down/);
    s.failReads(false);
    assert.deepEqual(await s.cache.listSummaries("a"), [row("a3")]);
    assert.equal(s.reads.length, 4);
  });

  it("holds at most maxTenants tenants", async () => {
    const s = setup();
    await s.cache.listSummaries("a");
    await s.cache.listSummaries("b");
    await s.cache.listSummaries("c");
    await s.cache.listSummaries("a");
    assert.deepEqual(s.reads, ["a", "b", "c", "a"], "adding a third tenant dropped the others");
  });
});
