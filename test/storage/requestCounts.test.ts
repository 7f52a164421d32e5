/**
 * Table Storage requests per action, counted at the wire by a proxy in front of Azurite, with the
 * app built by its composition root and driven through its bot (see ./requestCounts.ts).
 */
import assert from "node:assert/strict";
import { azurite } from "../support/azurite";
import { breakdown, countBooking, countLockingAccept } from "./requestCounts";

describe("Table Storage requests per action (counted by a proxy in front of Azurite)", function () {
  this.timeout(60000);

  it("one Kristiansand booking (18 meetings, with all its jobs) costs at most 25 Table Storage requests in all", async () => {
    const c = await countBooking((await azurite()).connectionString);
    // The count is of a whole booking: all 18 meetings were made.
    assert.equal(c.meetings, 18);
    // Issue 10, item 5: the target is ≤ 25. 308 when the 54 jobs were scheduled one by one; 42 on
    // main 626fd59 (22 entity reads, 9 queries, 5 batches, 3 entity writes, 3 inserts). This fails
    // until the batched job registry and the hot-path work land; it is not marked pending on purpose.
    assert.ok(c.requests <= 25, `one booking made ${c.requests} Table Storage requests (${breakdown(c)}); the target is ≤ 25`);
  });

  it("one 'accept' that locks the agreement: its Table Storage requests, counted", async () => {
    const c = await countLockingAccept((await azurite()).connectionString);
    assert.ok(c.requests > 0, "the click reached storage through the proxy");
    // 14 (9 entity reads, 3 entity writes, 2 queries) measured on wt/bench (main 626fd59): a ceiling
    // against regressions, not the goal. Issue 10 item 6 wants this click to make ≤ 4 store calls
    // (the mentorship read once and written once, the summary written from the state in hand), which
    // the core work asserts on the store port; when it lands, lower this ceiling to the new figure.
    assert.ok(c.requests <= 14, `the locking accept made ${c.requests} Table Storage requests (${breakdown(c)})`);
  });
});
