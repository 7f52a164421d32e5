import { z } from "zod";

/** The journal's limits: a full entry, as a card, stays inside the 28 KB Teams carries (test/unit/journalCards.test.ts). */
export const JOURNAL_LIMITS = { title: 120, field: 1000, logRows: 8, logCell: 250 } as const;

const field = z.string().max(JOURNAL_LIMITS.field).default("");
const cell = z.string().max(JOURNAL_LIMITS.logCell).default("");

/** An entry as the mentee types it (card or tab): the date as yyyy-mm-dd or dd.mm.yyyy, optional (today). */
export const JournalInputSchema = z.object({
  title: z.string().max(JOURNAL_LIMITS.title).default(""),
  date: z.string().trim().max(10).default(""),
  background: field,
  problems: field,
  caseSummary: field,
  other: field,
  reflection: field,
  log: z.array(z.object({ citizen: cell, worker: cell, observation: cell })).max(JOURNAL_LIMITS.logRows).default([]),
});
export type JournalInput = z.output<typeof JournalInputSchema>;

/** Entry ids the app makes: "j-" and 20 hex digits (anything else names no entry). */
export const ENTRY_ID = /^j-[0-9a-f]{20}$/;
export const EntryIdSchema = z.string().regex(ENTRY_ID);

