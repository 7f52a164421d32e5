import { type Mentorship, agreementPosted, partyOf } from "../../domain/mentorship";
import { agreementDueAt, reminderDueAt, savePresentation, startsLater, welcomePosted } from "../../domain/preparation";
import { dateIn } from "../../domain/dates";
import type { Meeting } from "../../domain/meetings";
import { type Result, fail, ok } from "../../domain/result";
import type { Logger } from "../../log";
import type { ChatDelivery } from "../../ports/chat";
import type { Clock } from "../../ports/clock";
import type { Job, JobStore } from "../../ports/jobs";
import type { PersonalDelivery } from "../../ports/personal";
import type { PostedMessageStore } from "../../ports/postedMessages";
import type { MentorshipStore, Stored } from "../../ports/store";
import type { Actor } from "../actor";
import type { JobKindSpec } from "../jobs/registry";
import { mutateMentorship, stateOnly } from "../mutate";
import { type RetryPolicy, defaultRetryPolicy } from "../optimistic";
import type { ChangeListener } from "../summaries";

export interface PreparationDeps {
  readonly store: Pick<MentorshipStore, "getMentorship" | "saveMentorship" | "listMeetings">;
  readonly jobs: Pick<JobStore, "schedule">;
  readonly clock: Clock;
  readonly log: Logger;
  /** The pair's chat: the agreement card on day one, the welcome card updated. */
  readonly chat: ChatDelivery;
  /** The mentor's personal chat (the reminder to make contact before day one). */
  readonly personal: PersonalDelivery;
  /** Which cards were posted: day one's job posts the agreement only if no card shows it yet. */
  readonly posted: Pick<PostedMessageStore, "get">;
  readonly retry?: RetryPolicy;
  readonly onChanged?: ChangeListener;
  /** The agreement card is in the chat and start-up has begun (the meetings schedule the agreement nudge). */
  readonly agreementStarted?: (m: Mentorship) => Promise<void>;
}

const AGREEMENT_JOB = "preparation.agreement";
const REMINDER_JOB = "preparation.reminder";

/**
 * Preparation: the welcome before day one, the mentor's presentation, the reminder to make contact
 * and the agreement card on day one. Pairs who start today or earlier never come here.
 */
export class PreparationService {
  private readonly retry: RetryPolicy;

  constructor(private readonly deps: PreparationDeps) {
    this.retry = deps.retry ?? defaultRetryPolicy;
  }

  /** Whether this mentorship starts with the welcome (its first working day is after today in its zone). */
  startsLater(m: Mentorship): boolean {
    return m.phase === "preparation" && startsLater(m, this.deps.clock.now());
  }

  private async mutate(tenantId: string, id: string, change: (m: Mentorship) => Result<Mentorship>, loaded?: Stored<Mentorship> | null): Promise<Result<{ before: Mentorship; after: Mentorship }>> {
    const r = await mutateMentorship(this.deps.store, this.retry, tenantId, id, ({ value }) => stateOnly(change(value)), { loaded });
    if (!r.ok) return r;
    await this.deps.onChanged?.(tenantId, id, { mentorship: r.value.after });
    return ok({ before: r.value.before, after: r.value.after });
  }

  /**
   * The welcome is in the pair's chat: remembered, and the day-one agreement and the mentor's
   * reminder scheduled (their ids are fixed, so a welcome posted again schedules nothing new).
   */
  async welcomed(tenantId: string, mentorshipId: string): Promise<Result<Mentorship>> {
    const r = await this.mutate(tenantId, mentorshipId, (m) => {
      const next = welcomePosted(m, this.deps.clock.now());
      return next.ok && next.value === m ? fail("NO_CHANGES") : next;
    });
    const m = r.ok ? r.value.after : r.error.code === "NO_CHANGES" ? (await this.deps.store.getMentorship(tenantId, mentorshipId))?.value ?? null : null;
    if (!m) return r.ok ? ok(r.value.after) : r;
    await this.scheduleJobs(m);
    return ok(m);
  }

  private job(m: Mentorship, kind: typeof AGREEMENT_JOB | typeof REMINDER_JOB, dueAt: Date, suffix = ""): Job {
    return { id: `${m.tenantId}:${m.id}:${kind}:${m.firstWorkingDay}${suffix}`, kind, tenantId: m.tenantId, mentorshipId: m.id, dueAt: dueAt.toISOString(), payload: { firstWorkingDay: m.firstWorkingDay } };
  }

