import assert from "node:assert/strict";
import { loadConfig } from "../../src/config";
import { silentLogger } from "../../src/log";
import { buildApp } from "../../src/main";
import { freshStore } from "../support/azurite";
import { PERSONAS, TENANT_ID, localAppConfig } from "../support/e2e";

/**
 * KL/DS (seed 002): "Normalt kan det ikke anbefales, at lederen selv påtager sig rollen som
 * kontaktperson eller mentor". Naming the mentee's leader as mentor is advice, not a ban: the API
 * refuses with LEADER_AS_MENTOR until the coordinator confirms. Locally Lars Leder is the leader
 * (LOCAL_LEADER_IDS, as env/.env.local).
 */
describe("Tab API: the mentee's own leader as mentor needs the coordinator's confirmation", function () {
  this.timeout(60000);

  it("refused without confirmation, accepted with it, and never asked for an ordinary colleague", async () => {
    const { connectionString, tableName } = await freshStore();
    const app = await buildApp({ config: loadConfig(localAppConfig(connectionString, tableName)), clock: { now: () => new Date("2027-01-05T08:00:00Z") }, log: silentLogger });
    await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${app.server.address().port}`;
    try {
      const karen = ((await (await fetch(`${base}/api/tab/local-token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ aadObjectId: PERSONAS.coordinator.aadObjectId }) })).json()) as { token: string }).token;
      const call = async (method: string, url: string, body?: unknown) => {
        const res = await fetch(`${base}${url}`, { method, headers: { "content-type": "application/json", authorization: `Bearer ${karen}` }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      };
      const total = async () => (await call("GET", "/api/tab/overview")).body["total"];
      const request = (mentee: string, mentor: string) => ({ menteeAadObjectId: mentee, mentorAadObjectId: mentor, programme: "klds", firstWorkingDay: "2027-02-01", unit: "Børn og familie", language: "da" });
      const lars = PERSONAS.manager.aadObjectId;

      // New mentorship: Lars as Niels's mentor.
      const refused = await call("POST", "/api/tab/mentorships", request(PERSONAS.mentee.aadObjectId, lars));
      assert.deepEqual([refused.status, refused.body["code"], refused.body["field"]], [409, "LEADER_AS_MENTOR", "mentor"]);
      assert.equal(await total(), 0, "nothing was created");
      assert.equal((await call("POST", "/api/tab/mentorships", { ...request(PERSONAS.mentee.aadObjectId, lars), confirmLeader: false })).body["code"], "LEADER_AS_MENTOR");
      assert.deepEqual((await call("POST", "/api/tab/mentorships", { ...request(PERSONAS.mentee.aadObjectId, lars), confirmLeader: "yes" })).body, { error: "INVALID_INPUT", code: "INVALID_INPUT", field: "confirmLeader" });
      const confirmed = await call("POST", "/api/tab/mentorships", { ...request(PERSONAS.mentee.aadObjectId, lars), confirmLeader: true });
      assert.equal(confirmed.status, 201);
      const withLeader = String(confirmed.body["mentorshipId"]);
      assert.equal((await app.service.getMentorship(TENANT_ID, withLeader))?.mentor.aadObjectId, lars);

      // An ordinary colleague is never a question.
      const ordinary = await call("POST", "/api/tab/mentorships", request(PERSONAS.colleague2.aadObjectId, PERSONAS.colleague.aadObjectId));
      assert.equal(ordinary.status, 201);
      const withColleague = String(ordinary.body["mentorshipId"]);

      // Change of mentor: to Lars needs the confirmation; to a colleague it does not.
      const change = (id: string, mentor: string, confirmLeader?: boolean) => call("POST", `/api/tab/mentorships/${id}/mentor`, { mentorAadObjectId: mentor, ...(confirmLeader === undefined ? {} : { confirmLeader }) });
      const changeRefused = await change(withColleague, lars);
      assert.deepEqual([changeRefused.status, changeRefused.body["code"]], [409, "LEADER_AS_MENTOR"]);
      assert.equal((await app.service.getMentorship(TENANT_ID, withColleague))?.mentor.aadObjectId, PERSONAS.colleague.aadObjectId, "the mentor stays");
      const changeConfirmed = await change(withColleague, lars, true);
      assert.deepEqual([changeConfirmed.status, changeConfirmed.body["mentorName"]], [200, PERSONAS.manager.name]);
      assert.equal((await app.service.getMentorship(TENANT_ID, withColleague))?.mentor.aadObjectId, lars);
      const toColleague = await change(withLeader, PERSONAS.colleague.aadObjectId);
      assert.deepEqual([toColleague.status, toColleague.body["mentorName"]], [200, PERSONAS.colleague.name]);
      await app.coordinator.idle();
    } finally {
      await new Promise<void>((resolve) => app.server.close(() => resolve()));
    }
  });
});
