import type { ConversationFacts } from "../../app/setup/mentorshipService";
import { type RetryPolicy, defaultRetryPolicy, withOptimisticRetry } from "../../app/optimistic";
import { renderPairingCard, renderRatingsCard } from "../../cards/privateCards";
import { renderHandoverForMentor } from "../../cards/introductionCard";
import type { AdaptiveCard } from "../../cards/template";
import type { Party } from "../../domain/agreement";
import { renderLeaderHeadsUpCard, renderLeaderHeldCard, renderLeaderReminderCard } from "../../cards/leaderCards";
import { dateIn, formatDate } from "../../domain/dates";
import type { Mentorship, Person } from "../../domain/mentorship";
import { t } from "../../i18n";
import type { Logger } from "../../log";
import type { Clock } from "../../ports/clock";
import type { PersonalDelivery, PersonalMessage, Recipient } from "../../ports/personal";
import type { PendingPersonalMessage, PersonalChatRecord, PersonalChatStore } from "../../ports/personalChats";
import type { Stored } from "../../ports/store";
import type { ChatNotifier } from "./proactive";

export type Shown = { readonly text?: string; readonly card?: AdaptiveCard };
export type PersonalRenderer = (m: Mentorship, party: Recipient, message: PersonalMessage) => Shown;

/** Who holds a recipient's role in the mentorship now (null: nobody, e.g. no leader named). */
export function holderOf(m: Mentorship, recipient: Recipient): Person | null {
  switch (recipient) {
    case "mentor":
      return m.mentor;
    case "mentee":
      return m.mentee;
    case "leader":
      return m.leader ?? null;
    case "contact":
      return m.contact ?? null;
  }
}

const talkOf = (message: PersonalMessage): string | undefined => ("talk" in message ? message.talk : undefined);

/** How each personal message looks; a feature may give its own (the preparation's reminder). */
export const defaultPersonalRenderers: Record<PersonalMessage["kind"], PersonalRenderer> = {
  pairingCheck: (m, party) => ({ card: renderPairingCard(m, party as Party) }),
  ratings: (m, party) => ({ card: renderRatingsCard(m, party as Party) }),
  preparationReminder: (m) => ({ text: t(m.language, "reminder.beforeDayOne", { mentee: m.mentee.name, date: formatDate(m.firstWorkingDay) }) }),
  // Issue 12: the leader's cards (src/cards/leaderCards.ts), in the leader's personal chat.
  leaderReminder: (m, _r, message) => ({ card: renderLeaderReminderCard(m, talkOf(message) ?? "", dateIn(new Date(), m.timeZone)) }),
  leaderHeadsUp: (m) => ({ card: renderLeaderHeadsUpCard(m) }),
  leaderHeldCheck: (m, _r, message) => ({ card: renderLeaderHeldCard(m, talkOf(message) ?? "") }),
  // Issue 12: the contact person's hand-over, to the mentor alone (read when shown: a note edited meanwhile shows as it is now).
  introductionHandover: (m) => ({ card: renderHandoverForMentor(m) }),
};

export interface PersonalDeliveryDeps {
  readonly sender: ChatNotifier;
  readonly chats: PersonalChatStore;
  readonly mentorships: { getMentorship(tenantId: string, id: string): Promise<Stored<Mentorship> | null> };
  /** Whether a pending message still waits (an answered question is not offered again). Default: yes. */
  readonly isOpen?: (m: Mentorship, party: Recipient, kind: PersonalMessage["kind"], message: PersonalMessage) => Promise<boolean>;
  readonly render?: Partial<Record<PersonalMessage["kind"], PersonalRenderer>>;
  readonly clock: Clock;
  readonly log: Logger;
  readonly retry?: RetryPolicy;
}

/** At most this many messages wait for one person (the oldest go first): a row never grows without bound. */
const MAX_PENDING = 20;
const samePending = (a: Pick<PendingPersonalMessage, "mentorshipId" | "kind" | "talk">, b: Pick<PendingPersonalMessage, "mentorshipId" | "kind" | "talk">) => a.mentorshipId === b.mentorshipId && a.kind === b.kind && a.talk === b.talk;
/** A pending row back as the message it stands for. */
const messageOf = (p: PendingPersonalMessage): PersonalMessage => (p.kind === "leaderReminder" || p.kind === "leaderHeldCheck" ? { kind: p.kind, talk: p.talk ?? "" } : ({ kind: p.kind } as PersonalMessage));

/**
 * The app's word to one party alone, in their personal chat with the app (never the pair's chat).
 * It remembers each person's personal chat (keyed tenant + Entra object id) whenever they install
 * the app or write to it there, posts proactively through that reference, and keeps what it could
 * not deliver (no personal chat yet, or the chat did not answer) to offer when they next write.
 */
export class BotPersonalDelivery implements PersonalDelivery {
  private readonly retry: RetryPolicy;

