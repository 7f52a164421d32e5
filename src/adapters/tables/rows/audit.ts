/**
 * The audit log's rows, in a table of their own (`${TABLE_NAME}audit`, one partition per tenant):
 * nothing of another feature's queries can reach it, and nothing here is ever replaced.
 *   e|{at}|{n}              one entry (time first: retention removes a key range)
 *   p|{person}|{at}|{n}     the same entry, found under a person it is about (their export)
 * An entry lists the people it is indexed under (`about`), so its index rows go with it. Ids, a
 * verb, a time and a short code only: never a name or a word anyone wrote. New in version 1.
 */
import { z } from "zod";
import { type AuditEntry, AuditVerbs } from "../../../ports/audit";
import { personKey } from "./keys";
import { RowSchemaError, SCHEMA_VERSION_COLUMN, parseAs, unknownVersion, versionOf } from "./versioned";

export const AUDIT_SCHEMA_VERSION = 1;

export const AUDIT_ENTRY_PREFIX = "e|";
export const auditEntryKey = (at: string, n: string) => `${AUDIT_ENTRY_PREFIX}${at}|${n}`;
export const auditPersonPrefix = (person: string) => `p|${personKey(person)}|`;
export const auditPersonKey = (person: string, at: string, n: string) => `${auditPersonPrefix(person)}${at}|${n}`;

const entryV1 = z.object({
  at: z.string(),
  actorId: z.string(),
  verb: z.enum(AuditVerbs),
  subjectId: z.string(),
  mentorshipId: z.string(),
  detail: z.string(),
  /** JSON array of the people the entry is indexed under. */
  about: z.string(),
});

export const AUDIT_COLUMNS = ["at", "actorId", "verb", "subjectId", "mentorshipId", "detail", "about", SCHEMA_VERSION_COLUMN];

export function auditEntity(rowKey: string, e: AuditEntry, about: readonly string[]) {
  return {
    partitionKey: e.tenantId,
    rowKey,
    kind: "auditEntry",
    [SCHEMA_VERSION_COLUMN]: AUDIT_SCHEMA_VERSION,
    at: e.at,
    actorId: e.actorId,
    verb: e.verb,
    subjectId: e.subjectId ?? "",
    mentorshipId: e.mentorshipId ?? "",
    detail: e.detail ?? "",
    about: JSON.stringify(about),
  };
}

export function readAuditEntry(tenantId: string, entity: Readonly<Record<string, unknown>>): { entry: AuditEntry; about: string[] } {
  const version = versionOf(entity, "auditEntry");
  if (version !== AUDIT_SCHEMA_VERSION) return unknownVersion("auditEntry", version);
  const v = parseAs(entryV1, entity, "auditEntry", version);
  let listed: unknown;
  try {
    listed = JSON.parse(v.about);
  } catch {
    throw new RowSchemaError("auditEntry", version, ["about"]);
  }
  const about = parseAs(z.array(z.string()), listed, "auditEntry", version);
  return {
    entry: { tenantId, at: v.at, actorId: v.actorId, verb: v.verb, subjectId: v.subjectId || null, mentorshipId: v.mentorshipId || null, detail: v.detail || null },
    about,
  };
}
