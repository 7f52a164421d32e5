/**
 * One configured Microsoft Graph client (msgraph-sdk-javascript 3.x) plus the two things the SDK
 * does not do for us: counting round trips per operation, and retrying throttled items *inside*
 * a JSON batch.
 *
 * Middleware chain (the SDK's default order, plus one handler of ours before the network):
 *   AuthenticationHandler → RetryHandler → RedirectHandler → TelemetryHandler → AttemptHandler → HTTPMessageHandler
 * - The AuthenticationHandler only adds `Authorization` for Graph's own hosts and the hosts in
 *   `customHosts`, and *removes* it for any other host (GraphRequestUtil.isGraphURL/isCustomHost;
 *   ports are ignored when matching). So the configured base URL's hostname always goes into
 *   `customHosts`, or a national cloud missing from the SDK's list, or a test host, would get no token.
 * - The RetryHandler retries 429/503/504 and sleeps for `Retry-After` (seconds or an HTTP date),
 *   else `delay` with exponential back-off, at most `maxRetries` times. Our `shouldRetry` gives up
 *   early when the server asks for a longer wait than `maxRetryAfterSeconds`.
 * - AttemptHandler counts every HTTP attempt (retries included) into the operation's stats and
 *   puts a fresh timeout signal on each attempt.
 */
import { ClientCertificateCredential, ClientSecretCredential, ManagedIdentityCredential, AzureAuthorityHosts } from "@azure/identity";
import type { TokenCredential } from "@azure/identity";
import {
  AuthenticationHandler,
  Client,
  HTTPMessageHandler,
  RedirectHandler,
  RedirectHandlerOptions,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
} from "@microsoft/microsoft-graph-client";
import type { Context, Middleware, MiddlewareOptions } from "@microsoft/microsoft-graph-client";
import { TokenCredentialAuthenticationProvider } from "@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials";
import type { Logger } from "../../log";
import { CalendarError } from "../../ports/calendar";
import { batchItemCode, calendarErrorFor, describeFailure } from "./errors";

/** Public cloud, US Government L4, US Government L5 (DoD), China (21Vianet). */
export const GRAPH_CLOUDS = {
  global: "https://graph.microsoft.com",
  usGov: "https://graph.microsoft.us",
  usGovDoD: "https://dod-graph.microsoft.us",
  china: "https://microsoftgraph.chinacloudapi.cn",
} as const;

const AUTHORITY_FOR_GRAPH_HOST: Readonly<Record<string, string>> = {
  "graph.microsoft.com": AzureAuthorityHosts.AzurePublicCloud,
  "graph.microsoft.us": AzureAuthorityHosts.AzureGovernment,
  "dod-graph.microsoft.us": AzureAuthorityHosts.AzureGovernment,
  "microsoftgraph.chinacloudapi.cn": AzureAuthorityHosts.AzureChina,
};

/** Config-like identity settings; exactly one of secret, certificate or managed identity. */
export interface GraphIdentityOptions {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret?: string;
  /** PEM file holding the certificate and its private key. */
  readonly certificatePath?: string;
  /** Client id of a user-assigned managed identity (App Service, Functions, AKS workload identity). */
  readonly managedIdentityClientId?: string;
  /** Entra ID authority; by default the one belonging to the Graph cloud of `baseUrl`. */
  readonly authorityHost?: string;
}

/**
 * An @azure/identity credential from config-like options. The authority host follows the Graph
 * cloud (graph.microsoft.us → login.microsoftonline.us, microsoftgraph.chinacloudapi.cn →
 * login.chinacloudapi.cn) unless given.
 */
export function createGraphCredential(options: GraphIdentityOptions, baseUrl: string = GRAPH_CLOUDS.global): TokenCredential {
  const kinds = [options.clientSecret, options.certificatePath, options.managedIdentityClientId].filter((v) => v !== undefined && v !== "");
  if (kinds.length !== 1) {
    throw new RangeError("Graph identity: set exactly one of clientSecret, certificatePath or managedIdentityClientId");
  }
  if (options.managedIdentityClientId) return new ManagedIdentityCredential({ clientId: options.managedIdentityClientId });
  if (!options.tenantId || !options.clientId) throw new RangeError("Graph identity: tenantId and clientId are required");
  const authorityHost = options.authorityHost ?? AUTHORITY_FOR_GRAPH_HOST[new URL(baseUrl).hostname] ?? AzureAuthorityHosts.AzurePublicCloud;
  if (options.certificatePath) {
    return new ClientCertificateCredential(options.tenantId, options.clientId, { certificatePath: options.certificatePath }, { authorityHost });
  }
  return new ClientSecretCredential(options.tenantId, options.clientId, options.clientSecret as string, { authorityHost });
}

