import welcomeTemplate from "../../adaptiveCards/welcome.json";
import { formatDate } from "../domain/dates";
import type { Meeting } from "../domain/meetings";
import type { Mentorship } from "../domain/mentorship";
import { AGREEMENT_TIME, PRESENTATION_MAX } from "../domain/preparation";
import { type ActivePhase, milestoneDates, phaseTimeline, policyOf } from "../domain/programmes";
import { programmeName } from "../domain/programmeDefinition";
import { type MessageKey, capitalised, t } from "../i18n";
import { dateTimeText } from "../i18n/dates";
import { type AdaptiveCard, expand } from "./template";

/** What the welcome card shows. Its actions carry the mentorship id only; the server re-reads the rest. */
export interface WelcomeCardData {
  readonly t: Readonly<Record<string, string>>;
  readonly mentorshipId: string;
  readonly intro: string;
  readonly facts: readonly { title: string; value: string }[];
  /** When the agreement comes, or that it has begun. */
  readonly state: string;
  readonly notice: string;
  readonly error: string;
  /** The input (for the mentor to write in) rather than the text. */
  readonly editable: boolean;
  readonly presentation: string;
  readonly presentationText: string;
  readonly presentationMax: number;
  readonly plan: readonly string[];
  readonly talks: readonly string[];
  readonly prepIntro: string;
  readonly questions: readonly string[];
  /** "Begin the agreement now": while the pair is still in preparation. */
  readonly canStart: boolean;
}

export interface WelcomeView {
  readonly notice?: string | undefined;
  readonly error?: string | undefined;
  /** The pair's booked meetings still to come. */
  readonly meetings?: readonly Meeting[] | undefined;
  /** Text the mentor typed that was refused: shown again so nothing typed is lost. */
  readonly typed?: string | undefined;
  /** Only the mentee reads it (an answer to the mentee's click): no input. */
  readonly readOnly?: boolean | undefined;
}

const PLAN_PHASES: readonly ActivePhase[] = ["preparation", "startUp", "learning", "closing"];
const SHOWN_TALKS = 6;

export function welcomeCardData(m: Mentorship, view: WelcomeView = {}): WelcomeCardData {
  const lang = m.language;
  const policy = policyOf(m);
  const wording = policy.wording;
  const timeline = phaseTimeline(policy, m.firstWorkingDay, m.createdAt);
  const preparing = m.phase === "preparation";
  const closed = m.phase === "closed";
  const presentation = m.presentation ?? "";
  const firstDay = formatDate(m.firstWorkingDay);
  const state = preparing
    ? t(lang, "welcome.card.agreementComes", { date: firstDay, time: AGREEMENT_TIME })
    : t(lang, "welcome.card.agreementBegun");
  return {
    t: {
      title: t(lang, "welcome.card.title", { mentee: m.mentee.name }),
      phase: capitalised(t(lang, "phase.preparation")),
      presentationHeading: t(lang, "welcome.card.presentationHeading", { mentor: m.mentor.name }),
      presentationLabel: t(lang, "welcome.card.presentationLabel", { mentee: m.mentee.name, max: PRESENTATION_MAX }),
      presentationPlaceholder: t(lang, "welcome.card.presentationPlaceholder"),
      presentationTooLong: t(lang, "welcome.card.presentationTooLong", { max: PRESENTATION_MAX }),
      planHeading: t(lang, "welcome.card.planHeading"),
      talksHeading: t(lang, "welcome.card.talksHeading"),
      prepHeading: t(lang, `welcome.prep.${wording}.heading` as MessageKey),
      save: t(lang, "welcome.card.save"),
      start: t(lang, "welcome.card.start"),
    },
    mentorshipId: m.id,
    intro: t(lang, "welcome.card.intro", { mentor: m.mentor.name, programme: m.programmeDefinition ? programmeName(m.programmeDefinition, lang) : t(lang, `programme.${m.programme}`), date: firstDay }),
    facts: [
      { title: t(lang, "welcome.card.mentor"), value: m.mentor.name },
      { title: t(lang, "welcome.card.unit"), value: m.unit },
      { title: t(lang, "welcome.card.firstDay"), value: firstDay },
    ],
    state,
    notice: view.notice ?? "",
    error: view.error ?? "",
    editable: !closed && view.readOnly !== true,
    presentation: view.typed ?? presentation,
    presentationText: presentation || t(lang, "welcome.card.presentationEmpty", { mentor: m.mentor.name }),
    presentationMax: PRESENTATION_MAX,
    plan: [
      ...PLAN_PHASES.map((p) =>
        t(lang, "welcome.card.planPhase", { phase: capitalised(t(lang, `phase.${p}`)), from: formatDate(timeline[p].start), to: formatDate(timeline[p].end) }),
      ),
      // The leader's talks the programme names (Kristiansand's probation talks, KL/DS's development talk).
      ...milestoneDates(policy, m.firstWorkingDay).map((d) => {
        const when = d.from === d.to ? formatDate(d.from) : `${formatDate(d.from)}–${formatDate(d.to)}`;
        // A coordinator's own talk is named by its label; the built-in keys by the word list.
        const label = policy.milestones.find((x) => x.key === d.key)?.label?.[lang];
        return label ? t(lang, "welcome.milestone.own", { talk: label, when }) : t(lang, milestoneKey(d.key), { when });
      }),
    ],
    talks: (view.meetings ?? [])
      .slice()
      .sort((a, b) => a.startUtc.localeCompare(b.startUtc))
      .slice(0, SHOWN_TALKS)
      .map((x) => dateTimeText(lang, new Date(x.startUtc), m.timeZone)),
    prepIntro: t(lang, `welcome.prep.${wording}.intro` as MessageKey),
    questions: ([1, 2, 3] as const).map((n) => `• ${t(lang, `welcome.prep.${wording}.q${n}` as MessageKey)}`),
    canStart: preparing && !m.pausedAt,
  };
}

/** The welcome for the new hire (preparation): the mentor and their presentation, the unit, the plan, the questions to think about. */
export function renderWelcomeCard(m: Mentorship, view: WelcomeView = {}): AdaptiveCard {
  return expand(welcomeTemplate, welcomeCardData(m, view));
}

/** The mentor's reminder in their personal chat, a few days before day one (seed 004: "Mentor tar kontakt med deg før oppstart"). */
export function preparationReminderText(m: Mentorship): string {
  return t(m.language, "welcome.reminder", { mentee: m.mentee.name, date: formatDate(m.firstWorkingDay), unit: m.unit });
}

/** The word-list key of a built-in milestone (a coordinator's own talks have their names in the definition: issue 12). */
function milestoneKey(key: string): "welcome.milestone.probation14d" | "welcome.milestone.probation2m" | "welcome.milestone.probation4to5m" | "welcome.milestone.developmentTalk" {
  return key === "probation14d" || key === "probation2m" || key === "probation4to5m" ? `welcome.milestone.${key}` : "welcome.milestone.developmentTalk";
}
