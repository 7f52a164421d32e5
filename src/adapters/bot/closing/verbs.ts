import { CardFactory, type TurnContext } from "botbuilder";
import { issueParams } from "../../../app/agreement/schemas";
import type { ClosingService } from "../../../app/closing/closingService";
import {
  ClosingConfirmStartSchema,
  ClosingStartSchema,
  EvaluationConfirmSchema,
  EvaluationConsentSchema,
  EvaluationSaveSchema,
  evaluationInputSchema,
  fieldOf,
  hasEvaluationInputs,
} from "../../../app/closing/schemas";
import type { MentorshipService } from "../../../app/setup/mentorshipService";
import { renderClosingStartCard, renderEvaluationCard } from "../../../cards/evaluationCard";
import { renderNoticeCard } from "../../../cards/setupCard";
import { Verbs } from "../../../cards/verbs";
import type { Party } from "../../../domain/agreement";
import { type EvaluationInput, fingerprint, startClosing } from "../../../domain/closing";
import type { Language } from "../../../domain/language";
import type { Mentorship } from "../../../domain/mentorship";
import type { DomainError } from "../../../domain/result";
import { t } from "../../../i18n";
import type { Logger } from "../../../log";
import type { PostedMessageStore } from "../../../ports/postedMessages";
import type { Actor } from "../../../app/actor";
import { type ExecuteResponse, type FeatureVerbs, type PartyAction, type RefusedAction, type VerbResult, answerAndUpdate, cardResponse, messageResponse } from "../cardActions";

export interface ClosingVerbDeps {
  readonly closing: ClosingService;
  readonly service: Pick<MentorshipService, "getMentorship">;
  readonly posted: Pick<PostedMessageStore, "put">;
  readonly errorText: (language: Language, error: DomainError) => string;
  readonly log: Logger;
  readonly clock: { now(): Date };
}

/** The mentor's early closing (the `afslut` command's card) and the evaluation card's verbs. */
export class ClosingVerbs {
  constructor(private readonly deps: ClosingVerbDeps) {}

  verbs(): FeatureVerbs {
    const others = async (a: RefusedAction, error: DomainError) => this.refusedOthers(a, error);
    return {
      [Verbs.closingStart]: { needs: "mentor", run: (a) => this.onStart(a), refuse: others },
      [Verbs.closingConfirmStart]: { needs: "mentor", run: (a) => this.onConfirmStart(a), refuse: others },
      [Verbs.evaluationSave]: { needs: "party", run: (a) => this.onSave(a), refuse: others },
      [Verbs.evaluationConfirm]: { needs: "party", run: (a) => this.onConfirm(a), refuse: others },
      [Verbs.evaluationConsent]: { needs: "party", run: (a) => this.onConsent(a), refuse: others },
      [Verbs.evaluationRefresh]: { needs: "party", run: async ({ m, party }) => (m.closing ? cardResponse(renderEvaluationCard(m, { viewer: party })) : this.message(m, { code: "NOT_CLOSING" })), refuse: others },
    };
  }

  // ─── the chat command and the closing-start card ────────────────────────────────────────────

  /** `afslut` / `avslutt` / `close` in the pair's chat: the mentor gets the choice of reason. */
  async postStartCard(ctx: TurnContext, m: Mentorship, actor: Actor, party: Party | null): Promise<void> {
    if (party !== "mentor") {
      await ctx.sendActivity(this.deps.errorText(m.language, { code: party === null ? "NOT_A_PARTY" : "MENTOR_ONLY" }));
      return;
    }
    const early = this.precondition(m, actor);
    if (early) {
      await ctx.sendActivity(this.deps.errorText(m.language, early));
      return;
    }
    await ctx.sendActivity({ type: "message", attachments: [CardFactory.adaptiveCard(renderClosingStartCard(m))] });
  }

  /** Posts the evaluation card again (the `card` command) and makes it the one the app updates. */
  async repostEvaluation(ctx: TurnContext, m: Mentorship): Promise<boolean> {
    if (m.phase !== "closing" || !m.closing) return false;
    const sent = await ctx.sendActivity({ type: "message", text: t(m.language, "card.reposted", { step: t(m.language, "evaluation.cardStep") }), attachments: [CardFactory.adaptiveCard(renderEvaluationCard(m))] });
    if (sent?.id) await this.deps.posted.put(m.tenantId, m.id, "evaluation", sent.id);
    return true;
  }

