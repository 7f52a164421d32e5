import { refusalText } from "../../i18n/refusals";
import { type Activity, ActivityTypes, CardFactory, type InvokeResponse, type TurnContext } from "botbuilder";
import type { Actor } from "../../app/actor";
import type { AgreementService } from "../../app/agreement/agreementService";
import { ExecuteInvokeSchema } from "../../app/agreement/schemas";
import type { PreparationService } from "../../app/preparation/preparationService";
import type { MentorshipService } from "../../app/setup/mentorshipService";
import { renderSetupCard } from "../../cards/setupCard";
import type { Party } from "../../domain/agreement";
import type { WaitingStep } from "../../domain/meetings";
import { listOf } from "../../cards/template";
import { dateIn, formatDate } from "../../domain/dates";
import { type Language, languageFromKnownLocale, languageFromLocale } from "../../domain/language";
import { type Mentorship, awaitingChat, isActive, waitingFor, waitingForRevision, partyOf } from "../../domain/mentorship";
import type { DomainError } from "../../domain/result";
import { CommandWords, t } from "../../i18n";
import type { Logger } from "../../log";
import { CalendarError, type ChatProvisioner } from "../../ports/calendar";
import { looksLikeEmail } from "../../ports/people";
import type { PostedMessageStore } from "../../ports/postedMessages";
import type { ChatRecord, Stored } from "../../ports/store";
import { type InboundCheck, actorOf, checkActivity, commandOf, conversationOf } from "./activity";
import { AgreementVerbs, setupDoneCard } from "./agreement/verbs";
import type { ClosingVerbs } from "./closing/verbs";
import type { IntroductionVerbs } from "./introduction/verbs";
import type { JournalVerbs } from "./journal/verbs";
import type { FeatureVerbs } from "./cardActions";
import { CardActionRouter, type CardActionRouterDeps, messageResponse } from "./cardActions";
import type { MeetingVerbs } from "./meetings/verbs";
import { type MemberDirectory, teamsMemberDirectory } from "./members";
import { WelcomeVerbs } from "./preparation/verbs";
import type { BotPersonalDelivery } from "./personalDelivery";
import type { PrivateVerbs } from "./private/verbs";
import { verbTable } from "./verbTable";

/** A refusal in words: a field by its label on the card, a phase or plan state by its name, never a code. */
export function errorText(language: Language, error: DomainError): string {
  return refusalText(language, error);
}

export interface MentorBotDeps {
  readonly service: MentorshipService;
  /** The agreement's use cases (default: the service's own). */
  readonly agreement?: AgreementService;
  /** Where the ids of the posted cards are kept (the slot each card fills). */
  readonly posted: PostedMessageStore;
  readonly log: Logger;
  readonly members?: MemberDirectory;
  /** The meetings (plan, booking, agenda); without them the bot stops at the agreement. */
  readonly meetings?: MeetingVerbs;
  /** Creating pair chats through Graph; absent without Graph credentials. */
  readonly chats?: ChatProvisioner;
  /** The preparation welcome before day one; without it every pair gets the agreement at once. */
  readonly preparation?: PreparationService;
  /** The private verbs (pairing check, ratings), answered in a person's personal chat. */
  readonly privateVerbs?: PrivateVerbs;
  /** Each person's personal chat: remembered when they install or write there, and what waits for them offered. */
  readonly personal?: Pick<BotPersonalDelivery, "seen">;
  /** What the private questions wait for from this party (`status` names it). */
  readonly privateSteps?: (m: Mentorship, party: Party) => Promise<WaitingStep[]>;
  /** Closing and the evaluation (the `afslut` command, the evaluation card's verbs). */
  readonly closing?: ClosingVerbs;
  /** Issue 12: the introduction card's verbs and the mentor's `introduktion` command. */
  readonly introduction?: IntroductionVerbs;
  /** Issue 12: the leader's verbs (book a talk, "was it held?"), from the leader's personal chat. */
  readonly leaderVerbs?: { verbs(): FeatureVerbs };
  /** Issue 13: the mentee's process journal (the `journal` command and the journal card's verbs), in the personal chat only. */
  readonly journal?: JournalVerbs;
  /** Issue 13: card actions refused to someone outside the mentorship, for the audit log. */
  readonly denied?: CardActionRouterDeps["denied"];
  /** Issue 13: `my data` / `mine data` in the personal chat — the reply for this person (src/adapters/bot/rights/myData.ts). */
  readonly myData?: (actor: Actor) => Promise<string>;
}

