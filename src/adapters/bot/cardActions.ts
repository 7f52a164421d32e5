import { CardFactory, type TurnContext } from "botbuilder";
import type { Actor } from "../../app/actor";
import { MentorshipOnlySchema } from "../../app/meetings/schemas";
import type { ConversationFacts } from "../../app/setup/mentorshipService";
import type { AdaptiveCard } from "../../cards/template";
import type { Verb } from "../../cards/verbs";
import type { Party } from "../../domain/agreement";
import { type Mentorship, partyOf } from "../../domain/mentorship";
import type { DomainError } from "../../domain/result";
import { type MessageKey, t } from "../../i18n";
import type { Logger } from "../../log";
import type { MessageSlot, PostedMessageStore } from "../../ports/postedMessages";
import type { Stored } from "../../ports/store";

export type ExecuteResponse =
  | { statusCode: 200; type: "application/vnd.microsoft.card.adaptive"; value: AdaptiveCard }
  | { statusCode: 200; type: "application/vnd.microsoft.activity.message"; value: string };

export const cardResponse = (card: AdaptiveCard): ExecuteResponse => ({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: card });
export const messageResponse = (text: string): ExecuteResponse => ({ statusCode: 200, type: "application/vnd.microsoft.activity.message", value: text });

/**
 * A verb's answer: the clicker's card, and optionally the card everyone in the chat sees from now
 * on in place of the slot's posted one (the router replaces it, so no handler repeats that).
 */
export type VerbResult =
  | ExecuteResponse
  | {
      readonly answer: ExecuteResponse;
      /** The card to replace: the slot's posted one, or (`clicked`) the very card clicked. */
      readonly everyone: { readonly slot: MessageSlot; readonly card: AdaptiveCard } | { readonly clicked: true; readonly card: AdaptiveCard };
    };

/** The clicker gets `answer`; everyone in the chat sees `card` in place of the slot's posted card. */
export const answerAndUpdate = (answer: ExecuteResponse, slot: MessageSlot, card: AdaptiveCard): VerbResult => ({ answer, everyone: { slot, card } });

/** One card action as the router hands it on: who asks, from which conversation, with what data. */
export interface CardAction {
  readonly ctx: TurnContext;
  readonly actor: Actor;
  readonly conv: ConversationFacts;
  readonly data: Readonly<Record<string, unknown>>;
}

/** A card action on a mentorship of this chat, by one of its parties. */
export interface PartyAction extends CardAction {
  readonly m: Mentorship;
  /** The mentorship as read for this click, with its ETag: the use case starts from it (read once per click). */
  readonly stored: Stored<Mentorship>;
  readonly party: Party;
}

/** Someone in the pair's own chat who may not do this (not a party, or the mentee on a mentor's verb). */
export interface RefusedAction extends CardAction {
  readonly m: Mentorship;
  readonly party: Party | null;
}

/**
 * What a verb needs before its handler may run. "party" and "mentor" verbs get the mentorship loaded
 * and checked by the router: its chat is this conversation and the clicker is a party (or the mentor).
 * "setup" verbs have no mentorship yet; their handler binds them to this chat's pending setup.
 */
export type CardVerb =
  | { readonly needs: "setup"; readonly run: (a: CardAction) => Promise<VerbResult> }
  | {
      readonly needs: "party" | "mentor";
      readonly run: (a: PartyAction) => Promise<VerbResult>;
      /**
       * The answer for someone in the pair's chat whom the verb refuses. It must show nothing the pair
       * wrote unless the clicker is a party. Default: one line naming the reason.
       */
      readonly refuse?: (a: RefusedAction, error: DomainError) => Promise<ExecuteResponse>;
    }
  /**
   * A party's private answer (pairing check, ratings): only from the clicker's own personal chat with
   * the app, and only by a party of the mentorship the data names. The answer never shows in the pair's chat.
   */
  | { readonly needs: "personal"; readonly run: (a: PartyAction) => Promise<VerbResult> }
  /**
   * Issue 12, the introduction card: from the mentorship's own chat, by a party, its contact person or
   * its leader (the contact person and the leader are no party of the pair). The handler gets
   * `party` (null for the contact person or leader who is no party) and the domain decides who may do
   * what (NOT_INTRODUCTION_PARTY): everyone else in the chat gets one line and nothing is changed.
   */
  | { readonly needs: "introduction"; readonly run: (a: IntroductionAction) => Promise<VerbResult> }
  /**
   * The leader's answer (issue 12: book a talk, "was it held?"): only from the clicker's own personal
   * chat with the app, and only by the leader of the mentorship the data names, whatever else it carries.
   */
  | { readonly needs: "leader"; readonly run: (a: LeaderAction) => Promise<VerbResult> }
  /**
   * Issue 13, the mentee's process journal: the clicker's own data, from the clicker's own personal
   * chat only. No mentorship is loaded from card data: the handler acts for the activity's sender
   * alone, whatever ids the data carries; from any other chat the answer is one line, nothing else.
   */
  | {
      readonly needs: "self";
      readonly run: (a: CardAction) => Promise<VerbResult>;
      /** The one line a click from any other chat gets (e.g. "the journal lives in your personal chat"). */
      readonly elsewhere: MessageKey;
    };