export interface RetryOptions {
  /** Retries after the first attempt, for whole requests (SDK RetryHandler) and for $batch items (ours). 0–10. Default 3. */
  readonly maxRetries?: number;
  /** Seconds to wait when the server sends no Retry-After (grows exponentially). Default 3. */
  readonly delaySeconds?: number;
  /** A longer Retry-After than this is not waited for: the call fails THROTTLED (retryable). Default 60. */
  readonly maxRetryAfterSeconds?: number;
}

export interface GraphConnectionOptions {
  /** The tenant this adapter works in; requests naming another tenant are refused (FORBIDDEN) without calling Graph. */
  readonly tenantId: string;
  /** A TokenCredential (tests, or one built elsewhere), or the settings to build one with createGraphCredential. */
  readonly credential: TokenCredential | Omit<GraphIdentityOptions, "tenantId">;
  /** Graph root without version: one of GRAPH_CLOUDS, or a test host such as https://127.0.0.1:8443. Default global. */
  readonly baseUrl?: string;
  /** Token scopes. Default `${baseUrl}/.default` for Graph's hosts, else the global Graph `.default`. */
  readonly scopes?: readonly string[];
  readonly retry?: RetryOptions;
  /** Per HTTP attempt. Default 30 000 ms. */
  readonly timeoutMs?: number;
  readonly logger?: Logger;
}

/** Round trips (HTTP requests actually sent, retries included) and Graph requests (each $batch item counts). */
export interface RequestStats {
  roundTrips: number;
  requests: number;
}

export const newStats = (): RequestStats => ({ roundTrips: 0, requests: 0 });

/** Carried per request through MiddlewareControl (keyed by constructor) to the AttemptHandler. */
class AttemptOption implements MiddlewareOptions {
  constructor(
    readonly stats: RequestStats,
    readonly graphRequests: number,
  ) {}
}

class AttemptHandler implements Middleware {
  private next: Middleware | undefined;
  constructor(private readonly timeoutMs: number) {}

  async execute(context: Context): Promise<void> {
    const control = context.middlewareControl as { getMiddlewareOptions(fn: unknown): unknown } | undefined;
    const option = control?.getMiddlewareOptions(AttemptOption) as AttemptOption | undefined;
    if (option) {
      option.stats.roundTrips += 1;
      option.stats.requests += option.graphRequests;
    }
    if (context.options) context.options.signal = AbortSignal.timeout(this.timeoutMs);
    if (!this.next) throw new Error("AttemptHandler has no next middleware");
    await this.next.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

export interface BatchItem {
  readonly id: string;
  readonly method: HttpMethod;
  /** Relative to the version root, starting with "/". */
  readonly url: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface BatchOutcome {
  /** HTTP status of the item; -1 when it was never sent (a sequential chunk before it failed). */
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/** Statuses worth another attempt inside a batch (the same set as the SDK's RetryHandler), plus 424 (a retried dependency). */
const RETRY_ITEM = new Set([429, 503, 504]);
const MAX_BATCH = 20;

function header(headers: Readonly<Record<string, string>> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : headers[key];
}

/** Retry-After as seconds (delta-seconds or an HTTP date); undefined when absent or unreadable. */
export function retryAfterSeconds(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value === null || value.trim() === "") return undefined;
  const n = Number(value);
  if (Number.isFinite(n)) return Math.max(0, n);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, (at - now) / 1000) : undefined;
}

/** Encodes one path segment; ":" and "@" stay as they are (legal in paths, and how Graph writes chat ids and UPNs). */
export function seg(value: string): string {
  return encodeURIComponent(value).replace(/%3A/gi, ":").replace(/%40/gi, "@");
}

/** A query string from ordered pairs; "$", ",", ":" stay readable. */
export function query(params: readonly (readonly [string, string | number])[]): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%24/g, "$").replace(/%2C/gi, ",").replace(/%3A/gi, ":");
  return params.map(([k, v]) => `${enc(k)}=${enc(String(v))}`).join("&");
}

const sleep = (seconds: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.round(seconds * 1000)));

