// The introduction scheme through the real bot, use cases and Table Storage (Azurite), in da, nb and
// en: the mentor starts it from the pair's chat naming the contact person (@mention or "me"), the
// introduction card comes into the chat; the contact person and the new hire tick, the mentor who is
// not the contact person and anyone else are refused with nothing written; the hand-over is the
// contact person's alone and reaches only the mentor's personal chat when the mentor scheme begins;
// the coordinator's overview (and CSV) shows counts only, never an item.
import assert from "node:assert/strict";
import type { Member } from "../../src/app/actor";
import { type Language, Languages } from "../../src/domain/language";
import type { Mentorship } from "../../src/domain/mentorship";
import { Programmes } from "../../src/domain/programmes";
import { INTRODUCTION_CLOSING_TALK } from "../../src/domain/leader";
import { t } from "../../src/i18n";
import { overviewCsv } from "../../src/tabApi/csv";
import { overviewRows } from "../../src/tabApi/overview";
import { TENANT, colleague, mentee, mentor } from "../support/fixtures";
import { type Chat, BOT, botHarness, cardOf, cardText, findAction } from "./harness";

type H = Awaited<ReturnType<typeof botHarness>>;
type Body = { type: string; value: unknown } | undefined;
const textOf = (body: Body) => (body?.type === "application/vnd.microsoft.activity.message" ? String(body.value) : cardText(body?.value));
const isCard = (body: Body) => body?.type === "application/vnd.microsoft.card.adaptive";

const leader: Member = { aadObjectId: "66666666-6666-4666-8666-666666666666", name: "Lars Leder", channelUserId: "29:lars" };
const bystander: Member = { aadObjectId: "77777777-7777-4777-8777-777777777777", name: "Bo Bisidder", channelUserId: "29:bo" };
const WORD: Record<Language, string> = { da: "introduktion", nb: "introduksjon", en: "introduction" };
const ME: Record<Language, string> = { da: "mig", nb: "meg", en: "me" };
const CANARY = "Overlevering-kanarie-5RZ";

/** A pair in `chat` (KL/DS, or Kristiansand in Norwegian) made through the real bot, with the leader named on the mentorship. */
async function pairWithLeader(h: H, chat: Chat, lang: Language): Promise<Mentorship> {
  const programme = lang === "nb" ? "kristiansand" : "klds";
  const setupId = findAction(cardOf((await h.say(chat, mentor, lang, "start"))[0]), "setup.submit")?.data["setupId"];
  await h.execute(chat, mentor, lang, "setup.submit", { setupId, programme, firstDay: "2027-01-04", unit: "Børn og unge", language: lang, mentee: mentee.aadObjectId });
  const id = (await h.service.getChat(TENANT, chat.id))?.activeMentorshipId ?? "";
  const stored = await h.store.getMentorship(TENANT, id);
  assert.ok(stored);
  // The leader engineer's default leader comes from the directory; here it is written onto the row.
  const saved = await h.store.saveMentorship({ ...stored.value, leader }, stored.etag);
  assert.ok(saved);
  return (await h.service.getMentorship(TENANT, id)) as Mentorship;
}

/** `@Mentor <word> @<who>` with a real mention entity, as Teams sends it. */
function mentionTurn(h: H, chat: Chat, from: Member, text: string, who: Member) {
  return h.raw(chat, from, (a) => ({
    ...a,
    type: "message",
    text: `<at>${BOT.name}</at> ${text} <at>${who.name}</at>`,
    entities: [
      { type: "mention", mentioned: BOT, text: `<at>${BOT.name}</at>` },
      { type: "mention", mentioned: { id: who.channelUserId, name: who.name }, text: `<at>${who.name}</at>` },
    ],
  }));
}

const replyText = (sent: readonly { text?: string | undefined }[]) => sent.map((a) => a.text ?? "").join("\n");

