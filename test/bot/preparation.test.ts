// Issue 11, item 1: a pair created before the new hire's first working day gets the preparation
// welcome, not the agreement; day one's job (or either party's click) begins the agreement; the
// mentor is reminded in the personal chat. A pair that starts today gets the agreement at once.
import assert from "node:assert/strict";
import type { Party } from "../../src/domain/agreement";
import type { Language } from "../../src/domain/language";
import type { Mentorship } from "../../src/domain/mentorship";
import { PRESENTATION_MAX } from "../../src/domain/preparation";
import type { ProgrammeId } from "../../src/domain/programmes";
import { listOf } from "../../src/cards/template";
import { t } from "../../src/i18n";
import type { PersonalDelivery, PersonalMessage } from "../../src/ports/personal";
import { TENANT, colleague, mentee, mentor } from "../support/fixtures";
import { type Chat, botHarness, cardOf, cardText, findAction, findInputIds } from "./harness";

/** The personal-chat edge (another part implements it): what would have been said to whom, recorded. */
class RecordingPersonal implements PersonalDelivery {
  readonly sent: { mentorshipId: string; party: Party; kind: PersonalMessage["kind"] }[] = [];
  reachable = true;
  async postToParty(m: Mentorship, party: Party, message: PersonalMessage): Promise<boolean> {
    if (!this.reachable) return false;
    this.sent.push({ mentorshipId: m.id, party, kind: message.kind });
    return true;
  }
}

const PROGRAMME: Record<Language, ProgrammeId> = { da: "klds", nb: "kristiansand", en: "custom" };
/** The harness clock is Monday 2027-01-11 08:00Z; the new hire starts three weeks later. */
const DAY_ONE = "2027-02-01";
const DAY_ONE_0800_UTC = new Date("2027-02-01T07:00:00Z"); // 08:00 in Copenhagen and Oslo (winter)

const isWelcome = (card: unknown) => card !== undefined && findAction(card, "welcome.startAgreement") !== undefined;
const isAgreement = (card: unknown) => card !== undefined && findAction(card, "agreement.accept") !== undefined;

/** `personal: null` runs the app's own personal-chat delivery instead of the recording one. */
async function pairStarting(lang: Language, firstDay: string, personal: RecordingPersonal | null = new RecordingPersonal(), chatId = "19:prep@thread.v2") {
  let now = new Date("2027-01-11T08:00:00Z");
  const h = await botHarness(personal ? { personal } : {});
  h.setNow(() => now);
  const chat: Chat = { id: chatId, type: "groupChat", members: [mentor, mentee] };
  const setupId = findAction(cardOf((await h.say(chat, mentor, lang, "start"))[0]), "setup.submit")?.data["setupId"];
  const done = await h.execute(chat, mentor, lang, "setup.submit", { setupId, programme: PROGRAMME[lang], firstDay, unit: "Vågsbygd omsorgssenter", language: lang });
  const id = (await h.service.getChat(TENANT, chat.id))?.activeMentorshipId ?? "";
  assert.ok(id, "the mentorship was created");
  return { h, chat, id, done, personal: personal ?? new RecordingPersonal(), setNow: (d: Date) => (now = d), get: async () => (await h.service.getMentorship(TENANT, id))! };
}

