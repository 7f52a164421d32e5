/**
 * Mentorships as domain values for the Word document tests: made by the domain's own transitions
 * (create, post, edit, accept — the same calls the cards make), so the versions and acceptances are
 * what the app stores; the closing is a Closing value per src/domain/closing.ts, as the closing
 * part of issue 11 will leave it.
 */
import assert from "node:assert/strict";
import type { AgreementFields, AgreementVersion } from "../../src/domain/agreement";
import type { Closing, EvaluationFields } from "../../src/domain/closing";
import type { Language } from "../../src/domain/language";
import { type Mentorship, type Person, acceptAgreement, agreementPosted, createMentorship, editAgreement } from "../../src/domain/mentorship";
import type { ProgrammeId } from "../../src/domain/programmes";

export const CREATED = new Date("2026-01-02T09:00:00Z");
export const EDITED = new Date("2026-01-12T13:30:00Z");
/** Both accept the edited version 2: the agreement locks. */
export const MENTOR_ACCEPTED = new Date("2026-01-13T08:15:00Z");
export const MENTEE_ACCEPTED = new Date("2026-01-14T15:45:00Z");

/** What a pair writes, with æøå, markup characters and line breaks, different per language so no text leaks between them. */
export function pairText(language: Language): Partial<AgreementFields> {
  const p = `[${language}]`;
  return {
    purpose: `${p} Sikre en effektiv ramme for faglig dialog i de første perioder på arbejdspladsen.\nStyrke den fagprofessionelle kompetenceudvikling – også når det er svært.`,
    meetingCount: 11,
    timeAndPlace: `${p} Hver anden tirsdag kl. 9–10 i mødelokale "Åløkken"`,
    undisturbed: `${p} Telefoner på lydløs; ingen forstyrrelser <undtagen> akutte sager & brand`,
    framesOther: `${p} Aflysning senest dagen før`,
    openness: `${p} Vi kan tale om alt, også det svære`,
    confidentiality: `${p} Det vi taler om, bliver mellem os – fortrolighed`,
    preparation: `${p} Menteen sender et tema dagen før`,
    feedback: `${p} Vi giver hinanden feedback til sidst`,
    groundRulesOther: `${p} Vi siger til, hvis samarbejdet ikke fungerer`,
    shortTermGoals: `${p} Håndtere myndighedsrollen\n${p} Skrive afgørelser, der holder i Ankestyrelsen`,
    longTermIdeas: `${p} Vidensbaseret praksis; svære samtaler med borgere`,
    learningOther: `${p} Øvelser mellem møderne`,
    methodsOther: `${p} Menteens logbog; teori og praksis`,
    other: `${p} Vi evaluerer forløbet efter 12 måneder – æøå ÆØÅ`,
  };
}

export interface Pair {
  readonly mentorship: Mentorship;
  readonly versions: readonly AgreementVersion[];
}

export interface PairInput {
  readonly id?: string;
  readonly tenantId: string;
  readonly conversationId?: string;
  readonly language: Language;
  readonly programme: ProgrammeId;
  readonly mentor: Person;
  readonly mentee: Person;
  readonly unit?: string;
  /** "draft": version 2 saved, nobody accepted; "agreed" (default): both accepted version 2. */
  readonly until?: "draft" | "agreed";
}

