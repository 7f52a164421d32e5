/**
 * A meeting row (`m|{id}|mt|{key}`). Version 1: `json` holds the meeting without its Teams message
 * id. Version 0: the meeting as it was, `agendaActivityId` inside.
 *
 * Upgrade 0 → 1: agendaActivityId leaves the value (kept as the `legacyAgendaActivityId` column
 * until a posted-message row takes over); agendaPostingAt, changedAt, heldCheck absent → null.
 * `superseded` stays absent: absent and false mean different things to a re-plan.
 */
import { z } from "zod";
import type { Meeting } from "../../../domain/meetings";
import { agendaSchema, nullableInstant, instant, text } from "./domainSchemas";
import { meetingKeyOf } from "./keys";
import { type SameKeys, SCHEMA_VERSION_COLUMN, jsonColumn, parseAs, unknownVersion, versionOf } from "./versioned";

export const MEETING_SCHEMA_VERSION = 1;

export type StoredMeeting = Omit<Meeting, "agendaActivityId">;

const common = {
  mentorshipId: text,
  key: text,
  seriesKey: text,
  originalDate: text,
  date: text,
  time: text,
  minutes: z.number().int(),
  startUtc: instant,
  isoWeek: z.number().int(),
  isoYear: z.number().int(),
  status: z.enum(["planned", "cancelled", "held", "notHeld"]),
  agenda: agendaSchema,
  agendaPostedAt: nullableInstant,
  agendaPostingAt: nullableInstant.optional(),
  superseded: z.boolean().optional(),
  closedOut: z.boolean().optional(),
  changedAt: nullableInstant.optional(),
  heldCheck: z.looseObject({ postedAt: instant, answeredAt: nullableInstant }).nullable().optional(),
};
export const meetingV1 = z.looseObject(common);
const meetingV0 = z.looseObject({ ...common, agendaActivityId: text.nullable().optional() });

const _sameKeys: SameKeys<StoredMeeting, typeof meetingV1.shape> = true;
const _fits = (v: z.output<typeof meetingV1>): StoredMeeting => v;
void _sameKeys;
void _fits;

const LEGACY_COLUMN = "legacyAgendaActivityId";

export interface ReadMeeting {
  readonly value: StoredMeeting;
  readonly version: number;
  readonly legacyAgendaId: string | null;
}

export function readMeeting(entity: Readonly<Record<string, unknown>>): ReadMeeting {
  const version = versionOf(entity, "meeting");
  const json = jsonColumn(entity, "meeting", version);
  if (version === 0) {
    const { agendaActivityId, ...rest } = parseAs(meetingV0, json, "meeting", 0);
    return { version, legacyAgendaId: agendaActivityId || null, value: { ...rest, agendaPostingAt: rest.agendaPostingAt ?? null, changedAt: rest.changedAt ?? null, heldCheck: rest.heldCheck ?? null } };
  }
  if (version === 1) {
    const legacy = entity[LEGACY_COLUMN];
    return { version, value: parseAs(meetingV1, json, "meeting", 1), legacyAgendaId: typeof legacy === "string" && legacy !== "" ? legacy : null };
  }
  return unknownVersion("meeting", version);
}

/** The domain meeting in (its message id taken out while the domain type still has one), the stored value out. */
export function toStoredMeeting(m: Meeting): { value: StoredMeeting; agendaId: string | null } {
  const { agendaActivityId, ...rest } = m as Meeting & { agendaActivityId?: string | null };
  return { value: rest, agendaId: agendaActivityId || null };
}

export function meetingEntity(tenantId: string, value: StoredMeeting, legacyAgendaId: string | null) {
  return {
    partitionKey: tenantId,
    rowKey: meetingKeyOf(value.mentorshipId, value.key),
    kind: "meeting",
    [SCHEMA_VERSION_COLUMN]: MEETING_SCHEMA_VERSION,
    json: JSON.stringify(value),
    ...(legacyAgendaId ? { [LEGACY_COLUMN]: legacyAgendaId } : {}),
  };
}

export const MEETING_COLUMNS = ["json", SCHEMA_VERSION_COLUMN, LEGACY_COLUMN];
