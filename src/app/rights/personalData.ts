/**
 * Issue 13: a person's data rights — everything the app holds about one person (their export) and
 * their erasure. Both go through the person index (PersonIndex.rolesOf) and the per-entity stores,
 * never a scan of the tenant's texts.
 *
 * The export holds what is the person's own or shared with them: their roles, the texts they wrote
 * (agreement versions they authored, their parts of agendas, the evaluation, their presentation, a
 * contact person's hand-over), their meetings and a leader's talks, the private answers they gave
 * (their own row only), their journal (a mentee's, through JournalRights) and the audit entries
 * about them. Never another person's private answers or journal; a leader gets dates and phases, as
 * everywhere else, never the pair's texts.
 *
 * The erasure deletes their journal at once, forgets their personal chat and their private answers,
 * and replaces their name (and id) by a pseudonym in every mentorship they are in — except those with
 * an archive hold, which are kept as they are (the person is told which and why, by the hold's reason).
 * It is refused while they still take part in a running mentorship: its chat and cards would lose a
 * party; the mentorship must close first (or the coordinator names someone else).
 */
import { randomBytes } from "node:crypto";
import type { AgreementFields, AgreementVersion, Party } from "../../domain/agreement";
import type { EvaluationFields } from "../../domain/closing";
import type { JournalEntry } from "../../domain/journal";
import type { Language } from "../../domain/language";
import type { Meeting } from "../../domain/meetings";
import type { ArchiveHoldReason, Mentorship, Phase } from "../../domain/mentorship";
import type { PairingAnswer, Ratings } from "../../domain/privateAnswers";
import { type Result, fail, ok } from "../../domain/result";
import type { Logger } from "../../log";
import type { AuditEntry, AuditLog } from "../../ports/audit";
import type { Clock } from "../../ports/clock";
import type { CalendarRecords } from "../../ports/calendar";
import type { JournalRights } from "../../ports/journal";
import type { PersonalChatStore } from "../../ports/personalChats";
import type { PrivateAnswerStore } from "../../ports/privateAnswers";
import type { MentorshipStore, PersonRole } from "../../ports/store";
import type { ChangeListener } from "../summaries";
import { type Pseudonym, personIn, pseudonymiseMeeting, pseudonymiseMentorship, pseudonymiseRecord, pseudonymiseVersion } from "./pseudonym";

/** The two downloads: the data itself, or the readable document in a language. */
export type DataFormat = "json" | Language;

export const PERSONAL_DATA_FORMAT = "mentorship-app/personal-data/1";

/** One agenda as far as it is the person's: the shared points, and of point 1 and 4 only their own. */
export interface AgendaPart {
  readonly theme: string;
  readonly learningGoal: string;
  readonly summary: string;
  readonly nextTheme: string;
  readonly nextLearningGoal: string;
  readonly nextPreparation: string;
  /** Point 1 (the mentee's own). */
  readonly howIsMentee?: string;
  readonly experience?: string;
  /** Point 4: their own feedback only. */
  readonly myFeedback: { readonly how: string; readonly worked: string; readonly better: string } | null;
}

export interface MeetingPart {
  readonly date: string;
  readonly time: string;
  readonly minutes: number;
  readonly startUtc: string;
  readonly status: Meeting["status"];
  readonly agenda: AgendaPart | null;
}

