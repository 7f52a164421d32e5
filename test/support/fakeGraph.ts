/**
 * A loopback HTTPS server playing Microsoft Graph v1.0 for the operations the Graph adapters use:
 *
 *   POST   /users/{id}/events  (and /users/{id}/calendar/events)   create (single or recurring)
 *   GET    /users/{id}/events/{id}                                  a master, single event or occurrence
 *   PATCH  /users/{id}/events/{id}                                  update; an occurrence id moves one occurrence
 *   DELETE /users/{id}/events/{id}                                  delete a series, event or occurrence
 *   POST   /users/{id}/events/{id}/cancel                           cancel (organizer), ditto
 *   GET    /users/{id}/events/{id}/instances?startDateTime&endDateTime
 *   GET    /users/{id}/calendarView?startDateTime&endDateTime
 *   POST   /users/{id}/calendar/getSchedule
 *   POST   /chats, POST /chats/{id}/installedApps, GET /users/{id | mail | upn}
 *   POST   /$batch (inner requests in order, dependsOn honoured, 424 behind a failure, each item with its own status/headers/body)
 *
 * It keeps calendars in memory and expands recurrences itself (daily, weekly with interval and
 * firstDayOfWeek, relativeMonthly; numbered or endDate ranges), independently of the app's domain
 * code, so instances/calendarView return occurrences with stable ids, seriesMasterId and
 * originalStart. transactionId is idempotent (the same id returns the existing event, 201).
 *
 * Every request body is validated against the strict schemas of the shared Graph reference
 * (../shared/reference/msgraph, ajv strict mode): a failure is answered 400 with the ajv errors and
 * recorded in `schemaFailures`. Batch bodies are validated with op.batch.request, inner bodies
 * with their operation's strict schema, query strings of instances/calendarView with
 * op.listEventInstances.query, and the fake's own instance pages with op.listEventInstances.response.
 * Other Graph rules it enforces: the `Authorization: Bearer …` header on every HTTP request (401),
 * unique batch ids, dependsOn naming earlier ids, batches "either fully sequential or fully
 * parallel", at most 20 items, Windows time-zone names, and ErrorOccurrenceCrossingBoundary.
 * Things that look wrong without being errors go to `anomalies`.
 *
 * Records: `http` (every round trip), `operations` (every executed Graph request, inner batch
 * items included), `schemaFailures`, `unknownRoutes`, `anomalies`. `inject()` answers the next N
 * matching HTTP requests or batch items with a given status (429 + Retry-After, 503, …).
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import path from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import { utcToZoned, zonedToUtc } from "../../src/domain/calendarMath";

export const REFERENCE_DIR = path.join(path.resolve(__dirname, "..", ".."), "..", "shared", "reference");
const GRAPH_SCHEMA_FILE = path.join(REFERENCE_DIR, "msgraph", "msgraph-v1.0-teams-subset.schema.json");

// ─── schemas ─────────────────────────────────────────────────────────────────────────────────

type SchemaName =
  | "op.createEvent.request.strict"
  | "op.updateEvent.request.strict"
  | "op.cancelEvent.request.strict"
  | "op.getSchedule.request.strict"
  | "op.createChat.request.strict"
  | "op.installAppInChat.request.strict"
  | "op.batch.request"
  | "op.listEventInstances.query"
  | "op.listEventInstances.response"
  | "op.getUser.response";

let validators: Map<SchemaName, ValidateFunction> | undefined;
let ajvInstance: Ajv | undefined;

function schemas(): { ajv: Ajv; get: (name: SchemaName) => ValidateFunction } {
  if (!validators || !ajvInstance) {
    const graph = JSON.parse(fs.readFileSync(GRAPH_SCHEMA_FILE, "utf8")) as { $id: string };
    const ajv = new Ajv({ allErrors: true, strict: true });
    ajv.addSchema(graph);
    const map = new Map<SchemaName, ValidateFunction>();
    for (const name of [
      "op.createEvent.request.strict",
      "op.updateEvent.request.strict",
      "op.cancelEvent.request.strict",
      "op.getSchedule.request.strict",
      "op.createChat.request.strict",
      "op.installAppInChat.request.strict",
      "op.batch.request",
      "op.listEventInstances.query",
      "op.listEventInstances.response",
      "op.getUser.response",
    ] as const) {
      const fn = ajv.getSchema(`${graph.$id}#/definitions/${name}`);
      if (!fn) throw new Error(`schema ${name} not found in ${GRAPH_SCHEMA_FILE}`);
      map.set(name, fn);
    }
    validators = map;
    ajvInstance = ajv;
  }
  const ajv = ajvInstance;
  const map = validators;
  return { ajv, get: (name) => map.get(name) as ValidateFunction };
}

// ─── time zones and dates ──────────────────────────────────────────────────────────────────────

/** Windows names the fake accepts, with an IANA zone of the same rules. IANA names are refused on purpose. */
const WINDOWS_ZONES: Readonly<Record<string, string>> = {
  "Romance Standard Time": "Europe/Paris",
  "W. Europe Standard Time": "Europe/Berlin",
  "GMT Standard Time": "Europe/London",
  "Pacific Standard Time": "America/Los_Angeles",
  UTC: "UTC",
};

const DAY = 86_400_000;
const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const INDEXES = ["first", "second", "third", "fourth", "last"];

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY;
const dateOf = (n: number) => new Date(n * DAY).toISOString().slice(0, 10);
const weekdayOf = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday

interface WallClock {
  readonly date: string;
  readonly time: string; // HH:mm
  readonly seconds: number;
  readonly zone: string; // IANA
  readonly windows: string;
}

class GraphFault extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function parseDateTimeTimeZone(value: unknown, what: string): WallClock {
  const v = value as { dateTime?: unknown; timeZone?: unknown } | null;
  if (typeof v?.dateTime !== "string") throw new GraphFault(400, "ErrorInvalidRequest", `${what}.dateTime is missing`);
  const windows = typeof v.timeZone === "string" ? v.timeZone : "UTC";
  const zone = WINDOWS_ZONES[windows];
  if (!zone) throw new GraphFault(400, "TimeZoneNotSupportedException", `A valid TimeZone value must be specified (${what}: ${windows})`);
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(v.dateTime);
  if (!m) throw new GraphFault(400, "ErrorInvalidRequest", `${what}.dateTime is not a wall-clock time`);
  return { date: m[1] as string, time: m[2] as string, seconds: Number(m[3] ?? 0), zone, windows };
}

