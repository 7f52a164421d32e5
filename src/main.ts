// Telemetry first (issue 14): it must see Node's http before anything else loads it.
import "./telemetryStart";
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { createCloudAdapter, processActivity } from "./adapters/bot/cloudAdapter";
import { BotChatDelivery } from "./adapters/bot/chatDelivery";
import { MovableClock } from "./adapters/movableClock";
import { agreementDocx, evaluationDocx } from "./adapters/docx/documents";
import { MeetingVerbs } from "./adapters/bot/meetings/verbs";
import { MentorBot, errorText } from "./adapters/bot/mentorBot";
import type { MemberDirectory } from "./adapters/bot/members";
import { BotChatNotifier, type ChatNotifier } from "./adapters/bot/proactive";
import { OutboundQueue } from "./adapters/bot/outboundQueue";
import { LocalCalendar } from "./adapters/tables/localCalendar";
import { TableJobStore } from "./adapters/tables/tableJobStore";
import { TablePostedMessages } from "./adapters/tables/tablePostedMessages";
import { TableMentorshipStore } from "./adapters/tables/tableStore";
import { TablePersonalChats } from "./adapters/tables/tablePersonalChats";
import { TableProgrammes } from "./adapters/tables/tableProgrammes";
import { ProgrammeService } from "./app/programmes/programmeService";
import type { ProgrammeStore } from "./ports/programmes";
import { TablePrivateAnswers } from "./adapters/tables/tablePrivateAnswers";
import { BotPersonalDelivery } from "./adapters/bot/personalDelivery";
import { PrivateVerbs } from "./adapters/bot/private/verbs";
import { preparationReminderText } from "./cards/welcomeCard";
import { PrivateQuestions } from "./app/private/privateQuestions";
import type { PersonalChatStore } from "./ports/personalChats";
import type { PrivateAnswerStore } from "./ports/privateAnswers";
import type { QuestionMarks } from "./ports/privateQuestions";
import { type MeetingDeps, MeetingService } from "./app/meetings/meetingService";
import { MentorshipService } from "./app/setup/mentorshipService";
import { PreparationService } from "./app/preparation/preparationService";
import { JobRegistry } from "./app/jobs/registry";
import { Scheduler } from "./app/scheduler";
import { type ChangeListener, SummaryWriter } from "./app/summaries";
import { StaffService } from "./app/staff/staffService";
import { type Config, ConfigError, type GraphSettings, loadConfig } from "./config";
import { GraphCalendar, GraphChats } from "./adapters/graph";
import { type Mentorship, partyOf } from "./domain/mentorship";
import { createHttpServer } from "./http/server";
import { ICS_LINK_DAYS, icsToken, readIcsToken, renderIcs } from "./http/ics";
import { t } from "./i18n";
import { type Logger, createLogger } from "./log";
import type { CalendarPort, CalendarRecords, ChatProvisioner, EventCalendar, PersonalInstaller } from "./ports/calendar";
import { LeaderService } from "./app/leader/leaderService";
import { LeaderVerbs, leaderMessageOpen, leaderRenderers } from "./adapters/bot/leader/verbs";
import { talkName } from "./cards/leaderCards";
import type { JobStore } from "./ports/jobs";
import type { PersonalDelivery } from "./ports/personal";
import type { PostedMessageStore } from "./ports/postedMessages";
import type { MentorshipStore } from "./ports/store";
import { type Clock, systemClock } from "./ports/clock";
import { readFileSync } from "node:fs";
import path from "node:path";
import { TabApi } from "./tabApi/api";
import { TabAuthenticator } from "./tabApi/auth";
import { type LocalDirectory, parsePlaygroundUsers } from "./tabApi/localUsers";
import type { CoordinatorActions, PairDocuments, TabApiDeps } from "./tabApi/api";
import { SummaryCache } from "./tabApi/summaryCache";
import { CoordinatorService } from "./app/coordinator/coordinatorService";
import { ClosingService } from "./app/closing/closingService";
import { IntroductionVerbs } from "./adapters/bot/introduction/verbs";
import { IntroductionCoordinator, IntroductionService } from "./app/introduction/introductionService";
import { handoverDue } from "./domain/introduction";
import { ClosingVerbs } from "./adapters/bot/closing/verbs";
import { GraphPeopleDirectory, LocalPeopleDirectory } from "./adapters/people/directories";
import type { PeopleDirectory } from "./ports/people";
// Issue 13: the mentee's process journal — the composition root is the one place outside src/app/journal that names its repository.
import { JournalVerbs } from "./adapters/bot/journal/verbs";
import { JournalCipher, TableJournal } from "./adapters/tables/tableJournal";
import type { JournalRepository } from "./app/journal/journalRepository";
import { JournalService } from "./app/journal/journalService";
// issue 13: the audit log, a coordinator's archive hold and erasure, retention
import { BotErasedChat } from "./adapters/bot/erasedChat";
import { TableAuditLog } from "./adapters/tables/tableAuditLog";
import { AuditTrail, peopleOf } from "./app/audit/auditTrail";
import { MentorshipErasure } from "./app/erasure/erasureService";
import { RetentionService } from "./app/retention/retentionService";
import type { RetentionSettings } from "./domain/retention";
import { PersonalData } from "./app/rights/personalData";
import { type DataLinkMaker, myDataReply } from "./adapters/bot/rights/myData";
import { personalDataHtml } from "./adapters/docx/personalDataHtml";
import { DATA_LINK_MINUTES, dataLinkFile, readDataLink } from "./http/dataLink";
import type { AuditLog } from "./ports/audit";
import type { JournalRights } from "./ports/journal";

