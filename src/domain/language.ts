export const Languages = ["da", "nb", "en"] as const;
export type Language = (typeof Languages)[number];
export const FALLBACK_LANGUAGE: Language = "da";

/** Maps a BCP-47 locale from Teams ("da-DK", "nb-NO", "no", "nn-NO", "en-US") to a supported language. */
export function languageFromLocale(locale: string | undefined | null): Language {
  const primary = (locale ?? "").toLowerCase().split(/[-_]/)[0] ?? "";
  if (primary === "da") return "da";
  if (primary === "nb" || primary === "no" || primary === "nn") return "nb";
  if (primary === "en") return "en";
  return FALLBACK_LANGUAGE;
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (Languages as readonly string[]).includes(value);
}
