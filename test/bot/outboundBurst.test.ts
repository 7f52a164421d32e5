// Issue 14: a burst of 500 agendas due at the same minute, sent through the real CloudAdapter and
// BotChatNotifier behind the outbound queue, to a loopback Bot Connector that answers 429 with
// Retry-After above the documented limits (7 a second and 60 in 30 s per conversation, 50 a
// second per tenant): every message arrives, in order per chat, and the queue keeps the bot under
// the limits. Without the queue the same burst is throttled (so the connector's limits are real).
import assert from "node:assert/strict";
import { createCloudAdapter } from "../../src/adapters/bot/cloudAdapter";
import { OutboundQueue } from "../../src/adapters/bot/outboundQueue";
import { BotChatNotifier } from "../../src/adapters/bot/proactive";
import { createLogger } from "../../src/log";
import { startThrottlingConnector } from "../storage/loopbackConnector";

const quiet = createLogger(() => {});

describe("a burst of 500 due agendas through the outbound queue", function () {
  this.timeout(60000);

  it("arrives completely and in order per chat, under the Connector's limits", async () => {
    const connector = await startThrottlingConnector();
    try {
      const adapter = createCloudAdapter({ kind: "anonymous-local" }, quiet);
      const queue = new OutboundQueue(new BotChatNotifier(adapter, ""));
      const reference = (chat: number) => ({ channelId: "msteams", serviceUrl: connector.serviceUrl, conversation: { id: `19:burst-${chat}@thread.v2`, tenantId: "tenant-1" }, bot: { id: "28:bot", name: "Mentor" } });
      // 500 agendas: 100 chats with 5 each, given all at once as the scheduler's claims would.
      const sends: Promise<string | null>[] = [];
      for (let i = 0; i < 5; i++) for (let chat = 0; chat < 100; chat++) sends.push(queue.send(reference(chat), { text: `agenda ${i}` }));
      const ids = await Promise.all(sends);
      assert.equal(ids.filter((id) => typeof id === "string").length, 500, "every send answered with its message id");
      assert.equal(connector.state.accepted.length, 500, "all 500 reached the chats");
      for (let chat = 0; chat < 100; chat++) {
        const texts = connector.state.accepted.filter((m) => m.conversationId === `19:burst-${chat}@thread.v2`).map((m) => m.body["text"]);
        assert.deepEqual(texts, [0, 1, 2, 3, 4].map((i) => `agenda ${i}`), `chat ${chat} in order`);
      }
      assert.equal(connector.state.throttled, 0, "the queue kept the bot under the limits: no 429");
    } finally {
      await connector.close();
    }
  });

  it("without the queue the same burst is throttled (the loopback connector's limits bite)", async () => {
    const connector = await startThrottlingConnector();
    try {
      const adapter = createCloudAdapter({ kind: "anonymous-local" }, quiet);
      const direct = new BotChatNotifier(adapter, "");
      const reference = { channelId: "msteams", serviceUrl: connector.serviceUrl, conversation: { id: "19:one@thread.v2", tenantId: "tenant-1" }, bot: { id: "28:bot", name: "Mentor" } };
      const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => direct.send(reference, { text: `m${i}` })));
      assert.ok(connector.state.throttled > 0, "20 at once in one chat exceed 7 a second");
      assert.ok(results.length === 20);
    } finally {
      await connector.close();
    }
  });

  it("a chat throttled anyway (429 with Retry-After) gets its messages after the wait, in order", async () => {
    // One chat's first answer is a 429 whatever the rate: the Connector may throttle for its own reasons.
    const connector = await startThrottlingConnector();
    const inner = connector.onMessage;
    let first = true;
    connector.onMessage = (m, req, res) => {
      if (first && m.conversationId === "19:slow@thread.v2") {
        first = false;
        connector.state.throttled++;
        res.writeHead(429, { "content-type": "application/json", "retry-after": "2" });
        res.end("{}");
        return false;
      }
      return inner(m, req, res);
    };
    try {
      const adapter = createCloudAdapter({ kind: "anonymous-local" }, quiet);
      const queue = new OutboundQueue(new BotChatNotifier(adapter, ""));
      const reference = { channelId: "msteams", serviceUrl: connector.serviceUrl, conversation: { id: "19:slow@thread.v2", tenantId: "tenant-1" }, bot: { id: "28:bot", name: "Mentor" } };
      const started = Date.now();
      await Promise.all(["one", "two", "three"].map((text) => queue.send(reference, { text })));
      assert.deepEqual(connector.state.accepted.map((m) => m.body["text"]), ["one", "two", "three"]);
      assert.equal(connector.state.throttled, 1);
      assert.ok(Date.now() - started >= 2000, "the Retry-After was honoured");
    } finally {
      await connector.close();
    }
  });
});
