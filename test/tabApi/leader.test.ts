// PUT /api/tab/mentorships/:id/leader through the real app (buildApp, local mode, Azurite): a new
// mentorship gets the directory's leader (local mode: Lars Leder) with the programme's talks; only a
// coordinator of the tenant may change it; the talks follow; refusals change nothing.
import assert from "node:assert/strict";
import { loadConfig } from "../../src/config";
import { silentLogger } from "../../src/log";
import { TablePersonalChats } from "../../src/adapters/tables/tablePersonalChats";
import { buildApp } from "../../src/main";
import { freshStore } from "../support/azurite";
import { PERSONAS, TENANT_ID, localAppConfig } from "../support/e2e";

describe("Tab API: the coordinator names the leader", function () {
  this.timeout(90000);

  it("defaults to the directory's leader, changes by PUT …/leader (coordinators only), and the talks follow", async () => {
    const { connectionString, tableName } = await freshStore();
    const app = await buildApp({ config: loadConfig(localAppConfig(connectionString, tableName)), clock: { now: () => new Date("2027-01-05T08:00:00Z") }, log: silentLogger });
    await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${app.server.address().port}`;
    try {
      const token = async (aadObjectId: string) =>
        ((await (await fetch(`${base}/api/tab/local-token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ aadObjectId }) })).json()) as { token: string }).token;
      const call = async (who: string | null, method: string, url: string, body?: unknown) => {
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (who) headers["authorization"] = `Bearer ${await token(who)}`;
        const res = await fetch(`${base}${url}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      };
      const karen = PERSONAS.coordinator.aadObjectId;
      const created = await call(karen, "POST", "/api/tab/mentorships", { menteeAadObjectId: PERSONAS.mentee.aadObjectId, mentorAadObjectId: PERSONAS.mentor.aadObjectId, programme: "kristiansand", firstWorkingDay: "2027-02-01", unit: "Sykehjem Vest", language: "nb" });
      assert.equal(created.status, 201);
      const id = String(created.body["mentorshipId"]);
      const m = (await app.service.getMentorship(TENANT_ID, id))!;
      assert.equal(m.leader?.aadObjectId, PERSONAS.manager.aadObjectId, "the directory's leader of the new hire");
      assert.deepEqual(m.leaderState?.talks.map((x) => [x.key, x.from]), [["probation14d", "2027-02-15"], ["probation2m", "2027-04-01"], ["probation4to5m", "2027-06-01"]]);

      // The coordinator may choose the leader in the new-mentorship dialog: an unknown one is refused and creates nothing.
      const other = { menteeAadObjectId: PERSONAS.colleague.aadObjectId, mentorAadObjectId: PERSONAS.mentor.aadObjectId, programme: "klds", firstWorkingDay: "2027-02-01", unit: "Børn", language: "da" };
      const unknownLeader = await call(karen, "POST", "/api/tab/mentorships", { ...other, leaderAadObjectId: "00000000-0000-4000-8000-000000000000" });
      assert.deepEqual([unknownLeader.status, unknownLeader.body["code"], unknownLeader.body["field"]], [400, "PERSON_NOT_FOUND", "leader"]);
      const chosen = await call(karen, "POST", "/api/tab/mentorships", { ...other, leaderAadObjectId: PERSONAS.coordinator.aadObjectId });
      assert.equal(chosen.status, 201);
      const chosenRow = (await app.service.getMentorship(TENANT_ID, String(chosen.body["mentorshipId"])))!;
      assert.equal(chosenRow.leader?.aadObjectId, PERSONAS.coordinator.aadObjectId, "the coordinator's choice, not the directory's");
      assert.deepEqual(chosenRow.leaderState?.talks.map((x) => x.key), ["developmentTalk"]);

      const url = `/api/tab/mentorships/${id}/leader`;
      const to = { aadObjectId: PERSONAS.colleague.aadObjectId };
      const before = JSON.stringify(await app.service.getMentorship(TENANT_ID, id));
      assert.equal((await call(null, "PUT", url, to)).status, 401);
      for (const who of [PERSONAS.mentor, PERSONAS.mentee, PERSONAS.manager]) assert.equal((await call(who.aadObjectId, "PUT", url, to)).status, 403, who.name);
      assert.equal((await call(karen, "PUT", "/api/tab/mentorships/no-such/leader", to)).status, 404);
      assert.deepEqual((await call(karen, "PUT", url, { aadObjectId: "00000000-0000-4000-8000-000000000000" })).body["code"], "PERSON_NOT_FOUND");
      assert.deepEqual((await call(karen, "PUT", url, {})).body["code"], "INVALID_INPUT");
      assert.deepEqual((await call(karen, "PUT", url, { aadObjectId: PERSONAS.mentee.aadObjectId })).body["code"], "INVALID_INPUT");
      assert.equal(JSON.stringify(await app.service.getMentorship(TENANT_ID, id)), before, "no refusal changed the mentorship");

      const changed = await call(karen, "PUT", url, to);
      assert.deepEqual([changed.status, changed.body["leaderName"]], [200, PERSONAS.colleague.name]);
      const after = (await app.service.getMentorship(TENANT_ID, id))!;
      assert.equal(after.leader?.aadObjectId, PERSONAS.colleague.aadObjectId);
      assert.equal(after.leaderState?.talks.length, 3, "the talks stay planned for the new leader");
      assert.equal((await call(karen, "PUT", url, to)).status, 200, "naming the same leader again is no refusal");
      const summary = (await app.store.listSummaries(TENANT_ID)).find((x) => x.mentorshipId === id);
      assert.equal(summary?.leaderName, PERSONAS.colleague.name, "the overview's summary follows");

      // The mentor named as the new hire's leader: the seed's advice first (LEADER_AS_MENTOR), then with the coordinator's confirmation.
      const asMentor = { aadObjectId: PERSONAS.mentor.aadObjectId };
      const advised = await call(karen, "PUT", url, asMentor);
      assert.deepEqual([advised.status, advised.body["code"]], [409, "LEADER_AS_MENTOR"]);
      assert.equal((await app.service.getMentorship(TENANT_ID, id))?.leader?.aadObjectId, PERSONAS.colleague.aadObjectId, "the advice changed nothing");
      assert.equal((await call(karen, "PUT", url, { ...asMentor, confirmLeader: true })).status, 200);
      assert.equal((await app.service.getMentorship(TENANT_ID, id))?.leader?.aadObjectId, PERSONAS.mentor.aadObjectId);

      // Without Graph the app cannot install itself: "My staff" tells a leader who never opened its chat to do so, once.
      const staffOf = async (who: string) => (await call(who, "GET", "/api/tab/staff")).body as { staff: unknown[]; openAppHint: boolean };
      assert.deepEqual([(await staffOf(PERSONAS.coordinator.aadObjectId)).staff.length, (await staffOf(PERSONAS.coordinator.aadObjectId)).openAppHint], [1, true], "Karen leads the second mentorship and has no chat with the app");
      assert.equal((await staffOf(PERSONAS.colleague.aadObjectId)).openAppHint, false, "no staff (no longer the leader): no hint");
      // As the bot stores it when Karen first writes to the app in her personal chat.
      await TablePersonalChats.fromConnectionString(connectionString, tableName).putPersonalChat({ tenantId: TENANT_ID, aadObjectId: PERSONAS.coordinator.aadObjectId, conversationId: "a:karen", reference: { conversation: { id: "a:karen" } }, pending: [], updatedAt: new Date().toISOString() }, null);
      assert.equal((await staffOf(PERSONAS.coordinator.aadObjectId)).openAppHint, false, "once the chat exists the hint goes");
    } finally {
      await new Promise<void>((resolve) => app.server.close(() => resolve()));
    }
  });
});
