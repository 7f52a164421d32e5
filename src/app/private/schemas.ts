import { z } from "zod";
import { PairingAnswers, RATING_COMMENT_LIMIT } from "../../domain/privateAnswers";

const id = z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9._:@-]+$/);
const score = z.union([z.number(), z.string().trim().regex(/^[1-5]$/)]).transform((v) => Number(v)).pipe(z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]));

export const PairingAnswerSchema = z.object({ mentorshipId: id, answer: z.enum(PairingAnswers) });

/** The comment's length is checked apart (its own words: how long it may be), so it is only typed here. */
export const RatingsSaveSchema = z.object({
  mentorshipId: id,
  useful: score,
  wellRun: score,
  recommend: score,
  // A card sends no key for an empty field; far beyond the limit is not a comment but bad input.
  comment: z.string().max(RATING_COMMENT_LIMIT * 20).optional().default(""),
});
