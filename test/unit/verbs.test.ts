import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { Verbs, isVerb } from "../../src/cards/verbs";
import { buildVerbTableForCheck } from "./verbTableCheck";

const CARDS = path.join(__dirname, "../../adaptiveCards");

describe("card verbs: one list for the templates and the router", () => {
  const templates = readdirSync(CARDS).filter((f) => f.endsWith(".json"));

  it("every verb in a template is a declared constant, written as ${verbs.name}", () => {
    const named = new Set<string>();
    for (const file of templates) {
      const text = readFileSync(path.join(CARDS, file), "utf8");
      for (const [, value] of text.matchAll(/"verb"\s*:\s*"([^"]*)"/g)) {
        const m = /^\$\{verbs\.([A-Za-z]+)\}$/.exec(value ?? "");
        assert.ok(m, `${file}: verb "${value}" is not a constant from src/cards/verbs.ts`);
        const name = m[1] as keyof typeof Verbs;
        assert.ok(Object.hasOwn(Verbs, name), `${file}: verbs.${name} is not declared`);
        named.add(Verbs[name]);
      }
    }
    assert.ok(named.size >= 10, "the templates name their verbs");
  });

  it("every declared verb is routed by the bot's verb table", async () => {
    const routed = await buildVerbTableForCheck();
    for (const verb of Object.values(Verbs)) assert.ok(routed.has(verb), `${verb} has no handler`);
    for (const verb of routed.keys()) assert.ok(isVerb(verb), `${verb} is routed but not declared`);
  });
});
