/**
 * The overview's summary row (`s|{id}`): one column per field, never text the pair wrote.
 * Upgrade 0 → 1: a field absent in an older row reads as "" (a count as 0), as it always did.
 */
import { z } from "zod";
import { type MentorshipSummary, SummaryFields } from "../../../domain/summary";
import { summaryKey } from "./keys";
import { type SameKeys, SCHEMA_VERSION_COLUMN, parseAs, unknownVersion, versionOf } from "./versioned";

export const SUMMARY_SCHEMA_VERSION = 1;

const count = z.number().int().min(0);
const shape = Object.fromEntries(SummaryFields.map((f) => [f, z.string()])) as { [K in keyof MentorshipSummary]: z.ZodString };
export const summaryV1 = z.object({ ...shape, agreementStatus: z.enum(["draft", "waiting", "agreed"]), meetingsHeld: count, meetingsPlanned: count, meetingsDropped: count, introductionDone: count, introductionTotal: count, leaderTalksHeld: count, leaderTalksTotal: count, programmeVersion: count });

const _sameKeys: SameKeys<MentorshipSummary, typeof summaryV1.shape> = true;
const _fits = (v: z.output<typeof summaryV1>): MentorshipSummary => v;
void _sameKeys;
void _fits;

const COUNTS = new Set<string>(["meetingsHeld", "meetingsPlanned", "meetingsDropped", "introductionDone", "introductionTotal", "leaderTalksHeld", "leaderTalksTotal", "programmeVersion"]);
const isCount = (f: string) => COUNTS.has(f);

/** Columns added within version 1: rows written before them lack them. */
const LATER_COLUMNS = new Set<string>([
  "closingReason", "closingStartedAt", "closedAt", "pairingConcernAt", "meetingsDropped",
  // issue 12
  "leaderName", "leaderAadObjectId", "contactName", "contactAadObjectId", "introductionDone", "introductionTotal", "introductionClosedAt",
  "leaderTalksHeld", "leaderTalksTotal", "nextLeaderTalkFrom", "mentorChangeRequestedAt", "programmeDefinitionId", "programmeVersion",
  // issue 13
  "archiveHoldReason", "archiveHoldAt",
]);

export function readSummary(entity: Readonly<Record<string, unknown>>): MentorshipSummary {
  const version = versionOf(entity, "summary");
  if (version > SUMMARY_SCHEMA_VERSION) return unknownVersion("summary", version);
  // A column added after the row was written (issue 11's closing columns) reads as "" (a count as 0).
  const columns = Object.fromEntries(SummaryFields.map((f) => [f, entity[f] ?? (version === 0 || LATER_COLUMNS.has(f) ? (isCount(f) ? 0 : "") : undefined)]));
  return parseAs(summaryV1, columns, "summary", version);
}

export function summaryEntity(tenantId: string, s: MentorshipSummary) {
  return { partitionKey: tenantId, rowKey: summaryKey(s.mentorshipId), kind: "summary", [SCHEMA_VERSION_COLUMN]: SUMMARY_SCHEMA_VERSION, ...s };
}

export const SUMMARY_COLUMNS = [...SummaryFields, SCHEMA_VERSION_COLUMN];
