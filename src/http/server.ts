import restify from "restify";
import { z } from "zod";
import type { Config } from "../config";
import type { Logger } from "../log";
import type { TabApi, TabRequest, TabResponse } from "../tabApi/api";
import { attachmentDisposition } from "./disposition";
import { DEFAULT_HTTP_LIMITS, type HttpLimits, applyLimits, edgeGuard } from "./edge";
import { mountLegalPages } from "./legalPages";
import { mountStaticTab } from "./staticTab";
import { tenantOfActivity } from "../activityTenant";

/** The least an inbound activity must be before anything else looks at it. */
const InboundActivity = z
  .object({
    type: z.string().min(1).max(64),
    serviceUrl: z.string().max(2048).optional(),
    conversation: z.object({ id: z.string().min(1).max(1024) }).passthrough().optional(),
  })
  .passthrough();

const LOOPBACK_URL = /^https?:\/\/(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])(:\d+)?(\/|$)/i;

export interface HttpResult {
  status: number;
  body: unknown;
}

type Headers = Record<string, string | string[] | undefined>;

export interface HttpDeps {
  readonly config: Config;
  /** Authenticates and runs one activity (the bot adapter); answers what it would send back. */
  readonly processActivity: (headers: Headers, activity: Record<string, unknown>) => Promise<HttpResult>;
  readonly log: Logger;
  /** The .ics feed of a pair's meetings (local calendar mode): null when the link is not valid. */
  readonly ics?: (tenantId: string, mentorshipId: string, token: string) => Promise<string | null>;
  /**
   * Issue 13: a person's own data from the personal chat's signed, short-lived link
   * (src/http/dataLink.ts): null when the link is not valid. Absent: not served.
   */
  readonly myData?: (tenantId: string, file: string) => Promise<{ readonly contentType: string; readonly body: string; readonly filename: string } | null>;
  /** The Teams tab's API (/api/tab/*); absent: not served. */
  readonly tab?: TabApi;
  /**
   * Readiness (issue 14, App Service's health check): resolves when Table Storage answers; absent:
   * /readyz answers as /healthz. `stopping` makes it fail at once (the instance leaves the rotation).
   */
  readonly ready?: () => Promise<void>;
  readonly stopping?: () => boolean;
  /** Where docs/privacy.<lang>.md and docs/terms.<lang>.md are (default docs, from the working directory). */
  readonly docsDirectory?: string;
  /** Where the built tab is (default lib/tab). */
  readonly tabDirectory?: string;
  /** The server's limits on bodies, slow and idle clients (tests pass small ones); default DEFAULT_HTTP_LIMITS. */
  readonly limits?: Partial<HttpLimits>;
  /** Local mode with LOCAL_MOVABLE_CLOCK: moves the app's clock forward and runs what fell due (POST /api/local/clock). */
  readonly moveClock?: (move: { readonly to: Date } | { readonly days: number }) => Promise<{ readonly now: string; readonly jobsRun: number }>;
}

/** A move of the local clock: to an instant, or ahead by days (at most ten years, never back). */
const ClockMove = z.union([
  z.object({ to: z.iso.datetime({ offset: true }) }).strict(),
  z.object({ days: z.number().int().min(0).max(3660) }).strict(),
]);

/**
 * Decides the answer to one POST /api/messages: the checks that need no token first (shape,
 * tenant allow-list, loopback-only service URLs in anonymous mode), then the adapter, which
 * authenticates. Internal errors are never echoed.
 */
