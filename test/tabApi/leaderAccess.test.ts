import assert from "node:assert/strict";
import { generateKeyPairSync, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { TableClient } from "@azure/data-tables";
import { loadConfig } from "../../src/config";
import { emptyAgenda } from "../../src/domain/agenda";
import type { Closing } from "../../src/domain/closing";
import type { Meeting } from "../../src/domain/meetings";
import { type Mentorship, createMentorship } from "../../src/domain/mentorship";
import type { Logger } from "../../src/log";
import { buildApp } from "../../src/main";
import type { Clock } from "../../src/ports/clock";
import type { ChatRecord } from "../../src/ports/store";
import type { Member } from "../../src/app/actor";
import { loadJose } from "../../src/tabApi/auth";
import type { StaffRow } from "../../src/tabApi/staff";
import { freshStore } from "../support/azurite";
import { ssoClaims } from "../support/jwks";
import { TENANT, actor } from "../support/fixtures";

/**
 * Issue 12's authorisation matrix for the leader and the contact person, over every tab endpoint,
 * against the real app over HTTP (buildApp, Azurite, tokens verified as in production): a leader
 * sees their own new hires' dates and counts ("My staff") and nothing else; a leader of another
 * unit, a former leader and a contact person see nothing of the mentorship; no refusal writes a
 * row. And the canary: text typed into the agreement, an agenda and the evaluation never appears
 * in any leader or contact-person response — JSON, CSV or document.
 */

const CLIENT_ID = "6a1f3a1c-7b2d-4c8e-9f10-a1b2c3d4e5f7";
const CANARY_AGREEMENT = "CANARY-AGREEMENT-l3a9";
const CANARY_GOALS = "CANARY-GOALS-l77b";
const CANARY_AGENDA = "CANARY-AGENDA-l0c4";
const CANARY_EVALUATION = "CANARY-EVALUATION-l5e2";
const CANARY_UNSHARED = "CANARY-UNSHARED-RECOMMENDATION-l8d1";
const CANARIES = [CANARY_AGREEMENT, CANARY_GOALS, CANARY_AGENDA, CANARY_EVALUATION, CANARY_UNSHARED];
const SHARED_RECOMMENDATION = "Anbefaling: kursus i myndighedsrollen";

const person = (name: string, n: number): Member => ({ aadObjectId: `${n}${n}${n}${n}${n}${n}${n}${n}-bbbb-4bbb-8bbb-bbbbbbbbbbbb`.slice(0, 36), name, channelUserId: `29:${n}` });
const coordinator = person("Karen Koordinator", 1);
const mentor = person("Mette Mentor", 2);
const mentee = person("Søren Sørensen", 3);
const mentee2 = person("Niels Nyansat", 4);
const leader = person("Lars Leder", 5);
const otherLeader = person("Olivia Andenleder", 6);
const formerLeader = person("Frede Tidligereleder", 7);
const contact = person("Kirsten Kontakt", 8);
const mentee3 = person("Ida Ipsen", 9);

const NOW = new Date("2026-03-02T09:00:00Z");
const clock: Clock = { now: () => NOW };
const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };

async function startKeys() {
  const jose = await loadJose();
  const trusted = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = "test-key-leader";
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

const meeting = (mentorshipId: string, date: string, status: Meeting["status"], withAgenda: boolean): Meeting => ({
  mentorshipId,
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
        theme: `Tema ${CANARY_AGENDA}`,
        howIsMentee: CANARY_AGENDA,
        summary: `Referat ${CANARY_AGENDA}`,
        feedback: { mentor: { how: CANARY_AGENDA, worked: CANARY_AGENDA, better: "", at: "2026-02-10T10:00:00Z" }, mentee: { how: "", worked: "", better: CANARY_AGENDA, at: null } },
        nextTheme: CANARY_AGENDA,
        updatedAt: "2026-02-10T10:00:00.000Z",
      }
    : { ...emptyAgenda(), learningGoal: CANARY_AGENDA },
  agendaPostedAt: null,
});

function closingOf(m: Mentorship, o: { share: boolean; closed: boolean; recommendations: string }): Closing {
  return {
    reason: "completed",
    startedBy: "mentor",
    startedAt: "2026-02-20T09:00:00.000Z",
    agreementVersion: m.agreement.version,
    evaluation: {
      version: 3,
      fields: { goals: [{ goal: "Mål", source: "shortTermGoals", status: "reached", comment: CANARY_EVALUATION }], worked: CANARY_EVALUATION, couldBeBetter: `Bedre ${CANARY_EVALUATION}`, recommendations: o.recommendations },
      editedBy: "mentor",
      at: "2026-02-25T09:00:00.000Z",
      confirmations: o.closed ? { mentor: { version: 3, at: "2026-02-26T09:00:00.000Z" }, mentee: { version: 3, at: "2026-02-26T10:00:00.000Z" } } : {},
      shareWithLeader: o.share,
      shareWithLeaderAt: o.share ? "2026-02-26T10:00:00.000Z" : null,
    },
    closedAt: o.closed ? "2026-02-26T10:00:00.000Z" : null,
  };
}

