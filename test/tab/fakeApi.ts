/**
 * A FAKE of the tab's server API (src/tabApi, being built in parallel) plus a static server for
 * the built tab (lib/tab), on one loopback port — the shape the real server will have. To switch
 * test/tab/tab.test.ts to the real server, replace startApi() with one that starts the app and
 * returns the same { baseUrl, users, requests, stop }.
 *
 * Seeded: the Playground's personas (Karen Koordinator is the coordinator; Mette Mentor mentors
 * Niels Nyansat and Sofie Sørensen), a few hand-made rows with æøå names and every flag, and
 * generated rows up to `rows` (default 10,000) across all phases.
 */
import { createReadStream, existsSync, statSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

export type Phase = "preparation" | "startUp" | "learning" | "closing" | "closed";
export type Flag = "agreementOverdue" | "noMeeting6Weeks" | "mentorOverloaded" | "closingSoon";
type Span = { start: string; end: string };
type Timeline = { preparation: Span; startUp: Span; learning: Span; closing: Span };

export interface FakeUser {
  name: string;
  aadObjectId: string;
  isCoordinator: boolean;
}

export interface FakeRow {
  mentorshipId: string;
  menteeName: string;
  menteeAadObjectId: string;
  mentorName: string;
  mentorAadObjectId: string;
  unit: string;
  programme: "klds" | "kristiansand" | "custom";
  phase: Phase;
  phaseProgress: number;
  timeline: Timeline;
  agreementStatus: "draft" | "waiting" | "agreed";
  meetingsHeld: number;
  meetingsPlanned: number;
  nextMeetingUtc: string;
  lastActivityAt: string;
  flags: Flag[];
}

export const TENANT_ID = "6b1f2c3e-8a47-4d0e-9c51-2f7a9e4b6d10";
export const USERS = {
  coordinator: { name: "Karen Koordinator", aadObjectId: "a2f3f637-d64f-4f18-a8b2-0e595e265dec", isCoordinator: true },
  mentor: { name: "Mette Mentor", aadObjectId: "72435a96-bc5c-4e94-bee1-04ef685f0083", isCoordinator: false },
  mentee: { name: "Niels Nyansat", aadObjectId: "00e85e12-4de4-4f72-9ddd-9d2de920940a", isCoordinator: false },
  mentee2: { name: "Sofie Sørensen", aadObjectId: "6641c8fc-d0c4-4470-aba8-e00a62ae21d9", isCoordinator: false },
  manager: { name: "Lars Leder", aadObjectId: "335ac737-46e3-4175-8d77-c04be3ba9b34", isCoordinator: false },
} as const satisfies Record<string, FakeUser>;

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

export function seedRows(count: number, now = Date.now()): FakeRow[] {
  const rows: FakeRow[] = [];
  const mk = (r: Omit<FakeRow, "phase" | "phaseProgress">): FakeRow => ({ ...r, ...(({ phase, progress }) => ({ phase, phaseProgress: progress }))(phaseAt(r.timeline, now)) });
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
  const r = rand(42);
  const mentors = Array.from({ length: Math.max(1, Math.floor(count / 3)) }, (_, i) => ({
    name: `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]} ${i + 1}`,
    aadObjectId: `mentor-${i + 1}`,
  }));
  for (let i = rows.length; i < count; i++) {
    const mentor = mentors[Math.floor(r() * mentors.length)]!;
    const firstDay = now + Math.round((r() * 260 - 210) * DAY);
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
  return rows;
}

export interface FakeApi {
  baseUrl: string;
  users: FakeUser[];
  rows: FakeRow[];
  /** Every API request's path and query, in order (for assertions). */
  requests: URL[];
  stop(): Promise<void>;
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

export async function startApi(options: { staticDir: string; rows?: number }): Promise<FakeApi> {
  const rows = seedRows(options.rows ?? 10_000);
  const users: FakeUser[] = Object.values(USERS);
  const requests: URL[] = [];
  const tokenFor = (id: string) => `fake.${id}`;

  const auth = (req: http.IncomingMessage): FakeUser | null => {
    const m = /^Bearer fake\.(.+)$/.exec(req.headers.authorization ?? "");
    return (m && users.find((u) => u.aadObjectId === m[1])) || null;
  };

  const filtered = (q: URLSearchParams): FakeRow[] => {
    const text = (q.get("q") ?? "").toLocaleLowerCase("da");
    let out = rows.filter(
      (r) =>
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
    const { menteeAadObjectId: _omit, ...rest } = r;
    return rest;
  };

  const csvCell = (v: string | number) => {
    const s = String(v);
    return /[";\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(body));
    };
    if (url.pathname.startsWith("/api/")) {
      requests.push(url);
      if (url.pathname === "/api/tab/local-users" && req.method === "GET") return send(200, users);
      if (url.pathname === "/api/tab/local-token" && req.method === "POST") {
        let body = "";
        req.on("data", (c: Buffer) => (body += c.toString("utf8")));
        req.on("end", () => {
          const id = (JSON.parse(body || "{}") as { aadObjectId?: string }).aadObjectId;
          if (!users.some((u) => u.aadObjectId === id)) return send(404, { error: "unknown user" });
          send(200, { token: tokenFor(id!) });
        });
        return;
      }
      const me = auth(req);
      if (!me) return send(401, { error: "unauthorized" });
      if (url.pathname === "/api/tab/whoami") return send(200, { tenantId: TENANT_ID, ...me });
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
              learningGoals: isNiels ? { shortTerm: NIELS.shortTerm, longTerm: NIELS.longTerm } : { shortTerm: "", longTerm: "" },
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
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