describe("bot: the introduction scheme", function () {
  this.timeout(120000);

  for (const lang of Languages) {
    const tpl = Programmes[lang === "nb" ? "kristiansand" : "klds"].introduction!;
    const firstItem = `c:${tpl.checklist[0]!.key}`;
    const scheduleItem = `s:${tpl.schedule[0]!.key}`;
    const labels = [...tpl.checklist, ...tpl.schedule].map((x) => x.label[lang]);

    it(`${lang}: start → card; the contact person and the new hire tick; the mentor and a bystander are refused with nothing written; close → the hand-over to the mentor alone; the overview shows counts only`, async () => {
      const h = await botHarness();
      const chat: Chat = { id: `19:intro-${lang}@thread.v2`, type: "groupChat", members: [mentor, mentee, colleague, leader, bystander] };
      const mentorPersonal: Chat = { id: `a:personal-mentor-${lang}`, type: "personal", members: [mentor] };
      await h.install(mentorPersonal, mentor, lang);
      const m0 = await pairWithLeader(h, chat, lang);
      const id = m0.id;

      // Only the mentor starts it from the chat; the leader as contact person needs a confirmation.
      const byMentee = await h.say(chat, mentee, lang, `${WORD[lang]} ${ME[lang]}`);
      assert.equal(replyText(byMentee), t(lang, "error.MENTOR_ONLY"));
      let before = await h.etags();
      const asLeader = await mentionTurn(h, chat, mentor, WORD[lang], leader);
      assert.ok(replyText(asLeader.sent).includes(t(lang, "error.LEADER_AS_CONTACT", { name: leader.name })), replyText(asLeader.sent));
      assert.ok(replyText(asLeader.sent).includes(t(lang, "introduction.command.confirmHint", { name: leader.name })));
      assert.deepEqual(await h.etags(), before, "the warning writes nothing");
      const usage = await h.say(chat, mentor, lang, WORD[lang]);
      assert.equal(replyText(usage), t(lang, "introduction.command.usage"));

      const sentBefore = h.notifier.sent.length;
      const started = await mentionTurn(h, chat, mentor, WORD[lang], colleague);
      assert.equal(replyText(started.sent), t(lang, "introduction.started", { contact: colleague.name }));
      const posted = h.notifier.sent.slice(sentBefore);
      assert.equal(posted.length, 1, "the introduction card, once");
      assert.equal(h.notifier.sentTo[sentBefore], chat.id, "in the pair's chat");
      const card = posted[0]!.card;
      const text = cardText(card);
      for (const l of labels) assert.ok(text.includes(l), `the card lists ${l}`);
      for (const a of tpl.statusAgenda) assert.ok(text.includes(a[lang]));
      assert.ok(text.includes(t(lang, "introduction.progress", { done: 0, total: labels.length })));
      assert.ok(await h.posted.get(TENANT, id, "introduction"), "the card fills its slot");
      let m = (await h.service.getMentorship(TENANT, id))!;
      assert.equal(m.contact?.aadObjectId, colleague.aadObjectId);
      assert.equal(m.introduction?.mode, lang === "nb" ? "beside" : "before", "the programme's suggestion: KL/DS before, Kristiansand beside");
      assert.ok(m.leaderState?.talks.some((x) => x.key === INTRODUCTION_CLOSING_TALK), "the closing talk is the leader's talk");

      // The contact person ticks: the card is replaced for everyone.
      const updates = h.adapter.updates.length;
      const byContact = await h.execute(chat, colleague, lang, "introduction.tick", { mentorshipId: id, [firstItem]: "true", [scheduleItem]: "false" });
      assert.ok(isCard(byContact.response?.body), textOf(byContact.response?.body));
      assert.ok(textOf(byContact.response?.body).includes(t(lang, "introduction.saved", { done: 1, total: labels.length })));
      assert.equal(h.adapter.updates.length, updates + 1, "refreshed for everyone");
      // The new hire ticks a schedule item.
      const byNewHire = await h.execute(chat, mentee, lang, "introduction.tick", { mentorshipId: id, [firstItem]: "true", [scheduleItem]: "true" });
      assert.ok(textOf(byNewHire.response?.body).includes(t(lang, "introduction.saved", { done: 2, total: labels.length })));
      m = (await h.service.getMentorship(TENANT, id))!;
      assert.equal(m.introduction?.ticks[firstItem]?.by, "contact");
      assert.equal(m.introduction?.ticks[scheduleItem]?.by, "newHire");

      // The mentor (not the contact person), the leader and a bystander: refused, nothing written.
      before = await h.etags();
      const byMentor = await h.execute(chat, mentor, lang, "introduction.tick", { mentorshipId: id, [firstItem]: "false" });
      assert.ok(textOf(byMentor.response?.body).includes(t(lang, "error.NOT_INTRODUCTION_PARTY")));
      const byLeader = await h.execute(chat, leader, lang, "introduction.tick", { mentorshipId: id, [firstItem]: "false" });
      assert.ok(textOf(byLeader.response?.body).includes(t(lang, "error.NOT_INTRODUCTION_PARTY")));
      const byBystander = await h.execute(chat, bystander, lang, "introduction.tick", { mentorshipId: id, [firstItem]: "false" });
      assert.equal(textOf(byBystander.response?.body), t(lang, "error.NOT_INTRODUCTION_PARTY"));
      const unknownItem = await h.execute(chat, colleague, lang, "introduction.tick", { mentorshipId: id, "c:noSuchItem": "true" });
      assert.ok(textOf(unknownItem.response?.body).includes(t(lang, "error.INVALID_INPUT")));
      const notABoolean = await h.execute(chat, colleague, lang, "introduction.tick", { mentorshipId: id, [firstItem]: "maybe" });
      assert.ok(textOf(notABoolean.response?.body).includes(t(lang, "error.INVALID_INPUT")));
      const otherChat = await h.execute({ id: "19:elsewhere@thread.v2", type: "groupChat", members: [colleague, mentee] }, colleague, lang, "introduction.tick", { mentorshipId: id, [firstItem]: "false" });
      assert.equal(textOf(otherChat.response?.body), t(lang, "guard.otherChat"));
      const mentorHandover = await h.execute(chat, mentor, lang, "introduction.handover", { mentorshipId: id, step: "open" });
      assert.equal(textOf(mentorHandover.response?.body), t(lang, "introduction.handover.onlyContact"));
      const menteeClose = await h.execute(chat, mentee, lang, "introduction.close", { mentorshipId: id, step: "confirm", talkHeld: "true", mentorSchemeStarts: "true" });
      assert.equal(textOf(menteeClose.response?.body), t(lang, "introduction.close.onlyContact"));
      assert.deepEqual(await h.etags(), before, "no refusal writes a row");

      // The hand-over: a refused text stays on the contact person's card; then saved, and not yet sent (mode before) or sent (beside).
      const form = await h.execute(chat, colleague, lang, "introduction.handover", { mentorshipId: id, step: "open" });
      assert.ok(isCard(form.response?.body));
      const tooLong = `${CANARY} ${"x".repeat(2100)}`;
      const refusedNote = await h.execute(chat, colleague, lang, "introduction.handover", { mentorshipId: id, step: "save", handover: tooLong });
      assert.ok(textOf(refusedNote.response?.body).includes(t(lang, "introduction.handover.tooLong", { max: 2000 })));
      assert.ok(textOf(refusedNote.response?.body).includes(tooLong), "the typed text is kept");
      assert.deepEqual(await h.etags(), before, "nothing saved");
      const personalBefore = h.notifier.sent.length;
      const savedNote = await h.execute(chat, colleague, lang, "introduction.handover", { mentorshipId: id, step: "save", handover: `${CANARY}: systemerne` });
      assert.ok(textOf(savedNote.response?.body).includes(t(lang, "introduction.handover.saved")));
      const sentOnSave = h.notifier.sent.slice(personalBefore);
      assert.equal(sentOnSave.length, lang === "nb" ? 1 : 0, "beside: the mentor gets it at once; before: when the mentor scheme begins");

      // The contact person closes after the closing talk: the mentor scheme starts now.
      const ask = await h.execute(chat, colleague, lang, "introduction.close", { mentorshipId: id, step: "ask" });
      assert.ok(textOf(ask.response?.body).includes(t(lang, "introduction.close.mentorSchemeStarts")));
      const missing = await h.execute(chat, colleague, lang, "introduction.close", { mentorshipId: id, step: "confirm", talkHeld: "true" });
      assert.ok(textOf(missing.response?.body).includes(t(lang, "introduction.close.required")));
      const closed = await h.execute(chat, colleague, lang, "introduction.close", { mentorshipId: id, step: "confirm", talkHeld: "true", mentorSchemeStarts: "true" });
      assert.ok(textOf(closed.response?.body).includes(t(lang, "introduction.closedStarts", { date: textOf(closed.response?.body).match(/\d\d\.\d\d\.\d{4}/)?.[0] ?? "", done: 2, total: labels.length })));
      m = (await h.service.getMentorship(TENANT, id))!;
      assert.equal(m.introduction?.mentorSchemeStarts, true);
      assert.equal(m.leaderState?.talks.find((x) => x.key === INTRODUCTION_CLOSING_TALK)?.status, "held");
      const afterTick = await h.execute(chat, mentee, lang, "introduction.tick", { mentorshipId: id, [firstItem]: "false" });
      assert.ok(textOf(afterTick.response?.body).includes(t(lang, "error.INTRODUCTION_CLOSED")));

      // The hand-over reached the mentor's personal chat, once, and nowhere else.
      const withCanary = h.notifier.sent.map((s, i) => ({ s, to: h.notifier.sentTo[i] })).filter(({ s }) => JSON.stringify(s).includes(CANARY));
      assert.equal(withCanary.length, 1, "sent once");
      assert.equal(withCanary[0]?.to, mentorPersonal.id, "to the mentor's personal chat");
      assert.ok(cardText(withCanary[0]?.s.card).includes(t(lang, "introduction.handover.toMentorTitle")));
      for (const u of [...h.adapter.updates, ...h.notifier.updates]) assert.ok(!JSON.stringify(u).includes(CANARY), "never on the chat's card");

      // The coordinator's overview and CSV: counts only, no item, no hand-over.
      const rows = overviewRows(await h.store.listSummaries(TENANT), new Date("2027-03-01T08:00:00Z"));
      const row = rows.find((r) => r.mentorshipId === id);
      assert.deepEqual([row?.introductionDone, row?.introductionTotal], [2, labels.length]);
      for (const l of ["da", "nb", "en"] as const) {
        const out = JSON.stringify(rows) + overviewCsv(rows, l);
        for (const label of [...tpl.checklist, ...tpl.schedule].flatMap((x) => [x.label.da, x.label.nb, x.label.en])) assert.ok(!out.includes(label), `no item label in the overview: ${label}`);
        assert.ok(!out.includes(CANARY), "no hand-over in the overview");
      }
      const [header, ...lines] = overviewCsv(rows, lang).slice(1).trim().split("\r\n");
      const sep = lang === "en" ? "," : ";";
      const cells = (line: string | undefined) => (line ?? "").split(sep).map((c) => c.replace(/^"|"$/g, ""));
      const at = cells(header).indexOf(t(lang, "csv.column.introductionDone"));
      assert.ok(at > 0, "the CSV has the introduction's count");
      assert.deepEqual(cells(lines[0]).slice(at, at + 2), ["2", String(labels.length)]);
    });
  }

  it("the mentor as contact person ('me'): the card says a word about the role change, and the mentor ticks as contact person", async () => {
    const h = await botHarness();
    const lang = "da" as const;
    const chat: Chat = { id: "19:intro-me@thread.v2", type: "groupChat", members: [mentor, mentee] };
    const m0 = await pairWithLeader(h, chat, lang);
    const sentBefore = h.notifier.sent.length;
    await h.say(chat, mentor, lang, `${WORD[lang]} ${ME[lang]}`);
    const card = h.notifier.sent[sentBefore]?.card;
    assert.ok(cardText(card).includes(t(lang, "introduction.roleChange", { name: mentor.name })));
    // "introduktion" alone shows the card again, and it becomes the one the app updates.
    const again = await h.say(chat, mentee, lang, WORD[lang]);
    assert.ok(cardText(cardOf(again[0])).includes(t(lang, "introduction.title")));
    assert.equal(await h.posted.get(TENANT, m0.id, "introduction"), again[0]?.id);
    const tick = await h.execute(chat, mentor, lang, "introduction.tick", { mentorshipId: m0.id, "c:it": "true" });
    assert.ok(isCard(tick.response?.body));
    assert.equal((await h.service.getMentorship(TENANT, m0.id))?.introduction?.ticks["c:it"]?.by, "contact");
  });
});

