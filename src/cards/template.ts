import * as ACData from "adaptivecards-templating";

export type AdaptiveCard = Record<string, unknown> & { type: "AdaptiveCard"; version: string };

/** Expands a JSON template from adaptiveCards/ with one typed data object. */
export function expand<T extends object>(template: object, data: T): AdaptiveCard {
  return new ACData.Template(template).expand({ $root: data }) as AdaptiveCard;
}

/** Intl list ("A and B" / "A og B") in the card's language. */
export function listOf(language: string, items: readonly string[]): string {
  return new Intl.ListFormat(language === "nb" ? "nb" : language, { style: "long", type: "conjunction" }).format(items);
}
