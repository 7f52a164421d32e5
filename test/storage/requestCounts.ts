/**
 * What a user's action costs in Table Storage requests, counted at the wire: the app's storage goes
 * through a counting proxy in front of Azurite (test/support/countingProxy.ts), so every client the
 * app builds (mentorship store, job store, local calendar, summary writer) is counted, a batch as one
 * request. The app is the real composition root (buildApp, as `npm start` runs it, summaries
 * included), driven through its bot with the clicks a pair makes; only the Teams roster and the
 * channel are botbuilder's TestAdapter. Used by test/storage/requestCounts.test.ts and by
 * `npm run bench` (BENCHMARKS.md, "Table Storage requests per booking").
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { type Activity, ActivityTypes, TestAdapter } from "botbuilder";
import type { Member } from "../../src/app/actor";
import { loadConfig } from "../../src/config";
import { silentLogger } from "../../src/log";
import { buildApp } from "../../src/main";
import { type CountingProxy, startCountingProxy } from "../support/countingProxy";
import { startLoopbackConnector } from "./loopbackConnector";
import { TENANT, mentee, mentor } from "../support/fixtures";

const NOW = new Date("2027-01-11T08:00:00Z");
const BOT = { id: "28:mentor-bot", name: "Mentor" };

export interface Counted {
  /** Table Storage requests (a batch is one). */
  readonly requests: number;
  /** e.g. { "GET entity": 4, "POST batch": 1 } */
  readonly byKind: Record<string, number>;
  /** Operations inside batches, summed (what the batches saved in requests). */
  readonly batchedOperations: number;
}

/** "GET entity: 4, POST batch: 1", for messages. */
export const breakdown = (c: Counted) =>
  Object.entries(c.byKind)
    .map(([k, n]) => `${k}: ${n}`)
    .join(", ");

/** The app on a fresh table behind `proxy`, and a pair's group chat to click in (the clock is fixed: 2027-01-11 08:00Z). */
async function pairChat(proxy: CountingProxy, chatId: string) {
  // The chat's messages outside a turn (the booking card) reach a loopback Bot Connector, so they are
  // delivered (and their ids kept) as in Teams, instead of waiting on a refused connection's retries.
  const connector = await startLoopbackConnector();
  const members = [mentor, mentee];
  const tableName = `rc${randomBytes(6).toString("hex")}`;
  const config = loadConfig({ LOCAL_ANONYMOUS_BOT: "true", BOT_HOST: "127.0.0.1", BOT_PORT: "0", STORAGE_CONNECTION_STRING: proxy.connectionString, TABLE_NAME: tableName });
  const app = await buildApp({ config, clock: { now: () => NOW }, log: silentLogger, members: async () => members });
  const adapter = new TestAdapter();
  let seq = 0;
  const base = (from: Member): Partial<Activity> => ({
    channelId: "msteams",
    serviceUrl: connector.serviceUrl,
    id: `in-${++seq}`,
    conversation: { id: chatId, conversationType: "groupChat", tenantId: TENANT, isGroup: true, name: "" },
    from: { id: from.channelUserId, name: from.name, aadObjectId: from.aadObjectId },
    recipient: { id: BOT.id, name: BOT.name },
    locale: "da-DK",
    channelData: { tenant: { id: TENANT } },
  });
  const turn = async (activity: Partial<Activity>) => {
    adapter.activeQueue.splice(0);
    await adapter.processActivity(activity, app.bot.run);
    return adapter.activeQueue.splice(0);
  };
  const say = (from: Member, text: string) =>
    turn({ ...base(from), type: ActivityTypes.Message, text: `<at>${BOT.name}</at> ${text}`, entities: [{ type: "mention", mentioned: BOT, text: `<at>${BOT.name}</at>` }] });
  const execute = async (from: Member, verb: string, data: Record<string, unknown>) => {
    const out = await turn({ ...base(from), type: ActivityTypes.Invoke, name: "adaptiveCard/action", replyToId: "card-1", value: { action: { type: "Action.Execute", verb, data }, trigger: "manual" } });
    return out.find((a) => a.type === ActivityTypes.InvokeResponse)?.value as { status: number } | undefined;
  };
  /** The mentor writes `start` and fills the setup card: the mentorship exists and its agreement card is posted. */
  const setUp = async () => {
    const [setupCard] = await say(mentor, "start");
    const actions = (setupCard?.attachments?.[0]?.content as { actions?: { verb?: string; data?: Record<string, unknown> }[] } | undefined)?.actions ?? [];
    const setupId = actions.find((a) => a.verb === "setup.submit")?.data?.["setupId"];
    assert.ok(setupId, "the setup card");
    await execute(mentor, "setup.submit", { setupId, programme: "kristiansand", firstDay: "2027-01-04", unit: "X", language: "da" });
    const id = (await app.service.getChat(TENANT, chatId))?.activeMentorshipId ?? "";
    assert.ok(id, "the setup made a mentorship");
    await app.bot.idle();
    return id;
  };
  return { app, execute, say, setUp, connector };
}

