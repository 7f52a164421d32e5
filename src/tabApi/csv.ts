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
 * own integers and stay bare. Times are local to each mentorship's programme zone (a Kristiansand row in
 * Europe/Oslo; Europe/Copenhagen when a row has no valid zone), written "YYYY-MM-DD HH:mm". Programme,
 * phase, agreement status, flags and status are words in the language asked (src/i18n), not the ids.
 */
import { FlagTextParams } from "../contract/flags";
import { type Phase, Phases } from "../domain/mentorship";
import { type ProgrammeId, ProgrammeIds } from "../domain/programmes";
import type { Language } from "../domain/language";
import { type MessageKey, capitalised, t } from "../i18n";
import type { OverviewRow } from "./overview";

export type CsvLanguage = Language;

/**
 * The columns, each headed by its word in the list: the ones the tab's overview shows are
 * `column.*` (so the file and the screen say the same), the export's own are `csv.column.*`.
 */
const COLUMNS: readonly MessageKey[] = [
  "column.mentee",
  "column.mentor",
  "column.unit",
  "column.programme",
  "column.phase",
  "csv.column.phaseDone",
  "csv.column.firstWorkingDay",
  "csv.column.expectedEnd",
  "column.agreement",
  "csv.column.meetingsHeld",
  "csv.column.meetingsPlanned",
  "column.nextMeeting",
  "column.lastActivity",
  "csv.column.timeZone",
  "column.flags",
  "csv.column.status",
  // issue 12: the introduction's progress, counts only (two numbers: "3/15" would be a date in a spreadsheet)
  "csv.column.introductionDone",
  "csv.column.introductionTotal",
];

export function csvHeaders(language: CsvLanguage): string[] {
  return COLUMNS.map((key) => t(language, key));
}

function programmeText(programme: string, language: Language): string {
  return (ProgrammeIds as readonly string[]).includes(programme) ? t(language, `programme.${programme as ProgrammeId}`) : programme;
}

function phaseText(phase: Phase, language: Language): string {
  return Phases.includes(phase) ? capitalised(t(language, `phase.${phase}`)) : phase;
}

const AGREEMENT_STATUSES = ["draft", "waiting", "agreed"] as const;

function agreementText(status: string, language: Language): string {
  return (AGREEMENT_STATUSES as readonly string[]).includes(status) ? t(language, `agreementStatus.${status as (typeof AGREEMENT_STATUSES)[number]}`) : status;
}

function statusText(r: OverviewRow, language: Language): string {
  const parts: MessageKey[] = [];
  if (r.paused) parts.push("mentorshipStatus.paused");
  if (r.awaitingChat) parts.push("mentorshipStatus.awaitingChat");
  return (parts.length ? parts : (["mentorshipStatus.active"] as MessageKey[])).map((k) => t(language, k)).join(", ");
}

export const CSV_BOM = "\uFEFF";

/** A formula trigger at the start of a cell or of any piece a separator could cut from it, after blanks. */
const FORMULA_START = /(^|[,;\r\n])([\s\u00a0]*)(?=[=+\-@\t\r\uff1d\uff0b\uff0d\uff20])/g;

export function csvCell(value: string | number): string {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  const s = String(value).replace(FORMULA_START, "$1'$2");
  return `"${s.replace(/"/g, '""')}"`;
}

export const CSV_SEPARATOR: Record<CsvLanguage, string> = { da: ";", nb: ";", en: "," };

/** One formatter per zone ("YYYY-MM-DD HH:mm" via sv-SE, which Excel reads as a date and time); null for an unknown zone. */
const formatters = new Map<string, Intl.DateTimeFormat | null>();
function formatterFor(zone: string): Intl.DateTimeFormat | null {
  if (!formatters.has(zone)) {
    let f: Intl.DateTimeFormat | null = null;
    try {
      f = new Intl.DateTimeFormat("sv-SE", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    } catch (e) {
      if (!(e instanceof RangeError)) throw e; // an unknown zone in a stored row: use the fallback
    }
    formatters.set(zone, f);
  }
  return formatters.get(zone) ?? null;
}

function localTime(iso: string | null, zone: string, fallbackZone: string): string {
  if (!iso) return "";
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return "";
  const f = (zone && formatterFor(zone)) || formatterFor(fallbackZone);
  return f ? f.format(at) : at.toISOString();
}

/** The zone the row's times are written in: its programme's, or the fallback when that is unknown. */
function zoneOf(zone: string, fallbackZone: string): string {
  return zone && formatterFor(zone) ? zone : fallbackZone;
}

/** `fallbackZone` is for rows whose programme zone is missing or unknown. */
export function overviewCsv(rows: readonly OverviewRow[], language: CsvLanguage = "da", fallbackZone = "Europe/Copenhagen"): string {
  const sep = CSV_SEPARATOR[language];
  const lines = [csvHeaders(language).map(csvCell).join(sep)];
  for (const r of rows) {
    lines.push(
      [
        r.menteeName,
        r.mentorName,
        r.unit,
        programmeText(r.programme, language),
        phaseText(r.phase, language),
        Math.round(r.phaseProgress * 100),
        r.firstWorkingDay,
        r.timeline.closing.end,
        agreementText(r.agreementStatus, language),
        r.meetingsHeld,
        r.meetingsPlanned,
        localTime(r.nextMeetingUtc, r.timeZone, fallbackZone),
        localTime(r.lastActivityAt, r.timeZone, fallbackZone),
        zoneOf(r.timeZone, fallbackZone),
        r.flags.map((f) => t(language, `flag.${f}`, FlagTextParams[f])).join(", "),
        statusText(r, language),
        r.introductionTotal > 0 ? r.introductionDone : "",
        r.introductionTotal > 0 ? r.introductionTotal : "",
      ]
        .map(csvCell)
        .join(sep),
    );
  }
  return `${CSV_BOM}${lines.join("\r\n")}\r\n`;
}
