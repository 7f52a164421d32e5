import assert from "node:assert/strict";
import { t } from "../../src/i18n";
import { type BookingRequest, CalendarError, type CalendarPort } from "../../src/ports/calendar";
import { TENANT, mentee, mentor } from "../support/fixtures";
import { type Chat, botHarness, cardOf, cardText, findAction } from "./harness";

/** The calendar edge misbehaving: throttled for the first `failures` bookings; records every call. */
function flaky(local: CalendarPort, state: { failures: number; books: BookingRequest[]; cancelled: string[] }): CalendarPort {
  return {
    book: async (request) => {
      state.books.push(request);
      if (state.failures-- > 0) throw new CalendarError("THROTTLED", true);
      return local.book(request);
    },
    moveOccurrence: (ref, to) => local.moveOccurrence(ref, to),
    endSeries: (r) => local.endSeries(r),
    cancelOccurrence: (ref, c) => local.cancelOccurrence(ref, c),
    cancelSeries: async (tenantId, organizer, id, c) => {
      state.cancelled.push(id);
      return local.cancelSeries(tenantId, organizer, id, c);
    },
    freeBusy: (r) => local.freeBusy(r),
  };
}

describe("Booking that fails, a retry, and a new regular time", function () {
  this.timeout(60000);
  const chat: Chat = { id: "19:booking-failure@thread.v2", type: "groupChat", members: [mentor, mentee] };
  const lang = "da" as const;

  it("a failure leaves 'booking failed' with a retry button; the retry books the same plan version once; a new plan cancels the old series", async () => {
    const state = { failures: 1, books: [] as BookingRequest[], cancelled: [] as string[] };
    const h = await botHarness({ calendar: (local) => flaky(local, state) });
    const setupId = findAction(cardOf((await h.say(chat, mentor, lang, "start"))[0]), "setup.submit")?.data["setupId"];
    await h.execute(chat, mentor, lang, "setup.submit", { setupId, programme: "kristiansand", firstDay: "2027-01-04", unit: "X", language: lang });
    const m0 = await h.service.getMentorship(TENANT, (await h.service.getChat(TENANT, chat.id))?.activeMentorshipId ?? "");
    assert.ok(m0);
    await h.execute(chat, mentee, lang, "agreement.accept", { mentorshipId: m0.id, version: 1 });
    await h.execute(chat, mentor, lang, "agreement.accept", { mentorshipId: m0.id, version: 1 });

    const plan = { mentorshipId: m0.id, weekday: "2", time: "10:00", minutes: "45", leadHours: "24" };
    await h.execute(chat, mentor, lang, "plan.book", plan);
    await h.bot.idle();
    const failedCard = h.notifier.sent.at(-1)?.card;
    assert.ok(cardText(failedCard).includes(t(lang, "booking.failedTitle")));
    assert.ok(findAction(failedCard, "plan.retry"), "a retry button");
    let m = await h.service.getMentorship(TENANT, m0.id);
    assert.equal(m?.meetingPlan?.status, "failed");
    assert.deepEqual(await h.meetings.meetings(TENANT, m0.id), [], "nothing booked, nothing half-stored");

    await h.execute(chat, mentee, lang, "plan.retry", { mentorshipId: m0.id });
    await h.bot.idle();
    m = await h.service.getMentorship(TENANT, m0.id);
    assert.equal(m?.meetingPlan?.status, "booked");
    assert.equal(state.books.length, 2);
    assert.equal(state.books[0]?.planVersion, state.books[1]?.planVersion, "the retry is the same booking (same transactionIds)");
    assert.equal((await h.meetings.meetings(TENANT, m0.id)).length, 18);
    // The failure card is updated in place into the confirmation.
    assert.ok(h.notifier.updates.some((u) => cardText(u.card).includes(t(lang, "booked.title"))));

    // A new regular time: the old series are cancelled in the calendar, the meetings replaced.
    const oldSeries = m?.meetingPlan?.booked.map((b) => b.eventId) ?? [];
    await h.execute(chat, mentor, lang, "plan.book", { ...plan, weekday: "4", time: "13:00" });
    await h.bot.idle();
    assert.deepEqual(state.cancelled.sort(), [...oldSeries].sort());
    const after = await h.meetings.meetings(TENANT, m0.id);
    const live = after.filter((x) => x.status !== "cancelled");
    assert.equal(live.length, 18);
    assert.ok(live.every((x) => x.time === "13:00"));
    assert.equal((await h.service.getMentorship(TENANT, m0.id))?.meetingPlan?.version, 2);
  });
});
