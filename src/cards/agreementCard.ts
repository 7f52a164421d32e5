import agreementTemplate from "../../adaptiveCards/agreement.json";
import {
  AgreementTextLimits,
  type AgreementTextField,
  MEETING_COUNT_RANGE,
  type Party,
  isAccepted,
} from "../domain/agreement";
import { formatDateTime } from "../domain/dates";
import type { Mentorship } from "../domain/mentorship";
import { Programmes, agreementChoices } from "../domain/programmes";
import { type MessageKey, t } from "../i18n";
import { type AdaptiveCard, expand, listOf } from "./template";

interface TextInput {
  readonly id: AgreementTextField;
  readonly label: string;
  readonly value: string;
  readonly max: number;
  readonly error: string;
}

interface NumberInput {
  readonly value: number;
  readonly min: number;
  readonly max: number;
  readonly error: string;
}

/** What the agreement card shows. Actions carry the mentorship id and the version shown; the server re-reads the rest. */
export interface AgreementCardData {
  readonly t: Readonly<Record<string, string>>;
  readonly mentorshipId: string;
  readonly version: number;
  readonly editable: boolean;
  readonly locked: boolean;
  readonly statusLines: readonly string[];
  readonly notice: string;
  readonly error: string;
  readonly refreshUserIds: readonly string[];
  readonly meetingCount: NumberInput;
  readonly meetingMinutes: NumberInput;
  readonly mentorRoles: string;
  readonly tools: string;
  readonly roleChoices: readonly { title: string; value: string }[];
  readonly toolChoices: readonly { title: string; value: string }[];
  readonly inputs: Readonly<Record<"purpose" | "frames" | "groundRules" | "learningNeeds" | "methods" | "other", readonly TextInput[]>>;
  readonly readOnly: readonly { heading: string; items: readonly { label: string; value: string }[] }[];
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
}

const SECTIONS = {
  purpose: ["purpose"],
  frames: ["timeAndPlace", "undisturbed", "framesOther"],
  groundRules: ["openness", "confidentiality", "preparation", "feedback", "groundRulesOther"],
  learningNeeds: ["shortTermGoals", "longTermIdeas", "learningOther"],
  methods: ["methodsOther"],
  other: ["other"],
} as const satisfies Record<string, readonly AgreementTextField[]>;