export interface MentorshipPart {
  readonly mentorshipId: string;
  readonly roles: readonly PersonRole[];
  readonly programme: string;
  readonly unit: string;
  readonly language: Language;
  readonly phase: Phase;
  readonly firstWorkingDay: string;
  readonly createdAt: string;
  readonly closedAt: string | null;
  readonly timeZone: string;
  /** Why the municipality keeps it (a code), when a coordinator set an archive hold. */
  readonly archiveHold: ArchiveHoldReason | null;
  /** The names they see in it (the pair, the leader, the contact person). */
  readonly people: { readonly mentor: string; readonly mentee: string; readonly leader: string | null; readonly contact: string | null };
  /** For a former mentor: until when they were the mentor. */
  readonly mentorUntil: string | null;
  /** The agreement versions they saved (a party's edits; "programme" versions are nobody's). */
  readonly agreementVersions: readonly { readonly number: number; readonly at: string; readonly fields: AgreementFields }[];
  /** The agreement as it stands, shared by the pair (current parties only). */
  readonly agreement: { readonly version: number; readonly agreedAt: string | null; readonly fields: AgreementFields } | null;
  /** The mentor's presentation for the new hire (the current mentor's). */
  readonly presentation: string | null;
  readonly meetings: readonly MeetingPart[];
  /** The closing evaluation (shared by the pair) and whether they confirmed it. */
  readonly evaluation: { readonly fields: EvaluationFields; readonly confirmedAt: string | null; readonly shareWithLeader: boolean } | null;
  /** The leader's talks (to the leader and the new hire): dates and status, never content. */
  readonly leaderTalks: readonly { readonly key: string; readonly from: string; readonly to: string; readonly status: string; readonly startUtc: string | null }[];
  /** A contact person's hand-over note to the mentor. */
  readonly handover: string | null;
}

export interface PrivateAnswerPart {
  readonly mentorshipId: string;
  readonly party: Party;
  readonly pairing: { readonly answer: PairingAnswer; readonly at: string } | null;
  readonly ratings: Ratings | null;
}

export interface PersonalDataExport {
  readonly format: typeof PERSONAL_DATA_FORMAT;
  readonly generatedAt: string;
  readonly tenantId: string;
  readonly person: { readonly aadObjectId: string; readonly names: readonly string[] };
  readonly mentorships: readonly MentorshipPart[];
  readonly privateAnswers: readonly PrivateAnswerPart[];
  /** A mentee's journal (null: not a mentee, or no journal in this installation). */
  readonly journal: readonly JournalEntry[] | null;
  /** Who looked at or changed their data, when and what kind (null: no audit log in this installation). */
  readonly audit: readonly AuditEntry[] | null;
  /** Their personal chat with the app: that it exists and how many messages wait there (null: none). */
  readonly personalChat: { readonly opened: boolean; readonly waiting: number; readonly updatedAt: string } | null;
}

/** What an erasure would do, for the confirmation (and what it did, after). */
export interface ErasurePlan {
  /** Running mentorships they take part in: while there are any, erasure is refused. */
  readonly running: number;
  /** Mentorships their name is replaced in. */
  readonly pseudonymised: number;
  /** Kept as they are, and why (with what lets the person recognise which). */
  readonly held: readonly { readonly mentorshipId: string; readonly reason: ArchiveHoldReason; readonly unit: string; readonly firstWorkingDay: string }[];
  /** They are (or were) a mentee: their journal goes. */
  readonly journal: boolean;
  readonly privateAnswers: number;
}

export interface ErasureReport extends ErasurePlan {
  readonly pseudonym: string;
  readonly journalEntries: number;
}

export interface PersonalDataDeps {
  readonly store: Pick<MentorshipStore, "rolesOf" | "getMentorship" | "saveMentorship" | "listAgreementVersions" | "rewriteAgreementVersion" | "listMeetings" | "saveMeeting" | "getChat" | "putChat" | "deleteChat" | "getActiveOfMentee" | "deleteActiveOfMentee">;
  readonly personalChats: Pick<PersonalChatStore, "getPersonalChat" | "deletePersonalChat">;
  readonly privateAnswers: Pick<PrivateAnswerStore, "getPrivateAnswers" | "deletePartyAnswers">;
  /** The mentee's journal (issue 13, the journal helper); absent: no journal in the export, nothing to erase. */
  readonly journal?: JournalRights | undefined;
  /** The audit log; absent: no audit entries in the export and none written. */
  readonly audit?: AuditLog | undefined;
  /** The local calendar's rows (absent with Graph: its events are in the people's own mailboxes). */
  readonly calendarRecords?: CalendarRecords | null;
  /** Told after each mentorship the erasure saved (the overview's summary follows). */
  readonly onChanged?: ChangeListener;
  readonly clock: Clock;
  readonly log: Logger;
  /** The pseudonym's readable name in a mentorship's language ("Slettet person 3F2A"), from the word list. */
  readonly pseudonymName: (language: Language, code: string) => string;
  /** A pseudonym's id (tests pass a fixed one). */
  readonly newPseudonymId?: () => string;
}

