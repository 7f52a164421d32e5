// Issue 14: /readyz (App Service's health check, infra/azure.bicep) — ready when Table Storage answers
// within a second, 503 when it does not answer in time, fails, or the app is stopping; /healthz only
// says the process lives. The real table adapter on Azurite, and on an address nobody answers.
import assert from "node:assert/strict";
import { TableMentorshipStore } from "../../src/adapters/tables/tableStore";
import { READY_TIMEOUT_MS, readiness } from "../../src/http/server";
import { silentLogger } from "../../src/log";
import { azurite, uniqueTableName } from "../support/azurite";

describe("readiness (/readyz)", function () {
  this.timeout(30000);

  it("ready when Table Storage answers; not ready while stopping", async () => {
    const { connectionString } = await azurite();
    const store = TableMentorshipStore.fromConnectionString(connectionString, uniqueTableName("ready"), "interactive");
    await store.ensureTable();
    assert.deepEqual(await readiness({ ready: () => store.ping(), log: silentLogger }), { ready: true });
    assert.deepEqual(await readiness({ ready: () => store.ping(), stopping: () => true, log: silentLogger }), { ready: false, reason: "stopping" });
  });

  it("not ready when storage refuses the connection", async () => {
    const dead = TableMentorshipStore.fromConnectionString("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;", "x", "interactive");
    const r = await readiness({ ready: () => dead.ping(), log: silentLogger });
    assert.equal(r.ready, false);
  });

  it("not ready when storage does not answer within a second", async () => {
    const started = Date.now();
    const r = await readiness({ ready: () => new Promise(() => {}), log: silentLogger });
    assert.deepEqual(r, { ready: false, reason: "storageTimeout" });
    assert.ok(Date.now() - started >= READY_TIMEOUT_MS - 20 && Date.now() - started < READY_TIMEOUT_MS + 3000, "it gives up after about a second");
  });
});
