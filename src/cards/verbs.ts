/**
 * Every card verb, named once. The templates in adaptiveCards/ write `"verb": "${verbs.agreementSave}"`
 * (expand() passes this table to every template) and the bot's verb table is keyed by `Verb`, so a
 * verb misspelt in the router does not compile, and one misspelt in a template fails its test
 * (test/unit/verbs.test.ts).
 */
export const Verbs = {
  setupSubmit: "setup.submit",
  agreementSave: "agreement.save",
  agreementAccept: "agreement.accept",
  agreementRefresh: "agreement.refresh",
  planBook: "plan.book",
  planSuggest: "plan.suggest",
  planRetry: "plan.retry",
  planOpen: "plan.open",
  meetingMove: "meeting.move",
  meetingCancel: "meeting.cancel",
  meetingCancelConfirm: "meeting.cancelConfirm",
  meetingCancelKeep: "meeting.cancelKeep",
  meetingHeld: "meeting.held",
  agendaSave: "agenda.save",
  icsLink: "ics.link",
  // issue 11: closing and evaluation
  closingStart: "closing.start",
  closingConfirmStart: "closing.confirmStart",
  evaluationSave: "evaluation.save",
  evaluationConfirm: "evaluation.confirm",
  evaluationConsent: "evaluation.consent",
  evaluationRefresh: "evaluation.refresh",
  revisionPropose: "revision.propose",
  revisionSave: "revision.save",
  revisionAccept: "revision.accept",
  /** Either party drops an open proposal; the agreement in force stays (revision engineer, issue 11). */
  revisionWithdraw: "revision.withdraw",
  welcomeSave: "welcome.save",
  welcomeStartAgreement: "welcome.startAgreement",
  pairingAnswer: "pairing.answer",
  ratingsSave: "ratings.save",
  // issue 12: the introduction scheme (introduction engineer)
  introductionTick: "introduction.tick",
  introductionRefresh: "introduction.refresh",
  introductionClose: "introduction.close",
  introductionHandover: "introduction.handover",
  // issue 12: the leader's cards, in the leader's personal chat
  leaderBook: "leader.book",
  leaderHeld: "leader.held",
  leaderRefresh: "leader.refresh",
  // issue 13: the mentee's process journal, in the mentee's personal chat only (journal helper)
  journalList: "journal.list",
  journalOpen: "journal.open",
  journalNew: "journal.new",
  journalAddRow: "journal.addRow",
  journalSave: "journal.save",
  journalDelete: "journal.delete",
  journalDeleteConfirm: "journal.deleteConfirm",
} as const;

export type Verb = (typeof Verbs)[keyof typeof Verbs];

const all = new Set<string>(Object.values(Verbs));

export function isVerb(s: string): s is Verb {
  return all.has(s);
}
