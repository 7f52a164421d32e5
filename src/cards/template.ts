import * as ACData from "adaptivecards-templating";
import { Verbs } from "./verbs";

export type AdaptiveCard = Record<string, unknown> & { type: "AdaptiveCard"; version: string };

/**
 * Parsed templates, one per template file: building an ACData.Template parses every `${…}` expression,
 * which was the largest single cost of a card action. Expanding a parsed template again is safe: each
 * expand() evaluates into a fresh object.
 */
const parsed = new WeakMap<object, ACData.Template>();

/**
 * Expands a JSON template from adaptiveCards/ with one typed data object. Every template also gets
 * `verbs` (src/cards/verbs.ts), so its actions name their verbs by constant.
 */
export function expand<T extends object>(template: object, data: T): AdaptiveCard {
  let prepared = parsed.get(template);
  if (!prepared) {
    prepared = new ACData.Template(template);
    parsed.set(template, prepared);
  }
  const card = prepared.expand({ $root: { ...data, verbs: Verbs } }) as AdaptiveCard;
  // A property whose "$when" is false comes out as null (elements in arrays are dropped); the
  // schema wants such a property absent, e.g. `refresh` on a locked agreement.
  for (const [key, value] of Object.entries(card)) if (value === null) delete card[key];
  return card;
}

/** Intl list ("A and B" / "A og B") in the card's language. */
export function listOf(language: string, items: readonly string[]): string {
  return new Intl.ListFormat(language === "nb" ? "nb" : language, { style: "long", type: "conjunction" }).format(items);
}
