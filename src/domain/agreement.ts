/**
 * The collaboration agreement (samarbejdsaftale) of the KL/DS template, field by field.
 * Every text field has a length limit: it keeps a posted card under the Teams size budget.
 */
/**
 * Every mentor role and tool any programme offers; a mentorship offers its own programme's
 * (`Programmes[id].mentorRoles` / `.tools`). KL/DS: seed 001; Kristiansand: seed 004.
 */
export const MentorRoles = ["supervisor", "coach", "adviser", "knowledgeSharer", "critic", "supporter", "counsellor", "guide"] as const;
export type MentorRole = (typeof MentorRoles)[number];

export const AgreementTools = ["processJournal", "caseAnalysis", "coachingConversation", "practiceReflection", "qualitySystem", "goodEnough"] as const;
export type AgreementTool = (typeof AgreementTools)[number];

/** Text fields and their maximum lengths (characters). */
export const AgreementTextLimits = {
  purpose: 800,
  timeAndPlace: 200,
  undisturbed: 300,
  framesOther: 400,
  openness: 400,
  confidentiality: 400,
  preparation: 400,
  feedback: 400,
  groundRulesOther: 400,
  shortTermGoals: 800,
  longTermIdeas: 800,
  learningOther: 400,
  methodsOther: 400,
  other: 800,
} as const;
export type AgreementTextField = keyof typeof AgreementTextLimits;
export const AgreementTextFields = Object.keys(AgreementTextLimits) as AgreementTextField[];

export const MEETING_COUNT_RANGE = { min: 1, max: 52 } as const;

export interface AgreementFields {
  readonly purpose: string;
  // frames (rammer)
  readonly meetingCount: number;
  readonly meetingMinutes: number;
  readonly timeAndPlace: string;
  readonly undisturbed: string;
  readonly framesOther: string;
  // ground rules (spilleregler)
  readonly openness: string;
  readonly confidentiality: string;
  readonly preparation: string;
  readonly feedback: string;
  readonly groundRulesOther: string;
  // learning needs (læringsbehov)
  readonly shortTermGoals: string;
  readonly longTermIdeas: string;
  readonly learningOther: string;
  // methods (metoder)
  readonly mentorRoles: readonly MentorRole[];
  readonly tools: readonly AgreementTool[];
  readonly methodsOther: string;
  readonly other: string;
}

export type AgreementFieldName = keyof AgreementFields;
export const AgreementFieldNames: readonly AgreementFieldName[] = [
  "purpose",
  "meetingCount",
  "meetingMinutes",
  "timeAndPlace",
  "undisturbed",
  "framesOther",
  "openness",
  "confidentiality",
  "preparation",
  "feedback",
  "groundRulesOther",
  "shortTermGoals",
  "longTermIdeas",
  "learningOther",
  "mentorRoles",
  "tools",
  "methodsOther",
  "other",
];

export type Party = "mentor" | "mentee";
export type Editor = Party | "programme";

export interface AgreementVersion {
  readonly number: number;
  readonly fields: AgreementFields;
  readonly editedBy: Editor;
  readonly at: string; // ISO instant
}

export interface Acceptance {
  readonly version: number;
  readonly at: string;
}

export interface AgreementState {
  readonly version: number;
  readonly fields: AgreementFields;
  readonly acceptances: Readonly<Partial<Record<Party, Acceptance>>>;
  readonly lockedAt: string | null;
  /**
   * The version in which each field last changed (absent: unchanged since version 1), so the card
   * can say what changed since a version without reading old versions. Absent in older rows.
   */
  readonly changedIn?: Readonly<Partial<Record<AgreementFieldName, number>>>;
  /** The last version each party accepted before an edit cleared the acceptance. */
  readonly acceptedBefore?: Readonly<Partial<Record<Party, number>>>;
  /**
   * A proposed revision of a locked agreement (seed 004: "justeringer gjøres underveis"): its own
   * versions, accepted by both exactly as before; until then the agreed version (the state above)
   * stays in force. Null/absent: none open.
   */
  readonly revision?: AgreementRevision | null;
  /** When the last adopted revision came into force (absent/null: the version agreed at the lock). */
  readonly revisedAt?: string | null;
  /**
   * The newest version number that has a row, a withdrawn revision's included, so the next version
   * never reuses a number (absent: `version`, or the open revision's).
   */
  readonly newestVersion?: number;
  /**
   * The versions that were in force before a revision replaced them, oldest first, with who accepted
   * them when: the record of what was agreed, for a copy of any agreed version. Absent: none replaced.
   */
  readonly replacedVersions?: readonly ReplacedVersion[];
}

export interface ReplacedVersion {
  readonly version: number;
  readonly acceptances: Readonly<Partial<Record<Party, Acceptance>>>;
  /** When the revision that replaced it came into force. */
  readonly until: string;
}

export interface AgreementRevision {
  /** The revision's newest version number (continues after the agreed version; every version has its row). */
  readonly version: number;
  readonly fields: AgreementFields;
  readonly acceptances: Readonly<Partial<Record<Party, Acceptance>>>;
  readonly proposedBy: Party;
  readonly proposedAt: string;
  readonly editedBy: Editor;
  readonly at: string;
}

/**
 * The fields changed after version `since`, in the agreement's order; null when the state cannot
 * tell (a row stored before `changedIn` existed, with edits after version 1).
 */
export function changedSince(state: AgreementState, since: number): AgreementFieldName[] | null {
  if (!state.changedIn) return state.version === 1 ? [] : null;
  const changedIn = state.changedIn;
  return AgreementFieldNames.filter((name) => (changedIn[name] ?? 1) > since);
}

function sameValue(a: AgreementFields[AgreementFieldName], b: AgreementFields[AgreementFieldName]): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && [...a].sort().join("\u0000") === [...b].sort().join("\u0000");
  }
  return a === b;
}

/** The fields a user changed, compared with the version their card showed. */
export function changedFields(base: AgreementFields, submitted: AgreementFields): AgreementFieldName[] {
  return AgreementFieldNames.filter((name) => !sameValue(base[name], submitted[name]));
}

/**
 * Re-applies a user's change on top of the newest version: only the fields they changed
 * relative to the version they saw are taken, so a concurrent edit of another field survives.
 */
export function applyChange(
  latest: AgreementFields,
  base: AgreementFields,
  submitted: AgreementFields,
): AgreementFields {
  const merged: Record<string, unknown> = { ...latest };
  for (const name of changedFields(base, submitted)) merged[name] = submitted[name];
  return merged as unknown as AgreementFields;
}

export function isAccepted(state: AgreementState, party: Party): boolean {
  return state.acceptances[party]?.version === state.version;
}

/** The newest version number with a row: the next version is this + 1. */
export function newestVersion(state: AgreementState): number {
  return Math.max(state.version, state.newestVersion ?? 0, state.revision?.version ?? 0);
}

export function isRevisionAccepted(revision: AgreementRevision, party: Party): boolean {
  return revision.acceptances[party]?.version === revision.version;
}
