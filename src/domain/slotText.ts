/**
 * Reads a regular weekday and time out of what a pair wrote in the agreement's "Tid og sted" /
 * "Tid og sted" / "Time and place" field ("Tirsdage kl. 13.00 i mødelokale 2", "onsdager 9:30",
 * "every Thursday at 14:00"), so the plan card starts from what they agreed instead of a default.
 * Only what is unambiguous is taken: a weekday from Monday to Friday named once (singular or
 * plural, Danish, Norwegian or English), and a time written "kl. 13", "kl 9.30", "13.00", "13:00" or as
 * a span "9-10" (its start), that is not part of a date (13.01.2027, 13-01-2027). Anything else is left to the programme's default.
 */
import type { Slot } from "./cadence";

const WEEKDAYS: ReadonlyArray<readonly [Slot["weekday"], RegExp]> = [
  [1, /^(mandag(e|er|en|ene)?|monday?s?)$/],
  [2, /^(tirsdag(e|er|en|ene)?|tuesdays?)$/],
  [3, /^(onsdag(e|er|en|ene)?|wednesdays?)$/],
  [4, /^(torsdag(e|er|en|ene)?|thursdays?)$/],
  [5, /^(fredag(e|er|en|ene)?|fridays?)$/],
];

/** "kl. 13", "kl 13.30", "klokken 9:15", "at 14" — the hour alone is enough after one of these words. */
const AFTER_WORD = /(?:^|[^\p{L}\d])(?:kl\.?|klokken|klokka|at)\s*([01]?\d|2[0-3])(?:[.:]([0-5]\d))?(?![\d.:]*\d)/iu;
/** "9-10", "14.30–15.30": a span of hours, read as its start — but not a date like 13-01-2027. */
const SPAN = /(?:^|[^\d.:-])([01]?\d|2[0-3])(?:[.:]([0-5]\d))?\s*[-–]\s*(?:[01]?\d|2[0-3])(?:[.:][0-5]\d)?(?![\d.:-]*\d)/u;
/** "13.00", "9:30" on their own — but not a date like 13.01.2027 or 1.5.2027. */
const BARE = /(?:^|[^\d.:])([01]?\d|2[0-3])[.:]([0-5]\d)(?![.:]?\d)/u;

export interface SlotHint {
  readonly weekday?: Slot["weekday"];
  readonly time?: string;
}

export function slotHintFromText(text: string): SlotHint {
  const words = text.toLowerCase().split(/[^\p{L}]+/u).filter(Boolean);
  const days = new Set<Slot["weekday"]>();
  for (const w of words) for (const [day, re] of WEEKDAYS) if (re.test(w)) days.add(day);
  const match = AFTER_WORD.exec(text) ?? SPAN.exec(text) ?? BARE.exec(text);
  const hint: { weekday?: Slot["weekday"]; time?: string } = {};
  if (days.size === 1) hint.weekday = [...days][0] as Slot["weekday"];
  if (match?.[1] !== undefined) hint.time = `${match[1].padStart(2, "0")}:${match[2] ?? "00"}`;
  return hint;
}
