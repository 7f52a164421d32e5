import assert from "node:assert/strict";
import { type ChildProcess, fork } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { type Config, loadConfig } from "../../src/config";
import { DEFAULT_HTTP_LIMITS, type HttpLimits } from "../../src/http/edge";
import { createHttpServer } from "../../src/http/server";
import { TAB_CSP } from "../../src/http/staticTab";
import type { Logger, LogFields } from "../../src/log";
import { buildApp } from "../../src/main";
import type { TabApi, TabResponse } from "../../src/tabApi/api";
import { freshStore } from "../support/azurite";
import { localAppConfig, PERSONAS } from "../support/e2e";
import { TENANT } from "../support/fixtures";

/**
 * The HTTP edge, probed from outside the way an attacker or a broken client would: compressed and
 * oversized bodies, slow and idle connections, the response headers of every route, and in local
 * mode requests from other sites and other host names (src/http/edge.ts). The server is the real
 * one (createHttpServer) with stand-ins behind it, except where the local-mode tests drive the
 * real app on Azurite.
 */

const BOT_ID = "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
const STORAGE = { STORAGE_CONNECTION_STRING: "UseDevelopmentStorage=true" };
const MiB = 1024 * 1024;
/** The least activity that gets past the server's own checks to the adapter (the tenant is the bot's). */
const TYPING = { type: "typing", conversation: { id: "a:1", tenantId: TENANT } };

const botConfig = (env: NodeJS.ProcessEnv = {}): Config => loadConfig({ ...STORAGE, BOT_ID, BOT_TENANT_ID: TENANT, SECRET_BOT_PASSWORD: "x", ...env });
const localConfig = (env: NodeJS.ProcessEnv = {}): Config => loadConfig({ ...STORAGE, LOCAL_ANONYMOUS_BOT: "true", ...env });

type Recorded = { level: string; event: string; fields: LogFields | undefined };
function recordingLogger(): Logger & { entries: Recorded[] } {
  const entries: Recorded[] = [];
  const at = (level: string) => (event: string, fields?: LogFields) => void entries.push({ level, event, fields });
  return { entries, info: at("info"), warn: at("warn"), error: at("error") };
}

/** Every tab route answers from here: 401 like the real one without a token, the local token echoes. */
function fakeTab(): TabApi {
  const refused = async (): Promise<TabResponse> => ({ status: 401, body: { error: "Unauthorized." } });
  return {
    whoami: refused,
    overview: refused,
    overviewCsv: async () => ({ status: 200, text: { contentType: "text/csv; charset=utf-8", content: "a;b\r\n", filename: "x.csv" } }),
    my: refused,
    agreementDocx: refused,
    startClosing: refused,
    statistics: refused,
    statisticsCsv: refused,
    evaluationDocx: refused,
    setPaused: refused,
    changeMentor: refused,
    startIntroduction: refused,
    setLeader: refused,
    createMentorship: refused,
    people: refused,
    // Issue 12, staff engineer.
    staff: refused,
    requestMentorChange: refused,
    // issue 12: the coordinator's programmes
    programmesList: refused,
    programmeGet: refused,
    programmeCopy: refused,
    programmeSave: refused,
    programmePreview: refused,
    // issue 13: "My journal"
    journalList: refused,
    journalGet: refused,
    journalCreate: refused,
    journalEdit: refused,
    journalDelete: refused,
    // issue 13: archive hold and erasure
    setArchiveHold: refused,
    eraseMentorship: refused,
    // issue 13: "My data"
    myData: refused,
    myDataJson: refused,
    myDataDocument: refused,
    eraseMyData: refused,
    localUsers: async () => ({ status: 200, body: [] }),
    localToken: async (body: unknown) => ({ status: 200, body: { echo: body } }),
  } as unknown as TabApi;
}

interface Edge {
  readonly server: ReturnType<typeof createHttpServer>;
  readonly port: number;
  readonly base: string;
  /** Bodies that reached the bot adapter. */
  readonly activities: unknown[];
  readonly log: ReturnType<typeof recordingLogger>;
  close(): Promise<void>;
}

