/**
 * Issue 13: the mentee's process journal in the personal chat — the `journal` / `procesjournal`
 * command and the journal card's verbs (list, open, new, add a log row, save, delete with a
 * confirmation). The router (needs: "self") lets a click through only from the clicker's own
 * personal chat; the use cases act for the activity's sender alone, so an entry id in card data
 * names only the sender's own entries. Every answer goes to the clicker only; nothing is posted
 * anywhere, nothing typed reaches a log line. A refused save keeps what was typed on the card.
 */
import { CardFactory, type TurnContext } from "botbuilder";
import { z } from "zod";
import type { Actor } from "../../../app/actor";
import type { JournalOwner, JournalService } from "../../../app/journal/journalService";
import { EntryIdSchema, JOURNAL_LIMITS } from "../../../app/journal/schemas";
import type { ConversationFacts } from "../../../app/setup/mentorshipService";
import { type JournalForm, emptyRow, formOf, logInputId, newForm, renderJournalEntry, renderJournalList } from "../../../cards/journalCard";
import { Verbs } from "../../../cards/verbs";
import type { JournalLogRow } from "../../../domain/journal";
import type { Language } from "../../../domain/language";
import type { DomainError } from "../../../domain/result";
import { t } from "../../../i18n";
import type { Logger } from "../../../log";
import { type CardAction, type ExecuteResponse, type FeatureVerbs, cardResponse, messageResponse } from "../cardActions";

export interface JournalVerbDeps {
  readonly journal: Pick<JournalService, "list" | "get" | "create" | "edit" | "remove" | "keepsJournal">;
  readonly errorText: (language: Language, error: DomainError) => string;
  readonly log: Logger;
}

const EntryOnly = z.object({ entryId: EntryIdSchema });
/** The form's own data: which entry (none: a new one), the version it edits, how many log rows it shows. */
const FormData = z.object({
  entryId: z.union([EntryIdSchema, z.literal("")]).default(""),
  version: z.coerce.number().int().min(0).max(1_000_000).default(0),
  rows: z.coerce.number().int().min(0).max(JOURNAL_LIMITS.logRows).default(1),
  allowSoft: z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]).default(false),
});

const str = (v: unknown) => (typeof v === "string" ? v : "");

/** What the card sent back, as the form shows it again (so a refusal keeps every word typed). */
function typedForm(data: Readonly<Record<string, unknown>>, entryId: string, version: number, rows: number): JournalForm {
  const log: JournalLogRow[] = [];
  for (let i = 0; i < rows; i++) log.push({ citizen: str(data[logInputId(i, "citizen")]), worker: str(data[logInputId(i, "worker")]), observation: str(data[logInputId(i, "observation")]) });
  return {
    entryId,
    version,
    title: str(data["title"]),
    date: str(data["date"]),
    background: str(data["background"]),
    problems: str(data["problems"]),
    caseSummary: str(data["caseSummary"]),
    other: str(data["other"]),
    reflection: str(data["reflection"]),
    log: log.length > 0 ? log : [emptyRow],
  };
}

/** Any input that is not text (a forged click) is refused by the use case's schema, not coerced. */
function rawInput(data: Readonly<Record<string, unknown>>, rows: number): Record<string, unknown> {
  const log: Record<string, unknown>[] = [];
  for (let i = 0; i < rows; i++) log.push({ citizen: data[logInputId(i, "citizen")] ?? "", worker: data[logInputId(i, "worker")] ?? "", observation: data[logInputId(i, "observation")] ?? "" });
  const pick = (k: string) => data[k] ?? "";
  return { title: pick("title"), date: pick("date"), background: pick("background"), problems: pick("problems"), caseSummary: pick("caseSummary"), other: pick("other"), reflection: pick("reflection"), log };
}

export class JournalVerbs {
  constructor(private readonly deps: JournalVerbDeps) {}

  verbs(): FeatureVerbs {
    // From any chat but the clicker's own personal chat: one line saying where the journal lives.
    const elsewhere = "journal.groupOnly" as const;
    return {
      [Verbs.journalList]: { needs: "self", elsewhere, run: ({ actor }) => this.list(actor) },
      [Verbs.journalOpen]: { needs: "self", elsewhere, run: (a) => this.onOpen(a) },
      [Verbs.journalNew]: { needs: "self", elsewhere, run: (a) => this.onNew(a) },
      [Verbs.journalAddRow]: { needs: "self", elsewhere, run: (a) => this.onAddRow(a) },
      [Verbs.journalSave]: { needs: "self", elsewhere, run: (a) => this.onSave(a) },
      [Verbs.journalDelete]: { needs: "self", elsewhere, run: (a) => this.onDelete(a) },
      [Verbs.journalDeleteConfirm]: { needs: "self", elsewhere, run: (a) => this.onDeleteConfirm(a) },
    };
  }

  /** `journal` / `procesjournal`: the list card, in the personal chat only; in a group chat one line saying where the journal is. */
  async onCommand(ctx: TurnContext, actor: Actor, conv: ConversationFacts): Promise<void> {
    if (conv.conversationType !== "personal") {
      await ctx.sendActivity(t(actor.language, "journal.groupOnly"));
      return;
    }
    const body = await this.list(actor);
    if (body.type === "application/vnd.microsoft.activity.message") await ctx.sendActivity(body.value);
    else await ctx.sendActivity({ type: "message", attachments: [CardFactory.adaptiveCard(body.value)] });
  }

  private owner(actor: Actor): JournalOwner {
    return { tenantId: actor.tenantId, aadObjectId: actor.aadObjectId };
  }

