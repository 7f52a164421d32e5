import { type Activity, TurnContext } from "botbuilder";
import { z } from "zod";
import type { Actor } from "../../app/actor";
import type { ConversationFacts } from "../../app/setup/mentorshipService";
import { languageFromLocale } from "../../domain/language";
import { tenantOfActivity } from "../../activityTenant";

const text = (max: number) => z.string().max(max);
const account = z.object({ id: text(1024), name: text(1024).nullish(), aadObjectId: text(100).nullish() }).passthrough();
/** A mention must have what botbuilder's mention removal reads; other entities only a type. */
const entity = z.union([
  z.object({ type: z.string().regex(/^mention$/i), mentioned: z.object({ id: text(1024) }).passthrough(), text: text(2048) }).passthrough(),
  z.object({ type: z.string().max(200).refine((type) => type.toLowerCase() !== "mention") }).passthrough(),
]);

/**
 * Every field of an inbound activity the bot (or botbuilder on its behalf) reads, with its type. The
 * HTTP layer checks only that it is an activity at all; a field of the wrong type must end here, in
 * a clear answer, not in a TypeError halfway through a turn.
 */
export const InboundActivitySchema = z
  .object({
    type: text(64),
    id: text(1024).optional(),
    name: text(200).optional(),
    action: text(64).optional(),
    channelId: text(64).optional(),
    serviceUrl: text(2048).optional(),
    locale: text(100).optional(),
    text: text(28_000).optional(),
    replyToId: text(1024).optional(),
    value: z.unknown().optional(),
    from: account.optional(),
    recipient: account.optional(),
    conversation: z
      .object({ id: text(1024).min(1), conversationType: text(64).nullish(), tenantId: text(100).nullish(), isGroup: z.boolean().nullish(), name: text(1024).nullish() })
      .passthrough()
      .optional(),
    channelData: z.object({ tenant: z.object({ id: text(100).nullish() }).passthrough().nullish() }).passthrough().optional(),
    membersAdded: z.array(account).max(1000).optional(),
    entities: z.array(entity).max(100).optional(),
  })
  .passthrough();

/** The fields a reply is addressed with (botbuilder copies them from the activity): without them, no reply. */
const AddressFields = ["channelId", "serviceUrl", "from", "recipient", "conversation"];
/** Also copied into a reply, but a reply does without them (no locale; not threaded under the activity). */
const DroppableFields = ["id", "locale"] as const;

export type InboundCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly field: string; readonly canReply: boolean; readonly drop: readonly (typeof DroppableFields)[number][] };

/** Checks an activity's fields before anything reads them; says which field failed (its name, never its value). */
export function checkActivity(activity: unknown): InboundCheck {
  const parsed = InboundActivitySchema.safeParse(activity);
  if (parsed.success) return { ok: true };
  const fields = [...new Set(parsed.error.issues.map((i) => (i.path.length > 0 ? String(i.path[0]) : "activity")))];
  const field = fields[0] ?? "activity";
  const canReply = activity !== null && typeof activity === "object" && !fields.some((f) => AddressFields.includes(f) || f === "activity");
  const drop = DroppableFields.filter((f) => fields.includes(f));
  return { ok: false, field: /^[A-Za-z]{1,30}$/.test(field) ? field : "activity", canReply, drop };
}

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
  // botbuilder's mention removal reads the recipient's id and the text without checking either.
  const text = (activity.recipient?.id && typeof activity.text === "string" ? TurnContext.removeRecipientMention(activity) : activity.text) ?? "";
  const cleaned = text.replace(/<[^>]*>/g, " ").replace(/&nbsp;/g, " ").trim();
  const [first = "", ...rest] = cleaned.split(/\s+/);
  return { word: first.toLowerCase(), rest: rest.join(" ") };
}
