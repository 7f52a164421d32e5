import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { loadConfig } from "../../src/config";
import { type Mentorship, type Person, changeMentor } from "../../src/domain/mentorship";
import { silentLogger } from "../../src/log";
import { buildApp } from "../../src/main";
import { agreedPair, closedPair, evaluationText, pairText } from "../support/docxPairs";
import { readDocx } from "../support/docxReader";
import { freshStore } from "../support/azurite";
import { PERSONAS, TENANT_ID, localAppConfig } from "../support/e2e";
import { OTHER_TENANT } from "../support/fixtures";

/**
 * The pair's Word documents over real HTTP against the real app (buildApp, Azurite, local-mode
 * tokens checked as real ones are): the two current parties get the file with the right headers;
 * a coordinator, a leader, a former mentor and a party of the same id in another tenant get the
 * same 404 as an id that does not exist.
 */

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const person = (p: (typeof PERSONAS)[keyof typeof PERSONAS]): Person => ({ aadObjectId: p.aadObjectId, name: p.name, channelUserId: p.id });
const { mentor: mette, colleague: jonas, colleague2: sofie, mentee: niels, coordinator: karen, manager: lars } = PERSONAS;

type App = Awaited<ReturnType<typeof buildApp>>;

/** Stores a pair as the app would have: version 1 with the mentorship, version 2 with the save that made it. */
async function store(app: App, m: Mentorship, versions: ReturnType<typeof agreedPair>["versions"]): Promise<void> {
  assert.equal(await app.store.insertMentorship(m, versions[0]!), "saved");
  const stored = await app.store.getMentorship(m.tenantId, m.id);
  assert.ok(stored);
  assert.equal(await app.store.saveMentorship(m, stored.etag, versions[1]!), "saved");
}

