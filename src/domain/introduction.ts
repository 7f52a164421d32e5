/**
 * The introduction scheme (seed 002 pp. 5–9; seed 004's training shifts and checklist): a contact
 * person takes the new hire through the first months — a checklist of practical things, a schedule of
 * introduction activities, status meetings — ending with a closing talk of new hire, contact person
 * and leader, which also records whether the mentor scheme starts now. A hand-over note from the
 * contact person is shown to the mentor when the mentor scheme begins.
 *
 * Contract shared by the introduction, leader and programme features (issue 12). The template types
 * are what a programme definition holds; the state is what a mentorship holds.
 */
import type { Localised } from "./programmes/policy";

/** Who does an activity of the introduction schedule. */
export const IntroductionWho = ["contact", "mentor", "leader", "colleague", "newHire"] as const;
export type IntroductionWho = (typeof IntroductionWho)[number];

export interface ChecklistTemplateItem {
  readonly key: string;
  readonly label: Localised;
}

export interface ScheduleTemplateItem {
  readonly key: string;
  readonly label: Localised;
  readonly who: IntroductionWho;
  /** The week of the first working day it falls in (1 = the first week). */
  readonly week: number;
}

export interface IntroductionTemplate {
  readonly checklist: readonly ChecklistTemplateItem[];
  readonly schedule: readonly ScheduleTemplateItem[];
  /** The status meeting's agenda points. */
  readonly statusAgenda: readonly Localised[];
  /** Weeks from the first working day to the introduction's closing talk (seed 002: about 3 months). */
  readonly closingTalkWeek: number;
}

/** One ticked item: by whom (the contact person or the new hire) and when. */
export interface Tick {
  readonly by: "contact" | "newHire";
  readonly at: string;
}

export interface Introduction {
  /** The template copied from the programme when the introduction began (a later programme change does not touch it). */
  readonly template: IntroductionTemplate;
  /** "before": in front of the mentor scheme (the mentor scheme waits for the closing talk); "beside": both run together. */
  readonly mode: "before" | "beside";
  readonly startedAt: string;
  /** Ticks by item key (checklist and schedule keys share one namespace: "c:<key>" / "s:<key>"). */
  readonly ticks: Readonly<Record<string, Tick>>;
  /** Where the introduction card lives: "pair" (the pair's chat) or "contact" (a chat of contact person and new hire). */
  readonly chat: "pair" | "contact";
  /** The closing talk's outcome (null before): whether the mentor scheme starts now. */
  readonly closedAt: string | null;
  readonly mentorSchemeStarts: boolean | null;
  /** The contact person's hand-over note to the mentor (what the introduction covered); shown to the mentor only. */
  readonly handover: { readonly text: string; readonly at: string } | null;
}

/** Counts for the coordinator and the leader: never which item, only how many. */
export function introductionProgress(intro: Introduction | null | undefined): { readonly done: number; readonly total: number } {
  if (!intro) return { done: 0, total: 0 };
  const keys = [...intro.template.checklist.map((c) => `c:${c.key}`), ...intro.template.schedule.map((s) => `s:${s.key}`)];
  return { done: keys.filter((k) => intro.ticks[k]).length, total: keys.length };
}
