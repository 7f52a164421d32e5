import { createHmac, timingSafeEqual } from "node:crypto";
import type { Meeting } from "../domain/meetings";

/**
 * The pair's meetings as an iCalendar file, for the local calendar mode. The link carries an HMAC
 * of tenant and mentorship, so it can be shared into a calendar app but not guessed; it holds
 * times and a subject only, never agenda text.
 */
export function icsToken(key: string, tenantId: string, mentorshipId: string): string {
  return createHmac("sha256", key).update(`${tenantId}|${mentorshipId}`).digest("base64url").slice(0, 32);
}

export function icsTokenValid(key: string, tenantId: string, mentorshipId: string, token: string): boolean {
  const expected = Buffer.from(icsToken(key, tenantId, mentorshipId));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

const stamp = (iso: string) => iso.replace(/[-:]/g, "").replace(/\.\d{3}/, "");
// RFC 5545: escape backslash, semicolon, comma and newlines in text values; fold at 75 octets.
const text = (s: string) => s.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");

function fold(line: string): string {
  const bytes = Buffer.from(line, "utf8");
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = Math.min(bytes.length, start + (start === 0 ? 75 : 74));
    while (end < bytes.length && (bytes[end]! & 0xc0) === 0x80) end--; // never split a UTF-8 character
    parts.push(bytes.subarray(start, end).toString("utf8"));
    start = end;
  }
  return parts.join("\r\n ");
}

export function renderIcs(input: { mentorshipId: string; subject: string; meetings: readonly Meeting[]; now: Date }): string {
  const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Mentor//Mentorship meetings//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"];
  for (const m of input.meetings) {
    const start = new Date(m.startUtc);
    const end = new Date(start.getTime() + m.minutes * 60_000);
    lines.push(
      "BEGIN:VEVENT",
      `UID:${m.mentorshipId}-${m.key.replace(/[^A-Za-z0-9-]/g, "-")}@mentor`,
      `DTSTAMP:${stamp(input.now.toISOString())}`,
      `DTSTART:${stamp(start.toISOString())}`,
      `DTEND:${stamp(end.toISOString())}`,
      fold(`SUMMARY:${text(input.subject)}`),
      `STATUS:${m.status === "cancelled" ? "CANCELLED" : "CONFIRMED"}`,
      "END:VEVENT",
    );
  }
  lines.push("END:VCALENDAR");
  return `${lines.join("\r\n")}\r\n`;
}
