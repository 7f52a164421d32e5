/**
 * The five-point agenda of a mentor meeting (dagsorden for mentormøder). A completed agenda is the
 * meeting's record; the next meeting's agenda starts from its point 5.
 *   1 what fills right now — the mentee, before the meeting
 *   2 the planned theme and the concrete learning goal — carried over from the last point 5
 *   3 summary
 *   4 feedback — each party their own, and only their own
 *   5 next meeting — theme (learning goal) and preparation
 */
import type { Party } from "./agreement";
import { type Result, fail, ok } from "./result";

export const AgendaLimits = {
  howIsMentee: 800,
  experience: 1200,
  theme: 200,
  learningGoal: 600,
  summary: 1200,
  feedbackHow: 500,
  feedbackWorked: 500,
  feedbackBetter: 500,
  nextTheme: 200,
  nextLearningGoal: 600,
  nextPreparation: 500,
} as const;
export type AgendaField = keyof typeof AgendaLimits;

export interface PersonFeedback {
  readonly how: string;
  readonly worked: string;
  readonly better: string;
  readonly at: string | null;
}

export interface Agenda {
  readonly howIsMentee: string;
  readonly experience: string;
  readonly theme: string;
  readonly learningGoal: string;
  /** Preparation agreed last time, shown read-only under point 2. */
  readonly carriedPreparation: string;
  readonly summary: string;
  readonly feedback: Readonly<Record<Party, PersonFeedback>>;
  readonly nextTheme: string;
  readonly nextLearningGoal: string;
  readonly nextPreparation: string;
  readonly updatedAt: string | null;
}

const noFeedback: PersonFeedback = { how: "", worked: "", better: "", at: null };

export function emptyAgenda(): Agenda {
  return {
    howIsMentee: "",
    experience: "",
    theme: "",
    learningGoal: "",
    carriedPreparation: "",
    summary: "",
    feedback: { mentor: noFeedback, mentee: noFeedback },
    nextTheme: "",
    nextLearningGoal: "",
    nextPreparation: "",
    updatedAt: null,
  };
}

/** The next meeting's agenda, pre-filled from the previous one's point 5. */
export function agendaAfter(previous: Agenda | null): Agenda {
  if (!previous) return emptyAgenda();
  return {
    ...emptyAgenda(),
    theme: previous.nextTheme,
    learningGoal: previous.nextLearningGoal,
    carriedPreparation: previous.nextPreparation,
  };
}

/** What one save from the agenda card may contain: the parts a person may write. */
export interface AgendaInput {
  readonly howIsMentee?: string | undefined;
  readonly experience?: string | undefined;
  readonly theme?: string | undefined;
  readonly learningGoal?: string | undefined;
  readonly summary?: string | undefined;
  readonly nextTheme?: string | undefined;
  readonly nextLearningGoal?: string | undefined;
  readonly nextPreparation?: string | undefined;
  /** The saver's own feedback (point 4); there is no way to address the other party's. */
  readonly myFeedback?: { readonly how: string; readonly worked: string; readonly better: string } | undefined;
}

const SHARED_FIELDS = ["theme", "learningGoal", "summary", "nextTheme", "nextLearningGoal", "nextPreparation"] as const;
const MENTEE_FIELDS = ["howIsMentee", "experience"] as const;

/**
 * Applies one party's save. Point 1 is the mentee's; points 2, 3 and 5 are shared; point 4 is
 * per person, taken from the authenticated identity. The mentor's copy of point 1 fields is
 * ignored rather than refused: the card shows them to both.
 */
export function applyAgendaInput(agenda: Agenda, by: Party, input: AgendaInput, now: Date): Result<Agenda> {
  const next: Record<string, unknown> = { ...agenda };
  let changed = false;
  for (const f of SHARED_FIELDS) {
    const v = input[f];
    if (v !== undefined && v !== agenda[f]) {
      next[f] = v;
      changed = true;
    }
  }
  if (by === "mentee") {
    for (const f of MENTEE_FIELDS) {
      const v = input[f];
      if (v !== undefined && v !== agenda[f]) {
        next[f] = v;
        changed = true;
      }
    }
  }
  if (input.myFeedback) {
    const mine = agenda.feedback[by];
    const f = input.myFeedback;
    if (f.how !== mine.how || f.worked !== mine.worked || f.better !== mine.better) {
      next["feedback"] = { ...agenda.feedback, [by]: { ...f, at: now.toISOString() } };
      changed = true;
    }
  }
  if (!changed) return fail("NO_CHANGES");
  next["updatedAt"] = now.toISOString();
  return ok(next as unknown as Agenda);
}

/** "Filled" for reminders and the record: point 1 for the mentee's nudge, anything at all for "took place". */
export function pointOneFilled(a: Agenda): boolean {
  return a.howIsMentee.trim() !== "" || a.experience.trim() !== "";
}

export function anythingFilled(a: Agenda): boolean {
  return a.updatedAt !== null;
}
