// Issue 14 (Store rule): a bot answers a message within 2 seconds or shows that it is typing first.
// Creating the pair's chat through Graph can take longer: with a Graph that takes 1.5 s, Teams gets a
// typing indicator before the answer. A quick answer (help) comes without one.
import assert from "node:assert/strict";
import { ActivityTypes } from "botbuilder";
import { TYPING_AFTER_MS } from "../../src/adapters/bot/cloudAdapter";
import { t } from "../../src/i18n";
import type { CalendarPerson, ChatProvisioner } from "../../src/ports/calendar";
import { mentee, mentor } from "../support/fixtures";
import { type Chat, botHarness } from "./harness";

/** Graph's side of chat creation, slow. */
class SlowChats implements ChatProvisioner {
  async findPerson({ emailOrUpn }: { tenantId: string; emailOrUpn: string }): Promise<CalendarPerson | null> {
    return emailOrUpn === "niels@kommune.dk" ? { aadObjectId: mentee.aadObjectId, email: emailOrUpn, name: mentee.name } : null;
  }
  async createPairChat() {
    await new Promise((r) => setTimeout(r, TYPING_AFTER_MS + 500));
    return { chatId: "19:created-slow@thread.v2" };
  }
  async installApp() {}
}

describe("typing indicator before a slow answer", function () {
  this.timeout(30000);
  const personal: Chat = { id: "a:personal-typing", type: "personal", members: [mentor] };

  it("chat creation through a slow Graph: typing first, then the answer", async () => {
    const h = await botHarness({ chats: new SlowChats() });
    const out = await h.say(personal, mentor, "da", "start niels@kommune.dk");
    assert.equal(out[0]?.text, t("da", "start.chatCreated", { mentee: mentee.name }));
    const turn = h.turns.at(-1) ?? [];
    const types = turn.map((a) => a.type);
    assert.ok(types.indexOf(ActivityTypes.Typing) >= 0, `a typing indicator: ${JSON.stringify(types)}`);
    assert.ok(types.indexOf(ActivityTypes.Typing) < types.indexOf(ActivityTypes.Message), "before the answer");
  });

  it("a quick answer comes without one", async () => {
    const h = await botHarness();
    await h.say(personal, mentor, "da", "hjælp");
    assert.deepEqual((h.turns.at(-1) ?? []).filter((a) => a.type === ActivityTypes.Typing), []);
  });
});
