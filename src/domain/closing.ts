/**
 * Closing and evaluation (seed 001 "Afslutning": the pair "ser tilbage og evaluerer forløbet med
 * udgangspunkt i aftaler og … læringsmål"; the mentor's "anbefalinger til den nye socialrådgiver og
 * hendes leder"). The closing phase holds one evaluation that both parties edit (versions, like the
 * agreement) and confirm; when both have confirmed the mentorship is closed.
 *
 * The types are the shared contract of issue 11; the transitions live beside them.
 */
import type { AgreementFields, Party } from "./agreement";
import { type Mentorship, partyOf } from "./mentorship";
import { type Result, fail, ok } from "./result";
import { zonedToUtc } from "./calendarMath";
import { type PolicyHolder, policyOf } from "./programmes";
import { identifierRefusal } from "./identifierGuard";

/** Why a mentorship ends. */
export const ClosingReasons = ["completed", "leftWorkplace", "endedByAgreement", "changedProgramme"] as const;
export type ClosingReason = (typeof ClosingReasons)[number];

/** Who opened the closing phase: the programme's clock (closing due), the mentor early, a coordinator from the tab. */
export type ClosingStarter = "programme" | "mentor" | "coordinator";

export const GoalStatuses = ["reached", "partly", "notYet"] as const;
export type GoalStatus = (typeof GoalStatuses)[number];

/** Where an evaluated learning goal comes from in the agreed agreement: one line of one of its two goal fields. */
export type GoalSource = "shortTermGoals" | "longTermIdeas";

export interface GoalEvaluation {
  /** The line of the agreed agreement, as it stood (trimmed). */
  readonly goal: string;
  readonly source: GoalSource;
  /** Null until someone chose. */
  readonly status: GoalStatus | null;
  readonly comment: string;
}

export interface EvaluationFields {
  readonly goals: readonly GoalEvaluation[];
  /** What worked well. */
  readonly worked: string;
  /** What could work better. */
  readonly couldBeBetter: string;
  /** The mentor's recommendations for further competence development (to the mentee; to the leader only with the mentee's consent). */
  readonly recommendations: string;
}

export const EvaluationTextLimits = { goalComment: 400, worked: 1000, couldBeBetter: 1000, recommendations: 1500 } as const;

export interface Confirmation {
  readonly version: number;
  readonly at: string;
}

export interface EvaluationState {
  /** Bumped by every saved edit; a confirmation is for one version. */
  readonly version: number;
  readonly fields: EvaluationFields;
  readonly editedBy: Party | "programme";
  readonly at: string;
  readonly confirmations: Readonly<Partial<Record<Party, Confirmation>>>;
  /** The mentee's consent that the leader may receive the recommendations (default off; only the mentee sets it). */
  readonly shareWithLeader: boolean;
  readonly shareWithLeaderAt: string | null;
}

export interface Closing {
  readonly reason: ClosingReason;
  readonly startedBy: ClosingStarter;
  readonly startedAt: string;
  /** The agreed agreement version the evaluation looks back at. */
  readonly agreementVersion: number;
  readonly evaluation: EvaluationState;
  /** When both confirmed and the mentorship closed (null while closing). */
  readonly closedAt: string | null;
}

// ─── transitions ─────────────────────────────────────────────────────────────────────────────


/** One agreed learning goal to evaluate: a line of the agreement in force. */
export interface GoalItem {
  readonly goal: string;
  readonly source: GoalSource;
}

// Every line break a pasted text may hold (Windows, old Mac, Unicode line and paragraph separators, NEL, VT, FF).
const LINE_BREAK = /\r\n|[\n\r\u000b\u000c\u0085\u2028\u2029]/;
// A leading bullet ("-", "*", "•", "–") or numbering ("1.", "2)", "(3)", "a)"), as people write lists.
const MARKER = /^(?:[-*•‣◦▪·–—+>]+|\(?\d{1,3}[.)]|\(?[A-Za-z][.)](?=\s))\s*/u;