async function startEdge(config: Config, opts: { limits?: Partial<HttpLimits>; tabDirectory?: string } = {}): Promise<Edge> {
  const activities: unknown[] = [];
  const log = recordingLogger();
  const server = createHttpServer({
    config,
    log,
    processActivity: async (_headers, activity) => {
      activities.push(activity);
      return { status: 401, body: undefined };
    },
    ics: async (_tenant, _mentorship, token) => (token === "good" ? "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n" : null),
    tab: fakeTab(),
    myData: async (_tenant, file) => (file === "good.json" ? { contentType: "application/json; charset=utf-8", body: "{}", filename: "my-data.json" } : null),
    ...(opts.tabDirectory ? { tabDirectory: opts.tabDirectory } : {}),
    ...(opts.limits ? { limits: opts.limits } : {}),
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    base: `http://127.0.0.1:${port}`,
    activities,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface Raw {
  readonly socket: net.Socket;
  /** Everything the server sent so far. */
  text(): string;
  /** Resolves when the server closed the connection (or it broke): ms since connect, and the error if any. */
  readonly closed: Promise<{ afterMs: number; error?: string }>;
}

/** A raw TCP connection to the server, to send exactly the bytes (and at the pace) a test wants. */
function rawConnect(port: number): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const socket = net.connect(port, "127.0.0.1");
    let received = "";
    let error: string | undefined;
    socket.on("data", (d: Buffer) => (received += d.toString("latin1")));
    socket.on("error", (e: NodeJS.ErrnoException) => (error ??= e.code ?? e.message));
    const closed = new Promise<{ afterMs: number; error?: string }>((done) => socket.once("close", () => done({ afterMs: Date.now() - t0, ...(error ? { error } : {}) })));
    socket.once("connect", () => resolve({ socket, text: () => received, closed }));
    socket.once("error", reject);
  });
}

const statusOf = (raw: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1] ?? 0);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves with `value` after `ms`, unless the promise settles first. */
function within<T, U>(promise: Promise<T>, ms: number, value: U): Promise<T | U> {
  return Promise.race([promise, sleep(ms).then(() => value)]);
}

/** One request with http.request (so any Host and Origin can be sent); the whole answer. */
function request(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  const headers = { ...(opts.body !== undefined ? { "content-length": String(Buffer.byteLength(opts.body)) } : {}), ...opts.headers };
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method: opts.method ?? "GET", path: opts.path, headers, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on("error", reject);
    req.setTimeout(10_000, () => req.destroy(new Error("timed out")));
    req.end(opts.body);
  });
}

/**
 * The compressed form of `mib` MiB of zeros, made by streaming one 1 MiB buffer through gzip (the
 * test never holds the inflated bytes): 300 MiB come out at about 300 KB.
 */
async function gzipBomb(mib: number): Promise<Buffer> {
  const zeros = Buffer.alloc(MiB);
  const gzip = zlib.createGzip({ level: 9 });
  const out: Buffer[] = [];
  gzip.on("data", (d: Buffer) => out.push(d));
  const done = new Promise<void>((resolve) => gzip.once("end", resolve));
  for (let i = 0; i < mib; i++) {
    if (!gzip.write(zeros)) await new Promise<void>((r) => gzip.once("drain", r));
  }
  gzip.end();
  await done;
  return Buffer.concat(out);
}

// ---- bodies: encodings and size -----------------------------------------------------------------

