/**
 * The mentorship row. Version 1 (issue 10): `json` holds the mentorship as the domain has it, with
 * no Teams message ids (those are the posted-message rows' business) and with `agreementPostedAt`.
 * Version 0 (no version column, main before issue 10): `json` held the aggregate as it was, message
 * ids included and the "absent in older rows" fields absent.
 *
 * Upgrade 0 → 1:
 *   agreementPostedAt = agreementActivityId ? (phase === "startUp" ? phaseSince : createdAt) : null
 *   meetingPlan, pausedAt, preparedBy absent → null; formerMentors absent → []
 *   agreementActivityId, planActivityId, bookingActivityId leave the value; the row keeps them as
 *   `legacy…` columns (see LegacyMessageIds) until the posted-message rows take over.
 */
import { z } from "zod";
import { programmeDefinitionSchema } from "../../../app/programmes/definitionSchema";
import { ArchiveHoldReasons, type Mentorship } from "../../../domain/mentorship";
import { agreementStateSchema, closingSchema, instant, introductionSchema, languageSchema, leaderStateSchema, meetingPlanSchema, nullableInstant, personSchema, phaseSchema, programmeRefSchema, programmeSchema, text } from "./domainSchemas";
import { type SameKeys, SCHEMA_VERSION_COLUMN, jsonColumn, parseAs, unknownVersion, versionOf } from "./versioned";
import { mentorshipKey } from "./keys";

export const MENTORSHIP_SCHEMA_VERSION = 1;

/** The Teams message ids today's rows carry inside the mentorship (team.md: they move out of the domain). */
export const ActivityIdFields = ["agreementActivityId", "planActivityId", "bookingActivityId"] as const;
type ActivityIdField = (typeof ActivityIdFields)[number];

/** The mentorship as stored from version 1 on: the domain value without message ids, with `agreementPostedAt`. */
export type StoredMentorship = Omit<Mentorship, ActivityIdField | "agreementPostedAt"> & { readonly agreementPostedAt: string | null };

const common = {
  id: text,
  tenantId: text,
  conversationId: text,
  programme: programmeSchema,
  language: languageSchema,
  timeZone: text,
  unit: text,
  firstWorkingDay: text,
  mentor: personSchema,
  mentee: personSchema,
  phase: phaseSchema,
  phaseSince: instant,
  createdAt: instant,
  lastActivityAt: instant,
  agreement: agreementStateSchema,
  meetingPlan: meetingPlanSchema.nullable().optional(),
  pausedAt: nullableInstant.optional(),
  formerMentors: z.array(z.looseObject({ person: personSchema, until: instant })).optional(),
  preparedBy: z.looseObject({ aadObjectId: text, at: instant }).nullable().optional(),
  presentation: text.optional(),
  welcomePostedAt: nullableInstant.optional(),
  pairingConcernAt: nullableInstant.optional(),
  closing: closingSchema.nullable().optional(),
  leader: personSchema.nullable().optional(),
  contact: personSchema.nullable().optional(),
  leaderState: leaderStateSchema.nullable().optional(),
  introduction: introductionSchema.nullable().optional(),
  programmeRef: programmeRefSchema.nullable().optional(),
  programmeDefinition: programmeDefinitionSchema.nullable().optional(),
  archiveHold: z.looseObject({ reason: z.enum(ArchiveHoldReasons), setBy: text, at: instant }).nullable().optional(),
};

export const mentorshipV1 = z.looseObject({ ...common, agreementPostedAt: nullableInstant });

const mentorshipV0 = z.looseObject({
  ...common,
  agreementActivityId: text.nullable().optional(),
  planActivityId: text.nullable().optional(),
  bookingActivityId: text.nullable().optional(),
});

// Compile-time: the schema names exactly the stored value's fields, and what it gives is one.
const _sameKeys: SameKeys<StoredMentorship, typeof mentorshipV1.shape> = true;
const _fits = (v: z.output<typeof mentorshipV1>): StoredMentorship => v;
void _sameKeys;
void _fits;

/** Message ids a version-0 row carried, kept on the row until the posted-message rows have them. */
export interface LegacyMessageIds {
  readonly agreement: string | null;
  readonly plan: string | null;
  readonly booking: string | null;
}
const LEGACY_COLUMNS = { agreement: "legacyAgreementActivityId", plan: "legacyPlanActivityId", booking: "legacyBookingActivityId" } as const;
export const noLegacyIds: LegacyMessageIds = { agreement: null, plan: null, booking: null };