export class GraphConnection {
  readonly tenantId: string;
  /** Origin without a trailing slash, e.g. https://graph.microsoft.com. */
  readonly baseUrl: string;
  /** For @odata.bind values: `${baseUrl}/v1.0`. */
  readonly serviceRoot: string;
  /** The scopes tokens are requested for. */
  readonly scopes: readonly string[];
  private readonly client: Client;
  private readonly maxRetries: number;
  private readonly delaySeconds: number;
  private readonly maxRetryAfterSeconds: number;
  private readonly logger: Logger | undefined;

  constructor(options: GraphConnectionOptions) {
    if (!options.tenantId) throw new RangeError("Graph: tenantId is required");
    const url = new URL(options.baseUrl ?? GRAPH_CLOUDS.global);
    if (url.protocol !== "https:") throw new RangeError("Graph: baseUrl must be https");
    if ((url.pathname !== "/" && url.pathname !== "") || url.search || url.hash) {
      throw new RangeError("Graph: baseUrl is the root only, without version or path (e.g. https://graph.microsoft.us)");
    }
    this.tenantId = options.tenantId;
    this.baseUrl = url.origin;
    this.serviceRoot = `${url.origin}/v1.0`;
    this.logger = options.logger;

    const retry = options.retry ?? {};
    this.maxRetries = Math.min(10, Math.max(0, Math.floor(retry.maxRetries ?? 3)));
    this.delaySeconds = Math.min(180, Math.max(0, retry.delaySeconds ?? 3));
    this.maxRetryAfterSeconds = Math.max(0, retry.maxRetryAfterSeconds ?? 60);

    const credential = isTokenCredential(options.credential)
      ? options.credential
      : createGraphCredential({ ...options.credential, tenantId: options.tenantId }, url.origin);
    const knownGraphHost = AUTHORITY_FOR_GRAPH_HOST[url.hostname] !== undefined || url.hostname === "canary.graph.microsoft.com";
    const scopes = options.scopes?.length ? [...options.scopes] : [`${knownGraphHost ? url.origin : GRAPH_CLOUDS.global}/.default`];
    this.scopes = Object.freeze([...scopes]);
    const authProvider = new TokenCredentialAuthenticationProvider(credential, { scopes });

    const maxRetryAfter = this.maxRetryAfterSeconds;
    const retryOptions = new RetryHandlerOptions(this.delaySeconds, this.maxRetries, (_delay, _attempt, _request, _options, response) => {
      const wait = retryAfterSeconds((response as Response | undefined)?.headers?.get("Retry-After"));
      return wait === undefined || wait <= maxRetryAfter;
    });
    const middleware: Middleware[] = [
      new AuthenticationHandler(authProvider),
      new RetryHandler(retryOptions),
      new RedirectHandler(new RedirectHandlerOptions()),
      new TelemetryHandler(),
      new AttemptHandler(options.timeoutMs ?? 30_000),
      new HTTPMessageHandler(),
    ];
    // Given an array, the SDK's HTTPClient links each handler to the next (setNext).
    this.client = Client.initWithMiddleware({
      middleware,
      baseUrl: url.origin,
      defaultVersion: "v1.0",
      customHosts: new Set([url.hostname.toLowerCase()]),
    });
  }

  /** Refuses work for another tenant: this connection's token is for `tenantId` only. */
  assertTenant(tenantId: string): void {
    if (tenantId !== this.tenantId) throw new CalendarError("FORBIDDEN", false);
  }

  /** One Graph request. Failures become CalendarError (status only; the body is never kept). */
  async call<T = unknown>(
    operation: string,
    method: HttpMethod,
    path: string,
    stats: RequestStats,
    options: {
      readonly body?: unknown;
      readonly headers?: Readonly<Record<string, string>>;
      /** Statuses that are an answer, not a failure (e.g. 404 for a lookup): the call resolves to null. */
      readonly tolerate?: readonly number[];
    } = {},
  ): Promise<T | null> {
    let request = this.client.api(path).middlewareOptions([new AttemptOption(stats, 1)]);
    if (options.headers) request = request.headers({ ...options.headers });
    try {
      switch (method) {
        case "GET":
          return (await request.get()) as T;
        case "POST":
          return (await request.post(options.body ?? {})) as T;
        case "PATCH":
          return (await request.patch(options.body ?? {})) as T;
        case "DELETE":
          return (await request.delete()) as T;
      }
    } catch (error) {
      const { status, code } = describeFailure(error);
      if (options.tolerate?.includes(status)) return null;
      this.logger?.warn("graph.request.failed", { operation, status, code });
      throw calendarErrorFor(status);
    }
  }

