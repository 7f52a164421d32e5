import { CardFactory, type TurnContext } from "botbuilder";
import { BackgroundWork } from "../../app/background";
import type { MeetingEvents, MeetingService } from "../../app/meetingService";
import { AgendaSaveSchema, HeldSchema, MeetingChangeSchema, PlanSchema } from "../../app/meetingSchemas";
import type { MentorshipService } from "../../app/mentorshipService";
import { issueParams } from "../../app/schemas";
import { FeedbackInputIds, renderAgendaCard, renderBookingCard, renderHeldCard, renderPlanCard } from "../../cards/meetingCards";
import type { AdaptiveCard } from "../../cards/template";
import type { AgendaInput } from "../../domain/agenda";
import type { Slot } from "../../domain/cadence";
import { formatDate, formatDateTime, isIsoDate } from "../../domain/dates";
import { type CurrentCard, type Meeting, type MeetingPlan, type WaitingStep, currentCard, defaultSlot, waitingSteps } from "../../domain/meetings";
import type { Party } from "../../domain/agreement";
import { type Mentorship, awaitingChat, waitingFor } from "../../domain/mentorship";
import { renderAgreementCard } from "../../cards/agreementCard";
import type { DomainError } from "../../domain/result";
import { t } from "../../i18n";
import type { Logger } from "../../log";
import { CalendarError } from "../../ports/calendar";
import type { ChatNotifier } from "../../ports/notifier";
import { listOf } from "../../cards/template";
import type { CardVerb, PartyAction, RefusedAction } from "./cardActions";

export type ExecuteResponse =
  | { statusCode: 200; type: "application/vnd.microsoft.card.adaptive"; value: AdaptiveCard }
  | { statusCode: 200; type: "application/vnd.microsoft.activity.message"; value: string };

export const cardResponse = (card: AdaptiveCard): ExecuteResponse => ({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: card });
export const messageResponse = (text: string): ExecuteResponse => ({ statusCode: 200, type: "application/vnd.microsoft.activity.message", value: text });

type ErrorText = (language: Mentorship["language"], error: DomainError) => string;

export interface MeetingBotDeps {
  readonly meetings: MeetingService;
  readonly mentorships: MentorshipService;
  readonly notifier: ChatNotifier;
  readonly log: Logger;
  /**
   * Meetings in the local calendar: a party's own .ics link (null for anyone else). Null with Graph,
   * where the meetings are in Outlook.
   */
  readonly icsLink: ((m: Mentorship, aadObjectId: string) => { readonly url: string; readonly validUntil: Date } | null) | null;
  readonly errorText: ErrorText;
  readonly clock: { now(): Date };
}

/**
 * The meetings' card verbs and the proactive messages the meetings send. Background work (the
 * booking after "Book") is tracked so a shutdown, or a test, can wait for it.
 */
export class MeetingHandlers implements MeetingEvents {
  private readonly background: BackgroundWork;

  constructor(private readonly deps: MeetingBotDeps) {
    this.background = new BackgroundWork(deps.log, "background.failed");
  }

  /** Resolves when every background booking started so far has finished. */
  idle(): Promise<void> {
    return this.background.idle();
  }

  private track(work: Promise<void>): void {
    this.background.track(work);
  }

  /** The meetings' card verbs; the router has checked the chat and the party before any of them runs. */
  verbs(): [string, CardVerb][] {
    const planRefusal = async ({ m }: RefusedAction, error: DomainError): Promise<ExecuteResponse> =>
      error.code === "MENTOR_ONLY" ? this.planError(m, m.meetingPlan?.slot ?? defaultSlot(m), m.meetingPlan?.agendaLeadHours ?? 24, this.deps.errorText(m.language, error)) : this.refusal(m, error);
    const changeRefusal = async ({ m }: RefusedAction, error: DomainError): Promise<ExecuteResponse> => (error.code === "MENTOR_ONLY" ? this.changeError(m, error) : this.refusal(m, error));
    return [
      ["plan.book", { needs: "mentor", run: (a) => this.onBook(a), refuse: planRefusal }],
      ["plan.suggest", { needs: "mentor", run: (a) => this.onSuggest(a), refuse: planRefusal }],
      ["plan.retry", { needs: "party", run: (a) => this.onRetry(a) }],
      ["plan.open", { needs: "mentor", run: (a) => this.onOpenPlan(a) }],
      ["meeting.move", { needs: "mentor", run: (a) => this.onMove(a), refuse: changeRefusal }],
      // Cancelling asks first: the first click only shows the question; confirm cancels, keep leaves it.
      ["meeting.cancel", { needs: "mentor", run: (a) => this.onCancelAsk(a), refuse: changeRefusal }],
      ["meeting.cancelConfirm", { needs: "mentor", run: (a) => this.onCancel(a), refuse: changeRefusal }],
      ["meeting.cancelKeep", { needs: "mentor", run: (a) => this.onCancelKeep(a), refuse: changeRefusal }],
      ["meeting.held", { needs: "party", run: (a) => this.onHeld(a) }],
      ["agenda.save", { needs: "party", run: (a) => this.onAgendaSave(a), refuse: (a) => this.agendaForOthers(a) }],
      ["ics.link", { needs: "party", run: (a) => this.onIcsLink(a) }],
    ];
  }