export interface AppOptions {
  readonly config: Config;
  readonly clock?: Clock;
  readonly log?: Logger;
  readonly members?: MemberDirectory;
  /** Another calendar (tests). By default: Graph when configured, else the local calendar. */
  readonly calendar?: CalendarPort;
}

/** The parts the app is made of that differ between production and the bot tests: storage, the channel, the calendar, people. */
export interface Edges {
  /** Storage users wait on (fails fast in an outage); `backgroundStore` keeps the SDK's retries. */
  readonly store: MentorshipStore;
  readonly backgroundStore?: MentorshipStore;
  readonly jobs: JobStore;
  readonly posted: PostedMessageStore;
  /** The channel edge for messages outside a turn (the Bot Connector; a recording in tests). */
  readonly sender: ChatNotifier;
  readonly calendar: CalendarPort;
  /** Meetings in the local calendar: a party's own .ics link. Null with Graph. */
  readonly icsLink: ((m: Mentorship, aadObjectId: string) => { readonly url: string; readonly validUntil: Date } | null) | null;
  /** People's e-mail addresses for invitations. */
  readonly directory: MeetingDeps["directory"];
  readonly people: PeopleDirectory;
  readonly chats: ChatProvisioner | null;
  readonly members?: MemberDirectory | undefined;
  readonly clock: Clock;
  readonly log: Logger;
  readonly agreementNudgeDays?: number;
  /** The scheduler's name for this process (its job leases). */
  readonly owner: string;
  /** Subject and body of the calendar invitations. */
  readonly texts?: MeetingDeps["texts"];
  /** A party's personal chat with the app (the mentor's preparation reminder); without it, such messages stay pending. */
  readonly personal?: PersonalDelivery;
  /** Each person's personal chat with the app, and the parties' private answers with the marks of questions asked. */
  readonly personalChats: PersonalChatStore;
  readonly privateAnswers: PrivateAnswerStore & QuestionMarks;
  /** Issue 12: the leader's calendar for the talks (Graph, or the local calendar); none: booking says the calendar is unavailable. */
  readonly talkCalendar?: EventCalendar;
  /** Issue 12: with Graph, the app installs itself for a leader who has not opened it (TeamsAppInstallation.ReadWriteForUser.All). */
  readonly installer?: PersonalInstaller | null;
  /** Issue 12: the tenant's own programmes (their versions); without it only the built-ins exist. */
  readonly programmes?: ProgrammeStore;
  /** Issue 13: the mentee's process journal (its own encrypted table); without it there is no journal. */
  readonly journalRepository?: JournalRepository;
  /** Issue 13: the audit log (TableAuditLog; ids, a verb and a time, never content); without it nothing is audited and retention keeps no log. */
  readonly audit?: AuditLog;
  /** Issue 13: another JournalRights for erasure, retention and the data export (use-case tests); default: the journal's own service. */
  readonly journal?: JournalRights;
  /** Issue 13: how long closed mentorships, their journals and the audit log are kept (config); default 24/3/6 months. */
  readonly retention?: RetentionSettings;
  /** Issue 13: the personal chat's signed, short-lived links to a person's own data; none: the reply points to the tab's "My data". */
  readonly dataLink?: DataLinkMaker | null;
  /** Issue 13: the local calendar's rows, which an erasure rewrites too (null with Graph). */
  readonly calendarRecords?: CalendarRecords | null;
}

/** Issue 13: the retention the issue names, when no configuration says otherwise. */
const DEFAULT_RETENTION: RetentionSettings = { mentorshipMonths: 24, journalMonths: 3, auditMonths: 6 };

/**
 * The composition of the use cases and the bot, shared by buildApp and the bot tests
 * (test/bot/harness.ts), so the tests run the same wiring as production.
 */
