/**
 * Which of a mentorship's cards a posted chat message is. The chat-delivery adapter remembers the
 * Teams message id of each, so it can replace the card for everyone later; the domain never sees
 * those ids (they are Teams' business, not the mentorship's).
 */
export type MessageSlot = "agreement" | "plan" | "booking" | `agenda:${string}` | "welcome" | "evaluation" | "introduction";

/** Where the bot adapter keeps the ids of the cards it posted (one row per mentorship and slot). */
export interface PostedMessageStore {
  /** The message id posted for this slot, or null when none was posted (or it was not recorded). */
  get(tenantId: string, mentorshipId: string, slot: MessageSlot): Promise<string | null>;
  /** Records (or replaces) the message id for this slot. Last write wins: ids are not state. */
  put(tenantId: string, mentorshipId: string, slot: MessageSlot, activityId: string): Promise<void>;
  /** Forgets every message id of a mentorship (data erasure). */
  deleteAll(tenantId: string, mentorshipId: string): Promise<void>;
}
