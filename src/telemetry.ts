/**
 * Issue 14: traces and metrics to Application Insights through the Azure Monitor OpenTelemetry
 * distro, only when APPLICATIONINSIGHTS_CONNECTION_STRING is set (infra/azure.bicep creates the
 * resource and sets it). Started before anything else is loaded (src/main.ts imports this first), so
 * the HTTP instrumentation sees every request: the tab API, the Bot Connector, Table Storage, Graph.
 *
 * Trust: no personal text in any span. Every span's and span event's attributes are cut down to an
 * allow-list of technical keys (method, route, status, host, the Azure SDK's names, exception types)
 * before export, and what may hold a URL keeps its path only — never a query string (the people
 * picker's ?q= is a name). Ids in paths (tenant, mentorship, conversation) are pseudonymous ids the
 * logs carry too. Exception messages and stack traces are dropped: an SDK's message may quote input.
 */

/** Attribute keys a span may keep; anything else (db statements, messages, user agents, queries) is dropped. */
export const SAFE_ATTRIBUTES: ReadonlySet<string> = new Set([
  "http.method",
  "http.request.method",
  "http.route",
  "http.status_code",
  "http.response.status_code",
  "http.scheme",
  "http.flavor",
  "network.protocol.version",
  "url.scheme",
  "url.path",
  "http.target",
  "http.url",
  "url.full",
  "server.address",
  "server.port",
  "net.host.name",
  "net.host.port",
  "net.peer.name",
  "net.peer.port",
  "az.namespace",
  "az.service_request_id",
  "az.client_request_id",
  "requestId",
  "serviceRequestId",
  "error.type",
  "exception.type",
  "otel.status_code",
  "microsoft.sample_rate",
  "_MS.ProcessedByMetricExtractors",
]);

/** Keys whose value is a URL or a path: kept without query string or fragment. */
const URL_ATTRIBUTES = new Set(["http.target", "http.url", "url.full", "url.path"]);

type AttributeValue = string | number | boolean | readonly (string | number | boolean | null | undefined)[] | undefined;
type Attributes = Record<string, AttributeValue>;

/**
 * A URL or path without its query string and fragment — and without the signed token of a link a
 * person was given (the .ics feed's, and issue 13's "my data" link): the token is the secret.
 */
export function withoutQuery(value: string): string {
  return value.replace(/[?#].*$/s, "").replace(/(\/(?:ics|mydata)\/(?:[^/]+\/)+)[^/]+$/, "$1…");
}

/** The attributes a span may keep: the allow-list, URLs without queries. Mutates and returns `attributes`. */
export function scrubAttributes(attributes: Attributes): Attributes {
  for (const key of Object.keys(attributes)) {
    if (!SAFE_ATTRIBUTES.has(key)) delete attributes[key];
    else if (URL_ATTRIBUTES.has(key) && typeof attributes[key] === "string") attributes[key] = withoutQuery(attributes[key] as string);
  }
  return attributes;
}

/** The shape of an ended span this needs (OpenTelemetry's ReadableSpan). */
interface EndedSpan {
  readonly name: string;
  readonly attributes: Attributes;
  readonly events: readonly { readonly name: string; readonly attributes?: Attributes }[];
  readonly status?: { code: number; message?: string };
}

/** OpenTelemetry's SpanProcessor, as the distro takes it. */
export interface SpanProcessorLike {
  onStart(span: unknown, parentContext: unknown): void;
  onEnd(span: EndedSpan): void;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * Scrubs every span as it ends, before the exporter's batch sends it (the exporter reads the span
 * when the batch leaves, so the change is what goes out). Registered first.
 */
export class ScrubbingSpanProcessor implements SpanProcessorLike {
  onStart(): void {}
  onEnd(span: EndedSpan): void {
    scrubAttributes(span.attributes);
    for (const event of span.events) if (event.attributes) scrubAttributes(event.attributes);
    // A status message is free text from whatever failed.
    if (span.status && span.status.message) span.status.message = "";
  }
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

let started = false;

/**
 * Starts the distro when the connection string is set; otherwise loads nothing. `extra` span
 * processors run after the scrubbing (tests collect what would be exported). Idempotent.
 */
export function startTelemetry(env: NodeJS.ProcessEnv, extra: readonly SpanProcessorLike[] = []): boolean {
  const connectionString = env["APPLICATIONINSIGHTS_CONNECTION_STRING"];
  if (!connectionString || started) return started;
  started = true;
  // Loaded only when wanted: the distro is large and patches modules as it loads.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { useAzureMonitor } = require("@azure/monitor-opentelemetry") as typeof import("@azure/monitor-opentelemetry");
  const probes = new Set(["/healthz", "/readyz"]);
  useAzureMonitor({
    azureMonitorExporterOptions: { connectionString },
    enableLiveMetrics: false,
    spanProcessors: [new ScrubbingSpanProcessor(), ...extra] as never,
    instrumentationOptions: {
      http: {
        enabled: true,
        // App Service's health check every minute is no request worth a trace.
        ignoreIncomingRequestHook: (req: { url?: string }) => probes.has(withoutQuery(req.url ?? "")),
      } as never,
      azureSdk: { enabled: true },
      console: { enabled: false },
      bunyan: { enabled: false },
      winston: { enabled: false },
    },
  });
  return true;
}
