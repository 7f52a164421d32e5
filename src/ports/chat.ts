import type { Meeting, MeetingPlan } from "../domain/meetings";
import type { Mentorship } from "../domain/mentorship";
import type { MessageSlot } from "./postedMessages";

/**
 * What the app has to say in a mentorship's chat, outside any user turn. The app says what; the
 * chat adapter renders it (cards, texts in the mentorship's language).
 */
export type ChatMessage =
  | { readonly kind: "agreement" }
  /** The plan card, read-only, with the booking's outcome. */
  | { readonly kind: "planOutcome"; readonly plan: MeetingPlan }
  | { readonly kind: "bookingOutcome"; readonly plan: MeetingPlan; readonly meetings: readonly Meeting[] }
  | { readonly kind: "agenda"; readonly meeting: Meeting }
  | { readonly kind: "pointOneReminder"; readonly meeting: Meeting }
  | { readonly kind: "heldCheck"; readonly meeting: Meeting }
  | { readonly kind: "agreementReminder" }
  | { readonly kind: "mentorChanged"; readonly former: { readonly name: string } }
  /** The preparation welcome (the mentor, their presentation, the plan), with the booked meetings still to come. */
  | { readonly kind: "welcome"; readonly meetings?: readonly Meeting[] }
  /** The closing evaluation card (its closed view once the mentorship is closed). */
  | { readonly kind: "evaluation" }
  /** The agreement card's closed view: what was agreed, and that the mentorship is closed. */
  | { readonly kind: "closed" }
  /** Issue 12: the introduction card (checklist, schedule, status agenda; ticks by the contact person and the new hire). */
  | { readonly kind: "introduction" }
  /** Issue 12: a status meeting of the introduction falls in this week (the schedule item's key). */
  | { readonly kind: "introductionReminder"; readonly item: string };

/**
 * Messages into a mentorship's own chat. The adapter finds the chat (its conversation reference)
 * and remembers which message shows which slot; the app names only the mentorship and the slot.
 */
export interface ChatDelivery {
  /**
   * Posts the message; with a slot, it becomes the message `replace` updates. False when the
   * mentorship has no chat to post to. Throws when the chat could not be reached (the caller retries).
   */
  post(m: Mentorship, message: ChatMessage, slot?: MessageSlot): Promise<boolean>;
  /**
   * Replaces the slot's message for everyone. False when none was posted for the slot, or it could
   * not be replaced (logged; a card deleted in Teams, say): the caller may post a new one.
   */
  replace(m: Mentorship, slot: MessageSlot, message: ChatMessage): Promise<boolean>;
}