  private async list(actor: Actor, view: { notice?: string; error?: string } = {}): Promise<ExecuteResponse> {
    const who = this.owner(actor);
    const entries = await this.deps.journal.list(who);
    // Someone who is no mentee (and has no entries kept) is told whose the journal is; nothing else.
    if (entries.length === 0 && !(await this.deps.journal.keepsJournal(who))) return messageResponse(this.deps.errorText(actor.language, { code: "JOURNAL_NOT_MENTEE" }));
    return cardResponse(renderJournalList(actor.language, entries, view));
  }

  private async onOpen({ actor, data }: CardAction): Promise<ExecuteResponse> {
    const parsed = EntryOnly.safeParse(data);
    const r = parsed.success ? await this.deps.journal.get(this.owner(actor), parsed.data.entryId) : null;
    if (!r || !r.ok) return this.list(actor, { error: this.deps.errorText(actor.language, { code: "JOURNAL_ENTRY_NOT_FOUND" }) });
    return cardResponse(renderJournalEntry(actor.language, formOf(r.value)));
  }

  private async onNew({ actor }: CardAction): Promise<ExecuteResponse> {
    if (!(await this.deps.journal.keepsJournal(this.owner(actor)))) return messageResponse(this.deps.errorText(actor.language, { code: "JOURNAL_NOT_MENTEE" }));
    return cardResponse(renderJournalEntry(actor.language, newForm()));
  }

  /** "Add row": the same form with one more empty row of the conversation log; what was typed stays, nothing is saved. */
  private async onAddRow({ actor, data }: CardAction): Promise<ExecuteResponse> {
    const parsed = FormData.safeParse(data);
    if (!parsed.success) return messageResponse(this.deps.errorText(actor.language, { code: "INVALID_INPUT", params: { field: "entry" } }));
    const { entryId, version, rows } = parsed.data;
    const form = typedForm(data, entryId, version, rows);
    const log = form.log.length < JOURNAL_LIMITS.logRows ? [...form.log, emptyRow] : form.log;
    return cardResponse(renderJournalEntry(actor.language, { ...form, log }));
  }

  private async onSave({ actor, data }: CardAction): Promise<ExecuteResponse> {
    const parsed = FormData.safeParse(data);
    if (!parsed.success) return messageResponse(this.deps.errorText(actor.language, { code: "INVALID_INPUT", params: { field: "entry" } }));
    const { entryId, version, rows, allowSoft } = parsed.data;
    const lang = actor.language;
    const typed = typedForm(data, entryId, version, rows);
    const raw = rawInput(data, rows);
    const who = this.owner(actor);
    const r = entryId === "" ? await this.deps.journal.create(who, raw, { allowSoft }) : await this.deps.journal.edit(who, entryId, version, raw, { allowSoft });
    if (!r.ok) {
      // The typed text stays on the card: nothing is lost to a refusal.
      return cardResponse(renderJournalEntry(lang, typed, { error: this.refusal(lang, r.error), offerSaveAnyway: r.error.code === "CONTACT_DETAILS_FOUND" }));
    }
    return cardResponse(renderJournalEntry(lang, formOf(r.value), { notice: t(lang, "journal.saved", { version: r.value.version }) }));
  }

  private async onDelete({ actor, data }: CardAction): Promise<ExecuteResponse> {
    const parsed = EntryOnly.safeParse(data);
    const r = parsed.success ? await this.deps.journal.get(this.owner(actor), parsed.data.entryId) : null;
    if (!r || !r.ok) return this.list(actor, { error: this.deps.errorText(actor.language, { code: "JOURNAL_ENTRY_NOT_FOUND" }) });
    const entries = await this.deps.journal.list(this.owner(actor));
    return cardResponse(renderJournalList(actor.language, entries, { confirm: r.value }));
  }

  private async onDeleteConfirm({ actor, data }: CardAction): Promise<ExecuteResponse> {
    const parsed = EntryOnly.safeParse(data);
    const r = parsed.success ? await this.deps.journal.remove(this.owner(actor), parsed.data.entryId) : null;
    if (!r || !r.ok) return this.list(actor, { error: this.deps.errorText(actor.language, { code: "JOURNAL_ENTRY_NOT_FOUND" }) });
    return this.list(actor, { notice: t(actor.language, "journal.deleted") });
  }

  /** A refusal in words; a field it names is given by its label on the card. */
  private refusal(lang: Language, error: DomainError): string {
    const params = error.params ?? {};
    const field = typeof params["field"] === "string" ? params["field"] : null;
    const label = field && isJournalField(field) ? t(lang, `journal.field.${field}`) : null;
    if (error.code === "INVALID_INPUT") {
      if (!label) return this.deps.errorText(lang, error);
      const rule = params["issue"] === "tooLong" ? t(lang, "input.tooLong", { max: Number(params["max"] ?? 0) }) : params["issue"] === "required" ? t(lang, "input.required") : t(lang, "input.invalid");
      return t(lang, "input.invalidField", { label: label.replace(/\s*\(.*\)$/, ""), rule });
    }
    return this.deps.errorText(lang, label ? { ...error, params: { ...params, field: label } } : error);
  }
}

const JOURNAL_FIELDS = ["title", "date", "background", "problems", "caseSummary", "other", "reflection", "log.citizen", "log.worker", "log.observation"] as const;
type JournalFieldKey = (typeof JOURNAL_FIELDS)[number];
const isJournalField = (f: string): f is JournalFieldKey => (JOURNAL_FIELDS as readonly string[]).includes(f);
