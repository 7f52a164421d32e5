/**
 * A FAKE of the tab's server API (src/tabApi, being built in parallel) plus a static server for
 * the built tab (lib/tab), on one loopback port — the shape the real server will have. To switch
 * test/tab/tab.test.ts to the real server, replace startApi() with one that starts the app and
 * returns the same { baseUrl, users, requests, stop }.
 *
 * Seeded: the Playground's personas (Karen Koordinator is the coordinator; Mette Mentor mentors
 * Niels Nyansat and Sofie Sørensen), a few hand-made rows with æøå names and every flag, and
 * generated rows up to `rows` (default 10,000) across all phases.
 *
 * The coordinator's actions follow the contract of src/tab/api.ts: GET /api/tab/people, POST
 * /api/tab/mentorships (201 with the chat outcome `chat`; refusals 400/409 `{ error, code, field? }`
 * as src/tabApi sends them), POST /api/tab/mentorships/:id/mentor, /pause and /resume (409
 * `{ error: code }`), POST /api/tab/mentorships/:id/closing {reason} (the closing part's route, with
 * its refusals), GET /api/tab/statistics(.csv) computed by the real src/domain/statistics.ts over
 * `statistics` generated summaries, and the overview's `closed=show` (closed rows, beyond `rows`,
 * are left out otherwise). Every request is in `requests` (URL) and `calls` (method, path, JSON body);
 * `refuseNext` makes the next action answer with a given refusal (BUSY_TRY_AGAIN, …).
 */