  // ─── after the agreement ────────────────────────────────────────────────────────────────────

  /** The agreement card is out: an unaccepted agreement is nudged after N days. */
  async agreementPosted(m: Mentorship): Promise<void> {
    await this.deps.meetings.agreementPosted(m);
  }

  /** The agreement was just locked: the mentor gets the plan card in the chat. */
  async postPlanCard(ctx: TurnContext, m: Mentorship): Promise<void> {
    const card = renderPlanCard(m, { slot: defaultSlot(m), leadHours: 24, editable: true });
    const sent = await ctx.sendActivity({ type: "message", attachments: [CardFactory.adaptiveCard(card)] });
    if (sent?.id) await this.deps.meetings.recordPlanCard(m.tenantId, m.id, sent.id);
  }

  /** What waits for this party in the mentorship (for `status`). */
  async waitingFor(m: Mentorship, party: Party): Promise<WaitingStep[]> {
    return waitingSteps(m, party, await this.deps.meetings.meetings(m.tenantId, m.id), this.deps.clock.now());
  }

  // ─── the current card, again ────────────────────────────────────────────────────────────────

  /** The step a mentorship is in, and its name in one phrase ("the agenda for the meeting on 19.01.2027"). */
  async currentStep(m: Mentorship): Promise<{ step: CurrentCard; name: string }> {
    const step = currentCard(m, await this.deps.meetings.meetings(m.tenantId, m.id));
    const lang = m.language;
    const name = step.kind === "agenda" ? t(lang, "card.step.agenda", { date: formatDate(step.meeting.date) }) : t(lang, `card.step.${step.kind}`);
    return { step, name };
  }

  /**
   * Posts the card of the step after the agreement again (plan, booking or the latest agenda), with
   * one line saying so, and makes it the card the app updates. False for the agreement step (the
   * caller posts that one).
   */
  async repostCard(ctx: TurnContext, m: Mentorship): Promise<boolean> {
    const { step, name } = await this.currentStep(m);
    if (step.kind === "agreement") return false;
    const send = async (card: AdaptiveCard) =>
      (await ctx.sendActivity({ type: "message", text: t(m.language, "card.reposted", { step: name }), attachments: [CardFactory.adaptiveCard(card)] }))?.id;
    if (step.kind === "agenda") {
      const id = await send(renderAgendaCard(m, step.meeting));
      if (id) await this.deps.meetings.recordAgendaCard(m.tenantId, m.id, step.meeting.key, id);
      return true;
    }
    const booking = step.kind === "booking" ? await this.bookingView(m) : null;
    if (booking) {
      const id = await send(booking);
      if (id) await this.deps.meetings.recordBookingCard(m.tenantId, m.id, id);
      return true;
    }
    const plan = m.meetingPlan;
    const busy = plan?.status === "booking";
    const card = renderPlanCard(m, { slot: plan?.slot ?? defaultSlot(m), leadHours: plan?.agendaLeadHours ?? 24, editable: !busy, ...(busy ? { notice: t(m.language, "plan.booking") } : {}) });
    const id = await send(card);
    if (id) await this.deps.meetings.recordPlanCard(m.tenantId, m.id, id);
    return true;
  }

  // ─── plan verbs ─────────────────────────────────────────────────────────────────────────────

  /** A refusal that shows nothing of the mentorship: one line with the reason. */
  private refusal(m: Mentorship, error: DomainError): ExecuteResponse {
    return messageResponse(this.deps.errorText(m.language, error));
  }

