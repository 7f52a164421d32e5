// Issue 13: the journal cards in da, nb and en: valid Adaptive Cards 1.5 against the offline schema,
// no template syntax left, a full entry (every field and log cell at its limit, in æøå) under the
// Teams size budget, actions carrying ids only, the typed text in the inputs; the template's fields.
import assert from "node:assert/strict";
import { JOURNAL_LIMITS } from "../../src/app/journal/schemas";
import { JOURNAL_CARD_ENTRIES, formOf, newForm, renderJournalEntry, renderJournalList } from "../../src/cards/journalCard";
import type { JournalEntry } from "../../src/domain/journal";
import { Languages } from "../../src/domain/language";
import { t } from "../../src/i18n";
import { cardText } from "../bot/harness";
import { TEAMS_CARD_BUDGET_BYTES, assertValidCard, cardBytes, executeActionsOf, inputsOf, templateLeftovers } from "../support/cardSchema";

const fill = (n: number) => "æøå ".repeat(Math.ceil(n / 4)).slice(0, n);
const full: JournalEntry = {
  id: "j-0123456789abcdef0123",
  tenantId: "t",
  menteeAadObjectId: "m",
  mentorshipId: "ms-1",
  date: "2027-03-01",
  title: fill(JOURNAL_LIMITS.title),
  background: fill(JOURNAL_LIMITS.field),
  problems: fill(JOURNAL_LIMITS.field),
  caseSummary: fill(JOURNAL_LIMITS.field),
  other: fill(JOURNAL_LIMITS.field),
  reflection: fill(JOURNAL_LIMITS.field),
  log: Array.from({ length: JOURNAL_LIMITS.logRows }, () => ({ citizen: fill(JOURNAL_LIMITS.logCell), worker: fill(JOURNAL_LIMITS.logCell), observation: fill(JOURNAL_LIMITS.logCell) })),
  createdAt: "2027-03-01T10:00:00.000Z",
  updatedAt: "2027-03-01T10:00:00.000Z",
  version: 4,
};

function check(card: object, what: string): void {
  assertValidCard(card, what);
  assert.deepEqual(templateLeftovers(card), [], what);
  assert.ok(cardBytes(card) < TEAMS_CARD_BUDGET_BYTES, `${what}: ${cardBytes(card)} bytes`);
  for (const action of executeActionsOf(card)) {
    for (const [k, v] of Object.entries((action["data"] ?? {}) as Record<string, unknown>)) assert.ok(/^[A-Za-z0-9._:-]*$/.test(String(v)), `${what}: action data ${k}=${String(v)} is not an id`);
  }
}

describe("journal cards", () => {
  for (const lang of Languages) {
    it(`${lang}: a full entry at every limit is a valid card inside the Teams budget, its text in the inputs, no "add row" at the limit`, () => {
      const card = renderJournalEntry(lang, formOf(full));
      check(card, `${lang} full entry`);
      const ids = inputsOf(card).map((i) => String(i["id"]));
      for (const id of ["title", "date", "background", "problems", "caseSummary", "other", "reflection", "log_0_citizen", "log_7_observation"]) assert.ok(ids.includes(id), id);
      assert.ok(!executeActionsOf(card).some((a) => a["verb"] === "journal.addRow"), "at the limit of rows: no more");
      const text = cardText(card);
      for (const key of ["journal.field.background", "journal.field.problems", "journal.field.caseSummary", "journal.field.other", "journal.field.log", "journal.field.log.citizen", "journal.field.log.worker", "journal.field.log.observation", "journal.field.reflection", "journal.status"] as const) assert.ok(text.includes(t(lang, key)), key);
      const save = executeActionsOf(card).find((a) => a["verb"] === "journal.save");
      assert.deepEqual(save?.["data"], { entryId: full.id, version: 4, rows: 8 });
    });

    it(`${lang}: a new entry has one log row and "add row", no delete; a soft warning offers "save anyway"; the list names entries by date and title and asks before deleting`, () => {
      const blank = renderJournalEntry(lang, newForm());
      check(blank, `${lang} new entry`);
      assert.ok(executeActionsOf(blank).some((a) => a["verb"] === "journal.addRow"));
      assert.ok(!executeActionsOf(blank).some((a) => a["verb"] === "journal.delete"));
      const warned = renderJournalEntry(lang, newForm(), { error: "x", offerSaveAnyway: true });
      check(warned, `${lang} warned`);
      assert.deepEqual(executeActionsOf(warned).filter((a) => a["verb"] === "journal.save").map((a) => (a["data"] as Record<string, unknown>)["allowSoft"]), [undefined, "true"]);
      const entries = Array.from({ length: JOURNAL_CARD_ENTRIES + 3 }, (_, i) => ({ ...full, id: `j-${String(i).padStart(20, "0")}`, title: `Notat ${i}` }));
      const list = renderJournalList(lang, entries, { confirm: entries[0]! });
      check(list, `${lang} list`);
      assert.ok(cardText(list).includes(t(lang, "journal.listMore", { shown: JOURNAL_CARD_ENTRIES, count: entries.length })));
      assert.ok(cardText(list).includes(t(lang, "journal.deleteConfirm", { title: "Notat 0" })));
      assert.ok(JSON.stringify(list).includes("01.03.2027 – Notat 3"), "each entry is a choice by date and title");
      check(renderJournalList(lang, []), `${lang} empty list`);
    });
  }
});
