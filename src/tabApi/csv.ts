/**
 * The overview as CSV for Excel: UTF-8 with a byte-order mark (so Excel shows æøå), CRLF line ends,
 * and `;` between fields for Danish and Norwegian (their Excel uses `;` as list separator, since `,`
 * is the decimal comma) but `,` for English, whose Excel splits on commas. (A `sep=` line would do
 * the same, but Excel ignores it in a file that starts with a BOM.)
 *
 * Formula injection (OWASP "CSV injection"): every text field is quoted, so neither separator inside
 * a name splits it where a CSV parser reads the file; and a spreadsheet reads a cell as a formula when
 * it starts with = + - @ (or a tab/CR before one), also after leading blanks, so such a cell gets an
 * apostrophe in front. Because a file may still be opened with the other locale's separator (an
 * English Excel splitting a Danish file on its commas), the same is done after every `,`, `;` or line break
 * inside a value: no piece of a cell starts a formula, whichever separator splits it. Numbers are the app's
 * own integers and stay bare. Times are local to the mentorship's programme zone (Europe/Copenhagen by
 * default), written "YYYY-MM-DD HH:mm".
 */
import type { OverviewRow } from "./overview";

export type CsvLanguage = "da" | "nb" | "en";

const HEADERS: Record<CsvLanguage, readonly string[]> = {
  da: ["Mentee", "Mentor", "Enhed", "Program", "Fase", "Fase gennemført (%)", "Første arbejdsdag", "Forventet afslutning", "Aftale", "Møder holdt", "Møder planlagt", "Næste møde", "Seneste aktivitet", "Advarsler"],
  nb: ["Mentee", "Mentor", "Enhet", "Program", "Fase", "Fase gjennomført (%)", "Første arbeidsdag", "Forventet avslutning", "Avtale", "Møter holdt", "Møter planlagt", "Neste møte", "Siste aktivitet", "Varsler"],
  en: ["Mentee", "Mentor", "Unit", "Programme", "Phase", "Phase done (%)", "First working day", "Expected end", "Agreement", "Meetings held", "Meetings planned", "Next meeting", "Last activity", "Flags"],
};

export const CSV_BOM = "\uFEFF";

/** A formula trigger at the start of a cell or of any piece a separator could cut from it, after blanks. */
const FORMULA_START = /(^|[,;\r\n])([\s\u00a0]*)(?=[=+\-@\t\r\uff1d\uff0b\uff0d\uff20])/g;

export function csvCell(value: string | number): string {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  const s = String(value).replace(FORMULA_START, "$1'$2");
  return `"${s.replace(/"/g, '""')}"`;
}

export const CSV_SEPARATOR: Record<CsvLanguage, string> = { da: ";", nb: ";", en: "," };

function localTime(iso: string | null, zone: string): string {
  if (!iso) return "";
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return "";
  // sv-SE formats as "YYYY-MM-DD HH:mm", which Excel reads as a date and time.
  return new Intl.DateTimeFormat("sv-SE", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
}

export function overviewCsv(rows: readonly OverviewRow[], language: CsvLanguage = "da", zone = "Europe/Copenhagen"): string {
  const sep = CSV_SEPARATOR[language];
  const lines = [HEADERS[language].map(csvCell).join(sep)];
  for (const r of rows) {
    lines.push(
      [
        r.menteeName,
        r.mentorName,
        r.unit,
        r.programme,
        r.phase,
        Math.round(r.phaseProgress * 100),
        r.firstWorkingDay,
        r.timeline.closing.end,
        r.agreementStatus,
        r.meetingsHeld,
        r.meetingsPlanned,
        localTime(r.nextMeetingUtc, zone),
        localTime(r.lastActivityAt, zone),
        r.flags.join(" "),
      ]
        .map(csvCell)
        .join(sep),
    );
  }
  return `${CSV_BOM}${lines.join("\r\n")}\r\n`;
}
