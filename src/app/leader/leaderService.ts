/**
 * The leader's side of a mentorship (issue 12): who the leader is (the directory's manager of the new
 * hire by default, or the coordinator's choice), the leader's talks planned from the programme, the
 * reminders, heads-up and "was it held?" as durable jobs in the leader's personal chat, and booking a
 * talk as a Teams meeting in the leader's calendar. The leader sees dates and names only.
 *
 * Jobs: one id per (kind, talk, due instant), so scheduling the same again is harmless and a due time
 * that moved (the first working day changed, a resume after it) gets a job of its own; every handler
 * re-reads and does nothing when its reason has gone (paused, closed, already reminded/answered, or not
 * due yet by the current dates — a later job is in place). A close cancels them all (ClosingService).
 */
import {
  type LeaderTalk,
  answerTalk,
  bookTalk,
  canBookTalk,
  findTalk,
  headsUpDueAt,
  headsUpSent,
  heldCheckDueAt,
  planTalks,
  proposedTalkSlot,
  reminderDueAt,
  setLeader,
  talkAttendees,
  talkReminded,
} from "../../domain/leader";
import { dateIn } from "../../domain/dates";
import type { Mentorship, Person } from "../../domain/mentorship";
import { policyOf } from "../../domain/programmes";
import { type Result, fail, ok } from "../../domain/result";
import type { Logger } from "../../log";
import { CalendarError, type CalendarPerson, type EventCalendar, type PersonalInstaller } from "../../ports/calendar";
import type { Clock } from "../../ports/clock";
import type { Job, JobStore } from "../../ports/jobs";
import type { PeopleDirectory } from "../../ports/people";
import type { PersonalDelivery } from "../../ports/personal";
import type { MentorshipStore, Stored } from "../../ports/store";
import type { Actor } from "../actor";
import type { JobKindSpec } from "../jobs/registry";
import { type Transition, mutateMentorship, stateOnly } from "../mutate";
import { type RetryPolicy, defaultRetryPolicy } from "../optimistic";
import type { ChangeListener, SavedState } from "../summaries";

export interface LeaderDeps {
  readonly store: Pick<MentorshipStore, "getMentorship" | "saveMentorship">;
  readonly jobs: Pick<JobStore, "scheduleMany">;
  readonly personal: PersonalDelivery;
  /** The leader's calendar for the talks; null: booking is refused as unavailable. */
  readonly calendar: EventCalendar | null;
  /** E-mail addresses for the invitation (Graph's directory); the local calendar needs none. */
  readonly directory: (tenantId: string, aadObjectId: string) => Promise<{ email: string; name: string } | null>;
  readonly people: Pick<PeopleDirectory, "managerOf" | "get">;
  /** The talk's calendar subject and body (localised; names only). */
  readonly texts: (m: Mentorship, talk: LeaderTalk) => { subject: string; bodyHtml: string };
  readonly clock: Clock;
  readonly log: Logger;
  readonly retry?: RetryPolicy;
  readonly onChanged?: ChangeListener;
  /**
   * With Graph: the app installs itself for a leader who has no personal chat with it yet (Teams then
   * tells the bot of the new chat, which offers what waits). Without: the message waits until the
   * leader opens the app.
   */
  readonly installer?: PersonalInstaller | null;
}

type Zone = "Europe/Copenhagen" | "Europe/Oslo";

export class LeaderService {
  private readonly retry: RetryPolicy;
  /** What the jobs were last put in place for, per mentorship: a change that touches none of it schedules nothing. */
  private readonly synced = new Map<string, string>();

  constructor(private readonly deps: LeaderDeps) {
    this.retry = deps.retry ?? defaultRetryPolicy;
  }

  private async mutate<T>(tenantId: string, id: string, transition: Transition<T>, loaded?: Stored<Mentorship> | null) {
    const r = await mutateMentorship(this.deps.store, this.retry, tenantId, id, transition, { loaded });
    if (r.ok) await this.deps.onChanged?.(tenantId, id, { mentorship: r.value.after });
    return r;
  }

  // ─── who the leader is ──────────────────────────────────────────────────────────────────────

  /** The new hire's leader as the directory knows it (Entra manager; local mode Lars Leder); null: none, or the directory failed. */
  async defaultLeader(tenantId: string, menteeAadObjectId: string): Promise<Person | null> {
    try {
      const found = await this.deps.people.managerOf(tenantId, menteeAadObjectId);
      return found && found.aadObjectId !== menteeAadObjectId ? { aadObjectId: found.aadObjectId, name: found.name, channelUserId: "" } : null;
    } catch (err) {
      this.deps.log.warn("leader.default.failed", { error: err instanceof Error ? err.name : "unknown" });
      return null;
    }
  }

  /** A coordinator names or changes the leader (the caller has checked the role and the tenant): the talks are (re)planned. */
  async setLeader(tenantId: string, mentorshipId: string, aadObjectId: string): Promise<Result<Mentorship>> {
    const person = await this.deps.people.get(tenantId, aadObjectId);
    if (!person) return fail("PERSON_NOT_FOUND");
    const leader: Person = { aadObjectId: person.aadObjectId, name: person.name, channelUserId: "" };
    const r = await this.mutate(tenantId, mentorshipId, ({ value }) => stateOnly(setLeader(value, leader, policyOf(value), this.deps.clock.now())));
    if (!r.ok) return r;
    this.deps.log.info("leader.set", { mentorshipId });
    return ok(r.value.after);
  }

