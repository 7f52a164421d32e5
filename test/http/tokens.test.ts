import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { EmulatorValidation, ToBotFromBotOrEmulatorTokenValidationParameters } from "botframework-connector";
import { acceptedIssuers, createCloudAdapter, processActivity, screenToken, sealIssuerList } from "../../src/adapters/bot/cloudAdapter";
import { type Config, loadConfig } from "../../src/config";
import { createHttpServer } from "../../src/http/server";
import { createLogger } from "../../src/log";
import { OTHER_TENANT, TENANT } from "../support/fixtures";
import { CHANNEL_ISSUER, type Claims, type JwksServer, startJwks } from "../support/jwks";

/**
 * What botbuilder 4.23 does with tokens it cannot verify, and what the app does about it
 * (src/adapters/bot/cloudAdapter.ts): an unverified token's `tid` used to grow a process-wide issuer
 * list (an unauthenticated memory leak, and a slower scan on every request), and every refused token
 * used to print a stack trace, with token text in it, to stderr.
 */

const BOT_ID = "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
const SERVICE_URL = "https://smba.trafficmanager.net/emea/";
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
const unsigned = (claims: Claims) => `Bearer ${b64({ alg: "RS256", typ: "JWT" })}.${b64(claims)}.${randomBytes(32).toString("base64url")}`;
const now = () => Math.floor(Date.now() / 1000);

type BotKind = "SingleTenant" | "UserAssignedMsi";
function botConfig(kind: BotKind, metadataUrl: string): Config {
  return loadConfig({
    STORAGE_CONNECTION_STRING: "UseDevelopmentStorage=true",
    BOT_ID,
    BOT_TENANT_ID: TENANT,
    BOT_OPENID_METADATA_URL: metadataUrl,
    ...(kind === "SingleTenant" ? { SECRET_BOT_PASSWORD: "x" } : { BOT_TYPE: "UserAssignedMsi" }),
  });
}

