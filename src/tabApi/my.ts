/**
 * "My mentorship": the caller's own mentorships (as mentor or mentee) — the phase timeline, the
 * agreed learning goals (the caller is a party), upcoming meetings with join links, and the held
 * meetings' date and theme. Nothing else the pair wrote (no agenda or feedback text beyond the theme).
 */
import type { Meeting } from "../domain/meetings";
import { type Mentorship, type Phase, awaitingChat, partyOf } from "../domain/mentorship";
import { type DatedMilestone, milestoneDates, policyOf, timeZoneOf } from "../domain/programmes";
import type { MentorshipStore } from "../ports/store";
import { type Timeline, phaseProgressOf, timelineOf } from "./overview";

export interface MyMentorship {
  readonly mentorshipId: string;
  readonly role: "mentor" | "mentee";
  readonly otherName: string;
  readonly programme: string;
  readonly unit: string;
  readonly phase: Phase;
  readonly phaseProgress: number;
  readonly firstWorkingDay: string;
  readonly timeline: Timeline;
  /** The programme's time zone (IANA), for showing the dates and instants here as local times. */
  readonly timeZone: string;
  /** The leader's probation and development talks the programme has, as dates (no content: the leader holds them). */
  readonly milestones: readonly DatedMilestone[];
  readonly agreementStatus: "draft" | "waiting" | "agreed";
  /** From the agreed (locked) agreement only; empty strings before it is agreed. */
  readonly learningGoals: { readonly shortTerm: string; readonly longTerm: string };
  readonly upcoming: readonly { readonly startUtc: string; readonly minutes: number; readonly joinUrl: string | null }[];
  readonly held: readonly { readonly startUtc: string; readonly theme: string }[];
  /** Prepared by a coordinator: the pair still has to create their chat (the tab shows how). */
  readonly awaitingChat: boolean;
  /** The agreed version in force, which the pair can download as a Word document; null before both accepted one. */
  readonly agreedVersion: number | null;
  /** Both confirmed the closing evaluation: it can be downloaded as a Word document. */
  readonly evaluationFinished: boolean;
}

/** A mentorship the caller was the mentor of until a change of mentor: who and until when, nothing of its content. */
export interface FormerMentorship {
  readonly menteeName: string;
  readonly programme: string;
  readonly until: string;
  readonly timeZone: string;
}

export function myMentorship(m: Mentorship, meetings: readonly Meeting[], role: "mentor" | "mentee", now: Date): MyMentorship {
  const nowIso = now.toISOString();
  const policy = policyOf(m);
  const timeline = m.programmeRef ? timelineOf(`${m.programmeRef.id}@${m.programmeRef.version}`, m.firstWorkingDay, m.createdAt, policy) : timelineOf(m.programme, m.firstWorkingDay, m.createdAt);
  const live = meetings.filter((x) => x.status !== "cancelled").sort((a, b) => a.startUtc.localeCompare(b.startUtc));
  const joinUrl = (x: Meeting) => m.meetingPlan?.booked.find((b) => b.key === x.seriesKey)?.joinUrl ?? null;
  return {
    mentorshipId: m.id,
    role,
    otherName: role === "mentor" ? m.mentee.name : m.mentor.name,
    programme: m.programme,
    unit: m.unit,
    phase: m.phase,
    phaseProgress: phaseProgressOf(m.phase, timeline, now),
    firstWorkingDay: m.firstWorkingDay,
    timeline,
    timeZone: m.timeZone || timeZoneOf(m),
    milestones: milestoneDates(policy, m.firstWorkingDay),
    agreementStatus: m.agreement.lockedAt ? "agreed" : m.agreementPostedAt ? "waiting" : "draft",
    learningGoals: m.agreement.lockedAt ? { shortTerm: m.agreement.fields.shortTermGoals, longTerm: m.agreement.fields.longTermIdeas } : { shortTerm: "", longTerm: "" },
    upcoming: live.filter((x) => x.status === "planned" && x.startUtc > nowIso).map((x) => ({ startUtc: x.startUtc, minutes: x.minutes, joinUrl: joinUrl(x) })),
    // As the summary counts them: marked held, or past with an agenda written.
    held: live
      .filter((x) => x.status === "held" || (x.status === "planned" && x.startUtc <= nowIso && x.agenda.updatedAt !== null))
      .map((x) => ({ startUtc: x.startUtc, theme: x.agenda.theme })),
    awaitingChat: awaitingChat(m),
    agreedVersion: m.agreement.lockedAt ? m.agreement.version : null,
    evaluationFinished: Boolean(m.closing?.closedAt),
  };
}

/** The caller's mentorships in their own tenant, each checked again to have the caller as a party. */
export async function myMentorships(store: Pick<MentorshipStore, "mentorshipsOf" | "listMeetings">, tenantId: string, aadObjectId: string, now: Date): Promise<MyMentorship[]> {
  const mine = (await store.mentorshipsOf(tenantId, aadObjectId)).filter((m) => m.tenantId === tenantId);
  const out: MyMentorship[] = [];
  for (const m of mine) {
    const role = partyOf(m, aadObjectId);
    if (!role) continue;
    const meetings = (await store.listMeetings(tenantId, m.id)).map((x) => x.value);
    out.push(myMentorship(m, meetings, role, now));
  }
  return out;
}

/**
 * The mentorships the caller was the mentor of before a change of mentor (and is no party of now):
 * the mentee's name and the day it ended for them. The history stays with the mentorship.
 */
export async function formerMentorships(store: Pick<MentorshipStore, "mentorshipsOf">, tenantId: string, aadObjectId: string): Promise<FormerMentorship[]> {
  const out: FormerMentorship[] = [];
  for (const m of await store.mentorshipsOf(tenantId, aadObjectId)) {
    if (m.tenantId !== tenantId || partyOf(m, aadObjectId) !== null) continue;
    const former = (m.formerMentors ?? []).filter((f) => f.person.aadObjectId === aadObjectId).at(-1);
    if (former) out.push({ menteeName: m.mentee.name, programme: m.programme, until: former.until, timeZone: m.timeZone || timeZoneOf(m) });
  }
  return out;
}