describe("HTTP edge: compressed and oversized bodies are refused before they are read", function () {
  this.timeout(60_000);
  let edge: Edge;
  let bomb: Buffer;

  before(async () => {
    edge = await startEdge(botConfig());
    bomb = await gzipBomb(300);
    assert.ok(bomb.length < 512 * 1024, `the bomb is under the body limit when compressed (${bomb.length} bytes)`);
  });
  beforeEach(() => {
    edge.activities.length = 0;
  });
  after(() => edge.close());

  it("answers a 300 MiB gzip bomb 415 before the client has finished sending it; the bot never sees it", async () => {
    // The headers and the first 4 KB of the bomb, then nothing until the answer: it must come.
    const first = bomb.subarray(0, 4096);
    const answer = await new Promise<{ status: number; headers: http.IncomingHttpHeaders } | null>((resolve) => {
      const req = http.request(
        { host: "127.0.0.1", port: edge.port, method: "POST", path: "/api/messages", agent: false, headers: { "content-type": "application/json", "content-encoding": "gzip", "transfer-encoding": "chunked" } },
        (res) => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers });
          res.resume();
        },
      );
      req.on("error", () => resolve(null));
      req.write(first);
      setTimeout(() => {
        resolve(null);
        req.destroy();
      }, 5000);
    });
    assert.ok(answer, `no answer while ${bomb.length - first.length} of ${bomb.length} compressed bytes were still unsent`);
    assert.equal(answer.status, 415);
    assert.equal(answer.headers["connection"], "close", "the connection is closed rather than the rest drained");
    assert.equal(answer.headers["accept-encoding"], "identity");
    assert.deepEqual(edge.activities, []);
    assert.ok(edge.log.entries.some((e) => e.event === "request.encoding.refused"));
  });

  it("refuses every content coding, on every route, and any body without one is still read", async () => {
    for (const encoding of ["gzip", "x-gzip", "deflate", "br", "compress", "GZIP", "gzip, identity", "identity, gzip"]) {
      for (const [method, route] of [["POST", "/api/messages"], ["POST", "/api/tab/local-token"], ["GET", "/healthz"], ["POST", "/no-such-route"]] as const) {
        const res = await request(edge.port, { method, path: route, headers: { "content-type": "application/json", "content-encoding": encoding }, body: zlib.gzipSync("{}") });
        assert.equal(res.status, 415, `${encoding} ${method} ${route}`);
      }
    }
    assert.deepEqual(edge.activities, []);
    const identity = await request(edge.port, { method: "POST", path: "/api/messages", headers: { "content-type": "application/json", "content-encoding": "identity" }, body: JSON.stringify(TYPING) });
    assert.equal(identity.status, 401, "identity is no coding: the body reached the adapter (which refused the missing token)");
    assert.equal(edge.activities.length, 1);
  });

  it("answers a 50 MB Content-Length 413 at once, without waiting for the body, and closes the connection", async () => {
    const raw = await rawConnect(edge.port);
    const t0 = Date.now();
    raw.socket.write(`POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1:${edge.port}\r\nContent-Type: application/json\r\nContent-Length: ${50 * 1000 * 1000}\r\n\r\n{"type":`);
    const closed = await within(raw.closed, 3000, null);
    assert.ok(closed, "the connection was not closed");
    assert.equal(statusOf(raw.text()), 413, raw.text());
    assert.ok(Date.now() - t0 < 3000, `answered after ${Date.now() - t0} ms`);
    assert.match(raw.text(), /\r\nconnection: close\r\n/i);
    assert.deepEqual(edge.activities, []);
  });

  it("stops reading a chunked body at the limit: 413 and the connection closed long before the client is done", async () => {
    const raw = await rawConnect(edge.port);
    raw.socket.write(`POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1:${edge.port}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`);
    const piece = Buffer.alloc(64 * 1024, 0x20);
    const frame = Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from("\r\n")]);
    const budget = 64 * MiB;
    let sent = 0;
    let isClosed = false;
    void raw.closed.then(() => (isClosed = true));
    while (sent < budget && !isClosed && !raw.socket.destroyed) {
      const ok = raw.socket.write(frame);
      sent += piece.length;
      if (!ok) await within(new Promise((r) => raw.socket.once("drain", r)), 1000, null);
    }
    const closed = await within(raw.closed, 3000, null);
    assert.ok(closed, `still open after ${sent} bytes`);
    assert.ok(sent < budget / 2, `the client could send ${sent} bytes`);
    // The 413 is written before the close; a client still sending may see the reset first.
    const status = statusOf(raw.text());
    assert.ok(status === 413 || (status === 0 && closed.error === "ECONNRESET"), `${status} ${closed.error} ${raw.text()}`);
    assert.deepEqual(edge.activities, []);
  });

  it("reads a body of up to the limit, and refuses one byte more with 413", async () => {
    const limit = DEFAULT_HTTP_LIMITS.maxBodyBytes;
    const activity = (size: number) => JSON.stringify({ ...TYPING, pad: "x".repeat(size - JSON.stringify({ ...TYPING, pad: "" }).length) });
    const exact = await request(edge.port, { method: "POST", path: "/api/messages", headers: { "content-type": "application/json" }, body: activity(limit) });
    assert.equal(exact.status, 401, "a body of exactly the limit is read and reaches the adapter");
    assert.equal((edge.activities.at(-1) as { pad?: string } | undefined)?.pad?.length, limit - JSON.stringify({ ...TYPING, pad: "" }).length);
    const over = await request(edge.port, { method: "POST", path: "/api/messages", headers: { "content-type": "application/json" }, body: activity(limit + 1) });
    assert.equal(over.status, 413);
  });

  it("accepts only JSON bodies, in UTF-8: other types 415, broken JSON or UTF-8 400; a POST without a body is fine", async () => {
    const post = (headers: Record<string, string>, body?: string | Buffer, route = "/api/messages") => request(edge.port, { method: "POST", path: route, headers, ...(body === undefined ? {} : { body }) });
    for (const type of ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain", "application/json; charset=latin1", "application/jsonp", "application/octet-stream"]) {
      assert.equal((await post({ "content-type": type }, "type=message&text=help")).status, 415, type);
    }
    assert.equal((await post({}, '{"type":"typing"}')).status, 415, "no content type");
    assert.equal((await post({ "content-type": "application/json" }, "{not json")).status, 400);
    assert.equal((await post({ "content-type": "application/json" }, Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]))).status, 400, "invalid UTF-8");
    const before = edge.activities.length;
    assert.equal((await post({ "content-type": "Application/JSON; charset=UTF-8" }, JSON.stringify(TYPING))).status, 401, "JSON with charset, any case");
    assert.equal(edge.activities.length, before + 1, "...reached the adapter");
    assert.equal((await post({ "content-type": "text/plain" }, undefined, "/api/tab/mentorships/m1/pause")).status, 401, "no body: no content type needed");
  });
});

