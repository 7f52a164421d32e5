/**
 * CalendarPort on Microsoft Graph v1.0: the mentorship's meetings as recurring series in the
 * mentor's (organizer's) calendar, one series per SeriesPlan, with the mentee as a required
 * attendee and a Teams meeting on every occurrence.
 *
 * Round trips for `book`:
 *  1. ONE POST /$batch: every series creation (POST /users/{organizer}/events, each with a
 *     deterministic transactionId so a repeated booking returns the existing series instead of a
 *     duplicate), followed — only when the plan has holiday exceptions — by one GET
 *     /users/{organizer}/calendarView per exception, covering the original date (and the target of
 *     a move). Graph's batches are either fully parallel or fully sequential, so with exceptions
 *     every item depends on the one before it (creations first, then the views).
 *  2. Only with exceptions: ONE POST /$batch of PATCH (move: new start/end) and POST …/cancel,
 *     addressed by the occurrence ids found in step 1 (matched by seriesMasterId and original date).
 * More than 20 items are sent in chunks (one extra round trip per chunk); throttled items are
 * re-sent (see GraphConnection.batch). Re-running the exception step is harmless: an occurrence
 * already at its target, or one already cancelled (absent from the view), needs nothing.
 */
import { createHash } from "node:crypto";
import type { SeriesException, SeriesPlan } from "../../domain/cadence";
import { addDays, zonedToUtc } from "../../domain/calendarMath";
import {
  type BookedSeries,
  type BookingRequest,
  type BookingResult,
  CalendarError,
  type CalendarPerson,
  type CalendarPort,
  type FreeBusy,
  type FreeBusyRequest,
  type OccurrenceRef,
} from "../../ports/calendar";
import { type BatchItem, type BatchOutcome, GraphConnection, type GraphConnectionOptions, type RequestStats, newStats, query, seg } from "./graphConnection";
import { type SupportedIanaZone, addMinutesWallClock, graphDateTime, instantOf, localOf, windowsZone } from "./timeZones";

export type GraphCalendarOptions = GraphConnectionOptions & {
  /**
   * Whether attendees may propose a new time. Default false: the app owns the plan and moves
   * occurrences itself (moveOccurrence), so a proposal accepted in Outlook would drift from it.
   */
  readonly allowNewTimeProposals?: boolean;
};

/**
 * A transactionId for one series of one plan version: a name-based, UUID-shaped SHA-256 digest of
 * tenantId|mentorshipId|planVersion|seriesKey (version nibble 5, RFC 4122 variant). Same input,
 * same id, on every machine and every retry.
 */
