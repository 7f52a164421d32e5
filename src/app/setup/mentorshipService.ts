import { randomUUID } from "node:crypto";
import type { AgreementFields, AgreementVersion } from "../../domain/agreement";
import type { Language } from "../../domain/language";
import { type Mentorship, type NewMentorship, type Person, awaitingChat, bindChat, changeMentor, createMentorship, isActive, partyOf, pause, prepareMentorship, resume } from "../../domain/mentorship";
import { handOverPlan } from "../../domain/meetings";
import type { ProgrammeId } from "../../domain/programmes";
import { type Result, fail, ok } from "../../domain/result";
import { type Logger, silentLogger } from "../../log";
import type { Clock } from "../../ports/clock";
import type { ChatRecord, MenteeRowTake, MentorshipStore, Stored } from "../../ports/store";
import type { Actor, Member } from "../actor";
import { AgreementService } from "../agreement/agreementService";
import { type Transition, mutateMentorship } from "../mutate";
import { type RetryPolicy, defaultRetryPolicy, withOptimisticRetry } from "../optimistic";
import type { ChangeListener } from "../summaries";
import { type ReplyLanguage, decideReplyLanguage } from "../replyLanguage";

export interface ConversationFacts {
  readonly tenantId: string;
  readonly conversationId: string;
  readonly conversationType: ChatRecord["conversationType"];
  readonly reference: Readonly<Record<string, unknown>>;
}

export interface SetupInput {
  readonly setupId: string;
  readonly programme: ProgrammeId;
  readonly firstWorkingDay: string;
  readonly unit: string;
  readonly language: Language;
  /** Absent when the chat has exactly one other person. */
  readonly menteeAadObjectId?: string | undefined;
  /**
   * Issue 12: the mentee for whom the mentor confirmed KL/DS' advice against being the new hire's own
   * leader and mentor at once. Without it (or for another mentee) such a setup is LEADER_AS_MENTOR.
   */
  readonly confirmedLeaderOf?: string | undefined;
}

export interface Deps {
  readonly store: MentorshipStore;
  readonly clock: Clock;
  readonly newId?: () => string;
  readonly retry?: RetryPolicy;
  /** Told after every saved change of a mentorship (keeps the overview's summary current). */
  readonly onChanged?: ChangeListener;
  /** Issue 12: the new hire's leader when none is chosen (the directory's manager); none: no leader at creation. */
  readonly defaultLeader?: (tenantId: string, menteeAadObjectId: string) => Promise<Person | null>;
  /** Issue 12: whether `leaderId` is the mentee's own leader (PeopleDirectory.isManagerOf); none: nobody is. */
  readonly isLeaderOf?: (tenantId: string, leaderId: string, menteeAadObjectId: string) => Promise<boolean>;
  readonly log?: Logger;
}

const busy = <T>(): Result<T> => fail("BUSY_TRY_AGAIN");

export interface Welcome {
  readonly welcome: boolean;
  readonly requestedBy: Actor | null;
  readonly preparedMentorshipId: string | null;
  /** The chat's row as it is after this call (undefined: not known), so the same turn need not read it again. */
  readonly chat?: ChatRecord;
}

/** The use cases of the mentorship core: load → pure transition → conditional save. */
export class MentorshipService {
  private readonly store: MentorshipStore;
  private readonly clock: Clock;
  private readonly newId: () => string;
  private readonly retry: RetryPolicy;
  private readonly onChanged: ChangeListener;
  private readonly defaultLeader: (tenantId: string, menteeAadObjectId: string) => Promise<Person | null>;
  private readonly isLeaderOf: (tenantId: string, leaderId: string, menteeAadObjectId: string) => Promise<boolean>;
  private readonly log: Logger;
  /** The agreement's use cases (src/app/agreement), on the same store, clock and listener. */
  readonly agreement: AgreementService;

