export const Languages = ["da", "nb", "en"] as const;
export type Language = (typeof Languages)[number];
export const FALLBACK_LANGUAGE: Language = "da";

/**
 * Maps a BCP-47 locale from Teams ("da-DK", "nb-NO", "no", "nn-NO", "en-US") to a supported language.
 * Total over any value: the locale comes straight from an activity, and the turn-error handler asks
 * too, so a number or an object here must not become a second error.
 */
export function languageFromLocale(locale: unknown): Language {
  if (typeof locale !== "string") return FALLBACK_LANGUAGE;
  const primary = locale.slice(0, 35).toLowerCase().split(/[-_]/)[0] ?? "";
  if (primary === "da") return "da";
  if (primary === "nb" || primary === "no" || primary === "nn") return "nb";
  if (primary === "en") return "en";
  return FALLBACK_LANGUAGE;
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (Languages as readonly string[]).includes(value);
}

/** The language a locale names, or null when the activity says none we know (then something else decides). */
export function languageFromKnownLocale(locale: unknown): Language | null {
  if (typeof locale !== "string" || locale.trim() === "") return null;
  const primary = locale.slice(0, 35).toLowerCase().split(/[-_]/)[0] ?? "";
  return primary === "da" || primary === "nb" || primary === "no" || primary === "nn" || primary === "en" ? languageFromLocale(locale) : null;
}
