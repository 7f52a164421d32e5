/**
 * A counting HTTP proxy in front of Azurite's table service, on loopback: every request the app (or a
 * test) makes to Table Storage passes through it and is recorded by method and kind, so a test or the
 * bench can say exactly how many Table Storage requests something cost. A proxy rather than an SDK
 * pipeline policy because it sees every client the app builds on its own (stores, job store,
 * calendar), and a separate app process too, through nothing but the connection string.
 *
 * A transaction (`$batch`) is one request, as Table Storage bills and throttles it; its operations
 * are kept in `operations` for the reader who wants to see what was batched.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface TableRequest {
  readonly method: string;
  /** "batch", "entity" (one row by its keys), "query" (a filter or a scan), "insert", "table" (the Tables resource). */
  readonly kind: "batch" | "entity" | "query" | "insert" | "table" | "other";
  /** The table the request names ("" for a batch or the Tables resource). */
  readonly table: string;
  /** Operations inside a batch (1 for every other request). */
  readonly operations: number;
  readonly status: number;
  /** The request's path and query, decoded (ids and keys only: rows carry no personal text in their keys), for a message that says which rows were read. */
  readonly path: string;
}

export interface CountingProxy {
  /** The target's connection string with its TableEndpoint pointing at the proxy (the shared key still signs: it covers the path, not the port). */
  readonly connectionString: string;
  /** Every request since the last reset (or the start), in the order their answers arrived. */
  readonly requests: TableRequest[];
  /** Requests since the last reset (or start). */
  count(): number;
  /** e.g. { "GET entity": 4, "POST batch": 1 } */
  byKind(): Record<string, number>;
  reset(): void;
  close(): Promise<void>;
}

function safeDecode(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url; // a malformed escape: the raw path says as much
  }
}

function classify(method: string, path: string): Pick<TableRequest, "kind" | "table"> {
  // Path-style (Azurite, --disableProductStyleUrl): /{account}/{resource}
  const resource = decodeURIComponent(path.split("?")[0] ?? "").split("/").slice(2).join("/");
  if (resource === "$batch") return { kind: "batch", table: "" };
  if (resource === "Tables" || resource.startsWith("Tables(")) return { kind: "table", table: "" };
  const m = /^([A-Za-z][A-Za-z0-9]*)(\((.*)\))?$/.exec(resource);
  if (!m) return { kind: "other", table: "" };
  const table = m[1] ?? "";
  if (m[3]) return { kind: "entity", table };
  if (method === "GET") return { kind: "query", table };
  if (method === "POST") return { kind: "insert", table };
  return { kind: "other", table };
}

/** Starts the proxy in front of the table endpoint named by `targetConnectionString` (Azurite's form). */
export async function startCountingProxy(targetConnectionString: string): Promise<CountingProxy> {
  const endpoint = /TableEndpoint=([^;]+)/.exec(targetConnectionString)?.[1];
  if (!endpoint) throw new Error("the connection string names no TableEndpoint");
  const target = new URL(endpoint);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const requests: TableRequest[] = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (d: Buffer) => chunks.push(d));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const method = req.method ?? "GET";
      const url = req.url ?? "/";
      const { kind, table } = classify(method, url);
      // A changeset holds one HTTP request line per operation.
      const operations = kind === "batch" ? Math.max(1, (body.toString("latin1").match(/^(GET|POST|PUT|MERGE|PATCH|DELETE) \S+ HTTP\/1\.1\r?$/gm) ?? []).length) : 1;
      const headers = { ...req.headers, host: target.host };
      const upstream = http.request({ host: target.hostname, port: target.port, method, path: url, headers, agent }, (up) => {
        requests.push({ method, kind, table, operations, status: up.statusCode ?? 0, path: safeDecode(url) });
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on("error", () => {
        requests.push({ method, kind, table, operations, status: 502, path: safeDecode(url) });
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const proxied = new URL(endpoint);
  proxied.host = `127.0.0.1:${port}`;
  const connectionString = targetConnectionString.replace(/TableEndpoint=[^;]+/, `TableEndpoint=${proxied.href.replace(/\/$/, "")}`);
  return {
    connectionString,
    requests,
    count: () => requests.length,
    byKind() {
      const out: Record<string, number> = {};
      for (const r of requests) out[`${r.method} ${r.kind}`] = (out[`${r.method} ${r.kind}`] ?? 0) + 1;
      return out;
    },
    reset() {
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