  private async scheduleJobs(m: Mentorship): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.jobs.schedule(this.job(m, AGREEMENT_JOB, agreementDueAt(m)));
    const remind = reminderDueAt(m, now);
    if (remind) await this.deps.jobs.schedule(this.job(m, REMINDER_JOB, remind));
  }

  /**
   * After a pause: a day one that passed while nothing was posted is due again now. A new id — the
   * job store never runs one twice, and the first run found the mentorship paused.
   */
  async resumed(tenantId: string, mentorshipId: string): Promise<void> {
    const m = (await this.deps.store.getMentorship(tenantId, mentorshipId))?.value;
    if (!m || m.pausedAt || m.phase !== "preparation" || !m.welcomePostedAt) return;
    const now = this.deps.clock.now();
    const due = agreementDueAt(m);
    if (due.getTime() > now.getTime()) return; // its own job is still to come
    await this.deps.jobs.schedule(this.job(m, AGREEMENT_JOB, now, `:resumed:${now.toISOString()}`));
  }

  /** The mentor's presentation for the welcome (≤ PRESENTATION_MAX characters). */
  async savePresentation(actor: Actor, mentorshipId: string, text: string, loaded?: Stored<Mentorship> | null): Promise<Result<Mentorship>> {
    const r = await this.mutate(actor.tenantId, mentorshipId, (m) => savePresentation(m, actor.aadObjectId, text, this.deps.clock.now()), loaded);
    return r.ok ? ok(r.value.after) : r;
  }

  /**
   * Either party begins the agreement before day one: start-up is claimed here (a conditional
   * write, so of two clicks and day one's job only one wins) and the caller posts the card.
   * NO_CHANGES when it has begun already.
   */
  async beginAgreement(actor: Actor, mentorshipId: string, loaded?: Stored<Mentorship> | null): Promise<Result<Mentorship>> {
    const r = await this.mutate(actor.tenantId, mentorshipId, (m) => {
      if (partyOf(m, actor.aadObjectId) === null) return fail("NOT_A_PARTY");
      if (m.phase === "closed") return fail("MENTORSHIP_CLOSED");
      if (m.phase !== "preparation") return fail("NO_CHANGES");
      if (m.pausedAt) return fail("MENTORSHIP_PAUSED");
      return agreementPosted(m, this.deps.clock.now());
    }, loaded);
    return r.ok ? ok(r.value.after) : r;
  }

  /** A plan was booked: a welcome in the chat shows the coming meetings from now on (replaced in place; safe to repeat). */
  async meetingsBooked(m: Mentorship, meetings: readonly Meeting[]): Promise<void> {
    if (!m.welcomePostedAt) return;
    await this.deps.chat.replace(m, "welcome", { kind: "welcome", meetings: this.coming(meetings) });
  }

  /** The pair's booked meetings still to come (the welcome shows them once there are any). */
  async comingMeetings(m: Mentorship) {
    if (!m.meetingPlan) return [];
    return this.coming((await this.deps.store.listMeetings(m.tenantId, m.id)).map((x) => x.value));
  }

  private coming(meetings: readonly Meeting[]): Meeting[] {
    const now = this.deps.clock.now().getTime();
    return meetings.filter((x) => x.status === "planned" && Date.parse(x.startUtc) > now);
  }

  /**
   * Day one's agreement, from the job: start-up is claimed first (a conditional write, so of a job
   * and a click only one wins), then the card is posted unless one is in the chat already. A
   * post that fails throws: the job's retry finds start-up claimed and no card, and posts it.
   */
  private async onAgreementJob(job: Job): Promise<void> {
    const stored = await this.deps.store.getMentorship(job.tenantId, job.mentorshipId);
    const current = stored?.value;
    if (!stored || !current || current.pausedAt) return; // paused: resume schedules it again
    if (current.phase === "preparation") {
      if (dateIn(this.deps.clock.now(), current.timeZone) < current.firstWorkingDay) return; // the start date moved later
      const r = await this.mutate(job.tenantId, job.mentorshipId, (m) => (m.phase === "preparation" && !m.pausedAt ? agreementPosted(m, this.deps.clock.now()) : fail("NO_CHANGES")), stored);
      if (!r.ok) {
        if (r.error.code === "NO_CHANGES") return;
        throw new Error(`preparation agreement not started: ${r.error.code}`);
      }
      await this.postAgreementCard(r.value.after);
      this.deps.log.info("preparation.agreement.posted", { mentorshipId: job.mentorshipId });
      await this.deps.agreementStarted?.(r.value.after);
      return;
    }
    // A retry after a post that failed: start-up was claimed, the card may not be in the chat.
    if (current.phase === "startUp" && current.welcomePostedAt && !(await this.deps.posted.get(job.tenantId, job.mentorshipId, "agreement"))) {
      await this.postAgreementCard(current);
      await this.deps.agreementStarted?.(current); // the nudge's job id is fixed: scheduling it again is harmless
    }
  }

  private async postAgreementCard(m: Mentorship): Promise<void> {
    await this.deps.chat.post(m, { kind: "agreement" }, "agreement");
    // The welcome's button to begin the agreement goes; the rest of the welcome stays.
    await this.deps.chat.replace(m, "welcome", { kind: "welcome" });
  }

  /** The mentor's reminder in their personal chat: only while day one is still ahead, never while paused. */
  private async onReminderJob(job: Job): Promise<void> {
    const m = (await this.deps.store.getMentorship(job.tenantId, job.mentorshipId))?.value;
    if (!m || m.pausedAt || m.phase === "closed" || m.phase === "closing") return;
    if (dateIn(this.deps.clock.now(), m.timeZone) >= m.firstWorkingDay) return; // day one came: too late to be of use
    // No personal chat with the mentor yet: the delivery keeps it pending and offers it when they
    // next write to the app there, while the mentorship is still in preparation (sent once either way).
    const sent = await this.deps.personal.postToParty(m, "mentor", { kind: "preparationReminder" });
    if (!sent) this.deps.log.info("preparation.reminder.pending", { mentorshipId: m.id });
  }

  jobKinds(): readonly JobKindSpec[] {
    const rule = "{tenant}:{mentorship}:{kind}:{firstWorkingDay}[:resumed:{at}]";
    return [
      { kind: AGREEMENT_JOB, idRule: rule, untilDone: false, run: (job) => this.onAgreementJob(job) },
      { kind: REMINDER_JOB, idRule: rule, untilDone: false, run: (job) => this.onReminderJob(job) },
    ];
  }
}
