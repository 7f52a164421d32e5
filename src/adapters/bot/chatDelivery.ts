import { renderAgreementCard } from "../../cards/agreementCard";
import { renderEvaluationCard } from "../../cards/evaluationCard";
import { renderIntroductionCard } from "../../cards/introductionCard";
import { dateIn, formatDate } from "../../domain/dates";
import { renderAgendaCard, renderBookingCard, renderHeldCard, renderPlanCard } from "../../cards/meetingCards";
import { type AdaptiveCard, listOf } from "../../cards/template";
import { renderWelcomeCard } from "../../cards/welcomeCard";
import { type Mentorship, waitingFor } from "../../domain/mentorship";
import { t } from "../../i18n";
import type { Logger } from "../../log";
import type { ChatDelivery, ChatMessage } from "../../ports/chat";
import type { Clock } from "../../ports/clock";
import type { MessageSlot, PostedMessageStore } from "../../ports/postedMessages";
import type { ChatRecord, Stored } from "../../ports/store";
import type { ChatNotifier } from "./proactive";

export interface ChatDeliveryDeps {
  readonly sender: ChatNotifier;
  /** The chat rows the bot stored (their conversation references). */
  readonly chats: { getChat(tenantId: string, conversationId: string): Promise<Stored<ChatRecord> | null> };
  readonly posted: PostedMessageStore;
  /** Meetings in the local calendar (the booking card offers each party their .ics link). */
  readonly localCalendar: boolean;
  readonly clock: Clock;
  readonly log: Logger;
}

/** How the bot shows each thing the app has to say: a card or a line, in the mentorship's language. */
export function present(m: Mentorship, message: ChatMessage, deps: Pick<ChatDeliveryDeps, "localCalendar" | "clock">): { text?: string; card?: AdaptiveCard } {
  const lang = m.language;
  switch (message.kind) {
    case "agreement":
      return { card: renderAgreementCard(m) };
    case "planOutcome": {
      const notice = message.plan.status === "booked" ? t(lang, "booked.title") : t(lang, "booking.failedTitle");
      return { card: renderPlanCard(m, { slot: message.plan.slot, leadHours: message.plan.agendaLeadHours, editable: false, notice }) };
    }
    case "bookingOutcome":
      return { card: renderBookingCard(m, message.plan, { meetings: message.meetings, icsUrl: null, localCalendar: deps.localCalendar, now: deps.clock.now() }) };
    case "agenda":
      return { card: renderAgendaCard(m, message.meeting) };
    case "pointOneReminder":
      return { text: t(lang, "reminder.pointOne", { mentee: m.mentee.name, mentor: m.mentor.name, time: message.meeting.time }) };
    case "heldCheck":
      return { card: renderHeldCard(m, message.meeting, { open: true }) };
    case "agreementReminder": {
      const names = waitingFor(m).map((p) => (p === "mentor" ? m.mentor.name : m.mentee.name));
      return { text: t(lang, "reminder.agreement", { names: listOf(lang, names), version: m.agreement.version }) };
    }
    case "mentorChanged":
      return { text: t(lang, "mentor.changed", { mentor: m.mentor.name, former: message.former.name }) };
    case "welcome":
      return { card: renderWelcomeCard(m, { meetings: message.meetings }) };
    case "evaluation":
      return { card: renderEvaluationCard(m) };
    case "closed":
      return { card: closedAgreementCard(m) };
    case "introduction":
      return { card: renderIntroductionCard(m) };
    case "introductionReminder": {
      const item = m.introduction?.template.schedule.find((s) => s.key === message.item);
      return { text: t(lang, "introduction.reminder", { activity: item?.label[lang] ?? "", week: item?.week ?? 0, contact: m.contact?.name ?? "", newHire: m.mentee.name }) };
    }
  }
}

/** The agreement as agreed, read-only, with the day the mentorship closed: nothing on it can change any more. */
export function closedAgreementCard(m: Mentorship): AdaptiveCard {
  const closedAt = m.closing?.closedAt ?? m.phaseSince;
  return renderAgreementCard(m, { readOnly: true, notice: t(m.language, "closing.closedNotice", { date: formatDate(dateIn(new Date(closedAt), m.timeZone)) }) });
}

/**
 * The app's chat port, in Teams: finds the mentorship's chat from the chat row the bot stored (its
 * conversation reference) and keeps the id of each slot's message in the PostedMessageStore, so a
 * later change replaces that card for everyone.
 */
export class BotChatDelivery implements ChatDelivery {
  constructor(private readonly deps: ChatDeliveryDeps) {}

  private async reference(m: Mentorship) {
    if (!m.conversationId) return null;
    const chat = await this.deps.chats.getChat(m.tenantId, m.conversationId);
    return chat?.value.reference ?? null;
  }

  async post(m: Mentorship, message: ChatMessage, slot?: MessageSlot): Promise<boolean> {
    return this.say(m, present(m, message, this.deps), slot);
  }

  /** Posts a text or card the bot made itself (a line about a meeting moved, say). */
  async say(m: Mentorship, shown: { text?: string; card?: AdaptiveCard }, slot?: MessageSlot): Promise<boolean> {
    const ref = await this.reference(m);
    if (!ref) return false;
    const id = await this.deps.sender.send(ref, shown);
    if (slot && id) await this.deps.posted.put(m.tenantId, m.id, slot, id);
    return true;
  }

  async replace(m: Mentorship, slot: MessageSlot, message: ChatMessage): Promise<boolean> {
    const card = present(m, message, this.deps).card;
    const id = card ? await this.deps.posted.get(m.tenantId, m.id, slot) : null;
    if (!card || !id) return false;
    const ref = await this.reference(m);
    if (!ref) return false;
    try {
      await this.deps.sender.update(ref, id, card);
      return true;
    } catch (err) {
      this.deps.log.warn("card.update.failed", { slot: slot.startsWith("agenda:") ? "agenda" : slot, error: err instanceof Error ? err.name : "unknown" });
      return false;
    }
  }
}
