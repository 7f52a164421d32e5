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
  freeBusy(request: FreeBusyRequest): Promise<FreeBusy[]>;
}

/** Creating the pair's group chat and adding the app to it (Graph only). */
export interface ChatProvisioner {
  createPairChat(request: { tenantId: string; mentor: CalendarPerson; mentee: CalendarPerson; topic: string }): Promise<{ chatId: string }>;
  installApp(request: { tenantId: string; chatId: string }): Promise<void>;
  /** Finds a person in the tenant by e-mail / UPN. */
  findPerson(request: { tenantId: string; emailOrUpn: string }): Promise<CalendarPerson | null>;
}