export function compose(edges: Edges) {
  const { store, clock, log } = edges;
  const summaries = new SummaryWriter(store, clock, log);
  // The overview's short-lived copy of each tenant's summary rows, forgotten on every change made here.
  const summaryCache = new SummaryCache((tenantId) => store.listSummaries(tenantId), clock);
  // The private questions (pairing check, ratings): each party alone, in their personal chat.
  const personal = new BotPersonalDelivery({ sender: edges.sender, chats: edges.personalChats, mentorships: store, isOpen: async (m, party, kind, message) => (kind === "introductionHandover" ? party === "mentor" && handoverDue(m) : party === "mentor" || party === "mentee" ? privateQuestions.isOpen(m, party, kind) : leaderMessageOpen(m, party, message)), render: { preparationReminder: (m) => ({ text: preparationReminderText(m) }), ...leaderRenderers(clock) }, clock, log });
  const onChanged: ChangeListener = async (tenantId, id, saved) => {
    await summaries.changed(tenantId, id, saved);
    summaryCache.invalidate(tenantId);
    await privateQuestions.changed(tenantId, id, saved);
    await leader.changed(tenantId, id, saved);
  };
  // Issue 12: the leader's talks — planned on every change that names a leader, reminded and checked by jobs, booked in the leader's calendar.
  const leader: LeaderService = new LeaderService({
    store,
    jobs: edges.jobs,
    personal: edges.personal ?? personal,
    calendar: edges.talkCalendar ?? null,
    directory: edges.directory,
    people: edges.people,
    texts: (m, talk) => {
      const names = { talk: talkName(m, talk.key), mentee: m.mentee.name, leader: m.leader?.name ?? "" };
      return { subject: t(m.language, "leader.calendar.subject", names), bodyHtml: `<p>${escapeHtml(t(m.language, "leader.calendar.body", names))}</p>` };
    },
    clock,
    log,
    onChanged: (tenantId, id, saved) => onChanged(tenantId, id, saved),
    installer: edges.installer ?? null,
  });
  const privateQuestions: PrivateQuestions = new PrivateQuestions({ store, answers: edges.privateAnswers, marks: edges.privateAnswers, delivery: personal, jobs: edges.jobs, clock, log, onChanged });
  const service = new MentorshipService({
    store,
    clock,
    onChanged,
    log,
    defaultLeader: (tenantId, menteeId) => leader.defaultLeader(tenantId, menteeId),
    // Issue 12: the setup card warns a mentor who is the new hire's own leader (KL/DS' advice) and asks them to confirm.
    isLeaderOf: (tenantId, leaderId, menteeId) => edges.people.isManagerOf(tenantId, leaderId, menteeId),
  });
  const delivery = new BotChatDelivery({ sender: edges.sender, chats: store, posted: edges.posted, localCalendar: edges.icsLink !== null, clock, log });
  // Closing: its "closing is due" job from the agreement's start, a booked plan that moves it, and a resume. onClosed: the private ratings (PrivateQuestions.askRatings) once merged.
  // A close asks each party privately for their ratings of the scheme.
  // Issue 13: a close also makes sure the tenant's daily retention sweep is coming (it purges on time).
  const closing = new ClosingService({ store, jobs: edges.jobs, chat: delivery, clock, log, onChanged, onClosed: async (m) => {
    await privateQuestions.askRatings(m);
    await retention.ensureScheduled(m.tenantId);
  } });
  const meetings = new MeetingService({
    store,
    calendar: edges.calendar,
    jobs: edges.jobs,
    clock,
    log,
    chat: delivery,
    directory: edges.directory,
    texts:
      edges.texts ??
      ((m) => ({
        subject: t(m.language, "calendar.subject", { mentor: m.mentor.name, mentee: m.mentee.name }),
        bodyHtml: `<p>${escapeHtml(t(m.language, "calendar.body", { mentor: m.mentor.name, mentee: m.mentee.name }))}</p>`,
      })),
    ...(edges.agreementNudgeDays !== undefined ? { agreementNudgeDays: edges.agreementNudgeDays } : {}),
    closedComment: (m) => t(m.language, "calendar.closedOut"),
    onChanged,
    ...(edges.backgroundStore ? { backgroundStore: edges.backgroundStore } : {}),
    booked: (m, all): Promise<void> => preparation.meetingsBooked(m, all),
    onBooked: (m, all) => closing.planBooked(m, all),
    onAgreementPosted: (m) => closing.scheduleDue(m),
    onAgendaPosted: (m, all) => closing.scheduleDue(m, all),
  });
  const preparation: PreparationService = new PreparationService({
    store, jobs: edges.jobs, clock, log, chat: delivery, posted: edges.posted, onChanged,
    personal: edges.personal ?? personal,
    agreementStarted: (m) => meetings.agreementPosted(m),
  });
  // Issue 12: the introduction scheme (the card in the pair's chat; the hand-over to the mentor's personal chat).
  const introduction = new IntroductionService({ store, jobs: edges.jobs, chat: delivery, personal, clock, log, onChanged });
  // Issue 13: the mentee's process journal — the mentee alone reads and writes it (the use cases check who asks).
  const journal = edges.journalRepository ? new JournalService({ repository: edges.journalRepository, mentorships: store, clock, log, ...(edges.audit ? { audit: edges.audit } : {}) }) : null;
  // Issue 13: the audit log (ids, verbs, times), a coordinator's archive hold and erasure, and retention.
  // What erasure, retention and a person's export may ask of the journal (JournalRights): the mentee's own service.
  const journalRights: JournalRights | null = edges.journal ?? journal;
  const audit = new AuditTrail(edges.audit ?? null, clock, log);
  const erasure = new MentorshipErasure({
    store,
    jobs: edges.jobs,
    chat: new BotErasedChat({ sender: edges.sender, chats: store, posted: edges.posted, log }),
    ...(journalRights ? { journal: journalRights } : {}),
    audit,
    clock,
    log,
    onChanged,
    onErased: (tenantId) => summaryCache.invalidate(tenantId),
  });
  const retention: RetentionService = new RetentionService({
    settings: edges.retention ?? DEFAULT_RETENTION,
    summaries: edges.backgroundStore ?? store,
    store: edges.backgroundStore ?? store,
    erasure,
    ...(journalRights ? { journal: journalRights } : {}),
    auditLog: edges.audit,
    audit,
    jobs: edges.jobs,
    clock,
    log,
  });
  // Every tenant with audit lines has its daily sweep (which also keeps the log to AUDIT_RETENTION_MONTHS).
  audit.whenWritten((tenantId) => retention.ensureScheduled(tenantId));
  // Issue 13: a person's data rights — their export and erasure, through the person index.
  const rights = new PersonalData({ store, personalChats: edges.personalChats, privateAnswers: edges.privateAnswers, ...(journalRights ? { journal: journalRights } : {}), ...(edges.audit ? { audit: edges.audit } : {}), calendarRecords: edges.calendarRecords ?? null, onChanged, clock, log, pseudonymName: (language, code) => t(language, "rights.pseudonym", { code }) });
  const meetingVerbs = new MeetingVerbs({ meetings, delivery, posted: edges.posted, log, icsLink: edges.icsLink, errorText, clock });
  const bot = new MentorBot({
    service,
    posted: edges.posted,
    log,
    meetings: meetingVerbs,
    preparation,
    ...(edges.members ? { members: edges.members } : {}),
    ...(edges.chats ? { chats: edges.chats } : {}),
    privateVerbs: new PrivateVerbs({ questions: privateQuestions, errorText, log }),
    personal,
    privateSteps: (m, party) => privateQuestions.waitingFor(m, party),
    closing: new ClosingVerbs({ closing, service, posted: edges.posted, errorText, log, clock }),
    introduction: new IntroductionVerbs({ introduction, store, posted: edges.posted, errorText, log }),
    leaderVerbs: new LeaderVerbs({ leader, errorText, log, clock, localCalendar: edges.icsLink !== null, icsLink: edges.icsLink }),
    ...(journal ? { journal: new JournalVerbs({ journal, errorText, log }) } : {}),
    // Issue 13: a card action refused to someone outside the mentorship is in the audit log.
    denied: (r) => audit.denied({ tenantId: r.tenantId, actorId: r.actorId, mentorshipId: r.mentorship?.id ?? null, detail: r.code }, r.mentorship ? peopleOf(r.mentorship) : []),
    myData: (actor) => myDataReply(rights, edges.dataLink ?? null, actor),
  });
  // Every feature's job kinds in one registry: a new feature registers its own here and touches no other.
  const jobKinds = new JobRegistry().register(meetings.jobKinds()).register(preparation.jobKinds()).register(privateQuestions.jobKinds()).register(closing.jobKinds()).register(introduction.jobKinds()).register(leader.jobKinds()).register(retention.jobKinds());
  const scheduler = new Scheduler({ store: edges.jobs, clock, owner: edges.owner, handlers: jobKinds.handlers(), untilDone: jobKinds.untilDone(), log });
  // Issue 12: the coordinator's programmes; a mentorship started on one keeps its version's definition.
  const programmes = edges.programmes ? new ProgrammeService(edges.programmes, () => `own-${randomBytes(6).toString("hex")}`) : null;
  const coordinator = new CoordinatorService({
    ...(programmes ? { programmes } : {}),
    mentorships: service,
    rebook: (tenantId, id) => meetings.rebook(tenantId, id),
    resumed: async (tenantId, id) => {
      await meetings.resumed(tenantId, id);
      await preparation.resumed(tenantId, id);
      await privateQuestions.resumed(tenantId, id);
      await closing.resumed(tenantId, id);
      await leader.resumed(tenantId, id);
    },
    people: edges.people,
    chats: edges.chats,
    chat: delivery,
    chatTopic: (language, mentor, mentee) => t(language, "start.chatTopic", { mentor, mentee }),
    log,
    closing,
    leader,
  });
  // Issue 12, staff engineer: the leader's request from "My staff".
  const staff = new StaffService({ store, clock, onChanged });
  return { leader, service, agreement: service.agreement, closing, introduction, meetings, meetingVerbs, preparation, delivery, bot, scheduler, coordinator, summaries, summaryCache, personal, privateQuestions, staff, programmes, journal, audit, erasure, retention, rights };
}

