import { renderRemovedCard } from "../../cards/removedCard";
import type { Language } from "../../domain/language";
import type { Mentorship } from "../../domain/mentorship";
import type { Logger } from "../../log";
import type { ErasedChat, PostedCards } from "../../ports/erasedChat";
import type { MessageSlot, PostedMessageStore } from "../../ports/postedMessages";
import type { ChatRecord, Stored } from "../../ports/store";
import type { ChatNotifier, ConversationReferenceData } from "./proactive";

/** The slots a mentorship's cards fill (src/ports/postedMessages.ts), besides one agenda per meeting. */
const FIXED_SLOTS: readonly MessageSlot[] = ["agreement", "plan", "booking", "welcome", "evaluation", "introduction"];

interface Found extends PostedCards {
  readonly reference: ConversationReferenceData | null;
  readonly messageIds: readonly string[];
}

/**
 * Issue 13, in Teams: the ids of an erased mentorship's posted cards (read from the posted-message
 * rows before they go) and, afterwards, each card replaced for everyone in the chat by the short
 * "removed" card. A card Teams no longer has (deleted in the chat) is logged and skipped.
 */
export class BotErasedChat implements ErasedChat {
  constructor(
    private readonly deps: {
      readonly sender: ChatNotifier;
      readonly chats: { getChat(tenantId: string, conversationId: string): Promise<Stored<ChatRecord> | null> };
      readonly posted: Pick<PostedMessageStore, "get">;
      readonly log: Logger;
    },
  ) {}

  async find(m: Mentorship, meetingKeys: readonly string[]): Promise<PostedCards> {
    const chat = m.conversationId ? await this.deps.chats.getChat(m.tenantId, m.conversationId) : null;
    const reference = chat?.value.reference ?? null;
    const slots: MessageSlot[] = [...FIXED_SLOTS, ...meetingKeys.map((k): MessageSlot => `agenda:${k}`)];
    const ids = new Set<string>();
    if (reference) for (const slot of slots) {
      const id = await this.deps.posted.get(m.tenantId, m.id, slot);
      if (id) ids.add(id);
    }
    const found: Found = { count: ids.size, reference, messageIds: [...ids] };
    return found;
  }

  async replaceWithRemoved(cards: PostedCards, language: Language): Promise<number> {
    const { reference, messageIds } = cards as Found;
    if (!reference || !messageIds) return 0;
    const card = renderRemovedCard(language);
    let replaced = 0;
    for (const id of messageIds) {
      try {
        await this.deps.sender.update(reference, id, card);
        replaced++;
      } catch (err) {
        this.deps.log.warn("erasure.card.notReplaced", { error: err instanceof Error ? err.name : "unknown" });
      }
    }
    return replaced;
  }
}