  constructor(deps: Deps) {
    this.onChanged = deps.onChanged ?? (async () => {});
    this.defaultLeader = deps.defaultLeader ?? (async () => null);
    this.isLeaderOf = deps.isLeaderOf ?? (async () => false);
    this.log = deps.log ?? silentLogger;
    this.store = deps.store;
    this.clock = deps.clock;
    this.newId = deps.newId ?? randomUUID;
    this.retry = deps.retry ?? defaultRetryPolicy;
    this.agreement = new AgreementService({ store: this.store, clock: this.clock, retry: this.retry, onChanged: this.onChanged });
  }

  private blankChat(c: ConversationFacts): ChatRecord {
    return { ...c, welcomedAt: null, activeMentorshipId: null, pendingSetup: null };
  }

  /**
   * Remembers the conversation (for proactive messages) and tells whether to welcome it. Teams and the
   * Playground repeat installation events, so a chat is welcomed once. On that first time it also
   * tells what the app created the chat for: a mentor's setup (`requestedBy`) or a mentorship a
   * coordinator prepared (`preparedMentorshipId`).
   */
  async recordConversation(c: ConversationFacts, mayWelcome = true): Promise<Welcome> {
    const none: Welcome = { welcome: false, requestedBy: null, preparedMentorshipId: null };
    const result = await withOptimisticRetry<Welcome>(async () => {
      const stored = await this.store.getChat(c.tenantId, c.conversationId);
      const current = stored?.value ?? this.blankChat(c);
      // An event that cannot say which language to welcome in leaves the welcome to one that can.
      const welcome = mayWelcome && current.welcomedAt === null;
      const requestedBy = welcome && current.requestedBy ? { ...current.requestedBy, tenantId: c.tenantId } : null;
      const preparedMentorshipId = welcome ? (current.preparedMentorshipId ?? null) : null;
      const sameReference = JSON.stringify(current.reference) === JSON.stringify(c.reference);
      if (stored && !welcome && sameReference) return { kind: "done", value: { ...none, chat: stored.value } };
      const next: ChatRecord = { ...current, conversationType: c.conversationType, reference: c.reference, welcomedAt: current.welcomedAt ?? (mayWelcome ? this.clock.now().toISOString() : null) };
      return { kind: "write", value: { welcome, requestedBy, preparedMentorshipId, chat: next }, save: () => this.store.putChat(next, stored?.etag ?? null) };
    }, this.retry);
    return result ?? none;
  }

  /** A chat the app just created for a mentor: remembered so that its installation starts the setup for them. */
  async reserveChat(actor: Actor, chatId: string): Promise<void> {
    await withOptimisticRetry<null>(async () => {
      const stored = await this.store.getChat(actor.tenantId, chatId);
      const current = stored?.value ?? { ...this.blankChat({ tenantId: actor.tenantId, conversationId: chatId, conversationType: "groupChat", reference: {} }) };
      const requestedBy = { aadObjectId: actor.aadObjectId, name: actor.name, channelUserId: actor.channelUserId, language: actor.language };
      return { kind: "write", value: null, save: () => this.store.putChat({ ...current, requestedBy }, stored?.etag ?? null) };
    }, this.retry);
  }

  private async chatOrBlank(c: ConversationFacts): Promise<{ chat: ChatRecord; etag: string | null }> {
    const stored = await this.store.getChat(c.tenantId, c.conversationId);
    return stored ? { chat: stored.value, etag: stored.etag } : { chat: this.blankChat(c), etag: null };
  }

  private async hasActiveMentorship(chat: ChatRecord): Promise<boolean> {
    if (!chat.activeMentorshipId) return false;
    const m = await this.store.getMentorship(chat.tenantId, chat.activeMentorshipId);
    return m !== null && isActive(m.value);
  }