/**
 * The Teams face of the mentorship core. Handlers are thin: parse with zod, call one use case,
 * render a card. Every card action goes through the verb map below.
 */
export class MentorBot {
  private readonly service: MentorshipService;
  private readonly log: Logger;
  private readonly members: MemberDirectory;
  private readonly actions: CardActionRouter;
  private readonly meetings: MeetingVerbs | undefined;
  private readonly agreement: AgreementVerbs;
  private readonly chats: ChatProvisioner | undefined;
  private readonly welcome: WelcomeVerbs | undefined;
  private readonly personal: Pick<BotPersonalDelivery, "seen"> | undefined;
  private readonly privateSteps: MentorBotDeps["privateSteps"];
  private readonly closing: ClosingVerbs | undefined;
  private readonly introduction: IntroductionVerbs | undefined;
  private readonly journal: JournalVerbs | undefined;
  private readonly myData: MentorBotDeps["myData"];

  constructor(deps: MentorBotDeps) {
    this.journal = deps.journal;
    this.myData = deps.myData;
    this.closing = deps.closing;
    this.introduction = deps.introduction;
    this.service = deps.service;
    this.log = deps.log;
    this.members = deps.members ?? teamsMemberDirectory;
    this.meetings = deps.meetings;
    this.chats = deps.chats;
    this.personal = deps.personal;
    this.privateSteps = deps.privateSteps;
    this.agreement = new AgreementVerbs({
      service: this.service,
      agreement: deps.agreement ?? this.service.agreement,
      members: (ctx) => this.members(ctx),
      posted: deps.posted,
      errorText,
      log: this.log,
      next: deps.meetings,
      welcomeFirst: (ctx, m) => this.welcome?.postOpening(ctx, m) ?? Promise.resolve(false),
    });
    this.welcome = deps.preparation
      ? new WelcomeVerbs({ preparation: deps.preparation, posted: deps.posted, postAgreement: (ctx, m) => this.agreement.postAgreement(ctx, m), errorText, log: this.log, next: deps.meetings })
      : undefined;
    this.actions = new CardActionRouter(verbTable(this.agreement.verbs(), deps.meetings?.verbs() ?? {}, this.welcome?.verbs() ?? {}, deps.privateVerbs?.verbs() ?? {}, deps.closing?.verbs() ?? {}, deps.introduction?.verbs() ?? {}, deps.leaderVerbs?.verbs() ?? {}, deps.journal?.verbs() ?? {}), { errorText, posted: deps.posted, log: this.log, ...(deps.denied ? { denied: deps.denied } : {}) });
  }

  /** Resolves when background work started by card actions (bookings) has finished. */
  async idle(): Promise<void> {
    await this.meetings?.idle();
  }

  readonly run = async (ctx: TurnContext): Promise<void> => {
    const activity = ctx.activity;
    const check = checkActivity(activity);
    if (!check.ok) return this.onUnreadable(ctx, check);
    switch (activity.type) {
      case ActivityTypes.InstallationUpdate:
        if (activity.action === "add" || activity.action === undefined) {
          await this.onInstalled(ctx);
          await this.offerPersonal(ctx);
        }
        return;
      case ActivityTypes.ConversationUpdate:
        if (activity.membersAdded?.some((m) => m.id === activity.recipient?.id)) {
          await this.onInstalled(ctx);
          await this.offerPersonal(ctx);
        }
        return;
      case ActivityTypes.Message:
        await this.onMessage(ctx);
        return this.offerPersonal(ctx);
      case ActivityTypes.Invoke:
        return this.onInvoke(ctx);
      default:
        return;
    }
  };