  /** Why the mentor cannot close now (already closing, paused, not agreed), as the domain says; null when they can. */
  private precondition(m: Mentorship, actor: Actor): DomainError | null {
    const r = startClosing(m, { by: "mentor", aadObjectId: actor.aadObjectId }, "completed", this.deps.clock.now());
    return r.ok ? null : r.error;
  }

  private async onStart({ actor, m, data }: PartyAction): Promise<VerbResult> {
    const parsed = ClosingStartSchema.safeParse(data);
    if (!parsed.success) return cardResponse(renderClosingStartCard(m, { error: t(m.language, "closing.reasonRequired") }));
    const early = this.precondition(m, actor);
    if (early) return cardResponse(renderClosingStartCard(m, { error: this.deps.errorText(m.language, early) }));
    const { reason, step } = parsed.data;
    if (step === "choose") return cardResponse(renderClosingStartCard(m));
    if (!reason) return cardResponse(renderClosingStartCard(m, { error: t(m.language, "closing.reasonRequired") }));
    return cardResponse(renderClosingStartCard(m, { reason }));
  }

  private async onConfirmStart({ actor, m, stored, data }: PartyAction): Promise<VerbResult> {
    const parsed = ClosingConfirmStartSchema.safeParse(data);
    if (!parsed.success) return cardResponse(renderClosingStartCard(m, { error: t(m.language, "closing.reasonRequired") }));
    const r = await this.deps.closing.start(actor.tenantId, m.id, { by: "mentor", aadObjectId: actor.aadObjectId }, parsed.data.reason, stored);
    if (!r.ok) return cardResponse(renderClosingStartCard(m, { error: this.deps.errorText(m.language, r.error) }));
    // The question is answered for everyone: the card clicked becomes the notice, with nothing to click.
    const done = renderNoticeCard({ title: t(m.language, "closing.title"), lines: [t(m.language, "closing.started")], error: "" });
    return { answer: cardResponse(done), everyone: { clicked: true, card: done } };
  }

  // ─── the evaluation ─────────────────────────────────────────────────────────────────────────

  /** The card's inputs, parsed for this mentorship's goals; null (with the refusal) when they are not valid or not there. */
  private inputsOf(m: Mentorship, data: Readonly<Record<string, unknown>>): { input: EvaluationInput } | { error: DomainError } {
    const goals = m.closing?.evaluation.fields.goals.length ?? 0;
    if (!hasEvaluationInputs(data, goals)) return { error: { code: "INVALID_INPUT", params: { field: "action" } } };
    const parsed = evaluationInputSchema(goals).safeParse(data);
    if (!parsed.success) {
      const params = issueParams(parsed.error);
      return { error: { code: "INVALID_INPUT", params: { ...params, field: fieldOf(params.field) } } };
    }
    return { input: parsed.data };
  }

  private async onSave({ actor, m, stored, party, data }: PartyAction): Promise<VerbResult> {
    const envelope = EvaluationSaveSchema.safeParse(data);
    if (!envelope.success) return this.evaluationError(m, { code: "INVALID_INPUT", params: issueParams(envelope.error) });
    if (!m.closing) return this.evaluationError(m, { code: m.phase === "closed" ? "MENTORSHIP_CLOSED" : "NOT_CLOSING" });
    const inputs = this.inputsOf(m, data);
    if ("error" in inputs) return this.evaluationError(m, inputs.error);
    const { baseVersion, shown, shareWithLeader } = envelope.data;
    const r = await this.deps.closing.edit(actor, m.id, { version: baseVersion, shown }, inputs.input, stored);
    // Issue 13: an identity number found — refused, nothing saved, and what was typed is shown again.
    if (!r.ok && r.error.code === "CITIZEN_ID_FOUND") return this.evaluationError(m, r.error, inputs.input);
    // The mentee's toggle travels with every click of theirs; the mentor's copy of it is not theirs to set.
    const consent = party === "mentee" && shareWithLeader !== undefined ? await this.deps.closing.consent(actor, m.id, shareWithLeader) : null;
    if (!r.ok && !(r.error.code === "NO_CHANGES" && consent?.ok)) return this.evaluationError(m, r.error);
    const saved = consent?.ok ? consent.value : r.ok ? r.value : m;
    const notice = r.ok ? t(saved.language, "evaluation.saved", { version: saved.closing?.evaluation.version ?? 0 }) : t(saved.language, "evaluation.consentSaved");
    return answerAndUpdate(cardResponse(renderEvaluationCard(saved, { notice, viewer: party })), "evaluation", renderEvaluationCard(saved));
  }

