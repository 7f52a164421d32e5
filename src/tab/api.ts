// Types and fetch helpers for the tab's server API (same origin, JSON, bearer token).
// The programme ids come from the domain's one list (type-level and a constant array only):
// the tab never decides anything by a programme's id — the server's rows carry the time zone.
import { type ProgrammeId, ProgrammeIds, programmeForLanguage } from "../domain/programmes/ids";

export type Phase = "preparation" | "startUp" | "learning" | "closing" | "closed";
export type ActivePhase = Exclude<Phase, "closed">;
export type Programme = ProgrammeId;
export type Flag = "agreementOverdue" | "noMeeting6Weeks" | "mentorOverloaded" | "closingSoon" | "pairingConcern" | "mentorChangeRequested";
export type AgreementStatus = "draft" | "waiting" | "agreed";

export const PHASES: ActivePhase[] = ["preparation", "startUp", "learning", "closing"];
export const ALL_PHASES: Phase[] = [...PHASES, "closed"];
export const FLAGS: Flag[] = ["agreementOverdue", "noMeeting6Weeks", "mentorOverloaded", "closingSoon", "pairingConcern", "mentorChangeRequested"];

/** Why a coordinator closes a mentorship (the domain's ClosingReasons; test/unit/statisticsTab.test.ts keeps them equal). */
export const CLOSING_REASONS = ["completed", "leftWorkplace", "endedByAgreement", "changedProgramme"] as const;
export type ClosingReason = (typeof CLOSING_REASONS)[number];

/** Issue 13: why the municipality must keep a mentorship (the domain's ArchiveHoldReasons; a code, never free text). */
export const ARCHIVE_HOLD_REASONS = ["complaint", "personnelCase", "legalObligation"] as const;
export type ArchiveHoldReason = (typeof ARCHIVE_HOLD_REASONS)[number];

/** A published figure: a number, "fewer than {fewerThan}" (the server never sends a small group's number), or withheld (at least that many, but it would give a small group away). */
export type StatCell = { value: number } | { fewerThan: number } | { withheld: true };
export const OUTCOMES = ["active", "completed", "endedEarly", "leftWithinYear"] as const;
export type Outcome = (typeof OUTCOMES)[number];
export interface QuarterStats {
  /** "2026-Q1", or "total". */
  quarter: string;
  started: StatCell;
  active: StatCell;
  completed: StatCell;
  endedEarly: StatCell;
  leftWithinYear: StatCell;
  percent: Record<Outcome, StatCell>;
  meetingsHeld: StatCell;
  meetingsPlanned: StatCell;
  meetingsHeldPercent: StatCell;
}
export const RATING_QUESTIONS = ["useful", "wellRun", "recommend"] as const;
export interface Statistics {
  minGroup: number;
  quarters: QuarterStats[];
  total: QuarterStats;
  /** Mentors by active mentees: 1, 2, 3 and 4 (4 or more). */
  mentorLoad: { mentees: number; mentors: StatCell }[];
  ratings: { party: "mentor" | "mentee"; people: StatCell; average: Record<(typeof RATING_QUESTIONS)[number], StatCell> }[];
}

export interface Span {
  start: string;
  end: string;
}
export type Timeline = Record<ActivePhase, Span>;

export interface LocalUser {
  name: string;
  aadObjectId: string;
  isCoordinator: boolean;
}

export interface WhoAmI {
  tenantId: string;
  aadObjectId: string;
  name: string;
  isCoordinator: boolean;
  /** The caller leads at least one mentorship ("My staff" is offered); absent for everyone else. */
  isLeader?: boolean;
  /** Issue 13: the caller is (or was) a mentee ("My journal" is offered); absent for everyone else. */
  isMentee?: boolean;
}

/** Issue 13, "My journal" (src/tabApi/journal.ts): one row of the conversation log. */
export interface JournalLogRow {
  citizen: string;
  worker: string;
  observation: string;
}

