/**
 * Graph failures → CalendarError. Narrow on purpose: only the HTTP status (and, for logs, Graph's
 * error *code*, e.g. "ErrorItemNotFound") is ever looked at. Graph's error *message* and the
 * response body can name people and mailboxes, so they are never logged, wrapped or rethrown.
 */
import { CalendarError } from "../../ports/calendar";

/** A status of 0 means no HTTP answer at all: a network failure or our own timeout. */
export function calendarErrorFor(status: number): CalendarError {
  if (status === 429) return new CalendarError("THROTTLED", true);
  if (status === 0 || status === 408 || status >= 500) return new CalendarError("UNAVAILABLE", true);
  if (status === 401 || status === 403) return new CalendarError("FORBIDDEN", false);
  if (status === 404 || status === 410) return new CalendarError("NOT_FOUND", false);
  return new CalendarError("BAD_REQUEST", false);
}

/** What the SDK throws (GraphError, GraphClientError, a fetch TypeError/AbortError), reduced to a status and a Graph error code. */
export function describeFailure(error: unknown): { status: number; code: string } {
  if (error instanceof CalendarError) return { status: -1, code: error.code };
  const e = error as { statusCode?: unknown; code?: unknown; name?: unknown } | null;
  const status = typeof e?.statusCode === "number" && e.statusCode > 0 ? e.statusCode : 0;
  const rawCode = typeof e?.code === "string" ? e.code : typeof e?.name === "string" ? e.name : "unknown";
  // Graph error codes are identifiers ("ErrorItemNotFound", "TooManyRequests"); anything else is dropped.
  const code = /^[A-Za-z_.]{1,64}$/.test(rawCode) ? rawCode : "unknown";
  return { status, code };
}

export function toCalendarError(error: unknown): CalendarError {
  if (error instanceof CalendarError) return error;
  return calendarErrorFor(describeFailure(error).status);
}

/** Graph's error code from a $batch item's body, for logs only (never the message). */
export function batchItemCode(body: unknown): string {
  const code = (body as { error?: { code?: unknown } } | null)?.error?.code;
  return typeof code === "string" && /^[A-Za-z_.]{1,64}$/.test(code) ? code : "unknown";
}
