import { CardFactory, type TurnContext } from "botbuilder";
import type { z } from "zod";
import type { Actor, Member } from "../../../app/actor";
import type { AgreementService } from "../../../app/agreement/agreementService";
import { AgreementAcceptSchema, AgreementFieldsSchema, type AgreementSaveSchema, RevisionProposeSchema, RevisionVersionSchema, SetupSubmitSchema, agreementFieldsSchemaFor, agreementInputRefusal, agreementSaveSchemaFor, issueParams } from "../../../app/agreement/schemas";
import type { ConversationFacts, MentorshipService } from "../../../app/setup/mentorshipService";
import { renderAgreementCard } from "../../../cards/agreementCard";
import { type SetupCardInput, renderNoticeCard, renderSetupCard } from "../../../cards/setupCard";
import type { AdaptiveCard } from "../../../cards/template";
import { Verbs } from "../../../cards/verbs";
import { type AgreementFieldName, AgreementFieldNames, changedFields } from "../../../domain/agreement";
import { formatDate, isIsoDate } from "../../../domain/dates";
import { type Language, isLanguage } from "../../../domain/language";
import { type Mentorship, isActive, partyOf } from "../../../domain/mentorship";
import type { DomainError } from "../../../domain/result";
import { t } from "../../../i18n";
import type { Logger } from "../../../log";
import type { PostedMessageStore } from "../../../ports/postedMessages";
import type { Stored } from "../../../ports/store";
import { type CardAction, type ExecuteResponse, type FeatureVerbs, type PartyAction, type RefusedAction, type VerbResult, answerAndUpdate, cardResponse, messageResponse } from "../cardActions";

/** The notice that a mentorship exists: who, which programme, which unit, from when (and more `lines`). */
export function setupDoneCard(m: Mentorship, more: readonly string[] = []): AdaptiveCard {
  const line = t(m.language, "setup.done", {
    mentor: m.mentor.name,
    mentee: m.mentee.name,
    programme: t(m.language, `programme.${m.programme}`),
    unit: m.unit,
    firstDay: formatDate(m.firstWorkingDay),
  });
  return renderNoticeCard({ title: t(m.language, "setup.title"), lines: [line, ...more], error: "" });
}

/** What comes after the agreement (the meetings): the plan card, the nudge, the name of the current step. */
export interface AfterAgreement {
  postPlanCard(ctx: TurnContext, m: Mentorship): Promise<void>;
  agreementPosted(m: Mentorship): Promise<void>;
  currentStep(m: Mentorship): Promise<{ readonly name: string }>;
}

export interface AgreementVerbDeps {
  readonly service: MentorshipService;
  readonly agreement: AgreementService;
  readonly members: (ctx: TurnContext) => Promise<Member[]>;
  readonly posted: Pick<PostedMessageStore, "put">;
  readonly errorText: (language: Language, error: DomainError) => string;
  readonly log: Logger;
  readonly next?: AfterAgreement | undefined;
  /**
   * A new mentorship's first card when its first working day is still to come (the preparation
   * welcome): true when it posted it, and then the agreement waits for day one.
   */
  readonly welcomeFirst?: ((ctx: TurnContext, m: Mentorship) => Promise<boolean>) | undefined;
}

/** The agreement's frames a booked meeting plan was made from: a change of them may call for a new plan. */
const FRAMES: readonly AgreementFieldName[] = ["meetingCount", "meetingMinutes", "timeAndPlace"];

const str = (v: unknown): string | undefined => (typeof v === "string" ? v.slice(0, 200) : undefined);

/** The setup card and the collaboration agreement's verbs. */
export class AgreementVerbs {
  constructor(private readonly deps: AgreementVerbDeps) {}

