import type { AdaptiveCard } from "../cards/template";

/** A stored conversation reference (ids and service URL only). */
export type ConversationReferenceData = Readonly<Record<string, unknown>>;

/** Proactive messages into a chat, outside any user turn (agendas, reminders, booking results). */
export interface ChatNotifier {
  /** Posts a text or a card; answers the new message's id (to update it later). */
  send(reference: ConversationReferenceData, message: { readonly text?: string; readonly card?: AdaptiveCard }): Promise<string | null>;
  /** Replaces a posted card for everyone in the chat. */
  update(reference: ConversationReferenceData, activityId: string, card: AdaptiveCard): Promise<void>;
}
