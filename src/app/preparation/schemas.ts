import { z } from "zod";
import { PRESENTATION_MAX } from "../../domain/preparation";
import { cleanText } from "../agreement/schemas";

const id = z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9._:@-]+$/);

/** The welcome card's Save: the mentor's presentation (an empty input is left out by some clients: absent is empty). */
export const WelcomeSaveSchema = z.object({
  mentorshipId: id,
  presentation: z.preprocess((v) => (v === undefined ? "" : v), cleanText(PRESENTATION_MAX)),
});

/** "Begin the agreement now": the mentorship and nothing else (the card sends no inputs with it). */
export const WelcomeStartSchema = z.object({ mentorshipId: id });
