import { type AgreementFields, type AgreementFieldName, type AgreementRevision, type AgreementState, type AgreementVersion, type Party, applyChange, changedFields, isAccepted, isRevisionAccepted, newestVersion } from "./agreement";
import { type IsoDate, isIsoDate } from "./dates";
import type { Language } from "./language";
import type { Closing } from "./closing";
import type { Introduction } from "./introduction";
import type { LeaderState } from "./leader";
import type { MeetingPlan } from "./meetings";
import type { ProgrammeDefinition } from "./programmeDefinition";
import { type ProgrammeId, type ProgrammePolicy, agreementChoices, policyOf, timeZoneOf } from "./programmes";
import { type Result, fail, ok } from "./result";

export const Phases = ["preparation", "startUp", "learning", "closing", "closed"] as const;
export type Phase = (typeof Phases)[number];

export interface Person {
  /** Entra object id: the stable key of a person within a tenant. */
  readonly aadObjectId: string;
  readonly name: string;
  /** The channel's id of the person (Teams "29:…"), for mentions and user-specific views. */
  readonly channelUserId: string;
}

export interface Mentorship {
  readonly id: string;
  readonly tenantId: string;
  readonly conversationId: string;
  readonly programme: ProgrammeId;
  readonly language: Language;
  readonly timeZone: string;
  readonly unit: string;
  readonly firstWorkingDay: IsoDate;
  readonly mentor: Person;
  readonly mentee: Person;
  readonly phase: Phase;
  readonly phaseSince: string;
  readonly createdAt: string;
  readonly lastActivityAt: string;
  readonly agreement: AgreementState;
  /**
   * When the agreement card was first posted in the pair's chat (null before). Which chat message
   * shows it is the chat adapter's business, not the mentorship's.
   */
  readonly agreementPostedAt: string | null;
  /** The meetings' plan and booking state, once the mentor has planned them (absent in older rows). */
  readonly meetingPlan?: MeetingPlan | null;
  /** Set while a coordinator has paused the mentorship (the phase stays as it was). */
  readonly pausedAt?: string | null;
  /** Earlier mentors, oldest first: a change of mentor keeps the history with the mentorship. */
  readonly formerMentors?: readonly { readonly person: Person; readonly until: string }[];
  /** A coordinator prepared it from the overview; until a chat is bound, conversationId is "". */
  readonly preparedBy?: { readonly aadObjectId: string; readonly at: string } | null;
  /** The mentor's short presentation for the new hire's welcome (preparation); absent in older rows. */
  readonly presentation?: string;
  /** When the preparation welcome was posted in the pair's chat (null/absent: not posted). */
  readonly welcomePostedAt?: string | null;
  /** When a party first answered "no" to the pairing check: the coordinator's flag, with no name of who. */
  readonly pairingConcernAt?: string | null;
  /** The closing phase and its evaluation (null/absent before closing). */
  readonly closing?: Closing | null;
  // issue 12: the leader and the introduction scheme
  /** The new hire's leader (Entra manager, or the coordinator's choice); null/absent: none named yet. */
  readonly leader?: Person | null;
  /** The introduction scheme's contact person (may be the mentor); null/absent: no introduction. */
  readonly contact?: Person | null;
  /** The leader's talks and heads-up (null/absent: no leader yet, or an older row). */
  readonly leaderState?: LeaderState | null;
  /** The introduction scheme (null/absent: the mentorship runs without one). */
  readonly introduction?: Introduction | null;
  /**
   * The programme definition version the mentorship started on (a coordinator's programme); null/absent:
   * a built-in programme, whose policy is code. A change to the programme reaches only mentorships started after it.
   */
  readonly programmeRef?: { readonly id: string; readonly version: number } | null;
  /**
   * The definition of that version, kept with the mentorship (issue 12, programmes): `policyOf(m)`
   * reads it synchronously, and a later version of the programme never reaches this mentorship.
   */
  readonly programmeDefinition?: ProgrammeDefinition | null;
  // issue 13: data rights
  /**
   * An archive hold a coordinator set: what the municipality must keep (e.g. a complaint or a
   * personnel case). While it is set, neither retention nor a person's erasure removes the
   * mentorship's shared texts (the person is told why); the journal is never held. Null/absent: none.
   */
  readonly archiveHold?: ArchiveHold | null;
}