  /**
   * Whether the mentee may get a new mentorship, and how it takes their active-mentorship row. The
   * row, inserted in the same transaction as the mentorship, settles two creations at the same moment
   * (the second conflicts, re-reads and is refused here); the read of their mentorships covers those
   * written before the row existed.
   */
  private async menteeSlot(tenantId: string, mentee: { readonly aadObjectId: string; readonly name: string }): Promise<Result<MenteeRowTake>> {
    const refused = () => fail<MenteeRowTake>("MENTEE_HAS_ACTIVE_MENTORSHIP", { mentee: mentee.name });
    const row = await this.store.getActiveOfMentee(tenantId, mentee.aadObjectId);
    if (row?.value) {
      const holder = await this.store.getMentorship(tenantId, row.value);
      if (holder && isActive(holder.value)) return refused();
    }
    const theirs = await this.store.mentorshipsOf(tenantId, mentee.aadObjectId);
    if (theirs.some((m) => isActive(m) && m.mentee.aadObjectId === mentee.aadObjectId)) return refused();
    // A row whose mentorship has ended (or is gone) is taken over, conditionally on its ETag.
    return ok(row ? { replaceEtag: row.etag } : { insert: true });
  }

  /** `start` in a chat: checks who is there and opens a setup that only the starter can complete. */
  async beginSetup(actor: Actor, c: ConversationFacts, members: readonly Member[]): Promise<Result<{ setupId: string; candidates: Member[] }>> {
    if (c.conversationType !== "groupChat") return fail("START_ONLY_IN_GROUP_CHAT");
    const candidates = members.filter((m) => m.aadObjectId !== actor.aadObjectId);
    let outcome: Result<{ setupId: string; candidates: Member[] }> | null = null;
    outcome = await withOptimisticRetry<Result<{ setupId: string; candidates: Member[] }>>(async () => {
      const { chat, etag } = await this.chatOrBlank(c);
      if (await this.hasActiveMentorship(chat)) return { kind: "done", value: fail("CHAT_HAS_ACTIVE_MENTORSHIP") };
      if (candidates.length === 0) return { kind: "done", value: fail("NO_OTHER_HUMAN") };
      const setupId = this.newId();
      const next: ChatRecord = {
        ...chat,
        reference: c.reference,
        pendingSetup: { id: setupId, byAadObjectId: actor.aadObjectId, at: this.clock.now().toISOString() },
      };
      return { kind: "write", value: ok({ setupId, candidates }), save: () => this.store.putChat(next, etag) };
    }, this.retry);
    return outcome ?? busy();
  }