  private planError(m: Mentorship, slot: Slot, leadHours: number, error: string): ExecuteResponse {
    return cardResponse(renderPlanCard(m, { slot, leadHours, editable: true, error }));
  }

  private async onBook({ actor, m, data }: PartyAction): Promise<ExecuteResponse> {
    const parsed = PlanSchema.safeParse(data);
    if (!parsed.success) return this.planError(m, defaultSlot(m), 24, this.deps.errorText(m.language, { code: "INVALID_INPUT", params: issueParams(parsed.error) }));
    const slot: Slot = { weekday: parsed.data.weekday as Slot["weekday"], time: parsed.data.time, minutes: parsed.data.minutes };
    const { result, done } = await this.deps.meetings.book(actor, m.id, slot, parsed.data.leadHours);
    if (!result.ok) return this.planError(m, slot, parsed.data.leadHours, this.deps.errorText(m.language, result.error));
    this.track(done);
    return cardResponse(renderPlanCard(result.value, { slot, leadHours: parsed.data.leadHours, editable: false, notice: t(m.language, "plan.booking") }));
  }

  private async onSuggest({ actor, m, data }: PartyAction): Promise<ExecuteResponse> {
    const parsed = PlanSchema.safeParse(data);
    const slot: Slot = parsed.success ? { weekday: parsed.data.weekday as Slot["weekday"], time: parsed.data.time, minutes: parsed.data.minutes } : defaultSlot(m);
    const leadHours = parsed.success ? parsed.data.leadHours : 24;
    try {
      const r = await this.deps.meetings.suggestSlot(actor, m.id, slot);
      if (!r.ok) return this.planError(m, slot, leadHours, this.deps.errorText(m.language, r.error));
      if (!r.value) return cardResponse(renderPlanCard(m, { slot, leadHours, editable: true, error: t(m.language, "plan.noSuggestion") }));
      const s = r.value;
      return cardResponse(renderPlanCard(m, { slot: s, leadHours, editable: true, notice: t(m.language, "plan.suggested", { weekday: t(m.language, `weekday.${s.weekday}`), time: s.time }) }));
    } catch (err) {
      if (err instanceof CalendarError) return cardResponse(renderPlanCard(m, { slot, leadHours, editable: true, error: t(m.language, "plan.noFreeBusy") }));
      throw err;
    }
  }

  private async onRetry({ actor, m }: PartyAction): Promise<ExecuteResponse> {
    const { result, done } = await this.deps.meetings.retryBooking(actor, m.id);
    if (!result.ok) return messageResponse(this.deps.errorText(m.language, result.error));
    this.track(done);
    const plan = result.value.meetingPlan as MeetingPlan;
    return cardResponse(renderBookingCard(result.value, plan, { meetings: [], icsUrl: null, now: this.deps.clock.now() }));
  }

  private async onOpenPlan({ m }: PartyAction): Promise<ExecuteResponse> {
    const plan = m.meetingPlan;
    return cardResponse(renderPlanCard(m, { slot: plan?.slot ?? defaultSlot(m), leadHours: plan?.agendaLeadHours ?? 24, editable: true }));
  }

  // ─── meeting changes ────────────────────────────────────────────────────────────────────────

  private async bookingView(m: Mentorship, extra: { notice?: string; error?: string; confirmCancel?: Meeting } = {}): Promise<AdaptiveCard | null> {
    if (!m.meetingPlan) return null;
    const meetings = await this.deps.meetings.meetings(m.tenantId, m.id);
    return renderBookingCard(m, m.meetingPlan, { meetings, icsUrl: null, localCalendar: this.deps.icsLink !== null, now: this.deps.clock.now(), ...extra });
  }

  private async refreshBookingCard(m: Mentorship): Promise<void> {
    const card = await this.bookingView(m);
    if (card && m.bookingActivityId) await this.update(m, m.bookingActivityId, card);
  }

  private async changeError(m: Mentorship, error: DomainError | string): Promise<ExecuteResponse> {
    // Someone who stopped being a party since the router looked (a change of mentor) gets no meetings.
    if (typeof error !== "string" && error.code === "NOT_A_PARTY") return this.refusal(m, error);
    const text = typeof error === "string" ? error : this.deps.errorText(m.language, error);
    const card = await this.bookingView(m, { error: text });
    return card ? cardResponse(card) : messageResponse(text);
  }

