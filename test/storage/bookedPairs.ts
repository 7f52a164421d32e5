/**
 * Booked pairs for the scheduler's tests and bench: made through the real use cases (setup card,
 * both accept, the mentor books) against Table Storage with the local calendar, so the meetings and
 * their jobs are exactly what production stores. The chat's conversation reference points at
 * `serviceUrl` (a loopback Bot Connector), so an app started on the same table posts there.
 */
import assert from "node:assert/strict";
import { LocalCalendar } from "../../src/adapters/tables/localCalendar";
import { TableJobStore } from "../../src/adapters/tables/tableJobStore";
import { TableMentorshipStore } from "../../src/adapters/tables/tableStore";
import type { Actor, Member } from "../../src/app/actor";
import { MeetingService } from "../../src/app/meetings/meetingService";
import { MentorshipService } from "../../src/app/setup/mentorshipService";
import type { Meeting } from "../../src/domain/meetings";
import { silentLogger } from "../../src/log";
import type { Clock } from "../../src/ports/clock";
import { TENANT } from "../support/fixtures";

/** Kristiansand, first working day Monday 2027-01-04, booked on Monday 2027-01-11: Tuesdays 10:00, the first meeting 2027-01-19 09:00Z. */
export const BOOKED_AT = Date.parse("2027-01-11T08:00:00.000Z");
export const FIRST_MEETING = Date.parse("2027-01-19T09:00:00.000Z");
export const LEAD_HOURS = 24;

export interface BookedPair {
  readonly mentorshipId: string;
  readonly conversationId: string;
  readonly meetings: Meeting[];
}

const member = (role: string, i: number): Member => {
  const hex = i.toString(16).padStart(12, "0");
  return { aadObjectId: `${role === "mentor" ? "11111111" : "22222222"}-0000-4000-8000-${hex}`, name: role === "mentor" ? `Mette ${i}` : `Niels ${i}`, channelUserId: `29:${role}-${i}` };
};

export async function bookPairs(o: { connectionString: string; tableName: string; serviceUrl: string; count: number; clock?: Clock; concurrency?: number }): Promise<BookedPair[]> {
  const clock = o.clock ?? { now: () => new Date(BOOKED_AT) };
  const store = TableMentorshipStore.fromConnectionString(o.connectionString, o.tableName);
  await store.ensureTable();
  const jobs = TableJobStore.fromConnectionString(o.connectionString, `${o.tableName}jobs`);
  await jobs.ensureTable();
  const service = new MentorshipService({ store, clock });
  const meetings = new MeetingService({
    store,
    calendar: LocalCalendar.fromConnectionString(o.connectionString, o.tableName),
    jobs,
    clock,
    log: silentLogger,
    directory: async () => null,
    texts: () => ({ subject: "Mentor meeting", bodyHtml: "<p>Mentor meeting</p>" }),
    // Only the booking runs here; what it would post is not wanted.
    chat: { post: async () => true, replace: async () => true },
  });

  const one = async (i: number): Promise<BookedPair> => {
    const mentor = member("mentor", i);
    const mentee = member("mentee", i);
    const as = (m: Member): Actor => ({ ...m, tenantId: TENANT, language: "da" });
    const conversationId = `19:bench-pair-${i}@thread.v2`;
    const conv = {
      tenantId: TENANT,
      conversationId,
      conversationType: "groupChat" as const,
      reference: { channelId: "msteams", serviceUrl: o.serviceUrl, conversation: { id: conversationId, conversationType: "groupChat", tenantId: TENANT, isGroup: true }, bot: { id: "28:mentor-bot" } },
    };
    const setup = await service.beginSetup(as(mentor), conv, [mentor, mentee]);
    assert.ok(setup.ok);
    const created = await service.completeSetup(as(mentor), conv, { setupId: setup.value.setupId, programme: "kristiansand", firstWorkingDay: "2027-01-04", unit: "Vågsbygd", language: "da" }, [mentor, mentee]);
    assert.ok(created.ok, created.ok ? "" : created.error.code);
    const id = created.value.id;
    assert.ok((await service.markAgreementPosted(TENANT, id)).ok);
    assert.ok((await service.acceptAgreement(as(mentee), id, 1)).ok);
    assert.ok((await service.acceptAgreement(as(mentor), id, 1)).ok);
    const { result, done } = await meetings.book(as(mentor), id, { weekday: 2, time: "10:00", minutes: 45 }, LEAD_HOURS);
    assert.ok(result.ok);
    await done;
    const booked = await meetings.meetings(TENANT, id);
    assert.equal(booked[0]?.startUtc, new Date(FIRST_MEETING).toISOString());
    return { mentorshipId: id, conversationId, meetings: booked };
  };

  const out: BookedPair[] = new Array(o.count);
  let next = 0;
  const worker = async () => {
    while (next < o.count) {
      const i = next++;
      out[i] = await one(i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency ?? 1, o.count)) }, worker));
  return out;
}
