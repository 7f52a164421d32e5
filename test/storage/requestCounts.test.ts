/**
 * What a user's action costs in Table Storage requests, counted at the wire: the app's storage goes
 * through a counting proxy in front of Azurite (test/support/countingProxy.ts), so every client the
 * app builds (mentorship store, job store, local calendar, summary writer) is counted, a batch as one
 * request. The app is the real composition root (buildApp, as `npm start` runs it, summaries
 * included), driven through its bot with the clicks a pair makes; only the Teams roster and the
 * channel are the test's (botbuilder's TestAdapter).
 */
import assert from "node:assert/strict";
import { type Activity, ActivityTypes, TestAdapter } from "botbuilder";
import { loadConfig } from "../../src/config";
import { buildApp } from "../../src/main";
import { silentLogger } from "../../src/log";
import { BOT, cardOf, findAction } from "../bot/harness";
import { azurite, uniqueTableName } from "../support/azurite";
import { type CountingProxy, startCountingProxy } from "../support/countingProxy";
import { TENANT, mentee, mentor } from "../support/fixtures";
import type { Member } from "../../src/app/actor";

const NOW = new Date("2027-01-11T08:00:00Z");

/** "GET entity: 4, POST batch: 1" — printed with every figure, so a failure says where the requests went. */
const breakdown = (p: CountingProxy) =>
  Object.entries(p.byKind())
    .map(([k, n]) => `${k}: ${n}`)
    .join(", ");

/** The app on a fresh table behind `proxy`, and a pair's chat to click in. */
async function pairChat(proxy: CountingProxy, chatId: string) {
  const members = [mentor, mentee];
  const config = loadConfig({ LOCAL_ANONYMOUS_BOT: "true", BOT_HOST: "127.0.0.1", BOT_PORT: "0", STORAGE_CONNECTION_STRING: proxy.connectionString, TABLE_NAME: uniqueTableName("rc") });
  const app = await buildApp({ config, clock: { now: () => NOW }, log: silentLogger, members: async () => members });
  const adapter = new TestAdapter();
  let seq = 0;
  const base = (from: Member): Partial<Activity> => ({
    channelId: "msteams",
    serviceUrl: "http://127.0.0.1:9/_connector",
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
  /** The mentor starts and fills the setup card: the agreement card is posted. */
  const setUp = async () => {
    const setupId = findAction(cardOf((await say(mentor, "start"))[0]), "setup.submit")?.data["setupId"];
    await execute(mentor, "setup.submit", { setupId, programme: "kristiansand", firstDay: "2027-01-04", unit: "X", language: "da" });
    const id = (await app.service.getChat(TENANT, chatId))?.activeMentorshipId ?? "";
    assert.ok(id, "the setup made a mentorship");
    await app.bot.idle();
    return id;
  };
  return { app, say, execute, setUp };
}

describe("Table Storage requests per action (counted by a proxy in front of Azurite)", function () {
  this.timeout(60000);
  let proxy: CountingProxy;

  beforeEach(async () => {
    proxy = await startCountingProxy((await azurite()).connectionString);
  });
  afterEach(async () => {
    await proxy.close();
  });

  it("one Kristiansand booking (18 meetings, with all its jobs) costs at most 25 Table Storage requests in all", async () => {
    const { app, execute, setUp } = await pairChat(proxy, "19:request-counts-booking@thread.v2");
    const id = await setUp();
    await execute(mentee, "agreement.accept", { mentorshipId: id, version: 1 });
    await execute(mentor, "agreement.accept", { mentorshipId: id, version: 1 });
    await app.bot.idle();
    proxy.reset();

    // The mentor's click on the plan card, and everything the booking does after the answer
    // (calendar, meetings, their agenda/reminder jobs, the summary, the booked card's bookkeeping).
    const answer = await execute(mentor, "plan.book", { mentorshipId: id, weekday: "2", time: "10:00", minutes: "45", leadHours: "24" });
    await app.bot.idle();
    const requests = proxy.count();
    const detail = breakdown(proxy);

    // The booking really happened, with its 18 meetings: the count is of a whole booking.
    assert.equal(answer?.status, 200);
    assert.equal((await app.service.getMentorship(TENANT, id))?.meetingPlan?.status, "booked");
    assert.equal((await app.meetings.meetings(TENANT, id)).length, 18);
    // Issue 10, item 5: the target is ≤ 25. 308 when the 54 jobs were scheduled one by one; 42 on
    // main 626fd59 (22 entity reads, 9 queries, 5 batches, 3 entity writes, 3 inserts). This fails
    // until the batched job registry and the hot-path work land; it is not marked pending on purpose.
    assert.ok(requests <= 25, `one booking made ${requests} Table Storage requests (${detail}); the target is ≤ 25`);
  });

  it("one 'accept' that locks the agreement: its Table Storage requests, counted", async () => {
    const { app, execute, setUp } = await pairChat(proxy, "19:request-counts-accept@thread.v2");
    const id = await setUp();
    await execute(mentee, "agreement.accept", { mentorshipId: id, version: 1 });
    await app.bot.idle();
    proxy.reset();

    const answer = await execute(mentor, "agreement.accept", { mentorshipId: id, version: 1 });
    await app.bot.idle();
    const requests = proxy.count();
    const detail = breakdown(proxy);

    assert.equal(answer?.status, 200);
    assert.ok((await app.service.getMentorship(TENANT, id))?.agreement.lockedAt, "this accept locked the agreement");
    // 14 (9 entity reads, 3 entity writes, 2 queries) measured on wt/bench (main 626fd59): a ceiling
    // against regressions, not the goal. Issue 10 item 6 wants this click to make ≤ 4 store calls
    // (the mentorship read once and written once, the summary written from the state in hand), which
    // the core work asserts on the store port; when it lands, lower this ceiling to the new figure.
    assert.ok(requests <= 14, `the locking accept made ${requests} Table Storage requests (${detail})`);
  });
});
