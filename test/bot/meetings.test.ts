import assert from "node:assert/strict";
import type { Meeting } from "../../src/domain/meetings";
import type { Mentorship } from "../../src/domain/mentorship";
import { type Language, Languages } from "../../src/domain/language";
import { t } from "../../src/i18n";
import { TENANT, colleague, mentee, mentor } from "../support/fixtures";
import { type Chat, botHarness, cardOf, cardText, findAction, findInputIds } from "./harness";

type H = Awaited<ReturnType<typeof botHarness>>;
interface Card {
  readonly body?: readonly { readonly isRequired?: boolean; readonly type?: string }[];
  readonly actions?: readonly { readonly type?: string; readonly verb?: string; readonly card?: Card }[];
}

/** The first action with this verb anywhere in a card (top level, ShowCards, ActionSets). */
function actionOf(card: unknown, verb: string): { data: Record<string, unknown> } | undefined {
  if (Array.isArray(card)) return card.map((c) => actionOf(c, verb)).find((x) => x);
  if (!card || typeof card !== "object") return undefined;
  const o = card as Record<string, unknown>;
  if (o["verb"] === verb) return o as { data: Record<string, unknown> };
  return Object.values(o).map((v) => actionOf(v, verb)).find((x) => x);
}

/** For each action with this verb: the chain of cards from the root to the one whose actions hold it. */
function cardsHolding(card: Card, verb: string, parents: readonly Card[] = []): Card[][] {
  const chain = [...parents, card];
  return (card.actions ?? []).flatMap((a) => [...(a.verb === verb ? [chain] : []), ...(a.card ? cardsHolding(a.card, verb, chain) : [])]);
}


