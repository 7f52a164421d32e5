/**
 * A person's personal chat with the app (`pc|{person}`): its conversation reference (ids and the
 * service URL, never text) and the messages waiting for the person there. New in version 1.
 */
import { z } from "zod";
import type { PersonalChatRecord } from "../../../ports/personalChats";
import { instant, text } from "./domainSchemas";
import { personKey } from "./keys";
import { type SameKeys, SCHEMA_VERSION_COLUMN, jsonColumn, parseAs, unknownVersion, versionOf } from "./versioned";

export const PERSONAL_CHAT_SCHEMA_VERSION = 1;
export const personalChatKey = (aadObjectId: string) => `pc|${personKey(aadObjectId)}`;

const pendingV1 = z.looseObject({
  mentorshipId: text,
  party: z.enum(["mentor", "mentee", "leader", "contact"]),
  // issue 12: the leader's messages and "introductionHandover" (the contact person's note to the mentor) added; a wider enum reads every older row.
  kind: z.enum(["preparationReminder", "pairingCheck", "ratings", "leaderReminder", "leaderHeadsUp", "leaderHeldCheck", "introductionHandover"]),
  talk: text.optional(),
  since: instant,
});

const personalChatV1 = z.looseObject({
  tenantId: text,
  aadObjectId: text,
  conversationId: text.nullable(),
  reference: z.record(z.string(), z.unknown()).nullable(),
  pending: z.array(pendingV1),
  updatedAt: instant,
});

const _sameKeys: SameKeys<PersonalChatRecord, typeof personalChatV1.shape> = true;
void _sameKeys;

export function readPersonalChat(entity: Readonly<Record<string, unknown>>): PersonalChatRecord {
  const version = versionOf(entity, "personalChat");
  if (version !== PERSONAL_CHAT_SCHEMA_VERSION) return unknownVersion("personalChat", version);
  return parseAs(personalChatV1, jsonColumn(entity, "personalChat", version), "personalChat", version);
}

export function personalChatEntity(r: PersonalChatRecord) {
  return { partitionKey: r.tenantId, rowKey: personalChatKey(r.aadObjectId), kind: "personalChat", [SCHEMA_VERSION_COLUMN]: PERSONAL_CHAT_SCHEMA_VERSION, json: JSON.stringify(r) };
}
