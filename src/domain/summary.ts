/**
 * What the coordinators' overview may know about a mentorship: dates, counts, names, the unit
 * and phase — never anything the pair wrote (agreement, agenda, feedback, journal).
 */
import { introductionProgress } from "./introduction";
import type { Meeting } from "./meetings";
import { type Mentorship, awaitingChat } from "./mentorship";

export interface MentorshipSummary {
  readonly mentorshipId: string;
  readonly menteeName: string;
  readonly menteeAadObjectId: string;
  readonly mentorName: string;
  readonly mentorAadObjectId: string;
  readonly unit: string;
  readonly programme: string;
  readonly phase: string;
  readonly phaseSince: string;
  readonly firstWorkingDay: string;
  readonly createdAt: string;
  /** "draft" before the card is posted, "waiting" for acceptances, "agreed" when locked. */
  readonly agreementStatus: "draft" | "waiting" | "agreed";
  readonly agreementPostedAt: string;
  readonly agreementLockedAt: string;
  readonly meetingsHeld: number;
  readonly meetingsPlanned: number;
  readonly nextMeetingUtc: string;
  /** Comma-separated start instants of the meetings still planned, so "next meeting" can be computed against today. */
  readonly plannedStartsUtc: string;
  readonly lastMeetingUtc: string;
  readonly lastActivityAt: string;
  readonly language: string;
  readonly timeZone: string;
  /** When a coordinator paused it ("" when running). */
  readonly pausedAt: string;
  /** When a coordinator prepared it, while it waits for the pair's chat ("" once it has one). */
  readonly awaitingChatSince: string;
  /** Closing: why ("" before closing), when the closing phase began and when it closed ("" for none). */
  readonly closingReason: string;
  readonly closingStartedAt: string;
  readonly closedAt: string;
  /** A party answered "no" to the pairing check ("" otherwise): a flag with no name of who. */
  readonly pairingConcernAt: string;
  /** Meetings still planned when the mentorship closed (cancelled by the closing). */
  readonly meetingsDropped: number;
  // issue 12: the leader and the introduction scheme (names and counts only)
  readonly leaderName: string;
  readonly leaderAadObjectId: string;
  readonly contactName: string;
  readonly contactAadObjectId: string;
  /** The introduction's ticked and total items (0/0 without an introduction). */
  readonly introductionDone: number;
  readonly introductionTotal: number;
  /** When the introduction's closing talk was recorded ("" before / without one). */
  readonly introductionClosedAt: string;
  /** The leader's talks: held and in all; the next one's due date ("" for none). */
  readonly leaderTalksHeld: number;
  readonly leaderTalksTotal: number;
  readonly nextLeaderTalkFrom: string;
  /** The leader asked for a change of mentor ("" otherwise): a flag with no text. */
  readonly mentorChangeRequestedAt: string;
  /** A coordinator's programme: its id and version ("" / 0 for a built-in). */
  readonly programmeDefinitionId: string;
  readonly programmeVersion: number;
  /** Issue 13: the archive hold's reason code and when it was set ("" for none): the coordinator's row menu. */
  readonly archiveHoldReason: string;
  readonly archiveHoldAt: string;
}

export const SummaryFields: readonly (keyof MentorshipSummary)[] = [
  "mentorshipId",
  "menteeName",
  "menteeAadObjectId",
  "mentorName",
  "mentorAadObjectId",
  "unit",
  "programme",
  "phase",
  "phaseSince",
  "firstWorkingDay",
  "createdAt",
  "agreementStatus",
  "agreementPostedAt",
  "agreementLockedAt",
  "meetingsHeld",
  "meetingsPlanned",
  "nextMeetingUtc",
  "plannedStartsUtc",
  "lastMeetingUtc",
  "lastActivityAt",
  "language",
  "timeZone",
  "pausedAt",
  "awaitingChatSince",
  "closingReason",
  "closingStartedAt",
  "closedAt",
  "pairingConcernAt",
  "meetingsDropped",
  "leaderName",
  "leaderAadObjectId",
  "contactName",
  "contactAadObjectId",
  "introductionDone",
  "introductionTotal",
  "introductionClosedAt",
  "leaderTalksHeld",
  "leaderTalksTotal",
  "nextLeaderTalkFrom",
  "mentorChangeRequestedAt",
  "programmeDefinitionId",
  "programmeVersion",
  "archiveHoldReason",
  "archiveHoldAt",
];