/** What the mentee types (the date as yyyy-mm-dd or dd.mm.yyyy). */
export interface JournalInput {
  title: string;
  date: string;
  background: string;
  problems: string;
  caseSummary: string;
  other: string;
  reflection: string;
  log: JournalLogRow[];
}

export interface JournalEntry extends JournalInput {
  id: string;
  mentorshipId: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface JournalListItem {
  id: string;
  date: string;
  title: string;
  updatedAt: string;
  version: number;
}

/** Issue 12: an introduction scheme in front of the mentor scheme or beside it. */
export const INTRODUCTION_MODES = ["before", "beside"] as const;
export type IntroductionMode = (typeof INTRODUCTION_MODES)[number];

/** Issue 12, "My staff" (src/tabApi/staff.ts): a leader's new hire — dates and counts, never the pair's words. */
export type LeaderTalkStatus = "planned" | "reminded" | "booked" | "held" | "notHeld";
export interface StaffTalk {
  key: string;
  label: Record<"da" | "nb" | "en", string> | null;
  from: string;
  to: string;
  status: LeaderTalkStatus;
  bookedStartUtc: string | null;
}
export interface StaffRow {
  mentorshipId: string;
  menteeName: string;
  mentorName: string;
  unit: string;
  programme: Programme;
  phase: Phase;
  phaseProgress: number;
  firstWorkingDay: string;
  timeline: Timeline;
  timeZone: string;
  meetingsHeld: number;
  meetingsPlanned: number;
  nextMeetingUtc: string | null;
  talks: StaffTalk[];
  introduction: { done: number; total: number; closed: boolean } | null;
  recommendations: string | null;
  mentorChangeRequestedAt: string | null;
}

export interface OverviewRow {
  mentorshipId: string;
  menteeName: string;
  mentorName: string;
  mentorAadObjectId: string;
  unit: string;
  programme: Programme;
  /** A coordinator's programme by its own name; null for the built-ins (their names are in the word list). */
  programmeName?: Localised | string | null;
  phase: Phase;
  phaseProgress: number;
  timeline: Timeline;
  agreementStatus: AgreementStatus;
  meetingsHeld: number;
  meetingsPlanned: number;
  nextMeetingUtc: string;
  lastActivityAt: string;
  /** The programme's time zone (IANA): the row's dates and times are shown in it. */
  timeZone: string;
  flags: Flag[];
  /** Paused by a coordinator (older servers leave it out). */
  paused?: boolean;
  /** Prepared by a coordinator; the pair has no chat with the app yet (older servers leave it out). */
  awaitingChat?: boolean;
  /** Issue 12: the introduction's ticked and total items (counts only; 0/0 or absent: no introduction). */
  introductionDone?: number;
  introductionTotal?: number;
  /** Issue 12: the leader's and contact person's names, when the server's row has them. */
  leaderName?: string;
  contactName?: string;
  /** Issue 13: the archive hold's reason, null (or absent from older servers) for none. */
  archiveHold?: ArchiveHoldReason | null;
}

export interface OverviewPage {
  total: number;
  offset: number;
  limit: number;
  rows: OverviewRow[];
  phaseCounts: Record<"preparation" | "startUp" | "learning" | "closing" | "closed", number>;
  flaggedCount: number;
  units: string[];
  mentors: { aadObjectId: string; name: string }[];
}

export interface OverviewQuery {
  phase?: string;
  unit?: string;
  mentor?: string;
  flag?: string;
  q?: string;
  /** The server leaves closed mentorships out unless "show" (or the phase asked is closed). */
  closed?: "hide" | "show";
  sort?: string;
  dir?: "asc" | "desc";
}

export interface MyMentorship {
  mentorshipId: string;
  role: "mentor" | "mentee";
  otherName: string;
  programme: Programme;
  phase: Phase;
  timeline: Timeline;
  /** The programme's time zone (IANA). */
  timeZone: string;
  /** The leader's probation and development talks, as dates (for the coming leader view; not shown yet). */
  milestones?: { key: string; from: string; to: string }[];
  learningGoals: { shortTerm: string; longTerm: string };
  upcoming: { startUtc: string; minutes: number; joinUrl: string | null }[];
  held: { startUtc: string; theme: string }[];
  /** Prepared by a coordinator; the pair still has to create their chat and write `start`. */
  awaitingChat?: boolean;
  /** The agreed version in force (a Word copy can be downloaded); null before both accepted one. Older servers leave it out. */
  agreedVersion?: number | null;
  /** Both confirmed the closing evaluation: its Word copy can be downloaded. */
  evaluationFinished?: boolean;
}

/** A downloaded file and the name the server gave it. */
export interface Download {
  blob: Blob;
  filename: string;
}

/** The file name of a download: RFC 8187's UTF-8 `filename*` when the server sent one, else `filename`, else the fallback. */
export function downloadName(disposition: string | null, fallback: string): string {
  const extended = /filename\*=UTF-8''([^;\s]+)/i.exec(disposition ?? "")?.[1];
  if (extended) {
    try {
      return decodeURIComponent(extended);
    } catch {
      // A malformed escape: the plain name below is as good.
    }
  }
  return /filename="([^"]+)"/i.exec(disposition ?? "")?.[1] ?? fallback;
}

