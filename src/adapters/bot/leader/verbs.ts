/**
 * The leader's card verbs (issue 12), answered in the leader's personal chat: "Book the talk" on the
 * reminder and "was it held?". The router (needs: "leader") has checked that the click comes from a
 * personal chat and that the clicker is the leader of the mentorship the data names; the use case
 * checks it again in the domain. Refusals write nothing.
 */
import { z } from "zod";
import type { LeaderService } from "../../../app/leader/leaderService";
import { renderLeaderAnswered, renderLeaderBookedCard, renderLeaderHeadsUpCard, renderLeaderHeldCard, renderLeaderReminderCard } from "../../../cards/leaderCards";
import { renderNoticeCard } from "../../../cards/setupCard";
import { Verbs } from "../../../cards/verbs";
import { dateIn } from "../../../domain/dates";
import { type LeaderTalkStatus, findTalk } from "../../../domain/leader";
import type { Mentorship } from "../../../domain/mentorship";
import type { DomainError } from "../../../domain/result";
import { t } from "../../../i18n";
import type { Logger } from "../../../log";
import type { PersonalMessage, Recipient } from "../../../ports/personal";
import { type ExecuteResponse, type FeatureVerbs, type LeaderAction, cardResponse } from "../cardActions";
import type { PersonalRenderer } from "../personalDelivery";

const TalkSchema = z.object({ mentorshipId: z.string().min(1).max(200), talk: z.string().min(1).max(100).regex(/^[A-Za-z0-9._-]+$/) });
const HeldSchema = TalkSchema.extend({ held: z.enum(["yes", "no"]) });

export interface LeaderVerbDeps {
  readonly leader: LeaderService;
  readonly errorText: (language: Mentorship["language"], error: DomainError) => string;
  readonly log: Logger;
  readonly clock: { now(): Date };
  /** The local calendar (no Microsoft 365): the booked card says where the meeting is. */
  readonly localCalendar: boolean;
  /** The local calendar's .ics link for the leader (null with Graph). */
  readonly icsLink?: ((m: Mentorship, aadObjectId: string) => { readonly url: string } | null) | null;
}

export class LeaderVerbs {
  constructor(private readonly deps: LeaderVerbDeps) {}

  verbs(): FeatureVerbs {
    return {
      [Verbs.leaderBook]: { needs: "leader", run: (a) => this.onBook(a) },
      [Verbs.leaderHeld]: { needs: "leader", run: (a) => this.onHeld(a) },
      [Verbs.leaderRefresh]: { needs: "leader", run: async ({ m, data }) => cardResponse(renderLeaderReminderCard(m, TalkSchema.safeParse(data).data?.talk ?? "", this.today(m))) },
    };
  }

  private today(m: Mentorship): string {
    return dateIn(this.deps.clock.now(), m.timeZone);
  }

  private refusal(m: Mentorship, error: DomainError): ExecuteResponse {
    return cardResponse(renderNoticeCard({ title: t(m.language, "leader.reminder.book"), lines: [], error: this.deps.errorText(m.language, error) }));
  }

  private async onBook({ actor, m, stored, data }: LeaderAction): Promise<ExecuteResponse> {
    const parsed = TalkSchema.safeParse(data);
    if (!parsed.success) return this.refusal(m, { code: "INVALID_INPUT", params: { field: "talk" } });
    const r = await this.deps.leader.book(actor, stored, parsed.data.talk);
    if (!r.ok) {
      if (r.error.code === "BUSY_TRY_AGAIN") return cardResponse(renderLeaderReminderCard(m, parsed.data.talk, this.today(m), { error: t(m.language, "leader.bookFailed") }));
      return this.refusal(m, r.error);
    }
    const link = this.deps.icsLink?.(r.value, actor.aadObjectId)?.url ?? null;
    return cardResponse(renderLeaderBookedCard(r.value, parsed.data.talk, this.deps.localCalendar, link));
  }

  private async onHeld({ actor, m, stored, data }: LeaderAction): Promise<ExecuteResponse> {
    const parsed = HeldSchema.safeParse(data);
    if (!parsed.success) return this.refusal(m, { code: "INVALID_INPUT", params: { field: "held" } });
    const held = parsed.data.held === "yes";
    const r = await this.deps.leader.answer(actor, stored, parsed.data.talk, held);
    if (!r.ok) {
      if (r.error.code === "NO_CHANGES") return cardResponse(renderLeaderAnswered(m, parsed.data.talk, held));
      if (r.error.code === "BUSY_TRY_AGAIN") return cardResponse(renderLeaderHeldCard(m, parsed.data.talk, { error: this.deps.errorText(m.language, r.error) }));
      return this.refusal(m, r.error);
    }
    return cardResponse(renderLeaderAnswered(r.value, parsed.data.talk, held));
  }
}

const talkOf = (message: PersonalMessage): string => ("talk" in message ? message.talk : "");

/** The leader's personal messages as cards, with the app's clock for the proposed time. */
export function leaderRenderers(clock: { now(): Date }): Partial<Record<PersonalMessage["kind"], PersonalRenderer>> {
  return {
    leaderReminder: (m, _r, message) => ({ card: renderLeaderReminderCard(m, talkOf(message), dateIn(clock.now(), m.timeZone)) }),
    leaderHeadsUp: (m) => ({ card: renderLeaderHeadsUpCard(m) }),
    leaderHeldCheck: (m, _r, message) => ({ card: renderLeaderHeldCard(m, talkOf(message)) }),
  };
}

const OPEN_FOR: Partial<Record<PersonalMessage["kind"], readonly LeaderTalkStatus[]>> = { leaderReminder: ["planned", "reminded"], leaderHeldCheck: ["booked"] };

/**
 * Whether a message kept for the leader is still worth offering when the leader opens the app: the
 * leader holds the role, and the talk is still to be booked (reminder) or answered (held check).
 */
export function leaderMessageOpen(m: Mentorship, recipient: Recipient, message: PersonalMessage): boolean {
  if (recipient !== "leader" || m.phase === "closed" || !m.leader) return recipient !== "leader";
  const statuses = OPEN_FOR[message.kind];
  if (!statuses) return true;
  const talk = findTalk(m, talkOf(message));
  return talk !== null && statuses.includes(talk.status);
}