  /** The setup card's submit: creates the mentorship and binds it to the chat in one transaction. */
  async completeSetup(actor: Actor, c: ConversationFacts, input: SetupInput, members: readonly Member[]): Promise<Result<Mentorship>> {
    const candidates = members.filter((m) => m.aadObjectId !== actor.aadObjectId);
    const menteeId = input.menteeAadObjectId ?? (candidates.length === 1 ? candidates[0]?.aadObjectId : undefined);
    // The new hire's leader from the directory (a coordinator may change it in the tab); the talks follow (LeaderService).
    const leader = menteeId ? await this.defaultLeader(c.tenantId, menteeId) : null;
    // Asked once, after the chat has said this is the starter's pending setup (nobody else learns who leads whom).
    let leadsMentee: boolean | null = null;
    const leads = async (): Promise<boolean> => {
      if (leadsMentee === null && menteeId) {
        try {
          leadsMentee = await this.isLeaderOf(c.tenantId, actor.aadObjectId, menteeId);
        } catch (err) {
          // The directory unreachable: the advice cannot be given, and it never blocks a setup.
          this.log.warn("setup.leaderCheck.failed", { error: err instanceof Error ? err.name : "unknown" });
          leadsMentee = false;
        }
      }
      return leadsMentee === true;
    };
    const outcome = await withOptimisticRetry<Result<Mentorship>>(async () => {
      const stored = await this.store.getChat(c.tenantId, c.conversationId);
      if (!stored || stored.value.pendingSetup?.id !== input.setupId) {
        // A second submit of the same card after success lands here too; say why rather than create twice.
        if (stored && (await this.hasActiveMentorship(stored.value))) return { kind: "done", value: fail("CHAT_HAS_ACTIVE_MENTORSHIP") };
        return { kind: "done", value: fail("SETUP_NOT_PENDING") };
      }
      if (stored.value.pendingSetup.byAadObjectId !== actor.aadObjectId) return { kind: "done", value: fail("NOT_SETUP_OWNER") };
      // KL/DS advise against the new hire's own leader as mentor: advice, not a ban — the mentor confirms it for this mentee.
      if (menteeId && input.confirmedLeaderOf !== menteeId && (leader?.aadObjectId === actor.aadObjectId || (await leads()))) {
        return { kind: "done", value: fail("LEADER_AS_MENTOR", { field: "mentor" }) };
      }
      const menteeMember = members.find((m) => m.aadObjectId === menteeId);
      const mentee = menteeMember ?? { aadObjectId: menteeId ?? "", name: "", channelUserId: "" };
      const created = createMentorship(
        {
          id: this.newId(),
          tenantId: c.tenantId,
          conversationId: c.conversationId,
          programme: input.programme,
          language: input.language,
          unit: input.unit,
          firstWorkingDay: input.firstWorkingDay,
          mentor: { aadObjectId: actor.aadObjectId, name: actor.name, channelUserId: actor.channelUserId },
          mentee,
          ...(leader ? { leader } : {}),
        },
        { hasActiveMentorship: await this.hasActiveMentorship(stored.value), humanAadObjectIds: members.map((m) => m.aadObjectId) },
        this.clock.now(),
      );
      if (!created.ok) return { kind: "done", value: created };
      const { mentorship, firstVersion } = created.value;
      const slot = await this.menteeSlot(c.tenantId, mentorship.mentee);
      if (!slot.ok) return { kind: "done", value: slot };
      const chat: ChatRecord = { ...stored.value, activeMentorshipId: mentorship.id, pendingSetup: null };
      return { kind: "write", value: ok(mentorship), save: () => this.store.createMentorship(chat, stored.etag, mentorship, firstVersion, slot.value) };
    }, this.retry);
    if (outcome?.ok) await this.onChanged(c.tenantId, outcome.value.id, { mentorship: outcome.value, meetings: [] });
    return outcome ?? busy();
  }

  /** Runs a pure transition on the newest state until its conditional write succeeds (src/app/mutate.ts). */
  private async mutate<T>(tenantId: string, id: string, transition: Transition<T>): Promise<Result<T>> {
    const r = await mutateMentorship(this.store, this.retry, tenantId, id, transition);
    if (!r.ok) return r;
    await this.onChanged(tenantId, id, { mentorship: r.value.after });
    return ok(r.value.value);
  }

  // The agreement's use cases live in src/app/agreement; these keep the shape callers outside the bot use.

  async markAgreementPosted(tenantId: string, mentorshipId: string): Promise<Result<Mentorship>> {
    const r = await this.agreement.posted(tenantId, mentorshipId);
    return r.ok ? ok(r.value.mentorship) : r;
  }

  async editAgreement(actor: Actor, mentorshipId: string, baseVersion: number, fields: AgreementFields): Promise<Result<{ mentorship: Mentorship; version: AgreementVersion }>> {
    const r = await this.agreement.edit(actor, mentorshipId, baseVersion, fields);
    return r.ok ? ok({ mentorship: r.value.mentorship, version: r.value.version }) : r;
  }

  async acceptAgreement(actor: Actor, mentorshipId: string, version: number): Promise<Result<Mentorship>> {
    const r = await this.agreement.accept(actor, mentorshipId, version);
    return r.ok ? ok(r.value.mentorship) : r;
  }

  /** A coordinator pauses or resumes a mentorship (the caller has checked the role). */
  async setPaused(tenantId: string, mentorshipId: string, paused: boolean): Promise<Result<Mentorship>> {
    return this.mutate(tenantId, mentorshipId, ({ value }) => {
      const r = paused ? pause(value, this.clock.now()) : resume(value, this.clock.now());
      return r.ok ? ok({ mentorship: r.value, value: r.value }) : r;
    });
  }