  /**
   * In a person's personal chat: the app remembers it (to say things to that person alone later) and
   * offers what waits for them there (a pairing check or ratings it could not deliver before).
   */
  private async offerPersonal(ctx: TurnContext): Promise<void> {
    const conv = conversationOf(ctx.activity);
    const who = ctx.activity.from?.aadObjectId;
    if (!this.personal || !conv || conv.conversationType !== "personal" || !who) return;
    await this.personal.seen(conv, who, async (shown) => {
      await ctx.sendActivity(shown.card ? { type: "message", attachments: [CardFactory.adaptiveCard(shown.card)], ...(shown.text ? { text: shown.text } : {}) } : (shown.text ?? ""));
    });
  }

  /** A field of the wrong type: one localised line where a reply can be addressed, and nothing else. */
  private async onUnreadable(ctx: TurnContext, check: Extract<InboundCheck, { ok: false }>): Promise<void> {
    const type = ctx.activity.type;
    const known = type === ActivityTypes.Message || type === ActivityTypes.Invoke || type === ActivityTypes.ConversationUpdate || type === ActivityTypes.InstallationUpdate;
    this.log.warn("activity.rejected", { field: check.field, activityType: known ? type : "other" });
    const lang = languageOfActivity(ctx.activity);
    if (type === ActivityTypes.Invoke) await this.respond(ctx, { status: 200, body: messageResponse(t(lang, "guard.unreadable")) });
    else if (type === ActivityTypes.Message && check.canReply) {
      // botbuilder copies these into the reply, where a wrong type fails the send: the reply goes without them.
      for (const field of check.drop) delete (ctx.activity as unknown as Record<string, unknown>)[field];
      await ctx.sendActivity(t(lang, "guard.unreadable"));
    }
  }

  private async onInstalled(ctx: TurnContext): Promise<void> {
    const conv = conversationOf(ctx.activity);
    if (!conv) return;
    // Teams and the Playground send two installation events; the Playground's conversationUpdate has no
    // locale. Only an event that knows the language may welcome, so the welcome's language never
    // depends on which of the two arrives first.
    const decided = await this.replyLanguage(ctx, conv);
    const { welcome, requestedBy, preparedMentorshipId } = await this.service.recordConversation(conv, decided.source !== "default");
    this.log.info("installed", { conversationType: conv.conversationType, welcome, requested: requestedBy !== null });
    if (!welcome) return;
    const lang = requestedBy?.language ?? decided.language;
    await ctx.sendActivity(t(lang, conv.conversationType === "personal" ? "welcome.personal" : "welcome.group"));
    // A chat the app created for a mentor: the setup continues here, as if they had written start
    // (which takes over a mentorship a coordinator prepared for them and the other person here).
    if (requestedBy && conv.conversationType === "groupChat") {
      if (!(await this.continuePrepared(ctx, conv, lang, { actorAadObjectId: requestedBy.aadObjectId }))) await this.startSetup(ctx, requestedBy, conv);
    } else if (preparedMentorshipId && conv.conversationType === "groupChat") {
      // A chat the app created for a mentorship a coordinator prepared: it continues here.
      await this.continuePrepared(ctx, conv, lang, { mentorshipId: preparedMentorshipId });
    }
  }

  /**
   * Binds a coordinator-prepared mentorship to this chat and posts its agreement card. False when
   * there is none to bind here (then `start` opens the ordinary setup).
   */
  private async continuePrepared(
    ctx: TurnContext,
    conv: NonNullable<ReturnType<typeof conversationOf>>,
    lang: Language,
    pick: { mentorshipId?: string; actorAadObjectId?: string },
  ): Promise<boolean> {
    const r = await this.service.bindPrepared(conv, await this.members(ctx), pick);
    if (r === null) return false;
    if (!r.ok) {
      await ctx.sendActivity(errorText(lang, r.error));
      return true;
    }
    const m = r.value;
    this.log.info("prepared.bound", { mentorshipId: m.id });
    await ctx.sendActivity({ type: "message", attachments: [CardFactory.adaptiveCard(setupDoneCard(m))] });
    await this.agreement.postOpening(ctx, m);
    return true;
  }

