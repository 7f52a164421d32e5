import assert from "node:assert/strict";
import { expand } from "../../src/cards/template";

/** Templates are parsed once and expanded many times: each expansion must stand on its own. */
describe("card templates: parsed once, expanded independently", () => {
  const template = { type: "AdaptiveCard", version: "1.5", body: [{ type: "TextBlock", text: "${title}" }, { type: "TextBlock", $when: "${show}", text: "${extra}" }] };
  const texts = (card: Record<string, unknown>) => (card["body"] as { text: string }[]).map((x) => x.text);

  it("each expansion reflects its own data, and no caller can change a card another one gets", () => {
    const a = expand(template, { title: "Aftale A", show: true, extra: "med" });
    const b = expand(template, { title: "Aftale B", show: false, extra: "uden" });
    assert.deepEqual(texts(a), ["Aftale A", "med"]);
    assert.deepEqual(texts(b), ["Aftale B"]);
    assert.throws(() => {
      (a["body"] as { text: string }[])[0]!.text = "changed by a caller";
    }, TypeError);
    const again = expand(template, { title: "Aftale A", show: true, extra: "med" });
    assert.deepEqual(texts(again), ["Aftale A", "med"]);
    assert.equal((template.body[0] as { text: string }).text, "${title}", "the template itself is untouched");
  });

  it("the same data gives the same card (kept), other data a new one, and a change in any nested value counts", () => {
    const t2 = { type: "AdaptiveCard", version: "1.5", body: [{ type: "TextBlock", text: "${who.name}" }] };
    const first = expand(t2, { who: { name: "Mette" } });
    assert.equal(expand(t2, { who: { name: "Mette" } }), first, "kept, not evaluated again");
    const other = expand(t2, { who: { name: "Mads" } });
    assert.notEqual(other, first);
    assert.deepEqual(texts(other), ["Mads"]);
  });

  it("keeps a bounded number of cards per template: an old one is expanded again, with the same result", () => {
    const t3 = { type: "AdaptiveCard", version: "1.5", body: [{ type: "TextBlock", text: "${n}" }] };
    const first = expand(t3, { n: "0" });
    for (let i = 1; i <= 300; i++) expand(t3, { n: String(i) });
    const later = expand(t3, { n: "0" });
    assert.notEqual(later, first, "the first had been let go");
    assert.deepEqual(later, first);
  });
});
