// Issue 14: the Teams Store's card rules, checked on every card a test validates (assertValidCard in
// test/support/cardSchema.ts calls cardStoreProblems): at most six actions in view, nothing that
// scrolls sideways on a phone. Here: the checker catches each break (the card tests run it on every real card).
import assert from "node:assert/strict";
import { MAX_CARD_ACTIONS, cardStoreProblems } from "../support/cardSchema";

const action = (i: number) => ({ type: "Action.Execute", title: `A${i}`, verb: `v${i}` });
const card = (body: unknown[], actions: unknown[] = []) => ({ type: "AdaptiveCard", version: "1.5", body, actions });

describe("the Store's card rules", () => {
  it("seven actions in view are refused, six are fine; ActionSets count with the card's own; a ShowCard's card counts on its own", () => {
    assert.deepEqual(cardStoreProblems(card([], [1, 2, 3, 4, 5, 6].map(action))), []);
    assert.match(cardStoreProblems(card([{ type: "ActionSet", actions: [action(7)] }], [1, 2, 3, 4, 5, 6].map(action))).join(), /7 actions in view/);
    const showCard = { type: "Action.ShowCard", title: "More", card: card([], [1, 2, 3, 4, 5, 6, 7].map(action)) };
    assert.match(cardStoreProblems(card([], [showCard])).join(), /shown card 1: 7 actions in view/);
    assert.deepEqual(cardStoreProblems(card([{ type: "TextBlock", text: "x", wrap: true, selectAction: action(9) }], [1, 2, 3, 4, 5, 6].map(action))), [], "a tap target is not a button");
    assert.equal(MAX_CARD_ACTIONS, 6);
  });

  it("fixed column widths wider than a phone, a wide Table and a TextBlock in a column that does not wrap are refused", () => {
    assert.match(cardStoreProblems(card([{ type: "ColumnSet", columns: [{ type: "Column", width: "200px", items: [] }, { type: "Column", width: "200px", items: [] }] }])).join(), /400 px side by side/);
    assert.match(cardStoreProblems(card([{ type: "Table", columns: [1, 2, 3, 4, 5].map(() => ({ width: 1 })), rows: [] }])).join(), /Table of 5 columns/);
    assert.match(cardStoreProblems(card([{ type: "ColumnSet", columns: [{ type: "Column", width: "stretch", items: [{ type: "TextBlock", text: "long" }] }] }])).join(), /does not wrap/);
    assert.deepEqual(cardStoreProblems(card([{ type: "ColumnSet", columns: [{ type: "Column", width: "auto", items: [{ type: "TextBlock", text: "ok", wrap: true }] }] }])), []);
  });
});
