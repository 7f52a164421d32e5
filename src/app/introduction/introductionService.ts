/**
 * The introduction scheme's use cases (issue 12): the coordinator or the mentor starts it and names
 * the contact person; the contact person and the new hire tick the checklist and the schedule on the
 * introduction card in the pair's chat; the contact person (or the leader) closes it after the
 * closing talk; the contact person's hand-over note goes to the mentor alone, in the mentor's personal
 * chat, when the mentor scheme begins (handoverDue). Each is load → pure transition → conditional
 * save (mutateMentorship), then the card in the chat is shown again for everyone.
 *
 * Mode "before" (the introduction runs in front of the mentor scheme, seed 002's "første 3 måneder")
 * and "beside" (both run together) differ in one thing the app does: when the hand-over reaches the
 * mentor — beside at once when it is written, before only when the introduction closes with "the
 * mentor scheme starts now". The mentor's own cards (agreement, meetings) are not held back by either.
 */
import { type IntroductionMode, closeIntroduction, handoverDue, startIntroduction, tickIntroduction, writeHandover } from "../../domain/introduction";
import { addDays, zonedToUtc } from "../../domain/calendarMath";
import type { Mentorship, Person } from "../../domain/mentorship";
import { policyOf } from "../../domain/programmes";
import { type Result, fail, ok } from "../../domain/result";
import type { Logger } from "../../log";
import type { ChatDelivery } from "../../ports/chat";
import type { Clock } from "../../ports/clock";
import type { Job, JobStore } from "../../ports/jobs";
import type { PeopleDirectory } from "../../ports/people";
import type { PersonalDelivery } from "../../ports/personal";
import type { MentorshipStore, Stored } from "../../ports/store";
import type { Actor } from "../actor";
import type { JobKindSpec } from "../jobs/registry";
import { type Mutated, type Transition, mutateMentorship, stateOnly } from "../mutate";
import { type RetryPolicy, defaultRetryPolicy } from "../optimistic";
import type { ChangeListener } from "../summaries";

export interface IntroductionDeps {
  readonly store: Pick<MentorshipStore, "getMentorship" | "saveMentorship">;
  /** The status meetings' reminders ("introduction.reminder"); without it none are scheduled. */
  readonly jobs?: Pick<JobStore, "scheduleMany">;
  readonly chat: ChatDelivery;
  /** The mentor's personal chat: the hand-over note goes there, to nobody else. */
  readonly personal: PersonalDelivery;
  readonly clock: Clock;
  readonly log: Logger;
  readonly retry?: RetryPolicy;
  readonly onChanged?: ChangeListener;
}

export interface StartInput {
  readonly contact: Person;
  readonly mode: IntroductionMode;
  readonly confirmLeader?: boolean;
  /** The directory says the contact person is the new hire's manager. */
  readonly contactIsLeader?: boolean;
}

/** The mode a programme suggests: in front of the mentor scheme when it has introduction months (KL/DS), else beside it. */
export function defaultMode(m: Mentorship): IntroductionMode {
  return policyOf(m).introductionMonths ? "before" : "beside";
}

const REMINDER_KIND = "introduction.reminder" as const;

export class IntroductionService {
  private readonly retry: RetryPolicy;

  constructor(private readonly deps: IntroductionDeps) {
    this.retry = deps.retry ?? defaultRetryPolicy;
  }

  private async mutate<T>(tenantId: string, id: string, transition: Transition<T>, loaded?: Stored<Mentorship> | null): Promise<Result<Mutated<T>>> {
    const r = await mutateMentorship(this.deps.store, this.retry, tenantId, id, transition, { loaded });
    if (r.ok) await this.deps.onChanged?.(tenantId, id, { mentorship: r.value.after });
    return r;
  }