  private async onConfirm({ actor, m, stored, party, data }: PartyAction): Promise<VerbResult> {
    const envelope = EvaluationConfirmSchema.safeParse(data);
    if (!envelope.success) return this.evaluationError(m, { code: "INVALID_INPUT", params: issueParams(envelope.error) });
    if (!m.closing) return this.evaluationError(m, { code: m.phase === "closed" ? "MENTORSHIP_CLOSED" : "NOT_CLOSING" });
    const { version, shown, shareWithLeader } = envelope.data;
    if (party === "mentee" && shareWithLeader !== undefined && shareWithLeader !== m.closing.evaluation.shareWithLeader) {
      const c = await this.deps.closing.consent(actor, m.id, shareWithLeader, stored);
      if (!c.ok && c.error.code !== "NO_CHANGES") return this.evaluationError(m, c.error);
    }
    // Teams sends the card's inputs with Confirm too. Unsaved edits are saved as a new version rather
    // than dropped; confirming waits until both have read that version.
    const goals = m.closing.evaluation.fields.goals.length;
    if (hasEvaluationInputs(data, goals)) {
      const inputs = this.inputsOf(m, data);
      if ("error" in inputs) return this.evaluationError(m, inputs.error);
      const base = version === m.closing.evaluation.version ? fingerprint(m.closing.evaluation.fields) : shown;
      const edited = base && Object.entries(fingerprint({ ...m.closing.evaluation.fields, ...inputs.input, goals: m.closing.evaluation.fields.goals.map((g, i) => ({ ...g, ...inputs.input.goals[i] })) })).some(([k, v]) => base[k] !== v);
      if (edited) {
        const r = await this.deps.closing.edit(actor, m.id, { version, shown }, inputs.input);
        if (!r.ok) return this.evaluationError(m, r.error, r.error.code === "CITIZEN_ID_FOUND" ? inputs.input : undefined);
        const saved = r.value;
        return answerAndUpdate(cardResponse(renderEvaluationCard(saved, { notice: t(saved.language, "evaluation.saved", { version: saved.closing?.evaluation.version ?? 0 }), viewer: party })), "evaluation", renderEvaluationCard(saved));
      }
    }
    const r = await this.deps.closing.confirm(actor, m.id, version);
    if (!r.ok) return this.evaluationError(m, r.error);
    const after = r.value.mentorship;
    const notice = r.value.closed ? t(after.language, "evaluation.closedNow") : t(after.language, "evaluation.confirmed", { version });
    return answerAndUpdate(cardResponse(renderEvaluationCard(after, { notice, viewer: party })), "evaluation", renderEvaluationCard(after));
  }

  private async onConsent({ actor, m, stored, party, data }: PartyAction): Promise<VerbResult> {
    const parsed = EvaluationConsentSchema.safeParse(data);
    if (!parsed.success) return this.evaluationError(m, { code: "INVALID_INPUT", params: { ...issueParams(parsed.error) } });
    const r = await this.deps.closing.consent(actor, m.id, parsed.data.shareWithLeader, stored);
    if (!r.ok && r.error.code !== "NO_CHANGES") return this.evaluationError(m, r.error);
    const saved = r.ok ? r.value : m;
    return answerAndUpdate(cardResponse(renderEvaluationCard(saved, { notice: t(saved.language, "evaluation.consentSaved"), viewer: party })), "evaluation", renderEvaluationCard(saved));
  }

  // ─── refusals ───────────────────────────────────────────────────────────────────────────────

  private message(m: Mentorship, error: DomainError): ExecuteResponse {
    return messageResponse(this.deps.errorText(m.language, error));
  }

  /** Someone in the pair's chat who may not do this: a stranger gets the card's title and state only, the mentee the reason. */
  private async refusedOthers({ m, party }: RefusedAction, error: DomainError): Promise<ExecuteResponse> {
    if (party !== null) return this.message(m, error);
    if (!m.closing) return this.message(m, error);
    return cardResponse(renderEvaluationCard(m, { headingsOnly: true, error: t(m.language, "evaluation.readOnlyForYou", { mentor: m.mentor.name, mentee: m.mentee.name }) }));
  }

  /** A party's refusal shows the newest card with the reason; nothing is changed. */
  private async evaluationError(shown: Mentorship, error: DomainError, typed?: EvaluationInput): Promise<ExecuteResponse> {
    const m = (await this.deps.service.getMentorship(shown.tenantId, shown.id)) ?? shown;
    if (error.code === "NOT_A_PARTY") return this.refusedOthers({ m, party: null } as RefusedAction, error);
    if (!m.closing) return this.message(m, error);
    return cardResponse(renderEvaluationCard(m, { error: this.deps.errorText(m.language, error), typed }));
  }
}

