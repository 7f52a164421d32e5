/**
 * Row keys of the tenant partition (PartitionKey = tenant id). A mentorship's own rows share the
 * prefix `m|{id}|`; the person index is keyed person first, so "everything of this person" is
 * one range query.
 *   c|{conversation}              a chat
 *   m|{id}                        a mentorship
 *   m|{id}|v|{000001}             one version of its agreement (immutable)
 *   m|{id}|mt|{key}               one meeting and its agenda (key: series|original date)
 *   s|{id}                        the overview's summary of a mentorship
 *   active|mentee|{person}        the mentee's one active mentorship
 *   p|{person}|{id}               a person's roles in a mentorship (the person index)
 *   msg|{id}|{slot}               the Teams message id of a card posted for a mentorship
 *   meta|schema                   what the upgrade of older rows has done in this partition
 *   prog|{id}|v|{000001}          one version of a tenant's own programme (immutable; rows/programme.ts)
 */

// Base64url never holds a character RowKey forbids (/ \ # ? and control characters).
const encode = (s: string) => Buffer.from(s, "utf8").toString("base64url");

/** Entra object ids are GUIDs; anything else is encoded (marked `~`) so it cannot hold a forbidden character. */
export const personKey = (aadObjectId: string) => (/^[A-Za-z0-9-]{1,100}$/.test(aadObjectId) ? aadObjectId : `~${encode(aadObjectId)}`);

export const chatKey = (conversationId: string) => `c|${encode(conversationId)}`;
export const mentorshipKey = (id: string) => `m|${id}`;
export const versionPrefix = (id: string) => `m|${id}|v|`;
export const versionKey = (id: string, n: number) => `${versionPrefix(id)}${String(n).padStart(6, "0")}`;
export const meetingPrefix = (id: string) => `m|${id}|mt|`;
export const meetingKeyOf = (id: string, key: string) => `${meetingPrefix(id)}${key}`;
export const summaryKey = (id: string) => `s|${id}`;
export const activeMenteeKey = (aadObjectId: string) => `active|mentee|${personKey(aadObjectId)}`;
export const personPrefix = (aadObjectId: string) => `p|${personKey(aadObjectId)}|`;
export const personRoleKey = (aadObjectId: string, mentorshipId: string) => `${personPrefix(aadObjectId)}${mentorshipId}`;
export const postedPrefix = (mentorshipId: string) => `msg|${mentorshipId}|`;
/** Slots hold meeting keys ("agenda:klds|2027-04-06"); encoded, so any slot is a valid key. */
export const postedKey = (mentorshipId: string, slot: string) => `${postedPrefix(mentorshipId)}${encode(slot)}`;
export const SCHEMA_META_KEY = "meta|schema";

/** The bounds of a range query over every key starting with `prefix` (keys here are ASCII; U+FFFF sorts after all). */
export const rangeOf = (prefix: string) => ({ from: prefix, to: `${prefix}\uffff` });

/** Keys may not hold / \ # ? or control characters: an id with one (from card data) names no row. */
// eslint-disable-next-line no-control-regex
export const isUsableKey = (key: string) => !/[/\\#?\u0000-\u001f\u007f-\u009f]/.test(key);
