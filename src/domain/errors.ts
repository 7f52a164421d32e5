/**
 * The numbered catalogue of everything a user can be refused. Each code has a message in every
 * language file (`error.<code>`), so a refusal is always explained in the user's words.
 */
export const ErrorCodes = [
  "CHAT_HAS_ACTIVE_MENTORSHIP",
  "MENTOR_IS_MENTEE",
  "NO_OTHER_HUMAN",
  "MENTEE_NOT_IN_CHAT",
  "INVALID_START_DATE",
  "INVALID_INPUT",
  "NOT_SETUP_OWNER",
  "SETUP_NOT_PENDING",
  "NOT_A_PARTY",
  "MENTOR_ONLY",
  "WRONG_PHASE",
  "AGREEMENT_LOCKED",
  "AGREEMENT_STALE_VERSION",
  "ALREADY_ACCEPTED",
  "NO_CHANGES",
  "MENTORSHIP_NOT_FOUND",
  "START_ONLY_IN_GROUP_CHAT",
  "BUSY_TRY_AGAIN",
  "BOOKING_IN_PROGRESS",
  "MEETING_CANCELLED",
  "MEETING_NOT_FOUND",
  "MENTORSHIP_HAS_CHAT",
  "MENTEE_HAS_ACTIVE_MENTORSHIP",
  "PERSON_NOT_FOUND",
  "ROLE_NOT_IN_PROGRAMME",
  "TOOL_NOT_IN_PROGRAMME",
  "LEADER_AS_MENTOR",
  // closing and evaluation (issue 11)
  "MENTORSHIP_CLOSED",
  "ALREADY_CLOSING",
  "MENTORSHIP_PAUSED",
  "AGREEMENT_NOT_AGREED",
  "REVISION_OPEN",
  "NO_REVISION",
  "MENTEE_ONLY",
  "EVALUATION_STALE_VERSION",
  "ALREADY_CONFIRMED",
  "NOT_CLOSING",
  "ALREADY_ANSWERED",
  // the leader, the introduction scheme, programmes (issue 12)
  "LEADER_AS_CONTACT",
  "NOT_THE_LEADER",
  "NO_LEADER",
  "TALK_NOT_FOUND",
  "TALK_ALREADY_BOOKED",
  "NOT_INTRODUCTION_PARTY",
  "NO_INTRODUCTION",
  "INTRODUCTION_CLOSED",
  "PROGRAMME_INVALID",
  "PROGRAMME_NOT_FOUND",
  "PROGRAMME_BUILT_IN",
  "PROGRAMME_STALE_VERSION",
  // issue 13: a person's data rights
  "ERASURE_WHILE_RUNNING",
  // the identifier guard (issue 13): a citizen's identity number in a free-text field; a contact detail in a citizen field
  "CITIZEN_ID_FOUND",
  "CONTACT_DETAILS_FOUND",
  // issue 13: the mentee's process journal (journal helper)
  "JOURNAL_ENTRY_NOT_FOUND",
  "JOURNAL_STALE_VERSION",
  "JOURNAL_NOT_MENTEE",
  // data rights (issue 13)
  "ARCHIVE_HOLD_SET",
] as const;

export type ErrorCode = (typeof ErrorCodes)[number];
