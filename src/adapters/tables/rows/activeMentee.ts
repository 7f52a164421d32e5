/**
 * The mentee's active-mentorship row (`active|mentee|{person}`): inserted in the same transaction
 * as a mentorship, so two mentorships for one mentee cannot both be written. `mentorshipId` "" is a
 * row released by a mentorship that ended (a transaction's delete cannot carry an ETag, so the row
 * is emptied, conditionally, instead). Versions 0 and 1 hold the same columns.
 */
import { z } from "zod";
import { activeMenteeKey } from "./keys";
import { SCHEMA_VERSION_COLUMN, parseAs, unknownVersion, versionOf } from "./versioned";

export const ACTIVE_MENTEE_SCHEMA_VERSION = 1;
const activeMenteeV1 = z.object({ mentorshipId: z.string() });

/** The mentorship holding the row, or null for a released row. */
export function readActiveMentee(entity: Readonly<Record<string, unknown>>): string | null {
  const version = versionOf(entity, "activeMentee");
  if (version > ACTIVE_MENTEE_SCHEMA_VERSION) return unknownVersion("activeMentee", version);
  const { mentorshipId } = parseAs(activeMenteeV1, entity, "activeMentee", version);
  return mentorshipId === "" ? null : mentorshipId;
}

export function activeMenteeEntity(tenantId: string, menteeAadObjectId: string, mentorshipId: string) {
  return { partitionKey: tenantId, rowKey: activeMenteeKey(menteeAadObjectId), kind: "activeMentee", [SCHEMA_VERSION_COLUMN]: ACTIVE_MENTEE_SCHEMA_VERSION, json: "{}", mentorshipId, menteeAadObjectId };
}