  private async startSetup(ctx: TurnContext, actor: Actor, conv: NonNullable<ReturnType<typeof conversationOf>>): Promise<void> {
    const members = await this.members(ctx);
    const r = await this.service.beginSetup(actor, conv, members);
    if (!r.ok) {
      await ctx.sendActivity(errorText(actor.language, r.error));
      return;
    }
    const card = renderSetupCard({ language: actor.language, setupId: r.value.setupId, mentorName: actor.name, candidates: r.value.candidates });
    await ctx.sendActivity({ type: "message", attachments: [CardFactory.adaptiveCard(card)] });
  }

  /** `start <e-mail>` in the personal chat: the app creates the pair's chat through Graph and installs itself there. */
  private async startFromPersonalChat(actor: Actor, target: string): Promise<string> {
    const lang = actor.language;
    if (!target) return errorText(lang, { code: "START_ONLY_IN_GROUP_CHAT" });
    if (!this.chats) return t(lang, "start.noGraph");
    if (!looksLikeEmail(target)) return t(lang, "start.needEmail");
    try {
      const person = await this.chats.findPerson({ tenantId: actor.tenantId, emailOrUpn: target });
      if (!person) return t(lang, "start.personNotFound");
      if (person.aadObjectId === actor.aadObjectId) return errorText(lang, { code: "MENTOR_IS_MENTEE" });
      const { chatId } = await this.chats.createPairChat({
        tenantId: actor.tenantId,
        mentor: { aadObjectId: actor.aadObjectId, email: "", name: actor.name },
        mentee: person,
        topic: t(lang, "start.chatTopic", { mentor: actor.name, mentee: person.name }),
      });
      await this.service.reserveChat(actor, chatId);
      await this.chats.installApp({ tenantId: actor.tenantId, chatId });
      return t(lang, "start.chatCreated", { mentee: person.name });
    } catch (err) {
      if (err instanceof CalendarError) {
        this.log.warn("chat.create.failed", { code: err.code });
        return t(lang, "start.graphFailed");
      }
      throw err;
    }
  }

  /** The language of every text reply to this activity: one decision (src/app/replyLanguage.ts). */
  private replyLanguage(ctx: TurnContext, conv: NonNullable<ReturnType<typeof conversationOf>>, knownChat?: ChatRecord) {
    return this.service.replyLanguage(conv, ctx.activity.from?.aadObjectId ?? null, languageFromKnownLocale(ctx.activity.locale), knownChat);
  }

