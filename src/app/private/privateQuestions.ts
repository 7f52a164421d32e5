import type { Party } from "../../domain/agreement";
import type { Meeting, WaitingStep } from "../../domain/meetings";
import { type Mentorship, partyOf } from "../../domain/mentorship";
import { type PairingAnswer, type PrivateAnswers, RATING_COMMENT_LIMIT, type Ratings, type Score } from "../../domain/privateAnswers";
import { type Result, fail, ok } from "../../domain/result";
import type { Logger } from "../../log";
import type { Clock } from "../../ports/clock";
import type { Job, JobStore } from "../../ports/jobs";
import type { PersonalDelivery, PersonalMessage } from "../../ports/personal";
import type { PrivateAnswerStore } from "../../ports/privateAnswers";
import type { QuestionMarks } from "../../ports/privateQuestions";
import type { MentorshipStore, Stored } from "../../ports/store";
import type { Actor } from "../actor";
import type { JobKindSpec } from "../jobs/registry";
import { mutateMentorship } from "../mutate";
import { type RetryPolicy, defaultRetryPolicy, withOptimisticRetry } from "../optimistic";
import type { ChangeListener, SavedState } from "../summaries";

export interface PrivateQuestionsDeps {
  readonly store: Pick<MentorshipStore, "getMentorship" | "saveMentorship" | "listMeetings">;
  readonly answers: PrivateAnswerStore;
  readonly marks: QuestionMarks;
  readonly delivery: PersonalDelivery;
  readonly jobs: Pick<JobStore, "schedule">;
  readonly clock: Clock;
  readonly log: Logger;
  /** Told after the mentorship's pairing flag is saved (keeps the overview's summary current). */
  readonly onChanged?: ChangeListener;
  readonly retry?: RetryPolicy;
}

/** When nobody records the first meeting, it is taken as held this long after its end (unless cancelled or recorded "not held"). */
export const PAIRING_CHECK_AFTER_END_MS = 3600_000;
const PARTIES: readonly Party[] = ["mentor", "mentee"];
const startOf = (x: Meeting) => Date.parse(x.startUtc);
const endOf = (x: Meeting) => startOf(x) + x.minutes * 60_000;

/** The three ratings as the card sends them (strings "1"–"5") are checked by the bot's schema; here they are scores. */
export interface RatingsInput {
  readonly useful: Score;
  readonly wellRun: Score;
  readonly recommend: Score;
  readonly comment: string;
}

/** The pairing check can be put while the pair is in the learning phase and not paused. */
export function pairingCheckApplies(m: Mentorship): boolean {
  return m.phase === "learning" && !m.pausedAt && !m.closing;
}

/**
 * When the pairing check is due, from the meetings as saved: at once after the first meeting a party
 * recorded held, otherwise an hour after the end of the first meeting still planned (nobody said it
 * did not take place). Null when there is nothing to wait for.
 */
export function pairingCheckDue(m: Mentorship, meetings: readonly Meeting[], now: Date): { readonly meetingKey: string; readonly dueAt: Date; readonly held: boolean } | null {
  if (!pairingCheckApplies(m)) return null;
  const inOrder = [...meetings].sort((a, b) => startOf(a) - startOf(b));
  const held = inOrder.find((x) => x.status === "held");
  if (held) return { meetingKey: held.key, dueAt: now, held: true };
  const next = inOrder.find((x) => x.status === "planned");
  if (!next) return null;
  return { meetingKey: next.key, dueAt: new Date(endOf(next) + PAIRING_CHECK_AFTER_END_MS), held: false };
}

/**
 * Each party's private word, in their personal chat with the app: the pairing check after the first
 * held meeting, and the three ratings of the scheme at closing. An answer goes to the private-answer
 * store and nowhere else; the one trace outside it is the nameless "check the pairing" flag on the
 * mentorship (`pairingConcernAt`) when someone answered "no".
 */
export class PrivateQuestions {
  private readonly retry: RetryPolicy;
  /** What this process last scheduled per mentorship, so a stream of agenda saves schedules nothing (bounded). */
  private readonly scheduled = new Map<string, string>();
  private static readonly SCHEDULED_KEPT = 5000;

  constructor(private readonly deps: PrivateQuestionsDeps) {
    this.retry = deps.retry ?? defaultRetryPolicy;
  }

  // ─── the pairing check: when ────────────────────────────────────────────────────────────────

  /** The listener to add to the use cases' onChanged: schedules the check when the meetings say it is due. */
  readonly changed: ChangeListener = async (tenantId, mentorshipId, saved) => {
    if (!saved?.meetings) return;
    try {
      await this.scheduleFrom(saved);
    } catch (err) {
      // The next change tries again; a saved change is never failed by this.
      this.deps.log.warn("pairing.schedule.failed", { mentorshipId, tenantId, error: err instanceof Error ? err.name : "unknown" });
    }
  };

