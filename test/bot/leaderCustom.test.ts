// Issue 12, "Tests that must exist": the leader's reminders fire on the right days for a coordinator-made
// programme, not only for the built-ins. A coordinator copies Kristiansand through ProgrammeService (the
// programme store on Azurite), moves its talks (probation after 21 days, a check-in of its own at month 3,
// the last talk at months 6–7) and the heads-up to month 3, and starts a mentorship on it with Lars Leder
// as leader; the pair binds it in their chat through the real bot. With the clock moved, the reminders
// reach Lars's personal chat on the definition's days, 5 working days ahead at 08:00 Oslo time — and
// nothing on the built-in's days. A version saved after the start changes nothing for this mentorship.
import assert from "node:assert/strict";
import { LocalPeopleDirectory } from "../../src/adapters/people/directories";
import type { Member } from "../../src/app/actor";
import { Languages } from "../../src/domain/language";
import type { Mentorship } from "../../src/domain/mentorship";
import type { ProgrammeDefinition } from "../../src/domain/programmeDefinition";
import { type MessageKey, t } from "../../src/i18n";
import { TENANT, colleague, mentee, mentor } from "../support/fixtures";
import { type Chat, botHarness, cardText, findAction } from "./harness";

const lars: Member = { aadObjectId: "44444444-4444-4444-8444-444444444444", name: "Lars Leder", channelUserId: "29:lars" };
const people = new LocalPeopleDirectory(TENANT, [mentor, mentee, lars, colleague].map((p) => ({ aadObjectId: p.aadObjectId, name: p.name, email: `${p.channelUserId.slice(3)}@kommune.dk` })), [lars.aadObjectId]);
const COORDINATOR = colleague.aadObjectId;
type H = Awaited<ReturnType<typeof botHarness>>;

const personalChat = (who: Member): Chat => ({ id: `a:personal-${who.channelUserId}`, type: "personal", members: [who] });

const HALF_YEAR = { da: "Halvårssamtale", nb: "Halvårssamtale", en: "Half-year talk" };
const CHECK_IN = { da: "Opfølgende samtale efter 3 måneder", nb: "Oppfølgingssamtale etter 3 måneder", en: "Follow-up talk after 3 months" };

/** Kristiansand as the coordinator changed it: the talks at other times, a talk of its own, the heads-up at month 3. */
function changed(def: ProgrammeDefinition): ProgrammeDefinition {
  return {
    ...def,
    talks: [
      { key: "probation14d", afterDays: 21 },
      { key: "checkIn3m", label: CHECK_IN, afterMonths: [3, 3] },
      { key: "probation4to5m", afterMonths: [6, 7] },
    ],
    leaderHeadsUpMonths: 3,
  };
}

/** Runs what is due now, as the scheduler would; returns the cards that reached the leader's personal chat. */
async function runDue(h: H): Promise<Record<string, unknown>[]> {
  const before = h.notifier.sent.length;
  for (let i = 0; i < 50 && (await h.scheduler.tick()) > 0; i++) await h.bot.idle();
  return h.notifier.sent.slice(before).filter((_, i) => h.notifier.sentTo[before + i] === personalChat(lars).id).map((s) => s.card ?? {});
}