/** The composition root: every real part wired together. Tests that need another clock pass one here. */
export async function buildApp(options: AppOptions) {
  const { config } = options;
  const log = options.log ?? createLogger();
  // Local mode can move its clock forward (LOCAL_MOVABLE_CLOCK, set by npm start) to try a year by hand.
  const movable = config.movableClock ? new MovableClock(options.clock ?? systemClock) : null;
  const clock = movable ?? options.clock ?? systemClock;
  const { connectionString, tableName } = config.storage;
  // Users wait on `store` (it fails fast in a storage outage, so they hear so in time); the
  // background work (bookings, their follow-ups, due jobs) keeps the SDK's retries.
  const store = TableMentorshipStore.fromConnectionString(connectionString, tableName, "interactive");
  const backgroundStore = TableMentorshipStore.fromConnectionString(connectionString, tableName);
  await backgroundStore.ensureTable();
  const jobs = TableJobStore.fromConnectionString(connectionString, `${tableName}jobs`);
  await jobs.ensureTable();
  // The Teams message ids of the cards the bot posted: rows beside the mentorship's own, never in the domain.
  const posted = TablePostedMessages.fromConnectionString(connectionString, tableName);
  // Issue 13: the audit log, in a table of its own (`${tableName}audit`), append-only.
  const auditLog = TableAuditLog.fromConnectionString(connectionString, tableName);
  await auditLog.ensureTable();
  // Rows written before schema versions existed are read correctly either way; upgrading them (once,
  // conditionally, safe to repeat) ends the extra scan for their people and moves their message ids
  // into columns an erasure can blank. In the background: a start never waits on it.
  void backgroundStore.upgradeRows().catch((err: unknown) => log.warn("storage.upgrade.failed", { error: err instanceof Error ? err.name : "unknown" }));

  const graph = config.graph ? graphAdapters(config.graph, log) : null;
  const localCalendar = options.calendar === undefined && graph === null;
  const calendar = options.calendar ?? graph?.calendar ?? LocalCalendar.fromConnectionString(connectionString, tableName);
  // Config insists on a key whenever the feed is reachable beyond loopback; a loopback app started
  // without one (not through npm start, which keeps one with the data) gets links that end with it.
  const linkKey = config.linkSigningKey ?? randomBytes(32).toString("hex");
  if (localCalendar && !config.linkSigningKey) log.warn("ics.key.ephemeral", {});
  /** A party's own .ics link, valid for ICS_LINK_DAYS; nobody else gets one. */
  const icsLink = localCalendar
    ? (m: Mentorship, aadObjectId: string) => {
        // The pair's own link; issue 12: the leader's too (the leader's talks only).
        if (partyOf(m, aadObjectId) === null && m.leader?.aadObjectId !== aadObjectId) return null;
        const expiresAt = new Date(clock.now().getTime() + ICS_LINK_DAYS * 86_400_000);
        const token = icsToken(linkKey, { tenantId: m.tenantId, mentorshipId: m.id, aadObjectId, expiresAt });
        return { url: `${config.publicBaseUrl}/ics/${encodeURIComponent(m.tenantId)}/${encodeURIComponent(m.id)}/${token}.ics`, validUntil: expiresAt };
      }
    : null;

  // Issue 13: "my data" links from the personal chat, signed like the .ics links, for DATA_LINK_MINUTES;
  // only with a key every instance shares (or on loopback), else the reply points to the tab.
  const dataLink: DataLinkMaker | null =
    config.linkSigningKey !== null || localCalendar
      ? (tenantId, aadObjectId, format) => {
          const file = dataLinkFile(linkKey, { tenantId, aadObjectId, format, expiresAt: new Date(clock.now().getTime() + DATA_LINK_MINUTES * 60_000) });
          return { url: `${config.publicBaseUrl}/mydata/${encodeURIComponent(tenantId)}/${file}`, minutes: DATA_LINK_MINUTES };
        }
      : null;

  const adapter = createCloudAdapter(config.auth, log);
  // The people a coordinator can name: Graph's directory, or in local mode the Playground's users.
  const localDirectory = config.tab?.kind === "local" ? readLocalDirectory(config.tab.usersFile, config.tab.coordinatorIds, log) : null;
  const people: PeopleDirectory = graph
    ? new GraphPeopleDirectory(graph.chats)
    : new LocalPeopleDirectory(localDirectory?.tenantId ?? "", (localDirectory?.users ?? []).filter((u) => u.email), config.tab?.kind === "local" ? config.tab.leaderIds : []);
  const personalChats = TablePersonalChats.fromConnectionString(connectionString, tableName, "interactive");
  // Issue 13: the journal's own table, sealed with JOURNAL_ENCRYPTION_KEY (config insists on one beyond loopback).
  if (!config.journalEncryptionKey) log.warn("journal.key.local", {});
  const journalCipher = config.journalEncryptionKey ? new JournalCipher(config.journalEncryptionKey) : JournalCipher.localDefault(connectionString, tableName);
  const journalRepository = TableJournal.fromConnectionString(connectionString, `${tableName}journal`, journalCipher);
  await journalRepository.ensureTable();
  const app = compose({
    store,
    backgroundStore,
    jobs,
    posted,
    // Issue 14: every proactive send and update leaves through one queue that keeps the bot under the Connector's limits and tries a 429/5xx again.
    sender: new OutboundQueue(new BotChatNotifier(adapter, config.auth.kind === "anonymous-local" ? "" : config.auth.appId), { onRetry: ({ status, waitMs, attempt }) => log.warn("connector.retry", { status: status ?? 0, waitMs, attempt }) }),
    calendar,
    icsLink,
    // Invitations need e-mail addresses: Graph knows them; the local calendar sends no invitations.
    directory: async (tenantId, aadObjectId) => {
      const person = graph ? await graph.chats.findPerson({ tenantId, emailOrUpn: aadObjectId }) : null;
      return person && { email: person.email, name: person.name };
    },
    people,
    chats: graph?.chats.canCreateChats ? graph.chats : null,
    members: options.members,
    clock,
    log,
    agreementNudgeDays: config.agreementNudgeDays,
    owner: `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`,
    personalChats,
    privateAnswers: TablePrivateAnswers.fromConnectionString(connectionString, tableName, "interactive"),
    talkCalendar: graph?.calendar ?? LocalCalendar.fromConnectionString(connectionString, tableName),
    installer: graph?.chats.canCreateChats ? graph.chats : null,
    programmes: TableProgrammes.fromConnectionString(connectionString, tableName, "interactive"),
    journalRepository,
    // issue 13: the audit log and retention
    audit: auditLog,
    retention: config.retention,
    dataLink,
    calendarRecords: localCalendar ? LocalCalendar.fromConnectionString(connectionString, tableName) : null,
  });
  const { service, meetings, summaryCache, coordinator, bot } = app;

  const tabStore = {
    listSummaries: (tenantId: string) => summaryCache.listSummaries(tenantId),
    mentorshipsOf: (tenantId: string, aadObjectId: string) => store.mentorshipsOf(tenantId, aadObjectId),
    listMeetings: (tenantId: string, mentorshipId: string) => store.listMeetings(tenantId, mentorshipId),
    getAgreementVersion: (tenantId: string, mentorshipId: string, number: number) => store.getAgreementVersion(tenantId, mentorshipId, number),
  };
  // The statistics' ratings: by mentorship and party only, never a person.
  const privateAnswers = TablePrivateAnswers.fromConnectionString(connectionString, tableName);
  const listRatings = (tenantId: string) => privateAnswers.listRatings(tenantId);
  const introductionActions = new IntroductionCoordinator({ introduction: app.introduction, mentorships: store, people });
  // Issue 12: without Graph the leader must open the app once before the talks' reminders can reach them (My staff says so).
  const leaderChats = graph?.chats.canCreateChats ? undefined : personalChats;
  const tab = await tabApi(config, tabStore, clock, log, coordinator, localDirectory, listRatings, {
    introduction: introductionActions,
    staff: app.staff,
    ...(app.programmes ? { programmes: app.programmes } : {}),
    ...(leaderChats ? { leaderChats } : {}),
    ...(app.journal ? { journal: app.journal } : {}),
    // issue 13: the audit log; the coordinator's archive hold and erasure
    audit: app.audit,
    erasure: app.erasure,
    rights: { exportOf: (tenantId, id) => app.rights.exportOf(tenantId, id), planOf: (tenantId, id) => app.rights.planOf(tenantId, id), erase: (tenantId, id) => app.rights.erase(tenantId, id), document: personalDataHtml },
  });
  const moveClock = movable
    ? async (move: { readonly to: Date } | { readonly days: number }) => {
        const to = "to" in move ? move.to : new Date(movable.now().getTime() + move.days * 86_400_000);
        const now = movable.moveTo(to);
        // What fell due in the skipped time runs now, in order, as the scheduler would have run it.
        let jobsRun = 0;
        for (let i = 0; i < 100; i++) {
          const ran = await app.scheduler.tick();
          await bot.idle();
          jobsRun += ran;
          if (ran === 0) break;
        }
        log.info("clock.moved", { jobsRun });
        return { now: now.toISOString(), jobsRun };
      }
    : undefined;
  let stopping = false;
  const server = createHttpServer({
    config,
    log,
    ready: () => store.ping(),
    stopping: () => stopping,
    ...(moveClock ? { moveClock } : {}),
    ...(tab ? { tab } : {}),
    processActivity: (headers, activity) => processActivity(adapter, headers, activity, bot.run),
    // Issue 13: the personal chat's "my data" links; the data is read afresh, for the person the link was made for.
    ...(dataLink
      ? {
          myData: async (tenantId: string, file: string) => {
            const link = readDataLink(linkKey, tenantId, file, clock.now());
            if (!link) return null;
            const data = await app.rights.exportOf(tenantId, link.aadObjectId);
            const day = clock.now().toISOString().slice(0, 10);
            return link.format === "json"
              ? { contentType: "application/json; charset=utf-8", body: JSON.stringify(data, null, 2), filename: `my-data-${day}.json` }
              : { contentType: "text/html; charset=utf-8", body: personalDataHtml(data, link.format), filename: `my-data-${day}.html` };
          },
        }
      : {}),
    ics: localCalendar
      ? async (tenantId, mentorshipId, token) => {
          const link = readIcsToken(linkKey, tenantId, mentorshipId, token, clock.now());
          if (!link) return null;
          // Checked on every request: a former mentor's (or former mentee's) link stops at once.
          const m = await service.getMentorship(tenantId, mentorshipId);
          if (!m) return null;
          const party = partyOf(m, link.aadObjectId);
          const isLeader = m.leader?.aadObjectId === link.aadObjectId;
          if (party === null && !isLeader) return null;
          const subject = t(m.language, "calendar.subject", { mentor: m.mentor.name, mentee: m.mentee.name });
          // Issue 12: the leader's booked talks go to the leader and the new hire; the leader sees none of the pair's meetings.
          const talks = party === "mentor" ? [] : (m.leaderState?.talks ?? []).flatMap((x) => (x.booking && (x.status === "booked" || x.status === "held") ? [{ key: x.key, subject: t(m.language, "leader.calendar.subject", { talk: talkName(m, x.key), mentee: m.mentee.name, leader: m.leader?.name ?? "" }), startUtc: x.booking.startUtc, endUtc: x.booking.endUtc }] : []));
          return renderIcs({ mentorshipId, subject, meetings: party === null ? [] : await meetings.meetings(tenantId, mentorshipId), now: clock.now(), talks });
        }
      : undefined,
  });
  return { ...app, server, store, jobs, posted, adapter, log, tab, auditLog, markStopping: () => void (stopping = true) };
}

