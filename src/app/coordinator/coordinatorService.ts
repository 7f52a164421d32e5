/**
 * The coordinator's use cases from the overview: prepare a mentorship for a new hire (and, with
 * Graph, create the pair's chat with the app in it), change a pair's mentor, pause and resume.
 * Callers have checked that the person asking is a coordinator of `tenantId`.
 */
import type { ClosingReason, ClosingStart } from "../../domain/closing";
import { isIsoDate } from "../../domain/dates";
import type { Language } from "../../domain/language";
import { type Mentorship, type Person, awaitingChat } from "../../domain/mentorship";
import type { ProgrammeDefinition } from "../../domain/programmeDefinition";
import type { ProgrammeId } from "../../domain/programmes";
import { type Result, fail, ok } from "../../domain/result";
import type { Logger } from "../../log";
import { CalendarError, type ChatProvisioner } from "../../ports/calendar";
import type { ChatDelivery } from "../../ports/chat";
import type { DirectoryPerson, PeopleDirectory } from "../../ports/people";
import { BackgroundWork } from "../background";
import type { MentorshipService } from "../setup/mentorshipService";

export interface NewMentorshipRequest {
  readonly menteeAadObjectId: string;
  readonly mentorAadObjectId: string;
  readonly programme: ProgrammeId;
  readonly firstWorkingDay: string;
  readonly unit: string;
  readonly language: Language;
  /** The coordinator has read the advice against making the mentee's own leader the mentor, and goes ahead. */
  readonly confirmLeader?: boolean;
  /** Issue 12: the new hire's leader as the coordinator chose; absent: the directory's manager of the new hire. */
  readonly leaderAadObjectId?: string;
  /** Issue 12: one of the tenant's own programmes (its newest version is kept with the mentorship); `programme` is then "custom". */
  readonly programmeId?: string;
}

/** How the pair gets their chat: the app made it ("created"), or they make it themselves from the instructions. */
export type ChatOutcome = "created" | "instructions" | "failed";

export interface CoordinatorDeps {
  /** The tenant's own programmes (ProgrammeService); without it a tenant programme is PROGRAMME_NOT_FOUND. */
  readonly programmes?: { forNewMentorship(tenantId: string, id: string): Promise<Result<{ programmeRef: { id: string; version: number }; programmeDefinition: ProgrammeDefinition }>> };
  readonly mentorships: MentorshipService;
  /**
   * Books the new plan version in the new mentor's calendar (MeetingService.rebook): it puts the
   * booking's resume job in place first, so a restart mid-booking cannot leave it "booking".
   */
  readonly rebook: (tenantId: string, mentorshipId: string) => Promise<void>;
  /** After a resume: posts what fell due during the pause (MeetingService.resumed). */
  readonly resumed?: (tenantId: string, mentorshipId: string) => Promise<void>;
  readonly people: PeopleDirectory;
  /** Graph only: the pair's chat is created with the app installed. */
  readonly chats: ChatProvisioner | null;
  /** The pair's chat: told of a change of mentor. */
  readonly chat: ChatDelivery;
  readonly chatTopic: (language: Language, mentor: string, mentee: string) => string;
  readonly log: Logger;
  /** Closing from the tab (ClosingService.start); absent: the route answers 404. */
  readonly closing?: { start(tenantId: string, mentorshipId: string, start: ClosingStart, reason: ClosingReason): Promise<Result<Mentorship>> };
  /** Issue 12: naming or changing the leader (LeaderService.setLeader); absent: the route answers 404. */
  readonly leader?: { setLeader(tenantId: string, mentorshipId: string, aadObjectId: string): Promise<Result<Mentorship>> };
}

const person = (p: DirectoryPerson): Person => ({ aadObjectId: p.aadObjectId, name: p.name, channelUserId: "" });

export class CoordinatorService {
  private readonly background: BackgroundWork;

  constructor(private readonly deps: CoordinatorDeps) {
    this.background = new BackgroundWork(deps.log, "coordinator.background.failed");
  }

  /** Resolves when the calendar work started by mentor changes has finished (tests, shutdown). */
  idle(): Promise<void> {
    return this.background.idle();
  }

  searchPeople(tenantId: string, query: string): Promise<DirectoryPerson[]> {
    return this.deps.people.search(tenantId, query, 20);
  }