describe("Tab API: the pair's Word documents", function () {
  this.timeout(60_000);
  let app: App;
  let base: string;
  const ids = { closed: "docx-closed", learning: "docx-learning", elsewhere: "docx-elsewhere" };

  before(async () => {
    const { connectionString, tableName } = await freshStore();
    app = await buildApp({ config: loadConfig(localAppConfig(connectionString, tableName)), clock: { now: () => new Date("2027-01-10T09:00:00Z") }, log: silentLogger });
    await new Promise<void>((r) => app.server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

    // Jonas was the mentor until a change of mentor; Mette and Sofie are the pair now, and closed it.
    const started = agreedPair({ id: ids.closed, tenantId: TENANT_ID, conversationId: "19:docx-closed@thread.v2", language: "da", programme: "klds", mentor: person(jonas), mentee: person(sofie) });
    const changed = changeMentor(started.mentorship, person(mette), new Date("2026-03-01T08:00:00Z"));
    assert.ok(changed.ok);
    const closed = closedPair({ ...started, mentorship: changed.value }, { shareWithLeader: true });
    await store(app, closed.mentorship, closed.versions);
    // Mette and Niels: agreed, learning, no evaluation yet.
    const learning = agreedPair({ id: ids.learning, tenantId: TENANT_ID, conversationId: "19:docx-learning@thread.v2", language: "nb", programme: "kristiansand", mentor: person(mette), mentee: person(niels) });
    await store(app, learning.mentorship, learning.versions);
    // Another tenant, with the same person ids as the parties here: tenants never mix.
    const elsewhere = closedPair(agreedPair({ id: ids.elsewhere, tenantId: OTHER_TENANT, conversationId: "19:docx-elsewhere@thread.v2", language: "da", programme: "klds", mentor: person(mette), mentee: person(sofie) }), { shareWithLeader: false });
    await store(app, elsewhere.mentorship, elsewhere.versions);
  });

  after(async () => {
    await new Promise<void>((r) => app.server.close(() => r()));
  });

  const tokens = new Map<string, string>();
  async function get(who: { aadObjectId: string } | null, path: string): Promise<Response> {
    const headers: Record<string, string> = {};
    if (who) {
      let token = tokens.get(who.aadObjectId);
      if (!token) {
        const res = await fetch(`${base}/api/tab/local-token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ aadObjectId: who.aadObjectId }) });
        token = ((await res.json()) as { token: string }).token;
        tokens.set(who.aadObjectId, token);
      }
      headers["authorization"] = `Bearer ${token}`;
    }
    return fetch(`${base}${path}`, { headers, signal: AbortSignal.timeout(10_000) });
  }

  it("gives each of the two parties any version of the agreement as a Word document, named in UTF-8 with an ASCII fallback", async () => {
    for (const who of [mette, sofie]) {
      const res = await get(who, `/api/tab/my/${ids.closed}/agreement/2.docx`);
      assert.equal(res.status, 200, who.name);
      assert.equal(res.headers.get("content-type"), DOCX);
      assert.equal(res.headers.get("content-disposition"), `attachment; filename="samarbejdsaftale-Sofie-Soerensen-version-2.docx"; filename*=UTF-8''samarbejdsaftale-Sofie-S%C3%B8rensen-version-2.docx`);
      assert.equal(res.headers.get("cache-control"), "no-store");
      assert.equal(res.headers.get("x-content-type-options"), "nosniff");
      const bytes = new Uint8Array(await res.arrayBuffer());
      assert.equal(res.headers.get("content-length"), String(bytes.byteLength));
      const doc = readDocx(bytes);
      assert.ok(doc.paragraphs.some((p) => p.text === pairText("da").timeAndPlace), "the agreed field, æøå intact");
      assert.ok(doc.paragraphs.some((p) => p.text.startsWith("Jonas Jensen (mentor) godkendte version 2")), "the former mentor's acceptance stays theirs");
    }
    const first = await get(sofie, `/api/tab/my/${ids.closed}/agreement/1.docx`);
    assert.equal(first.status, 200, "an earlier version, not agreed, exists too");
    assert.ok(readDocx(new Uint8Array(await first.arrayBuffer())).rows.some((r) => r[1] === "En tidligere version. Den nyeste er version 2."));
  });

  it("gives the two parties the evaluation once there is one, in the mentorship's language", async () => {
    for (const who of [mette, sofie]) {
      const res = await get(who, `/api/tab/my/${ids.closed}/evaluation.docx`);
      assert.equal(res.status, 200, who.name);
      assert.equal(res.headers.get("content-type"), DOCX);
      assert.equal(res.headers.get("content-disposition"), `attachment; filename="evaluering-Sofie-Soerensen.docx"; filename*=UTF-8''evaluering-Sofie-S%C3%B8rensen.docx`);
      const doc = readDocx(new Uint8Array(await res.arrayBuffer()));
      assert.equal(doc.paragraphs[0]?.text, "Evaluering af mentorforløbet");
      assert.ok(doc.paragraphs.some((p) => p.text === evaluationText("da").recommendations));
    }
    assert.equal((await get(niels, `/api/tab/my/${ids.learning}/evaluation.docx`)).status, 404, "no evaluation before closing");
    const nb = await get(niels, `/api/tab/my/${ids.learning}/agreement/2.docx`);
    assert.equal(nb.status, 200);
    assert.match(nb.headers.get("content-disposition") ?? "", /filename="samarbeidsavtale-Niels-Nyansat-versjon-2\.docx"/);
  });

  it("answers everyone else with the 404 of an id that does not exist: coordinator, leader, former mentor, another tenant's party", async () => {
    const missing = await get(mette, "/api/tab/my/no-such-mentorship/agreement/2.docx");
    assert.equal(missing.status, 404);
    const nothing = await missing.text();
    assert.equal(nothing, '{"error":"Not found."}');
    const refused: [string, { aadObjectId: string }, string][] = [];
    for (const path of [`/api/tab/my/${ids.closed}/agreement/2.docx`, `/api/tab/my/${ids.closed}/agreement/1.docx`, `/api/tab/my/${ids.closed}/evaluation.docx`]) {
      refused.push(["the coordinator", karen, path], ["a leader", lars, path], ["the former mentor", jonas, path], ["someone else", niels, path]);
    }
    // Mette and Sofie are the parties of that id, in the other tenant; their tokens are this tenant's.
    refused.push(["a party's id in another tenant", mette, `/api/tab/my/${ids.elsewhere}/agreement/2.docx`], ["a party's id in another tenant", sofie, `/api/tab/my/${ids.elsewhere}/evaluation.docx`]);
    for (const [who, caller, path] of refused) {
      const res = await get(caller, path);
      assert.equal(res.status, 404, `${who} ${path}`);
      assert.equal(await res.text(), nothing, `${who}: no hint that it exists`);
      assert.equal(res.headers.get("content-disposition"), null);
    }
    for (const file of ["3.docx", "02.docx", "2.pdf", "2", "0.docx", "-1.docx", "9999999.docx"]) {
      const res = await get(mette, `/api/tab/my/${ids.closed}/agreement/${file}`);
      assert.equal(res.status, 404, file);
      assert.equal(await res.text(), nothing, file);
    }
    assert.equal((await get(null, `/api/tab/my/${ids.closed}/agreement/2.docx`)).status, 401, "no token");
    assert.equal((await get(null, `/api/tab/my/${ids.closed}/evaluation.docx`)).status, 401, "no token");
  });

  it("tells each party in /my which agreed version and whether the finished evaluation can be downloaded", async () => {
    const mine = (await (await get(mette, "/api/tab/my")).json()) as { mentorships: { mentorshipId: string; agreedVersion: number | null; evaluationFinished: boolean }[] };
    assert.deepEqual(
      mine.mentorships.map((x) => [x.mentorshipId, x.agreedVersion, x.evaluationFinished]).sort(),
      [
        [ids.closed, 2, true],
        [ids.learning, 2, false],
      ].sort(),
    );
    const former = (await (await get(jonas, "/api/tab/my")).json()) as { mentorships: unknown[] };
    assert.deepEqual(former.mentorships, [], "the former mentor has no link to offer");
  });
});