interface Found {
  readonly m: Mentorship;
  readonly roles: readonly PersonRole[];
}

/** Who was the mentor at `at`: the first former mentor whose time ended after it, else the current one. */
export function mentorAt(m: Mentorship, at: string): string {
  return (m.formerMentors ?? []).find((f) => f.until > at)?.person.aadObjectId ?? m.mentor.aadObjectId;
}

const isParty = (roles: readonly PersonRole[]) => roles.includes("mentor") || roles.includes("mentee");

export class PersonalData {
  constructor(private readonly deps: PersonalDataDeps) {}

  /** Their mentorships in this tenant with their roles, from the person index (each checked again against the row). */
  private async found(tenantId: string, aadObjectId: string): Promise<Found[]> {
    const byId = new Map<string, PersonRole[]>();
    for (const { mentorshipId, role } of await this.deps.store.rolesOf(tenantId, aadObjectId)) byId.set(mentorshipId, [...(byId.get(mentorshipId) ?? []), role]);
    const out: Found[] = [];
    for (const [id, roles] of byId) {
      const got = await this.deps.store.getMentorship(tenantId, id);
      if (!got || got.value.tenantId !== tenantId || personIn(got.value, aadObjectId).length === 0) continue;
      out.push({ m: got.value, roles });
    }
    return out.sort((a, b) => a.m.createdAt.localeCompare(b.m.createdAt));
  }

  /**
   * Everything the app holds about the person, for them alone (the caller has authenticated them).
   * Recorded in the audit log as `data.export`, unless only counted (`record: false`: the chat's summary).
   */
  async exportOf(tenantId: string, aadObjectId: string, options: { readonly record?: boolean } = {}): Promise<PersonalDataExport> {
    const found = await this.found(tenantId, aadObjectId);
    const names = new Set<string>();
    const mentorships: MentorshipPart[] = [];
    const privateAnswers: PrivateAnswerPart[] = [];
    for (const { m, roles } of found) {
      for (const p of personIn(m, aadObjectId)) names.add(p.name);
      mentorships.push(await this.partOf(m, roles, aadObjectId));
      for (const party of ["mentor", "mentee"] as const) {
        const got = await this.deps.privateAnswers.getPrivateAnswers(tenantId, m.id, party);
        // Only the row they gave themselves: a former mentor's successor's answers are not theirs.
        if (got && got.value.aadObjectId === aadObjectId) privateAnswers.push({ mentorshipId: m.id, party, pairing: got.value.pairing, ratings: got.value.ratings });
      }
    }
    const wasMentee = found.some((f) => f.roles.includes("mentee"));
    // Asked whatever the index says (entries outlive a mentorship a coordinator erased); only ever their own.
    const entries = this.deps.journal ? (await this.deps.journal.exportOf(tenantId, aadObjectId)).filter((e) => e.tenantId === tenantId && e.menteeAadObjectId === aadObjectId) : null;
    const journal = entries && (wasMentee || entries.length > 0) ? entries : null;
    const audit = this.deps.audit ? await this.deps.audit.about(tenantId, aadObjectId) : null;
    const chat = await this.deps.personalChats.getPersonalChat(tenantId, aadObjectId);
    const at = this.deps.clock.now().toISOString();
    if (options.record !== false) await this.deps.audit?.append({ tenantId, at, actorId: aadObjectId, verb: "data.export", subjectId: aadObjectId });
    this.deps.log.info("rights.export", { mentorships: mentorships.length, journal: journal?.length ?? -1 });
    return {
      format: PERSONAL_DATA_FORMAT,
      generatedAt: at,
      tenantId,
      person: { aadObjectId, names: [...names] },
      mentorships,
      privateAnswers,
      journal,
      audit,
      personalChat: chat ? { opened: chat.value.reference !== null, waiting: chat.value.pending.length, updatedAt: chat.value.updatedAt } : null,
    };
  }