  verbs(): FeatureVerbs {
    const others = async (a: RefusedAction) => this.agreementForOthers(a.m);
    return {
      [Verbs.setupSubmit]: { needs: "setup", run: (a) => this.onSetupSubmit(a) },
      [Verbs.agreementSave]: { needs: "party", run: (a) => this.onSave(a), refuse: others },
      [Verbs.agreementAccept]: { needs: "party", run: (a) => this.onAccept(a), refuse: others },
      [Verbs.agreementRefresh]: { needs: "party", run: async ({ m, party }) => cardResponse(renderAgreementCard(m, { viewer: party })), refuse: others },
      [Verbs.revisionPropose]: { needs: "party", run: (a) => this.onPropose(a), refuse: others },
      [Verbs.revisionSave]: { needs: "party", run: (a) => this.onRevisionSave(a), refuse: others },
      [Verbs.revisionAccept]: { needs: "party", run: (a) => this.onRevisionAccept(a), refuse: others },
      [Verbs.revisionWithdraw]: { needs: "party", run: (a) => this.onRevisionWithdraw(a), refuse: others },
    };
  }

  // ---- setup ---------------------------------------------------------------------------------

  private async onSetupSubmit({ ctx, actor, conv, data }: CardAction): Promise<VerbResult> {
    const chosenLanguage = isLanguage(data["language"]) ? data["language"] : actor.language;
    if (conv.conversationType !== "groupChat") return messageResponse(this.deps.errorText(actor.language, { code: "START_ONLY_IN_GROUP_CHAT" }));
    const members = await this.deps.members(ctx);
    const again = this.setupAgain(actor, members, data, chosenLanguage);
    // A setup card belongs to the setup pending in this chat: a setup id from another chat (or an
    // old card) opens nothing here, not even the form again.
    const refused = await this.setupRefusal(actor, conv, data, chosenLanguage);
    if (refused) return refused;
    const parsed = SetupSubmitSchema.safeParse(data);
    if (!parsed.success) {
      const params = issueParams(parsed.error);
      return again(this.deps.errorText(chosenLanguage, params.field === "firstDay" ? { code: "INVALID_START_DATE" } : { code: "INVALID_INPUT", params }));
    }
    const input = parsed.data;
    if (!isIsoDate(input.firstDay)) return again(this.deps.errorText(input.language, { code: "INVALID_START_DATE" }));
    const setup = { setupId: input.setupId, programme: input.programme, firstWorkingDay: input.firstDay, unit: input.unit, language: input.language, menteeAadObjectId: input.mentee, confirmedLeaderOf: input.confirmLeader || undefined };
    const r = await this.deps.service.completeSetup(actor, conv, setup, members);
    if (!r.ok && r.error.code === "LEADER_AS_MENTOR") {
      // The mentor is the new hire's own leader: the card again, with what was typed, KL/DS' advice and the confirm toggle.
      const candidates = members.filter((m) => m.aadObjectId !== actor.aadObjectId);
      const chosen = candidates.find((m) => m.aadObjectId === input.mentee) ?? (candidates.length === 1 ? candidates[0] : undefined);
      if (chosen) return again(t(input.language, "setup.leader.confirmFirst"), { menteeAadObjectId: chosen.aadObjectId, menteeName: chosen.name });
    }
    if (!r.ok) {
      const done = r.error.code === "CHAT_HAS_ACTIVE_MENTORSHIP" ? await this.setupAlreadyDone(actor, (await this.deps.service.getChat(conv.tenantId, conv.conversationId))?.activeMentorshipId) : null;
      if (done) return done;
      const plain = r.error.code === "SETUP_NOT_PENDING" || r.error.code === "CHAT_HAS_ACTIVE_MENTORSHIP" || r.error.code === "NOT_SETUP_OWNER";
      return plain ? messageResponse(this.deps.errorText(input.language, r.error)) : again(this.deps.errorText(input.language, r.error));
    }
    const done = setupDoneCard(r.value);
    await this.postOpening(ctx, r.value);
    return { answer: cardResponse(done), everyone: { clicked: true, card: done } };
  }

