import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { buildApp } from "../../src/main";
import { ConfigError, loadConfig } from "../../src/config";
import type { Logger, LogFields } from "../../src/log";
import { freshStore } from "../support/azurite";
import { OTHER_TENANT, TENANT, mentee } from "../support/fixtures";
import { CHANNEL_ISSUER, type Claims, type JwksServer, startJwks } from "../support/jwks";

/**
 * The inbound authentication path, end to end over real HTTP: the real app (real CloudAdapter,
 * real Azurite storage) validating tokens against a loopback stand-in for the Bot Framework's
 * OpenID metadata and keys. Plus the secure-by-default configuration and the anonymous local mode.
 */

const BOT_ID = "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
const OTHER_APP_ID = "d4c3b2a1-0f9e-4d8c-8b7a-6f5e4d3c2b1a";
const SERVICE_URL = "https://smba.trafficmanager.net/emea/";
const ROOT = path.resolve(__dirname, "../..");

// ---- helpers -----------------------------------------------------------------------------------

type Recorded = { level: "info" | "warn" | "error"; event: string; fields: LogFields | undefined };

function recordingLogger(): Logger & { entries: Recorded[] } {
  const entries: Recorded[] = [];
  const at = (level: Recorded["level"]) => (event: string, fields?: LogFields) => void entries.push({ level, event, fields });
  return { entries, info: at("info"), warn: at("warn"), error: at("error") };
}

/**
 * Fails the suite if anything reaches console.error/console.warn while it runs: botbuilder used to
 * write a stack trace for every refused token (src/adapters/bot/cloudAdapter.ts now keeps it quiet).
 */
function quietConsole(): () => void {
  const { error, warn } = console;
  const said: string[] = [];
  console.error = (...args: unknown[]) => void said.push(`error: ${String(args[0]).slice(0, 200)}`);
  console.warn = (...args: unknown[]) => void said.push(`warn: ${String(args[0]).slice(0, 200)}`);
  return () => {
    console.error = error;
    console.warn = warn;
    assert.deepEqual(said, [], "console output while the suite ran");
  };
}

async function listen(server: { listen: (port: number, host: string, cb: () => void) => unknown; address: () => unknown }): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

interface Reply {
  status: number;
  text: string;
  /** Error-level log events written while this request was handled. */
  errors: string[];
}

interface Target {
  base: string;
  log: ReturnType<typeof recordingLogger>;
}