async function download(path: string, token: string, fallback: string): Promise<Download> {
  const res = await request(path, token);
  return { blob: await res.blob(), filename: downloadName(res.headers.get("Content-Disposition"), fallback) };
}

/** A mentorship the user was the mentor of until a change of mentor: who and until when, nothing of its content. */
export interface FormerMentorship {
  menteeName: string;
  programme: Programme;
  until: string;
  timeZone: string;
}

export type Language = "da" | "nb" | "en";
export const LANGUAGES: Language[] = ["da", "nb", "en"];
export const PROGRAMMES: readonly Programme[] = ProgrammeIds;
/** The programme the "new mentorship" form starts from in a language. */
export const defaultProgramme: (language: Language) => Programme = programmeForLanguage;

export interface Person {
  aadObjectId: string;
  name: string;
  email: string;
}

export interface NewMentorship {
  menteeAadObjectId: string;
  mentorAadObjectId: string;
  programme: Programme;
  firstWorkingDay: string;
  unit: string;
  language: Language;
  /** The coordinator confirmed a mentor who is the mentee's own leader (else LEADER_AS_MENTOR). */
  confirmLeader?: boolean;
  /** Issue 12: the new hire's leader as the coordinator chose; absent: the directory's manager (the server's default). */
  leaderAadObjectId?: string;
  /** Issue 12: one of the tenant's own programmes (then `programme` is "custom"). */
  programmeId?: string;
}

// ─── issue 12: the coordinator's programmes (the server's ProgrammeDefinition, as JSON) ─────────
export type Localised = Record<Language, string>;
export type Offset = { days: number } | { weeks: number } | { months: number };
export interface Band {
  fromWeek: number;
  toWeek: number;
  every: { weeks: number } | { months: 1 };
}
export interface TalkDef {
  key: string;
  label?: Localised;
  afterDays?: number;
  afterMonths?: [number, number];
}
export interface ProgrammeDefinition {
  name: Localised | string;
  base: Exclude<Programme, "custom">;
  country: "DK" | "NO";
  timeZone: "Europe/Copenhagen" | "Europe/Oslo";
  cadence: { bands: Band[] } | { spread: { count: number; months: [number, number]; daysAfterAgreement: number } };
  meetingMinutes: { min: number; max: number; default: number };
  agendaLeadHours: number;
  phases: { startUpEnds: Offset; closingStarts: Offset | { monthsBeforeEnd: number }; ends: Offset };
  closingDue: Offset;
  talks: TalkDef[];
  leaderHeadsUpMonths: number | null;
  introduction: unknown;
  suggestedPurpose: Localised;
  themes: Localised[];
}
export interface ProgrammeEntry {
  id: string;
  builtIn: boolean;
  version: number;
  savedAt: string | null;
  definition: ProgrammeDefinition;
}
export interface ProgrammePreview {
  meetings: { date: string; time: string; minutes: number; movedFrom: string | null }[];
  phases: Record<ActivePhase, Span>;
  talks: { key: string; from: string; to: string; label?: Localised }[];
  timeZone: string;
}