describe("inbound tokens: the screen before botbuilder", function () {
  it("lets through only the channel's issuer and the bot's own tenant's Entra issuers, with no other tid", function () {
    const ok = (claims: Claims) => screenToken(unsigned(claims), TENANT);
    assert.deepEqual(acceptedIssuers(TENANT), [CHANNEL_ISSUER, `https://sts.windows.net/${TENANT}/`, `https://login.microsoftonline.com/${TENANT}/v2.0`]);
    assert.equal(ok({ iss: CHANNEL_ISSUER, aud: BOT_ID }), null, "a channel token (no tid)");
    assert.equal(ok({ iss: CHANNEL_ISSUER, aud: BOT_ID, tid: TENANT }), null);
    assert.equal(ok({ iss: `https://sts.windows.net/${TENANT}/`, tid: TENANT }), null);
    assert.equal(ok({ iss: `https://login.microsoftonline.com/${TENANT}/v2.0`, tid: TENANT }), null);

    assert.equal(ok({ iss: CHANNEL_ISSUER, tid: OTHER_TENANT }), "tenant");
    assert.equal(ok({ iss: CHANNEL_ISSUER, tid: "" }), "tenant");
    assert.equal(ok({ iss: CHANNEL_ISSUER, tid: { toString: "x" } }), "tenant");
    assert.equal(ok({ iss: CHANNEL_ISSUER, tid: [TENANT] }), "tenant");
    assert.equal(ok({ iss: `https://sts.windows.net/${OTHER_TENANT}/`, tid: OTHER_TENANT }), "issuer");
    assert.equal(ok({ iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` }), "issuer");
    assert.equal(ok({ iss: "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/" }), "issuer", "the Bot Framework's own tenant: multi-tenant bots only");
    for (const iss of ["https://api.botframework.com/", "https://API.botframework.com", "https://api.botframework.us", "", 42, null, [CHANNEL_ISSUER], undefined]) {
      assert.equal(ok({ iss }), "issuer", JSON.stringify(iss));
    }
  });

  it("refuses what is not `Bearer <jwt>` with a JSON object header and payload, and huge tokens", function () {
    const payload = b64({ iss: CHANNEL_ISSUER });
    const header = b64({ alg: "RS256" });
    for (const [authHeader, refusal] of [
      ["", "missing"],
      ["Bearer", "malformed"],
      [`bearer ${header}.${payload}.x`, "malformed"],
      [`Bearer  ${header}.${payload}.x`, "malformed"],
      [`Bearer ${header}.${payload}.x extra`, "malformed"],
      [`Bearer ${header}.${payload}`, "malformed"],
      [`Bearer ${header}.${payload}.!!!`, "malformed"],
      [`Bearer ${b64([1])}.${payload}.x`, "malformed"],
      [`Bearer ${header}.${b64(null)}.x`, "malformed"],
      [`Bearer ${header}.${b64("iss")}.x`, "malformed"],
      [`Bearer ${header}.${Buffer.from("{oops").toString("base64url")}.x`, "malformed"],
      [`Bearer ${header}.${b64(Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`c${i}`, 1])))}.x`, "malformed"],
      [`Bearer ${header}.${b64({ iss: CHANNEL_ISSUER, pad: "x".repeat(9000) })}.x`, "malformed"],
    ] as const) {
      assert.equal(screenToken(authHeader, TENANT), refusal, authHeader.slice(0, 60));
    }
    assert.equal(screenToken(`Bearer ${header}.${payload}.`, TENANT), null, "an empty signature is botbuilder's to refuse");
  });

  it("freezes botbuilder's issuer list with the bot's tenant in it: a push for another tid throws instead of growing it", function () {
    const list = sealIssuerList(TENANT);
    assert.ok(Object.isFrozen(ToBotFromBotOrEmulatorTokenValidationParameters.issuer));
    assert.ok(list.includes(`https://sts.windows.net/${TENANT}/`) && list.includes(`https://login.microsoftonline.com/${TENANT}/v2.0`));
    assert.equal(sealIssuerList(TENANT), list, "idempotent");
    const length = list.length;
    // The bot's own tenant: botbuilder finds it and pushes nothing.
    assert.equal(EmulatorValidation.isTokenFromEmulator(unsigned({ iss: `https://sts.windows.net/${TENANT}/`, tid: TENANT })), true);
    // Any other tid: botbuilder's push fails (the screen never lets one get this far).
    assert.throws(() => EmulatorValidation.isTokenFromEmulator(unsigned({ iss: "https://sts.windows.net/x/", tid: randomUUID() })), TypeError);
    assert.equal((ToBotFromBotOrEmulatorTokenValidationParameters.issuer as readonly string[]).length, length);
  });

  it("20,000 junk tokens with random tids, per bot type: all 401, botbuilder's list and the heap flat, no slowdown, a signed token still 200 (child process)", async function () {
    this.timeout(120_000);
    const { stdout } = await new Promise<{ stdout: string }>((resolve, reject) =>
      execFile(process.execPath, ["--import", "tsx", "--expose-gc", path.join(__dirname, "childProbes.ts"), "issuers"], { timeout: 110_000, maxBuffer: 16 * 1024 * 1024 }, (err, out) => (err ? reject(err) : resolve({ stdout: out }))),
    );
    const results = stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown> & { quarterMs: number[]; heapBefore: number; heapAfter: number; total: number });
    assert.deepEqual(results.map((r) => r["kind"]), ["SingleTenant", "UserAssignedMsi"]);
    for (const r of results) {
      const what = String(r["kind"]);
      assert.equal(r["listAfter"], r["listAtStart"], `${what}: botbuilder's issuer list grew from ${String(r["listAtStart"])} to ${String(r["listAfter"])}`);
      assert.equal(r["completed"], r.total, `${what}: only ${String(r["completed"])} of ${r.total} junk tokens answered in time`);
      assert.deepEqual(r["statuses"], { 401: r.total }, what);
      assert.equal(r["listBefore"], r["listAtStart"], what);
      assert.equal(r["frozen"], true, what);
      const grew = r.heapAfter - r.heapBefore;
      assert.ok(grew < 2 * 1024 * 1024, `${what}: the heap grew by ${(grew / 1024).toFixed(0)} KiB after gc (botbuilder 4.23 alone: ~7 MiB)`);
      const [first = 0, , , last = 0] = r.quarterMs;
      // botbuilder 4.23 alone: throughput fell from ~700 to ~90 requests/s over 20,000 junk tokens.
      assert.ok(last < first * 4 + 1000, `${what}: the last 5,000 took ${last.toFixed(0)} ms, the first ${first.toFixed(0)} ms`);
      assert.equal(r["signedBefore"], 200, what);
      assert.equal(r["signedAfter"], 200, what);
      assert.equal(r["logLines"], r.total, `${what}: one log line per refused token`);
    }
  });
});

