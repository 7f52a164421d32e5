/**
 * Issue 13: the mentee's process journal (procesjournal, KL/DS template, seed 000) — the mentee's
 * own learning tool about real citizen cases, "kan ikke bruges i formel sagsbehandling". Its use
 * cases: list, open, write, edit (naming the version edited) and delete, for the mentee alone; and
 * the rights the rest of the app may ask for (JournalRights: the mentee's own export and erasure, a
 * mentorship's purge). Who asks always comes from the authenticated activity or token; an entry id
 * from a card or a URL names only the asker's own entries (another mentee's id finds nothing).
 *
 * Every save runs the citizen-identifier guard first (CPR / fødselsnummer: refused; phone and e-mail
 * in the citizen fields: a warning the mentee may override). Nothing written here reaches a log line
 * (ids and codes only), a group chat, or anyone else's tab.
 */
import { randomBytes } from "node:crypto";
import { dateIn, isIsoDate } from "../../domain/dates";
import { identifierRefusal } from "../../domain/identifierGuard";
import { JournalCitizenFields, type JournalEntry, type JournalLogRow } from "../../domain/journal";
import { type Mentorship, partyOf } from "../../domain/mentorship";
import { type Result, fail, ok } from "../../domain/result";
import type { DomainError } from "../../domain/result";
import type { Logger } from "../../log";
import type { AuditLog } from "../../ports/audit";
import type { Clock } from "../../ports/clock";
import type { JournalRights } from "../../ports/journal";
import type { PersonIndex } from "../../ports/store";
import type { JournalRepository } from "./journalRepository";
import { ENTRY_ID, type JournalInput, JournalInputSchema } from "./schemas";

/** Who asks: from the activity or the tab's token, never from card data. */
export interface JournalOwner {
  readonly tenantId: string;
  readonly aadObjectId: string;
}

export interface JournalDeps {
  readonly repository: JournalRepository;
  readonly mentorships: Pick<PersonIndex, "mentorshipsOf">;
  readonly clock: Clock;
  readonly log: Logger;
  /** Issue 13's audit log: that an entry was deleted or the journal erased (never what). */
  readonly audit?: Pick<AuditLog, "append">;
  /** Entry ids (tests may fix them). */
  readonly newId?: () => string;
}

export interface SaveOptions {
  /** The mentee chose "save anyway" after a phone number / e-mail warning in a citizen field. */
  readonly allowSoft?: boolean;
}

const DOTTED = /^(\d{2})\.(\d{2})\.(\d{4})$/;

/** yyyy-mm-dd or dd.mm.yyyy to an IsoDate; null for anything that is no real date. */
export function journalDate(text: string): string | null {
  const dotted = DOTTED.exec(text);
  const iso = dotted ? `${dotted[3]}-${dotted[2]}-${dotted[1]}` : text;
  return isIsoDate(iso) ? iso : null;
}

/** Newest first: by the entry's date, then by when it was last saved. */
const newestFirst = (a: JournalEntry, b: JournalEntry) => b.date.localeCompare(a.date) || b.updatedAt.localeCompare(a.updatedAt);

/** An input with rows the mentee left empty dropped, and text trimmed at the ends. */
function tidy(input: JournalInput): JournalInput {
  const log: JournalLogRow[] = input.log
    .map((r) => ({ citizen: r.citizen.trim(), worker: r.worker.trim(), observation: r.observation.trim() }))
    .filter((r) => r.citizen !== "" || r.worker !== "" || r.observation !== "");
  return {
    title: input.title.trim(),
    date: input.date.trim(),
    background: input.background.trim(),
    problems: input.problems.trim(),
    caseSummary: input.caseSummary.trim(),
    other: input.other.trim(),
    reflection: input.reflection.trim(),
    log,
  };
}

/**
 * The fields the guard reads, by the name the card and the tab label them with. The log's columns are
 * checked as one field each ("log.citizen" is a citizen field: what the citizen said).
 */
export function guardedFields(input: JournalInput): Record<string, string | readonly string[]> {
  return {
    title: input.title,
    background: input.background,
    problems: input.problems,
    caseSummary: input.caseSummary,
    other: input.other,
    "log.citizen": input.log.map((r) => r.citizen),
    "log.worker": input.log.map((r) => r.worker),
    "log.observation": input.log.map((r) => r.observation),
    reflection: input.reflection,
  };
}

