import { type Activity, CardFactory, type TurnContext } from "botbuilder";
import type { Actor, Member } from "../../../app/actor";
import { type IntroductionService, defaultMode } from "../../../app/introduction/introductionService";
import { IntroductionCloseSchema, IntroductionHandoverSchema, IntroductionOnlySchema, ticksOf } from "../../../app/introduction/schemas";
import { renderCloseForm, renderHandoverForm, renderIntroductionCard } from "../../../cards/introductionCard";
import { Verbs } from "../../../cards/verbs";
import type { Party } from "../../../domain/agreement";
import { HANDOVER_MAX, introductionProgress } from "../../../domain/introduction";
import type { Language } from "../../../domain/language";
import type { Mentorship, Person } from "../../../domain/mentorship";
import type { DomainError } from "../../../domain/result";
import { t } from "../../../i18n";
import type { Logger } from "../../../log";
import type { PostedMessageStore } from "../../../ports/postedMessages";
import type { MentorshipStore } from "../../../ports/store";
import { type ExecuteResponse, type FeatureVerbs, type IntroductionAction, type VerbResult, answerAndUpdate, cardResponse, messageResponse } from "../cardActions";

export interface IntroductionVerbDeps {
  readonly introduction: IntroductionService;
  readonly store: Pick<MentorshipStore, "getMentorship">;
  readonly posted: Pick<PostedMessageStore, "put">;
  readonly errorText: (language: Language, error: DomainError) => string;
  readonly log: Logger;
}

/** Words after the contact person that confirm the leader as contact person (seed 002's advice, not a ban). */
const CONFIRM_WORDS = ["bekræft", "bekraeft", "bekreft", "confirm"];
/** "Me" in the three languages: the mentor names themself as contact person. */
const ME_WORDS = ["mig", "meg", "me"];

/**
 * The introduction card's verbs (tick, refresh, close, hand-over) and the mentor's chat command
 * (`introduktion` / `introduksjon` / `introduction` @contact person or "me"). The router lets through
 * only a party, the contact person or the leader, from the pair's own chat; the domain decides the rest.
 */
export class IntroductionVerbs {
  constructor(private readonly deps: IntroductionVerbDeps) {}

  verbs(): FeatureVerbs {
    return {
      [Verbs.introductionTick]: { needs: "introduction", run: (a) => this.onTick(a) },
      [Verbs.introductionRefresh]: { needs: "introduction", run: async ({ m }) => (m.introduction ? cardResponse(renderIntroductionCard(m)) : this.message(m, { code: "NO_INTRODUCTION" })) },
      [Verbs.introductionClose]: { needs: "introduction", run: (a) => this.onClose(a) },
      [Verbs.introductionHandover]: { needs: "introduction", run: (a) => this.onHandover(a) },
    };
  }

  // ─── the mentor's command ───────────────────────────────────────────────────────────────────

  /**
   * `introduktion @Karen` (or `mig`): the mentor starts the introduction with a contact person from
   * this chat (the mention is looked up in the chat's members); `bekræft` goes ahead with the leader.
   */
  async startFromChat(ctx: TurnContext, m: Mentorship, actor: Actor, party: Party | null, rest: string, members: readonly Member[]): Promise<void> {
    const lang = m.language;
    // Without a contact person named: the card again, for who is of the introduction (a prepared pair's chat came later, say).
    if (m.introduction && rest.trim() === "" && (party !== null || m.contact?.aadObjectId === actor.aadObjectId)) {
      const sent = await ctx.sendActivity({ type: "message", attachments: [CardFactory.adaptiveCard(renderIntroductionCard(m))] });
      if (sent?.id) await this.deps.posted.put(m.tenantId, m.id, "introduction", sent.id);
      return;
    }
    if (party !== "mentor") {
      await ctx.sendActivity(this.deps.errorText(lang, { code: party === null ? "NOT_A_PARTY" : "MENTOR_ONLY" }));
      return;
    }
    const words = rest.toLowerCase().split(/\s+/).filter(Boolean);
    const confirmLeader = words.some((w) => CONFIRM_WORDS.includes(w));
    const contact = words.some((w) => ME_WORDS.includes(w)) ? personOf(m.mentor) : mentionedMember(ctx.activity, members);
    if (!contact) {
      await ctx.sendActivity(t(lang, "introduction.command.usage"));
      return;
    }
    const r = await this.deps.introduction.start(m.tenantId, m.id, { contact, mode: m.introduction?.mode ?? defaultMode(m), confirmLeader });
    if (!r.ok) {
      const text = this.deps.errorText(lang, r.error.code === "LEADER_AS_CONTACT" ? { code: r.error.code, params: { name: contact.name } } : r.error);
      await ctx.sendActivity(r.error.code === "LEADER_AS_CONTACT" ? `${text}\n\n${t(lang, "introduction.command.confirmHint", { name: contact.name })}` : text);
      return;
    }
    await ctx.sendActivity(t(lang, "introduction.started", { contact: contact.name }));
  }

  // ─── ticks ──────────────────────────────────────────────────────────────────────────────────

