/**
 * The numbers the flags' words name ("no meeting for 6 weeks"), shared by the tab and the CSV so
 * both say the same. src/tabApi/overview.ts decides the flags with FLAG_RULES; a test
 * (test/unit/wordList.test.ts) fails if these drift from those rules.
 */
export const FlagIds = ["agreementOverdue", "noMeeting6Weeks", "mentorOverloaded", "closingSoon", "pairingConcern", "mentorChangeRequested"] as const;
export type FlagId = (typeof FlagIds)[number];

export const FlagTextParams: Readonly<Record<FlagId, Readonly<Record<string, number>>>> = {
  agreementOverdue: { days: 7 },
  noMeeting6Weeks: { weeks: 6 },
  mentorOverloaded: { max: 3 },
  closingSoon: { days: 30 },
  pairingConcern: {},
  mentorChangeRequested: {},
};
