/**
 * Issue 13: one journal entry (`j|{mentee}|{entryId}`) in the journal's own table, one partition per
 * tenant. In the clear only what no person wrote and what retention and erasure need: the ids, the
 * mentorship, the times and the version. Everything the mentee typed — title, date, the template's
 * fields, the conversation log — is one AES-256-GCM sealed column (`sealed`), bound to its row
 * (tenant, mentee, entry id as additional data) so a sealed text copied into another row opens nowhere.
 * New in version 1.
 */
import { z } from "zod";
import type { JournalEntry } from "../../../domain/journal";
import { instant, text } from "./domainSchemas";
import { personKey } from "./keys";
import { SCHEMA_VERSION_COLUMN, type SameKeys, parseAs, unknownVersion, versionOf } from "./versioned";

export const JOURNAL_SCHEMA_VERSION = 1;

export const journalPrefix = (menteeAadObjectId: string) => `j|${personKey(menteeAadObjectId)}|`;
export const journalKey = (menteeAadObjectId: string, id: string) => `${journalPrefix(menteeAadObjectId)}${id}`;

/** What is sealed: the mentee's words (and the entry's date, which is part of what they wrote). */
const cell = z.string();
export const sealedV1 = z.object({
  title: z.string(),
  date: z.string(),
  background: z.string(),
  problems: z.string(),
  caseSummary: z.string(),
  other: z.string(),
  reflection: z.string(),
  log: z.array(z.object({ citizen: cell, worker: cell, observation: cell })),
});
export type SealedJournal = z.output<typeof sealedV1>;

type PlainKeys = "id" | "tenantId" | "menteeAadObjectId" | "mentorshipId" | "createdAt" | "updatedAt" | "version";
const _sameSealed: SameKeys<Omit<JournalEntry, PlainKeys>, typeof sealedV1.shape> = true;
void _sameSealed;

const rowV1 = z.object({ id: text, menteeAadObjectId: text, mentorshipId: text, createdAt: instant, updatedAt: instant, version: z.number().int().min(1), keyId: text, sealed: text });

export const JOURNAL_COLUMNS = ["id", "menteeAadObjectId", "mentorshipId", "createdAt", "updatedAt", "version", "keyId", "sealed", SCHEMA_VERSION_COLUMN];

export interface JournalRow {
  readonly id: string;
  readonly menteeAadObjectId: string;
  readonly mentorshipId: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
  readonly keyId: string;
  readonly sealed: string;
}

export function readJournalRow(entity: Readonly<Record<string, unknown>>): JournalRow {
  const version = versionOf(entity, "journalEntry");
  if (version !== JOURNAL_SCHEMA_VERSION) return unknownVersion("journalEntry", version);
  return parseAs(rowV1, entity, "journalEntry", version);
}

export function journalEntity(e: JournalEntry, keyId: string, sealed: string) {
  return {
    partitionKey: e.tenantId,
    rowKey: journalKey(e.menteeAadObjectId, e.id),
    kind: "journalEntry",
    [SCHEMA_VERSION_COLUMN]: JOURNAL_SCHEMA_VERSION,
    id: e.id,
    menteeAadObjectId: e.menteeAadObjectId,
    mentorshipId: e.mentorshipId,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
    version: e.version,
    keyId,
    sealed,
  };
}

export function sealedOf(e: JournalEntry): SealedJournal {
  return { title: e.title, date: e.date, background: e.background, problems: e.problems, caseSummary: e.caseSummary, other: e.other, reflection: e.reflection, log: e.log.map((r) => ({ citizen: r.citizen, worker: r.worker, observation: r.observation })) };
}
