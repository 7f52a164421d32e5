import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import { loadConfig } from "../../src/config";
import type { Closing } from "../../src/domain/closing";
import { createMentorship, type Mentorship } from "../../src/domain/mentorship";
import { silentLogger } from "../../src/log";
import { buildApp } from "../../src/main";
import type { ChatRecord } from "../../src/ports/store";
import { statisticsCsvHeaders } from "../../src/tabApi/statistics";
import { TabApi } from "../../src/tabApi/api";
import { TabAuthenticator } from "../../src/tabApi/auth";
import type { RatingRecord } from "../../src/domain/statistics";
import { freshStore } from "../support/azurite";
import { PERSONAS, TENANT_ID, localAppConfig } from "../support/e2e";

/**
 * GET /api/tab/statistics and /api/tab/statistics.csv over HTTP against the real app (buildApp on
 * Azurite, local tokens): coordinators of the tenant only, figures from the tenant's own
 * mentorships, small groups as "fewer than 5", the group sizes never sent, and a CSV in the
 * language asked that csv-parse reads.
 */
type App = Awaited<ReturnType<typeof buildApp>>;
const NOW = new Date("2027-03-01T08:00:00Z");
const OTHER_TENANT = "0f0f0f0f-2222-4333-8444-555566667777";

let n = 0;
const seeded: { tenantId: string; id: string }[] = [];
async function seed(app: App, tenantId: string, firstWorkingDay: string, closedAs?: Closing["reason"]): Promise<string> {
  n += 1;
  const mentee = { aadObjectId: `5eed${String(n).padStart(4, "0")}-aaaa-4aaa-8aaa-aaaaaaaaaaaa`, name: `Nyansat ${n}`, channelUserId: `29:n${n}` };
  const mentor = { aadObjectId: PERSONAS.mentor.aadObjectId, name: PERSONAS.mentor.name, channelUserId: PERSONAS.mentor.id };
  const chat: ChatRecord = { tenantId, conversationId: `19:${randomUUID()}@thread.v2`, conversationType: "groupChat", reference: {}, welcomedAt: null, activeMentorshipId: null, pendingSetup: null };
  assert.equal(await app.store.putChat(chat, null), "saved");
  const stored = await app.store.getChat(tenantId, chat.conversationId);
  const created = createMentorship(
    { id: randomUUID(), tenantId, conversationId: chat.conversationId, programme: "klds", language: "da", unit: "Børn og familie", firstWorkingDay, mentor, mentee },
    { hasActiveMentorship: false, humanAadObjectIds: [mentor.aadObjectId, mentee.aadObjectId] },
    new Date(`${firstWorkingDay}T08:00:00Z`),
  );
  assert.ok(created.ok);
  let m: Mentorship = created.value.mentorship;
  if (closedAs) {
    // Stored as the closing use case leaves it: the closing record with its reason, the phase closed.
    const at = "2027-01-15T10:00:00.000Z";
    const closing: Closing = {
      reason: closedAs,
      startedBy: "coordinator",
      startedAt: at,
      agreementVersion: 1,
      evaluation: { version: 1, fields: { goals: [], worked: "", couldBeBetter: "", recommendations: "" }, editedBy: "programme", at, confirmations: {}, shareWithLeader: false, shareWithLeaderAt: null },
      closedAt: at,
    };
    m = { ...m, phase: "closed", phaseSince: at, closing };
  }
  assert.equal(await app.store.createMentorship(chat, stored!.etag, m, created.value.firstVersion), "saved");
  await app.summaries.refresh(tenantId, m.id);
  seeded.push({ tenantId, id: m.id });
  return m.id;
}

type Cell = { value: number } | { fewerThan: number } | { withheld: true };
interface Quarter {
  quarter: string;
  started: Cell;
  active: Cell;
  completed: Cell;
  endedEarly: Cell;
  leftWithinYear: Cell;
  percent: Record<string, Cell>;
  meetingsHeld: Cell;
}
interface Stats {
  minGroup: number;
  quarters: Quarter[];
  total: Quarter;
  mentorLoad: { mentees: number; mentors: Cell }[];
  ratings: { party: string; people: Cell; average: Record<string, Cell> }[];
}