describe("bot: the introduction's status-meeting reminders", function () {
  this.timeout(120000);

  it("da: one reminder in the pair's chat at 08:00 on the first day of a status meeting's week; none for a ticked one, none when paused or closed", async () => {
    const h = await botHarness();
    const lang = "da" as const;
    const chat: Chat = { id: "19:intro-reminders@thread.v2", type: "groupChat", members: [mentor, mentee, colleague] };
    const m0 = await pairWithLeader(h, chat, lang);
    await mentionTurn(h, chat, mentor, WORD[lang], colleague);
    const tpl = Programmes.klds.introduction!;
    const reminder = (key: string) => {
      const item = tpl.schedule.find((s) => s.key === key)!;
      return t(lang, "introduction.reminder", { activity: item.label.da, week: item.week, contact: colleague.name, newHire: mentee.name });
    };
    // Status meeting 1 is ticked already; status meeting 2 is not.
    await h.execute(chat, colleague, lang, "introduction.tick", { mentorshipId: m0.id, "s:status1": "true" });
    const run = async (at: string) => {
      h.setNow(() => new Date(at));
      const from = h.notifier.sent.length;
      while ((await h.scheduler.tick()) > 0);
      // The pair's other reminders (the agreement's) come too: only the introduction's count here.
      return h.notifier.sent.slice(from).map((s) => s.text ?? "").filter((x) => x === reminder("status1") || x === reminder("status2"));
    };
    // Week 4 begins Monday 2027-01-25: 08:00 in Copenhagen is 07:00 UTC.
    assert.deepEqual(await run("2027-01-25T06:59:00Z"), [], "not before 08:00");
    assert.deepEqual(await run("2027-01-25T07:00:00Z"), [], "status meeting 1 is ticked: no reminder");
    // Week 8 begins 2027-02-22.
    assert.deepEqual(await run("2027-02-22T07:00:00Z"), [reminder("status2")]);
    assert.deepEqual(await run("2027-02-23T07:00:00Z"), [], "once");
  });
});

