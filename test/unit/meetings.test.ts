import assert from "node:assert/strict";
import { AgendaLimits, agendaAfter, emptyAgenda } from "../../src/domain/agenda";
import { zonedToUtc } from "../../src/domain/calendarMath";
import { type Language, Languages } from "../../src/domain/language";
import { t } from "../../src/i18n";
import {
  type Meeting,
  agendaDueAt,
  agendaPosted,
  bookingFailed,
  bookingSucceeded,
  cancelMeeting,
  meetingCounts,
  meetingsFromPlan,
  moveMeeting,
  planMeetings,
  previousRecord,
  recordHeld,
  retryBooking,
  saveAgenda,
} from "../../src/domain/meetings";
import { type Mentorship, acceptAgreement, agreementPosted, createMentorship } from "../../src/domain/mentorship";
import type { ProgrammeId } from "../../src/domain/programmes";
import type { Result } from "../../src/domain/result";
import { holidayName, meetingLine, renderAgendaCard, renderBookingCard, renderHeldCard, renderPlanCard } from "../../src/cards/meetingCards";
import { listOf } from "../../src/cards/template";
import { publicHolidays } from "../../src/domain/holidays";
import { TEAMS_CARD_BUDGET_BYTES, assertValidCard, cardBytes, executeActionsOf, inputsOf, templateLeftovers } from "../support/cardSchema";

const mentor = { aadObjectId: "aaaaaaaa-0000-4000-8000-000000000001", name: "Mette Mentor", channelUserId: "29:mette" };
const mentee = { aadObjectId: "aaaaaaaa-0000-4000-8000-000000000002", name: "Niels Nyansat", channelUserId: "29:niels" };
const stranger = "aaaaaaaa-0000-4000-8000-000000000003";
const T0 = new Date("2027-01-04T08:00:00Z");
const T1 = new Date("2027-01-12T08:00:00Z");

