import closingStartTemplate from "../../adaptiveCards/closingStart.json";
import evaluationTemplate from "../../adaptiveCards/evaluation.json";
import type { Party } from "../domain/agreement";
import { type ClosingReason, ClosingReasons, type EvaluationInput, EvaluationTextLimits, GoalStatuses, confirmationsNeeded, fingerprint, hasConfirmed } from "../domain/closing";
import { dateIn, formatDate } from "../domain/dates";
import type { Mentorship } from "../domain/mentorship";
import { t } from "../i18n";
import { dateTimeText } from "../i18n/dates";
import { type AdaptiveCard, expand, listOf } from "./template";

/** The evaluation card's input ids: a goal's status and comment by its index in the evaluation. */
export const goalStatusId = (i: number): string => `goalStatus.${i}`;
export const goalCommentId = (i: number): string => `goalComment.${i}`;
export const EvaluationTextIds = ["worked", "couldBeBetter", "recommendations"] as const;

export interface EvaluationView {
  readonly notice?: string | undefined;
  readonly error?: string | undefined;
  /** Only the title, the state and the headings: for someone in the pair's chat who is not a party. */
  readonly headingsOnly?: boolean | undefined;
  /** The party the card is rendered for (an invoke answer, a per-person refresh); absent for the shared card. */
  readonly viewer?: Party | undefined;
  /** What the clicker typed, shown again with a refusal (issue 13: an identity number found), so nothing typed is lost; the card's fingerprint stays the stored version's. */
  readonly typed?: EvaluationInput | undefined;
}

/**
 * The evaluation card (seed 001 "Afslutning"): every agreed learning goal with reached / partly / not
 * yet and a comment, what worked, what could work better, the mentor's recommendations, the mentee's
 * consent for the leader, Save (a new version) and Confirm version N. Closed: everything read-only,
 * with the day it closed. Actions carry the mentorship id, the version shown and its fingerprint.
 */