  private async partOf(m: Mentorship, roles: readonly PersonRole[], me: string): Promise<MentorshipPart> {
    const party = isParty(roles);
    const former = roles.includes("formerMentor") ? ((m.formerMentors ?? []).filter((f) => f.person.aadObjectId === me).at(-1) ?? null) : null;
    const writes = party || former !== null;
    const authored = (v: AgreementVersion) => (v.editedBy === "mentee" ? m.mentee.aadObjectId === me : v.editedBy === "mentor" ? mentorAt(m, v.at) === me : false);
    const versions = writes ? (await this.deps.store.listAgreementVersions(m.tenantId, m.id)).filter(authored) : [];
    const meetings = party || former ? (await this.deps.store.listMeetings(m.tenantId, m.id)).map((x) => x.value) : [];
    const mine = meetings.filter((x) => party || (former !== null && x.startUtc < former.until));
    const myParty: Party | null = m.mentee.aadObjectId === me ? "mentee" : m.mentor.aadObjectId === me ? "mentor" : former ? "mentor" : null;
    const evaluation = party && m.closing ? m.closing.evaluation : null;
    const seesTalks = roles.includes("leader") || roles.includes("mentee");
    return {
      mentorshipId: m.id,
      roles,
      programme: m.programme,
      unit: m.unit,
      language: m.language,
      phase: m.phase,
      firstWorkingDay: m.firstWorkingDay,
      createdAt: m.createdAt,
      closedAt: m.closing?.closedAt ?? null,
      timeZone: m.timeZone,
      archiveHold: m.archiveHold?.reason ?? null,
      people: { mentor: m.mentor.name, mentee: m.mentee.name, leader: m.leader?.name ?? null, contact: m.contact?.name ?? null },
      mentorUntil: former?.until ?? null,
      agreementVersions: versions.map((v) => ({ number: v.number, at: v.at, fields: v.fields })),
      agreement: party ? { version: m.agreement.version, agreedAt: m.agreement.lockedAt, fields: m.agreement.fields } : null,
      presentation: roles.includes("mentor") && m.presentation ? m.presentation : null,
      meetings: mine.map((x) => meetingPart(x, myParty, former?.until ?? null, m, me)),
      evaluation: evaluation && myParty ? { fields: evaluation.fields, confirmedAt: evaluation.confirmations[myParty]?.at ?? null, shareWithLeader: evaluation.shareWithLeader } : null,
      leaderTalks: seesTalks ? (m.leaderState?.talks ?? []).map((x) => ({ key: x.key, from: x.from, to: x.to, status: x.status, startUtc: x.booking?.startUtc ?? null })) : [],
      handover: roles.includes("contact") && m.introduction?.handover ? m.introduction.handover.text : null,
    };
  }

  /** What an erasure would do now (the confirmation shows it). */
  async planOf(tenantId: string, aadObjectId: string): Promise<ErasurePlan> {
    return this.plan(tenantId, aadObjectId, await this.found(tenantId, aadObjectId));
  }

