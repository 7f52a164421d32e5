import assert from "node:assert/strict";
import { TablePrivateAnswers } from "../../src/adapters/tables/tablePrivateAnswers";
import type { Meeting } from "../../src/domain/meetings";
import type { Mentorship } from "../../src/domain/mentorship";
import { type Language, Languages } from "../../src/domain/language";
import { RATING_COMMENT_LIMIT } from "../../src/domain/privateAnswers";
import { t } from "../../src/i18n";
import { type Logger } from "../../src/log";
import { assertValidCard } from "../support/cardSchema";
import { TENANT, colleague, mentee, mentor } from "../support/fixtures";
import { type Chat, botHarness, cardOf, cardText, findAction } from "./harness";

type H = Awaited<ReturnType<typeof botHarness>>;

/** A logger that keeps every line, to show that no answer reaches the logs. */
function recordingLog(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const keep = (level: string) => (event: string, fields: Record<string, unknown> = {}) => void lines.push(JSON.stringify({ level, event, ...fields }));
  return { lines, log: { info: keep("info"), warn: keep("warn"), error: keep("error") } as unknown as Logger };
}

for (const lang of Languages) {
  describe(`Private questions through TestAdapter (${lang})`, function () {
    this.timeout(90000);
    const pair: Chat = { id: `19:private-${lang}@thread.v2`, type: "groupChat", members: [mentor, mentee, colleague] };
    const mentorChat: Chat = { id: `a:personal-mentor-${lang}`, type: "personal", members: [mentor] };
    const menteeChat: Chat = { id: `a:personal-mentee-${lang}`, type: "personal", members: [mentee] };
    const colleagueChat: Chat = { id: `a:personal-colleague-${lang}`, type: "personal", members: [colleague] };
    let now = new Date("2027-01-11T08:00:00Z");

    async function harness(log?: Logger): Promise<H> {
      now = new Date("2027-01-11T08:00:00Z");
      return botHarness({ now: () => now, ...(log ? { log } : {}) });
    }

    async function at(h: H, when: Date) {
      now = when;
      h.setNow(() => now);
      return h.scheduler.tick();
    }

    /** A Kristiansand pair, agreed and booked through the real bot; returns the mentorship and its meetings. */
    async function booked(h: H, language: Language = lang): Promise<{ m: Mentorship; meetings: Meeting[] }> {
      const setupId = findAction(cardOf((await h.say(pair, mentor, language, "start"))[0]), "setup.submit")?.data["setupId"];
      await h.execute(pair, mentor, language, "setup.submit", { setupId, programme: "kristiansand", firstDay: "2027-01-04", unit: "Vågsbygd omsorgssenter", language, mentee: mentee.aadObjectId });
      const id = (await h.service.getChat(TENANT, pair.id))?.activeMentorshipId ?? "";
      await h.execute(pair, mentee, language, "agreement.accept", { mentorshipId: id, version: 1 });
      await h.execute(pair, mentor, language, "agreement.accept", { mentorshipId: id, version: 1 });
      await h.execute(pair, mentor, language, "plan.book", { mentorshipId: id, weekday: "2", time: "10:00", minutes: "45", leadHours: "24" });
      await h.bot.idle();
      const m = await h.service.getMentorship(TENANT, id);
      assert.ok(m);
      return { m, meetings: await h.meetings.meetings(TENANT, id) };
    }

    /** Every proactive card with this verb, and the chat it went to. */
    const sentWith = (h: H, verb: string) => h.notifier.sent.map((s, i) => ({ ...s, to: h.notifier.sentTo[i] })).filter((s) => s.card && findAction(s.card, verb));
    const inTurn = (out: readonly Partial<import("botbuilder").Activity>[], verb: string) => out.map(cardOf).filter((c) => c && findAction(c, verb));
    const answers = (h: H) => TablePrivateAnswers.fromConnectionString(h.connectionString, h.tableName);

    /** Nothing private went to the pair's chat (its agendas and reminders go on as usual). */
    function nothingInPairChat(h: H, before: number) {
      const there = h.notifier.sent.slice(before).filter((_, i) => h.notifier.sentTo[before + i] === pair.id);
      const words = (["pairing.title", "pairing.privacy", "pairing.thanks.title", "pairing.thanks.no.flag", "ratings.title", "ratings.thanks.title"] as const).map((k) => t(lang, k, { other: "" }).slice(0, 20));
      for (const s of there) {
        assert.ok(!s.card || (!findAction(s.card, "pairing.answer") && !findAction(s.card, "ratings.save")), "no private question in the pair's chat");
        const shown = `${s.text ?? ""}\n${s.card ? cardText(s.card) : ""}`;
        for (const w of words) assert.ok(!shown.includes(w), `the pair's chat shows "${w}"`);
      }
      assert.ok(h.notifier.sentTo.length === h.notifier.sent.length);
    }

    it("after the first held meeting each party is asked privately, once; one without a personal chat gets it on writing; 'no' flags the mentorship without a name and helps that person alone", async () => {
      const { log, lines } = recordingLog();
      const h = await harness(log);
      await h.install(mentorChat, mentor, lang); // the mentor has opened the app's personal chat; the mentee has not
      const { m, meetings } = await booked(h);
      const first = meetings[0]!;
      const sentBefore = h.notifier.sent.length;

      // Before the first meeting has taken place, nothing is asked.
      await at(h, new Date(Date.parse(first.startUtc) - 3600_000));
      assert.equal(sentWith(h, "pairing.answer").length, 0);

      // The mentee records the first meeting held: the check is due at once.
      now = new Date(Date.parse(first.startUtc) + 50 * 60_000);
      h.setNow(() => now);
      await h.execute(pair, mentee, lang, "meeting.held", { mentorshipId: m.id, meetingKey: first.key, outcome: "held" });
      await at(h, now);
      const asked = sentWith(h, "pairing.answer");
      assert.equal(asked.length, 1, "the mentor is asked; the mentee has no personal chat yet");
      assert.equal(asked[0]?.to, mentorChat.id, "in the mentor's personal chat");
      assertValidCard(asked[0]!.card!, "the card");
      const mentorCard = cardText(asked[0]!.card);
      assert.ok(mentorCard.includes(t(lang, "pairing.question.mentor", { other: mentee.name })));
      assert.ok(mentorCard.includes(t(lang, "pairing.privacy", { other: mentee.name })));
      nothingInPairChat(h, sentBefore);

      // Exactly once: later ticks, the end-of-meeting fallback and a second "held" ask nothing again.
      await at(h, new Date(Date.parse(first.startUtc) + 3 * 3600_000));
      await h.execute(pair, mentor, lang, "meeting.held", { mentorshipId: m.id, meetingKey: first.key, outcome: "held" });
      await at(h, new Date(Date.parse(first.startUtc) + 4 * 3600_000));
      assert.equal(sentWith(h, "pairing.answer").length, 1, "asked once");

      // The mentee writes to the app in their personal chat: the question waiting for them is offered there.
      const status = await h.say(menteeChat, mentee, lang, "status");
      const offered = inTurn(status, "pairing.answer");
      assert.equal(offered.length, 1, "offered once the mentee writes");
      assert.ok(cardText(offered[0]).includes(t(lang, "pairing.question.mentee", { other: mentor.name })));
      assert.equal(inTurn(await h.say(menteeChat, mentee, lang, "help"), "pairing.answer").length, 0, "and not again");

      // The mentor answers yes, once.
      const yes = await h.execute(mentorChat, mentor, lang, "pairing.answer", { mentorshipId: m.id, answer: "yes" });
      assert.ok(cardText(yes.response?.body.value).includes(t(lang, "pairing.thanks.yes")));
      assert.deepEqual(yes.sent, [], "the answer goes back to the clicker alone");
      const again = await h.execute(mentorChat, mentor, lang, "pairing.answer", { mentorshipId: m.id, answer: "no" });
      assert.ok(cardText(again.response?.body.value).includes(t(lang, "error.ALREADY_ANSWERED")));
      assert.equal((await h.service.getMentorship(TENANT, m.id))?.pairingConcernAt ?? null, null, "a second click changes nothing");

      // The mentee answers no: they alone get the way to ask for another mentor; the mentorship gets the nameless flag.
      const updatesBefore = h.adapter.updates.length;
      const no = await h.execute(menteeChat, mentee, lang, "pairing.answer", { mentorshipId: m.id, answer: "no" });
      const help = cardText(no.response?.body.value);
      assert.ok(help.includes(t(lang, "pairing.thanks.no.mentee", { other: mentor.name })), "the plain-language way to ask for a change of mentor");
      assert.ok(help.includes(t(lang, "pairing.thanks.no.flag")));
      assert.deepEqual(no.sent, []);
      assert.equal(h.adapter.updates.length, updatesBefore, "no card replaced anywhere");
      const flagged = await h.service.getMentorship(TENANT, m.id);
      assert.ok(flagged?.pairingConcernAt, "the mentorship is flagged");
      const summary = (await h.store.getSummary(TENANT, m.id))?.value;
      assert.equal(summary?.pairingConcernAt, flagged.pairingConcernAt, "the overview's row carries the flag");
      nothingInPairChat(h, sentBefore);

      // Stored apart, per party; the mentorship row holds no answer, the log no answer and no party.
      assert.equal((await answers(h).getPrivateAnswers(TENANT, m.id, "mentee"))?.value.pairing?.answer, "no");
      assert.equal((await answers(h).getPrivateAnswers(TENANT, m.id, "mentor"))?.value.pairing?.answer, "yes");
      assert.ok(!JSON.stringify(flagged).includes('"no"') && !JSON.stringify(flagged).includes("unsure"));
      for (const line of lines) {
        assert.ok(!/"answer"|"party"|"yes"|"no"|unsure/.test(line), `a log line carries an answer: ${line}`);
      }
    });

    it("'not sure' gets a gentle line and no flag; a non-party's click, a click from the pair's chat and malformed answers change nothing", async () => {
      const h = await harness();
      const { m } = await booked(h);
      await h.install(colleagueChat, colleague, lang);
      const before = await h.etags();

      const stranger = await h.execute(colleagueChat, colleague, lang, "pairing.answer", { mentorshipId: m.id, answer: "no" });
      assert.equal(stranger.response?.body.value, t(lang, "error.NOT_A_PARTY"), "a non-party is refused");
      const unknown = await h.execute(colleagueChat, colleague, lang, "pairing.answer", { mentorshipId: "no-such-id", answer: "no" });
      assert.equal(unknown.response?.body.value, stranger.response?.body.value, "the same answer for an id that names nothing: no oracle");
      const fromPairChat = await h.execute(pair, mentee, lang, "pairing.answer", { mentorshipId: m.id, answer: "no" });
      assert.equal(fromPairChat.response?.body.value, t(lang, "pairing.onlyPersonal"), "answered only in the personal chat");
      const ratingsFromPair = await h.execute(pair, mentor, lang, "ratings.save", { mentorshipId: m.id, useful: "5", wellRun: "5", recommend: "5" });
      assert.equal(ratingsFromPair.response?.body.value, t(lang, "pairing.onlyPersonal"));
      for (const data of [{ mentorshipId: m.id, answer: "maybe" }, { mentorshipId: m.id }, { mentorshipId: m.id, answer: ["no"] }, { mentorshipId: m.id, answer: "NO " }]) {
        const bad = await h.execute(menteeChat, mentee, lang, "pairing.answer", data);
        const card = bad.response?.body.value;
        assert.equal(bad.response?.body.type, "application/vnd.microsoft.card.adaptive", JSON.stringify(data));
        assertValidCard(card as object, "the card");
        assert.ok(cardText(card).includes(t(lang, "pairing.invalid")), "a clear card");
        assert.ok(findAction(card, "pairing.answer"), "the question stays answerable");
      }
      assert.deepEqual(await h.etags(), before, "nothing changed");

      const unsure = await h.execute(menteeChat, mentee, lang, "pairing.answer", { mentorshipId: m.id, answer: "unsure" });
      assert.ok(cardText(unsure.response?.body.value).includes(t(lang, "pairing.thanks.unsure")));
      assert.equal((await h.service.getMentorship(TENANT, m.id))?.pairingConcernAt ?? null, null, "no flag for 'not sure'");
      const no = await h.execute(mentorChat, mentor, lang, "pairing.answer", { mentorshipId: m.id, answer: "no" });
      assert.ok(cardText(no.response?.body.value).includes(t(lang, "pairing.thanks.no.mentor", { other: mentee.name })), "worded for the mentor");

      // The coordinator changes the mentor: the former mentor can answer nothing more; the new mentor's
      // answer is their own (the former mentor's stays out of it).
      assert.ok((await h.service.changeMentor(TENANT, m.id, colleague)).ok);
      const former = await h.execute(mentorChat, mentor, lang, "pairing.answer", { mentorshipId: m.id, answer: "yes" });
      assert.equal(former.response?.body.value, t(lang, "error.NOT_A_PARTY"));
      const newMentor = await h.execute(colleagueChat, colleague, lang, "pairing.answer", { mentorshipId: m.id, answer: "yes" });
      assert.ok(cardText(newMentor.response?.body.value).includes(t(lang, "pairing.thanks.yes")));
      const row = (await answers(h).getPrivateAnswers(TENANT, m.id, "mentor"))?.value;
      assert.equal(row?.aadObjectId, colleague.aadObjectId);
      assert.equal(row?.pairing?.answer, "yes");
    });

    it("no pairing check while paused, none for a closing mentorship; after resuming it comes; unrecorded, it comes an hour after the first meeting", async () => {
      const h = await harness();
      await h.install(mentorChat, mentor, lang);
      await h.install(menteeChat, mentee, lang);
      const { m, meetings } = await booked(h);
      const first = meetings[0]!;
      await h.service.setPaused(TENANT, m.id, true);
      now = new Date(Date.parse(first.startUtc) + 50 * 60_000);
      h.setNow(() => now);
      await h.execute(pair, mentee, lang, "meeting.held", { mentorshipId: m.id, meetingKey: first.key, outcome: "held" });
      await at(h, new Date(Date.parse(first.startUtc) + 3 * 3600_000));
      assert.equal(sentWith(h, "pairing.answer").length, 0, "nothing while paused");
      await h.service.setPaused(TENANT, m.id, false);
      await h.privateQuestions.resumed(TENANT, m.id); // the coordinator's resume calls it (compose)
      await at(h, now);
      assert.deepEqual(sentWith(h, "pairing.answer").map((s) => s.to).sort(), [mentorChat.id, menteeChat.id].sort(), "both asked after resuming");
      // Another pause and resume makes a new job: the marks keep the question from being put again.
      await h.service.setPaused(TENANT, m.id, true);
      await h.service.setPaused(TENANT, m.id, false);
      now = new Date(now.getTime() + 60_000);
      await h.privateQuestions.resumed(TENANT, m.id);
      await at(h, now);
      assert.equal(sentWith(h, "pairing.answer").length, 2, "each party is asked once");

      // Another pair nobody records: an hour after the first meeting's end; none if it is closing by then.
      const h2 = await harness();
      await h2.install(mentorChat, mentor, lang);
      const b = await booked(h2);
      const end = Date.parse(b.meetings[0]!.startUtc) + b.meetings[0]!.minutes * 60_000;
      await at(h2, new Date(end + 30 * 60_000));
      assert.equal(sentWith(h2, "pairing.answer").length, 0, "not before an hour has passed");
      await at(h2, new Date(end + 61 * 60_000));
      assert.equal(sentWith(h2, "pairing.answer").length, 1, "asked when nobody recorded it");

      const h3 = await harness();
      await h3.install(mentorChat, mentor, lang);
      const c = await booked(h3);
      const stored = await h3.store.getMentorship(TENANT, c.m.id);
      assert.equal(await h3.store.saveMentorship({ ...stored!.value, phase: "closing" }, stored!.etag), "saved");
      const end3 = Date.parse(c.meetings[0]!.startUtc) + c.meetings[0]!.minutes * 60_000;
      await at(h3, new Date(end3 + 2 * 3600_000));
      assert.equal(sentWith(h3, "pairing.answer").length, 0, "a closing mentorship is not asked");
    });

    it("at closing each party rates privately, once, worded per party; malformed ratings change nothing; before closing there is nothing to rate", async () => {
      const h = await harness();
      await h.install(mentorChat, mentor, lang);
      const { m } = await booked(h);
      const early = await h.execute(mentorChat, mentor, lang, "ratings.save", { mentorshipId: m.id, useful: "5", wellRun: "5", recommend: "5" });
      assert.ok(cardText(early.response?.body.value).includes(t(lang, "error.NOT_CLOSING")));

      const stored = await h.store.getMentorship(TENANT, m.id);
      const closed: Mentorship = { ...stored!.value, phase: "closed" };
      assert.equal(await h.store.saveMentorship(closed, stored!.etag), "saved");
      const sentBefore = h.notifier.sent.length;
      await h.privateQuestions.askRatings(closed);
      await h.privateQuestions.askRatings(closed); // the closing engineer's call, twice: asked once
      const asked = sentWith(h, "ratings.save");
      assert.equal(asked.length, 1, "the mentor is asked in their personal chat; the mentee, without one, later");
      assert.equal(asked[0]?.to, mentorChat.id);
      assertValidCard(asked[0]!.card!, "the card");
      const mentorCard = cardText(asked[0]!.card);
      assert.ok(mentorCard.includes(t(lang, "ratings.recommend.mentor")) && !mentorCard.includes(t(lang, "ratings.recommend.mentee")));
      nothingInPairChat(h, sentBefore);

      const before = await h.etags();
      const bad = [
        { mentorshipId: m.id, useful: "6", wellRun: "5", recommend: "5" },
        { mentorshipId: m.id, useful: "4", recommend: "5" },
        { mentorshipId: m.id, useful: "abc", wellRun: "5", recommend: "5" },
        { mentorshipId: m.id, useful: "0", wellRun: "5", recommend: "5", comment: 7 },
      ];
      for (const data of bad) {
        const r = await h.execute(mentorChat, mentor, lang, "ratings.save", data);
        const card = r.response?.body.value;
        assert.equal(r.response?.body.type, "application/vnd.microsoft.card.adaptive", JSON.stringify(data));
        assertValidCard(card as object, "the card");
        assert.ok(cardText(card).includes(t(lang, "ratings.invalid")), JSON.stringify(data));
        assert.ok(findAction(card, "ratings.save"), "the card stays fillable");
      }
      const long = "æ".repeat(RATING_COMMENT_LIMIT + 1);
      const tooLong = await h.execute(mentorChat, mentor, lang, "ratings.save", { mentorshipId: m.id, useful: "4", wellRun: "5", recommend: "3", comment: long });
      assert.ok(cardText(tooLong.response?.body.value).includes(t(lang, "ratings.commentTooLong", { limit: RATING_COMMENT_LIMIT, length: RATING_COMMENT_LIMIT + 1 })));
      assert.ok(cardText(tooLong.response?.body.value).includes(long), "what was written is not lost");
      const stranger = await h.execute(colleagueChat, colleague, lang, "ratings.save", { mentorshipId: m.id, useful: "1", wellRun: "1", recommend: "1" });
      assert.equal(stranger.response?.body.value, t(lang, "error.NOT_A_PARTY"));
      assert.deepEqual(await h.etags(), before, "nothing changed");

      // `status` names the questions while they wait, and no longer once answered.
      const statusOf = async () => (await h.say(mentorChat, mentor, lang, "status")).map((a) => a.text ?? "").join("\n");
      assert.ok((await statusOf()).includes(t(lang, "ratings.statusStep")), "status names the waiting questions");
      const saved = await h.execute(mentorChat, mentor, lang, "ratings.save", { mentorshipId: m.id, useful: "4", wellRun: "5", recommend: "3", comment: "  Godt forløb – æøå  " });
      assert.ok(!(await statusOf()).includes(t(lang, "ratings.statusStep")), "answered: not named any more");
      assert.ok(cardText(saved.response?.body.value).includes(t(lang, "ratings.thanks", { other: mentee.name })));
      const twice = await h.execute(mentorChat, mentor, lang, "ratings.save", { mentorshipId: m.id, useful: "1", wellRun: "1", recommend: "1" });
      assert.ok(cardText(twice.response?.body.value).includes(t(lang, "error.ALREADY_ANSWERED")));
      assert.deepEqual(await answers(h).listRatings(TENANT), [{ mentorshipId: m.id, party: "mentor", ratings: { useful: 4, wellRun: 5, recommend: 3, comment: "Godt forløb – æøå", at: now.toISOString() } }]);

      // The mentee opens the personal chat: the ratings wait there, worded for a mentee.
      const installed = await h.install(menteeChat, mentee, lang);
      const offered = inTurn(installed, "ratings.save");
      assert.equal(offered.length, 1);
      assert.ok(cardText(offered[0]).includes(t(lang, "ratings.recommend.mentee")));
      nothingInPairChat(h, sentBefore);
    });
  });
}
