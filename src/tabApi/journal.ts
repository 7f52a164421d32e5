/**
 * Issue 13: "My journal" — the mentee's process journal in the tab. Every route acts for the
 * token's person alone, in the token's tenant: an entry id names only their own entries (anyone
 * else's id is the same 404 as one that does not exist), and nobody else — coordinator, leader,
 * mentor — reaches an entry through this or any other route. Bodies are parsed here; the rules
 * (the guard, the version check, who is a mentee) are JournalService's.
 */
import { z } from "zod";
import type { JournalOwner, JournalService } from "../app/journal/journalService";
import { ENTRY_ID } from "../app/journal/schemas";
import type { JournalEntry } from "../domain/journal";
import type { DomainError, Result } from "../domain/result";
import type { TabResponse } from "./api";

export type JournalActions = Pick<JournalService, "list" | "get" | "create" | "edit" | "remove" | "keepsJournal">;

const SaveSchema = z.object({ entry: z.unknown(), allowSoft: z.boolean().default(false) });
const EditSchema = SaveSchema.extend({ version: z.number().int().min(1) });

const notFound: TabResponse = { status: 404, body: { error: "Not found." } };
const badBody: TabResponse = { status: 400, body: { error: "INVALID_INPUT", code: "INVALID_INPUT", field: "body" } };

/** A refusal the tab words: the code and the params it needs (never any of the text: `masked` only). */
export function journalRefusal(error: DomainError): TabResponse {
  if (error.code === "JOURNAL_ENTRY_NOT_FOUND") return notFound;
  const status = error.code === "INVALID_INPUT" ? 400 : error.code === "JOURNAL_NOT_MENTEE" ? 403 : error.code === "CITIZEN_ID_FOUND" || error.code === "CONTACT_DETAILS_FOUND" ? 422 : 409;
  const params = error.params ?? {};
  const extra = Object.fromEntries(["field", "issue", "max", "current", "masked", "kind", "certain"].filter((k) => params[k] !== undefined).map((k) => [k, params[k]]));
  return { status, body: { error: error.code, code: error.code, ...extra } };
}

const entryBody = (e: JournalEntry) => ({
  id: e.id,
  mentorshipId: e.mentorshipId,
  date: e.date,
  title: e.title,
  background: e.background,
  problems: e.problems,
  caseSummary: e.caseSummary,
  other: e.other,
  log: e.log,
  reflection: e.reflection,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
  version: e.version,
});

const answer = (r: Result<JournalEntry>, status = 200): TabResponse => (r.ok ? { status, body: entryBody(r.value) } : journalRefusal(r.error));

export class JournalRoutes {
  constructor(private readonly journal: JournalActions) {}

  /** The caller's entries, newest first — titles and dates only; an entry is opened one at a time. */
  async list(who: JournalOwner): Promise<TabResponse> {
    const entries = await this.journal.list(who);
    if (entries.length === 0 && !(await this.journal.keepsJournal(who))) return journalRefusal({ code: "JOURNAL_NOT_MENTEE" });
    return { status: 200, body: { entries: entries.map((e) => ({ id: e.id, date: e.date, title: e.title, updatedAt: e.updatedAt, version: e.version })) } };
  }

  async get(who: JournalOwner, id: string): Promise<TabResponse> {
    if (!ENTRY_ID.test(id)) return notFound;
    return answer(await this.journal.get(who, id));
  }

  async create(who: JournalOwner, body: unknown): Promise<TabResponse> {
    const parsed = SaveSchema.safeParse(body ?? {});
    if (!parsed.success) return badBody;
    return answer(await this.journal.create(who, parsed.data.entry, { allowSoft: parsed.data.allowSoft }), 201);
  }

  async edit(who: JournalOwner, id: string, body: unknown): Promise<TabResponse> {
    if (!ENTRY_ID.test(id)) return notFound;
    const parsed = EditSchema.safeParse(body ?? {});
    if (!parsed.success) return badBody;
    return answer(await this.journal.edit(who, id, parsed.data.version, parsed.data.entry, { allowSoft: parsed.data.allowSoft }));
  }

  async remove(who: JournalOwner, id: string): Promise<TabResponse> {
    if (!ENTRY_ID.test(id)) return notFound;
    const r = await this.journal.remove(who, id);
    return r.ok ? { status: 200, body: { id, deleted: true } } : journalRefusal(r.error);
  }
}