/** A card action on the introduction of this chat's mentorship, by a party, its contact person or its leader. */
export interface IntroductionAction extends CardAction {
  readonly m: Mentorship;
  readonly stored: Stored<Mentorship>;
  readonly party: Party | null;
}

/** A card action on a mentorship by its leader, from the leader's personal chat. */
export interface LeaderAction extends CardAction {
  readonly m: Mentorship;
  readonly stored: Stored<Mentorship>;
}

/** Each feature's verbs; the bot assembles them into one table (src/adapters/bot/verbTable.ts). */
export type FeatureVerbs = Partial<Record<Verb, CardVerb>>;
export type CardVerbs = ReadonlyMap<string, CardVerb>;

export interface CardActionRouterDeps {
  readonly errorText: (language: Mentorship["language"], error: DomainError) => string;
  /** Where the ids of the posted cards are kept, to replace a slot's card for everyone. */
  readonly posted: Pick<PostedMessageStore, "get">;
  readonly log: Logger;
  /**
   * Issue 13: told of every card action refused to someone who is not a party (or not the leader,
   * not in the introduction, or from another chat): the audit log's "access.denied". Ids and the code only.
   */
  readonly denied?: (refusal: CardRefusal) => Promise<void>;
}

/** A refused card action, as the audit log records it: who, which mentorship (when it is this tenant's), why. */
export interface CardRefusal {
  readonly tenantId: string;
  readonly actorId: string;
  /** The mentorship the card data named, when it exists in the clicker's tenant; null otherwise. */
  readonly mentorship: Mentorship | null;
  readonly code: string;
}

/**
 * The one place a card action's access is decided, so a verb added later cannot forget it. Ids in
 * card data are not secrets (coordinators see them in the overview, a former mentor has old cards),
 * so an id alone opens nothing: the mentorship must belong to the conversation the click came from,
 * and its content goes only to its current parties.
 */
export class CardActionRouter {
  constructor(
    private readonly verbs: CardVerbs,
    private readonly deps: CardActionRouterDeps,
  ) {}

  has(verb: string): boolean {
    return this.verbs.has(verb);
  }

  /** Whether the verb's handler gets a mentorship (then the caller reads it once, for language and route). */
  needsMentorship(verb: string): boolean {
    const spec = this.verbs.get(verb);
    return spec !== undefined && spec.needs !== "setup" && spec.needs !== "self";
  }

  /** The mentorship id a click names, if any (not yet checked). */
  static mentorshipIdOf(data: unknown): string | null {
    const id = MentorshipOnlySchema.safeParse(data);
    return id.success ? id.data.mentorshipId : null;
  }

  /** `loaded`: the mentorship the card data names, as the caller read it (null: none found). */
  async route(verb: string, action: CardAction, loaded: Stored<Mentorship> | null): Promise<ExecuteResponse | null> {
    const spec = this.verbs.get(verb);
    if (!spec) return null;
    if (spec.needs === "setup") return this.deliver(action, null, await spec.run(action));
    if (spec.needs === "self") {
      if (action.conv.conversationType !== "personal") {
        this.deps.log.info("invoke.notPersonal", { verb, conversationType: action.conv.conversationType });
        return messageResponse(t(action.actor.language, spec.elsewhere));
      }
      // Answered to the clicker only: never "everyone" (a journal card is no chat's posted card).
      const result = await spec.run(action);
      return "everyone" in result ? result.answer : result;
    }

    const { actor, conv } = action;
    const m = loaded?.value ?? null;
    if (spec.needs === "personal") return this.routePersonal(verb, spec, action, loaded);
    if (spec.needs === "leader") return this.routeLeader(verb, spec, action, loaded);
    // One answer for "no such id", "another tenant's" and "another chat's": the reply is no oracle.
    if (!loaded || !m || m.tenantId !== conv.tenantId || m.conversationId === "" || m.conversationId !== conv.conversationId) {
      this.deps.log.info("invoke.otherChat", { verb, conversationType: conv.conversationType });
      await this.tellDenied(action, m, "OTHER_CHAT");
      return messageResponse(t(actor.language, "guard.otherChat"));
    }
    const party = partyOf(m, actor.aadObjectId);
    if (spec.needs === "introduction") {
      const involved = party !== null || m.contact?.aadObjectId === actor.aadObjectId || m.leader?.aadObjectId === actor.aadObjectId;
      if (!involved) {
        this.deps.log.info("invoke.refused", { verb, mentorshipId: m.id, code: "NOT_INTRODUCTION_PARTY" });
        await this.tellDenied(action, m, "NOT_INTRODUCTION_PARTY");
        return messageResponse(this.deps.errorText(m.language, { code: "NOT_INTRODUCTION_PARTY" }));
      }
      return this.deliver(action, m, await spec.run({ ...action, m, stored: loaded, party }));
    }
    if (party === null || (spec.needs === "mentor" && party !== "mentor")) {
      const error: DomainError = { code: party === null ? "NOT_A_PARTY" : "MENTOR_ONLY" };
      this.deps.log.info("invoke.refused", { verb, mentorshipId: m.id, code: error.code });
      // The mentee on a mentor's verb is a party: only someone outside the pair is refused access.
      if (party === null) await this.tellDenied(action, m, error.code);
      const refused = { ...action, m, party };
      return spec.refuse ? spec.refuse(refused, error) : messageResponse(this.deps.errorText(m.language, error));
    }
    return this.deliver(action, m, await spec.run({ ...action, m, stored: loaded, party }));
  }

