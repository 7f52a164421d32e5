import type { Language } from "../domain/language";
import { type MessageKey, type Params, t } from "./index";

/**
 * Each card input's label, by the field code a refusal names: a refusal says "Enhed eller afdeling:
 * højst 100 tegn.", in the card's language, never "(unit)". Labels that name a person get the
 * name from the refusal's params (`mentee`, `mentor`).
 */
const FieldLabels: ReadonlyMap<string, { readonly key: MessageKey; readonly name?: "mentor" | "mentee" }> = new Map<string, { key: MessageKey; name?: "mentor" | "mentee" }>([
  // setup card
  ["programme", { key: "setup.programme" }],
  ["firstDay", { key: "setup.firstDay" }],
  ["unit", { key: "setup.unit" }],
  ["mentee", { key: "setup.mentee" }],
  ["language", { key: "setup.language" }],
  // agreement card
  ...(["purpose", "meetingCount", "meetingMinutes", "timeAndPlace", "undisturbed", "framesOther", "openness", "confidentiality", "preparation", "feedback", "groundRulesOther", "shortTermGoals", "longTermIdeas", "learningOther", "mentorRoles", "tools", "methodsOther", "other"] as const).map(
    (f) => [f, { key: `agreement.${f}` as MessageKey }] as const,
  ),
  // plan card
  ["weekday", { key: "plan.weekday" }],
  ["time", { key: "plan.time" }],
  ["minutes", { key: "plan.minutes" }],
  ["leadHours", { key: "plan.leadHours" }],
  // booking card: change a meeting
  ["meetingKey", { key: "booked.changeMeeting" }],
  ["newDate", { key: "booked.newDate" }],
  ["newTime", { key: "booked.newTime" }],
  ["date", { key: "booked.newDate" }],
  // agenda card
  ["howIsMentee", { key: "agenda.howIsMentee" }],
  ["experience", { key: "agenda.experience" }],
  ["theme", { key: "agenda.theme" }],
  ["learningGoal", { key: "agenda.learningGoal" }],
  ["summary", { key: "agenda.summary" }],
  ["nextTheme", { key: "agenda.nextTheme" }],
  ["nextLearningGoal", { key: "agenda.nextLearningGoal" }],
  ["nextPreparation", { key: "agenda.nextPreparation" }],
  ["mentorFeedbackHow", { key: "agenda.feedbackHow", name: "mentor" }],
  ["mentorFeedbackWorked", { key: "agenda.feedbackWorked", name: "mentor" }],
  ["mentorFeedbackBetter", { key: "agenda.feedbackBetter", name: "mentor" }],
  ["menteeFeedbackHow", { key: "agenda.feedbackHow", name: "mentee" }],
  ["menteeFeedbackWorked", { key: "agenda.feedbackWorked", name: "mentee" }],
  ["menteeFeedbackBetter", { key: "agenda.feedbackBetter", name: "mentee" }],
  // welcome card (preparation)
  ["presentation", { key: "welcome.card.presentationLabelField" }],
  // closing and the evaluation card (a goal's inputs by their name without the goal's index)
  ["reason", { key: "closing.reason" }],
  ["worked", { key: "evaluation.worked" }],
  ["couldBeBetter", { key: "evaluation.couldBeBetter" }],
  ["recommendations", { key: "evaluation.recommendations" }],
  ["goalStatus", { key: "evaluation.status" }],
  ["goalComment", { key: "evaluation.comment" }],
  ["shareWithLeader", { key: "evaluation.shareWithLeader" }],
]);

/** What was wrong with the field, in words: the limit when there is one. */
function ruleText(language: Language, p: Params): string {
  const num = (v: unknown) => (typeof v === "number" ? v : undefined);
  const min = num(p["min"]);
  const max = num(p["max"]);
  switch (p["issue"]) {
    case "tooLong":
      return t(language, "input.tooLong", { max: max ?? "" });
    case "required":
      return t(language, "input.required");
    default:
      if (min !== undefined && max !== undefined) return t(language, "input.range", { min, max });
      if (max !== undefined) return t(language, "input.atMost", { max });
      if (min !== undefined) return t(language, "input.atLeast", { min });
      return t(language, "input.invalid");
  }
}

/** A field's label as its card shows it (without a trailing colon or question mark); the code itself when no card shows it. */
export function fieldLabelText(language: Language, field: string, params: Params): string {
  const label = FieldLabels.get(field);
  if (!label) return field;
  const name = label.name ? String(params[label.name] ?? t(language, `party.${label.name}`)) : "";
  return t(language, label.key, { mentee: String(params["mentee"] ?? t(language, "party.mentee")), name }).replace(/[?:.\s]+$/, "");
}

/**
 * The text of an INVALID_INPUT refusal: the field's own label and what is allowed, or, for a field
 * no card shows (an id, the action), the generic line naming it.
 */
export function invalidInputText(language: Language, params: Params): string {
  const field = typeof params["field"] === "string" ? params["field"] : "";
  const label = FieldLabels.get(field);
  if (!label) return t(language, "error.INVALID_INPUT", { field: field || "input" });
  const name = label.name ? String(params[label.name] ?? t(language, `party.${label.name}`)) : "";
  const labelText = t(language, label.key, { mentee: String(params["mentee"] ?? t(language, "party.mentee")), name }).replace(/[?:.\s]+$/, "");
  return t(language, "input.invalidField", { label: labelText, rule: ruleText(language, params) });
}
