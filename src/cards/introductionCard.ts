import introductionTemplate from "../../adaptiveCards/introduction.json";
import formTemplate from "../../adaptiveCards/introductionForm.json";
import { formatDate, dateIn } from "../domain/dates";
import { HANDOVER_MAX, type IntroductionWho, closingTalkWindow, introductionProgress } from "../domain/introduction";
import { addDays } from "../domain/calendarMath";
import type { Mentorship } from "../domain/mentorship";
import { t } from "../i18n";
import { type AdaptiveCard, expand } from "./template";
import { renderNoticeCard } from "./setupCard";

export interface IntroductionView {
  readonly notice?: string | undefined;
  readonly error?: string | undefined;
}

function introOf(m: Mentorship) {
  const intro = m.introduction;
  if (!intro) throw new Error("introduction card for a mentorship without an introduction");
  return intro;
}

/** Who does an activity, by name where the mentorship knows the person. */
function whoText(m: Mentorship, who: IntroductionWho): string {
  const lang = m.language;
  switch (who) {
    case "contact":
      return m.contact ? `${m.contact.name} (${t(lang, "introduction.who.contact")})` : t(lang, "introduction.who.contact");
    case "mentor":
      return `${m.mentor.name} (${t(lang, "party.mentor")})`;
    case "leader":
      return m.leader ? `${m.leader.name} (${t(lang, "introduction.who.leader")})` : t(lang, "introduction.who.leader");
    case "newHire":
      return m.mentee.name;
    case "colleague":
      return t(lang, "introduction.who.colleague");
  }
}

/**
 * The introduction card (seed 002 pp. 5–9, seed 004): the checklist of practical things, the
 * introduction schedule (activity, who, week and date), the status meeting's agenda and the closing
 * talk. The contact person and the new hire tick items (toggles, one Save); the card shows no text
 * anybody wrote — the hand-over note only says that it exists. Closed: read-only, with its outcome.
 */
export function introductionCardData(m: Mentorship, view: IntroductionView = {}) {
  const lang = m.language;
  const intro = introOf(m);
  const closed = intro.closedAt !== null || m.phase === "closed";
  const editable = !closed;
  const { done, total } = introductionProgress(intro);
  const contactName = m.contact?.name ?? "";
  const ticked = (key: string) => Object.hasOwn(intro.ticks, key);
  const item = (key: string, title: string) => ({ id: key, title, value: ticked(key) ? "true" : "false", mark: ticked(key) ? "✅" : "⬜", editable });
  const weekStart = (week: number) => addDays(m.firstWorkingDay, (Math.max(1, week) - 1) * 7);
  const talk = closingTalkWindow(m.firstWorkingDay, intro.template.closingTalkWeek);
  const closedDate = intro.closedAt ? formatDate(dateIn(new Date(intro.closedAt), m.timeZone)) : "";
  const state = intro.closedAt
    ? t(lang, intro.mentorSchemeStarts ? "introduction.closedStarts" : "introduction.closedNoStart", { date: closedDate, done, total })
    : t(lang, "introduction.progress", { done, total });
  return {
    mentorshipId: m.id,
    closed,
    editable,
    canHandover: editable || (intro.closedAt !== null && m.phase !== "closed"),
    notice: view.notice ?? "",
    error: view.error ?? "",
    state,
    people: t(lang, "introduction.people", { contact: contactName, newHire: m.mentee.name, mentor: m.mentor.name }),
    modeLine: t(lang, intro.mode === "before" ? "introduction.mode.before" : "introduction.mode.beside"),
    roleChange: m.contact && m.contact.aadObjectId === m.mentor.aadObjectId ? t(lang, "introduction.roleChange", { name: m.mentor.name }) : "",
    checklist: intro.template.checklist.map((c) => item(`c:${c.key}`, c.label[lang])),
    schedule: intro.template.schedule.map((s) => ({
      ...item(`s:${s.key}`, s.label[lang]),
      when: t(lang, "introduction.when", { who: whoText(m, s.who), week: s.week, date: formatDate(weekStart(s.week)) }),
    })),
    closingTalk: t(lang, "introduction.closingTalk", { week: intro.template.closingTalkWeek, date: formatDate(talk.from) }),
    agenda: intro.template.statusAgenda.map((a) => `- ${a[lang]}`).join("\n"),
    handoverLine: intro.handover ? t(lang, "introduction.handoverWritten", { contact: contactName }) : "",
    t: {
      title: t(lang, "introduction.title"),
      intro: t(lang, "introduction.intro", { contact: contactName, newHire: m.mentee.name }),
      checklist: t(lang, "introduction.checklist"),
      schedule: t(lang, "introduction.schedule"),
      agenda: t(lang, "introduction.agenda"),
      save: t(lang, "introduction.save"),
      handover: t(lang, "introduction.handover.button"),
      close: t(lang, "introduction.close.button"),
    },
  };
}

export function renderIntroductionCard(m: Mentorship, view: IntroductionView = {}): AdaptiveCard {
  return expand(introductionTemplate, introductionCardData(m, view));
}

/** The contact person's hand-over form (an answer to their click only): the typed text kept on a refusal. */
export function renderHandoverForm(m: Mentorship, view: IntroductionView & { readonly text?: string | undefined } = {}): AdaptiveCard {
  const lang = m.language;
  return expand(formTemplate, {
    form: "handover",
    mentorshipId: m.id,
    error: view.error ?? "",
    notice: view.notice ?? "",
    max: HANDOVER_MAX,
    handover: view.text ?? m.introduction?.handover?.text ?? "",
    t: {
      title: t(lang, "introduction.handover.title"),
      hint: t(lang, "introduction.handover.hint", { mentor: m.mentor.name }),
      label: t(lang, "introduction.handover.label"),
      save: t(lang, "introduction.handover.save"),
      back: t(lang, "introduction.back"),
      talkHeld: "",
      mentorSchemeStarts: "",
      required: "",
      yes: "",
      no: "",
    },
  });
}

/** "Close the introduction": was the closing talk held, does the mentor scheme start now? */
export function renderCloseForm(m: Mentorship, view: IntroductionView = {}): AdaptiveCard {
  const lang = m.language;
  return expand(formTemplate, {
    form: "close",
    mentorshipId: m.id,
    error: view.error ?? "",
    notice: view.notice ?? "",
    max: HANDOVER_MAX,
    handover: "",
    t: {
      title: t(lang, "introduction.close.title"),
      hint: t(lang, "introduction.close.hint"),
      label: "",
      save: t(lang, "introduction.close.confirm"),
      back: t(lang, "introduction.back"),
      talkHeld: t(lang, "introduction.close.talkHeld"),
      mentorSchemeStarts: t(lang, "introduction.close.mentorSchemeStarts"),
      required: t(lang, "introduction.close.required"),
      yes: t(lang, "introduction.yes"),
      no: t(lang, "introduction.no"),
    },
  });
}

/** The hand-over as the mentor gets it, in the mentor's personal chat (nobody else sees it). */
export function renderHandoverForMentor(m: Mentorship): AdaptiveCard {
  const lang = m.language;
  const h = m.introduction?.handover;
  return renderNoticeCard({
    title: t(lang, "introduction.handover.toMentorTitle"),
    lines: [t(lang, "introduction.handover.toMentor", { contact: m.contact?.name ?? "", newHire: m.mentee.name }), h?.text ?? ""],
    error: "",
  });
}
