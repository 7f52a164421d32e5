import { type CloudAdapter, CardFactory, type ConversationReference } from "botbuilder";
import type { AdaptiveCard } from "../../cards/template";
import type { ChatNotifier, ConversationReferenceData } from "../../ports/notifier";

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