  /** The setup form again, with what was typed and the reason. */
  private setupAgain(actor: Actor, members: readonly Member[], data: Readonly<Record<string, unknown>>, language: Language) {
    const setupId = typeof data["setupId"] === "string" ? data["setupId"] : "";
    const previous = { programme: str(data["programme"]), firstDay: str(data["firstDay"]), unit: str(data["unit"]), mentee: str(data["mentee"]), language };
    const candidates = members.filter((m) => m.aadObjectId !== actor.aadObjectId);
    return (error: string, leaderWarning?: SetupCardInput["leaderWarning"]): ExecuteResponse =>
      cardResponse(renderSetupCard({ language, setupId, mentorName: actor.name, candidates, error, previous, ...(leaderWarning ? { leaderWarning } : {}) }));
  }

  /** Why this click may not complete the chat's setup (not pending, or not the starter's), or null. */
  private async setupRefusal(actor: Actor, conv: ConversationFacts, data: Readonly<Record<string, unknown>>, language: Language): Promise<ExecuteResponse | null> {
    const chat = await this.deps.service.getChat(conv.tenantId, conv.conversationId);
    const pending = chat?.pendingSetup;
    if (!pending || pending.id !== data["setupId"]) {
      const done = await this.setupAlreadyDone(actor, chat?.activeMentorshipId);
      return done ?? messageResponse(this.deps.errorText(language, { code: chat?.activeMentorshipId ? "CHAT_HAS_ACTIVE_MENTORSHIP" : "SETUP_NOT_PENDING" }));
    }
    // Someone else clicked the mentor's setup card: explain, change nothing.
    return pending.byAadObjectId !== actor.aadObjectId ? messageResponse(this.deps.errorText(actor.language, { code: "NOT_SETUP_OWNER" })) : null;
  }

  /** An old setup card pressed after the mentorship exists: the notice that it does, and the step it is in. */
  private async setupAlreadyDone(actor: Actor, mentorshipId: string | null | undefined): Promise<ExecuteResponse | null> {
    const m = mentorshipId ? await this.deps.service.getMentorship(actor.tenantId, mentorshipId) : null;
    // The notice names the pair and the unit: for the parties only, like every card.
    if (!m || !isActive(m) || partyOf(m, actor.aadObjectId) === null) return null;
    const step = this.deps.next ? (await this.deps.next.currentStep(m)).name : t(m.language, "card.step.agreement");
    return cardResponse(setupDoneCard(m, [t(m.language, "setup.alreadyDone", { step })]));
  }

  /** A new mentorship's first card: the welcome before day one, else the agreement at once. */
  async postOpening(ctx: TurnContext, m: Mentorship): Promise<void> {
    if (await this.deps.welcomeFirst?.(ctx, m)) return;
    await this.postAgreement(ctx, m);
  }

  /**
   * Posts the agreement card; posting it moves the mentorship to start-up. Posted again (`line`
   * says so), the new card is the one every change updates.
   */
  async postAgreement(ctx: TurnContext, m: Mentorship, line?: string): Promise<void> {
    const sent = await ctx.sendActivity({ type: "message", ...(line ? { text: line } : {}), attachments: [CardFactory.adaptiveCard(renderAgreementCard(m))] });
    if (!sent?.id) {
      this.deps.log.warn("agreement.post.noId", { mentorshipId: m.id });
      return;
    }
    await this.deps.posted.put(m.tenantId, m.id, "agreement", sent.id);
    // Posted again after start-up: the new card is the one to update, nothing else changes.
    if (m.phase !== "preparation" && (m.phase !== "startUp" || m.agreementPostedAt)) return;
    const r = await this.deps.agreement.posted(m.tenantId, m.id);
    if (!r.ok) this.deps.log.warn("agreement.posted.refused", { mentorshipId: m.id, code: r.error.code });
    else if (r.value.events.some((e) => e.kind === "agreementPosted" && e.first)) await this.deps.next?.agreementPosted(r.value.mentorship);
  }

  // ---- agreement -----------------------------------------------------------------------------