// A child process holds the server so that its memory can be read: restify inflated bombs in full.
describe("HTTP edge: gzip bombs do not cost the server memory (child process)", function () {
  this.timeout(90_000);
  let child: ChildProcess;
  let port = 0;
  const ask = (what: string) =>
    new Promise<{ rss: number }>((resolve) => {
      child.once("message", (m) => resolve(m as { rss: number }));
      child.send(what);
    });

  before(async () => {
    child = fork(path.join(__dirname, "childProbes.ts"), ["bomb-server"], { execArgv: ["--import", "tsx", "--expose-gc"], stdio: ["ignore", "ignore", "inherit", "ipc"] });
    port = ((await new Promise((resolve) => child.once("message", resolve))) as { port: number }).port;
  });
  after(() => {
    child?.kill();
  });

  it("four 300 MiB bombs in parallel, with bot credentials and no token: all 415, the server's memory stays within 64 MiB", async () => {
    const bomb = await gzipBomb(300);
    await Promise.all(Array.from({ length: 3 }, () => request(port, { method: "POST", path: "/api/messages", headers: { "content-type": "application/json" }, body: '{"type":"typing"}' })));
    const before = (await ask("rss")).rss;
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        new Promise<number>((resolve) => {
          const req = http.request({ host: "127.0.0.1", port, method: "POST", path: "/api/messages", agent: false, headers: { "content-type": "application/json", "content-encoding": "gzip", "content-length": String(bomb.length) } }, (res) => {
            resolve(res.statusCode ?? 0);
            res.resume();
          });
          req.on("error", () => resolve(-1));
          req.end(bomb);
        }),
      ),
    );
    await sleep(200);
    const after = (await ask("rss")).rss;
    assert.ok(after - before < 64 * MiB, `RSS grew by ${((after - before) / MiB).toFixed(1)} MiB`);
    // A client still sending when the server closes may see the reset before the answer (-1).
    assert.deepEqual(answers.filter((s) => s !== -1), answers.filter((s) => s === 415), `answers: ${answers.join(", ")}`);
    assert.ok(answers.some((s) => s === 415), `answers: ${answers.join(", ")}`);
  });
});

// ---- slow and idle clients ------------------------------------------------------------------------

describe("HTTP edge: slow and idle clients are cut off", function () {
  this.timeout(30_000);
  const small: Partial<HttpLimits> = { headersTimeoutMs: 400, requestTimeoutMs: 800, keepAliveTimeoutMs: 300, connectionsCheckingIntervalMs: 50 };
  let edge: Edge;

  before(async () => {
    edge = await startEdge(botConfig(), { limits: small });
  });
  after(() => edge.close());

  it("has production defaults: every limit set, and none of them Node's own", function () {
    const node = http.createServer();
    const server = createHttpServer({ config: botConfig(), log: recordingLogger(), processActivity: async () => ({ status: 200, body: undefined }) }).server as http.Server & { connectionsCheckingInterval: number };
    assert.equal(server.headersTimeout, DEFAULT_HTTP_LIMITS.headersTimeoutMs);
    assert.equal(server.requestTimeout, DEFAULT_HTTP_LIMITS.requestTimeoutMs);
    assert.equal(server.keepAliveTimeout, DEFAULT_HTTP_LIMITS.keepAliveTimeoutMs);
    assert.equal(server.maxConnections, DEFAULT_HTTP_LIMITS.maxConnections);
    assert.equal(server.connectionsCheckingInterval, DEFAULT_HTTP_LIMITS.connectionsCheckingIntervalMs);
    assert.ok(DEFAULT_HTTP_LIMITS.headersTimeoutMs < node.headersTimeout && DEFAULT_HTTP_LIMITS.requestTimeoutMs < node.requestTimeout, "tighter than Node's 60 s / 300 s");
    assert.ok(Number.isFinite(server.maxConnections) && server.maxConnections > 0, "a connection cap");
    assert.notEqual(server.keepAliveTimeout, 0);
    assert.throws(() => createHttpServer({ config: botConfig(), log: recordingLogger(), processActivity: async () => ({ status: 200, body: undefined }), limits: { headersTimeoutMs: 2000, requestTimeoutMs: 1000 } }), RangeError);
  });

  it("cuts off a body trickling in at one byte per 100 ms (408, closed) after the request timeout", async () => {
    const raw = await rawConnect(edge.port);
    raw.socket.write(`POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1:${edge.port}\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n`);
    const timer = setInterval(() => !raw.socket.destroyed && raw.socket.write("{"), 100);
    try {
      const closed = await within(raw.closed, 8000, null);
      assert.ok(closed, "the trickling request was never cut off");
      assert.ok(closed.afterMs < 5000, `closed after ${closed.afterMs} ms (the body alone would take 20 s)`);
      assert.equal(statusOf(raw.text()), 408, raw.text());
    } finally {
      clearInterval(timer);
    }
    assert.deepEqual(edge.activities, []);
  });

  it("cuts off headers trickling in after the headers timeout", async () => {
    const raw = await rawConnect(edge.port);
    raw.socket.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: `);
    const timer = setInterval(() => !raw.socket.destroyed && raw.socket.write("a"), 50);
    try {
      const closed = await within(raw.closed, 8000, null);
      assert.ok(closed && closed.afterMs < 4000, `closed after ${closed?.afterMs} ms (the header alone would never end)`);
    } finally {
      clearInterval(timer);
    }
  });

  it("closes 50 connections that never send a byte, and a keep-alive connection left idle after an answer", async () => {
    const idle = await Promise.all(Array.from({ length: 50 }, () => rawConnect(edge.port)));
    const closed = await within(Promise.all(idle.map((r) => r.closed)), 8000, null);
    assert.ok(closed, `still open: ${idle.filter((r) => !r.socket.destroyed).length} of 50`);
    assert.ok(Math.max(...closed.map((c) => c.afterMs)) < 5000, `last closed after ${Math.max(...closed.map((c) => c.afterMs))} ms`);

    const kept = await rawConnect(edge.port);
    kept.socket.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${edge.port}\r\n\r\n`);
    const after = await within(kept.closed, 8000, null);
    assert.equal(statusOf(kept.text()), 200);
    assert.ok(after && after.afterMs < 4000, `the idle keep-alive connection closed after ${after?.afterMs} ms`);
  });

  it("refuses connections beyond the cap at once, and serves again when they are gone", async () => {
    const capped = await startEdge(botConfig(), { limits: { maxConnections: 3, headersTimeoutMs: 20_000, requestTimeoutMs: 20_000 } });
    try {
      const held = await Promise.all(Array.from({ length: 3 }, () => rawConnect(capped.port)));
      await sleep(100);
      const extra = await rawConnect(capped.port);
      extra.socket.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      const refused = await within(extra.closed, 4000, null);
      assert.ok(refused, "the fourth connection was kept open");
      assert.equal(extra.text(), "", "the fourth connection got an answer");
      for (const h of held) h.socket.destroy();
      await sleep(100);
      assert.equal((await request(capped.port, { path: "/healthz" })).status, 200);
    } finally {
      await capped.close();
    }
  });
});

