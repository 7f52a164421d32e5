import assert from "node:assert/strict";
import { LocalCalendar } from "../../src/adapters/tables/localCalendar";
import { loadConfig } from "../../src/config";
import { zonedToUtc } from "../../src/domain/calendarMath";
import { silentLogger } from "../../src/log";
import { buildApp } from "../../src/main";
import type { BookingRequest, BookingResult, CalendarPerson, CalendarPort } from "../../src/ports/calendar";
import { freshStore } from "../support/azurite";
import { PERSONAS, TENANT_ID, localAppConfig } from "../support/e2e";
import { actorOf, memberOf } from "../support/pairs";

/** The local calendar, recording whose calendar each booking and cancellation is in. */
class RecordingCalendar implements CalendarPort {
  readonly bookings: BookingRequest[] = [];
  readonly cancelled: { organizer: string; eventId: string }[] = [];
  constructor(private readonly inner: CalendarPort) {}
  async book(request: BookingRequest): Promise<BookingResult> {
    this.bookings.push(request);
    return this.inner.book(request);
  }
  moveOccurrence: CalendarPort["moveOccurrence"] = (ref, to) => this.inner.moveOccurrence(ref, to);
  cancelOccurrence: CalendarPort["cancelOccurrence"] = (ref, comment) => this.inner.cancelOccurrence(ref, comment);
  freeBusy: CalendarPort["freeBusy"] = (r) => this.inner.freeBusy(r);
  endSeries: CalendarPort["endSeries"] = (r) => this.inner.endSeries(r);
  async cancelSeries(tenantId: string, organizer: CalendarPerson, seriesEventId: string, comment: string): Promise<void> {
    this.cancelled.push({ organizer: organizer.aadObjectId, eventId: seriesEventId });
    return this.inner.cancelSeries(tenantId, organizer, seriesEventId, comment);
  }
}

const CANARY = "KANARIE-overdragelse-4411";

