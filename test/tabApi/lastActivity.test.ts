import assert from "node:assert/strict";
import { loadConfig } from "../../src/config";
import { silentLogger } from "../../src/log";
import { buildApp } from "../../src/main";
import { freshStore } from "../support/azurite";
import { PERSONAS, TENANT_ID, localAppConfig } from "../support/e2e";
import { actorOf, pairThroughUseCases } from "../support/pairs";

/**
 * The overview's "last activity" is the last change a person saved: every one of them moves it,
 * through the same use cases the cards and the tab call.
 */
describe("Overview: last activity counts every saved change by a person", function () {
  this.timeout(90000);

  it("booking, agenda, held, move, cancel, pause, resume and a change of mentor each move the summary's lastActivityAt", async () => {
    const { connectionString, tableName } = await freshStore();
    let now = new Date("2027-01-11T08:00:00Z");
    const app = await buildApp({ config: loadConfig(localAppConfig(connectionString, tableName)), clock: { now: () => now }, log: silentLogger });
    const id = await pairThroughUseCases(app.service, { chatId: "19:activity@thread.v2", mentee: PERSONAS.mentee, programme: "kristiansand", unit: "Sykehjem Vest", until: "agreed" });
    const lastActivity = async () => (await app.store.getSummary(TENANT_ID, id))?.value.lastActivityAt;
    const mentor = actorOf(PERSONAS.mentor);
    const mentee = actorOf(PERSONAS.mentee);
    /** Moves the clock on, runs one change, and expects the overview to show it as the last activity. */
    const step = async (what: string, change: () => Promise<{ ok: boolean }>) => {
      now = new Date(now.getTime() + 17 * 60_000);
      const before = await lastActivity();
      assert.ok(before && before < now.toISOString(), `${what}: starts earlier`);
      assert.ok((await change()).ok, `${what} succeeded`);
      assert.equal(await lastActivity(), now.toISOString(), `${what} moves the last activity`);
    };

    await step("booking the meetings", async () => {
      const { result, done } = await app.meetings.book(mentor, id, { weekday: 2, time: "10:00", minutes: 45 }, 24);
      await done;
      return result;
    });
    const [first, second, third] = await app.meetings.meetings(TENANT_ID, id);
    assert.ok(first && second && third);
    now = new Date(new Date(first.startUtc).getTime() + 2 * 3600_000); // after the first meeting
    await step("saving the agenda", () => app.meetings.saveAgenda(mentee, id, first.key, { theme: "Rutiner" }));
    await step("recording it held", () => app.meetings.recordHeld(mentee, id, first.key, "held"));
    await step("recording it not held", () => app.meetings.recordHeld(mentor, id, first.key, "notHeld"));
    const moveTo = new Date(new Date(second.startUtc).getTime() + 86_400_000).toISOString().slice(0, 10);
    await step("moving a meeting", () => app.meetings.move(mentor, id, second.key, { date: moveTo, time: "13:00" }));
    await step("cancelling a meeting", () => app.meetings.cancel(mentor, id, third.key));
    await step("pausing", () => app.coordinator.setPaused(TENANT_ID, id, true));
    await step("resuming", () => app.coordinator.setPaused(TENANT_ID, id, false));
    await step("changing the mentor", async () => {
      const r = await app.coordinator.changeMentor(TENANT_ID, id, PERSONAS.colleague.aadObjectId);
      await app.coordinator.idle();
      return r;
    });
    // What nobody did does not count: the scheduler posting an agenda is not a person's activity.
    const settled = await lastActivity();
    now = new Date(now.getTime() + 3 * 86_400_000);
    await app.scheduler.tick();
    assert.equal(await lastActivity(), settled);
  });
});
