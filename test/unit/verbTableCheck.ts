import { AgreementVerbs } from "../../src/adapters/bot/agreement/verbs";
import { MeetingVerbs } from "../../src/adapters/bot/meetings/verbs";
import { WelcomeVerbs } from "../../src/adapters/bot/preparation/verbs";
import { PrivateVerbs } from "../../src/adapters/bot/private/verbs";
import { ClosingVerbs } from "../../src/adapters/bot/closing/verbs";
import { IntroductionVerbs } from "../../src/adapters/bot/introduction/verbs";
import { verbTable } from "../../src/adapters/bot/verbTable";
import { LeaderVerbs } from "../../src/adapters/bot/leader/verbs";
import { JournalVerbs } from "../../src/adapters/bot/journal/verbs";
import { silentLogger } from "../../src/log";

/** The bot's verb table as the bot assembles it; the handlers are never called here. */
export async function buildVerbTableForCheck() {
  const unused = {} as never;
  const agreement = new AgreementVerbs({ service: unused, agreement: unused, members: async () => [], posted: unused, errorText: () => "", log: silentLogger });
  const meetings = new MeetingVerbs({ meetings: unused, delivery: unused, posted: unused, log: silentLogger, icsLink: null, errorText: () => "", clock: { now: () => new Date() } });
  const welcome = new WelcomeVerbs({ preparation: unused, posted: unused, postAgreement: async () => {}, errorText: () => "", log: silentLogger });
  const privateVerbs = new PrivateVerbs({ questions: unused, errorText: () => "", log: silentLogger });
  const closing = new ClosingVerbs({ closing: unused, service: unused, posted: unused, errorText: () => "", log: silentLogger, clock: { now: () => new Date() } });
  const introduction = new IntroductionVerbs({ introduction: unused, store: unused, posted: unused, errorText: () => "", log: silentLogger });
  const leader = new LeaderVerbs({ leader: unused, errorText: () => "", log: silentLogger, clock: { now: () => new Date() }, localCalendar: true });
  const journal = new JournalVerbs({ journal: unused, errorText: () => "", log: silentLogger });
  return verbTable(agreement.verbs(), meetings.verbs(), welcome.verbs(), privateVerbs.verbs(), closing.verbs(), introduction.verbs(), leader.verbs(), journal.verbs());
}