/** "created": the app made the pair's chat; otherwise the pair creates it themselves. */
export type ChatOutcome = "created" | "instructions" | "failed";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The server's refusal code ("MENTOR_IS_MENTEE", …), when it sent one. */
    readonly code?: string,
    /** The request field the refusal is about ("mentee", "unit", …), when it said. */
    readonly field?: string,
    /** Issue 12: why a programme was refused (a key under "programme.invalid."), and its numbers. */
    readonly params?: Readonly<Record<string, string | number>>,
  ) {
    super(message);
  }
}

/** Refusals are `{ error, code, field? }`; pause/resume send the code as `error` alone. */
async function refusal(res: Response): Promise<{ code?: string; field?: string; params?: Record<string, string | number> }> {
  try {
    const body = (await res.json()) as { error?: unknown; code?: unknown; field?: unknown; reason?: unknown };
    const code = typeof body.code === "string" ? body.code : typeof body.error === "string" && /^[A-Z][A-Z_]*$/.test(body.error) ? body.error : undefined;
    const params = Object.fromEntries(Object.entries(body).filter(([k, v]) => k !== "error" && k !== "code" && (typeof v === "string" || typeof v === "number"))) as Record<string, string | number>;
    // Issue 13: the guard's refusal names what it found by kind and masked shape; a stale journal entry its version.
    const withParams = typeof body.reason === "string" || "masked" in body || "current" in body || "journal" in body;
    return { ...(code ? { code } : {}), ...(typeof body.field === "string" ? { field: body.field } : {}), ...(withParams ? { params } : {}) };
  } catch {
    return {};
  }
}

async function request(path: string, token: string | null, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (token) headers.set("Authorization", `Bearer ${token}`);
  if (init.body) headers.set("Content-Type", "application/json");
  const res = await fetch(path, { ...init, headers });
  if (!res.ok) {
    const { code, field, params } = await refusal(res);
    throw new ApiError(res.status, `${init.method ?? "GET"} ${path} → ${res.status}${code ? ` ${code}` : ""}`, code, field, params);
  }
  return res;
}

async function json<T>(path: string, token: string | null, init?: RequestInit): Promise<T> {
  return (await (await request(path, token, init)).json()) as T;
}

export function queryString(q: OverviewQuery, extra: Record<string, string | number> = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...q, ...extra })) {
    if (v !== undefined && v !== null && v !== "") p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : "";
}

/** Issue 13: what an erasure of the signed-in person would do (GET /api/tab/mydata). */
export interface ErasurePlan {
  running: number;
  pseudonymised: number;
  held: { mentorshipId: string; reason: "complaint" | "personnelCase" | "legalObligation"; unit: string; firstWorkingDay: string }[];
  journal: boolean;
  privateAnswers: number;
}

export interface ErasureReport extends ErasurePlan {
  pseudonym: string;
  journalEntries: number;
}