  private async onTick({ actor, m, stored, data }: IntroductionAction): Promise<VerbResult> {
    if (!IntroductionOnlySchema.safeParse(data).success) return this.message(m, { code: "INVALID_INPUT", params: { field: "mentorshipId" } });
    if (!m.introduction) return this.message(m, { code: "NO_INTRODUCTION" });
    const ticks = ticksOf(data);
    const r = "invalid" in ticks ? null : await this.deps.introduction.tick(actor, m.id, ticks.changes, stored);
    if (!r || !r.ok) {
      const error: DomainError = r ? r.error : { code: "INVALID_INPUT", params: { field: "item" } };
      if (error.code === "NO_CHANGES") return cardResponse(renderIntroductionCard(m, { notice: this.savedText(m) }));
      // The card as it stands, with the reason: a refused click's toggles go back to what is saved.
      return this.cardError(m, error);
    }
    const after = r.value;
    return answerAndUpdate(cardResponse(renderIntroductionCard(after, { notice: this.savedText(after) })), "introduction", renderIntroductionCard(after));
  }

  private savedText(m: Mentorship): string {
    return t(m.language, "introduction.saved", introductionProgress(m.introduction));
  }

  // ─── closing ────────────────────────────────────────────────────────────────────────────────

  private async onClose({ actor, m, stored, data }: IntroductionAction): Promise<VerbResult> {
    const parsed = IntroductionCloseSchema.safeParse(data);
    if (!parsed.success) return this.message(m, { code: "INVALID_INPUT", params: { field: "step" } });
    if (!m.introduction) return this.message(m, { code: "NO_INTRODUCTION" });
    const mayClose = m.contact?.aadObjectId === actor.aadObjectId || m.leader?.aadObjectId === actor.aadObjectId;
    if (!mayClose) return messageResponse(t(m.language, "introduction.close.onlyContact"));
    if (m.introduction.closedAt) return this.cardError(m, { code: "INTRODUCTION_CLOSED" });
    const { step, talkHeld, mentorSchemeStarts } = parsed.data;
    if (step === "ask") return cardResponse(renderCloseForm(m));
    if (talkHeld === undefined || mentorSchemeStarts === undefined) return cardResponse(renderCloseForm(m, { error: t(m.language, "introduction.close.required") }));
    const r = await this.deps.introduction.close(actor, m.id, { talkHeld, mentorSchemeStarts }, stored);
    if (!r.ok) return this.cardError(m, r.error);
    const card = renderIntroductionCard(r.value);
    return answerAndUpdate(cardResponse(card), "introduction", card);
  }

  // ─── the hand-over ──────────────────────────────────────────────────────────────────────────

  private async onHandover({ actor, m, stored, data }: IntroductionAction): Promise<VerbResult> {
    const parsed = IntroductionHandoverSchema.safeParse(data);
    if (!parsed.success) return this.message(m, { code: "INVALID_INPUT", params: { field: "handover" } });
    if (!m.introduction) return this.message(m, { code: "NO_INTRODUCTION" });
    // The note is the contact person's to the mentor: nobody else gets the form (nor its text).
    if (m.contact?.aadObjectId !== actor.aadObjectId) return messageResponse(t(m.language, "introduction.handover.onlyContact"));
    if (parsed.data.step === "open") return cardResponse(renderHandoverForm(m));
    const typed = parsed.data.handover ?? "";
    const r = await this.deps.introduction.handover(actor, m.id, typed, stored);
    if (!r.ok) {
      if (r.error.code === "NO_CHANGES") return cardResponse(renderHandoverForm(m, { notice: t(m.language, "introduction.handover.saved") }));
      const error =
        r.error.code === "INVALID_INPUT"
          ? t(m.language, typed.trim() === "" ? "introduction.handover.empty" : "introduction.handover.tooLong", { max: HANDOVER_MAX })
          : this.deps.errorText(m.language, r.error);
      // The typed text stays on the card: nothing is lost to a refusal.
      return cardResponse(renderHandoverForm(m, { error, text: typed }));
    }
    return answerAndUpdate(cardResponse(renderHandoverForm(r.value, { notice: t(m.language, "introduction.handover.saved") })), "introduction", renderIntroductionCard(r.value));
  }

  // ─── refusals ───────────────────────────────────────────────────────────────────────────────

  private message(m: Mentorship, error: DomainError): ExecuteResponse {
    return messageResponse(this.deps.errorText(m.language, error));
  }

  /** The newest card with the reason (the card is the chat's: it shows no text anybody wrote); nothing changed. */
  private async cardError(shown: Mentorship, error: DomainError): Promise<ExecuteResponse> {
    const m = (await this.deps.store.getMentorship(shown.tenantId, shown.id))?.value ?? shown;
    if (!m.introduction) return this.message(m, error);
    return cardResponse(renderIntroductionCard(m, { error: this.deps.errorText(m.language, error) }));
  }
}

const personOf = (p: Person): Person => ({ aadObjectId: p.aadObjectId, name: p.name, channelUserId: p.channelUserId });

/** The first person @mentioned in the message who is a member of this chat (not the bot). */
function mentionedMember(activity: Activity, members: readonly Member[]): Person | null {
  const botId = activity.recipient?.id;
  for (const e of activity.entities ?? []) {
    if (e.type !== "mention") continue;
    const mentioned = (e as { mentioned?: { id?: unknown } }).mentioned;
    const id = typeof mentioned?.id === "string" ? mentioned.id : null;
    if (!id || id === botId) continue;
    const member = members.find((x) => x.channelUserId === id || x.aadObjectId === id);
    if (member) return { aadObjectId: member.aadObjectId, name: member.name, channelUserId: member.channelUserId };
  }
  return null;
}
