import type { AgreementVersion } from "../domain/agreement";
import type { Meeting } from "../domain/meetings";
import type { Mentorship } from "../domain/mentorship";
import type { MentorshipSummary } from "../domain/summary";

/** An entity together with the ETag it was read with: every write is conditional on it. */
export interface Stored<T> {
  readonly value: T;
  readonly etag: string;
}

export type SaveOutcome = "saved" | "conflict";

/**
 * Storage did not answer: the connection was refused or reset, the request timed out, or the
 * service answered 5xx. The call that failed may or may not have been applied; retrying later is
 * the answer. Every other storage failure stays the adapter's own error (a bug, not an outage).
 */
export class StorageUnavailableError extends Error {
  override readonly name = "StorageUnavailableError";
  constructor(readonly code: string, options?: { cause?: unknown }) {
    super(`storage unavailable (${code})`, options);
  }
}

/**
 * How a new mentorship takes its mentee's active-mentorship row: inserted (none exists: a conflict if
 * one appeared meanwhile), or taken over from a row that points to a mentorship no longer active,
 * if that row is unchanged since read.
 */
export type MenteeRowTake = { readonly insert: true } | { readonly replaceEtag: string };

/** A Teams conversation the app is installed in. */
export interface ChatRecord {
  readonly tenantId: string;
  readonly conversationId: string;
  readonly conversationType: "personal" | "groupChat" | "channel";
  /** Opaque conversation reference for proactive messages (ids and service URL; no message text). */
  readonly reference: Readonly<Record<string, unknown>>;
  readonly welcomedAt: string | null;
  readonly activeMentorshipId: string | null;
  /** A setup card posted by `start` and not yet submitted. */
  readonly pendingSetup: { readonly id: string; readonly byAadObjectId: string; readonly at: string } | null;
  /** The app created this chat for a mentor (personal-chat `start`): the setup card goes to them when installed. */
  readonly requestedBy?: { readonly aadObjectId: string; readonly name: string; readonly channelUserId: string; readonly language: "da" | "nb" | "en" } | null;
  /** The app created this chat for a coordinator-prepared mentorship: its installation binds that mentorship here. */
  readonly preparedMentorshipId?: string | null;
}

/** The chats the app is installed in. */
export interface ChatStore {
  getChat(tenantId: string, conversationId: string): Promise<Stored<ChatRecord> | null>;
  /** Inserts when `etag` is null (conflict if it exists), otherwise replaces only if unchanged. */
  putChat(chat: ChatRecord, etag: string | null): Promise<SaveOutcome>;
  /** Forgets a chat (data erasure); no row is not an error. */
  deleteChat(tenantId: string, conversationId: string): Promise<void>;
}

/**
 * The mentorship rows themselves. Every write of a mentorship also writes, in the same transaction,
 * the person index rows of whoever it names (see PersonIndex).
 */
export interface MentorshipRows {
  getMentorship(tenantId: string, id: string): Promise<Stored<Mentorship> | null>;
  /**
   * Atomically: the chat row (as read) now points to the new mentorship, which is inserted with its
   * first version and takes its mentee's active-mentorship row (see `getActiveOfMentee`; default: inserts it).
   */
  createMentorship(chat: ChatRecord, chatEtag: string, mentorship: Mentorship, first: AgreementVersion, menteeRow?: MenteeRowTake): Promise<SaveOutcome>;
  /** Atomically: a mentorship prepared by a coordinator (no chat yet) is inserted with its first version and takes its mentee's active-mentorship row. */
  insertMentorship(mentorship: Mentorship, first: AgreementVersion, menteeRow?: MenteeRowTake): Promise<SaveOutcome>;
  /**
   * The mentorship holding a mentee's one active-mentorship row, with the row's ETag. Creating a
   * mentorship inserts that row in the same transaction, so of two creations for one mentee only one
   * can succeed (the other conflicts). Null: no row (also for mentorships written before it
   * existed); a null value: a row released by a mentorship that ended.
   */
  getActiveOfMentee(tenantId: string, menteeAadObjectId: string): Promise<Stored<string | null> | null>;
  /**
   * Issue 13, a person's erasure only: forgets their active-mentorship row if unchanged since read
   * (the caller has checked that no mentorship of theirs runs); "conflict" otherwise.
   */
  deleteActiveOfMentee(tenantId: string, menteeAadObjectId: string, etag: string): Promise<SaveOutcome>;
  /**
   * Atomically: replaces the mentorship if unchanged since read and releases its mentee's
   * active-mentorship row if unchanged since read (a mentorship that ends frees its mentee).
   */
  saveMentorshipReleasingMentee(mentorship: Mentorship, etag: string, menteeRowEtag: string): Promise<SaveOutcome>;
  /**
   * Atomically: the chat row (inserted when `chatEtag` is null) now points to the mentorship, which is
   * replaced if unchanged since read (a prepared mentorship getting its chat).
   */
  bindMentorship(chat: ChatRecord, chatEtag: string | null, mentorship: Mentorship, mentorshipEtag: string): Promise<SaveOutcome>;
  /** Atomically: replaces the mentorship if unchanged since read and, with `newVersion`, inserts that version. */
  saveMentorship(mentorship: Mentorship, etag: string, newVersion?: AgreementVersion): Promise<SaveOutcome>;
  /**
   * Erases a mentorship with everything that belongs to it: its agreement versions, meetings,
   * summary, person index rows, posted-message rows, and its mentee's active row if that points to
   * it. Only if the mentorship is unchanged since read (`etag`); "conflict" otherwise, and then
   * nothing is deleted. A chat that points to it is the caller's (see ChatStore.deleteChat).
   */
  deleteMentorship(tenantId: string, id: string, etag: string): Promise<SaveOutcome>;
}

