// Types and fetch helpers for the tab's server API (same origin, JSON, bearer token).

export type Phase = "preparation" | "startUp" | "learning" | "closing" | "closed";
export type ActivePhase = Exclude<Phase, "closed">;
export type Programme = "klds" | "kristiansand" | "custom";
export type Flag = "agreementOverdue" | "noMeeting6Weeks" | "mentorOverloaded" | "closingSoon";
export type AgreementStatus = "draft" | "waiting" | "agreed";

export const PHASES: ActivePhase[] = ["preparation", "startUp", "learning", "closing"];
export const ALL_PHASES: Phase[] = [...PHASES, "closed"];
export const FLAGS: Flag[] = ["agreementOverdue", "noMeeting6Weeks", "mentorOverloaded", "closingSoon"];

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
}

export interface OverviewRow {
  mentorshipId: string;
  menteeName: string;
  mentorName: string;
  mentorAadObjectId: string;
  unit: string;
  programme: Programme;
  phase: Phase;
  phaseProgress: number;
  timeline: Timeline;
  agreementStatus: AgreementStatus;
  meetingsHeld: number;
  meetingsPlanned: number;
  nextMeetingUtc: string;
  lastActivityAt: string;
  flags: Flag[];
  /** Paused by a coordinator (older servers leave it out). */
  paused?: boolean;
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
  learningGoals: { shortTerm: string; longTerm: string };
  upcoming: { startUtc: string; minutes: number; joinUrl: string | null }[];
  held: { startUtc: string; theme: string }[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function request(path: string, token: string | null, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (token) headers.set("Authorization", `Bearer ${token}`);
  if (init.body) headers.set("Content-Type", "application/json");
  const res = await fetch(path, { ...init, headers });
  if (!res.ok) throw new ApiError(res.status, `${init.method ?? "GET"} ${path} → ${res.status}`);
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

export const api = {
  localUsers: () => json<LocalUser[]>("/api/tab/local-users", null),
  localToken: (aadObjectId: string) =>
    json<{ token: string }>("/api/tab/local-token", null, { method: "POST", body: JSON.stringify({ aadObjectId }) }),
  whoami: (token: string) => json<WhoAmI>("/api/tab/whoami", token),
  overview: (token: string, q: OverviewQuery, offset: number, limit: number, signal?: AbortSignal) =>
    json<OverviewPage>(`/api/tab/overview${queryString(q, { offset, limit })}`, token, signal ? { signal } : {}),
  /** The CSV's headers are in `lang`; the server sends it UTF-8 with a BOM. */
  overviewCsv: async (token: string, q: OverviewQuery, lang: string) => (await request(`/api/tab/overview.csv${queryString(q, { lang })}`, token)).blob(),
  my: (token: string) => json<{ mentorships: MyMentorship[] }>("/api/tab/my", token),
};