function stripMarkers(line: string): string {
  let s = line.trim();
  // "1. - goal" has two markers; more than two is text, not a marker.
  for (let i = 0; i < 2; i++) {
    const next = s.replace(MARKER, "").trim();
    if (next === s) break;
    s = next;
  }
  return s;
}

/**
 * The agreed learning goals, one item per non-empty line of the agreement's short-term goals and
 * longer-term ideas (in that order), bullets and numbering stripped: what the evaluation looks back at.
 */
export function goalItems(fields: Pick<AgreementFields, "shortTermGoals" | "longTermIdeas">): GoalItem[] {
  const items: GoalItem[] = [];
  for (const source of ["shortTermGoals", "longTermIdeas"] as const) {
    for (const line of fields[source].split(LINE_BREAK)) {
      const goal = stripMarkers(line);
      if (goal !== "") items.push({ goal, source });
    }
  }
  if (items.length <= MAX_GOAL_ITEMS) return items;
  // More lines than a card can carry items (each has its own status and comment): the last item
  // holds the rest, so every agreed line is still there to look back at.
  const last = items.slice(MAX_GOAL_ITEMS - 1);
  return [...items.slice(0, MAX_GOAL_ITEMS - 1), { goal: last.map((x) => x.goal).join(" · "), source: last[0]!.source }];
}

/** The most learning goals an evaluation lists as items of their own (the card stays within Teams' size limit). */
export const MAX_GOAL_ITEMS = 8;

/** Who opens the closing phase: the programme's clock, the mentor (by their Entra id), a coordinator. */
export type ClosingStart = { readonly by: "programme" } | { readonly by: "mentor"; readonly aadObjectId: string } | { readonly by: "coordinator" };

export function isClosingReason(value: unknown): value is ClosingReason {
  return typeof value === "string" && (ClosingReasons as readonly string[]).includes(value);
}

/**
 * Opens the closing phase with an evaluation of every agreed learning goal (from the agreement in
 * force, never an open revision). Only a running, agreed mentorship in its learning phase can close.
 */
export function startClosing(m: Mentorship, start: ClosingStart, reason: ClosingReason, now: Date): Result<Mentorship> {
  if (start.by === "mentor") {
    const party = partyOf(m, start.aadObjectId);
    if (party === null) return fail("NOT_A_PARTY");
    if (party !== "mentor") return fail("MENTOR_ONLY");
  }
  if (m.phase === "closed") return fail("MENTORSHIP_CLOSED");
  if (m.phase === "closing" || m.closing) return fail("ALREADY_CLOSING");
  if (m.pausedAt) return fail("MENTORSHIP_PAUSED");
  if (!m.agreement.lockedAt) return fail("AGREEMENT_NOT_AGREED");
  if (m.phase !== "learning") return fail("WRONG_PHASE", { phase: m.phase });
  if (!isClosingReason(reason)) return fail("INVALID_INPUT", { field: "reason" });
  const at = now.toISOString();
  const goals: GoalEvaluation[] = goalItems(m.agreement.fields).map((g) => ({ ...g, status: null, comment: "" }));
  const closing: Closing = {
    reason,
    startedBy: start.by,
    startedAt: at,
    agreementVersion: m.agreement.version,
    evaluation: { version: 1, fields: { goals, worked: "", couldBeBetter: "", recommendations: "" }, editedBy: "programme", at, confirmations: {}, shareWithLeader: false, shareWithLeaderAt: null },
    closedAt: null,
  };
  // The programme's clock and a coordinator are not the pair's activity (the overview's "last activity").
  return ok({ ...m, phase: "closing", phaseSince: at, ...(start.by === "mentor" ? { lastActivityAt: at } : {}), closing });
}

/** The evaluation's parts that are edited and merged one by one. */
export type EvaluationPart = "worked" | "couldBeBetter" | "recommendations" | `goalStatus.${number}` | `goalComment.${number}`;

