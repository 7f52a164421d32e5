import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { ConfigError, loadConfig } from "../../src/config";
import type { Logger } from "../../src/log";
import { buildApp } from "../../src/main";
import { freshStore } from "../support/azurite";

/**
 * Local mode (anonymous local bot, no Entra settings): the tab's user picker gets the Playground's
 * users, and the server signs one-hour tokens for them with a key made at start — checked by the
 * same code path as real tokens. Plus the configuration rules that keep local tokens local.
 */

const PLAYGROUND_TENANT = "6b1f2c3e-8a47-4d0e-9c51-2f7a9e4b6d10";
const KAREN = "a2f3f637-d64f-4f18-a8b2-0e595e265dec";
const METTE = "72435a96-bc5c-4e94-bee1-04ef685f0083";
const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };

type App = Awaited<ReturnType<typeof buildApp>>;

async function start(env: Record<string, string>): Promise<{ app: App; base: string }> {
  const { connectionString, tableName } = await freshStore();
  const config = loadConfig({ STORAGE_CONNECTION_STRING: connectionString, TABLE_NAME: tableName, BOT_HOST: "127.0.0.1", LOCAL_ANONYMOUS_BOT: "true", ...env });
  const app = await buildApp({ config, log: quiet });
  await new Promise<void>((r) => app.server.listen(0, "127.0.0.1", r));
  return { app, base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

const localToken = async (base: string, aadObjectId: unknown) =>
  fetch(`${base}/api/tab/local-token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ aadObjectId }) });
const get = (base: string, path: string, token: string) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });

describe("Tab API in local mode", function () {
  this.timeout(30_000);
  let a: { app: App; base: string };
  let b: { app: App; base: string };

  before(async () => {
    const env = { ALLOWED_TENANT_IDS: PLAYGROUND_TENANT, LOCAL_COORDINATOR_IDS: KAREN };
    a = await start(env);
    b = await start(env);
  });
  after(async () => {
    for (const x of [a, b]) await new Promise<void>((r) => x.app.server.close(() => r()));
  });

  it("lists the Playground's users, Karen as the coordinator", async () => {
    const res = await fetch(`${a.base}/api/tab/local-users`);
    assert.equal(res.status, 200);
    const users = (await res.json()) as { name: string; aadObjectId: string; isCoordinator: boolean }[];
    assert.equal(users.length, 6);
    assert.deepEqual(users.filter((u) => u.isCoordinator).map((u) => u.aadObjectId), [KAREN]);
  });

  it("signs one-hour tokens for the local users only, validated like real ones", async () => {
    const karen = (await (await localToken(a.base, KAREN)).json()) as { token: string; expiresAt: string };
    const ms = Date.parse(karen.expiresAt) - Date.now();
    assert.ok(ms > 3500_000 && ms <= 3600_000, String(ms));
    assert.deepEqual(await (await get(a.base, "/api/tab/whoami", karen.token)).json(), { tenantId: PLAYGROUND_TENANT, aadObjectId: KAREN, name: "Karen Koordinator", isCoordinator: true });
    assert.equal((await get(a.base, "/api/tab/overview", karen.token)).status, 200);

    const mette = (await (await localToken(a.base, METTE)).json()) as { token: string };
    assert.equal((await get(a.base, "/api/tab/overview", mette.token)).status, 403);
    assert.equal((await get(a.base, "/api/tab/my", mette.token)).status, 200);

    assert.equal((await localToken(a.base, "99999999-9999-4999-8999-999999999999")).status, 403);
    assert.equal((await localToken(a.base, 42)).status, 400);
    // Another server's key: refused.
    assert.equal((await get(b.base, "/api/tab/whoami", karen.token)).status, 401);
  });

  it("keeps local tokens local: refused when Entra settings are configured, and needs loopback", async () => {
    const { connectionString, tableName } = await freshStore();
    const base = { STORAGE_CONNECTION_STRING: connectionString, TABLE_NAME: tableName, BOT_HOST: "127.0.0.1", LOCAL_ANONYMOUS_BOT: "true", ALLOWED_TENANT_IDS: PLAYGROUND_TENANT };
    assert.equal(loadConfig(base).tab?.kind, "local");
    assert.equal(loadConfig({ ...base, TAB_CLIENT_ID: "5e0f3a1c-7b2d-4c8e-9f10-a1b2c3d4e5f6" }).tab?.kind, "entra");
    assert.throws(() => loadConfig({ ...base, TAB_COORDINATOR_GROUP_ID: "g" }), ConfigError);
    assert.throws(() => loadConfig({ ...base, ALLOWED_TENANT_IDS: "", TAB_CLIENT_ID: "c" }), ConfigError);
    assert.throws(() => loadConfig({ ...base, TAB_CLIENT_ID: "c", TAB_JWKS_URL_TEMPLATE: "http://evil.example/{tid}/keys" }), ConfigError);
    assert.throws(() => loadConfig({ ...base, TAB_CLIENT_ID: "c", TAB_JWKS_URL_TEMPLATE: "https://login.example/keys" }), ConfigError);
    // A real bot (credentials) without Entra tab settings: no tab API and no local tokens.
    const real = loadConfig({ STORAGE_CONNECTION_STRING: connectionString, BOT_ID: "b", BOT_TENANT_ID: PLAYGROUND_TENANT, SECRET_BOT_PASSWORD: "p" });
    assert.equal(real.tab, null);

    const entra = await start({ ALLOWED_TENANT_IDS: PLAYGROUND_TENANT, LOCAL_COORDINATOR_IDS: KAREN, TAB_CLIENT_ID: "5e0f3a1c-7b2d-4c8e-9f10-a1b2c3d4e5f6" });
    try {
      const karen = (await (await localToken(a.base, KAREN)).json()) as { token: string };
      for (const path of ["/api/tab/whoami", "/api/tab/overview", "/api/tab/my"]) assert.equal((await get(entra.base, path, karen.token)).status, 401);
      assert.equal((await fetch(`${entra.base}/api/tab/local-users`)).status, 404);
      assert.equal((await localToken(entra.base, KAREN)).status, 404);
    } finally {
      await new Promise<void>((r) => entra.app.server.close(() => r()));
    }
  });
});