async function post(target: Target, body: unknown, opts: { token?: string; authorization?: string; raw?: string; contentType?: string } = {}): Promise<Reply> {
  target.log.entries.length = 0;
  const headers: Record<string, string> = { "content-type": opts.contentType ?? "application/json" };
  if (opts.authorization !== undefined) headers["authorization"] = opts.authorization;
  else if (opts.token !== undefined) headers["authorization"] = `Bearer ${opts.token}`;
  const res = await fetch(`${target.base}/api/messages`, {
    method: "POST",
    headers,
    body: opts.raw ?? JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  const text = await res.text();
  return { status: res.status, text, errors: target.log.entries.filter((e) => e.level === "error").map((e) => e.event) };
}

/** Whatever the status, the body never carries a stack trace or the validator's own words. */
function assertNoLeak(reply: Reply): void {
  assert.doesNotMatch(reply.text, /\n\s+at |node_modules|\.ts:\d+|\.js:\d+/, `stack trace in body: ${reply.text}`);
  assert.doesNotMatch(reply.text, /jwt|signature|token|expired|issuer|audience|\bkid\b|endorse|claim/i, `internal error text in body: ${reply.text}`);
  assert.doesNotMatch(reply.text, /[A-Z]\w*Error\b|Exception/, `internal error text in body: ${reply.text}`);
}

/** The exact status, no leak, and nothing on the way went through the internal-error branches. */
function expectStatus(reply: Reply, status: number, what = ""): void {
  assert.equal(reply.status, status, `${what} expected ${status}, got ${reply.status}: ${reply.text}`);
  assertNoLeak(reply);
  assert.deepEqual(reply.errors, [], `${what} internal error logged`);
}

const now = () => Math.floor(Date.now() / 1000);

/** The claims the Bot Framework channel puts in the token it sends to a bot. */
function channelClaims(overrides: Claims = {}): Claims {
  const t = now();
  return { iss: CHANNEL_ISSUER, aud: BOT_ID, serviceurl: SERVICE_URL, nbf: t - 60, iat: t - 60, exp: t + 3600, ...overrides };
}

/** An activity the bot answers without calling the channel back: it ignores typing. */
function typingActivity(tenantId = TENANT, serviceUrl = SERVICE_URL) {
  return {
    type: "typing",
    id: "1700000000001",
    channelId: "msteams",
    serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: mentee.channelUserId, aadObjectId: mentee.aadObjectId, name: mentee.name },
    recipient: { id: `28:${BOT_ID}`, name: "Mentor" },
    conversation: { id: "a:1personal-chat", tenantId, conversationType: "personal" },
    channelData: { tenant: { id: tenantId } },
  };
}

// ---- the app behind loopback OpenID metadata ---------------------------------------------------

/** The real app with inbound auth from `env` (given the metadata URL), on Azurite; the console is quiet until stop. */
async function startAuthApp(env: (metadataUrl: string) => NodeJS.ProcessEnv) {
  const restoreConsole = quietConsole();
  try {
    const jwks = await startJwks();
    const { connectionString, tableName } = await freshStore();
    const config = loadConfig({ ...env(jwks.metadataUrl), STORAGE_CONNECTION_STRING: connectionString, TABLE_NAME: tableName });
    const log = recordingLogger();
    const app = await buildApp({ config, log });
    const target: Target = { base: await listen(app.server), log };
    const stop = async () => {
      app.server.close();
      await jwks.close();
      restoreConsole();
    };
    return { jwks, app, config, log, target, stop };
  } catch (err) {
    restoreConsole();
    throw err;
  }
}

// ---- SingleTenant ------------------------------------------------------------------------------

describe("inbound authentication (SingleTenant, loopback OpenID metadata)", function () {
  let jwks: JwksServer;
  let target: Target;
  let log: ReturnType<typeof recordingLogger>;
  let stop: () => Promise<void> = async () => {};

  before(async function () {
    const started = await startAuthApp((metadataUrl) => ({ BOT_ID, BOT_TENANT_ID: TENANT, SECRET_BOT_PASSWORD: "x", BOT_OPENID_METADATA_URL: metadataUrl, ALLOWED_TENANT_IDS: TENANT }));
    ({ jwks, target, log, stop } = started);
    assert.equal(started.config.auth.kind, "SingleTenant");
  });

  after(() => stop());

  it("accepts a properly signed channel token: 200, keys fetched from the loopback metadata", async function () {
    const reply = await post(target, typingActivity(), { token: jwks.sign(channelClaims()) });
    expectStatus(reply, 200);
    assert.ok((jwks.hits["/.well-known/openidconfiguration"] ?? 0) >= 1, "metadata document was not fetched");
    assert.ok((jwks.hits["/keys"] ?? 0) >= 1, "keys were not fetched");
  });

  it("accepts an RS512 signature by the same key, and a token expired by less than the 5-minute clock tolerance", async function () {
    expectStatus(await post(target, typingActivity(), { token: jwks.sign(channelClaims(), { algorithm: "RS512" }) }), 200);
    const t = now();
    expectStatus(await post(target, typingActivity(), { token: jwks.sign(channelClaims({ iat: t - 3660, nbf: t - 3660, exp: t - 60 })) }), 200);
  });

  it("refuses a request with no Authorization header: 401", async function () {
    expectStatus(await post(target, typingActivity()), 401);
  });

  it("refuses malformed Authorization headers: 401", async function () {
    for (const authorization of ["", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer not-a-jwt", `Bearer ${jwks.sign(channelClaims())} extra`, `bearer ${jwks.sign(channelClaims())}`]) {
      expectStatus(await post(target, typingActivity(), { authorization }), 401, `Authorization ${JSON.stringify(authorization.slice(0, 20))}:`);
    }
  });

  it("refuses an unsigned token (alg none), with or without the published kid: 401", async function () {
    expectStatus(await post(target, typingActivity(), { token: jwks.unsigned(channelClaims()) }), 401);
    expectStatus(await post(target, typingActivity(), { token: jwks.unsigned(channelClaims(), "") }), 401);
  });

  it("refuses a token signed by another key claiming the published kid: 401", async function () {
    const reply = await post(target, typingActivity(), { token: jwks.sign(channelClaims(), { key: "other" }) });
    expectStatus(reply, 401);
    assert.ok(log.entries.some((e) => e.event === "request.auth.failed" && e.fields?.["error"] === "JsonWebTokenError"), "the refusal is logged with its class");
  });

  it("refuses a token signed by another key under an unknown kid or no kid: 401", async function () {
    expectStatus(await post(target, typingActivity(), { token: jwks.sign(channelClaims(), { key: "other", kid: "unknown-kid" }) }), 401);
    expectStatus(await post(target, typingActivity(), { token: jwks.sign(channelClaims(), { key: "other", kid: null }) }), 401);
  });

  it("refuses the HS256 algorithm-confusion forgery (public key as HMAC secret): 401", async function () {
    expectStatus(await post(target, typingActivity(), { token: jwks.hs256WithPublicKey(channelClaims()) }), 401);
  });

  it("refuses a token signed by a published key that is not endorsed for msteams: 401", async function () {
    expectStatus(await post(target, typingActivity(), { token: jwks.sign(channelClaims(), { kid: jwks.otherChannelKid }) }), 401);
  });

  it("refuses a token for another audience, or with no audience: 401", async function () {
    expectStatus(await post(target, typingActivity(), { token: jwks.sign(channelClaims({ aud: OTHER_APP_ID })) }), 401);
    expectStatus(await post(target, typingActivity(), { token: jwks.sign(channelClaims({ aud: undefined })) }), 401);
  });

  it("refuses a token from another issuer, or with no issuer: 401", async function () {
    expectStatus(await post(target, typingActivity(), { token: jwks.sign(channelClaims({ iss: "https://evil.example.com" })) }), 401);
    expectStatus(await post(target, typingActivity(), { token: jwks.sign(channelClaims({ iss: "https://api.botframework.com/" })) }), 401);
    expectStatus(await post(target, typingActivity(), { token: jwks.sign(channelClaims({ iss: undefined })) }), 401);
  });

  it("refuses a token expired beyond the 5-minute tolerance: 401", async function () {
    const t = now();
    expectStatus(await post(target, typingActivity(), { token: jwks.sign(channelClaims({ iat: t - 7200, nbf: t - 7200, exp: t - 600 })) }), 401);
  });

  it("refuses a token not yet valid beyond the tolerance (nbf in the future): 401", async function () {
    const t = now();
    expectStatus(await post(target, typingActivity(), { token: jwks.sign(channelClaims({ iat: t, nbf: t + 900, exp: t + 3600 })) }), 401);
  });

  it("refuses a token whose exp or nbf is not a number: 401", async function () {
    expectStatus(await post(target, typingActivity(), { token: jwks.sign(channelClaims({ exp: "tomorrow" })) }), 401);
    expectStatus(await post(target, typingActivity(), { token: jwks.sign(channelClaims({ nbf: "yesterday" })) }), 401);
  });

  it("refuses structurally broken tokens naming the published kid: 401", async function () {
    const header = { alg: "RS256", typ: "JWT", kid: jwks.kid };
    const cases: Record<string, string> = {
      "payload not JSON": jwks.raw(header, "{not json"),
      "payload null": jwks.raw(header, "null"),
      "payload a string": jwks.raw(header, JSON.stringify("iss")),
      "payload an array": jwks.raw(header, JSON.stringify([channelClaims()])),
      "empty signature": jwks.raw(header, JSON.stringify(channelClaims()), ""),
      "signature not base64url": jwks.raw(header, JSON.stringify(channelClaims()), "!!!"),
      "kid not a string": jwks.raw({ ...header, kid: { $ne: null } }, JSON.stringify(channelClaims())),
      "alg unknown": jwks.raw({ ...header, alg: "PS256" }, JSON.stringify(channelClaims())),
      "aud an array": jwks.sign(channelClaims({ aud: [BOT_ID] })),
      "header not JSON": `${Buffer.from("{oops").toString("base64url")}.${jwks.sign(channelClaims()).split(".").slice(1).join(".")}`,
    };
    for (const [what, token] of Object.entries(cases)) expectStatus(await post(target, typingActivity(), { token }), 401, `${what}:`);
  });

  it("refuses every one-character tampering of a valid token: 401, never 500", async function () {
    const token = jwks.sign(channelClaims());
    const segments = token.split(".");
    const positions: number[] = [];
    let offset = 0;
    for (const segment of segments) {
      // The last character of a segment may only carry padding bits; tamper everywhere else.
      for (let i = 0; i < segment.length - 1; i += Math.max(1, Math.floor(segment.length / 12))) positions.push(offset + i);
      offset += segment.length + 1;
    }
    for (const at of positions) {
      const c = token[at] === "A" ? "B" : "A";
      const tampered = `${token.slice(0, at)}${c}${token.slice(at + 1)}`;
      expectStatus(await post(target, typingActivity(), { token: tampered }), 401, `tampered at ${at}:`);
    }
    expectStatus(await post(target, typingActivity(), { token }), 200, "untampered:");
  });

  it("refuses a token whose serviceurl claim differs from the activity's serviceUrl: 401", async function () {
    const token = jwks.sign(channelClaims({ serviceurl: "https://evil.example.com/" }));
    expectStatus(await post(target, typingActivity(), { token }), 401);
    // ...and a correctly signed token cannot be replayed to point the bot at another service URL.
    expectStatus(await post(target, typingActivity(TENANT, "https://evil.example.com/"), { token: jwks.sign(channelClaims()) }), 401);
  });

  it("refuses a correctly signed activity from a tenant that is not allowed: 401", async function () {
    const token = jwks.sign(channelClaims());
    expectStatus(await post(target, typingActivity(OTHER_TENANT), { token }), 401);
    const noTenant = { ...typingActivity(), conversation: { id: "a:1personal-chat", conversationType: "personal" }, channelData: {} };
    expectStatus(await post(target, noTenant, { token }), 401);
  });

  it("answers 400 to bodies that are not an activity", async function () {
    const token = jwks.sign(channelClaims());
    for (const body of [[], "typing", 42, null, {}, { type: "" }, { type: 7 }, { ...typingActivity(), type: undefined }]) {
      expectStatus(await post(target, body, { token }), 400, `body ${JSON.stringify(body)}:`);
    }
  });

  it("answers 400 to a body that is not JSON at all, 415 to one not declared JSON", async function () {
    const token = jwks.sign(channelClaims());
    const reply = await post(target, undefined, { token, raw: "{not json" });
    assert.equal(reply.status, 400, reply.text);
    assert.doesNotMatch(reply.text, /\n\s+at |node_modules/);
    assert.deepEqual(reply.errors, []);
    // A body that is not declared JSON is not read at all (src/http/edge.ts): 415.
    const plain = await post(target, undefined, { token, raw: "hello", contentType: "text/plain" });
    expectStatus(plain, 415);
  });
});

// ---- UserAssignedMsi ---------------------------------------------------------------------------

describe("inbound authentication (UserAssignedMsi, loopback OpenID metadata)", function () {
  let jwks: JwksServer;
  let target: Target;
  let stop: () => Promise<void> = async () => {};

  before(async function () {
    const started = await startAuthApp((metadataUrl) => ({ BOT_ID, BOT_TYPE: "UserAssignedMsi", BOT_TENANT_ID: TENANT, BOT_OPENID_METADATA_URL: metadataUrl }));
    ({ jwks, target, stop } = started);
    assert.equal(started.config.auth.kind, "UserAssignedMsi");
    assert.deepEqual(started.config.allowedTenantIds, [TENANT], "the bot's own tenant is the default allow-list");
  });

  after(() => stop());

  it("accepts a properly signed channel token: 200", async function () {
    expectStatus(await post(target, typingActivity(), { token: jwks.sign(channelClaims()) }), 200);
  });

  it("refuses wrong audience, forged signature, missing token and foreign tenant: 401", async function () {
    expectStatus(await post(target, typingActivity(), { token: jwks.sign(channelClaims({ aud: OTHER_APP_ID })) }), 401);
    expectStatus(await post(target, typingActivity(), { token: jwks.sign(channelClaims(), { key: "other" }) }), 401);
    expectStatus(await post(target, typingActivity()), 401);
    expectStatus(await post(target, typingActivity(OTHER_TENANT), { token: jwks.sign(channelClaims()) }), 401);
  });
});

// ---- configuration: secure by default -----------------------------------------------------------

describe("configuration is secure by default", function () {
  const storage = { STORAGE_CONNECTION_STRING: "UseDevelopmentStorage=true" };

  function configError(env: NodeJS.ProcessEnv): ConfigError {
    try {
      loadConfig(env);
    } catch (err) {
      assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
      return err;
    }
    assert.fail(`loadConfig accepted ${JSON.stringify(env)}`);
  }

  it("without credentials and without LOCAL_ANONYMOUS_BOT it refuses, saying what to set", function () {
    const err = configError({ ...storage });
    assert.match(err.message, /BOT_ID/);
    assert.match(err.message, /LOCAL_ANONYMOUS_BOT/);
    assert.match(err.message, /Refusing to start/i);
    assert.match(configError({ ...storage, LOCAL_ANONYMOUS_BOT: "false" }).message, /LOCAL_ANONYMOUS_BOT/);
    assert.match(configError({ ...storage, LOCAL_ANONYMOUS_BOT: "" }).message, /LOCAL_ANONYMOUS_BOT/);
  });

  it("does not take a truthy-looking LOCAL_ANONYMOUS_BOT other than exactly 'true'", function () {
    for (const value of ["1", "yes", "TRUE", "on"]) {
      assert.match(configError({ ...storage, LOCAL_ANONYMOUS_BOT: value }).message, /LOCAL_ANONYMOUS_BOT/);
    }
  });

  it("allows anonymous mode on loopback hosts only", function () {
    for (const host of ["0.0.0.0", "::", "10.0.0.4", "mentor.example.com", "127.0.0.1.nip.io"]) {
      const err = configError({ ...storage, LOCAL_ANONYMOUS_BOT: "true", BOT_HOST: host });
      assert.match(err.message, /loopback/, host);
    }
    for (const host of ["127.0.0.1", "::1", "localhost"]) {
      assert.equal(loadConfig({ ...storage, LOCAL_ANONYMOUS_BOT: "true", BOT_HOST: host }).auth.kind, "anonymous-local", host);
    }
  });

  it("a correct local environment is anonymous-local, on 127.0.0.1 by default, with no tenant allow-list", function () {
    const config = loadConfig({ ...storage, LOCAL_ANONYMOUS_BOT: "true" });
    assert.equal(config.auth.kind, "anonymous-local");
    assert.equal(config.host, "127.0.0.1");
    assert.deepEqual(config.allowedTenantIds, []);
    assert.ok(Object.isFrozen(config) && Object.isFrozen(config.auth));
  });

  it("credentials win over LOCAL_ANONYMOUS_BOT", function () {
    const config = loadConfig({ ...storage, LOCAL_ANONYMOUS_BOT: "true", BOT_ID, BOT_TENANT_ID: TENANT, SECRET_BOT_PASSWORD: "x" });
    assert.equal(config.auth.kind, "SingleTenant");
    assert.deepEqual(config.allowedTenantIds, [TENANT]);
  });

  it("refuses half-configured credentials", function () {
    assert.match(configError({ ...storage, BOT_ID, SECRET_BOT_PASSWORD: "x" }).message, /BOT_TENANT_ID/);
    assert.match(configError({ ...storage, BOT_ID, BOT_TENANT_ID: TENANT }).message, /SECRET_BOT_PASSWORD/);
    assert.match(configError({ ...storage, BOT_ID, BOT_TENANT_ID: TENANT, BOT_TYPE: "MultiTenant" }).message, /BOT_TYPE/);
  });

  it("refuses UserAssignedMsi with a password", function () {
    const err = configError({ ...storage, BOT_ID, BOT_TENANT_ID: TENANT, BOT_TYPE: "UserAssignedMsi", SECRET_BOT_PASSWORD: "x" });
    assert.match(err.message, /UserAssignedMsi/);
    assert.match(configError({ ...storage, BOT_ID, BOT_TENANT_ID: TENANT, BOT_TYPE: "UserAssignedMsi", BOT_PASSWORD: "x" }).message, /UserAssignedMsi/);
    assert.equal(loadConfig({ ...storage, BOT_ID, BOT_TENANT_ID: TENANT, BOT_TYPE: "UserAssignedMsi" }).auth.kind, "UserAssignedMsi");
  });

  it("refuses to run without storage", function () {
    assert.match(configError({ LOCAL_ANONYMOUS_BOT: "true" }).message, /STORAGE_CONNECTION_STRING/);
    assert.match(configError({ BOT_ID, BOT_TENANT_ID: TENANT, SECRET_BOT_PASSWORD: "x" }).message, /STORAGE_CONNECTION_STRING/);
  });

  function runMain(env: Record<string, string>): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
        cwd: ROOT,
        env: { PATH: process.env["PATH"] ?? "", ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      // Loading the app takes a second or two (more on a busy machine); a bot that starts would never exit.
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error(`src/main.ts still running after 15 s; stdout: ${stdout}`));
      }, 15000);
      child.once("error", reject);
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, stdout, stderr });
      });
    });
  }

  it("src/main.ts refuses to start without configuration: exits non-zero, saying why, with no stack trace", async function () {
    this.timeout(20000);
    const [empty, noCredentials] = await Promise.all([runMain({}), runMain({ STORAGE_CONNECTION_STRING: "UseDevelopmentStorage=true" })]);

    assert.equal(empty.signal, null);
    assert.notEqual(empty.code, 0, `empty environment: exit code ${empty.code}`);
    assert.match(empty.stderr, /STORAGE_CONNECTION_STRING|BOT_ID/);
    assert.doesNotMatch(empty.stderr, /\n\s+at /, "a stack trace instead of a message");
    assert.doesNotMatch(empty.stdout, /listening/);

    assert.equal(noCredentials.signal, null);
    assert.notEqual(noCredentials.code, 0, `no credentials: exit code ${noCredentials.code}`);
    assert.match(noCredentials.stderr, /No bot credentials: set BOT_ID/);
    assert.match(noCredentials.stderr, /LOCAL_ANONYMOUS_BOT=true/);
    assert.match(noCredentials.stderr, /Refusing to start unauthenticated/);
    assert.doesNotMatch(noCredentials.stderr, /\n\s+at /);
    assert.doesNotMatch(noCredentials.stdout, /listening/);
  });
});