const wallToUtc = (w: { date: string; time: string; seconds?: number }, zone: string) => zonedToUtc(w.date, w.time, zone).getTime() + (w.seconds ?? 0) * 1000;

function formatFor(ms: number, windows: string | undefined): { dateTime: string; timeZone: string } {
  const zone = windows ? WINDOWS_ZONES[windows] : undefined;
  if (!zone || zone === "UTC") return { dateTime: new Date(ms).toISOString().replace(/\.\d{3}Z$/, ".0000000"), timeZone: "UTC" };
  const local = utcToZoned(new Date(ms), zone);
  return { dateTime: `${local.date}T${local.time}:00.0000000`, timeZone: windows as string };
}

/** Graph's query instants: ISO 8601 with or without Z/offset (without = UTC). */
function parseInstant(value: string): number {
  const withZone = /(Z|[+-]\d{2}:\d{2})$/.test(value) ? value : `${value}Z`;
  const t = Date.parse(withZone);
  if (!Number.isFinite(t)) throw new GraphFault(400, "ErrorInvalidParameter", "invalid date time");
  return t;
}

// ─── recurrence expansion (independent of the app's domain code) ────────────────────────────────

interface Recurrence {
  readonly pattern: { type: string; interval: number; daysOfWeek?: string[]; firstDayOfWeek?: string; index?: string; dayOfMonth?: number };
  readonly range: { type: string; startDate: string; endDate?: string; numberOfOccurrences?: number; recurrenceTimeZone?: string };
}

const MAX_EXPANSION = 1000;

export function expandRecurrence(recurrence: Recurrence): string[] {
  const { pattern, range } = recurrence;
  const start = dayNumber(range.startDate);
  if (!Number.isFinite(start)) throw new GraphFault(400, "ErrorInvalidRequest", "range.startDate");
  const limit = range.type === "numbered" ? (range.numberOfOccurrences ?? 0) : MAX_EXPANSION;
  const last = range.type === "endDate" && range.endDate ? dayNumber(range.endDate) : Number.POSITIVE_INFINITY;
  const out: string[] = [];
  const push = (n: number) => {
    if (n < start || n > last || out.length >= limit) return;
    out.push(dateOf(n));
  };
  const done = (n: number) => out.length >= limit || n > last || n - start > 3660 * 5;
  const days = (pattern.daysOfWeek ?? []).map((d) => WEEKDAYS.indexOf(d.toLowerCase()));
  if (days.some((d) => d < 0)) throw new GraphFault(400, "ErrorInvalidRequest", "daysOfWeek");
  const interval = pattern.interval;
  switch (pattern.type) {
    case "daily":
      for (let n = start; !done(n); n += interval) push(n);
      break;
    case "weekly": {
      const fdow = WEEKDAYS.indexOf((pattern.firstDayOfWeek ?? "sunday").toLowerCase());
      const offsets = days.map((d) => (d - fdow + 7) % 7).sort((a, b) => a - b);
      const weekStart = start - ((weekdayOf(range.startDate) - fdow + 7) % 7);
      for (let w = weekStart; !done(w); w += 7 * interval) for (const o of offsets) push(w + o);
      break;
    }
    case "relativeMonthly": {
      const index = INDEXES.indexOf(pattern.index ?? "first");
      const y0 = Number(range.startDate.slice(0, 4));
      const m0 = Number(range.startDate.slice(5, 7)) - 1;
      for (let k = 0; ; k += interval) {
        const first = Date.UTC(y0, m0 + k, 1) / DAY;
        if (done(first)) break;
        const inMonth: number[] = [];
        for (let n = first; dateOf(n).slice(0, 7) === dateOf(first).slice(0, 7); n++) if (days.includes(weekdayOf(dateOf(n)))) inMonth.push(n);
        const pick = index === 4 ? inMonth[inMonth.length - 1] : inMonth[index];
        if (pick !== undefined) push(pick);
        if (out.length >= limit) break;
      }
      break;
    }
    default:
      throw new GraphFault(501, "NotImplemented", `the fake does not expand ${pattern.type}`);
  }
  return out;
}

// ─── state ───────────────────────────────────────────────────────────────────────────────────

export interface FakeUser {
  readonly id: string;
  readonly displayName: string;
  readonly mail: string;
  readonly userPrincipalName: string;
}

interface StoredEvent {
  readonly id: string;
  readonly userId: string;
  readonly created: Record<string, unknown>;
  subject: string;
  readonly transactionId: string | null;
  start: WallClock;
  durationMs: number;
  recurrence: Recurrence | null;
  /** Original occurrence dates (recurring only). */
  dates: readonly string[];
  readonly moved: Map<string, { startMs: number; endMs: number }>;
  readonly cancelled: Set<string>;
  readonly cancelComments: string[];
  readonly joinUrl: string | null;
  readonly attendees: readonly { emailAddress?: { address?: string; name?: string }; type?: string }[];
}

export interface Instance {
  readonly id: string;
  readonly seriesMasterId: string | null;
  readonly type: "occurrence" | "exception" | "singleInstance";
  readonly subject: string;
  readonly originalDate: string | null;
  readonly startMs: number;
  readonly endMs: number;
}

export interface HttpRecord {
  readonly method: string;
  /** Path and query, without the origin. */
  readonly url: string;
  readonly status: number;
  readonly authorization: string | undefined;
  readonly batchSize?: number;
  readonly at: number;
}

export interface OperationRecord {
  readonly method: string;
  /** Path below /v1.0, decoded segments re-joined, without the query. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly status: number;
  readonly via: "http" | "batch";
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>>;
  /** Index into `http` of the round trip that carried it. */
  readonly roundTrip: number;
}

export interface SchemaFailure {
  readonly method: string;
  readonly path: string;
  readonly schema: string;
  readonly errors: string;
}