  private async plan(tenantId: string, aadObjectId: string, found: readonly Found[]): Promise<ErasurePlan> {
    let answers = 0;
    for (const { m } of found) {
      for (const party of ["mentor", "mentee"] as const) if ((await this.deps.privateAnswers.getPrivateAnswers(tenantId, m.id, party))?.value.aadObjectId === aadObjectId) answers++;
    }
    return {
      running: found.filter((f) => runningFor(f)).length,
      pseudonymised: found.filter((f) => !f.m.archiveHold).length,
      held: found.filter((f) => f.m.archiveHold).map((f) => ({ mentorshipId: f.m.id, reason: f.m.archiveHold!.reason, unit: f.m.unit, firstWorkingDay: f.m.firstWorkingDay })),
      journal: found.some((f) => f.roles.includes("mentee")),
      privateAnswers: answers,
    };
  }

  /**
   * The person's erasure, on their own request (the caller has authenticated them and had them
   * confirm). While they take part in a running mentorship only their journal is deleted (at once, as
   * always) and the rest is refused (ERASURE_WHILE_RUNNING, with how many journal entries went).
   */
  async erase(tenantId: string, aadObjectId: string): Promise<Result<ErasureReport>> {
    const found = await this.found(tenantId, aadObjectId);
    const plan = await this.plan(tenantId, aadObjectId, found);
    const now = this.deps.clock.now();
    if (plan.running > 0) {
      // The journal goes at once whatever runs (it is the person's alone and never held); the rest —
      // a running party's name and id — waits until the mentorship has closed or they were replaced.
      const journal = this.deps.journal ? await this.deps.journal.eraseOf(tenantId, aadObjectId) : 0;
      if (journal > 0) await this.deps.audit?.append({ tenantId, at: now.toISOString(), actorId: aadObjectId, verb: "journal.erase", subjectId: aadObjectId, detail: `entries:${journal}` });
      return fail("ERASURE_WHILE_RUNNING", { count: plan.running, journal });
    }
    // The journal first: it is the most private, and never held.
    const journalEntries = this.deps.journal ? await this.deps.journal.eraseOf(tenantId, aadObjectId) : 0;
    for (const { m } of found) {
      for (const party of ["mentor", "mentee"] as const) {
        if ((await this.deps.privateAnswers.getPrivateAnswers(tenantId, m.id, party))?.value.aadObjectId === aadObjectId) await this.deps.privateAnswers.deletePartyAnswers(tenantId, m.id, party);
      }
    }
    const personal = await this.deps.personalChats.getPersonalChat(tenantId, aadObjectId);
    if (personal?.value.conversationId) await this.deps.store.deleteChat(tenantId, personal.value.conversationId);
    await this.deps.personalChats.deletePersonalChat(tenantId, aadObjectId);
    // Their active-mentorship row names them; it goes unless it points to a held mentorship (kept with it).
    const active = await this.deps.store.getActiveOfMentee(tenantId, aadObjectId);
    if (active && !found.some((f) => f.m.id === active.value && f.m.archiveHold)) await this.deps.store.deleteActiveOfMentee(tenantId, aadObjectId, active.etag);
    const id = this.deps.newPseudonymId?.() ?? `erased-${randomBytes(6).toString("hex")}`;
    const names = [...new Set(found.flatMap((f) => personIn(f.m, aadObjectId).map((p) => p.name)))];
    for (const { m } of found) {
      if (m.archiveHold) continue;
      const p: Pseudonym = { aadObjectId, names, id, name: this.deps.pseudonymName(m.language, id.slice(-4).toUpperCase()) };
      await this.pseudonymise(m, p);
    }
    await this.deps.audit?.append({ tenantId, at: now.toISOString(), actorId: aadObjectId, verb: "person.erase", subjectId: aadObjectId, detail: `held:${plan.held.length}` });
    this.deps.log.info("rights.erased", { mentorships: plan.pseudonymised, held: plan.held.length, journalEntries });
    return ok({ ...plan, pseudonym: id, journalEntries });
  }

