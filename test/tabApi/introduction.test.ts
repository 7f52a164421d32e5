import assert from "node:assert/strict";
import { loadConfig } from "../../src/config";
import { KLDS_INTRODUCTION } from "../../src/domain/programmes/introductionTemplates";
import { silentLogger } from "../../src/log";
import { buildApp } from "../../src/main";
import { freshStore } from "../support/azurite";
import { PERSONAS, TENANT_ID, localAppConfig } from "../support/e2e";

/**
 * PUT /api/tab/mentorships/:id/introduction: a coordinator starts the introduction scheme and names
 * the contact person. Coordinators only; the leader as contact person (Lars Leder, LOCAL_LEADER_IDS)
 * needs the confirmation (seed 002's advice); the answer and the overview carry counts, never items.
 */
describe("Tab API: the coordinator starts the introduction scheme", function () {
  this.timeout(60000);

  it("coordinators only; bad bodies and unknown ids refused; LEADER_AS_CONTACT until confirmed; counts only in the answer and the overview", async () => {
    const { connectionString, tableName } = await freshStore();
    const app = await buildApp({ config: loadConfig(localAppConfig(connectionString, tableName)), clock: { now: () => new Date("2027-01-05T08:00:00Z") }, log: silentLogger });
    await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${app.server.address().port}`;
    try {
      const tokenOf = async (aadObjectId: string) => ((await (await fetch(`${base}/api/tab/local-token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ aadObjectId }) })).json()) as { token: string }).token;
      const karen = await tokenOf(PERSONAS.coordinator.aadObjectId);
      const niels = await tokenOf(PERSONAS.mentee.aadObjectId);
      const call = async (token: string, method: string, url: string, body?: unknown) => {
        const res = await fetch(`${base}${url}`, { method, headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
        const text = await res.text();
        return { status: res.status, text, body: (text.startsWith("{") ? JSON.parse(text) : {}) as Record<string, unknown> };
      };
      const created = await call(karen, "POST", "/api/tab/mentorships", { menteeAadObjectId: PERSONAS.mentee.aadObjectId, mentorAadObjectId: PERSONAS.mentor.aadObjectId, programme: "klds", firstWorkingDay: "2027-02-01", unit: "Børn og familie", language: "da" });
      assert.equal(created.status, 201);
      const id = String(created.body["mentorshipId"]);
      const put = (token: string, body: unknown, mid = id) => call(token, "PUT", `/api/tab/mentorships/${mid}/introduction`, body);
      const jonas = PERSONAS.colleague.aadObjectId;

      assert.equal((await put(niels, { contactAadObjectId: jonas, mode: "before" })).status, 403, "not a coordinator");
      assert.deepEqual((await put(karen, { contactAadObjectId: jonas, mode: "sideways" })).body, { error: "INVALID_INPUT", code: "INVALID_INPUT", field: "mode" });
      assert.equal((await put(karen, { mode: "before" })).status, 400);
      assert.equal((await put(karen, { contactAadObjectId: jonas, mode: "before" }, "00000000-0000-4000-8000-000000000000")).status, 404);
      assert.deepEqual([(await put(karen, { contactAadObjectId: "no-such-person", mode: "before" })).body["code"]], ["PERSON_NOT_FOUND"]);
      const lars = await put(karen, { contactAadObjectId: PERSONAS.manager.aadObjectId, mode: "before" });
      assert.deepEqual([lars.status, lars.body["code"], lars.body["field"]], [409, "LEADER_AS_CONTACT", "contact"]);
      assert.equal((await app.service.getMentorship(TENANT_ID, id))?.introduction ?? null, null, "nothing started");

      const ok = await put(karen, { contactAadObjectId: jonas, mode: "before" });
      const total = KLDS_INTRODUCTION.checklist.length + KLDS_INTRODUCTION.schedule.length;
      assert.deepEqual(ok.body, { mentorshipId: id, contactName: PERSONAS.colleague.name, mode: "before", introductionDone: 0, introductionTotal: total });
      const m = await app.service.getMentorship(TENANT_ID, id);
      assert.equal(m?.contact?.aadObjectId, jonas);
      const confirmed = await put(karen, { contactAadObjectId: PERSONAS.manager.aadObjectId, mode: "before", confirmLeader: true });
      assert.equal(confirmed.status, 200, "the leader, confirmed, takes over as contact person");

      const overview = await call(karen, "GET", "/api/tab/overview");
      const row = (overview.body["rows"] as Record<string, unknown>[]).find((r) => r["mentorshipId"] === id);
      assert.deepEqual([row?.["introductionDone"], row?.["introductionTotal"]], [0, total]);
      const csv = await call(karen, "GET", "/api/tab/overview.csv?lang=da");
      for (const text of [overview.text, csv.text, ok.text]) {
        for (const item of [...KLDS_INTRODUCTION.checklist, ...KLDS_INTRODUCTION.schedule]) assert.ok(!text.includes(item.label.da) && !text.includes(item.label.en), `no item in a tab response: ${item.key}`);
      }
      await app.coordinator.idle();
    } finally {
      await new Promise<void>((resolve) => app.server.close(() => resolve()));
    }
  });
});
