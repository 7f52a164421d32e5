import assert from "node:assert/strict";
import type { Mentorship } from "../../src/domain/mentorship";
import { type Language, Languages } from "../../src/domain/language";
import { t } from "../../src/i18n";
import { TENANT, colleague, mentee, mentor } from "../support/fixtures";
import { type Chat, botHarness, cardOf, cardText, findAction } from "./harness";

type H = Awaited<ReturnType<typeof botHarness>>;

/** Issue 9, item 5: after a restart (an empty chat in the Playground) a pair always gets its current card back. */
for (const lang of Languages) {
  describe(`restart and recovery: the current card again (${lang})`, function () {
    this.timeout(60000);
    const chat: Chat = { id: `19:recover-${lang}@thread.v2`, type: "groupChat", members: [mentor, mentee, colleague] };
    const cardWord = lang === "en" ? "card" : "kort";
    let now = new Date("2027-01-11T08:00:00Z");

    async function mentorshipOf(h: H): Promise<Mentorship> {
      const c = await h.service.getChat(TENANT, chat.id);
      const m = await h.service.getMentorship(TENANT, c?.activeMentorshipId ?? "");
      assert.ok(m);
      return m;
    }

    async function started(h: H, language: Language = lang) {
      const setup = await h.say(chat, mentor, language, "start");
      const setupId = findAction(cardOf(setup[0]), "setup.submit")?.data["setupId"] as string;
      await h.execute(chat, mentor, language, "setup.submit", { setupId, programme: "kristiansand", firstDay: "2027-01-04", unit: "Vågsbygd", language, mentee: mentee.aadObjectId });
      return { setupId, m: await mentorshipOf(h) };
    }

    it("mid-agreement restart: start and card re-post the current agreement, which becomes the card every change updates; an old accept answers with the current card", async () => {
      const first = await botHarness();
      const { m: m1, setupId } = await started(first);
      await first.execute(chat, mentor, lang, "agreement.save", { mentorshipId: m1.id, baseVersion: 1, purpose: m1.agreement.fields.purpose, meetingCount: "12", meetingMinutes: "45", timeAndPlace: "Tirsdag 10" });

      // A new app process on the same storage; the chat shows nothing.
      const h = await botHarness({ storage: { connectionString: first.connectionString, tableName: first.tableName } });
      const viaStart = await h.say(chat, mentor, lang, "start");
      assert.equal(viaStart.length, 1);
      assert.equal(viaStart[0]?.text, t(lang, "card.reposted", { step: t(lang, "card.step.agreement") }));
      const card = cardOf(viaStart[0]);
      assert.equal(findAction(card, "agreement.accept")?.data["version"], 2, "the current version");
      assert.equal(await h.posted.get(TENANT, (await mentorshipOf(h)).id, "agreement"), viaStart[0]?.id, "the re-posted card is the one the app updates");

      const viaCard = await h.say(chat, mentee, lang, cardWord);
      assert.ok(findAction(cardOf(viaCard[0]), "agreement.accept"));
      assert.equal(await h.posted.get(TENANT, (await mentorshipOf(h)).id, "agreement"), viaCard[0]?.id);

      // The old card's accept (version 1): the current agreement and a line that it changed, never a dead end.
      const old = await h.execute(chat, mentee, lang, "agreement.accept", { mentorshipId: m1.id, version: 1 });
      assert.equal(old.response?.body.type, "application/vnd.microsoft.card.adaptive");
      assert.ok(cardText(old.response?.body.value).includes(t(lang, "error.AGREEMENT_STALE_VERSION", { current: 2 })));
      assert.equal(findAction(old.response?.body.value, "agreement.accept")?.data["version"], 2);

      // Accepting on the re-posted card updates that card for everyone.
      await h.execute(chat, mentee, lang, "agreement.accept", { mentorshipId: m1.id, version: 2 });
      assert.equal(h.adapter.updates.at(-1)?.id, viaCard[0]?.id);

      // The old setup card, pressed now: a notice that the mentorship exists and which step it is at.
      const oldSetup = await h.execute(chat, mentor, lang, "setup.submit", { setupId, programme: "klds", firstDay: "2027-01-04", unit: "X", language: lang, mentee: mentee.aadObjectId });
      assert.equal(oldSetup.response?.body.type, "application/vnd.microsoft.card.adaptive");
      assert.ok(cardText(oldSetup.response?.body.value).includes(t(lang, "setup.alreadyDone", { step: t(lang, "card.step.agreement") })));

      // Someone in the chat who is not a party gets no card.
      const third = await h.say(chat, colleague, lang, cardWord);
      assert.equal(third[0]?.text, t(lang, "error.NOT_A_PARTY"));
      assert.equal(cardOf(third[0]), undefined);
    });

    it("card re-posts a pending setup, then the plan, the booking card once booked, and the latest agenda", async () => {
      now = new Date("2027-01-11T08:00:00Z");
      const h = await botHarness({ now: () => now });
      const setup = await h.say(chat, mentor, lang, "start");
      const setupId = findAction(cardOf(setup[0]), "setup.submit")?.data["setupId"];
      const again = await h.say(chat, mentor, lang, cardWord);
      assert.equal(again[0]?.text, t(lang, "card.reposted", { step: t(lang, "card.step.setup") }));
      assert.equal(findAction(cardOf(again[0]), "setup.submit")?.data["setupId"], setupId, "the same pending setup");
      await h.execute(chat, mentor, lang, "setup.submit", { setupId, programme: "kristiansand", firstDay: "2027-01-04", unit: "Vågsbygd", language: lang, mentee: mentee.aadObjectId });
      const m = await mentorshipOf(h);
      await h.execute(chat, mentee, lang, "agreement.accept", { mentorshipId: m.id, version: 1 });
      await h.execute(chat, mentor, lang, "agreement.accept", { mentorshipId: m.id, version: 1 });

      const plan = await h.say(chat, mentor, lang, cardWord);
      assert.equal(plan[0]?.text, t(lang, "card.reposted", { step: t(lang, "card.step.plan") }));
      assert.ok(findAction(cardOf(plan[0]), "plan.book"));
      assert.equal(await h.posted.get(TENANT, m.id, "plan"), plan[0]?.id);

      await h.execute(chat, mentor, lang, "plan.book", { mentorshipId: m.id, weekday: "2", time: "10:00", minutes: "45", leadHours: "24" });
      await h.bot.idle();
      const booked = await h.say(chat, mentee, lang, cardWord);
      assert.equal(booked[0]?.text, t(lang, "card.reposted", { step: t(lang, "card.step.booking") }));
      assert.ok(cardText(cardOf(booked[0])).includes(t(lang, "booked.title")));
      assert.equal(await h.posted.get(TENANT, m.id, "booking"), booked[0]?.id);

      // 24 hours before the first meeting the scheduler posts its agenda; card now gives that agenda.
      now = new Date("2027-01-18T09:01:00Z");
      await h.scheduler.tick();
      const first = (await h.meetings.meetings(TENANT, m.id))[0]!;
      assert.ok(first.agendaPostedAt, "the agenda was posted");
      const agenda = await h.say(chat, mentee, lang, cardWord);
      assert.equal(agenda[0]?.text, t(lang, "card.reposted", { step: t(lang, "card.step.agenda", { date: "19.01.2027" }) }));
      assert.ok(findAction(cardOf(agenda[0]), "agenda.save"));
      assert.equal(await h.posted.get(TENANT, m.id, `agenda:${first.key}`), agenda[0]?.id, "saves update the re-posted agenda");

      // In the personal chat, card says where to ask.
      const personal: Chat = { id: `a:recover-${lang}`, type: "personal", members: [mentee] };
      assert.equal((await h.say(personal, mentee, lang, cardWord))[0]?.text, t(lang, "card.personal"));
    });
  });
}