  /** After a coordinator resumes a mentorship: a check that fell due while paused is scheduled again. */
  async resumed(tenantId: string, mentorshipId: string): Promise<void> {
    const m = await this.deps.store.getMentorship(tenantId, mentorshipId);
    if (!m || !pairingCheckApplies(m.value)) return;
    const meetings = (await this.deps.store.listMeetings(tenantId, mentorshipId)).map((x) => x.value);
    await this.scheduleFrom({ mentorship: m.value, meetings }, `@${this.deps.clock.now().toISOString()}`);
  }

  private async scheduleFrom(saved: SavedState, suffix = ""): Promise<void> {
    const m = saved.mentorship;
    const due = pairingCheckDue(m, saved.meetings ?? [], this.deps.clock.now());
    if (!due) return;
    const id = `${m.tenantId}:${m.id}:pairing.check:${due.meetingKey}${suffix}`;
    const memoKey = `${m.tenantId}\u0000${m.id}`;
    const what = `${id}|${due.held ? "held" : due.dueAt.toISOString()}`;
    if (this.scheduled.get(memoKey) === what) return;
    await this.deps.jobs.schedule({ id, kind: "pairing.check", tenantId: m.tenantId, mentorshipId: m.id, dueAt: due.dueAt.toISOString(), payload: { meetingKey: due.meetingKey } });
    this.scheduled.delete(memoKey);
    this.scheduled.set(memoKey, what);
    if (this.scheduled.size > PrivateQuestions.SCHEDULED_KEPT) this.scheduled.delete(this.scheduled.keys().next().value as string);
  }

  jobKinds(): readonly JobKindSpec[] {
    return [{ kind: "pairing.check", idRule: "{tenant}:{mentorship}:pairing.check:{meetingKey}[@{resumedAt}]", untilDone: false, run: (job) => this.onPairingJob(job) }];
  }

  /** Re-reads everything: a paused, closing or closed mentorship gets nothing; each party is asked once. */
  private async onPairingJob(job: Job): Promise<void> {
    const stored = await this.deps.store.getMentorship(job.tenantId, job.mentorshipId);
    const m = stored?.value;
    if (!m || !pairingCheckApplies(m)) return;
    const meetings = (await this.deps.store.listMeetings(job.tenantId, job.mentorshipId)).map((x) => x.value);
    const now = this.deps.clock.now().getTime();
    const waitedFor = meetings.find((x) => x.key === String(job.payload["meetingKey"]));
    const tookPlace = meetings.some((x) => x.status === "held") || (waitedFor !== undefined && waitedFor.status === "planned" && endOf(waitedFor) + PAIRING_CHECK_AFTER_END_MS <= now);
    if (!tookPlace) return; // cancelled or "not held": the change that said so scheduled the next meeting's
    for (const party of PARTIES) await this.ask(m, party, "pairing", { kind: "pairingCheck" });
    this.deps.log.info("pairing.asked", { tenantId: m.tenantId, mentorshipId: m.id });
  }

  /**
   * Puts one question to one party once: the mark is written first (of two runs only one wins); a
   * delivery that fails takes it back and throws, so the job's retry asks again.
   */
  private async ask(m: Mentorship, party: Party, question: "pairing" | "ratings", message: PersonalMessage): Promise<void> {
    if (!(await this.deps.marks.markAsked(m.tenantId, m.id, party, question, this.deps.clock.now().toISOString()))) return;
    try {
      await this.deps.delivery.postToParty(m, party, message);
    } catch (err) {
      await this.deps.marks.unmarkAsked(m.tenantId, m.id, party, question);
      throw err;
    }
  }

  // ─── the ratings: when ──────────────────────────────────────────────────────────────────────

  /**
   * Called when a mentorship closes: each party is asked privately for the three ratings, once. Never
   * throws (closing must not fail on it): a person the app cannot reach now gets it when they next write.
   */
  async askRatings(m: Mentorship): Promise<void> {
    for (const party of PARTIES) {
      try {
        if (!(await this.deps.marks.markAsked(m.tenantId, m.id, party, "ratings", this.deps.clock.now().toISOString()))) continue;
        // A delivery that throws has kept the question pending in the person's personal chat (the adapter does).
        await this.deps.delivery.postToParty(m, party, { kind: "ratings" });
      } catch (err) {
        this.deps.log.warn("ratings.ask.failed", { tenantId: m.tenantId, mentorshipId: m.id, error: err instanceof Error ? err.name : "unknown" });
      }
    }
  }

  // ─── answers ────────────────────────────────────────────────────────────────────────────────

  /** The answers of whoever holds the party now (after a change of mentor the former mentor's row is not theirs). */
  private async mine(m: Mentorship, party: Party, aadObjectId: string): Promise<{ current: PrivateAnswers; etag: string | null }> {
    const stored = await this.deps.answers.getPrivateAnswers(m.tenantId, m.id, party);
    const blank: PrivateAnswers = { tenantId: m.tenantId, mentorshipId: m.id, party, aadObjectId, pairing: null, ratings: null };
    if (!stored) return { current: blank, etag: null };
    return { current: stored.value.aadObjectId === aadObjectId ? stored.value : blank, etag: stored.etag };
  }

