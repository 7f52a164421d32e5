import { TableClient } from "@azure/data-tables";
import { type Activity, ActivityTypes, TestAdapter, type TurnContext } from "botbuilder";
import type { ChatNotifier, ConversationReferenceData } from "../../src/adapters/bot/proactive";
import { showTyping } from "../../src/adapters/bot/cloudAdapter";
import { LocalPeopleDirectory } from "../../src/adapters/people/directories";
import { LocalCalendar } from "../../src/adapters/tables/localCalendar";
import { TableJobStore } from "../../src/adapters/tables/tableJobStore";
import { TablePostedMessages } from "../../src/adapters/tables/tablePostedMessages";
import { TableMentorshipStore } from "../../src/adapters/tables/tableStore";
import { TablePersonalChats } from "../../src/adapters/tables/tablePersonalChats";
import { TablePrivateAnswers } from "../../src/adapters/tables/tablePrivateAnswers";
import { TableProgrammes } from "../../src/adapters/tables/tableProgrammes";
import { JournalCipher, TableJournal } from "../../src/adapters/tables/tableJournal";
import { randomBytes } from "node:crypto";
import type { MeetingDeps } from "../../src/app/meetings/meetingService";
import type { MentorshipStore } from "../../src/ports/store";
import type { PersonalDelivery } from "../../src/ports/personal";
import type { AdaptiveCard } from "../../src/cards/template";
import type { CalendarPort, ChatProvisioner, EventCalendar, PersonalInstaller } from "../../src/ports/calendar";
import type { PeopleDirectory } from "../../src/ports/people";
import type { Member } from "../../src/app/actor";
import type { Language } from "../../src/domain/language";
import { partyOf } from "../../src/domain/mentorship";
import { type Logger, silentLogger } from "../../src/log";
import { compose } from "../../src/main";
import { freshStore } from "../support/azurite";
import type { AuditLog } from "../../src/ports/audit";
import type { JournalRights } from "../../src/ports/journal";
import type { RetentionSettings } from "../../src/domain/retention";
import { TENANT, mentee, mentor } from "../support/fixtures";

export const BOT = { id: "28:mentor-bot", name: "Mentor" };
const LOCALES: Record<Language, string> = { da: "da-DK", nb: "nb-NO", en: "en-US" };

/** TestAdapter that also keeps every updateActivity call (TestAdapter only patches its queue). */
class RecordingAdapter extends TestAdapter {
  readonly updates: Partial<Activity>[] = [];
  override async updateActivity(context: TurnContext, activity: Partial<Activity>) {
    this.updates.push(activity);
    return super.updateActivity(context, activity);
  }
}

export interface Chat {
  readonly id: string;
  readonly type: "groupChat" | "personal";
  readonly members: Member[];
  /** The tenant the activity names (default: the test tenant). */
  readonly tenantId?: string;
}

/** What the bot posted proactively (agendas, reminders, booking results): the channel edge, recorded. */
export class RecordingNotifier implements ChatNotifier {
  readonly sent: { id: string; text?: string; card?: AdaptiveCard }[] = [];
  /** The conversation each message of `sent` went to (same order): which chat saw what. */
  readonly sentTo: string[] = [];
  readonly updates: { id: string; card: AdaptiveCard }[] = [];
  async send(ref: ConversationReferenceData, message: { text?: string; card?: AdaptiveCard }): Promise<string> {
    const id = `proactive-${this.sent.length + 1}`;
    this.sent.push({ id, ...message });
    this.sentTo.push(String((ref["conversation"] as { id?: unknown } | undefined)?.id ?? ""));
    return id;
  }
  async update(_ref: ConversationReferenceData, id: string, card: AdaptiveCard): Promise<void> {
    this.updates.push({ id, card });
  }
}