import { createReadStream, existsSync, statSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

// The fake speaks the tab client's types, so a change of the contract on either side shows here.
import type { Flag, LocalUser, Phase, Programme, StaffRow, Timeline } from "../../src/tab/api";
import { timeZoneFor } from "../../src/domain/programmes";
import type { Score } from "../../src/domain/privateAnswers";
import { type RatingRecord, statistics } from "../../src/domain/statistics";
import { type MentorshipSummary, NO_LEADER_COLUMNS } from "../../src/domain/summary";
import { publicStatistics, statisticsCsv } from "../../src/tabApi/statistics";
import { ProgrammeService } from "../../src/app/programmes/programmeService";
import type { ProgrammeVersion } from "../../src/domain/programmeDefinition";
import type { ProgrammeStore } from "../../src/ports/programmes";
import type { TabResponse } from "../../src/tabApi/api";
import { ProgrammeRoutes } from "../../src/tabApi/programmes";

export type FakeUser = LocalUser;

export interface FakeRow {
  mentorshipId: string;
  menteeName: string;
  menteeAadObjectId: string;
  mentorName: string;
  mentorAadObjectId: string;
  unit: string;
  programme: Programme;
  phase: Phase;
  phaseProgress: number;
  timeline: Timeline;
  agreementStatus: "draft" | "waiting" | "agreed";
  meetingsHeld: number;
  meetingsPlanned: number;
  nextMeetingUtc: string;
  lastActivityAt: string;
  /** As the server sends it: the programme's zone (the tab shows times in it). */
  timeZone: string;
  flags: Flag[];
  paused?: boolean;
  /** Prepared by a coordinator in the tab; the pair has not written `start` in a chat yet. */
  awaitingChat?: boolean;
  /** Issue 12: the introduction's progress, counts only. */
  introductionDone?: number;
  introductionTotal?: number;
  /** Who the contact person is (the fake's own bookkeeping; not sent). */
  contactAadObjectId?: string;
  /** Issue 12: the leader and contact person named in the tab (absent: Lars Leder, local mode's leader of all). */
  leaderAadObjectId?: string;
  leaderName?: string;
  contactName?: string;
  /** Issue 13: the archive hold's reason code (absent or null: none). */
  archiveHold?: "complaint" | "personnelCase" | "legalObligation" | null;
}

export type ChatOutcome = "created" | "instructions" | "failed";
export interface FakeCall {
  method: string;
  path: string;
  body: unknown;
}

export const TENANT_ID = "6b1f2c3e-8a47-4d0e-9c51-2f7a9e4b6d10";
export const USERS = {
  coordinator: { name: "Karen Koordinator", aadObjectId: "a2f3f637-d64f-4f18-a8b2-0e595e265dec", isCoordinator: true },
  mentor: { name: "Mette Mentor", aadObjectId: "72435a96-bc5c-4e94-bee1-04ef685f0083", isCoordinator: false },
  mentee: { name: "Niels Nyansat", aadObjectId: "00e85e12-4de4-4f72-9ddd-9d2de920940a", isCoordinator: false },
  mentee2: { name: "Sofie Sørensen", aadObjectId: "6641c8fc-d0c4-4470-aba8-e00a62ae21d9", isCoordinator: false },
  manager: { name: "Lars Leder", aadObjectId: "335ac737-46e3-4175-8d77-c04be3ba9b34", isCoordinator: false },
  colleague: { name: "Jonas Jensen", aadObjectId: "9c1d4e77-2b6a-4f0e-8d3c-5a7e1f2b9c40", isCoordinator: false },
} as const satisfies Record<string, FakeUser>;

/** The people directory (GET /api/tab/people): in local mode the local users, with their e-mails. */
export const EMAILS: Record<string, string> = {
  [USERS.coordinator.aadObjectId]: "karen.koordinator@mentor.example",
  [USERS.mentor.aadObjectId]: "mette.mentor@mentor.example",
  [USERS.mentee.aadObjectId]: "niels.nyansat@mentor.example",
  [USERS.mentee2.aadObjectId]: "sofie.soerensen@mentor.example",
  [USERS.manager.aadObjectId]: "lars.leder@mentor.example",
  [USERS.colleague.aadObjectId]: "jonas.jensen@mentor.example",
};

export const NIELS = {
  shortTerm: "Lære journalsystemet og afdelingens rutiner at kende",
  longTerm: "Kunne stå alene med vagtplanlægning på Ærøskøbing-afsnittet",
  heldTheme: "Første uge: kollegaer og kaffe på Østerbro",
  joinUrl: "https://teams.microsoft.com/l/meetup-join/fake-niels-1",
};

const DAY = 86_400_000;
const PHASES = ["preparation", "startUp", "learning", "closing"] as const;

function timelineFrom(firstDay: number): Timeline {
  const d = (n: number) => new Date(firstDay + n * DAY).toISOString();
  return {
    preparation: { start: d(-30), end: d(0) },
    startUp: { start: d(0), end: d(30) },
    learning: { start: d(30), end: d(150) },
    closing: { start: d(150), end: d(180) },
  };
}

function phaseAt(tl: Timeline, now: number): { phase: Phase; progress: number } {
  for (const p of PHASES) {
    const a = Date.parse(tl[p].start);
    const b = Date.parse(tl[p].end);
    if (now < b) return { phase: p, progress: Math.max(0, Math.min(1, (now - a) / (b - a))) };
  }
  return { phase: "closed", progress: 1 };
}

const FIRST = ["Åse", "Bjørn", "Ærlig", "Søren", "Jens", "Maria", "Øystein", "Ida", "Frederik", "Line", "Kåre", "Anne", "Mikkel", "Sara", "Henrik"];
const LAST = ["Ærø", "Østergaard", "Ågesen", "Nielsen", "Hansen", "Kjær", "Sørlie", "Møller", "Bækgaard", "Lund", "Dahl", "Holm", "Strøm", "Berg"];
const UNITS = ["Sundhed og Omsorg", "Børn og Unge", "Teknik og Miljø", "Borgerservice", "Økonomi", "Kultur og Fritid", "Jobcenter"];

function rand(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function seedRows(count: number, now = Date.now(), closedCount = 0): FakeRow[] {
  const rows: FakeRow[] = [];
  const mk = (r: Omit<FakeRow, "phase" | "phaseProgress" | "timeZone">): FakeRow => ({ ...r, timeZone: timeZoneFor(r.programme, "da"), ...(({ phase, progress }) => ({ phase, phaseProgress: progress }))(phaseAt(r.timeline, now)) });
  // Hand-made rows: the Playground's pair and a few with every flag.
  rows.push(
    mk({
      mentorshipId: "ms-niels",
      menteeName: USERS.mentee.name,
      menteeAadObjectId: USERS.mentee.aadObjectId,
      mentorName: USERS.mentor.name,
      mentorAadObjectId: USERS.mentor.aadObjectId,
      unit: "Sundhed og Omsorg",
      programme: "klds",
      timeline: timelineFrom(now - 60 * DAY),
      agreementStatus: "agreed",
      meetingsHeld: 3,
      meetingsPlanned: 8,
      nextMeetingUtc: new Date(now + 3 * DAY).toISOString().slice(0, 11) + "08:30:00.000Z",
      lastActivityAt: new Date(now - 2 * DAY).toISOString(),
      flags: [],
    }),
    mk({
      mentorshipId: "ms-sofie",
      menteeName: USERS.mentee2.name,
      menteeAadObjectId: USERS.mentee2.aadObjectId,
      mentorName: USERS.mentor.name,
      mentorAadObjectId: USERS.mentor.aadObjectId,
      unit: "Børn og Unge",
      programme: "kristiansand",
      timeline: timelineFrom(now - 5 * DAY),
      agreementStatus: "waiting",
      meetingsHeld: 0,
      meetingsPlanned: 8,
      nextMeetingUtc: "",
      lastActivityAt: new Date(now - 9 * DAY).toISOString(),
      flags: ["agreementOverdue", "noMeeting6Weeks", "mentorOverloaded", "closingSoon"],
    }),
    mk({
      mentorshipId: "ms-aase",
      menteeName: "Åse Ærø-Østergaard",
      menteeAadObjectId: "mentee-aase",
      mentorName: "Bjørn Bækgaard",
      mentorAadObjectId: "mentor-bjoern",
      unit: "Økonomi",
      programme: "custom",
      timeline: timelineFrom(now - 165 * DAY),
      agreementStatus: "agreed",
      meetingsHeld: 7,
      meetingsPlanned: 8,
      nextMeetingUtc: new Date(now + 10 * DAY).toISOString(),
      lastActivityAt: new Date(now - 1 * DAY).toISOString(),
      flags: ["closingSoon"],
    }),
  );
  // "Check the pairing": one of the hand-made pair's rows of its own, so the other rows keep their flags.
  rows.push(
    mk({
      mentorshipId: "ms-ida",
      menteeName: "Ida Ørsted",
      menteeAadObjectId: "mentee-ida",
      mentorName: "Bjørn Bækgaard",
      mentorAadObjectId: "mentor-bjoern",
      unit: "Jobcenter",
      programme: "klds",
      timeline: timelineFrom(now - 50 * DAY),
      agreementStatus: "agreed",
      meetingsHeld: 2,
      meetingsPlanned: 9,
      nextMeetingUtc: new Date(now + 6 * DAY).toISOString(),
      lastActivityAt: new Date(now - 3 * DAY).toISOString(),
      flags: ["pairingConcern"],
    }),
  );
  const r = rand(42);
  const mentors = Array.from({ length: Math.max(1, Math.floor(count / 3)) }, (_, i) => ({
    name: `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]} ${i + 1}`,
    aadObjectId: `mentor-${i + 1}`,
  }));
  for (let i = rows.length; i < count; i++) {
    const mentor = mentors[Math.floor(r() * mentors.length)]!;
    const drawn = now + Math.round((r() * 260 - 210) * DAY);
    // The `count` rows are all open (the overview hides closed ones by default); closed ones come on top.
    const firstDay = drawn + 180 * DAY <= now ? drawn + 40 * DAY : drawn;
    const held = Math.floor(r() * 9);
    const flags: Flag[] = [];
    if (r() < 0.05) flags.push("agreementOverdue");
    if (r() < 0.08) flags.push("noMeeting6Weeks");
    if (r() < 0.03) flags.push("mentorOverloaded");
    if (r() < 0.06) flags.push("closingSoon");
    rows.push(
      mk({
        mentorshipId: `ms-${i}`,
        menteeName: `${FIRST[Math.floor(r() * FIRST.length)]} ${LAST[Math.floor(r() * LAST.length)]} ${i}`,
        menteeAadObjectId: `mentee-${i}`,
        mentorName: mentor.name,
        mentorAadObjectId: mentor.aadObjectId,
        unit: UNITS[Math.floor(r() * UNITS.length)]!,
        programme: r() < 0.2 ? "kristiansand" : r() < 0.9 ? "klds" : "custom",
        timeline: timelineFrom(firstDay),
        agreementStatus: r() < 0.7 ? "agreed" : r() < 0.5 ? "waiting" : "draft",
        meetingsHeld: held,
        meetingsPlanned: 8,
        nextMeetingUtc: r() < 0.8 ? new Date(now + Math.round(r() * 30 * DAY)).toISOString() : "",
        lastActivityAt: new Date(now - Math.round(r() * 60 * DAY)).toISOString(),
        flags,
      }),
    );
  }
  // Closed ones, beyond `count`: hidden unless asked for. Their flags were cleared when they closed.
  for (let i = 1; i <= closedCount; i++) {
    rows.push(
      mk({
        mentorshipId: `ms-closed-${i}`,
        menteeName: `Lukket Lund ${i}`,
        menteeAadObjectId: `mentee-closed-${i}`,
        mentorName: "Bjørn Bækgaard",
        mentorAadObjectId: "mentor-bjoern",
        unit: "Økonomi",
        programme: "klds",
        timeline: timelineFrom(now - (200 + i) * DAY),
        agreementStatus: "agreed",
        meetingsHeld: 8,
        meetingsPlanned: 9,
        nextMeetingUtc: "",
        lastActivityAt: new Date(now - 15 * DAY).toISOString(),
        flags: [],
      }),
    );
  }
  return rows;
}

/**
 * Summaries and ratings for the statistics (GET /api/tab/statistics), computed by the real domain
 * function: `count` mentorships over the last nine start quarters, the oldest with only 3 (too few
 * to show), outcomes by age, and ratings from many mentees but only 4 mentors.
 */
export function seedStatistics(count: number, now = Date.now()): { summaries: MentorshipSummary[]; ratings: RatingRecord[] } {
  const r = rand(7);
  const summaries: MentorshipSummary[] = [];
  const ratings: RatingRecord[] = [];
  const today = new Date(now);
  const quarterStart = (back: number) => Date.UTC(today.getUTCFullYear(), Math.floor(today.getUTCMonth() / 3) * 3 - back * 3, 1);
  const make = (i: number, back: number) => {
    const start = quarterStart(back);
    const span = Math.min(now, quarterStart(back - 1)) - start;
    const fwd = new Date(start + Math.floor(r() * Math.max(1, span - DAY))).toISOString().slice(0, 10);
    const age = (now - Date.parse(fwd)) / DAY;
    const x = r();
    let reason = "";
    let closedAt = "";
    if (x < 0.07 && age > 30) reason = "leftWorkplace";
    else if (x < 0.1 && age > 60) reason = r() < 0.5 ? "endedByAgreement" : "changedProgramme";
    else if (age > 365 && x < 0.95) reason = "completed";
    if (reason) closedAt = new Date(Date.parse(fwd) + Math.min(age - 1, reason === "completed" ? 365 : 20 + r() * 200) * DAY).toISOString();
    const planned = 9 + Math.floor(r() * 4);
    const held = Math.min(planned, Math.floor(Math.min(1, age / 365) * planned * (0.7 + r() * 0.3)));
    summaries.push({
      ...NO_LEADER_COLUMNS,
      mentorshipId: `st-${i}`,
      menteeName: `Nyansat ${i}`,
      menteeAadObjectId: `st-mentee-${i}`,
      mentorName: `Mentor ${i % 900}`,
      mentorAadObjectId: `st-mentor-${i % 900}`,
      unit: UNITS[i % UNITS.length]!,
      programme: "klds",
      phase: reason ? "closed" : "learning",
      phaseSince: fwd,
      firstWorkingDay: fwd,
      createdAt: fwd,
      agreementStatus: "agreed",
      agreementPostedAt: "",
      agreementLockedAt: fwd,
      meetingsHeld: held,
      meetingsPlanned: reason ? held : planned,
      nextMeetingUtc: "",
      plannedStartsUtc: "",
      lastMeetingUtc: "",
      lastActivityAt: fwd,
      language: "da",
      timeZone: "Europe/Copenhagen",
      pausedAt: "",
      awaitingChatSince: "",
      closingReason: reason,
      closingStartedAt: closedAt,
      closedAt,
      pairingConcernAt: "",
      meetingsDropped: reason ? planned - held : 0,
    });
    if (reason && r() < 0.6) {
      const score = () => (3 + Math.floor(r() * 3)) as Score;
      ratings.push({ mentorshipId: `st-${i}`, party: "mentee", ratings: { useful: score(), wellRun: score(), recommend: score(), comment: "", at: closedAt } });
    }
  };
  for (let i = 0; i < 3; i++) make(i, 8);
  for (let i = 3; i < count; i++) make(i, Math.floor(r() * 8));
  // Only four mentors answered: too few to show.
  for (const s of summaries.filter((x) => x.closedAt && Number(x.mentorAadObjectId.split("-").pop()) < 4).slice(0, 12)) {
    ratings.push({ mentorshipId: s.mentorshipId, party: "mentor", ratings: { useful: 4, wellRun: 4, recommend: 4, comment: "", at: s.closedAt } });
  }
  return { summaries, ratings };
}

export interface FakeApi {
  baseUrl: string;
  users: FakeUser[];
  rows: FakeRow[];
  /** Every API request's path and query, in order (for assertions). */
  requests: URL[];
  /** Every API request's method, path and parsed JSON body (null without one), in order. */
  calls: FakeCall[];
  /** What POST /api/tab/mentorships says about the chat: "instructions" (no Graph) unless a test changes it. */
  chat: ChatOutcome;
  /** The next POST to /api/tab/mentorships… answers this instead (then it is cleared). */
  refuseNext: { status: number; body: { error: string; code?: string; field?: string } } | null;
  /** Issue 12: Lars Leder's new hires (GET /api/tab/staff), as the server would send them. */
  staff: StaffRow[];
  stop(): Promise<void>;
}

/**
 * Issue 12, "My staff": Lars Leder leads the Playground's two new hires and one closed mentorship
 * whose mentee consented to share the mentor's recommendations. Dates and counts only, as
 * src/tabApi/staff.ts sends them (never the pair's words: NIELS' goals and themes stay in /my).
 */
export const STAFF_RECOMMENDATION = "Et kursus i borgersamtaler, og gerne sparring om myndighedsrollen med en erfaren kollega.";
function seedStaff(rows: readonly FakeRow[], now: number): StaffRow[] {
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const fromRow = (r: FakeRow, extra: Partial<StaffRow>): StaffRow => ({
    mentorshipId: r.mentorshipId,
    menteeName: r.menteeName,
    mentorName: r.mentorName,
    unit: r.unit,
    programme: r.programme,
    phase: r.phase,
    phaseProgress: r.phaseProgress,
    firstWorkingDay: r.timeline.startUp.start.slice(0, 10),
    timeline: r.timeline,
    timeZone: r.timeZone,
    meetingsHeld: r.meetingsHeld,
    meetingsPlanned: r.meetingsPlanned,
    nextMeetingUtc: r.nextMeetingUtc || null,
    talks: [],
    introduction: null,
    recommendations: null,
    mentorChangeRequestedAt: null,
    ...extra,
  });
  const niels = rows.find((r) => r.mentorshipId === "ms-niels")!;
  const sofie = rows.find((r) => r.mentorshipId === "ms-sofie")!;
  const nielsStart = Date.parse(niels.timeline.startUp.start);
  const sofieStart = Date.parse(sofie.timeline.startUp.start);
  const closedStart = now - 400 * DAY;
  const closedTimeline = timelineFrom(closedStart);
  return [
    fromRow(niels, {
      talks: [
        { key: "introductionClosing", label: null, from: iso(nielsStart + 84 * DAY), to: iso(nielsStart + 84 * DAY), status: "planned", bookedStartUtc: null },
        { key: "developmentTalk", label: null, from: iso(nielsStart + 365 * DAY), to: iso(nielsStart + 365 * DAY), status: "planned", bookedStartUtc: null },
      ],
      introduction: { done: 7, total: 12, closed: false },
    }),
    fromRow(sofie, {
      talks: [
        { key: "probation14d", label: null, from: iso(sofieStart + 14 * DAY), to: iso(sofieStart + 14 * DAY), status: "booked", bookedStartUtc: new Date(sofieStart + 14 * DAY).toISOString().slice(0, 11) + "12:00:00.000Z" },
        { key: "probation2m", label: null, from: iso(sofieStart + 61 * DAY), to: iso(sofieStart + 61 * DAY), status: "planned", bookedStartUtc: null },
        { key: "probation4to5m", label: null, from: iso(sofieStart + 122 * DAY), to: iso(sofieStart + 153 * DAY), status: "planned", bookedStartUtc: null },
      ],
    }),
    {
      mentorshipId: "ms-lars-closed",
      menteeName: "Åse Ærø",
      mentorName: "Jonas Jensen",
      unit: "Sundhed og Omsorg",
      programme: "klds",
      phase: "closed",
      phaseProgress: 1,
      firstWorkingDay: iso(closedStart),
      timeline: closedTimeline,
      timeZone: timeZoneFor("klds", "da"),
      meetingsHeld: 11,
      meetingsPlanned: 12,
      nextMeetingUtc: null,
      talks: [{ key: "developmentTalk", label: null, from: iso(closedStart + 365 * DAY), to: iso(closedStart + 365 * DAY), status: "held", bookedStartUtc: new Date(closedStart + 365 * DAY).toISOString().slice(0, 11) + "09:00:00.000Z" }],
      introduction: { done: 12, total: 12, closed: true },
      recommendations: STAFF_RECOMMENDATION,
      mentorChangeRequestedAt: null,
    },
  ];
}

const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
};

function sortValue(row: FakeRow, column: string): string | number {
  switch (column) {
    case "phase":
      return ["preparation", "startUp", "learning", "closing", "closed"].indexOf(row.phase) + row.phaseProgress;
    case "flags":
      return row.flags.length;
    case "meetingsHeld":
    case "meetingsPlanned":
      return row[column];
    default: {
      const v = (row as unknown as Record<string, unknown>)[column];
      return typeof v === "number" ? v : String(v ?? "");
    }
  }
}

const CSP = [
  "default-src 'self'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.cloud.microsoft https://*.office.com https://*.microsoft365.com",
].join("; ");

const collator = new Intl.Collator("da", { sensitivity: "base" });

/** The programme routes as src/tabApi/programmes.ts answers them, over a store kept in memory. */
function programmeRoutes(): (method: string, pathname: string, body: unknown) => Promise<TabResponse> {
  const versions: ProgrammeVersion[] = [];
  const store: ProgrammeStore = {
    listProgrammes: async () => [...new Map(versions.map((v) => [v.id, v])).values()],
    getProgramme: async (_t, id, version) => versions.filter((v) => v.id === id && (version === undefined || v.version === version)).at(-1) ?? null,
    addProgrammeVersion: async (_t, v) => (versions.some((x) => x.id === v.id && x.version === v.version) ? "conflict" : (versions.push(v), "saved")),
  };
  let n = 0;
  const routes = new ProgrammeRoutes(new ProgrammeService(store, () => `own-${++n}`));
  return async (method, pathname, body) => {
    const id = pathname.slice("/api/tab/programmes/".length);
    if (pathname === "/api/tab/programmes") return method === "POST" ? routes.copy(TENANT_ID, "fake", body, new Date()) : routes.list(TENANT_ID);
    if (id === "preview" && method === "POST") return routes.preview(body);
    if (method === "PUT") return routes.save(TENANT_ID, "fake", id, body, new Date());
    return routes.get(TENANT_ID, id);
  };
}

export async function startApi(options: { staticDir: string; rows?: number; closedRows?: number; statistics?: number }): Promise<FakeApi> {
  const programmeRoute = programmeRoutes();
  const rows = seedRows(options.rows ?? 10_000, Date.now(), options.closedRows ?? 12);
  // Computed once, as the real server computes them from its summary rows (with the real suppression).
  const stats = seedStatistics(options.statistics ?? 10_000);
  const statsNow = new Date();
  const users: FakeUser[] = Object.values(USERS);
  const staff = seedStaff(rows, Date.now());
  const requests: URL[] = [];
  const tokenFor = (id: string) => `fake.${id}`;

  const auth = (req: http.IncomingMessage): FakeUser | null => {
    const m = /^Bearer fake\.(.+)$/.exec(req.headers.authorization ?? "");
    return (m && users.find((u) => u.aadObjectId === m[1])) || null;
  };

  const filtered = (q: URLSearchParams): FakeRow[] => {
    const text = (q.get("q") ?? "").toLocaleLowerCase("da");
    // As src/tabApi: closed ones only when asked for (closed=show) or when the phase asked is closed.
    const hideClosed = q.get("closed") !== "show" && q.get("phase") !== "closed";
    let out = rows.filter(
      (r) =>
        (!hideClosed || r.phase !== "closed") &&
        (!q.get("phase") || r.phase === q.get("phase")) &&
        (!q.get("unit") || r.unit === q.get("unit")) &&
        (!q.get("mentor") || r.mentorAadObjectId === q.get("mentor")) &&
        (!q.get("flag") || r.flags.includes(q.get("flag") as Flag)) &&
        (!text || r.menteeName.toLocaleLowerCase("da").includes(text) || r.mentorName.toLocaleLowerCase("da").includes(text)),
    );
    const sort = q.get("sort");
    if (sort) {
      const dir = q.get("dir") === "desc" ? -1 : 1;
      out = [...out].sort((a, b) => {
        const x = sortValue(a, sort);
        const y = sortValue(b, sort);
        const c = typeof x === "number" && typeof y === "number" ? x - y : collator.compare(String(x), String(y));
        return c * dir;
      });
    }
    return out;
  };

  const publicRow = (r: FakeRow) => {
    const { menteeAadObjectId: _omit, contactAadObjectId: _contact, ...rest } = r;
    return rest;
  };

  const csvCell = (v: string | number) => {
    const s = String(v);
    return /[";\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };

  const calls: FakeCall[] = [];
  const control: { chat: ChatOutcome; refuseNext: FakeApi["refuseNext"] } = { chat: "instructions", refuseNext: null };
  const people = users.map((u) => ({ aadObjectId: u.aadObjectId, name: u.name, email: EMAILS[u.aadObjectId] ?? "" }));
  const personById = (id: unknown) => (typeof id === "string" ? people.find((p) => p.aadObjectId === id) : undefined);
  type Answer = { status: number; body: unknown };
  const refused = (status: number, code: string, field?: string): Answer => ({ status, body: { error: code, code, ...(field ? { field } : {}) } });
  const isIsoDate = (d: string) => {
    const t = Date.parse(`${d}T00:00:00Z`);
    return /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d;
  };
  const aadId = (v: unknown) => typeof v === "string" && v.trim().length > 0 && v.trim().length <= 100;
  let createdCount = 0;
  /** As LOCAL_LEADER_IDS in env/.env.local: Lars Leder is a leader; naming him mentor needs confirmLeader. */
  const leaders = new Set<string>([USERS.manager.aadObjectId]);
  const leaderUnconfirmed = (mentorId: string, menteeId: string, b: Record<string, unknown>) => leaders.has(mentorId) && mentorId !== menteeId && b.confirmLeader !== true;

  /** POST /api/tab/mentorships, checked in the order src/tabApi and src/app/coordinator.ts check. */
  const createMentorship = (b: Record<string, unknown>): Answer => {
    const checks: [string, boolean][] = [
      ["menteeAadObjectId", aadId(b.menteeAadObjectId)],
      ["mentorAadObjectId", aadId(b.mentorAadObjectId)],
      ["programme", ["klds", "kristiansand", "custom"].includes(b.programme as string)],
      ["firstWorkingDay", typeof b.firstWorkingDay === "string" && /^\d{4}-\d{2}-\d{2}$/.test(b.firstWorkingDay.trim())],
      ["unit", typeof b.unit === "string" && b.unit.trim().length >= 1 && b.unit.trim().length <= 200],
      ["language", ["da", "nb", "en"].includes(b.language as string)],
      ["confirmLeader", b.confirmLeader === undefined || typeof b.confirmLeader === "boolean"],
    ];
    const bad = checks.find(([, ok]) => !ok);
    if (bad) return refused(400, bad[0] === "firstWorkingDay" ? "INVALID_START_DATE" : "INVALID_INPUT", bad[0]);
    const day = (b.firstWorkingDay as string).trim();
    if (!isIsoDate(day)) return refused(400, "INVALID_START_DATE");
    if (b.menteeAadObjectId === b.mentorAadObjectId) return refused(400, "MENTOR_IS_MENTEE");
    const mentee = personById(b.menteeAadObjectId);
    if (!mentee) return refused(400, "PERSON_NOT_FOUND", "mentee");
    const mentor = personById(b.mentorAadObjectId);
    if (!mentor) return refused(400, "PERSON_NOT_FOUND", "mentor");
    if (leaderUnconfirmed(mentor.aadObjectId, mentee.aadObjectId, b)) return refused(409, "LEADER_AS_MENTOR", "mentor");
    if (rows.some((r) => r.menteeAadObjectId === mentee.aadObjectId && r.phase !== "closed")) return refused(409, "MENTEE_HAS_ACTIVE_MENTORSHIP");
    const now = Date.now();
    const row: FakeRow = {
      mentorshipId: `ms-new-${++createdCount}`,
      menteeName: mentee.name,
      menteeAadObjectId: mentee.aadObjectId,
      mentorName: mentor.name,
      mentorAadObjectId: mentor.aadObjectId,
      unit: (b.unit as string).trim(),
      programme: b.programme as FakeRow["programme"],
      phase: "preparation",
      phaseProgress: 0,
      timeline: timelineFrom(Date.parse(`${day}T00:00:00Z`)),
      agreementStatus: "draft",
      meetingsHeld: 0,
      meetingsPlanned: 0,
      nextMeetingUtc: "",
      lastActivityAt: new Date(now).toISOString(),
      timeZone: timeZoneFor(b.programme as string, b.language as string),
      flags: [],
      paused: false,
      awaitingChat: control.chat !== "created",
    };
    // Newest first, so the tab's reloaded first page shows it.
    rows.unshift(row);
    return { status: 201, body: { mentorshipId: row.mentorshipId, chat: control.chat } };
  };

  /** The coordinator-only calls: people, new mentorship, change mentor, pause, resume. null: not one of them. */
  /**
   * Issue 12, the leader route as the server answers it (coordinators only): PUT /api/tab/mentorships/:id/leader
   * {aadObjectId, confirmLeader?} — LEADER_AS_MENTOR when the leader named is the mentor, unless confirmed.
   * (PUT …/introduction is in coordinatorAction below.)
   */
  const leaderAction = (method: string, url: URL, body: unknown, me: FakeUser): Answer | null => {
    const m = /^\/api\/tab\/mentorships\/([^/]+)\/(leader)$/.exec(url.pathname);
    if (!m) return null;
    if (!me.isCoordinator) return { status: 403, body: { error: "Forbidden." } };
    if (method !== "PUT") return { status: 405, body: { error: "Method not allowed." } };
    const row = rows.find((r) => r.mentorshipId === decodeURIComponent(m[1]!));
    if (!row) return { status: 404, body: { error: "Not found." } };
    if (row.phase === "closed") return refused(409, "WRONG_PHASE");
    const b = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
    if (m[2] === "leader") {
      if (!aadId(b.aadObjectId)) return refused(400, "INVALID_INPUT", "aadObjectId");
      const leader = personById(b.aadObjectId);
      if (!leader) return refused(400, "PERSON_NOT_FOUND", "leader");
      if (leader.aadObjectId === row.menteeAadObjectId) return refused(400, "INVALID_INPUT", "leader");
      if (leader.aadObjectId === row.leaderAadObjectId) return { status: 200, body: { mentorshipId: row.mentorshipId } }; // as the server: the wish holds
      if (leader.aadObjectId === row.mentorAadObjectId && b.confirmLeader !== true) return refused(409, "LEADER_AS_MENTOR", "leader");
      row.leaderAadObjectId = leader.aadObjectId;
      row.leaderName = leader.name;
      return { status: 200, body: { mentorshipId: row.mentorshipId, leaderName: leader.name } };
    }
    return null;
  };

  /**
   * Issue 13, as src/tabApi answers them (coordinators only): PUT /api/tab/mentorships/:id/archiveHold
   * {reason: code | null} and POST …/erase {confirm: true} — 409 ARCHIVE_HOLD_SET {reason} while held.
   */
  const dataRightsAction = (method: string, url: URL, body: unknown, me: FakeUser): Answer | null => {
    const m = /^\/api\/tab\/mentorships\/([^/]+)\/(archiveHold|erase)$/.exec(url.pathname);
    if (!m) return null;
    if (!me.isCoordinator) return { status: 403, body: { error: "Forbidden." } };
    if (method !== (m[2] === "archiveHold" ? "PUT" : "POST")) return { status: 404, body: { error: "Not found." } };
    const index = rows.findIndex((r) => r.mentorshipId === decodeURIComponent(m[1]!));
    const row = rows[index];
    if (!row) return { status: 404, body: { error: "Not found." } };
    const b = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
    if (m[2] === "archiveHold") {
      if (b.reason !== null && !["complaint", "personnelCase", "legalObligation"].includes(b.reason as string)) return refused(400, "INVALID_INPUT", "reason");
      row.archiveHold = b.reason as FakeRow["archiveHold"];
      return { status: 200, body: { mentorshipId: row.mentorshipId, archiveHold: row.archiveHold } };
    }
    if (b.confirm !== true) return refused(400, "INVALID_INPUT", "confirm");
    if (row.archiveHold) return { status: 409, body: { error: "ARCHIVE_HOLD_SET", code: "ARCHIVE_HOLD_SET", reason: row.archiveHold } };
    rows.splice(index, 1);
    return { status: 200, body: { mentorshipId: row.mentorshipId, erased: true } };
  };

  const coordinatorAction = (method: string, url: URL, body: unknown, me: FakeUser): Answer | null => {
    const isPeople = url.pathname === "/api/tab/people";
    const m = /^\/api\/tab\/mentorships(?:\/([^/]+)\/(mentor|pause|resume|closing|introduction|leader))?$/.exec(url.pathname);
    if (!isPeople && !m) return null;
    if (!me.isCoordinator) return { status: 403, body: { error: "Forbidden." } };
    if (isPeople) {
      if (method !== "GET") return { status: 404, body: { error: "Not found." } };
      const q = (url.searchParams.get("q") ?? "").trim().toLocaleLowerCase("da");
      const found = people.filter((p) => !q || p.name.toLocaleLowerCase("da").includes(q) || p.email.toLocaleLowerCase("da").includes(q));
      return { status: 200, body: { people: found.slice(0, 20) } };
    }
    // Issue 12: PUT …/introduction and PUT …/leader are the PUTs; every other action is a POST.
    if (!m || method !== (m[2] === "introduction" || m[2] === "leader" ? "PUT" : "POST")) return { status: 404, body: { error: "Not found." } };
    if (control.refuseNext) {
      const r = control.refuseNext;
      control.refuseNext = null;
      return r;
    }
    const b = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
    if (!m[1]) return createMentorship(b);
    const row = rows.find((r) => r.mentorshipId === decodeURIComponent(m[1]!));
    if (!row) return { status: 404, body: { error: "Not found." } };
    if (m[2] === "introduction") {
      // The introduction engineer's route (PUT /api/tab/mentorships/:id/introduction {contactAadObjectId, mode, confirmLeader?}), as src/tabApi checks it.
      if (!aadId(b.contactAadObjectId)) return refused(400, "INVALID_INPUT", "contactAadObjectId");
      if (!["before", "beside"].includes(b.mode as string)) return refused(400, "INVALID_INPUT", "mode");
      if (b.confirmLeader !== undefined && typeof b.confirmLeader !== "boolean") return refused(400, "INVALID_INPUT", "confirmLeader");
      const contact = personById(b.contactAadObjectId);
      if (!contact) return refused(400, "PERSON_NOT_FOUND", "contact");
      if (row.phase === "closed") return refused(409, "MENTORSHIP_CLOSED");
      if (row.programme === "custom") return refused(409, "NO_INTRODUCTION");
      if (contact.aadObjectId === row.menteeAadObjectId) return refused(400, "INVALID_INPUT", "contact");
      if (leaders.has(contact.aadObjectId) && b.confirmLeader !== true) return refused(409, "LEADER_AS_CONTACT", "contact");
      if (row.contactAadObjectId === contact.aadObjectId) return refused(409, "NO_CHANGES");
      row.contactAadObjectId = contact.aadObjectId;
      row.contactName = contact.name;
      row.introductionDone ??= 0;
      // As the built-ins' templates: KL/DS 8 + 7 items, Kristiansand 5 + 6.
      row.introductionTotal = row.programme === "klds" ? 15 : 11;
      return { status: 200, body: { mentorshipId: row.mentorshipId, contactName: contact.name, mode: b.mode, introductionDone: row.introductionDone, introductionTotal: row.introductionTotal } };
    }
    if (m[2] === "mentor") {
      if (!aadId(b.mentorAadObjectId)) return refused(400, "INVALID_INPUT", "mentorAadObjectId");
      const mentor = personById(b.mentorAadObjectId);
      if (!mentor) return refused(400, "PERSON_NOT_FOUND", "mentor");
      if (b.confirmLeader !== undefined && typeof b.confirmLeader !== "boolean") return refused(400, "INVALID_INPUT", "confirmLeader");
      if (mentor.aadObjectId !== row.mentorAadObjectId && leaderUnconfirmed(mentor.aadObjectId, row.menteeAadObjectId, b)) return refused(409, "LEADER_AS_MENTOR", "mentor");
      if (row.phase === "closed") return refused(409, "WRONG_PHASE");
      // As src/tabApi: MENTOR_IS_MENTEE is a 400 there, whichever call refuses it.
      if (mentor.aadObjectId === row.menteeAadObjectId) return refused(400, "MENTOR_IS_MENTEE");
      if (mentor.aadObjectId === row.mentorAadObjectId) return refused(409, "NO_CHANGES");
      row.mentorAadObjectId = mentor.aadObjectId;
      row.mentorName = mentor.name;
      row.lastActivityAt = new Date().toISOString();
      return { status: 200, body: { mentorshipId: row.mentorshipId, mentorName: mentor.name } };
    }
    if (m[2] === "closing") {
      // The closing engineer's route (POST /api/tab/mentorships/:id/closing {reason}), mocked at the HTTP edge with its refusals.
      if (!["completed", "leftWorkplace", "endedByAgreement", "changedProgramme"].includes(b.reason as string)) return refused(400, "INVALID_INPUT", "reason");
      if (row.phase === "closed") return refused(409, "MENTORSHIP_CLOSED");
      if (row.phase === "closing") return refused(409, "ALREADY_CLOSING");
      if (row.paused) return refused(409, "MENTORSHIP_PAUSED");
      if (row.agreementStatus !== "agreed") return refused(409, "AGREEMENT_NOT_AGREED");
      row.phase = "closing";
      row.phaseProgress = 0;
      row.flags = row.flags.filter((f) => f !== "closingSoon");
      row.lastActivityAt = new Date().toISOString();
      return { status: 200, body: { mentorshipId: row.mentorshipId, phase: "closing", reason: b.reason } };
    }
    const paused = m[2] === "pause";
    // As src/tabApi: pausing a paused one (or resuming a running one) is not an error.
    if (paused && row.phase === "closed") return { status: 409, body: { error: "WRONG_PHASE" } };
    row.paused = paused;
    row.lastActivityAt = new Date().toISOString();
    return { status: 200, body: { mentorshipId: row.mentorshipId, paused } };
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(body));
    };
    const handleApi = (raw: string): void => {
      requests.push(url);
      let body: unknown = null;
      try {
        body = raw ? JSON.parse(raw) : null;
      } catch {
        return send(400, { error: "Bad request: not JSON." });
      }
      calls.push({ method: req.method ?? "GET", path: url.pathname, body });
      if (url.pathname === "/api/tab/local-users" && req.method === "GET") return send(200, users);
      if (url.pathname === "/api/tab/local-token" && req.method === "POST") {
        const id = (body as { aadObjectId?: string } | null)?.aadObjectId;
        if (!users.some((u) => u.aadObjectId === id)) return send(404, { error: "unknown user" });
        return send(200, { token: tokenFor(id!) });
      }
      const me = auth(req);
      if (!me) return send(401, { error: "unauthorized" });
      // Issue 12: Lars Leder leads the new hires in `staff` ("My staff" is offered to him).
      if (url.pathname === "/api/tab/whoami") return send(200, { tenantId: TENANT_ID, ...me, ...(me.aadObjectId === USERS.manager.aadObjectId ? { isLeader: true } : {}) });
      if (url.pathname === "/api/tab/staff" && req.method === "GET") return send(200, { staff: me.aadObjectId === USERS.manager.aadObjectId ? staff : [] });
      // Issue 13: "My data" — Niels's mentorship has closed (one of two kept under a hold); Mette's still runs.
      if (url.pathname.startsWith("/api/tab/mydata")) {
        const plan = me.aadObjectId === USERS.mentee.aadObjectId
          ? { running: 0, pseudonymised: 1, held: [{ mentorshipId: "m-held", reason: "complaint", unit: "Familieafdelingen", firstWorkingDay: "2025-02-03" }], journal: true, privateAnswers: 2 }
          : { running: me.aadObjectId === USERS.mentor.aadObjectId ? 1 : 0, pseudonymised: 0, held: [], journal: false, privateAnswers: 0 };
        if (url.pathname === "/api/tab/mydata" && req.method === "GET") return send(200, { plan });
        if (url.pathname === "/api/tab/mydata.json" && req.method === "GET") {
          res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-disposition": 'attachment; filename="my-data-2026-09-01.json"' });
          return void res.end(JSON.stringify({ person: { aadObjectId: me.aadObjectId, names: [me.name] } }));
        }
        if (url.pathname === "/api/tab/mydata.html" && req.method === "GET") {
          res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-disposition": `attachment; filename="my-data-${url.searchParams.get("lang") ?? "da"}.html"` });
          return void res.end(`<!DOCTYPE html><title>${me.name}</title>`);
        }
        if (url.pathname === "/api/tab/mydata/erase" && req.method === "POST") {
          if ((body as { confirm?: unknown } | null)?.confirm !== true) return send(400, { error: "INVALID_INPUT", code: "INVALID_INPUT", field: "confirm" });
          if (plan.running > 0) return send(409, { error: "ERASURE_WHILE_RUNNING", code: "ERASURE_WHILE_RUNNING", count: plan.running, journal: 0 });
          return send(200, { erased: true, report: { ...plan, pseudonym: "erased-1", journalEntries: 3 } });
        }
      }
      const asked = /^\/api\/tab\/staff\/([^/]+)\/mentorChange$/.exec(url.pathname);
      if (asked && req.method === "POST") {
        const i = staff.findIndex((r) => r.mentorshipId === decodeURIComponent(asked[1]!));
        // As src/tabApi: anyone but the leader gets the answer an unknown id gets; a closed one needs no new mentor.
        if (i < 0 || me.aadObjectId !== USERS.manager.aadObjectId) return send(404, { error: "Not found." });
        if (staff[i]!.phase === "closed") return send(409, { error: "WRONG_PHASE", code: "WRONG_PHASE" });
        staff[i] = { ...staff[i]!, mentorChangeRequestedAt: staff[i]!.mentorChangeRequestedAt ?? new Date().toISOString() };
        const row = rows.find((r) => r.mentorshipId === staff[i]!.mentorshipId);
        if (row && !row.flags.includes("mentorChangeRequested")) row.flags.push("mentorChangeRequested");
        return send(200, { mentorshipId: staff[i]!.mentorshipId, mentorChangeRequested: true });
      }
      if (url.pathname === "/api/tab/overview" || url.pathname === "/api/tab/overview.csv") {
        if (!me.isCoordinator) return send(403, { error: "forbidden" });
        const list = filtered(url.searchParams);
        if (url.pathname.endsWith(".csv")) {
          const header = ["Mentee", "Mentor", "Enhed", "Program", "Fase", "Aftale", "Møder afholdt", "Møder planlagt", "Næste møde", "Seneste aktivitet", "Markeringer"];
          const lines = list.map((r) =>
            [r.menteeName, r.mentorName, r.unit, r.programme, r.phase, r.agreementStatus, r.meetingsHeld, r.meetingsPlanned, r.nextMeetingUtc, r.lastActivityAt, r.flags.join(" ")]
              .map(csvCell)
              .join(";"),
          );
          res.writeHead(200, { "content-type": "text/csv; charset=utf-8", "content-disposition": 'attachment; filename="mentorships.csv"' });
          res.end("\uFEFF" + [header.join(";"), ...lines].join("\r\n") + "\r\n");
          return;
        }
        const offset = Math.max(0, Number(url.searchParams.get("offset") ?? 0));
        const limit = Math.min(500, Math.max(1, Number(url.searchParams.get("limit") ?? 100)));
        const phaseCounts = { preparation: 0, startUp: 0, learning: 0, closing: 0, closed: 0 };
        for (const r of list) phaseCounts[r.phase]++;
        // As the server: the closed are counted in the chart although the list leaves them out.
        if (url.searchParams.get("closed") !== "show" && !url.searchParams.get("phase")) {
          const withClosed = new URLSearchParams(url.searchParams);
          withClosed.set("closed", "show");
          phaseCounts.closed = filtered(withClosed).filter((r) => r.phase === "closed").length;
        }
        const mentors = new Map<string, string>();
        for (const r of rows) mentors.set(r.mentorAadObjectId, r.mentorName);
        return send(200, {
          total: list.length,
          offset,
          limit,
          rows: list.slice(offset, offset + limit).map(publicRow),
          phaseCounts,
          flaggedCount: list.filter((r) => r.flags.length > 0).length,
          units: [...new Set(rows.map((r) => r.unit))].sort(collator.compare),
          mentors: [...mentors].map(([aadObjectId, name]) => ({ aadObjectId, name })).sort((a, b) => collator.compare(a.name, b.name)),
        });
      }
      if (url.pathname === "/api/tab/statistics" || url.pathname === "/api/tab/statistics.csv") {
        if (!me.isCoordinator) return send(403, { error: "Forbidden." });
        const computed = statistics(stats.summaries, stats.ratings, statsNow);
        if (url.pathname.endsWith(".csv")) {
          const lang = url.searchParams.get("lang");
          if (lang !== "da" && lang !== "nb" && lang !== "en") return send(400, { error: "Bad request: invalid query parameters." });
          res.writeHead(200, { "content-type": "text/csv; charset=utf-8", "content-disposition": 'attachment; filename="statistics.csv"' });
          res.end(statisticsCsv(computed, lang));
          return;
        }
        return send(200, publicStatistics(computed));
      }
      // issue 12: the coordinator's programmes, by the real ProgrammeService over an in-memory store.
      if (url.pathname === "/api/tab/programmes" || url.pathname.startsWith("/api/tab/programmes/")) {
        if (!me.isCoordinator) return send(403, { error: "Forbidden." });
        void programmeRoute(req.method ?? "GET", url.pathname, body).then((r) => send(r.status, r.body));
        return;
      }
      const action = leaderAction(req.method ?? "GET", url, body, me) ?? dataRightsAction(req.method ?? "GET", url, body, me) ?? coordinatorAction(req.method ?? "GET", url, body, me);
      if (action) return send(action.status, action.body);
      if (url.pathname === "/api/tab/my") {
        const now = Date.now();
        const mine = rows.filter((r) => r.menteeAadObjectId === me.aadObjectId || r.mentorAadObjectId === me.aadObjectId);
        return send(200, {
          mentorships: mine.map((r) => {
            const isNiels = r.mentorshipId === "ms-niels";
            return {
              mentorshipId: r.mentorshipId,
              role: r.mentorAadObjectId === me.aadObjectId ? "mentor" : "mentee",
              otherName: r.mentorAadObjectId === me.aadObjectId ? r.menteeName : r.mentorName,
              programme: r.programme,
              phase: r.phase,
              timeline: r.timeline,
              timeZone: r.timeZone,
              learningGoals: isNiels ? { shortTerm: NIELS.shortTerm, longTerm: NIELS.longTerm } : { shortTerm: "", longTerm: "" },
              ...(r.awaitingChat ? { awaitingChat: true } : {}),
              upcoming: isNiels
                ? [
                    { startUtc: r.nextMeetingUtc, minutes: 45, joinUrl: NIELS.joinUrl },
                    { startUtc: new Date(now + 17 * DAY).toISOString().slice(0, 11) + "12:00:00.000Z", minutes: 60, joinUrl: null },
                  ]
                : [],
              held: isNiels
                ? [
                    { startUtc: new Date(now - 50 * DAY).toISOString(), theme: NIELS.heldTheme },
                    { startUtc: new Date(now - 36 * DAY).toISOString(), theme: "Forventninger og læringsmål" },
                  ]
                : [],
            };
          }),
        });
      }
      return send(404, { error: "not found" });
    };
    if (url.pathname.startsWith("/api/")) {
      let raw = "";
      req.on("data", (c: Buffer) => (raw += c.toString("utf8")));
      req.on("end", () => handleApi(raw));
      return;
    }
    // Static: /tab/assets/* as files; /tab, /tab/, /tab/overview, /tab/my → index.html.
    if (url.pathname === "/tab" || url.pathname.startsWith("/tab/")) {
      const rel = url.pathname.slice("/tab/".length);
      let file = path.join(options.staticDir, path.normalize(rel).replace(/^(\.\.[/\\])+/, ""));
      if (!rel || !existsSync(file) || !statSync(file).isFile()) file = path.join(options.staticDir, "index.html");
      // The same Content-Security-Policy as src/http/staticTab.ts, so a violation shows here too.
      res.writeHead(200, { "content-type": MIME[path.extname(file)] ?? "application/octet-stream", "content-security-policy": CSP });
      createReadStream(file).pipe(res);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    users,
    rows,
    staff,
    requests,
    calls,
    get chat() {
      return control.chat;
    },
    set chat(v: ChatOutcome) {
      control.chat = v;
    },
    get refuseNext() {
      return control.refuseNext;
    },
    set refuseNext(v: FakeApi["refuseNext"]) {
      control.refuseNext = v;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
