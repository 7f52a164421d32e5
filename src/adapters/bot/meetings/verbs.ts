import { dateTimeText } from "../../../i18n/dates";
import { policyOf } from "../../../domain/programmes";
import { CardFactory, type TurnContext } from "botbuilder";
import type { z } from "zod";
import { BackgroundWork } from "../../../app/background";
import { issueParams } from "../../../app/agreement/schemas";
import type { MeetingService } from "../../../app/meetings/meetingService";
import { AgendaSaveSchema, HeldSchema, MeetingChangeSchema, PlanSchema } from "../../../app/meetings/schemas";
import { FeedbackInputIds, renderAgendaCard, renderBookingCard, renderHeldCard, renderPlanCard } from "../../../cards/meetingCards";
import type { AdaptiveCard } from "../../../cards/template";
import { Verbs } from "../../../cards/verbs";
import type { AgendaInput } from "../../../domain/agenda";
import type { Slot } from "../../../domain/cadence";
import { formatDate, isIsoDate } from "../../../domain/dates";
import { type CurrentCard, type Meeting, type MeetingPlan, type WaitingStep, currentCard, defaultSlot, waitingSteps } from "../../../domain/meetings";
import type { Party } from "../../../domain/agreement";
import type { Mentorship } from "../../../domain/mentorship";
import type { DomainError } from "../../../domain/result";
import { t } from "../../../i18n";
import type { Logger } from "../../../log";
import { CalendarError } from "../../../ports/calendar";
import type { PostedMessageStore } from "../../../ports/postedMessages";
import { type ExecuteResponse, type FeatureVerbs, type PartyAction, type RefusedAction, type VerbResult, answerAndUpdate, cardResponse, messageResponse } from "../cardActions";
import type { BotChatDelivery } from "../chatDelivery";

/** The programme's agenda lead time: what a plan card offers before the mentor chooses. */
const leadHoursOf = (m: Mentorship): number => policyOf(m).agendaLeadHours;

type ErrorText = (language: Mentorship["language"], error: DomainError) => string;

export interface MeetingBotDeps {
  readonly meetings: MeetingService;
  /** The pair's chat, outside the turn (a line about a moved or cancelled meeting). */
  readonly delivery: Pick<BotChatDelivery, "say">;
  readonly posted: Pick<PostedMessageStore, "put">;
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
 * The meetings' card verbs (plan, booking, changes, agenda, held). Background work (the booking
 * after "Book") is tracked so a shutdown, or a test, can wait for it.
 */
export class MeetingVerbs {
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
  verbs(): FeatureVerbs {
    const planRefusal = async ({ m }: RefusedAction, error: DomainError): Promise<ExecuteResponse> =>
      error.code === "MENTOR_ONLY" ? this.planError(m, m.meetingPlan?.slot ?? defaultSlot(m), m.meetingPlan?.agendaLeadHours ?? leadHoursOf(m), this.deps.errorText(m.language, error)) : this.refusal(m, error);
    const changeRefusal = async ({ m }: RefusedAction, error: DomainError): Promise<ExecuteResponse> => (error.code === "MENTOR_ONLY" ? this.changeError(m, error) : this.refusal(m, error));
    return {
      [Verbs.planBook]: { needs: "mentor", run: (a) => this.onBook(a), refuse: planRefusal },
      [Verbs.planSuggest]: { needs: "mentor", run: (a) => this.onSuggest(a), refuse: planRefusal },
      [Verbs.planRetry]: { needs: "party", run: (a) => this.onRetry(a) },
      [Verbs.planOpen]: { needs: "mentor", run: (a) => this.onOpenPlan(a) },
      [Verbs.meetingMove]: { needs: "mentor", run: (a) => this.onMove(a), refuse: changeRefusal },
      // Cancelling asks first: the first click only shows the question; confirm cancels, keep leaves it.
      [Verbs.meetingCancel]: { needs: "mentor", run: (a) => this.onCancelAsk(a), refuse: changeRefusal },
      [Verbs.meetingCancelConfirm]: { needs: "mentor", run: (a) => this.onCancel(a), refuse: changeRefusal },
      [Verbs.meetingCancelKeep]: { needs: "mentor", run: (a) => this.onCancelKeep(a), refuse: changeRefusal },
      [Verbs.meetingHeld]: { needs: "party", run: (a) => this.onHeld(a) },
      [Verbs.agendaSave]: { needs: "party", run: (a) => this.onAgendaSave(a), refuse: (a) => this.agendaForOthers(a) },
      [Verbs.icsLink]: { needs: "party", run: (a) => this.onIcsLink(a) },
    };
  }