/** The pair's Word documents (src/adapters/docx) for the tab API. */
const pairDocuments: PairDocuments = { agreement: agreementDocx, evaluation: evaluationDocx };

/** The tab's API: Entra SSO tokens when configured, else (anonymous local mode) local tokens for the Playground's users. */
async function tabApi(config: Config, store: TabApiDeps["store"], clock: Clock, log: Logger, actions: CoordinatorActions, local: LocalDirectory | null, listRatings: TabApiDeps["listRatings"], own: Pick<TabApiDeps, "introduction" | "staff" | "programmes" | "leaderChats" | "journal" | "audit" | "erasure" | "rights">): Promise<TabApi | null> {
  const settings = config.tab;
  if (!settings) return null;
  if (settings.kind === "entra") {
    const auth = await TabAuthenticator.entra(settings, config.allowedTenantIds, clock, log);
    return new TabApi({ auth, store, clock, log, local: null, actions, documents: pairDocuments, listRatings, ...own });
  }
  const directory = local ?? { tenantId: "", users: [] };
  const { auth, signer } = await TabAuthenticator.local({ tenantId: directory.tenantId, allowedTenantIds: config.allowedTenantIds, users: directory.users }, clock, log);
  return new TabApi({ auth, store, clock, log, local: signer, actions, documents: pairDocuments, listRatings, ...own });
}

