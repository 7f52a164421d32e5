import { FALLBACK_LANGUAGE, type Language } from "../domain/language";
import { type Mentorship, isActive, partyOf } from "../domain/mentorship";

/** Where a reply's language came from; "default" means nothing about the person or the chat was known. */
export type LanguageSource = "mentorship" | "person" | "locale" | "default";

export interface ReplyLanguage {
  readonly language: Language;
  readonly source: LanguageSource;
}

export interface ReplyLanguageFacts {
  readonly conversationType: "personal" | "groupChat" | "channel";
  /** The mentorship this chat belongs to (active or prepared for it), if any. */
  readonly chatMentorship: Mentorship | null;
  /** The person who wrote, and the mentorships store.mentorshipsOf found for them. */
  readonly aadObjectId: string | null;
  readonly personMentorships: readonly Mentorship[];
  /** The activity's locale, when it names a language we have. */
  readonly locale: Language | null;
}

/**
 * The person's own language, remembered from the mentorships they belong to: a current one they
 * are a party of first (active before ended, newest first), then one they were the mentor of.
 * The same every time, whatever the client's locale: Teams' web client and the Playground say en-US.
 */
export function personLanguage(mentorships: readonly Mentorship[], aadObjectId: string): Language | null {
  const newestFirst = [...mentorships].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const rank = (m: Mentorship) => (partyOf(m, aadObjectId) === null ? 2 : isActive(m) ? 0 : 1);
  return newestFirst.sort((a, b) => rank(a) - rank(b))[0]?.language ?? null;
}

/**
 * The language of every text reply (welcome, help, status, refusals), decided in one place: in a
 * pair's chat, the mentorship's; otherwise the person's (remembered from their mentorships), then
 * the activity's locale, then Danish.
 */
export function decideReplyLanguage(f: ReplyLanguageFacts): ReplyLanguage {
  if (f.conversationType !== "personal" && f.chatMentorship) return { language: f.chatMentorship.language, source: "mentorship" };
  const own = f.aadObjectId ? personLanguage(f.personMentorships, f.aadObjectId) : null;
  if (own) return { language: own, source: "person" };
  if (f.locale) return { language: f.locale, source: "locale" };
  return { language: FALLBACK_LANGUAGE, source: "default" };
}
