import assert from "node:assert/strict";
import { TableClient } from "@azure/data-tables";
import { t } from "../../src/i18n";
import type { LogFields, Logger } from "../../src/log";
import { type BookingRequest, CalendarError, type CalendarPort } from "../../src/ports/calendar";
import type { MentorshipStore } from "../../src/ports/store";
import { TENANT, mentee, mentor } from "../support/fixtures";
import { type Chat, agreedPair, botHarness, cardText } from "./harness";
import { stoppableAzurite } from "./outage";

type H = Awaited<ReturnType<typeof botHarness>>;
const lang = "da" as const;
const plan = (mentorshipId: string, weekday: string, time: string) => ({ mentorshipId, weekday, time, minutes: "45", leadHours: "24" });

function recordingLog(): Logger & { lines: { level: string; event: string; fields: LogFields }[] } {
  const lines: { level: string; event: string; fields: LogFields }[] = [];
  const at = (level: string) => (event: string, fields: LogFields = {}) => void lines.push({ level, event, fields });
  return { lines, info: at("info"), warn: at("warn"), error: at("error") };
}


/** The ids of the jobs in the job table that have not run yet. */
async function pendingJobIds(h: H): Promise<Set<string>> {
  const client = TableClient.fromConnectionString(h.connectionString, `${h.tableName}jobs`, { allowInsecureConnection: true });
  const ids = new Set<string>();
  for await (const row of client.listEntities<{ jobId: string; doneAt?: string }>()) if (row.rowKey?.startsWith("id|") && !row.doneAt) ids.add(row.jobId);
  return ids;
}

/** Every meeting still to come has its agenda, point-1 and held-check job. */
async function assertMeetingJobs(h: H, mentorshipId: string): Promise<void> {
  const ids = await pendingJobIds(h);
  const upcoming = (await h.meetings.meetings(TENANT, mentorshipId)).filter((x) => x.status === "planned");
  assert.ok(upcoming.length > 0);
  for (const x of upcoming) {
    for (const kind of ["agenda.post", "reminder.pointOne", "reminder.heldCheck"]) {
      assert.ok(ids.has(`${TENANT}:${mentorshipId}:${kind}:${x.key}`), `${kind} for ${x.key}`);
    }
  }
}

const bookingCards = (h: H) => h.notifier.sent.filter((s) => s.card && (cardText(s.card).includes(t(lang, "booked.title")) || cardText(s.card).includes(t(lang, "booking.failedTitle"))));

