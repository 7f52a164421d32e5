import { formatDateTime } from "../domain/dates";
import { type Language, t } from "./index";

/**
 * A date and time as a user reads it: "19.01.2027 kl. 10:00" (da, nb), "19.01.2027 at 10:00" (en),
 * in the programme's zone. The one place that joins date and time for users: the digits come from
 * the domain's zone maths, the joining word from the word list (`format.dateTime`).
 */
export function dateTimeText(language: Language, at: Date, zone: string): string {
  const [date = "", time = ""] = formatDateTime(at, zone).split(" ");
  return t(language, "format.dateTime", { date, time });
}
