// The tab's texts come from the app's one word list (src/i18n: da.json, nb.json, en.json, under
// `tab.*` and the shared namespaces `phase.*`, `programme.*`, `flag.*`, `column.*`, `error.*`);
// this module only adapts it to the tab's names. The tab may import the word list and
// src/contract, nothing else outside src/tab (test/unit/wordList.test.ts checks it).
import { Catalogues, type Language, Languages, type MessageKey, type Translate, capitalised, languageName, languageOf, translator } from "../i18n";

export type Locale = Language;
export const LOCALES: readonly Locale[] = Languages;
export type { MessageKey, Translate };
export { capitalised, languageName, translator };

/** The word list by language, e.g. `dictionaries.nb["tab.appTitle"]`. */
export const dictionaries: Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> = Catalogues as Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>>;

/** Teams gives e.g. "da-DK", "nb-NO", "no", "nn-NO", "en-US"; anything else falls back to Danish (the bot's mapper). */
export const pickLocale = (raw: string | null | undefined): Locale => languageOf(raw);