export function agreementCardData(m: Mentorship, view: AgreementView = {}): AgreementCardData {
  const lang = m.language;
  const a = m.agreement;
  const f = a.fields;
  const when = (iso: string) => formatDateTime(new Date(iso), m.timeZone);
  const nameOf = (p: Party) => (p === "mentor" ? m.mentor.name : m.mentee.name);
  const party = (p: Party) => t(lang, `party.${p}`);
  const locked = a.lockedAt !== null;

  const statusLines: string[] = [];
  if (locked) {
    statusLines.push(t(lang, "agreement.locked", { at: when(a.lockedAt ?? "") }));
    for (const p of ["mentor", "mentee"] as const) {
      const acc = a.acceptances[p];
      if (acc) statusLines.push(t(lang, "agreement.agreedBy", { name: nameOf(p), party: party(p), at: when(acc.at) }));
    }
  } else {
    for (const p of ["mentor", "mentee"] as const) {
      const acc = a.acceptances[p];
      if (acc && isAccepted(a, p)) {
        statusLines.push(t(lang, "agreement.acceptedBy", { name: nameOf(p), party: party(p), version: acc.version, at: when(acc.at) }));
      }
    }
    const waiting = (["mentor", "mentee"] as const).filter((p) => !isAccepted(a, p)).map(nameOf);
    if (waiting.length > 0) statusLines.push(t(lang, "agreement.waitingFor", { names: listOf(lang, waiting), version: a.version }));
  }

  const label = (id: AgreementTextField) => t(lang, `agreement.${id}` as MessageKey);
  const textInput = (id: AgreementTextField): TextInput => ({
    id,
    label: label(id),
    value: f[id],
    max: AgreementTextLimits[id],
    error: t(lang, "agreement.tooLong", { max: AgreementTextLimits[id] }),
  });
  const inputs = Object.fromEntries(
    Object.entries(SECTIONS).map(([section, ids]) => [section, ids.map(textInput)]),
  ) as unknown as AgreementCardData["inputs"];

  const minutes = Programmes[m.programme].meetingMinutes;
  const choices = agreementChoices(m.programme, f);
  const empty = t(lang, "agreement.empty");
  const show = (s: string) => (s.trim() === "" ? empty : s);
  const roleTitle = (r: string) => t(lang, `mentorRole.${r}` as MessageKey);
  const toolTitle = (x: string) => t(lang, `tool.${x}` as MessageKey);
  const item = (id: AgreementTextField) => ({ label: label(id), value: show(f[id]) });

  return {
    t: {
      title: t(lang, "agreement.title"),
      subtitle: t(lang, "agreement.subtitle", { mentor: m.mentor.name, mentee: m.mentee.name, version: a.version }),
      onlyParties: t(lang, "agreement.onlyParties", { mentor: m.mentor.name, mentee: m.mentee.name }),
      editHint: t(lang, "agreement.editHint"),
      purpose: t(lang, "agreement.purpose"),
      frames: t(lang, "agreement.frames"),
      meetingCount: t(lang, "agreement.meetingCount"),
      meetingMinutes: t(lang, "agreement.meetingMinutes"),
      groundRules: t(lang, "agreement.groundRules"),
      learningNeeds: t(lang, "agreement.learningNeeds"),
      methods: t(lang, "agreement.methods"),
      mentorRoles: t(lang, "agreement.mentorRoles"),
      tools: t(lang, "agreement.tools"),
      other: t(lang, "agreement.other"),
      save: t(lang, "agreement.save"),
      accept: t(lang, "agreement.accept", { version: a.version }),
    },
    mentorshipId: m.id,
    version: a.version,
    // The card is rendered just before it is posted, which is what moves preparation to start-up.
    editable: !locked && !view.readOnly && !view.headingsOnly && (m.phase === "preparation" || m.phase === "startUp"),
    locked,
    statusLines,
    notice: view.notice ?? "",
    error: view.error ?? "",
    // In Teams the two parties get a per-person refresh; everyone else sees the shared card.
    refreshUserIds: locked ? [] : [m.mentor.channelUserId, m.mentee.channelUserId].filter((id) => id.startsWith("29:")),
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
    inputs,
    readOnly: view.headingsOnly ? headingsOf(lang) : [
      { heading: t(lang, "agreement.purpose"), items: [{ label: label("purpose"), value: show(f.purpose) }] },
      {
        heading: t(lang, "agreement.frames"),
        items: [
          { label: t(lang, "agreement.meetingCount"), value: String(f.meetingCount) },
          { label: t(lang, "agreement.meetingMinutes"), value: String(f.meetingMinutes) },
          ...SECTIONS.frames.map(item),
        ],
      },
      { heading: t(lang, "agreement.groundRules"), items: SECTIONS.groundRules.map(item) },
      { heading: t(lang, "agreement.learningNeeds"), items: SECTIONS.learningNeeds.map(item) },
      {
        heading: t(lang, "agreement.methods"),
        items: [
          { label: t(lang, "agreement.mentorRoles"), value: show(f.mentorRoles.map(roleTitle).join(", ")) },
          { label: t(lang, "agreement.tools"), value: show(f.tools.map(toolTitle).join(", ")) },
          item("methodsOther"),
        ],
      },
      { heading: t(lang, "agreement.other"), items: [item("other")] },
    ],
  };
}

function headingsOf(lang: Mentorship["language"]): AgreementCardData["readOnly"] {
  const keys = ["agreement.purpose", "agreement.frames", "agreement.groundRules", "agreement.learningNeeds", "agreement.methods", "agreement.other"] as const;
  return keys.map((key) => ({ heading: t(lang, key), items: [] }));
}

export function renderAgreementCard(m: Mentorship, view: AgreementView = {}): AdaptiveCard {
  return expand(agreementTemplate, agreementCardData(m, view));
}
