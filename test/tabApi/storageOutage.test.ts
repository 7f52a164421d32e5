import assert from "node:assert/strict";
import { loadConfig } from "../../src/config";
import { silentLogger } from "../../src/log";
import { buildApp } from "../../src/main";
import { stoppableAzurite } from "../bot/outage";
import { PERSONAS, TENANT_ID, localAppConfig } from "../support/e2e";

/** A storage outage is no internal error: the tab API answers 503 with a code the tab has words for, fast, and recovers by itself. */
describe("Tab API during a storage outage", function () {
  this.timeout(90000);

  it("answers 503 STORAGE_UNAVAILABLE within 3 s while Azurite is down, and 200 again once it is back", async () => {
    const azurite = await stoppableAzurite();
    const config = loadConfig(localAppConfig(azurite.connectionString, "outagetab"));
    const app = await buildApp({ config, log: silentLogger });
    await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${app.server.address().port}`;
    try {
      const token = ((await (await fetch(`${base}/api/tab/local-token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ aadObjectId: PERSONAS.coordinator.aadObjectId }) })).json()) as { token: string }).token;
      const overview = () => fetch(`${base}/api/tab/overview`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal((await overview()).status, 200);

      await azurite.stop();
      app.summaryCache.invalidate(TENANT_ID);
      const started = Date.now();
      const res = await overview();
      assert.ok(Date.now() - started < 3000, `answered in ${Date.now() - started} ms`);
      assert.equal(res.status, 503);
      assert.equal(((await res.json()) as { code?: string }).code, "STORAGE_UNAVAILABLE");

      await azurite.start();
      assert.equal((await overview()).status, 200, "recovered without a restart");
    } finally {
      await new Promise<void>((resolve) => app.server.close(() => resolve()));
      await azurite.dispose();
    }
  });
});