/** The real bot, use cases and Table Storage (Azurite); only the Teams roster and the channel are faked. */
export async function botHarness(
  options: {
    now?: () => Date;
    log?: Logger;
    chats?: ChatProvisioner;
    calendar?: (local: CalendarPort) => CalendarPort;
    /** People's e-mail addresses (Graph's directory in production); none by default. */
    directory?: MeetingDeps["directory"];
    /** Another table (a dedicated Azurite, or one a previous app instance used) instead of a fresh one. */
    storage?: { connectionString: string; tableName: string };
    /** Wraps the store the app uses (a test's hook at a precise point, e.g. right after a save). */
    wrapStore?: (store: TableMentorshipStore) => MentorshipStore;
    /** The personal-chat edge (the mentor's preparation reminder); none by default. */
    personal?: PersonalDelivery;
    /** Issue 12: the people directory (the new hire's leader); nobody by default. */
    people?: PeopleDirectory;
    /** Issue 12: the leader's calendar for the talks; the local calendar by default. */
    talkCalendar?: EventCalendar;
    /** Issue 12: the app installing itself for the leader (Graph); none by default. */
    installer?: PersonalInstaller;
    /** Issue 13: the audit log, the journal's rights port and retention's months; none (and the defaults) by default. */
    audit?: AuditLog;
    journal?: JournalRights;
    retention?: RetentionSettings;
  } = {},
) {
  const { connectionString, tableName } = options.storage ?? (await freshStore());
  const tableStore = TableMentorshipStore.fromConnectionString(connectionString, tableName);
  await tableStore.ensureTable();
  const store = options.wrapStore ? options.wrapStore(tableStore) : tableStore;
  const table = TableClient.fromConnectionString(connectionString, tableName, { allowInsecureConnection: true });
  let clockNow = options.now ?? (() => new Date("2027-01-11T08:00:00Z"));
  const clock = { now: () => clockNow() };
  const log = options.log ?? silentLogger;
  const jobs = TableJobStore.fromConnectionString(connectionString, `${tableName}jobs`);
  await jobs.ensureTable();
  const posted = TablePostedMessages.fromConnectionString(connectionString, tableName);
  const notifier = new RecordingNotifier();
  // Issue 13: the journal's own table, sealed with a key of this harness's own.
  const journalTable = `${tableName}journal`;
  const journalRepository = TableJournal.fromConnectionString(connectionString, journalTable, new JournalCipher(randomBytes(32)));
  await journalRepository.ensureTable();
  const rosters = new Map<string, Member[]>();
  // The same composition as src/main.ts; only the edges differ: the recorded channel, the roster, no Graph.
  const app = compose({
    store,
    jobs,
    posted,
    sender: notifier,
    calendar: (options.calendar ?? ((local: CalendarPort) => local))(LocalCalendar.fromConnectionString(connectionString, tableName)),
    icsLink: (m, who) => (partyOf(m, who) ? { url: `http://127.0.0.1:1/ics/${m.tenantId}/${m.id}/${who}.ics`, validUntil: new Date(clock.now().getTime() + 30 * 86_400_000) } : null),
    directory: options.directory ?? (async () => null),
    people: options.people ?? new LocalPeopleDirectory(TENANT, [], []),
    talkCalendar: options.talkCalendar ?? LocalCalendar.fromConnectionString(connectionString, tableName),
    ...(options.installer ? { installer: options.installer } : {}),
    chats: options.chats ?? null,
    members: async (ctx) => rosters.get(ctx.activity.conversation.id) ?? [],
    clock,
    log,
    owner: "test",
    texts: () => ({ subject: "Mentor meeting", bodyHtml: "<p>Mentor meeting</p>" }),
    ...(options.personal ? { personal: options.personal } : {}),
    personalChats: TablePersonalChats.fromConnectionString(connectionString, tableName),
    privateAnswers: TablePrivateAnswers.fromConnectionString(connectionString, tableName),
    // Issue 12: the tenant's own programmes (their versions), in the mentorships' table as in production.
    programmes: TableProgrammes.fromConnectionString(connectionString, tableName),
    journalRepository,
    ...(options.audit ? { audit: options.audit } : {}),
    ...(options.journal ? { journal: options.journal } : {}),
    ...(options.retention ? { retention: options.retention } : {}),
    // Issue 13: the personal chat's "my data" links (their signing is tested in test/http/dataLink.test.ts).
    calendarRecords: LocalCalendar.fromConnectionString(connectionString, tableName),
    dataLink: (tenantId, aadObjectId, format) => ({ url: `http://127.0.0.1:1/mydata/${tenantId}/${aadObjectId}.${format}`, minutes: 15 }),
  });
  const { service, meetings, scheduler, bot, delivery, summaries, preparation, coordinator, privateQuestions, closing, introduction, leader } = app;
  // The production typing indicator too (src/adapters/bot/cloudAdapter.ts): a slow turn shows it.
  const adapter = showTyping(new RecordingAdapter());
  /** Every turn's activities as the bot sent them, typing indicators included (`say` and the others leave those out). */
  const turns: Partial<Activity>[][] = [];
  let seq = 0;

  function base(chat: Chat, from: Member, language: Language): Partial<Activity> {
    rosters.set(chat.id, chat.members);
    const tenantId = chat.tenantId ?? TENANT;
    return {
      channelId: "msteams",
      serviceUrl: "http://127.0.0.1:9/_connector",
      id: `in-${++seq}`,
      conversation: { id: chat.id, conversationType: chat.type, tenantId, isGroup: chat.type === "groupChat", name: "" },
      from: { id: from.channelUserId, name: from.name, aadObjectId: from.aadObjectId },
      recipient: { id: BOT.id, name: BOT.name },
      locale: LOCALES[language],
      channelData: { tenant: { id: tenantId } },
    };
  }

  async function turn(activity: Partial<Activity>): Promise<Partial<Activity>[]> {
    adapter.activeQueue.splice(0);
    await adapter.processActivity(activity, bot.run);
    const all = adapter.activeQueue.splice(0);
    turns.push(all);
    return all.filter((a) => a.type !== ActivityTypes.Typing);
  }

  return {
    connectionString,
    tableName,
    /** Issue 13: the journal's own table (encrypted) and its use cases. */
    journalTable,
    journal: app.journal,
    jobs,
    service,
    meetings,
    /** The preparation welcome's use cases, and the coordinator's as composed (pause and resume reach them). */
    preparation,
    /** Closing and the evaluation (its use cases; the job kind is registered with the scheduler). */
    closing,
    /** The introduction scheme's use cases (issue 12). */
    introduction,
    /** Issue 12: the leader's talks (use cases and job kinds). */
    leader,
    /** Issue 12: the coordinator's programmes (copy, save as a new version, what a new mentorship keeps). */
    programmes: app.programmes,
    coordinator,
    /** The app's chat port in Teams (CoordinatorService and the like take it). */
    delivery,
    summaries,
    privateQuestions,
    /** Issue 13: the archive hold and erasure, retention's sweep. */
    erasure: app.erasure,
    retention: app.retention,
    /** Issue 13: a person's data rights (export, erasure). */
    rights: app.rights,
    posted,
    scheduler,
    notifier,
    bot,
    store,
    adapter,
    /** Every turn's activities, typing indicators included, oldest first. */
    turns,
    setNow(now: () => Date) {
      clockNow = now;
    },
    /** rowKey → ETag of every row: "changes nothing" means this map is identical before and after. */
    async etags(): Promise<Map<string, string>> {
      const out = new Map<string, string>();
      for await (const e of table.listEntities()) out.set(`${e.partitionKey}/${e.rowKey}`, e.etag);
      return out;
    },
    install(chat: Chat, from: Member, language: Language) {
      return turn({ ...base(chat, from, language), type: ActivityTypes.InstallationUpdate, action: "add" });
    },
    say(chat: Chat, from: Member, language: Language, text: string) {
      const mention = chat.type === "groupChat";
      return turn({
        ...base(chat, from, language),
        type: ActivityTypes.Message,
        text: mention ? `<at>${BOT.name}</at> ${text}` : text,
        entities: mention ? [{ type: "mention", mentioned: BOT, text: `<at>${BOT.name}</at>` }] : [],
      });
    },
    /** An Action.Execute click; returns the invoke response body and everything else the bot sent. */
    async execute(chat: Chat, from: Member, language: Language, verb: string, data: unknown, replyToId = "card-1") {
      const out = await turn({
        ...base(chat, from, language),
        type: ActivityTypes.Invoke,
        name: "adaptiveCard/action",
        replyToId,
        value: { action: { type: "Action.Execute", verb, data }, trigger: "manual" },
      });
      const response = out.find((a) => a.type === ActivityTypes.InvokeResponse)?.value as { status: number; body: InvokeBody } | undefined;
      return { response, sent: out.filter((a) => a.type !== ActivityTypes.InvokeResponse) };
    },
    /** Any activity, built from the usual one for this chat and person and then changed by `change` (hostile input). */
    async raw(chat: Chat, from: Member, change: (activity: Record<string, unknown>) => Record<string, unknown>) {
      const out = await turn(change({ ...base(chat, from, "da") } as Record<string, unknown>) as Partial<Activity>);
      const invoke = out.find((a) => a.type === ActivityTypes.InvokeResponse)?.value as { status: number; body: InvokeBody } | undefined;
      return { invoke, sent: out.filter((a) => a.type !== ActivityTypes.InvokeResponse) };
    },
    async rawInvoke(chat: Chat, from: Member, language: Language, value: unknown) {
      const out = await turn({ ...base(chat, from, language), type: ActivityTypes.Invoke, name: "adaptiveCard/action", value });
      return out.find((a) => a.type === ActivityTypes.InvokeResponse)?.value as { status: number; body: InvokeBody } | undefined;
    },
  };
}

