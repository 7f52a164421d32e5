import { createHmac, timingSafeEqual } from "node:crypto";
import type { Meeting } from "../domain/meetings";

/**
 * The pair's meetings as an iCalendar file, for the local calendar mode. A link belongs to one
 * person: it signs (tenant, mentorship, that person, expiry), so it can go into that person's
 * calendar app but cannot be guessed, cannot be moved to another mentorship, stops working when it
 * expires and — checked on every request by the caller — when the person is no longer a party. The
 * file holds times and a subject only, never agenda text.
 */

/** How long a link works; the booking card gives a new one whenever a party asks. */
export const ICS_LINK_DAYS = 30;

export interface IcsLink {
  readonly tenantId: string;
  readonly mentorshipId: string;
  readonly aadObjectId: string;
  readonly expiresAt: Date;
}

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64url");

function signature(key: string, tenantId: string, mentorshipId: string, aadObjectId: string, expires: number): Buffer {
  // Every field is length-prefixed by its position and separated by a character none may hold
  // unencoded, so no two different links share what is signed.
  return createHmac("sha256", key).update(["ics/v2", b64(tenantId), b64(mentorshipId), b64(aadObjectId), String(expires)].join("|")).digest();
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// The router takes path segments of at most 100 characters: an Entra object id (a GUID) is written
// as its 16 bytes ("g…", 23 characters), anything else as its UTF-8 ("u…").
export function personSegment(aadObjectId: string): string {
  return GUID.test(aadObjectId) ? `g${Buffer.from(aadObjectId.replace(/-/g, ""), "hex").toString("base64url")}` : `u${b64(aadObjectId)}`;
}

export function personOf(segment: string): string | null {
  const body = Buffer.from(segment.slice(1), "base64url");
  if (segment[0] === "u") return body.toString("utf8");
  if (segment[0] !== "g" || body.length !== 16) return null;
  const hex = body.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The last segment of a link: `{person}.{expires}.{signature}`. */
export function icsToken(key: string, link: IcsLink): string {
  const expires = Math.floor(link.expiresAt.getTime() / 1000);
  return `${personSegment(link.aadObjectId)}.${expires}.${signature(key, link.tenantId, link.mentorshipId, link.aadObjectId, expires).toString("base64url")}`;
}

/** Whose link this is, when it is genuine for this tenant and mentorship and has not expired; else null. */
export function readIcsToken(key: string, tenantId: string, mentorshipId: string, token: string, now: Date): { aadObjectId: string } | null {
  const m = /^([gu][A-Za-z0-9_-]{1,200})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  const aadObjectId = m ? personOf(m[1]!) : null;
  if (!m || aadObjectId === null) return null;
  const expires = Number(m[2]);
  const expected = signature(key, tenantId, mentorshipId, aadObjectId, expires);
  const given = Buffer.from(m[3]!, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(expected, given)) return null;
  if (expires * 1000 <= now.getTime()) return null;
  return { aadObjectId };
}

const stamp = (iso: string) => iso.replace(/[-:]/g, "").replace(/\.\d{3}/, "");

/**
 * RFC 5545 §3.3.11 TEXT: backslash, semicolon and comma escaped; every line break (CRLF, LF or a lone
 * CR) becomes \n. Other control characters have no escape in TEXT and would end or corrupt the
 * content line, so they go (a tab becomes a space).
 */
export function icsText(s: string): string {
  return (
    s
      .replace(/\r\n|\r|\n/g, "\n")
      .replace(/\t/g, " ")
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, "")
      .replace(/\\/g, "\\\\")
      .replace(/;/g, "\\;")
      .replace(/,/g, "\\,")
      .replace(/\n/g, "\\n")
  );
}

/**
 * RFC 5545 §3.1: a content line longer than 75 octets is folded (CRLF and one space); the octets
 * are UTF-8, and a fold never splits a character.
 */
export function fold(line: string): string {
  const bytes = Buffer.from(line, "utf8");
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let start = 0;
  while (start < bytes.length) {
    // The first line holds 75 octets; each continuation 74 after its leading space.
    let end = Math.min(bytes.length, start + (start === 0 ? 75 : 74));
    while (end < bytes.length && (bytes[end]! & 0xc0) === 0x80) end--;
    parts.push(bytes.subarray(start, end).toString("utf8"));
    start = end;
  }
  return parts.join("\r\n ");
}

/** A UID's characters: the mentorship id and meeting key may hold anything, a UID line gets only these. */
const uidPart = (s: string) => s.replace(/[^A-Za-z0-9-]/g, "-");

/** Issue 12: a leader talk booked in the local calendar, as the leader's (and the new hire's) feed shows it. */
export interface IcsTalk {
  readonly key: string;
  readonly subject: string;
  readonly startUtc: string;
  readonly endUtc: string;
}

export function renderIcs(input: { mentorshipId: string; subject: string; meetings: readonly Meeting[]; now: Date; talks?: readonly IcsTalk[] }): string {
  const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Mentor//Mentorship meetings//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"];
  // A meeting dropped because the mentorship closed is left out, not shown cancelled: the calendar
  // app that reads the feed then removes it, as Outlook does with the series Graph cut.
  for (const m of input.meetings.filter((x) => x.closedOut !== true)) {
    const start = new Date(m.startUtc);
    const end = new Date(start.getTime() + m.minutes * 60_000);
    lines.push(
      "BEGIN:VEVENT",
      `UID:${uidPart(m.mentorshipId)}-${uidPart(m.key)}@mentor`,
      `DTSTAMP:${stamp(input.now.toISOString())}`,
      `DTSTART:${stamp(start.toISOString())}`,
      `DTEND:${stamp(end.toISOString())}`,
      `SUMMARY:${icsText(input.subject)}`,
      `STATUS:${m.status === "cancelled" ? "CANCELLED" : "CONFIRMED"}`,
      "END:VEVENT",
    );
  }
  for (const talk of input.talks ?? []) {
    lines.push(
      "BEGIN:VEVENT",
      `UID:${uidPart(input.mentorshipId)}-talk-${uidPart(talk.key)}@mentor`,
      `DTSTAMP:${stamp(input.now.toISOString())}`,
      `DTSTART:${stamp(new Date(talk.startUtc).toISOString())}`,
      `DTEND:${stamp(new Date(talk.endUtc).toISOString())}`,
      `SUMMARY:${icsText(talk.subject)}`,
      "STATUS:CONFIRMED",
      "END:VEVENT",
    );
  }
  lines.push("END:VCALENDAR");
  return `${lines.map(fold).join("\r\n")}\r\n`;
}