  /** Their name out of one mentorship: its row (with its index rows), versions, meetings and chat row. */
  private async pseudonymise(first: Mentorship, p: Pseudonym): Promise<void> {
    const { tenantId, id } = first;
    for (const v of await this.deps.store.listAgreementVersions(tenantId, id)) {
      const next = pseudonymiseVersion(v, p);
      if (JSON.stringify(next) !== JSON.stringify(v)) await this.deps.store.rewriteAgreementVersion(tenantId, id, next);
    }
    for (let attempt = 0; attempt < 10; attempt++) {
      let conflict = false;
      for (const x of await this.deps.store.listMeetings(tenantId, id)) {
        const next = pseudonymiseMeeting(x.value, p);
        if (JSON.stringify(next) !== JSON.stringify(x.value) && (await this.deps.store.saveMeeting(tenantId, next, x.etag)) === "conflict") conflict = true;
      }
      if (!conflict) break;
    }
    await this.deps.calendarRecords?.rewriteRecords(tenantId, id, (record) => pseudonymiseRecord(record, p));
    let saved: Mentorship | null = null;
    for (let attempt = 0; attempt < 10 && saved === null; attempt++) {
      const got = await this.deps.store.getMentorship(tenantId, id);
      if (!got || got.value.archiveHold) return;
      const next = pseudonymiseMentorship(got.value, p);
      if ((await this.deps.store.saveMentorship(next, got.etag)) === "saved") saved = next;
    }
    if (!saved) throw new Error("erasure: the mentorship kept changing");
    if (saved.conversationId) {
      const chat = await this.deps.store.getChat(tenantId, saved.conversationId);
      if (chat?.value.requestedBy?.aadObjectId === p.aadObjectId) await this.deps.store.putChat({ ...chat.value, requestedBy: { ...chat.value.requestedBy, aadObjectId: p.id, name: p.name, channelUserId: "" } }, chat.etag);
    }
    await this.deps.onChanged?.(tenantId, id, { mentorship: saved });
  }
}

/** How much there is, as the personal chat's reply counts it. */
export function countsOf(data: PersonalDataExport): { mentorships: number; texts: number; meetings: number; answers: number; journal: number; audit: number } {
  const texts = data.mentorships.reduce((n, m) => n + m.agreementVersions.length + m.meetings.filter((x) => x.agenda !== null).length + (m.evaluation ? 1 : 0) + (m.presentation ? 1 : 0) + (m.handover ? 1 : 0), 0);
  return {
    mentorships: data.mentorships.length,
    texts,
    meetings: data.mentorships.reduce((n, m) => n + m.meetings.length, 0),
    answers: data.privateAnswers.length,
    journal: data.journal?.length ?? 0,
    audit: data.audit?.length ?? 0,
  };
}

/** They take part in it while it runs (a former mentor's part is history). */
function runningFor(f: Found): boolean {
  return f.m.phase !== "closed" && f.roles.some((r) => r !== "formerMentor");
}

function meetingPart(x: Meeting, party: Party | null, until: string | null, m: Mentorship, me: string): MeetingPart {
  const a = x.agenda;
  const written = a.updatedAt !== null;
  const fb = party ? a.feedback[party] : null;
  // A mentor's feedback is theirs if they were the mentor when it was given.
  const ownFeedback = fb && fb.at && (party === "mentee" || mentorAt(m, fb.at) === me) ? { how: fb.how, worked: fb.worked, better: fb.better } : null;
  void until;
  return {
    date: x.date,
    time: x.time,
    minutes: x.minutes,
    startUtc: x.startUtc,
    status: x.status,
    agenda: written
      ? {
          theme: a.theme,
          learningGoal: a.learningGoal,
          summary: a.summary,
          nextTheme: a.nextTheme,
          nextLearningGoal: a.nextLearningGoal,
          nextPreparation: a.nextPreparation,
          ...(party === "mentee" ? { howIsMentee: a.howIsMentee, experience: a.experience } : {}),
          myFeedback: ownFeedback,
        }
      : null,
  };
}