// ---- response headers -----------------------------------------------------------------------------

describe("HTTP edge: the response headers of every route", function () {
  this.timeout(30_000);
  let tabDirectory: string;

  before(() => {
    tabDirectory = mkdtempSync(path.join(tmpdir(), "edge-tab-"));
    writeFileSync(path.join(tabDirectory, "index.html"), "<!doctype html><title>tab</title>");
    mkdirSync(path.join(tabDirectory, "assets"));
    writeFileSync(path.join(tabDirectory, "assets", "app-1.js"), "export {};");
  });
  after(() => rmSync(tabDirectory, { recursive: true, force: true }));

  interface Probe {
    readonly method: string;
    readonly path: string;
    readonly body?: string;
    /** The route it exercises ("" for no route: 404, 405, refusals). */
    readonly route: string;
    readonly status: number;
  }

  const json = { "content-type": "application/json" };
  const probes: Probe[] = [
    { method: "POST", path: "/api/messages", body: "{}", route: "POST /api/messages", status: 400 },
    { method: "POST", path: "/api/messages", body: '{"type":"typing"}', route: "POST /api/messages", status: 401 },
    { method: "GET", path: "/healthz", route: "GET /healthz", status: 200 },
    { method: "GET", path: "/readyz", route: "GET /readyz", status: 200 },
    // issue 14: the privacy statement and terms of use the manifest names
    // (issue 13 wrote docs/privacy.{da,nb,en}.md: the page exists now)
    { method: "GET", path: "/privacy?lang=da", route: "GET /privacy", status: 200 },
    { method: "GET", path: "/terms", route: "GET /terms", status: 200 },
    { method: "GET", path: "/ics/t1/m1/good.ics", route: "GET /ics/:tenant/:mentorship/:file", status: 200 },
    { method: "GET", path: "/ics/t1/m1/bad.ics", route: "GET /ics/:tenant/:mentorship/:file", status: 404 },
    { method: "GET", path: "/api/tab/whoami", route: "GET /api/tab/whoami", status: 401 },
    { method: "GET", path: "/api/tab/overview", route: "GET /api/tab/overview", status: 401 },
    { method: "GET", path: "/api/tab/overview.csv", route: "GET /api/tab/overview.csv", status: 200 },
    { method: "GET", path: "/api/tab/statistics", route: "GET /api/tab/statistics", status: 401 },
    { method: "GET", path: "/api/tab/statistics.csv", route: "GET /api/tab/statistics.csv", status: 401 },
    { method: "GET", path: "/api/tab/my", route: "GET /api/tab/my", status: 401 },
    { method: "GET", path: "/api/tab/my/m1/agreement/2.docx", route: "GET /api/tab/my/:id/agreement/:file", status: 401 },
    { method: "GET", path: "/api/tab/my/m1/evaluation.docx", route: "GET /api/tab/my/:id/evaluation.docx", status: 401 },
    { method: "POST", path: "/api/tab/mentorships/m1/pause", route: "POST /api/tab/mentorships/:id/pause", status: 401 },
    { method: "POST", path: "/api/tab/mentorships/m1/resume", route: "POST /api/tab/mentorships/:id/resume", status: 401 },
    { method: "POST", path: "/api/tab/mentorships/m1/mentor", body: "{}", route: "POST /api/tab/mentorships/:id/mentor", status: 401 },
    { method: "PUT", path: "/api/tab/mentorships/m1/introduction", body: "{}", route: "PUT /api/tab/mentorships/:id/introduction", status: 401 },
    { method: "POST", path: "/api/tab/mentorships/m1/closing", body: '{"reason":"completed"}', route: "POST /api/tab/mentorships/:id/closing", status: 401 },
    { method: "PUT", path: "/api/tab/mentorships/m1/leader", body: '{"aadObjectId":"x"}', route: "PUT /api/tab/mentorships/:id/leader", status: 401 },
    // Issue 13: the coordinator's archive hold and erasure.
    { method: "PUT", path: "/api/tab/mentorships/m1/archiveHold", body: '{"reason":"complaint"}', route: "PUT /api/tab/mentorships/:id/archiveHold", status: 401 },
    { method: "POST", path: "/api/tab/mentorships/m1/erase", body: '{"confirm":true}', route: "POST /api/tab/mentorships/:id/erase", status: 401 },
    { method: "POST", path: "/api/tab/mentorships", body: "{}", route: "POST /api/tab/mentorships", status: 401 },
    { method: "GET", path: "/api/tab/people?q=a", route: "GET /api/tab/people", status: 401 },
    // Issue 12, staff engineer: "My staff".
    { method: "GET", path: "/api/tab/staff", route: "GET /api/tab/staff", status: 401 },
    { method: "POST", path: "/api/tab/staff/m1/mentorChange", body: "{}", route: "POST /api/tab/staff/:id/mentorChange", status: 401 },
    // issue 12: the coordinator's programmes
    { method: "GET", path: "/api/tab/programmes", route: "GET /api/tab/programmes", status: 401 },
    { method: "POST", path: "/api/tab/programmes", body: '{"from":"x"}', route: "POST /api/tab/programmes", status: 401 },
    { method: "POST", path: "/api/tab/programmes/preview", body: "{}", route: "POST /api/tab/programmes/preview", status: 401 },
    { method: "GET", path: "/api/tab/programmes/own-1", route: "GET /api/tab/programmes/:id", status: 401 },
    { method: "PUT", path: "/api/tab/programmes/own-1", body: "{}", route: "PUT /api/tab/programmes/:id", status: 401 },
    // issue 13: "My journal"
    { method: "GET", path: "/api/tab/journal", route: "GET /api/tab/journal", status: 401 },
    { method: "POST", path: "/api/tab/journal", body: "{}", route: "POST /api/tab/journal", status: 401 },
    { method: "GET", path: "/api/tab/journal/j-00000000000000000000", route: "GET /api/tab/journal/:id", status: 401 },
    { method: "PUT", path: "/api/tab/journal/j-00000000000000000000", body: "{}", route: "PUT /api/tab/journal/:id", status: 401 },
    { method: "DELETE", path: "/api/tab/journal/j-00000000000000000000", route: "DELETE /api/tab/journal/:id", status: 401 },
    // issue 13: "My data", and the personal chat's signed link
    { method: "GET", path: "/api/tab/mydata", route: "GET /api/tab/mydata", status: 401 },
    { method: "GET", path: "/api/tab/mydata.json", route: "GET /api/tab/mydata.json", status: 401 },
    { method: "GET", path: "/api/tab/mydata.html?lang=da", route: "GET /api/tab/mydata.html", status: 401 },
    { method: "POST", path: "/api/tab/mydata/erase", body: '{"confirm":true}', route: "POST /api/tab/mydata/erase", status: 401 },
    { method: "GET", path: "/mydata/t1/good.json", route: "GET /mydata/:tenant/:file", status: 200 },
    { method: "GET", path: "/mydata/t1/bad.json", route: "GET /mydata/:tenant/:file", status: 404 },
    { method: "GET", path: "/api/tab/local-users", route: "GET /api/tab/local-users", status: 200 },
    { method: "POST", path: "/api/tab/local-token", body: "{}", route: "POST /api/tab/local-token", status: 200 },
    { method: "GET", path: "/tab/overview", route: "GET /tab/*", status: 200 },
    { method: "GET", path: "/tab/assets/app-1.js", route: "GET /tab/*", status: 200 },
    { method: "GET", path: "/tab/..%2f..%2fetc%2fpasswd", route: "GET /tab/*", status: 404 },
    { method: "GET", path: "/no-such-route", route: "", status: 404 },
    { method: "GET", path: "/api/messages", route: "", status: 405 },
    { method: "POST", path: "/api/messages", body: "a=b", route: "", status: 415 },
  ];

  async function sweep(edge: Edge, extraHeaders: Record<string, string> = {}) {
    const answers = [];
    for (const p of probes) {
      const contentType = p.body === "a=b" ? { "content-type": "application/x-www-form-urlencoded" } : p.body ? json : {};
      const res = await request(edge.port, { method: p.method, path: p.path, headers: { ...contentType, ...extraHeaders }, ...(p.body ? { body: p.body } : {}) });
      assert.equal(res.status, p.status, `${p.method} ${p.path}: ${res.text}`);
      answers.push({ probe: p, res });
    }
    return answers;
  }

  it("every route, a 404, a 405 and a refusal: nosniff, no-referrer, no Server header; no-store except the tab's files; the tab's CSP", async () => {
    const edge = await startEdge(botConfig(), { tabDirectory });
    try {
      // The sweep covers every route the server has, so a new route cannot be forgotten here.
      const routes = Object.values(edge.server.router.getRoutes() as unknown as Record<string, { method: string; path: string }>).map((r) => `${r.method} ${r.path}`);
      const probed = new Set(probes.map((p) => p.route));
      assert.deepEqual(routes.filter((r) => !probed.has(r)), [], "routes the sweep does not probe");

      for (const { probe, res } of await sweep(edge)) {
        const what = `${probe.method} ${probe.path} (${res.status})`;
        assert.equal(res.headers["x-content-type-options"], "nosniff", what);
        assert.equal(res.headers["referrer-policy"], "no-referrer", what);
        assert.equal(res.headers["server"], undefined, what);
        assert.equal(res.headers["strict-transport-security"], undefined, `${what}: no HSTS over plain http`);
        const tabFile = probe.route === "GET /tab/*" && res.status === 200;
        if (tabFile) {
          assert.equal(res.headers["content-security-policy"], TAB_CSP, what);
          assert.match(String(res.headers["cache-control"]), probe.path.includes("/assets/") ? /immutable/ : /^no-cache$/, what);
        } else {
          assert.equal(res.headers["cache-control"], "no-store", what);
          assert.match(String(res.headers["content-security-policy"]), /default-src 'none'.*frame-ancestors 'none'/, what);
        }
      }
    } finally {
      await edge.close();
    }
  });

  it("the tab's CSP allows no <base>, no form submission and no plugins", function () {
    const directives = new Map(TAB_CSP.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values.join(" ")]));
    assert.equal(directives.get("base-uri"), "'none'");
    assert.equal(directives.get("form-action"), "'none'");
    assert.equal(directives.get("object-src"), "'none'");
    assert.match(directives.get("frame-ancestors") ?? "", /https:\/\/teams\.microsoft\.com/);
  });

  it("HSTS when the app is reached over https (PUBLIC_BASE_URL, or App Service's TLS front end), never in local mode", async () => {
    const hsts = /^max-age=\d{7,}/;
    const https = await startEdge(botConfig({ PUBLIC_BASE_URL: "https://mentor.example.com" }), { tabDirectory });
    try {
      for (const { probe, res } of await sweep(https)) assert.match(res.headers["strict-transport-security"] ?? "", hsts, `${probe.method} ${probe.path}`);
    } finally {
      await https.close();
    }
    const proxied = await startEdge(botConfig(), { tabDirectory });
    try {
      assert.match((await request(proxied.port, { path: "/healthz", headers: { "x-forwarded-proto": "https" } })).headers["strict-transport-security"] ?? "", hsts);
      assert.match((await request(proxied.port, { path: "/healthz", headers: { "x-arr-ssl": "2048|256|CN=..." } })).headers["strict-transport-security"] ?? "", hsts);
      assert.equal((await request(proxied.port, { path: "/healthz", headers: { "x-forwarded-proto": "http" } })).headers["strict-transport-security"], undefined);
    } finally {
      await proxied.close();
    }
    const local = await startEdge(localConfig(), { tabDirectory });
    try {
      const res = await request(local.port, { path: "/healthz", headers: { host: `127.0.0.1:${local.port}`, "x-forwarded-proto": "https" } });
      assert.equal(res.status, 200);
      assert.equal(res.headers["strict-transport-security"], undefined);
    } finally {
      await local.close();
    }
  });
});

