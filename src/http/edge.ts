import type http from "node:http";
import type restify from "restify";
import type { Config } from "../config";
import type { Logger } from "../log";

/**
 * The HTTP edge: what every request passes before any route sees it, and the Node server's own
 * limits on slow and idle clients. Nothing here needs a token: it runs before authentication.
 *
 * - Request bodies: only JSON (application/json, UTF-8), never compressed, at most `maxBodyBytes`.
 *   A Content-Encoding other than identity is answered 415 before a byte of the body is read (the
 *   app never inflates anything: restify's bodyParser counted its limit on the compressed bytes and
 *   then inflated the whole body). A Content-Length above the limit is answered 413 at once; a
 *   chunked body is read up to the limit and then the connection is closed. Every early refusal
 *   closes the connection (Connection: close), so an unread body is never drained.
 * - Local mode (anonymous, loopback, the Agents Playground): only loopback Host values, and nothing
 *   but GET/HEAD from another origin (a present Origin must be the app's own), so neither a
 *   cross-site form nor a DNS-rebinding page can drive the anonymous bot or fetch a local
 *   coordinator token.
 * - Response headers on every answer: nosniff, no-referrer, no-store (the static tab's files set
 *   their own caching), a CSP that lets nothing load or frame a non-tab answer, HSTS when the app is
 *   reached over https, and no Server header.
 */

/** The Node server's limits. Production uses DEFAULT_HTTP_LIMITS; tests inject small values. */
export interface HttpLimits {
  /** Largest request body, in bytes. */
  readonly maxBodyBytes: number;
  /** Time for a client to send the request's headers (also closes connections that send nothing). */
  readonly headersTimeoutMs: number;
  /** Time for a client to send the whole request, headers and body. Not the time the app takes to answer. */
  readonly requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open after an answer. */
  readonly keepAliveTimeoutMs: number;
  /** Connections open at once; more are closed as soon as they are accepted. */
  readonly maxConnections: number;
  /** How often Node checks the two timeouts above (so they act within this much of their value). */
  readonly connectionsCheckingIntervalMs: number;
}

/**
 * Production defaults. Bot Connector and the tab send small JSON requests from fast networks and
 * Teams waits at most ~15 s for a bot's answer, so a client that needs more than 10 s for its
 * headers or 30 s for a 512 KiB body is not one of them. 5 s of keep-alive is Node's own default
 * (the App Service front end reuses its connections within that). 1,000 connections is far above
 * what one instance of this app serves (App Service's front end pools its connections) and bounds
 * what idle sockets can hold.
 */
export const DEFAULT_HTTP_LIMITS: HttpLimits = Object.freeze({
  maxBodyBytes: 512 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1_000,
  connectionsCheckingIntervalMs: 1_000,
});

/** Applies the limits to the Node server under restify; call before listen. */
export function applyLimits(server: http.Server, limits: HttpLimits): void {
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) throw new RangeError("headersTimeoutMs must not exceed requestTimeoutMs");
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
  // Read by Node when the server starts listening (it schedules the timeout checks then).
  (server as http.Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = limits.connectionsCheckingIntervalMs;
}

/** The headers every answer carries, set before any route runs (a route may override Cache-Control and the CSP). */
export const BASELINE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "no-store",
  // JSON, CSV and calendar answers are never documents: nothing may load in them or frame them.
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
});

export const HSTS = "max-age=31536000";

const LOOPBACK_HOST = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])(:\d{1,5})?$/i;
const JSON_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(", ") : v;
}

/**
 * Whether the browser reached the app over https: the configured public URL says so, or App
 * Service's front end (which terminates TLS) says so in X-Forwarded-Proto or X-ARR-SSL. Never in
 * local mode (a browser would pin localhost to https). A forged forwarding header only gives that
 * client's own browser an HSTS entry, and browsers ignore HSTS on plain http anyway.
 */