  /** Moving or cancelling names one meeting; changing the regular time (plan.open) needs none. */
  private noMeetingPicked(data: Readonly<Record<string, unknown>>): boolean {
    const key = data["meetingKey"];
    return typeof key !== "string" || key.trim() === "";
  }

  private async onMove({ actor, m, data }: PartyAction): Promise<ExecuteResponse> {
    if (this.noMeetingPicked(data)) return this.changeError(m, t(m.language, "meeting.pickOne"));
    const parsed = MeetingChangeSchema.safeParse(data);
    if (!parsed.success) return this.changeError(m, { code: "INVALID_INPUT", params: issueParams(parsed.error) });
    const { newDate, newTime, meetingKey } = parsed.data;
    if (!newDate || !newTime || !isIsoDate(newDate) || !/^([01]\d|2[0-3]):[0-5]\d$/.test(newTime)) return this.changeError(m, t(m.language, "meeting.moveNeedsDate"));
    const r = await this.deps.meetings.move(actor, m.id, meetingKey, { date: newDate, time: newTime });
    if (!r.ok) return this.changeError(m, r.error);
    const text = t(m.language, "meeting.moved", {
      from: formatDateTime(new Date(r.value.from.startUtc), m.timeZone),
      to: formatDateTime(new Date(r.value.meeting.startUtc), m.timeZone),
    });
    await this.say(m, text);
    await this.refreshBookingCard(r.value.mentorship);
    return cardResponse((await this.bookingView(r.value.mentorship, { notice: text })) as AdaptiveCard);
  }

  /** "Cancel the meeting": nothing changes yet; the card asks, naming the meeting and who will be told. */
  private async onCancelAsk({ m, data }: PartyAction): Promise<ExecuteResponse> {
    if (this.noMeetingPicked(data)) return this.changeError(m, t(m.language, "meeting.pickOne"));
    const parsed = MeetingChangeSchema.safeParse(data);
    if (!parsed.success) return this.changeError(m, { code: "INVALID_INPUT", params: issueParams(parsed.error) });
    const meeting = await this.meetingOf(m, parsed.data);
    if (!meeting) return this.changeError(m, { code: "MEETING_NOT_FOUND" });
    if (meeting.status === "cancelled") return this.changeError(m, { code: "MEETING_CANCELLED" });
    const card = await this.bookingView(m, { confirmCancel: meeting });
    return card ? cardResponse(card) : this.changeError(m, { code: "MEETING_NOT_FOUND" });
  }

  private async onCancelKeep({ m }: PartyAction): Promise<ExecuteResponse> {
    const card = await this.bookingView(m, { notice: t(m.language, "meeting.cancelKept") });
    return card ? cardResponse(card) : messageResponse(t(m.language, "meeting.cancelKept"));
  }

  private async onCancel({ actor, m, data }: PartyAction): Promise<ExecuteResponse> {
    if (this.noMeetingPicked(data)) return this.changeError(m, t(m.language, "meeting.pickOne"));
    const parsed = MeetingChangeSchema.safeParse(data);
    if (!parsed.success) return this.changeError(m, { code: "INVALID_INPUT", params: issueParams(parsed.error) });
    const r = await this.deps.meetings.cancel(actor, m.id, parsed.data.meetingKey);
    if (!r.ok) return this.changeError(m, r.error);
    const text = t(m.language, "meeting.cancelled", { date: formatDate(r.value.meeting.date) });
    await this.say(m, text);
    await this.refreshBookingCard(r.value.mentorship);
    // Who was told: with Graph, Outlook sends the mentee the cancellation; locally the chat message is all they get.
    const told = t(m.language, this.deps.icsLink === null ? "meeting.toldOutlook" : "meeting.toldChat", { mentee: r.value.mentorship.mentee.name });
    return cardResponse((await this.bookingView(r.value.mentorship, { notice: `${text} ${told}` })) as AdaptiveCard);
  }

  private async onHeld({ actor, m, data }: PartyAction): Promise<ExecuteResponse> {
    const parsed = HeldSchema.safeParse(data);
    if (!parsed.success) return messageResponse(this.deps.errorText(m.language, { code: "INVALID_INPUT", params: issueParams(parsed.error) }));
    const r = await this.deps.meetings.recordHeld(actor, m.id, parsed.data.meetingKey, parsed.data.outcome);
    if (!r.ok) return messageResponse(this.deps.errorText(m.language, r.error));
    const notice = t(m.language, `held.recorded.${parsed.data.outcome}`, { mentor: m.mentor.name });
    return cardResponse(renderHeldCard(m, r.value.meeting, { open: false, notice }));
  }