  private async onMessage(ctx: TurnContext): Promise<void> {
    const sender = actorOf(ctx.activity);
    const conv = conversationOf(ctx.activity);
    if (!sender || !conv) return;
    const { word, rest } = commandOf(ctx.activity);
    // Issue 13: the one command of two words ("my data", "mine data").
    const phrase = `${word} ${rest.trim().split(/\s+/)[0]?.toLowerCase() ?? ""}`;
    const command = knownWord(phrase) === "myData" ? "myData" : knownWord(word);
    this.log.info("command", { word: command ?? "other", conversationType: conv.conversationType });
    const recorded = await this.service.recordConversation(conv);
    const actor: Actor = { ...sender, language: (await this.replyLanguage(ctx, conv, recorded.chat)).language };
    const lang = actor.language;
    switch (command) {
      case "start":
        if (conv.conversationType === "personal") await ctx.sendActivity(await this.startFromPersonalChat(actor, rest.trim().slice(0, 320)));
        else if (!(await this.continuePrepared(ctx, conv, lang, { actorAadObjectId: actor.aadObjectId }))) {
          // A chat whose mentorship is running gets its current card back (after a restart the
          // Playground shows an empty chat), rather than a refusal that leaves the pair stuck.
          if (!(await this.repostCurrentCard(ctx, actor, conv, { setup: false }))) await this.startSetup(ctx, actor, conv);
        }
        return;
      case "card":
        if (conv.conversationType === "personal") await ctx.sendActivity(t(lang, "card.personal"));
        else if (!(await this.repostCurrentCard(ctx, actor, conv, { setup: true }))) await ctx.sendActivity(t(lang, "card.nothing"));
        return;
      case "help":
        await ctx.sendActivity(t(lang, conv.conversationType === "personal" ? "help.personal" : "help.group"));
        return;
      case "greeting":
        await ctx.sendActivity(`${t(lang, "help.greeting", { name: sender.name.split(" ")[0] ?? "" })}\n\n${t(lang, conv.conversationType === "personal" ? "help.personal" : "help.group")}`);
        return;
      case "status":
        await ctx.sendActivity(await this.statusText(actor));
        return;
      case "close":
        await this.onClose(ctx, actor, conv);
        return;
      case "introduction":
        await this.onIntroduction(ctx, actor, conv, rest);
        return;
      case "journal":
        // Issue 13: the journal card in the personal chat; in a group chat one line saying where it is, nothing of it.
        if (this.journal) await this.journal.onCommand(ctx, actor, conv);
        else await ctx.sendActivity(t(lang, "command.unknown"));
        return;
      case "myData":
        // A person's data is theirs alone: never in a group chat, not even its counts.
        if (conv.conversationType !== "personal") await ctx.sendActivity(t(lang, "rights.command.personalOnly"));
        else await ctx.sendActivity(this.myData ? await this.myData(actor) : t(lang, "command.unknown"));
        return;
      default:
        await ctx.sendActivity(t(lang, "command.unknown"));
    }
  }

  /** `introduktion` / `introduksjon` / `introduction` @contact person (or "me"): the mentor starts the introduction, in the pair's chat only. */
  private async onIntroduction(ctx: TurnContext, actor: Actor, conv: NonNullable<ReturnType<typeof conversationOf>>, rest: string): Promise<void> {
    if (!this.introduction || conv.conversationType === "personal") {
      await ctx.sendActivity(t(actor.language, "introduction.command.groupOnly"));
      return;
    }
    const chat = await this.service.getChat(conv.tenantId, conv.conversationId);
    const m = chat?.activeMentorshipId ? await this.service.getMentorship(conv.tenantId, chat.activeMentorshipId) : null;
    if (!m || !isActive(m)) {
      await ctx.sendActivity(t(actor.language, "card.nothing"));
      return;
    }
    await this.introduction.startFromChat(ctx, m, actor, partyOf(m, actor.aadObjectId), rest.slice(0, 500), await this.members(ctx));
  }

  /** `afslut` / `avslutt` / `close`: the mentor's early closing, in the pair's chat only. */
  private async onClose(ctx: TurnContext, actor: Actor, conv: NonNullable<ReturnType<typeof conversationOf>>): Promise<void> {
    if (!this.closing || conv.conversationType === "personal") {
      await ctx.sendActivity(t(actor.language, "closing.groupChatOnly"));
      return;
    }
    const chat = await this.service.getChat(conv.tenantId, conv.conversationId);
    const m = chat?.activeMentorshipId ? await this.service.getMentorship(conv.tenantId, chat.activeMentorshipId) : null;
    if (!m || !isActive(m)) {
      await ctx.sendActivity(t(actor.language, "closing.nothingToClose"));
      return;
    }
    await this.closing.postStartCard(ctx, m, actor, partyOf(m, actor.aadObjectId));
  }

