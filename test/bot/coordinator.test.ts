import assert from "node:assert/strict";
import { CoordinatorService } from "../../src/app/coordinator/coordinatorService";
import { LocalPeopleDirectory } from "../../src/adapters/people/directories";
import { awaitingChat } from "../../src/domain/mentorship";
import { t } from "../../src/i18n";
import { silentLogger } from "../../src/log";
import { CalendarError, type CalendarPerson, type ChatProvisioner } from "../../src/ports/calendar";
import { TENANT, colleague, mentee, mentor } from "../support/fixtures";
import { type Chat, botHarness, cardOf, cardText, findAction } from "./harness";

/** Graph's side of chat creation (the edge we cannot run here): records what was asked for. */
class FakeChats implements ChatProvisioner {
  readonly created: { topic: string; mentor: CalendarPerson; mentee: CalendarPerson }[] = [];
  readonly installed: string[] = [];
  failNext = false;
  async findPerson({ emailOrUpn }: { tenantId: string; emailOrUpn: string }): Promise<CalendarPerson | null> {
    return emailOrUpn === "niels@kommune.dk" ? { aadObjectId: mentee.aadObjectId, email: emailOrUpn, name: mentee.name } : null;
  }
  async createPairChat(request: { tenantId: string; mentor: CalendarPerson; mentee: CalendarPerson; topic: string }) {
    if (this.failNext) throw new CalendarError("UNAVAILABLE", true);
    this.created.push(request);
    return { chatId: `19:prepared-${this.created.length}@thread.v2` };
  }
  async installApp({ chatId }: { tenantId: string; chatId: string }) {
    this.installed.push(chatId);
  }
}

const people = new LocalPeopleDirectory(
  TENANT,
  [mentor, mentee, colleague].map((p) => ({ aadObjectId: p.aadObjectId, name: p.name, email: `${p.name.split(" ")[0]?.toLowerCase()}@kommune.dk` })),
);
const coordinatorId = "44444444-4444-4444-8444-444444444444";
// The first working day is the harness clock's day: a pair that starts today gets its agreement
// when the chat is bound (one that starts later gets the preparation welcome: test/bot/preparation.test.ts).
const request = { menteeAadObjectId: mentee.aadObjectId, mentorAadObjectId: mentor.aadObjectId, programme: "klds" as const, firstWorkingDay: "2027-01-11", unit: "Børn og familie", language: "da" as const };

/** The bot (with `botChats` for the personal `start <e-mail>`) and the coordinator's use cases (Graph when `chats`). */
async function setup(chats: ChatProvisioner | null = null, botChats?: ChatProvisioner) {
  const h = await botHarness(botChats ? { chats: botChats } : {});
  const coordinator = new CoordinatorService({
    mentorships: h.service,
    rebook: (tenantId, id) => h.meetings.completeBooking(tenantId, id),
    resumed: (tenantId, id) => h.meetings.resumed(tenantId, id),
    people,
    chats,
    chat: h.delivery,
    chatTopic: (language, mentorName, menteeName) => t(language, "start.chatTopic", { mentor: mentorName, mentee: menteeName }),
    log: silentLogger,
  });
  return { h, coordinator };
}