  // ─── after the agreement ────────────────────────────────────────────────────────────────────

  /** The agreement card is out: an unaccepted agreement is nudged after N days. */
  async agreementPosted(m: Mentorship): Promise<void> {
    await this.deps.meetings.agreementPosted(m);
  }

  /** The agreement was just locked: the mentor gets the plan card in the chat. */
  async postPlanCard(ctx: TurnContext, m: Mentorship): Promise<void> {
    const card = renderPlanCard(m, { slot: defaultSlot(m), leadHours: leadHoursOf(m), editable: true });
    const sent = await ctx.sendActivity({ type: "message", attachments: [CardFactory.adaptiveCard(card)] });
    if (sent?.id) await this.deps.posted.put(m.tenantId, m.id, "plan", sent.id);
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
      if (id) await this.deps.posted.put(m.tenantId, m.id, `agenda:${step.meeting.key}`, id);
      return true;
    }
    const booking = step.kind === "booking" ? await this.bookingView(m) : null;
    if (booking) {
      const id = await send(booking);
      if (id) await this.deps.posted.put(m.tenantId, m.id, "booking", id);
      return true;
    }
    const plan = m.meetingPlan;
    const busy = plan?.status === "booking";
    const card = renderPlanCard(m, { slot: plan?.slot ?? defaultSlot(m), leadHours: plan?.agendaLeadHours ?? leadHoursOf(m), editable: !busy, ...(busy ? { notice: t(m.language, "plan.booking") } : {}) });
    const id = await send(card);
    if (id) await this.deps.posted.put(m.tenantId, m.id, "plan", id);
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

  private async onBook({ actor, m, stored, data }: PartyAction): Promise<ExecuteResponse> {
    const parsed = PlanSchema.safeParse(data);
    if (!parsed.success) return this.planError(m, defaultSlot(m), leadHoursOf(m), this.deps.errorText(m.language, { code: "INVALID_INPUT", params: issueParams(parsed.error) }));
    const slot: Slot = { weekday: parsed.data.weekday as Slot["weekday"], time: parsed.data.time, minutes: parsed.data.minutes };
    const { result, done } = await this.deps.meetings.book(actor, m.id, slot, parsed.data.leadHours, stored);
    if (!result.ok) return this.planError(m, slot, parsed.data.leadHours, this.deps.errorText(m.language, result.error));
    this.track(done);
    return cardResponse(renderPlanCard(result.value, { slot, leadHours: parsed.data.leadHours, editable: false, notice: t(m.language, "plan.booking") }));
  }

  private async onSuggest({ actor, m, data }: PartyAction): Promise<ExecuteResponse> {
    const parsed = PlanSchema.safeParse(data);
    const slot: Slot = parsed.success ? { weekday: parsed.data.weekday as Slot["weekday"], time: parsed.data.time, minutes: parsed.data.minutes } : defaultSlot(m);
    const leadHours = parsed.success ? parsed.data.leadHours : leadHoursOf(m);
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
    return cardResponse(renderPlanCard(m, { slot: plan?.slot ?? defaultSlot(m), leadHours: plan?.agendaLeadHours ?? leadHoursOf(m), editable: true }));
  }

