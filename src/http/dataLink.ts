import { createHmac, timingSafeEqual } from "node:crypto";
import type { Language } from "../domain/language";
import type { DataFormat } from "../app/rights/personalData";
import { personOf, personSegment } from "./ics";

/**
 * Issue 13: the personal chat's download link of a person's own data ("my data"), made like the
 * .ics link (src/http/ics.ts) but for its own purpose and much shorter-lived: it signs (purpose,
 * tenant, person, format, expiry), so it cannot be guessed, moved to another person or format, or
 * used after DATA_LINK_MINUTES. The data is read afresh when the link is used.
 */
export const DATA_LINK_MINUTES = 15;

export type { DataFormat };

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64url");

function signature(key: string, tenantId: string, aadObjectId: string, format: DataFormat, expires: number): Buffer {
  return createHmac("sha256", key).update(["mydata/v1", b64(tenantId), b64(aadObjectId), format, String(expires)].join("|")).digest();
}

/** The file segment of a link: `{person}.{expires}.{signature}.json` or `….{da|nb|en}.html`. */
export function dataLinkFile(key: string, link: { readonly tenantId: string; readonly aadObjectId: string; readonly format: DataFormat; readonly expiresAt: Date }): string {
  const expires = Math.floor(link.expiresAt.getTime() / 1000);
  const sig = signature(key, link.tenantId, link.aadObjectId, link.format, expires).toString("base64url");
  return `${personSegment(link.aadObjectId)}.${expires}.${sig}.${link.format === "json" ? "json" : `${link.format}.html`}`;
}

/** Whose data and in which format, when the file segment is genuine for this tenant and not expired; else null. */
export function readDataLink(key: string, tenantId: string, file: string, now: Date): { readonly aadObjectId: string; readonly format: DataFormat } | null {
  const m = /^([gu][A-Za-z0-9_-]{1,200})\.(\d{1,12})\.([A-Za-z0-9_-]{43})\.(json|(da|nb|en)\.html)$/.exec(file);
  const aadObjectId = m ? personOf(m[1]!) : null;
  if (!m || aadObjectId === null) return null;
  const format: DataFormat = m[4] === "json" ? "json" : (m[5] as Language);
  const expires = Number(m[2]);
  const expected = signature(key, tenantId, aadObjectId, format, expires);
  const given = Buffer.from(m[3]!, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(expected, given)) return null;
  if (expires * 1000 <= now.getTime()) return null;
  return { aadObjectId, format };
}
