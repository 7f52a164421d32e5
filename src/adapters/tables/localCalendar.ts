import { type TableClient, odata } from "@azure/data-tables";
import { isStatus, tableClientFor } from "./tableClient";
import {
  type BookedEvent,
  type CalendarRecords,
  type BookingRequest,
  type BookingResult,
  CalendarError,
  type CalendarPerson,
  type CalendarPort,
  type EndSeriesRequest,
  type EndSeriesResult,
  type EventBookingRequest,
  type EventCalendar,
  type FreeBusy,
  type OccurrenceRef,
  type SeriesEndOutcome,
} from "../../ports/calendar";

/**
 * The calendar when no Microsoft 365 tenant is connected (the embedded default): the same series
 * are kept in Table Storage, and the pair imports them through the .ics feed. Booking is
 * idempotent like Graph's transactionId: a series row per (mentorship, plan version, series).
 */
interface SeriesRow extends Record<string, unknown> {
  partitionKey: string;
  rowKey: string;
  json: string;
}

/** What a series row holds: the series as booked, and how it ended early (the mentorship closed). */
interface SeriesJson {
  readonly eventId: string;
  readonly organizer: string;
  readonly cancelled?: boolean;
  /** The original date of the last occurrence kept: the series' range ends there. */
  readonly endsAfter?: string;
}

const seriesRowKey = (mentorshipId: string, planVersion: number, key: string) => `cal|${mentorshipId}|${String(planVersion).padStart(4, "0")}|${key}`;

/** The row of a series from its event id (`local:{mentorship}:{plan version}:{series key}`, made by book); null for an id it never made. */
function rowKeyOf(eventId: string): string | null {
  const m = /^local:(.+):(\d{1,9}):([^:]+)$/.exec(eventId);
  return m ? seriesRowKey(m[1] as string, Number(m[2]), m[3] as string) : null;
}

/** A leader talk's row (`cal|talk|{mentorship}|{key}`): the event as booked, for the leader's .ics. */
const talkRowKey = (mentorshipId: string, key: string) => `cal|talk|${mentorshipId}|${key}`;

export class LocalCalendar implements CalendarPort, EventCalendar, CalendarRecords {
  constructor(private readonly client: TableClient) {}

  static fromConnectionString(connectionString: string, tableName: string): LocalCalendar {
    return new LocalCalendar(tableClientFor(connectionString, tableName));
  }

  async book(request: BookingRequest): Promise<BookingResult> {
    const rows = request.series.map((s) => {
      const eventId = `local:${request.mentorshipId}:${request.planVersion}:${s.key}`;
      const row: SeriesRow = {
        partitionKey: request.tenantId,
        rowKey: seriesRowKey(request.mentorshipId, request.planVersion, s.key),
        json: JSON.stringify({ eventId, organizer: request.organizer.aadObjectId, series: s }),
      };
      return { row, result: { key: s.key, eventId, joinUrl: null } };
    });
    // All series in one transaction (one partition, a handful of rows). A repeat of the same
    // booking finds them there (409 fails the whole transaction): then row by row, where 409 is fine.
    try {
      await this.client.submitTransaction(rows.map(({ row }) => ["create", row] as const));
      return { series: rows.map((r) => r.result), roundTrips: 1, requests: 1 };
    } catch (err) {
      if (!isStatus(err, 409)) throw new CalendarError("UNAVAILABLE", true);
    }
    for (const { row } of rows) {
      try {
        await this.client.createEntity<SeriesRow>(row);
      } catch (err) {
        if (!isStatus(err, 409)) throw new CalendarError("UNAVAILABLE", true); // 409: booked before, which is fine
      }
    }
    return { series: rows.map((r) => r.result), roundTrips: 1 + rows.length, requests: 1 + rows.length };
  }

  /** A leader talk kept in Table Storage: one row per (mentorship, talk); a repeat finds it there. */
  async bookEvent(request: EventBookingRequest): Promise<BookedEvent> {
    const eventId = `local:talk:${request.mentorshipId}:${request.key}`;
    const json = JSON.stringify({ eventId, organizer: request.organizer.aadObjectId, subject: request.subject, date: request.date, time: request.time, minutes: request.minutes, timeZone: request.timeZone });
    try {
      await this.client.createEntity<SeriesRow>({ partitionKey: request.tenantId, rowKey: talkRowKey(request.mentorshipId, request.key), json });
    } catch (err) {
      if (!isStatus(err, 409)) throw new CalendarError("UNAVAILABLE", true); // 409: booked before, which is fine
    }
    return { eventId, joinUrl: null };
  }

