import { z } from "zod";
import { type AgreementFields, type AgreementTool, AgreementTextLimits, AgreementTools, MEETING_COUNT_RANGE, type MentorRole, MentorRoles } from "../../domain/agreement";
import { Languages } from "../../domain/language";
import type { Mentorship } from "../../domain/mentorship";
import { ProgrammeIds, agreementChoices, policyOf } from "../../domain/programmes";
import type { DomainError } from "../../domain/result";

/**
 * Card input as it arrives from Teams: strings for text, numbers as strings or numbers,
 * multi-selects as comma-separated strings. Normalised before any length check, so the limit
 * the user sees on the card is the limit the server applies.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

export const cleanText = (max: number) =>
  z
    .string()
    .transform((s) => s.replace(/\r\n?/g, "\n").replace(CONTROL, "").normalize("NFC").trim())
    .pipe(z.string().max(max));

const wholeNumber = (min: number, max: number) =>
  z
    .union([z.number(), z.string().trim().regex(/^-?\d+$/)])
    .transform((v) => Number(v))
    .pipe(z.number().int().min(min).max(max));

const multiSelect = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) => [...new Set((Array.isArray(v) ? v : v.split(",")).map((x) => x.trim()).filter(Boolean))])
    .pipe(z.array(z.enum(values)).max(values.length));

/** Clients leave empty inputs out of the action data (the Playground does): absent means empty. */
const absentIsEmpty = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === undefined ? "" : v), schema);

const textFields = Object.fromEntries(Object.entries(AgreementTextLimits).map(([k, max]) => [k, absentIsEmpty(cleanText(max))])) as unknown as {
  [K in keyof typeof AgreementTextLimits]: z.ZodType<string>;
};

const fieldsSchema = (roles: readonly [MentorRole, ...MentorRole[]], tools: readonly [AgreementTool, ...AgreementTool[]]) =>
  z.object({
    ...textFields,
    // The programme narrows the minutes; the domain checks that range.
    meetingCount: wholeNumber(MEETING_COUNT_RANGE.min, MEETING_COUNT_RANGE.max),
    meetingMinutes: wholeNumber(1, 24 * 60),
    mentorRoles: absentIsEmpty(multiSelect(roles)),
    tools: absentIsEmpty(multiSelect(tools)),
  }) as unknown as z.ZodType<AgreementFields>;

/** The shape of an agreement with any known role or tool; a mentorship's input goes through `agreementFieldsSchemaFor`. */
export const AgreementFieldsSchema: z.ZodType<AgreementFields> = fieldsSchema(MentorRoles, AgreementTools);

const nonEmpty = <T>(xs: readonly T[]): readonly [T, ...T[]] => {
  if (xs.length === 0) throw new Error("a programme offers at least one role and one tool");
  return xs as readonly [T, ...T[]];
};

/** A mentorship's agreement input: only its programme's roles and tools (and those its agreement already holds). */
/**
 * The schemas by the roles and tools they allow: building a zod schema costs more than using it,
 * and a programme's choices are a handful of combinations (bounded all the same).
 */
const schemasByChoices = new Map<string, { fields: z.ZodType<AgreementFields>; save: z.ZodType<AgreementFields & { mentorshipId: string; baseVersion: number }> }>();

function schemasFor(m: Pick<Mentorship, "programme" | "programmeRef" | "programmeDefinition" | "agreement">) {
  const allowed = agreementChoices(policyOf(m), m.agreement.fields);
  const key = `${allowed.mentorRoles.join(",")}|${allowed.tools.join(",")}`;
  let schemas = schemasByChoices.get(key);
  if (!schemas) {
    const fields = fieldsSchema(nonEmpty(allowed.mentorRoles), nonEmpty(allowed.tools));
    schemas = { fields, save: z.object({ mentorshipId: id, baseVersion: versionNumber }).and(fields) };
    if (schemasByChoices.size >= 256) schemasByChoices.clear();
    schemasByChoices.set(key, schemas);
  }
  return schemas;
}

