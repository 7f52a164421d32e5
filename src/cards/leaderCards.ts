/**
 * The leader's cards, in the leader's personal chat (issue 12): the reminder ahead of a talk with one
 * button to book it, the heads-up ("møder muren", seed 002), and "was it held?". Names and dates only:
 * nothing the pair wrote is ever on them.
 */
import headsUpTemplate from "../../adaptiveCards/leaderHeadsUp.json";
import heldTemplate from "../../adaptiveCards/leaderHeld.json";
import reminderTemplate from "../../adaptiveCards/leaderReminder.json";
import { formatDate, formatDateTime } from "../domain/dates";
import { type LeaderTalk, findTalk, proposedTalkSlot } from "../domain/leader";
import type { Mentorship } from "../domain/mentorship";
import { policyOf } from "../domain/programmes";
import { type MessageKey, t } from "../i18n";
import en from "../i18n/en.json";
import { renderNoticeCard } from "./setupCard";
import { type AdaptiveCard, expand } from "./template";

/** A talk's name: the word list's `leader.talk.<key>` for built-in keys, else the coordinator's label, else the key. */
export function talkName(m: Mentorship, key: string): string {
  const wordKey = `leader.talk.${key}`;
  if (wordKey in en) return t(m.language, wordKey as MessageKey);
  const label = policyOf(m).milestones.find((x) => x.key === key)?.label;
  return label?.[m.language] || key;
}

const windowText = (_m: Mentorship, talk: LeaderTalk) => (talk.from === talk.to ? formatDate(talk.from) : `${formatDate(talk.from)} – ${formatDate(talk.to)}`);

const slotText = (m: Mentorship, startUtc: string, zone: string) => {
  const [date, time] = formatDateTime(new Date(startUtc), zone).split(" ");
  return t(m.language, "leader.slot", { date: date ?? "", time: time ?? "" });
};

/** The reminder: the talk, its window, the time the button books, and the button (while the talk can be booked). */
export function renderLeaderReminderCard(m: Mentorship, key: string, today: string, view: { error?: string } = {}): AdaptiveCard {
  const lang = m.language;
  const talk = findTalk(m, key);
  const name = talkName(m, key);
  if (!talk) return renderNoticeCard({ title: name, lines: [], error: t(lang, "error.TALK_NOT_FOUND") });
  const slot = proposedTalkSlot(m, policyOf(m), talk, today);
  const canBook = talk.status === "planned" || talk.status === "reminded";
  const withContact = key === "introductionClosing" && m.contact;
  return expand(reminderTemplate, {
    t: {
      title: t(lang, "leader.reminder.title", { talk: name, mentee: m.mentee.name }),
      intro: t(lang, "leader.reminder.intro", { talk: name, mentee: m.mentee.name, when: windowText(m, talk) }),
      proposal: canBook
        ? withContact
          ? t(lang, "leader.reminder.proposalWithContact", { mentee: m.mentee.name, contact: m.contact?.name ?? "", slot: slotText(m, slot.startUtc, slot.zone) })
          : t(lang, "leader.reminder.proposal", { mentee: m.mentee.name, slot: slotText(m, slot.startUtc, slot.zone) })
        : talk.booking
          ? t(lang, "leader.booked.line", { talk: name, mentee: m.mentee.name, slot: slotText(m, talk.booking.startUtc, slot.zone) })
          : "",
      privacy: t(lang, "leader.privacy"),
      book: t(lang, "leader.reminder.book"),
    },
    canBook,
    mentorshipId: m.id,
    talk: key,
    error: view.error ?? "",
  });
}

/** What the leader sees once the talk is booked. */
export function renderLeaderBookedCard(m: Mentorship, key: string, local: boolean, icsUrl: string | null = null): AdaptiveCard {
  const talk = findTalk(m, key);
  const slot = talk?.booking ? slotText(m, talk.booking.startUtc, policyOf(m).timeZone ?? m.timeZone) : "";
  const lines = [t(m.language, local ? "leader.booked.local" : "leader.booked.line", { talk: talkName(m, key), mentee: m.mentee.name, slot })];
  if (icsUrl) lines.push(t(m.language, "leader.booked.icsLink", { url: icsUrl }));
  return renderNoticeCard({ title: t(m.language, "leader.booked.title"), lines, error: "" });
}

/** The heads-up: new staff often "meet the wall"; a talk from the leader helps. */
export function renderLeaderHeadsUpCard(m: Mentorship): AdaptiveCard {
  const lang = m.language;
  return expand(headsUpTemplate, {
    t: {
      title: t(lang, "leader.headsUp.title", { mentee: m.mentee.name }),
      wall: t(lang, "leader.headsUp.wall"),
      talk: t(lang, "leader.headsUp.talk", { mentee: m.mentee.name }),
      privacy: t(lang, "leader.privacy"),
    },
  });
}

/** "Was it held?" for a booked talk. */
export function renderLeaderHeldCard(m: Mentorship, key: string, view: { error?: string } = {}): AdaptiveCard {
  const lang = m.language;
  const talk = findTalk(m, key);
  const name = talkName(m, key);
  const slot = talk?.booking ? slotText(m, talk.booking.startUtc, policyOf(m).timeZone ?? m.timeZone) : "";
  return expand(heldTemplate, {
    t: { title: t(lang, "leader.held.title"), question: t(lang, "leader.held.question", { talk: name, mentee: m.mentee.name, slot }), yes: t(lang, "leader.held.yes"), no: t(lang, "leader.held.no") },
    mentorshipId: m.id,
    talk: key,
    error: view.error ?? "",
  });
}

export function renderLeaderAnswered(m: Mentorship, key: string, held: boolean): AdaptiveCard {
  return renderNoticeCard({ title: t(m.language, "leader.held.title"), lines: [t(m.language, held ? "leader.held.thanks.yes" : "leader.held.thanks.no", { talk: talkName(m, key) })], error: "" });
}