export async function handleMessages(deps: HttpDeps, headers: Headers, body: unknown): Promise<HttpResult> {
  const { config, log } = deps;
  const parsed = InboundActivity.safeParse(body);
  if (!parsed.success) return { status: 400, body: { error: "Bad request: not an activity." } };
  const activity = parsed.data;

  if (config.allowedTenantIds.length > 0) {
    const tenant = tenantOfActivity(activity);
    if (!tenant || !config.allowedTenantIds.includes(tenant)) {
      log.warn("request.tenant.refused", { activityType: activity.type });
      return { status: 401, body: { error: "Unauthorized." } };
    }
  }
  if (config.auth.kind === "anonymous-local" && activity.serviceUrl !== undefined && !LOOPBACK_URL.test(activity.serviceUrl)) {
    // Anonymous mode would otherwise make the bot call whatever host an unauthenticated caller names.
    log.warn("request.serviceUrl.refused", { activityType: activity.type });
    return { status: 400, body: { error: "Bad request: only loopback service URLs are allowed in local mode." } };
  }

  let result: HttpResult;
  try {
    result = await deps.processActivity(headers, activity);
  } catch (err) {
    log.error("request.failed", { error: err instanceof Error ? err.name : "unknown" });
    return { status: 500, body: { error: "Internal error." } };
  }
  if (result.status === 401) return { status: 401, body: { error: "Unauthorized." } };
  if (result.status >= 500) {
    log.error("request.adapter.error", { status: result.status });
    return { status: result.status, body: { error: "Internal error." } };
  }
  return result;
}

/** How long readiness waits for Table Storage. */
export const READY_TIMEOUT_MS = 1000;

