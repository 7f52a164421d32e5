/**
 * Issue 13: what a coordinator (and retention) may do to a whole mentorship — set or clear its
 * archive hold, and erase it with everything that belongs to it: its agreement versions, meetings,
 * summary, person index rows, posted-message rows and the parties' private answers (all through
 * `deleteMentorship`), the mentee's journal entries of it (JournalRights), its jobs; the cards in
 * the chat are replaced by a short "removed" card and the chat forgets it. Refused while a hold is
 * set. One audit line for each, with ids only.
 */
import type { ArchiveHoldReason, Mentorship } from "../../domain/mentorship";
import { type Result, fail, ok } from "../../domain/result";
import { mayErase, setArchiveHold } from "../../domain/retention";
import type { Logger } from "../../log";
import type { AuditVerb } from "../../ports/audit";
import type { Clock } from "../../ports/clock";
import type { ErasedChat } from "../../ports/erasedChat";
import type { JobStore } from "../../ports/jobs";
import type { JournalRights } from "../../ports/journal";
import type { MentorshipStore } from "../../ports/store";
import { type AuditTrail, peopleOf } from "../audit/auditTrail";
import { mutateMentorship, stateOnly } from "../mutate";
import { type RetryPolicy, defaultRetryPolicy } from "../optimistic";
import type { ChangeListener } from "../summaries";

export interface ErasureDeps {
  readonly store: Pick<MentorshipStore, "getMentorship" | "saveMentorship" | "deleteMentorship" | "listMeetings" | "getChat" | "putChat">;
  readonly jobs: Pick<JobStore, "cancelAllFor">;
  readonly chat: ErasedChat;
  /** The journal's rights port (issue 13, the journal's branch); absent: no journal to purge. */
  readonly journal?: JournalRights | undefined;
  readonly audit: AuditTrail;
  readonly clock: Clock;
  readonly log: Logger;
  readonly retry?: RetryPolicy;
  /** After a hold is set or cleared (the overview's summary shows it). */
  readonly onChanged?: ChangeListener;
  /** After an erasure (the overview forgets its cached rows). */
  readonly onErased?: (tenantId: string, mentorshipId: string) => void;
}

/** Who erases: a coordinator from the tab, or retention ("system"). */
export interface Eraser {
  readonly actorId: string;
  readonly verb: Extract<AuditVerb, "mentorship.erase" | "retention.purge">;
}

export interface Erased {
  readonly mentorshipId: string;
  readonly cardsReplaced: number;
  readonly journalEntries: number;
}

/** Attempts at the conditional delete when the mentorship keeps changing under it. */
const ERASE_ATTEMPTS = 5;

export class MentorshipErasure {
  private readonly retry: RetryPolicy;

  constructor(private readonly deps: ErasureDeps) {
    this.retry = deps.retry ?? defaultRetryPolicy;
  }

  /** A coordinator sets (a reason code) or clears (null) the archive hold; the same state again is NO_CHANGES. */
  async setHold(tenantId: string, mentorshipId: string, reason: ArchiveHoldReason | null, coordinatorId: string): Promise<Result<Mentorship>> {
    const r = await mutateMentorship(this.deps.store, this.retry, tenantId, mentorshipId, ({ value }) => stateOnly(setArchiveHold(value, reason, coordinatorId, this.deps.clock.now())));
    if (!r.ok) return r;
    await this.deps.onChanged?.(tenantId, mentorshipId, { mentorship: r.value.after });
    await this.deps.audit.write({ tenantId, actorId: coordinatorId, verb: reason ? "archiveHold.set" : "archiveHold.cleared", mentorshipId, detail: reason ?? r.value.before.archiveHold?.reason ?? null }, peopleOf(r.value.after));
    this.deps.log.info(reason ? "archiveHold.set" : "archiveHold.cleared", { mentorshipId });
    return ok(r.value.after);
  }

  /**
   * Erases the mentorship and everything of it. ARCHIVE_HOLD_SET (with the reason code) while a hold
   * is set; MENTORSHIP_NOT_FOUND for none (or another tenant's). The conditional delete re-reads on a
   * conflict, so a hold set meanwhile is respected.
   */
  async erase(tenantId: string, mentorshipId: string, by: Eraser): Promise<Result<Erased>> {
    const { store } = this.deps;
    for (let attempt = 0; attempt < ERASE_ATTEMPTS; attempt++) {
      const stored = await store.getMentorship(tenantId, mentorshipId);
      if (!stored || stored.value.tenantId !== tenantId) return fail("MENTORSHIP_NOT_FOUND");
      const m = stored.value;
      const allowed = mayErase(m);
      if (!allowed.ok) return allowed;
      // The cards' message ids are rows the delete removes: found first.
      const meetings = await store.listMeetings(tenantId, mentorshipId);
      const cards = await this.deps.chat.find(m, meetings.map((x) => x.value.key));
      // The journal is never held and never outlives its mentorship: purged before the rows that lead to it go.
      const journalEntries = this.deps.journal ? await this.deps.journal.purgeMentorship(tenantId, m.mentee.aadObjectId, mentorshipId) : 0;
      if ((await store.deleteMentorship(tenantId, mentorshipId, stored.etag)) === "conflict") continue;
      // Nothing of it is left to act on: a job that ran meanwhile finds no mentorship and does nothing.
      await this.deps.jobs.cancelAllFor(tenantId, mentorshipId);
      await this.forgetInChat(m);
      this.deps.onErased?.(tenantId, mentorshipId);
      const cardsReplaced = await this.deps.chat.replaceWithRemoved(cards, m.language);
      await this.deps.audit.write({ tenantId, actorId: by.actorId, verb: by.verb, mentorshipId, detail: null }, peopleOf(m));
      this.deps.log.info("mentorship.erased", { mentorshipId, by: by.verb, cards: cardsReplaced, journalEntries });
      return ok({ mentorshipId, cardsReplaced, journalEntries });
    }
    return fail("BUSY_TRY_AGAIN");
  }

  /** The chat stays (the pair may start again there) but no longer points to the erased mentorship. */
  private async forgetInChat(m: Mentorship): Promise<void> {
    if (!m.conversationId) return;
    for (let attempt = 0; attempt < ERASE_ATTEMPTS; attempt++) {
      const chat = await this.deps.store.getChat(m.tenantId, m.conversationId);
      if (!chat) return;
      const c = chat.value;
      if (c.activeMentorshipId !== m.id && c.preparedMentorshipId !== m.id) return;
      const next = { ...c, activeMentorshipId: c.activeMentorshipId === m.id ? null : c.activeMentorshipId, ...(c.preparedMentorshipId === m.id ? { preparedMentorshipId: null } : {}) };
      if ((await this.deps.store.putChat(next, chat.etag)) === "saved") return;
    }
    this.deps.log.warn("erasure.chat.notForgotten", { mentorshipId: m.id });
  }
}
