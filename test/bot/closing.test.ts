// Closing through the real bot, use cases and Table Storage (Azurite), in da, nb and en: the
// programme's clock opens closing and posts the evaluation card, both parties edit (merged versions)
// and confirm, the mentorship closes (mentee released, close-out job scheduled, the cards shown
// closed), and the chat takes a new `start`; the mentor's early closing with a reason; the
// coordinator's closing; a pause holds the due job back until the resume; malformed payloads.
import assert from "node:assert/strict";
import { fingerprint } from "../../src/domain/closing";
import { type Language, Languages } from "../../src/domain/language";
import type { Mentorship } from "../../src/domain/mentorship";
import { CommandWords, t } from "../../src/i18n";
import { closeOutJobId } from "../../src/app/closing/closingService";
import { TENANT, colleague, mentee, mentor } from "../support/fixtures";
import { type Chat, botHarness, cardOf, cardText, findAction, findInputIds } from "./harness";

type H = Awaited<ReturnType<typeof botHarness>>;
type Body = { type: string; value: unknown } | undefined;
const textOf = (body: Body) => (body?.type === "application/vnd.microsoft.activity.message" ? String(body.value) : cardText(body?.value));
const isCard = (body: Body) => body?.type === "application/vnd.microsoft.card.adaptive";
const GOALS = "- Lære at skrive journal selv\n- Holde et netværksmøde\n";
const IDEAS = "Specialisere mig i børn og unge";
/** The first working day 2027-01-04 (Kristiansand): closing is due in week 52, 2027-12-27 at 08:00 in Oslo. */
const DUE = new Date("2027-12-27T07:00:00Z");

/** A Kristiansand pair in `chat` whose agreement (with learning goals) both accepted, through the real bot. */
async function agreedWithGoals(h: H, chat: Chat, lang: Language): Promise<Mentorship> {
  const setupId = findAction(cardOf((await h.say(chat, mentor, lang, "start"))[0]), "setup.submit")?.data["setupId"];
  await h.execute(chat, mentor, lang, "setup.submit", { setupId, programme: "kristiansand", firstDay: "2027-01-04", unit: "Vågsbygd", language: lang, mentee: mentee.aadObjectId });
  const id = (await h.service.getChat(TENANT, chat.id))?.activeMentorshipId ?? "";
  const m0 = await h.service.getMentorship(TENANT, id);
  assert.ok(m0);
  await h.execute(chat, mentor, lang, "agreement.save", { mentorshipId: id, baseVersion: 1, ...m0.agreement.fields, mentorRoles: m0.agreement.fields.mentorRoles.join(","), tools: m0.agreement.fields.tools.join(","), shortTermGoals: GOALS, longTermIdeas: IDEAS });
  await h.execute(chat, mentee, lang, "agreement.accept", { mentorshipId: id, version: 2 });
  await h.execute(chat, mentor, lang, "agreement.accept", { mentorshipId: id, version: 2 });
  const m = await h.service.getMentorship(TENANT, id);
  assert.equal(m?.phase, "learning");
  return m as Mentorship;
}

/** The evaluation card's inputs as a party would send them, changed by `change`. */
function inputs(m: Mentorship, change: Record<string, string> = {}): Record<string, string> {
  const f = m.closing!.evaluation.fields;
  const out: Record<string, string> = { worked: f.worked, couldBeBetter: f.couldBeBetter, recommendations: f.recommendations, shareWithLeader: m.closing!.evaluation.shareWithLeader ? "true" : "false" };
  f.goals.forEach((g, i) => {
    out[`goalStatus.${i}`] = g.status ?? "";
    out[`goalComment.${i}`] = g.comment;
  });
  return { ...out, ...change };
}

const jobsOf = async (h: H, id: string) => {
  // Claimed far in the future by a test owner: every live job of the store, without running any.
  const claims = await h.jobs.claimDue(new Date("2099-01-01T00:00:00Z"), "probe", new Date("2099-01-01T00:05:00Z"), 1000);
  return claims.filter((c) => c.job.mentorshipId === id).map((c) => c.job);
};

