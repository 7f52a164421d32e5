/**
 * Zod schemas of the domain values as stored. They check shape and types (the enums the domain
 * branches on included), not the limits cards apply to input: a stored row is read as written.
 * Objects are loose: a key the schema does not know is kept, never stripped (TypeScript lets a
 * value carry more than its type says — a Person where {aadObjectId, name} is declared — and
 * stripping would lose it at the next save). Each entity's declared fields are checked against
 * its domain type at compile time (SameKeys), so a field added to the domain must be added here.
 */
import { z } from "zod";
import { AgreementFieldNames, AgreementTextLimits, AgreementTools, MentorRoles } from "../../../domain/agreement";
import { MonthlyIndexes, Weekdays } from "../../../domain/cadence";
import { ClosingReasons, GoalStatuses } from "../../../domain/closing";
import { IntroductionWho } from "../../../domain/introduction";
import { Languages } from "../../../domain/language";
import { LeaderTalkStatuses } from "../../../domain/leader";
import { Phases } from "../../../domain/mentorship";
import { ProgrammeIds } from "../../../domain/programmes";

export const text = z.string();
export const instant = z.string();
export const nullableInstant = z.string().nullable();

export const personSchema = z.looseObject({ aadObjectId: text, name: text, channelUserId: text });

const textFieldShape = Object.fromEntries(Object.keys(AgreementTextLimits).map((k) => [k, text])) as { [K in keyof typeof AgreementTextLimits]: typeof text };

export const agreementFieldsSchema = z.looseObject({
  ...textFieldShape,
  meetingCount: z.number().int(),
  meetingMinutes: z.number().int(),
  mentorRoles: z.array(z.enum(MentorRoles)),
  tools: z.array(z.enum(AgreementTools)),
});

const party = z.enum(["mentor", "mentee"]);
const acceptance = z.looseObject({ version: z.number().int(), at: instant });

const partyAcceptances = z.looseObject({ mentor: acceptance.optional(), mentee: acceptance.optional() });

export const agreementRevisionSchema = z.looseObject({
  version: z.number().int().min(1),
  fields: agreementFieldsSchema,
  acceptances: partyAcceptances,
  proposedBy: party,
  proposedAt: instant,
  editedBy: z.enum(["mentor", "mentee", "programme"]),
  at: instant,
});

export const agreementStateSchema = z.looseObject({
  version: z.number().int().min(1),
  fields: agreementFieldsSchema,
  acceptances: z.looseObject({ mentor: acceptance.optional(), mentee: acceptance.optional() }),
  lockedAt: nullableInstant,
  changedIn: z.partialRecord(z.enum(AgreementFieldNames as [string, ...string[]]), z.number().int()).optional(),
  acceptedBefore: z.partialRecord(party, z.number().int()).optional(),
  revision: agreementRevisionSchema.nullable().optional(),
  revisedAt: nullableInstant.optional(),
  newestVersion: z.number().int().min(1).optional(),
  replacedVersions: z.array(z.looseObject({ version: z.number().int().min(1), acceptances: partyAcceptances, until: instant })).optional(),
});

const goalEvaluation = z.looseObject({ goal: text, source: z.enum(["shortTermGoals", "longTermIdeas"]), status: z.enum(GoalStatuses).nullable(), comment: text });
export const evaluationStateSchema = z.looseObject({
  version: z.number().int().min(1),
  fields: z.looseObject({ goals: z.array(goalEvaluation), worked: text, couldBeBetter: text, recommendations: text }),
  editedBy: z.enum(["mentor", "mentee", "programme"]),
  at: instant,
  confirmations: partyAcceptances,
  shareWithLeader: z.boolean(),
  shareWithLeaderAt: nullableInstant,
});
export const closingSchema = z.looseObject({
  reason: z.enum(ClosingReasons),
  startedBy: z.enum(["programme", "mentor", "coordinator"]),
  startedAt: instant,
  agreementVersion: z.number().int().min(1),
  evaluation: evaluationStateSchema,
  closedAt: nullableInstant,
});

export const agreementVersionSchema = z.looseObject({
  number: z.number().int().min(1),
  fields: agreementFieldsSchema,
  editedBy: z.enum(["mentor", "mentee", "programme"]),
  at: instant,
});

