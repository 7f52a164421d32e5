import assert from "node:assert/strict";
import { FlagIds } from "../../src/contract/flags";
import { ClosingReasons } from "../../src/domain/closing";
import { MIN_GROUP, Outcomes, RatingQuestions } from "../../src/domain/statistics";
import { CLOSING_REASONS, FLAGS, OUTCOMES, RATING_QUESTIONS } from "../../src/tab/api";
import { Catalogues, Languages } from "../../src/i18n";
import { quarterText } from "../../src/tabApi/statistics";

/** The tab may not import the domain, so it names the closing reasons, outcomes and flags itself: they must stay the server's. */
describe("tab: the statistics' and closing's names are the server's", () => {
  it("the same closing reasons, outcomes, rating questions and flags", () => {
    assert.deepEqual([...CLOSING_REASONS], [...ClosingReasons]);
    assert.deepEqual([...OUTCOMES], [...Outcomes]);
    assert.deepEqual([...RATING_QUESTIONS], [...RatingQuestions]);
    assert.deepEqual([...FLAGS], [...FlagIds]);
    assert.equal(MIN_GROUP, 5);
  });

  it("has words for every reason, outcome and flag in da, nb and en", () => {
    for (const l of Languages) {
      const c = Catalogues[l] as Record<string, string>;
      for (const r of CLOSING_REASONS) assert.ok(c[`tab.closing.reason.${r}`], `${l} tab.closing.reason.${r}`);
      for (const o of OUTCOMES) assert.ok(c[`tab.stats.${o}`], `${l} tab.stats.${o}`);
      for (const f of FLAGS) assert.ok(c[`flag.${f}`] && c[`flag.${f}.short`], `${l} flag.${f}`);
    }
  });

  it("names a quarter as a native writes it", () => {
    assert.equal(quarterText("2026-Q1", "da"), "1. kvartal 2026");
    assert.equal(quarterText("2026-Q4", "nb"), "4. kvartal 2026");
    assert.equal(quarterText("2026-Q2", "en"), "Q2 2026");
    assert.equal(quarterText("total", "da"), "I alt");
  });
});
