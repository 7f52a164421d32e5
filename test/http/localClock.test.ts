// The local clock (LOCAL_MOVABLE_CLOCK, set by npm start's env/.env.local): POST /api/local/clock
// moves the real app's clock forward only, runs what fell due, and exists only in local mode.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import path from "node:path";
import { ConfigError, loadConfig } from "../../src/config";
import { silentLogger } from "../../src/log";
import { buildApp } from "../../src/main";
import { freshStore } from "../support/azurite";
import { localAppConfig } from "../support/e2e";

type App = Awaited<ReturnType<typeof buildApp>>;

async function listen(app: App): Promise<string> {
  await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${app.server.address().port}`;
}

const post = (base: string, body: unknown) => fetch(`${base}/api/local/clock`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("the local clock: forward only, local mode only", function () {
  this.timeout(60000);
  const apps: App[] = [];
  afterEach(() => {
    for (const a of apps.splice(0)) a.server.close();
  });

  it("moves ahead by days or to an instant, never back, and refuses anything else", async () => {
    const { connectionString, tableName } = await freshStore();
    const real = new Date("2027-01-11T08:00:00Z");
    const config = loadConfig({ ...localAppConfig(connectionString, tableName), LOCAL_MOVABLE_CLOCK: "true" });
    const app = await buildApp({ config, clock: { now: () => real }, log: silentLogger });
    apps.push(app);
    const base = await listen(app);

    const ahead = (await (await post(base, { days: 30 })).json()) as { now: string; jobsRun: number };
    assert.equal(ahead.now, "2027-02-10T08:00:00.000Z");
    assert.equal(typeof ahead.jobsRun, "number");
    const to = (await (await post(base, { to: "2027-12-20T09:00:00+01:00" })).json()) as { now: string };
    assert.equal(to.now, "2027-12-20T08:00:00.000Z");
    const back = (await (await post(base, { to: "2027-03-01T09:00:00+01:00" })).json()) as { now: string };
    assert.equal(back.now, "2027-12-20T08:00:00.000Z", "the clock never goes back");

    for (const bad of [{ days: -1 }, { days: 1.5 }, { to: "tomorrow" }, { days: 3, to: "2027-12-20T09:00:00Z" }, {}, [], { days: 99999 }]) {
      const res = await post(base, bad);
      assert.equal(res.status, 400, JSON.stringify(bad));
    }
    const still = (await (await fetch(`${base}/api/local/clock`)).json()) as { now: string };
    assert.equal(still.now, "2027-12-20T08:00:00.000Z", "a refused move changed nothing");

    // `npm run clock -- …` (scripts/clock.mjs) against this app: its words for each move.
    // (Not spawnSync: the app answering the script runs in this process.)
    const clock = (arg: string) =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        execFile(process.execPath, [path.join(__dirname, "../../scripts/clock.mjs"), arg], { env: { ...process.env, BOT_URL: base }, encoding: "utf8", timeout: 20000 }, (err, stdout, stderr) =>
          resolve({ status: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr }),
        );
      });
    assert.match((await clock("+2w")).stdout, /now 03\.01\.2028 kl\. 09:00 \(Copenhagen\)/);
    assert.match((await clock("2027-01-01")).stdout, /only moves forward/);
    const bad = await clock("tomorrow");
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /not a move/);
  });

  it("is absent without the setting, and refused outside local mode", async () => {
    const { connectionString, tableName } = await freshStore();
    const app = await buildApp({ config: loadConfig(localAppConfig(connectionString, tableName)), log: silentLogger });
    apps.push(app);
    const base = await listen(app);
    assert.equal((await post(base, { days: 1 })).status, 404);
    assert.throws(
      () => loadConfig({ STORAGE_CONNECTION_STRING: connectionString, BOT_ID: "b", BOT_TENANT_ID: "t", SECRET_BOT_PASSWORD: "x", LOCAL_MOVABLE_CLOCK: "true" }),
      (e: unknown) => e instanceof ConfigError && /LOCAL_MOVABLE_CLOCK/.test(e.message),
    );
  });
});