export function agreementFieldsSchemaFor(m: Pick<Mentorship, "programme" | "programmeRef" | "programmeDefinition" | "agreement">): z.ZodType<AgreementFields> {
  return schemasFor(m).fields;
}

export function agreementSaveSchemaFor(m: Pick<Mentorship, "programme" | "programmeRef" | "programmeDefinition" | "agreement">) {
  return schemasFor(m).save;
}

/**
 * Why agreement input was refused, as a coded error: a role or tool outside the programme gets its
 * own message (the card offered only the programme's), anything else names the field.
 */
export function agreementInputRefusal(error: z.ZodError): DomainError {
  const field = firstIssueField(error);
  const issue = error.issues[0];
  const outsideChoices = issue !== undefined && issue.path.length > 1 && issue.code === "invalid_value";
  if (outsideChoices && field === "mentorRoles") return { code: "ROLE_NOT_IN_PROGRAMME" };
  if (outsideChoices && field === "tools") return { code: "TOOL_NOT_IN_PROGRAMME" };
  return { code: "INVALID_INPUT", params: issueParams(error) };
}

const id = z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9._:@-]+$/);
const versionNumber = wholeNumber(1, 1_000_000);

export const SetupSubmitSchema = z.object({
  setupId: id,
  programme: z.enum(ProgrammeIds),
  firstDay: z.string().trim().max(40),
  unit: cleanText(100).pipe(z.string().min(1)),
  language: z.enum(Languages),
  mentee: id.optional(),
  /** Issue 12: the setup card's leader toggle — the mentee the mentor confirmed the advice for ("" when not ticked). */
  confirmLeader: z.union([id, z.literal("")]).optional(),
});

export const AgreementSaveSchema = z.object({ mentorshipId: id, baseVersion: versionNumber }).and(AgreementFieldsSchema);

/** Accept sends the card's inputs too (Teams default); if they differ from the version shown, they are saved first. */
export const AgreementAcceptSchema = z.object({ mentorshipId: id, version: versionNumber });

export const AgreementRefreshSchema = z.object({ mentorshipId: id });

/** revision.propose: the locked card carries the mentorship only; the proposal starts from the agreement in force. */
export const RevisionProposeSchema = z.object({ mentorshipId: id });

/** revision.accept and revision.withdraw: the proposal's version the card showed. */
export const RevisionVersionSchema = z.object({ mentorshipId: id, version: versionNumber });

/** The Universal Actions invoke envelope. */
export const ExecuteInvokeSchema = z.object({
  action: z.object({
    type: z.literal("Action.Execute"),
    verb: z.string().min(1).max(100),
    data: z.record(z.string(), z.unknown()).default({}),
  }),
  trigger: z.enum(["manual", "automatic"]).optional(),
});

/** The first failing field's name, for the "not valid (field)" message; never the value. */
export function firstIssueField(error: z.ZodError): string {
  const path = error.issues[0]?.path ?? [];
  return path.length > 0 ? String(path[0]) : "input";
}

/**
 * The params of an INVALID_INPUT refusal for the first failing field: its name and what was wrong
 * with it (too long with the limit, missing, out of range), never the value.
 */
export function issueParams(error: z.ZodError): { field: string; issue: string; min?: number; max?: number } {
  const first = error.issues[0];
  const field = firstIssueField(error);
  if (!first) return { field, issue: "invalid" };
  const bound = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : typeof v === "bigint" ? Number(v) : undefined);
  if (first.code === "too_big") {
    const max = bound(first.maximum);
    const issue = first.origin === "string" ? "tooLong" : "tooBig";
    return max === undefined ? { field, issue } : { field, issue, max };
  }
  if (first.code === "too_small") {
    const min = bound(first.minimum);
    if (first.origin === "string" && min !== undefined && min <= 1) return { field, issue: "required" };
    return min === undefined ? { field, issue: "tooSmall" } : { field, issue: "tooSmall", min };
  }
  if (first.code === "invalid_type" && first.input === undefined) return { field, issue: "required" };
  return { field, issue: "invalid" };
}