function ok<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}`);
  return r.value;
}

function learning(programme: ProgrammeId, language: Language = "da"): Mentorship {
  const c = ok(
    createMentorship(
      { id: "m-1", tenantId: "t", conversationId: "19:c", programme, language, unit: "Enhed", firstWorkingDay: "2027-01-04", mentor, mentee },
      { hasActiveMentorship: false, humanAadObjectIds: [mentor.aadObjectId, mentee.aadObjectId] },
      T0,
    ),
  );
  let m = ok(agreementPosted(c.mentorship, T0));
  m = ok(acceptAgreement(m, mentee.aadObjectId, 1, T1));
  return ok(acceptAgreement(m, mentor.aadObjectId, 1, T1));
}

const slot = { weekday: 2 as const, time: "10:00", minutes: 45 };

/** Every text of a card, one per line. */
function cardTextOf(card: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") for (const [k, v] of Object.entries(node)) typeof v === "string" && ["text", "title"].includes(k) ? parts.push(v) : walk(v);
  };
  walk(card);
  return parts.join("\n");
}

describe("Meetings domain", () => {
  it("only the mentor plans, only in the learning phase, with a length the programme allows", () => {
    const m = learning("kristiansand");
    assert.equal((planMeetings(m, mentee.aadObjectId, slot, T1, null) as { error: { code: string } }).error.code, "MENTOR_ONLY");
    assert.equal((planMeetings(m, stranger, slot, T1, null) as { error: { code: string } }).error.code, "NOT_A_PARTY");
    assert.equal((planMeetings({ ...m, phase: "startUp" }, mentor.aadObjectId, slot, T1, null) as { error: { code: string } }).error.code, "WRONG_PHASE");
    const tooLong = planMeetings(m, mentor.aadObjectId, { ...slot, minutes: 90 }, T1, null);
    assert.ok(!tooLong.ok && tooLong.error.code === "INVALID_INPUT");
    const plan = ok(planMeetings(m, mentor.aadObjectId, slot, T1, null));
    assert.equal(plan.version, 1);
    assert.equal(plan.status, "booking");
    assert.equal(plan.series.length, 3, "Kristiansand: one series per cadence band");
    const busy = planMeetings(m, mentor.aadObjectId, slot, T1, plan);
    assert.ok(!busy.ok && busy.error.code === "BOOKING_IN_PROGRESS");
    const failed = bookingFailed(plan, "THROTTLED");
    const retried = ok(retryBooking(failed, T1));
    assert.equal(retried.version, 1, "a retry books the same plan version: the same transactionIds");
    const replanned = ok(planMeetings(m, mentor.aadObjectId, slot, T1, bookingSucceeded(retried, [])));
    assert.equal(replanned.version, 2);
  });

  it("KL/DS plans the agreed number of meetings in one series", () => {
    const m = learning("klds");
    const plan = ok(planMeetings(m, mentor.aadObjectId, { weekday: 4, time: "13:00", minutes: 60 }, T1, null));
    const meetings = meetingsFromPlan(m.id, plan);
    assert.equal(plan.series.length, 1);
    assert.equal(meetings.filter((x) => x.status === "planned").length, m.agreement.fields.meetingCount - plan.series[0]!.exceptions.filter((e) => e.action === "cancel").length);
    assert.ok(meetings.every((x) => x.date >= "2027-04-04"), "after the introduction months");
  });

  it("the agenda: point 1 is the mentee's, point 4 each person's own, points 2, 3, 5 shared", () => {
    const m = learning("kristiansand");
    const [first] = meetingsFromPlan(m.id, ok(planMeetings(m, mentor.aadObjectId, slot, T1, null)));
    assert.ok(first);
    const byMentor = ok(saveAgenda(m, first, mentor.aadObjectId, { howIsMentee: "mentor writes for her", summary: "opsamling", myFeedback: { how: "godt", worked: "ro", better: "tid" } }, T1));
    assert.equal(byMentor.agenda.howIsMentee, "", "point 1 is the mentee's");
    assert.equal(byMentor.agenda.summary, "opsamling");
    assert.equal(byMentor.agenda.feedback.mentor.how, "godt");
    assert.equal(byMentor.agenda.feedback.mentee.how, "", "the mentor cannot write the mentee's feedback");
    const byMentee = ok(saveAgenda(m, byMentor, mentee.aadObjectId, { howIsMentee: "travlt", myFeedback: { how: "fint", worked: "", better: "" } }, T1));
    assert.equal(byMentee.agenda.howIsMentee, "travlt");
    assert.equal(byMentee.agenda.feedback.mentee.how, "fint");
    assert.equal(byMentee.agenda.feedback.mentor.how, "godt", "the mentor's feedback stays");
    const third = saveAgenda(m, first, stranger, { summary: "x" }, T1);
    assert.ok(!third.ok && third.error.code === "NOT_A_PARTY");
    const same = saveAgenda(m, byMentee, mentee.aadObjectId, { howIsMentee: "travlt" }, T1);
    assert.ok(!same.ok && same.error.code === "NO_CHANGES");
  });

  it("the next agenda carries the previous point 5 into point 2", () => {
    const m = learning("kristiansand");
    const [first, second] = meetingsFromPlan(m.id, ok(planMeetings(m, mentor.aadObjectId, slot, T1, null)));
    assert.ok(first && second);
    const done = ok(saveAgenda(m, first, mentor.aadObjectId, { nextTheme: "Myndighedsrollen", nextLearningGoal: "Sige nej", nextPreparation: "Læs sagen" }, T1));
    assert.equal(previousRecord([done, second], second)?.key, done.key);
    const posted = agendaPosted(second, done, T1);
    assert.equal(posted.agenda.theme, "Myndighedsrollen");
    assert.equal(posted.agenda.learningGoal, "Sige nej");
    assert.equal(posted.agenda.carriedPreparation, "Læs sagen");
    assert.equal(posted.agendaPostedAt, T1.toISOString());
    assert.deepEqual(agendaAfter(null), emptyAgenda());
    // Re-posting does not overwrite what was written since.
    const written = ok(saveAgenda(m, posted, mentee.aadObjectId, { theme: "Andet tema" }, T1));
    assert.equal(agendaPosted(written, done, T1).agenda.theme, "Andet tema");
  });

  it("held / not held / moved, cancel and move by the mentor only, counts and the agenda's due time", () => {
    const m = learning("kristiansand");
    const meetings = meetingsFromPlan(m.id, ok(planMeetings(m, mentor.aadObjectId, slot, T1, null)));
    const [a, b, c] = meetings as [Meeting, Meeting, Meeting];
    assert.equal(ok(recordHeld(m, a, mentee.aadObjectId, "held", T1)).status, "held");
    assert.equal(ok(recordHeld(m, a, mentor.aadObjectId, "notHeld", T1)).status, "notHeld");
    assert.equal(ok(recordHeld(m, a, mentor.aadObjectId, "moved", T1)).status, "planned");
    assert.ok(!recordHeld(m, a, stranger, "held", T1).ok);
    assert.ok(!cancelMeeting(m, b, mentee.aadObjectId, T1).ok);
    const cancelled = ok(cancelMeeting(m, b, mentor.aadObjectId, T1));
    assert.ok(!saveAgenda(m, cancelled, mentor.aadObjectId, { summary: "x" }, T1).ok);
    const zone = (d: string, t: string) => zonedToUtc(d, t, m.timeZone);
    const moved = ok(moveMeeting(m, c, mentor.aadObjectId, { date: "2027-02-03", time: "14:00" }, T1, zone));
    assert.equal(moved.startUtc, "2027-02-03T13:00:00.000Z");
    assert.equal(moved.key, c.key, "a moved meeting keeps its identity");
    assert.ok(!moveMeeting(m, c, mentor.aadObjectId, { date: "2026-12-01", time: "14:00" }, T1, zone).ok, "not into the past");
    const counts = meetingCounts([ok(recordHeld(m, a, mentor.aadObjectId, "held", T1)), cancelled, moved, ...meetings.slice(3)], T1);
    assert.equal(counts.held, 1);
    assert.equal(counts.planned, meetings.length - 1);
    assert.equal(agendaDueAt(a, 24).toISOString(), new Date(new Date(a.startUtc).getTime() - 86_400_000).toISOString());
  });
});

for (const language of Languages) {
  describe(`Booking card: holidays, length and place (${language})`, () => {
    const m = learning("kristiansand", language);
    const noPlace = { ...m, agreement: { ...m.agreement, fields: { ...m.agreement.fields, timeAndPlace: "" } } };
    const monday = ok(planMeetings(m, mentor.aadObjectId, { weekday: 1, time: "10:00", minutes: 45 }, T1, null));
    const booked = bookingSucceeded(monday, []);
    const meetings = meetingsFromPlan(m.id, monday);

    it("the plan card says what happens on a holiday instead of 'holidays are skipped'", () => {
      const text = JSON.stringify(renderPlanCard(m, { slot, leadHours: 24, editable: true }));
      assert.ok(text.includes(t(language, "plan.cadence.kristiansand", { firstDay: "04.01.2027" })));
      assert.match(t(language, "plan.cadence.kristiansand"), /(flyttes|moves).*(samme|same)/);
      assert.match(t(language, "plan.cadence.klds"), /(flyttes|moves).*(samme|same)/);
    });

    it("a meeting moved off a holiday says which holiday: Easter Monday 29.03.2027 → Tuesday 30.03", () => {
      const moved = meetings.filter((x) => x.date !== x.originalDate);
      assert.deepEqual(moved.map((x) => [x.originalDate, x.date]), [["2027-03-29", "2027-03-30"]]);
      const text = JSON.stringify(renderBookingCard(m, booked, { meetings, icsUrl: null, now: T1 }));
      const line = `${t(language, "booked.line", { weekday: t(language, "weekday.2"), date: "30.03.2027", time: "10:00", week: 13 })} – ${t(language, "booked.movedFor", { holiday: t(language, "holiday.easterMonday") })}`;
      assert.ok(text.includes(JSON.stringify(line)), line);
      assert.equal(t("da", "holiday.easterMonday"), "2. påskedag");
      assert.equal(t("nb", "holiday.labourDay"), "1. mai");
      // Norway 17.05.2027 is both 17. mai and 2. pinsedag: both are named.
      const both = { ...meetings[0]!, originalDate: "2027-05-17", date: "2027-05-18" };
      assert.ok(meetingLine(m, both).endsWith(t(language, "booked.movedFor", { holiday: listOf(language, [t(language, "holiday.constitutionDay.NO"), t(language, "holiday.whitMonday")]) })), meetingLine(m, both));
      // A meeting the mentor moved off an ordinary day names no holiday.
      assert.equal(meetingLine(m, { ...meetings[0]!, date: "2027-01-20" }), t(language, "booked.line", { weekday: t(language, "weekday.3"), date: "20.01.2027", time: "10:00", week: meetings[0]!.isoWeek }));
    });

    it("every holiday the calendar knows has a name in every language", () => {
      for (const country of ["DK", "NO"] as const) {
        for (const year of [2023, 2027]) for (const h of publicHolidays(country, year)) for (const k of [h.key, ...h.alsoKeys]) assert.ok(holidayName({ ...m, language }, country, k).length > 0);
      }
    });

    it("length and place once in the header: the agreement's time and place, else a Teams meeting (Graph); per meeting only where it differs", () => {
      const graph = cardTextOf(renderBookingCard(noPlace, booked, { meetings, icsUrl: null, now: T1 }));
      assert.ok(graph.includes(`${t(language, "booked.length", { minutes: 45 })} · ${t(language, "booked.place.teams")}`), graph.slice(0, 300));
      const local = cardTextOf(renderBookingCard(noPlace, booked, { meetings, icsUrl: null, localCalendar: true, now: T1 }));
      assert.ok(local.includes(t(language, "booked.length", { minutes: 45 })) && !local.includes(t(language, "booked.place.teams")), "the local calendar books no Teams meeting");
      const agreed = { ...m, agreement: { ...m.agreement, fields: { ...m.agreement.fields, timeAndPlace: "Mødelokale 3, Vågsbygd" } } };
      const withPlace = cardTextOf(renderBookingCard(agreed, booked, { meetings, icsUrl: null, now: T1 }));
      assert.ok(withPlace.includes(t(language, "booked.place.agreed", { text: "Mødelokale 3, Vågsbygd" })));
      assert.equal(withPlace.split("Mødelokale 3").length - 1, 1, "the place once, not per meeting");
      const longer = [{ ...meetings[0]!, minutes: 60 }, ...meetings.slice(1)];
      const lines = cardTextOf(renderBookingCard(noPlace, booked, { meetings: longer, icsUrl: null, now: T1 })).split("\n");
      assert.equal(lines.filter((l) => l.includes(t(language, "booked.minutesDiffer", { minutes: 60 }))).length >= 1, true, "the longer meeting says so");
      assert.ok(!lines.some((l) => l.includes(t(language, "booked.minutesDiffer", { minutes: 45 }))), "the others do not");
    });
  });

  describe(`Meeting cards (${language})`, () => {
    for (const programme of ["kristiansand", "klds"] as const) {
      const m = learning(programme, language);
      const plan = ok(planMeetings(m, mentor.aadObjectId, programme === "klds" ? { weekday: 4, time: "13:00", minutes: 60 } : slot, T1, null));
      const meetings = meetingsFromPlan(m.id, plan);
      const first = meetings[0]!;
      const long = (n: number) => "æøå".repeat(Math.ceil(n / 3)).slice(0, n);
      const full: Meeting = {
        ...first,
        agenda: {
          howIsMentee: long(AgendaLimits.howIsMentee),
          experience: long(AgendaLimits.experience),
          theme: long(AgendaLimits.theme),
          learningGoal: long(AgendaLimits.learningGoal),
          carriedPreparation: long(AgendaLimits.nextPreparation),
          summary: long(AgendaLimits.summary),
          feedback: {
            mentor: { how: long(AgendaLimits.feedbackHow), worked: long(AgendaLimits.feedbackWorked), better: long(AgendaLimits.feedbackBetter), at: T1.toISOString() },
            mentee: { how: long(AgendaLimits.feedbackHow), worked: long(AgendaLimits.feedbackWorked), better: long(AgendaLimits.feedbackBetter), at: T1.toISOString() },
          },
          nextTheme: long(AgendaLimits.nextTheme),
          nextLearningGoal: long(AgendaLimits.nextLearningGoal),
          nextPreparation: long(AgendaLimits.nextPreparation),
          updatedAt: T1.toISOString(),
        },
      };
      const cards: [string, object][] = [
        ["plan", renderPlanCard(m, { slot, leadHours: 24, editable: true })],
        ["plan read-only with notice and error", renderPlanCard(m, { slot, leadHours: 24, editable: false, notice: "n", error: "e" })],
        ["booked (local calendar)", renderBookingCard(m, bookingSucceeded(plan, []), { meetings, icsUrl: "http://127.0.0.1:3978/ics/x.ics", now: T1 })],
        ["booked (Graph)", renderBookingCard(m, bookingSucceeded(plan, []), { meetings, icsUrl: null, now: T1 })],
        ["booking failed", renderBookingCard(m, bookingFailed(plan, "THROTTLED"), { meetings, icsUrl: null, now: T1 })],
        [
          "booked, the agreement's time and place full of æøå, a new regular time",
          renderBookingCard(
            { ...m, agreement: { ...m.agreement, fields: { ...m.agreement.fields, timeAndPlace: long(200) } } },
            { ...bookingSucceeded(plan, []), replannedAt: T1.toISOString() },
            { meetings, icsUrl: null, localCalendar: true, now: T1, notice: "n", error: "e" },
          ),
        ],
        ["booked, asking before a cancel", renderBookingCard(m, bookingSucceeded(plan, []), { meetings, icsUrl: null, localCalendar: true, now: T1, confirmCancel: first })],
        ["agenda empty", renderAgendaCard(m, first)],
        ["agenda full of æøå", renderAgendaCard(m, full, { notice: "n", error: "e" })],
        ["agenda read-only", renderAgendaCard(m, full, { readOnly: true })],
        ["agenda headings only", renderAgendaCard(m, full, { headingsOnly: true, error: "e" })],
        ["held open", renderHeldCard(m, first, { open: true })],
        ["held answered", renderHeldCard(m, first, { open: false, notice: "ok" })],
      ];
      for (const [name, card] of cards) {
        it(`${programme}: ${name} is a valid AC 1.5 card, fully expanded, under 28 KB, with ids-only action data`, () => {
          assertValidCard(card, name);
          assert.deepEqual(templateLeftovers(card), []);
          assert.ok(cardBytes(card) < TEAMS_CARD_BUDGET_BYTES, `${cardBytes(card)} bytes`);
          for (const action of executeActionsOf(card)) {
            for (const key of Object.keys((action["data"] as object) ?? {})) assert.ok(["mentorshipId", "meetingKey", "outcome"].includes(key), key);
          }
          for (const input of inputsOf(card)) assert.ok(typeof input["label"] === "string" && input["label"] !== "", "every input has a label");
        });
      }
      it(`${programme}: the agenda labels each person's feedback with their name, and the read-only view has no inputs`, () => {
        const labels = inputsOf(renderAgendaCard(m, first)).map((i) => String(i["label"]));
        assert.equal(labels.filter((l) => l.startsWith(mentor.name)).length, 3);
        assert.equal(labels.filter((l) => l.startsWith(mentee.name)).length, 3);
        assert.deepEqual(inputsOf(renderAgendaCard(m, full, { readOnly: true })), []);
      });
      it(`${programme}: the headings-only agenda (for someone who is not a party) shows no field's text`, () => {
        const card = JSON.stringify(renderAgendaCard(m, full, { headingsOnly: true }));
        assert.ok(!card.includes("æøå"), "no field text");
        assert.deepEqual(inputsOf(JSON.parse(card)), []);
        assert.ok(card.includes(t(language, "agenda.p1")) && card.includes(t(language, "agenda.p5")), "the headings are there");
      });
    }
  });
}
