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
import { type Phase, Phases } from "../domain/mentorship";
import { type ProgrammeId, ProgrammeIds } from "../domain/programmes";
import type { Language } from "../domain/language";
import { type MessageKey, t } from "../i18n";
import { FLAG_RULES, type FlagId, type OverviewRow } from "./overview";

export type CsvLanguage = Language;

const HEADERS: Record<CsvLanguage, readonly string[]> = {
  da: ["Mentee", "Mentor", "Enhed", "Program", "Fase", "Fase gennemført (%)", "Første arbejdsdag", "Forventet afslutning", "Aftale", "Møder holdt", "Møder planlagt", "Næste møde", "Seneste aktivitet", "Advarsler", "Status"],
  nb: ["Mentee", "Mentor", "Enhet", "Program", "Fase", "Fase gjennomført (%)", "Første arbeidsdag", "Forventet avslutning", "Avtale", "Møter holdt", "Møter planlagt", "Neste møte", "Siste aktivitet", "Varsler", "Status"],
  en: ["Mentee", "Mentor", "Unit", "Programme", "Phase", "Phase done (%)", "First working day", "Expected end", "Agreement", "Meetings held", "Meetings planned", "Next meeting", "Last activity", "Flags", "Status"],
};

const FLAG_PARAMS: Readonly<Record<FlagId, Readonly<Record<string, number>>>> = {
  agreementOverdue: { days: FLAG_RULES.agreementOverdueDays },
  noMeeting6Weeks: { weeks: FLAG_RULES.noMeetingDays / 7 },
  mentorOverloaded: { max: FLAG_RULES.maxActiveMentees },
  closingSoon: { days: FLAG_RULES.closingSoonDays },
};

const capitalised = (s: string, language: Language) => s.charAt(0).toLocaleUpperCase(language) + s.slice(1);

function programmeText(programme: string, language: Language): string {
  return (ProgrammeIds as readonly string[]).includes(programme) ? t(language, `programme.${programme as ProgrammeId}`) : programme;
}

function phaseText(phase: Phase, language: Language): string {
  return Phases.includes(phase) ? capitalised(t(language, `phase.${phase}`), language) : phase;
}

const AGREEMENT_KEYS: Readonly<Record<string, MessageKey>> = { draft: "csv.agreement.draft", waiting: "csv.agreement.waiting", agreed: "csv.agreement.agreed" };

function agreementText(status: string, language: Language): string {
  const key = Object.hasOwn(AGREEMENT_KEYS, status) ? AGREEMENT_KEYS[status] : undefined;
  return key ? t(language, key) : status;
}

function statusText(r: OverviewRow, language: Language): string {
  const parts: MessageKey[] = [];
  if (r.paused) parts.push("csv.status.paused");
  if (r.awaitingChat) parts.push("csv.status.awaitingChat");
  return (parts.length ? parts : (["csv.status.active"] as MessageKey[])).map((k) => t(language, k)).join(", ");
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

/** `fallbackZone` is for rows whose programme zone is missing or unknown. */
export function overviewCsv(rows: readonly OverviewRow[], language: CsvLanguage = "da", fallbackZone = "Europe/Copenhagen"): string {
  const sep = CSV_SEPARATOR[language];
  const lines = [HEADERS[language].map(csvCell).join(sep)];
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
        r.flags.map((f) => t(language, `csv.flag.${f}`, FLAG_PARAMS[f])).join(", "),
        statusText(r, language),
      ]
        .map(csvCell)
        .join(sep),
    );
  }
  return `${CSV_BOM}${lines.join("\r\n")}\r\n`;
}