// ---- anonymous local mode ----------------------------------------------------------------------

interface FakeConnector {
  readonly serviceUrl: string;
  readonly calls: { method: string; path: string; authorization: string | undefined; body: unknown }[];
  close(): Promise<void>;
}

/** A loopback Bot Connector that records every call and answers like the real one. */
async function startFakeConnector(): Promise<FakeConnector> {
  const calls: FakeConnector["calls"] = [];
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (d: Buffer) => (raw += d.toString()));
    req.on("end", () => {
      let body: unknown = raw;
      try {
        body = JSON.parse(raw);
      } catch {
        /* keep raw */
      }
      calls.push({ method: req.method ?? "", path: req.url ?? "", authorization: req.headers.authorization, body });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: `reply-${calls.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe("anonymous local mode", function () {
  let connector: FakeConnector;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let target: Target;
  let log: ReturnType<typeof recordingLogger>;
  let restoreConsole: () => void;
  const conversationId = "a:1anonymous-personal";

  function helpMessage(serviceUrl: string) {
    return {
      type: "message",
      channelId: "msteams",
      serviceUrl,
      text: "help",
      locale: "en-US",
      timestamp: new Date().toISOString(),
      from: { id: mentee.channelUserId, aadObjectId: mentee.aadObjectId, name: mentee.name },
      recipient: { id: "28:local-bot", name: "Mentor" },
      conversation: { id: conversationId, tenantId: TENANT, conversationType: "personal" },
      channelData: { tenant: { id: TENANT } },
    };
  }

  before(async function () {
    restoreConsole = quietConsole();
    connector = await startFakeConnector();
    const { connectionString, tableName } = await freshStore();
    const config = loadConfig({ LOCAL_ANONYMOUS_BOT: "true", BOT_HOST: "127.0.0.1", STORAGE_CONNECTION_STRING: connectionString, TABLE_NAME: tableName });
    assert.equal(config.auth.kind, "anonymous-local");
    log = recordingLogger();
    app = await buildApp({ config, log });
    target = { base: await listen(app.server), log };
  });

  after(async function () {
    app?.server.close();
    await connector?.close();
    restoreConsole?.();
  });

  beforeEach(function () {
    connector.calls.length = 0;
  });

  it("answers a help message through a loopback service URL: exactly one POST to the conversation", async function () {
    const reply = await post(target, helpMessage(connector.serviceUrl));
    expectStatus(reply, 200);
    assert.equal(connector.calls.length, 1, JSON.stringify(connector.calls.map((c) => `${c.method} ${c.path}`)));
    const [call] = connector.calls;
    assert.equal(call?.method, "POST");
    assert.match(call?.path ?? "", new RegExp(`^/v3/conversations/${encodeURIComponent(conversationId)}/activities(/|$)`));
    assert.equal(call?.authorization, undefined, "anonymous mode sends no credentials");
    assert.equal((call?.body as { type?: string }).type, "message");
  });

  it("refuses non-loopback service URLs with 400 and calls nothing", async function () {
    const evil = [
      "https://evil.example.com/",
      "http://127.0.0.1.evil.example.com/",
      "http://localhost.evil.example.com/",
      "http://localhost@evil.example.com/",
      `http://127.0.0.1:${new URL(connector.serviceUrl).port}@evil.example.com/`,
      "http://[::1].evil.example.com/",
      "http://0.0.0.0/",
      "file:///etc/passwd",
      "",
    ];
    for (const serviceUrl of evil) {
      expectStatus(await post(target, helpMessage(serviceUrl)), 400, `serviceUrl ${serviceUrl}:`);
    }
    // Give any stray outbound call time to land before concluding there was none.
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(connector.calls, []);
    assert.ok(log.entries.some((e) => e.event === "request.serviceUrl.refused"), "the refusal is logged");
  });
});
