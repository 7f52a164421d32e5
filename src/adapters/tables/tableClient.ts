import { RestError, TableClient } from "@azure/data-tables";
import { StorageUnavailableError } from "../../ports/store";

// The SDK's own pipeline types, without depending on its transitive packages directly.
type PipelinePolicy = Parameters<TableClient["pipeline"]["addPolicy"]>[0];

/**
 * How a client waits on storage. "background" keeps the SDK's retries (about 5 s of back-off
 * before an outage is reported): nobody is waiting, and the durable jobs retry after that.
 * "interactive" serves a user's click or message, which Teams answers only within a few seconds:
 * one short retry and a per-request timeout, so an outage is answered while the user still waits.
 */
export type StorageProfile = "background" | "interactive";

const INTERACTIVE = { retryOptions: { maxRetries: 1, retryDelayInMs: 150, maxRetryDelayInMs: 300 }, timeoutMs: 1500 } as const;

/**
 * A TableClient for a connection string. Plain HTTP is allowed only for Azurite on loopback (the
 * SDK refuses a shared key over HTTP otherwise); everything else must be HTTPS.
 */
export function tableClientFor(connectionString: string, tableName: string, profile: StorageProfile = "background"): TableClient {
  const loopbackAzurite = /^UseDevelopmentStorage=true|TableEndpoint=http:\/\/(127\.0\.0\.1|localhost)[:/]/i.test(connectionString);
  const client = TableClient.fromConnectionString(connectionString, tableName, {
    allowInsecureConnection: loopbackAzurite,
    ...(profile === "interactive" ? { retryOptions: INTERACTIVE.retryOptions } : {}),
  });
  // Outermost (Serialize phase): it sees what is left after the SDK's retries and deserialisation.
  client.pipeline.addPolicy(unavailablePolicy(profile === "interactive" ? INTERACTIVE.timeoutMs : 0), { phase: "Serialize" });
  return client;
}

/**
 * The one conditional write of a row: inserted when `etag` is null (a conflict if it exists),
 * otherwise replaced only if unchanged since read. Answers the row's new ETag when saved.
 */
export async function putRow(client: TableClient, entity: Parameters<TableClient["createEntity"]>[0], etag: string | null): Promise<{ readonly outcome: "saved" | "conflict"; readonly etag: string | null }> {
  try {
    const res = etag === null ? await client.createEntity(entity) : await client.updateEntity(entity, "Replace", { etag });
    return { outcome: "saved", etag: res.etag ?? null };
  } catch (err) {
    if (isStatus(err, 409, 412)) return { outcome: "conflict", etag: null };
    throw err;
  }
}

/** True for a storage error with one of these HTTP statuses; anything else is someone else's to handle. */
export function isStatus(err: unknown, ...statuses: number[]): boolean {
  return err instanceof RestError && err.statusCode !== undefined && statuses.includes(err.statusCode);
}

// What "storage is not answering" looks like from Node: the socket could not be opened or was cut.
const UNREACHABLE = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ESOCKETTIMEDOUT", "EPIPE", "ECONNABORTED", "EHOSTUNREACH", "ENETUNREACH"]);
const UNAVAILABLE_STATUS = new Set([500, 502, 503, 504]);

function unavailableCode(err: unknown): string | null {
  // We pass no abort signal of our own: an abort here is the request timeout firing.
  if (err instanceof Error && err.name === "AbortError") return "TIMEOUT";
  if (!(err instanceof RestError)) return null;
  if (err.statusCode !== undefined) return UNAVAILABLE_STATUS.has(err.statusCode) ? `HTTP_${err.statusCode}` : null;
  return err.code !== undefined && UNREACHABLE.has(err.code) ? err.code : null;
}

/**
 * Turns an outage, and only an outage, into StorageUnavailableError. A transaction's 5xx arrives
 * here as a response (the SDK parses batch responses after the pipeline), everything else as an error.
 */
function unavailablePolicy(timeoutMs: number): PipelinePolicy {
  return {
    name: "mentorStorageUnavailable",
    async sendRequest(request, next) {
      if (timeoutMs > 0 && !request.timeout) request.timeout = timeoutMs;
      let response;
      try {
        response = await next(request);
      } catch (err) {
        const code = unavailableCode(err);
        if (code !== null) throw new StorageUnavailableError(code, { cause: err });
        throw err;
      }
      if (UNAVAILABLE_STATUS.has(response.status)) throw new StorageUnavailableError(`HTTP_${response.status}`);
      return response;
    },
  };
}
