/**
 * Issue 13, a person's erasure: their name replaced by a pseudonym in what others share with them.
 * Pure: a value in, the same value out with every trace of the person replaced.
 *
 * What counts as their name: the full name as the app stored it (case-insensitive), and each part of
 * it of three letters or more that starts with a capital, as a whole word and case-sensitive — so
 * "Mette" in "Mette foreslog…" goes, but the word "mentor" (an enum value, a role) stays even for
 * "Mette Mentor". Over-replacing a capitalised word in a free text is the price of never leaving the
 * first name behind; ids, enum values and dates are never capitalised words. A Danish or Norwegian
 * genitive ("Sørens", "Mettes") is the name too: the pseudonym takes the s ("Slettet person 3F2As").
 */
import type { AgreementVersion } from "../../domain/agreement";
import type { Meeting } from "../../domain/meetings";
import type { Mentorship, Person } from "../../domain/mentorship";

export interface Pseudonym {
  /** Who is erased (Entra object id). */
  readonly aadObjectId: string;
  /** Every name the app held for them (a rename in Teams may leave more than one). */
  readonly names: readonly string[];
  /** What stands in their place: a stable id (index rows move to it) and a readable name. */
  readonly id: string;
  readonly name: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The patterns that find the person's names in a text: full names first (longest first), then their parts. */
function patternsOf(names: readonly string[]): RegExp[] {
  const full = [...new Set(names.map((n) => n.trim()).filter((n) => n.length > 0))].sort((a, b) => b.length - a.length);
  const parts = [...new Set(full.flatMap((n) => n.split(/[\s\-‐]+/u)).filter((p) => p.length >= 3 && /^\p{Lu}/u.test(p)))].sort((a, b) => b.length - a.length);
  return [
    ...full.map((n) => new RegExp(escape(n), "giu")),
    ...parts.map((p) => new RegExp(`(?<![\\p{L}\\p{N}])${escape(p)}(s?)(?![\\p{L}\\p{N}])`, "gu")),
  ];
}

/** A text with every occurrence of the person's names replaced. */
export function replaceNames(text: string, p: Pseudonym): string {
  let out = text;
  // "$1": a genitive s kept after the pseudonym (the full-name patterns have no group: nothing added).
  for (const re of patternsOf(p.names)) out = out.replace(re, (_whole, s?: unknown) => `${p.name}${typeof s === "string" ? s : ""}`);
  return out;
}

/** Every string in a JSON-like value with the person's names replaced; a Person of theirs becomes the pseudonym. */
function deep<T>(value: T, p: Pseudonym): T {
  if (typeof value === "string") return replaceNames(value, p) as T;
  if (Array.isArray(value)) return value.map((v) => deep(v, p)) as T;
  if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (isPersonOf(o, p.aadObjectId)) return { ...o, aadObjectId: p.id, name: p.name, channelUserId: "" } as T;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) {
      // Ids of the person anywhere (who prepared it, who held the plan's calendar, who set a hold).
      if (typeof v === "string" && v === p.aadObjectId) out[k] = p.id;
      else out[k] = deep(v, p);
    }
    return out as T;
  }
  return value;
}

function isPersonOf(o: Record<string, unknown>, aadObjectId: string): boolean {
  return o["aadObjectId"] === aadObjectId && typeof o["name"] === "string";
}

/** Any stored record of a mentorship (the local calendar's rows): every string and id of the person replaced. */
export function pseudonymiseRecord(record: Readonly<Record<string, unknown>>, p: Pseudonym): Record<string, unknown> {
  return deep({ ...record }, p);
}

export function pseudonymiseMentorship(m: Mentorship, p: Pseudonym): Mentorship {
  // The keys of the mentorship itself (its id, tenant, chat) are never names.
  // Nor is the programme's own text (its definition, the introduction's template): not about anyone.
  const { id, tenantId, conversationId, programmeDefinition, introduction, ...rest } = m;
  const intro = introduction ? { introduction: { ...deep(introduction, p), template: introduction.template } } : introduction === null ? { introduction: null } : {};
  return { ...deep(rest, p), id, tenantId, conversationId, ...(programmeDefinition !== undefined ? { programmeDefinition } : {}), ...intro };
}

export function pseudonymiseMeeting(x: Meeting, p: Pseudonym): Meeting {
  const { mentorshipId, key, seriesKey, ...rest } = x;
  return { ...deep(rest, p), mentorshipId, key, seriesKey };
}

export function pseudonymiseVersion(v: AgreementVersion, p: Pseudonym): AgreementVersion {
  return { ...v, fields: deep(v.fields, p) };
}

/** The person as a Person value in a mentorship (null when not there). */
export function personIn(m: Mentorship, aadObjectId: string): Person[] {
  const all = [m.mentor, m.mentee, ...(m.formerMentors ?? []).map((f) => f.person), ...(m.leader ? [m.leader] : []), ...(m.contact ? [m.contact] : [])];
  return all.filter((x) => x.aadObjectId === aadObjectId);
}