// ---- local mode: same-origin JSON on loopback only ------------------------------------------------

describe("HTTP edge: local mode answers only same-origin JSON on loopback host names (real app)", function () {
  this.timeout(30_000);
  let app: Awaited<ReturnType<typeof buildApp>>;
  let port = 0;
  let log: ReturnType<typeof recordingLogger>;
  const coordinator = PERSONAS.coordinator.aadObjectId;

  before(async () => {
    const { connectionString, tableName } = await freshStore();
    log = recordingLogger();
    app = await buildApp({ config: loadConfig(localAppConfig(connectionString, tableName)), log });
    await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
    port = (app.server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => app.server.close(() => resolve())));

  const own = () => `127.0.0.1:${port}`;
  const tokenRequest = (headers: Record<string, string>, body = JSON.stringify({ aadObjectId: coordinator })) =>
    request(port, { method: "POST", path: "/api/tab/local-token", headers: { host: own(), "content-type": "application/json", ...headers }, body });

  it("refuses a cross-site form post: no coordinator token, no bot turn", async () => {
    const form = { host: own(), origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" };
    const token = await request(port, { method: "POST", path: "/api/tab/local-token", headers: form, body: `aadObjectId=${coordinator}` });
    assert.equal(token.status, 403, token.text);
    assert.doesNotMatch(token.text, /token/);
    // The same form without an Origin (a form a browser would still label): 415, it is not JSON.
    const noOrigin = await request(port, { method: "POST", path: "/api/tab/local-token", headers: { host: own(), "content-type": "application/x-www-form-urlencoded" }, body: `aadObjectId=${coordinator}` });
    assert.equal(noOrigin.status, 415, noOrigin.text);
    const bot = await request(port, { method: "POST", path: "/api/messages", headers: { host: own(), "content-type": "application/x-www-form-urlencoded" }, body: "type=message&text=help&serviceUrl=http%3A%2F%2F127.0.0.1%3A9%2F&conversation%5Bid%5D=a" });
    assert.equal(bot.status, 415, bot.text);
    const plain = await request(port, { method: "POST", path: "/api/messages", headers: { host: own(), "content-type": "text/plain" }, body: '{"type":"message","text":"help"}' });
    assert.equal(plain.status, 415, "text/plain, the other type a cross-site form or fetch can send without asking");
  });

  it("refuses a foreign Host (DNS rebinding) on every route, and a missing one", async () => {
    for (const host of ["evil.example", `evil.example:${port}`, "127.0.0.1.nip.io", "localhost.evil.example", "0.0.0.0", "[::ffff:127.0.0.1]", "10.0.0.4:3978", `127.0.0.1:${port}@evil.example`]) {
      for (const [method, route] of [["GET", "/api/tab/local-users"], ["GET", "/healthz"], ["GET", "/tab/overview"]] as const) {
        const res = await request(port, { method, path: route, headers: { host } });
        assert.equal(res.status, 403, `${host} ${route}`);
        assert.doesNotMatch(res.text, /Karen|aadObjectId/);
      }
      assert.equal((await tokenRequest({ host })).status, 403, host);
    }
    const raw = await rawConnect(port);
    raw.socket.write("GET /api/tab/local-users HTTP/1.0\r\n\r\n");
    await within(raw.closed, 3000, null);
    assert.equal(statusOf(raw.text().replace(/^HTTP\/1\.0/, "HTTP/1.1")), 403, "HTTP/1.0 with no Host");
    assert.ok(log.entries.some((e) => e.event === "request.host.refused"));
  });

  it("refuses a foreign Origin, including a loopback one on another port and the opaque 'null', on anything but GET/HEAD", async () => {
    for (const origin of ["https://evil.example", `http://evil.example:${port}`, "http://127.0.0.1:1", `https://127.0.0.1:${port}`, `http://localhost:${port}`, "null"]) {
      const res = await tokenRequest({ origin });
      assert.equal(res.status, 403, origin);
      assert.doesNotMatch(res.text, /"token"/);
      const bot = await request(port, { method: "POST", path: "/api/messages", headers: { host: own(), origin, "content-type": "application/json" }, body: JSON.stringify({ type: "message", text: "help" }) });
      assert.equal(bot.status, 403, `${origin} /api/messages`);
    }
    assert.ok(log.entries.some((e) => e.event === "request.origin.refused"));
    // A GET changes nothing and its answer is not readable by another origin (no CORS headers):
    // the Host rule is what guards it. The answer says so: no Access-Control-Allow-Origin.
    const read = await request(port, { path: "/api/tab/local-users", headers: { host: own(), origin: "https://evil.example" } });
    assert.equal(read.status, 200);
    assert.equal(read.headers["access-control-allow-origin"], undefined);
    assert.equal(read.headers["x-content-type-options"], "nosniff");
  });

  it("accepts same-origin and no-Origin JSON, on 127.0.0.1, localhost and [::1]", async () => {
    const variants: Record<string, string>[] = [{}, { origin: `http://${own()}` }, { host: `localhost:${port}` }, { host: `localhost:${port}`, origin: `http://localhost:${port}` }, { host: `[::1]:${port}` }, { host: "127.0.0.1" }];
    for (const headers of variants) {
      const res = await tokenRequest(headers);
      assert.equal(res.status, 200, `${JSON.stringify(headers)}: ${res.text}`);
      assert.match(res.text, /"token":"/);
    }
    const users = await request(port, { path: "/api/tab/local-users", headers: { host: own() } });
    assert.equal(users.status, 200);
  });
});
