/**
 * A loopback Bot Connector: answers POST /v3/conversations/{id}/activities (and updates) like the
 * real one and records every message, so a test can count what reached the chats. `onMessage` may
 * keep a request from being answered (return false), e.g. to kill the sender before it learns the
 * message arrived.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ConnectorMessage {
  readonly conversationId: string;
  readonly body: Record<string, unknown>;
  /** The card's verbs, e.g. "agenda.save" for an agenda card. */
  readonly verbs: string[];
}

export interface LoopbackConnector {
  readonly serviceUrl: string;
  readonly messages: ConnectorMessage[];
  onMessage: (m: ConnectorMessage, req: http.IncomingMessage, res: http.ServerResponse) => boolean;
  close(): Promise<void>;
}

function verbsOf(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) verbsOf(v, out);
  else if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (o["type"] === "Action.Execute" && typeof o["verb"] === "string") out.push(o["verb"]);
    for (const v of Object.values(o)) verbsOf(v, out);
  }
  return out;
}

/**
 * The Connector's documented limits (learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit):
 * a request over one of them is answered 429 with Retry-After, and counted in `throttled`.
 */
export interface ConnectorThrottle {
  readonly perConversation: readonly (readonly [number, number])[];
  readonly perTenantPerSecond: number;
  readonly retryAfterSeconds: number;
}

export const DOCUMENTED_LIMITS: ConnectorThrottle = {
  perConversation: [
    [7, 1000],
    [60, 30_000],
  ],
  perTenantPerSecond: 50,
  retryAfterSeconds: 1,
};

/** A connector that answers 429 over the limits; `throttled` counts those answers, `accepted` the messages let through (in order). */
export async function startThrottlingConnector(limits: ConnectorThrottle = DOCUMENTED_LIMITS) {
  const connector = await startLoopbackConnector();
  const byConversation = new Map<string, number[]>();
  const all: number[] = [];
  const state = { throttled: 0, accepted: [] as ConnectorMessage[] };
  connector.onMessage = (m, _req, res) => {
    const now = Date.now();
    const times = byConversation.get(m.conversationId) ?? [];
    const over = limits.perConversation.some(([count, ms]) => times.filter((t) => t > now - ms).length >= count) || all.filter((t) => t > now - 1000).length >= limits.perTenantPerSecond;
    // Counted as the Connector counts: every request, throttled or not.
    times.push(now);
    all.push(now);
    byConversation.set(m.conversationId, times);
    if (over) {
      state.throttled++;
      res.writeHead(429, { "content-type": "application/json", "retry-after": String(limits.retryAfterSeconds) });
      res.end(JSON.stringify({ error: { code: "TooManyRequests" } }));
      return false;
    }
    state.accepted.push(m);
    return true;
  };
  return Object.assign(connector, { state });
}

export async function startLoopbackConnector(): Promise<LoopbackConnector> {
  let seq = 0;
  const connector: LoopbackConnector = {
    serviceUrl: "",
    messages: [],
    onMessage: () => true,
    close: async () => {},
  };
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (d: Buffer) => (raw += d.toString()));
    req.on("end", () => {
      const match = /^\/v3\/conversations\/([^/]+)\/activities(\/[^/]+)?$/.exec(req.url ?? "");
      if (!match || (req.method !== "POST" && req.method !== "PUT")) {
        res.writeHead(404).end();
        return;
      }
      const body = JSON.parse(raw || "{}") as Record<string, unknown>;
      if (req.method === "POST") {
        const message = { conversationId: decodeURIComponent(match[1] ?? ""), body, verbs: verbsOf(body["attachments"]) };
        connector.messages.push(message);
        if (!connector.onMessage(message, req, res)) return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: `activity-${++seq}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(connector, {
    serviceUrl: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
