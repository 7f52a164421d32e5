import assert from "node:assert/strict";
import { generateKeyPairSync, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { loadConfig } from "../../src/config";
import { emptyAgenda } from "../../src/domain/agenda";
import type { Meeting } from "../../src/domain/meetings";
import { createMentorship } from "../../src/domain/mentorship";
import type { ProgrammeId } from "../../src/domain/programmes";
import type { Logger } from "../../src/log";
import { buildApp } from "../../src/main";
import type { Clock } from "../../src/ports/clock";
import type { ChatRecord } from "../../src/ports/store";
import type { Member } from "../../src/app/actor";
import { loadJose } from "../../src/tabApi/auth";
import { freshStore } from "../support/azurite";
import { ssoClaims } from "../support/jwks";
import { OTHER_TENANT, TENANT, actor } from "../support/fixtures";

/**
 * The tab API over real HTTP against the real app (buildApp, real Azurite), with tokens verified
 * exactly as in production: jose against a JWKS fetched from a URL — here a loopback server that
 * publishes a test key (TAB_JWKS_URL_TEMPLATE), with the real v2 issuer and audience checks.
 */

const CLIENT_ID = "5e0f3a1c-7b2d-4c8e-9f10-a1b2c3d4e5f6";
const APP_ID_URI = `api://mentor.example.dk/${CLIENT_ID}`;
const GROUP = "c0000000-0000-4000-8000-00000000c0de";
const UNLISTED_TENANT = "f0f0f0f0-1111-4222-8333-444455556666";
const CANARY_AGREEMENT = "CANARY-AGREEMENT-7f3e";
const CANARY_GOALS = "CANARY-GOALS-91ab";
const CANARY_AGENDA = "CANARY-AGENDA-c4d2";
/** Issue 13: the mentee's journal entry — in no response here, to anyone (the journal has routes of its own). */
const CANARY_JOURNAL = "CANARY-JOURNAL-5b7d";
const THEME = "Rollen som rådgiver";

const person = (name: string, n: number): Member => ({ aadObjectId: `${n}${n}${n}${n}${n}${n}${n}${n}-aaaa-4aaa-8aaa-aaaaaaaaaaaa`.slice(0, 36), name, channelUserId: `29:${n}` });
const coordinator = person("Karen Koordinator", 1);
const mentor = person("Mette Mentor", 2);
const mentee = person("Søren Sørensen", 3);
const stranger = person("Sigurd Stranger", 4);
const mentee2 = person("Niels Nyansat", 5);
const otherCoordinator = person("Olga Other", 6);
const otherMentee = person("Oscar Other", 7);

const NOW = new Date("2026-03-02T09:00:00Z");
const clock: Clock = { now: () => NOW };
const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };

// ---- a loopback JWKS, as Entra publishes per tenant ------------------------------------------------

interface Keys {
  base: string;
  sign(claims: Record<string, unknown>, opts?: { key?: "trusted" | "other"; alg?: string }): Promise<string>;
  close(): Promise<void>;
}

