// Issue 13: a coordinator's archive hold and erasure of a whole mentorship, through the real
// composition (compose() on Azurite, the TestAdapter harness); the journal is an in-memory fake of
// its rights port until the journal's branch is merged. Card actions refused to someone outside
// the mentorship are in the audit log.
import assert from "node:assert/strict";
import { TableClient } from "@azure/data-tables";
import { TableAuditLog } from "../../src/adapters/tables/tableAuditLog";
import { TablePrivateAnswers } from "../../src/adapters/tables/tablePrivateAnswers";
import type { Language } from "../../src/domain/language";
import { t } from "../../src/i18n";
import { freshStore } from "../support/azurite";
import { FakeJournal } from "../support/fakeJournal";
import { bookPairs } from "../storage/bookedPairs";
import { TENANT, colleague, mentee, mentor } from "../support/fixtures";
import { agreedPair, botHarness, cardText, type Chat } from "./harness";

const COORDINATOR = "44444444-4444-4444-8444-444444444444";

async function setUp(chatId: string, lang: Language = "da") {
  const storage = await freshStore();
  const audit = TableAuditLog.fromConnectionString(storage.connectionString, storage.tableName);
  await audit.ensureTable();
  const journal = new FakeJournal();
  const h = await botHarness({ storage, audit, journal });
  const chat: Chat = { id: chatId, type: "groupChat", members: [mentor, mentee] };
  const id = await agreedPair(h, chat, lang);
  return { h, audit, journal, chat, id, storage };
}