/** Why a mentorship is kept: a code, never free text (a coordinator's note could name a person). */
export const ArchiveHoldReasons = ["complaint", "personnelCase", "legalObligation"] as const;
export type ArchiveHoldReason = (typeof ArchiveHoldReasons)[number];
export interface ArchiveHold {
  readonly reason: ArchiveHoldReason;
  /** The coordinator (Entra object id). */
  readonly setBy: string;
  readonly at: string;
}

export interface NewMentorship {
  readonly id: string;
  readonly tenantId: string;
  readonly conversationId: string;
  readonly programme: ProgrammeId;
  readonly language: Language;
  readonly unit: string;
  readonly firstWorkingDay: string;
  readonly mentor: Person;
  readonly mentee: Person;
  /** Issue 12: the leader, the contact person and a coordinator's programme version, when known at creation. */
  readonly leader?: Person | null;
  readonly contact?: Person | null;
  readonly programmeRef?: { readonly id: string; readonly version: number } | null;
  /** The definition of `programmeRef`'s version (given with it). */
  readonly programmeDefinition?: ProgrammeDefinition | null;
}

/** Who else is in the chat, as Teams reports it. */
export interface ChatFacts {
  readonly hasActiveMentorship: boolean;
  readonly humanAadObjectIds: readonly string[];
}

export function initialAgreement(programme: ProgrammeId | ProgrammePolicy, language: Language): AgreementFields {
  const template = typeof programme === "string" ? policyOf({ programme }) : programme;
  return {
    purpose: template.suggestedPurpose[language],
    meetingCount: template.defaultMeetingCount,
    meetingMinutes: template.meetingMinutes.default,
    timeAndPlace: "",
    undisturbed: "",
    framesOther: "",
    openness: "",
    confidentiality: "",
    preparation: "",
    feedback: "",
    groundRulesOther: "",
    shortTermGoals: "",
    longTermIdeas: "",
    learningOther: "",
    mentorRoles: [],
    tools: [],
    methodsOther: "",
    other: "",
  };
}

/** A pair is created in the preparation phase, with version 1 of the agreement pre-filled from the programme. */
export function createMentorship(
  input: NewMentorship,
  chat: ChatFacts,
  now: Date,
): Result<{ mentorship: Mentorship; firstVersion: AgreementVersion }> {
  if (chat.hasActiveMentorship) return fail("CHAT_HAS_ACTIVE_MENTORSHIP");
  const others = chat.humanAadObjectIds.filter((id) => id !== input.mentor.aadObjectId);
  if (others.length === 0) return fail("NO_OTHER_HUMAN");
  if (input.mentee.aadObjectId === input.mentor.aadObjectId) return fail("MENTOR_IS_MENTEE");
  if (!others.includes(input.mentee.aadObjectId)) return fail("MENTEE_NOT_IN_CHAT");
  if (!isIsoDate(input.firstWorkingDay)) return fail("INVALID_START_DATE");

  const at = now.toISOString();
  const fields = initialAgreement(policyOf(input), input.language);
  const firstVersion: AgreementVersion = { number: 1, fields, editedBy: "programme", at };
  return ok({
    firstVersion,
    mentorship: {
      ...input,
      firstWorkingDay: input.firstWorkingDay,
      timeZone: timeZoneOf(input),
      phase: "preparation",
      phaseSince: at,
      createdAt: at,
      lastActivityAt: at,
      agreement: { version: 1, fields, acceptances: {}, lockedAt: null },
      agreementPostedAt: null,
    },
  });
}

export function partyOf(m: Mentorship, aadObjectId: string): Party | null {
  if (aadObjectId === m.mentor.aadObjectId) return "mentor";
  if (aadObjectId === m.mentee.aadObjectId) return "mentee";
  return null;
}

export function isActive(m: Mentorship): boolean {
  return m.phase !== "closed";
}