  // ─── meeting changes ────────────────────────────────────────────────────────────────────────

  private async bookingView(m: Mentorship, extra: { notice?: string; error?: string; confirmCancel?: Meeting } = {}): Promise<AdaptiveCard | null> {
    if (!m.meetingPlan) return null;
    const meetings = await this.deps.meetings.meetings(m.tenantId, m.id);
    return renderBookingCard(m, m.meetingPlan, { meetings, icsUrl: null, localCalendar: this.deps.icsLink !== null, now: this.deps.clock.now(), ...extra });
  }

  /** The booking card after a change: the clicker's with the notice, everyone's replaced (one read of the meetings). */
  private async bookingForAll(m: Mentorship, extra: { notice: string }): Promise<VerbResult> {
    const plan = m.meetingPlan;
    if (!plan) return messageResponse(extra.notice);
    const meetings = await this.deps.meetings.meetings(m.tenantId, m.id);
    const view = (more: { notice?: string }) => renderBookingCard(m, plan, { meetings, icsUrl: null, localCalendar: this.deps.icsLink !== null, now: this.deps.clock.now(), ...more });
    return answerAndUpdate(cardResponse(view(extra)), "booking", view({}));
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

  private async onMove({ actor, m, data }: PartyAction): Promise<VerbResult> {
    if (this.noMeetingPicked(data)) return this.changeError(m, t(m.language, "meeting.pickOne"));
    const parsed = MeetingChangeSchema.safeParse(data);
    if (!parsed.success) return this.changeError(m, { code: "INVALID_INPUT", params: issueParams(parsed.error) });
    const { newDate, newTime, meetingKey } = parsed.data;
    if (!newDate || !newTime || !isIsoDate(newDate) || !/^([01]\d|2[0-3]):[0-5]\d$/.test(newTime)) return this.changeError(m, t(m.language, "meeting.moveNeedsDate"));
    const r = await this.deps.meetings.move(actor, m.id, meetingKey, { date: newDate, time: newTime });
    if (!r.ok) return this.changeError(m, r.error);
    const text = t(m.language, "meeting.moved", {
      from: dateTimeText(m.language, new Date(r.value.from.startUtc), m.timeZone),
      to: dateTimeText(m.language, new Date(r.value.meeting.startUtc), m.timeZone),
    });
    await this.say(m, text);
    return this.bookingForAll(r.value.mentorship, { notice: text });
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

  private async onCancel({ actor, m, data }: PartyAction): Promise<VerbResult> {
    if (this.noMeetingPicked(data)) return this.changeError(m, t(m.language, "meeting.pickOne"));
    const parsed = MeetingChangeSchema.safeParse(data);
    if (!parsed.success) return this.changeError(m, { code: "INVALID_INPUT", params: issueParams(parsed.error) });
    const r = await this.deps.meetings.cancel(actor, m.id, parsed.data.meetingKey);
    if (!r.ok) return this.changeError(m, r.error);
    const text = t(m.language, "meeting.cancelled", { date: formatDate(r.value.meeting.date) });
    await this.say(m, text);
    // Who was told: with Graph, Outlook sends the mentee the cancellation; locally the chat message is all they get.
    const told = t(m.language, this.deps.icsLink === null ? "meeting.toldOutlook" : "meeting.toldChat", { mentee: r.value.mentorship.mentee.name });
    return this.bookingForAll(r.value.mentorship, { notice: `${text} ${told}` });
  }

  private async onHeld({ actor, m, stored, data }: PartyAction): Promise<ExecuteResponse> {
    const parsed = HeldSchema.safeParse(data);
    if (!parsed.success) return messageResponse(this.deps.errorText(m.language, { code: "INVALID_INPUT", params: issueParams(parsed.error) }));
    const r = await this.deps.meetings.recordHeld(actor, m.id, parsed.data.meetingKey, parsed.data.outcome, stored);
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

  private async onAgendaSave(a: PartyAction): Promise<VerbResult> {
    const { actor, m, stored, party, data } = a;
    const meeting = await this.meetingOf(m, data);
    if (!meeting) return messageResponse(this.deps.errorText(m.language, { code: "MEETING_NOT_FOUND" }));
    const key = meeting.key;
    const parsed = AgendaSaveSchema.safeParse(data);
    if (!parsed.success) return cardResponse(renderAgendaCard(m, meeting, { error: this.deps.errorText(m.language, { code: "INVALID_INPUT", params: { ...issueParams(parsed.error), mentor: m.mentor.name, mentee: m.mentee.name } }) }));
    const d = parsed.data;

    // Point 4: the other party's fields must come back as they were; only the clicker's own are saved.
    const input = agendaInputOf(d, party);
    if (touchesTheirs(d, meeting, party)) {
      // Refused, nothing saved — but what the clicker typed is shown again, not lost.
      return cardResponse(renderAgendaCard(m, asTyped(meeting, input, party), { error: t(m.language, "agenda.notYourFeedback") }));
    }
    const r = await this.deps.meetings.saveAgenda(actor, m.id, key, input, stored);
    if (!r.ok) {
      if (r.error.code === "NOT_A_PARTY") return this.agendaForOthers({ ...a, party: null });
      // Issue 13: an identity number found — refused, nothing saved, and what was typed is shown again.
      if (r.error.code === "CITIZEN_ID_FOUND") return cardResponse(renderAgendaCard(m, asTyped(meeting, input, party), { error: this.deps.errorText(m.language, { ...r.error, params: { ...r.error.params, mentor: m.mentor.name, mentee: m.mentee.name } }) }));
      if (r.error.code === "NO_CHANGES") return cardResponse(renderAgendaCard(m, meeting, { notice: this.deps.errorText(m.language, r.error) }));
      return cardResponse(renderAgendaCard(m, meeting, { error: this.deps.errorText(m.language, r.error) }));
    }
    const saved = r.value.meeting;
    return answerAndUpdate(cardResponse(renderAgendaCard(m, saved, { notice: t(m.language, "agenda.saved") })), `agenda:${key}`, renderAgendaCard(m, saved));
  }

  /** A line into the pair's chat for everyone (not only the clicker). */
  private async say(m: Mentorship, text: string): Promise<void> {
    await this.deps.delivery.say(m, { text });
  }
}

type AgendaSaveData = z.infer<typeof AgendaSaveSchema>;

/** What a party's agenda save asks to store: the shared fields and their own feedback (never the other's). */
function agendaInputOf(d: AgendaSaveData, party: Party): AgendaInput {
  const mine = FeedbackInputIds[party];
  return {
    howIsMentee: d.howIsMentee,
    experience: d.experience,
    theme: d.theme,
    learningGoal: d.learningGoal,
    summary: d.summary,
    nextTheme: d.nextTheme,
    nextLearningGoal: d.nextLearningGoal,
    nextPreparation: d.nextPreparation,
    myFeedback: { how: d[mine.how], worked: d[mine.worked], better: d[mine.better] },
  };
}

/** The save changed the other party's feedback fields (only their owner may). */
function touchesTheirs(d: AgendaSaveData, meeting: Meeting, party: Party): boolean {
  const other = party === "mentor" ? "mentee" : "mentor";
  const theirs = meeting.agenda.feedback[other];
  const ids = FeedbackInputIds[other];
  return d[ids.how] !== theirs.how || d[ids.worked] !== theirs.worked || d[ids.better] !== theirs.better;
}

/** The meeting as the clicker typed it (shown again with a refusal, so nothing typed is lost). */
function asTyped(meeting: Meeting, input: AgendaInput, party: Party): Meeting {
  const { myFeedback, ...shared } = input;
  return { ...meeting, agenda: { ...meeting.agenda, ...shared, feedback: { ...meeting.agenda.feedback, [party]: { ...myFeedback, at: null } } } };
}