/** What a card submits: the text parts, and per goal (by its index) a status and a comment. */
export interface EvaluationInput {
  readonly worked: string;
  readonly couldBeBetter: string;
  readonly recommendations: string;
  readonly goals: readonly { readonly status: GoalStatus | null; readonly comment: string }[];
}

function partsOf(fields: EvaluationFields | EvaluationInput): Map<EvaluationPart, string> {
  const parts = new Map<EvaluationPart, string>([
    ["worked", fields.worked],
    ["couldBeBetter", fields.couldBeBetter],
    ["recommendations", fields.recommendations],
  ]);
  fields.goals.forEach((g, i) => {
    parts.set(`goalStatus.${i}`, g.status ?? "");
    parts.set(`goalComment.${i}`, g.comment);
  });
  return parts;
}

/**
 * A short fingerprint of each part as a card showed it (FNV-1a, 32 bits): the card sends it back, so
 * a save made on an older version is merged by what the user changed, as the agreement's edits are,
 * without keeping every evaluation version. It identifies a value the card itself shows; it is no secret.
 */
export function fingerprint(fields: EvaluationFields): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [part, value] of partsOf(fields)) out[part] = fnv1a(value);
  return out;
}

function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

/** The version a card showed: its number, and (for a version older than the newest) its fingerprint. */
export interface EvaluationBase {
  readonly version: number;
  readonly shown?: Readonly<Record<string, string>> | undefined;
}

function guardEvaluation(m: Mentorship, by: string): Result<Party> {
  const party = partyOf(m, by);
  if (party === null) return fail("NOT_A_PARTY");
  if (m.phase === "closed") return fail("MENTORSHIP_CLOSED");
  if (m.phase !== "closing" || !m.closing) return fail("NOT_CLOSING");
  return ok(party);
}

/**
 * A saved edit is a new version, never a confirmation (both confirm again). The user's change is the
 * parts that differ from what their card showed; it goes on top of the newest version, so the other
 * party's concurrent edit of another part survives. A card from an older version without a (valid)
 * fingerprint cannot tell what the user changed: EVALUATION_STALE_VERSION, and the caller shows the newest.
 */
export function editEvaluation(m: Mentorship, by: string, base: EvaluationBase, input: EvaluationInput, now: Date): Result<Mentorship> {
  const guard = guardEvaluation(m, by);
  if (!guard.ok) return guard;
  const closing = m.closing as Closing;
  const current = closing.evaluation;
  if (input.goals.length !== current.fields.goals.length) return fail("INVALID_INPUT", { field: "goals" });
  // Issue 13: the evaluation is written about cases too; an identity number is refused before anything is saved.
  const found = identifierRefusal({ worked: input.worked, couldBeBetter: input.couldBeBetter, recommendations: input.recommendations, goalComment: input.goals.map((g) => g.comment) }, { today: now });
  if (found) return { ok: false, error: found };
  if (base.version > current.version || base.version < 1) return fail("EVALUATION_STALE_VERSION", { current: current.version });
  const mine = partsOf(input);
  const now_ = partsOf(current.fields);
  const changed = new Set<EvaluationPart>();
  for (const [part, value] of mine) {
    const shown = base.version === current.version ? fnv1a(now_.get(part) ?? "") : base.shown?.[part];
    if (shown === undefined) return fail("EVALUATION_STALE_VERSION", { current: current.version });
    if (fnv1a(value) !== shown) changed.add(part);
  }
  const take = (part: EvaluationPart, theirs: string) => (changed.has(part) ? (mine.get(part) ?? theirs) : theirs);
  const fields: EvaluationFields = {
    goals: current.fields.goals.map((g, i) => {
      const status = take(`goalStatus.${i}`, g.status ?? "");
      return { ...g, status: status === "" ? null : (status as GoalStatus), comment: take(`goalComment.${i}`, g.comment) };
    }),
    worked: take("worked", current.fields.worked),
    couldBeBetter: take("couldBeBetter", current.fields.couldBeBetter),
    recommendations: take("recommendations", current.fields.recommendations),
  };
  const after = partsOf(fields);
  if ([...now_].every(([part, v]) => after.get(part) === v)) return fail("NO_CHANGES");
  const at = now.toISOString();
  const evaluation: EvaluationState = { ...current, version: current.version + 1, fields, editedBy: guard.value, at, confirmations: {} };
  return ok({ ...m, lastActivityAt: at, closing: { ...closing, evaluation } });
}

