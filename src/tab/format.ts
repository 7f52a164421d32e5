// Times are shown in the zone the server's row names (the programme's): the tab never guesses it.
const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${withTime}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      ...(withTime ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23" as const } : {}),
    });
    cache.set(key, f);
  }
  return f;
}

function parts(iso: string, timeZone: string, withTime: boolean): Record<string, string> | null {
  if (!iso) return null;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  const out: Record<string, string> = {};
  for (const p of formatter(timeZone, withTime).formatToParts(d)) out[p.type] = p.value;
  return out;
}

/** dd.mm.yyyy HH:mm (24-hour) in the zone; "" for an empty or bad date. */
export function formatDateTime(iso: string, timeZone: string): string {
  const p = parts(iso, timeZone, true);
  return p ? `${p.day}.${p.month}.${p.year} ${p.hour}:${p.minute}` : "";
}

/** dd.mm.yyyy in the zone; "" for an empty or bad date. */
export function formatDate(iso: string, timeZone: string): string {
  const p = parts(iso, timeZone, false);
  return p ? `${p.day}.${p.month}.${p.year}` : "";
}