/** Posting the agreement card starts the start-up phase; a card posted again changes nothing. */
export function agreementPosted(m: Mentorship, now: Date): Result<Mentorship> {
  if (m.phase === "preparation") {
    const at = now.toISOString();
    return ok({ ...m, phase: "startUp", phaseSince: at, lastActivityAt: at, agreementPostedAt: at });
  }
  if (m.phase === "startUp") return ok(m.agreementPostedAt ? m : { ...m, agreementPostedAt: now.toISOString() }); // re-posted card
  return fail("WRONG_PHASE", { phase: m.phase });
}

function guardAgreementChange(m: Mentorship, by: string): Result<Party> {
  const party = partyOf(m, by);
  if (!party) return fail("NOT_A_PARTY");
  if (m.phase === "closed") return fail("MENTORSHIP_CLOSED");
  if (m.agreement.lockedAt) return fail("AGREEMENT_LOCKED");
  if (m.phase !== "startUp") return fail("WRONG_PHASE", { phase: m.phase });
  return ok(party);
}

/**
 * A saved edit is a new version, never an acceptance. The user's change is what differs from
 * the version their card showed (`base`); it is applied on top of the newest version. Any
 * acceptance belonged to an older version, so both parties must accept the new one.
 */
export function editAgreement(
  m: Mentorship,
  by: string,
  base: AgreementVersion,
  submitted: AgreementFields,
  now: Date,
): Result<{ mentorship: Mentorship; version: AgreementVersion }> {
  const guard = guardAgreementChange(m, by);
  if (!guard.ok) return guard;
  const limits = policyOf(m).meetingMinutes;
  if (submitted.meetingMinutes < limits.min || submitted.meetingMinutes > limits.max) {
    return fail("INVALID_INPUT", { field: "meetingMinutes", min: limits.min, max: limits.max });
  }
  const foreign = foreignChoice(m, submitted);
  if (foreign) return fail(foreign);
  const fields = applyChange(m.agreement.fields, base.fields, submitted);
  if (changedFields(m.agreement.fields, fields).length === 0) return fail("NO_CHANGES");
  const at = now.toISOString();
  const version: AgreementVersion = { number: m.agreement.version + 1, fields, editedBy: guard.value, at };
  const old = m.agreement;
  const changedIn = { ...old.changedIn, ...Object.fromEntries(changedFields(old.fields, fields).map((name) => [name, version.number])) };
  const acceptedBefore = { ...old.acceptedBefore };
  for (const p of ["mentor", "mentee"] as const) {
    const acc = old.acceptances[p];
    if (acc) acceptedBefore[p] = acc.version;
  }
  return ok({
    version,
    mentorship: {
      ...m,
      lastActivityAt: at,
      agreement: { version: version.number, fields, acceptances: {}, lockedAt: null, changedIn, acceptedBefore },
    },
  });
}

/** A role or tool outside the mentorship's programme (values the agreement already held are kept). */
export function foreignChoice(m: Mentorship, submitted: Pick<AgreementFields, "mentorRoles" | "tools">): "ROLE_NOT_IN_PROGRAMME" | "TOOL_NOT_IN_PROGRAMME" | null {
  const allowed = agreementChoices(policyOf(m), m.agreement.fields);
  if (submitted.mentorRoles.some((r) => !allowed.mentorRoles.includes(r))) return "ROLE_NOT_IN_PROGRAMME";
  if (submitted.tools.some((x) => !allowed.tools.includes(x))) return "TOOL_NOT_IN_PROGRAMME";
  return null;
}

/** Accepting is its own action, for the version the card showed. Both on the same version locks the agreement. */
export function acceptAgreement(m: Mentorship, by: string, version: number, now: Date): Result<Mentorship> {
  const guard = guardAgreementChange(m, by);
  if (!guard.ok) return guard;
  const party = guard.value;
  if (version !== m.agreement.version) return fail("AGREEMENT_STALE_VERSION", { current: m.agreement.version });
  if (isAccepted(m.agreement, party)) return fail("ALREADY_ACCEPTED");
  const at = now.toISOString();
  const acceptances = { ...m.agreement.acceptances, [party]: { version, at } };
  const agreement: AgreementState = { ...m.agreement, acceptances };
  const bothAccepted = isAccepted(agreement, "mentor") && isAccepted(agreement, "mentee");
  if (!bothAccepted) return ok({ ...m, lastActivityAt: at, agreement });
  return ok({
    ...m,
    phase: "learning",
    phaseSince: at,
    lastActivityAt: at,
    agreement: { ...agreement, lockedAt: at },
  });
}