/** A mentorship through the real store and MentorshipService: the agreement typed with canaries, a held meeting with an agenda. */
async function seed(app: App, m: { mentee: Member; unit: string; leader: Member; contact?: Member }): Promise<string> {
  const { store, service, summaries } = app;
  const chat: ChatRecord = { tenantId: TENANT, conversationId: `19:${randomUUID()}@thread.v2`, conversationType: "groupChat", reference: {}, welcomedAt: null, activeMentorshipId: null, pendingSetup: null };
  assert.equal(await store.putChat(chat, null), "saved");
  const stored = await store.getChat(TENANT, chat.conversationId);
  const created = createMentorship(
    { id: randomUUID(), tenantId: TENANT, conversationId: chat.conversationId, programme: "klds", language: "da", unit: m.unit, firstWorkingDay: "2026-01-05", mentor, mentee: m.mentee },
    { hasActiveMentorship: false, humanAadObjectIds: [mentor.aadObjectId, m.mentee.aadObjectId] },
    new Date("2026-01-02T09:00:00Z"),
  );
  assert.ok(created.ok);
  const { firstVersion } = created.value;
  const mentorship: Mentorship = { ...created.value.mentorship, leader: m.leader, ...(m.contact ? { contact: m.contact } : {}) };
  assert.equal(await store.createMentorship(chat, stored!.etag, mentorship, firstVersion), "saved");
  assert.ok((await service.markAgreementPosted(TENANT, mentorship.id)).ok);
  await app.posted.put(TENANT, mentorship.id, "agreement", "activity-1");
  const edited = await service.editAgreement(actor(mentor, "da"), mentorship.id, 1, { ...firstVersion.fields, purpose: `Formål ${CANARY_AGREEMENT}`, shortTermGoals: `Mål ${CANARY_GOALS}`, other: CANARY_AGREEMENT });
  assert.ok(edited.ok, JSON.stringify(edited));
  assert.ok((await service.acceptAgreement(actor(mentor, "da"), mentorship.id, 2)).ok);
  assert.ok((await service.acceptAgreement(actor(m.mentee, "da"), mentorship.id, 2)).ok);
  assert.equal(await store.saveMeeting(TENANT, meeting(mentorship.id, "2026-02-10", "held", true), null), "saved");
  assert.equal(await store.saveMeeting(TENANT, meeting(mentorship.id, "2026-03-10", "planned", false), null), "saved");
  await summaries.refresh(TENANT, mentorship.id);
  return mentorship.id;
}

