// Issue 14: the outbound queue's rules on virtual time — the Connector's per-conversation windows
// (7/1 s, 8/2 s, 60/30 s) and the tenant's 50/s are never exceeded, each chat's messages leave in
// order, a retry waits for Retry-After (or backs off with jitter) and holds back only its own chat.
import assert from "node:assert/strict";
import { CONNECTOR_LIMITS, OutboundQueue, retryAfterMs } from "../../src/adapters/bot/outboundQueue";
import type { ChatNotifier } from "../../src/adapters/bot/proactive";

/** Virtual time: sleep moves the clock; timers resolve in order of their wake-up time. */
function virtualTime() {
  let now = 0;
  const sleepers: { at: number; wake: () => void }[] = [];
  const sleep = (ms: number) => new Promise<void>((resolve) => sleepers.push({ at: now + ms, wake: resolve }));
  /** Runs until nothing is waiting: microtasks first, then the earliest sleeper. */
  async function run(done: Promise<unknown>) {
    let finished = false;
    void done.finally(() => (finished = true));
    for (let i = 0; i < 1_000_000 && !finished; i++) {
      await new Promise((r) => setImmediate(r));
      if (finished) break;
      sleepers.sort((a, b) => a.at - b.at);
      const next = sleepers.shift();
      if (next) {
        now = Math.max(now, next.at);
        next.wake();
      }
    }
    await done;
  }
  return { now: () => now, sleep, run };
}

type Sent = { conversation: string; text: string; at: number };
function recorder(now: () => number, fail?: (n: number, conversation: string) => unknown) {
  const sent: Sent[] = [];
  const tries = new Map<string, number>();
  let n = 0;
  const inner: ChatNotifier = {
    async send(reference, message) {
      const conversation = String((reference["conversation"] as { id: string }).id);
      ++n;
      tries.set(conversation, (tries.get(conversation) ?? 0) + 1);
      const problem = fail?.(tries.get(conversation) ?? 0, conversation);
      if (problem) throw problem;
      sent.push({ conversation, text: message.text ?? "", at: now() });
      return `id-${n}`;
    },
    async update() {},
  };
  return { inner, sent };
}
const ref = (conversation: string, tenantId = "t1") => ({ conversation: { id: conversation, tenantId }, serviceUrl: "http://127.0.0.1:9/" });
const maxIn = (times: number[], ms: number) => Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + ms).length));

