import { type CloudAdapter, CardFactory, type ConversationReference, type TurnContext } from "botbuilder";
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
    await this.proactive(reference, async (ctx) => {
      const sent = message.card
        ? await ctx.sendActivity({ type: "message", attachments: [CardFactory.adaptiveCard(message.card)], ...(message.text ? { text: message.text } : {}) })
        : await ctx.sendActivity(message.text ?? "");
      id = sent?.id ?? null;
    });
    return id;
  }

  async update(reference: ConversationReferenceData, activityId: string, card: AdaptiveCard): Promise<void> {
    await this.proactive(reference, async (ctx) => {
      await ctx.updateActivity({ type: "message", id: activityId, attachments: [CardFactory.adaptiveCard(card)] });
    });
  }

  /**
   * Runs `logic` in the conversation and lets its failure reach the caller. Left to botbuilder, a
   * failure inside continueConversationAsync goes to the adapter's onTurnError, which would answer
   * a user's turn with an apology: here there is no user's turn, so the failed send would look sent
   * (no id, no error) and the apology would be posted into the chat. The caller (the outbound queue,
   * a job) decides to try again instead.
   */
  private async proactive(reference: ConversationReferenceData, logic: (ctx: TurnContext) => Promise<void>): Promise<void> {
    let failure: { error: unknown } | null = null;
    await this.adapter.continueConversationAsync(this.appId, reference as Partial<ConversationReference>, async (ctx) => {
      try {
        await logic(ctx);
      } catch (error) {
        failure = { error };
      }
    });
    if (failure) throw (failure as { error: unknown }).error;
  }
}
