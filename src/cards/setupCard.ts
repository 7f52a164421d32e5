import setupTemplate from "../../adaptiveCards/setup.json";
import noticeTemplate from "../../adaptiveCards/notice.json";
import { type Language, Languages } from "../domain/language";
import { ProgrammeIds, type ProgrammeId, programmeForLanguage } from "../domain/programmes";
import { t } from "../i18n";
import { type AdaptiveCard, expand } from "./template";

/** What the setup card shows. Its action carries only the setup id; everything else is read again on the server. */
export interface SetupCardData {
  readonly t: Readonly<Record<"title" | "intro" | "programme" | "firstDay" | "firstDayError" | "unit" | "unitPlaceholder" | "unitError" | "mentee" | "menteeError" | "language" | "submit" | "leaderTitle" | "leaderAdvice" | "leaderConfirm" | "leaderConfirmLabel", string>>;
  readonly setupId: string;
  readonly error: string;
  readonly programme: string;
  readonly programmes: readonly { title: string; value: string }[];
  readonly firstDay: string;
  readonly unit: string;
  readonly mentee: string;
  readonly mentees: readonly { name: string; aadObjectId: string }[];
  readonly language: string;
  readonly languages: readonly { title: string; value: string }[];
  /** The mentee whose leader the mentor is (the advice and the confirm toggle show); "" when none. */
  readonly leaderOf: string;
}

export interface SetupCardInput {
  readonly language: Language;
  readonly setupId: string;
  readonly mentorName: string;
  readonly candidates: readonly { name: string; aadObjectId: string }[];
  readonly error?: string;
  /** Values the user already entered, shown again after a refusal so nothing typed is lost. */
  readonly previous?: Partial<{ programme: string; firstDay: string; unit: string; mentee: string; language: string }>;
  /**
   * Issue 12: the mentor is this mentee's own leader. The card shows KL/DS' advice and a toggle whose
   * value names the mentee, so a confirmation holds only for the mentee it was given for.
   */
  readonly leaderWarning?: { readonly menteeAadObjectId: string; readonly menteeName: string };
}

export function setupCardData(input: SetupCardInput): SetupCardData {
  const lang = input.language;
  const p = input.previous ?? {};
  return {
    t: {
      title: t(lang, "setup.title"),
      intro: t(lang, "setup.intro", { mentor: input.mentorName }),
      programme: t(lang, "setup.programme"),
      firstDay: t(lang, "setup.firstDay"),
      firstDayError: t(lang, "setup.firstDay.error"),
      unit: t(lang, "setup.unit"),
      unitPlaceholder: t(lang, "setup.unit.placeholder"),
      unitError: t(lang, "setup.unit.error"),
      mentee: t(lang, "setup.mentee"),
      menteeError: t(lang, "setup.mentee.error"),
      language: t(lang, "setup.language"),
      submit: t(lang, "setup.submit"),
      leaderTitle: input.leaderWarning ? t(lang, "setup.leader.title", { mentee: input.leaderWarning.menteeName }) : "",
      leaderAdvice: input.leaderWarning ? t(lang, "setup.leader.advice") : "",
      leaderConfirm: input.leaderWarning ? t(lang, "setup.leader.confirm", { mentee: input.leaderWarning.menteeName }) : "",
      leaderConfirmLabel: t(lang, "setup.leader.confirmLabel"),
    },
    setupId: input.setupId,
    error: input.error ?? "",
    programme: p.programme ?? programmeForLanguage(lang),
    programmes: ProgrammeIds.map((id: ProgrammeId) => ({ title: t(lang, `programme.${id}`), value: id })),
    firstDay: p.firstDay ?? "",
    unit: p.unit ?? "",
    mentee: p.mentee ?? "",
    mentees: input.candidates.map((c) => ({ name: c.name, aadObjectId: c.aadObjectId })),
    language: p.language ?? lang,
    // Each language in itself, as language pickers do: a Norwegian finds "Norsk bokmål" whatever the card's language.
    languages: Languages.map((l) => ({ title: t(l, `language.${l}`), value: l })),
    leaderOf: input.leaderWarning?.menteeAadObjectId ?? "",
  };
}

export function renderSetupCard(input: SetupCardInput): AdaptiveCard {
  return expand(setupTemplate, setupCardData(input));
}

export interface NoticeCardData {
  readonly title: string;
  readonly lines: readonly string[];
  readonly error: string;
}

export function renderNoticeCard(data: NoticeCardData): AdaptiveCard {
  return expand(noticeTemplate, data);
}
