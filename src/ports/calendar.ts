import type { SeriesPlan } from "../domain/cadence";

/** A person in a calendar: Graph addresses mailboxes by object id, invitations by e-mail. */
export interface CalendarPerson {
  readonly aadObjectId: string;
  readonly email: string;
  readonly name: string;
}

export interface BookingRequest {
  readonly tenantId: string;
  readonly mentorshipId: string;
  /** Bumped when the plan changes; with the tenant and mentorship it makes every transactionId. */
  readonly planVersion: number;
  readonly organizer: CalendarPerson; // the mentor: the series live in the mentor's calendar
  readonly attendee: CalendarPerson; // the mentee, a required attendee
  readonly subject: string; // localised
  readonly bodyHtml: string; // localised; links back to the chat, never agenda text
  readonly series: readonly SeriesPlan[];
}

export interface BookedSeries {
  readonly key: string; // SeriesPlan.key
  readonly eventId: string; // the series master
  readonly joinUrl: string | null;
}

export interface BookingResult {
  readonly series: readonly BookedSeries[];
  /** HTTP round trips and Graph requests this booking took (for the benchmark). */
  readonly roundTrips: number;
  readonly requests: number;
}

export interface OccurrenceRef {
  readonly tenantId: string;
  readonly organizer: CalendarPerson;
  readonly seriesEventId: string;
  readonly date: string; // IsoDate of the occurrence as originally planned
  readonly timeZone: "Europe/Copenhagen" | "Europe/Oslo";
}

export interface FreeBusyRequest {
  readonly tenantId: string;
  readonly organizer: CalendarPerson;
  readonly people: readonly CalendarPerson[];
  readonly startUtc: string;
  readonly endUtc: string;
  readonly timeZone: "Europe/Copenhagen" | "Europe/Oslo";
  readonly intervalMinutes: number;
}

/** One person's availability: a character per interval as Graph's availabilityView ("0" free … "4" working elsewhere). */
export interface FreeBusy {
  readonly email: string;
  readonly availabilityView: string;
}

/** One booked series to end early: the occurrences after `lastKept` go, those up to it stay (held, or in the past). */
export interface SeriesEnding {
  readonly seriesEventId: string;
  /**
   * The original date (IsoDate, in the series' recurrence time zone) of the last occurrence kept;
   * null when none is kept: then the series is cancelled as a whole.
   */
  readonly lastKept: string | null;
}

export interface EndSeriesRequest {
  readonly tenantId: string;
  /** Whose calendar holds the series (the mentor's). */
  readonly organizer: CalendarPerson;
  readonly series: readonly SeriesEnding[];
  /** Goes to the attendee with a whole series' cancellation (localised; no personal text). */
  readonly comment: string;
}

/**
 * "ended": its range now stops at `lastKept`; "cancelled": the series went as a whole; "unchanged":
 * it already ended there or earlier (a repeat after a crash); "gone": the calendar no longer has it.
 */
export type SeriesEndOutcome = "ended" | "cancelled" | "unchanged" | "gone";

export interface EndSeriesResult {
  readonly series: readonly { readonly seriesEventId: string; readonly outcome: SeriesEndOutcome }[];
  readonly roundTrips: number;
  readonly requests: number;
}

/**
 * Failures a user can be told about. `retryable` means nothing was booked twice and pressing
 * "retry" may succeed later (throttling that outlasted the retries, a timeout, a 5xx).
 */
export class CalendarError extends Error {
  override readonly name = "CalendarError";
  constructor(
    readonly code: "THROTTLED" | "UNAVAILABLE" | "FORBIDDEN" | "NOT_FOUND" | "BAD_REQUEST",
    readonly retryable: boolean,
  ) {
    super(code);
  }
}

/** The mentor's calendar: Microsoft Graph in production, the local calendar without credentials. */
export interface CalendarPort {
  /** Idempotent: booking the same request again creates nothing new and returns the same series. */
  book(request: BookingRequest): Promise<BookingResult>;
  moveOccurrence(ref: OccurrenceRef, to: { readonly date: string; readonly time: string; readonly minutes: number }): Promise<void>;
  cancelOccurrence(ref: OccurrenceRef, comment: string): Promise<void>;
  cancelSeries(tenantId: string, organizer: CalendarPerson, seriesEventId: string, comment: string): Promise<void>;
  /**
   * Ends series early (the mentorship closed): ONE change per series — its recurrence range cut to
   * end at the last occurrence kept, or, when none is kept, the series cancelled once — never one
   * cancellation per occurrence. Idempotent: a series already ended there is left alone, so a repeat
   * after a crash changes nothing twice. Throws CalendarError when a series could not be ended (the
   * others may have been: a repeat finishes the rest).
   */
  endSeries(request: EndSeriesRequest): Promise<EndSeriesResult>;
  freeBusy(request: FreeBusyRequest): Promise<FreeBusy[]>;
}

/** Creating the pair's group chat and adding the app to it (Graph only). */
export interface ChatProvisioner {
  createPairChat(request: { tenantId: string; mentor: CalendarPerson; mentee: CalendarPerson; topic: string }): Promise<{ chatId: string }>;
  installApp(request: { tenantId: string; chatId: string }): Promise<void>;
  /** Finds a person in the tenant by e-mail / UPN. */
  findPerson(request: { tenantId: string; emailOrUpn: string }): Promise<CalendarPerson | null>;
}

// ─── issue 12: one talk in the leader's calendar ───────────────────────────────────────────────

/** A single Teams meeting the leader holds with the new hire (and, for the introduction's closing talk, the contact person). */
export interface EventBookingRequest {
  readonly tenantId: string;
  readonly mentorshipId: string;
  /** The talk's key; with the tenant, the mentorship and the leader it makes the transactionId (a repeat books nothing new). */
  readonly key: string;
  /** The leader: the event lives in the leader's calendar. */
  readonly organizer: CalendarPerson;
  readonly attendees: readonly CalendarPerson[];
  readonly subject: string; // localised, names only
  readonly bodyHtml: string; // localised; never anything the pair wrote
  /** The wall-clock start in the programme zone, and the length. */
  readonly date: string;
  readonly time: string;
  readonly minutes: number;
  readonly timeZone: "Europe/Copenhagen" | "Europe/Oslo";
}

export interface BookedEvent {
  readonly eventId: string;
  readonly joinUrl: string | null;
}

/** The leader's calendar for the talks: Graph (POST /users/{leader}/events) or the local calendar (and its .ics). */
export interface EventCalendar {
  /** Idempotent: the same request again creates nothing new and returns the same event. */
  bookEvent(request: EventBookingRequest): Promise<BookedEvent>;
}

/** Issue 12: the app installs itself in a person's personal scope (Graph only), so it can write to the leader. */
export interface PersonalInstaller {
  installForUser(request: { tenantId: string; aadObjectId: string }): Promise<void>;
}

/**
 * Issue 13, a person's erasure: the local calendar's own rows of a mentorship (its series, their
 * changes, the leader's talks — a talk's subject names the new hire and the leader), each rewritten
 * by `rewrite` (the pseudonym in a name's and an id's place). Graph's events live in the people's own
 * mailboxes, outside the app's storage.
 */
export interface CalendarRecords {
  rewriteRecords(tenantId: string, mentorshipId: string, rewrite: (record: Readonly<Record<string, unknown>>) => Record<string, unknown>): Promise<void>;
}