describe("the outbound queue (virtual time)", () => {
  it("one chat: 130 messages in order, never more than 7 a second, 8 in 2 s or 60 in 30 s (the queue keeps a margin below each)", async () => {
    const vt = virtualTime();
    const { inner, sent } = recorder(vt.now);
    const q = new OutboundQueue(inner, { now: vt.now, sleep: vt.sleep });
    const all = Promise.all(Array.from({ length: 130 }, (_, i) => q.send(ref("19:a"), { text: `m${i}` })));
    await vt.run(all);
    assert.deepEqual(sent.map((s) => s.text), Array.from({ length: 130 }, (_, i) => `m${i}`));
    const times = sent.map((s) => s.at);
    assert.ok(maxIn(times, 1000) <= 7, `per second ${maxIn(times, 1000)}`);
    assert.ok(maxIn(times, 2000) <= 8);
    assert.ok(maxIn(times, 30_000) <= 60, `per 30 s ${maxIn(times, 30_000)}`);
    assert.ok((times.at(-1) ?? 0) >= 60_000, "130 messages need at least two more 30-second windows after the first 60");
    assert.equal(q.pending, 0);
  });

  it("many chats of one tenant: never more than 50 requests a second in all (40 with the margin); another tenant is not held back", async () => {
    const vt = virtualTime();
    const { inner, sent } = recorder(vt.now);
    const q = new OutboundQueue(inner, { now: vt.now, sleep: vt.sleep });
    const jobs = [];
    for (let c = 0; c < 100; c++) for (let i = 0; i < 3; i++) jobs.push(q.send(ref(`19:c${c}`), { text: `c${c}-${i}` }));
    jobs.push(q.send(ref("19:other", "t2"), { text: "other" }));
    await vt.run(Promise.all(jobs));
    const t1 = sent.filter((s) => s.conversation !== "19:other").map((s) => s.at);
    assert.equal(t1.length, 300);
    assert.ok(maxIn(t1, 1000) <= CONNECTOR_LIMITS.perTenantPerSecond && CONNECTOR_LIMITS.perTenantPerSecond <= 50, `per second ${maxIn(t1, 1000)}`);
    assert.equal(sent.find((s) => s.conversation === "19:other")?.at, 0, "the other tenant's message went at once");
    for (let c = 0; c < 100; c++) assert.deepEqual(sent.filter((s) => s.conversation === `19:c${c}`).map((s) => s.text), [0, 1, 2].map((i) => `c${c}-${i}`));
  });

  it("a 429 waits for its Retry-After and holds back only its own chat; a 503 backs off; a 403 is not tried again", async () => {
    const vt = virtualTime();
    const throttled = Object.assign(new Error("Too Many Requests"), { statusCode: 429, response: { headers: { get: (n: string) => (n === "retry-after" ? "3" : undefined) } } });
    const unavailable = Object.assign(new Error("Service Unavailable"), { statusCode: 503 });
    const forbidden = Object.assign(new Error("Forbidden"), { statusCode: 403 });
    const { inner, sent } = recorder(vt.now, (n, conversation) => (conversation === "19:a" && n === 1 ? throttled : conversation === "19:b" && n <= 3 ? unavailable : conversation === "19:c" ? forbidden : null));
    const retries: { status: number | null; waitMs: number }[] = [];
    const q = new OutboundQueue(inner, { now: vt.now, sleep: vt.sleep, random: () => 0.5, onRetry: (r) => retries.push(r) });
    const a = [q.send(ref("19:a"), { text: "a1" }), q.send(ref("19:a"), { text: "a2" })];
    const b = q.send(ref("19:b"), { text: "b1" });
    const c = q.send(ref("19:c"), { text: "c1" }).then(() => "sent", (e: Error) => e.message);
    const c2 = q.send(ref("19:c"), { text: "c2" }).then(() => "sent", (e: Error) => e.message);
    await vt.run(Promise.all([...a, b, c, c2]));
    assert.equal(await c, "Forbidden", "a 403 fails at once");
    assert.equal(await c2, "Forbidden", "(and the chat's next message is still tried)");
    const at = (text: string) => sent.find((s) => s.text === text)?.at ?? -1;
    assert.ok(at("a1") >= 3000, `a1 after Retry-After (${at("a1")})`);
    assert.deepEqual(sent.filter((s) => s.conversation === "19:a").map((s) => s.text), ["a1", "a2"], "a2 after a1: order kept through the retry");
    assert.ok(at("a2") >= at("a1"));
    assert.ok(at("b1") > 0, "b1 after back-off");
    assert.equal(retries.find((r) => r.status === 429)?.waitMs, 3000 + 125, "Retry-After plus jitter");
    assert.deepEqual(retries.filter((r) => r.status === 503).map((r) => r.waitMs), [750, 1500, 3000], "doubling back-off with jitter");
  });

  it("gives up after the attempts allowed and says so to the caller (the job is tried again later)", async () => {
    const vt = virtualTime();
    const { inner } = recorder(vt.now, () => Object.assign(new Error("Bad Gateway"), { statusCode: 502 }));
    const q = new OutboundQueue(inner, { now: vt.now, sleep: vt.sleep });
    const r = q.send(ref("19:x"), { text: "x" }).then(() => "sent", (e: Error) => e.message);
    await vt.run(r);
    assert.equal(await r, "Bad Gateway");
    assert.equal(q.pending, 0);
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    assert.equal(retryAfterMs("2"), 2000);
    assert.equal(retryAfterMs("0.5"), 500);
    assert.equal(retryAfterMs(new Date(10_000).toUTCString(), 4000), 6000);
    assert.equal(retryAfterMs("soon"), null);
    assert.equal(retryAfterMs(undefined), null);
  });
});
