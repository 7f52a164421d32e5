import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { LocalCalendar } from "../../src/adapters/tables/localCalendar";
import { loadConfig } from "../../src/config";
import { BOOKING_LEASE_MS } from "../../src/domain/meetings";
import { t } from "../../src/i18n";
import type { LogFields, Logger } from "../../src/log";
import { buildApp } from "../../src/main";
import type { CalendarPort } from "../../src/ports/calendar";
import { PERSONAS, TENANT_ID } from "../support/e2e";
import { pairThroughUseCases } from "../support/pairs";
import { cardText } from "./harness";
import { stoppableAzurite } from "./outage";

/** A loopback Bot Connector: records every activity the bot sends and answers like the real one. */
async function fakeConnector() {
  const posted: { path: string; body: Record<string, unknown> }[] = [];
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (d: Buffer) => (raw += d.toString()));
    req.on("end", () => {
      posted.push({ path: `${req.method} ${req.url}`, body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {} });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: `sent-${posted.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    posted,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function recordingLog(): Logger & { lines: { level: string; event: string; fields: LogFields }[] } {
  const lines: { level: string; event: string; fields: LogFields }[] = [];
  const at = (level: string) => (event: string, fields: LogFields = {}) => void lines.push({ level, event, fields });
  return { lines, info: at("info"), warn: at("warn"), error: at("error") };
}

describe("A storage outage: a clear answer in time, and recovery without a restart (real app, dedicated Azurite)", function () {
  this.timeout(90000);

  it("card actions and messages get 'storage is not answering' within 3 s; once storage is back the next action works and a booking started before the outage reaches the chat", async () => {
    const azurite = await stoppableAzurite();
    const connector = await fakeConnector();
    let now = new Date("2027-01-11T08:00:00Z");
    const log = recordingLog();
    // The calendar books (its series are stored), then waits until the outage has begun: the outage hits saving the outcome.
    let openGate: () => void = () => {};
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const local: CalendarPort = LocalCalendar.fromConnectionString(azurite.connectionString, "outage");
    const calendar: CalendarPort = {
      book: async (request) => {
        const booked = await local.book(request);
        await gate;
        return booked;
      },
      moveOccurrence: (ref, to) => local.moveOccurrence(ref, to),
      endSeries: (r) => local.endSeries(r),
      cancelOccurrence: (ref, c) => local.cancelOccurrence(ref, c),
      cancelSeries: (tenantId, organizer, id, c) => local.cancelSeries(tenantId, organizer, id, c),
      freeBusy: (r) => local.freeBusy(r),
    };
    const config = loadConfig({ LOCAL_ANONYMOUS_BOT: "true", BOT_HOST: "127.0.0.1", STORAGE_CONNECTION_STRING: azurite.connectionString, TABLE_NAME: "outage", ALLOWED_TENANT_IDS: TENANT_ID });
    const app = await buildApp({ config, clock: { now: () => now }, log, calendar });
    await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    try {
      const chatId = "19:outage-pair@thread.v2";
      const id = await pairThroughUseCases(app.service, { chatId, mentee: PERSONAS.mentee, programme: "kristiansand", unit: "Vågsbygd", language: "nb", until: "agreed" });
      const activity = (from: (typeof PERSONAS)["mentor"], extra: Record<string, unknown>) => ({
        channelId: "msteams",
        serviceUrl: connector.serviceUrl,
        locale: "nb-NO",
        timestamp: new Date().toISOString(),
        from: { id: from.id, aadObjectId: from.aadObjectId, name: from.name },
        recipient: { id: "28:local-bot", name: "Mentor" },
        conversation: { id: chatId, tenantId: TENANT_ID, conversationType: "groupChat", isGroup: true },
        channelData: { tenant: { id: TENANT_ID } },
        ...extra,
      });
      const post = async (body: object) => {
        const started = Date.now();
        const res = await fetch(`${base}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
        const text = await res.text();
        return { status: res.status, body: text ? (JSON.parse(text) as { statusCode?: number; type?: string; value?: unknown }) : null, ms: Date.now() - started };
      };
      const click = (verb: string, data: object) => post(activity(PERSONAS.mentor, { type: "invoke", name: "adaptiveCard/action", value: { action: { type: "Action.Execute", verb, data }, trigger: "manual" } }));
      const say = (text: string) => post(activity(PERSONAS.mentor, { type: "message", text }));
      const unavailable = t("nb", "storage.unavailable");

      // The chat's conversation reference comes from this chat's activities, so proactive posts reach the connector.
      assert.equal((await say("help")).status, 200);
      const before = await click("agreement.refresh", { mentorshipId: id });
      assert.equal(before.body?.type, "application/vnd.microsoft.card.adaptive", "storage up: the card");

      // A booking starts just before the outage.
      const booking = await click("plan.book", { mentorshipId: id, weekday: "2", time: "10:00", minutes: "45", leadHours: "24" });
      assert.ok(cardText(booking.body?.value).includes(t("nb", "plan.booking")), "Book is answered at once");
      await azurite.stop();
      openGate();

      const action = await click("agreement.refresh", { mentorshipId: id });
      assert.equal(action.status, 200);
      assert.equal(action.body?.value, unavailable, "a card action is told storage is not answering");
      assert.ok(action.ms < 3000, `answered in ${action.ms} ms`);

      connector.posted.length = 0;
      const message = await say("status");
      assert.equal(message.status, 200);
      assert.ok(message.ms < 3000, `answered in ${message.ms} ms`);
      assert.deepEqual(connector.posted.map((p) => p.body["text"]), [unavailable], "a message is told the same");
      assert.ok(!log.lines.some((l) => l.event === "turn.error"), "an outage is not an internal error");
      assert.ok(log.lines.some((l) => l.event === "turn.storageUnavailable" && l.fields["error"] === "StorageUnavailableError"));

      await app.bot.idle(); // the booking's own run gives up on storage (and logs it)
      assert.ok(log.lines.some((l) => l.event === "background.failed" && l.fields["mentorshipId"] === id));

      await azurite.start();
      const after = await click("agreement.refresh", { mentorshipId: id });
      assert.equal(after.body?.type, "application/vnd.microsoft.card.adaptive", "storage back: the next action works, no restart");

      // The booking's lease lapses; its resume job finishes it and the chat hears of it.
      connector.posted.length = 0;
      now = new Date(now.getTime() + BOOKING_LEASE_MS + 60_000);
      await app.scheduler.tick();
      await app.bot.idle();
      const m = await app.service.getMentorship(TENANT_ID, id);
      assert.equal(m?.meetingPlan?.status, "booked");
      const cards = connector.posted.filter((p) => p.path.startsWith("POST") && cardText(p.body["attachments"]).includes(t("nb", "booked.title")));
      assert.equal(cards.length, 1, "the booking card reaches the chat, once");
    } finally {
      openGate();
      app.server.close();
      await connector.close();
      await azurite.dispose();
    }
  });
});