describe("a coordinator prepares a mentorship; the pair's chat takes it over", function () {
  this.timeout(30000);

  it("without Graph: the pair gets instructions, and `start` by either of them in their group chat binds it", async () => {
    const { h, coordinator } = await setup();
    const created = await coordinator.create(TENANT, coordinatorId, request);
    assert.ok(created.ok);
    assert.equal(created.value.chat, "instructions");
    const id = created.value.mentorship.id;
    assert.ok(awaitingChat(created.value.mentorship));
    assert.equal(created.value.mentorship.phase, "preparation");

    // The mentee asks the bot in their personal chat: the instructions name the mentor.
    const personal: Chat = { id: "a:niels", type: "personal", members: [mentee] };
    const status = (await h.say(personal, mentee, "da", "status"))[0]?.text ?? "";
    assert.ok(status.includes(t("da", "status.awaitingChat", { other: mentor.name })), status);

    // A group chat of the mentor with someone else does not take it: the ordinary setup card comes.
    const other: Chat = { id: "19:other@thread.v2", type: "groupChat", members: [mentor, colleague] };
    const otherOut = await h.say(other, mentor, "da", "start");
    assert.ok(findAction(cardOf(otherOut[0]), "setup.submit"), "the ordinary setup card");
    assert.ok(awaitingChat((await h.service.getMentorship(TENANT, id))!));

    // The mentee writes start in the pair's chat: the prepared mentorship is bound and its agreement posted.
    const pair: Chat = { id: "19:pair@thread.v2", type: "groupChat", members: [mentor, mentee] };
    const out = await h.say(pair, mentee, "da", "start");
    assert.ok(cardText(cardOf(out[0])).includes(mentee.name), "a notice names the pair");
    assert.ok(findAction(cardOf(out[1]), "agreement.accept"), "the agreement card follows");
    const m = await h.service.getMentorship(TENANT, id);
    assert.equal(m?.conversationId, pair.id);
    assert.equal(m?.mentor.channelUserId, mentor.channelUserId, "channel ids come from the chat's members");
    assert.equal(m?.mentee.channelUserId, mentee.channelUserId);
    assert.equal(m?.phase, "startUp", "posting the agreement starts the start-up phase");
    assert.equal((await h.service.getChat(TENANT, pair.id))?.activeMentorshipId, id);

    // Once bound, start again in that chat opens no second mentorship: as in any chat with one, it
    // posts the current card again (issue 9, item 5).
    const again = await h.say(pair, mentor, "da", "start");
    assert.equal(again[0]?.text, t("da", "card.reposted", { step: t("da", "card.step.agreement") }));
    assert.equal((await h.service.getChat(TENANT, pair.id))?.activeMentorshipId, id);
  });

  it("refusals are explained and change nothing", async () => {
    const { h, coordinator } = await setup();
    const before = await h.etags();
    const refusal = async (over: Partial<typeof request>) => {
      const r = await coordinator.create(TENANT, coordinatorId, { ...request, ...over });
      assert.ok(!r.ok);
      return r.error;
    };
    assert.equal((await refusal({ mentorAadObjectId: mentee.aadObjectId })).code, "MENTOR_IS_MENTEE");
    assert.deepEqual(await refusal({ mentorAadObjectId: "99999999-9999-4999-8999-999999999999" }), { code: "PERSON_NOT_FOUND", params: { field: "mentor" } });
    assert.deepEqual(await refusal({ menteeAadObjectId: "99999999-9999-4999-8999-999999999999" }), { code: "PERSON_NOT_FOUND", params: { field: "mentee" } });
    assert.equal((await refusal({ firstWorkingDay: "2027-02-30" })).code, "INVALID_START_DATE");
    assert.deepEqual(await h.etags(), before, "nothing was written");

    assert.ok((await coordinator.create(TENANT, coordinatorId, request)).ok);
    const between = await h.etags();
    const twice = await refusal({ mentorAadObjectId: colleague.aadObjectId });
    assert.deepEqual(twice, { code: "MENTEE_HAS_ACTIVE_MENTORSHIP", params: { mentee: mentee.name } });
    assert.deepEqual(await h.etags(), between, "the second mentorship for the same mentee was not created");
  });

  it("with Graph: the app creates the pair's chat, installs itself, and the installation continues the setup there", async () => {
    const chats = new FakeChats();
    const { h, coordinator } = await setup(chats);
    const created = await coordinator.create(TENANT, coordinatorId, request);
    assert.ok(created.ok);
    assert.equal(created.value.chat, "created");
    assert.equal(chats.created[0]?.topic, t("da", "start.chatTopic", { mentor: mentor.name, mentee: mentee.name }));
    assert.deepEqual([chats.created[0]?.mentor.aadObjectId, chats.created[0]?.mentee.aadObjectId], [mentor.aadObjectId, mentee.aadObjectId]);
    assert.deepEqual(chats.installed, ["19:prepared-1@thread.v2"]);

    const chat: Chat = { id: "19:prepared-1@thread.v2", type: "groupChat", members: [mentor, mentee] };
    const out = await h.install(chat, mentee, "en");
    // The chat belongs to the prepared (Danish) mentorship: its welcome is Danish, whatever the client says.
    assert.equal(out[0]?.text, t("da", "welcome.group"));
    assert.ok(findAction(cardOf(out[2]), "agreement.accept"), "notice, then the agreement card");
    const m = await h.service.getMentorship(TENANT, created.value.mentorship.id);
    assert.equal(m?.conversationId, chat.id);
    assert.equal((await h.service.getChat(TENANT, chat.id))?.preparedMentorshipId, null);
    assert.deepEqual(await h.install(chat, mentee, "en"), [], "a repeated installation event posts nothing");
  });

  it("with Graph failing: the mentorship stays and waits for the pair's own chat", async () => {
    const chats = new FakeChats();
    chats.failNext = true;
    const { h, coordinator } = await setup(chats);
    const created = await coordinator.create(TENANT, coordinatorId, request);
    assert.ok(created.ok);
    assert.equal(created.value.chat, "failed");
    assert.ok(awaitingChat((await h.service.getMentorship(TENANT, created.value.mentorship.id))!));
    assert.deepEqual(chats.installed, []);
  });

  it("a mentor's own `start <e-mail>` for a pair the coordinator prepared takes that mentorship over", async () => {
    const chats = new FakeChats();
    const { h, coordinator } = await setup(null, chats);
    const prepared = await coordinator.create(TENANT, coordinatorId, request);
    assert.ok(prepared.ok);
    assert.equal(prepared.value.chat, "instructions");
    await h.say({ id: "a:mette", type: "personal", members: [mentor] }, mentor, "da", "start niels@kommune.dk");
    const chat: Chat = { id: "19:prepared-1@thread.v2", type: "groupChat", members: [mentor, mentee] };
    const out = await h.install(chat, mentee, "da");
    assert.ok(findAction(cardOf(out[2]), "agreement.accept"), "welcome, notice, agreement: no setup card");
    assert.equal((await h.service.getMentorship(TENANT, prepared.value.mentorship.id))?.conversationId, chat.id);
  });

  it("while paused no agenda is posted; resuming posts the one that fell due meanwhile, and only that one", async () => {
    let now = new Date("2027-01-11T08:00:00Z");
    const { h, coordinator } = await setup();
    h.setNow(() => now);
    const created = await coordinator.create(TENANT, coordinatorId, { ...request, programme: "kristiansand", firstWorkingDay: "2027-01-04" });
    assert.ok(created.ok);
    const id = created.value.mentorship.id;
    const pair: Chat = { id: "19:paused@thread.v2", type: "groupChat", members: [mentor, mentee] };
    await h.say(pair, mentor, "da", "start");
    await h.execute(pair, mentee, "da", "agreement.accept", { mentorshipId: id, version: 1 });
    await h.execute(pair, mentor, "da", "agreement.accept", { mentorshipId: id, version: 1 });
    await h.execute(pair, mentor, "da", "plan.book", { mentorshipId: id, weekday: "2", time: "10:00", minutes: "45", leadHours: "24" });
    await h.bot.idle();
    const [first, second] = await h.meetings.meetings(TENANT, id);
    assert.ok(first && second);

    assert.ok((await coordinator.setPaused(TENANT, id, true)).ok);
    now = new Date(new Date(first.startUtc).getTime() - 23 * 3600_000);
    await h.scheduler.tick();
    const agendas = () => h.notifier.sent.filter((x) => x.card && findAction(x.card, "agenda.save"));
    assert.equal(agendas().length, 0, "nothing posted while paused");
    assert.equal((await h.meetings.meetings(TENANT, id))[0]?.agendaPostedAt, null);

    assert.ok((await coordinator.setPaused(TENANT, id, false)).ok);
    await coordinator.idle();
    assert.equal(agendas().length, 1, "the first meeting's agenda, not the second's (not due yet)");
    const [firstAfter, secondAfter] = await h.meetings.meetings(TENANT, id);
    assert.equal(firstAfter?.agendaPostedAt, now.toISOString());
    assert.equal(secondAfter?.agendaPostedAt, null);
    // Its scheduled posting does not post it twice.
    await h.scheduler.tick();
    assert.equal(agendas().length, 1);
  });
});
