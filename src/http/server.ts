import restify from "restify";
import { z } from "zod";
import type { CloudAdapter, TurnContext } from "botbuilder";
import { type AdapterResult, processActivity } from "../adapters/bot/cloudAdapter";
import { tenantOf } from "../adapters/bot/activity";
import type { Config } from "../config";
import type { Logger } from "../log";

/** The least an inbound activity must be before anything else looks at it. */
const InboundActivity = z
  .object({
    type: z.string().min(1).max(64),
    serviceUrl: z.string().max(2048).optional(),
    conversation: z.object({ id: z.string().min(1).max(1024) }).passthrough().optional(),
  })
  .passthrough();

const LOOPBACK_URL = /^https?:\/\/(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])(:\d+)?(\/|$)/i;

export interface HttpDeps {
  readonly config: Config;
  readonly adapter: CloudAdapter;
  readonly logic: (context: TurnContext) => Promise<void>;
  readonly log: Logger;
}

/**
 * Decides the answer to one POST /api/messages: the checks that need no token first (shape,
 * tenant allow-list, loopback-only service URLs in anonymous mode), then the adapter, which
 * authenticates. Internal errors are never echoed.
 */
export async function handleMessages(deps: HttpDeps, headers: Record<string, string | string[] | undefined>, body: unknown): Promise<AdapterResult> {
  const { config, log } = deps;
  const parsed = InboundActivity.safeParse(body);
  if (!parsed.success) return { status: 400, body: { error: "Bad request: not an activity." } };
  const activity = parsed.data;

  if (config.allowedTenantIds.length > 0) {
    const tenant = tenantOf(activity as never);
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

  let result: AdapterResult;
  try {
    result = await processActivity(deps.adapter, headers, activity as never, deps.logic);
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

export function createHttpServer(deps: HttpDeps): restify.Server {
  const server = restify.createServer({ name: "mentor-bot", handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 512 * 1024, mapParams: false }));

  server.post("/api/messages", async (req: restify.Request, res: restify.Response) => {
    const { status, body } = await handleMessages(deps, req.headers, req.body);
    if (body === undefined || body === null) res.send(status);
    else res.send(status, body);
  });

  server.get("/healthz", async (_req: restify.Request, res: restify.Response) => {
    res.send(200, { status: "ok" });
  });

  return server;
}