/** The mentee alone decides whether the leader may receive the recommendations (default off). */
export function setLeaderConsent(m: Mentorship, by: string, share: boolean, now: Date): Result<Mentorship> {
  const guard = guardEvaluation(m, by);
  if (!guard.ok) return guard;
  if (guard.value !== "mentee") return fail("MENTEE_ONLY");
  const closing = m.closing as Closing;
  if (closing.evaluation.shareWithLeader === share) return fail("NO_CHANGES");
  const at = now.toISOString();
  return ok({ ...m, lastActivityAt: at, closing: { ...closing, evaluation: { ...closing.evaluation, shareWithLeader: share, shareWithLeaderAt: at } } });
}

/** Whether this party has confirmed the evaluation's newest version. */
export function hasConfirmed(state: EvaluationState, party: Party): boolean {
  return state.confirmations[party]?.version === state.version;
}

/** Who still has to confirm before the mentorship closes (the mentor alone when the new hire has left the workplace). */
export function confirmationsNeeded(closing: Closing): Party[] {
  const needed: Party[] = closing.reason === "leftWorkplace" ? ["mentor"] : ["mentor", "mentee"];
  return needed.filter((p) => !hasConfirmed(closing.evaluation, p));
}

/**
 * A party confirms the version their card showed. When everyone needed has confirmed the same
 * version the mentorship is closed (phase closed, closedAt). A paused mentorship does not close.
 */
export function confirmEvaluation(m: Mentorship, by: string, version: number, now: Date): Result<{ mentorship: Mentorship; closed: boolean }> {
  const guard = guardEvaluation(m, by);
  if (!guard.ok) return guard;
  const party = guard.value;
  const closing = m.closing as Closing;
  const current = closing.evaluation;
  if (m.pausedAt) return fail("MENTORSHIP_PAUSED");
  if (version !== current.version) return fail("EVALUATION_STALE_VERSION", { current: current.version });
  if (hasConfirmed(current, party)) return fail("ALREADY_CONFIRMED");
  const at = now.toISOString();
  const evaluation: EvaluationState = { ...current, confirmations: { ...current.confirmations, [party]: { version, at } } };
  const next: Closing = { ...closing, evaluation };
  if (confirmationsNeeded(next).length > 0) return ok({ mentorship: { ...m, lastActivityAt: at, closing: next }, closed: false });
  return ok({ mentorship: { ...m, phase: "closed", phaseSince: at, lastActivityAt: at, closing: { ...next, closedAt: at } }, closed: true });
}

/** The hour of the day the evaluation card comes on the day closing is due, in the programme's zone. */
export const CLOSING_DUE_TIME = "08:00";

/**
 * When the programme says closing is due for this mentorship: its policy's day (from the first
 * working day, or after the last meeting not cancelled), at CLOSING_DUE_TIME in the mentorship's zone.
 */
export function closingDueAt(m: PolicyHolder & Pick<Mentorship, "firstWorkingDay" | "timeZone">, meetings: readonly { readonly date: string; readonly status: string }[]): Date {
  const last = meetings.filter((x) => x.status !== "cancelled").map((x) => x.date).sort().at(-1) ?? null;
  const day = policyOf(m).closingDue({ firstWorkingDay: m.firstWorkingDay, lastPlannedMeeting: last });
  return zonedToUtc(day, CLOSING_DUE_TIME, m.timeZone);
}
