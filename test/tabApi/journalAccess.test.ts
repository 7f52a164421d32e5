import assert from "node:assert/strict";
import { generateKeyPairSync, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { TableClient } from "@azure/data-tables";
import type { Member } from "../../src/app/actor";
import { loadConfig } from "../../src/config";
import { type Mentorship, createMentorship } from "../../src/domain/mentorship";
import type { Logger } from "../../src/log";
import { buildApp } from "../../src/main";
import type { Clock } from "../../src/ports/clock";
import type { ChatRecord } from "../../src/ports/store";
import { loadJose } from "../../src/tabApi/auth";
import { freshStore } from "../support/azurite";
import { TENANT } from "../support/fixtures";
import { ssoClaims } from "../support/jwks";

/**
 * Issue 13: "My journal" over HTTP against the real app (buildApp, Azurite, tokens verified as in
 * production). The mentee lists, writes, opens, edits and deletes their own entries; the guard
 * refuses an identity number with the field and its masked shape. Everyone else — the mentor, the
 * leader, a coordinator, a colleague — gets the same 404 for the mentee's entry as for one that does
 * not exist, and nothing is written. The canary: an entry's text in no response to anyone but the
 * mentee (any endpoint, JSON or CSV), in no log line, and not in the raw table row.
 */

const CLIENT_ID = "6a1f3a1c-7b2d-4c8e-9f10-a1b2c3d4e5f8";
const CANARY = "CANARY-JOURNAL-j4k2";
const CANARY_LOG = "CANARY-JOURNAL-LOG-j9q1";

const person = (name: string, n: number): Member => ({ aadObjectId: `${n}${n}${n}${n}${n}${n}${n}${n}-cccc-4ccc-8ccc-cccccccccccc`.slice(0, 36), name, channelUserId: `29:${n}` });
const coordinator = person("Karen Koordinator", 1);
const mentor = person("Mette Mentor", 2);
const mentee = person("Søren Sørensen", 3);
const leader = person("Lars Leder", 5);
const colleague = person("Kaj Kollega", 6);

const NOW = new Date("2026-03-02T09:00:00Z");
const clock: Clock = { now: () => NOW };

async function startKeys() {
  const jose = await loadJose();
  const trusted = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = "test-key-journal";
  const jwk = { ...trusted.publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" };
  const server = http.createServer((req, res) => {
    if (req.method === "GET" && /^\/[^/]+\/discovery\/v2\.0\/keys$/.test(req.url ?? "")) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sign: (who: Member, over: Record<string, unknown> = {}) => new jose.SignJWT(ssoClaims(who, { tenantId: TENANT, clientId: CLIENT_ID, now: NOW }, over)).setProtectedHeader({ alg: "RS256", kid, typ: "JWT" }).sign(trusted.privateKey),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

type App = Awaited<ReturnType<typeof buildApp>>;

async function seed(app: App): Promise<string> {
  const { store } = app;
  const chat: ChatRecord = { tenantId: TENANT, conversationId: `19:${randomUUID()}@thread.v2`, conversationType: "groupChat", reference: {}, welcomedAt: null, activeMentorshipId: null, pendingSetup: null };
  assert.equal(await store.putChat(chat, null), "saved");
  const stored = await store.getChat(TENANT, chat.conversationId);
  const created = createMentorship(
    { id: randomUUID(), tenantId: TENANT, conversationId: chat.conversationId, programme: "klds", language: "da", unit: "Børn og familie", firstWorkingDay: "2026-01-05", mentor, mentee },
    { hasActiveMentorship: false, humanAadObjectIds: [mentor.aadObjectId, mentee.aadObjectId] },
    new Date("2026-01-02T09:00:00Z"),
  );
  assert.ok(created.ok);
  const mentorship: Mentorship = { ...created.value.mentorship, leader };
  assert.equal(await store.createMentorship(chat, stored!.etag, mentorship, created.value.firstVersion), "saved");
  await app.summaries.refresh(TENANT, mentorship.id);
  return mentorship.id;
}

interface Reply {
  status: number;
  text: string;
  json: () => unknown;
}

async function call(base: string, method: string, path: string, token: string, body?: unknown): Promise<Reply> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${base}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}), signal: AbortSignal.timeout(5000) });
  const buf = Buffer.from(await res.arrayBuffer());
  return { status: res.status, text: buf.toString("utf8"), json: () => JSON.parse(buf.toString("utf8")) as unknown };
}