export const api = {
  localUsers: () => json<LocalUser[]>("/api/tab/local-users", null),
  localToken: (aadObjectId: string) =>
    json<{ token: string }>("/api/tab/local-token", null, { method: "POST", body: JSON.stringify({ aadObjectId }) }),
  whoami: (token: string) => json<WhoAmI>("/api/tab/whoami", token),
  overview: (token: string, q: OverviewQuery, offset: number, limit: number, signal?: AbortSignal) =>
    json<OverviewPage>(`/api/tab/overview${queryString(q, { offset, limit })}`, token, signal ? { signal } : {}),
  /** The CSV's headers are in `lang`; the server sends it UTF-8 with a BOM. */
  overviewCsv: async (token: string, q: OverviewQuery, lang: string) => (await request(`/api/tab/overview.csv${queryString(q, { lang })}`, token)).blob(),
  my: (token: string) => json<{ mentorships: MyMentorship[]; formerly?: FormerMentorship[] }>("/api/tab/my", token),
  /** A version of the collaboration agreement as a Word document (the two parties only). */
  agreementDocx: (token: string, mentorshipId: string, version: number) =>
    download(`/api/tab/my/${encodeURIComponent(mentorshipId)}/agreement/${version}.docx`, token, `agreement-${version}.docx`),
  /** The closing evaluation as a Word document (the two parties only). */
  evaluationDocx: (token: string, mentorshipId: string) => download(`/api/tab/my/${encodeURIComponent(mentorshipId)}/evaluation.docx`, token, "evaluation.docx"),
  /** Coordinators only. Local mode: the local users; with Graph only an exact e-mail finds someone. */
  people: (token: string, q: string, signal?: AbortSignal) =>
    json<{ people: Person[] }>(`/api/tab/people${queryString({ q })}`, token, signal ? { signal } : {}),
  createMentorship: (token: string, body: NewMentorship) =>
    json<{ mentorshipId: string; chat: ChatOutcome }>("/api/tab/mentorships", token, { method: "POST", body: JSON.stringify(body) }),
  changeMentor: (token: string, mentorshipId: string, mentorAadObjectId: string, confirmLeader = false) =>
    json<{ mentorshipId: string; mentorName: string }>(`/api/tab/mentorships/${encodeURIComponent(mentorshipId)}/mentor`, token, {
      method: "POST",
      body: JSON.stringify(confirmLeader ? { mentorAadObjectId, confirmLeader } : { mentorAadObjectId }),
    }),
  statistics: (token: string) => json<Statistics>("/api/tab/statistics", token),
  /** Issue 12 (the leader engineer's route): a coordinator names or changes the leader; LEADER_AS_MENTOR unless confirmed. */
  setLeader: (token: string, mentorshipId: string, aadObjectId: string, confirmLeader = false) =>
    json<unknown>(`/api/tab/mentorships/${encodeURIComponent(mentorshipId)}/leader`, token, {
      method: "PUT",
      body: JSON.stringify(confirmLeader ? { aadObjectId, confirmLeader } : { aadObjectId }),
    }),
  /** Issue 12 (the introduction engineer's route): the contact person and the introduction's mode; LEADER_AS_CONTACT unless confirmed. */
  setIntroduction: (token: string, mentorshipId: string, body: { contactAadObjectId: string; mode: IntroductionMode; confirmLeader?: boolean }) =>
    json<unknown>(`/api/tab/mentorships/${encodeURIComponent(mentorshipId)}/introduction`, token, { method: "PUT", body: JSON.stringify(body) }),
  /** Issue 12: the caller's new hires as their leader. */
  /** `openAppHint`: the leader has never opened the app's personal chat (without Graph the app cannot install itself). */
  // Issue 13: "My journal" — the mentee's own entries only.
  journalList: (token: string) => json<{ entries: JournalListItem[] }>("/api/tab/journal", token),
  journalGet: (token: string, id: string) => json<JournalEntry>(`/api/tab/journal/${encodeURIComponent(id)}`, token),
  journalCreate: (token: string, entry: JournalInput, allowSoft = false) => json<JournalEntry>("/api/tab/journal", token, { method: "POST", body: JSON.stringify({ entry, allowSoft }) }),
  journalEdit: (token: string, id: string, version: number, entry: JournalInput, allowSoft = false) =>
    json<JournalEntry>(`/api/tab/journal/${encodeURIComponent(id)}`, token, { method: "PUT", body: JSON.stringify({ version, entry, allowSoft }) }),
  journalDelete: (token: string, id: string) => json<{ id: string; deleted: true }>(`/api/tab/journal/${encodeURIComponent(id)}`, token, { method: "DELETE" }),
  staff: (token: string) => json<{ staff: StaffRow[]; openAppHint?: boolean }>("/api/tab/staff", token),
  /** Issue 12: the leader asks the coordinator for a change of mentor (a flag, no text). */
  requestMentorChange: (token: string, mentorshipId: string) =>
    json<{ mentorshipId: string; mentorChangeRequested: boolean }>(`/api/tab/staff/${encodeURIComponent(mentorshipId)}/mentorChange`, token, { method: "POST", body: "{}" }),
  statisticsCsv: async (token: string, lang: string) => (await request(`/api/tab/statistics.csv${queryString({}, { lang })}`, token)).blob(),
  /** A coordinator opens the closing phase: the pair gets the evaluation in their chat. */
  startClosing: (token: string, mentorshipId: string, reason: ClosingReason) =>
    json<unknown>(`/api/tab/mentorships/${encodeURIComponent(mentorshipId)}/closing`, token, { method: "POST", body: JSON.stringify({ reason }) }),
  setPaused: (token: string, mentorshipId: string, paused: boolean) =>
    json<{ mentorshipId: string; paused: boolean }>(`/api/tab/mentorships/${encodeURIComponent(mentorshipId)}/${paused ? "pause" : "resume"}`, token, {
      method: "POST",
      body: "{}",
    }),
  /** Issue 13: a coordinator sets (a reason code) or clears (null) a mentorship's archive hold. */
  setArchiveHold: (token: string, mentorshipId: string, reason: ArchiveHoldReason | null) =>
    json<{ mentorshipId: string; archiveHold: ArchiveHoldReason | null }>(`/api/tab/mentorships/${encodeURIComponent(mentorshipId)}/archiveHold`, token, { method: "PUT", body: JSON.stringify({ reason }) }),
  /** Issue 13: a coordinator erases a whole mentorship (409 ARCHIVE_HOLD_SET with the hold's reason while one is set). */
  eraseMentorship: (token: string, mentorshipId: string) =>
    json<{ mentorshipId: string; erased: boolean }>(`/api/tab/mentorships/${encodeURIComponent(mentorshipId)}/erase`, token, { method: "POST", body: JSON.stringify({ confirm: true }) }),
  // issue 13: "My data" — the signed-in person's own
  myData: (token: string) => json<{ plan: ErasurePlan }>("/api/tab/mydata", token),
  myDataJson: (token: string) => download("/api/tab/mydata.json", token, "my-data.json"),
  myDataDocument: (token: string, lang: string) => download(`/api/tab/mydata.html${queryString({}, { lang })}`, token, "my-data.html"),
  eraseMyData: (token: string) => json<{ erased: true; report: ErasureReport }>("/api/tab/mydata/erase", token, { method: "POST", body: JSON.stringify({ confirm: true }) }),
  // issue 12: the coordinator's programmes
  programmes: (token: string) => json<{ programmes: ProgrammeEntry[] }>("/api/tab/programmes", token),
  copyProgramme: (token: string, from: string) => json<ProgrammeEntry>("/api/tab/programmes", token, { method: "POST", body: JSON.stringify({ from }) }),
  saveProgramme: (token: string, id: string, definition: ProgrammeDefinition, version: number) =>
    json<ProgrammeEntry>(`/api/tab/programmes/${encodeURIComponent(id)}`, token, { method: "PUT", body: JSON.stringify({ definition, version }) }),
  previewProgramme: (token: string, definition: ProgrammeDefinition, firstWorkingDay: string, signal?: AbortSignal) =>
    json<ProgrammePreview>("/api/tab/programmes/preview", token, { method: "POST", body: JSON.stringify({ definition, firstWorkingDay }), ...(signal ? { signal } : {}) }),
};

/** A programme's name in a language (a plain name is the same in all). */
export function programmeNameOf(def: Pick<ProgrammeDefinition, "name">, locale: Language): string {
  return typeof def.name === "string" ? def.name : def.name[locale] || def.name.da;
}
