/**
 * The programme ids and which one a language starts from: the only place besides the policies
 * that names a programme. Dependency-free (type imports only), so the tab's contract can share it.
 */
import type { Language } from "../language";

export const ProgrammeIds = ["klds", "kristiansand", "custom"] as const;
export type ProgrammeId = (typeof ProgrammeIds)[number];

/** The programmes that have texts of their own in the word lists; the others borrow one of these. */
export type ProgrammeWording = Exclude<ProgrammeId, "custom">;
/** The wordings a coordinator's programme can take (the programme it was copied from). */
export const ProgrammeWordings = ["klds", "kristiansand"] as const satisfies readonly ProgrammeWording[];

export function isProgrammeId(value: unknown): value is ProgrammeId {
  return typeof value === "string" && (ProgrammeIds as readonly string[]).includes(value);
}

/** The programme a new mentorship is offered by default: Kristiansand's for Norwegian, KL/DS's otherwise. */
export function programmeForLanguage(language: Language): ProgrammeId {
  return language === "nb" ? "kristiansand" : "klds";
}