const entry = (over: Record<string, unknown> = {}) => ({
  title: "Første samtale",
  date: "2026-02-27",
  background: `Mand, 50'erne ${CANARY}`,
  problems: "Ledighed",
  caseSummary: "",
  other: "",
  reflection: `Jeg lyttede ${CANARY}`,
  log: [{ citizen: `Jeg vil gerne i arbejde ${CANARY_LOG}`, worker: "Hvad skal der til?", observation: "Motiveret" }],
  ...over,
});

describe("Tab API: the mentee's journal (issue 13's access matrix and canary)", function () {
  this.timeout(90_000);
  let keys: Awaited<ReturnType<typeof startKeys>>;
  let app: App;
  let base: string;
  let tables: TableClient[];
  let mentorshipId: string;
  const lines: string[] = [];
  const log: Logger = {
    info: (event, fields) => void lines.push(JSON.stringify({ event, ...fields })),
    warn: (event, fields) => void lines.push(JSON.stringify({ event, ...fields })),
    error: (event, fields) => void lines.push(JSON.stringify({ event, ...fields })),
  };

  before(async () => {
    keys = await startKeys();
    const { connectionString, tableName } = await freshStore();
    tables = [tableName, `${tableName}journal`].map((n) => TableClient.fromConnectionString(connectionString, n, { allowInsecureConnection: true }));
    const config = loadConfig({
      STORAGE_CONNECTION_STRING: connectionString,
      TABLE_NAME: tableName,
      BOT_HOST: "127.0.0.1",
      BOT_PORT: "0",
      LOCAL_ANONYMOUS_BOT: "true",
      ALLOWED_TENANT_IDS: TENANT,
      TAB_CLIENT_ID: CLIENT_ID,
      TAB_APP_ID_URI: `api://mentor.example.dk/${CLIENT_ID}`,
      TAB_JWKS_URL_TEMPLATE: `${keys.base}/{tid}/discovery/v2.0/keys`,
      JOURNAL_ENCRYPTION_KEY: "a".repeat(64),
    });
    app = await buildApp({ config, clock, log });
    await new Promise<void>((r) => app.server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    mentorshipId = await seed(app);
  });

  after(async () => {
    await new Promise<void>((r) => app.server.close(() => r()));
    await keys.close();
  });

  async function rows(): Promise<string[]> {
    const out: string[] = [];
    for (const table of tables) for await (const e of table.listEntities()) out.push(`${e.partitionKey}|${e.rowKey}|${e.etag}`);
    return out.sort();
  }

  it("the mentee writes, lists, opens, edits (naming the version) and deletes; whoami offers My journal to the mentee only", async () => {
    const asMentee = await keys.sign(mentee);
    assert.equal(((await call(base, "GET", "/api/tab/whoami", asMentee)).json() as { isMentee?: boolean }).isMentee, true);
    for (const who of [mentor, leader, colleague]) assert.equal(((await call(base, "GET", "/api/tab/whoami", await keys.sign(who))).json() as { isMentee?: boolean }).isMentee, undefined);
    assert.deepEqual((await call(base, "GET", "/api/tab/journal", asMentee)).json(), { entries: [] });
    const created = await call(base, "POST", "/api/tab/journal", asMentee, { entry: entry() });
    assert.equal(created.status, 201, created.text);
    const saved = created.json() as { id: string; version: number; mentorshipId: string; background: string; log: unknown[] };
    assert.equal(saved.version, 1);
    assert.equal(saved.mentorshipId, mentorshipId, "tied to the mentorship where they are the mentee");
    const list = (await call(base, "GET", "/api/tab/journal", asMentee)).json() as { entries: { id: string; title: string }[] };
    assert.deepEqual(list.entries.map((e) => [e.id, e.title]), [[saved.id, "Første samtale"]]);
    assert.ok(!JSON.stringify(list).includes(CANARY), "the list carries titles and dates only");
    const opened = (await call(base, "GET", `/api/tab/journal/${saved.id}`, asMentee)).json() as { background: string; log: { citizen: string }[] };
    assert.equal(opened.background, `Mand, 50'erne ${CANARY}`);
    assert.equal(opened.log[0]?.citizen, `Jeg vil gerne i arbejde ${CANARY_LOG}`);
    const edited = await call(base, "PUT", `/api/tab/journal/${saved.id}`, asMentee, { version: 1, entry: entry({ title: "Første samtale (rettet)" }) });
    assert.equal(edited.status, 200, edited.text);
    assert.equal((edited.json() as { version: number }).version, 2);
    const stale = await call(base, "PUT", `/api/tab/journal/${saved.id}`, asMentee, { version: 1, entry: entry({ title: "fra en gammel fane" }) });
    assert.equal(stale.status, 409);
    assert.deepEqual(stale.json(), { error: "JOURNAL_STALE_VERSION", code: "JOURNAL_STALE_VERSION", current: 2 });
    const extra = (await call(base, "POST", "/api/tab/journal", asMentee, { entry: entry({ title: "Slettes" }) })).json() as { id: string };
    const deleted = await call(base, "DELETE", `/api/tab/journal/${extra.id}`, asMentee);
    assert.equal(deleted.status, 200, deleted.text);
    assert.equal((await call(base, "GET", `/api/tab/journal/${extra.id}`, asMentee)).status, 404);
  });

  it("the guard: an identity number is refused (422) naming the field and its masked shape, nothing is written; a phone number about the citizen needs allowSoft", async () => {
    const asMentee = await keys.sign(mentee);
    const before = await rows();
    // Generated numbers only: a CPR shape (a real date, 7th digit 1) and an 11-digit number built to pass the check digits.
    const cpr = await call(base, "POST", "/api/tab/journal", asMentee, { entry: entry({ caseSummary: "Sagen: 010190-1234" }) });
    assert.equal(cpr.status, 422, cpr.text);
    assert.deepEqual(cpr.json(), { error: "CITIZEN_ID_FOUND", code: "CITIZEN_ID_FOUND", field: "caseSummary", masked: "ddmmyy-xxxx", kind: "cpr", certain: "no" });
    assert.ok(!cpr.text.includes("1234"), "never the digits");
    const forced = await call(base, "POST", "/api/tab/journal", asMentee, { entry: entry({ log: [{ citizen: "Mit nummer er 0101901234", worker: "", observation: "" }] }), allowSoft: true });
    assert.equal(forced.status, 422, "allowSoft does not pass an identity number");
    assert.equal((forced.json() as { field: string }).field, "log.citizen");
    const phone = await call(base, "POST", "/api/tab/journal", asMentee, { entry: entry({ background: "Tlf. 20 30 40 50" }) });
    assert.equal(phone.status, 422);
    assert.equal((phone.json() as { code: string }).code, "CONTACT_DETAILS_FOUND");
    assert.deepEqual(await rows(), before, "no refusal wrote a row");
    const anyway = await call(base, "POST", "/api/tab/journal", asMentee, { entry: entry({ title: "Med telefon", background: "Tlf. 20 30 40 50" }), allowSoft: true });
    assert.equal(anyway.status, 201, anyway.text);
    assert.equal((await call(base, "DELETE", `/api/tab/journal/${(anyway.json() as { id: string }).id}`, asMentee)).status, 200);
  });

  it("nobody but the mentee: the mentor, the leader, a coordinator and a colleague get the 404 of an id that does not exist for the mentee's entry, write nothing, and see the canary in no response; no log line and no raw row has it", async () => {
    const asMentee = await keys.sign(mentee);
    const [first] = ((await call(base, "GET", "/api/tab/journal", asMentee)).json() as { entries: { id: string }[] }).entries;
    assert.ok(first);
    const id = first.id;
    const endpoints = [
      { method: "GET", path: "/api/tab/whoami" },
      { method: "GET", path: "/api/tab/overview?closed=show" },
      { method: "GET", path: "/api/tab/overview.csv?closed=show" },
      { method: "GET", path: "/api/tab/statistics" },
      { method: "GET", path: "/api/tab/statistics.csv" },
      { method: "GET", path: "/api/tab/my" },
      { method: "GET", path: `/api/tab/my/${mentorshipId}/agreement/1.docx` },
      { method: "GET", path: "/api/tab/staff" },
      { method: "GET", path: "/api/tab/people?q=s" },
      { method: "GET", path: "/api/tab/journal" },
      { method: "GET", path: `/api/tab/journal/${id}` },
      { method: "PUT", path: `/api/tab/journal/${id}`, body: { version: 2, entry: entry({ title: "overtaget" }) } },
      { method: "DELETE", path: `/api/tab/journal/${id}` },
      { method: "POST", path: "/api/tab/journal", body: { entry: entry({ title: "falsk" }) } },
    ];
    const noSuch = "j-00000000000000000000";
    for (const [who, as, over] of [
      ["mentor", mentor, {}],
      ["leader", leader, {}],
      ["coordinator", coordinator, { roles: ["Coordinator"] }],
      ["colleague", colleague, {}],
    ] as const) {
      const token = await keys.sign(as, over);
      const before = await rows();
      for (const e of endpoints) {
        const reply = await call(base, e.method, e.path, token, e.body);
        for (const c of [CANARY, CANARY_LOG]) assert.ok(!reply.text.includes(c), `${who} ${e.method} ${e.path}: the journal's text leaked`);
        if (e.path.startsWith(`/api/tab/journal/${id}`)) {
          const unknown = await call(base, e.method, e.path.replace(id, noSuch), token, e.body);
          assert.equal(reply.status, 404, `${who} ${e.method} ${e.path}: ${reply.status}`);
          assert.equal(reply.text, unknown.text, `${who}: the same answer as for an entry that does not exist`);
        }
        if (e.path === "/api/tab/journal") assert.equal(reply.status, 403, `${who} ${e.method} keeps no journal: ${reply.text}`);
      }
      assert.deepEqual(await rows(), before, `${who}: nothing was written`);
    }
    // The mentee's own other endpoints do not carry the journal either: only its own routes do.
    for (const e of endpoints.filter((x) => !x.path.startsWith("/api/tab/journal"))) {
      const reply = await call(base, e.method, e.path, asMentee);
      assert.ok(!reply.text.includes(CANARY), `the mentee's ${e.path} carries the journal`);
    }
    const opened = await call(base, "GET", `/api/tab/journal/${id}`, asMentee);
    assert.ok(opened.text.includes(CANARY), "the canary is there to find");
    assert.ok(lines.length > 0 && lines.some((l) => l.includes("journal.created")));
    for (const c of [CANARY, CANARY_LOG, "Første samtale"]) assert.ok(!lines.some((l) => l.includes(c)), `a log line has ${c}`);
    for (const table of tables) for await (const e of table.listEntities()) for (const c of [CANARY, CANARY_LOG, "Første samtale", "Motiveret"]) assert.ok(!JSON.stringify(e).includes(c), `a raw row has ${c}`);
  });
});