  // ─── the jobs ───────────────────────────────────────────────────────────────────────────────

  /**
   * Every saved change comes here (compose's onChanged): talks not yet planned for the current
   * leader and first working day are planned (saved), and the jobs are put in place for what
   * changed. A mentorship without a leader, closed or paused costs no request.
   */
  async changed(tenantId: string, mentorshipId: string, saved?: SavedState): Promise<void> {
    const m = saved?.mentorship;
    if (!m || !m.leader || m.phase === "closed") return;
    const planned = planTalks(m, policyOf(m));
    if (planned !== m) {
      await this.mutate(tenantId, mentorshipId, ({ value }) => {
        const next = planTalks(value, policyOf(value));
        return next === value ? fail("NO_CHANGES") : ok({ mentorship: next, value: null });
      });
      return; // the save above comes back here with the planned talks
    }
    await this.sync(m);
  }

  /** After a resume: what fell due during the pause comes now. */
  async resumed(tenantId: string, mentorshipId: string): Promise<void> {
    this.synced.delete(`${tenantId}:${mentorshipId}`);
    const m = await this.deps.store.getMentorship(tenantId, mentorshipId);
    if (m) await this.changed(tenantId, mentorshipId, { mentorship: m.value });
  }

  private jobsFor(m: Mentorship): Job[] {
    if (!m.leader || !m.leaderState || m.phase === "closed" || m.pausedAt) return [];
    const policy = policyOf(m);
    const now = this.deps.clock.now();
    const today = dateIn(now, m.timeZone);
    const at = (d: Date) => new Date(Math.max(d.getTime(), now.getTime())).toISOString();
    const job = (kind: Job["kind"], dueAt: string, talk?: string): Job => ({
      id: `${m.tenantId}:${m.id}:${kind}:${talk ? `${talk}:` : ""}${dueAt}`,
      kind,
      tenantId: m.tenantId,
      mentorshipId: m.id,
      dueAt,
      payload: talk ? { talk } : {},
    });
    const out: Job[] = [];
    for (const t of m.leaderState.talks) {
      if (t.status === "planned" && t.to >= today) out.push(job("leader.reminder", at(reminderDueAt(m, policy, t)), t.key));
      if (t.status === "booked" && t.booking) out.push(job("leader.heldCheck", at(heldCheckDueAt(m, policy, t.booking)), t.key));
    }
    const headsUp = headsUpDueAt(m, policy);
    if (headsUp && !m.leaderState.headsUpAt) out.push(job("leader.headsUp", at(headsUp)));
    return out;
  }

  private async sync(m: Mentorship): Promise<void> {
    const jobs = this.jobsFor(m);
    const key = `${m.tenantId}:${m.id}`;
    const fingerprint = jobs.map((j) => j.id).join("|");
    if (this.synced.get(key) === fingerprint) return;
    if (jobs.length > 0) await this.deps.jobs.scheduleMany(jobs);
    this.synced.set(key, fingerprint);
  }

  /** The mentorship a leader job is about, when it still should run: running, not paused, with a leader. */
  private async live(job: Job): Promise<Stored<Mentorship> | null> {
    const stored = await this.deps.store.getMentorship(job.tenantId, job.mentorshipId);
    const m = stored?.value;
    if (!stored || !m || m.phase === "closed" || m.pausedAt || !m.leader || !m.leaderState) return null;
    return stored;
  }

  /** To the leader's personal chat; without one yet, kept pending and (with Graph) the app installed for the leader. */
  private async toLeader(m: Mentorship, message: Parameters<PersonalDelivery["postToParty"]>[2]): Promise<void> {
    const delivered = await this.deps.personal.postToParty(m, "leader", message);
    if (delivered || !this.deps.installer || !m.leader) return;
    try {
      await this.deps.installer.installForUser({ tenantId: m.tenantId, aadObjectId: m.leader.aadObjectId });
      this.deps.log.info("leader.appInstalled", { mentorshipId: m.id });
    } catch (err) {
      // The message stays pending: it is offered when the leader opens the app.
      this.deps.log.warn("leader.install.failed", { mentorshipId: m.id, error: err instanceof CalendarError ? err.code : err instanceof Error ? err.name : "unknown" });
    }
  }

  private async onReminder(job: Job): Promise<void> {
    const stored = await this.live(job);
    const key = String(job.payload["talk"] ?? "");
    const talk = stored ? findTalk(stored.value, key) : null;
    if (!stored || !talk || talk.status !== "planned") return;
    if (this.deps.clock.now().getTime() < reminderDueAt(stored.value, policyOf(stored.value), talk).getTime()) return; // moved later: a later job is in place
    const r = await this.mutate(job.tenantId, job.mentorshipId, ({ value }) => stateOnly(talkReminded(value, key, this.deps.clock.now())), stored);
    if (!r.ok) return;
    // Kept pending by the delivery when the leader has no personal chat yet (or it did not answer).
    await this.toLeader(r.value.after, { kind: "leaderReminder", talk: key });
    this.deps.log.info("leader.reminded", { mentorshipId: job.mentorshipId, talk: key });
  }

