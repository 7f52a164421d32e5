/**
 * The coordinators' overview, computed from the summary rows only (names, dates, counts — never
 * anything the pair wrote): expected phase windows, flags against today, then filter, search, sort
 * and page in memory (Table Storage can neither sort nor search).
 */
import { type ArchiveHoldReason, ArchiveHoldReasons, type Phase, Phases } from "../domain/mentorship";
import { type Localised, type PhaseTimeline, type PhaseWindow, type ProgrammePolicy, phaseTimeline, timeZoneFor } from "../domain/programmes";
import type { MentorshipSummary } from "../domain/summary";

export const FlagIds = ["agreementOverdue", "noMeeting6Weeks", "mentorOverloaded", "closingSoon", "pairingConcern", "mentorChangeRequested"] as const;
export type FlagId = (typeof FlagIds)[number];

export const SortKeys = [
  "menteeName",
  "mentorName",
  "unit",
  "programme",
  "phase",
  "phaseProgress",
  "firstWorkingDay",
  "agreementStatus",
  "meetingsHeld",
  "meetingsPlanned",
  "nextMeetingUtc",
  "lastActivityAt",
  "flags",
] as const;
export type SortKey = (typeof SortKeys)[number];

export const FLAG_RULES = {
  agreementOverdueDays: 7,
  noMeetingDays: 42,
  maxActiveMentees: 3,
  closingSoonDays: 30,
} as const;

/** [start, end) as ISO dates; `end` is where the next phase is expected to begin. */
export type Window = PhaseWindow;
export type Timeline = PhaseTimeline;

export interface OverviewRow {
  readonly mentorshipId: string;
  readonly menteeName: string;
  readonly mentorName: string;
  readonly mentorAadObjectId: string;
  readonly unit: string;
  readonly programme: string;
  /** A coordinator's programme by its own name (da/nb/en or one for all); null for the built-ins. */
  readonly programmeName: Localised | string | null;
  readonly phase: Phase;
  readonly phaseProgress: number;
  readonly firstWorkingDay: string;
  readonly timeline: Timeline;
  readonly agreementStatus: MentorshipSummary["agreementStatus"];
  readonly meetingsHeld: number;
  readonly meetingsPlanned: number;
  readonly nextMeetingUtc: string | null;
  readonly lastActivityAt: string | null;
  /** The programme's time zone (IANA), for showing the instants above as local times. */
  readonly timeZone: string;
  readonly flags: readonly FlagId[];
  /** Paused by a coordinator: nothing is posted or reminded. */
  readonly paused: boolean;
  /** Prepared by a coordinator; the pair has no chat yet. */
  readonly awaitingChat: boolean;
  /** Issue 12: the introduction's progress as counts only (0/0: no introduction); never which items. */
  readonly introductionDone: number;
  readonly introductionTotal: number;
  /** Issue 12: who leads the new hire and who is the introduction's contact person ("" for none). */
  readonly leaderName: string;
  readonly contactName: string;
  /** Issue 13: the archive hold's reason code (null: none) — the row menu offers to set or clear it. */
  readonly archiveHold: ArchiveHoldReason | null;
}

export interface OverviewQuery {
  readonly phase?: Phase | undefined;
  readonly unit?: string | undefined;
  readonly mentor?: string | undefined;
  readonly flag?: FlagId | undefined;
  readonly q?: string | undefined;
  /** "hide": leave closed mentorships out (unless the phase asked is "closed"); absent: all. */
  readonly closed?: "hide" | "show" | undefined;
  readonly sort: SortKey;
  readonly dir: "asc" | "desc";
  readonly offset: number;
  readonly limit: number;
}

export interface OverviewPage {
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
  readonly rows: readonly OverviewRow[];
  readonly phaseCounts: Readonly<Record<Phase, number>>;
  readonly flaggedCount: number;
  readonly units: readonly string[];
  readonly mentors: readonly { readonly aadObjectId: string; readonly name: string }[];
}

const DAY_MS = 86_400_000;
const toDate = (iso: string) => iso.slice(0, 10);
const ms = (isoDate: string) => Date.parse(`${isoDate}T00:00:00Z`);

/**
 * The programme's expected phase windows (the policy's, see phaseTimeline), kept per programme,
 * first working day and creation date.
 */
export function timelineOf(programme: string, firstWorkingDay: string, createdAt: string, policy?: ProgrammePolicy): Timeline {
  // Pure and date-level: new hires share start dates, so 10,000 rows need few distinct timelines.
  const key = `${programme}|${firstWorkingDay}|${toDate(createdAt)}`;
  const known = timelines.get(key);
  if (known) return known;
  const made = phaseTimeline(policy ?? programme, firstWorkingDay, createdAt);
  if (timelines.size >= 4096) timelines.clear();
  timelines.set(key, made);
  return made;
}
const timelines = new Map<string, Timeline>();

