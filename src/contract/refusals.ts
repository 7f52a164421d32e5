/**
 * What the server and the tab agree a refusal is called. The codes are the domain's own catalogue
 * (src/domain/errors.ts) plus the one the HTTP layer adds; the tab imports them from here, never
 * from the domain, so a code the tab has no words for is a compile error (and a test checks the
 * word list has them all).
 */
import { type ErrorCode, ErrorCodes } from "../domain/errors";

export { type ErrorCode, ErrorCodes };

/** Sent by the tab's API when storage does not answer (503); not a domain refusal. */
export const TransportCodes = ["STORAGE_UNAVAILABLE"] as const;
export type TransportCode = (typeof TransportCodes)[number];

export type RefusalCode = ErrorCode | TransportCode;
export const RefusalCodes: readonly RefusalCode[] = [...ErrorCodes, ...TransportCodes];

export function isRefusalCode(value: unknown): value is RefusalCode {
  return typeof value === "string" && (RefusalCodes as readonly string[]).includes(value);
}
