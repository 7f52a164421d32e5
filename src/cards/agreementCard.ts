import agreementTemplate from "../../adaptiveCards/agreement.json";
import {
  type AgreementFieldName,
  AgreementFieldNames,
  AgreementTextLimits,
  type AgreementTextField,
  MEETING_COUNT_RANGE,
  type Party,
  changedFields,
  changedSince,
  isAccepted,
  isRevisionAccepted,
} from "../domain/agreement";
import type { Mentorship } from "../domain/mentorship";
import { agreementChoices, policyOf } from "../domain/programmes";
import { type MessageKey, t } from "../i18n";
import { dateTimeText } from "../i18n/dates";
import { type AdaptiveCard, expand, listOf } from "./template";

interface TextInput {
  readonly id: AgreementTextField;
  readonly label: string;
  readonly value: string;
  /** An example from the programme's own material ("F.eks. …"). */
  readonly placeholder: string;
  readonly max: number;
  readonly error: string;
}

interface NumberInput {
  readonly value: number;
  readonly min: number;
  readonly max: number;
  readonly error: string;
}

/** A section of the editable card: its heading (empty when its one field's label says it), then its inputs. */
interface EditSection {
  readonly heading: string;
  /** Frames: the two number inputs come first. */
  readonly numbers: boolean;
  /** Methods: the roles and tools come first. */
  readonly choices: boolean;
  readonly inputs: readonly TextInput[];
}

/** What the agreement card shows. Actions carry the mentorship id and the version shown; the server re-reads the rest. */
export interface AgreementCardData {
  readonly t: Readonly<Record<string, string>>;
  readonly mentorshipId: string;
  readonly version: number;
  readonly editable: boolean;
  readonly locked: boolean;
  /** The state and the next step, right under the title: who is waiting for what, or agreed when. */
  readonly state: string;
  /** "Changed since version N: …" lines: since a version someone accepted, or the previous one. */
  readonly changes: readonly string[];
  /** Who accepted when. */
  readonly statusLines: readonly string[];
  readonly notice: string;
  readonly error: string;
  readonly refreshUserIds: readonly string[];
  /** False for a viewer who has already accepted the version shown. */
  readonly canAccept: boolean;
  readonly meetingCount: NumberInput;
  readonly meetingMinutes: NumberInput;
  readonly mentorRoles: string;
  readonly tools: string;
  readonly roleChoices: readonly { title: string; value: string }[];
  readonly toolChoices: readonly { title: string; value: string }[];
  readonly sections: readonly EditSection[];
  /** Not editable: the filled fields only (an empty label when the heading names the one field). */
  readonly readOnly: readonly { heading: string; items: readonly { label: string; value: string }[] }[];
  /** How many fields were left out of the read-only view for being empty; "" when none. */
  readonly emptyNote: string;
  /** A proposed change of the agreement in force is open: the form is the proposal (`version` is its). */
  readonly revisionOpen: boolean;
  /** The locked card's "propose a change" (learning phase, none open, a party's card). */
  readonly canPropose: boolean;
  /** With a proposal open: the agreement in force, compact — the agreed values of the fields the proposal changes. */
  readonly inForce: { readonly heading: string; readonly items: readonly { title: string; value: string }[]; readonly note: string };
}

export interface AgreementView {
  readonly notice?: string | undefined;
  readonly error?: string | undefined;
  /** Show the card without inputs or actions. */
  readonly readOnly?: boolean | undefined;
  /**
   * Only the title, the section headings and the state (version, who accepted when): for someone in
   * the pair's chat who is not a party, who must not get the pair's text from a card action.
   */
  readonly headingsOnly?: boolean | undefined;
  /** The party the card is rendered for (an invoke response or a per-person refresh); absent for the shared card. */
  readonly viewer?: Party | undefined;
}

type SectionKey = "purpose" | "frames" | "groundRules" | "learningNeeds" | "methods" | "other";

const SECTIONS = {
  purpose: ["purpose"],
  frames: ["timeAndPlace", "undisturbed", "framesOther"],
  groundRules: ["openness", "confidentiality", "preparation", "feedback", "groundRulesOther"],
  learningNeeds: ["shortTermGoals", "longTermIdeas", "learningOther"],
  methods: ["methodsOther"],
  other: ["other"],
} as const satisfies Record<SectionKey, readonly AgreementTextField[]>;