  /**
   * Posts the card of the step this chat's mentorship is in again, with one line saying so; the new
   * card becomes the one the app updates. With `setup`, a pending setup's card too. False when
   * there is nothing to post (no active mentorship, and no pending setup when asked for).
   */
  private async repostCurrentCard(ctx: TurnContext, actor: Actor, conv: NonNullable<ReturnType<typeof conversationOf>>, opts: { setup: boolean }): Promise<boolean> {
    const chat = await this.service.getChat(conv.tenantId, conv.conversationId);
    const m = chat?.activeMentorshipId ? await this.service.getMentorship(conv.tenantId, chat.activeMentorshipId) : null;
    if (m && isActive(m)) {
      // The card shows what the pair wrote: only to its parties, as every card action.
      if (partyOf(m, actor.aadObjectId) === null) {
        await ctx.sendActivity(errorText(m.language, { code: "NOT_A_PARTY" }));
        return true;
      }
      this.log.info("card.reposted", { mentorshipId: m.id });
      if (await this.welcome?.repost(ctx, m)) return true;
      if (await this.closing?.repostEvaluation(ctx, m)) return true;
      if (await this.meetings?.repostCard(ctx, m)) return true;
      await this.agreement.postAgreement(ctx, m, t(m.language, "card.reposted", { step: t(m.language, "card.step.agreement") }));
      return true;
    }
    const pending = chat?.pendingSetup;
    if (!opts.setup || !pending) return false;
    const members = await this.members(ctx);
    const starter = members.find((x) => x.aadObjectId === pending.byAadObjectId);
    const card = renderSetupCard({
      language: actor.language,
      setupId: pending.id,
      mentorName: starter?.name ?? (pending.byAadObjectId === actor.aadObjectId ? actor.name : ""),
      candidates: members.filter((x) => x.aadObjectId !== pending.byAadObjectId),
    });
    await ctx.sendActivity({ type: "message", text: t(actor.language, "card.reposted", { step: t(actor.language, "card.step.setup") }), attachments: [CardFactory.adaptiveCard(card)] });
    return true;
  }

  private async statusText(actor: Actor): Promise<string> {
    const lang = actor.language;
    const mine = await this.service.mentorshipsOf(actor);
    if (mine.length === 0) return t(lang, "status.none");
    const lines = await Promise.all(mine.map(async (m) => {
      const me = partyOf(m, actor.aadObjectId);
      if (me === null) {
        // A former mentor: when it ended, and that the history stays with the mentorship; nothing of it.
        const former = (m.formerMentors ?? []).filter((f) => f.person.aadObjectId === actor.aadObjectId).at(-1);
        return former ? `- ${t(lang, "status.formerMentor", { mentee: m.mentee.name, date: formatDate(dateIn(new Date(former.until), m.timeZone)) })}` : null;
      }
      const line = t(lang, "status.line", {
        mentee: m.mentee.name,
        mentor: m.mentor.name,
        programme: t(lang, `programme.${m.programme}`),
        phase: t(lang, `phase.${m.phase}`),
      });
      if (awaitingChat(m)) return `- ${line} ${t(lang, "status.awaitingChat", { other: me === "mentor" ? m.mentee.name : m.mentor.name })}`;
      const steps = await this.waitingSteps(m, me);
      const todo = steps.length > 0
        ? t(lang, "status.waitingForYou", { what: listOf(lang, steps.map((s) => stepText(lang, s))) })
        : t(lang, "status.nothingWaiting");
      return `- ${line} ${todo}`;
    }));
    const shown = lines.filter((l) => l !== null);
    return shown.length === 0 ? t(lang, "status.none") : [t(lang, "status.header"), "", ...shown].join("\n");
  }

  /** Every step that waits for this party; without the meetings, only the agreement. */
  private async waitingSteps(m: Mentorship, party: Party): Promise<WaitingStep[]> {
    const asked = (await this.privateSteps?.(m, party)) ?? [];
    if (this.meetings) return [...(await this.meetings.waitingFor(m, party)), ...asked];
    if (asked.length > 0) return asked;
    const revision = m.agreement.revision;
    if (revision && waitingForRevision(m).includes(party)) return [{ kind: "acceptRevision", version: revision.version }];
    return waitingFor(m).includes(party) ? [{ kind: "acceptAgreement", version: m.agreement.version }] : [];
  }

