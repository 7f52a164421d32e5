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
  type BookedEvent,
  type BookingResult,
  CalendarError,
  type CalendarPerson,
  type CalendarPort,
  type EndSeriesRequest,
  type EndSeriesResult,
  type EventBookingRequest,
  type EventCalendar,
  type FreeBusy,
  type FreeBusyRequest,
  type OccurrenceRef,
  type SeriesEndOutcome,
  type SeriesEnding,
} from "../../ports/calendar";
import { calendarErrorFor } from "./errors";
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

/** The POST /users/{leader}/events body for one leader talk (issue 12): a single Teams meeting. */
export function talkEventBody(request: EventBookingRequest): Record<string, unknown> {
  const zone = windowsZone(request.timeZone);
  const end = addMinutesWallClock(request.date, request.time, request.minutes);
  return {
    subject: request.subject,
    body: { contentType: "html", content: request.bodyHtml },
    start: graphDateTime(request.date, request.time, zone),
    end: graphDateTime(end.date, end.time, zone),
    attendees: request.attendees.map((a) => ({ emailAddress: { address: a.email, name: a.name }, type: "required" })),
    isOnlineMeeting: true,
    onlineMeetingProvider: "teamsForBusiness",
    allowNewTimeProposals: true,
    transactionId: seriesTransactionId(request.tenantId, request.mentorshipId, 0, `leader:${request.organizer.aadObjectId}:${request.key}`),
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

/** A series master as GET …/events/{id}?$select=MASTER_FIELDS returns it. */
interface GraphMaster {
  readonly type?: string | null;
  readonly isCancelled?: boolean | null;
  readonly recurrence?: {
    readonly pattern?: Record<string, unknown> | null;
    readonly range?: { readonly type?: string | null; readonly startDate?: string | null; readonly endDate?: string | null; readonly recurrenceTimeZone?: string | null } | null;
  } | null;
}

const MASTER_FIELDS = "type,isCancelled,recurrence";

/**
 * The recurrencePattern properties each pattern type uses (resources/recurrencepattern.md). Graph
 * answers every property, the unused ones as defaults ("month": 0, "dayOfMonth": 0, "index":
 * "first"), and a 0 is no valid month or day to send back: a PATCH carries only the type's own.
 */
const PATTERN_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  daily: [],
  weekly: ["daysOfWeek", "firstDayOfWeek"],
  absoluteMonthly: ["dayOfMonth"],
  relativeMonthly: ["daysOfWeek", "index"],
  absoluteYearly: ["dayOfMonth", "month"],
  relativeYearly: ["daysOfWeek", "month", "index"],
};

type Ending = { readonly kind: "cancel" } | { readonly kind: "patch"; readonly body: Record<string, unknown> } | { readonly kind: "unchanged" } | { readonly kind: "unreadable" };

/**
 * What ending one series takes, from the master as Graph holds it. The range is cut to end on the
 * kept occurrence's date; the pattern, start date and time zone go back exactly as read, because a
 * PATCH of `recurrence` replaces the whole patternedRecurrence, and Exchange drops a series'
 * exceptions (the held meeting moved off a holiday, say) when its pattern changes ([MS-OXOCAL]
 * 3.1.4.7.3.5) but keeps those inside the range when only the range does.
 */
export function endingOf(master: GraphMaster | null, lastKept: string | null): Ending {
  if (lastKept === null) return { kind: "cancel" };
  const pattern = master?.recurrence?.pattern;
  const range = master?.recurrence?.range;
  if (!master?.recurrence) return { kind: "unchanged" }; // not (or no longer) a series: nothing after lastKept to cut
  if (!pattern || !range?.startDate || typeof pattern["type"] !== "string") return { kind: "unreadable" };
  if (range.type === "endDate" && range.endDate && range.endDate <= lastKept) return { kind: "unchanged" };
  if (lastKept < range.startDate) return { kind: "cancel" }; // nothing of this series is kept after all
  const type = pattern["type"];
  const own = PATTERN_PROPERTIES[type];
  if (!own) return { kind: "unreadable" };
  const sent: Record<string, unknown> = { type, interval: pattern["interval"] };
  for (const name of own) if (pattern[name] !== undefined && pattern[name] !== null) sent[name] = pattern[name];
  return {
    kind: "patch",
    body: {
      recurrence: {
        pattern: sent,
        range: { type: "endDate", startDate: range.startDate, endDate: lastKept, ...(typeof range.recurrenceTimeZone === "string" ? { recurrenceTimeZone: range.recurrenceTimeZone } : {}) },
      },
    },
  };
}

export class GraphCalendar implements CalendarPort, EventCalendar {
  private readonly graph: GraphConnection;
  private readonly allowNewTimeProposals: boolean;

  constructor(options: GraphCalendarOptions) {
    this.graph = new GraphConnection(options);
    this.allowNewTimeProposals = options.allowNewTimeProposals ?? false;
  }

  /** One talk in the leader's calendar: one POST, made idempotent by its transactionId. */
  async bookEvent(request: EventBookingRequest): Promise<BookedEvent> {
    this.graph.assertTenant(request.tenantId);
    const event = await this.graph.call<{ id?: unknown; onlineMeeting?: { joinUrl?: unknown } | null }>("bookEvent", "POST", `/users/${seg(request.organizer.aadObjectId)}/events`, newStats(), { body: talkEventBody(request) });
    if (typeof event?.id !== "string") throw new CalendarError("UNAVAILABLE", true);
    const joinUrl = event.onlineMeeting?.joinUrl;
    return { eventId: event.id, joinUrl: typeof joinUrl === "string" ? joinUrl : null };
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

  /**
   * Round trips: ONE parallel $batch of GET …/events/{series} (what each series holds now), then ONE
   * of the changes still needed — a PATCH of the recurrence (range cut at the last kept occurrence)
   * or a POST …/cancel of the whole series — one item per series at most. Reading first makes a
   * repeat harmless: a series already cut there (or gone) gets no second change, so the attendee
   * gets no second update.
   */
  async endSeries(request: EndSeriesRequest): Promise<EndSeriesResult> {
    this.graph.assertTenant(request.tenantId);
    const stats = newStats();
    if (request.series.length === 0) return { series: [], roundTrips: 0, requests: 0 };
    const organizer = seg(request.organizer.aadObjectId);
    const eventUrl = (s: SeriesEnding) => `/users/${organizer}/events/${seg(s.seriesEventId)}`;
    const reads: BatchItem[] = request.series.map((s, i) => ({ id: `read-${i}`, method: "GET", url: `${eventUrl(s)}?${query([["$select", MASTER_FIELDS]])}` }));
    const first = await this.graph.batch("endSeries.read", reads, "parallel", stats);

    const outcomes: (SeriesEndOutcome | null)[] = request.series.map(() => null);
    const failures: BatchOutcome[] = [];
    const changes: { item: BatchItem; index: number; kind: "cancel" | "patch" }[] = [];
    request.series.forEach((s, i) => {
      const read = first.get(`read-${i}`) as BatchOutcome;
      if (read.status === 404 || read.status === 410) return void (outcomes[i] = "gone");
      if (!OK(read.status)) return void failures.push(read);
      const master = read.body as GraphMaster | null;
      if (master?.isCancelled === true) return void (outcomes[i] = "gone");
      const ending = endingOf(master, s.lastKept);
      if (ending.kind === "unchanged") return void (outcomes[i] = "unchanged");
      if (ending.kind === "unreadable") return void failures.push({ status: 400, headers: {}, body: null });
      const item: BatchItem =
        ending.kind === "cancel"
          ? { id: `cancel-${i}`, method: "POST", url: `${eventUrl(s)}/cancel`, body: request.comment ? { comment: request.comment } : {} }
          : { id: `end-${i}`, method: "PATCH", url: eventUrl(s), body: ending.body };
      changes.push({ item, index: i, kind: ending.kind });
    });
    if (changes.length > 0) {
      const second = await this.graph.batch("endSeries.change", changes.map((c) => c.item), "parallel", stats);
      for (const c of changes) {
        const o = second.get(c.item.id) as BatchOutcome;
        if (OK(o.status)) outcomes[c.index] = c.kind === "cancel" ? "cancelled" : "ended";
        else if (c.kind === "cancel" && o.status === 404) outcomes[c.index] = "gone"; // cancelled meanwhile
        else failures.push(o);
      }
    }
    if (failures.length > 0) {
      // The error that a later try may cure comes first: the job then runs again and finishes the rest.
      const retryable = failures.filter((f) => f.status === -1 || calendarErrorFor(f.status).retryable);
      throw this.graph.failureOf("endSeries", retryable.length > 0 ? retryable : failures);
    }
    return {
      series: request.series.map((s, i) => ({ seriesEventId: s.seriesEventId, outcome: outcomes[i] as SeriesEndOutcome })),
      roundTrips: stats.roundTrips,
      requests: stats.requests,
    };
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