  private async onSave({ actor, m, stored, data }: PartyAction): Promise<VerbResult> {
    const parsed = agreementSaveSchemaFor(m).safeParse(data);
    if (!parsed.success) return this.agreementError(m, agreementInputRefusal(parsed.error));
    const { mentorshipId: _id, baseVersion, ...fields } = parsed.data as z.infer<typeof AgreementSaveSchema> & { mentorshipId: string; baseVersion: number };
    return this.saveEdit(actor, stored, baseVersion, AgreementFieldsSchema.parse(fields));
  }

  private async saveEdit(actor: Actor, stored: Stored<Mentorship>, baseVersion: number, fields: z.infer<typeof AgreementFieldsSchema>): Promise<VerbResult> {
    const r = await this.deps.agreement.edit(actor, stored.value.id, baseVersion, fields, stored);
    if (!r.ok) return this.agreementError(stored.value, r.error);
    const saved = r.value.mentorship;
    return answerAndUpdate(cardResponse(renderAgreementCard(saved, { notice: t(saved.language, "agreement.saved", { version: r.value.version.number }) })), "agreement", renderAgreementCard(saved));
  }

  private async onAccept({ ctx, actor, m, stored, party, data }: PartyAction): Promise<VerbResult> {
    const parsed = AgreementAcceptSchema.safeParse(data);
    if (!parsed.success) return this.agreementError(m, { code: "INVALID_INPUT", params: issueParams(parsed.error) });
    const { version } = parsed.data;
    // Teams sends the card's inputs with every action. Unsaved edits are saved as a new version
    // rather than dropped; accepting waits until both have read that version.
    if (AgreementFieldNames.some((name) => Object.hasOwn(data, name))) {
      const fields = agreementFieldsSchemaFor(m).safeParse(data);
      if (!fields.success) return this.agreementError(m, agreementInputRefusal(fields.error));
      if (m.agreement.version === version && changedFields(m.agreement.fields, fields.data).length > 0) return this.saveEdit(actor, stored, version, fields.data);
    }
    const r = await this.deps.agreement.accept(actor, m.id, version, stored);
    if (!r.ok) return this.agreementError(m, r.error);
    const accepted = r.value.mentorship;
    if (r.value.events.some((e) => e.kind === "agreementLocked")) await this.deps.next?.postPlanCard(ctx, accepted);
    // The clicker's own card: no second Accept for the version they have just accepted.
    const mine = renderAgreementCard(accepted, { notice: t(accepted.language, "agreement.accepted", { version }), viewer: party });
    return answerAndUpdate(cardResponse(mine), "agreement", renderAgreementCard(accepted));
  }

  // ---- revision of the agreement in force ------------------------------------------------------

  private async onPropose({ actor, m, stored, party, data }: PartyAction): Promise<VerbResult> {
    const parsed = RevisionProposeSchema.safeParse(data);
    if (!parsed.success) return this.agreementError(m, { code: "INVALID_INPUT", params: issueParams(parsed.error) });
    const r = await this.deps.agreement.proposeRevision(actor, m.id, stored);
    if (!r.ok) return this.agreementError(m, r.error);
    const proposed = r.value.mentorship;
    const version = proposed.agreement.revision?.version ?? proposed.agreement.version;
    return answerAndUpdate(cardResponse(renderAgreementCard(proposed, { notice: t(proposed.language, "revision.proposed", { version }), viewer: party })), "agreement", renderAgreementCard(proposed));
  }

  private async onRevisionSave({ actor, m, stored, data }: PartyAction): Promise<VerbResult> {
    const parsed = agreementSaveSchemaFor(m).safeParse(data);
    if (!parsed.success) return this.agreementError(m, agreementInputRefusal(parsed.error));
    const { mentorshipId: _id, baseVersion, ...fields } = parsed.data as z.infer<typeof AgreementSaveSchema> & { mentorshipId: string; baseVersion: number };
    return this.saveRevision(actor, stored, baseVersion, AgreementFieldsSchema.parse(fields));
  }

