/**
 * "My staff" (issue 12): the asking person's new hires as their leader — dates, counts and the
 * leader's own talks, and the mentor's recommendations only where the mentee consented at closing.
 * Never what the pair wrote: no agreement text, agendas, feedback, evaluation text or journal.
 * Each mentorship is checked again to name the caller as its leader now (a former leader sees nothing).
 */
import type { Meeting } from "../domain/meetings";
import type { LeaderTalkStatus } from "../domain/leader";
import { type Mentorship, type Phase } from "../domain/mentorship";
import { introductionProgress } from "../domain/introduction";
import { type Localised, milestoneDates, policyOf, timeZoneFor } from "../domain/programmes";
import { summarise } from "../domain/summary";
import type { MentorshipStore } from "../ports/store";
import { type Timeline, phaseProgressOf, timelineOf } from "./overview";

export interface StaffTalk {
  /** The programme's milestone key (word list `leader.talk.<key>`) or a coordinator's own, then `label` names it. */
  readonly key: string;
  readonly label: Localised | null;
  readonly from: string;
  readonly to: string;
  readonly status: LeaderTalkStatus;
  /** The booked time (UTC instant), if booked. */
  readonly bookedStartUtc: string | null;
}

export interface StaffRow {
  readonly mentorshipId: string;
  readonly menteeName: string;
  readonly mentorName: string;
  readonly unit: string;
  readonly programme: string;
  readonly phase: Phase;
  readonly phaseProgress: number;
  readonly firstWorkingDay: string;
  readonly timeline: Timeline;
  readonly timeZone: string;
  readonly meetingsHeld: number;
  readonly meetingsPlanned: number;
  readonly nextMeetingUtc: string | null;
  readonly talks: readonly StaffTalk[];
  /** The introduction's progress as counts only (null: no introduction scheme). */
  readonly introduction: { readonly done: number; readonly total: number; readonly closed: boolean } | null;
  /** The mentor's recommendations: only with the mentee's consent, once the evaluation is finished. */
  readonly recommendations: string | null;
  /** The leader asked the coordinator for a change of mentor (null: not asked, or a new mentor came since). */
  readonly mentorChangeRequestedAt: string | null;
}

/** True when `aadObjectId` is the mentorship's leader now, in the tenant asked about. */
export function isLeaderOf(m: Mentorship, tenantId: string, aadObjectId: string): boolean {
  return m.tenantId === tenantId && m.leader !== undefined && m.leader !== null && m.leader.aadObjectId === aadObjectId;
}

export function staffRow(m: Mentorship, meetings: readonly Meeting[], now: Date): StaffRow {
  const s = summarise(m, meetings, now);
  const timeline = timelineOf(m.programme, m.firstWorkingDay, m.createdAt);
  const phase: Phase = m.closing?.closedAt ? "closed" : m.phase;
  const labels = new Map(policyOf(m).milestones.map((x) => [x.key, x.label ?? null]));
  const stored = m.leaderState?.talks ?? [];
  // Before the leader's talks are planned on the mentorship, the programme's dates show what is coming.
  const talks: StaffTalk[] =
    stored.length > 0
      ? stored.map((t) => ({ key: t.key, label: labels.get(t.key) ?? null, from: t.from, to: t.to, status: t.status, bookedStartUtc: t.booking?.startUtc ?? null }))
      : milestoneDates(m.programme, m.firstWorkingDay).map((d) => ({ key: d.key, label: labels.get(d.key) ?? null, from: d.from, to: d.to, status: "planned" as const, bookedStartUtc: null }));
  const intro = m.introduction ? { ...introductionProgress(m.introduction), closed: m.introduction.closedAt !== null } : null;
  const evaluation = m.closing?.evaluation;
  const shared = evaluation && evaluation.shareWithLeader && m.closing?.closedAt ? evaluation.fields.recommendations.trim() : "";
  return {
    mentorshipId: m.id,
    menteeName: m.mentee.name,
    mentorName: m.mentor.name,
    unit: m.unit,
    programme: m.programme,
    phase,
    phaseProgress: phaseProgressOf(phase, timeline, now),
    firstWorkingDay: m.firstWorkingDay,
    timeline,
    timeZone: m.timeZone || timeZoneFor(m.programme, m.language),
    meetingsHeld: s.meetingsHeld,
    meetingsPlanned: s.meetingsPlanned,
    nextMeetingUtc: s.nextMeetingUtc || null,
    talks,
    introduction: intro,
    recommendations: shared || null,
    mentorChangeRequestedAt: m.leaderState?.mentorChangeRequestedAt ?? null,
  };
}

/** The caller's new hires as their leader, in their own tenant, oldest first. */
export async function myStaff(store: Pick<MentorshipStore, "mentorshipsOf" | "listMeetings">, tenantId: string, aadObjectId: string, now: Date): Promise<StaffRow[]> {
  const led = (await store.mentorshipsOf(tenantId, aadObjectId)).filter((m) => isLeaderOf(m, tenantId, aadObjectId));
  const out: StaffRow[] = [];
  for (const m of led) out.push(staffRow(m, (await store.listMeetings(tenantId, m.id)).map((x) => x.value), now));
  return out;
}
