/**
 * The one place that knows the domain types may still carry Teams message ids. Issue 10 moves them
 * out (core's half: Mentorship loses agreementActivityId/planActivityId/bookingActivityId and gains
 * agreementPostedAt; Meeting loses agendaActivityId). Until that lands, the store gives the ids
 * back on read from the row's message-id columns, so today's callers keep working.
 *
 * When the domain drops the ids, the type checks below fail: set both constants to false (the
 * stored values are then the domain values as they are) — or delete the `true` branches.
 */
import type { Meeting } from "../../../domain/meetings";
import type { Mentorship } from "../../../domain/mentorship";
import type { StoredMeeting } from "./meeting";
import type { LegacyMessageIds, StoredMentorship } from "./mentorship";

type MentorshipCarriesIds = "agreementActivityId" extends keyof Mentorship ? true : false;
type MeetingCarriesIds = "agendaActivityId" extends keyof Meeting ? true : false;
const MENTORSHIP_CARRIES_MESSAGE_IDS: MentorshipCarriesIds = true;
const MEETING_CARRIES_MESSAGE_IDS: MeetingCarriesIds = true;

export function mentorshipToDomain(stored: StoredMentorship, ids: LegacyMessageIds): Mentorship {
  if (!MENTORSHIP_CARRIES_MESSAGE_IDS) return stored as unknown as Mentorship;
  // The domain of this branch has no agreementPostedAt: the value it gets back is the one it wrote.
  const { agreementPostedAt: _posted, ...rest } = stored;
  return {
    ...rest,
    agreementActivityId: ids.agreement,
    ...(ids.plan ? { planActivityId: ids.plan } : {}),
    ...(ids.booking ? { bookingActivityId: ids.booking } : {}),
  } as unknown as Mentorship;
}

export function meetingToDomain(stored: StoredMeeting, agendaId: string | null): Meeting {
  if (!MEETING_CARRIES_MESSAGE_IDS) return stored as unknown as Meeting;
  return { ...stored, agendaActivityId: agendaId } as unknown as Meeting;
}
