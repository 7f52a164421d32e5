import pairingTemplate from "../../adaptiveCards/pairing.json";
import ratingsTemplate from "../../adaptiveCards/ratings.json";
import type { Party } from "../domain/agreement";
import type { Mentorship } from "../domain/mentorship";
import { type PairingAnswer, RATING_COMMENT_LIMIT } from "../domain/privateAnswers";
import { type MessageKey, t } from "../i18n";
import { renderNoticeCard } from "./setupCard";
import { type AdaptiveCard, expand } from "./template";

/** The other party's name: each card names who the question is about, never who answers what. */
const otherOf = (m: Mentorship, party: Party) => (party === "mentor" ? m.mentee.name : m.mentor.name);

/** "Is this pairing working?" for one party, in their personal chat: yes / not sure / no. */
export function renderPairingCard(m: Mentorship, party: Party, view: { error?: string } = {}): AdaptiveCard {
  const lang = m.language;
  const other = otherOf(m, party);
  return expand(pairingTemplate, {
    t: {
      title: t(lang, "pairing.title"),
      question: `${t(lang, "pairing.intro", { other })} ${t(lang, party === "mentor" ? "pairing.question.mentor" : "pairing.question.mentee", { other })}`,
      privacy: t(lang, "pairing.privacy", { other }),
      yes: t(lang, "pairing.yes"),
      unsure: t(lang, "pairing.unsure"),
      no: t(lang, "pairing.no"),
    },
    mentorshipId: m.id,
    error: view.error ?? "",
  });
}

/** What the person who answered sees next (and nobody else): thanks, a gentle line, or how to ask for a change of mentor. */
export function renderPairingAnswered(m: Mentorship, party: Party, answer: PairingAnswer): AdaptiveCard {
  const lang = m.language;
  const other = otherOf(m, party);
  const lines =
    answer === "yes"
      ? [t(lang, "pairing.thanks.yes")]
      : answer === "unsure"
        ? [t(lang, "pairing.thanks.unsure")]
        : [t(lang, party === "mentor" ? "pairing.thanks.no.mentor" : "pairing.thanks.no.mentee", { other }), t(lang, "pairing.thanks.no.flag")];
  return renderNoticeCard({ title: t(lang, "pairing.thanks.title"), lines, error: "" });
}

export interface RatingsView {
  readonly error?: string;
  /** What the person had chosen and written (a card sent back with an error keeps it). */
  readonly values?: { readonly useful?: string; readonly wellRun?: string; readonly recommend?: string; readonly comment?: string };
}

/** The three ratings (1–5) and the optional comment, worded for the party. */
export function renderRatingsCard(m: Mentorship, party: Party, view: RatingsView = {}): AdaptiveCard {
  const lang = m.language;
  const other = otherOf(m, party);
  const scale = [1, 2, 3, 4, 5].map((n) => ({ value: String(n), title: n === 1 || n === 5 ? t(lang, `ratings.scale.${n}` as MessageKey) : String(n) }));
  return expand(ratingsTemplate, {
    t: {
      title: t(lang, "ratings.title"),
      intro: t(lang, "ratings.intro", { other }),
      privacy: t(lang, "ratings.privacy", { other }),
      useful: t(lang, "ratings.useful"),
      wellRun: t(lang, "ratings.wellRun"),
      recommend: t(lang, party === "mentor" ? "ratings.recommend.mentor" : "ratings.recommend.mentee"),
      comment: t(lang, "ratings.comment", { limit: RATING_COMMENT_LIMIT }),
      required: t(lang, "ratings.required"),
      send: t(lang, "ratings.send"),
    },
    scale,
    mentorshipId: m.id,
    useful: view.values?.useful ?? "",
    wellRun: view.values?.wellRun ?? "",
    recommend: view.values?.recommend ?? "",
    comment: view.values?.comment ?? "",
    commentLimit: RATING_COMMENT_LIMIT,
    error: view.error ?? "",
  });
}

export function renderRatingsSaved(m: Mentorship, party: Party): AdaptiveCard {
  return renderNoticeCard({ title: t(m.language, "ratings.thanks.title"), lines: [t(m.language, "ratings.thanks", { other: otherOf(m, party) })], error: "" });
}

/** A private question that can no longer be answered (answered already, the mentorship closed): the reason, nothing else. */
export function renderPrivateRefusal(m: Mentorship, title: string, reason: string): AdaptiveCard {
  return renderNoticeCard({ title, lines: [], error: reason });
}
