/**
 * The coordinator's statistics as the tab gets them (JSON) and as a CSV for Excel. The figures
 * are the domain's (src/domain/statistics.ts), already suppressed: a cell is `{ value }` or
 * `{ fewerThan: 5 }`, and how many people a shown figure is about stays on the server. The CSV is
 * written like the overview's (BOM, `;` for da/nb and `,` for en, CRLF, every text quoted against
 * formulas) with the quarter table the tab shows under its chart; a hidden cell says "færre end 5"
 * (or "skjult", withheld) in the language asked, and a decimal is written with the language's decimal sign.
 */
import { type Cell, MIN_GROUP, Outcomes, type Statistics, isShown } from "../domain/statistics";
import type { Language } from "../domain/language";
import { type MessageKey, t } from "../i18n";
import { CSV_BOM, CSV_SEPARATOR, csvCell } from "./csv";

export type PublicCell = { readonly value: number } | { readonly fewerThan: number } | { readonly withheld: true };

const publicCell = (c: Cell): PublicCell => (isShown(c) ? { value: c.value } : c);

type Mapped<T> = T extends Cell ? PublicCell : T extends readonly (infer U)[] ? readonly Mapped<U>[] : T extends object ? { readonly [K in keyof T]: Mapped<T[K]> } : T;
export type PublicStatistics = Mapped<Statistics> & { readonly minGroup: number };

function strip(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(strip);
  if (x && typeof x === "object") {
    if ("fewerThan" in x || "withheld" in x || ("value" in x && "n" in x)) return publicCell(x as Cell);
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, strip(v)]));
  }
  return x;
}

/** What the tab receives: every cell without its group size. */
export function publicStatistics(s: Statistics): PublicStatistics {
  return { ...(strip(s) as Mapped<Statistics>), minGroup: MIN_GROUP };
}

/** "1. kvartal 2026" (en "Q1 2026") for "2026-Q1"; the total row by its word. */
export function quarterText(quarter: string, language: Language): string {
  const m = /^(\d{4})-Q([1-4])$/.exec(quarter);
  if (!m) return t(language, "tab.stats.total");
  return t(language, "tab.stats.quarterName", { quarter: m[2]!, year: m[1]! });
}

const COLUMNS: readonly MessageKey[] = [
  "tab.stats.quarter",
  "tab.stats.started",
  "tab.stats.active",
  "tab.stats.completed",
  "tab.stats.endedEarly",
  "tab.stats.leftWithinYear",
  "tab.stats.meetingsHeld",
  "tab.stats.meetingsPlanned",
  "tab.stats.meetingsHeldPercent",
];

export function statisticsCsvHeaders(language: Language): string[] {
  const out: string[] = [];
  for (const key of COLUMNS) {
    out.push(t(language, key));
    // Each outcome is followed by its share of the started.
    if ((Outcomes as readonly string[]).includes(key.slice("tab.stats.".length))) out.push(t(language, "tab.stats.percentOf", { label: t(language, key) }));
  }
  return out;
}

function cellText(c: Cell, language: Language): string | number {
  if ("withheld" in c) return t(language, "tab.stats.withheld");
  if (!isShown(c)) return t(language, "tab.stats.fewer", { min: c.fewerThan });
  return Number.isInteger(c.value) ? c.value : language === "en" ? String(c.value) : String(c.value).replace(".", ",");
}

export function statisticsCsv(s: Statistics, language: Language): string {
  const sep = CSV_SEPARATOR[language];
  const lines = [statisticsCsvHeaders(language).map(csvCell).join(sep)];
  for (const q of [...s.quarters, s.total]) {
    const cells: (string | number)[] = [quarterText(q.quarter, language), cellText(q.started, language)];
    for (const o of Outcomes) cells.push(cellText(q[o], language), cellText(q.percent[o], language));
    cells.push(cellText(q.meetingsHeld, language), cellText(q.meetingsPlanned, language), cellText(q.meetingsHeldPercent, language));
    lines.push(cells.map(csvCell).join(sep));
  }
  return `${CSV_BOM}${lines.join("\r\n")}\r\n`;
}