export interface Injection {
  readonly status: number;
  /** Retry-After header value, e.g. "1". */
  readonly retryAfter?: string;
  /** How many matching requests to answer this way; Infinity for "always". */
  count: number;
  /** "http": whole HTTP requests (a $batch POST included); "batchItem": requests inside a batch. */
  readonly where: "http" | "batchItem";
  readonly match?: (op: { method: string; path: string }) => boolean;
  /** Error body; default a Graph error with a code for the status. */
  readonly body?: unknown;
  /** "http" only: answer this late (to let a client time out). */
  readonly delayMs?: number;
}

interface Reply {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  readonly delayMs?: number;
}

const errorBody = (code: string, message: string) => ({
  error: { code, message, innerError: { date: new Date().toISOString().slice(0, 19), "request-id": randomUUID(), "client-request-id": randomUUID() } },
});
const fault = (status: number, code: string, message: string): Reply => ({ status, headers: { "Content-Type": "application/json" }, body: errorBody(code, message) });
const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => ({ status, headers: { "Content-Type": "application/json", ...headers }, body });

const DEFAULT_ERROR_CODES: Readonly<Record<number, string>> = {
  400: "BadRequest",
  403: "ErrorAccessDenied",
  404: "ErrorItemNotFound",
  429: "TooManyRequests",
  500: "InternalServerError",
  503: "ServiceUnavailable",
  504: "GatewayTimeout",
};

// ─── the server ──────────────────────────────────────────────────────────────────────────────

export class FakeGraph {
  readonly http: HttpRecord[] = [];
  readonly operations: OperationRecord[] = [];
  readonly schemaFailures: SchemaFailure[] = [];
  readonly unknownRoutes: string[] = [];
  readonly anomalies: string[] = [];
  /** Every change of a series master's recurrence (PATCH), in order. */
  readonly recurrenceChanges: { id: string; recurrence: unknown }[] = [];
  /** transactionIds that came again and were answered with the existing event. */
  readonly repeatedTransactionIds: string[] = [];
  /** When set, only this bearer token is accepted. */
  expectedToken: string | undefined;
  /** The largest page instances/calendarView return, whatever $top asks for (to exercise @odata.nextLink). */
  maxPageSize = 1000;

  private readonly users = new Map<string, FakeUser>();
  private readonly events = new Map<string, StoredEvent>();
  private readonly occurrenceIds = new Map<string, { masterId: string; date: string }>();
  private readonly chats = new Map<string, { id: string; topic: string | null; members: unknown[]; apps: string[] }>();
  private readonly injections: Injection[] = [];
  private counter = 0;

  private constructor(
    private readonly server: https.Server,
    readonly baseUrl: string,
  ) {}

