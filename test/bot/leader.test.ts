// The leader's talks through the real composition (compose() on Azurite, TestAdapter-style harness), in
// da, nb and en: the new hire's leader comes from the directory at setup; the reminders reach the
// leader's personal chat on the programme's days (Kristiansand: 14 days, 2 months, 4–5 months; KL/DS:
// 12 months), 5 working days ahead at 08:00 in the programme zone; the heads-up at month 2; "Book the
// talk" books it in the leader's calendar; anyone else's click is refused and writes nothing; a paused
// mentorship gets nothing.
import assert from "node:assert/strict";
import { LocalPeopleDirectory } from "../../src/adapters/people/directories";
import type { Member } from "../../src/app/actor";
import { type Language, Languages } from "../../src/domain/language";
import type { Mentorship } from "../../src/domain/mentorship";
import { type MessageKey, t } from "../../src/i18n";
import { TENANT, colleague, mentee, mentor } from "../support/fixtures";
import { type Chat, botHarness, cardOf, cardText, findAction } from "./harness";

const lars: Member = { aadObjectId: "44444444-4444-4444-8444-444444444444", name: "Lars Leder", channelUserId: "29:lars" };
const people = new LocalPeopleDirectory(TENANT, [mentor, mentee, lars, colleague].map((p) => ({ aadObjectId: p.aadObjectId, name: p.name, email: `${p.channelUserId.slice(3)}@kommune.dk` })), [lars.aadObjectId]);
type H = Awaited<ReturnType<typeof botHarness>>;

const personalChat = (who: Member): Chat => ({ id: `a:personal-${who.channelUserId}`, type: "personal", members: [who] });

async function started(h: H, chat: Chat, lang: Language, programme: "klds" | "kristiansand"): Promise<Mentorship> {
  const setupId = findAction(cardOf((await h.say(chat, mentor, lang, "start"))[0]), "setup.submit")?.data["setupId"];
  await h.execute(chat, mentor, lang, "setup.submit", { setupId, programme, firstDay: "2027-02-01", unit: "U", language: lang });
  await h.bot.idle();
  const id = (await h.service.getChat(TENANT, chat.id))?.activeMentorshipId ?? "";
  return (await h.service.getMentorship(TENANT, id)) as Mentorship;
}

/** Runs what is due now, as the scheduler would; returns the cards that reached the leader's personal chat. */
async function runDue(h: H): Promise<Record<string, unknown>[]> {
  const before = h.notifier.sent.length;
  for (let i = 0; i < 50 && (await h.scheduler.tick()) > 0; i++) await h.bot.idle();
  return h.notifier.sent.slice(before).filter((_, i) => h.notifier.sentTo[before + i] === personalChat(lars).id).map((s) => s.card ?? {});
}

const named = (lang: Language, key: string) => t(lang, `leader.talk.${key}` as MessageKey);

