import type { Language } from "../domain/language";
import type { Mentorship } from "../domain/mentorship";

/**
 * Issue 13: the cards a mentorship posted in its chat, found before its rows are erased (the
 * message ids are among those rows) and replaced afterwards by a short "removed" card. Which
 * messages they are stays the chat adapter's business: the app holds the handle, never the ids.
 */
export interface PostedCards {
  readonly count: number;
}

export interface ErasedChat {
  /** The mentorship's posted cards (`meetingKeys`: its meetings, whose agendas were posted). */
  find(m: Mentorship, meetingKeys: readonly string[]): Promise<PostedCards>;
  /** Replaces each with the "removed" card in `language`; how many were replaced. Failures are logged, never thrown. */
  replaceWithRemoved(cards: PostedCards, language: Language): Promise<number>;
}
