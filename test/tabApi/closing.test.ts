import assert from "node:assert/strict";
import { loadConfig } from "../../src/config";
import { silentLogger } from "../../src/log";
import { buildApp } from "../../src/main";
import { freshStore } from "../support/azurite";
import { PERSONAS, TENANT_ID, localAppConfig } from "../support/e2e";
import { pairThroughUseCases } from "../support/pairs";

/** Closing from the tab: coordinators of the tenant only, with a reason; the pair's evaluation then begins. */
describe("Tab API: a coordinator closes a mentorship", function () {
  this.timeout(60000);

  it("coordinator 200 with a reason; mentor 403; no token 401; unknown id 404; bad reason 400; twice or not agreed 409", async () => {
    const { connectionString, tableName } = await freshStore();
    const config = loadConfig(localAppConfig(connectionString, tableName));
    const app = await buildApp({ config, clock: { now: () => new Date("2027-06-01T08:00:00Z") }, log: silentLogger });
    const id = await pairThroughUseCases(app.service, { chatId: "19:close-tab@thread.v2", mentee: PERSONAS.mentee, programme: "kristiansand", unit: "U", until: "agreed" });
    await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${app.server.address().port}`;
    try {
      const token = async (aadObjectId: string) =>
        ((await (await fetch(`${base}/api/tab/local-token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ aadObjectId }) })).json()) as { token: string }).token;
      const post = async (who: string, url: string, body: unknown) =>
        fetch(`${base}${url}`, { method: "POST", headers: { authorization: `Bearer ${await token(who)}`, "content-type": "application/json" }, body: JSON.stringify(body) });
      const url = `/api/tab/mentorships/${id}/closing`;

      assert.equal((await post(PERSONAS.mentor.aadObjectId, url, { reason: "completed" })).status, 403, "a mentor is no coordinator");
      assert.equal((await fetch(`${base}${url}`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).status, 401);
      assert.equal((await post(PERSONAS.coordinator.aadObjectId, "/api/tab/mentorships/no-such-id/closing", { reason: "completed" })).status, 404);
      const bad = await post(PERSONAS.coordinator.aadObjectId, url, { reason: "bored" });
      assert.equal(bad.status, 400);
      assert.equal(((await bad.json()) as { code: string }).code, "INVALID_INPUT");
      assert.equal((await app.service.getMentorship(TENANT_ID, id))?.phase, "learning", "refusals change nothing");

      const okay = await post(PERSONAS.coordinator.aadObjectId, url, { reason: "leftWorkplace" });
      assert.equal(okay.status, 200);
      assert.deepEqual(await okay.json(), { mentorshipId: id, phase: "closing", reason: "leftWorkplace" });
      const m = await app.service.getMentorship(TENANT_ID, id);
      assert.deepEqual([m?.phase, m?.closing?.startedBy, m?.closing?.reason], ["closing", "coordinator", "leftWorkplace"]);
      const summary = await app.store.getSummary(TENANT_ID, id);
      assert.equal(summary?.value.closingReason, "leftWorkplace");

      const twice = await post(PERSONAS.coordinator.aadObjectId, url, { reason: "completed" });
      assert.equal(twice.status, 409);
      assert.equal(((await twice.json()) as { code: string }).code, "ALREADY_CLOSING");

      const fresh = await pairThroughUseCases(app.service, { chatId: "19:close-tab-2@thread.v2", mentee: PERSONAS.colleague, programme: "klds", unit: "U", until: "created" });
      const notAgreed = await post(PERSONAS.coordinator.aadObjectId, `/api/tab/mentorships/${fresh}/closing`, { reason: "completed" });
      assert.equal(notAgreed.status, 409);
      assert.equal(((await notAgreed.json()) as { code: string }).code, "AGREEMENT_NOT_AGREED");
    } finally {
      await new Promise<void>((resolve) => app.server.close(() => resolve()));
    }
  });
});
