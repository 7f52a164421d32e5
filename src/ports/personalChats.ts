import type { PersonalMessage, Recipient } from "./personal";
import type { SaveOutcome, Stored } from "./store";

/** A message for one party that could not be delivered yet: offered when the person next writes to the app in their personal chat. */
export interface PendingPersonalMessage {
  readonly mentorshipId: string;
  readonly party: Recipient;
  readonly kind: PersonalMessage["kind"];
  /** The leader talk a leader message is about (issue 12); absent for the others. */
  readonly talk?: string;
  readonly since: string;
}

/**
 * A person's personal chat with the app, keyed (tenant, Entra object id): the conversation
 * reference the app posts to (ids and service URL only; null until the person has opened the chat)
 * and what waits for them there.
 */
export interface PersonalChatRecord {
  readonly tenantId: string;
  readonly aadObjectId: string;
  readonly conversationId: string | null;
  readonly reference: Readonly<Record<string, unknown>> | null;
  readonly pending: readonly PendingPersonalMessage[];
  readonly updatedAt: string;
}

export interface PersonalChatStore {
  getPersonalChat(tenantId: string, aadObjectId: string): Promise<Stored<PersonalChatRecord> | null>;
  /** Inserts when `etag` is null (conflict if it exists), otherwise replaces only if unchanged. */
  putPersonalChat(record: PersonalChatRecord, etag: string | null): Promise<SaveOutcome>;
  /** Forgets a person's personal chat (data erasure); none is not an error. */
  deletePersonalChat(tenantId: string, aadObjectId: string): Promise<void>;
}
