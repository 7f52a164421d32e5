import { type TableClient, odata } from "@azure/data-tables";
import { isStatus, tableClientFor } from "./tableClient";
import {
  type BookingRequest,
  type BookingResult,
  CalendarError,
  type CalendarPerson,
  type CalendarPort,
  type FreeBusy,
  type OccurrenceRef,
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


export class LocalCalendar implements CalendarPort {
  constructor(private readonly client: TableClient) {}

  static fromConnectionString(connectionString: string, tableName: string): LocalCalendar {
    return new LocalCalendar(tableClientFor(connectionString, tableName));
  }

  async book(request: BookingRequest): Promise<BookingResult> {
    const rows = request.series.map((s) => {
      const eventId = `local:${request.mentorshipId}:${request.planVersion}:${s.key}`;
      const row: SeriesRow = {
        partitionKey: request.tenantId,
        rowKey: `cal|${request.mentorshipId}|${String(request.planVersion).padStart(4, "0")}|${s.key}`,
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

  /** There is no one's free/busy to read without Microsoft 365. */
  async freeBusy(): Promise<FreeBusy[]> {
    throw new CalendarError("UNAVAILABLE", false);
  }
}