describe("inbound tokens: nothing botbuilder says about a refused token reaches stdout or stderr", function () {
  this.timeout(30_000);
  let jwks: JwksServer;

  before(async () => {
    jwks = await startJwks();
  });
  after(() => jwks.close());

  for (const kind of ["SingleTenant", "UserAssignedMsi"] as const) {
    it(`${kind}: refused tokens carrying a canary in every claim write one sanitised log line each and never the canary`, async () => {
      const canary = `CANARY${randomBytes(6).toString("hex")}`;
      const config = botConfig(kind, jwks.metadataUrl);
      const log = createLogger(); // the real one: JSON lines on stdout
      const adapter = createCloudAdapter(config.auth, log);
      const server = createHttpServer({ config, log, processActivity: (headers, activity) => processActivity(adapter, headers, activity, async () => {}) });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const t = now();
      const channel = (over: Claims = {}) => ({ iss: CHANNEL_ISSUER, aud: BOT_ID, serviceurl: SERVICE_URL, nbf: t - 60, iat: t - 60, exp: t + 3600, ...over });
      const everywhere = { [`x-${canary}`]: canary, name: `${canary}\n    at fake (${canary}.js:1:1)`, appid: canary, azp: canary, ver: canary };
      const tokens: Record<string, string> = {
        "signed, aud is the canary (Invalid AppId passed on token)": jwks.sign(channel({ ...everywhere, aud: canary })),
        "signed, aud with a newline and the canary": jwks.sign(channel({ aud: `${canary}\n{"level":"error","event":"forged"}` })),
        "signed, serviceurl is the canary": jwks.sign(channel({ ...everywhere, serviceurl: `https://${canary}.example/` })),
        "another key (JsonWebTokenError, Available keys)": jwks.sign(channel({ ...everywhere, aud: canary }), { key: "other" }),
        "expired (TokenExpiredError)": jwks.sign(channel({ ...everywhere, aud: canary, iat: t - 7200, nbf: t - 7200, exp: t - 600 })),
        "not yet valid": jwks.sign(channel({ ...everywhere, nbf: t + 3600 })),
        "unknown kid": jwks.sign(channel({ ...everywhere }), { key: "other", kid: canary }),
        "endorsed for another channel": jwks.sign(channel({ ...everywhere, aud: canary }), { kid: jwks.otherChannelKid }),
        "issuer is the canary": jwks.sign(channel({ ...everywhere, iss: `https://${canary}.example/` })),
        "tid is the canary": jwks.sign(channel({ ...everywhere, tid: canary })),
        "emulator-shaped, foreign tenant": jwks.sign({ ...everywhere, iss: `https://sts.windows.net/${canary}/`, tid: canary, aud: BOT_ID, ver: "1.0" }),
        "skill-shaped": jwks.sign(channel({ ...everywhere, ver: "2.0", azp: canary, aud: randomUUID() })),
        "not a JWT": canary,
        "payload not JSON": `${b64({ alg: "RS256", kid: jwks.kid })}.${Buffer.from(`{${canary}`).toString("base64url")}.x`,
      };

      const written: string[] = [];
      const { stdout, stderr } = process;
      const originals = { out: stdout.write, err: stderr.write };
      const capture = (chunk: unknown) => {
        written.push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
        return true;
      };
      const statuses: Record<string, number> = {};
      stdout.write = capture as typeof stdout.write;
      stderr.write = capture as typeof stderr.write;
      try {
        for (const [what, token] of Object.entries(tokens)) {
          const res = await fetch(`${base}/api/messages`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
            body: JSON.stringify({ type: "typing", channelId: "msteams", serviceUrl: SERVICE_URL, conversation: { id: "a:1", tenantId: TENANT }, channelData: { tenant: { id: TENANT } } }),
          });
          statuses[what] = res.status;
          assert.doesNotMatch(await res.text(), new RegExp(canary));
        }
      } finally {
        stdout.write = originals.out;
        stderr.write = originals.err;
        server.server.closeAllConnections();
        server.close();
      }

      for (const [what, status] of Object.entries(statuses)) assert.equal(status, 401, what);
      const text = written.join("");
      assert.doesNotMatch(text, new RegExp(canary), "the canary reached stdout or stderr");
      assert.doesNotMatch(text, /\n\s+at /, "a stack trace reached stdout or stderr");
      const lines = text.split("\n").filter(Boolean);
      assert.equal(lines.length, Object.keys(tokens).length, `one line per refused request:\n${lines.join("\n")}`);
      for (const line of lines) {
        const entry = JSON.parse(line) as { event?: string; level?: string };
        assert.ok(entry.event === "request.auth.refused" || entry.event === "request.auth.failed", line);
        assert.equal(entry.level, "warn", line);
        assert.ok(line.length < 300, `a capped line: ${line}`);
      }
    });
  }
});