describe("A booked plan always gets its follow-ups (meeting jobs, booking card, superseded series)", function () {
  this.timeout(60000);

  it("Graph throttled only on the organizer lookup after a new regular time: the follow-ups are retried by their job until all meeting jobs exist, the old series are cancelled, the booking card is posted once", async () => {
    let now = new Date("2027-01-11T08:00:00Z");
    const throttle = { armed: false, left: 2 };
    const books: BookingRequest[] = [];
    const cancelled: string[] = [];
    const log = recordingLog();
    const h = await botHarness({
      now: () => now,
      log,
      // The calendar itself answers; only the directory lookup Graph throttles, once the second plan is booked.
      directory: async () => {
        if (throttle.armed && throttle.left-- > 0) throw new CalendarError("THROTTLED", true);
        return null;
      },
      calendar: (local): CalendarPort => ({
        ...local,
        book: async (request) => {
          books.push(request);
          const r = await local.book(request);
          if (request.planVersion === 2) throttle.armed = true;
          return r;
        },
        cancelSeries: async (tenantId, organizer, id, c) => {
          cancelled.push(id);
          return local.cancelSeries(tenantId, organizer, id, c);
        },
        moveOccurrence: (ref, to) => local.moveOccurrence(ref, to),
        cancelOccurrence: (ref, c) => local.cancelOccurrence(ref, c),
        freeBusy: (r) => local.freeBusy(r),
      }),
    });
    const chat: Chat = { id: "19:followups-throttled@thread.v2", type: "groupChat", members: [mentor, mentee] };
    const id = await agreedPair(h, chat);
    await h.execute(chat, mentor, lang, "plan.book", plan(id, "2", "10:00"));
    await h.bot.idle();
    const first = await h.service.getMentorship(TENANT, id);
    assert.equal(first?.meetingPlan?.status, "booked");
    const oldSeries = first?.meetingPlan?.booked.map((b) => b.eventId) ?? [];
    assert.equal(bookingCards(h).length, 1);

    await h.execute(chat, mentor, lang, "plan.book", plan(id, "4", "13:00"));
    await h.bot.idle();
    assert.equal((await h.service.getMentorship(TENANT, id))?.meetingPlan?.status, "booked");
    // The lookup failed inside the follow-ups: the meeting jobs and the card did not wait for it.
    await assertMeetingJobs(h, id);
    assert.ok(throttle.left < 2, "the throttled lookup was hit");

    for (let i = 0; i < 12 && (await h.service.getMentorship(TENANT, id))?.meetingPlan?.followUpsDoneAt == null; i++) {
      now = new Date(now.getTime() + 10 * 60_000);
      await h.scheduler.tick();
    }
    const m = await h.service.getMentorship(TENANT, id);
    assert.ok(m?.meetingPlan?.followUpsDoneAt, "the follow-ups finished");
    assert.deepEqual([...cancelled].sort(), [...oldSeries].sort(), "the superseded series are cancelled, each once");
    await assertMeetingJobs(h, id);
    assert.equal(books.filter((b) => b.planVersion === 2).length, 1, "booked once");
    assert.equal(bookingCards(h).length, 1, "no second booking card: the first is updated in place");
    const bookingCard = await h.posted.get(TENANT, id, "booking");
    const updated = h.notifier.updates.filter((u) => u.id === bookingCard && cardText(u.card).includes("13:00"));
    assert.ok(updated.length >= 1, "the booking card shows the new time");
    assert.ok(!log.lines.some((l) => l.event === "job.gaveUp"));
  });

  it("storage failing right after the 'booked' save: once it is back, the follow-up job writes the meeting jobs and posts the booking card", async () => {
    const azurite = await stoppableAzurite();
    try {
      let now = new Date("2027-01-11T08:00:00Z");
      const log = recordingLog();
      let stopAfterSave = false;
      const h = await botHarness({
        now: () => now,
        log,
        storage: { connectionString: azurite.connectionString, tableName: "followups" },
        // A real outage at a precise point: Azurite is stopped as soon as the booked plan is stored.
        wrapStore: (inner): MentorshipStore =>
          new Proxy(inner, {
            get(target, prop, receiver) {
              if (prop !== "replacePlannedMeetings") return Reflect.get(target, prop, receiver) as unknown;
              return async (...args: Parameters<MentorshipStore["replacePlannedMeetings"]>) => {
                const saved = await target.replacePlannedMeetings(...args);
                if (stopAfterSave && saved === "saved") {
                  stopAfterSave = false;
                  await azurite.stop();
                }
                return saved;
              };
            },
          }),
      });
      const chat: Chat = { id: "19:followups-outage@thread.v2", type: "groupChat", members: [mentor, mentee] };
      const id = await agreedPair(h, chat);
      stopAfterSave = true;
      await h.execute(chat, mentor, lang, "plan.book", plan(id, "2", "10:00"));
      await h.bot.idle();
      assert.equal(bookingCards(h).length, 0, "nothing could be posted while storage was down");
      const failed = log.lines.find((l) => l.event === "background.failed");
      assert.ok(failed, "the failure is logged");
      assert.equal(failed.fields["mentorshipId"], id, "with the mentorship's id");

      await azurite.start();
      for (let i = 0; i < 6 && bookingCards(h).length === 0; i++) {
        now = new Date(now.getTime() + 3 * 60_000);
        await h.scheduler.tick();
      }
      const m = await h.service.getMentorship(TENANT, id);
      assert.equal(m?.meetingPlan?.status, "booked");
      assert.ok(m?.meetingPlan?.followUpsDoneAt, "the follow-ups finished");
      assert.equal(bookingCards(h).length, 1, "the booking card is posted once");
      assert.ok(cardText(bookingCards(h)[0]?.card).includes(t(lang, "booked.title")));
      assert.equal(await h.posted.get(TENANT, id, "booking"), bookingCards(h)[0]?.id);
      await assertMeetingJobs(h, id);
    } finally {
      await azurite.dispose();
    }
  });
});