/** Whether the app can serve: not stopping, and storage answering within READY_TIMEOUT_MS. Never says why beyond a code. */
export async function readiness(deps: Pick<HttpDeps, "ready" | "stopping" | "log">): Promise<{ ready: true } | { ready: false; reason: "stopping" | "storageTimeout" | "storageError" }> {
  if (deps.stopping?.()) return { ready: false, reason: "stopping" };
  if (!deps.ready) return { ready: true };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), READY_TIMEOUT_MS)));
  try {
    const r = await Promise.race([deps.ready().then(() => "ok" as const), timeout]);
    if (r === "timeout") {
      deps.log.warn("readiness.storage.timeout", {});
      return { ready: false, reason: "storageTimeout" };
    }
    return { ready: true };
  } catch (err) {
    deps.log.warn("readiness.storage.failed", { error: err instanceof Error ? err.name : "unknown" });
    return { ready: false, reason: "storageError" };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The app's HTTP server. No body parser of restify's: src/http/edge.ts checks every request first
 * (encodings, size, JSON only, local-mode Host and Origin) and reads the body itself. An empty
 * name: restify sends no Server header.
 */
export function createHttpServer(deps: HttpDeps): restify.Server {
  const limits: HttpLimits = { ...DEFAULT_HTTP_LIMITS, ...deps.limits };
  const server = restify.createServer({ name: "", handleUncaughtExceptions: false });
  applyLimits(server.server, limits);
  server.pre(edgeGuard(deps.config, limits, deps.log));

  server.post("/api/messages", async (req: restify.Request, res: restify.Response) => {
    const { status, body } = await handleMessages(deps, req.headers, req.body);
    if (body === undefined || body === null) res.send(status);
    else res.send(status, body);
  });

  server.get("/healthz", async (_req: restify.Request, res: restify.Response) => {
    res.send(200, { status: "ok" });
  });

  // Readiness: Table Storage must answer within a second (App Service's health check path, infra/azure.bicep).
  server.get("/readyz", async (_req: restify.Request, res: restify.Response) => {
    const r = await readiness(deps);
    res.send(r.ready ? 200 : 503, r.ready ? { status: "ready" } : { status: "unavailable", reason: r.reason });
  });

  // The privacy statement and terms of use the manifest names (issue 14), from docs/.
  mountLegalPages(server, deps.docsDirectory ?? "docs");

  const ics = deps.ics;
  if (ics) {
    server.get("/ics/:tenant/:mentorship/:file", async (req: restify.Request, res: restify.Response) => {
      const { tenant, mentorship, file } = req.params as Record<string, string>;
      const token = /^([A-Za-z0-9_.-]{1,300})\.ics$/.exec(file ?? "")?.[1];
      const body = token && tenant && mentorship && tenant.length <= 100 && mentorship.length <= 100 ? await ics(tenant, mentorship, token) : null;
      if (body === null) {
        res.send(404, { error: "Not found." });
        return;
      }
      res.writeHead(200, { "Content-Type": "text/calendar; charset=utf-8", "Content-Disposition": 'attachment; filename="mentor-meetings.ics"', "Cache-Control": "no-store" });
      res.end(body);
    });
  }

  const myData = deps.myData;
  if (myData) {
    server.get("/mydata/:tenant/:file", async (req: restify.Request, res: restify.Response) => {
      const { tenant, file } = req.params as Record<string, string>;
      const got = tenant && file && tenant.length <= 100 && file.length <= 300 ? await myData(tenant, file) : null;
      if (got === null) {
        res.send(404, { error: "Not found." });
        return;
      }
      res.writeHead(200, {
        "Content-Type": got.contentType,
        "Content-Disposition": attachmentDisposition(got.filename),
        "Cache-Control": "no-store",
      });
      res.end(got.body);
    });
  }

  const moveClock = deps.moveClock;
  if (moveClock && deps.config.auth.kind === "anonymous-local") {
    server.get("/api/local/clock", async (_req: restify.Request, res: restify.Response) => {
      res.send(200, await moveClock({ days: 0 }));
    });
    server.post("/api/local/clock", async (req: restify.Request, res: restify.Response) => {
      const move = ClockMove.safeParse(req.body);
      if (!move.success) {
        res.send(400, { error: 'Bad request: send {"to": "2027-12-20T09:00:00+01:00"} or {"days": 30}.' });
        return;
      }
      res.send(200, await moveClock("to" in move.data ? { to: new Date(move.data.to) } : { days: move.data.days }));
    });
  }

  const tab = deps.tab;
  if (tab) {
    mountTabApi(server, tab);
    mountStaticTab(server, deps.tabDirectory ?? "lib/tab");
  }

  return server;
}

function sendTab(res: restify.Response, r: TabResponse): void {
  const headers: Record<string, string> = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", ...r.headers };
  if (r.file) {
    const body = Buffer.from(r.file.content.buffer, r.file.content.byteOffset, r.file.content.byteLength);
    res.writeHead(r.status, { ...headers, "Content-Type": r.file.contentType, "Content-Disposition": attachmentDisposition(r.file.filename), "Content-Length": String(body.byteLength) });
    res.end(body);
    return;
  }
  if (r.text) {
    headers["Content-Type"] = r.text.contentType;
    if (r.text.filename) headers["Content-Disposition"] = `attachment; filename="${r.text.filename}"`;
    res.writeHead(r.status, headers);
    res.end(r.text.content);
    return;
  }
  res.writeHead(r.status, { ...headers, "Content-Type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(r.body ?? null));
}

/** The tab's routes; the logic is in src/tabApi (tokens are checked there, for every route). */
function mountTabApi(server: restify.Server, tab: TabApi): void {
  const request = (req: restify.Request): TabRequest => ({
    authorization: req.headers.authorization,
    query: new URL(req.url ?? "/", "http://localhost").searchParams,
    body: req.body as unknown,
  });
  const route = (method: "get" | "post", path: string, handle: (r: TabRequest) => Promise<TabResponse>) => {
    server[method](path, async (req: restify.Request, res: restify.Response) => sendTab(res, await handle(request(req))));
  };
  route("get", "/api/tab/whoami", (r) => tab.whoami(r));
  route("get", "/api/tab/overview", (r) => tab.overview(r));
  route("get", "/api/tab/overview.csv", (r) => tab.overviewCsv(r));
  route("get", "/api/tab/statistics", (r) => tab.statistics(r));
  route("get", "/api/tab/statistics.csv", (r) => tab.statisticsCsv(r));
  route("get", "/api/tab/my", (r) => tab.my(r));
  const idOf = (req: restify.Request) => String((req.params as Record<string, unknown>)["id"] ?? "");
  // The pair's Word documents: the file segment is "<version>.docx", read by the handler (anything else: 404).
  server.get("/api/tab/my/:id/agreement/:file", async (req: restify.Request, res: restify.Response) =>
    sendTab(res, await tab.agreementDocx(request(req), idOf(req), String((req.params as Record<string, unknown>)["file"] ?? ""))),
  );
  server.get("/api/tab/my/:id/evaluation.docx", async (req: restify.Request, res: restify.Response) => sendTab(res, await tab.evaluationDocx(request(req), idOf(req))));
  for (const [verb, paused] of [["pause", true], ["resume", false]] as const) {
    server.post(`/api/tab/mentorships/:id/${verb}`, async (req: restify.Request, res: restify.Response) => sendTab(res, await tab.setPaused(request(req), idOf(req), paused)));
  }
  server.post("/api/tab/mentorships/:id/closing", async (req: restify.Request, res: restify.Response) => sendTab(res, await tab.startClosing(request(req), idOf(req))));
  server.post("/api/tab/mentorships/:id/mentor", async (req: restify.Request, res: restify.Response) => sendTab(res, await tab.changeMentor(request(req), idOf(req))));
  // Issue 12: the coordinator starts the introduction scheme and names its contact person.
  server.put("/api/tab/mentorships/:id/introduction", async (req: restify.Request, res: restify.Response) => sendTab(res, await tab.startIntroduction(request(req), idOf(req))));
  // Issue 12: the coordinator names or changes the leader.
  server.put("/api/tab/mentorships/:id/leader", async (req: restify.Request, res: restify.Response) => sendTab(res, await tab.setLeader(request(req), idOf(req))));
  // Issue 13: the coordinator's archive hold and erasure of a whole mentorship.
  server.put("/api/tab/mentorships/:id/archiveHold", async (req: restify.Request, res: restify.Response) => sendTab(res, await tab.setArchiveHold(request(req), idOf(req))));
  server.post("/api/tab/mentorships/:id/erase", async (req: restify.Request, res: restify.Response) => sendTab(res, await tab.eraseMentorship(request(req), idOf(req))));
  route("post", "/api/tab/mentorships", (r) => tab.createMentorship(r));
  route("get", "/api/tab/people", (r) => tab.people(r));
  // Issue 12, staff engineer: "My staff".
  route("get", "/api/tab/staff", (r) => tab.staff(r));
  server.post("/api/tab/staff/:id/mentorChange", async (req: restify.Request, res: restify.Response) => sendTab(res, await tab.requestMentorChange(request(req), idOf(req))));
  // Issue 12: the coordinator's programmes.
  route("get", "/api/tab/programmes", (r) => tab.programmesList(r));
  route("post", "/api/tab/programmes", (r) => tab.programmeCopy(r));
  route("post", "/api/tab/programmes/preview", (r) => tab.programmePreview(r));
  server.get("/api/tab/programmes/:id", async (req: restify.Request, res: restify.Response) => sendTab(res, await tab.programmeGet(request(req), idOf(req))));
  server.put("/api/tab/programmes/:id", async (req: restify.Request, res: restify.Response) => sendTab(res, await tab.programmeSave(request(req), idOf(req))));
  // Issue 13: "My journal" — the mentee's own entries only.
  route("get", "/api/tab/journal", (r) => tab.journalList(r));
  route("post", "/api/tab/journal", (r) => tab.journalCreate(r));
  server.get("/api/tab/journal/:id", async (req: restify.Request, res: restify.Response) => sendTab(res, await tab.journalGet(request(req), idOf(req))));
  server.put("/api/tab/journal/:id", async (req: restify.Request, res: restify.Response) => sendTab(res, await tab.journalEdit(request(req), idOf(req))));
  server.del("/api/tab/journal/:id", async (req: restify.Request, res: restify.Response) => sendTab(res, await tab.journalDelete(request(req), idOf(req))));
  // Issue 13: "My data" (the signed-in person's own data only).
  route("get", "/api/tab/mydata", (r) => tab.myData(r));
  route("get", "/api/tab/mydata.json", (r) => tab.myDataJson(r));
  route("get", "/api/tab/mydata.html", (r) => tab.myDataDocument(r));
  route("post", "/api/tab/mydata/erase", (r) => tab.eraseMyData(r));
  route("get", "/api/tab/local-users", () => tab.localUsers());
  route("post", "/api/tab/local-token", (r) => tab.localToken(r.body));
}
