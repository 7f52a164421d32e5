import type { CardVerb, CardVerbs, FeatureVerbs } from "./cardActions";

/**
 * The one verb table: every feature's verbs (keyed by the constants in src/cards/verbs.ts), assembled.
 * A Map, not an object: a verb named "constructor" or "__proto__" must find nothing. A verb claimed
 * by two features is a bug, caught at start.
 */
export function verbTable(...features: FeatureVerbs[]): CardVerbs {
  const table = new Map<string, CardVerb>();
  for (const feature of features) {
    for (const [verb, spec] of Object.entries(feature) as [string, CardVerb | undefined][]) {
      if (!spec) continue;
      if (table.has(verb)) throw new Error(`card verb ${verb} is claimed twice`);
      table.set(verb, spec);
    }
  }
  return table;
}