/** Sections of one field: the heading is the field's name, so the field has no label of its own in the read-only view. */
const SINGLE_FIELD: readonly SectionKey[] = ["purpose", "other"];

/** Fields named "X: other" in the catalogue: under their section heading X they are just "Other". */
const SECTION_OTHER: readonly AgreementTextField[] = ["framesOther", "groundRulesOther", "learningOther", "methodsOther"];

/**
 * How much of the agreed values the compact in-force view shows, per field and in all: the form
 * below holds the proposal in full, and both at maxLength must fit the Teams card budget.
 */
export const IN_FORCE_CHARS = { perField: 120, total: 1200 } as const;

export function agreementCardData(m: Mentorship, view: AgreementView = {}): AgreementCardData {
  const lang = m.language;
  const a = m.agreement;
  // An open proposal is shown (and edited) while the mentorship runs; closing evaluates against the agreement in force.
  const revision = a.lockedAt !== null && m.phase === "learning" ? (a.revision ?? null) : null;
  // The form and the actions are the proposal's when one is open, else the agreement's.
  const f = revision?.fields ?? a.fields;
  const agreed = a.fields;
  const shownVersion = revision?.version ?? a.version;
  const when = (iso: string) => dateTimeText(lang, new Date(iso), m.timeZone);
  const nameOf = (p: Party) => (p === "mentor" ? m.mentor.name : m.mentee.name);
  const party = (p: Party) => t(lang, `party.${p}`);
  const locked = a.lockedAt !== null;
  const parties = ["mentor", "mentee"] as const;
  const waiting = parties.filter((p) => !isAccepted(a, p));

  // The card is shared by both in the chat: the top line is phrased per state, naming who is waiting.
  const revisionWaiting = revision ? parties.filter((p) => !isRevisionAccepted(revision, p)) : [];
  const state = revision
    ? t(lang, "revision.state", { name: nameOf(revision.proposedBy), names: listOf(lang, revisionWaiting.map(nameOf)), version: revision.version, agreed: a.version })
    : locked
      ? t(lang, "agreement.locked", { at: when(a.lockedAt ?? "") })
      : t(lang, "agreement.waitingFor", { names: listOf(lang, waiting.map(nameOf)), version: a.version });

  const statusLines: string[] = [];
  for (const p of parties) {
    const acc = a.acceptances[p];
    if (!acc) continue;
    if (locked) statusLines.push(t(lang, "agreement.agreedBy", { name: nameOf(p), party: party(p), at: when(acc.at) }));
    else if (isAccepted(a, p)) statusLines.push(t(lang, "agreement.acceptedBy", { name: nameOf(p), party: party(p), version: acc.version, at: when(acc.at) }));
  }
  for (const p of parties) {
    const acc = revision?.acceptances[p];
    if (revision && acc && isRevisionAccepted(revision, p)) statusLines.push(t(lang, "agreement.acceptedBy", { name: nameOf(p), party: party(p), version: acc.version, at: when(acc.at) }));
  }

  // The last section's one field is labelled apart from the sections' own "Other" fields just above it.
  const fullLabel = (id: AgreementFieldName) => t(lang, id === "other" ? "agreement.otherField" : (`agreement.${id}` as MessageKey));
  const label = (id: AgreementTextField) => (SECTION_OTHER.includes(id) ? t(lang, "agreement.other") : fullLabel(id));

  // What changed since a version someone accepted before an edit (or else since the previous version).
  const changes: string[] = [];
  if (!locked && !view.headingsOnly) {
    const since = [...new Set(waiting.map((p) => a.acceptedBefore?.[p]).filter((v): v is number => v !== undefined && v < a.version))].sort((x, y) => x - y);
    if (since.length === 0 && a.version > 1) since.push(a.version - 1);
    for (const version of since) {
      const names = changedSince(a, version);
      if (names && names.length > 0) changes.push(t(lang, "agreement.changedSince", { version, fields: listOf(lang, names.map(fullLabel)) }));
    }
  }
  // A proposal: what it changes against the agreement in force. Adopted: what the last revision changed.
  const proposed = revision ? changedFields(agreed, revision.fields) : [];
  if (revision && !view.headingsOnly) {
    changes.push(proposed.length > 0 ? t(lang, "revision.changed", { version: a.version, fields: listOf(lang, proposed.map(fullLabel)) }) : t(lang, "revision.unchangedYet"));
  } else if (locked && a.revisedAt && !view.headingsOnly) {
    const names = a.changedIn ? (Object.keys(a.changedIn) as AgreementFieldName[]).filter((name) => a.changedIn?.[name] === a.version) : [];
    if (names.length > 0) changes.push(t(lang, "revision.revised", { version: a.version, at: when(a.revisedAt), fields: listOf(lang, orderOf(names).map(fullLabel)) }));
  }

  const own = policyOf(m);
  const placeholder = (id: AgreementTextField) =>
    t(lang, (own.ownExamples.includes(id) ? `agreement.placeholder.${own.wording}.${id}` : `agreement.placeholder.${id}`) as MessageKey);
  const textInput = (id: AgreementTextField): TextInput => ({
    id,
    label: label(id),
    value: f[id],
    placeholder: placeholder(id),
    max: AgreementTextLimits[id],
    error: t(lang, "agreement.tooLong", { max: AgreementTextLimits[id] }),
  });
  const heading = (key: SectionKey) => t(lang, `agreement.${key}`);
  const sections: EditSection[] = (Object.keys(SECTIONS) as SectionKey[]).map((key) => ({
    heading: SINGLE_FIELD.includes(key) ? "" : heading(key),
    numbers: key === "frames",
    choices: key === "methods",
    inputs: SECTIONS[key].map(textInput),
  }));

  const minutes = own.meetingMinutes;
  const choices = agreementChoices(own, agreed);
  const roleTitle = (r: string) => t(lang, `mentorRole.${r}` as MessageKey);
  const toolTitle = (x: string) => t(lang, `tool.${x}` as MessageKey);

  // Read-only (and locked): filled fields only, and one line saying how many were left out.
  let empty = 0;
  const filled = (lbl: string, value: string) => {
    if (value.trim() === "") {
      empty++;
      return [];
    }
    return [{ label: lbl, value }];
  };
  const texts = (key: SectionKey) => SECTIONS[key].flatMap((id) => filled(SINGLE_FIELD.includes(key) ? "" : label(id), agreed[id]));
  const readSections = [
    { heading: heading("purpose"), items: texts("purpose") },
    {
      heading: heading("frames"),
      items: [
        { label: t(lang, "agreement.meetingCount"), value: String(agreed.meetingCount) },
        { label: t(lang, "agreement.meetingMinutes"), value: String(agreed.meetingMinutes) },
        ...texts("frames"),
      ],
    },
    { heading: heading("groundRules"), items: texts("groundRules") },
    { heading: heading("learningNeeds"), items: texts("learningNeeds") },
    {
      heading: heading("methods"),
      items: [
        ...filled(t(lang, "agreement.mentorRoles"), agreed.mentorRoles.map(roleTitle).join(", ")),
        ...filled(t(lang, "agreement.tools"), agreed.tools.map(toolTitle).join(", ")),
        ...texts("methods"),
      ],
    },
    { heading: heading("other"), items: texts("other") },
  ].filter((section) => section.items.length > 0);
  const emptyNote = view.headingsOnly || empty === 0 ? "" : empty === 1 ? t(lang, "agreement.emptyOne") : t(lang, "agreement.emptyMany", { count: empty });

  // One party has accepted: the button names the one it is for, so it invites no second accept.
  const acceptTitle = revision
    ? revisionWaiting.length === 1 && revisionWaiting[0]
      ? t(lang, "revision.acceptFor", { name: nameOf(revisionWaiting[0]), version: revision.version })
      : t(lang, "revision.accept", { version: revision.version })
    : !locked && waiting.length === 1 && waiting[0]
      ? t(lang, "agreement.acceptFor", { name: nameOf(waiting[0]), version: a.version })
      : t(lang, "agreement.accept", { version: a.version });

  // The agreement in force beside the proposal, compact: the agreed values of what the proposal changes.
  let left: number = IN_FORCE_CHARS.total;
  const agreedValue = (name: AgreementFieldName): string => {
    const v = agreed[name];
    const s = typeof v === "number" ? String(v) : Array.isArray(v) ? (name === "mentorRoles" ? v.map(roleTitle) : v.map(toolTitle)).join(", ") : String(v);
    if (s.trim() === "") return t(lang, "revision.emptyValue");
    const room = Math.min(IN_FORCE_CHARS.perField, left);
    const shown = s.length > room ? `${s.slice(0, Math.max(0, room - 1)).trimEnd()}…` : s;
    left -= Math.min(s.length, room);
    return shown;
  };
  const inForce = {
    heading: t(lang, "revision.inForce", { version: a.version }),
    items: view.headingsOnly ? [] : proposed.map((name) => ({ title: fullLabel(name), value: agreedValue(name) })),
    note: view.headingsOnly ? "" : proposed.length > 0 ? t(lang, "revision.restAsAgreed") : t(lang, "revision.sameAsAgreed"),
  };
  const forParty = !view.readOnly && !view.headingsOnly;

  return {
    t: {
      title: t(lang, "agreement.title"),
      subtitle: t(lang, "agreement.subtitle", { mentor: m.mentor.name, mentee: m.mentee.name, version: a.version }),
      onlyParties: t(lang, "agreement.onlyParties", { mentor: m.mentor.name, mentee: m.mentee.name }),
      editHint: t(lang, "agreement.editHint"),
      meetingCount: t(lang, "agreement.meetingCount"),
      meetingMinutes: t(lang, "agreement.meetingMinutes"),
      mentorRoles: t(lang, "agreement.mentorRoles"),
      tools: t(lang, "agreement.tools"),
      save: t(lang, "agreement.save"),
      accept: acceptTitle,
      propose: t(lang, "revision.propose"),
      withdraw: t(lang, "revision.withdraw"),
      revisionHint: t(lang, "revision.editHint"),
    },
    mentorshipId: m.id,
    version: shownVersion,
    // The card is rendered just before it is posted, which is what moves preparation to start-up.
    editable: forParty && (revision !== null || (!locked && (m.phase === "preparation" || m.phase === "startUp"))),
    locked,
    state,
    changes,
    statusLines,
    notice: view.notice ?? "",
    error: view.error ?? "",
    // In Teams the two parties get a per-person refresh; everyone else sees the shared card.
    refreshUserIds: locked && !revision ? [] : [m.mentor.channelUserId, m.mentee.channelUserId].filter((id) => id.startsWith("29:")),
    canAccept: !(view.viewer && (revision ? isRevisionAccepted(revision, view.viewer) : isAccepted(a, view.viewer))),
    meetingCount: {
      value: f.meetingCount,
      min: MEETING_COUNT_RANGE.min,
      max: MEETING_COUNT_RANGE.max,
      error: t(lang, "agreement.meetingCount.error", MEETING_COUNT_RANGE),
    },
    meetingMinutes: { value: f.meetingMinutes, min: minutes.min, max: minutes.max, error: t(lang, "agreement.meetingMinutes.error", minutes) },
    mentorRoles: f.mentorRoles.join(","),
    tools: f.tools.join(","),
    // The programme's own roles and tools; one an older agreement already holds stays offered.
    roleChoices: choices.mentorRoles.map((r) => ({ title: roleTitle(r), value: r })),
    toolChoices: choices.tools.map((x) => ({ title: toolTitle(x), value: x })),
    sections,
    readOnly: view.headingsOnly ? headingsOf(lang) : readSections,
    emptyNote,
    revisionOpen: revision !== null,
    canPropose: forParty && locked && revision === null && m.phase === "learning",
    inForce,
  };
}

function orderOf(names: readonly AgreementFieldName[]): AgreementFieldName[] {
  return AgreementFieldNames.filter((name) => names.includes(name));
}

function headingsOf(lang: Mentorship["language"]): AgreementCardData["readOnly"] {
  const keys = ["agreement.purpose", "agreement.frames", "agreement.groundRules", "agreement.learningNeeds", "agreement.methods", "agreement.other"] as const;
  return keys.map((key) => ({ heading: t(lang, key), items: [] }));
}

export function renderAgreementCard(m: Mentorship, view: AgreementView = {}): AdaptiveCard {
  return expand(agreementTemplate, agreementCardData(m, view));
}
