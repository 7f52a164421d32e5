import * as ACData from "adaptivecards-templating";
import { deepFreeze } from "../domain/immutable";
import { Verbs } from "./verbs";

export type AdaptiveCard = Record<string, unknown> & { type: "AdaptiveCard"; version: string };

/**
 * Parsed templates, one per template file: building an ACData.Template parses every `${…}` expression,
 * which was the largest single cost of a card action. Expanding a parsed template again is safe: each
 * expand() evaluates into a fresh object.
 */
const parsed = new WeakMap<object, ACData.Template>();

/**
 * Expanded cards by their data, per template: a card re-rendered from the same data (a refresh of
 * an unchanged agreement, the same card for both parties of a chat) is the same card, and evaluating
 * the expressions again was the largest cost left in a card action. Keyed by the data's JSON, so a
 * change anywhere in what the card shows is a new entry; bounded (oldest out first). The cached card
 * is frozen, so a caller that changed one in place would fail at once instead of changing another
 * person's card.
 */
const EXPANDED_PER_TEMPLATE = 256;
const expanded = new WeakMap<object, Map<string, AdaptiveCard>>();


/**
 * Expands a JSON template from adaptiveCards/ with one typed data object. Every template also gets
 * `verbs` (src/cards/verbs.ts), so its actions name their verbs by constant. The card returned is
 * frozen (see above): build a new object to change one.
 */
export function expand<T extends object>(template: object, data: T): AdaptiveCard {
  let cards = expanded.get(template);
  if (!cards) {
    cards = new Map();
    expanded.set(template, cards);
  }
  const key = JSON.stringify(data);
  const hit = cards.get(key);
  if (hit) {
    // Most recently used last: the Map's first key is the one to let go.
    cards.delete(key);
    cards.set(key, hit);
    return hit;
  }
  let prepared = parsed.get(template);
  if (!prepared) {
    prepared = new ACData.Template(template);
    parsed.set(template, prepared);
  }
  const card = prepared.expand({ $root: { ...data, verbs: Verbs } }) as AdaptiveCard;
  // A property whose "$when" is false comes out as null (elements in arrays are dropped); the
  // schema wants such a property absent, e.g. `refresh` on a locked agreement.
  for (const [k, value] of Object.entries(card)) if (value === null) delete card[k];
  cards.set(key, deepFreeze(card));
  if (cards.size > EXPANDED_PER_TEMPLATE) {
    const oldest = cards.keys().next().value;
    if (oldest !== undefined) cards.delete(oldest);
  }
  return card;
}

/** Intl list ("A and B" / "A og B") in the card's language. */
export function listOf(language: string, items: readonly string[]): string {
  return new Intl.ListFormat(language === "nb" ? "nb" : language, { style: "long", type: "conjunction" }).format(items);
}
