import { z } from "zod";

const id = z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9._:@-]+$/);
const yesNo = z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]);

/** An item key as the card names its toggles: "c:<key>" (checklist) or "s:<key>" (schedule). */
export const ITEM_KEY = /^[cs]:[A-Za-z0-9_-]{1,60}$/;

export const IntroductionOnlySchema = z.object({ mentorshipId: id });
export const IntroductionCloseSchema = z.object({ mentorshipId: id, step: z.enum(["ask", "confirm"]), talkHeld: yesNo.optional(), mentorSchemeStarts: yesNo.optional() });
/** The hand-over's text is checked by the domain (trimmed, not empty, HANDOVER_MAX); here only that it is a string of sane size. */
export const IntroductionHandoverSchema = z.object({ mentorshipId: id, step: z.enum(["open", "save"]), handover: z.string().max(20_000).optional() });

/**
 * The ticks a card action carries: every toggle named like an item key, "true" or "false". A key that
 * looks like an item but is not one of the template's goes to the domain, which refuses it
 * (INVALID_INPUT); a value that is neither true nor false is refused here.
 */
export function ticksOf(data: Readonly<Record<string, unknown>>): { changes: { key: string; ticked: boolean }[] } | { invalid: true } {
  const changes: { key: string; ticked: boolean }[] = [];
  for (const [key, v] of Object.entries(data)) {
    if (!/^[cs]:/.test(key)) continue;
    if (!ITEM_KEY.test(key)) return { invalid: true };
    const parsed = yesNo.safeParse(v);
    if (!parsed.success) return { invalid: true };
    changes.push({ key, ticked: parsed.data });
  }
  return { changes };
}