// ---- revision of the agreement in force (seed 004: "justeringer gjøres underveis") ----------------

/**
 * A revision needs an agreement in force and a mentorship still running: in the learning phase
 * only. Closing evaluates against the agreement in force, so it is not changed under the evaluation.
 * A paused mentorship may be revised: a pause stops what the app does on its own (posts, reminders,
 * jobs), not what the pair does, and a leave is just when the frames may need adjusting.
 */
function guardRevision(m: Mentorship, by: string): Result<Party> {
  const party = partyOf(m, by);
  if (!party) return fail("NOT_A_PARTY");
  if (m.phase === "closed") return fail("MENTORSHIP_CLOSED");
  if (m.phase !== "learning" || !m.agreement.lockedAt) return fail("WRONG_PHASE", { phase: m.phase });
  return ok(party);
}

function checkInput(m: Mentorship, submitted: AgreementFields): Result<true> {
  const limits = policyOf(m).meetingMinutes;
  if (submitted.meetingMinutes < limits.min || submitted.meetingMinutes > limits.max) {
    return fail("INVALID_INPUT", { field: "meetingMinutes", min: limits.min, max: limits.max });
  }
  const foreign = foreignChoice(m, submitted);
  return foreign ? fail(foreign) : ok(true);
}

/**
 * Either party proposes a change of the agreement in force: the proposal starts as a copy of it,
 * numbered after every version there is (its own version row), accepted by both exactly as before.
 * Until then the agreed version stays in force: nothing else in the mentorship changes.
 */
export function proposeRevision(m: Mentorship, by: string, now: Date): Result<{ mentorship: Mentorship; version: AgreementVersion }> {
  const guard = guardRevision(m, by);
  if (!guard.ok) return guard;
  if (m.agreement.revision) return fail("REVISION_OPEN");
  const at = now.toISOString();
  const number = newestVersion(m.agreement) + 1;
  const version: AgreementVersion = { number, fields: m.agreement.fields, editedBy: guard.value, at };
  const revision: AgreementRevision = { version: number, fields: m.agreement.fields, acceptances: {}, proposedBy: guard.value, proposedAt: at, editedBy: guard.value, at };
  return ok({ version, mentorship: { ...m, lastActivityAt: at, agreement: { ...m.agreement, revision, newestVersion: number } } });
}

/** A saved edit of the proposal is a new version (merged like editAgreement); it clears the proposal's acceptances. */
export function editRevision(
  m: Mentorship,
  by: string,
  base: Pick<AgreementVersion, "fields">,
  submitted: AgreementFields,
  now: Date,
): Result<{ mentorship: Mentorship; version: AgreementVersion }> {
  const guard = guardRevision(m, by);
  if (!guard.ok) return guard;
  const revision = m.agreement.revision;
  if (!revision) return fail("NO_REVISION");
  const input = checkInput(m, submitted);
  if (!input.ok) return input;
  const fields = applyChange(revision.fields, base.fields, submitted);
  if (changedFields(revision.fields, fields).length === 0) return fail("NO_CHANGES");
  const at = now.toISOString();
  const number = newestVersion(m.agreement) + 1;
  const version: AgreementVersion = { number, fields, editedBy: guard.value, at };
  const next: AgreementRevision = { ...revision, version: number, fields, acceptances: {}, editedBy: guard.value, at };
  return ok({ version, mentorship: { ...m, lastActivityAt: at, agreement: { ...m.agreement, revision: next, newestVersion: number } } });
}

/**
 * Accepting the proposal's version shown. Both on the same version: it becomes the agreement in
 * force (its version, fields and acceptances; lockedAt kept: the mentorship was agreed then), and
 * the proposal is closed. A proposal identical to the agreement in force is refused (NO_CHANGES):
 * adopting it would only make a version that changes nothing.
 */