/** The fields where phone numbers and e-mail addresses are a (soft) warning: the citizen's. */
export const GUARD_CITIZEN_FIELDS: readonly string[] = [...JournalCitizenFields, "log.citizen"];

/**
 * ── THE GUARD'S ONE CALL SITE ──────────────────────────────────────────────────────────────────
 * Every save (card and tab, new and edited) passes here before anything is written: a CPR number
 * or a Norwegian national identity number anywhere refuses it (CITIZEN_ID_FOUND, naming the field
 * and the number's masked shape, never its digits); a phone number or an e-mail address in a field
 * about the citizen is a warning (CONTACT_DETAILS_FOUND) unless the mentee chose "save anyway".
 */
export function checkIdentifiers(input: JournalInput, options: SaveOptions, today: Date): DomainError | null {
  return identifierRefusal(guardedFields(input), { citizenFields: GUARD_CITIZEN_FIELDS, allowSoft: options.allowSoft === true, today });
}

export class JournalService implements JournalRights {
  private readonly newId: () => string;

  constructor(private readonly deps: JournalDeps) {
    this.newId = deps.newId ?? (() => `j-${randomBytes(10).toString("hex")}`);
  }

  /** The mentorships where the person is the mentee (the journal's only writer), newest first. */
  private async asMentee(who: JournalOwner): Promise<Mentorship[]> {
    const all = await this.deps.mentorships.mentorshipsOf(who.tenantId, who.aadObjectId);
    return all.filter((m) => m.tenantId === who.tenantId && partyOf(m, who.aadObjectId) === "mentee").sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** Whether the person keeps a journal: a mentee now or before, or someone with entries still kept. */
  async keepsJournal(who: JournalOwner): Promise<boolean> {
    if ((await this.asMentee(who)).length > 0) return true;
    return (await this.deps.repository.listOf(who.tenantId, who.aadObjectId)).length > 0;
  }

  async list(who: JournalOwner): Promise<JournalEntry[]> {
    return (await this.deps.repository.listOf(who.tenantId, who.aadObjectId)).map((s) => s.value).sort(newestFirst);
  }

  async get(who: JournalOwner, id: string): Promise<Result<JournalEntry>> {
    if (!ENTRY_ID.test(id)) return fail("JOURNAL_ENTRY_NOT_FOUND");
    const stored = await this.deps.repository.get(who.tenantId, who.aadObjectId, id);
    return stored ? ok(stored.value) : fail("JOURNAL_ENTRY_NOT_FOUND");
  }

  /** Parses and checks what was typed (limits, the date, a title, the guard); the typed text is the caller's to keep on a refusal. */
  private checked(raw: unknown, options: SaveOptions, today: string): Result<JournalInput & { date: string }> {
    const parsed = JournalInputSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue?.path ?? [];
      // A log cell is named by its column ("log.citizen"), as the card and the tab label it.
      const field = path[0] === "log" && typeof path[2] === "string" ? `log.${path[2]}` : String(path[0] ?? "entry");
      const max = issue?.code === "too_big" && typeof issue.maximum === "number" ? issue.maximum : null;
      return fail("INVALID_INPUT", max !== null ? { field, issue: "tooLong", max } : { field });
    }
    const input = tidy(parsed.data);
    if (input.title === "") return fail("INVALID_INPUT", { field: "title", issue: "required" });
    const date = input.date === "" ? today : journalDate(input.date);
    if (!date) return fail("INVALID_INPUT", { field: "date", issue: "invalid" });
    const refused = checkIdentifiers(input, options, this.deps.clock.now());
    if (refused) return { ok: false, error: refused };
    return ok({ ...input, date });
  }

