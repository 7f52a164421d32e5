import type { Language } from "../domain/language";

/** Who is asking: always taken from the authenticated activity or token, never from card input. */
export interface Actor {
  readonly tenantId: string;
  readonly aadObjectId: string;
  readonly name: string;
  readonly channelUserId: string;
  /** From the activity's locale: used for messages that belong to no mentorship. */
  readonly language: Language;
}

/** A human member of a chat, as Teams reports it. */
export interface Member {
  readonly aadObjectId: string;
  readonly name: string;
  readonly channelUserId: string;
}