export function acceptRevision(m: Mentorship, by: string, version: number, now: Date): Result<Mentorship> {
  const guard = guardRevision(m, by);
  if (!guard.ok) return guard;
  const party = guard.value;
  const revision = m.agreement.revision;
  if (!revision) return fail("NO_REVISION");
  if (version !== revision.version) return fail("AGREEMENT_STALE_VERSION", { current: revision.version });
  if (isRevisionAccepted(revision, party)) return fail("ALREADY_ACCEPTED");
  const changed = changedFields(m.agreement.fields, revision.fields);
  if (changed.length === 0) return fail("NO_CHANGES");
  const at = now.toISOString();
  const accepted: AgreementRevision = { ...revision, acceptances: { ...revision.acceptances, [party]: { version, at } } };
  if (!isRevisionAccepted(accepted, "mentor") || !isRevisionAccepted(accepted, "mentee")) {
    return ok({ ...m, lastActivityAt: at, agreement: { ...m.agreement, revision: accepted } });
  }
  const old = m.agreement;
  const changedIn: Partial<Record<AgreementFieldName, number>> = { ...old.changedIn, ...Object.fromEntries(changed.map((name) => [name, version])) };
  const agreement: AgreementState = {
    ...old,
    version,
    fields: accepted.fields,
    acceptances: accepted.acceptances,
    changedIn,
    revision: null,
    revisedAt: at,
    newestVersion: newestVersion(old),
    replacedVersions: [...(old.replacedVersions ?? []), { version: old.version, acceptances: old.acceptances, until: at }],
  };
  return ok({ ...m, lastActivityAt: at, agreement });
}

/** Either party withdraws the open proposal (the other not accepting it comes to the same); the agreed version stays in force. */
export function withdrawRevision(m: Mentorship, by: string, version: number, now: Date): Result<Mentorship> {
  const guard = guardRevision(m, by);
  if (!guard.ok) return guard;
  const revision = m.agreement.revision;
  if (!revision) return fail("NO_REVISION");
  if (version !== revision.version) return fail("AGREEMENT_STALE_VERSION", { current: revision.version });
  const at = now.toISOString();
  return ok({ ...m, lastActivityAt: at, agreement: { ...m.agreement, revision: null, newestVersion: newestVersion(m.agreement) } });
}

/** Who has yet to accept the open proposal (none open: nobody). */
export function waitingForRevision(m: Mentorship): Party[] {
  const revision = m.agreement.revision;
  if (!revision || m.phase !== "learning") return [];
  return (["mentor", "mentee"] as const).filter((p) => !isRevisionAccepted(revision, p));
}

// Closing (the closing phase, its evaluation and the close itself) is in src/domain/closing.ts.

/** What is waiting for a person: the agreement for them to accept, or nothing. */
export function waitingFor(m: Mentorship): Party[] {
  if (m.phase !== "startUp") return [];
  return (["mentor", "mentee"] as const).filter((p) => !isAccepted(m.agreement, p));
}

/** A coordinator pauses a mentorship (leave, illness): nothing is posted or reminded meanwhile. */
export function pause(m: Mentorship, now: Date): Result<Mentorship> {
  if (m.phase === "closed") return fail("WRONG_PHASE", { phase: m.phase });
  if (m.pausedAt) return fail("NO_CHANGES");
  const at = now.toISOString();
  return ok({ ...m, pausedAt: at, lastActivityAt: at });
}

export function resume(m: Mentorship, now: Date): Result<Mentorship> {
  if (!m.pausedAt) return fail("NO_CHANGES");
  const at = now.toISOString();
  return ok({ ...m, pausedAt: null, lastActivityAt: at });
}

/**
 * A coordinator changes the mentor ("without anyone experiencing it as a defeat"): the history
 * stays with the mentorship, the new mentor takes over the agreement and the remaining meetings.
 */
