// The coordinator's programmes over HTTP (issue 12): list, copy a built-in, save new versions
// (stale, invalid and built-in refused), preview the dates, and start a mentorship on the
// programme — which keeps the version it started on, also after the programme changes.
import assert from "node:assert/strict";
import { loadConfig } from "../../src/config";
import { silentLogger } from "../../src/log";
import { buildApp } from "../../src/main";
import { freshStore } from "../support/azurite";
import { PERSONAS, localAppConfig } from "../support/e2e";

type Json = Record<string, unknown>;

describe("Tab API: the coordinator's programmes", function () {
  this.timeout(90000);

  it("copies, edits, previews and starts a mentorship on a programme of the tenant's own; only coordinators", async () => {
    const { connectionString, tableName } = await freshStore();
    const now = new Date("2027-01-05T08:00:00Z");
    const app = await buildApp({ config: loadConfig(localAppConfig(connectionString, tableName)), clock: { now: () => now }, log: silentLogger });
    await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${app.server.address().port}`;
    try {
      const token = async (aadObjectId: string) =>
        ((await (await fetch(`${base}/api/tab/local-token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ aadObjectId }) })).json()) as { token: string }).token;
      const call = async (who: string | null, method: string, url: string, body?: unknown) => {
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (who) headers["authorization"] = `Bearer ${await token(who)}`;
        const res = await fetch(`${base}${url}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
        return { status: res.status, body: (await res.json()) as Json };
      };
      const karen = PERSONAS.coordinator.aadObjectId;
      const mette = PERSONAS.mentor.aadObjectId;

      // Coordinators only: nobody else may read, copy, save or preview.
      assert.equal((await call(null, "GET", "/api/tab/programmes")).status, 401);
      for (const [method, url, body] of [["GET", "/api/tab/programmes", undefined], ["POST", "/api/tab/programmes", { from: "kristiansand" }], ["GET", "/api/tab/programmes/kristiansand", undefined], ["PUT", "/api/tab/programmes/own-1", { definition: {}, version: 1 }], ["POST", "/api/tab/programmes/preview", { definition: {}, firstWorkingDay: "2027-01-04" }]] as const) {
        assert.equal((await call(mette, method, url, body)).status, 403, `${method} ${url}`);
        assert.equal((await call(PERSONAS.manager.aadObjectId, method, url, body)).status, 403, `${method} ${url} as the leader`);
      }

      const listed = await call(karen, "GET", "/api/tab/programmes");
      assert.deepEqual((listed.body["programmes"] as Json[]).map((p) => [p["id"], p["builtIn"]]), [["klds", true], ["kristiansand", true]]);
      assert.equal((await call(karen, "PUT", "/api/tab/programmes/kristiansand", { definition: {}, version: 1 })).body["code"], "PROGRAMME_BUILT_IN");

      const copied = await call(karen, "POST", "/api/tab/programmes", { from: "kristiansand" });
      assert.equal(copied.status, 201);
      const id = String(copied.body["id"]);
      assert.match(id, /^own-/);
      const def = copied.body["definition"] as Json & { cadence: { bands: Json[] }; name: Json };
      assert.equal(def.name["nb"], "Kopi av Kristiansand kommune: mentorordning for nyansatte");

      // Add a band (weeks 53–60 every other week) with a programme end after it: the preview shows the new dates.
      const edited = { ...def, cadence: { bands: [...def.cadence.bands, { fromWeek: 53, toWeek: 60, every: { weeks: 2 } }] }, phases: { startUpEnds: { days: 14 }, closingStarts: { monthsBeforeEnd: 1 }, ends: { weeks: 64 } } };
      const before = await call(karen, "POST", "/api/tab/programmes/preview", { definition: def, firstWorkingDay: "2027-01-04" });
      const after = await call(karen, "POST", "/api/tab/programmes/preview", { definition: edited, firstWorkingDay: "2027-01-04" });
      assert.equal(after.status, 200);
      const dates = (r: { body: Json }) => (r.body["meetings"] as { date: string }[]).map((m) => m.date);
      assert.deepEqual(dates(after).slice(0, dates(before).length), dates(before));
      assert.deepEqual(dates(after).slice(dates(before).length), ["2028-01-04", "2028-01-18", "2028-02-01", "2028-02-15"], "week 53 of a start on 4 January 2027 is the week of 3 January 2028");
      const badPreview = await call(karen, "POST", "/api/tab/programmes/preview", { definition: { ...edited, cadence: { bands: [{ fromWeek: 3, toWeek: 110, every: { weeks: 1 } }] } }, firstWorkingDay: "2027-01-04" });
      assert.deepEqual([badPreview.status, badPreview.body["code"], badPreview.body["reason"]], [400, "PROGRAMME_INVALID", "bandPastLastWeek"]);

      const saved = await call(karen, "PUT", `/api/tab/programmes/${id}`, { definition: edited, version: 1 });
      assert.deepEqual([saved.status, saved.body["version"]], [200, 2]);
      const stale = await call(karen, "PUT", `/api/tab/programmes/${id}`, { definition: edited, version: 1 });
      assert.deepEqual([stale.status, stale.body["code"]], [409, "PROGRAMME_STALE_VERSION"]);
      const invalid = await call(karen, "PUT", `/api/tab/programmes/${id}`, { definition: { ...edited, name: "" }, version: 2 });
      assert.deepEqual([invalid.status, invalid.body["code"], invalid.body["reason"]], [400, "PROGRAMME_INVALID", "emptyName"]);
      assert.equal((await call(karen, "GET", `/api/tab/programmes/${id}`)).body["version"], 2, "refusals wrote nothing");
      assert.equal((await call(karen, "GET", "/api/tab/programmes/own-nope")).status, 404);

      // A mentorship on the programme: it keeps version 2, and the overview's timeline is the programme's (64 weeks).
      const request = { menteeAadObjectId: PERSONAS.mentee.aadObjectId, mentorAadObjectId: mette, programme: "kristiansand", programmeId: id, firstWorkingDay: "2027-01-04", unit: "Sykehjem Vest", language: "nb" };
      const created = await call(karen, "POST", "/api/tab/mentorships", request);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const mentorshipId = String(created.body["mentorshipId"]);
      const tenantId = String((await call(karen, "GET", "/api/tab/whoami")).body["tenantId"]);
      const stored = await app.store.getMentorship(tenantId, mentorshipId);
      assert.deepEqual(stored?.value.programmeRef, { id, version: 2 });
      assert.equal(stored?.value.programme, "custom");
      const row = ((await call(karen, "GET", "/api/tab/overview")).body["rows"] as { mentorshipId: string; timeline: { closing: { end: string } }; programmeName: Json }[]).find((r) => r.mentorshipId === mentorshipId);
      assert.equal(row?.timeline.closing.end, "2028-03-27", "64 weeks after 4 January 2027, from the programme's version");
      assert.deepEqual(row?.programmeName, def.name, "the overview names the coordinator's programme, not \"Custom\"");

      // The programme changes again: the running mentorship keeps version 2.
      assert.equal((await call(karen, "PUT", `/api/tab/programmes/${id}`, { definition: { ...edited, meetingMinutes: { min: 20, max: 40, default: 30 } }, version: 2 })).status, 200);
      const still = await app.store.getMentorship(tenantId, mentorshipId);
      assert.deepEqual(still?.value.programmeRef, { id, version: 2 });
      assert.deepEqual(still?.value.programmeDefinition?.meetingMinutes, def["meetingMinutes"]);

      const unknown = await call(karen, "POST", "/api/tab/mentorships", { ...request, menteeAadObjectId: PERSONAS.manager.aadObjectId, programmeId: "own-nope" });
      assert.deepEqual([unknown.status, unknown.body["code"]], [404, "PROGRAMME_NOT_FOUND"]);
    } finally {
      await new Promise<void>((resolve) => app.server.close(() => resolve()));
    }
  });
});