  /** Starts the introduction (or names another contact person / mode) and shows its card in the pair's chat. */
  async start(tenantId: string, mentorshipId: string, input: StartInput, loaded?: Stored<Mentorship> | null): Promise<Result<Mentorship>> {
    const r = await this.mutate(
      tenantId,
      mentorshipId,
      ({ value }) => stateOnly(startIntroduction(value, policyOf(value).introduction, input.contact, input.mode, this.deps.clock.now(), { ...(input.confirmLeader !== undefined ? { confirmLeader: input.confirmLeader } : {}), ...(input.contactIsLeader !== undefined ? { contactIsLeader: input.contactIsLeader } : {}) })),
      loaded,
    );
    if (!r.ok) return r;
    this.deps.log.info("introduction.started", { mentorshipId, mode: input.mode, contactIsMentor: input.contact.aadObjectId === r.value.after.mentor.aadObjectId });
    if (!r.value.before.introduction) await this.scheduleReminders(r.value.after);
    await this.showCard(r.value.after);
    return ok(r.value.after);
  }

  async tick(actor: Actor, mentorshipId: string, changes: readonly { key: string; ticked: boolean }[], loaded?: Stored<Mentorship> | null): Promise<Result<Mentorship>> {
    const r = await this.mutate(actor.tenantId, mentorshipId, ({ value }) => stateOnly(tickIntroduction(value, actor.aadObjectId, changes, this.deps.clock.now())), loaded);
    return r.ok ? ok(r.value.after) : r;
  }

  async close(actor: Actor, mentorshipId: string, outcome: { talkHeld: boolean; mentorSchemeStarts: boolean }, loaded?: Stored<Mentorship> | null): Promise<Result<Mentorship>> {
    const r = await this.mutate(actor.tenantId, mentorshipId, ({ value }) => stateOnly(closeIntroduction(value, actor.aadObjectId, outcome, this.deps.clock.now())), loaded);
    if (!r.ok) return r;
    this.deps.log.info("introduction.closed", { mentorshipId, mentorSchemeStarts: outcome.mentorSchemeStarts });
    await this.deliverHandover(r.value.before, r.value.after);
    return ok(r.value.after);
  }

  async handover(actor: Actor, mentorshipId: string, text: string, loaded?: Stored<Mentorship> | null): Promise<Result<Mentorship>> {
    const r = await this.mutate(actor.tenantId, mentorshipId, ({ value }) => stateOnly(writeHandover(value, actor.aadObjectId, text, this.deps.clock.now())), loaded);
    if (!r.ok) return r;
    await this.deliverHandover(r.value.before, r.value.after);
    return ok(r.value.after);
  }

  /** The hand-over goes to the mentor once it is due and new (written, or due, by this change). A failure is logged; the change stands. */
  private async deliverHandover(before: Mentorship, after: Mentorship): Promise<void> {
    if (!handoverDue(after)) return;
    if (handoverDue(before) && before.introduction?.handover?.at === after.introduction?.handover?.at) return;
    try {
      await this.deps.personal.postToParty(after, "mentor", { kind: "introductionHandover" });
      this.deps.log.info("introduction.handover.sent", { mentorshipId: after.id });
    } catch (err) {
      this.deps.log.warn("introduction.handover.failed", { mentorshipId: after.id, error: err instanceof Error ? err.name : "unknown" });
    }
  }

  // ─── the status meetings' reminders ─────────────────────────────────────────────────────────

  /**
   * One "introduction.reminder" per status meeting of the schedule (items whose key begins with
   * "status", as the built-ins name them), at 08:00 in the programme's zone on the first day of its
   * week; none for a week already begun. A failure is logged: the introduction stands without them.
   */
  private async scheduleReminders(m: Mentorship): Promise<void> {
    const intro = m.introduction;
    if (!this.deps.jobs || !intro) return;
    const now = this.deps.clock.now().getTime();
    const jobs: Job[] = intro.template.schedule
      .filter((s) => s.key.startsWith("status"))
      .map((s) => ({ key: s.key, dueAt: zonedToUtc(addDays(m.firstWorkingDay, (Math.max(1, s.week) - 1) * 7), "08:00", m.timeZone) }))
      .filter((x) => x.dueAt.getTime() > now)
      .map((x) => ({ id: `${m.tenantId}:${m.id}:${REMINDER_KIND}:${x.key}`, kind: REMINDER_KIND, tenantId: m.tenantId, mentorshipId: m.id, dueAt: x.dueAt.toISOString(), payload: { item: x.key } }));
    if (jobs.length === 0) return;
    try {
      await this.deps.jobs.scheduleMany(jobs);
    } catch (err) {
      this.deps.log.warn("introduction.reminders.failed", { mentorshipId: m.id, error: err instanceof Error ? err.name : "unknown" });
    }
  }

