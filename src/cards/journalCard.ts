/**
 * Issue 13: the mentee's process journal as cards — the list and the entry form (seed 000's
 * PROCESJOURNAL: current status, the conversation log in three columns as rows the mentee adds,
 * reflection). Only ever an answer to the mentee's own click or command in their personal chat:
 * never posted to a group chat, never kept as a posted message.
 */
import listTemplate from "../../adaptiveCards/journal.json";
import entryTemplate from "../../adaptiveCards/journalEntry.json";
import { JOURNAL_LIMITS } from "../app/journal/schemas";
import { formatDate } from "../domain/dates";
import type { JournalEntry, JournalLogRow } from "../domain/journal";
import type { Language } from "../domain/language";
import { t } from "../i18n";
import { type AdaptiveCard, expand } from "./template";
import { Verbs } from "./verbs";

/** How many entries the list card shows (the tab's "My journal" shows them all). */
export const JOURNAL_CARD_ENTRIES = 15;

export interface JournalListView {
  readonly notice?: string;
  readonly error?: string;
  /** The entry whose deletion waits for "yes". */
  readonly confirm?: JournalEntry;
}

export function renderJournalList(language: Language, entries: readonly JournalEntry[], view: JournalListView = {}): AdaptiveCard {
  const shown = entries.slice(0, JOURNAL_CARD_ENTRIES);
  return expand(listTemplate, {
    notice: view.notice ?? "",
    error: view.error ?? "",
    confirm: view.confirm?.id ?? "",
    confirmText: view.confirm ? t(language, "journal.deleteConfirm", { title: view.confirm.title }) : "",
    // A choice and one Open button, not a button an entry: a card shows at most six actions (Store rule).
    entries: shown.map((e) => ({ id: e.id, line: t(language, "journal.entryLine", { date: formatDate(e.date), title: e.title }) })),
    first: shown[0]?.id ?? "",
    verbs: Verbs,
    more: entries.length > shown.length ? t(language, "journal.listMore", { shown: shown.length, count: entries.length }) : "",
    t: {
      title: t(language, "journal.title"),
      purpose: t(language, "journal.purpose"),
      empty: t(language, "journal.empty"),
      new: t(language, "journal.new"),
      open: t(language, "journal.open"),
      choose: t(language, "journal.choose"),
      deleteYes: t(language, "journal.deleteYes"),
      deleteNo: t(language, "journal.deleteNo"),
    },
  });
}

/** What the form shows: a saved entry, or what the mentee typed (kept as typed on a refusal). */
export interface JournalForm {
  /** "" for a new entry. */
  readonly entryId: string;
  /** The version being edited (0 for a new entry). */
  readonly version: number;
  readonly title: string;
  /** As typed (dd.mm.yyyy), or a saved entry's date. */
  readonly date: string;
  readonly background: string;
  readonly problems: string;
  readonly caseSummary: string;
  readonly other: string;
  readonly reflection: string;
  readonly log: readonly JournalLogRow[];
}

export interface JournalFormView {
  readonly notice?: string;
  readonly error?: string;
  /** A soft warning (phone / e-mail in a citizen field): offer "save anyway". */
  readonly offerSaveAnyway?: boolean;
}

export const emptyRow: JournalLogRow = { citizen: "", worker: "", observation: "" };

export function formOf(e: JournalEntry): JournalForm {
  return { entryId: e.id, version: e.version, title: e.title, date: formatDate(e.date), background: e.background, problems: e.problems, caseSummary: e.caseSummary, other: e.other, reflection: e.reflection, log: e.log.length > 0 ? e.log : [emptyRow] };
}

export const newForm = (): JournalForm => ({ entryId: "", version: 0, title: "", date: "", background: "", problems: "", caseSummary: "", other: "", reflection: "", log: [emptyRow] });

/** The card's input ids of one log row (the card sends them back as `log_<i>_<column>`). */
export const logInputId = (i: number, column: keyof JournalLogRow) => `log_${i}_${column}`;

export function renderJournalEntry(language: Language, form: JournalForm, view: JournalFormView = {}): AdaptiveCard {
  const rows = form.log.slice(0, JOURNAL_LIMITS.logRows);
  return expand(entryTemplate, {
    entryId: form.entryId,
    version: form.version,
    rows: rows.length,
    state: form.entryId === "" ? t(language, "journal.newHint") : t(language, "journal.purpose"),
    notice: view.notice ?? "",
    error: view.error ?? "",
    offerSaveAnyway: view.offerSaveAnyway === true,
    canAddRow: rows.length < JOURNAL_LIMITS.logRows,
    limits: JOURNAL_LIMITS,
    title: form.title,
    date: form.date,
    background: form.background,
    problems: form.problems,
    caseSummary: form.caseSummary,
    other: form.other,
    reflection: form.reflection,
    log: rows.map((r, i) => ({
      heading: t(language, "journal.logRow", { n: i + 1 }),
      citizenId: logInputId(i, "citizen"),
      workerId: logInputId(i, "worker"),
      observationId: logInputId(i, "observation"),
      citizen: r.citizen,
      worker: r.worker,
      observation: r.observation,
    })),
    t: {
      title: t(language, "journal.title"),
      status: t(language, "journal.status"),
      fieldTitle: t(language, "journal.field.title"),
      fieldDate: t(language, "journal.field.date"),
      fieldBackground: t(language, "journal.field.background"),
      fieldProblems: t(language, "journal.field.problems"),
      fieldCaseSummary: t(language, "journal.field.caseSummary"),
      fieldOther: t(language, "journal.field.other"),
      fieldLog: t(language, "journal.field.log"),
      fieldCitizen: t(language, "journal.field.log.citizen"),
      fieldWorker: t(language, "journal.field.log.worker"),
      fieldObservation: t(language, "journal.field.log.observation"),
      fieldReflection: t(language, "journal.field.reflection"),
      addRow: t(language, "journal.addRow"),
      save: t(language, "journal.save"),
      saveAnyway: t(language, "journal.saveAnyway"),
      delete: t(language, "journal.delete"),
      back: t(language, "journal.back"),
    },
  });
}
