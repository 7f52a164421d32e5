/**
 * A chat row (`c|{conversation}`): `json` holds the ChatRecord. Version 0 and 1 hold the same shape;
 * upgrade 0 → 1 fills requestedBy and preparedMentorshipId (absent in older rows) with null.
 */
import { z } from "zod";
import type { ChatRecord } from "../../../ports/store";
import { instant, languageSchema, text } from "./domainSchemas";
import { chatKey } from "./keys";
import { type SameKeys, SCHEMA_VERSION_COLUMN, jsonColumn, parseAs, unknownVersion, versionOf } from "./versioned";

export const CHAT_SCHEMA_VERSION = 1;

export const chatV1 = z.looseObject({
  tenantId: text,
  conversationId: text,
  conversationType: z.enum(["personal", "groupChat", "channel"]),
  // The Bot Framework's conversation reference: opaque to us, so only its being an object is checked.
  reference: z.record(z.string(), z.unknown()),
  welcomedAt: instant.nullable(),
  activeMentorshipId: text.nullable(),
  pendingSetup: z.looseObject({ id: text, byAadObjectId: text, at: instant }).nullable(),
  requestedBy: z.looseObject({ aadObjectId: text, name: text, channelUserId: text, language: languageSchema }).nullable().optional(),
  preparedMentorshipId: text.nullable().optional(),
});

const _sameKeys: SameKeys<ChatRecord, typeof chatV1.shape> = true;
const _fits = (v: z.output<typeof chatV1>): ChatRecord => v;
void _sameKeys;
void _fits;

export function readChat(entity: Readonly<Record<string, unknown>>): ChatRecord {
  const version = versionOf(entity, "chat");
  const json = jsonColumn(entity, "chat", version);
  if (version === 0) {
    const v = parseAs(chatV1, json, "chat", 0);
    return { ...v, requestedBy: v.requestedBy ?? null, preparedMentorshipId: v.preparedMentorshipId ?? null };
  }
  if (version === 1) return parseAs(chatV1, json, "chat", 1);
  return unknownVersion("chat", version);
}

export function chatEntity(c: ChatRecord) {
  return { partitionKey: c.tenantId, rowKey: chatKey(c.conversationId), kind: "chat", [SCHEMA_VERSION_COLUMN]: CHAT_SCHEMA_VERSION, json: JSON.stringify(c) };
}
