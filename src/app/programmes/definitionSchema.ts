/**
 * The programme definition's shape, parsed with zod wherever one comes in: the tab's request
 * bodies, the programme rows and the mentorship row's snapshot. The shape only: whether the
 * definition makes sense (bands that overlap, a talk before day 0 …) is the domain's
 * `checkDefinition`, which `parseDefinition` runs after it.
 */
import { z } from "zod";
import { IntroductionWho } from "../../domain/introduction";
import { type ProgrammeDefinition, checkDefinition } from "../../domain/programmeDefinition";
import { ProgrammeWordings } from "../../domain/programmes/ids";
import { type Result, fail } from "../../domain/result";

const line = (max: number) => z.string().max(max);
const localised = (max: number) => z.object({ da: line(max), nb: line(max), en: line(max) });
const count = z.number().int();
const offset = z.union([z.object({ days: count }), z.object({ weeks: count }), z.object({ months: count })]);
const band = z.object({
  fromWeek: count,
  toWeek: count,
  every: z.union([z.object({ weeks: count }), z.object({ months: z.literal(1) })]),
});
const introductionTemplate = z.object({
  checklist: z.array(z.object({ key: line(60), label: localised(300) })).max(60),
  schedule: z.array(z.object({ key: line(60), label: localised(300), who: z.enum(IntroductionWho), week: count })).max(60),
  statusAgenda: z.array(localised(300)).max(30),
  closingTalkWeek: count,
});

export const programmeDefinitionSchema = z.object({
  name: z.union([line(120), localised(120)]),
  base: z.enum(ProgrammeWordings),
  country: z.enum(["DK", "NO"]),
  timeZone: z.enum(["Europe/Copenhagen", "Europe/Oslo"]),
  cadence: z.union([
    z.object({ bands: z.array(band).max(20) }),
    z.object({ spread: z.object({ count, months: z.tuple([count, count]), daysAfterAgreement: count }) }),
  ]),
  meetingMinutes: z.object({ min: count, max: count, default: count }),
  agendaLeadHours: count,
  phases: z.object({ startUpEnds: offset, closingStarts: z.union([offset, z.object({ monthsBeforeEnd: count })]), ends: offset }),
  closingDue: offset,
  talks: z
    .array(
      z.object({
        key: line(40),
        label: localised(120).optional(),
        afterDays: count.optional(),
        afterMonths: z.tuple([count, count]).optional(),
      }),
    )
    .max(20),
  leaderHeadsUpMonths: count.nullable(),
  introduction: introductionTemplate.nullable(),
  suggestedPurpose: localised(2000),
  themes: z.array(localised(200)).max(60),
});

// Compile-time: what the schema gives is a definition.
const _fits = (v: z.output<typeof programmeDefinitionSchema>): ProgrammeDefinition => v;
void _fits;

/** A definition from untrusted input: the shape (INVALID_INPUT with the field), then the sense (PROGRAMME_INVALID with a reason). */
export function parseDefinition(input: unknown): Result<ProgrammeDefinition> {
  const parsed = programmeDefinitionSchema.safeParse(input);
  if (!parsed.success) return fail("INVALID_INPUT", { field: parsed.error.issues[0]?.path.map(String).join(".") || "definition" });
  if (JSON.stringify(parsed.data).length > MAX_DEFINITION_CHARS) return fail("PROGRAMME_INVALID", { reason: "tooLarge" });
  return checkDefinition(parsed.data);
}

/**
 * A definition travels inside the mentorship row's json column (Azure Tables: 32K characters a
 * property), so it is kept well below that.
 */
export const MAX_DEFINITION_CHARS = 12_000;