  async rewriteRecords(tenantId: string, mentorshipId: string, rewrite: (record: Readonly<Record<string, unknown>>) => Record<string, unknown>): Promise<void> {
    for (const prefix of [`cal|${mentorshipId}|`, talkRowKey(mentorshipId, ""), `cal|x|local:${mentorshipId}:`]) {
      const rows = this.client.listEntities<SeriesRow>({ queryOptions: { filter: odata`PartitionKey eq ${tenantId} and RowKey ge ${prefix} and RowKey lt ${prefix + "\uffff"}` } });
      for await (const row of rows) {
        const before = JSON.parse(row.json) as Record<string, unknown>;
        const json = JSON.stringify(rewrite(before));
        if (json === row.json) continue;
        // Conditional on what was read: a booking that changed the row meanwhile wins, and the erasure is asked again.
        await this.client.updateEntity<SeriesRow>({ partitionKey: tenantId, rowKey: row.rowKey, json }, "Replace", { etag: row.etag as string });
      }
    }
  }

  /** The leader talks booked for a mentorship (the leader's .ics feed). */
  async talksOf(tenantId: string, mentorshipId: string): Promise<{ eventId: string; organizer: string; subject: string; date: string; time: string; minutes: number; timeZone: string }[]> {
    const out = [];
    const prefix = talkRowKey(mentorshipId, "");
    const rows = this.client.listEntities<SeriesRow>({ queryOptions: { filter: odata`PartitionKey eq ${tenantId} and RowKey ge ${prefix} and RowKey lt ${prefix + "\uffff"}` } });
    for await (const row of rows) out.push(JSON.parse(row.json));
    return out;
  }

  private async record(ref: OccurrenceRef, change: object): Promise<void> {
    const rowKey = `cal|x|${ref.seriesEventId}|${ref.date}`;
    try {
      const existing = await this.client.getEntity<SeriesRow>(ref.tenantId, rowKey);
      await this.client.updateEntity<SeriesRow>({ partitionKey: ref.tenantId, rowKey, json: JSON.stringify(change) }, "Replace", { etag: existing.etag });
    } catch (err) {
      if (!isStatus(err, 404)) throw new CalendarError("UNAVAILABLE", true);
      await this.client.createEntity<SeriesRow>({ partitionKey: ref.tenantId, rowKey, json: JSON.stringify(change) });
    }
  }

  async moveOccurrence(ref: OccurrenceRef, to: { date: string; time: string; minutes: number }): Promise<void> {
    await this.record(ref, { action: "move", to });
  }

  async cancelOccurrence(ref: OccurrenceRef): Promise<void> {
    await this.record(ref, { action: "cancel" });
  }

  async cancelSeries(tenantId: string, _organizer: CalendarPerson, seriesEventId: string): Promise<void> {
    const rows = this.client.listEntities<SeriesRow>({ queryOptions: { filter: odata`PartitionKey eq ${tenantId} and RowKey ge ${"cal|"} and RowKey lt ${"cal}"}` } });
    for await (const row of rows) {
      if (row.json.includes(JSON.stringify(seriesEventId))) {
        await this.client.updateEntity<SeriesRow>({ partitionKey: tenantId, rowKey: row.rowKey, json: JSON.stringify({ ...JSON.parse(row.json), cancelled: true }) }, "Replace", { etag: row.etag });
      }
    }
  }

  /** One conditional row write per series that still needs ending; a series already ended there is left alone. */
  async endSeries(request: EndSeriesRequest): Promise<EndSeriesResult> {
    const out: { seriesEventId: string; outcome: SeriesEndOutcome }[] = [];
    let requests = 0;
    for (const s of request.series) {
      const rowKey = rowKeyOf(s.seriesEventId);
      let row: SeriesRow & { etag: string };
      try {
        requests += 1;
        if (!rowKey) throw Object.assign(new Error("not a local series"), { statusCode: 404 });
        row = await this.client.getEntity<SeriesRow>(request.tenantId, rowKey);
      } catch (err) {
        if (isStatus(err, 404) || !rowKey) {
          out.push({ seriesEventId: s.seriesEventId, outcome: "gone" });
          continue;
        }
        throw new CalendarError("UNAVAILABLE", true);
      }
      const json = JSON.parse(row.json) as SeriesJson;
      let outcome: SeriesEndOutcome;
      let next: SeriesJson | null = null;
      if (json.cancelled) outcome = "gone";
      else if (s.lastKept === null) [outcome, next] = ["cancelled", { ...json, cancelled: true }];
      else if (json.endsAfter !== undefined && json.endsAfter <= s.lastKept) outcome = "unchanged";
      else [outcome, next] = ["ended", { ...json, endsAfter: s.lastKept }];
      if (next) {
        try {
          requests += 1;
          await this.client.updateEntity<SeriesRow>({ partitionKey: request.tenantId, rowKey: row.rowKey, json: JSON.stringify(next) }, "Replace", { etag: row.etag });
        } catch {
          // A 412 is someone else ending it at the same time: the repeat reads it again.
          throw new CalendarError("UNAVAILABLE", true);
        }
      }
      out.push({ seriesEventId: s.seriesEventId, outcome });
    }
    return { series: out, roundTrips: requests, requests };
  }

  /** There is no one's free/busy to read without Microsoft 365. */
  async freeBusy(): Promise<FreeBusy[]> {
    throw new CalendarError("UNAVAILABLE", false);
  }
}
