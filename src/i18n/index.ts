/**
 * The one word list of the app: the bot's cards and replies, the tab and the CSV export all read
 * their texts from da.json, nb.json and en.json here, under namespaced keys (`phase.*`,
 * `programme.*`, `error.*`, `tab.*`, `csv.*`, …; docs/glossary.md says which word each concept
 * gets). The key type is derived from en.json, so a key that is not in the list is a compile error
 * in the bot and in the tab alike. The tab bundles this module: it imports nothing that needs Node.
 */
import { type Language, Languages, languageFromLocale } from "../domain/language";
import da from "./da.json";
import en from "./en.json";
import nb from "./nb.json";

export type { Language };
export { Languages };

/** Every key of the word list (en.json is the reference; a test keeps da and nb in step). */
export type MessageKey = keyof typeof en;
export type Params = Readonly<Record<string, string | number>>;

export const Catalogues: Readonly<Record<Language, Readonly<Record<string, string>>>> = { da, nb, en };

/** The text for a key in a language, with {placeholders} filled in. Unknown keys are a bug, not a user error. */
export function t(language: Language, key: MessageKey, params: Params = {}): string {
  const own = (c: Readonly<Record<string, string>>) => (Object.hasOwn(c, key) ? c[key] : undefined);
  const template = own(Catalogues[language]) ?? own(Catalogues.en);
  if (template === undefined) throw new Error(`Missing message key ${key}`);
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** t() bound to one language: what the tab's components call. */
export type Translate = (key: MessageKey, params?: Params) => string;
export function translator(language: Language): Translate {
  return (key, params) => t(language, key, params);
}

/**
 * The one locale mapper: a Teams or browser locale ("da-DK", "nb-NO", "no", "nn-NO", "en-US",
 * anything else → Danish) to a language of the word list. The bot and the tab both use it.
 */
export const languageOf: (locale: unknown) => Language = languageFromLocale;

/**
 * Phase names are lower case in the list, as they stand inside a sentence ("…, KL/DS: læring.");
 * a label or a column starts with a capital.
 */
export function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A language named in its own words ("Dansk", "Norsk bokmål", "English"), as a language picker shows it. */
export function languageName(language: Language): string {
  return t(language, `language.${language}`);
}

/** Words that mean "help" / "status" / "start" / "card" in any of the three languages (Teams sends the localised command titles). */
export const CommandWords = {
  help: ["help", "hjælp", "hjaelp", "hjelp", "?"],
  // Issue 14 (Store rule): a greeting is answered usefully in every scope, before anything is set up.
  greeting: ["hi", "hello", "hey", "hej", "hei", "hallo", "goddag", "halløj"],
  status: ["status"],
  start: ["start"],
  card: ["card", "kort"],
  close: ["close", "afslut", "avslut", "avslutt"],
  introduction: ["introduktion", "introduksjon", "introduction"],
  // issue 13: the mentee's process journal (personal chat only)
  journal: ["journal", "procesjournal", "prosessjournal"],
  // Issue 13: two words (the bot reads the first two of a message for it); "mine data" is da and nb.
  myData: ["my data", "mine data", "mydata", "minedata"],
} as const;