/** The Playground's users (local mode): the tab's sign-in picker and the people a coordinator can name. */
function readLocalDirectory(usersFile: string, coordinatorIds: readonly string[], log: Logger): LocalDirectory {
  let text = "";
  try {
    text = readFileSync(path.resolve(usersFile), "utf8");
  } catch {
    log.warn("tab.localUsers.missing", { file: usersFile });
  }
  return parsePlaygroundUsers(text, coordinatorIds);
}

/** Microsoft Graph for the calendar and the pair chats, with the identity the configuration names. */
function graphAdapters(g: GraphSettings, log: Logger) {
  const credential = {
    clientId: g.clientId,
    ...(g.useManagedIdentity ? { managedIdentityClientId: g.clientId } : g.certificatePath ? { certificatePath: g.certificatePath } : { clientSecret: g.clientSecret }),
  };
  const common = { tenantId: g.tenantId, credential, baseUrl: g.baseUrl, logger: log };
  return { calendar: new GraphCalendar(common), chats: new GraphChats({ ...common, teamsAppCatalogId: g.appCatalogId }) };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export async function startApp(options: AppOptions) {
  const app = await buildApp(options);
  const inFlight = countRequests(app.server.server);
  await new Promise<void>((resolve) => app.server.listen(options.config.port, options.config.host, resolve));
  app.scheduler.start(options.config.schedulerIntervalMs);
  const address = app.server.address();
  app.log.info("listening", { host: options.config.host, port: address.port, auth: options.config.auth.kind, calendar: options.config.graph ? "graph" : "local" });
  let stopping: Promise<void> | null = null;
  /**
   * A normal stop (SIGTERM from App Service, Ctrl-C). Every write the app acknowledged is already in
   * storage; what this protects is the work under way: /readyz says "stopping", no new connections,
   * the requests inside answered (their writes done), the scheduler's current run and the background
   * work (bookings, chats, the outbound queue's sends) finished — all within STOP_DEADLINE_MS, after
   * which the rest is left to the job leases (another instance takes the jobs over) — and only then
   * may storage stop (scripts/lib/stack.mjs stops it after the app).
   */
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      const deadline = Date.now() + STOP_DEADLINE_MS;
      app.markStopping();
      app.server.close();
      const drained = (async () => {
        await inFlight.drained(Math.max(0, deadline - Date.now()));
        await app.scheduler.stop();
        await app.bot.idle();
        await app.coordinator.idle();
        await inFlight.drained(Math.max(0, deadline - Date.now()));
      })();
      let timer: NodeJS.Timeout | undefined;
      const late = await Promise.race([drained.then(() => false), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), Math.max(0, deadline - Date.now()))))]);
      clearTimeout(timer);
      if (late) app.log.warn("stop.deadline", { ms: STOP_DEADLINE_MS });
      app.server.server.closeAllConnections();
    })());
  return { ...app, stop };
}