export function seriesTransactionId(tenantId: string, mentorshipId: string, planVersion: number, seriesKey: string): string {
  const bytes = createHash("sha256").update(`${tenantId}|${mentorshipId}|${planVersion}|${seriesKey}`, "utf8").digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The POST /users/{id}/events body for one series. */
export function seriesEventBody(request: BookingRequest, plan: SeriesPlan, allowNewTimeProposals = false): Record<string, unknown> {
  const zone = windowsZone(plan.timeZone);
  const first = plan.occurrences[0] ?? plan.range.startDate;
  const end = addMinutesWallClock(first, plan.time, plan.minutes);
  const pattern =
    plan.pattern.type === "weekly"
      ? { type: "weekly", interval: plan.pattern.interval, daysOfWeek: [...plan.pattern.daysOfWeek], firstDayOfWeek: "monday" }
      : { type: "relativeMonthly", interval: plan.pattern.interval, daysOfWeek: [...plan.pattern.daysOfWeek], index: plan.pattern.index };
  return {
    subject: request.subject,
    body: { contentType: "html", content: request.bodyHtml },
    start: graphDateTime(first, plan.time, zone),
    end: graphDateTime(end.date, end.time, zone),
    recurrence: {
      pattern,
      range: { type: "numbered", startDate: plan.range.startDate, numberOfOccurrences: plan.range.numberOfOccurrences, recurrenceTimeZone: zone },
    },
    attendees: [{ emailAddress: { address: request.attendee.email, name: request.attendee.name }, type: "required" }],
    isOnlineMeeting: true,
    onlineMeetingProvider: "teamsForBusiness",
    allowNewTimeProposals,
    transactionId: seriesTransactionId(request.tenantId, request.mentorshipId, request.planVersion, plan.key),
  };
}

/** An occurrence as Graph lists it (the fields we $select). */
interface GraphInstance {
  readonly id?: string;
  readonly seriesMasterId?: string | null;
  readonly type?: string | null;
  readonly start?: { dateTime?: string; timeZone?: string } | null;
  readonly end?: { dateTime?: string; timeZone?: string } | null;
  readonly originalStart?: string | null;
}

interface Page {
  readonly value?: readonly GraphInstance[];
  readonly "@odata.nextLink"?: string;
}

const INSTANCE_FIELDS = "id,seriesMasterId,type,start,end,originalStart";

/** Local midnight of `date` in `zone`, as the ISO instant Graph's startDateTime/endDateTime take. */
const localMidnight = (date: string, zone: SupportedIanaZone): string => zonedToUtc(date, "00:00", zone).toISOString();

/** Where an occurrence sits now, and the date it was planned for, in the programme zone. */
function placeOf(instance: GraphInstance, zone: SupportedIanaZone): { original: string | null; date: string; time: string; minutes: number } | null {
  const start = instantOf(instance.start);
  if (!start) return null;
  const end = instantOf(instance.end);
  const now = localOf(start, zone);
  const original = instance.originalStart ? new Date(instance.originalStart) : null;
  return {
    original: original && Number.isFinite(original.getTime()) ? localOf(original, zone).date : null,
    date: now.date,
    time: now.time,
    minutes: end ? Math.round((end.getTime() - start.getTime()) / 60000) : -1,
  };
}

/** The occurrence of `seriesId` planned for `date`: by originalStart when Graph gives it, else by where it is now. */
function findOccurrence(instances: readonly GraphInstance[], seriesId: string | null, date: string, zone: SupportedIanaZone): GraphInstance | undefined {
  const candidates = instances.filter((i) => typeof i.id === "string" && (seriesId === null || i.seriesMasterId === seriesId) && i.type !== "seriesMaster");
  return (
    candidates.find((i) => placeOf(i, zone)?.original === date) ??
    candidates.find((i) => {
      const p = placeOf(i, zone);
      return p !== null && p.original === null && p.date === date;
    })
  );
}

const OK = (status: number) => status >= 200 && status < 300;

export class GraphCalendar implements CalendarPort {
  private readonly graph: GraphConnection;
  private readonly allowNewTimeProposals: boolean;

  constructor(options: GraphCalendarOptions) {
    this.graph = new GraphConnection(options);
    this.allowNewTimeProposals = options.allowNewTimeProposals ?? false;
  }

  async book(request: BookingRequest): Promise<BookingResult> {
    this.graph.assertTenant(request.tenantId);
    const stats = newStats();
    if (request.series.length === 0) return { series: [], roundTrips: 0, requests: 0 };
    const organizer = seg(request.organizer.aadObjectId);

    // Round trip 1: the creations, then one calendar view per exception.
    const creations: BatchItem[] = request.series.map((plan, i) => ({
      id: `create-${i}`,
      method: "POST",
      url: `/users/${organizer}/events`,
      body: seriesEventBody(request, plan, this.allowNewTimeProposals),
    }));
    const views: { item: BatchItem; series: number; exception: SeriesException }[] = [];
    request.series.forEach((plan, i) => {
      plan.exceptions.forEach((exception, j) => {
        const dates = exception.action === "move" ? [exception.date, exception.to].sort() : [exception.date];
        const from = localMidnight(dates[0] as string, plan.timeZone);
        const to = localMidnight(addDays(dates[dates.length - 1] as string, 1), plan.timeZone);
        const url = `/users/${organizer}/calendarView?${query([
          ["startDateTime", from],
          ["endDateTime", to],
          ["$select", INSTANCE_FIELDS],
          ["$top", 100],
        ])}`;
        views.push({ item: { id: `view-${i}-${j}`, method: "GET", url }, series: i, exception });
      });
    });
    const first = await this.graph.batch("book", [...creations, ...views.map((v) => v.item)], views.length > 0 ? "sequential" : "parallel", stats);

    const outcomes = creations.map((c) => first.get(c.id) as BatchOutcome);
    if (outcomes.some((o) => !OK(o.status))) throw this.graph.failureOf("book.create", outcomes);
    const booked: BookedSeries[] = request.series.map((plan, i) => {
      const event = outcomes[i]?.body as { id?: unknown; onlineMeeting?: { joinUrl?: unknown } | null } | null;
      if (typeof event?.id !== "string") throw new CalendarError("UNAVAILABLE", true);
      const joinUrl = event.onlineMeeting?.joinUrl;
      return { key: plan.key, eventId: event.id, joinUrl: typeof joinUrl === "string" ? joinUrl : null };
    });

    // Round trip 2: move or cancel the holiday occurrences that are not settled yet.
    const changes: BatchItem[] = [];
    const cancels = new Set<string>();
    for (const view of views) {
      const plan = request.series[view.series] as SeriesPlan;
      const seriesId = (booked[view.series] as BookedSeries).eventId;
      const outcome = first.get(view.item.id) as BatchOutcome;
      if (!OK(outcome.status)) throw this.graph.failureOf("book.view", [outcome]);
      const occurrence = await this.searchPages(outcome.body as Page, (page) => findOccurrence(page, seriesId, view.exception.date, plan.timeZone), stats);
      if (!occurrence?.id) continue; // cancelled already (or moved out of reach by someone else): nothing to do
      const id = `${view.exception.action}-${view.series}-${view.exception.date}`;
      const url = `/users/${organizer}/events/${seg(occurrence.id)}`;
      if (view.exception.action === "cancel") {
        changes.push({ id, method: "POST", url: `${url}/cancel`, body: {} });
        cancels.add(id);
        continue;
      }
      const place = placeOf(occurrence, plan.timeZone);
      if (place && place.date === view.exception.to && place.time === plan.time && place.minutes === plan.minutes) continue; // moved already
      const zone = windowsZone(plan.timeZone);
      const end = addMinutesWallClock(view.exception.to, plan.time, plan.minutes);
      changes.push({ id, method: "PATCH", url, body: { start: graphDateTime(view.exception.to, plan.time, zone), end: graphDateTime(end.date, end.time, zone) } });
    }
    if (changes.length > 0) {
      const second = await this.graph.batch("book.exceptions", changes, "parallel", stats);
      const failed = changes
        .map((c) => ({ c, o: second.get(c.id) as BatchOutcome }))
        .filter(({ c, o }) => !OK(o.status) && !(cancels.has(c.id) && o.status === 404)); // a cancel finding nothing: already gone
      if (failed.length > 0) throw this.graph.failureOf("book.exceptions", failed.map((f) => f.o));
    }
    return { series: booked, roundTrips: stats.roundTrips, requests: stats.requests };
  }

  async moveOccurrence(ref: OccurrenceRef, to: { readonly date: string; readonly time: string; readonly minutes: number }): Promise<void> {
    this.graph.assertTenant(ref.tenantId);
    const stats = newStats();
    const occurrence = await this.findInstance(ref, stats);
    if (!occurrence?.id) throw new CalendarError("NOT_FOUND", false);
    const place = placeOf(occurrence, ref.timeZone);
    if (place && place.date === to.date && place.time === to.time && place.minutes === to.minutes) return;
    const zone = windowsZone(ref.timeZone);
    const end = addMinutesWallClock(to.date, to.time, to.minutes);
    await this.graph.call("moveOccurrence", "PATCH", `/users/${seg(ref.organizer.aadObjectId)}/events/${seg(occurrence.id)}`, stats, {
      body: { start: graphDateTime(to.date, to.time, zone), end: graphDateTime(end.date, end.time, zone) },
    });
  }

  /** Idempotent: an occurrence that is no longer there counts as cancelled. */
  async cancelOccurrence(ref: OccurrenceRef, comment: string): Promise<void> {
    this.graph.assertTenant(ref.tenantId);
    const stats = newStats();
    const occurrence = await this.findInstance(ref, stats, true);
    if (!occurrence?.id) return;
    await this.cancel("cancelOccurrence", ref.organizer, occurrence.id, comment, stats);
  }

  /** Idempotent: a series that is no longer there counts as cancelled. */
  async cancelSeries(tenantId: string, organizer: CalendarPerson, seriesEventId: string, comment: string): Promise<void> {
    this.graph.assertTenant(tenantId);
    await this.cancel("cancelSeries", organizer, seriesEventId, comment, newStats());
  }

  async freeBusy(request: FreeBusyRequest): Promise<FreeBusy[]> {
    this.graph.assertTenant(request.tenantId);
    if (request.people.length === 0) return [];
    const zone = windowsZone(request.timeZone);
    const local = (iso: string) => {
      const at = new Date(iso);
      if (!Number.isFinite(at.getTime())) throw new CalendarError("BAD_REQUEST", false);
      const l = localOf(at, request.timeZone);
      return graphDateTime(l.date, l.time, zone);
    };
    const response = await this.graph.call<{ value?: { scheduleId?: string; availabilityView?: string | null }[] }>(
      "freeBusy",
      "POST",
      `/users/${seg(request.organizer.aadObjectId)}/calendar/getSchedule`,
      newStats(),
      {
        headers: { Prefer: `outlook.timezone="${zone}"` },
        body: {
          schedules: request.people.map((p) => p.email),
          startTime: local(request.startUtc),
          endTime: local(request.endUtc),
          availabilityViewInterval: request.intervalMinutes,
        },
      },
    );
    const byEmail = new Map((response?.value ?? []).map((v) => [String(v.scheduleId ?? "").toLowerCase(), v.availabilityView ?? ""]));
    return request.people.map((p) => ({ email: p.email, availabilityView: byEmail.get(p.email.toLowerCase()) ?? "" }));
  }

  private async cancel(operation: string, organizer: CalendarPerson, eventId: string, comment: string, stats: RequestStats): Promise<void> {
    await this.graph.call(operation, "POST", `/users/${seg(organizer.aadObjectId)}/events/${seg(eventId)}/cancel`, stats, {
      body: comment ? { comment } : {},
      tolerate: [404],
    });
  }

  /**
   * The series' occurrence planned for ref.date: GET …/events/{series}/instances over the week
   * either side (an occurrence moved earlier stays within its neighbours), matched by originalStart.
   */
  private async findInstance(ref: OccurrenceRef, stats: RequestStats, seriesMayBeGone = false): Promise<GraphInstance | undefined> {
    const path = `/users/${seg(ref.organizer.aadObjectId)}/events/${seg(ref.seriesEventId)}/instances?${query([
      ["startDateTime", localMidnight(addDays(ref.date, -7), ref.timeZone)],
      ["endDateTime", localMidnight(addDays(ref.date, 8), ref.timeZone)],
      ["$select", INSTANCE_FIELDS],
      ["$top", 100],
    ])}`;
    const page = await this.graph.call<Page>("findInstance", "GET", path, stats, seriesMayBeGone ? { tolerate: [404] } : {});
    return this.searchPages(page, (items) => findOccurrence(items, null, ref.date, ref.timeZone), stats);
  }

  /** Looks through a page, and the pages after it (@odata.nextLink), until `find` finds something. */
  private async searchPages(page: Page | null, find: (items: readonly GraphInstance[]) => GraphInstance | undefined, stats: RequestStats): Promise<GraphInstance | undefined> {
    for (let current = page, pages = 0; current && pages < 20; pages++) {
      const hit = find(current.value ?? []);
      if (hit) return hit;
      const next = current["@odata.nextLink"];
      if (!next || !next.startsWith(`${this.graph.serviceRoot}/`)) return undefined;
      current = await this.graph.call<Page>("nextPage", "GET", next, stats);
    }
    return undefined;
  }
}