export function servedOverHttps(config: Config, req: http.IncomingMessage): boolean {
  if (config.auth.kind === "anonymous-local") return false;
  if (config.publicBaseUrl.startsWith("https://")) return true;
  const proto = header(req, "x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  return proto === "https" || header(req, "x-arr-ssl") !== undefined;
}

export interface Refusal {
  readonly status: number;
  readonly error: string;
  readonly event: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Local mode only: the Host must be loopback (a DNS-rebinding page sends its own host name), and on
 * anything but GET/HEAD a present Origin must be the app's own: the request's own http origin, or
 * PUBLIC_BASE_URL's (browsers send Origin on cross-origin requests and on same-origin POSTs; the
 * Playground and the tests call from Node and send none). GET and HEAD change nothing here, and
 * another origin cannot read their answers (no CORS headers; nosniff), so they are left to the
 * Host rule: the tab's module scripts carry an Origin even from the tab's own page, which behind a
 * routing proxy (test/tab/inTeams.test.ts) is not the Host the app sees.
 */
export function localModeRefusal(config: Config, req: http.IncomingMessage): Refusal | null {
  if (config.auth.kind !== "anonymous-local") return null;
  const host = header(req, "host") ?? "";
  if (!LOOPBACK_HOST.test(host)) return { status: 403, error: "Forbidden: local mode answers loopback host names only.", event: "request.host.refused" };
  const origin = header(req, "origin");
  if (origin !== undefined && req.method !== "GET" && req.method !== "HEAD") {
    const own = new Set([`http://${host}`.toLowerCase(), originOf(config.publicBaseUrl)]);
    if (!own.has(origin.toLowerCase())) return { status: 403, error: "Forbidden: local mode does not answer other origins.", event: "request.origin.refused" };
  }
  return null;
}

function originOf(url: string): string {
  try {
    return new URL(url).origin.toLowerCase();
  } catch {
    return "";
  }
}

/** Whether the request has a body at all (a length above 0, or a transfer coding). */
function hasBody(req: http.IncomingMessage): boolean {
  if (req.headers["transfer-encoding"] !== undefined) return true;
  const length = req.headers["content-length"];
  return length !== undefined && length !== "0";
}

/** The checks on a body's headers, before a byte of it is read. */
export function bodyRefusal(req: http.IncomingMessage, maxBodyBytes: number): Refusal | null {
  const encoding = header(req, "content-encoding")?.trim().toLowerCase();
  if (encoding !== undefined && encoding !== "" && encoding !== "identity") {
    return { status: 415, error: "Unsupported Media Type: request bodies must not be compressed.", event: "request.encoding.refused", headers: { "Accept-Encoding": "identity" } };
  }
  if (!hasBody(req)) return null;
  const length = req.headers["content-length"];
  if (length !== undefined && (!/^\d{1,16}$/.test(length) || Number(length) > maxBodyBytes)) {
    return { status: 413, error: "Payload Too Large.", event: "request.body.tooLarge" };
  }
  if (!JSON_TYPE.test(header(req, "content-type") ?? "")) {
    return { status: 415, error: "Unsupported Media Type: request bodies must be application/json (UTF-8).", event: "request.contentType.refused" };
  }
  return null;
}

type BodyResult = { readonly ok: true; readonly body: unknown } | { readonly ok: false; readonly refusal: Refusal | null };

/**
 * Reads a JSON body of at most `maxBodyBytes`. Past the limit it stops listening and answers 413
 * (the connection is then closed, so the rest is never read). `refusal: null`: the client went away.
 */
export function readJsonBody(req: http.IncomingMessage, maxBodyBytes: number): Promise<BodyResult> {
  if (!hasBody(req)) return Promise.resolve({ ok: true, body: undefined });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (result: BodyResult) => {
      if (settled) return;
      settled = true;
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onGone);
      req.off("aborted", onGone);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        chunks.length = 0;
        req.pause();
        finish({ ok: false, refusal: { status: 413, error: "Payload Too Large.", event: "request.body.tooLarge" } });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      const bytes = Buffer.concat(chunks);
      if (bytes.length === 0) return finish({ ok: true, body: undefined });
      let text: string;
      try {
        text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      } catch {
        return finish({ ok: false, refusal: { status: 400, error: "Bad request: the body is not UTF-8.", event: "request.body.invalid" } });
      }
      try {
        finish({ ok: true, body: JSON.parse(text) as unknown });
      } catch {
        finish({ ok: false, refusal: { status: 400, error: "Bad request: the body is not JSON.", event: "request.body.invalid" } });
      }
    };
    const onGone = () => finish({ ok: false, refusal: null });
    req.on("data", onData);
    req.once("end", onEnd);
    req.once("error", onGone);
    req.once("aborted", onGone);
  });
}

/** Answers a refusal as JSON and closes the connection afterwards (an unread body is not drained). */
function refuse(res: restify.Response, refusal: Refusal): void {
  res.writeHead(refusal.status, { ...refusal.headers, Connection: "close", "Content-Type": "application/json; charset=utf-8" });
  res.end(JSON.stringify({ error: refusal.error }));
}

/**
 * The restify pre-handler: baseline headers, the local-mode checks, the body's headers, then the
 * body itself (into req.body). It runs for every request, before routing, so 404s and 405s too.
 */
export function edgeGuard(config: Config, limits: HttpLimits, log: Logger): restify.RequestHandler {
  return (req: restify.Request, res: restify.Response, next: restify.Next) => {
    for (const [name, value] of Object.entries(BASELINE_HEADERS)) res.setHeader(name, value);
    if (servedOverHttps(config, req)) res.setHeader("Strict-Transport-Security", HSTS);

    const early = localModeRefusal(config, req) ?? bodyRefusal(req, limits.maxBodyBytes);
    if (early) {
      log.warn(early.event, { method: req.method ?? "" });
      refuse(res, early);
      return next(false);
    }
    void readJsonBody(req, limits.maxBodyBytes).then((result) => {
      if (result.ok) {
        (req as { body?: unknown }).body = result.body;
        return next();
      }
      if (result.refusal) {
        log.warn(result.refusal.event, { method: req.method ?? "" });
        refuse(res, result.refusal);
      }
      return next(false);
    });
  };
}
