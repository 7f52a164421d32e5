// "Book the talk" against the fake Graph over real HTTPS, through the real composition (botHarness:
// compose(), Table Storage on Azurite, the scheduler) with GraphCalendar as the leader's calendar, in
// da, nb and en. Runs in a child process started by test/graph/leaderBooking.test.ts. Not *.test.ts on purpose.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { AccessToken, TokenCredential } from "@azure/identity";
import { GraphCalendar } from "../../../src/adapters/graph/graphCalendar";
import { GraphChats } from "../../../src/adapters/graph/graphChats";
import { LocalPeopleDirectory } from "../../../src/adapters/people/directories";
import type { Member } from "../../../src/app/actor";
import { Languages } from "../../../src/domain/language";
import type { Mentorship } from "../../../src/domain/mentorship";
import { t } from "../../../src/i18n";
import { type Chat, botHarness, cardOf, cardText, findAction } from "../../bot/harness";
import { FakeGraph } from "../../support/fakeGraph";
import { TENANT, colleague, mentee, mentor } from "../../support/fixtures";

const lars: Member = { aadObjectId: "44444444-4444-4444-8444-444444444444", name: "Lars Leder", channelUserId: "29:lars" };
const EMAIL: Record<string, string> = { [mentor.aadObjectId]: "mette.mentor@contoso.dk", [mentee.aadObjectId]: "niels.nyansat@contoso.dk", [lars.aadObjectId]: "lars.leder@contoso.dk", [colleague.aadObjectId]: "karen.kollega@contoso.dk" };
const people = new LocalPeopleDirectory(TENANT, [mentor, mentee, lars, colleague].map((p) => ({ aadObjectId: p.aadObjectId, name: p.name, email: EMAIL[p.aadObjectId] as string })), [lars.aadObjectId]);
const personal = (who: Member): Chat => ({ id: `a:personal-${who.channelUserId}`, type: "personal", members: [who] });

