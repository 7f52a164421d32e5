import { ApiError } from "./api";
import type { MessageKey, Translate } from "./i18n";

const KNOWN = [
  "INVALID_INPUT",
  "INVALID_START_DATE",
  "MENTOR_IS_MENTEE",
  "PERSON_NOT_FOUND",
  "MENTEE_HAS_ACTIVE_MENTORSHIP",
  "BUSY_TRY_AGAIN",
  "NO_CHANGES",
  "WRONG_PHASE",
  "BOOKING_IN_PROGRESS",
  "STORAGE_UNAVAILABLE",
] as const;
type Known = (typeof KNOWN)[number];

/** The server's refusal as a code the tab has words for (404/403 without a code included). */
export function refusalCode(e: unknown): Known | "NOT_FOUND" | "FORBIDDEN" | null {
  if (!(e instanceof ApiError)) return null;
  if (e.code && (KNOWN as readonly string[]).includes(e.code)) return e.code as Known;
  if (e.code === "MENTORSHIP_NOT_FOUND" || e.status === 404) return "NOT_FOUND";
  if (e.status === 403) return "FORBIDDEN";
  return null;
}

/** A refusal in the user's words; `vars` fills {mentee} and {mentor}. */
export function refusalMessage(t: Translate, e: unknown, vars: Record<string, string> = {}): string {
  const code = refusalCode(e);
  if (code) return t(`refusal_${code}` as MessageKey, vars);
  const detail = e instanceof ApiError ? String(e.code ?? e.status) : e instanceof Error ? e.message : String(e);
  return t("refusal_OTHER", { detail });
}