  static async start(options: { key: string; cert: string; users?: readonly FakeUser[]; expectedToken?: string }): Promise<FakeGraph> {
    schemas(); // compile up front: a broken reference fails the start, not the first request
    let fake: FakeGraph | undefined;
    const server = https.createServer({ key: options.key, cert: options.cert }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const reply = (fake as FakeGraph).handleHttp(req.method ?? "GET", req.url ?? "/", req.headers, Buffer.concat(chunks).toString("utf8"));
        const headers: Record<string, string> = { ...(reply.headers ?? {}) };
        const payload = reply.body === undefined ? "" : JSON.stringify(reply.body);
        if (payload) headers["Content-Type"] ??= "application/json";
        setTimeout(() => {
          if (res.destroyed) return;
          res.writeHead(reply.status, headers);
          res.end(payload);
        }, reply.delayMs ?? 0);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    fake = new FakeGraph(server, `https://127.0.0.1:${port}`);
    fake.expectedToken = options.expectedToken;
    for (const u of options.users ?? []) fake.addUser(u);
    return fake;
  }

  get serviceRoot(): string {
    return `${this.baseUrl}/v1.0`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  addUser(user: FakeUser): void {
    this.users.set(user.id, user);
  }

  inject(injection: Injection): void {
    this.injections.push(injection);
  }

  /** Forgets the records and pending injections; calendars and chats stay. */
  clearRecords(): void {
    for (const list of [this.http, this.operations, this.schemaFailures, this.unknownRoutes, this.anomalies, this.repeatedTransactionIds, this.recurrenceChanges]) list.length = 0;
    this.injections.length = 0;
  }

  /** Forgets everything but the users. */
  reset(): void {
    this.clearRecords();
    this.maxPageSize = 1000;
    this.events.clear();
    this.occurrenceIds.clear();
    this.chats.clear();
  }

  /** Series masters and single events in a user's calendar. */
  eventsOf(userId: string): { id: string; type: "seriesMaster" | "singleInstance"; transactionId: string | null; body: Record<string, unknown>; cancelComments: readonly string[] }[] {
    return [...this.events.values()]
      .filter((e) => e.userId === userId)
      .map((e) => ({ id: e.id, type: e.recurrence ? "seriesMaster" : "singleInstance", transactionId: e.transactionId, body: e.created, cancelComments: e.cancelComments }));
  }

  /** Every meeting in a user's calendar (occurrences after moves and cancellations, and single events), in time order. */
  meetingsOf(userId: string): Instance[] {
    return this.instances(userId, null, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
  }

  chatsCreated(): { id: string; topic: string | null; members: unknown[]; apps: string[] }[] {
    return [...this.chats.values()];
  }

  /** Operations, optionally only those matching a method and a path pattern. */
  ops(method?: string, pathPattern?: RegExp): OperationRecord[] {
    return this.operations.filter((o) => (!method || o.method === method) && (!pathPattern || pathPattern.test(o.path)));
  }

  // ─── HTTP ──────────────────────────────────────────────────────────────────────────────────

  private handleHttp(method: string, rawUrl: string, rawHeaders: Record<string, string | string[] | undefined>, text: string): Reply {
    const headers = Object.fromEntries(Object.entries(rawHeaders).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(", ") : (v ?? "")]));
    const authorization = headers["authorization"] || undefined;
    const roundTrip = this.http.length;
    const finish = (reply: Reply, batchSize?: number): Reply => {
      this.http.push({ method, url: rawUrl, status: reply.status, authorization, at: Date.now(), ...(batchSize !== undefined ? { batchSize } : {}) });
      return reply;
    };

    const bearer = /^Bearer (\S+)$/.exec(authorization ?? "");
    if (!bearer || (this.expectedToken !== undefined && bearer[1] !== this.expectedToken)) {
      return finish(fault(401, "InvalidAuthenticationToken", "Access token is empty or invalid."));
    }
    const url = new URL(rawUrl, this.baseUrl);
    if (!url.pathname.startsWith("/v1.0/")) return finish(fault(404, "NotFound", "only /v1.0 is served"));
    const relative = url.pathname.slice("/v1.0".length);

    const injected = this.takeInjection("http", method, relative);
    if (injected) return finish(injected);

    let body: unknown;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        return finish(fault(400, "BadRequest", "Unable to read JSON request payload."));
      }
    }
    if (method === "POST" && relative === "/$batch") {
      const size = Array.isArray((body as { requests?: unknown } | null)?.requests) ? ((body as { requests: unknown[] }).requests.length) : 0;
      return finish(this.batch(body, roundTrip), size);
    }
    return finish(this.execute(method, relative, url.searchParams, headers, body, "http", roundTrip));
  }

  private takeInjection(where: "http" | "batchItem", method: string, relativePath: string): Reply | undefined {
    const injection = this.injections.find((i) => i.where === where && i.count > 0 && (!i.match || i.match({ method, path: relativePath })));
    if (!injection) return undefined;
    injection.count -= 1;
    const headers: Record<string, string> = { "Content-Type": "application/json" };
    if (injection.retryAfter !== undefined) headers["Retry-After"] = injection.retryAfter;
    return {
      status: injection.status,
      headers,
      body: injection.body ?? errorBody(DEFAULT_ERROR_CODES[injection.status] ?? "Error", `injected ${injection.status}`),
      ...(where === "http" && injection.delayMs ? { delayMs: injection.delayMs } : {}),
    };
  }

  private validate(schema: SchemaName, value: unknown, method: string, path: string): Reply | undefined {
    const { ajv, get } = schemas();
    const fn = get(schema);
    if (fn(value)) return undefined;
    const errors = ajv.errorsText(fn.errors, { separator: "; " });
    this.schemaFailures.push({ method, path, schema, errors });
    return fault(400, "BadRequest", `schema ${schema}: ${errors}`);
  }

  // ─── $batch ─────────────────────────────────────────────────────────────────────────────────

  private batch(body: unknown, roundTrip: number): Reply {
    const invalid = this.validate("op.batch.request", body, "POST", "/$batch");
    if (invalid) return invalid;
    const requests = (body as { requests: { id: string; method: string; url: string; headers?: Record<string, string>; body?: unknown; dependsOn?: string[] }[] }).requests;
    const ids = requests.map((r) => r.id.toLowerCase());
    if (new Set(ids).size !== ids.length) return fault(400, "BadRequest", "Batch request ids must be unique.");
    const chained = requests.filter((r) => r.dependsOn !== undefined).length;
    if (chained > 0 && chained !== requests.length - 1) return fault(400, "BadRequest", "Batch should be either fully sequential or fully parallel");
    for (const [i, r] of requests.entries()) {
      if (i === 0 && r.dependsOn) return fault(400, "BadRequest", "Batch should be either fully sequential or fully parallel");
      for (const d of r.dependsOn ?? []) {
        const at = ids.indexOf(d.toLowerCase());
        if (at < 0 || at >= i) return fault(400, "BadRequest", `Invalid dependency for request Id ${r.id}`);
      }
    }
    const statuses = new Map<string, number>();
    const responses: { id: string; status: number; headers: Record<string, string>; body?: unknown }[] = [];
    // Graph runs the items of a parallel batch "in the most efficient order": the fake runs them
    // backwards, so a client that needs an order has to say so with dependsOn.
    const order = chained > 0 ? requests : [...requests].reverse();
    for (const r of order) {
      const method = r.method.toUpperCase();
      const target = new URL(r.url.startsWith("/") ? r.url : `/${r.url}`, "https://batch.invalid");
      let reply: Reply;
      if ((r.dependsOn ?? []).some((d) => (statuses.get(d.toLowerCase()) ?? 0) >= 400)) {
        reply = fault(424, "FailedDependency", "Failed dependency");
      } else {
        const injected = this.takeInjection("batchItem", method, target.pathname);
        const headers = Object.fromEntries(Object.entries(r.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
        reply = injected ?? this.execute(method, target.pathname, target.searchParams, headers, r.body, "batch", roundTrip);
        if (injected) this.record(method, target.pathname, target.searchParams, injected.status, "batch", r.body, headers, roundTrip);
      }
      statuses.set(r.id.toLowerCase(), reply.status);
      responses.push({ id: r.id, status: reply.status, headers: reply.headers ?? {}, ...(reply.body !== undefined ? { body: reply.body } : {}) });
    }
    // Graph may answer in any order: the client must correlate by id.
    return json(200, { responses: chained > 0 ? responses.reverse() : responses });
  }

  // ─── one operation ──────────────────────────────────────────────────────────────────────────

  private record(method: string, path: string, query: URLSearchParams, status: number, via: "http" | "batch", body: unknown, headers: Record<string, string>, roundTrip: number): void {
    this.operations.push({ method, path: decodePath(path), query: Object.fromEntries(query), status, via, body, headers, roundTrip });
  }

  private execute(method: string, path: string, query: URLSearchParams, headers: Record<string, string>, body: unknown, via: "http" | "batch", roundTrip: number): Reply {
    let reply: Reply;
    try {
      reply = this.route(method, path, query, headers, body);
    } catch (error) {
      reply = error instanceof GraphFault ? fault(error.status, error.code, error.message) : fault(500, "InternalServerError", String(error));
    }
    this.record(method, path, query, reply.status, via, body, headers, roundTrip);
    return reply;
  }

  private route(method: string, path: string, query: URLSearchParams, headers: Record<string, string>, body: unknown): Reply {
    const s = path.split("/").filter(Boolean).map((p) => decodeURIComponent(p));
    // Ids sit after "users"/"chats" and after "events"; everything else is a fixed segment.
    const key = `${method} ${s.map((p, i) => ((i === 1 && (s[0] === "users" || s[0] === "chats")) || (i === 3 && s[2] === "events") ? "{}" : p)).join("/")}`;
    const user = s[0] === "users" ? this.findUser(s[1] ?? "") : undefined;
    const userId = user?.id ?? "";
    const needUser = () => {
      if (!user) throw new GraphFault(404, "ErrorInvalidUser", `The requested user '${s[1] ?? ""}' is invalid.`);
    };
    switch (key) {
      case "GET users/{}":
        return this.getUser(s[1] ?? "", query);
      case "POST users/{}/events":
      case "POST users/{}/calendar/events":
        needUser();
        return this.createEvent(userId, body, method, path);
      case "GET users/{}/events/{}":
        needUser();
        return json(200, select(this.eventJson(userId, s[3] ?? "", headers), query.get("$select")));
      case "PATCH users/{}/events/{}":
        needUser();
        return this.updateEvent(userId, s[3] ?? "", body, method, path, headers);
      case "DELETE users/{}/events/{}":
        needUser();
        this.remove(userId, s[3] ?? "", null);
        return { status: 204 };
      case "POST users/{}/events/{}/cancel": {
        needUser();
        const invalid = this.validate("op.cancelEvent.request.strict", body ?? {}, method, path);
        if (invalid) return invalid;
        const b = (body ?? {}) as { comment?: string; Comment?: string };
        this.remove(userId, s[3] ?? "", b.comment ?? b.Comment ?? "");
        return { status: 202 };
      }
      case "GET users/{}/events/{}/instances":
        needUser();
        return this.listInstances(userId, s[3] ?? "", query, headers, method, path);
      case "GET users/{}/calendarView":
      case "GET users/{}/calendar/calendarView":
        needUser();
        return this.listInstances(userId, null, query, headers, method, path);
      case "POST users/{}/calendar/getSchedule":
        needUser();
        return this.getSchedule(body, headers, method, path);
      case "POST chats":
        return this.createChat(body, method, path);
      case "POST chats/{}/installedApps":
        return this.installApp(s[1] ?? "", body, method, path);
      case "POST users/{}/teamwork/installedApps":
        needUser();
        return this.installForUser(s[1] ?? "", body, method, path);
      default:
        this.unknownRoutes.push(`${method} ${path}`);
        return fault(400, "BadRequest", `The fake Graph has no route for ${method} ${path}`);
    }
  }

  private findUser(key: string): FakeUser | undefined {
    const k = key.toLowerCase();
    return this.users.get(key) ?? [...this.users.values()].find((u) => u.id.toLowerCase() === k || u.mail.toLowerCase() === k || u.userPrincipalName.toLowerCase() === k);
  }

  private getUser(key: string, query: URLSearchParams): Reply {
    const user = this.findUser(key);
    // Like Graph, the message names what was looked up: a client must never pass it on.
    if (!user) return fault(404, "Request_ResourceNotFound", `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`);
    const full: Record<string, unknown> = { "@odata.context": `${this.serviceRoot}/$metadata#users/$entity`, ...user };
    const reply = select(full, query.get("$select"));
    const check = schemas().get("op.getUser.response");
    if (!check(reply)) this.anomalies.push(`fake's own GET user response fails op.getUser.response`);
    return json(200, reply);
  }

  // ─── events ─────────────────────────────────────────────────────────────────────────────────

  private createEvent(userId: string, body: unknown, method: string, path: string): Reply {
    const invalid = this.validate("op.createEvent.request.strict", body, method, path);
    if (invalid) return invalid;
    const b = body as Record<string, unknown> & { transactionId?: string; recurrence?: Recurrence | null; subject?: string };
    if (b.transactionId) {
      const existing = [...this.events.values()].find((e) => e.userId === userId && e.transactionId === b.transactionId);
      if (existing) {
        this.repeatedTransactionIds.push(b.transactionId);
        return json(201, this.masterJson(existing));
      }
    }
    const start = parseDateTimeTimeZone(b["start"], "start");
    const end = parseDateTimeTimeZone(b["end"], "end");
    const durationMs = wallToUtc(end, end.zone) - wallToUtc(start, start.zone);
    if (durationMs <= 0) throw new GraphFault(400, "ErrorInvalidRequest", "The end must be after the start.");
    const recurrence = b.recurrence ?? null;
    let dates: string[] = [];
    if (recurrence) {
      const rtz = recurrence.range.recurrenceTimeZone;
      if (rtz !== undefined && !WINDOWS_ZONES[rtz]) throw new GraphFault(400, "TimeZoneNotSupportedException", "recurrenceTimeZone");
      if (rtz !== undefined && rtz !== start.windows) this.anomalies.push(`recurrenceTimeZone ${rtz} differs from start.timeZone ${start.windows}`);
      if (recurrence.pattern.type === "weekly" && recurrence.pattern.firstDayOfWeek === undefined) this.anomalies.push("weekly pattern without firstDayOfWeek (Graph then assumes sunday)");
      dates = expandRecurrence(recurrence);
      if (dates.length === 0) throw new GraphFault(400, "ErrorInvalidRequest", "The recurrence has no occurrences.");
      if (dates[0] !== start.date) this.anomalies.push(`series start ${start.date} is not its first occurrence ${dates[0] ?? "?"}`);
    }
    const id = `AAMkAGI2${(++this.counter).toString(16).padStart(6, "0")}AAAt9AHjAAA=`;
    const stored: StoredEvent = {
      id,
      userId,
      created: b,
      subject: typeof b.subject === "string" ? b.subject : "",
      transactionId: b.transactionId ?? null,
      start,
      durationMs,
      recurrence,
      dates,
      moved: new Map(),
      cancelled: new Set(),
      cancelComments: [],
      joinUrl: b["isOnlineMeeting"] === true ? `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${id.slice(8, 14)}%40thread.v2/0` : null,
      attendees: (b["attendees"] as StoredEvent["attendees"] | undefined) ?? [],
    };
    this.events.set(id, stored);
    return json(201, this.masterJson(stored));
  }

  private masterJson(e: StoredEvent): Record<string, unknown> {
    const user = this.users.get(e.userId);
    return {
      "@odata.context": `${this.serviceRoot}/$metadata#users('${e.userId}')/events/$entity`,
      ...e.created,
      id: e.id,
      type: e.recurrence ? "seriesMaster" : "singleInstance",
      seriesMasterId: null,
      isOrganizer: true,
      organizer: { emailAddress: { name: user?.displayName ?? "", address: user?.mail ?? "" } },
      onlineMeeting: e.joinUrl ? { joinUrl: e.joinUrl } : null,
      originalStartTimeZone: e.start.windows,
      isCancelled: false,
      recurrence: e.recurrence ? graphRecurrence(e.recurrence, e.start.windows) : null,
    };
  }

  private occurrenceId(masterId: string, date: string): string {
    const id = `AAMkOcc${Buffer.from(`${masterId}|${date}`).toString("base64url")}=`;
    this.occurrenceIds.set(id, { masterId, date });
    return id;
  }

  /** The event or occurrence an id names (404 otherwise). */
  private resolve(userId: string, id: string): { master: StoredEvent; date: string | null } {
    const direct = this.events.get(id);
    if (direct && direct.userId === userId) return { master: direct, date: null };
    const occ = this.occurrenceIds.get(id);
    const master = occ ? this.events.get(occ.masterId) : undefined;
    if (occ && master && master.userId === userId && !master.cancelled.has(occ.date)) return { master, date: occ.date };
    throw new GraphFault(404, "ErrorItemNotFound", "The specified object was not found in the store.");
  }

  private eventJson(userId: string, id: string, headers: Record<string, string>): Record<string, unknown> {
    const { master, date } = this.resolve(userId, id);
    if (date === null) return this.masterJson(master);
    return this.instanceJson(this.instanceOf(master, date), preferredZone(headers));
  }

  private instanceOf(master: StoredEvent, date: string): Instance {
    const originalStart = wallToUtc({ date, time: master.start.time, seconds: master.start.seconds }, master.start.zone);
    const moved = master.moved.get(date);
    return {
      id: this.occurrenceId(master.id, date),
      seriesMasterId: master.id,
      type: moved ? "exception" : "occurrence",
      subject: master.subject,
      originalDate: date,
      startMs: moved?.startMs ?? originalStart,
      endMs: moved?.endMs ?? originalStart + master.durationMs,
    };
  }

  private instanceJson(i: Instance, windows: string | undefined): Record<string, unknown> {
    const master = i.seriesMasterId ? this.events.get(i.seriesMasterId) : this.events.get(i.id);
    const originalStart = i.originalDate && master ? wallToUtc({ date: i.originalDate, time: master.start.time, seconds: master.start.seconds }, master.start.zone) : null;
    return {
      "@odata.etag": `W/"${Buffer.from(`${i.id}:${i.startMs}`).toString("base64").slice(0, 24)}"`,
      id: i.id,
      subject: i.subject,
      seriesMasterId: i.seriesMasterId,
      type: i.type,
      isCancelled: false,
      start: formatFor(i.startMs, windows),
      end: formatFor(i.endMs, windows),
      ...(originalStart !== null ? { originalStart: new Date(originalStart).toISOString().replace(/\.\d{3}Z$/, "Z") } : {}),
    };
  }

  /** Occurrences (and single events) of a user overlapping [from, to), optionally of one series. */
  private instances(userId: string, seriesId: string | null, from: number, to: number): Instance[] {
    const out: Instance[] = [];
    for (const e of this.events.values()) {
      if (e.userId !== userId || (seriesId !== null && e.id !== seriesId)) continue;
      if (!e.recurrence) {
        if (seriesId !== null) continue;
        const startMs = wallToUtc(e.start, e.start.zone);
        out.push({ id: e.id, seriesMasterId: null, type: "singleInstance", subject: e.subject, originalDate: null, startMs, endMs: startMs + e.durationMs });
        continue;
      }
      for (const date of e.dates) if (!e.cancelled.has(date)) out.push(this.instanceOf(e, date));
    }
    return out.filter((i) => i.startMs < to && i.endMs > from).sort((a, b) => a.startMs - b.startMs || (a.seriesMasterId ?? a.id).localeCompare(b.seriesMasterId ?? b.id)); // ties: older series first
  }

  private listInstances(userId: string, seriesId: string | null, query: URLSearchParams, headers: Record<string, string>, method: string, path: string): Reply {
    const q = Object.fromEntries(query);
    const invalid = this.validate("op.listEventInstances.query", q, method, path);
    if (invalid) return invalid;
    if (seriesId !== null) {
      const { master, date } = this.resolve(userId, seriesId);
      if (date !== null || !master.recurrence) throw new GraphFault(400, "ErrorInvalidRequest", "instances are listed for a series master");
    }
    const from = parseInstant(q["startDateTime"] as string);
    const to = parseInstant(q["endDateTime"] as string);
    if (to <= from) throw new GraphFault(400, "ErrorInvalidParameter", "endDateTime must be after startDateTime");
    const all = this.instances(userId, seriesId, from, to);
    const top = Math.min(Number(q["$top"] ?? 10), this.maxPageSize);
    const skip = Number(q["$skip"] ?? 0);
    const page = all.slice(skip, skip + top);
    const zone = preferredZone(headers);
    const body: Record<string, unknown> = {
      "@odata.context": `${this.serviceRoot}/$metadata#Collection(event)`,
      value: page.map((i) => select(this.instanceJson(i, zone), q["$select"] ?? null)),
    };
    if (skip + top < all.length) {
      const next = new URLSearchParams(query);
      next.set("$skip", String(skip + top));
      // Written the way Graph writes them: "$skip=10", not "%24skip=10".
      const qs = [...next].map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%2C/gi, ",").replace(/%3A/gi, ":")}`).join("&");
      body["@odata.nextLink"] = `${this.serviceRoot}${path}?${qs}`;
    }
    if (!schemas().get("op.listEventInstances.response")(body)) this.anomalies.push("fake's own instances page fails op.listEventInstances.response");
    return json(200, body, zone ? { "Preference-Applied": `outlook.timezone="${zone}"` } : {});
  }

  private updateEvent(userId: string, id: string, body: unknown, method: string, path: string, headers: Record<string, string>): Reply {
    const invalid = this.validate("op.updateEvent.request.strict", body, method, path);
    if (invalid) return invalid;
    const b = body as Record<string, unknown>;
    const { master, date } = this.resolve(userId, id);
    if (date === null) {
      if (b["recurrence"] !== undefined) this.changeRecurrence(master, b["recurrence"] as Recurrence | null);
      if (typeof b["subject"] === "string") master.subject = b["subject"];
      if (b["start"] !== undefined || b["end"] !== undefined) {
        const start = b["start"] !== undefined ? parseDateTimeTimeZone(b["start"], "start") : master.start;
        const endMs = b["end"] !== undefined ? wallToUtc(parseDateTimeTimeZone(b["end"], "end"), parseDateTimeTimeZone(b["end"], "end").zone) : wallToUtc(master.start, master.start.zone) + master.durationMs;
        master.start = start;
        master.durationMs = endMs - wallToUtc(start, start.zone);
      }
      return json(200, this.masterJson(master));
    }
    const current = this.instanceOf(master, date);
    const startMs = b["start"] !== undefined ? wallToUtc(parseDateTimeTimeZone(b["start"], "start"), parseDateTimeTimeZone(b["start"], "start").zone) : current.startMs;
    const endMs = b["end"] !== undefined ? wallToUtc(parseDateTimeTimeZone(b["end"], "end"), parseDateTimeTimeZone(b["end"], "end").zone) : startMs + (current.endMs - current.startMs);
    if (endMs <= startMs) throw new GraphFault(400, "ErrorInvalidRequest", "The end must be after the start.");
    // An occurrence may not move onto or past the day of a neighbour (original or moved position).
    const localDay = (ms: number) => utcToZoned(new Date(ms), master.start.zone).date;
    const newDay = localDay(startMs);
    const index = master.dates.indexOf(date);
    const neighbour = (step: -1 | 1): string[] => {
      for (let i = index + step; i >= 0 && i < master.dates.length; i += step) {
        const d = master.dates[i] as string;
        if (master.cancelled.has(d)) continue;
        return [d, localDay(this.instanceOf(master, d).startMs)];
      }
      return [];
    };
    if (neighbour(-1).some((d) => d >= newDay) || neighbour(1).some((d) => d <= newDay)) {
      throw new GraphFault(400, "ErrorOccurrenceCrossingBoundary", "An occurrence can't be moved to or beyond the day of an adjacent occurrence.");
    }
    master.moved.set(date, { startMs, endMs });
    return json(200, this.instanceJson(this.instanceOf(master, date), preferredZone(headers)));
  }

  /**
   * A PATCH of a master's `recurrence` replaces the whole patternedRecurrence (the strict schema has
   * made sure both pattern and range came). Like Exchange ([MS-OXOCAL] 3.1.4.7.3.5): when only the
   * range changes, the exceptions (moved or cancelled occurrences) on dates the series still has stay
   * and the others go with their dates; when the pattern or the start changes, every exception is
   * dropped — moved meetings snap back, cancelled ones return — which is recorded as an anomaly.
   */
  private changeRecurrence(master: StoredEvent, next: Recurrence | null): void {
    if (!master.recurrence) throw new GraphFault(400, "ErrorInvalidRequest", "only a series master has a recurrence to change");
    if (next === null) throw new GraphFault(501, "NotImplemented", "the fake does not turn a series into a single event");
    const rtz = next.range.recurrenceTimeZone;
    if (rtz !== undefined && !WINDOWS_ZONES[rtz]) throw new GraphFault(400, "TimeZoneNotSupportedException", "recurrenceTimeZone");
    if (rtz !== undefined && rtz !== master.start.windows) this.anomalies.push(`recurrenceTimeZone ${rtz} differs from start.timeZone ${master.start.windows}`);
    const dates = expandRecurrence(next);
    if (dates.length === 0) throw new GraphFault(400, "ErrorInvalidRequest", "The recurrence has no occurrences.");
    const before = graphRecurrence(master.recurrence, master.start.windows);
    const after = graphRecurrence(next, master.start.windows);
    if (JSON.stringify(before.pattern) !== JSON.stringify(after.pattern) || before.range.startDate !== after.range.startDate) {
      if (master.moved.size > 0 || master.cancelled.size > 0) this.anomalies.push(`the recurrence pattern of ${master.id} changed: its ${master.moved.size + master.cancelled.size} exceptions were dropped`);
      master.moved.clear();
      master.cancelled.clear();
    }
    const kept = new Set(dates);
    for (const d of [...master.moved.keys()]) if (!kept.has(d)) master.moved.delete(d);
    for (const d of [...master.cancelled]) if (!kept.has(d)) master.cancelled.delete(d);
    master.recurrence = next;
    master.dates = dates;
    this.recurrenceChanges.push({ id: master.id, recurrence: next });
  }

  /** DELETE (comment null) or cancel: a whole series / single event, or one occurrence. */
  private remove(userId: string, id: string, comment: string | null): void {
    const { master, date } = this.resolve(userId, id);
    if (comment !== null) master.cancelComments.push(comment);
    if (date === null) this.events.delete(master.id);
    else master.cancelled.add(date);
  }

  // ─── schedules, chats ───────────────────────────────────────────────────────────────────────

  private getSchedule(body: unknown, headers: Record<string, string>, method: string, path: string): Reply {
    const invalid = this.validate("op.getSchedule.request.strict", body, method, path);
    if (invalid) return invalid;
    const b = body as { schedules?: string[]; Schedules?: string[]; startTime?: unknown; StartTime?: unknown; endTime?: unknown; EndTime?: unknown; availabilityViewInterval?: number; AvailabilityViewInterval?: number };
    const start = parseDateTimeTimeZone(b.startTime ?? b.StartTime, "startTime");
    const end = parseDateTimeTimeZone(b.endTime ?? b.EndTime, "endTime");
    const interval = (b.availabilityViewInterval ?? b.AvailabilityViewInterval ?? 30) * 60_000;
    const from = wallToUtc(start, start.zone);
    const to = wallToUtc(end, end.zone);
    if (to <= from) throw new GraphFault(400, "ErrorInvalidParameter", "endTime must be after startTime");
    const value = (b.schedules ?? b.Schedules ?? []).map((address) => {
      const user = [...this.users.values()].find((u) => u.mail.toLowerCase() === address.toLowerCase());
      if (!user) return { scheduleId: address, error: { message: "The user could not be found.", responseCode: "ErrorMailRecipientNotFound" } };
      const busy = [...this.events.values()]
        .filter((e) => e.userId === user.id || e.attendees.some((a) => a.emailAddress?.address?.toLowerCase() === user.mail.toLowerCase()))
        .flatMap((e) => this.instances(e.userId, e.recurrence ? e.id : null, from, to).filter((i) => (e.recurrence ? true : i.id === e.id)));
      let view = "";
      for (let t = from; t < to; t += interval) view += busy.some((i) => i.startMs < t + interval && i.endMs > t) ? "2" : "0";
      return { scheduleId: address, availabilityView: view, scheduleItems: [], workingHours: null };
    });
    const zone = preferredZone(headers);
    return json(200, { "@odata.context": `${this.serviceRoot}/$metadata#Collection(microsoft.graph.scheduleInformation)`, value }, zone ? { "Preference-Applied": `outlook.timezone="${zone}"` } : {});
  }

  private createChat(body: unknown, method: string, path: string): Reply {
    const invalid = this.validate("op.createChat.request.strict", body, method, path);
    if (invalid) return invalid;
    const b = body as { chatType: string; topic?: string; members: { "user@odata.bind": string }[] };
    for (const m of b.members) {
      const bind = m["user@odata.bind"];
      const match = /\/users\('([^']+)'\)$/.exec(bind) ?? /\/users\/([^/?#]+)$/.exec(bind);
      if (!bind.startsWith(`${this.serviceRoot}/`)) this.anomalies.push(`member bind ${bind} is not under ${this.serviceRoot}`);
      if (!match || !this.findUser(decodeURIComponent(match[1] as string))) throw new GraphFault(404, "NotFound", "One or more members could not be found.");
    }
    const id = `19:${randomUUID().replace(/-/g, "")}@thread.v2`;
    this.chats.set(id, { id, topic: b.topic ?? null, members: b.members, apps: [] });
    return json(201, { "@odata.context": `${this.serviceRoot}/$metadata#chats/$entity`, id, topic: b.topic ?? null, chatType: b.chatType, createdDateTime: new Date().toISOString() });
  }

  /** Apps installed in a user's personal scope (issue 12: the app installs itself for the leader), by user id. */
  readonly userApps = new Map<string, string[]>();

  /**
   * POST /users/{id}/teamwork/installedApps (TeamsAppInstallation.ReadWriteForUser.All). Its body is
   * the same teamsApp@odata.bind as a chat's installation, so it is checked with that operation's
   * strict schema (the shared reference has no separate user-scope operation).
   */
  private installForUser(userKey: string, body: unknown, method: string, path: string): Reply {
    const invalid = this.validate("op.installAppInChat.request.strict", body, method, path);
    if (invalid) return invalid;
    const user = this.findUser(decodeURIComponent(userKey));
    if (!user) throw new GraphFault(404, "NotFound", "User not found.");
    const bind = (body as { "teamsApp@odata.bind": string })["teamsApp@odata.bind"];
    if (!bind.startsWith(`${this.serviceRoot}/appCatalogs/teamsApps/`)) this.anomalies.push(`app bind ${bind} is not under ${this.serviceRoot}`);
    const apps = this.userApps.get(user.id) ?? [];
    if (apps.includes(bind)) throw new GraphFault(409, "Conflict", "The app is already installed.");
    this.userApps.set(user.id, [...apps, bind]);
    return { status: 201 };
  }

  private installApp(chatId: string, body: unknown, method: string, path: string): Reply {
    const invalid = this.validate("op.installAppInChat.request.strict", body, method, path);
    if (invalid) return invalid;
    const chat = this.chats.get(chatId);
    if (!chat) throw new GraphFault(404, "NotFound", "Chat not found.");
    const bind = (body as { "teamsApp@odata.bind": string })["teamsApp@odata.bind"];
    if (!bind.startsWith(`${this.serviceRoot}/appCatalogs/teamsApps/`)) this.anomalies.push(`app bind ${bind} is not under ${this.serviceRoot}`);
    if (chat.apps.includes(bind)) throw new GraphFault(409, "Conflict", "The app is already installed.");
    chat.apps.push(bind);
    return { status: 201 };
  }
}