class FakeCredential implements TokenCredential {
  async getToken(): Promise<AccessToken> {
    return { token: "test-token", expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}

describe("leader talks in the leader's Graph calendar", function () {
  this.timeout(60000);
  let fake: FakeGraph;

  before(async () => {
    const certPath = process.env["GRAPH_TEST_TLS_CERT"];
    const keyPath = process.env["GRAPH_TEST_TLS_KEY"];
    if (!certPath || !keyPath || !process.env["NODE_EXTRA_CA_CERTS"]) throw new Error("run these specs through test/graph/leaderBooking.test.ts");
    fake = await FakeGraph.start({
      key: readFileSync(keyPath, "utf8"),
      cert: readFileSync(certPath, "utf8"),
      users: [mentor, mentee, lars, colleague].map((p) => ({ id: p.aadObjectId, displayName: p.name, mail: EMAIL[p.aadObjectId] as string, userPrincipalName: EMAIL[p.aadObjectId] as string })),
    });
  });
  after(async () => {
    await fake?.close();
  });
  beforeEach(() => fake.reset());
  afterEach(function () {
    if (this.currentTest?.state !== "passed") return;
    assert.deepEqual(fake.schemaFailures, [], "every request body validates against the strict Graph schemas");
    assert.deepEqual(fake.unknownRoutes, []);
  });

  for (const lang of Languages) {
    it(`${lang}: the reminder's button books the development talk in Lars' calendar with the new hire, once`, async () => {
      let now = new Date("2027-01-11T08:00:00Z");
      const h = await botHarness({
        now: () => now,
        people,
        talkCalendar: new GraphCalendar({ tenantId: TENANT, credential: new FakeCredential(), baseUrl: fake.baseUrl, retry: { maxRetries: 2, delaySeconds: 0, maxRetryAfterSeconds: 2 }, timeoutMs: 10_000 }),
        directory: async (_tenant, id) => (EMAIL[id] ? { email: EMAIL[id] as string, name: id } : null),
      });
      const chat: Chat = { id: `19:leader-graph-${lang}@thread.v2`, type: "groupChat", members: [mentor, mentee] };
      await h.install(personal(lars), lars, lang);
      const setupId = findAction(cardOf((await h.say(chat, mentor, lang, "start"))[0]), "setup.submit")?.data["setupId"];
      await h.execute(chat, mentor, lang, "setup.submit", { setupId, programme: "klds", firstDay: "2027-02-01", unit: "U", language: lang });
      await h.bot.idle();
      const id = (await h.service.getChat(TENANT, chat.id))?.activeMentorshipId ?? "";
      now = new Date("2028-01-25T07:00:00.000Z");
      const before = h.notifier.sent.length;
      for (let i = 0; i < 50 && (await h.scheduler.tick()) > 0; i++) await h.bot.idle();
      const reminder = h.notifier.sent.slice(before).map((s) => s.card).find((c) => c && findAction(c, "leader.book"));
      assert.ok(reminder, "the reminder reached the leader");
      const data = findAction(reminder, "leader.book")!.data;

      // The mentor, with the leader's card data, from the mentor's own personal chat: refused; Graph is not asked.
      const refused = await h.execute(personal(mentor), mentor, lang, "leader.book", data);
      assert.equal(refused.response?.body.value, t(lang, "error.NOT_THE_LEADER"));
      assert.equal(fake.eventsOf(lars.aadObjectId).length + fake.eventsOf(mentor.aadObjectId).length, 0);

      const { response } = await h.execute(personal(lars), lars, lang, "leader.book", data);
      assert.ok(cardText(response?.body.value).includes(t(lang, "leader.booked.title")));
      const events = fake.eventsOf(lars.aadObjectId);
      assert.equal(events.length, 1, "one event in the leader's calendar");
      const body = events[0]!.body;
      assert.equal(events[0]!.type, "singleInstance");
      assert.equal(body["isOnlineMeeting"], true);
      assert.equal(body["onlineMeetingProvider"], "teamsForBusiness");
      assert.deepEqual(body["start"], { dateTime: "2028-02-01T10:00:00", timeZone: "Romance Standard Time" });
      assert.deepEqual(body["end"], { dateTime: "2028-02-01T11:00:00", timeZone: "Romance Standard Time" });
      assert.deepEqual((body["attendees"] as { emailAddress: { address: string } }[]).map((a) => a.emailAddress.address), [EMAIL[mentee.aadObjectId]]);
      assert.ok(String(body["subject"]).includes(t(lang, "leader.talk.developmentTalk")));
      assert.match(String(body["transactionId"]), /^[0-9a-f-]{36}$/);
      const m = (await h.service.getMentorship(TENANT, id)) as Mentorship;
      assert.equal(m.leaderState?.talks[0]?.booking?.eventId, events[0]!.id);
      assert.ok(m.leaderState?.talks[0]?.booking?.joinUrl?.startsWith("https://teams.microsoft.com/"), "the Teams join link is kept");

      const again = await h.execute(personal(lars), lars, lang, "leader.book", data);
      assert.ok(cardText(again.response?.body.value).includes(t(lang, "error.TALK_ALREADY_BOOKED")));
      assert.equal(fake.eventsOf(lars.aadObjectId).length, 1, "still one event");
    });
  }

  it("a leader who never opened the app: the app installs itself for the leader (Graph), and the reminder waits until the personal chat exists", async () => {
    let now = new Date("2027-01-11T08:00:00Z");
    const common = { tenantId: TENANT, credential: new FakeCredential(), baseUrl: fake.baseUrl, retry: { maxRetries: 2, delaySeconds: 0, maxRetryAfterSeconds: 2 }, timeoutMs: 10_000 };
    const h = await botHarness({ now: () => now, people, installer: new GraphChats({ ...common, teamsAppCatalogId: "0b8b3e5f-5c1e-4c2a-9f43-1f6c0f6e7a11" }) });
    const chat: Chat = { id: "19:leader-install@thread.v2", type: "groupChat", members: [mentor, mentee] };
    const setupId = findAction(cardOf((await h.say(chat, mentor, "da", "start"))[0]), "setup.submit")?.data["setupId"];
    await h.execute(chat, mentor, "da", "setup.submit", { setupId, programme: "kristiansand", firstDay: "2027-02-01", unit: "U", language: "da" });
    await h.bot.idle();
    now = new Date("2027-02-08T07:00:00.000Z");
    const before = h.notifier.sent.length;
    for (let i = 0; i < 50 && (await h.scheduler.tick()) > 0; i++) await h.bot.idle();
    assert.equal(h.notifier.sent.slice(before).filter((_, i) => h.notifier.sentTo[before + i] === personal(lars).id).length, 0, "no personal chat yet");
    assert.equal(fake.userApps.get(lars.aadObjectId)?.length, 1, "the app installed itself for the leader");
    // Teams now tells the bot of the leader's new personal chat: what waits is offered there.
    const offered = await h.install(personal(lars), lars, "da");
    const card = offered.map((a) => cardOf(a)).find((c) => c && findAction(c, "leader.book"));
    assert.ok(card && cardText(card).includes(t("da", "leader.talk.probation14d")), "the reminder, once the chat exists");
  });
});
