/**
 * Hostile activities through POST /api/messages of the real app (buildApp, anonymous local mode, real
 * Azurite): wrong types in every field the bot reads, prototype names as verbs and keys, huge and
 * control-character strings, ids with / # ? \. Replies go to a loopback connector of the test.
 * Nothing may answer 5xx or take longer than 2 s, and nothing may touch the seeded mentorships or
 * carry their text to anyone but their parties in their own chat.
 */
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { TableClient } from "@azure/data-tables";
import fc from "fast-check";
import { loadConfig } from "../../src/config";
import { AgreementTextFields } from "../../src/domain/agreement";
import type { LogFields, Logger } from "../../src/log";
import { buildApp } from "../../src/main";
import { StorageUnavailableError } from "../../src/ports/store";
import { freshStore } from "../support/azurite";
import { PERSONAS, type Persona, TENANT_ID } from "../support/e2e";
import { actorOf, pairThroughUseCases } from "../support/pairs";

/** FUZZ_RUNS: fewer (or more) activities when running this file by hand. */
const RUNS = Number(process.env["FUZZ_RUNS"] ?? 10_000);
const CONCURRENCY = 6;
const CANARY = "Kanarie-F7Z9";
const OTHER_TENANT = "0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70";

/** The Bot Connector's side: takes every reply, answers members for a roster; records what arrived. */
async function startConnector() {
  const bodies: string[] = [];
  let n = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      bodies.push(Buffer.concat(chunks).toString("utf8"));
      res.writeHead(200, { "content-type": "application/json" });
      if (req.method === "GET" && /members/.test(req.url ?? "")) {
        const members = [PERSONAS.mentor, PERSONAS.mentee, PERSONAS.colleague].map((p) => ({ id: p.id, name: p.name, aadObjectId: p.aadObjectId }));
        res.end(JSON.stringify({ members }));
      } else res.end(JSON.stringify({ id: `reply-${++n}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { url, bodies, close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))) };
}

async function seedTolerant<T>(seed: (attempt: number) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await seed(attempt);
    } catch (err) {
      if (!(err instanceof StorageUnavailableError) || attempt >= 2) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

describe("hostile activities through POST /api/messages of the real app", function () {
  this.timeout(240_000);

  it(`${RUNS} generated activities: no 5xx, every answer under 2 s, the seeded mentorships untouched, their text to nobody`, async () => {
    const connector = await startConnector();
    const { connectionString, tableName } = await freshStore();
    const config = loadConfig({ STORAGE_CONNECTION_STRING: connectionString, TABLE_NAME: tableName, BOT_HOST: "127.0.0.1", BOT_PORT: "0", LOCAL_ANONYMOUS_BOT: "true", ALLOWED_TENANT_IDS: `${TENANT_ID},${OTHER_TENANT}` });
    // Every error the app logs, by event and error class: a TypeError here is a field read unchecked.
    const errors: { event: string; fields: LogFields }[] = [];
    const log: Logger = { info: () => {}, warn: () => {}, error: (event, fields = {}) => void errors.push({ event, fields }) };
    const app = await buildApp({ config, log });
    await new Promise<void>((r) => app.server.listen(0, "127.0.0.1", r));
    const endpoint = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/messages`;

    try {
      // Two real mentorships with a canary in every free-text field of the agreement and an agenda.
      const seeded: { id: string; chatId: string; mentor: Persona; mentee: Persona; meetingKey: string }[] = [];
      for (const [firstChatId, mentor, mentee] of [
        ["19:fuzz-pair-a@thread.v2", PERSONAS.mentor, PERSONAS.mentee],
        ["19:fuzz-pair-b@thread.v2", PERSONAS.colleague, PERSONAS.colleague2],
      ] as const) {
        // Seeding runs beside the other test worker on 2 cores: a read that outlasts the interactive
        // timeout is tried again in a fresh chat (the load under test comes after this).
        const { id, chatId } = await seedTolerant(async (attempt) => {
          const chatId = attempt === 0 ? firstChatId : `${firstChatId}-${attempt}`;
          return { chatId, id: await pairThroughUseCases(app.service, { chatId, mentor, mentee, programme: "kristiansand", unit: "Fuzz", until: "posted" }) };
        });
        const m = await app.service.getMentorship(TENANT_ID, id);
        assert.ok(m);
        const fields = { ...m.agreement.fields, ...Object.fromEntries(AgreementTextFields.map((f) => [f, `${CANARY} ${f}`])) };
        assert.ok((await app.service.editAgreement(actorOf(mentor), id, 1, fields)).ok);
        assert.ok((await app.service.acceptAgreement(actorOf(mentee), id, 2)).ok);
        assert.ok((await app.service.acceptAgreement(actorOf(mentor), id, 2)).ok);
        const { result, done } = await app.meetings.book(actorOf(mentor), id, { weekday: 2, time: "10:00", minutes: 45 }, 24);
        assert.ok(result.ok);
        await done;
        const meeting = (await app.meetings.meetings(TENANT_ID, id))[0];
        assert.ok(meeting);
        const text = (f: string) => `${CANARY} ${f}`;
        const shared = { howIsMentee: text("howIsMentee"), experience: text("experience"), theme: text("theme"), learningGoal: text("learningGoal"), summary: text("summary"), nextTheme: text("nextTheme"), nextLearningGoal: text("nextLearningGoal"), nextPreparation: text("nextPreparation") };
        assert.ok((await app.meetings.saveAgenda(actorOf(mentee), id, meeting.key, { ...shared, myFeedback: { how: text("menteeHow"), worked: text("menteeWorked"), better: text("menteeBetter") } })).ok);
        assert.ok((await app.meetings.saveAgenda(actorOf(mentor), id, meeting.key, { ...shared, myFeedback: { how: text("mentorHow"), worked: text("mentorWorked"), better: text("mentorBetter") } })).ok);
        seeded.push({ id, chatId, mentor, mentee, meetingKey: meeting.key });
      }
      await app.bot.idle();

      const table = TableClient.fromConnectionString(connectionString, tableName, { allowInsecureConnection: true });
      const seededRows = async () => {
        const out = new Map<string, string>();
        for await (const e of table.listEntities()) if (seeded.some((s) => String(e.rowKey).startsWith(`m|${s.id}`))) out.set(String(e.rowKey), String(e.etag));
        return out;
      };
      // The seeding's own proactive posts go to the stored reference (no connector there): not the fuzz's.
      errors.splice(0);
      const before = await seededRows();
      assert.ok(before.size > 10, "versions and meetings of both pairs are stored");
      const connectorBefore = connector.bodies.length;

      // ── the generators ──
      // Huge strings are few and made once: the run is about what the bot does with them, not JSON.
      const huge = ["æ".repeat(5_000), `${"\u0000\u001f\u202e".repeat(3_000)}x`, "x".repeat(100_000)];
      const hostileString = fc.oneof(
        { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
        { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
        { weight: 3, arbitrary: fc.constantFrom("", " ", "\u0000", "\u202e\u0007\u001b[2J", "../../etc/passwd", "a/b#c?d\\e", "%2F%23%3F", "<at>Mentor</at>", "${t.title}", "19:x@thread.v2/../y") },
        { weight: 2, arbitrary: fc.constantFrom("constructor", "toString", "valueOf", "hasOwnProperty", "__proto__", "prototype", "__defineGetter__") },
        { weight: 1, arbitrary: fc.constantFrom(...huge) },
      );
      const junk = fc.oneof(
        hostileString,
        fc.integer(),
        fc.double(),
        fc.boolean(),
        fc.constant(null),
        fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
        fc.object({ maxDepth: 2 }),
        fc.constant(JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}') as unknown),
      );
      const maybe = <T>(a: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: a }, { weight: 1, arbitrary: junk }, { weight: 1, arbitrary: fc.constant(undefined) });
      const people = [...Object.values(PERSONAS)];
      const from = fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...people).map((p) => ({ id: p.id, name: p.name, aadObjectId: p.aadObjectId })) },
        { weight: 2, arbitrary: fc.record({ id: maybe(fc.constantFrom(...people.map((p) => p.id))), name: maybe(hostileString), aadObjectId: maybe(fc.constantFrom(...people.map((p) => p.aadObjectId))) }) },
        { weight: 1, arbitrary: junk },
      );
      const chatIds = [...seeded.map((s) => s.chatId), "19:fuzz-other@thread.v2", `a:personal-${PERSONAS.coordinator.aadObjectId}`, "19:a/b#c?d\\e@thread.v2", "a:%2F..%2F"];
      const tenant = fc.oneof({ weight: 8, arbitrary: fc.constant(TENANT_ID) }, { weight: 1, arbitrary: fc.constant(OTHER_TENANT) }, { weight: 1, arbitrary: junk });
      const conversation = fc.oneof(
        { weight: 12, arbitrary: fc.record({ id: fc.constantFrom(...chatIds), conversationType: maybe(fc.constantFrom("groupChat", "personal", "channel")), tenantId: tenant, isGroup: maybe(fc.boolean()) }) },
        { weight: 1, arbitrary: fc.record({ id: maybe(hostileString), conversationType: junk, tenantId: junk, isGroup: junk }) },
        { weight: 1, arbitrary: junk },
      );
      const verbs = ["setup.submit", "agreement.save", "agreement.accept", "agreement.refresh", "plan.book", "plan.suggest", "plan.retry", "plan.open", "meeting.move", "meeting.cancel", "meeting.cancelConfirm", "meeting.cancelKeep", "meeting.held", "agenda.save"];
      const ids = fc.constantFrom(...seeded.map((s) => s.id), "00000000-0000-4000-8000-000000000000", "a/b", "#", "?x", "\\", "m|x|v|000001");
      const keys = fc.constantFrom("mentorshipId", "setupId", "baseVersion", "version", "meetingKey", "weekday", "time", "minutes", "leadHours", "newDate", "newTime", "outcome", "programme", "firstDay", "unit", "mentee", "language", "__proto__", "constructor", ...AgreementTextFields, "howIsMentee", "summary", "menteeFeedbackHow");
      const data = fc.oneof(
        { weight: 4, arbitrary: fc.tuple(ids, fc.dictionary(keys, junk, { maxKeys: 8 })).map(([mentorshipId, rest]) => ({ ...rest, mentorshipId })) },
        { weight: 1, arbitrary: fc.dictionary(keys, junk, { maxKeys: 6 }) },
        { weight: 1, arbitrary: junk },
      );
      const verb = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...verbs) }, { weight: 2, arbitrary: fc.constantFrom("constructor", "toString", "valueOf", "hasOwnProperty", "__proto__", "isPrototypeOf", "__lookupGetter__") }, { weight: 1, arbitrary: junk });
      const value = fc.oneof(
        { weight: 6, arbitrary: fc.record({ action: fc.record({ type: maybe(fc.constant("Action.Execute")), verb, data }), trigger: maybe(fc.constantFrom("manual", "automatic")) }) },
        { weight: 1, arbitrary: junk },
      );
      const activity = fc.record(
        {
          type: fc.oneof(
            { weight: 10, arbitrary: fc.constant("invoke") },
            { weight: 4, arbitrary: fc.constantFrom("message", "conversationUpdate", "installationUpdate") },
            { weight: 1, arbitrary: junk },
          ),
          name: fc.oneof({ weight: 8, arbitrary: fc.constant("adaptiveCard/action") }, { weight: 1, arbitrary: junk }),
          channelId: fc.oneof({ weight: 8, arbitrary: fc.constant("msteams") }, { weight: 1, arbitrary: junk }),
          id: maybe(fc.string({ maxLength: 20 })),
          from,
          recipient: fc.oneof({ weight: 8, arbitrary: fc.constant({ id: "28:bot", name: "Mentor" }) }, { weight: 1, arbitrary: junk }),
          conversation,
          locale: fc.oneof(fc.constantFrom("da-DK", "nb-NO", "en-US"), junk),
          text: fc.oneof(fc.constantFrom("start", "status", "help", "hjælp", "start niels@contoso.dk", "<at>Mentor</at> start"), junk),
          value,
          replyToId: maybe(fc.string({ maxLength: 30 })),
          channelData: fc.oneof({ weight: 6, arbitrary: tenant.map((id) => ({ tenant: { id } })) }, { weight: 1, arbitrary: junk }),
          membersAdded: maybe(fc.array(fc.oneof(fc.constant({ id: "28:bot" }), fc.record({ id: junk }), junk), { maxLength: 3 })),
          action: maybe(fc.constantFrom("add", "remove")),
          entities: maybe(fc.array(fc.oneof(fc.constant({ type: "mention", mentioned: { id: "28:bot" }, text: "<at>Mentor</at>" }), junk), { maxLength: 2 })),
        },
        { requiredKeys: ["type", "conversation", "from"] },
      );
      const samples = fc.sample(activity, { numRuns: RUNS, seed: 20270111 });

      // ── sending them ──
      type Outcome = { status: number; ms: number; body: string; legit: boolean };
      const outcomes: Outcome[] = [];
      const isLegit = (a: Record<string, unknown>) => {
        // A party of a seeded mentorship, in its own chat, of its own tenant: the only one who may see its text.
        const f = a["from"] as { aadObjectId?: unknown } | null;
        const c = a["conversation"] as { id?: unknown } | null;
        return seeded.some((s) => typeof f === "object" && f !== null && typeof c === "object" && c !== null && c.id === s.chatId && (f.aadObjectId === s.mentor.aadObjectId || f.aadObjectId === s.mentee.aadObjectId));
      };
      let next = 0;
      const worker = async () => {
        while (next < samples.length) {
          const a: Record<string, unknown> = { ...(samples[next++] as Record<string, unknown>), serviceUrl: connector.url };
          const started = performance.now();
          const res = await fetch(endpoint, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(a), signal: AbortSignal.timeout(10_000) });
          const body = await res.text();
          outcomes.push({ status: res.status, ms: performance.now() - started, body, legit: isLegit(a) });
        }
      };
      const t0 = performance.now();
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      await app.bot.idle();
      const elapsed = performance.now() - t0;

      assert.equal(outcomes.length, RUNS);
      const failed = outcomes.filter((o) => o.status >= 500);
      assert.equal(failed.length, 0, `${failed.length} answers were 5xx`);
      const turnErrors = errors.filter((e) => e.event.startsWith("turn.error") || e.event.startsWith("request."));
      const classes = [...new Set(turnErrors.map((e) => `${e.event}:${String(e.fields["error"] ?? e.fields["status"])}`))];
      assert.equal(turnErrors.length, 0, `${turnErrors.length} activities reached the error handler (${classes.join(", ")})`);
      const slow = outcomes.filter((o) => o.ms > 2000);
      assert.equal(slow.length, 0, `${slow.length} answers took over 2 s (slowest ${Math.round(Math.max(...outcomes.map((o) => o.ms)))} ms)`);
      const leaked = outcomes.filter((o) => !o.legit && o.body.includes(CANARY));
      assert.equal(leaked.length, 0, "no one but a party in the pair's chat got the pair's text");
      assert.ok(!connector.bodies.slice(connectorBefore).some((b) => b.includes(CANARY)), "nothing posted into a chat carried the pair's text");
      assert.deepEqual(await seededRows(), before, "no generated activity changed a seeded mentorship, version or meeting");
      const invokes = outcomes.filter((o) => o.status === 200 && o.body.includes("application/vnd.microsoft")).length;
      assert.ok(invokes > RUNS / 5, `enough activities reached the card verbs (${invokes})`);
      process.stdout.write(`      ${RUNS} activities in ${Math.round(elapsed / 1000)} s, ${invokes} card answers\n`);
    } finally {
      await new Promise<void>((r) => app.server.close(() => r()));
      await connector.close();
    }
  });
});
