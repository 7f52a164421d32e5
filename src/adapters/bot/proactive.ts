import { type CloudAdapter, CardFactory, type ConversationReference } from "botbuilder";
import type { AdaptiveCard } from "../../cards/template";

/** A stored conversation reference (ids and service URL only). */
export type ConversationReferenceData = Readonly<Record<string, unknown>>;

/** The channel edge for messages outside any user turn: by conversation reference. Tests record it. */
export interface ChatNotifier {
  /** Posts a text or a card; answers the new message's id (to update it later). */
  send(reference: ConversationReferenceData, message: { readonly text?: string; readonly card?: AdaptiveCard }): Promise<string | null>;
  /** Replaces a posted card for everyone in the chat. */
  update(reference: ConversationReferenceData, activityId: string, card: AdaptiveCard): Promise<void>;
}

/**
 * Proactive messages through the stored conversation reference and
 * CloudAdapter.continueConversationAsync (the old continueConversation throws now).
 */
export class BotChatNotifier implements ChatNotifier {
  constructor(
    private readonly adapter: CloudAdapter,
    /** The bot's app id; empty in the anonymous local mode. */
    private readonly appId: string,
  ) {}

  async send(reference: ConversationReferenceData, message: { text?: string; card?: AdaptiveCard }): Promise<string | null> {
    let id: string | null = null;
    await this.adapter.continueConversationAsync(this.appId, reference as Partial<ConversationReference>, async (ctx) => {
      const sent = message.card
        ? await ctx.sendActivity({ type: "message", attachments: [CardFactory.adaptiveCard(message.card)], ...(message.text ? { text: message.text } : {}) })
        : await ctx.sendActivity(message.text ?? "");
      id = sent?.id ?? null;
    });
    return id;
  }

  async update(reference: ConversationReferenceData, activityId: string, card: AdaptiveCard): Promise<void> {
    await this.adapter.continueConversationAsync(this.appId, reference as Partial<ConversationReference>, async (ctx) => {
      await ctx.updateActivity({ type: "message", id: activityId, attachments: [CardFactory.adaptiveCard(card)] });
    });
  }
}