for (const lang of ["da", "nb", "en"] as const) {
  describe(`preparation before day one (${lang})`, function () {
    this.timeout(30000);

    it("a future start gets the welcome, not the agreement: mentor, unit, plan with dates and the programme's questions", async () => {
      const { done, get } = await pairStarting(lang, DAY_ONE);
      const cards = done.sent.map(cardOf);
      assert.ok(cards.some(isWelcome), "the welcome card is posted");
      assert.ok(!cards.some(isAgreement), "no agreement card before day one");
      const m = await get();
      assert.equal(m.phase, "preparation", "the pair stays in preparation");
      assert.ok(m.welcomePostedAt, "the welcome is remembered");
      assert.equal(m.agreementPostedAt, null);
      const text = cardText(cards.find(isWelcome));
      assert.ok(text.includes(mentor.name) && text.includes("Vågsbygd omsorgssenter"), "the mentor's name and the unit");
      assert.ok(text.includes("01.02.2027"), "day one as dd.mm.yyyy");
      assert.ok(text.includes(t(lang, "welcome.card.planPhase", { phase: lang === "en" ? "Start-up" : t(lang, "phase.startUp").replace(/^./, (c) => c.toUpperCase()), from: "01.02.2027", to: lang === "nb" ? "15.02.2027" : "01.05.2027" })), `the plan's start-up window: ${text}`);
      const wording = PROGRAMME[lang] === "kristiansand" ? "kristiansand" : "klds";
      for (const q of [1, 2, 3]) assert.ok(text.includes(t(lang, `welcome.prep.${wording}.q${q}` as never)), `question ${q}`);
      assert.ok(findInputIds(cards.find(isWelcome)).includes("presentation"), "the presentation field");
      if (lang === "nb") {
        assert.ok(text.includes("Før oppstart"), "nb names the phase as Kristiansand does");
        assert.ok(text.includes("Mentor tar kontakt med deg før oppstart"), "seed 004's promise");
      }
    });

    it("the mentor's presentation is saved and shown to both; the mentee's save is refused and changes nothing", async () => {
      const { h, chat, id, get } = await pairStarting(lang, DAY_ONE);
      const text = "Jeg har arbejdet her i 12 år – glæder mig til at møde dig. Æøå!";
      const saved = await h.execute(chat, mentor, lang, "welcome.save", { mentorshipId: id, presentation: `  ${text}\r\n` });
      assert.equal(saved.response?.body.type, "application/vnd.microsoft.card.adaptive");
      const answer = cardText(saved.response?.body.value);
      assert.ok(answer.includes(t(lang, "welcome.card.saved")), answer);
      assert.equal((await get()).presentation, text, "trimmed, kept as written");
      const shared = h.adapter.updates.at(-1);
      assert.ok(cardText(cardOf(shared)).includes(text), "the welcome in the chat shows it for everyone");

      const before = await h.etags();
      const refused = await h.execute(chat, mentee, lang, "welcome.save", { mentorshipId: id, presentation: "Jeg skriver selv" });
      const shown = cardText(refused.response?.body.value);
      assert.ok(shown.includes(t(lang, "error.MENTOR_ONLY")), shown);
      assert.ok(shown.includes(text), "the mentee reads the mentor's presentation");
      assert.ok(!findInputIds(refused.response?.body.value).includes("presentation"), "no input for the mentee");
      assert.deepEqual(await h.etags(), before, "nothing changed");

      // The mentee, writing `card`, gets the welcome again, now with the presentation; no agreement yet.
      const again = await h.say(chat, mentee, lang, "card");
      assert.ok(isWelcome(cardOf(again[0])) && cardText(cardOf(again[0])).includes(text));
      assert.equal((await get()).phase, "preparation");
    });

    it("a few days before day one the mentor is reminded in the personal chat, once; day one 08:00 posts the agreement, once", async () => {
      const { h, id, setNow, get, personal } = await pairStarting(lang, DAY_ONE);
      setNow(new Date("2027-01-28T12:00:00Z"));
      await h.scheduler.tick();
      assert.equal(personal.sent.length, 0, "not yet");
      setNow(new Date("2027-01-29T08:30:00Z")); // three days before, after 09:00 local
      await h.scheduler.tick();
      assert.deepEqual(personal.sent, [{ mentorshipId: id, party: "mentor", kind: "preparationReminder" }]);

      setNow(new Date(DAY_ONE_0800_UTC.getTime() - 60_000));
      await h.scheduler.tick();
      assert.ok(!h.notifier.sent.some((x) => isAgreement(x.card)), "not before 08:00");
      assert.equal((await get()).phase, "preparation");

      setNow(DAY_ONE_0800_UTC);
      await h.scheduler.tick();
      await h.scheduler.tick();
      assert.equal(h.notifier.sent.filter((x) => isAgreement(x.card)).length, 1, "the agreement card, exactly once");
      const m = await get();
      assert.equal(m.phase, "startUp", "start-up begins on day one");
      assert.ok(m.agreementPostedAt);
      assert.equal(personal.sent.length, 1, "the reminder came once");
      const welcomeNow = h.notifier.updates.at(-1)?.card;
      assert.ok(welcomeNow && !isWelcome(welcomeNow) && cardText(welcomeNow).includes(t(lang, "welcome.card.agreementBegun")), "the welcome loses its button");

      // The agreement card posted by the job works like any: both accept and it locks.
      await h.execute({ id: "19:prep@thread.v2", type: "groupChat", members: [mentor, mentee] }, mentee, lang, "agreement.accept", { mentorshipId: id, version: 1 });
      await h.execute({ id: "19:prep@thread.v2", type: "groupChat", members: [mentor, mentee] }, mentor, lang, "agreement.accept", { mentorshipId: id, version: 1 });
      assert.equal((await get()).phase, "learning");
    });

    it("either party may begin the agreement early; a second click and day one's job post no second card", async () => {
      const { h, chat, id, setNow, get } = await pairStarting(lang, DAY_ONE);
      const begun = await h.execute(chat, mentee, lang, "welcome.startAgreement", { mentorshipId: id });
      assert.ok(cardText(begun.response?.body.value).includes(t(lang, "welcome.card.started")));
      assert.equal(begun.sent.filter((a) => isAgreement(cardOf(a))).length, 1, "the agreement card is posted in the chat");
      assert.equal((await get()).phase, "startUp");

      const twice = await h.execute(chat, mentor, lang, "welcome.startAgreement", { mentorshipId: id });
      assert.ok(cardText(twice.response?.body.value).includes(t(lang, "welcome.card.alreadyBegun")));
      assert.equal(twice.sent.filter((a) => isAgreement(cardOf(a))).length, 0, "no second card");

      setNow(DAY_ONE_0800_UTC);
      await h.scheduler.tick();
      assert.ok(!h.notifier.sent.some((x) => isAgreement(x.card)), "day one's job finds it begun");
      // `card` now reposts the agreement, as for any pair in start-up.
      assert.ok(isAgreement(cardOf((await h.say(chat, mentor, lang, "card"))[0])));
    });

    it("once the plan is booked, the welcome lists the coming meetings", async () => {
      const { h, chat, id } = await pairStarting(lang, DAY_ONE);
      await h.execute(chat, mentor, lang, "welcome.startAgreement", { mentorshipId: id });
      await h.execute(chat, mentee, lang, "agreement.accept", { mentorshipId: id, version: 1 });
      await h.execute(chat, mentor, lang, "agreement.accept", { mentorshipId: id, version: 1 });
      const booked = await h.execute(chat, mentor, lang, "plan.book", { mentorshipId: id, weekday: "2", time: "10:00", minutes: "45", leadHours: "24" });
      assert.equal(booked.response?.body.type, "application/vnd.microsoft.card.adaptive");
      await h.bot.idle();
      const first = (await h.meetings.meetings(TENANT, id)).filter((x) => x.status === "planned").sort((a, b) => a.startUtc.localeCompare(b.startUtc))[0];
      assert.ok(first, "meetings were booked");
      const welcome = h.notifier.updates.map((u) => u.card).filter((c) => cardText(c).includes(t(lang, "welcome.card.talksHeading"))).at(-1);
      assert.ok(welcome, "the welcome was replaced with the meetings");
      assert.ok(cardText(welcome).includes(t(lang, "format.dateTime", { date: first.date.split("-").reverse().join("."), time: "10:00" })), cardText(welcome));
    });

    it("someone else in the chat can neither save nor begin, and sees nothing of the pair's", async () => {
      const { h, id, get } = await pairStarting(lang, DAY_ONE);
      const trio: Chat = { id: "19:prep@thread.v2", type: "groupChat", members: [mentor, mentee, colleague] };
      await h.execute(trio, mentor, lang, "welcome.save", { mentorshipId: id, presentation: "Hemmelig" });
      const before = await h.etags();
      for (const verb of ["welcome.save", "welcome.startAgreement"]) {
        const r = await h.execute(trio, colleague, lang, verb, { mentorshipId: id, presentation: "x" });
        assert.equal(r.response?.body.type, "application/vnd.microsoft.activity.message", verb);
        assert.ok(!String(r.response?.body.value).includes("Hemmelig"));
      }
      assert.deepEqual(await h.etags(), before);
      assert.equal((await get()).phase, "preparation");
    });

    it("malformed payloads answer with a clear card or line and change nothing", async () => {
      const { h, chat, id, get } = await pairStarting(lang, DAY_ONE);
      const before = await h.etags();
      const tooLong = "æ".repeat(PRESENTATION_MAX + 1);
      const long = await h.execute(chat, mentor, lang, "welcome.save", { mentorshipId: id, presentation: tooLong });
      const longCard = long.response?.body.value as Record<string, unknown>;
      assert.ok(cardText(longCard).includes(t(lang, "input.tooLong", { max: PRESENTATION_MAX })), cardText(longCard));
      assert.ok(cardText(longCard).includes(tooLong), "what was typed is shown again, not lost");
      const wrongType = await h.execute(chat, mentor, lang, "welcome.save", { mentorshipId: id, presentation: { text: "x" } });
      assert.equal(wrongType.response?.body.type, "application/vnd.microsoft.card.adaptive");
      assert.ok(cardText(wrongType.response?.body.value).includes(t(lang, "welcome.card.presentationLabelField")), "the field named by its label");
      for (const [verb, data] of [
        ["welcome.save", { presentation: "x" }],
        ["welcome.startAgreement", {}],
        ["welcome.startAgreement", { mentorshipId: 42 }],
        ["welcome.startAgreement", { mentorshipId: "no-such-id" }],
        ["welcome.save", null],
      ] as const) {
        const r = await h.execute(chat, mentor, lang, verb, data);
        assert.equal(r.response?.status, 200);
        assert.equal(r.response?.body.type, "application/vnd.microsoft.activity.message", `${verb} ${JSON.stringify(data)}`);
        assert.doesNotMatch(String(r.response?.body.value), /\b[A-Z]{2,}_[A-Z_]+\b|mentorshipId/, "no code in the words");
        assert.equal(r.sent.length, 0);
      }
      assert.deepEqual(await h.etags(), before, "nothing changed");
      assert.equal((await get()).phase, "preparation");
    });

    it("a pair who starts today gets the agreement at once, exactly as before", async () => {
      const { done, get, h, setNow } = await pairStarting(lang, "2027-01-11");
      const cards = done.sent.map(cardOf);
      assert.ok(cards.some(isAgreement), "the agreement card");
      assert.ok(!cards.some(isWelcome), "no welcome");
      const m = await get();
      assert.equal(m.phase, "startUp");
      assert.equal(m.welcomePostedAt ?? null, null);
      setNow(new Date("2027-01-20T08:00:00Z"));
      await h.scheduler.tick();
      assert.equal(h.notifier.sent.filter((x) => isAgreement(x.card)).length, 0, "no preparation job posts a second card");
    });
  });
}