describe("Tab API: a coordinator creates a mentorship and changes its mentor", function () {
  this.timeout(90000);

  it("create: coordinator only, validated, visible as waiting for a chat; change of mentor moves the remaining meetings", async () => {
    const { connectionString, tableName } = await freshStore();
    let now = new Date("2027-01-05T08:00:00Z");
    const calendar = new RecordingCalendar(LocalCalendar.fromConnectionString(connectionString, tableName));
    const app = await buildApp({ config: loadConfig(localAppConfig(connectionString, tableName)), clock: { now: () => now }, log: silentLogger, calendar });
    await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${app.server.address().port}`;
    try {
      const token = async (aadObjectId: string) =>
        ((await (await fetch(`${base}/api/tab/local-token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ aadObjectId }) })).json()) as { token: string }).token;
      const call = async (who: string | null, method: string, url: string, body?: unknown) => {
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (who) headers["authorization"] = `Bearer ${await token(who)}`;
        const res = await fetch(`${base}${url}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      };
      const karen = PERSONAS.coordinator.aadObjectId;
      const request = { menteeAadObjectId: PERSONAS.mentee.aadObjectId, mentorAadObjectId: PERSONAS.mentor.aadObjectId, programme: "kristiansand", firstWorkingDay: "2027-01-04", unit: "Sykehjem Vest", language: "nb" };

      // People: the coordinator finds the Playground's users by name or e-mail; nobody else may ask.
      const found = await call(karen, "GET", "/api/tab/people?q=niels");
      assert.equal(found.status, 200);
      assert.deepEqual(found.body["people"], [{ aadObjectId: PERSONAS.mentee.aadObjectId, name: PERSONAS.mentee.name, email: PERSONAS.mentee.email }]);
      assert.equal((await call(PERSONAS.mentor.aadObjectId, "GET", "/api/tab/people?q=niels")).status, 403);

      // Who may create, and bad input.
      assert.equal((await call(null, "POST", "/api/tab/mentorships", request)).status, 401);
      assert.equal((await call(PERSONAS.mentor.aadObjectId, "POST", "/api/tab/mentorships", request)).status, 403);
      assert.equal((await call(PERSONAS.manager.aadObjectId, "POST", "/api/tab/mentorships", request)).status, 403);
      assert.deepEqual((await call(karen, "POST", "/api/tab/mentorships", { ...request, unit: " " })).body, { error: "INVALID_INPUT", code: "INVALID_INPUT", field: "unit" });
      assert.deepEqual((await call(karen, "POST", "/api/tab/mentorships", { ...request, firstWorkingDay: "4.1.2027" })).body, { error: "INVALID_START_DATE", code: "INVALID_START_DATE", field: "firstWorkingDay" });
      const unknown = await call(karen, "POST", "/api/tab/mentorships", { ...request, mentorAadObjectId: "00000000-0000-4000-8000-000000000000" });
      assert.deepEqual([unknown.status, unknown.body["code"], unknown.body["field"]], [400, "PERSON_NOT_FOUND", "mentor"]);
      assert.equal((await call(karen, "GET", "/api/tab/overview")).body["total"], 0, "no refusal created anything");

      const created = await call(karen, "POST", "/api/tab/mentorships", request);
      assert.equal(created.status, 201);
      assert.equal(created.body["chat"], "instructions", "no Graph here: the pair creates the chat");
      const id = String(created.body["mentorshipId"]);
      const again = await call(karen, "POST", "/api/tab/mentorships", request);
      assert.deepEqual([again.status, again.body["code"]], [409, "MENTEE_HAS_ACTIVE_MENTORSHIP"]);

      const overview = (await call(karen, "GET", "/api/tab/overview")).body as { rows: { mentorshipId: string; awaitingChat: boolean; phase: string; unit: string }[] };
      assert.deepEqual(overview.rows.map((r) => [r.mentorshipId, r.awaitingChat, r.phase, r.unit]), [[id, true, "preparation", "Sykehjem Vest"]]);
      const mine = (await call(PERSONAS.mentee.aadObjectId, "GET", "/api/tab/my")).body as { mentorships: { awaitingChat: boolean; otherName: string }[] };
      assert.deepEqual(mine.mentorships.map((m) => [m.awaitingChat, m.otherName]), [[true, PERSONAS.mentor.name]], "the mentee sees it and is told to make the chat");

      // The pair's chat binds it; they agree and the mentor books the meetings.
      const conv = { tenantId: TENANT_ID, conversationId: "19:handover@thread.v2", conversationType: "groupChat" as const, reference: {} };
      const bound = await app.service.bindPrepared(conv, [memberOf(PERSONAS.mentor), memberOf(PERSONAS.mentee)], { actorAadObjectId: PERSONAS.mentor.aadObjectId });
      assert.ok(bound?.ok);
      assert.ok((await app.service.markAgreementPosted(TENANT_ID, id)).ok);
      assert.ok((await app.service.acceptAgreement(actorOf(PERSONAS.mentee), id, 1)).ok);
      assert.ok((await app.service.acceptAgreement(actorOf(PERSONAS.mentor), id, 1)).ok);
      const { result, done } = await app.meetings.book(actorOf(PERSONAS.mentor), id, { weekday: 2, time: "10:00", minutes: 45 }, 24);
      assert.ok(result.ok);
      await done;
      const firstBooking = (await app.service.getMentorship(TENANT_ID, id))!.meetingPlan!;
      assert.equal(firstBooking.status, "booked");
      const [first, second] = await app.meetings.meetings(TENANT_ID, id);
      assert.ok(first && second);
      assert.ok((await app.meetings.saveAgenda(actorOf(PERSONAS.mentor), id, first.key, { theme: CANARY, summary: CANARY, myFeedback: { how: "", worked: "", better: "" } })).ok);
      assert.ok((await app.meetings.recordHeld(actorOf(PERSONAS.mentee), id, first.key, "held")).ok);

      // Between the first and second meeting the coordinator gives the pair a new mentor.
      now = new Date(new Date(first.startUtc).getTime() + 3 * 3600_000);
      assert.equal((await call(PERSONAS.mentor.aadObjectId, "POST", `/api/tab/mentorships/${id}/mentor`, { mentorAadObjectId: PERSONAS.colleague.aadObjectId })).status, 403);
      assert.equal((await call(karen, "POST", "/api/tab/mentorships/no-such/mentor", { mentorAadObjectId: PERSONAS.colleague.aadObjectId })).status, 404);
      assert.deepEqual((await call(karen, "POST", `/api/tab/mentorships/${id}/mentor`, { mentorAadObjectId: PERSONAS.mentee.aadObjectId })).body["code"], "MENTOR_IS_MENTEE");
      assert.deepEqual((await call(karen, "POST", `/api/tab/mentorships/${id}/mentor`, { mentorAadObjectId: PERSONAS.mentor.aadObjectId })).body["code"], "NO_CHANGES");
      const changed = await call(karen, "POST", `/api/tab/mentorships/${id}/mentor`, { mentorAadObjectId: PERSONAS.colleague.aadObjectId });
      assert.deepEqual([changed.status, changed.body["mentorName"]], [200, PERSONAS.colleague.name]);
      await app.coordinator.idle();

      const m = (await app.service.getMentorship(TENANT_ID, id))!;
      assert.equal(m.mentor.aadObjectId, PERSONAS.colleague.aadObjectId);
      assert.deepEqual(m.formerMentors?.map((f) => f.person.aadObjectId), [PERSONAS.mentor.aadObjectId], "the history stays with the mentorship");
      assert.equal(m.agreement.lockedAt !== null, true);
      const plan = m.meetingPlan!;
      assert.deepEqual([plan.version, plan.status], [firstBooking.version + 1, "booked"]);

      // The calendar: the remaining meetings booked in the new mentor's calendar, the old series cancelled in the former's.
      const rebooking = calendar.bookings.at(-1)!;
      assert.equal(rebooking.organizer.aadObjectId, PERSONAS.colleague.aadObjectId);
      assert.equal(rebooking.attendee.aadObjectId, PERSONAS.mentee.aadObjectId);
      const rebooked = rebooking.series.flatMap((s) => s.occurrences.map((d) => zonedToUtc(d, s.time, s.timeZone).getTime()));
      assert.ok(rebooked.length > 0 && rebooked.every((t) => t > now.getTime()), "only meetings still to come");
      assert.ok(rebooked.includes(new Date(second.startUtc).getTime()), "the next meeting is among them");
      assert.deepEqual(
        calendar.cancelled.map((c) => c.organizer),
        firstBooking.booked.map(() => PERSONAS.mentor.aadObjectId),
      );
      assert.deepEqual(calendar.cancelled.map((c) => c.eventId).sort(), firstBooking.booked.map((b) => b.eventId).sort());

      // The meetings: the held one keeps its agenda, the next one is still planned under its key.
      const after = await app.meetings.meetings(TENANT_ID, id);
      const firstAfter = after.find((x) => x.key === first.key);
      assert.equal(firstAfter?.status, "held");
      assert.equal(firstAfter?.agenda.theme, CANARY);
      assert.equal(after.find((x) => x.key === second.key)?.status, "planned");

      // "My mentorship": the new mentor sees it, the former mentor no longer does; no canary reaches the coordinator.
      const newMine = (await call(PERSONAS.colleague.aadObjectId, "GET", "/api/tab/my")).body as { mentorships: { mentorshipId: string; role: string }[] };
      assert.deepEqual(newMine.mentorships.map((x) => [x.mentorshipId, x.role]), [[id, "mentor"]]);
      assert.deepEqual((await call(PERSONAS.mentor.aadObjectId, "GET", "/api/tab/my")).body["mentorships"], []);
      // Issue 9, item 17: the former mentor is told whose mentor they were and until when, and nothing of the content.
      const formerBody = (await call(PERSONAS.mentor.aadObjectId, "GET", "/api/tab/my")).body;
      assert.deepEqual(formerBody["formerly"], [{ menteeName: PERSONAS.mentee.name, programme: m.programme, until: m.formerMentors![0]!.until, timeZone: "Europe/Oslo" }]);
      const formerJson = JSON.stringify(formerBody);
      assert.ok(!formerJson.includes(CANARY), "no agenda text");
      for (const text of [m.agreement.fields.purpose, m.unit].filter((x) => x.length > 0)) assert.ok(!formerJson.includes(text), "no agreement text, no unit");
      assert.equal((await call(PERSONAS.colleague.aadObjectId, "GET", "/api/tab/my")).body["formerly"], undefined, "the new mentor was no one's former mentor");
      const rows = await call(karen, "GET", "/api/tab/overview");
      assert.ok(!JSON.stringify(rows.body).includes(CANARY));
      assert.equal((rows.body as { rows: { mentorName: string; awaitingChat: boolean }[] }).rows[0]?.mentorName, PERSONAS.colleague.name);
    } finally {
      await new Promise<void>((resolve) => app.server.close(() => resolve()));
    }
  });
});