/** The issue-12 and -13 columns of a mentorship without leader, contact person, introduction, programme of its own or archive hold (test fixtures, older rows). */
export const NO_LEADER_COLUMNS = {
  leaderName: "",
  leaderAadObjectId: "",
  contactName: "",
  contactAadObjectId: "",
  introductionDone: 0,
  introductionTotal: 0,
  introductionClosedAt: "",
  leaderTalksHeld: 0,
  leaderTalksTotal: 0,
  nextLeaderTalkFrom: "",
  mentorChangeRequestedAt: "",
  programmeDefinitionId: "",
  programmeVersion: 0,
  archiveHoldReason: "",
  archiveHoldAt: "",
} as const satisfies Partial<MentorshipSummary>;

/** The summary of a mentorship and its meetings at `now` (empty strings for "none"). */
export function summarise(m: Mentorship, meetings: readonly Meeting[], now: Date): MentorshipSummary {
  const live = meetings.filter((x) => x.status !== "cancelled");
  const nowIso = now.toISOString();
  const next = live.filter((x) => x.status === "planned" && x.startUtc > nowIso)[0];
  const held = live.filter((x) => x.status === "held" || (x.status === "planned" && x.startUtc <= nowIso && x.agenda.updatedAt !== null));
  const lastHeld = held.at(-1);
  const intro = introductionProgress(m.introduction);
  const talks = m.leaderState?.talks ?? [];
  return {
    mentorshipId: m.id,
    menteeName: m.mentee.name,
    menteeAadObjectId: m.mentee.aadObjectId,
    mentorName: m.mentor.name,
    mentorAadObjectId: m.mentor.aadObjectId,
    unit: m.unit,
    programme: m.programme,
    phase: m.phase,
    phaseSince: m.phaseSince,
    firstWorkingDay: m.firstWorkingDay,
    createdAt: m.createdAt,
    agreementStatus: m.agreement.lockedAt ? "agreed" : m.agreementPostedAt ? "waiting" : "draft",
    agreementPostedAt: m.agreementPostedAt ? (m.phase === "startUp" ? m.phaseSince : "") : "",
    agreementLockedAt: m.agreement.lockedAt ?? "",
    meetingsHeld: held.length,
    meetingsPlanned: live.length,
    nextMeetingUtc: next?.startUtc ?? "",
    plannedStartsUtc: live.filter((x) => x.status === "planned").map((x) => x.startUtc).join(","),
    lastMeetingUtc: lastHeld?.startUtc ?? "",
    // A party's last saved change: on the mentorship, an agenda, or a meeting moved, cancelled or recorded.
    lastActivityAt: [m.lastActivityAt, ...live.map((x) => x.agenda.updatedAt ?? ""), ...meetings.map((x) => x.changedAt ?? "")].sort().at(-1) ?? m.lastActivityAt,
    language: m.language,
    timeZone: m.timeZone,
    pausedAt: m.pausedAt ?? "",
    awaitingChatSince: awaitingChat(m) ? (m.preparedBy?.at ?? m.createdAt) : "",
    closingReason: m.closing?.reason ?? "",
    closingStartedAt: m.closing?.startedAt ?? "",
    closedAt: m.closing?.closedAt ?? "",
    pairingConcernAt: m.pairingConcernAt ?? "",
    meetingsDropped: meetings.filter((x) => x.status === "cancelled" && x.closedOut === true).length,
    leaderName: m.leader?.name ?? "",
    leaderAadObjectId: m.leader?.aadObjectId ?? "",
    contactName: m.contact?.name ?? "",
    contactAadObjectId: m.contact?.aadObjectId ?? "",
    introductionDone: intro.done,
    introductionTotal: intro.total,
    introductionClosedAt: m.introduction?.closedAt ?? "",
    leaderTalksHeld: talks.filter((t) => t.status === "held").length,
    leaderTalksTotal: talks.length,
    nextLeaderTalkFrom: talks.find((t) => t.status === "planned" || t.status === "reminded" || t.status === "booked")?.from ?? "",
    mentorChangeRequestedAt: m.leaderState?.mentorChangeRequestedAt ?? "",
    programmeDefinitionId: m.programmeRef?.id ?? "",
    programmeVersion: m.programmeRef?.version ?? 0,
    archiveHoldReason: m.archiveHold?.reason ?? "",
    archiveHoldAt: m.archiveHold?.at ?? "",
  };
}

