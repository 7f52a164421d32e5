import assert from "node:assert/strict";
import { expand } from "../../src/cards/template";

/** Templates are parsed once and expanded many times: each expansion must stand on its own. */
describe("card templates: parsed once, expanded independently", () => {
  const template = { type: "AdaptiveCard", version: "1.5", body: [{ type: "TextBlock", text: "${title}" }, { type: "TextBlock", $when: "${show}", text: "${extra}" }] };

  it("each expansion reflects its own data, and changing one result changes no later one", () => {
    const a = expand(template, { title: "Aftale A", show: true, extra: "med" });
    const b = expand(template, { title: "Aftale B", show: false, extra: "uden" });
    assert.deepEqual((a["body"] as { text: string }[]).map((x) => x.text), ["Aftale A", "med"]);
    assert.deepEqual((b["body"] as { text: string }[]).map((x) => x.text), ["Aftale B"]);
    (a["body"] as { text: string }[])[0]!.text = "changed by a caller";
    const again = expand(template, { title: "Aftale A", show: true, extra: "med" });
    assert.deepEqual((again["body"] as { text: string }[]).map((x) => x.text), ["Aftale A", "med"]);
    assert.equal((template.body[0] as { text: string }).text, "${title}", "the template itself is untouched");
  });
});