  private async saveRevision(actor: Actor, stored: Stored<Mentorship>, baseVersion: number, fields: z.infer<typeof AgreementFieldsSchema>): Promise<VerbResult> {
    const r = await this.deps.agreement.editRevision(actor, stored.value.id, baseVersion, fields, stored);
    if (!r.ok) return this.agreementError(stored.value, r.error);
    const saved = r.value.mentorship;
    return answerAndUpdate(cardResponse(renderAgreementCard(saved, { notice: t(saved.language, "agreement.saved", { version: r.value.version.number }) })), "agreement", renderAgreementCard(saved));
  }

  private async onRevisionAccept({ actor, m, stored, party, data }: PartyAction): Promise<VerbResult> {
    const parsed = RevisionVersionSchema.safeParse(data);
    if (!parsed.success) return this.agreementError(m, { code: "INVALID_INPUT", params: issueParams(parsed.error) });
    const { version } = parsed.data;
    // As with the agreement: the proposal's unsaved edits that came with the click are saved, not dropped.
    const open = m.agreement.revision;
    if (AgreementFieldNames.some((name) => Object.hasOwn(data, name))) {
      const fields = agreementFieldsSchemaFor(m).safeParse(data);
      if (!fields.success) return this.agreementError(m, agreementInputRefusal(fields.error));
      if (open && open.version === version && changedFields(open.fields, fields.data).length > 0) return this.saveRevision(actor, stored, version, fields.data);
    }
    const r = await this.deps.agreement.acceptRevision(actor, m.id, version, stored);
    if (!r.ok) return this.agreementError(m, r.error, r.error.code === "NO_CHANGES" ? "revision.unchanged" : undefined);
    const accepted = r.value.mentorship;
    const adopted = r.value.events.find((e) => e.kind === "revisionAdopted");
    const lang = accepted.language;
    const notice = adopted
      ? [t(lang, "revision.adopted", { version }), ...(adopted.changed.some((name) => FRAMES.includes(name)) && accepted.meetingPlan ? [t(lang, "revision.framesChanged")] : [])].join(" ")
      : t(lang, "revision.accepted", { version });
    return answerAndUpdate(cardResponse(renderAgreementCard(accepted, { notice, viewer: party })), "agreement", renderAgreementCard(accepted));
  }

  private async onRevisionWithdraw({ actor, m, stored, party, data }: PartyAction): Promise<VerbResult> {
    const parsed = RevisionVersionSchema.safeParse(data);
    if (!parsed.success) return this.agreementError(m, { code: "INVALID_INPUT", params: issueParams(parsed.error) });
    const r = await this.deps.agreement.withdrawRevision(actor, m.id, parsed.data.version, stored);
    if (!r.ok) return this.agreementError(m, r.error);
    const withdrawn = r.value.mentorship;
    return answerAndUpdate(cardResponse(renderAgreementCard(withdrawn, { notice: t(withdrawn.language, "revision.withdrawn", { version: withdrawn.agreement.version }), viewer: party })), "agreement", renderAgreementCard(withdrawn));
  }

  /** Someone in the pair's chat who is not a party: title, headings and state, none of the pair's text. */
  private agreementForOthers(m: Mentorship): ExecuteResponse {
    return cardResponse(renderAgreementCard(m, { headingsOnly: true, error: t(m.language, "agreement.readOnlyForYou", { mentor: m.mentor.name, mentee: m.mentee.name }) }));
  }

  /** A party's refusal shows the current card with the reason, in the mentorship's language; nothing is changed. */
  private async agreementError(shown: Mentorship, error: DomainError, key?: "revision.unchanged"): Promise<ExecuteResponse> {
    // Re-read: the refusal may be because the agreement moved on since the router loaded it.
    const m = (await this.deps.service.getMentorship(shown.tenantId, shown.id)) ?? shown;
    // The mentor changed between the router's check and the write: this clicker is no party any more.
    if (error.code === "NOT_A_PARTY") return this.agreementForOthers(m);
    const params = error.code === "WRONG_PHASE" ? { phase: t(m.language, `phase.${m.phase}`) } : error.params;
    const text = key ? t(m.language, key) : this.deps.errorText(m.language, { code: error.code, ...(params ? { params } : {}) });
    return cardResponse(renderAgreementCard(m, { error: text }));
  }
}
