import type { Language } from "../domain/language";
import da from "./da.json";
import en from "./en.json";
import nb from "./nb.json";

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

/** Words that mean "help" / "status" / "start" / "card" in any of the three languages (Teams sends the localised command titles). */
export const CommandWords = {
  help: ["help", "hjælp", "hjaelp", "hjelp", "?"],
  status: ["status"],
  start: ["start"],
  card: ["card", "kort"],
} as const;