describe("bot: the hand-over waits for the mentor's personal chat", function () {
  this.timeout(120000);

  it("en: a mentor who never opened the app's personal chat gets the hand-over when they first write there", async () => {
    const h = await botHarness();
    const lang = "en" as const;
    const chat: Chat = { id: "19:intro-pending@thread.v2", type: "groupChat", members: [mentor, mentee, colleague] };
    const m0 = await pairWithLeader(h, chat, lang);
    await mentionTurn(h, chat, mentor, WORD[lang], colleague);
    await h.execute(chat, colleague, lang, "introduction.handover", { mentorshipId: m0.id, step: "save", handover: `${CANARY} pending` });
    await h.execute(chat, colleague, lang, "introduction.close", { mentorshipId: m0.id, step: "confirm", talkHeld: "true", mentorSchemeStarts: "true" });
    assert.ok(!JSON.stringify(h.notifier.sent).includes(CANARY), "no personal chat yet: nothing sent");
    const personal: Chat = { id: "a:personal-mentor-pending", type: "personal", members: [mentor] };
    const replies = await h.say(personal, mentor, lang, "help");
    assert.ok(JSON.stringify(replies).includes(`${CANARY} pending`), "offered when the mentor writes there");
    const colleagueReplies = await h.say({ id: "a:personal-colleague-pending", type: "personal", members: [colleague] }, colleague, lang, "help");
    const menteeReplies = await h.say({ id: "a:personal-mentee-pending", type: "personal", members: [mentee] }, mentee, lang, "help");
    assert.ok(!JSON.stringify([colleagueReplies, menteeReplies]).includes(CANARY), "nobody else");
  });
});
