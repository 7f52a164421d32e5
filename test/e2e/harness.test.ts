import assert from "node:assert/strict";
import { BOT, e2eUnavailableReason, GROUP_CHAT, PERSONAS, PLAYGROUND_TO_BOT, type Stack, selectors, startStack } from "../support/e2e";

/**
 * Proves the e2e harness against the real bot: Azurite, the bot, the Playground, the mentee
 * persona proxy and two Chromium contexts come up; each page shows its own signed-in person;
 * the bot's welcome reaches the group chat on both pages.
 */
describe("e2e harness: Playground with a mentor and a mentee page", function () {
  this.timeout(90000);
  let stack: Stack | undefined;

  before(async function () {
    const reason = e2eUnavailableReason();
    if (reason) {
      process.stdout.write(`    (skipped: ${reason})\n`);
      this.skip();
    }
    stack = await startStack();
  });

  after(async function () {
    this.timeout(30000);
    await stack?.stop();
  });

  afterEach(async function () {
    if (this.currentTest?.state === "failed" && stack) {
      const name = (this.currentTest.title ?? "failed").slice(0, 60);
      await stack.screenshot(stack.mentorPage, `harness-${name}-mentor`).catch(() => undefined);
      await stack.screenshot(stack.menteePage, `harness-${name}-mentee`).catch(() => undefined);
    }
  });

  it("signs the mentor and the mentee in as themselves", async function () {
    const s = stack!;
    assert.ok(await selectors.signedInUser(s.mentorPage, PERSONAS.mentor.name).isVisible(), "mentor page shows Mette");
    assert.ok(await selectors.signedInUser(s.menteePage, PERSONAS.mentee.name).isVisible(), "mentee page shows Niels");
    assert.equal(await selectors.signedInUser(s.mentorPage, PERSONAS.mentee.name).count(), 0, "mentor page does not show Niels");
    assert.equal(await selectors.signedInUser(s.menteePage, PERSONAS.mentor.name).count(), 0, "mentee page does not show Mette");
  });

  it("shows the bot's welcome in the group chat on both pages", async function () {
    const s = stack!;
    await s.openGroupChat(s.mentorPage);
    await s.openGroupChat(s.menteePage);
    await s.waitForBotMessage(s.mentorPage, undefined, 20000);
    await s.waitForBotMessage(s.menteePage, undefined, 20000);
    await s.screenshot(s.mentorPage, "harness-mentor-group-chat");
    await s.screenshot(s.menteePage, "harness-mentee-group-chat");

    const rec = s.recordedActivities();
    assert.ok(
      rec.toBot.some((e) => e.activityName === "installationUpdate" && e.conversationId === GROUP_CHAT.id),
      "the Playground told the bot it was installed in the group chat",
    );
    const fromBot = rec.fromBot.filter((e) => e.conversationId === GROUP_CHAT.id && e.request.method === "POST");
    assert.ok(fromBot.length > 0, "the bot posted to the group chat");
    assert.equal(fromBot[0]!.request.body.from?.id, BOT.id);
    assert.ok(rec.all.every((e) => e.direction !== PLAYGROUND_TO_BOT || (e.response?.statusCode ?? 0) < 400), "the bot accepted every activity");
  });
});
