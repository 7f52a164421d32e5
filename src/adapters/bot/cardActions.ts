import type { TurnContext } from "botbuilder";
import type { Actor } from "../../app/actor";
import type { ConversationFacts, MentorshipService } from "../../app/mentorshipService";
import { MentorshipOnlySchema } from "../../app/meetingSchemas";
import type { Party } from "../../domain/agreement";
import { type Mentorship, partyOf } from "../../domain/mentorship";
import type { DomainError } from "../../domain/result";
import { t } from "../../i18n";
import type { Logger } from "../../log";
import { type ExecuteResponse, messageResponse } from "./meetingHandlers";

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
  | { readonly needs: "setup"; readonly run: (a: CardAction) => Promise<ExecuteResponse> }
  | {
      readonly needs: "party" | "mentor";
      readonly run: (a: PartyAction) => Promise<ExecuteResponse>;
      /**
       * The answer for someone in the pair's chat whom the verb refuses. It must show nothing the pair
       * wrote unless the clicker is a party. Default: one line naming the reason.
       */
      readonly refuse?: (a: RefusedAction, error: DomainError) => Promise<ExecuteResponse>;
    };

export type CardVerbs = ReadonlyMap<string, CardVerb>;

export interface CardActionRouterDeps {
  readonly mentorships: Pick<MentorshipService, "getMentorship">;
  readonly errorText: (language: Mentorship["language"], error: DomainError) => string;
  readonly log: Logger;
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

  async route(verb: string, action: CardAction): Promise<ExecuteResponse | null> {
    const spec = this.verbs.get(verb);
    if (!spec) return null;
    if (spec.needs === "setup") return spec.run(action);

    const { actor, conv } = action;
    const id = MentorshipOnlySchema.safeParse(action.data);
    const m = id.success ? await this.deps.mentorships.getMentorship(actor.tenantId, id.data.mentorshipId) : null;
    // One answer for "no such id", "another tenant's" and "another chat's": the reply is no oracle.
    if (!m || m.tenantId !== conv.tenantId || m.conversationId === "" || m.conversationId !== conv.conversationId) {
      this.deps.log.info("invoke.otherChat", { verb, conversationType: conv.conversationType });
      return messageResponse(t(actor.language, "guard.otherChat"));
    }
    const party = partyOf(m, actor.aadObjectId);
    if (party === null || (spec.needs === "mentor" && party !== "mentor")) {
      const error: DomainError = { code: party === null ? "NOT_A_PARTY" : "MENTOR_ONLY" };
      this.deps.log.info("invoke.refused", { verb, mentorshipId: m.id, code: error.code });
      const refused = { ...action, m, party };
      return spec.refuse ? spec.refuse(refused, error) : messageResponse(this.deps.errorText(m.language, error));
    }
    return spec.run({ ...action, m, party });
  }
}