  async create(tenantId: string, coordinatorId: string, input: NewMentorshipRequest): Promise<Result<{ mentorship: Mentorship; chat: ChatOutcome }>> {
    if (!isIsoDate(input.firstWorkingDay)) return fail("INVALID_START_DATE");
    if (input.menteeAadObjectId === input.mentorAadObjectId) return fail("MENTOR_IS_MENTEE");
    const mentee = await this.deps.people.get(tenantId, input.menteeAadObjectId);
    if (!mentee) return fail("PERSON_NOT_FOUND", { field: "mentee" });
    const mentor = await this.deps.people.get(tenantId, input.mentorAadObjectId);
    if (!mentor) return fail("PERSON_NOT_FOUND", { field: "mentor" });
    if (!input.confirmLeader && (await this.deps.people.isManagerOf(tenantId, mentor.aadObjectId, mentee.aadObjectId))) return fail("LEADER_AS_MENTOR", { field: "mentor" });
    const chosenLeader = input.leaderAadObjectId ? await this.deps.people.get(tenantId, input.leaderAadObjectId) : null;
    if (input.leaderAadObjectId && !chosenLeader) return fail("PERSON_NOT_FOUND", { field: "leader" });
    // A coordinator's programme: the version it has now, kept with the mentorship (issue 12).
    const own = input.programmeId ? await (this.deps.programmes?.forNewMentorship(tenantId, input.programmeId) ?? fail("PROGRAMME_NOT_FOUND")) : null;
    if (own && !own.ok) return own;
    const prepared = await this.deps.mentorships.prepare(tenantId, coordinatorId, {
      ...(own ? { programmeRef: own.value.programmeRef, programmeDefinition: own.value.programmeDefinition } : {}),
      programme: own ? "custom" : input.programme,
      language: input.language,
      unit: input.unit,
      firstWorkingDay: input.firstWorkingDay,
      mentor: person(mentor),
      mentee: person(mentee),
      ...(chosenLeader ? { leader: person(chosenLeader) } : {}),
    });
    if (!prepared.ok) return prepared;
    const m = prepared.value;
    const chats = this.deps.chats;
    if (!chats) return ok({ mentorship: m, chat: "instructions" });
    try {
      const { chatId } = await chats.createPairChat({ tenantId, mentor, mentee, topic: this.deps.chatTopic(m.language, mentor.name, mentee.name) });
      // Reserved before installing: the installation event may arrive before installApp returns.
      await this.deps.mentorships.reserveChatFor(tenantId, chatId, m.id);
      await chats.installApp({ tenantId, chatId });
      return ok({ mentorship: m, chat: "created" });
    } catch (err) {
      if (!(err instanceof CalendarError)) throw err;
      // The mentorship stays; the pair can still bind it by writing `start` in a chat of their own.
      this.deps.log.warn("coordinator.chat.failed", { code: err.code });
      return ok({ mentorship: m, chat: "failed" });
    }
  }

  /** Issue 12: the coordinator names or changes the new hire's leader; the talks and their reminders follow. */
  async setLeader(tenantId: string, mentorshipId: string, aadObjectId: string, options: { readonly confirmLeader?: boolean } = {}): Promise<Result<Mentorship>> {
    if (!this.deps.leader) return fail("MENTORSHIP_NOT_FOUND");
    const current = await this.deps.mentorships.getMentorship(tenantId, mentorshipId);
    if (!current) return fail("MENTORSHIP_NOT_FOUND");
    // The mentor named as the new hire's leader: the same advice as naming the leader as mentor (KL/DS), confirmed by the coordinator.
    if (!options.confirmLeader && aadObjectId === current.mentor.aadObjectId && current.leader?.aadObjectId !== aadObjectId) return fail("LEADER_AS_MENTOR", { field: "leader" });
    return this.deps.leader.setLeader(tenantId, mentorshipId, aadObjectId);
  }

  /** The new mentor takes over: the chat is told, and the remaining meetings move to the new mentor's calendar in the background. */
  async changeMentor(tenantId: string, mentorshipId: string, mentorAadObjectId: string, options: { readonly confirmLeader?: boolean } = {}): Promise<Result<Mentorship>> {
    // Which mentorship before whom: another tenant's id is "not found", whoever is named.
    const current = await this.deps.mentorships.getMentorship(tenantId, mentorshipId);
    if (!current) return fail("MENTORSHIP_NOT_FOUND");
    const found = await this.deps.people.get(tenantId, mentorAadObjectId);
    if (!found) return fail("PERSON_NOT_FOUND", { field: "mentor" });
    // Advice, not a ban (KL/DS): the coordinator confirms; naming the current mentor again stays NO_CHANGES.
    if (!options.confirmLeader && found.aadObjectId !== current.mentor.aadObjectId && (await this.deps.people.isManagerOf(tenantId, found.aadObjectId, current.mentee.aadObjectId))) {
      return fail("LEADER_AS_MENTOR", { field: "mentor" });
    }
    const r = await this.deps.mentorships.changeMentor(tenantId, mentorshipId, person(found));
    if (!r.ok) return r;
    const { mentorship, former, rebook } = r.value;
    if (rebook) this.background.track(this.deps.rebook(tenantId, mentorshipId));
    try {
      // A prepared mentorship has no chat yet: nobody to tell.
      if (!awaitingChat(mentorship)) {
        await this.deps.chat.post(mentorship, { kind: "mentorChanged", former });
        // The agreement card names the mentor.
        await this.deps.chat.replace(mentorship, "agreement", { kind: "agreement" });
      }
    } catch (err) {
      this.deps.log.warn("coordinator.notice.failed", { error: err instanceof Error ? err.name : "unknown" });
    }
    return ok(mentorship);
  }

  /**
   * A coordinator closes a mentorship from the overview, with a reason: the closing phase opens and
   * the evaluation card comes into the pair's chat, exactly as when the mentor begins it.
   */
  async startClosing(tenantId: string, mentorshipId: string, reason: ClosingReason): Promise<Result<Mentorship>> {
    if (!this.deps.closing) return fail("MENTORSHIP_NOT_FOUND");
    return this.deps.closing.start(tenantId, mentorshipId, { by: "coordinator" }, reason);
  }

  async setPaused(tenantId: string, mentorshipId: string, paused: boolean): Promise<Result<Mentorship>> {
    const r = await this.deps.mentorships.setPaused(tenantId, mentorshipId, paused);
    if (r.ok && !paused && this.deps.resumed) this.background.track(this.deps.resumed(tenantId, mentorshipId));
    return r;
  }
}
