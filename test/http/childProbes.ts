/**
 * Child processes for test/http/edge.test.ts and test/http/tokens.test.ts, whose memory is measured
 * from outside (or with --expose-gc), so that nothing else the test run holds blurs it. Not a test file:
 * run as `node --import tsx --expose-gc test/http/childProbes.ts <mode>`.
 *
 *   bomb-server  the HTTP server with bot credentials (SingleTenant) and the real adapter; tells the
 *                parent its port, and answers "rss" (after a gc) over IPC.
 *   issuers      for both bot types: 20,000 junk tokens with random `tid`s through the real adapter,
 *                then a properly signed token; prints one JSON line per bot type on stdout.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { ToBotFromBotOrEmulatorTokenValidationParameters } from "botframework-connector";
import { createCloudAdapter, processActivity } from "../../src/adapters/bot/cloudAdapter";
import { loadConfig } from "../../src/config";
import { createHttpServer } from "../../src/http/server";
import type { Logger } from "../../src/log";
import { TENANT } from "../support/fixtures";
import { CHANNEL_ISSUER, startJwks } from "../support/jwks";

export const BOT_ID = "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
const SERVICE_URL = "https://smba.trafficmanager.net/emea/";
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

/** Counts log lines and keeps nothing (so the log holds no memory of its own). */
function countingLogger(): Logger & { lines: number } {
  const log = { lines: 0, info: () => void log.lines++, warn: () => void log.lines++, error: () => void log.lines++ };
  return log;
}

async function bombServer(): Promise<void> {
  const config = loadConfig({ STORAGE_CONNECTION_STRING: "UseDevelopmentStorage=true", BOT_ID, BOT_TENANT_ID: TENANT, SECRET_BOT_PASSWORD: "x" });
  const log = countingLogger();
  const adapter = createCloudAdapter(config.auth, log);
  const server = createHttpServer({ config, log, processActivity: (headers, activity) => processActivity(adapter, headers, activity, async () => {}) });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.on("message", (m) => {
    if (m !== "rss") return;
    gc();
    process.send?.({ rss: process.memoryUsage().rss });
  });
  process.send?.({ port: (server.address() as AddressInfo).port });
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
/** A token whose signature is junk (signing 20,000 tokens would take longer than the test). */
const junkToken = (claims: Record<string, unknown>, signature: string) => `${b64({ alg: "RS256", typ: "JWT", kid: "junk" })}.${b64(claims)}.${signature}`;

function typing() {
  return {
    type: "typing",
    id: "1",
    channelId: "msteams",
    serviceUrl: SERVICE_URL,
    from: { id: "29:x", name: "x" },
    recipient: { id: `28:${BOT_ID}`, name: "Mentor" },
    conversation: { id: "a:1", tenantId: TENANT, name: "", isGroup: false, conversationType: "personal" },
    channelData: { tenant: { id: TENANT } },
  };
}

async function issuers(): Promise<void> {
  const jwks = await startJwks();
  const signature = randomBytes(256).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const junk = (i: number) => {
    const tid = randomUUID();
    const common = { aud: BOT_ID, nbf: now - 60, exp: now + 3600, tid };
    switch (i % 5) {
      case 0: return junkToken({ ...common, iss: `https://sts.windows.net/${tid}/`, ver: "1.0", appid: BOT_ID }, signature);
      case 1: return junkToken({ ...common, iss: `https://login.microsoftonline.com/${tid}/v2.0`, ver: "2.0", azp: randomUUID() }, signature);
      case 2: return junkToken({ ...common, iss: CHANNEL_ISSUER, serviceurl: SERVICE_URL }, signature);
      case 3: return junkToken({ ...common, iss: `https://sts.windows.net/${tid}/`, ver: "2.0", azp: randomUUID() }, signature); // a skill's claims
      default: return junkToken({ ...common, iss: `https://junk.example/${tid}` }, "");
    }
  };
  const list = () => (ToBotFromBotOrEmulatorTokenValidationParameters.issuer as readonly string[]).length;

  for (const kind of ["SingleTenant", "UserAssignedMsi"] as const) {
    const env = { STORAGE_CONNECTION_STRING: "UseDevelopmentStorage=true", BOT_ID, BOT_TENANT_ID: TENANT, BOT_OPENID_METADATA_URL: jwks.metadataUrl, ...(kind === "SingleTenant" ? { SECRET_BOT_PASSWORD: "x" } : { BOT_TYPE: "UserAssignedMsi" }) };
    const config = loadConfig(env);
    const log = countingLogger();
    const adapter = createCloudAdapter(config.auth, log);
    const run = (token: string) => processActivity(adapter, { authorization: `Bearer ${token}` }, typing(), async () => {});
    const signed = () => jwks.sign({ iss: CHANNEL_ISSUER, aud: BOT_ID, serviceurl: SERVICE_URL, nbf: now - 60, iat: now - 60, exp: now + 3600 });

    const listAtStart = list();
    const signedBefore = (await run(signed())).status;
    // A budget, so that a regression shows as numbers rather than a hang (botbuilder's emulator
    // path for a junk issuer goes to the network, which a test machine does not have).
    const deadline = performance.now() + 30_000;
    for (let i = 0; i < 2000 && performance.now() < deadline; i++) await run(junk(i)); // warm-up: JIT, caches
    const linesBefore = log.lines;
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const listBefore = list();

    const statuses: Record<string, number> = {};
    const quarterMs: number[] = [];
    const total = 20_000;
    let completed = 0;
    for (let q = 0; q < 4 && performance.now() < deadline; q++) {
      const t0 = performance.now();
      for (let i = 0; i < total / 4 && performance.now() < deadline; i++) {
        const { status } = await run(junk(q * (total / 4) + i));
        statuses[status] = (statuses[status] ?? 0) + 1;
        completed += 1;
      }
      quarterMs.push(performance.now() - t0);
    }
    gc();
    const heapAfter = process.memoryUsage().heapUsed;
    const listAfter = list();
    const signedAfter = (await run(signed())).status;
    process.stdout.write(
      `${JSON.stringify({ kind, signedBefore, signedAfter, statuses, listAtStart, listBefore, listAfter, frozen: Object.isFrozen(ToBotFromBotOrEmulatorTokenValidationParameters.issuer), heapBefore, heapAfter, quarterMs, logLines: log.lines - linesBefore, total, completed })}\n`,
    );
  }
  await jwks.close();
}

const mode = process.argv[2];
if (mode === "bomb-server") void bombServer();
else if (mode === "issuers") void issuers().then(() => process.exit(0));
else {
  process.stderr.write(`childProbes: unknown mode ${String(mode)}\n`);
  process.exit(2);
}
