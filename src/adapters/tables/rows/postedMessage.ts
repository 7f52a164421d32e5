/** A posted card's Teams message id (`msg|{mentorshipId}|{slot}`). New in version 1. */
import { z } from "zod";
import { postedKey } from "./keys";
import { SCHEMA_VERSION_COLUMN, parseAs, unknownVersion, versionOf } from "./versioned";

export const POSTED_MESSAGE_SCHEMA_VERSION = 1;
const postedV1 = z.object({ mentorshipId: z.string(), slot: z.string(), activityId: z.string().min(1) });

export function readPostedMessage(entity: Readonly<Record<string, unknown>>): { mentorshipId: string; slot: string; activityId: string } {
  const version = versionOf(entity, "postedMessage");
  if (version !== POSTED_MESSAGE_SCHEMA_VERSION) return unknownVersion("postedMessage", version);
  return parseAs(postedV1, entity, "postedMessage", version);
}

export function postedMessageEntity(tenantId: string, mentorshipId: string, slot: string, activityId: string) {
  return { partitionKey: tenantId, rowKey: postedKey(mentorshipId, slot), kind: "postedMessage", [SCHEMA_VERSION_COLUMN]: POSTED_MESSAGE_SCHEMA_VERSION, mentorshipId, slot, activityId };
}