/**
 * A recurrence the way Graph answers it: every pattern property, the unused ones as Graph's
 * defaults (month 0, dayOfMonth 0, index "first", firstDayOfWeek "sunday"), and a range with both
 * endDate ("0001-01-01" unless it ends by date) and numberOfOccurrences (0 unless numbered).
 */
function graphRecurrence(r: Recurrence, windows: string): { pattern: Record<string, unknown>; range: Record<string, unknown> } {
  const p = r.pattern;
  return {
    pattern: {
      type: p.type,
      interval: p.interval,
      month: (p as { month?: number }).month ?? 0,
      dayOfMonth: p.dayOfMonth ?? 0,
      daysOfWeek: [...(p.daysOfWeek ?? [])].map((d) => d.toLowerCase()).sort(),
      firstDayOfWeek: (p.firstDayOfWeek ?? "sunday").toLowerCase(),
      index: p.index ?? "first",
    },
    range: {
      type: r.range.type,
      startDate: r.range.startDate,
      endDate: r.range.type === "endDate" ? (r.range.endDate ?? "0001-01-01") : "0001-01-01",
      recurrenceTimeZone: r.range.recurrenceTimeZone ?? windows,
      numberOfOccurrences: r.range.type === "numbered" ? (r.range.numberOfOccurrences ?? 0) : 0,
    },
  };
}

function preferredZone(headers: Record<string, string>): string | undefined {
  const m = /outlook\.timezone="([^"]+)"/i.exec(headers["prefer"] ?? "");
  return m && WINDOWS_ZONES[m[1] as string] ? m[1] : undefined;
}

function select(full: Record<string, unknown>, fields: string | null): Record<string, unknown> {
  if (!fields) return full;
  const wanted = new Set(fields.split(",").map((f) => f.trim()));
  return Object.fromEntries(Object.entries(full).filter(([k]) => k === "id" || k.startsWith("@odata") || wanted.has(k)));
}

function decodePath(path: string): string {
  return path
    .split("/")
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    })
    .join("/");
}