export function changeMentor(m: Mentorship, newMentor: Person, now: Date): Result<Mentorship> {
  if (m.phase === "closed") return fail("WRONG_PHASE", { phase: m.phase });
  if (newMentor.aadObjectId === m.mentee.aadObjectId) return fail("MENTOR_IS_MENTEE");
  if (newMentor.aadObjectId === m.mentor.aadObjectId) return fail("NO_CHANGES");
  const at = now.toISOString();
  // An agreement not yet locked was not accepted by the new mentor: their predecessor's acceptance goes.
  const { mentor: _former, ...others } = m.agreement.acceptances;
  const { mentor: _formerBefore, ...othersBefore } = m.agreement.acceptedBefore ?? {};
  const locked = m.agreement.lockedAt ? withoutMentorOnRevision(m.agreement) : null;
  const agreement = locked ?? { ...m.agreement, acceptances: others, ...(m.agreement.acceptedBefore ? { acceptedBefore: othersBefore } : {}) };
  // In closing, the evaluation was not confirmed by the new mentor either: the predecessor's confirmation goes.
  const { mentor: _formerConfirmation, ...otherConfirmations } = m.closing?.evaluation.confirmations ?? {};
  const closing = m.closing ? { closing: { ...m.closing, evaluation: { ...m.closing.evaluation, confirmations: otherConfirmations } } } : {};
  // "Check the pairing" was about the pair that is no more: the coordinator has acted on it.
  const concern = m.pairingConcernAt ? { pairingConcernAt: null } : {};
  // The leader's request for a change of mentor is answered by this change (issue 12).
  const asked = m.leaderState?.mentorChangeRequestedAt ? { leaderState: { ...m.leaderState, mentorChangeRequestedAt: null } } : {};
  return ok({ ...m, mentor: newMentor, agreement, ...closing, ...concern, ...asked, formerMentors: [...(m.formerMentors ?? []), { person: m.mentor, until: at }], lastActivityAt: at });
}

/** An agreement in force stays as agreed; an open proposal's acceptance by the former mentor goes with them. */
function withoutMentorOnRevision(a: AgreementState): AgreementState {
  if (!a.revision?.acceptances.mentor) return a;
  const { mentor: _former, ...others } = a.revision.acceptances;
  return { ...a, revision: { ...a.revision, acceptances: others } };
}

/** True while a coordinator-prepared mentorship waits for the pair's chat. */
export function awaitingChat(m: Mentorship): boolean {
  return m.conversationId === "";
}

/**
 * A coordinator prepares a mentorship from the overview, before the pair has a chat: it waits in
 * preparation, with version 1 of the agreement, until `bindChat` gives it the pair's chat.
 */
export function prepareMentorship(
  input: Omit<NewMentorship, "conversationId">,
  preparedBy: string,
  now: Date,
): Result<{ mentorship: Mentorship; firstVersion: AgreementVersion }> {
  if (input.mentee.aadObjectId === input.mentor.aadObjectId) return fail("MENTOR_IS_MENTEE");
  const created = createMentorship(
    { ...input, conversationId: "" },
    { hasActiveMentorship: false, humanAadObjectIds: [input.mentor.aadObjectId, input.mentee.aadObjectId] },
    now,
  );
  if (!created.ok) return created;
  return ok({ ...created.value, mentorship: { ...created.value.mentorship, preparedBy: { aadObjectId: preparedBy, at: now.toISOString() } } });
}

/** The pair's chat for a prepared mentorship; the channel ids of the two come from the chat's members. */
export function bindChat(m: Mentorship, conversationId: string, channelIds: { readonly mentor?: string | undefined; readonly mentee?: string | undefined }, now: Date): Result<Mentorship> {
  if (!awaitingChat(m)) return fail("MENTORSHIP_HAS_CHAT");
  if (m.phase === "closed") return fail("WRONG_PHASE", { phase: m.phase });
  if (!conversationId) return fail("INVALID_INPUT", { field: "conversationId" });
  const at = now.toISOString();
  return ok({
    ...m,
    conversationId,
    mentor: { ...m.mentor, channelUserId: channelIds.mentor || m.mentor.channelUserId },
    mentee: { ...m.mentee, channelUserId: channelIds.mentee || m.mentee.channelUserId },
    lastActivityAt: at,
  });
}