async function update(app: App, id: string, change: (m: Mentorship) => Mentorship): Promise<void> {
  const got = await app.store.getMentorship(TENANT, id);
  assert.ok(got);
  assert.equal(await app.store.saveMentorship(change(got.value), got.etag), "saved");
  await app.summaries.refresh(TENANT, id);
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

describe("Tab API: the leader and the contact person (issue 12's authorisation matrix and canary)", function () {
  this.timeout(90_000);
  let keys: Awaited<ReturnType<typeof startKeys>>;
  let app: App;
  let base: string;
  let table: TableClient;
  let ids: { closed: string; running: string; otherUnit: string };

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
      ALLOWED_TENANT_IDS: TENANT,
      TAB_CLIENT_ID: CLIENT_ID,
      TAB_APP_ID_URI: `api://mentor.example.dk/${CLIENT_ID}`,
      TAB_JWKS_URL_TEMPLATE: `${keys.base}/{tid}/discovery/v2.0/keys`,
    });
    app = await buildApp({ config, clock, log: quiet });
    await new Promise<void>((r) => app.server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    ids = {
      closed: await seed(app, { mentee, unit: "Børn og familie", leader, contact }),
      running: await seed(app, { mentee: mentee2, unit: "Børn og familie", leader }),
      // Led first by the former leader, now by the leader of another unit.
      otherUnit: await seed(app, { mentee: mentee3, unit: "Jobcenter", leader: formerLeader, contact }),
    };
    // Closed with the mentee's consent to share the recommendations with the leader.
    await update(app, ids.closed, (m) => ({ ...m, phase: "closed", closing: closingOf(m, { share: true, closed: true, recommendations: SHARED_RECOMMENDATION }) }));
    // In closing, no consent: the recommendations stay the pair's.
    await update(app, ids.running, (m) => ({ ...m, phase: "closing", closing: closingOf(m, { share: false, closed: false, recommendations: CANARY_UNSHARED }) }));
    await update(app, ids.otherUnit, (m) => ({ ...m, leader: otherLeader }));
  });

  after(async () => {
    await new Promise<void>((r) => app.server.close(() => r()));
    await keys.close();
  });

  /** Every row in the table with its ETag: equal before and after means nothing was written. */
  async function rows(): Promise<string[]> {
    const out: string[] = [];
    for await (const e of table.listEntities()) out.push(`${e.partitionKey}|${e.rowKey}|${e.etag}`);
    return out.sort();
  }

  /** Every tab endpoint, for one mentorship id. `writes`: would change something if allowed. */
  const endpoints = (id: string) =>
    [
      { name: "whoami", method: "GET", path: "/api/tab/whoami" },
      { name: "overview", method: "GET", path: "/api/tab/overview" },
      { name: "overview.csv", method: "GET", path: "/api/tab/overview.csv" },
      { name: "statistics", method: "GET", path: "/api/tab/statistics" },
      { name: "statistics.csv", method: "GET", path: "/api/tab/statistics.csv" },
      { name: "my", method: "GET", path: "/api/tab/my" },
      { name: "agreement.docx", method: "GET", path: `/api/tab/my/${id}/agreement/2.docx` },
      { name: "evaluation.docx", method: "GET", path: `/api/tab/my/${id}/evaluation.docx` },
      { name: "people", method: "GET", path: "/api/tab/people?q=a" },
      { name: "staff", method: "GET", path: "/api/tab/staff" },
      { name: "pause", method: "POST", path: `/api/tab/mentorships/${id}/pause` },
      { name: "resume", method: "POST", path: `/api/tab/mentorships/${id}/resume` },
      { name: "mentor", method: "POST", path: `/api/tab/mentorships/${id}/mentor`, body: { mentorAadObjectId: contact.aadObjectId } },
      { name: "closing", method: "POST", path: `/api/tab/mentorships/${id}/closing`, body: { reason: "completed" } },
      { name: "create", method: "POST", path: "/api/tab/mentorships", body: { menteeAadObjectId: mentee.aadObjectId, mentorAadObjectId: mentor.aadObjectId, programme: "klds", firstWorkingDay: "2026-04-01", unit: "X", language: "da" } },
      // The leader and introduction engineers' routes (coordinators only): refused for all here, whether merged yet or not.
      { name: "leader", method: "PUT", path: `/api/tab/mentorships/${id}/leader`, body: { aadObjectId: contact.aadObjectId, confirmLeader: true } },
      { name: "introduction", method: "PUT", path: `/api/tab/mentorships/${id}/introduction`, body: { contactAadObjectId: contact.aadObjectId, mode: "beside", confirmLeader: true } },
    ] as const;

  const REFUSED = [403, 404, 405];
  /** What each role may have: 200 for these, a refusal for every other endpoint. */
  const allowed = ["whoami", "my", "staff"];

  it("every tab endpoint: the leader, a leader of another unit, a former leader and a contact person get what their role allows, the rest is refused without a write", async () => {
    const roles = [
      { who: "leader", as: leader, staff: ["Niels Nyansat", "Søren Sørensen"] },
      { who: "leader of another unit", as: otherLeader, staff: ["Ida Ipsen"] },
      { who: "former leader", as: formerLeader, staff: [] },
      { who: "contact person", as: contact, staff: [] },
    ];
    for (const role of roles) {
      const token = await keys.sign(role.as);
      // Probed over every mentorship: their own new hires' too (no role here may change a mentorship from these routes).
      for (const id of Object.values(ids)) {
        const before = await rows();
        for (const e of endpoints(id)) {
          const reply = await call(base, e.method, e.path, token, "body" in e ? e.body : undefined);
          for (const c of CANARIES) assert.ok(!reply.text.includes(c), `${role.who} ${e.method} ${e.path}: canary ${c} leaked`);
          if (allowed.includes(e.name)) assert.equal(reply.status, 200, `${role.who} ${e.name}: ${reply.status} ${reply.text.slice(0, 200)}`);
          else assert.ok(REFUSED.includes(reply.status), `${role.who} ${e.method} ${e.path} must be refused: ${reply.status} ${reply.text.slice(0, 200)}`);
          if (e.name === "my") assert.deepEqual((reply.json() as { mentorships: unknown[] }).mentorships, [], `${role.who} is no party: no "my mentorship"`);
          if (e.name === "staff") {
            const staff = (reply.json() as { staff: StaffRow[] }).staff;
            assert.deepEqual(staff.map((r) => r.menteeName).sort(), role.staff, `${role.who}'s staff`);
          }
          if (e.name === "whoami") assert.equal((reply.json() as { isLeader?: boolean }).isLeader === true, role.staff.length > 0, `${role.who} whoami isLeader`);
        }
        assert.deepEqual(await rows(), before, `${role.who}: nothing was written for mentorship ${id}`);
      }
    }
  });

  it("the leader's request for a change of mentor: only for their own new hire; nothing written for anyone else", async () => {
    const before = await rows();
    for (const [who, as, id] of [
      ["leader of another unit", otherLeader, ids.running],
      ["former leader", formerLeader, ids.otherUnit],
      ["contact person", contact, ids.otherUnit],
      ["mentor", mentor, ids.running],
      ["coordinator", coordinator, ids.running],
      ["leader, unknown id", leader, "no-such-id"],
    ] as const) {
      const token = await keys.sign(as, who === "coordinator" ? { roles: ["Coordinator"] } : {});
      const reply = await call(base, "POST", `/api/tab/staff/${encodeURIComponent(id)}/mentorChange`, token, {});
      assert.equal(reply.status, 404, `${who}: ${reply.status} ${reply.text}`);
      assert.equal(reply.text, '{"error":"Not found."}', `${who}: the same answer as for an id that does not exist`);
    }
    // A closed mentorship needs no new mentor: refused, nothing written.
    const closed = await call(base, "POST", `/api/tab/staff/${ids.closed}/mentorChange`, await keys.sign(leader), {});
    assert.equal(closed.status, 409, closed.text);
    assert.deepEqual(await rows(), before, "no refusal wrote a row");
  });

  it("the leader's own new hires: dates, counts and talks, the recommendations only with consent; the coordinator sees the flag until a change of mentor", async () => {
    const asLeader = await keys.sign(leader);
    const staff = (await call(base, "GET", "/api/tab/staff", asLeader)).json() as { staff: StaffRow[] };
    const closed = staff.staff.find((r) => r.mentorshipId === ids.closed);
    const running = staff.staff.find((r) => r.mentorshipId === ids.running);
    assert.ok(closed && running);
    assert.equal(closed.recommendations, SHARED_RECOMMENDATION);
    assert.equal(running.recommendations, null, "no consent: no recommendations");
    assert.equal(closed.phase, "closed");
    assert.equal(running.phase, "closing");
    assert.equal(running.mentorName, "Mette Mentor");
    assert.equal(running.meetingsHeld, 1);
    assert.equal(running.meetingsPlanned, 2);
    assert.equal(running.nextMeetingUtc, "2026-03-10T09:00:00.000Z");
    assert.deepEqual(running.talks.map((t) => t.key), ["developmentTalk"], "KL/DS: the development talk at 12 months");
    assert.equal(running.talks[0]?.from, "2027-01-05");
    assert.equal(running.introduction, null);
    assert.equal(running.mentorChangeRequestedAt, null);
    // The contact person named on a mentorship is no reader of its recommendations.
    const asContact = await call(base, "GET", "/api/tab/staff", await keys.sign(contact));
    assert.ok(!asContact.text.includes(SHARED_RECOMMENDATION));

    const asked = await call(base, "POST", `/api/tab/staff/${ids.running}/mentorChange`, asLeader, {});
    assert.equal(asked.status, 200, asked.text);
    assert.deepEqual(asked.json(), { mentorshipId: ids.running, mentorChangeRequested: true });
    const again = await call(base, "POST", `/api/tab/staff/${ids.running}/mentorChange`, asLeader, {});
    assert.equal(again.status, 200, "asking again is no refusal");
    const after = (await call(base, "GET", "/api/tab/staff", asLeader)).json() as { staff: StaffRow[] };
    assert.equal(after.staff.find((r) => r.mentorshipId === ids.running)?.mentorChangeRequestedAt, NOW.toISOString());

    const asCoordinator = await keys.sign(coordinator, { roles: ["Coordinator"] });
    const flagsOf = async () => {
      const page = (await call(base, "GET", "/api/tab/overview?closed=show", asCoordinator)).json() as { rows: { mentorshipId: string; flags: string[] }[] };
      return page.rows.find((r) => r.mentorshipId === ids.running)?.flags ?? [];
    };
    assert.ok((await flagsOf()).includes("mentorChangeRequested"));
    const csv = await call(base, "GET", "/api/tab/overview.csv?lang=en", asCoordinator);
    assert.match(csv.text, /The leader asks for a change of mentor/);

    // The coordinator's change of mentor answers the request: the flag goes.
    const changed = await app.service.changeMentor(TENANT, ids.running, contact);
    assert.ok(changed.ok, JSON.stringify(changed));
    await app.summaries.refresh(TENANT, ids.running);
    app.summaryCache.invalidate(TENANT);
    assert.ok(!(await flagsOf()).includes("mentorChangeRequested"));
    const cleared = (await call(base, "GET", "/api/tab/staff", asLeader)).json() as { staff: StaffRow[] };
    assert.equal(cleared.staff.find((r) => r.mentorshipId === ids.running)?.mentorChangeRequestedAt, null);
  });
});
