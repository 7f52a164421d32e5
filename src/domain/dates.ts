/** Calendar dates as "YYYY-MM-DD" strings: no time zone, no clock, nothing to drift. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True only for a real calendar date (rejects 2027-02-30, 2027-13-01, "tomorrow"). */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== "string") return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 2200) return false;
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function parts(zone: string, at: Date): Record<string, string> {
  const fmt = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  return Object.fromEntries(fmt.formatToParts(at).map((p) => [p.type, p.value]));
}

/** dd.mm.yyyy, as Danes and Norwegians write dates. */
export function formatDate(date: IsoDate): string {
  const [y, m, d] = date.split("-");
  return `${d}.${m}.${y}`;
}

/** dd.mm.yyyy HH:mm in the programme's time zone, 24-hour clock. */
export function formatDateTime(at: Date, zone: string): string {
  const p = parts(zone, at);
  return `${p.day}.${p.month}.${p.year} ${p.hour}:${p.minute}`;
}

/** The calendar date of an instant in a time zone. */
export function dateIn(at: Date, zone: string): IsoDate {
  const p = parts(zone, at);
  return `${p.year}-${p.month}-${p.day}`;
}
