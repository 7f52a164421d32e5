import { z } from "zod";
import { AgendaLimits } from "../../domain/agenda";
import { cleanText } from "../agreement/schemas";

const id = z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9._:@-]+$/);
const key = z.string().trim().min(1).max(200).regex(/^[A-Za-z0-9._:|-]+$/);
const hhmm = z.string().trim().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const wholeNumber = (min: number, max: number) =>
  z.union([z.number(), z.string().trim().regex(/^\d+$/)]).transform((v) => Number(v)).pipe(z.number().int().min(min).max(max));

export const PlanSchema = z.object({
  mentorshipId: id,
  weekday: z.union([z.number(), z.string().trim()]).transform((v) => Number(v)).pipe(z.number().int().min(1).max(5)),
  time: hhmm,
  // The programme narrows the length; the domain checks that range.
  minutes: wholeNumber(1, 24 * 60),
  leadHours: wholeNumber(1, 168),
});

export const MentorshipOnlySchema = z.object({ mentorshipId: id });

export const MeetingChangeSchema = z.object({
  mentorshipId: id,
  meetingKey: key,
  newDate: z.string().trim().max(20).optional(),
  newTime: z.string().trim().max(10).optional(),
});

export const HeldSchema = z.object({ mentorshipId: id, meetingKey: key, outcome: z.enum(["held", "notHeld", "moved"]) });

/** Clients leave empty inputs out of the action data (the Playground does): absent means empty. */
const text = (max: number) => z.preprocess((v) => (v === undefined ? "" : v), cleanText(max));

/** Everything the agenda card sends: shared points, point 1, and both parties' point 4 fields. */
export const AgendaSaveSchema = z.object({
  mentorshipId: id,
  meetingKey: key,
  howIsMentee: text(AgendaLimits.howIsMentee),
  experience: text(AgendaLimits.experience),
  theme: text(AgendaLimits.theme),
  learningGoal: text(AgendaLimits.learningGoal),
  summary: text(AgendaLimits.summary),
  nextTheme: text(AgendaLimits.nextTheme),
  nextLearningGoal: text(AgendaLimits.nextLearningGoal),
  nextPreparation: text(AgendaLimits.nextPreparation),
  mentorFeedbackHow: text(AgendaLimits.feedbackHow),
  mentorFeedbackWorked: text(AgendaLimits.feedbackWorked),
  mentorFeedbackBetter: text(AgendaLimits.feedbackBetter),
  menteeFeedbackHow: text(AgendaLimits.feedbackHow),
  menteeFeedbackWorked: text(AgendaLimits.feedbackWorked),
  menteeFeedbackBetter: text(AgendaLimits.feedbackBetter),
});