  /**
   * The booking card's "my calendar link": the card in the chat carries no link, so none works for
   * someone else; a party asking from the pair's chat gets their own, answered to them alone.
   */
  private async onIcsLink({ actor, m }: PartyAction): Promise<ExecuteResponse> {
    const link = this.deps.icsLink?.(m, actor.aadObjectId) ?? null;
    if (!m.meetingPlan || !link) return this.changeError(m, { code: "MEETING_NOT_FOUND" });
    const meetings = await this.deps.meetings.meetings(m.tenantId, m.id);
    return cardResponse(renderBookingCard(m, m.meetingPlan, { meetings, icsUrl: link.url, icsValidUntil: link.validUntil, localCalendar: true, now: this.deps.clock.now() }));
  }

  // ─── agenda ─────────────────────────────────────────────────────────────────────────────────

  private async meetingOf(m: Mentorship, data: Readonly<Record<string, unknown>>): Promise<Meeting | null> {
    const key = typeof data["meetingKey"] === "string" ? data["meetingKey"] : "";
    return (await this.deps.meetings.meetings(m.tenantId, m.id)).find((x) => x.key === key) ?? null;
  }

  /** Someone in the pair's chat who is not a party: the agenda's headings and date, none of its text. */
  private async agendaForOthers({ m, data }: RefusedAction): Promise<ExecuteResponse> {
    const meeting = await this.meetingOf(m, data);
    if (!meeting) return messageResponse(this.deps.errorText(m.language, { code: "MEETING_NOT_FOUND" }));
    return cardResponse(renderAgendaCard(m, meeting, { headingsOnly: true, error: t(m.language, "agenda.readOnlyForYou", { mentor: m.mentor.name, mentee: m.mentee.name }) }));
  }

  private async onAgendaSave(a: PartyAction): Promise<ExecuteResponse> {
    const { ctx, actor, m, party, data } = a;
    const meeting = await this.meetingOf(m, data);
    if (!meeting) return messageResponse(this.deps.errorText(m.language, { code: "MEETING_NOT_FOUND" }));
    const key = meeting.key;
    const parsed = AgendaSaveSchema.safeParse(data);
    if (!parsed.success) return cardResponse(renderAgendaCard(m, meeting, { error: this.deps.errorText(m.language, { code: "INVALID_INPUT", params: { ...issueParams(parsed.error), mentor: m.mentor.name, mentee: m.mentee.name } }) }));
    const d = parsed.data;

    // Point 4: the other party's fields must come back as they were; only the clicker's own are saved.
    const other = party === "mentor" ? "mentee" : "mentor";
    const theirs = meeting.agenda.feedback[other];
    const mine = FeedbackInputIds[party];
    const myFeedback = { how: d[mine.how], worked: d[mine.worked], better: d[mine.better] };
    const input: AgendaInput = {
      howIsMentee: d.howIsMentee,
      experience: d.experience,
      theme: d.theme,
      learningGoal: d.learningGoal,
      summary: d.summary,
      nextTheme: d.nextTheme,
      nextLearningGoal: d.nextLearningGoal,
      nextPreparation: d.nextPreparation,
      myFeedback,
    };
    const ids = FeedbackInputIds[other];
    if (d[ids.how] !== theirs.how || d[ids.worked] !== theirs.worked || d[ids.better] !== theirs.better) {
      // Refused, nothing saved — but what the clicker typed is shown again, not lost.
      const { myFeedback: _own, ...shared } = input;
      const typed = { ...meeting, agenda: { ...meeting.agenda, ...shared, feedback: { ...meeting.agenda.feedback, [party]: { ...myFeedback, at: null } } } };
      return cardResponse(renderAgendaCard(m, typed, { error: t(m.language, "agenda.notYourFeedback") }));
    }
    const r = await this.deps.meetings.saveAgenda(actor, m.id, key, input);
    if (!r.ok) {
      if (r.error.code === "NOT_A_PARTY") return this.agendaForOthers({ ...a, party: null });
      if (r.error.code === "NO_CHANGES") return cardResponse(renderAgendaCard(m, meeting, { notice: this.deps.errorText(m.language, r.error) }));
      return cardResponse(renderAgendaCard(m, meeting, { error: this.deps.errorText(m.language, r.error) }));
    }
    const saved = r.value.meeting;
    if (saved.agendaActivityId) {
      try {
        await ctx.updateActivity({ type: "message", id: saved.agendaActivityId, attachments: [CardFactory.adaptiveCard(renderAgendaCard(m, saved))] });
      } catch (err) {
        this.deps.log.warn("agenda.update.failed", { error: err instanceof Error ? err.name : "unknown" });
      }
    }
    return cardResponse(renderAgendaCard(m, saved, { notice: t(m.language, "agenda.saved") }));
  }