describe("Tab API: the coordinator's statistics", function () {
  this.timeout(120_000);
  let app: App;
  let base: string;
  const tokens = new Map<string, string>();
  const get = async (path: string, who?: string) => {
    const headers: Record<string, string> = {};
    if (who) {
      if (!tokens.has(who)) {
        const r = await fetch(`${base}/api/tab/local-token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ aadObjectId: who }) });
        tokens.set(who, ((await r.json()) as { token: string }).token);
      }
      headers["authorization"] = `Bearer ${tokens.get(who)}`;
    }
    return fetch(`${base}${path}`, { headers, signal: AbortSignal.timeout(10_000) });
  };

  before(async () => {
    const { connectionString, tableName } = await freshStore();
    app = await buildApp({ config: loadConfig(localAppConfig(connectionString, tableName)), clock: { now: () => NOW }, log: silentLogger });
    // 1st quarter 2026: 6 running and 5 completed; 2nd quarter: 5; 3rd quarter: 2 (too few to show).
    for (let i = 0; i < 6; i++) await seed(app, TENANT_ID, "2026-02-02");
    for (let i = 0; i < 5; i++) await seed(app, TENANT_ID, "2026-03-02", "completed");
    for (let i = 0; i < 5; i++) await seed(app, TENANT_ID, "2026-05-04");
    for (let i = 0; i < 2; i++) await seed(app, TENANT_ID, "2026-08-03");
    // Another tenant's mentorships never count here.
    for (let i = 0; i < 7; i++) await seed(app, OTHER_TENANT, "2026-02-02", "leftWorkplace");
    await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${app.server.address().port}`;
  });

  after(async () => {
    await new Promise<void>((resolve) => app.server.close(() => resolve()));
  });

  it("answers only a coordinator of the tenant: no token 401, a mentor or mentee 403", async () => {
    for (const path of ["/api/tab/statistics", "/api/tab/statistics.csv?lang=da"]) {
      assert.equal((await get(path)).status, 401, path);
      assert.equal((await get(path, PERSONAS.mentor.aadObjectId)).status, 403, `${path}: a mentor`);
      assert.equal((await get(path, PERSONAS.mentee.aadObjectId)).status, 403, `${path}: a mentee`);
      assert.equal((await get(path, PERSONAS.manager.aadObjectId)).status, 403, `${path}: a leader`);
      assert.equal((await get(path, PERSONAS.coordinator.aadObjectId)).status, 200, `${path}: the coordinator`);
    }
    assert.equal((await get("/api/tab/statistics.csv?lang=sv", PERSONAS.coordinator.aadObjectId)).status, 400, "an unknown language is refused");
  });

  it("counts the tenant's own mentorships per start quarter and shows small groups as fewer than 5", async () => {
    const res = await get("/api/tab/statistics", PERSONAS.coordinator.aadObjectId);
    const text = await res.text();
    const s = JSON.parse(text) as Stats;
    assert.equal(s.minGroup, 5);
    assert.deepEqual(s.quarters.map((q) => q.quarter), ["2026-Q1", "2026-Q2", "2026-Q3"]);
    const [q1, q2, q3] = s.quarters;
    assert.deepEqual([q1!.started, q1!.active, q1!.completed, q1!.percent["completed"]], [{ value: 11 }, { value: 6 }, { value: 5 }, { value: 45 }]);
    assert.deepEqual(q1!.leftWithinYear, { fewerThan: 5 }, "the other tenant's seven who left are not ours");
    assert.deepEqual(q3!.started, { fewerThan: 5 });
    assert.deepEqual(q3!.meetingsHeld, { fewerThan: 5 });
    // Total 18 minus the quarters shown would give the 2 of the 3rd quarter: the total is withheld, the 2nd quarter (5) shown.
    assert.deepEqual(s.total.started, { withheld: true });
    assert.deepEqual(q2!.started, { value: 5 });
    // One mentor with 11 running mentorships: a group of one.
    assert.deepEqual(s.mentorLoad.map((l) => l.mentors), [{ fewerThan: 5 }, { fewerThan: 5 }, { fewerThan: 5 }, { fewerThan: 5 }]);
    assert.deepEqual(s.ratings.map((r) => [r.party, r.people]), [["mentor", { fewerThan: 5 }], ["mentee", { fewerThan: 5 }]]);
    assert.doesNotMatch(text, /"n":/, "how many people a figure is about stays on the server");
    assert.doesNotMatch(text, /Nyansat|Mette/, "no names");
  });

  it("writes the quarter table as CSV in the language asked, which csv-parse reads back", async () => {
    for (const [lang, delimiter, fewer, q1Name, total, withheld] of [
      ["da", ";", "færre end 5", "1. kvartal 2026", "I alt", "skjult"],
      ["nb", ";", "færre enn 5", "1. kvartal 2026", "Totalt", "skjult"],
      ["en", ",", "fewer than 5", "Q1 2026", "Total", "withheld"],
    ] as const) {
      const res = await get(`/api/tab/statistics.csv?lang=${lang}`, PERSONAS.coordinator.aadObjectId);
      assert.match(res.headers.get("content-type") ?? "", /^text\/csv; charset=utf-8/);
      assert.match(res.headers.get("content-disposition") ?? "", /attachment; filename="statistics-2027-03-01\.csv"/);
      const bytes = Buffer.from(await res.arrayBuffer());
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], `${lang}: a BOM for Excel`);
      const rows = parse(bytes.toString("utf8"), { bom: true, delimiter }) as string[][];
      assert.deepEqual(rows[0], statisticsCsvHeaders(lang), `${lang}: headers from the word list`);
      assert.equal(rows.length, 1 + 3 + 1, `${lang}: three quarters and the total`);
      assert.ok(rows.every((r) => r.length === rows[0]!.length), `${lang}: every row has every column`);
      // Quarter; started; active, %; completed, %; ended early, %; left, %; meetings held, planned, held %.
      assert.deepEqual(rows[1], [q1Name, "11", "6", "55", "5", "45", fewer, fewer, fewer, fewer, "0", "0", "0"]);
      assert.equal(rows[2]![1], "5");
      assert.equal(rows[3]![1], fewer, `${lang}: the 3rd quarter's 2 are "${fewer}"`);
      assert.equal(rows[4]![0], total);
      assert.equal(rows[4]![1], withheld, `${lang}: the total would give the 3rd quarter away`);
    }
  });

  it("the overview leaves closed mentorships out unless asked for (closed=show, or the phase closed)", async () => {
    const total = async (q: string) => ((await (await get(`/api/tab/overview${q}`, PERSONAS.coordinator.aadObjectId)).json()) as { total: number; phaseCounts: Record<string, number> });
    assert.equal((await total("")).total, 13, "18 of the tenant's, 5 of them closed");
    assert.equal((await total("?closed=show")).total, 18);
    assert.equal((await total("?phase=closed")).total, 5);
    assert.equal((await total("")).phaseCounts["closed"], 5, "the chart still counts them");
    assert.equal((await get("/api/tab/overview?closed=maybe", PERSONAS.coordinator.aadObjectId)).status, 400);
    const csv = await (await get("/api/tab/overview.csv?lang=da&closed=show", PERSONAS.coordinator.aadObjectId)).text();
    assert.equal(csv.trim().split("\r\n").length, 1 + 18, "the export follows the same filter");
  });

  it("averages the ratings listRatings gives, by party and per person, with no comment and no small group", async () => {
    // The private-answer store is another part's (wired in main.ts by the lead): here its listRatings is given directly.
    const ours = seeded.filter((x) => x.tenantId === TENANT_ID).map((x) => x.id);
    const rating = (mentorshipId: string, party: RatingRecord["party"], score: 1 | 2 | 3 | 4 | 5): RatingRecord => ({
      mentorshipId,
      party,
      ratings: { useful: score, wellRun: score, recommend: 5, comment: "HEMMELIG-KOMMENTAR-42", at: "2027-01-20T10:00:00.000Z" },
    });
    // Six mentees (4, 4, 4, 5, 5, 5 → 4.5); the one mentor rated six mentorships: one person.
    const ratings = [...ours.slice(0, 6).map((id, i) => rating(id, "mentee", i < 3 ? 4 : 5)), ...ours.slice(0, 6).map((id) => rating(id, "mentor", 2))];
    const users = [{ name: PERSONAS.coordinator.name, aadObjectId: PERSONAS.coordinator.aadObjectId, email: PERSONAS.coordinator.email, isCoordinator: true }];
    const { auth, signer } = await TabAuthenticator.local({ tenantId: TENANT_ID, allowedTenantIds: [TENANT_ID], users }, { now: () => NOW }, silentLogger);
    const asked: string[] = [];
    const api = new TabApi({
      auth,
      store: { listSummaries: (tid) => app.store.listSummaries(tid), mentorshipsOf: (tid, who) => app.store.mentorshipsOf(tid, who), listMeetings: (tid, id) => app.store.listMeetings(tid, id), getAgreementVersion: (tid, id, n) => app.store.getAgreementVersion(tid, id, n) },
      clock: { now: () => NOW },
      log: silentLogger,
      local: signer,
      listRatings: async (tenantId) => {
        asked.push(tenantId);
        return ratings;
      },
    });
    const token = (await signer.sign(PERSONAS.coordinator.aadObjectId))!.token;
    const res = await api.statistics({ authorization: `Bearer ${token}`, query: new URLSearchParams() });
    assert.equal(res.status, 200);
    assert.deepEqual(asked, [TENANT_ID], "the ratings of the caller's tenant only");
    const body = JSON.stringify(res.body);
    assert.ok(!body.includes("HEMMELIG"), "a comment never leaves the server");
    const s = res.body as Stats;
    const [mentor, mentee] = s.ratings;
    assert.deepEqual(mentee, { party: "mentee", people: { value: 6 }, average: { useful: { value: 4.5 }, wellRun: { value: 4.5 }, recommend: { value: 5 } } });
    assert.deepEqual(mentor, { party: "mentor", people: { fewerThan: 5 }, average: { useful: { fewerThan: 5 }, wellRun: { fewerThan: 5 }, recommend: { fewerThan: 5 } } });
  });
});