export type InvokeBody = { statusCode: number; type: string; value: unknown };

export function cardOf(sent: Partial<Activity> | undefined): Record<string, unknown> | undefined {
  const attachment = sent?.attachments?.[0];
  return attachment?.contentType === "application/vnd.microsoft.card.adaptive" ? (attachment.content as Record<string, unknown>) : undefined;
}

/** All text a card shows (TextBlocks, labels, button titles, input values), for assertions. */
export function cardText(card: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      for (const [k, v] of Object.entries(node)) {
        if (typeof v === "string" && ["text", "label", "title", "value"].includes(k)) parts.push(v);
        else walk(v);
      }
    }
  };
  walk(card);
  return parts.join("\n");
}

export function findAction(card: unknown, verb: string): { data: Record<string, unknown> } | undefined {
  const actions = (card as { actions?: { verb?: string; data: Record<string, unknown> }[] }).actions ?? [];
  return actions.find((a) => a.verb === verb);
}

export function findInputIds(card: unknown): string[] {
  const ids: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      const o = node as Record<string, unknown>;
      if (typeof o["type"] === "string" && o["type"].startsWith("Input.") && typeof o["id"] === "string") ids.push(o["id"]);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return ids;
}

/**
 * A Kristiansand pair in `chat` with its agreement accepted by both, made through the real bot
 * (start, the setup card, two accepts); resolves to the mentorship's id.
 */
export async function agreedPair(h: Awaited<ReturnType<typeof botHarness>>, chat: Chat, lang: Language = "da"): Promise<string> {
  const setupId = findAction(cardOf((await h.say(chat, mentor, lang, "start"))[0]), "setup.submit")?.data["setupId"];
  await h.execute(chat, mentor, lang, "setup.submit", { setupId, programme: "kristiansand", firstDay: "2027-01-04", unit: "X", language: lang });
  const id = (await h.service.getChat(TENANT, chat.id))?.activeMentorshipId ?? "";
  await h.execute(chat, mentee, lang, "agreement.accept", { mentorshipId: id, version: 1 });
  await h.execute(chat, mentor, lang, "agreement.accept", { mentorshipId: id, version: 1 });
  return id;
}