async function startKeys(): Promise<Keys> {
  const jose = await loadJose();
  const trusted = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const other = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = "test-key-1";
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
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    async sign(claims, opts = {}) {
      const key = opts.key === "other" ? other.privateKey : trusted.privateKey;
      return new jose.SignJWT(claims).setProtectedHeader({ alg: opts.alg ?? "RS256", kid, typ: "JWT" }).sign(key);
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Claims of a v2 Teams SSO access token for this app. */
function claims(who: Member, tid = TENANT, over: Record<string, unknown> = {}): Record<string, unknown> {
  return ssoClaims(who, { tenantId: tid, clientId: CLIENT_ID, now: NOW }, over);
}

// ---- seeding through the real store and MentorshipService ----------------------------------------

type App = Awaited<ReturnType<typeof buildApp>>;

async function seed(app: App, tenantId: string, m: { mentor: Member; mentee: Member; unit: string; programme?: ProgrammeId; agree?: boolean }): Promise<string> {
  const { store, service, summaries } = app;
  const chat: ChatRecord = { tenantId, conversationId: `19:${randomUUID()}@thread.v2`, conversationType: "groupChat", reference: {}, welcomedAt: null, activeMentorshipId: null, pendingSetup: null };
  assert.equal(await store.putChat(chat, null), "saved");
  const stored = await store.getChat(tenantId, chat.conversationId);
  const created = createMentorship(
    { id: randomUUID(), tenantId, conversationId: chat.conversationId, programme: m.programme ?? "klds", language: "da", unit: m.unit, firstWorkingDay: "2026-01-05", mentor: m.mentor, mentee: m.mentee },
    { hasActiveMentorship: false, humanAadObjectIds: [m.mentor.aadObjectId, m.mentee.aadObjectId] },
    new Date("2026-01-02T09:00:00Z"),
  );
  assert.ok(created.ok);
  const { mentorship, firstVersion } = created.value;
  assert.equal(await store.createMentorship(chat, stored!.etag, mentorship, firstVersion), "saved");
  await summaries.refresh(tenantId, mentorship.id);
  if (!m.agree) return mentorship.id;

  assert.ok((await service.markAgreementPosted(tenantId, mentorship.id)).ok);
  // The card's Teams message id, kept by the bot adapter beside the mentorship.
  await app.posted.put(tenantId, mentorship.id, "agreement", "activity-1");
  const edited = await service.editAgreement(actor(m.mentor, "da", tenantId), mentorship.id, 1, {
    ...firstVersion.fields,
    purpose: `Formål ${CANARY_AGREEMENT}`,
    shortTermGoals: `Mål ${CANARY_GOALS}`,
    longTermIdeas: "Langsigtet: blive tryg i myndighedsrollen",
    other: CANARY_AGREEMENT,
  });
  assert.ok(edited.ok, JSON.stringify(edited));
  assert.ok((await service.acceptAgreement(actor(m.mentor, "da", tenantId), mentorship.id, 2)).ok);
  assert.ok((await service.acceptAgreement(actor(m.mentee, "da", tenantId), mentorship.id, 2)).ok);

  const meeting = (date: string, status: Meeting["status"], withAgenda: boolean): Meeting => ({
    mentorshipId: mentorship.id,
    key: `s1|${date}`,
    seriesKey: "s1",
    originalDate: date,
    date,
    time: "10:00",
    minutes: 60,
    startUtc: `${date}T09:00:00.000Z`,
    isoWeek: 1,
    isoYear: 2026,
    status,
    agenda: withAgenda
      ? {
          ...emptyAgenda(),
          theme: THEME,
          howIsMentee: CANARY_AGENDA,
          summary: `Referat ${CANARY_AGENDA}`,
          feedback: { mentor: { how: CANARY_AGENDA, worked: CANARY_AGENDA, better: "", at: "2026-02-10T10:00:00Z" }, mentee: { how: "", worked: "", better: CANARY_AGENDA, at: null } },
          nextTheme: CANARY_AGENDA,
          updatedAt: "2026-02-10T10:00:00.000Z",
        }
      : { ...emptyAgenda(), learningGoal: CANARY_AGENDA },
    agendaPostedAt: null,
  });
  assert.equal(await store.saveMeeting(tenantId, meeting("2026-02-10", "held", true), null), "saved");
  assert.equal(await store.saveMeeting(tenantId, meeting("2026-03-10", "planned", false), null), "saved");
  await summaries.refresh(tenantId, mentorship.id);
  return mentorship.id;
}

// ---- the suite ------------------------------------------------------------------------------------

interface Reply {
  status: number;
  text: string;
  headers: Headers;
  json: () => unknown;
}

async function call(base: string, path: string, token?: string, init: RequestInit = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...(init.headers as Record<string, string> | undefined) };
  if (token !== undefined) headers["authorization"] = `Bearer ${token}`;
  const res = await fetch(`${base}${path}`, { ...init, headers, signal: AbortSignal.timeout(5000) });
  const text = await res.text();
  return { status: res.status, text, headers: res.headers, json: () => JSON.parse(text) as unknown };
}

function assertNoCanary(reply: Reply, ...canaries: string[]): void {
  for (const c of canaries) assert.ok(!reply.text.includes(c), `canary ${c} leaked: ${reply.text.slice(0, 300)}`);
}

const VIEWS = ["/api/tab/whoami", "/api/tab/overview", "/api/tab/overview.csv", "/api/tab/my"];

describe("Tab API over HTTP (Entra SSO mode)", function () {
  this.timeout(60_000);
  let keys: Keys;
  let app: App;
  let base: string;
  let ids: { paired: string; unpaired: string; other: string };

  before(async () => {
    keys = await startKeys();
    const { connectionString, tableName } = await freshStore();
    const config = loadConfig({
      STORAGE_CONNECTION_STRING: connectionString,
      TABLE_NAME: tableName,
      BOT_HOST: "127.0.0.1",
      BOT_PORT: "0",
      LOCAL_ANONYMOUS_BOT: "true",
      ALLOWED_TENANT_IDS: `${TENANT},${OTHER_TENANT}`,
      TAB_CLIENT_ID: CLIENT_ID,
      TAB_APP_ID_URI: APP_ID_URI,
      TAB_COORDINATOR_GROUP_ID: GROUP,
      TAB_JWKS_URL_TEMPLATE: `${keys.base}/{tid}/discovery/v2.0/keys`,
    });
    app = await buildApp({ config, clock, log: quiet });
    await new Promise<void>((r) => app.server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    ids = {
      paired: await seed(app, TENANT, { mentor, mentee, unit: "Børn og familie", agree: true }),
      unpaired: await seed(app, TENANT, { mentor, mentee: mentee2, unit: "Jobcenter" }),
      // Another tenant, with the same person ids as the first tenant's mentor: tenants never mix.
      other: await seed(app, OTHER_TENANT, { mentor, mentee: otherMentee, unit: "Other unit", agree: true }),
    };
    // Issue 13: the mentee keeps a journal entry about a citizen case.
    const written = await app.journal!.create({ tenantId: TENANT, aadObjectId: mentee.aadObjectId }, { title: `Samtale ${CANARY_JOURNAL}`, background: CANARY_JOURNAL, reflection: CANARY_JOURNAL, log: [{ citizen: CANARY_JOURNAL, worker: "", observation: "" }] });
    assert.ok(written.ok, JSON.stringify(written));
  });

  after(async () => {
    await new Promise<void>((r) => app.server.close(() => r()));
    await keys.close();
  });

  const asCoordinator = () => keys.sign(claims(coordinator, TENANT, { roles: ["Coordinator"] }));

  it("tells whoami, with the coordinator from the app role or the configured group", async () => {
    const byRole = await call(base, "/api/tab/whoami", await asCoordinator());
    assert.equal(byRole.status, 200);
    assert.deepEqual(byRole.json(), { tenantId: TENANT, aadObjectId: coordinator.aadObjectId, name: "Karen Koordinator", isCoordinator: true });
    const byGroup = await call(base, "/api/tab/whoami", await keys.sign(claims(stranger, TENANT, { groups: ["x", GROUP] })));
    assert.equal((byGroup.json() as { isCoordinator: boolean }).isCoordinator, true);
    const plain = await call(base, "/api/tab/whoami", await keys.sign(claims(mentor, TENANT, { roles: ["Reader"], groups: ["x"] })));
    assert.equal((plain.json() as { isCoordinator: boolean }).isCoordinator, false);
    const v1Audience = await call(base, "/api/tab/whoami", await keys.sign(claims(mentor, TENANT, { aud: APP_ID_URI })));
    assert.equal(v1Audience.status, 200, "the configured Application ID URI is accepted as audience");
  });

  it("answers the authorisation matrix: coordinator, mentor, mentee, stranger, other tenant", async () => {
    const expect: [string, string, Record<string, number>][] = [
      ["coordinator", await asCoordinator(), { whoami: 200, overview: 200, "overview.csv": 200, my: 200 }],
      ["mentor", await keys.sign(claims(mentor)), { whoami: 200, overview: 403, "overview.csv": 403, my: 200 }],
      ["mentee", await keys.sign(claims(mentee)), { whoami: 200, overview: 403, "overview.csv": 403, my: 200 }],
      ["stranger", await keys.sign(claims(stranger)), { whoami: 200, overview: 403, "overview.csv": 403, my: 200 }],
      ["other-tenant coordinator", await keys.sign(claims(otherCoordinator, OTHER_TENANT, { roles: ["Coordinator"] })), { whoami: 200, overview: 200, "overview.csv": 200, my: 200 }],
      ["unlisted-tenant coordinator", await keys.sign(claims(coordinator, UNLISTED_TENANT, { roles: ["Coordinator"] })), { whoami: 401, overview: 401, "overview.csv": 401, my: 401 }],
    ];
    for (const [who, token, statuses] of expect) {
      for (const view of VIEWS) {
        const name = view.replace("/api/tab/", "");
        const reply = await call(base, view, token);
        assert.equal(reply.status, statuses[name], `${who} ${view}: ${reply.status} ${reply.text.slice(0, 200)}`);
        assertNoCanary(reply, CANARY_AGREEMENT, CANARY_AGENDA, CANARY_JOURNAL);
        if (who !== "mentor" && who !== "mentee") assertNoCanary(reply, CANARY_GOALS);
        if (reply.status >= 400) assert.match(reply.text, /^\{"error":"(Unauthorized|Forbidden)\."\}$/);
        if (reply.status === 401) assert.match(reply.headers.get("www-authenticate") ?? "", /^Bearer/);
      }
    }
  });

  it("refuses expired, wrong-audience, wrong-issuer, scope-less, forged and unsigned tokens with 401", async () => {
    const jose = await loadJose();
    const now = Math.floor(NOW.getTime() / 1000);
    const co = { roles: ["Coordinator"] };
    const bad: [string, string | undefined][] = [
      ["no token", undefined],
      ["expired", await keys.sign(claims(coordinator, TENANT, { ...co, iat: now - 7200, nbf: now - 7200, exp: now - 3600 }))],
      ["wrong audience", await keys.sign(claims(coordinator, TENANT, { ...co, aud: "00000003-0000-0000-c000-000000000000" }))],
      ["wrong issuer", await keys.sign(claims(coordinator, TENANT, { ...co, iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` }))],
      ["v1 issuer", await keys.sign(claims(coordinator, TENANT, { ...co, iss: `https://sts.windows.net/${TENANT}/` }))],
      ["no scope", await keys.sign(claims(coordinator, TENANT, { ...co, scp: "User.Read" }))],
      ["no oid", await keys.sign(claims(coordinator, TENANT, { ...co, oid: undefined }))],
      ["forged signature", await keys.sign(claims(coordinator, TENANT, co), { key: "other" })],
      ["alg none", `${new jose.UnsecuredJWT(claims(coordinator, TENANT, co)).encode()}`],
      ["garbage", "not.a.token"],
      ["local-style token", await localStyleToken()],
    ];
    for (const [what, token] of bad) {
      for (const view of VIEWS) {
        const reply = await call(base, view, token);
        assert.equal(reply.status, 401, `${what} ${view}: ${reply.status}`);
        assert.equal(reply.text, '{"error":"Unauthorized."}');
      }
    }
    const basic = await call(base, "/api/tab/whoami", undefined, { headers: { authorization: "Basic dXNlcjpwYXNz" } });
    assert.equal(basic.status, 401);
  });

  it("shows the coordinator only their own tenant's mentorships, without any text the pair wrote", async () => {
    const reply = await call(base, "/api/tab/overview", await asCoordinator());
    const body = reply.json() as { total: number; rows: { mentorshipId: string; menteeName: string; unit: string; flags: string[]; meetingsHeld: number; nextMeetingUtc: string | null }[]; phaseCounts: Record<string, number>; units: string[] };
    assert.equal(body.total, 2);
    assert.deepEqual(body.rows.map((r) => r.mentorshipId).sort(), [ids.paired, ids.unpaired].sort());
    assert.ok(!reply.text.includes(ids.other) && !reply.text.includes("Oscar") && !reply.text.includes("Other unit"));
    assert.ok(!reply.text.includes(THEME), "not even the theme in the overview");
    assertNoCanary(reply, CANARY_AGREEMENT, CANARY_AGENDA, CANARY_GOALS, CANARY_JOURNAL);
    const paired = body.rows.find((r) => r.mentorshipId === ids.paired);
    assert.equal(paired?.meetingsHeld, 1);
    assert.equal(paired?.nextMeetingUtc, "2026-03-10T09:00:00.000Z");
    assert.deepEqual(body.phaseCounts, { preparation: 1, startUp: 0, learning: 1, closing: 0, closed: 0 });
    assert.deepEqual(body.units, ["Børn og familie", "Jobcenter"]);

    const other = await call(base, "/api/tab/overview", await keys.sign(claims(otherCoordinator, OTHER_TENANT, { roles: ["Coordinator"] })));
    const otherBody = other.json() as { rows: { mentorshipId: string }[] };
    assert.deepEqual(otherBody.rows.map((r) => r.mentorshipId), [ids.other]);
    assert.ok(!other.text.includes("Søren") && !other.text.includes("Niels"));
  });

  it("filters, searches and pages on the server; rejects bad parameters", async () => {
    const token = await asCoordinator();
    const rows = async (q: string) => ((await call(base, `/api/tab/overview?${q}`, token)).json() as { rows: { menteeName: string }[]; total: number });
    assert.deepEqual((await rows("q=soren")).rows.map((r) => r.menteeName), ["Søren Sørensen"]);
    assert.deepEqual((await rows("q=S%C3%98REN")).rows.map((r) => r.menteeName), ["Søren Sørensen"]);
    assert.deepEqual((await rows("q=mette")).total, 2, "search covers the mentor's name");
    assert.deepEqual((await rows("phase=learning")).rows.map((r) => r.menteeName), ["Søren Sørensen"]);
    assert.deepEqual((await rows("unit=Jobcenter")).rows.map((r) => r.menteeName), ["Niels Nyansat"]);
    assert.deepEqual((await rows(`mentor=${mentor.aadObjectId}&sort=menteeName&dir=desc`)).rows.map((r) => r.menteeName), ["Søren Sørensen", "Niels Nyansat"]);
    const page = await rows("sort=menteeName&offset=1&limit=1");
    assert.deepEqual([page.total, page.rows.map((r) => r.menteeName)], [2, ["Søren Sørensen"]]);
    for (const q of ["phase=nope", "sort=json", "limit=0", "limit=5000", "offset=-1", "flag=x", "dir=up"]) {
      const reply = await call(base, `/api/tab/overview?${q}`, token);
      assert.equal(reply.status, 400, q);
    }
  });

  it("exports the filtered list as CSV with a BOM, as an attachment", async () => {
    const res = await fetch(`${base}/api/tab/overview.csv?unit=B%C3%B8rn%20og%20familie`, { headers: { authorization: `Bearer ${await asCoordinator()}` } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/csv; charset=utf-8/);
    assert.match(res.headers.get("content-disposition") ?? "", /^attachment; filename="mentorships-2026-03-02\.csv"$/);
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString("utf8");
    const lines = text.trimEnd().split("\r\n");
    assert.equal(lines.length, 2);
    assert.match(lines[1] ?? "", /^"Søren Sørensen";"Mette Mentor";"Børn og familie";"KL\/DS' mentorordning for nye socialrådgivere";"Læring";/);
    assert.ok(!text.includes(CANARY_AGREEMENT) && !text.includes(CANARY_AGENDA) && !text.includes(CANARY_GOALS) && !text.includes(THEME) && !text.includes(CANARY_JOURNAL));
  });

  it("shows each person only their own mentorships, with goals and held themes but no other text", async () => {
    const my = async (who: Member, tid = TENANT) => call(base, "/api/tab/my", await keys.sign(claims(who, tid)));
    type My = { mentorships: { mentorshipId: string; role: string; otherName: string; learningGoals: { shortTerm: string; longTerm: string }; upcoming: { startUtc: string; minutes: number; joinUrl: string | null }[]; held: { startUtc: string; theme: string }[] }[] };

    const asMentor = await my(mentor);
    const m = asMentor.json() as My;
    assert.deepEqual(m.mentorships.map((x) => [x.mentorshipId, x.role, x.otherName]).sort(), [[ids.paired, "mentor", "Søren Sørensen"], [ids.unpaired, "mentor", "Niels Nyansat"]].sort());
    const paired = m.mentorships.find((x) => x.mentorshipId === ids.paired);
    assert.equal(paired?.learningGoals.shortTerm, `Mål ${CANARY_GOALS}`, "the parties see their agreed goals");
    assert.deepEqual(paired?.held, [{ startUtc: "2026-02-10T09:00:00.000Z", theme: THEME }]);
    assert.deepEqual(paired?.upcoming, [{ startUtc: "2026-03-10T09:00:00.000Z", minutes: 60, joinUrl: null }]);
    assert.deepEqual(m.mentorships.find((x) => x.mentorshipId === ids.unpaired)?.learningGoals, { shortTerm: "", longTerm: "" }, "no goals before the agreement is agreed");
    assertNoCanary(asMentor, CANARY_AGREEMENT, CANARY_AGENDA, CANARY_JOURNAL);
    assert.ok(!asMentor.text.includes(ids.other), "the same person id in another tenant is another person");

    const asMentee = await my(mentee);
    const e = asMentee.json() as My;
    assert.deepEqual(e.mentorships.map((x) => [x.mentorshipId, x.role, x.otherName]), [[ids.paired, "mentee", "Mette Mentor"]]);
    assertNoCanary(asMentee, CANARY_AGREEMENT, CANARY_AGENDA, CANARY_JOURNAL);

    const asMentee2 = await my(mentee2);
    assert.deepEqual((asMentee2.json() as My).mentorships.map((x) => x.mentorshipId), [ids.unpaired]);
    assertNoCanary(asMentee2, CANARY_AGREEMENT, CANARY_AGENDA, CANARY_GOALS);

    for (const [who, tid] of [[stranger, TENANT], [coordinator, TENANT], [otherCoordinator, OTHER_TENANT]] as const) {
      const reply = await my(who, tid);
      assert.deepEqual(reply.json(), { mentorships: [] });
    }
    const otherTenantMentor = await my(mentor, OTHER_TENANT);
    assert.deepEqual((otherTenantMentor.json() as My).mentorships.map((x) => x.mentorshipId), [ids.other]);
    assert.ok(!otherTenantMentor.text.includes("Søren") && !otherTenantMentor.text.includes("Niels"));
  });

  it("hands out no conversation or activity ids, and no mentee's person id, in the overview, the CSV or 'my mentorship'", async () => {
    const secrets: string[] = [];
    for (const [tid, id] of [[TENANT, ids.paired], [TENANT, ids.unpaired], [OTHER_TENANT, ids.other]] as const) {
      const m = (await app.store.getMentorship(tid, id))?.value;
      assert.ok(m?.conversationId, "seeded with a chat");
      secrets.push(m.conversationId);
      for (const slot of ["agreement", "plan", "booking"] as const) {
        const activityId = await app.posted.get(tid, id, slot);
        if (activityId) secrets.push(activityId);
      }
    }
    assert.ok(secrets.includes("activity-1"), "the agreed pair's agreement card id is among the checked");
    const replies = [
      await call(base, "/api/tab/overview", await asCoordinator()),
      await call(base, "/api/tab/overview.csv", await asCoordinator()),
      await call(base, "/api/tab/my", await keys.sign(claims(mentor))),
      await call(base, "/api/tab/my", await keys.sign(claims(mentee))),
    ];
    for (const reply of replies) {
      assert.equal(reply.status, 200);
      for (const s of secrets) assert.ok(!reply.text.includes(s), `${s} in ${reply.text.slice(0, 200)}`);
      assert.ok(!/19:[^"]*@thread/.test(reply.text), "no Teams conversation id");
    }
    // The coordinator gets the mentors (to filter by, and to change one), never the mentees' ids.
    for (const reply of replies.slice(0, 2)) for (const p of [mentee, mentee2]) assert.ok(!reply.text.includes(p.aadObjectId));
    // A party's own page names the other person, not their id.
    assert.ok(!replies[2]!.text.includes(mentee.aadObjectId) && !replies[3]!.text.includes(mentor.aadObjectId));
  });

  it("lets only a coordinator of the mentorship's own tenant act on it; every refusal changes nothing", async () => {
    const json = { "content-type": "application/json" };
    const create = { menteeAadObjectId: mentee2.aadObjectId, mentorAadObjectId: stranger.aadObjectId, programme: "klds", firstWorkingDay: "2026-04-01", unit: "Jobcenter", language: "da" };
    const actions: [string, string, "GET" | "POST", unknown][] = [
      ["people", "/api/tab/people?q=mette", "GET", undefined],
      ["create", "/api/tab/mentorships", "POST", create],
      ["pause", `/api/tab/mentorships/${ids.paired}/pause`, "POST", undefined],
      ["resume", `/api/tab/mentorships/${ids.paired}/resume`, "POST", undefined],
      ["mentor", `/api/tab/mentorships/${ids.paired}/mentor`, "POST", { mentorAadObjectId: stranger.aadObjectId }],
    ];
    const act = (path: string, method: string, body: unknown, token?: string) =>
      call(base, path, token, { method, ...(body === undefined ? {} : { headers: json, body: JSON.stringify(body) }) });
    const etagBefore = (await app.store.getMentorship(TENANT, ids.paired))?.etag;
    const totalBefore = (await app.store.listSummaries(TENANT)).length;

    const now = Math.floor(NOW.getTime() / 1000);
    const co = { roles: ["Coordinator"] };
    const refusedAs: [string, string | undefined, number][] = [
      ["no token", undefined, 401],
      ["expired coordinator", await keys.sign(claims(coordinator, TENANT, { ...co, exp: now - 60 })), 401],
      ["wrong-audience coordinator", await keys.sign(claims(coordinator, TENANT, { ...co, aud: "api://someone-else" })), 401],
      ["forged coordinator", await keys.sign(claims(coordinator, TENANT, co), { key: "other" }), 401],
      ["unlisted-tenant coordinator", await keys.sign(claims(coordinator, UNLISTED_TENANT, co)), 401],
      ["mentor", await keys.sign(claims(mentor)), 403],
      ["mentee", await keys.sign(claims(mentee)), 403],
      ["stranger", await keys.sign(claims(stranger)), 403],
    ];
    for (const [who, token, status] of refusedAs) {
      for (const [what, path, method, body] of actions) {
        const reply = await act(path, method, body, token);
        assert.equal(reply.status, status, `${who} ${what}: ${reply.status} ${reply.text.slice(0, 200)}`);
      }
    }
    // A coordinator of another tenant: the mentorship does not exist for them, and nobody of this tenant can be named.
    const other = await keys.sign(claims(otherCoordinator, OTHER_TENANT, co));
    for (const [what, path, method, body] of actions.slice(2)) assert.equal((await act(path, method, body, other)).status, 404, `other tenant ${what}`);
    const otherCreate = await act("/api/tab/mentorships", "POST", create, other);
    assert.deepEqual([otherCreate.status, (otherCreate.json() as { code: string }).code], [400, "PERSON_NOT_FOUND"]);
    assert.deepEqual((await act("/api/tab/people?q=mette", "GET", undefined, other)).json(), { people: [] });

    assert.equal((await app.store.getMentorship(TENANT, ids.paired))?.etag, etagBefore, "the mentorship was not written");
    assert.equal((await app.store.listSummaries(TENANT)).length, totalBefore, "nothing was created");
    // The tenant's own coordinator may: pausing answers 200 and changes it.
    assert.equal((await act(`/api/tab/mentorships/${ids.paired}/pause`, "POST", undefined, await asCoordinator())).status, 200);
    assert.notEqual((await app.store.getMentorship(TENANT, ids.paired))?.etag, etagBefore);
    assert.equal((await act(`/api/tab/mentorships/${ids.paired}/resume`, "POST", undefined, await asCoordinator())).status, 200);
  });

  it("refuses local tokens and hides the local endpoints when Entra settings are configured", async () => {
    assert.equal((await call(base, "/api/tab/local-users")).status, 404);
    const post = await call(base, "/api/tab/local-token", undefined, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ aadObjectId: coordinator.aadObjectId }) });
    assert.equal(post.status, 404);
  });
});

/** A token exactly as local mode signs them (ES256, the local issuer and audience) — with a key this server never had. */
async function localStyleToken(): Promise<string> {
  const jose = await loadJose();
  const { privateKey } = await jose.generateKeyPair("ES256");
  return new jose.SignJWT({ tid: TENANT, oid: coordinator.aadObjectId, scp: "access_as_user", roles: ["Coordinator"] })
    .setProtectedHeader({ alg: "ES256", kid: "local-x" })
    .setIssuer("urn:mentor:local")
    .setAudience("urn:mentor:local:tab")
    .setIssuedAt(Math.floor(NOW.getTime() / 1000))
    .setExpirationTime(Math.floor(NOW.getTime() / 1000) + 3600)
    .sign(privateKey);
}
