import { type Activity, TurnContext } from "botbuilder";
import type { Actor } from "../../app/actor";
import type { ConversationFacts } from "../../app/mentorshipService";
import { languageFromLocale } from "../../domain/language";
import { tenantOfActivity } from "../../http/server";

/** The tenant an activity belongs to, as Teams states it. */
export function tenantOf(activity: Partial<Activity>): string | undefined {
  return tenantOfActivity(activity as Record<string, unknown>);
}

/** Who sent the activity. Identity comes from the (authenticated) activity, never from card data. */
export function actorOf(activity: Activity): Actor | null {
  const tenantId = tenantOf(activity);
  const aadObjectId = activity.from?.aadObjectId;
  if (!tenantId || !aadObjectId) return null;
  return {
    tenantId,
    aadObjectId,
    name: (activity.from.name ?? "").slice(0, 200),
    channelUserId: activity.from.id,
    language: languageFromLocale(activity.locale),
  };
}

export function conversationOf(activity: Activity): ConversationFacts | null {
  const tenantId = tenantOf(activity);
  if (!tenantId || !activity.conversation?.id) return null;
  const type = activity.conversation.conversationType;
  const conversationType = type === "personal" || type === "channel" ? type : type === "groupChat" ? "groupChat" : activity.conversation.isGroup ? "groupChat" : "personal";
  const ref = TurnContext.getConversationReference(activity);
  // Keep ids and the service URL only: no text, no user names.
  const reference = {
    channelId: ref.channelId,
    serviceUrl: ref.serviceUrl,
    conversation: { id: ref.conversation?.id, conversationType: ref.conversation?.conversationType, tenantId, isGroup: ref.conversation?.isGroup },
    bot: { id: ref.bot?.id },
  };
  return { tenantId, conversationId: activity.conversation.id, conversationType, reference };
}

/** The command word of a message, with the bot's @mention removed. */
export function commandOf(activity: Activity): { word: string; rest: string } {
  const text = TurnContext.removeRecipientMention(activity) ?? activity.text ?? "";
  const cleaned = text.replace(/<[^>]*>/g, " ").replace(/&nbsp;/g, " ").trim();
  const [first = "", ...rest] = cleaned.split(/\s+/);
  return { word: first.toLowerCase(), rest: rest.join(" ") };
}
