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
import { addDays } from "./calendarMath";
import { INTRODUCTION_CLOSING_TALK, type LeaderState, type LeaderTalk } from "./leader";
import type { Mentorship, Person } from "./mentorship";
import { type Result, fail, ok } from "./result";
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

// ─── transitions (issue 12, introduction engineer) ──────────────────────────────────────────────


export type IntroductionMode = Introduction["mode"];
export const IntroductionModes = ["before", "beside"] as const satisfies readonly IntroductionMode[];

/** The hand-over note's length limit (characters, after trimming). */
export const HANDOVER_MAX = 2000;

/** Who of the introduction someone is: the contact person or the new hire (the mentee); null for anyone else. */
export function introductionRoleOf(m: Mentorship, aadObjectId: string): Tick["by"] | null {
  if (m.contact && m.contact.aadObjectId === aadObjectId) return "contact";
  if (m.mentee.aadObjectId === aadObjectId) return "newHire";
  return null;
}

/** Every item key of a template, checklist first ("c:<key>", then "s:<key>"). */
export function itemKeys(template: IntroductionTemplate): string[] {
  return [...template.checklist.map((c) => `c:${c.key}`), ...template.schedule.map((s) => `s:${s.key}`)];
}

/** The closing talk's window: the week `closingTalkWeek` counted from the first working day (week 1), Monday to Friday length. */
export function closingTalkWindow(firstWorkingDay: string, week: number): { from: string; to: string } {
  const from = addDays(firstWorkingDay, (Math.max(1, week) - 1) * 7);
  return { from, to: addDays(from, 4) };
}

function withClosingTalk(state: LeaderState | null | undefined, talk: LeaderTalk): LeaderState {
  const base: LeaderState = state ?? { talks: [], headsUpAt: null, mentorChangeRequestedAt: null };
  if (base.talks.some((t) => t.key === INTRODUCTION_CLOSING_TALK)) return base;
  const talks = [...base.talks, talk].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  return { ...base, talks };
}

export interface StartIntroductionOptions {
  /** Goes ahead although the contact person is the new hire's leader (refused with LEADER_AS_CONTACT without it). */
  readonly confirmLeader?: boolean;
  /** The directory says the contact person is the new hire's manager (when the mentorship names no leader yet). */
  readonly contactIsLeader?: boolean;
}

/**
 * The introduction begins (or its contact person or mode changes while it runs): the programme's
 * template is copied onto the mentorship, the contact person named (may be the mentor — seed 002's
 * role change), and the closing talk of new hire, contact person and leader is added to the leader's
 * talks at the template's week. Seed 002: "Normalt kan det ikke anbefales, at lederen selv påtager sig
 * rollen som kontaktperson eller mentor" — advice, so the leader as contact person needs a confirmation.
 */
export function startIntroduction(m: Mentorship, template: IntroductionTemplate | null, contact: Person, mode: IntroductionMode, now: Date, options: StartIntroductionOptions = {}): Result<Mentorship> {
  if (m.phase === "closed") return fail("MENTORSHIP_CLOSED");
  if (!template) return fail("NO_INTRODUCTION");
  if (!IntroductionModes.includes(mode)) return fail("INVALID_INPUT", { field: "mode" });
  if (m.introduction?.closedAt) return fail("INTRODUCTION_CLOSED");
  if (contact.aadObjectId === m.mentee.aadObjectId) return fail("INVALID_INPUT", { field: "contact" });
  const isLeader = options.contactIsLeader === true || (m.leader != null && m.leader.aadObjectId === contact.aadObjectId);
  if (isLeader && !options.confirmLeader) return fail("LEADER_AS_CONTACT", { field: "contact", name: contact.name });
  const at = now.toISOString();
  if (m.introduction) {
    if (m.contact?.aadObjectId === contact.aadObjectId && m.introduction.mode === mode) return fail("NO_CHANGES");
    // A new contact person takes over the running introduction: the ticks stay; ticks are by role, not by person.
    return ok({ ...m, contact, introduction: { ...m.introduction, mode }, lastActivityAt: at });
  }
  const window = closingTalkWindow(m.firstWorkingDay, template.closingTalkWeek);
  const talk: LeaderTalk = { key: INTRODUCTION_CLOSING_TALK, from: window.from, to: window.to, status: "planned", remindedAt: null, booking: null, answeredAt: null };
  const introduction: Introduction = { template, mode, startedAt: at, ticks: {}, chat: "pair", closedAt: null, mentorSchemeStarts: null, handover: null };
  return ok({ ...m, contact, introduction, leaderState: withClosingTalk(m.leaderState, talk), lastActivityAt: at });
}