/** How far into the current phase's expected window today is, 0..1 (closed: 1). */
export function phaseProgressOf(phase: Phase, timeline: Timeline, now: Date): number {
  if (phase === "closed") return 1;
  const w = timeline[phase];
  const start = ms(w.start);
  const end = ms(w.end);
  const t = now.getTime();
  if (end <= start) return t >= end ? 1 : 0;
  return Math.round(Math.min(1, Math.max(0, (t - start) / (end - start))) * 1000) / 1000;
}

const asPhase = (p: string): Phase => ((Phases as readonly string[]).includes(p) ? (p as Phase) : "preparation");

/** Mentors with more than the allowed number of active mentorships. */
function overloadedMentors(summaries: readonly MentorshipSummary[]): Set<string> {
  const counts = new Map<string, number>();
  for (const s of summaries) if (s.phase !== "closed") counts.set(s.mentorAadObjectId, (counts.get(s.mentorAadObjectId) ?? 0) + 1);
  return new Set([...counts].filter(([, n]) => n > FLAG_RULES.maxActiveMentees).map(([id]) => id));
}

/**
 * The policy of a summary row's coordinator programme version (programmeDefinitionId/-Version),
 * loaded before the rows are made; null: not known, the built-in's id decides.
 */
export type SummaryPolicies = (s: Pick<MentorshipSummary, "programmeDefinitionId" | "programmeVersion">) => ProgrammePolicy | null;

/** The cache key and policy of a row's timeline: its programme version's when it has one. */
function timelineSource(s: MentorshipSummary, policies: SummaryPolicies | undefined): [string, ProgrammePolicy | undefined] {
  const own = s.programmeDefinitionId ? policies?.(s) : null;
  return own ? [`${s.programmeDefinitionId}@${s.programmeVersion}`, own] : [s.programme, undefined];
}

export function rowOf(s: MentorshipSummary, now: Date, overloaded: ReadonlySet<string>, policies?: SummaryPolicies): OverviewRow {
  // Closed is closed, whatever phase an older row says: its flags are cleared.
  const phase = s.closedAt ? "closed" : asPhase(s.phase);
  const [timelineKey, policy] = timelineSource(s, policies);
  const timeline = timelineOf(timelineKey, s.firstWorkingDay, s.createdAt, policy);
  const nowIso = now.toISOString();
  const t = now.getTime();
  const next = s.plannedStartsUtc.split(",").filter((x) => x && x > nowIso).sort()[0] ?? null;
  const flags: FlagId[] = [];
  const since = (iso: string) => (t - Date.parse(iso)) / DAY_MS;
  if (phase === "startUp" && s.agreementStatus !== "agreed" && since(s.agreementPostedAt || s.phaseSince) > FLAG_RULES.agreementOverdueDays) flags.push("agreementOverdue");
  if (phase === "learning") {
    const last = [s.lastMeetingUtc, s.phaseSince].filter(Boolean).sort().at(-1) ?? s.phaseSince;
    if (since(last) > FLAG_RULES.noMeetingDays) flags.push("noMeeting6Weeks");
  }
  if (phase !== "closed" && overloaded.has(s.mentorAadObjectId)) flags.push("mentorOverloaded");
  if (phase !== "closed" && (ms(timeline.closing.end) - t) / DAY_MS <= FLAG_RULES.closingSoonDays) flags.push("closingSoon");
  // A party said "no" to the pairing check: who is never told, and a closed mentorship needs no check.
  if (phase !== "closed" && s.pairingConcernAt) flags.push("pairingConcern");
  // The leader asked for a change of mentor (from "My staff"); a change of mentor clears it.
  if (phase !== "closed" && s.mentorChangeRequestedAt) flags.push("mentorChangeRequested");
  return {
    mentorshipId: s.mentorshipId,
    menteeName: s.menteeName,
    mentorName: s.mentorName,
    mentorAadObjectId: s.mentorAadObjectId,
    unit: s.unit,
    programme: s.programme,
    programmeName: policy?.name ?? null,
    phase,
    phaseProgress: phaseProgressOf(phase, timeline, now),
    firstWorkingDay: s.firstWorkingDay,
    timeline,
    agreementStatus: s.agreementStatus,
    meetingsHeld: Number(s.meetingsHeld) || 0,
    meetingsPlanned: Number(s.meetingsPlanned) || 0,
    nextMeetingUtc: next,
    lastActivityAt: s.lastActivityAt || null,
    // Rows written before the zone was summarised have none: the programme says which.
    timeZone: s.timeZone || timeZoneFor(s.programme, s.language),
    flags,
    paused: Boolean(s.pausedAt),
    awaitingChat: Boolean(s.awaitingChatSince),
    introductionDone: Number(s.introductionDone) || 0,
    introductionTotal: Number(s.introductionTotal) || 0,
    leaderName: s.leaderName ?? "",
    contactName: s.contactName ?? "",
    archiveHold: (ArchiveHoldReasons as readonly string[]).includes(s.archiveHoldReason) ? (s.archiveHoldReason as ArchiveHoldReason) : null,
  };
}

