import type { DomainError } from "../domain/result";
import type { CalendarError } from "../ports/calendar";
import { Phases } from "../domain/mentorship";
import { fieldLabelText, invalidInputText } from "./fields";
import { type Language, type MessageKey, t } from "./index";

/** The calendar port's failure codes; `satisfies` makes a new code there a reminder to word it here. */
export const CalendarFailures = ["THROTTLED", "UNAVAILABLE", "FORBIDDEN", "NOT_FOUND", "BAD_REQUEST"] as const satisfies readonly CalendarError["code"][];
/** Compiles only while every code of the port has its words. */
export const everyCalendarFailureWorded: [Exclude<CalendarError["code"], (typeof CalendarFailures)[number]>] extends [never] ? true : never = true;

/**
 * A refusal in the user's words, never with a code in it: a field by its label on the card, a
 * phase by its name ("læring", not "learning"). A WRONG_PHASE whose value is no phase (a meeting
 * plan's state) says "not at this step" instead of naming it.
 */
export function refusalText(language: Language, error: DomainError): string {
  const params = error.params ?? {};
  if (error.code === "INVALID_INPUT") return invalidInputText(language, params);
  if (error.code === "WRONG_PHASE") {
    const phase = params["phase"];
    if ((Phases as readonly unknown[]).includes(phase)) return t(language, "error.WRONG_PHASE", { phase: t(language, `phase.${phase as (typeof Phases)[number]}`) });
    // A caller may already have put the phase in words; anything else is a code the user must not see.
    const named = Phases.some((p) => t(language, `phase.${p}`) === phase);
    return named ? t(language, "error.WRONG_PHASE", { phase: String(phase) }) : t(language, "error.WRONG_PHASE.step");
  }
  if (error.code === "PROGRAMME_INVALID") {
    // The reason is a key of its own ("programme.invalid.<reason>"), worded with the other params.
    return t(language, "error.PROGRAMME_INVALID", { reason: t(language, `programme.invalid.${String(params["reason"])}` as MessageKey, params) });
  }
  if (error.code === "CITIZEN_ID_FOUND" || error.code === "CONTACT_DETAILS_FOUND") {
    // Issue 13: the field by its label, what was found by its kind and shape (never its digits).
    const kind = ["cpr", "fnr", "phone", "email"].includes(String(params["kind"])) ? (String(params["kind"]) as "cpr" | "fnr" | "phone" | "email") : "cpr";
    const words = { label: fieldLabelText(language, String(params["field"] ?? ""), params), kind: t(language, `guard.kind.${kind}`), masked: String(params["masked"] ?? "") };
    const certain = error.code === "CITIZEN_ID_FOUND" && params["certain"] === "yes" ? ` ${t(language, "guard.certain")}` : "";
    return `${t(language, `error.${error.code}`, words)}${certain}`;
  }
  return t(language, `error.${error.code}` as MessageKey, params);
}

/** Why booking failed, in words, from the calendar's failure code (stored on the plan). */
export function bookingFailureReason(language: Language, code: string | null | undefined): string {
  const known = (CalendarFailures as readonly string[]).includes(code ?? "") ? (code as (typeof CalendarFailures)[number]) : "other";
  return t(language, `booking.reason.${known}`);
}
