import assert from "node:assert/strict";
import { generateKeyPairSync, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { TableClient } from "@azure/data-tables";
import { TablePrivateAnswers } from "../../src/adapters/tables/tablePrivateAnswers";
import type { Member } from "../../src/app/actor";
import type { PersonalDataExport } from "../../src/app/rights/personalData";
import { loadConfig } from "../../src/config";
import { type Mentorship, createMentorship } from "../../src/domain/mentorship";
import { dataLinkFile } from "../../src/http/dataLink";
import type { Logger } from "../../src/log";
import { buildApp } from "../../src/main";
import type { Clock } from "../../src/ports/clock";
import type { ChatRecord } from "../../src/ports/store";
import { loadJose } from "../../src/tabApi/auth";
import { freshStore } from "../support/azurite";
import { ssoClaims } from "../support/jwks";

/**
 * Issue 13: "My data" through the real app over HTTP (buildApp, Azurite, Entra tokens verified as in
 * production): every route answers for the signed-in person alone, whatever the request names; a
 * token of another tenant sees nothing of this one; an erasure needs its confirmation and is refused
 * while a mentorship of theirs runs; the personal chat's signed link gives that person's data and
 * nothing for a tampered, moved or expired one.
 */
const TENANT = "8a4f1c1e-2b3d-4e5f-9a0b-1c2d3e4f5a6b";
const OTHER_TENANT = "0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70";
const CLIENT_ID = "6a1f3a1c-7b2d-4c8e-9f10-a1b2c3d4e5f7";
const LINK_KEY = "k".repeat(40);
const person = (name: string, n: number): Member => ({ aadObjectId: `${String(n).repeat(8)}-dddd-4ddd-8ddd-dddddddddddd`, name, channelUserId: `29:${n}` });
const mentor = person("Mette Mikkelsen", 1);
const mentee = person("Søren Sørensen", 2);
const stranger = person("Ulla Udenfor", 3);
const MENTOR_SECRET = "CANARY-MENTOR-PRIVATE-t1";
const MENTEE_SECRET = "CANARY-MENTEE-PRIVATE-t2";
const NOW = new Date("2026-09-01T09:00:00Z");
const clock: Clock = { now: () => NOW };
const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };

async function startKeys() {
  const jose = await loadJose();
  const trusted = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = "test-key-mydata";
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
    sign: (who: Member, tenantId = TENANT) => new jose.SignJWT(ssoClaims(who, { tenantId, clientId: CLIENT_ID, now: NOW })).setProtectedHeader({ alg: "RS256", kid, typ: "JWT" }).sign(trusted.privateKey),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

interface Reply {
  status: number;
  text: string;
  headers: Headers;
}

async function call(base: string, method: string, path: string, token: string | null, body?: unknown): Promise<Reply> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${base}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}), signal: AbortSignal.timeout(10000) });
  return { status: res.status, text: Buffer.from(await res.arrayBuffer()).toString("utf8"), headers: res.headers };
}

type App = Awaited<ReturnType<typeof buildApp>>;