  // ─── proactive: MeetingEvents ───────────────────────────────────────────────────────────────

  private async reference(m: Mentorship) {
    const chat = await this.deps.mentorships.getChat(m.tenantId, m.conversationId);
    return chat?.reference ?? null;
  }

  private async say(m: Mentorship, text: string): Promise<void> {
    const ref = await this.reference(m);
    if (ref) await this.deps.notifier.send(ref, { text });
  }

  private async update(m: Mentorship, activityId: string, card: AdaptiveCard): Promise<void> {
    const ref = await this.reference(m);
    if (!ref) return;
    try {
      await this.deps.notifier.update(ref, activityId, card);
    } catch (err) {
      this.deps.log.warn("card.update.failed", { error: err instanceof Error ? err.name : "unknown" });
    }
  }

  /**
   * The booking's outcome in the chat. Run by the booking's follow-ups, which repeat until this
   * returns: so it posts the booking card once (then updates it in place) and throws when the chat
   * could not be told, to be tried again.
   */
  async bookingFinished(m: Mentorship, plan: MeetingPlan, meetings: readonly Meeting[]): Promise<void> {
    const ref = await this.reference(m);
    if (!ref) return;
    const card = renderBookingCard(m, plan, { meetings, icsUrl: null, localCalendar: this.deps.icsLink !== null, now: this.deps.clock.now() });
    if (m.planActivityId) {
      const notice = plan.status === "booked" ? t(m.language, "booked.title") : t(m.language, "booking.failedTitle");
      await this.update(m, m.planActivityId, renderPlanCard(m, { slot: plan.slot, leadHours: plan.agendaLeadHours, editable: false, notice }));
    }
    if (m.bookingActivityId) {
      try {
        await this.deps.notifier.update(ref, m.bookingActivityId, card);
        return;
      } catch (err) {
        // The outcome must reach the chat: a card that cannot be updated (deleted, say) gets a new one.
        this.deps.log.warn("booking.card.update.failed", { mentorshipId: m.id, error: err instanceof Error ? err.name : "unknown" });
      }
    }
    const id = await this.deps.notifier.send(ref, { card });
    if (id) await this.deps.meetings.recordBookingCard(m.tenantId, m.id, id);
  }

  async agendaDue(m: Mentorship, meeting: Meeting): Promise<string | null> {
    const ref = await this.reference(m);
    return ref ? this.deps.notifier.send(ref, { card: renderAgendaCard(m, meeting) }) : null;
  }

  async pointOneReminder(m: Mentorship, meeting: Meeting): Promise<void> {
    await this.say(m, t(m.language, "reminder.pointOne", { mentee: m.mentee.name, mentor: m.mentor.name, time: meeting.time }));
  }

  async heldCheck(m: Mentorship, meeting: Meeting): Promise<void> {
    const ref = await this.reference(m);
    if (ref) await this.deps.notifier.send(ref, { card: renderHeldCard(m, meeting, { open: true }) });
  }

  async agreementReminder(m: Mentorship): Promise<void> {
    const names = waitingFor(m).map((p) => (p === "mentor" ? m.mentor.name : m.mentee.name));
    await this.say(m, t(m.language, "reminder.agreement", { names: listOf(m.language, names), version: m.agreement.version }));
  }

  /** A coordinator changed the mentor: the chat is told, and the agreement card shows the new mentor. */
  async mentorChanged(m: Mentorship, former: { readonly name: string }): Promise<void> {
    if (awaitingChat(m)) return;
    await this.say(m, t(m.language, "mentor.changed", { mentor: m.mentor.name, former: former.name }));
    if (m.agreementActivityId) await this.update(m, m.agreementActivityId, renderAgreementCard(m));
  }
}
