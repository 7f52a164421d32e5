/**
 * The overview as CSV for Excel: UTF-8 with a byte-order mark (so Excel shows æøå), `;` between
 * fields (Danish and Norwegian Excel use `;` as list separator, since `,` is the decimal comma),
 * CRLF line ends, every field quoted when it needs it, and cells that Excel would read as a
 * formula (= + - @, tab, CR) prefixed with an apostrophe. Times are local to the mentorship's
 * programme zone (Europe/Copenhagen by default), written "YYYY-MM-DD HH:mm".
 */
import type { OverviewRow } from "./overview";

export type CsvLanguage = "da" | "nb" | "en";

const HEADERS: Record<CsvLanguage, readonly string[]> = {
  da: ["Mentee", "Mentor", "Enhed", "Program", "Fase", "Fase gennemført (%)", "Første arbejdsdag", "Forventet afslutning", "Aftale", "Møder holdt", "Møder planlagt", "Næste møde", "Seneste aktivitet", "Advarsler"],
  nb: ["Mentee", "Mentor", "Enhet", "Program", "Fase", "Fase gjennomført (%)", "Første arbeidsdag", "Forventet avslutning", "Avtale", "Møter holdt", "Møter planlagt", "Neste møte", "Siste aktivitet", "Varsler"],
  en: ["Mentee", "Mentor", "Unit", "Programme", "Phase", "Phase done (%)", "First working day", "Expected end", "Agreement", "Meetings held", "Meetings planned", "Next meeting", "Last activity", "Flags"],
};

export const CSV_BOM = "\uFEFF";

export function csvCell(value: string | number): string {
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[";\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function localTime(iso: string | null, zone: string): string {
  if (!iso) return "";
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return "";
  // sv-SE formats as "YYYY-MM-DD HH:mm", which Excel reads as a date and time.
  return new Intl.DateTimeFormat("sv-SE", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
}

export function overviewCsv(rows: readonly OverviewRow[], language: CsvLanguage = "da", zone = "Europe/Copenhagen"): string {
  const lines = [HEADERS[language].map(csvCell).join(";")];
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
        .join(";"),
    );
  }
  return `${CSV_BOM}${lines.join("\r\n")}\r\n`;
}