export function upgradeMentorshipV0(v0: z.output<typeof mentorshipV0>): { value: StoredMentorship; legacy: LegacyMessageIds } {
  const { agreementActivityId, planActivityId, bookingActivityId, ...rest } = v0;
  const agreementPostedAt = agreementActivityId ? (rest.phase === "startUp" ? rest.phaseSince : rest.createdAt) : null;
  return {
    value: { ...rest, agreementPostedAt, meetingPlan: rest.meetingPlan ?? null, pausedAt: rest.pausedAt ?? null, formerMentors: rest.formerMentors ?? [], preparedBy: rest.preparedBy ?? null },
    legacy: { agreement: agreementActivityId ?? null, plan: planActivityId ?? null, booking: bookingActivityId ?? null },
  };
}

export interface ReadMentorship {
  readonly value: StoredMentorship;
  readonly version: number;
  readonly legacy: LegacyMessageIds;
}

const legacyColumn = (entity: Readonly<Record<string, unknown>>, column: string): string | null => {
  const v = entity[column];
  return typeof v === "string" && v !== "" ? v : null;
};

export function readMentorship(entity: Readonly<Record<string, unknown>>): ReadMentorship {
  const version = versionOf(entity, "mentorship");
  const json = jsonColumn(entity, "mentorship", version);
  if (version === 0) return { version, ...upgradeMentorshipV0(parseAs(mentorshipV0, json, "mentorship", 0)) };
  if (version === 1) {
    const legacy = { agreement: legacyColumn(entity, LEGACY_COLUMNS.agreement), plan: legacyColumn(entity, LEGACY_COLUMNS.plan), booking: legacyColumn(entity, LEGACY_COLUMNS.booking) };
    return { version, value: parseAs(mentorshipV1, json, "mentorship", 1), legacy };
  }
  return unknownVersion("mentorship", version);
}

/**
 * The domain value in, the stored value out. While the domain type still carries message ids (they
 * leave it in issue 10, see bridge.ts), they are taken out here; `agreementPostedAt` is derived by
 * the upgrade rule for a value that has an agreement message id but no posted time.
 */
export function toStoredMentorship(m: Mentorship): { value: StoredMentorship; ids: LegacyMessageIds } {
  const loose = m as unknown as Record<string, unknown>;
  const id = (k: ActivityIdField) => (typeof loose[k] === "string" && loose[k] !== "" ? (loose[k] as string) : null);
  const ids: LegacyMessageIds = { agreement: id("agreementActivityId"), plan: id("planActivityId"), booking: id("bookingActivityId") };
  const { agreementActivityId: _a, planActivityId: _p, bookingActivityId: _b, ...rest } = loose;
  const postedAt = typeof rest["agreementPostedAt"] === "string" ? (rest["agreementPostedAt"] as string) : null;
  const agreementPostedAt = postedAt ?? (ids.agreement ? (m.phase === "startUp" ? m.phaseSince : m.createdAt) : null);
  // Not parsed on the way out: the domain type already says what it is, and reads check it.
  return { value: { ...rest, agreementPostedAt } as unknown as StoredMentorship, ids };
}

export interface MentorshipEntity {
  partitionKey: string;
  rowKey: string;
  kind: "mentorship";
  [SCHEMA_VERSION_COLUMN]: number;
  json: string;
  conversationId: string;
  mentorAadObjectId: string;
  menteeAadObjectId: string;
  phase: string;
  legacyAgreementActivityId?: string;
  legacyPlanActivityId?: string;
  legacyBookingActivityId?: string;
}

export function mentorshipEntity(value: StoredMentorship, legacy: LegacyMessageIds): MentorshipEntity {
  return {
    partitionKey: value.tenantId,
    rowKey: mentorshipKey(value.id),
    kind: "mentorship",
    [SCHEMA_VERSION_COLUMN]: MENTORSHIP_SCHEMA_VERSION,
    json: JSON.stringify(value),
    conversationId: value.conversationId,
    mentorAadObjectId: value.mentor.aadObjectId,
    menteeAadObjectId: value.mentee.aadObjectId,
    phase: value.phase,
    ...(legacy.agreement ? { [LEGACY_COLUMNS.agreement]: legacy.agreement } : {}),
    ...(legacy.plan ? { [LEGACY_COLUMNS.plan]: legacy.plan } : {}),
    ...(legacy.booking ? { [LEGACY_COLUMNS.booking]: legacy.booking } : {}),
  };
}

/** The columns a query must select to read a mentorship row (with its legacy message ids). */
export const MENTORSHIP_COLUMNS = ["json", SCHEMA_VERSION_COLUMN, ...Object.values(LEGACY_COLUMNS)];