const weekday = z.enum(Weekdays);
const pattern = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("weekly"), interval: z.number().int(), daysOfWeek: z.array(weekday) }),
  z.looseObject({ type: z.literal("relativeMonthly"), interval: z.number().int(), daysOfWeek: z.array(weekday), index: z.enum(MonthlyIndexes) }),
]);
const seriesException = z.union([
  z.looseObject({ date: text, action: z.literal("move"), to: text }),
  z.looseObject({ date: text, action: z.literal("cancel"), byMentor: z.literal(true).optional() }),
]);
const seriesPlan = z.looseObject({
  key: text,
  pattern,
  range: z.looseObject({ startDate: text, numberOfOccurrences: z.number().int() }),
  time: text,
  minutes: z.number().int(),
  timeZone: z.enum(["Europe/Copenhagen", "Europe/Oslo"]),
  occurrences: z.array(text),
  exceptions: z.array(seriesException),
});
const bookedRef = z.looseObject({ key: text, eventId: text, joinUrl: text.nullable() });

export const meetingPlanSchema = z.looseObject({
  version: z.number().int(),
  slot: z.looseObject({ weekday: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]), time: text, minutes: z.number().int() }),
  series: z.array(seriesPlan),
  status: z.enum(["booking", "booked", "failed"]),
  booked: z.array(bookedRef),
  failure: text.nullable(),
  agendaLeadHours: z.number(),
  plannedAt: instant,
  supersedes: z.array(bookedRef).optional(),
  supersededOrganizer: z.looseObject({ aadObjectId: text, name: text }).nullable().optional(),
  bookingUntil: nullableInstant.optional(),
  bookingAttempt: z.number().int().optional(),
  bookingResumed: z.boolean().optional(),
  followUpsDoneAt: nullableInstant.optional(),
  replannedAt: nullableInstant.optional(),
});

const feedback = z.looseObject({ how: text, worked: text, better: text, at: nullableInstant });
export const agendaSchema = z.looseObject({
  howIsMentee: text,
  experience: text,
  theme: text,
  learningGoal: text,
  carriedPreparation: text,
  summary: text,
  feedback: z.looseObject({ mentor: feedback, mentee: feedback }),
  nextTheme: text,
  nextLearningGoal: text,
  nextPreparation: text,
  updatedAt: nullableInstant,
});

export const phaseSchema = z.enum(Phases);
export const programmeSchema = z.enum(ProgrammeIds);
export const languageSchema = z.enum(Languages);

// issue 12: the leader's talks and the introduction scheme
const localised = z.looseObject({ da: z.string(), nb: z.string(), en: z.string() });
export const leaderStateSchema = z.looseObject({
  talks: z.array(
    z.looseObject({
      key: text,
      from: text,
      to: text,
      status: z.enum(LeaderTalkStatuses),
      remindedAt: nullableInstant,
      booking: z.looseObject({ startUtc: instant, endUtc: instant, eventId: text, joinUrl: text.nullable(), at: instant }).nullable(),
      answeredAt: nullableInstant,
    }),
  ),
  headsUpAt: nullableInstant,
  mentorChangeRequestedAt: nullableInstant,
});
export const introductionTemplateSchema = z.looseObject({
  checklist: z.array(z.looseObject({ key: text, label: localised })),
  schedule: z.array(z.looseObject({ key: text, label: localised, who: z.enum(IntroductionWho), week: z.number().int() })),
  statusAgenda: z.array(localised),
  closingTalkWeek: z.number().int(),
});
export const introductionSchema = z.looseObject({
  template: introductionTemplateSchema,
  mode: z.enum(["before", "beside"]),
  startedAt: instant,
  ticks: z.record(z.string(), z.looseObject({ by: z.enum(["contact", "newHire"]), at: instant })),
  chat: z.enum(["pair", "contact"]),
  closedAt: nullableInstant,
  mentorSchemeStarts: z.boolean().nullable(),
  handover: z.looseObject({ text, at: instant }).nullable(),
});
export const programmeRefSchema = z.looseObject({ id: text, version: z.number().int().min(1) });