for (const lang of Languages) {
  describe(`Closing through TestAdapter (${lang})`, function () {
    this.timeout(90000);
    const chat: Chat = { id: `19:close-${lang}@thread.v2`, type: "groupChat", members: [mentor, mentee, colleague] };

    it("closing due → the evaluation card → both edit (merged) and confirm → closed; then a new start in the same chat", async () => {
      let now = new Date("2027-01-11T08:00:00Z");
      const h = await botHarness({ now: () => now });
      const m = await agreedWithGoals(h, chat, lang);

      // Not due yet: the scheduler posts nothing.
      now = new Date(DUE.getTime() - 60_000);
      await h.scheduler.tick();
      assert.equal((await h.service.getMentorship(TENANT, m.id))?.phase, "learning");
      const before = h.notifier.sent.length;

      now = new Date(DUE.getTime() + 1000);
      await h.scheduler.tick();
      const opened = await h.service.getMentorship(TENANT, m.id);
      assert.equal(opened?.phase, "closing");
      assert.equal(opened?.closing?.startedBy, "programme");
      const posted = h.notifier.sent.slice(before).filter((s) => s.card && findInputIds(s.card).includes("worked"));
      assert.equal(posted.length, 1, "the evaluation card is posted once");
      const card = posted[0]!.card!;
      for (const goal of ["Lære at skrive journal selv", "Holde et netværksmøde", IDEAS]) assert.ok(cardText(card).includes(goal), goal);
      assert.ok(cardText(card).includes(t(lang, "evaluation.title")));
      // The same job again (a duplicate, a retry) posts no second card.
      await h.scheduler.tick();
      assert.equal(h.notifier.sent.slice(before).filter((s) => s.card && findInputIds(s.card).includes("worked")).length, 1);

      // `status` names the evaluation for both.
      const status = await h.say({ id: "a:personal-mentee", type: "personal", members: [mentee] }, mentee, lang, "status");
      assert.ok(String(status[0]?.text).includes(t(lang, "evaluation.statusStep", { version: 1 })));

      // The mentor saves the goals' statuses and what worked: version 2.
      const v1 = opened as Mentorship;
      const shownV1 = fingerprint(v1.closing!.evaluation.fields);
      const saved = await h.execute(chat, mentor, lang, "evaluation.save", { mentorshipId: m.id, baseVersion: 1, shown: shownV1, ...inputs(v1, { "goalStatus.0": "reached", "goalComment.0": "Skriver selv nu – æøå", "goalStatus.1": "partly", worked: "Fortroligheden" }) });
      assert.ok(textOf(saved.response?.body).includes(t(lang, "evaluation.saved", { version: 2 })));
      // The mentee's card still shows version 1; they add what could work better: merged into version 3.
      const merged = await h.execute(chat, mentee, lang, "evaluation.save", { mentorshipId: m.id, baseVersion: 1, shown: shownV1, ...inputs(v1, { couldBeBetter: "Flere møder om dokumentation", shareWithLeader: "true" }) });
      assert.ok(textOf(merged.response?.body).includes(t(lang, "evaluation.saved", { version: 3 })));
      const v3 = (await h.service.getMentorship(TENANT, m.id)) as Mentorship;
      const f = v3.closing!.evaluation.fields;
      assert.equal(f.worked, "Fortroligheden", "the mentor's change survives the mentee's save from the older card");
      assert.equal(f.couldBeBetter, "Flere møder om dokumentation");
      assert.deepEqual(f.goals.map((g) => g.status), ["reached", "partly", null]);
      assert.equal(f.goals[0]?.comment, "Skriver selv nu – æøå");
      assert.equal(v3.closing!.evaluation.shareWithLeader, true, "the mentee's consent came with their save");

      // A confirmation of an old version is refused with the newest card, and changes nothing.
      const etags = await h.etags();
      const stale = await h.execute(chat, mentor, lang, "evaluation.confirm", { mentorshipId: m.id, version: 2 });
      assert.ok(isCard(stale.response?.body));
      assert.ok(textOf(stale.response?.body).includes(t(lang, "error.EVALUATION_STALE_VERSION", { current: 3 })));
      assert.deepEqual(await h.etags(), etags);

      const first = await h.execute(chat, mentee, lang, "evaluation.confirm", { mentorshipId: m.id, version: 3 });
      assert.ok(textOf(first.response?.body).includes(t(lang, "evaluation.confirmed", { version: 3 })));
      assert.equal((await h.service.getMentorship(TENANT, m.id))?.phase, "closing");
      const updatesBefore = h.notifier.updates.length;
      const last = await h.execute(chat, mentor, lang, "evaluation.confirm", { mentorshipId: m.id, version: 3 });
      assert.ok(textOf(last.response?.body).includes(t(lang, "evaluation.closedNow")));

      const closed = (await h.service.getMentorship(TENANT, m.id)) as Mentorship;
      assert.equal(closed.phase, "closed");
      assert.ok(closed.closing?.closedAt);
      assert.equal((await h.store.getActiveOfMentee(TENANT, mentee.aadObjectId))?.value ?? null, null, "the mentee is free for a new mentorship");
      // The calendar's close-out job survives the cancel of every other job.
      const jobs = await jobsOf(h, m.id);
      assert.deepEqual(jobs.map((j) => [j.id, j.kind]), [[closeOutJobId(TENANT, m.id), "closing.calendar"]]);
      // The agreement card is shown closed for everyone.
      const closedCards = h.notifier.updates.slice(updatesBefore).map((u) => cardText(u.card));
      assert.ok(closedCards.some((c) => c.includes(t(lang, "closing.closedNotice", { date: "27.12.2027" }))), "the agreement's closed view");
      assert.ok(closedCards.some((c) => c.includes(t(lang, "evaluation.closed", { date: "27.12.2027" }))), "the evaluation's closed view");
      const summary = await h.store.getSummary(TENANT, m.id);
      assert.equal(summary?.value.phase, "closed");
      assert.equal(summary?.value.closingReason, "completed");
      assert.equal(summary?.value.closedAt, closed.closing?.closedAt);

      // A closed mentorship refuses changes with a clear reason, and changes nothing.
      const etagsClosed = await h.etags();
      for (const [verb, data] of [
        ["evaluation.save", { mentorshipId: m.id, baseVersion: 3, ...inputs(closed, { worked: "x" }) }],
        ["evaluation.confirm", { mentorshipId: m.id, version: 3 }],
        ["agreement.save", { mentorshipId: m.id, baseVersion: 2, ...closed.agreement.fields, mentorRoles: "", tools: "", other: "x" }],
      ] as const) {
        const r = await h.execute(chat, mentor, lang, verb, data);
        assert.ok(textOf(r.response?.body).includes(t(lang, "error.MENTORSHIP_CLOSED")), `${verb}: ${textOf(r.response?.body)}`);
      }
      assert.deepEqual(await h.etags(), etagsClosed);

      // The chat is free: `start` opens a new setup, and the mentee can be given a new mentorship.
      const again = await h.say(chat, mentor, lang, "start");
      const setupId = findAction(cardOf(again[0]), "setup.submit")?.data["setupId"];
      assert.ok(setupId, "a new setup card");
      const done = await h.execute(chat, mentor, lang, "setup.submit", { setupId, programme: "kristiansand", firstDay: "2028-01-03", unit: "Vågsbygd", language: lang, mentee: mentee.aadObjectId });
      assert.ok(isCard(done.response?.body), textOf(done.response?.body));
      const next = (await h.service.getChat(TENANT, chat.id))?.activeMentorshipId;
      assert.ok(next && next !== m.id);
      assert.equal((await h.store.getActiveOfMentee(TENANT, mentee.aadObjectId))?.value, next);
    });

    it("the mentor closes early with a reason (afslut / avslutt / close); the mentee cannot; left the workplace: the mentor's confirmation suffices", async () => {
      const now = new Date("2027-03-01T09:00:00Z");
      const h = await botHarness({ now: () => now });
      const m = await agreedWithGoals(h, chat, lang);
      const word = { da: "afslut", nb: "avslutt", en: "close" }[lang];
      assert.ok((CommandWords.close as readonly string[]).includes(word));

      const byMentee = await h.say(chat, mentee, lang, word);
      assert.equal(byMentee[0]?.text, t(lang, "error.MENTOR_ONLY"));
      const asked = await h.say(chat, mentor, lang, word);
      const startCard = cardOf(asked[0]);
      assert.ok(startCard && findInputIds(startCard).includes("reason"));
      assert.ok(cardText(startCard).includes(t(lang, "closing.reason.leftWorkplace")));

      // The mentee clicking the mentor's card is refused; nothing changes.
      const etags = await h.etags();
      const menteeClick = await h.execute(chat, mentee, lang, "closing.confirmStart", { mentorshipId: m.id, reason: "completed" });
      assert.equal(textOf(menteeClick.response?.body), t(lang, "error.MENTOR_ONLY"));
      // No reason chosen: the same card, saying so.
      const none = await h.execute(chat, mentor, lang, "closing.start", { mentorshipId: m.id });
      assert.ok(textOf(none.response?.body).includes(t(lang, "closing.reasonRequired")));
      const confirm = await h.execute(chat, mentor, lang, "closing.start", { mentorshipId: m.id, reason: "leftWorkplace" });
      assert.ok(textOf(confirm.response?.body).includes(t(lang, "closing.confirmQuestion", { reason: t(lang, "closing.reason.leftWorkplace") })));
      assert.ok(findAction(confirm.response?.body.value, "closing.confirmStart"));
      assert.deepEqual(await h.etags(), etags, "asking changes nothing");

      const sentBefore = h.notifier.sent.length;
      const started = await h.execute(chat, mentor, lang, "closing.confirmStart", { mentorshipId: m.id, reason: "leftWorkplace" });
      assert.ok(textOf(started.response?.body).includes(t(lang, "closing.started")));
      const c = (await h.service.getMentorship(TENANT, m.id)) as Mentorship;
      assert.equal(c.phase, "closing");
      assert.deepEqual([c.closing?.startedBy, c.closing?.reason], ["mentor", "leftWorkplace"]);
      assert.equal(h.notifier.sent.slice(sentBefore).filter((s) => s.card && findInputIds(s.card).includes("worked")).length, 1, "the evaluation card is in the chat");
      // Twice: refused with the reason.
      const twice = await h.execute(chat, mentor, lang, "closing.confirmStart", { mentorshipId: m.id, reason: "completed" });
      assert.ok(textOf(twice.response?.body).includes(t(lang, "error.ALREADY_CLOSING")));

      // `card` posts the evaluation card again.
      const repost = await h.say(chat, mentee, lang, lang === "en" ? "card" : "kort");
      assert.ok(findInputIds(cardOf(repost[0])).includes("worked"));

      const closed = await h.execute(chat, mentor, lang, "evaluation.confirm", { mentorshipId: m.id, version: 1 });
      assert.ok(textOf(closed.response?.body).includes(t(lang, "evaluation.closedNow")));
      assert.equal((await h.service.getMentorship(TENANT, m.id))?.phase, "closed");
      const after = await h.say(chat, mentor, lang, word);
      assert.equal(after[0]?.text, t(lang, "closing.nothingToClose"));
    });

    it("malformed payloads for every new verb answer clearly and change nothing", async () => {
      const now = new Date("2027-03-01T09:00:00Z");
      const h = await botHarness({ now: () => now });
      const m = await agreedWithGoals(h, chat, lang);
      const etagsLearning = await h.etags();
      for (const data of [{ mentorshipId: m.id, reason: "bored" }, { mentorshipId: m.id, reason: 7 }, { mentorshipId: m.id, step: "later" }]) {
        const r = await h.execute(chat, mentor, lang, "closing.start", data);
        assert.ok(isCard(r.response?.body) && textOf(r.response?.body).includes(t(lang, "closing.reasonRequired")), JSON.stringify(data));
      }
      for (const data of [{ mentorshipId: m.id }, { mentorshipId: m.id, reason: "x".repeat(5000) }]) {
        const r = await h.execute(chat, mentor, lang, "closing.confirmStart", data);
        assert.ok(isCard(r.response?.body) && textOf(r.response?.body).includes(t(lang, "closing.reasonRequired")));
      }
      assert.deepEqual(await h.etags(), etagsLearning);

      await h.execute(chat, mentor, lang, "closing.confirmStart", { mentorshipId: m.id, reason: "completed" });
      const c = (await h.service.getMentorship(TENANT, m.id)) as Mentorship;
      const etags = await h.etags();
      const cases: [string, Record<string, unknown>, string][] = [
        ["evaluation.save", { mentorshipId: m.id, baseVersion: "abc", ...inputs(c, { worked: "x" }) }, t(lang, "error.INVALID_INPUT", { field: "baseVersion" })],
        ["evaluation.save", { mentorshipId: m.id, baseVersion: 1, ...inputs(c, { "goalComment.1": "æ".repeat(401) }) }, t(lang, "evaluation.comment")],
        ["evaluation.save", { mentorshipId: m.id, baseVersion: 1, ...inputs(c, { "goalStatus.0": "maybe" }) }, t(lang, "evaluation.status")],
        ["evaluation.save", { mentorshipId: m.id, baseVersion: 1, ...inputs(c, { worked: 42 as unknown as string }) }, t(lang, "evaluation.worked").replace(/[?]$/, "")],
        ["evaluation.save", { mentorshipId: m.id, baseVersion: 1 }, t(lang, "error.INVALID_INPUT", { field: "action" })],
        ["evaluation.save", { mentorshipId: m.id, baseVersion: 1, shown: { worked: "<script>" }, ...inputs(c, { worked: "x" }) }, t(lang, "error.INVALID_INPUT", { field: "shown" })],
        ["evaluation.confirm", { mentorshipId: m.id, version: -1 }, t(lang, "error.INVALID_INPUT", { field: "version" })],
        ["evaluation.confirm", { mentorshipId: m.id, version: 1, ...inputs(c, { recommendations: "ø".repeat(1501) }) }, t(lang, "evaluation.recommendations")],
        ["evaluation.consent", { mentorshipId: m.id, shareWithLeader: "yes" }, t(lang, "evaluation.shareWithLeader")],
        ["evaluation.consent", { mentorshipId: m.id }, t(lang, "evaluation.shareWithLeader")],
      ];
      for (const [verb, data, expected] of cases) {
        const r = await h.execute(chat, mentee, lang, verb, data);
        assert.ok(isCard(r.response?.body), `${verb} answers with a card`);
        assert.ok(textOf(r.response?.body).includes(expected), `${verb} ${JSON.stringify(data).slice(0, 80)}: ${textOf(r.response?.body).slice(0, 300)}`);
      }
      // The mentor's consent click: only the mentee decides.
      const mentorConsent = await h.execute(chat, mentor, lang, "evaluation.consent", { mentorshipId: m.id, shareWithLeader: "true" });
      assert.ok(textOf(mentorConsent.response?.body).includes(t(lang, "error.MENTEE_ONLY")));
      // Ids that are not this chat's mentorship open nothing.
      for (const verb of ["evaluation.refresh", "evaluation.save", "evaluation.confirm", "evaluation.consent", "closing.start", "closing.confirmStart"]) {
        const r = await h.execute(chat, mentor, lang, verb, { mentorshipId: "no such id!" });
        assert.equal(textOf(r.response?.body), t(lang, "guard.otherChat"), verb);
      }
      // A colleague in the chat sees headings only.
      const stranger = await h.execute(chat, colleague, lang, "evaluation.refresh", { mentorshipId: m.id });
      assert.ok(textOf(stranger.response?.body).includes(t(lang, "evaluation.readOnlyForYou", { mentor: mentor.name, mentee: mentee.name })));
      assert.ok(!textOf(stranger.response?.body).includes("Lære at skrive journal selv"));
      assert.deepEqual(await h.etags(), etags);
    });

    it("a coordinator closes from the tab; a paused mentorship gets no closing.due until it is resumed", async () => {
      let now = new Date("2027-01-11T08:00:00Z");
      const h = await botHarness({ now: () => now });
      const m = await agreedWithGoals(h, chat, lang);
      await h.coordinator.setPaused(TENANT, m.id, true);
      assert.equal((await h.coordinator.startClosing(TENANT, m.id, "endedByAgreement")).ok ? "ok" : "refused", "refused", "paused: no closing");
      now = new Date(DUE.getTime() + 1000);
      await h.scheduler.tick();
      assert.equal((await h.service.getMentorship(TENANT, m.id))?.phase, "learning", "nothing while paused");
      now = new Date(DUE.getTime() + 3 * 86_400_000);
      await h.coordinator.setPaused(TENANT, m.id, false);
      await h.coordinator.idle();
      await h.scheduler.tick();
      const resumed = await h.service.getMentorship(TENANT, m.id);
      assert.equal(resumed?.phase, "closing", "the closing that fell due during the pause comes after the resume");
      assert.equal(resumed?.closing?.startedBy, "programme");
      const twice = await h.coordinator.startClosing(TENANT, m.id, "endedByAgreement");
      assert.equal(twice.ok ? "ok" : twice.error.code, "ALREADY_CLOSING");
    });
  });
}
