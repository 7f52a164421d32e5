import assert from "node:assert/strict";
import { loadConfig } from "../../src/config";
import { silentLogger } from "../../src/log";
import { buildApp } from "../../src/main";
import { freshStore } from "../support/azurite";
import { PERSONAS, TENANT_ID, localAppConfig } from "../support/e2e";
import { actorOf, pairThroughUseCases } from "../support/pairs";

/** Pause and resume from the tab: the coordinator only, in their own tenant; a paused mentorship is left alone by the scheduler. */
describe("Tab API: pause and resume a mentorship", function () {
  this.timeout(60000);

  it("coordinator 200, mentor 403, unknown id 404; while paused no agenda is posted", async () => {
    const { connectionString, tableName } = await freshStore();
    let now = new Date("2027-01-11T08:00:00Z");
    const config = loadConfig(localAppConfig(connectionString, tableName));
    const app = await buildApp({ config, clock: { now: () => now }, log: silentLogger });
    const id = await pairThroughUseCases(app.service, { chatId: "19:pause@thread.v2", mentee: PERSONAS.mentee, programme: "kristiansand", unit: "U", until: "agreed" });
    const { done } = await app.meetings.book(actorOf(PERSONAS.mentor), id, { weekday: 2, time: "10:00", minutes: 45 }, 24);
    await done;

    await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${app.server.address().port}`;
    try {
      const token = async (aadObjectId: string) =>
        ((await (await fetch(`${base}/api/tab/local-token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ aadObjectId }) })).json()) as { token: string }).token;
      const post = async (who: string, url: string) => fetch(`${base}${url}`, { method: "POST", headers: { authorization: `Bearer ${await token(who)}` } });

      assert.equal((await post(PERSONAS.mentor.aadObjectId, `/api/tab/mentorships/${id}/pause`)).status, 403, "a mentor is no coordinator");
      assert.equal((await app.service.getMentorship(TENANT_ID, id))?.pausedAt ?? null, null);
      assert.equal((await post(PERSONAS.coordinator.aadObjectId, "/api/tab/mentorships/no-such-id/pause")).status, 404);
      assert.equal((await fetch(`${base}/api/tab/mentorships/${id}/pause`, { method: "POST" })).status, 401);
      assert.equal((await post(PERSONAS.coordinator.aadObjectId, `/api/tab/mentorships/${id}/pause`)).status, 200);
      assert.ok((await app.service.getMentorship(TENANT_ID, id))?.pausedAt);
      const overview = (await (await fetch(`${base}/api/tab/overview`, { headers: { authorization: `Bearer ${await token(PERSONAS.coordinator.aadObjectId)}` } })).json()) as { rows: { paused?: boolean }[] };
      assert.equal(overview.rows[0]?.paused, true, "the overview shows it paused");

      // The first meeting's agenda falls due while paused: nothing is posted (the job completes quietly).
      const [first] = await app.meetings.meetings(TENANT_ID, id);
      now = new Date(new Date(first!.startUtc).getTime() - 23 * 3600_000);
      await app.scheduler.tick();
      assert.equal((await app.meetings.meetings(TENANT_ID, id))[0]?.agendaPostedAt, null);

      assert.equal((await post(PERSONAS.coordinator.aadObjectId, `/api/tab/mentorships/${id}/resume`)).status, 200);
      assert.equal((await app.service.getMentorship(TENANT_ID, id))?.pausedAt, null);
    } finally {
      await new Promise<void>((resolve) => app.server.close(() => resolve()));
    }
  });
});