for (const lang of Languages) {
  describe(`Meetings through TestAdapter (${lang})`, function () {
    this.timeout(60000);
    const chat: Chat = { id: `19:meet-${lang}@thread.v2`, type: "groupChat", members: [mentor, mentee, colleague] };
    let now = new Date("2027-01-11T08:00:00Z"); // Monday of week 2 for a first working day 2027-01-04

    /** A Kristiansand mentorship, agreed by both: returns it and the plan card the bot posted. */
    async function agreed(h: H, language: Language = lang) {
      const setupId = findAction(cardOf((await h.say(chat, mentor, language, "start"))[0]), "setup.submit")?.data["setupId"];
      await h.execute(chat, mentor, language, "setup.submit", { setupId, programme: "kristiansand", firstDay: "2027-01-04", unit: "Vågsbygd omsorgssenter", language, mentee: mentee.aadObjectId });
      const c = await h.service.getChat(TENANT, chat.id);
      const m0 = await h.service.getMentorship(TENANT, c?.activeMentorshipId ?? "");
      assert.ok(m0);
      await h.execute(chat, mentee, language, "agreement.accept", { mentorshipId: m0.id, version: 1 });
      const last = await h.execute(chat, mentor, language, "agreement.accept", { mentorshipId: m0.id, version: 1 });
      const planCard = last.sent.map(cardOf).find((card) => card && findAction(card, "plan.book"));
      const m = await h.service.getMentorship(TENANT, m0.id);
      assert.ok(m);
      return { m, planCard };
    }

    async function book(h: H, m: Mentorship) {
      const r = await h.execute(chat, mentor, lang, "plan.book", { mentorshipId: m.id, weekday: "2", time: "10:00", minutes: "45", leadHours: "24" });
      await h.bot.idle();
      return r;
    }

    /** The mentor cancels one meeting. */
    async function cancelMeeting(h: H, m: Mentorship, meetingKey: string) {
      await h.execute(chat, mentor, lang, "meeting.cancel", { mentorshipId: m.id, meetingKey });
      return h.execute(chat, mentor, lang, "meeting.cancelConfirm", { mentorshipId: m.id, meetingKey });
    }

    /** Runs the real scheduler at a moment. */
    async function at(h: H, when: Date) {
      now = when;
      h.setNow(() => now);
      return h.scheduler.tick();
    }

    it("agreement agreed → plan card for the mentor → booked in the background → confirmation lists the meetings with ISO weeks", async () => {
      now = new Date("2027-01-11T08:00:00Z");
      const h = await botHarness({ now: () => now });
      const { m, planCard } = await agreed(h);
      assert.ok(planCard, "the plan card is posted when the agreement locks");
      assert.ok(cardText(planCard).includes(t(lang, "plan.cadence.kristiansand", { firstDay: "04.01.2027" })));

      // Only the mentor plans.
      const byMentee = await h.execute(chat, mentee, lang, "plan.book", { mentorshipId: m.id, weekday: "2", time: "10:00", minutes: "45", leadHours: "24" });
      assert.ok(cardText(byMentee.response?.body.value).includes(t(lang, "error.MENTOR_ONLY")));
      // Bad input: a clear message, nothing planned.
      const bad = await h.execute(chat, mentor, lang, "plan.book", { mentorshipId: m.id, weekday: "6", time: "25:00", minutes: "45", leadHours: "24" });
      // The field is named by its label on the card (issue 9, item 4), no longer by its code.
      assert.ok(cardText(bad.response?.body.value).includes(`${t(lang, "plan.weekday")}: `), cardText(bad.response?.body.value));
      assert.equal((await h.service.getMentorship(TENANT, m.id))?.meetingPlan ?? null, null);

      const r = await book(h, m);
      assert.ok(cardText(r.response?.body.value).includes(t(lang, "plan.booking")), "the invoke is answered at once");
      const confirmation = h.notifier.sent.find((s) => s.card && cardText(s.card).includes(t(lang, "booked.title")));
      assert.ok(confirmation, "the booking result is posted into the chat");
      const meetings = await h.meetings.meetings(TENANT, m.id);
      assert.equal(meetings.length, 18, "4 weekly + 6 fortnightly + 8 monthly");
      const text = cardText(confirmation.card);
      assert.ok(text.includes(t(lang, "booked.line", { weekday: t(lang, "weekday.2"), date: "19.01.2027", time: "10:00", week: 3 })), text.slice(0, 300));
      assert.ok(text.includes(t(lang, "booked.localNote")), "without Graph the local calendar explains the .ics");
      // The card in the chat carries no link; each party gets their own .ics link from its button.
      assert.ok(!((confirmation.card as unknown as { actions: { url?: string }[] }).actions ?? []).some((a) => a.url), "no link in the shared card");
      const mine = await h.execute(chat, mentor, lang, "ics.link", findAction(confirmation.card!, "ics.link")?.data);
      assert.ok(((mine.response?.body.value as unknown as { actions: { url?: string }[] }).actions ?? []).some((a) => a.url?.endsWith(".ics")));
      const stored = await h.service.getMentorship(TENANT, m.id);
      assert.equal(stored?.meetingPlan?.status, "booked");
      assert.equal(await h.posted.get(TENANT, m.id, "booking"), confirmation.id);
      // The plan card now reports instead of offering inputs.
      const planCardId = await h.posted.get(TENANT, m.id, "plan");
      assert.ok(planCardId && h.notifier.updates.some((u) => u.id === planCardId && findInputIds(u.card).length === 0));
    });

    it("the agenda arrives before each meeting, point 4 is per person, and the next agenda is pre-filled from point 5", async () => {
      now = new Date("2027-01-11T08:00:00Z");
      const h = await botHarness({ now: () => now });
      const { m } = await agreed(h);
      await book(h, m);
      const [first, second] = (await h.meetings.meetings(TENANT, m.id)) as [Meeting, Meeting];
      assert.equal(first.startUtc, "2027-01-19T09:00:00.000Z");

      // Nothing is due yet; 24 hours before the first meeting its agenda is posted, once.
      await at(h, new Date("2027-01-18T08:00:00Z"));
      assert.equal(h.notifier.sent.filter((s) => s.card && findAction(s.card, "agenda.save")).length, 0);
      await at(h, new Date("2027-01-18T09:00:00Z"));
      await at(h, new Date("2027-01-18T09:01:00Z"));
      const agendas = h.notifier.sent.filter((s) => s.card && findAction(s.card, "agenda.save"));
      assert.equal(agendas.length, 1, "posted exactly once");
      assert.ok(cardText(agendas[0]?.card).includes(t(lang, "agenda.p1")));

      /** What the agenda card sends: every input's current value (empty ones left out, as clients do), changed by `data`. */
      const save = async (who: typeof mentor, data: Record<string, string>) => {
        const a = (await h.meetings.meetings(TENANT, m.id)).find((x) => x.key === first.key)!.agenda;
        const shown: Record<string, string> = {
          howIsMentee: a.howIsMentee, experience: a.experience, theme: a.theme, learningGoal: a.learningGoal, summary: a.summary,
          nextTheme: a.nextTheme, nextLearningGoal: a.nextLearningGoal, nextPreparation: a.nextPreparation,
          mentorFeedbackHow: a.feedback.mentor.how, mentorFeedbackWorked: a.feedback.mentor.worked, mentorFeedbackBetter: a.feedback.mentor.better,
          menteeFeedbackHow: a.feedback.mentee.how, menteeFeedbackWorked: a.feedback.mentee.worked, menteeFeedbackBetter: a.feedback.mentee.better,
        };
        const sent = Object.fromEntries(Object.entries({ ...shown, ...data }).filter(([, v]) => v !== ""));
        return h.execute(chat, who, lang, "agenda.save", { mentorshipId: m.id, meetingKey: first.key, ...sent });
      };
      await save(mentee, { howIsMentee: "Travlt, men godt", experience: "En svær samtale med en pårørende" });
      await save(mentor, { theme: "Prioritering", learningGoal: "Hvad er godt nok", summary: "Opsamling", nextTheme: "Etik", nextLearningGoal: "Sige fra", nextPreparation: "Læs retningslinjen", mentorFeedbackHow: "Godt", mentorFeedbackWorked: "Ro", mentorFeedbackBetter: "Mere tid" });
      // The mentor may not write the mentee's feedback: refused, nothing changes.
      const before = (await h.meetings.meetings(TENANT, m.id))[0];
      const forged = await save(mentor, { menteeFeedbackHow: "Alt var perfekt", summary: "Ny opsamling" });
      assert.ok(cardText(forged.response?.body.value).includes(t(lang, "agenda.notYourFeedback")));
      assert.ok(cardText(forged.response?.body.value).includes("Ny opsamling"), "what the mentor typed is shown again, not lost");
      assert.deepEqual((await h.meetings.meetings(TENANT, m.id))[0], before);
      await save(mentee, { menteeFeedbackHow: "Nyttigt", menteeFeedbackWorked: "Konkrete råd", menteeFeedbackBetter: "" });
      // A third member cannot write.
      const third = await save(colleague, { summary: "Overtaget" });
      assert.ok(cardText(third.response?.body.value).includes(t(lang, "agenda.readOnlyForYou", { mentor: mentor.name, mentee: mentee.name })));
      // Too long: a clear message, nothing saved.
      const tooLong = await save(mentee, { howIsMentee: "x".repeat(801) });
      // The field is named by its label on the card, with the limit (issue 9, item 4).
      assert.ok(cardText(tooLong.response?.body.value).includes(`${t(lang, "agenda.howIsMentee", { mentee: mentee.name }).replace(/[?:.\s]+$/, "")}: ${t(lang, "input.tooLong", { max: 800 })}`));

      const record = (await h.meetings.meetings(TENANT, m.id))[0];
      assert.equal(record?.agenda.howIsMentee, "Travlt, men godt");
      assert.equal(record?.agenda.feedback.mentor.how, "Godt");
      assert.equal(record?.agenda.feedback.mentee.how, "Nyttigt");
      assert.equal(record?.agenda.summary, "Opsamling");

      // Clearing a field works although clients leave empty inputs out.
      await save(mentor, { summary: "" });
      assert.equal((await h.meetings.meetings(TENANT, m.id))[0]?.agenda.summary, "");
      assert.equal((await h.meetings.meetings(TENANT, m.id))[0]?.agenda.feedback.mentee.how, "Nyttigt", "the other's feedback stays");

      // The second meeting's agenda carries point 5 over into point 2.
      await at(h, new Date(new Date(second.startUtc).getTime() - 24 * 3600_000));
      const next = h.notifier.sent.filter((s) => s.card && findAction(s.card, "agenda.save")).at(-1);
      const nextText = cardText(next?.card);
      assert.ok(nextText.includes("Etik") && nextText.includes("Sige fra") && nextText.includes("Læs retningslinjen"), nextText.slice(0, 400));
    });

    it("reminders: point 1 still empty two hours before, a meeting never recorded asks whether it took place, an agreement left unaccepted is nudged", async () => {
      now = new Date("2027-01-11T08:00:00Z");
      const h = await botHarness({ now: () => now });
      const { m } = await agreed(h);
      await book(h, m);
      const [first] = (await h.meetings.meetings(TENANT, m.id)) as [Meeting];
      const start = new Date(first.startUtc).getTime();
      await at(h, new Date(start - 2 * 3600_000));
      assert.ok(h.notifier.sent.some((s) => s.text === t(lang, "reminder.pointOne", { mentee: mentee.name, mentor: mentor.name, time: "10:00" })));
      await at(h, new Date(start + 45 * 60_000 + 2 * 3600_000));
      const held = h.notifier.sent.find((s) => s.card && findAction(s.card, "meeting.held"));
      assert.ok(held, "asked whether the meeting took place");
      const answer = await h.execute(chat, mentee, lang, "meeting.held", { mentorshipId: m.id, meetingKey: first.key, outcome: "held" });
      assert.ok(cardText(answer.response?.body.value).includes(t(lang, "held.recorded.held")));
      assert.equal((await h.meetings.meetings(TENANT, m.id))[0]?.status, "held");

      // A second chat whose agreement nobody accepts: nudged after 7 days, once. (Another mentee: Niels
      // already has an active mentorship, and a mentee has one at a time.)
      const other: Chat = { id: `19:nudge-${lang}@thread.v2`, type: "groupChat", members: [mentor, colleague] };
      now = new Date("2027-02-01T08:00:00Z");
      const setupId = findAction(cardOf((await h.say(other, mentor, lang, "start"))[0]), "setup.submit")?.data["setupId"];
      await h.execute(other, mentor, lang, "setup.submit", { setupId, programme: "klds", firstDay: "2027-02-01", unit: "X", language: lang });
      const nudge = t(lang, "reminder.agreement", { names: t(lang, "agreement.title") === "" ? "" : `${mentor.name}`, version: 1 }).split(mentor.name)[0] ?? "?";
      const nudges = () => h.notifier.sent.filter((s) => s.text?.startsWith(nudge) && s.text.includes(String(1)));
      await at(h, new Date("2027-02-07T08:00:00Z"));
      assert.equal(nudges().length, 0, "not before 7 days");
      await at(h, new Date("2027-02-08T08:01:00Z"));
      await at(h, new Date("2027-02-09T08:01:00Z"));
      assert.equal(nudges().length, 1, "nudged once");
      assert.ok(nudges()[0]?.text?.includes(mentor.name) && nudges()[0]?.text?.includes(colleague.name), "both are named");
    });

    it("changing the regular time needs no meeting picked: its action is outside the move/cancel form; move or cancel without a meeting gets a clear line", async () => {
      now = new Date("2027-01-11T08:00:00Z");
      const h = await botHarness({ now: () => now });
      const { m } = await agreed(h);
      await book(h, m);
      const confirmation = h.notifier.sent.find((s) => s.card && cardText(s.card).includes(t(lang, "booked.title")));
      const card = confirmation?.card as unknown as Card;
      assert.ok(card);
      // Every card level that holds the plan.open action: none of its inputs (nor its parents') is required.
      const holders = cardsHolding(card, "plan.open");
      assert.equal(holders.length, 1, "one plan.open action");
      for (const level of holders[0] ?? []) assert.ok(!(level.body ?? []).some((el) => el.isRequired === true), "no required input where plan.open is");
      const replan = await h.execute(chat, mentor, lang, "plan.open", findAction(card, "plan.open")?.data);
      assert.ok(findAction(replan.response?.body.value, "plan.book"), "the plan card comes back");
      for (const verb of ["meeting.move", "meeting.cancel"]) {
        const r = await h.execute(chat, mentor, lang, verb, { mentorshipId: m.id, newDate: "2027-03-03", newTime: "13:00" });
        assert.ok(cardText(r.response?.body.value).includes(t(lang, "meeting.pickOne")), verb);
      }
      assert.ok((await h.meetings.meetings(TENANT, m.id)).every((x) => x.status === "planned"), "nothing changed");
    });

    it("a new regular time: the card lists the new plan only (no date twice, the count is the live lines), says what changed in one line, and what the mentor cancelled stays cancelled", async () => {
      now = new Date("2027-01-11T08:00:00Z");
      const h = await botHarness({ now: () => now });
      const { m } = await agreed(h);
      await book(h, m);
      const tuesday = (await h.meetings.meetings(TENANT, m.id)).find((x) => x.date === "2027-04-13") as Meeting;
      await cancelMeeting(h, m, tuesday.key);
      assert.equal((await h.meetings.meetings(TENANT, m.id)).find((x) => x.key === tuesday.key)?.status, "cancelled");

      now = new Date("2027-03-01T08:00:00Z"); // Monday of week 9: five meetings have passed
      h.setNow(() => now);
      await h.execute(chat, mentor, lang, "plan.book", { mentorshipId: m.id, weekday: "3", time: "13:00", minutes: "45", leadHours: "24" });
      await h.bot.idle();
      const stored = await h.service.getMentorship(TENANT, m.id);
      assert.equal(stored?.meetingPlan?.status, "booked");
      const bookingCard = await h.posted.get(TENANT, m.id, "booking");
      const card = h.notifier.updates.filter((u) => u.id === bookingCard).at(-1)?.card;
      assert.ok(card, "the booking card is updated in place");
      const text = cardText(card);
      // Wednesdays from 03.03: 5 fortnightly + 8 monthly, one of them (14.04, the cancelled 13.04's week) cancelled.
      assert.ok(text.includes(t(lang, "booked.replanned", { weekday: t(lang, "weekday.3"), time: "13:00", date: "03.03.2027", count: 12 })), text.slice(0, 400));
      const body = (card as unknown as { body: { type: string; style?: string; items?: { text: string }[] }[] }).body;
      const lines = (body.find((b) => b.type === "Container" && !b.style)?.items ?? []).map((i) => i.text);
      const cancelledSuffix = t(lang, "booked.lineCancelled", { weekday: "", date: "", time: "", week: "" }).split(")").at(-1) ?? "?";
      const live = lines.filter((l) => !l.endsWith(cancelledSuffix));
      assert.equal(lines.length, 13, lines.join("\n"));
      assert.equal(live.length, 12);
      const dates = lines.map((l) => /\d\d\.\d\d\.\d{4}/.exec(l)?.[0]);
      assert.equal(new Set(dates).size, dates.length, "no date twice");
      assert.ok(text.includes(t(lang, "booked.introLocal", { count: live.length, mentor: mentor.name, mentee: mentee.name })), "the count is the live lines");
      assert.ok(lines.includes(t(lang, "booked.lineCancelled", { weekday: t(lang, "weekday.3"), date: "14.04.2027", time: "13:00", week: 15 })), "the mentor's cancellation is carried");
      assert.ok(live.every((l) => l.startsWith(t(lang, "weekday.3"))), "only the new weekday");

      const after = await h.meetings.meetings(TENANT, m.id);
      assert.equal(after.find((x) => x.date === "2027-04-14")?.status, "cancelled");
      assert.equal(after.filter((x) => x.status === "planned" && x.startUtc > now.toISOString()).length, 12, "twelve meetings to come");
      assert.equal(after.filter((x) => x.status === "planned" && x.startUtc < now.toISOString()).length, 5, "the meetings before the change stay");
    });

    it("a new time on the same weekday moves the same meetings; back to an earlier weekday brings its meetings back, the mentor's cancellation stays", async () => {
      now = new Date("2027-01-11T08:00:00Z");
      const h = await botHarness({ now: () => now });
      const { m } = await agreed(h);
      await book(h, m);
      const x = (await h.meetings.meetings(TENANT, m.id)).find((y) => y.date === "2027-04-13") as Meeting;
      await cancelMeeting(h, m, x.key);
      now = new Date("2027-03-01T08:00:00Z");
      h.setNow(() => now);
      const replan = async (weekday: string, time: string) => {
        await h.execute(chat, mentor, lang, "plan.book", { mentorshipId: m.id, weekday, time, minutes: "45", leadHours: "24" });
        await h.bot.idle();
        const stored = await h.service.getMentorship(TENANT, m.id);
        assert.equal(stored?.meetingPlan?.status, "booked");
        return (await h.meetings.meetings(TENANT, m.id)).filter((y) => y.startUtc > now.toISOString());
      };
      const later = await replan("2", "13:00");
      const live = later.filter((y) => y.status === "planned");
      assert.equal(live.length, 12);
      assert.ok(live.every((y) => y.time === "13:00" && y.startUtc.endsWith(":00:00.000Z")), "the same meetings, at the new time");
      assert.equal(later.find((y) => y.key === x.key)?.status, "cancelled", "the mentor's cancellation stays");
      await replan("3", "13:00");
      const back = await replan("2", "10:00");
      const tuesdays = back.filter((y) => y.status === "planned");
      assert.equal(tuesdays.length, 12, "the Tuesday meetings come back");
      assert.ok(tuesdays.every((y) => y.time === "10:00" && !y.superseded));
      assert.equal(back.find((y) => y.key === x.key)?.status, "cancelled", "still cancelled");
      assert.equal(new Set(back.filter((y) => y.status === "planned").map((y) => y.date)).size, 12, "no date twice");
    });

    it("cancelling asks first: the first click changes nothing stored, keep leaves the meeting, confirm cancels and says who was told", async () => {
      now = new Date("2027-01-11T08:00:00Z");
      const h = await botHarness({ now: () => now });
      const { m } = await agreed(h);
      await book(h, m);
      const second = (await h.meetings.meetings(TENANT, m.id))[1] as Meeting;
      const before = await h.etags();
      const sentBefore = h.notifier.sent.length;
      const ask = await h.execute(chat, mentor, lang, "meeting.cancel", { mentorshipId: m.id, meetingKey: second.key });
      const question = ask.response?.body.value;
      assert.ok(cardText(question).includes(t(lang, "meeting.cancelAsk", { weekday: t(lang, "weekday.2"), date: "26.01.2027", time: "10:00", mentee: mentee.name })), cardText(question).slice(0, 300));
      assert.deepEqual(await h.etags(), before, "the first click changes nothing stored");
      assert.equal(h.notifier.sent.length, sentBefore, "and tells nobody yet");
      const confirm = actionOf(question, "meeting.cancelConfirm");
      const keep = actionOf(question, "meeting.cancelKeep");
      assert.deepEqual(confirm?.data, { mentorshipId: m.id, meetingKey: second.key });
      assert.ok(keep, "a keep button");

      const kept = await h.execute(chat, mentor, lang, "meeting.cancelKeep", keep.data);
      assert.ok(cardText(kept.response?.body.value).includes(t(lang, "meeting.cancelKept")));
      assert.deepEqual(await h.etags(), before, "keep leaves it");
      // The mentee may not confirm a cancellation either.
      const byMentee = await h.execute(chat, mentee, lang, "meeting.cancelConfirm", confirm.data);
      assert.ok(cardText(byMentee.response?.body.value).includes(t(lang, "error.MENTOR_ONLY")));
      assert.deepEqual(await h.etags(), before);

      const done = await h.execute(chat, mentor, lang, "meeting.cancelConfirm", confirm.data);
      const text = cardText(done.response?.body.value);
      assert.ok(text.includes(t(lang, "meeting.cancelled", { date: "26.01.2027" })), text.slice(0, 300));
      assert.ok(text.includes(t(lang, "meeting.toldChat", { mentee: mentee.name })), "says who was told (local calendar: the chat)");
      assert.equal((await h.meetings.meetings(TENANT, m.id)).find((x) => x.key === second.key)?.status, "cancelled");
      assert.ok(h.notifier.sent.some((s) => s.text === t(lang, "meeting.cancelled", { date: "26.01.2027" })), "the chat is told");
    });

    it("the mentor moves and cancels single meetings; the chat is told and the booking card updated; others cannot", async () => {
      now = new Date("2027-01-11T08:00:00Z");
      const h = await botHarness({ now: () => now });
      const { m } = await agreed(h);
      await book(h, m);
      const [, second, third] = (await h.meetings.meetings(TENANT, m.id)) as [Meeting, Meeting, Meeting];
      const refused = await h.execute(chat, mentee, lang, "meeting.cancel", { mentorshipId: m.id, meetingKey: second.key });
      assert.ok(cardText(refused.response?.body.value).includes(t(lang, "error.MENTOR_ONLY")));
      await h.execute(chat, mentor, lang, "meeting.cancel", { mentorshipId: m.id, meetingKey: second.key }); // asks first
      const cancelled = await h.execute(chat, mentor, lang, "meeting.cancelConfirm", { mentorshipId: m.id, meetingKey: second.key });
      assert.ok(cardText(cancelled.response?.body.value).includes(t(lang, "meeting.cancelled", { date: "26.01.2027" })));
      assert.ok(h.notifier.sent.some((s) => s.text === t(lang, "meeting.cancelled", { date: "26.01.2027" })), "the chat is told");
      const moved = await h.execute(chat, mentor, lang, "meeting.move", { mentorshipId: m.id, meetingKey: third.key, newDate: "2027-02-03", newTime: "14:00" });
      assert.ok(cardText(moved.response?.body.value).includes(t(lang, "meeting.moved", { from: t(lang, "format.dateTime", { date: "02.02.2027", time: "10:00" }), to: t(lang, "format.dateTime", { date: "03.02.2027", time: "14:00" }) })));
      const after = await h.meetings.meetings(TENANT, m.id);
      assert.equal(after.find((x) => x.key === second.key)?.status, "cancelled");
      assert.equal(after.find((x) => x.key === third.key)?.startUtc, "2027-02-03T13:00:00.000Z");
      const missingDate = await h.execute(chat, mentor, lang, "meeting.move", { mentorshipId: m.id, meetingKey: third.key, newDate: "", newTime: "" });
      assert.ok(cardText(missingDate.response?.body.value).includes(t(lang, "meeting.moveNeedsDate")));
      // The cancelled meeting's agenda is never posted.
      await at(h, new Date(new Date(second.startUtc).getTime() - 23 * 3600_000));
      assert.ok(!h.notifier.sent.some((s) => s.card && cardText(s.card).includes(t(lang, "agenda.title", { date: "26.01.2027", time: "10:00" }))));
    });
  });
}
