import assert from "node:assert/strict";
import { Languages } from "../../src/domain/language";
import { t } from "../../src/i18n";
import { CalendarError, type CalendarPerson, type ChatProvisioner } from "../../src/ports/calendar";
import { TENANT, mentee, mentor } from "../support/fixtures";
import { type Chat, botHarness, cardOf, findAction, findInputIds } from "./harness";

/** Graph's side of chat creation (the edge we cannot run here): records what the bot asked for. */
class FakeChats implements ChatProvisioner {
  readonly created: { topic: string; mentor: CalendarPerson; mentee: CalendarPerson }[] = [];
  readonly installed: string[] = [];
  failNext = false;
  async findPerson({ emailOrUpn }: { tenantId: string; emailOrUpn: string }): Promise<CalendarPerson | null> {
    if (emailOrUpn === "niels@kommune.dk") return { aadObjectId: mentee.aadObjectId, email: emailOrUpn, name: mentee.name };
    if (emailOrUpn === "mette@kommune.dk") return { aadObjectId: mentor.aadObjectId, email: emailOrUpn, name: mentor.name };
    return null;
  }
  async createPairChat(request: { tenantId: string; mentor: CalendarPerson; mentee: CalendarPerson; topic: string }) {
    if (this.failNext) throw new CalendarError("THROTTLED", true);
    this.created.push(request);
    return { chatId: `19:created-${this.created.length}@thread.v2` };
  }
  async installApp({ chatId }: { tenantId: string; chatId: string }) {
    this.installed.push(chatId);
  }
}

for (const lang of Languages) {
  describe(`start <e-mail> in the personal chat (${lang})`, function () {
    this.timeout(30000);
    const personal: Chat = { id: `a:personal-${lang}`, type: "personal", members: [mentor] };

    it("without Graph the bot explains that the pair creates the chat and adds the app", async () => {
      const h = await botHarness();
      const out = await h.say(personal, mentor, lang, "start niels@kommune.dk");
      assert.equal(out[0]?.text, t(lang, "start.noGraph"));
    });

    it("with Graph: creates the pair's chat, installs itself, and the setup card waits for the mentor there", async () => {
      const chats = new FakeChats();
      const h = await botHarness({ chats });
      assert.equal((await h.say(personal, mentor, lang, "start nobody@kommune.dk"))[0]?.text, t(lang, "start.personNotFound"));
      assert.equal((await h.say(personal, mentor, lang, "start mette@kommune.dk"))[0]?.text, t(lang, "error.MENTOR_IS_MENTEE"));
      assert.equal((await h.say(personal, mentor, lang, "start Niels"))[0]?.text, t(lang, "start.needEmail"));
      assert.equal(chats.created.length, 0, "nothing was created for a refusal");

      const out = await h.say(personal, mentor, lang, "start niels@kommune.dk");
      assert.equal(out[0]?.text, t(lang, "start.chatCreated", { mentee: mentee.name }));
      assert.equal(chats.created.length, 1);
      assert.equal(chats.created[0]?.topic, t(lang, "start.chatTopic", { mentor: mentor.name, mentee: mentee.name }));
      assert.deepEqual([chats.created[0]?.mentor.aadObjectId, chats.created[0]?.mentee.aadObjectId], [mentor.aadObjectId, mentee.aadObjectId]);
      assert.deepEqual(chats.installed, ["19:created-1@thread.v2"]);

      // Teams then installs the app in the new chat: welcome, and the mentor's setup card.
      const newChat: Chat = { id: "19:created-1@thread.v2", type: "groupChat", members: [mentor, mentee] };
      const installed = await h.install(newChat, mentee, "en");
      assert.equal(installed[0]?.text, t(lang, "welcome.group"), "in the mentor's language, not the installer's");
      const setup = cardOf(installed[1]);
      assert.ok(setup && findAction(setup, "setup.submit"));
      assert.ok(!findInputIds(setup).includes("mentee"), "two people: the other is the mentee");
      const setupId = findAction(setup, "setup.submit")?.data["setupId"];
      const done = await h.execute(newChat, mentor, lang, "setup.submit", { setupId, programme: "klds", firstDay: "2027-03-01", unit: "Jobcenter", language: lang });
      assert.equal(done.response?.body.type, "application/vnd.microsoft.card.adaptive");
      const chat = await h.service.getChat(TENANT, newChat.id);
      const m = await h.service.getMentorship(TENANT, chat?.activeMentorshipId ?? "");
      assert.equal(m?.mentor.aadObjectId, mentor.aadObjectId);
      assert.equal(m?.mentee.aadObjectId, mentee.aadObjectId);
      // A second installation event does not post a second setup card.
      assert.deepEqual(await h.install(newChat, mentee, "en"), []);
    });

    it("a Graph failure is explained and creates nothing", async () => {
      const chats = new FakeChats();
      chats.failNext = true;
      const h = await botHarness({ chats });
      assert.equal((await h.say(personal, mentor, lang, "start niels@kommune.dk"))[0]?.text, t(lang, "start.graphFailed"));
      assert.deepEqual(chats.installed, []);
    });
  });
}