  /**
   * Runs items through POST /$batch in chunks of at most 20. "sequential" chains every item of a
   * chunk to the one before it with dependsOn (Graph refuses batches that mix chained and
   * unchained items: "Batch should be either fully sequential or fully parallel"); a later chunk is
   * only sent once the earlier ones fully succeeded. Items answered 429/503/504 (and, in sequential
   * mode, those that failed 424 behind them or were not sent) are sent again in a new batch after
   * the largest Retry-After among them, at most `maxRetries` times, and never for a Retry-After
   * above `maxRetryAfterSeconds`. The whole $batch request is retried by the SDK's RetryHandler.
   */
  async batch(operation: string, items: readonly BatchItem[], mode: "parallel" | "sequential", stats: RequestStats): Promise<Map<string, BatchOutcome>> {
    const results = new Map<string, BatchOutcome>();
    let pending = [...items];
    for (let attempt = 0; pending.length > 0; attempt++) {
      let stopped = false;
      for (let start = 0; start < pending.length; start += MAX_BATCH) {
        const chunk = pending.slice(start, start + MAX_BATCH);
        if (stopped) {
          for (const item of chunk) results.set(item.id, { status: -1, headers: {}, body: null });
          continue;
        }
        const requests = chunk.map((item, i) => ({
          id: item.id,
          method: item.method,
          url: item.url,
          ...(item.body !== undefined ? { body: item.body, headers: { "Content-Type": "application/json", ...item.headers } } : item.headers ? { headers: { ...item.headers } } : {}),
          ...(mode === "sequential" && i > 0 ? { dependsOn: [chunk[i - 1]?.id as string] } : {}),
        }));
        const response = await this.postBatch(operation, requests, stats);
        for (const item of chunk) {
          const r = response.find((x) => String(x.id).toLowerCase() === item.id.toLowerCase());
          results.set(item.id, r ? { status: r.status, headers: r.headers ?? {}, body: r.body ?? null } : { status: -1, headers: {}, body: null });
        }
        if (mode === "sequential" && chunk.some((item) => (results.get(item.id)?.status ?? -1) >= 400 || results.get(item.id)?.status === -1)) stopped = true;
      }

      const throttled = pending.filter((item) => RETRY_ITEM.has(results.get(item.id)?.status ?? 0));
      if (throttled.length === 0) break;
      const again = pending.filter((item) => {
        const status = results.get(item.id)?.status ?? -1;
        return RETRY_ITEM.has(status) || (mode === "sequential" && (status === 424 || status === -1));
      });
      const waits = throttled.map((item) => retryAfterSeconds(header(results.get(item.id)?.headers, "Retry-After")));
      const explicit = waits.filter((w): w is number => w !== undefined);
      const wait = explicit.length > 0 ? Math.max(...explicit) : this.delaySeconds * 2 ** attempt;
      if (attempt >= this.maxRetries || wait > this.maxRetryAfterSeconds) break;
      this.logger?.info("graph.batch.retry", { operation, items: again.length, waitSeconds: wait, attempt: attempt + 1 });
      await sleep(wait);
      pending = again;
    }
    return results;
  }

  /** The error for a failed batch item: the first real failure (not the 424s and unsent items behind it). */
  failureOf(operation: string, outcomes: readonly BatchOutcome[]): CalendarError {
    const root = outcomes.find((o) => o.status >= 400 && o.status !== 424) ?? outcomes.find((o) => o.status === 424 || o.status === -1);
    const status = root === undefined ? 0 : root.status === -1 || root.status === 424 ? 503 : root.status;
    this.logger?.warn("graph.batch.failed", { operation, status, code: root ? batchItemCode(root.body) : "unknown" });
    return calendarErrorFor(status);
  }

  private async postBatch(
    operation: string,
    requests: readonly object[],
    stats: RequestStats,
  ): Promise<{ id: string; status: number; headers?: Record<string, string>; body?: unknown }[]> {
    try {
      const response = (await this.client
        .api("/$batch")
        .middlewareOptions([new AttemptOption(stats, requests.length)])
        .post({ requests })) as { responses?: unknown } | undefined;
      if (!response || !Array.isArray(response.responses)) throw Object.assign(new Error("malformed $batch response"), { statusCode: 502 });
      return response.responses as { id: string; status: number; headers?: Record<string, string>; body?: unknown }[];
    } catch (error) {
      const { status, code } = describeFailure(error);
      this.logger?.warn("graph.request.failed", { operation: `${operation}/$batch`, status, code });
      throw calendarErrorFor(status);
    }
  }
}

function isTokenCredential(value: unknown): value is TokenCredential {
  return typeof (value as TokenCredential | null)?.getToken === "function";
}