export function evaluationCardData(m: Mentorship, view: EvaluationView = {}) {
  const lang = m.language;
  const closing = m.closing;
  if (!closing) throw new Error("evaluation card for a mentorship that is not closing");
  const e = closing.evaluation;
  const stored = e.fields;
  const typed = view.typed;
  const f = typed && typed.goals.length === stored.goals.length ? { ...stored, worked: typed.worked, couldBeBetter: typed.couldBeBetter, recommendations: typed.recommendations, goals: stored.goals.map((g, i) => ({ ...g, status: typed.goals[i]?.status ?? null, comment: typed.goals[i]?.comment ?? "" })) } : stored;
  const closed = m.phase === "closed";
  const nameOf = (p: Party) => (p === "mentor" ? m.mentor.name : m.mentee.name);
  const when = (iso: string) => dateTimeText(lang, new Date(iso), m.timeZone);
  const waiting = confirmationsNeeded(closing);
  const state = closed
    ? t(lang, "evaluation.closed", { date: formatDate(dateIn(new Date(closing.closedAt ?? m.phaseSince), m.timeZone)) })
    : t(lang, "evaluation.waitingFor", { names: listOf(lang, waiting.map(nameOf)), version: e.version });
  const statusLines = (["mentor", "mentee"] as const).flatMap((p) => {
    const c = e.confirmations[p];
    return c && hasConfirmed(e, p) ? [t(lang, "evaluation.confirmedBy", { name: nameOf(p), party: t(lang, `party.${p}`), version: c.version, at: when(c.at) })] : [];
  });
  const statusTitle = (s: string | null) => (s ? t(lang, `evaluation.status.${s as (typeof GoalStatuses)[number]}`) : t(lang, "evaluation.status.none"));
  const editable = !closed && !view.headingsOnly;
  const empty = t(lang, "evaluation.empty");
  const texts = EvaluationTextIds.map((id) => ({
    id,
    label: t(lang, `evaluation.${id}`),
    hint: id === "recommendations" ? t(lang, "evaluation.recommendationsHint") : "",
    value: f[id],
    shown: f[id] === "" ? empty : f[id],
    max: EvaluationTextLimits[id],
    error: t(lang, "agreement.tooLong", { max: EvaluationTextLimits[id] }),
  }));
  return {
    t: {
      title: t(lang, "evaluation.title"),
      subtitle: t(lang, "evaluation.subtitle", { mentor: m.mentor.name, mentee: m.mentee.name, version: e.version, agreementVersion: closing.agreementVersion }),
      reasonLine: t(lang, "evaluation.reasonLine", { reason: t(lang, `closing.reason.${closing.reason}`) }),
      onlyParties: t(lang, "evaluation.onlyParties", { mentor: m.mentor.name, mentee: m.mentee.name }),
      editHint: t(lang, "evaluation.editHint"),
      goals: t(lang, "evaluation.goals"),
      goalsIntro: t(lang, "evaluation.goalsIntro"),
      noGoals: t(lang, "evaluation.noGoals"),
      status: t(lang, "evaluation.status"),
      statusNone: t(lang, "evaluation.status.none"),
      comment: t(lang, "evaluation.comment"),
      shareWithLeader: t(lang, "evaluation.shareWithLeader"),
      shareOnlyMentee: t(lang, "evaluation.shareOnlyMentee", { mentee: m.mentee.name }),
      save: t(lang, "evaluation.save"),
      confirm: t(lang, "evaluation.confirm", { version: e.version }),
      consentSave: t(lang, "evaluation.consentSave"),
    },
    mentorshipId: m.id,
    version: e.version,
    closed,
    editable,
    headingsOnly: view.headingsOnly === true,
    state,
    newStart: closed ? t(lang, "evaluation.newStart") : "",
    statusLines: view.headingsOnly ? [] : statusLines,
    notice: view.notice ?? "",
    error: view.error ?? "",
    refreshUserIds: closed ? [] : [m.mentor.channelUserId, m.mentee.channelUserId].filter((id) => id.startsWith("29:")),
    // No second Confirm for the version the viewer confirmed; the mentee's card alone offers the consent button.
    canConfirm: !(view.viewer && hasConfirmed(e, view.viewer)) && !(view.viewer === "mentee" && closing.reason === "leftWorkplace"),
    canConsent: view.viewer !== "mentor",
    goals: view.headingsOnly
      ? []
      : f.goals.map((g, i) => ({
          goal: g.goal,
          sourceLabel: t(lang, `evaluation.source.${g.source}`),
          statusId: goalStatusId(i),
          commentId: goalCommentId(i),
          status: g.status ?? "",
          statusText: `${t(lang, "evaluation.status")}: ${statusTitle(g.status)}`,
          comment: g.comment,
        })),
    statusChoices: GoalStatuses.map((s) => ({ title: statusTitle(s), value: s })),
    limits: EvaluationTextLimits,
    errors: { goalComment: t(lang, "agreement.tooLong", { max: EvaluationTextLimits.goalComment }) },
    texts: view.headingsOnly ? [] : texts,
    shareWithLeader: e.shareWithLeader ? "true" : "false",
    shareText: e.shareWithLeader ? t(lang, "evaluation.sharedYes", { mentee: m.mentee.name }) : t(lang, "evaluation.sharedNo"),
    shown: fingerprint(stored),
  };
}

export function renderEvaluationCard(m: Mentorship, view: EvaluationView = {}): AdaptiveCard {
  return expand(evaluationTemplate, evaluationCardData(m, view));
}

export interface ClosingStartView {
  /** The reason chosen: the card asks to confirm it. Absent: the choice of reason. */
  readonly reason?: ClosingReason | undefined;
  readonly error?: string | undefined;
}

/** The mentor's early closing: the reason first, then a question that says what closing does. */
export function renderClosingStartCard(m: Mentorship, view: ClosingStartView = {}): AdaptiveCard {
  const lang = m.language;
  const reasonTitle = (r: ClosingReason) => t(lang, `closing.reason.${r}`);
  return expand(closingStartTemplate, {
    t: {
      title: t(lang, "closing.title"),
      intro: t(lang, "closing.intro", { mentor: m.mentor.name, mentee: m.mentee.name }),
      reason: t(lang, "closing.reason"),
      reasonRequired: t(lang, "closing.reasonRequired"),
      continue: t(lang, "closing.continue"),
      question: view.reason ? t(lang, "closing.confirmQuestion", { reason: reasonTitle(view.reason) }) : "",
      consequences: t(lang, "closing.confirmConsequences"),
      leftWorkplace: view.reason === "leftWorkplace" ? t(lang, "closing.confirmLeftWorkplace") : "",
      confirm: t(lang, "closing.confirm"),
      back: t(lang, "closing.back"),
    },
    mentorshipId: m.id,
    confirming: view.reason !== undefined,
    reason: view.reason ?? "",
    reasons: ClosingReasons.map((r) => ({ title: reasonTitle(r), value: r })),
    error: view.error ?? "",
  });
}
