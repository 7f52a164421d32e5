import { CardFactory, type TurnContext } from "botbuilder";
import { issueParams } from "../../../app/agreement/schemas";
import type { PreparationService } from "../../../app/preparation/preparationService";
import { WelcomeSaveSchema, WelcomeStartSchema } from "../../../app/preparation/schemas";
import { renderWelcomeCard } from "../../../cards/welcomeCard";
import { Verbs } from "../../../cards/verbs";
import type { Party } from "../../../domain/agreement";
import type { Language } from "../../../domain/language";
import type { Mentorship } from "../../../domain/mentorship";
import type { DomainError } from "../../../domain/result";
import { t } from "../../../i18n";
import type { Logger } from "../../../log";
import type { PostedMessageStore } from "../../../ports/postedMessages";
import type { AfterAgreement } from "../agreement/verbs";
import { type ExecuteResponse, type FeatureVerbs, type PartyAction, type RefusedAction, type VerbResult, answerAndUpdate, cardResponse, messageResponse } from "../cardActions";

export interface WelcomeVerbDeps {
  readonly preparation: PreparationService;
  readonly posted: Pick<PostedMessageStore, "put">;
  /** Posts the agreement card in this turn (AgreementVerbs.postAgreement). */
  readonly postAgreement: (ctx: TurnContext, m: Mentorship) => Promise<void>;
  readonly errorText: (language: Language, error: DomainError) => string;
  readonly log: Logger;
  /** What follows the agreement card (the nudge): told when start-up begins here. */
  readonly next?: Pick<AfterAgreement, "agreementPosted"> | undefined;
}

/** The preparation welcome in the pair's chat: posting it, the mentor's presentation, beginning the agreement early. */
export class WelcomeVerbs {
  constructor(private readonly deps: WelcomeVerbDeps) {}

  verbs(): FeatureVerbs {
    return {
      [Verbs.welcomeSave]: { needs: "mentor", run: (a) => this.onSave(a), refuse: (a, error) => this.refuseSave(a, error) },
      [Verbs.welcomeStartAgreement]: { needs: "party", run: (a) => this.onStart(a) },
    };
  }

  /**
   * The first card of a new mentorship: the welcome when the first working day is still to come
   * (true), nothing when the pair starts at once (false: the caller posts the agreement).
   */
  async postOpening(ctx: TurnContext, m: Mentorship): Promise<boolean> {
    if (!this.deps.preparation.startsLater(m)) return false;
    await this.send(ctx, m);
    const r = await this.deps.preparation.welcomed(m.tenantId, m.id);
    if (!r.ok) this.deps.log.warn("welcome.posted.refused", { mentorshipId: m.id, code: r.error.code });
    return true;
  }

  /** `card`/`start` in a chat still in preparation: the welcome again, as the card the app updates. False otherwise. */
  async repost(ctx: TurnContext, m: Mentorship): Promise<boolean> {
    if (m.phase !== "preparation") return false;
    if (!m.welcomePostedAt) return this.postOpening(ctx, m);
    await this.send(ctx, m, t(m.language, "card.reposted", { step: t(m.language, "welcome.card.step") }));
    return true;
  }

  private async send(ctx: TurnContext, m: Mentorship, line?: string): Promise<void> {
    const meetings = await this.deps.preparation.comingMeetings(m);
    const sent = await ctx.sendActivity({ type: "message", ...(line ? { text: line } : {}), attachments: [CardFactory.adaptiveCard(renderWelcomeCard(m, { meetings }))] });
    if (sent?.id) await this.deps.posted.put(m.tenantId, m.id, "welcome", sent.id);
    else this.deps.log.warn("welcome.post.noId", { mentorshipId: m.id });
  }

  private async card(m: Mentorship, party: Party | null, view: { notice?: string; error?: string; typed?: string } = {}) {
    const meetings = await this.deps.preparation.comingMeetings(m);
    return renderWelcomeCard(m, { ...view, meetings, readOnly: party !== "mentor" });
  }

  private async onSave({ actor, m, stored, party, data }: PartyAction): Promise<VerbResult> {
    const typed = typeof data["presentation"] === "string" ? data["presentation"] : undefined;
    const parsed = WelcomeSaveSchema.safeParse(data);
    if (!parsed.success) return this.refusal(m, party, { code: "INVALID_INPUT", params: issueParams(parsed.error) }, typed);
    const r = await this.deps.preparation.savePresentation(actor, m.id, parsed.data.presentation, stored);
    if (!r.ok) return this.refusal(m, party, r.error, typed);
    const saved = r.value;
    return answerAndUpdate(cardResponse(await this.card(saved, party, { notice: t(saved.language, "welcome.card.saved") })), "welcome", await this.card(saved, "mentor"));
  }

  /** The mentee (or anyone else in the chat) pressed Save: the mentee gets the card with the reason, nothing changes. */
  private async refuseSave({ m, party }: RefusedAction, error: DomainError): Promise<ExecuteResponse> {
    if (party !== "mentee") return messageResponse(this.deps.errorText(m.language, error));
    return cardResponse(await this.card(m, party, { error: this.deps.errorText(m.language, error) }));
  }

  private async onStart({ ctx, actor, m, stored, party, data }: PartyAction): Promise<VerbResult> {
    const parsed = WelcomeStartSchema.safeParse(data);
    if (!parsed.success) return this.refusal(m, party, { code: "INVALID_INPUT", params: issueParams(parsed.error) });
    const r = await this.deps.preparation.beginAgreement(actor, m.id, stored);
    if (!r.ok) {
      if (r.error.code === "NO_CHANGES") return cardResponse(await this.card(m, party, { notice: t(m.language, "welcome.card.alreadyBegun") }));
      if (r.error.code === "MENTORSHIP_PAUSED") return cardResponse(await this.card(m, party, { error: t(m.language, "welcome.card.paused") }));
      return this.refusal(m, party, r.error);
    }
    const begun = r.value;
    await this.deps.postAgreement(ctx, begun);
    await this.deps.next?.agreementPosted(begun);
    this.deps.log.info("welcome.agreement.begun", { mentorshipId: m.id });
    return answerAndUpdate(cardResponse(await this.card(begun, party, { notice: t(begun.language, "welcome.card.started") })), "welcome", await this.card(begun, "mentor"));
  }

  /** A refusal shows the welcome as it stands with the reason, in the mentorship's language; nothing is changed. */
  private async refusal(m: Mentorship, party: Party | null, error: DomainError, typed?: string): Promise<ExecuteResponse> {
    const params = error.code === "WRONG_PHASE" ? { phase: t(m.language, `phase.${m.phase}`) } : error.params;
    const text = this.deps.errorText(m.language, { code: error.code, ...(params ? { params } : {}) });
    return cardResponse(await this.card(m, party, { error: text, ...(typed !== undefined ? { typed } : {}) }));
  }
}
