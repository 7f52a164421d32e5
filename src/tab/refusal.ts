import { type RefusalCode, isRefusalCode } from "../contract/refusals";
import { ApiError } from "./api";
import type { MessageKey, Translate } from "./i18n";

/**
 * Refusals the tab words for its own context (a coordinator in a form, not a party in the chat);
 * every other code the server sends is said with the bot's words for it (`error.<code>`).
 */
const TAB_WORDING: Partial<Record<RefusalCode, MessageKey>> = {
  INVALID_INPUT: "tab.refusal.INVALID_INPUT",
  INVALID_START_DATE: "tab.refusal.INVALID_START_DATE",
  PERSON_NOT_FOUND: "tab.refusal.PERSON_NOT_FOUND",
  MENTEE_HAS_ACTIVE_MENTORSHIP: "tab.refusal.MENTEE_HAS_ACTIVE_MENTORSHIP",
  NO_CHANGES: "tab.refusal.NO_CHANGES",
  WRONG_PHASE: "tab.refusal.WRONG_PHASE",
  STORAGE_UNAVAILABLE: "storage.unavailable",
};

/** The server's refusal as a code the tab has words for (404/403 without a code included). */
export function refusalCode(e: unknown): RefusalCode | "NOT_FOUND" | "FORBIDDEN" | null {
  if (!(e instanceof ApiError)) return null;
  if (e.code === "MENTORSHIP_NOT_FOUND" || (!e.code && e.status === 404)) return "NOT_FOUND";
  if (isRefusalCode(e.code)) return e.code;
  if (e.status === 404) return "NOT_FOUND";
  if (e.status === 403) return "FORBIDDEN";
  return null;
}

/** The key of a refusal's words in the word list. */
export function refusalKey(code: RefusalCode | "NOT_FOUND" | "FORBIDDEN"): MessageKey {
  if (code === "NOT_FOUND") return "tab.refusal.NOT_FOUND";
  if (code === "FORBIDDEN") return "tab.refusal.FORBIDDEN";
  return TAB_WORDING[code] ?? (`error.${code}` as MessageKey);
}

/** A refusal in the user's words; `vars` fills {mentee} and {mentor}. */
export function refusalMessage(t: Translate, e: unknown, vars: Record<string, string> = {}): string {
  const code = refusalCode(e);
  if (code) return t(refusalKey(code), vars);
  const detail = e instanceof ApiError ? String(e.code ?? e.status) : e instanceof Error ? e.message : String(e);
  return t("tab.refusal.OTHER", { detail });
}