/** The common refusals of a tick or a hand-over: no introduction, not its party, closed. */
function introductionOf(m: Mentorship, by: string): Result<{ intro: Introduction; role: Tick["by"] }> {
  if (!m.introduction) return fail("NO_INTRODUCTION");
  const role = introductionRoleOf(m, by);
  if (role === null) return fail("NOT_INTRODUCTION_PARTY");
  if (m.phase === "closed") return fail("MENTORSHIP_CLOSED");
  return ok({ intro: m.introduction, role });
}

/**
 * Items ticked or unticked by the contact person or the new hire (nobody else: the mentor who is not
 * the contact person is refused). Each change names an item key ("c:<key>" / "s:<key>"); an unknown key
 * refuses the whole change. NO_CHANGES when every item already stands as asked.
 */
export function tickIntroduction(m: Mentorship, by: string, changes: readonly { readonly key: string; readonly ticked: boolean }[], now: Date): Result<Mentorship> {
  const r = introductionOf(m, by);
  if (!r.ok) return r;
  const { intro, role } = r.value;
  if (intro.closedAt) return fail("INTRODUCTION_CLOSED");
  const keys = new Set(itemKeys(intro.template));
  const unknown = changes.find((c) => !keys.has(c.key));
  if (unknown || changes.length === 0) return fail("INVALID_INPUT", { field: "item" });
  const at = now.toISOString();
  const ticks: Record<string, Tick> = { ...intro.ticks };
  let changed = false;
  for (const c of changes) {
    const has = Object.hasOwn(ticks, c.key);
    if (c.ticked && !has) {
      ticks[c.key] = { by: role, at };
      changed = true;
    } else if (!c.ticked && has) {
      delete ticks[c.key];
      changed = true;
    }
  }
  if (!changed) return fail("NO_CHANGES");
  return ok({ ...m, introduction: { ...intro, ticks }, lastActivityAt: at });
}

/**
 * The introduction ends with the closing talk (new hire, contact person and leader): the contact
 * person or the leader records whether the talk was held and whether the mentor scheme starts now.
 * The leader's closing talk is marked held or not held (when nobody answered it yet).
 */
export function closeIntroduction(m: Mentorship, by: string, outcome: { readonly talkHeld: boolean; readonly mentorSchemeStarts: boolean }, now: Date): Result<Mentorship> {
  if (!m.introduction) return fail("NO_INTRODUCTION");
  const isContact = m.contact?.aadObjectId === by;
  const isLeader = m.leader != null && m.leader.aadObjectId === by;
  if (!isContact && !isLeader) return fail("NOT_INTRODUCTION_PARTY");
  if (m.phase === "closed") return fail("MENTORSHIP_CLOSED");
  if (m.introduction.closedAt) return fail("INTRODUCTION_CLOSED");
  const at = now.toISOString();
  const leaderState = m.leaderState
    ? {
        ...m.leaderState,
        talks: m.leaderState.talks.map((t) =>
          t.key === INTRODUCTION_CLOSING_TALK && t.answeredAt === null && t.status !== "held" && t.status !== "notHeld" ? { ...t, status: outcome.talkHeld ? ("held" as const) : ("notHeld" as const), answeredAt: at } : t,
        ),
      }
    : m.leaderState;
  return ok({ ...m, introduction: { ...m.introduction, closedAt: at, mentorSchemeStarts: outcome.mentorSchemeStarts }, ...(leaderState !== undefined ? { leaderState } : {}), lastActivityAt: at });
}

/** The hand-over note (what the introduction covered), by the contact person only; trimmed, not empty, at most HANDOVER_MAX. */
export function writeHandover(m: Mentorship, by: string, text: string, now: Date): Result<Mentorship> {
  const r = introductionOf(m, by);
  if (!r.ok) return r;
  if (r.value.role !== "contact") return fail("NOT_INTRODUCTION_PARTY");
  const clean = text.trim();
  if (clean.length === 0) return fail("INVALID_INPUT", { field: "handover" });
  if (clean.length > HANDOVER_MAX) return fail("INVALID_INPUT", { field: "handover", max: HANDOVER_MAX });
  if (r.value.intro.handover?.text === clean) return fail("NO_CHANGES");
  const at = now.toISOString();
  return ok({ ...m, introduction: { ...r.value.intro, handover: { text: clean, at } }, lastActivityAt: at });
}

/**
 * Whether the mentor should see the hand-over now, i.e. the mentor scheme has begun: beside the
 * introduction it runs from the start; in front of it, when the introduction closed with
 * mentorSchemeStarts. Never when the contact person is the mentor (nothing to hand over) or no note exists.
 */
export function handoverDue(m: Mentorship): boolean {
  const intro = m.introduction;
  if (!intro?.handover || !m.contact || m.contact.aadObjectId === m.mentor.aadObjectId) return false;
  return intro.mode === "beside" || (intro.closedAt !== null && intro.mentorSchemeStarts === true);
}