describe("Tab API: My data (issue 13) — the signed-in person's own data only", function () {
  this.timeout(90_000);
  let keys: Awaited<ReturnType<typeof startKeys>>;
  let app: App;
  let base: string;
  let table: TableClient;
  let id: string;

  before(async () => {
    keys = await startKeys();
    const { connectionString, tableName } = await freshStore();
    table = TableClient.fromConnectionString(connectionString, tableName, { allowInsecureConnection: true });
    const config = loadConfig({
      STORAGE_CONNECTION_STRING: connectionString,
      TABLE_NAME: tableName,
      BOT_HOST: "127.0.0.1",
      BOT_PORT: "0",
      LOCAL_ANONYMOUS_BOT: "true",
      ALLOWED_TENANT_IDS: `${TENANT},${OTHER_TENANT}`,
      TAB_CLIENT_ID: CLIENT_ID,
      TAB_APP_ID_URI: `api://mentor.example.dk/${CLIENT_ID}`,
      TAB_JWKS_URL_TEMPLATE: `${keys.base}/{tid}/discovery/v2.0/keys`,
      SECRET_LINK_SIGNING_KEY: LINK_KEY,
    });
    app = await buildApp({ config, clock, log: quiet });
    await new Promise<void>((r) => app.server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    // One running mentorship of Mette and Søren, with each one's private answer.
    const chat: ChatRecord = { tenantId: TENANT, conversationId: `19:${randomUUID()}@thread.v2`, conversationType: "groupChat", reference: {}, welcomedAt: null, activeMentorshipId: null, pendingSetup: null };
    assert.equal(await app.store.putChat(chat, null), "saved");
    const created = createMentorship(
      { id: `m-${randomUUID()}`, tenantId: TENANT, conversationId: chat.conversationId, programme: "klds", language: "da", unit: "Familie", firstWorkingDay: "2026-01-05", mentor, mentee },
      { hasActiveMentorship: false, humanAadObjectIds: [mentor.aadObjectId, mentee.aadObjectId] },
      new Date("2026-01-02T09:00:00Z"),
    );
    assert.ok(created.ok);
    id = created.value.mentorship.id;
    const withText: Mentorship = { ...created.value.mentorship, agreement: { ...created.value.mentorship.agreement, fields: { ...created.value.mentorship.agreement.fields, purpose: "Søren lærer af Mette" } } };
    assert.equal(await app.store.createMentorship((await app.store.getChat(TENANT, chat.conversationId))!.value, (await app.store.getChat(TENANT, chat.conversationId))!.etag, withText, created.value.firstVersion), "saved");
    const answers = TablePrivateAnswers.fromConnectionString(connectionString, tableName);
    await answers.putPrivateAnswers({ tenantId: TENANT, mentorshipId: id, party: "mentor", aadObjectId: mentor.aadObjectId, pairing: null, ratings: { useful: 2, wellRun: 2, recommend: 2, comment: MENTOR_SECRET, at: NOW.toISOString() } }, null);
    await answers.putPrivateAnswers({ tenantId: TENANT, mentorshipId: id, party: "mentee", aadObjectId: mentee.aadObjectId, pairing: null, ratings: { useful: 5, wellRun: 5, recommend: 5, comment: MENTEE_SECRET, at: NOW.toISOString() } }, null);
    await app.summaries.refresh(TENANT, id);
  });

  after(async () => {
    await new Promise<void>((r) => app.server.close(() => r()));
    await keys.close();
  });

  async function rows(): Promise<string[]> {
    const out: string[] = [];
    for await (const e of table.listEntities()) out.push(`${e.partitionKey}|${e.rowKey}|${e.etag}`);
    return out.sort();
  }

  it("refuses every My data route without a valid token, and writes nothing", async () => {
    const before = await rows();
    for (const [method, path] of [["GET", "/api/tab/mydata"], ["GET", "/api/tab/mydata.json"], ["GET", "/api/tab/mydata.html"], ["POST", "/api/tab/mydata/erase"]] as const) {
      assert.equal((await call(base, method, path, null, method === "POST" ? { confirm: true } : undefined)).status, 401, path);
      assert.equal((await call(base, method, path, "not-a-token", method === "POST" ? { confirm: true } : undefined)).status, 401, path);
    }
    assert.deepEqual(await rows(), before);
  });

  it("gives the mentee their own data as JSON — whatever the query names — and never the mentor's private answers", async () => {
    const token = await keys.sign(mentee);
    const r = await call(base, "GET", `/api/tab/mydata.json?aadObjectId=${mentor.aadObjectId}&tenantId=${OTHER_TENANT}`, token);
    assert.equal(r.status, 200);
    assert.match(String(r.headers.get("content-disposition")), /attachment/);
    assert.equal(r.headers.get("cache-control"), "no-store");
    const data = JSON.parse(r.text) as PersonalDataExport;
    assert.equal(data.person.aadObjectId, mentee.aadObjectId);
    assert.equal(data.tenantId, TENANT);
    assert.deepEqual(data.mentorships.map((m) => m.mentorshipId), [id]);
    assert.ok(r.text.includes(MENTEE_SECRET));
    assert.ok(!r.text.includes(MENTOR_SECRET), "the other party's private answers are never in it");
  });

  it("gives the readable document in the asked language, and refuses an unknown one", async () => {
    const token = await keys.sign(mentor);
    const nb = await call(base, "GET", "/api/tab/mydata.html?lang=nb", token);
    assert.equal(nb.status, 200);
    assert.match(String(nb.headers.get("content-type")), /^text\/html/);
    assert.ok(nb.text.includes("Dataene dine i Mentor-appen") && nb.text.includes(MENTOR_SECRET) && !nb.text.includes(MENTEE_SECRET));
    assert.equal((await call(base, "GET", "/api/tab/mydata.html?lang=xx", token)).status, 400);
  });

  it("scopes to the token's tenant: the same person signed in to another tenant has nothing here", async () => {
    const token = await keys.sign(mentee, OTHER_TENANT);
    const data = JSON.parse((await call(base, "GET", "/api/tab/mydata.json", token)).text) as PersonalDataExport;
    assert.equal(data.tenantId, OTHER_TENANT);
    assert.deepEqual([data.mentorships, data.privateAnswers], [[], []]);
    const before = await rows();
    const erased = await call(base, "POST", "/api/tab/mydata/erase", token, { confirm: true });
    assert.equal(erased.status, 200);
    // Nothing of this tenant changed (the other tenant has nothing to erase).
    assert.deepEqual((await rows()).filter((r) => r.startsWith(TENANT)), before.filter((r) => r.startsWith(TENANT)));
  });

  it("shows a stranger an empty plan and no one else's data", async () => {
    const token = await keys.sign(stranger);
    const plan = JSON.parse((await call(base, "GET", "/api/tab/mydata", token)).text) as { plan: { running: number; pseudonymised: number; held: unknown[] } };
    assert.deepEqual(plan.plan, { running: 0, pseudonymised: 0, held: [], journal: false, privateAnswers: 0 });
    const text = (await call(base, "GET", "/api/tab/mydata.json", token)).text;
    assert.ok(!text.includes(mentee.name) && !text.includes(MENTEE_SECRET) && !text.includes(MENTOR_SECRET));
  });

  it("gives the personal chat's link that person's data, and nothing for a tampered, moved or expired link", async () => {
    const link = (o: { tenantId?: string; who?: Member; format?: "json" | "da"; at?: Date }) => `/mydata/${o.tenantId ?? TENANT}/${dataLinkFile(LINK_KEY, { tenantId: TENANT, aadObjectId: (o.who ?? mentee).aadObjectId, format: o.format ?? "json", expiresAt: o.at ?? new Date(NOW.getTime() + 15 * 60_000) })}`;
    const good = await call(base, "GET", link({}), null);
    assert.equal(good.status, 200);
    assert.equal((JSON.parse(good.text) as PersonalDataExport).person.aadObjectId, mentee.aadObjectId);
    assert.ok(good.text.includes(MENTEE_SECRET) && !good.text.includes(MENTOR_SECRET));
    const doc = await call(base, "GET", link({ format: "da" }), null);
    assert.equal(doc.status, 200);
    assert.ok(doc.text.includes("Dine data i Mentor-appen"));
    assert.equal((await call(base, "GET", link({ tenantId: OTHER_TENANT }), null)).status, 404, "moved to another tenant");
    assert.equal((await call(base, "GET", link({ at: new Date(NOW.getTime() - 1000) }), null)).status, 404, "expired");
    const tampered = link({}).replace(/\.(\d+)\./, (_w, n: string) => `.${Number(n) + 1}.`);
    assert.equal((await call(base, "GET", tampered, null)).status, 404, "a later expiry is not signed");
    assert.equal((await call(base, "GET", link({}).replace(".json", ".da.html"), null)).status, 404, "another format is not signed");
  });

  it("erases only with the confirmation, refuses while the mentorship runs (nothing changed), then erases once it closed", async () => {
    const token = await keys.sign(mentee);
    const before = await rows();
    const unconfirmed = await call(base, "POST", "/api/tab/mydata/erase", token, {});
    assert.equal(unconfirmed.status, 400);
    const running = await call(base, "POST", "/api/tab/mydata/erase", token, { confirm: true });
    assert.equal(running.status, 409);
    assert.deepEqual(JSON.parse(running.text), { error: "ERASURE_WHILE_RUNNING", code: "ERASURE_WHILE_RUNNING", count: 1, journal: 0 });
    assert.deepEqual(await rows(), before, "a refusal writes nothing");

    const got = await app.store.getMentorship(TENANT, id);
    assert.equal(await app.store.saveMentorship({ ...got!.value, phase: "closed" }, got!.etag), "saved");
    const plan = JSON.parse((await call(base, "GET", "/api/tab/mydata", token)).text) as { plan: { running: number; pseudonymised: number } };
    assert.deepEqual([plan.plan.running, plan.plan.pseudonymised], [0, 1]);
    const done = await call(base, "POST", "/api/tab/mydata/erase", token, { confirm: true });
    assert.equal(done.status, 200, done.text);
    const m = (await app.store.getMentorship(TENANT, id))!.value;
    assert.match(m.mentee.name, /^Slettet person [0-9A-F]{4}$/);
    assert.equal(m.agreement.fields.purpose, `${m.mentee.name} lærer af Mette`);
    const after = JSON.parse((await call(base, "GET", "/api/tab/mydata.json", token)).text) as PersonalDataExport;
    assert.deepEqual([after.mentorships, after.privateAnswers], [[], []]);
    // The mentor's answers and name stay.
    const mentorData = JSON.parse((await call(base, "GET", "/api/tab/mydata.json", await keys.sign(mentor))).text) as PersonalDataExport;
    assert.ok(JSON.stringify(mentorData).includes(MENTOR_SECRET));
    assert.equal(mentorData.mentorships[0]?.people.mentor, mentor.name);
  });
});