  /**
   * A coordinator changes the mentor (the caller has checked the role): the history stays with the
   * mentorship and, in the same write, the remaining meetings get a new plan version to be booked in
   * the new mentor's calendar (`rebook`; the caller starts that booking).
   */
  async changeMentor(tenantId: string, mentorshipId: string, newMentor: Person): Promise<Result<{ mentorship: Mentorship; former: Person; rebook: boolean }>> {
    return this.mutate(tenantId, mentorshipId, ({ value }) => {
      const now = this.clock.now();
      const plan = value.meetingPlan;
      if (plan?.status === "booking") return fail("BOOKING_IN_PROGRESS");
      const r = changeMentor(value, newMentor, now);
      if (!r.ok) return r;
      const handOver = plan ? handOverPlan(plan, value.mentor, now) : null;
      const rebook = handOver !== null && handOver.ok && handOver.value.series.length > 0;
      const mentorship = rebook ? { ...r.value, meetingPlan: handOver.value } : r.value;
      return ok({ mentorship, value: { mentorship, former: value.mentor, rebook } });
    });
  }

  /**
   * A coordinator prepares a mentorship from the overview (the caller has checked the role). It waits
   * for the pair's chat; a mentee has one active mentorship at a time.
   */
  async prepare(
    tenantId: string,
    coordinatorId: string,
    input: { programme: ProgrammeId; language: Language; unit: string; firstWorkingDay: string; mentor: Person; mentee: Person; leader?: Person | null } & Pick<NewMentorship, "programmeRef" | "programmeDefinition">,
  ): Promise<Result<Mentorship>> {
    const leader = input.leader ?? (await this.defaultLeader(tenantId, input.mentee.aadObjectId));
    const outcome = await withOptimisticRetry<Result<Mentorship>>(async () => {
      const slot = await this.menteeSlot(tenantId, input.mentee);
      if (!slot.ok) return { kind: "done", value: slot };
      const r = prepareMentorship({ id: this.newId(), tenantId, ...input, ...(leader ? { leader } : {}) }, coordinatorId, this.clock.now());
      if (!r.ok) return { kind: "done", value: r };
      const { mentorship, firstVersion } = r.value;
      return { kind: "write", value: ok(mentorship), save: () => this.store.insertMentorship(mentorship, firstVersion, slot.value) };
    }, this.retry);
    if (outcome?.ok) await this.onChanged(tenantId, outcome.value.id, { mentorship: outcome.value, meetings: [] });
    return outcome ?? busy();
  }

  /** A chat the app created for a prepared mentorship: remembered so that its installation binds the two. */
  async reserveChatFor(tenantId: string, chatId: string, mentorshipId: string): Promise<void> {
    await withOptimisticRetry<null>(async () => {
      const stored = await this.store.getChat(tenantId, chatId);
      const current = stored?.value ?? this.blankChat({ tenantId, conversationId: chatId, conversationType: "groupChat", reference: {} });
      return { kind: "write", value: null, save: () => this.store.putChat({ ...current, preparedMentorshipId: mentorshipId }, stored?.etag ?? null) };
    }, this.retry);
  }