for (const lang of Languages) {
  describe(`the leader's talks on a coordinator-made programme (${lang})`, function () {
    this.timeout(120000);

    it("the reminders and the heads-up land on the definition's days, none on the built-in's; a later version does not move them", async () => {
      let now = new Date("2027-01-11T08:00:00Z");
      const h = await botHarness({ now: () => now, people });
      assert.ok(h.programmes, "the programme store is composed");
      const programmes = h.programmes;

      // The coordinator's copy of Kristiansand (version 1), changed and saved (version 2).
      const copy = await programmes.copy(TENANT, "kristiansand", COORDINATOR, now, (name) => (typeof name === "string" ? `${name} (Vågsbygd)` : { da: `${name.da} (Vågsbygd)`, nb: `${name.nb} (Vågsbygd)`, en: `${name.en} (Vågsbygd)` }));
      assert.ok(copy.ok, JSON.stringify(copy));
      const saved = await programmes.save(TENANT, copy.value.id, changed(copy.value.definition), 1, COORDINATOR, now);
      assert.ok(saved.ok, JSON.stringify(saved));
      assert.equal(saved.value.version, 2);

      // The coordinator starts a mentorship on it with Lars as leader; the pair's `start` binds it to their chat.
      const created = await h.coordinator.create(TENANT, COORDINATOR, {
        menteeAadObjectId: mentee.aadObjectId,
        mentorAadObjectId: mentor.aadObjectId,
        programme: "custom",
        programmeId: copy.value.id,
        firstWorkingDay: "2027-02-01",
        unit: "Vågsbygd omsorgssenter",
        language: lang,
        leaderAadObjectId: lars.aadObjectId,
      });
      assert.ok(created.ok, JSON.stringify(created));
      const chat: Chat = { id: `19:leader-own-${lang}@thread.v2`, type: "groupChat", members: [mentor, mentee] };
      await h.install(personalChat(lars), lars, lang);
      await h.say(chat, mentor, lang, "start");
      await h.bot.idle();
      const m = (await h.service.getMentorship(TENANT, created.value.mentorship.id)) as Mentorship;
      assert.equal(m.conversationId, chat.id, "bound to the pair's chat");
      assert.deepEqual(m.programmeRef, { id: copy.value.id, version: 2 });
      assert.equal(m.leader?.aadObjectId, lars.aadObjectId);
      assert.deepEqual(
        m.leaderState?.talks.map((x) => [x.key, x.from, x.to]),
        [
          ["probation14d", "2027-02-22", "2027-02-22"],
          ["checkIn3m", "2027-05-01", "2027-05-01"],
          ["probation4to5m", "2027-08-01", "2027-09-01"],
        ],
      );

      // A version 3 saved now (talks moved again) reaches only mentorships started after it.
      const later = await programmes.save(TENANT, copy.value.id, { ...changed(copy.value.definition), talks: [{ key: "probation14d", afterDays: 7 }], leaderHeadsUpMonths: 1 }, 2, COORDINATOR, now);
      assert.ok(later.ok && later.value.version === 3);

      const named = (key: string) => (key === "checkIn3m" ? CHECK_IN[lang] : t(lang, `leader.talk.${key}` as MessageKey));
      const headsUpText = t(lang, "leader.headsUp.wall");
      // In time order: the built-in's instants (Kristiansand for a 1 February start) and the definition's.
      const steps: { at: string; expect: { talk: string } | "headsUp" | null; why: string }[] = [
        { at: "2027-02-08T07:00:00.000Z", expect: null, why: "the built-in's 14-day reminder" },
        { at: "2027-02-15T07:00:00.000Z", expect: { talk: "probation14d" }, why: "21 days: 22.02, 5 working days ahead" },
        { at: "2027-03-01T07:00:00.000Z", expect: null, why: "version 3's heads-up at month 1 (not this mentorship's version)" },
        { at: "2027-03-22T07:00:00.000Z", expect: null, why: "the built-in's 2-month reminder" },
        { at: "2027-04-01T06:00:00.000Z", expect: null, why: "the built-in's heads-up at month 2" },
        { at: "2027-04-26T06:00:00.000Z", expect: { talk: "checkIn3m" }, why: "month 3: 01.05, 5 working days ahead" },
        { at: "2027-05-03T06:00:00.000Z", expect: "headsUp", why: "heads-up at month 3: 01.05 is a Saturday and a holiday, so Monday 03.05" },
        { at: "2027-05-25T06:00:00.000Z", expect: null, why: "the built-in's 4–5-month reminder" },
        { at: "2027-07-26T06:00:00.000Z", expect: { talk: "probation4to5m" }, why: "months 6–7: 01.08, 5 working days ahead" },
      ];
      for (const step of steps) {
        if (step.expect !== null) {
          now = new Date(new Date(step.at).getTime() - 60_000);
          assert.deepEqual(await runDue(h), [], `nothing a minute before: ${step.why}`);
        }
        now = new Date(step.at);
        const cards = await runDue(h);
        if (step.expect === null) {
          assert.deepEqual(cards.map(cardText), [], `nothing at ${step.at}: ${step.why}`);
        } else if (step.expect === "headsUp") {
          assert.equal(cards.length, 1, step.why);
          assert.ok(cardText(cards[0]).includes(headsUpText), step.why);
        } else {
          assert.equal(cards.length, 1, `one card at ${step.at}: ${step.why}`);
          const reminder = cards[0];
          assert.ok(cardText(reminder).includes(named(step.expect.talk)), `${step.expect.talk} named: ${cardText(reminder)}`);
          assert.equal(findAction(reminder, "leader.book")?.data["talk"], step.expect.talk);
          assert.ok(cardText(reminder).includes(mentee.name));
        }
      }
      const after = (await h.service.getMentorship(TENANT, m.id)) as Mentorship;
      assert.deepEqual(after.leaderState?.talks.map((x) => [x.key, x.status]), [
        ["probation14d", "reminded"],
        ["checkIn3m", "reminded"],
        ["probation4to5m", "reminded"],
      ]);
      assert.ok(after.leaderState?.headsUpAt);
      // And nothing more for the rest of the year.
      now = new Date("2028-03-01T07:00:00.000Z");
      assert.deepEqual(await runDue(h), []);
    });

    it("the leader books the programme's own talk from its reminder, at 10:00 Oslo time on the window's first working day", async () => {
      let now = new Date("2027-01-11T08:00:00Z");
      const h = await botHarness({ now: () => now, people });
      const programmes = h.programmes;
      assert.ok(programmes);
      const copy = await programmes.copy(TENANT, "kristiansand", COORDINATOR, now, (name) => name);
      assert.ok(copy.ok);
      assert.ok((await programmes.save(TENANT, copy.value.id, changed(copy.value.definition), 1, COORDINATOR, now)).ok);
      const created = await h.coordinator.create(TENANT, COORDINATOR, {
        menteeAadObjectId: mentee.aadObjectId, mentorAadObjectId: mentor.aadObjectId, programme: "custom", programmeId: copy.value.id, firstWorkingDay: "2027-02-01", unit: "U", language: lang, leaderAadObjectId: lars.aadObjectId,
      });
      assert.ok(created.ok);
      const chat: Chat = { id: `19:leader-own-book-${lang}@thread.v2`, type: "groupChat", members: [mentor, mentee] };
      await h.install(personalChat(lars), lars, lang);
      await h.say(chat, mentor, lang, "start");
      now = new Date("2027-04-26T06:00:00.000Z");
      const reminder = (await runDue(h)).find((c) => findAction(c, "leader.book")?.data["talk"] === "checkIn3m");
      assert.ok(reminder, "the check-in's reminder");
      const { response } = await h.execute(personalChat(lars), lars, lang, "leader.book", findAction(reminder, "leader.book")?.data);
      assert.ok(cardText(response?.body.value).includes(t(lang, "leader.booked.title")));
      const talk = ((await h.service.getMentorship(TENANT, created.value.mentorship.id)) as Mentorship).leaderState?.talks.find((x) => x.key === "checkIn3m");
      assert.equal(talk?.status, "booked");
      // 01.05.2027 is a Saturday (and Norway's 1 May): Monday 03.05, 10:00 Oslo summer time.
      assert.equal(talk?.booking?.startUtc, "2027-05-03T08:00:00.000Z");
    });

    it("a copy of KL/DS: the development talk moved to month 9 and a talk at month 6, no heads-up — Danish days and Copenhagen time", async () => {
      let now = new Date("2027-01-11T08:00:00Z");
      const h = await botHarness({ now: () => now, people });
      const programmes = h.programmes;
      assert.ok(programmes);
      const copy = await programmes.copy(TENANT, "klds", COORDINATOR, now, (name) => name);
      assert.ok(copy.ok);
      const def: ProgrammeDefinition = { ...copy.value.definition, talks: [{ key: "halfYear", label: HALF_YEAR, afterMonths: [6, 6] }, { key: "developmentTalk", afterMonths: [9, 9] }], leaderHeadsUpMonths: null };
      assert.ok((await programmes.save(TENANT, copy.value.id, def, 1, COORDINATOR, now)).ok);
      const created = await h.coordinator.create(TENANT, COORDINATOR, {
        menteeAadObjectId: mentee.aadObjectId, mentorAadObjectId: mentor.aadObjectId, programme: "custom", programmeId: copy.value.id, firstWorkingDay: "2027-02-01", unit: "Børn og familie", language: lang, leaderAadObjectId: lars.aadObjectId,
      });
      assert.ok(created.ok);
      const chat: Chat = { id: `19:leader-own-klds-${lang}@thread.v2`, type: "groupChat", members: [mentor, mentee] };
      await h.install(personalChat(lars), lars, lang);
      await h.say(chat, mentor, lang, "start");
      const m = (await h.service.getMentorship(TENANT, created.value.mentorship.id)) as Mentorship;
      assert.equal(m.timeZone, "Europe/Copenhagen", "the definition's zone, whatever the language");
      const steps: [string, string | null, string][] = [
        ["2027-04-01T06:00:00.000Z", null, "the built-in's heads-up at month 2 (this programme has none)"],
        ["2027-07-26T06:00:00.000Z", "halfYear", "month 6: 01.08, 5 working days ahead, 08:00 Copenhagen summer time"],
        ["2027-10-25T06:00:00.000Z", "developmentTalk", "month 9: 01.11, 5 working days ahead (still summer time)"],
        ["2028-01-25T07:00:00.000Z", null, "the built-in's development talk at month 12"],
      ];
      for (const [at, key, why] of steps) {
        if (key) {
          now = new Date(new Date(at).getTime() - 60_000);
          assert.deepEqual(await runDue(h), [], `nothing a minute before: ${why}`);
        }
        now = new Date(at);
        const cards = await runDue(h);
        if (!key) assert.deepEqual(cards.map(cardText), [], why);
        else {
          assert.equal(cards.length, 1, why);
          assert.equal(findAction(cards[0], "leader.book")?.data["talk"], key, why);
          assert.ok(cardText(cards[0]).includes(key === "halfYear" ? HALF_YEAR[lang] : t(lang, "leader.talk.developmentTalk")), why);
        }
      }
      const after = (await h.service.getMentorship(TENANT, m.id)) as Mentorship;
      assert.equal(after.leaderState?.headsUpAt, null, "no heads-up where the programme names none");
    });
  });
}