  /** The reminder's handler: re-reads, and says nothing when the reason has gone (paused, closed, the item ticked or gone). */
  private async onReminder(job: Job): Promise<void> {
    const stored = await this.deps.store.getMentorship(job.tenantId, job.mentorshipId);
    const m = stored?.value;
    const item = String(job.payload["item"] ?? "");
    const intro = m?.introduction;
    if (!m || m.pausedAt || m.phase === "closed" || !intro || intro.closedAt) return;
    if (!intro.template.schedule.some((s) => s.key === item) || Object.hasOwn(intro.ticks, `s:${item}`)) return;
    // Thrown on an unreachable chat: the job runs again.
    await this.deps.chat.post(m, { kind: "introductionReminder", item });
  }

  jobKinds(): readonly JobKindSpec[] {
    return [{ kind: REMINDER_KIND, idRule: "{tenant}:{mentorship}:introduction.reminder:{item}", untilDone: false, run: (job) => this.onReminder(job) }];
  }

  /** The introduction card in the pair's chat: the posted one replaced for everyone, or (none yet, or gone) a new one. */
  async showCard(m: Mentorship): Promise<void> {
    try {
      if (!(await this.deps.chat.replace(m, "introduction", { kind: "introduction" }))) await this.deps.chat.post(m, { kind: "introduction" }, "introduction");
    } catch (err) {
      // The introduction stands; `card` in the chat or the next change shows it again.
      this.deps.log.warn("introduction.card.failed", { mentorshipId: m.id, error: err instanceof Error ? err.name : "unknown" });
    }
  }
}

/**
 * The coordinator's part (tab route PUT /api/tab/mentorships/:id/introduction): the contact person is
 * looked up in the directory, the directory is asked whether they are the new hire's leader (the
 * domain also knows the mentorship's own leader), and the introduction starts as the mentor's would.
 */
export class IntroductionCoordinator {
  constructor(
    private readonly deps: {
      readonly introduction: Pick<IntroductionService, "start">;
      readonly mentorships: Pick<MentorshipStore, "getMentorship">;
      readonly people: Pick<PeopleDirectory, "get" | "isManagerOf">;
    },
  ) {}

  async startIntroduction(tenantId: string, mentorshipId: string, input: { readonly contactAadObjectId: string; readonly mode: IntroductionMode; readonly confirmLeader: boolean }): Promise<Result<Mentorship>> {
    // Which mentorship before whom: another tenant's id is "not found", whoever is named.
    const current = await this.deps.mentorships.getMentorship(tenantId, mentorshipId);
    if (!current) return fail("MENTORSHIP_NOT_FOUND");
    const found = await this.deps.people.get(tenantId, input.contactAadObjectId);
    if (!found) return fail("PERSON_NOT_FOUND", { field: "contact" });
    const m = current.value;
    const known = m.mentor.aadObjectId === found.aadObjectId ? m.mentor : m.contact?.aadObjectId === found.aadObjectId ? m.contact : null;
    const contact: Person = known ?? { aadObjectId: found.aadObjectId, name: found.name, channelUserId: "" };
    const contactIsLeader = !input.confirmLeader && found.aadObjectId !== m.mentee.aadObjectId && (await this.deps.people.isManagerOf(tenantId, found.aadObjectId, m.mentee.aadObjectId));
    return this.deps.introduction.start(tenantId, mentorshipId, { contact, mode: input.mode, confirmLeader: input.confirmLeader, contactIsLeader }, current);
  }
}