  private async onInvoke(ctx: TurnContext): Promise<void> {
    const activity = ctx.activity;
    if (activity.name !== "adaptiveCard/action") {
      await this.respond(ctx, { status: 200, body: {} });
      return;
    }
    const sender = actorOf(activity);
    const conv = conversationOf(activity);
    const envelope = ExecuteInvokeSchema.safeParse(activity.value);
    const verb = envelope.success && this.actions.has(envelope.data.action.verb) ? envelope.data.action.verb : null;
    // The mentorship a click names is read once, here: for the answer's language, the router's check and the use case.
    const id = verb && this.actions.needsMentorship(verb) && envelope.success ? CardActionRouter.mentorshipIdOf(envelope.data.action.data) : null;
    const loaded = sender && id ? await this.service.load(sender.tenantId, id) : null;
    const lang = await this.invokeLanguage(ctx, conv, loaded);
    const actor: Actor | null = sender && { ...sender, language: lang };
    if (!actor || !conv || !envelope.success || verb === null) {
      this.log.warn("invoke.rejected", { reason: !actor || !conv ? "no-identity" : !envelope.success ? "envelope" : "verb" });
      await this.respond(ctx, { status: 200, body: messageResponse(errorText(lang, { code: "INVALID_INPUT", params: { field: "action" } })) });
      return;
    }
    const body = (await this.actions.route(verb, { ctx, actor, conv, data: envelope.data.action.data }, loaded)) ?? messageResponse(t(lang, "guard.unreadable"));
    this.log.info("invoke", { verb, responseType: body.type });
    await this.respond(ctx, { status: 200, body });
  }

  /**
   * A click on a card of this chat's mentorship answers in its language (what replyLanguage decides
   * for a pair's chat) without reading the chat again; any other click asks replyLanguage.
   */
  private async invokeLanguage(ctx: TurnContext, conv: ReturnType<typeof conversationOf>, loaded: Stored<Mentorship> | null): Promise<Language> {
    if (!conv) return languageOfActivity(ctx.activity);
    const m = loaded?.value;
    if (m && conv.conversationType !== "personal" && m.tenantId === conv.tenantId && m.conversationId === conv.conversationId && isActive(m)) return m.language;
    return (await this.replyLanguage(ctx, conv)).language;
  }

  private async respond(ctx: TurnContext, response: InvokeResponse): Promise<void> {
    await ctx.sendActivity({ type: ActivityTypes.InvokeResponse, value: response });
  }
}

/** One step that waits for someone, as `status` names it. */
function stepText(lang: Language, s: WaitingStep): string {
  switch (s.kind) {
    case "acceptAgreement":
      return t(lang, "status.acceptAgreement", { version: s.version });
    case "acceptRevision":
      return t(lang, "revision.status", { version: s.version });
    case "bookPlan":
      return t(lang, "status.bookPlan");
    case "pointOne":
      return t(lang, "status.pointOne", { date: formatDate(s.meeting.date) });
    case "heldCheck":
      return t(lang, "status.heldCheck", { date: formatDate(s.meeting.date) });
    case "evaluation":
      return t(lang, "evaluation.statusStep", { version: s.version });
    case "ratings":
      return t(lang, "ratings.statusStep");
  }
}

function knownWord(word: string): keyof typeof CommandWords | null {
  // "Hej!", "help." and "status?" are the words themselves ("?" alone is a word for help).
  const bare = word.length > 1 ? word.replace(/[!?.,:;]+$/u, "") : word;
  for (const [command, words] of Object.entries(CommandWords) as [keyof typeof CommandWords, readonly string[]][]) {
    if (words.includes(bare)) return command;
  }
  return null;
}

function languageOfActivity(activity: Activity): Language {
  return languageFromLocale(activity.locale);
}