  private async onHeadsUp(job: Job): Promise<void> {
    const stored = await this.live(job);
    if (!stored || stored.value.leaderState?.headsUpAt) return;
    const due = headsUpDueAt(stored.value, policyOf(stored.value));
    if (!due || this.deps.clock.now().getTime() < due.getTime()) return;
    const r = await this.mutate(job.tenantId, job.mentorshipId, ({ value }) => stateOnly(headsUpSent(value, this.deps.clock.now())), stored);
    if (!r.ok) return;
    await this.toLeader(r.value.after, { kind: "leaderHeadsUp" });
    this.deps.log.info("leader.headsUp", { mentorshipId: job.mentorshipId });
  }

  private async onHeldCheck(job: Job): Promise<void> {
    const stored = await this.live(job);
    const key = String(job.payload["talk"] ?? "");
    const talk = stored ? findTalk(stored.value, key) : null;
    if (!stored || !talk || talk.status !== "booked" || !talk.booking) return;
    if (this.deps.clock.now().getTime() < heldCheckDueAt(stored.value, policyOf(stored.value), talk.booking).getTime()) return;
    await this.toLeader(stored.value, { kind: "leaderHeldCheck", talk: key });
    this.deps.log.info("leader.heldCheck", { mentorshipId: job.mentorshipId, talk: key });
  }

  jobKinds(): readonly JobKindSpec[] {
    return [
      { kind: "leader.reminder", idRule: "{tenant}:{mentorship}:leader.reminder:{talk}:{dueAt}", untilDone: false, run: (job) => this.onReminder(job) },
      { kind: "leader.headsUp", idRule: "{tenant}:{mentorship}:leader.headsUp:{dueAt}", untilDone: false, run: (job) => this.onHeadsUp(job) },
      { kind: "leader.heldCheck", idRule: "{tenant}:{mentorship}:leader.heldCheck:{talk}:{dueAt}", untilDone: false, run: (job) => this.onHeldCheck(job) },
    ];
  }

  // ─── the leader's answers ───────────────────────────────────────────────────────────────────

  /** The time the app proposes for a talk (shown on the reminder card, booked by the button). */
  proposedSlot(m: Mentorship, talk: LeaderTalk) {
    return proposedTalkSlot(m, policyOf(m), talk, dateIn(this.deps.clock.now(), m.timeZone));
  }

  /**
   * The leader books the talk: checked first (only the leader, a talk not booked yet), then the
   * calendar (idempotent by its transactionId), then the booking saved. A refusal writes nothing.
   */
  async book(actor: Actor, stored: Stored<Mentorship>, key: string): Promise<Result<Mentorship>> {
    const m = stored.value;
    const check = canBookTalk(m, actor.aadObjectId, key);
    if (!check.ok) return check;
    if (!this.deps.calendar) return fail("BUSY_TRY_AGAIN");
    const talk = check.value;
    const slot = this.proposedSlot(m, talk);
    const person = async (p: Person): Promise<CalendarPerson> => {
      const found = await this.deps.directory(m.tenantId, p.aadObjectId);
      return { aadObjectId: p.aadObjectId, email: found?.email ?? "", name: found?.name ?? p.name };
    };
    const leader = m.leader as Person;
    const texts = this.deps.texts(m, talk);
    let event;
    try {
      event = await this.deps.calendar.bookEvent({
        tenantId: m.tenantId,
        mentorshipId: m.id,
        key,
        organizer: await person(leader),
        attendees: await Promise.all(talkAttendees(m, key).map(person)),
        subject: texts.subject,
        bodyHtml: texts.bodyHtml,
        date: slot.date,
        time: slot.time,
        minutes: slot.minutes,
        timeZone: slot.zone as Zone,
      });
    } catch (err) {
      this.deps.log.warn("leader.book.failed", { mentorshipId: m.id, error: err instanceof CalendarError ? err.code : err instanceof Error ? err.name : "unknown" });
      return fail("BUSY_TRY_AGAIN");
    }
    const r = await this.mutate(m.tenantId, m.id, ({ value }) => stateOnly(bookTalk(value, actor.aadObjectId, key, { startUtc: slot.startUtc, endUtc: slot.endUtc, eventId: event.eventId, joinUrl: event.joinUrl }, this.deps.clock.now())), stored);
    if (!r.ok) return r;
    this.deps.log.info("leader.booked", { mentorshipId: m.id, talk: key });
    return ok(r.value.after);
  }

  /** The leader answers "was it held?". */
  async answer(actor: Actor, stored: Stored<Mentorship>, key: string, held: boolean): Promise<Result<Mentorship>> {
    const r = await this.mutate(stored.value.tenantId, stored.value.id, ({ value }) => stateOnly(answerTalk(value, actor.aadObjectId, key, held, this.deps.clock.now())), stored);
    return r.ok ? ok(r.value.after) : r;
  }
}