describe("preparation: pauses, close starts, prepared mentorships", function () {
  this.timeout(30000);

  it("while paused day one posts nothing and reminds nobody; on resume the agreement is due again, once", async () => {
    const { h, id, setNow, get, personal } = await pairStarting("da", DAY_ONE);
    assert.ok((await h.coordinator.setPaused(TENANT, id, true)).ok);
    setNow(new Date("2027-01-29T08:30:00Z"));
    await h.scheduler.tick();
    setNow(new Date("2027-02-02T09:00:00Z"));
    await h.scheduler.tick();
    assert.equal(personal.sent.length, 0, "no reminder while paused");
    assert.ok(!h.notifier.sent.some((x) => isAgreement(x.card)), "no agreement while paused");
    assert.equal((await get()).phase, "preparation");

    assert.ok((await h.coordinator.setPaused(TENANT, id, false)).ok);
    await h.coordinator.idle();
    await h.scheduler.tick();
    await h.scheduler.tick();
    assert.equal(h.notifier.sent.filter((x) => isAgreement(x.card)).length, 1, "due again after the pause, once");
    assert.equal((await get()).phase, "startUp");
  });

  it("day one too close for a reminder: none; a mentor the app cannot reach in a personal chat: pending, nothing breaks", async () => {
    const tooClose = await pairStarting("nb", "2027-01-13");
    tooClose.setNow(new Date("2027-01-12T20:00:00Z"));
    await tooClose.h.scheduler.tick();
    assert.equal(tooClose.personal.sent.length, 0, "two days before: no reminder");
    tooClose.setNow(new Date("2027-01-13T07:00:00Z"));
    await tooClose.h.scheduler.tick();
    assert.equal((await tooClose.get()).phase, "startUp", "day one still brings the agreement");

    // A mentor who never opened the app's personal chat: the real delivery keeps the reminder
    // pending and offers it, once, when they write to the app there before day one.
    const p = await pairStarting("nb", DAY_ONE, null);
    const mentorPersonal: Chat = { id: "a:personal-prep-mentor", type: "personal", members: [mentor] };
    p.setNow(new Date("2027-01-29T08:30:00Z"));
    await p.h.scheduler.tick();
    assert.equal(p.h.notifier.sentTo.filter((to) => to === mentorPersonal.id).length, 0, "no personal chat to post to");
    assert.equal((await p.get()).phase, "preparation");
    p.setNow(new Date("2027-01-30T08:30:00Z"));
    await p.h.scheduler.tick();
    const reminder = t("nb", "welcome.reminder", { mentee: mentee.name, date: "01.02.2027", unit: "Vågsbygd omsorgssenter" });
    const status = await p.h.say(mentorPersonal, mentor, "nb", "status");
    assert.equal(status.filter((a) => a.text === reminder).length, 1, "offered when the mentor writes, once");
    const again = await p.h.say(mentorPersonal, mentor, "nb", "help");
    assert.equal(again.filter((a) => a.text === reminder).length, 0, "and not again");
    p.setNow(new Date("2027-01-31T08:30:00Z"));
    await p.h.scheduler.tick();
    assert.equal(p.h.notifier.sent.filter((a) => a.text === reminder).length, 0, "no second reminder by the next morning's jobs");
  });

  it("a failed post of day one's card is retried: start-up was claimed, the card comes once", async () => {
    const { h, setNow, get } = await pairStarting("da", DAY_ONE);
    const send = h.notifier.send.bind(h.notifier);
    let failures = 1;
    h.notifier.send = async (ref, message) => {
      if (message.card && isAgreement(message.card) && failures-- > 0) throw new Error("connector down");
      return send(ref, message);
    };
    setNow(DAY_ONE_0800_UTC);
    await h.scheduler.tick();
    assert.equal(h.notifier.sent.filter((x) => isAgreement(x.card)).length, 0, "the send failed");
    assert.equal((await get()).phase, "startUp", "start-up is claimed, so no click can post a second card");
    setNow(new Date(DAY_ONE_0800_UTC.getTime() + 5 * 60_000));
    await h.scheduler.tick();
    await h.scheduler.tick();
    assert.equal(h.notifier.sent.filter((x) => isAgreement(x.card)).length, 1, "the retry posts it, once");
    // Start-up began on day one: an agreement not accepted within a week nudges both, as for any pair.
    setNow(new Date(DAY_ONE_0800_UTC.getTime() + 8 * 86_400_000));
    await h.scheduler.tick();
    const nudge = t("da", "reminder.agreement", { names: listOf("da", [mentor.name, mentee.name]), version: 1 });
    assert.ok(h.notifier.sent.some((x) => x.text === nudge), "the agreement nudge");
  });

  it("the first working day is read in the programme's zone: 23:30 UTC on the eve is already day one in Oslo", async () => {
    // The mentor sets up at 00:30 Oslo time on day one (23:30 UTC the day before): they start today.
    const h = await botHarness({ now: () => new Date("2027-01-31T23:30:00Z") });
    const chat: Chat = { id: "19:zone@thread.v2", type: "groupChat", members: [mentor, mentee] };
    const setupId = findAction(cardOf((await h.say(chat, mentor, "nb", "start"))[0]), "setup.submit")?.data["setupId"];
    const done = await h.execute(chat, mentor, "nb", "setup.submit", { setupId, programme: "kristiansand", firstDay: DAY_ONE, unit: "X", language: "nb" });
    assert.ok(done.sent.map(cardOf).some(isAgreement), "day one in Oslo: the agreement at once");
  });

  it("a coordinator-prepared mentorship with a later start gets the welcome when its chat is bound", async () => {
    const h = await botHarness({ personal: new RecordingPersonal() });
    const prepared = await h.service.prepare(TENANT, "44444444-4444-4444-8444-444444444444", { programme: "kristiansand", language: "nb", unit: "Enhet Øst", firstWorkingDay: DAY_ONE, mentor, mentee });
    assert.ok(prepared.ok);
    const pair: Chat = { id: "19:bound@thread.v2", type: "groupChat", members: [mentor, mentee] };
    const out = await h.say(pair, mentee, "nb", "start");
    const cards = out.map(cardOf);
    assert.ok(cards.some(isWelcome), "the welcome");
    assert.ok(!cards.some(isAgreement), "no agreement before day one");
    const m = await h.service.getMentorship(TENANT, prepared.value.id);
    assert.equal(m?.phase, "preparation");
    assert.equal(m?.conversationId, pair.id);
    assert.ok(cardText(cards.find(isWelcome)).includes("Enhet Øst"));
  });
});