  /**
   * Gives a prepared mentorship its chat: the one the chat was created for (`mentorshipId`), or —
   * when either party writes `start` in a group chat with the other — the oldest of theirs that waits
   * for a chat. Null when there is none to bind (the ordinary setup follows).
   */
  async bindPrepared(c: ConversationFacts, members: readonly Member[], pick: { readonly mentorshipId?: string; readonly actorAadObjectId?: string }): Promise<Result<Mentorship> | null> {
    if (c.conversationType !== "groupChat") return null;
    const present = new Set(members.map((m) => m.aadObjectId));
    const outcome = await withOptimisticRetry<{ readonly r: Result<Mentorship> | null }>(async () => {
      const { chat, etag } = await this.chatOrBlank(c);
      if (await this.hasActiveMentorship(chat)) return { kind: "done", value: { r: null } };
      let candidate: Stored<Mentorship> | null = null;
      if (pick.mentorshipId) candidate = await this.store.getMentorship(c.tenantId, pick.mentorshipId);
      else if (pick.actorAadObjectId) {
        const waiting = (await this.store.mentorshipsOf(c.tenantId, pick.actorAadObjectId)).filter(
          // mentorshipsOf finds former mentors too: only a current party's start binds.
          (m) => awaitingChat(m) && isActive(m) && partyOf(m, pick.actorAadObjectId ?? "") !== null && present.has(m.mentor.aadObjectId) && present.has(m.mentee.aadObjectId),
        );
        const first = waiting[0];
        candidate = first ? await this.store.getMentorship(c.tenantId, first.id) : null;
      }
      if (!candidate || !awaitingChat(candidate.value)) return { kind: "done", value: { r: null } };
      const m = candidate.value;
      const channelId = (id: string) => members.find((x) => x.aadObjectId === id)?.channelUserId;
      const bound = bindChat(m, c.conversationId, { mentor: channelId(m.mentor.aadObjectId), mentee: channelId(m.mentee.aadObjectId) }, this.clock.now());
      if (!bound.ok) return { kind: "done", value: { r: bound } };
      const nextChat: ChatRecord = { ...chat, reference: c.reference, activeMentorshipId: m.id, pendingSetup: null, preparedMentorshipId: null };
      return { kind: "write", value: { r: ok(bound.value) }, save: () => this.store.bindMentorship(nextChat, etag, bound.value, candidate.etag) };
    }, this.retry);
    if (outcome === null) return busy();
    if (outcome.r?.ok) await this.onChanged(c.tenantId, outcome.r.value.id, { mentorship: outcome.r.value });
    return outcome.r;
  }

  /** The mentorship with the ETag it was read with (a card action reads it once and hands it on). */
  async load(tenantId: string, id: string): Promise<Stored<Mentorship> | null> {
    return this.store.getMentorship(tenantId, id);
  }

  async getMentorship(tenantId: string, id: string): Promise<Mentorship | null> {
    return (await this.store.getMentorship(tenantId, id))?.value ?? null;
  }

  async getChat(tenantId: string, conversationId: string): Promise<ChatRecord | null> {
    return (await this.store.getChat(tenantId, conversationId))?.value ?? null;
  }

  /**
   * The language to answer this person in this conversation (see decideReplyLanguage). Reads the
   * chat's mentorship in a group chat, and the person's mentorships when that does not decide it.
   */
  async replyLanguage(c: Pick<ConversationFacts, "tenantId" | "conversationId" | "conversationType">, aadObjectId: string | null, locale: Language | null, knownChat?: ChatRecord): Promise<ReplyLanguage> {
    let chatMentorship: Mentorship | null = null;
    if (c.conversationType !== "personal") {
      // The chat's row as this turn just read or wrote it (recordConversation), else read here.
      const chat = knownChat ?? (await this.store.getChat(c.tenantId, c.conversationId))?.value;
      const id = chat?.activeMentorshipId ?? chat?.preparedMentorshipId ?? null;
      chatMentorship = id ? ((await this.store.getMentorship(c.tenantId, id))?.value ?? null) : null;
      // A chat the app created for a mentor speaks the language they asked in.
      if (!chatMentorship && chat?.requestedBy) return { language: chat.requestedBy.language, source: "person" };
    }
    const personMentorships = !chatMentorship && aadObjectId ? await this.store.mentorshipsOf(c.tenantId, aadObjectId) : [];
    return decideReplyLanguage({ conversationType: c.conversationType, chatMentorship, aadObjectId, personMentorships, locale });
  }

  async mentorshipsOf(actor: Actor): Promise<Mentorship[]> {
    return this.store.mentorshipsOf(actor.tenantId, actor.aadObjectId);
  }
}