  /**
   * A private verb: in a personal chat, by a party. One answer for "no such id", "another tenant's" and
   * "not a party" (no oracle); from any other chat it says where the question is answered, and nothing else.
   */
  private async routePersonal(verb: string, spec: Extract<CardVerb, { needs: "personal" }>, action: CardAction, loaded: Stored<Mentorship> | null): Promise<ExecuteResponse> {
    const { actor, conv } = action;
    if (conv.conversationType !== "personal") {
      this.deps.log.info("invoke.notPersonal", { verb, conversationType: conv.conversationType });
      return messageResponse(t(actor.language, "pairing.onlyPersonal"));
    }
    const m = loaded?.value ?? null;
    const party = m && m.tenantId === conv.tenantId ? partyOf(m, actor.aadObjectId) : null;
    if (!loaded || !m || party === null) {
      this.deps.log.info("invoke.refused", { verb, code: "NOT_A_PARTY" });
      await this.tellDenied(action, m, "NOT_A_PARTY");
      return messageResponse(this.deps.errorText(actor.language, { code: "NOT_A_PARTY" }));
    }
    return this.deliver(action, m, await spec.run({ ...action, m, stored: loaded, party }));
  }

  /** A leader verb: in a personal chat, by the mentorship's leader; one answer for no such id, another tenant's and not the leader. */
  private async routeLeader(verb: string, spec: Extract<CardVerb, { needs: "leader" }>, action: CardAction, loaded: Stored<Mentorship> | null): Promise<ExecuteResponse> {
    const { actor, conv } = action;
    if (conv.conversationType !== "personal") {
      this.deps.log.info("invoke.notPersonal", { verb, conversationType: conv.conversationType });
      return messageResponse(t(actor.language, "leader.onlyPersonal"));
    }
    const m = loaded?.value ?? null;
    if (!loaded || !m || m.tenantId !== conv.tenantId || !m.leader || m.leader.aadObjectId !== actor.aadObjectId) {
      this.deps.log.info("invoke.refused", { verb, code: "NOT_THE_LEADER" });
      await this.tellDenied(action, m, "NOT_THE_LEADER");
      return messageResponse(this.deps.errorText(actor.language, { code: "NOT_THE_LEADER" }));
    }
    return this.deliver(action, m, await spec.run({ ...action, m, stored: loaded }));
  }

  /** The refusal goes to the audit log; its failure never changes the clicker's answer. */
  private async tellDenied(action: CardAction, m: Mentorship | null, code: string): Promise<void> {
    if (!this.deps.denied) return;
    const { conv, actor } = action;
    try {
      await this.deps.denied({ tenantId: conv.tenantId, actorId: actor.aadObjectId, mentorship: m && m.tenantId === conv.tenantId ? m : null, code });
    } catch (err) {
      this.deps.log.warn("audit.denied.failed", { error: err instanceof Error ? err.name : "unknown" });
    }
  }

  /** "Update the posted card for everyone, answer the clicker": the first never fails the second. */
  private async deliver(action: CardAction, m: Mentorship | null, result: VerbResult): Promise<ExecuteResponse> {
    if (!("everyone" in result)) return result;
    const target = result.everyone;
    try {
      const id =
        "clicked" in target ? action.ctx.activity.replyToId : m ? await this.deps.posted.get(action.conv.tenantId, m.id, target.slot) : null;
      if (id) await action.ctx.updateActivity({ type: "message", id, attachments: [CardFactory.adaptiveCard(target.card)] });
    } catch (err) {
      this.deps.log.warn("card.update.failed", { error: err instanceof Error ? err.name : "unknown" });
    }
    return result.answer;
  }
}
