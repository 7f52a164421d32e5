/**
 * Issue 13: the mentee's process journal (procesjournal; KL/DS template, seed 000): the mentee's
 * own learning tool about real citizen cases, "kan ikke bruges i formel sagsbehandling". Visible to
 * the mentee only; never posted to a group chat, shown to anyone else, exported for anyone else or
 * logged. Entries are stored encrypted (src/app/journal owns the repository; nothing else imports it).
 */

/** One row of the conversation log (three columns of the template). */
export interface JournalLogRow {
  /** "Borger" — what the citizen said or did. */
  readonly citizen: string;
  /** "Socialrådgiver" — what the social worker (the mentee) said or did. */
  readonly worker: string;
  /** "Iagttagelse/tanker" — observation and thoughts. */
  readonly observation: string;
}

/** The template's text fields, in its order. */
export const JournalTextFields = ["title", "background", "problems", "caseSummary", "other", "reflection"] as const;
export type JournalTextField = (typeof JournalTextFields)[number];

/** The fields that describe the citizen: here the guard also warns (softly) of phone numbers and e-mail addresses. */
export const JournalCitizenFields: readonly JournalTextField[] = ["background", "problems", "caseSummary", "other"];

export interface JournalEntry {
  readonly id: string;
  readonly tenantId: string;
  /** The mentee (Entra object id): the journal's only reader. */
  readonly menteeAadObjectId: string;
  /** The mentorship the mentee was in when writing (its closing starts the journal's retention). */
  readonly mentorshipId: string;
  /** dd.mm.yyyy in the card; stored as IsoDate (yyyy-mm-dd). */
  readonly date: string;
  readonly title: string;
  /** Aktuel status: "Borgers baggrundsdata (anonymiseret)". */
  readonly background: string;
  /** "Borgerens problemstilling/-er". */
  readonly problems: string;
  /** "Resumé af sagens hidtidige forløb". */
  readonly caseSummary: string;
  /** "Andet". */
  readonly other: string;
  /** "Referat/beskrivelse af samtale/handlingsforløb": rows the mentee adds. */
  readonly log: readonly JournalLogRow[];
  /** Reflection, analysis and assessment after the conversation. */
  readonly reflection: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Optimistic concurrency: every save names the version it edits. */
  readonly version: number;
}