  /** Whether a question still waits for this party (a pending one is offered only while it does). */
  async isOpen(m: Mentorship, party: Party, kind: PersonalMessage["kind"]): Promise<boolean> {
    const person = party === "mentor" ? m.mentor : m.mentee;
    if (kind === "preparationReminder") return m.phase === "preparation";
    const { current } = await this.mine(m, party, person.aadObjectId);
    if (kind === "pairingCheck") return pairingCheckApplies(m) && current.pairing === null;
    return (m.phase === "closing" || m.phase === "closed") && current.ratings === null;
  }

  /**
   * A party answers the pairing check, once. "no" also gives the mentorship its nameless flag (the
   * first "no" sets it; the overview shows "check the pairing"). Nothing else changes.
   */
  async answerPairing(actor: Actor, loaded: Stored<Mentorship>, answer: PairingAnswer): Promise<Result<{ readonly answer: PairingAnswer; readonly mentorship: Mentorship }>> {
    const m = loaded.value;
    const party = partyOf(m, actor.aadObjectId);
    if (party === null) return fail("NOT_A_PARTY");
    if (m.phase === "closed") return fail("MENTORSHIP_CLOSED");
    const at = this.deps.clock.now().toISOString();
    const saved = await withOptimisticRetry<Result<PairingAnswer>>(async () => {
      const { current, etag } = await this.mine(m, party, actor.aadObjectId);
      if (current.pairing) return { kind: "done", value: fail<PairingAnswer>("ALREADY_ANSWERED", { answer: current.pairing.answer }) };
      const next: PrivateAnswers = { ...current, pairing: { answer, at } };
      return { kind: "write", value: ok(answer), save: () => this.deps.answers.putPrivateAnswers(next, etag) };
    }, this.retry);
    if (saved === null) return fail("BUSY_TRY_AGAIN");
    if (!saved.ok) {
      // An earlier "no" whose flag was not saved (a crash between the two) is flagged now.
      if (saved.error.code === "ALREADY_ANSWERED" && saved.error.params?.["answer"] === "no") await this.flag(m.tenantId, m.id, loaded);
      return fail("ALREADY_ANSWERED");
    }
    const mentorship = answer === "no" ? await this.flag(m.tenantId, m.id, loaded) : m;
    return ok({ answer, mentorship });
  }

  /** The nameless flag on the mentorship, kept from the first "no". */
  private async flag(tenantId: string, id: string, loaded: Stored<Mentorship>): Promise<Mentorship> {
    const r = await mutateMentorship(this.deps.store, this.retry, tenantId, id, ({ value }) => {
      if (value.pairingConcernAt) return fail("NO_CHANGES");
      const mentorship: Mentorship = { ...value, pairingConcernAt: this.deps.clock.now().toISOString() };
      return ok({ mentorship, value: null });
    }, { loaded });
    if (!r.ok) return loaded.value;
    await this.deps.onChanged?.(tenantId, id, { mentorship: r.value.after });
    return r.value.after;
  }

  /** A party's three ratings and optional comment, once, from the closing phase on. */
  async saveRatings(actor: Actor, loaded: Stored<Mentorship>, input: RatingsInput): Promise<Result<Ratings>> {
    const m = loaded.value;
    const party = partyOf(m, actor.aadObjectId);
    if (party === null) return fail("NOT_A_PARTY");
    if (m.phase !== "closing" && m.phase !== "closed") return fail("NOT_CLOSING");
    if (input.comment.length > RATING_COMMENT_LIMIT) return fail("INVALID_INPUT", { field: "comment", max: RATING_COMMENT_LIMIT });
    const ratings: Ratings = { useful: input.useful, wellRun: input.wellRun, recommend: input.recommend, comment: input.comment.trim(), at: this.deps.clock.now().toISOString() };
    const saved = await withOptimisticRetry<Result<Ratings>>(async () => {
      const { current, etag } = await this.mine(m, party, actor.aadObjectId);
      if (current.ratings) return { kind: "done", value: fail<Ratings>("ALREADY_ANSWERED") };
      return { kind: "write", value: ok(ratings), save: () => this.deps.answers.putPrivateAnswers({ ...current, ratings }, etag) };
    }, this.retry);
    return saved ?? fail("BUSY_TRY_AGAIN");
  }

  /** What waits for this party here, as `status` names it: the ratings a close asked for, while unanswered. */
  async waitingFor(m: Mentorship, party: Party): Promise<WaitingStep[]> {
    if (m.phase !== "closed") return [];
    return (await this.isOpen(m, party, "ratings")) ? [{ kind: "ratings" }] : [];
  }

  /** Whether this party has answered (the cards show "already answered" rather than the question again). */
  async answered(m: Mentorship, party: Party): Promise<{ readonly pairing: boolean; readonly ratings: boolean }> {
    const person = party === "mentor" ? m.mentor : m.mentee;
    const { current } = await this.mine(m, party, person.aadObjectId);
    return { pairing: current.pairing !== null, ratings: current.ratings !== null };
  }
}