for (const lang of Languages) {
  describe(`the leader's talks (${lang})`, function () {
    this.timeout(120000);

    it("Kristiansand: the leader from the directory gets the three probation reminders and the heads-up on their days, and nothing a minute before", async () => {
      let now = new Date("2027-01-11T08:00:00Z");
      const h = await botHarness({ now: () => now, people });
      const chat: Chat = { id: `19:leader-kr-${lang}@thread.v2`, type: "groupChat", members: [mentor, mentee] };
      await h.install(personalChat(lars), lars, lang);
      const m = await started(h, chat, lang, "kristiansand");
      assert.equal(m.leader?.aadObjectId, lars.aadObjectId, "the directory's manager of the new hire");
      assert.deepEqual(m.leaderState?.talks.map((x) => x.key), ["probation14d", "probation2m", "probation4to5m"]);
      // 5 working days before each window, 08:00 Oslo (Easter 2027 and Norway's May holidays skipped).
      const expected: [string, string][] = [
        ["2027-02-08T07:00:00.000Z", "probation14d"],
        ["2027-03-22T07:00:00.000Z", "probation2m"],
        ["2027-05-25T06:00:00.000Z", "probation4to5m"],
      ];
      for (const [at, key] of expected) {
        now = new Date(new Date(at).getTime() - 60_000);
        assert.ok(!(await runDue(h)).some((c) => cardText(c).includes(named(lang, key))), `${key}: not before ${at}`);
        now = new Date(at);
        const cards = await runDue(h);
        const reminder = cards.find((c) => cardText(c).includes(named(lang, key)));
        assert.ok(reminder, `${key} reminded at ${at}`);
        assert.equal(findAction(reminder, "leader.book")?.data["talk"], key);
        assert.ok(cardText(reminder).includes(mentee.name));
        now = new Date(new Date(at).getTime() + 3 * 86_400_000);
        assert.ok(!(await runDue(h)).some((c) => cardText(c).includes(named(lang, key))), `${key}: exactly once`);
        if (key === "probation2m") {
          // The heads-up at month 2 (01.04.2027, 08:00 Oslo summer time), with the seed's advice.
          now = new Date("2027-04-01T06:00:00.000Z");
          const heads = await runDue(h);
          assert.equal(heads.length, 1);
          assert.ok(cardText(heads[0]).includes(t(lang, "leader.headsUp.wall")));
        }
      }
      const after = (await h.service.getMentorship(TENANT, m.id)) as Mentorship;
      assert.deepEqual(after.leaderState?.talks.map((x) => x.status), ["reminded", "reminded", "reminded"]);
      assert.ok(after.leaderState?.headsUpAt);
    });

    it("KL/DS: the development talk's reminder comes 5 working days before month 12; the leader books it and answers the held check", async () => {
      let now = new Date("2027-01-11T08:00:00Z");
      const h = await botHarness({ now: () => now, people });
      const chat: Chat = { id: `19:leader-kl-${lang}@thread.v2`, type: "groupChat", members: [mentor, mentee] };
      await h.install(personalChat(lars), lars, lang);
      const m = await started(h, chat, lang, "klds");
      now = new Date("2028-01-25T06:59:00.000Z");
      assert.ok(!(await runDue(h)).some((c) => cardText(c).includes(named(lang, "developmentTalk"))));
      now = new Date("2028-01-25T07:00:00.000Z");
      const reminder = (await runDue(h)).find((c) => cardText(c).includes(named(lang, "developmentTalk")));
      assert.ok(reminder);
      const data = findAction(reminder, "leader.book")?.data;

      // Anyone else, with the very same card data, from their own personal chat: refused, nothing written.
      const before = await h.etags();
      for (const who of [mentor, mentee, colleague]) {
        const { response } = await h.execute(personalChat(who), who, lang, "leader.book", data);
        assert.equal(response?.body.value, t(lang, "error.NOT_THE_LEADER"));
      }
      // The leader, but from the pair's chat: refused too.
      const { response: fromGroup } = await h.execute(chat, lars, lang, "leader.book", data);
      assert.equal(fromGroup?.body.value, t(lang, "leader.onlyPersonal"));
      assert.deepEqual(await h.etags(), before, "no refusal writes a row");

      const { response } = await h.execute(personalChat(lars), lars, lang, "leader.book", data);
      assert.ok(cardText(response?.body.value).includes(t(lang, "leader.booked.title")));
      const booked = (await h.service.getMentorship(TENANT, m.id)) as Mentorship;
      const talk = booked.leaderState?.talks[0];
      assert.equal(talk?.status, "booked");
      assert.equal(talk?.booking?.startUtc, "2028-02-01T09:00:00.000Z", "the window's first working day, 10:00 Copenhagen");
      const again = await h.execute(personalChat(lars), lars, lang, "leader.book", data);
      assert.ok(cardText(again.response?.body.value).includes(t(lang, "error.TALK_ALREADY_BOOKED")));

      // "Was it held?" the working day after.
      now = new Date("2028-02-02T07:00:00.000Z");
      const held = (await runDue(h)).find((c) => findAction(c, "leader.held"));
      assert.ok(held, "the held check");
      const yes = (held!["actions"] as { data: Record<string, unknown> }[]).find((a) => a.data["held"] === "yes")!.data;
      await h.execute(personalChat(lars), lars, lang, "leader.held", yes);
      assert.equal(((await h.service.getMentorship(TENANT, m.id)) as Mentorship).leaderState?.talks[0]?.status, "held");
    });

    it("paused: no reminder fires; after the resume it comes", async () => {
      let now = new Date("2027-01-11T08:00:00Z");
      const h = await botHarness({ now: () => now, people });
      const chat: Chat = { id: `19:leader-pause-${lang}@thread.v2`, type: "groupChat", members: [mentor, mentee] };
      await h.install(personalChat(lars), lars, lang);
      const m = await started(h, chat, lang, "kristiansand");
      assert.ok((await h.coordinator.setPaused(TENANT, m.id, true)).ok);
      now = new Date("2027-02-09T07:00:00.000Z");
      assert.deepEqual(await runDue(h), [], "nothing while paused");
      assert.equal(((await h.service.getMentorship(TENANT, m.id)) as Mentorship).leaderState?.talks[0]?.status, "planned");
      assert.ok((await h.coordinator.setPaused(TENANT, m.id, false)).ok);
      const cards = await runDue(h);
      assert.ok(cards.some((c) => cardText(c).includes(named(lang, "probation14d"))), "the missed reminder after the resume");
    });
  });
}