/** Case- and diacritic-insensitive form for search: "soren" finds "Søren", "aero" finds "Ærø". */
export function fold(s: string): string {
  return s
    .toLocaleLowerCase("da")
    .replace(/æ/g, "ae")
    .replace(/ø/g, "o")
    .replace(/ß/g, "ss")
    .normalize("NFD")
    .replace(/\p{M}/gu, "");
}

const collator = new Intl.Collator("da", { sensitivity: "base", numeric: true });
const PHASE_ORDER = new Map(Phases.map((p, i) => [p, i]));
const AGREEMENT_ORDER = new Map([["draft", 0], ["waiting", 1], ["agreed", 2]]);

/** Compares two rows by a column; missing values (no next meeting…) sort last in either direction. */
function compareBy(key: SortKey, dir: 1 | -1): (a: OverviewRow, b: OverviewRow) => number {
  const value = (r: OverviewRow): string | number | null => {
    switch (key) {
      case "phase":
        return PHASE_ORDER.get(r.phase) ?? 0;
      case "agreementStatus":
        return AGREEMENT_ORDER.get(r.agreementStatus) ?? 0;
      case "flags":
        return r.flags.length;
      case "nextMeetingUtc":
      case "lastActivityAt":
        return r[key];
      default:
        return r[key];
    }
  };
  return (a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === null || x === "") return y === null || y === "" ? 0 : 1;
    if (y === null || y === "") return -1;
    const c = typeof x === "number" && typeof y === "number" ? x - y : collator.compare(String(x), String(y));
    return c * dir;
  };
}

/** Rows matching the query, sorted (ties by mentee name, then id, so paging is stable). */
export function filterAndSort(rows: readonly OverviewRow[], q: OverviewQuery): OverviewRow[] {
  const needle = q.q ? fold(q.q.trim()) : "";
  const hideClosed = q.closed === "hide" && q.phase !== "closed";
  const out = rows.filter(
    (r) =>
      (!hideClosed || r.phase !== "closed") &&
      (!q.phase || r.phase === q.phase) &&
      (!q.unit || r.unit === q.unit) &&
      (!q.mentor || r.mentorAadObjectId === q.mentor) &&
      (!q.flag || r.flags.includes(q.flag)) &&
      (!needle || fold(r.menteeName).includes(needle) || fold(r.mentorName).includes(needle)),
  );
  const primary = compareBy(q.sort, q.dir === "desc" ? -1 : 1);
  const byMentee = compareBy("menteeName", 1);
  return out.sort((a, b) => primary(a, b) || byMentee(a, b) || (a.mentorshipId < b.mentorshipId ? -1 : a.mentorshipId > b.mentorshipId ? 1 : 0));
}

/** Every row of the tenant with its flags (the mentor load is counted over all of them). */
export function overviewRows(summaries: readonly MentorshipSummary[], now: Date, policies?: SummaryPolicies): OverviewRow[] {
  const overloaded = overloadedMentors(summaries);
  return summaries.map((s) => rowOf(s, now, overloaded, policies));
}

/** One page of the overview; the counts, units and mentors are over all the tenant's mentorships. */
export function overviewPage(summaries: readonly MentorshipSummary[], q: OverviewQuery, now: Date): OverviewPage {
  return pageOf(overviewRows(summaries, now), q);
}

/** One page of rows already computed, with the counts and choices over all of them. */
export function pageOf(all: readonly OverviewRow[], q: OverviewQuery): OverviewPage {
  const matching = filterAndSort(all, q);
  const phaseCounts = Object.fromEntries(Phases.map((p) => [p, 0])) as Record<Phase, number>;
  const units = new Set<string>();
  const mentors = new Map<string, string>();
  let flaggedCount = 0;
  for (const r of all) {
    phaseCounts[r.phase] += 1;
    if (r.flags.length > 0) flaggedCount += 1;
    if (r.unit) units.add(r.unit);
    if (!mentors.has(r.mentorAadObjectId)) mentors.set(r.mentorAadObjectId, r.mentorName);
  }
  return {
    total: matching.length,
    offset: q.offset,
    limit: q.limit,
    rows: matching.slice(q.offset, q.offset + q.limit),
    phaseCounts,
    flaggedCount,
    units: [...units].sort(collator.compare),
    mentors: [...mentors].map(([aadObjectId, name]) => ({ aadObjectId, name })).sort((a, b) => collator.compare(a.name, b.name)),
  };
}
