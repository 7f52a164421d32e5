import assert from "node:assert/strict";
import { TableClient } from "@azure/data-tables";
import { loadConfig } from "../../src/config";
import { silentLogger } from "../../src/log";
import { buildApp } from "../../src/main";
import { freshStore } from "../support/azurite";
import { PERSONAS, TENANT_ID, localAppConfig } from "../support/e2e";
import { pairThroughUseCases } from "../support/pairs";

/**
 * Issue 13 in the tab API: the coordinator's archive hold and erasure of a whole mentorship, and the
 * audit lines of the tab — overview and statistics reads, CSV exports, every 401/403 (with who, when
 * the token says so). Through buildApp on Azurite, with local tokens.
 */
describe("Tab API: archive hold, erasure and the audit log (issue 13)", function () {
  this.timeout(60000);

  async function start() {
    const { connectionString, tableName } = await freshStore();
    const config = loadConfig(localAppConfig(connectionString, tableName));
    let now = new Date("2027-06-01T08:00:00Z");
    const app = await buildApp({ config, clock: { now: () => now }, log: silentLogger });
    const id = await pairThroughUseCases(app.service, { chatId: "19:erase-tab@thread.v2", mentee: PERSONAS.mentee, programme: "kristiansand", unit: "U", until: "agreed" });
    await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${app.server.address().port}`;
    const token = async (aadObjectId: string) =>
      ((await (await fetch(`${base}/api/tab/local-token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ aadObjectId }) })).json()) as { token: string }).token;
    const call = async (who: string | null, method: string, url: string, body?: unknown) =>
      fetch(`${base}${url}`, { method, headers: { ...(who ? { authorization: `Bearer ${await token(who)}` } : {}), ...(body !== undefined ? { "content-type": "application/json" } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const tick = (ms = 1000) => (now = new Date(now.getTime() + ms));
    return { app, id, base, call, tick, token, connectionString, tableName, close: () => new Promise<void>((resolve) => app.server.close(() => resolve())) };
  }

  it("hold: coordinator 200 (a reason code, null clears), mentor 403, no token 401, bad reason 400, unknown id 404; the overview row shows it; erasure refused while held (409 with the reason)", async () => {
    const { app, id, call, close } = await start();
    const coord = PERSONAS.coordinator.aadObjectId;
    try {
      const url = `/api/tab/mentorships/${id}/archiveHold`;
      assert.equal((await call(PERSONAS.mentor.aadObjectId, "PUT", url, { reason: "complaint" })).status, 403);
      assert.equal((await call(null, "PUT", url, { reason: "complaint" })).status, 401);
      const bad = await call(coord, "PUT", url, { reason: "because I say so" });
      assert.equal(bad.status, 400, "free text is no reason");
      assert.equal(((await bad.json()) as { code: string }).code, "INVALID_INPUT");
      assert.equal((await call(coord, "PUT", "/api/tab/mentorships/no-such-id/archiveHold", { reason: "complaint" })).status, 404);
      assert.equal((await app.service.getMentorship(TENANT_ID, id))?.archiveHold ?? null, null, "refusals change nothing");

      const set = await call(coord, "PUT", url, { reason: "complaint" });
      assert.equal(set.status, 200);
      assert.deepEqual(await set.json(), { mentorshipId: id, archiveHold: "complaint" });
      assert.equal((await call(coord, "PUT", url, { reason: "complaint" })).status, 200, "setting it again is no refusal");
      const page = (await (await call(coord, "GET", "/api/tab/overview")).json()) as { rows: { mentorshipId: string; archiveHold: string | null }[] };
      assert.equal(page.rows.find((r) => r.mentorshipId === id)?.archiveHold, "complaint");

      const erase = `/api/tab/mentorships/${id}/erase`;
      const held = await call(coord, "POST", erase, { confirm: true });
      assert.equal(held.status, 409);
      assert.deepEqual(await held.json(), { error: "ARCHIVE_HOLD_SET", code: "ARCHIVE_HOLD_SET", reason: "complaint" });
      assert.ok(await app.service.getMentorship(TENANT_ID, id), "held: kept");

      const cleared = await call(coord, "PUT", url, { reason: null });
      assert.deepEqual(await cleared.json(), { mentorshipId: id, archiveHold: null });
      const after = (await (await call(coord, "GET", "/api/tab/overview")).json()) as { rows: { mentorshipId: string; archiveHold: string | null }[] };
      assert.equal(after.rows.find((r) => r.mentorshipId === id)?.archiveHold, null);
    } finally {
      await close();
    }
  });

  it("erase: needs the confirmation (400), coordinators only (403/401), then 200 and the mentorship is gone (404 after, and from the overview)", async () => {
    const { app, id, call, close } = await start();
    const coord = PERSONAS.coordinator.aadObjectId;
    try {
      const url = `/api/tab/mentorships/${id}/erase`;
      assert.equal((await call(coord, "POST", url, {})).status, 400, "no confirmation, no erasure");
      assert.equal((await call(coord, "POST", url, { confirm: "yes" })).status, 400);
      assert.equal((await call(PERSONAS.mentor.aadObjectId, "POST", url, { confirm: true })).status, 403, "a party cannot erase the pair's mentorship from here");
      assert.equal((await call(null, "POST", url, { confirm: true })).status, 401);
      assert.equal((await call(coord, "POST", "/api/tab/mentorships/bad%2Fid/erase", { confirm: true })).status, 404);
      assert.ok(await app.service.getMentorship(TENANT_ID, id), "refusals change nothing");

      const ok = await call(coord, "POST", url, { confirm: true });
      assert.equal(ok.status, 200);
      assert.deepEqual(await ok.json(), { mentorshipId: id, erased: true });
      assert.equal(await app.service.getMentorship(TENANT_ID, id), null);
      assert.equal((await call(coord, "POST", url, { confirm: true })).status, 404, "nothing left to erase");
      const page = (await (await call(coord, "GET", "/api/tab/overview?closed=show")).json()) as { rows: { mentorshipId: string }[] };
      assert.equal(page.rows.some((r) => r.mentorshipId === id), false, "the overview forgot it at once");
      const erased = (await app.auditLog.about(TENANT_ID, PERSONAS.mentee.aadObjectId)).filter((e) => e.verb === "mentorship.erase");
      assert.deepEqual(erased.map((e) => [e.actorId, e.mentorshipId]), [[coord, id]]);
    } finally {
      await close();
    }
  });

  it("the tab's reads, exports and refusals are audited: overview, statistics, both CSVs (which one), 403 with who, 401 with who when the token was signed", async () => {
    const { base, call, tick, token, connectionString, tableName, close } = await start();
    const coord = PERSONAS.coordinator.aadObjectId;
    try {
      assert.equal((await call(coord, "GET", "/api/tab/overview")).status, 200);
      tick();
      // The next pages as the list scrolls: the same look, no new line.
      assert.equal((await call(coord, "GET", "/api/tab/overview?offset=100")).status, 200);
      tick();
      assert.equal((await call(coord, "GET", "/api/tab/statistics")).status, 200);
      tick();
      assert.equal((await call(coord, "GET", "/api/tab/overview.csv?lang=en")).status, 200);
      tick();
      assert.equal((await call(coord, "GET", "/api/tab/statistics.csv?lang=da")).status, 200);
      tick();
      assert.equal((await call(PERSONAS.mentor.aadObjectId, "GET", "/api/tab/overview")).status, 403);
      tick();
      assert.equal((await call(null, "GET", "/api/tab/overview")).status, 401, "no token: no tenant, so no line to write");
      // A token signed by the app but expired: refused, and the log says whose it was.
      const expired = await token(PERSONAS.mentee.aadObjectId);
      tick(2 * 3600_000);
      assert.equal((await fetch(`${base}/api/tab/my`, { headers: { authorization: `Bearer ${expired}` } })).status, 401);
      tick();
      // A token nobody signed, naming the tenant: refused, in the tenant's log as "anonymous".
      const [head, body] = expired.split(".");
      assert.equal((await fetch(`${base}/api/tab/my`, { headers: { authorization: `Bearer ${head}.${body}.AAAA` } })).status, 401);
      const raw = TableClient.fromConnectionString(connectionString, `${tableName}audit`, { allowInsecureConnection: true });
      const entries: unknown[][] = [];
      for await (const e of raw.listEntities<Record<string, unknown>>({ queryOptions: { filter: `PartitionKey eq '${TENANT_ID}'` } })) if (String(e.rowKey).startsWith("e|")) entries.push([e["verb"], e["actorId"], e["detail"]]);
      assert.deepEqual(entries, [
        ["overview.read", coord, "overview"],
        ["overview.read", coord, "statistics"],
        ["csv.export", coord, "overview"],
        ["csv.export", coord, "statistics"],
        ["access.denied", PERSONAS.mentor.aadObjectId, "403"],
        ["access.denied", PERSONAS.mentee.aadObjectId, "401"],
        ["access.denied", "anonymous", "401"],
      ]);
      // Five minutes on, a look at the overview is a new line.
      tick(5 * 60_000);
      assert.equal((await call(coord, "GET", "/api/tab/overview")).status, 200);
      let reads = 0;
      for await (const e of raw.listEntities<Record<string, unknown>>({ queryOptions: { filter: `PartitionKey eq '${TENANT_ID}'` } })) if (String(e.rowKey).startsWith("e|") && e["verb"] === "overview.read" && e["detail"] === "overview") reads++;
      assert.equal(reads, 2);
      // Nothing of what was read is in the log: no names, no units.
      for (const e of entries) assert.doesNotMatch(JSON.stringify(e), /Mette|Niels|Karen/);
    } finally {
      await close();
    }
  });
});
