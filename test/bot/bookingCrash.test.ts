import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { TableClient } from "@azure/data-tables";
import { BOOKING_LEASE_MS, bookingLapsed, resumeBooking, retryBooking } from "../../src/domain/meetings";
import { t } from "../../src/i18n";
import { freshStore } from "../support/azurite";
import { TENANT, mentee, mentor } from "../support/fixtures";
import { type Chat, agreedPair, botHarness, cardText } from "./harness";

type H = Awaited<ReturnType<typeof botHarness>>;
const lang = "da" as const;
const T0 = new Date("2027-01-11T08:00:00Z");
const WORKER = path.join(__dirname, "booking.worker.ts");


/** Runs the real app in a child process that books, and kills it (SIGKILL) when the booking reaches `killAt`. */
async function bookAndKill(storage: { connectionString: string; tableName: string }, mentorshipId: string, killAt: "before" | "after"): Promise<void> {
  const child = spawn(process.execPath, ["--import", "tsx", WORKER, storage.connectionString, storage.tableName, mentorshipId, killAt, T0.toISOString()], {
    cwd: path.join(__dirname, "../.."),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => {
      if (d.toString().includes(killAt)) resolve();
    });
    void exited.then(({ code }) => reject(new Error(`worker exited (${code}) before '${killAt}': ${stderr}`)));
  });
  child.kill("SIGKILL");
  assert.equal((await exited).signal, "SIGKILL");
}

/** The series the local calendar holds for a mentorship (one row per plan version and series). */
async function calendarSeries(storage: { connectionString: string; tableName: string }, mentorshipId: string): Promise<string[]> {
  const client = TableClient.fromConnectionString(storage.connectionString, storage.tableName, { allowInsecureConnection: true });
  const keys: string[] = [];
  for await (const row of client.listEntities()) if (row.rowKey?.startsWith(`cal|${mentorshipId}|`)) keys.push(row.rowKey);
  return keys;
}

const bookedCards = (h: H) => h.notifier.sent.filter((s) => s.card && cardText(s.card).includes(t(lang, "booked.title")));

describe("A booking killed mid-way ends after a restart (kill -9 of the real app in a child process)", function () {
  this.timeout(60000);

  it("killed after the calendar ran the booking: after the lease, the resume job finishes it — booked, no duplicate series, the pair told once", async () => {
    const { connectionString, tableName } = await freshStore();
    const storage = { connectionString, tableName };
    const chat: Chat = { id: "19:crash-after@thread.v2", type: "groupChat", members: [mentor, mentee] };
    const id = await agreedPair(await botHarness({ now: () => T0, storage }), chat);

    await bookAndKill(storage, id, "after");
    assert.equal((await calendarSeries(storage, id)).length, 3, "the calendar holds the three series");

    // A fresh app on the same table, its clock past the booking's lease.
    let now = new Date(T0.getTime() + BOOKING_LEASE_MS - 60_000);
    const h = await botHarness({ now: () => now, storage });
    const stuck = await h.service.getMentorship(TENANT, id);
    assert.equal(stuck?.meetingPlan?.status, "booking", "left behind by the killed process");
    await h.scheduler.tick();
    assert.equal((await h.service.getMentorship(TENANT, id))?.meetingPlan?.status, "booking", "not taken over while the lease holds");

    now = new Date(T0.getTime() + BOOKING_LEASE_MS + 60_000);
    await h.scheduler.tick();
    await h.bot.idle();
    const m = await h.service.getMentorship(TENANT, id);
    assert.equal(m?.meetingPlan?.status, "booked");
    assert.equal(m?.meetingPlan?.version, 1, "the same plan version: the same transactionIds");
    assert.equal((await calendarSeries(storage, id)).length, 3, "no duplicate series");
    assert.equal((await h.meetings.meetings(TENANT, id)).length, 18);
    assert.equal(bookedCards(h).length, 1, "the pair is told");
    const planCard = await h.posted.get(TENANT, id, "plan");
    assert.ok(planCard && h.notifier.updates.some((u) => u.id === planCard), "the plan card no longer says 'Booking the meetings…'");
  });

  it("killed before the calendar ran it: once the lease has lapsed Try again is accepted and books it; the resume job then finds nothing left to do", async () => {
    const { connectionString, tableName } = await freshStore();
    const storage = { connectionString, tableName };
    const chat: Chat = { id: "19:crash-before@thread.v2", type: "groupChat", members: [mentor, mentee] };
    const id = await agreedPair(await botHarness({ now: () => T0, storage }), chat);

    await bookAndKill(storage, id, "before");
    assert.equal((await calendarSeries(storage, id)).length, 0, "nothing booked yet");

    let now = new Date(T0.getTime() + 60_000);
    const h = await botHarness({ now: () => now, storage });
    const early = await h.execute(chat, mentee, lang, "plan.retry", { mentorshipId: id });
    assert.equal(early.response?.body.value, t(lang, "error.BOOKING_IN_PROGRESS"), "while the lease holds, the booking is in progress");

    now = new Date(T0.getTime() + BOOKING_LEASE_MS + 60_000);
    const retried = await h.execute(chat, mentee, lang, "plan.retry", { mentorshipId: id });
    assert.ok(cardText(retried.response?.body.value).includes(t(lang, "plan.booking")), JSON.stringify(retried.response?.body.value).slice(0, 200));
    await h.bot.idle();
    assert.equal((await h.service.getMentorship(TENANT, id))?.meetingPlan?.status, "booked");
    assert.equal(bookedCards(h).length, 1);

    now = new Date(now.getTime() + BOOKING_LEASE_MS + 60_000);
    await h.scheduler.tick();
    await h.bot.idle();
    assert.equal((await calendarSeries(storage, id)).length, 3, "no duplicate series");
    assert.equal(bookedCards(h).length, 1, "told once");
  });
});

describe("A booking's lease (domain)", function () {
  it("a resumed booking whose lease lapses again ends as failed with Try again, which takes a new lease", () => {
    const base = { version: 3, slot: { weekday: 2, time: "10:00", minutes: 45 }, series: [], status: "booking", booked: [], failure: null, agendaLeadHours: 24, plannedAt: T0.toISOString() } as const;
    const first = { ...base, bookingUntil: new Date(T0.getTime() + BOOKING_LEASE_MS).toISOString(), bookingAttempt: 1, bookingResumed: false };
    assert.equal(bookingLapsed(first, T0), false);
    const notYet = resumeBooking(first, T0);
    assert.ok(!notYet.ok && notYet.error.code === "NO_CHANGES", "a lease that holds is left alone");
    const later = new Date(T0.getTime() + BOOKING_LEASE_MS);
    const resumed = resumeBooking(first, later);
    assert.ok(resumed.ok);
    assert.equal(resumed.value.status, "booking");
    assert.equal(resumed.value.bookingAttempt, 2);
    assert.equal(resumed.value.bookingUntil, new Date(later.getTime() + BOOKING_LEASE_MS).toISOString());
    const twice = resumeBooking(resumed.value, new Date(later.getTime() + BOOKING_LEASE_MS));
    assert.ok(twice.ok);
    assert.equal(twice.value.status, "failed");
    assert.equal(twice.value.failure, "INTERRUPTED");
    assert.equal(twice.value.followUpsDoneAt, null, "the pair is still to be told");
    const retried = retryBooking(twice.value, new Date(later.getTime() + BOOKING_LEASE_MS));
    assert.ok(retried.ok);
    assert.equal(retried.value.status, "booking");
    assert.equal(retried.value.version, 3, "the same plan version: the same transactionIds");
    assert.equal(retried.value.bookingResumed, false);
  });
});