function counted(proxy: CountingProxy): Counted {
  return {
    requests: proxy.count(),
    byKind: proxy.byKind(),
    batchedOperations: proxy.requests.filter((r) => r.kind === "batch").reduce((n, r) => n + r.operations, 0),
  };
}

/**
 * One Kristiansand booking by the mentor's click on the plan card (Tuesdays 10:00, 45 minutes, the
 * agenda 24 h before), with everything it does after the answer: calendar, meetings, their jobs,
 * the summary, the booked card's bookkeeping. Checks that it booked.
 */
export async function countBooking(azuriteConnectionString: string): Promise<Counted & { meetings: number }> {
  const proxy = await startCountingProxy(azuriteConnectionString);
  let closeConnector = async () => {};
  try {
    const { app, execute, setUp, connector } = await pairChat(proxy, "19:request-counts-booking@thread.v2");
    closeConnector = connector.close;
    const id = await setUp();
    await execute(mentee, "agreement.accept", { mentorshipId: id, version: 1 });
    await execute(mentor, "agreement.accept", { mentorshipId: id, version: 1 });
    await app.bot.idle();
    proxy.reset();
    const answer = await execute(mentor, "plan.book", { mentorshipId: id, weekday: "2", time: "10:00", minutes: "45", leadHours: "24" });
    await app.bot.idle();
    const c = counted(proxy);
    assert.equal(answer?.status, 200);
    assert.equal((await app.service.getMentorship(TENANT, id))?.meetingPlan?.status, "booked", "the booking finished");
    return { ...c, meetings: (await app.meetings.meetings(TENANT, id)).length };
  } finally {
    await closeConnector();
    await proxy.close();
  }
}

/** The mentor's "accept" after the mentee's, which locks the agreement (and posts the plan card). Checks that it locked. */
export async function countLockingAccept(azuriteConnectionString: string): Promise<Counted> {
  const proxy = await startCountingProxy(azuriteConnectionString);
  let closeConnector = async () => {};
  try {
    const { app, execute, setUp, connector } = await pairChat(proxy, "19:request-counts-accept@thread.v2");
    closeConnector = connector.close;
    const id = await setUp();
    await execute(mentee, "agreement.accept", { mentorshipId: id, version: 1 });
    await app.bot.idle();
    proxy.reset();
    const answer = await execute(mentor, "agreement.accept", { mentorshipId: id, version: 1 });
    await app.bot.idle();
    const c = counted(proxy);
    assert.equal(answer?.status, 200);
    assert.ok((await app.service.getMentorship(TENANT, id))?.agreement.lockedAt, "this accept locked the agreement");
    return c;
  } finally {
    await closeConnector();
    await proxy.close();
  }
}

/**
 * The Table Storage requests of the three card-action benchmarks' actions, each on a running
 * agreement (the mentee has accepted, the mentor has not): a refresh, a save with a real change, and
 * `status` from the mentor.
 */
export async function countEverydayActions(azuriteConnectionString: string): Promise<{ refresh: Counted; save: Counted; status: Counted }> {
  const proxy = await startCountingProxy(azuriteConnectionString);
  let closeConnector = async () => {};
  try {
    const { app, execute, say, setUp, connector } = await pairChat(proxy, "19:request-counts-everyday@thread.v2");
    closeConnector = connector.close;
    const id = await setUp();
    await execute(mentee, "agreement.accept", { mentorshipId: id, version: 1 });
    await app.bot.idle();
    const one = async (act: () => Promise<unknown>) => {
      await act();
      await app.bot.idle();
      proxy.reset();
      await act();
      await app.bot.idle();
      return counted(proxy);
    };
    const refresh = await one(() => execute(mentor, "agreement.refresh", { mentorshipId: id }));
    let n = 0;
    const save = await one(async () => {
      const a = (await app.service.getMentorship(TENANT, id))?.agreement;
      assert.ok(a);
      const f = a.fields;
      proxy.reset();
      // The card's inputs as Teams sends them, one text changed: every save is a new version.
      return execute(mentor, "agreement.save", { ...f, mentorRoles: f.mentorRoles.join(","), tools: f.tools.join(","), purpose: `Formål, udgave ${++n}`, mentorshipId: id, baseVersion: a.version });
    });
    const status = await one(() => say(mentor, "status"));
    return { refresh, save, status };
  } finally {
    await closeConnector();
    await proxy.close();
  }
}