export interface AgreementVersionStore {
  getAgreementVersion(tenantId: string, id: string, number: number): Promise<AgreementVersion | null>;
  listAgreementVersions(tenantId: string, id: string): Promise<AgreementVersion[]>;
  /**
   * Issue 13, a person's erasure only: rewrites an existing version with their name pseudonymised.
   * Versions are otherwise immutable (no other writer exists), so this is a plain replace; a
   * version that does not exist is not created.
   */
  rewriteAgreementVersion(tenantId: string, id: string, version: AgreementVersion): Promise<void>;
}

export interface MeetingStore {
  /** A mentorship's meetings, in time order. */
  listMeetings(tenantId: string, mentorshipId: string): Promise<Stored<Meeting>[]>;
  getMeeting(tenantId: string, mentorshipId: string, key: string): Promise<Stored<Meeting> | null>;
  /** Replaces only if unchanged since read; with a null ETag inserts (conflict if it exists). */
  saveMeeting(tenantId: string, meeting: Meeting, etag: string | null): Promise<SaveOutcome>;
  /**
   * Atomically: the mentorship (as read) is saved, the meetings not yet held or posted (and not
   * begun before the plan was made) that the new plan no longer has are cancelled as superseded,
   * those it has are given its date, time and status (a cancellation by the mentor stays), and the
   * plan's meetings that do not exist yet are added.
   */
  replacePlannedMeetings(mentorship: Mentorship, etag: string, meetings: readonly Meeting[]): Promise<SaveOutcome>;
  /** Erases one meeting and its posted agenda's message id, if unchanged since read; "conflict" otherwise. */
  deleteMeeting(tenantId: string, mentorshipId: string, key: string, etag: string): Promise<SaveOutcome>;
}

export interface SummaryStore {
  getSummary(tenantId: string, mentorshipId: string): Promise<Stored<MentorshipSummary> | null>;
  /** Inserts when `etag` is null (conflict if it exists), otherwise replaces only if unchanged. */
  putSummary(tenantId: string, summary: MentorshipSummary, etag: string | null): Promise<SaveOutcome>;
  /** As putSummary, answering the row's new ETag when saved (so the next write from the same process needs no read). */
  putSummaryTagged(tenantId: string, summary: MentorshipSummary, etag: string | null): Promise<{ readonly outcome: SaveOutcome; readonly etag: string | null }>;
  /** Every summary row of a tenant: one partition range query, summary columns only. */
  listSummaries(tenantId: string): Promise<MentorshipSummary[]>;
  /** Erases a mentorship's summary row; no row is not an error. */
  deleteSummary(tenantId: string, mentorshipId: string): Promise<void>;
}

/** A person's part in a mentorship: the pair, a mentor before a change, the new hire's leader, the introduction's contact person. */
export type PersonRole = "mentor" | "mentee" | "formerMentor" | "leader" | "contact";

/** Who is in which mentorship, from index rows written with the mentorships: no scan of the tenant. */
export interface PersonIndex {
  /** Mentorships in a tenant where the person is mentor or mentee, or was a mentor before a change; oldest first. */
  mentorshipsOf(tenantId: string, aadObjectId: string): Promise<Mentorship[]>;
  /** Every role the person has in any of the tenant's mentorships (one entry per role), for the leader view and data export. */
  rolesOf(tenantId: string, aadObjectId: string): Promise<{ readonly mentorshipId: string; readonly role: PersonRole }[]>;
}

/** Everything the app stores about mentorships; callers move to the narrower ports above as they can. */
export interface MentorshipStore extends ChatStore, MentorshipRows, AgreementVersionStore, MeetingStore, SummaryStore, PersonIndex {}