  constructor(private readonly deps: PersonalDeliveryDeps) {
    this.retry = deps.retry ?? defaultRetryPolicy;
  }

  private render(m: Mentorship, party: Recipient, message: PersonalMessage): Shown {
    return (this.deps.render?.[message.kind] ?? defaultPersonalRenderers[message.kind])(m, party, message);
  }

  /**
   * False when the app has no personal chat with the person yet: the message is kept and offered
   * when they next write to the app there. Throws when the chat could not be reached; the message is
   * kept then too (a retry that reaches it takes it off the list).
   */
  async postToParty(m: Mentorship, party: Recipient, message: PersonalMessage): Promise<boolean> {
    const person = holderOf(m, party);
    if (!person) return false; // nobody holds the role: nothing to keep either
    const stored = await this.deps.chats.getPersonalChat(m.tenantId, person.aadObjectId);
    const reference = stored?.value.reference ?? null;
    const talk = talkOf(message);
    const pending: PendingPersonalMessage = { mentorshipId: m.id, party, kind: message.kind, since: this.deps.clock.now().toISOString(), ...(talk !== undefined ? { talk } : {}) };
    if (!reference) {
      await this.keep(m.tenantId, person.aadObjectId, [pending]);
      return false;
    }
    try {
      await this.deps.sender.send(reference, this.render(m, party, message));
    } catch (err) {
      await this.keep(m.tenantId, person.aadObjectId, [pending]);
      throw err;
    }
    if (stored?.value.pending.some((p) => samePending(p, pending))) await this.drop(m.tenantId, person.aadObjectId, [pending]);
    return true;
  }

  private async change(tenantId: string, aadObjectId: string, edit: (current: PersonalChatRecord) => PersonalChatRecord | null): Promise<PersonalChatRecord | null> {
    return withOptimisticRetry<PersonalChatRecord | null>(async () => {
      const stored = await this.deps.chats.getPersonalChat(tenantId, aadObjectId);
      const current: PersonalChatRecord = stored?.value ?? { tenantId, aadObjectId, conversationId: null, reference: null, pending: [], updatedAt: this.deps.clock.now().toISOString() };
      const next = edit(current);
      if (!next) return { kind: "done", value: current };
      return { kind: "write", value: next, save: () => this.deps.chats.putPersonalChat(next, stored?.etag ?? null) };
    }, this.retry);
  }

  private async keep(tenantId: string, aadObjectId: string, messages: readonly PendingPersonalMessage[]): Promise<void> {
    await this.change(tenantId, aadObjectId, (current) => {
      const added = messages.filter((x) => !current.pending.some((p) => samePending(p, x)));
      if (added.length === 0) return null;
      return { ...current, pending: [...current.pending, ...added].slice(-MAX_PENDING), updatedAt: this.deps.clock.now().toISOString() };
    });
  }

  private async drop(tenantId: string, aadObjectId: string, messages: readonly Pick<PendingPersonalMessage, "mentorshipId" | "kind" | "talk">[]): Promise<void> {
    await this.change(tenantId, aadObjectId, (current) => {
      const left = current.pending.filter((p) => !messages.some((x) => samePending(p, x)));
      return left.length === current.pending.length ? null : { ...current, pending: left, updatedAt: this.deps.clock.now().toISOString() };
    });
  }

  /**
   * The person installed the app or wrote to it in their personal chat: its reference is remembered
   * (written only when it changed), and whatever waits for them is offered now, in this turn.
   */
  async seen(conv: ConversationFacts, aadObjectId: string, reply: (shown: Shown) => Promise<void>): Promise<void> {
    if (conv.conversationType !== "personal") return;
    const record = await this.change(conv.tenantId, aadObjectId, (current) =>
      current.conversationId === conv.conversationId && JSON.stringify(current.reference) === JSON.stringify(conv.reference)
        ? null
        : { ...current, conversationId: conv.conversationId, reference: conv.reference, updatedAt: this.deps.clock.now().toISOString() },
    );
    const pending = record?.pending ?? [];
    if (pending.length === 0) return;
    const done: PendingPersonalMessage[] = [];
    for (const p of pending) {
      const m = (await this.deps.mentorships.getMentorship(conv.tenantId, p.mentorshipId))?.value;
      // Only the person who holds the party now gets it (a mentor changed meanwhile gets nothing of their predecessor's).
      const holder = m ? holderOf(m, p.party) : null;
      if (m && holder?.aadObjectId === aadObjectId && (await (this.deps.isOpen?.(m, p.party, p.kind, messageOf(p)) ?? Promise.resolve(true)))) {
        await reply(this.render(m, p.party, messageOf(p)));
      }
      done.push(p);
    }
    await this.drop(conv.tenantId, aadObjectId, done);
    this.deps.log.info("personal.pendingOffered", { count: done.length });
  }
}
