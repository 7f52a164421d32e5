/**
 * The leader's part of a mentorship (issue 12): the talks the programme gives the leader with the new
 * hire (Kristiansand's probation talks after 14 days, 2 months and 4–5 months; KL/DS's development
 * talk at 12 months; the introduction's closing talk) and the early heads-up card ("møder muren",
 * seed 002). The leader sees dates and counts of the pair's mentorship, never what the pair wrote.
 *
 * Contract shared by the leader features; the transitions live beside these types (leader engineer).
 */
import type { IsoDate } from "./dates";

/** Where a leader talk stands: planned from the programme, reminded, booked in the leader's calendar, then held or not. */
export const LeaderTalkStatuses = ["planned", "reminded", "booked", "held", "notHeld"] as const;
export type LeaderTalkStatus = (typeof LeaderTalkStatuses)[number];

export interface LeaderTalk {
  /** The programme's milestone key ("probation14d", "developmentTalk", a coordinator's own key) or "introductionClosing". */
  readonly key: string;
  /** Due window from the programme (inclusive ISO dates; the same day for a fixed date). */
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly status: LeaderTalkStatus;
  readonly remindedAt: string | null;
  /** The booked meeting (start/end as UTC instants; the calendar's event id; the Teams join link, if any). */
  readonly booking: { readonly startUtc: string; readonly endUtc: string; readonly eventId: string; readonly joinUrl: string | null; readonly at: string } | null;
  /** When the leader answered "was it held?" (null before). */
  readonly answeredAt: string | null;
}

export interface LeaderState {
  /** The talks, in due order. Re-planned when the first working day changes (held/booked ones are kept). */
  readonly talks: readonly LeaderTalk[];
  /** When the heads-up card went to the leader (null: not yet). */
  readonly headsUpAt: string | null;
  /** The leader asked the coordinator for a change of mentor (a flag with no text; cleared by a change of mentor). */
  readonly mentorChangeRequestedAt: string | null;
}

/** The key of the talk that closes the introduction scheme (new hire, contact person and leader). */
export const INTRODUCTION_CLOSING_TALK = "introductionClosing";