/** How long a stop may take in all: App Service waits a little longer before it kills the process (issue 14: within 10 s). */
export const STOP_DEADLINE_MS = 7000;

/** Counts the requests being answered, so a stop can wait for them. */
function countRequests(server: import("node:http").Server) {
  let inside = 0;
  const waiters: (() => void)[] = [];
  server.on("request", (_req, res: import("node:http").ServerResponse) => {
    inside++;
    res.once("close", () => {
      inside--;
      if (inside === 0) for (const w of waiters.splice(0)) w();
    });
  });
  return {
    drained: (deadlineMs: number) =>
      inside === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            const t = setTimeout(resolve, deadlineMs);
            waiters.push(() => {
              clearTimeout(t);
              resolve();
            });
          }),
  };
}

if (require.main === module) {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  startApp({ config }).then(
    (app) => {
      const stop = (why: string) => {
        app.log.info("stopping", { why });
        app.stop().then(
          () => process.exit(0),
          (err: unknown) => {
            app.log.error("stop.failed", { error: err instanceof Error ? err.name : "unknown" });
            process.exit(1);
          },
        );
      };
      for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(signal, () => stop(signal));
      // Started by the local stack with an IPC channel: it closes when that process dies unannounced.
      process.once("disconnect", () => stop("parent gone"));
    },
    (err: unknown) => {
      process.stderr.write(`Could not start: ${err instanceof Error ? err.name : "unknown error"}\n`);
      process.exit(1);
    },
  );
}
