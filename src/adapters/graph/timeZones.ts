/**
 * IANA → Windows time-zone names for Graph's dateTimeTimeZone and recurrenceTimeZone.
 *
 * Graph accepts Windows names and only a listed subset of IANA names (graph-docs-contrib
 * resources/datetimetimezone.md), so the adapter always sends the Windows name. The mapping is
 * CLDR's windowsZones.xml ("001" territory rows): Copenhagen shares Paris' rules ("Romance
 * Standard Time"), Oslo shares Berlin's ("W. Europe Standard Time").
 */
import { utcToZoned, zonedToUtc } from "../../domain/calendarMath";

export const WINDOWS_TIME_ZONES = {
  "Europe/Copenhagen": "Romance Standard Time",
  "Europe/Oslo": "W. Europe Standard Time",
} as const;

export type SupportedIanaZone = keyof typeof WINDOWS_TIME_ZONES;
export type WindowsZone = (typeof WINDOWS_TIME_ZONES)[SupportedIanaZone];

/** For reading Graph's responses back: a Windows zone → an IANA zone with the same rules. */
const IANA_FOR_WINDOWS: Readonly<Record<string, string>> = {
  "Romance Standard Time": "Europe/Copenhagen",
  "W. Europe Standard Time": "Europe/Oslo",
  UTC: "UTC",
  "Coordinated Universal Time": "UTC",
};

export function windowsZone(iana: SupportedIanaZone): WindowsZone {
  const name = WINDOWS_TIME_ZONES[iana];
  if (!name) throw new RangeError(`no Windows time zone for ${String(iana)}`);
  return name;
}

/** Graph's dateTimeTimeZone as sent: wall-clock time with seconds, no offset. */
export interface GraphDateTime {
  readonly dateTime: string;
  readonly timeZone: string;
}

export function graphDateTime(date: string, time: string, zone: WindowsZone): GraphDateTime {
  return { dateTime: `${date}T${time}:00`, timeZone: zone };
}

/** The wall-clock date and time `minutes` after `date` `time` (end of a meeting; may pass midnight). */
export function addMinutesWallClock(date: string, time: string, minutes: number): { date: string; time: string } {
  const [h, m] = time.split(":").map(Number) as [number, number];
  const total = h * 60 + m + minutes;
  const days = Math.floor(total / 1440);
  const rest = total - days * 1440;
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  const pad = (n: number) => String(n).padStart(2, "0");
  return { date: d.toISOString().slice(0, 10), time: `${pad(Math.floor(rest / 60))}:${pad(rest % 60)}` };
}

/**
 * A dateTimeTimeZone from a Graph response as an instant. Responses are in UTC unless a
 * `Prefer: outlook.timezone` header asked otherwise; a zone we cannot read gives null.
 */
export function instantOf(value: { dateTime?: string | null; timeZone?: string | null } | null | undefined): Date | null {
  if (!value?.dateTime) return null;
  const zone = IANA_FOR_WINDOWS[value.timeZone ?? "UTC"] ?? (value.timeZone?.includes("/") ? value.timeZone : undefined);
  if (!zone) return null;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})?$/.exec(value.dateTime);
  if (!m) return null;
  if (m[5] || zone === "UTC") {
    const t = Date.parse(`${m[1]}T${m[2]}:${m[3] ?? "00"}${m[5] ?? "Z"}`);
    return Number.isFinite(t) ? new Date(t) : null;
  }
  try {
    return new Date(zonedToUtc(m[1] as string, m[2] as string, zone).getTime() + Number(m[3] ?? 0) * 1000);
  } catch {
    return null;
  }
}

/** The local calendar date and "HH:mm" of an instant in a programme zone. */
export function localOf(at: Date, zone: SupportedIanaZone): { date: string; time: string } {
  return utcToZoned(at, zone);
}