/** Version 1 from the programme, version 2 the mentor's edit with the pair's text, accepted by both unless a draft. */
export function agreedPair(input: PairInput): Pair {
  const created = createMentorship(
    {
      id: input.id ?? `m-${input.language}-${input.programme}`,
      tenantId: input.tenantId,
      conversationId: input.conversationId ?? `19:${input.language}@thread.v2`,
      programme: input.programme,
      language: input.language,
      unit: input.unit ?? "Børn og unge, Østerbro",
      firstWorkingDay: "2026-01-05",
      mentor: input.mentor,
      mentee: input.mentee,
    },
    { hasActiveMentorship: false, humanAadObjectIds: [input.mentor.aadObjectId, input.mentee.aadObjectId] },
    CREATED,
  );
  assert.ok(created.ok);
  const { firstVersion } = created.value;
  const posted = agreementPosted(created.value.mentorship, CREATED);
  assert.ok(posted.ok);
  const nursing = input.programme === "kristiansand";
  const roles = nursing ? (["supporter", "counsellor"] as const) : (["supervisor", "coach"] as const);
  const tools = nursing ? (["practiceReflection", "goodEnough"] as const) : (["processJournal", "caseAnalysis"] as const);
  const fields = { ...firstVersion.fields, ...pairText(input.language), meetingMinutes: nursing ? 45 : 75, mentorRoles: roles, tools };
  const edited = editAgreement(posted.value, input.mentor.aadObjectId, firstVersion, fields, EDITED);
  assert.ok(edited.ok, JSON.stringify(edited));
  if (input.until === "draft") return { mentorship: edited.value.mentorship, versions: [firstVersion, edited.value.version] };
  const byMentor = acceptAgreement(edited.value.mentorship, input.mentor.aadObjectId, 2, MENTOR_ACCEPTED);
  assert.ok(byMentor.ok);
  const byMentee = acceptAgreement(byMentor.value, input.mentee.aadObjectId, 2, MENTEE_ACCEPTED);
  assert.ok(byMentee.ok);
  assert.equal(byMentee.value.phase, "learning");
  return { mentorship: byMentee.value, versions: [firstVersion, edited.value.version] };
}

export const CLOSING_STARTED = new Date("2026-12-28T07:00:00Z");
export const EVALUATION_EDITED = new Date("2027-01-04T10:20:00Z");
export const MENTOR_CONFIRMED = new Date("2027-01-05T09:00:00Z");
export const MENTEE_CONFIRMED = new Date("2027-01-06T14:10:00Z");
export const CONSENTED = new Date("2027-01-06T14:05:00Z");

/** The evaluation of agreedPair's goals: every status (and one not chosen), comments with æøå. */
export function evaluationText(language: Language): EvaluationFields {
  const p = `[${language}]`;
  const text = pairText(language);
  const [first = "", second = ""] = (text.shortTermGoals ?? "").split("\n");
  return {
    goals: [
      { goal: first, source: "shortTermGoals", status: "reached", comment: `${p} Sikker i rollen – også på vagt` },
      { goal: second, source: "shortTermGoals", status: "partly", comment: `${p} Øver stadig på begrundelserne <§ 50>` },
      { goal: text.longTermIdeas ?? "", source: "longTermIdeas", status: "notYet", comment: "" },
      { goal: `${p} Ét mål uden vurdering`, source: "longTermIdeas", status: null, comment: `${p} Tages op med lederen` },
    ],
    worked: `${p} Faste møder og åbenhed.\nAt vi holdt fortroligheden.`,
    couldBeBetter: `${p} Færre aflysninger i sommerferien`,
    recommendations: `${p} Kursus i svære samtaler & journalføring; sparring med en erfaren kollega i Ålborg`,
  };
}

/** agreedPair closed: both confirmed the evaluation's version 3; the mentee consented (or not) to share with the leader. */
export function closedPair(pair: Pair, options: { readonly shareWithLeader: boolean; readonly confirmed?: "both" | "mentor" | "none" }): Pair {
  const m = pair.mentorship;
  const confirmed = options.confirmed ?? "both";
  const confirmations = {
    ...(confirmed !== "none" ? { mentor: { version: 3, at: MENTOR_CONFIRMED.toISOString() } } : {}),
    ...(confirmed === "both" ? { mentee: { version: 3, at: MENTEE_CONFIRMED.toISOString() } } : {}),
  };
  const closedAt = confirmed === "both" ? MENTEE_CONFIRMED.toISOString() : null;
  const closing: Closing = {
    reason: "completed",
    startedBy: "programme",
    startedAt: CLOSING_STARTED.toISOString(),
    agreementVersion: m.agreement.version,
    evaluation: {
      version: 3,
      fields: evaluationText(m.language),
      editedBy: "mentee",
      at: EVALUATION_EDITED.toISOString(),
      confirmations,
      shareWithLeader: options.shareWithLeader,
      shareWithLeaderAt: options.shareWithLeader ? CONSENTED.toISOString() : null,
    },
    closedAt,
  };
  const phase = closedAt ? "closed" : "closing";
  return { ...pair, mentorship: { ...m, phase, phaseSince: closedAt ?? CLOSING_STARTED.toISOString(), closing } };
}