  /** A new entry, tied to the mentorship where the person is the mentee now. */
  async create(who: JournalOwner, raw: unknown, options: SaveOptions = {}): Promise<Result<JournalEntry>> {
    const mine = await this.asMentee(who);
    const current = mine.find((m) => m.phase !== "closed");
    if (!current) return fail(mine.length > 0 ? "MENTORSHIP_CLOSED" : "JOURNAL_NOT_MENTEE");
    const now = this.deps.clock.now();
    const input = this.checked(raw, options, dateIn(now, current.timeZone || "Europe/Copenhagen"));
    if (!input.ok) return input;
    const at = now.toISOString();
    const entry: JournalEntry = { id: this.newId(), tenantId: who.tenantId, menteeAadObjectId: who.aadObjectId, mentorshipId: current.id, ...input.value, createdAt: at, updatedAt: at, version: 1 };
    if ((await this.deps.repository.put(entry, null)) === "conflict") return fail("BUSY_TRY_AGAIN");
    this.deps.log.info("journal.created", { entryId: entry.id, mentorshipId: entry.mentorshipId });
    return ok(entry);
  }

  /** An edit of the version the mentee had open: a newer one saved meanwhile (the tab, another device) is not overwritten. */
  async edit(who: JournalOwner, id: string, version: number, raw: unknown, options: SaveOptions = {}): Promise<Result<JournalEntry>> {
    if (!ENTRY_ID.test(id)) return fail("JOURNAL_ENTRY_NOT_FOUND");
    const stored = await this.deps.repository.get(who.tenantId, who.aadObjectId, id);
    if (!stored) return fail("JOURNAL_ENTRY_NOT_FOUND");
    const before = stored.value;
    if (before.version !== version) return fail("JOURNAL_STALE_VERSION", { current: before.version });
    const now = this.deps.clock.now();
    const input = this.checked(raw, options, before.date);
    if (!input.ok) return input;
    const after: JournalEntry = { ...before, ...input.value, updatedAt: now.toISOString(), version: before.version + 1 };
    if ((await this.deps.repository.put(after, stored.etag)) === "conflict") {
      const current = (await this.deps.repository.get(who.tenantId, who.aadObjectId, id))?.value.version ?? version + 1;
      return fail("JOURNAL_STALE_VERSION", { current });
    }
    this.deps.log.info("journal.edited", { entryId: id, version: after.version });
    return ok(after);
  }

  async remove(who: JournalOwner, id: string): Promise<Result<{ readonly id: string }>> {
    if (!ENTRY_ID.test(id)) return fail("JOURNAL_ENTRY_NOT_FOUND");
    const stored = await this.deps.repository.get(who.tenantId, who.aadObjectId, id);
    if (!stored || !(await this.deps.repository.delete(who.tenantId, who.aadObjectId, id))) return fail("JOURNAL_ENTRY_NOT_FOUND");
    this.deps.log.info("journal.deleted", { entryId: id });
    await this.audit(who.tenantId, who.aadObjectId, who.aadObjectId, stored.value.mentorshipId, "1");
    return ok({ id });
  }

  // ─── JournalRights: what the rest of the app may ask, on the mentee's own behalf or retention's ───

  async exportOf(tenantId: string, menteeAadObjectId: string): Promise<JournalEntry[]> {
    return this.list({ tenantId, aadObjectId: menteeAadObjectId });
  }

  async eraseOf(tenantId: string, menteeAadObjectId: string): Promise<number> {
    const n = await this.deps.repository.deleteAll(tenantId, menteeAadObjectId);
    this.deps.log.info("journal.erased", { count: n });
    return n;
  }

  async purgeMentorship(tenantId: string, menteeAadObjectId: string, mentorshipId: string): Promise<number> {
    const n = await this.deps.repository.deleteAll(tenantId, menteeAadObjectId, mentorshipId);
    this.deps.log.info("journal.purged", { mentorshipId, count: n });
    return n;
  }

  /** An audit line that the mentee deleted an entry: ids and a count, never its text. A failing audit log does not undo the deletion. */
  private async audit(tenantId: string, actorId: string, subjectId: string, mentorshipId: string, detail: string): Promise<void> {
    if (!this.deps.audit) return;
    try {
      await this.deps.audit.append({ tenantId, at: this.deps.clock.now().toISOString(), actorId, verb: "journal.erase", subjectId, mentorshipId, detail });
    } catch (err) {
      this.deps.log.warn("journal.audit.failed", { error: err instanceof Error ? err.name : "unknown" });
    }
  }
}