describe("Erasure of a whole mentorship and the archive hold (issue 13)", function () {
  this.timeout(60000);

  for (const lang of ["da", "nb", "en"] as const) {
    it(`${lang}: refused while a hold is set (nothing changes); once cleared everything of it goes, its cards say "removed", the audit log says who`, async () => {
      const { h, audit, journal, chat, id, storage } = await setUp(`19:erase-${lang}@thread.v2`, lang);
      // A private answer and journal entries of this mentorship, and one of another mentorship of the mentee.
      const answers = TablePrivateAnswers.fromConnectionString(storage.connectionString, storage.tableName);
      assert.equal(await answers.putPrivateAnswers({ tenantId: TENANT, mentorshipId: id, party: "mentee", aadObjectId: mentee.aadObjectId, pairing: { answer: "yes", at: "2027-01-11T08:00:00.000Z" }, ratings: null }, null), "saved");
      journal.add(TENANT, mentee.aadObjectId, id, "j1");
      journal.add(TENANT, mentee.aadObjectId, id, "j2");
      journal.add(TENANT, mentee.aadObjectId, "an-earlier-mentorship", "j3");
      const postedIds = new Set((await Promise.all((["agreement", "plan", "booking", "welcome"] as const).map((s) => h.posted.get(TENANT, id, s)))).filter((x): x is string => x !== null));
      assert.ok(postedIds.size > 0, "the pair's cards were posted and their ids kept");

      const held = await h.erasure.setHold(TENANT, id, "complaint", COORDINATOR);
      assert.ok(held.ok);
      assert.equal(held.value.archiveHold?.reason, "complaint");
      assert.equal((await h.store.getSummary(TENANT, id))?.value.archiveHoldReason, "complaint", "the overview's row knows of the hold");
      const before = await h.etags();
      const refused = await h.erasure.erase(TENANT, id, { actorId: COORDINATOR, verb: "mentorship.erase" });
      assert.deepEqual(refused, { ok: false, error: { code: "ARCHIVE_HOLD_SET", params: { reason: "complaint" } } });
      assert.deepEqual(await h.etags(), before, "a refused erasure changes nothing");
      assert.deepEqual(journal.idsOf(id), ["j1", "j2"]);
      assert.notEqual(t(lang, "error.ARCHIVE_HOLD_SET"), "error.ARCHIVE_HOLD_SET", "the refusal has words");

      assert.ok((await h.erasure.setHold(TENANT, id, null, COORDINATOR)).ok);
      const erased = await h.erasure.erase(TENANT, id, { actorId: COORDINATOR, verb: "mentorship.erase" });
      assert.ok(erased.ok, JSON.stringify(erased));
      assert.equal(erased.value.journalEntries, 2);

      // Its rows: gone — the mentorship, its versions, meetings, summary, index rows, posted ids, private answers.
      assert.equal(await h.store.getMentorship(TENANT, id), null);
      assert.deepEqual(await h.store.listAgreementVersions(TENANT, id), []);
      assert.deepEqual(await h.store.listMeetings(TENANT, id), []);
      assert.equal(await h.store.getSummary(TENANT, id), null);
      assert.deepEqual((await h.store.mentorshipsOf(TENANT, mentee.aadObjectId)).map((m) => m.id), []);
      assert.equal(await answers.getPrivateAnswers(TENANT, id, "mentee"), null);
      for (const slot of ["agreement", "plan", "booking", "welcome"] as const) assert.equal(await h.posted.get(TENANT, id, slot), null);
      const table = TableClient.fromConnectionString(storage.connectionString, storage.tableName, { allowInsecureConnection: true });
      const left: string[] = [];
      for await (const e of table.listEntities()) if (String(e.rowKey).includes(id)) left.push(String(e.rowKey));
      assert.deepEqual(left, [], "no row names the mentorship any more");
      // Its journal entries, and only those.
      assert.deepEqual(journal.entries.map((e) => e.id), ["j3"]);
      // Its jobs: none left to run.
      const jobs = TableClient.fromConnectionString(storage.connectionString, `${storage.tableName}jobs`, { allowInsecureConnection: true });
      const pending: string[] = [];
      for await (const e of jobs.listEntities<Record<string, unknown>>()) if (e["mentorshipId"] === id && e["state"] !== "done") pending.push(String(e.rowKey));
      assert.deepEqual(pending, []);
      // The chat stays, pointing to none: the pair may start again.
      assert.equal((await h.service.getChat(TENANT, chat.id))?.activeMentorshipId, null);
      // Each posted card replaced for everyone by the short "removed" card in the mentorship's language.
      const replaced = h.notifier.updates.filter((u) => postedIds.has(u.id));
      assert.deepEqual(new Set(replaced.map((u) => u.id)), postedIds);
      for (const u of replaced) {
        const text = cardText(u.card);
        assert.match(text, new RegExp(t(lang, "erasure.removed.title")));
        assert.doesNotMatch(text, /Mette|Niels/, "the removed card names nobody");
      }

      // The audit log: the hold set and cleared (reason code), the erasure — found under each party, ids only.
      const about = await audit.about(TENANT, mentee.aadObjectId);
      assert.deepEqual(about.map((e) => [e.verb, e.actorId, e.mentorshipId, e.detail]), [
        ["archiveHold.set", COORDINATOR, id, "complaint"],
        ["archiveHold.cleared", COORDINATOR, id, "complaint"],
        ["mentorship.erase", COORDINATOR, id, null],
      ]);
      assert.deepEqual((await audit.about(TENANT, mentor.aadObjectId)).map((e) => e.verb), ["archiveHold.set", "archiveHold.cleared", "mentorship.erase"]);
      assert.doesNotMatch(JSON.stringify(about), /Mette|Niels|entry j/);

      // Asked again: nothing to erase.
      assert.deepEqual(await h.erasure.erase(TENANT, id, { actorId: COORDINATOR, verb: "mentorship.erase" }), { ok: false, error: { code: "MENTORSHIP_NOT_FOUND" } });
    });
  }

  it("a booked pair: its meetings, the local calendar's series, the summary and every job of it go too", async () => {
    const storage = await freshStore();
    const [pair] = await bookPairs({ ...storage, serviceUrl: "http://127.0.0.1:9/", count: 1 });
    assert.ok(pair && pair.meetings.length > 0);
    const audit = TableAuditLog.fromConnectionString(storage.connectionString, storage.tableName);
    await audit.ensureTable();
    const h = await botHarness({ storage, audit, journal: new FakeJournal() });
    const table = TableClient.fromConnectionString(storage.connectionString, storage.tableName, { allowInsecureConnection: true });
    const rowsOf = async () => {
      const out: string[] = [];
      for await (const e of table.listEntities<Record<string, unknown>>()) if (String(e.rowKey).includes(pair.mentorshipId) || e["mentorshipId"] === pair.mentorshipId) out.push(String(e.rowKey).split("|").slice(0, 1).concat(String(e.rowKey).startsWith("cal|") ? ["cal"] : []).join("|"));
      return out;
    };
    assert.ok((await rowsOf()).includes("cal|cal"), "the local calendar holds its series");
    const jobs = TableClient.fromConnectionString(storage.connectionString, `${storage.tableName}jobs`, { allowInsecureConnection: true });
    const pendingJobs = async () => {
      const out: string[] = [];
      for await (const e of jobs.listEntities<Record<string, unknown>>()) if (e["mentorshipId"] === pair.mentorshipId && e["state"] !== "done" && !e["doneAt"]) out.push(String(e["kind"] ?? e.rowKey));
      return out;
    };
    assert.ok((await pendingJobs()).length > 0, "its agendas are scheduled");
    const r = await h.erasure.erase(TENANT, pair.mentorshipId, { actorId: COORDINATOR, verb: "mentorship.erase" });
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(await rowsOf(), [], "no row of it is left");
    assert.deepEqual(await pendingJobs(), [], "no job of it is left to run");
  });

  it("setting the hold that is set, or clearing none, is NO_CHANGES and writes no audit line", async () => {
    const { h, audit, id } = await setUp("19:erase-nochange@thread.v2");
    assert.deepEqual(await h.erasure.setHold(TENANT, id, null, COORDINATOR), { ok: false, error: { code: "NO_CHANGES" } });
    assert.ok((await h.erasure.setHold(TENANT, id, "legalObligation", COORDINATOR)).ok);
    assert.deepEqual(await h.erasure.setHold(TENANT, id, "legalObligation", COORDINATOR), { ok: false, error: { code: "NO_CHANGES" } });
    assert.ok((await h.erasure.setHold(TENANT, id, "personnelCase", COORDINATOR)).ok, "another reason replaces it");
    assert.deepEqual((await audit.about(TENANT, mentee.aadObjectId)).map((e) => e.detail), ["legalObligation", "personnelCase"]);
    assert.deepEqual(await h.erasure.setHold("another-tenant", id, "complaint", COORDINATOR), { ok: false, error: { code: "MENTORSHIP_NOT_FOUND" } });
  });

  it("a card action by someone outside the pair is refused and in the audit log (access.denied, the code), found under the pair", async () => {
    const { h, audit, chat, id } = await setUp("19:erase-denied@thread.v2");
    const { response } = await h.execute(chat, colleague, "da", "agreement.accept", { mentorshipId: id, version: 1 });
    assert.equal(response?.status, 200);
    const denied = (await audit.about(TENANT, mentee.aadObjectId)).filter((e) => e.verb === "access.denied");
    assert.deepEqual(denied.map((e) => [e.actorId, e.mentorshipId, e.detail]), [[colleague.aadObjectId, id, "NOT_A_PARTY"]]);
    // The mentee on the mentor's verb is a party: refused, but no access was attempted.
    await h.execute(chat, mentee, "da", "plan.submit", { mentorshipId: id });
    assert.equal((await audit.about(TENANT, mentee.aadObjectId)).filter((e) => e.verb === "access.denied").length, 1);
  });
});
