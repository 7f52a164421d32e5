import assert from "node:assert/strict";
import type { Locator, Page } from "playwright-core";
import { t } from "../../src/i18n";
import { PERSONAS, PLAYGROUND_TO_BOT, type Stack, e2eUnavailableReason, startStack } from "../support/e2e";

/**
 * The whole pair, by hand, in the Agents Playground: the mentor starts a mentorship in the group
 * chat, edits and accepts the agreement; the mentee accepts it by a real click on their own page;
 * both pages show the agreed card; status shows the learning phase. Then the meetings: the plan
 * card, the booking confirmation, and — with the app's clock moved — the agenda, filled by both.
 * The cards are in Danish (chosen on the setup card); the Playground itself speaks en-US.
 */
const LANG = "da" as const;
const da = (key: Parameters<typeof t>[1], params?: Record<string, string | number>) => t(LANG, key, params);

async function choose(page: Page, card: Locator, label: string, option: string): Promise<void> {
  await card.getByRole("combobox", { name: label, exact: true }).click();
  await page.getByRole("option", { name: option, exact: true }).click();
}

/** The Playground's date input is a Fluent calendar: page to the month (its header names it), click the day. */
async function pickDate(page: Page, card: Locator, label: string, day: { d: number; month: string; y: number }): Promise<void> {
  const box = card.getByRole("combobox", { name: label });
  await box.click();
  const header = page.locator("button.fui-CalendarDay__monthAndYear").first();
  for (let i = 0; i < 36 && (await header.getAttribute("aria-label")) !== `${day.month} ${day.y}`; i++) {
    await page.locator('[title^="Next month"]').first().click();
  }
  await page.locator(`button[aria-label="${day.d}, ${day.month}, ${day.y}"]`).first().click();
  assert.equal(await box.inputValue(), `${day.month} ${day.d}, ${day.y}`, "the date input took the date");
}

describe("e2e: a mentorship in the Agents Playground", function () {
  this.timeout(240000);
  let s: Stack;

  before(async function () {
    const reason = e2eUnavailableReason();
    if (reason) throw new Error(reason);
    // Monday of the mentee's second week; the Playground's own clock is irrelevant to the bot.
    s = await startStack({ clock: "2027-01-11T08:00:00Z" });
  });

  after(async function () {
    this.timeout(30000);
    await s?.stop();
  });

  afterEach(async function () {
    if (this.currentTest?.state === "failed" && s) {
      await s.screenshot(s.mentorPage, `failed-${this.currentTest.title.slice(0, 40)}-mentor`).catch(() => undefined);
      await s.screenshot(s.menteePage, `failed-${this.currentTest.title.slice(0, 40)}-mentee`).catch(() => undefined);
    }
  });

  it("the mentor writes start and fills the setup card", async () => {
    await s.openGroupChat(s.menteePage); // open before the cards are posted, so updates reach it
    await s.openGroupChat(s.mentorPage);
    await s.waitForBotMessage(s.mentorPage, undefined, 20000);
    await s.sendInGroupChat(s.mentorPage, "start");
    await s.waitForBotMessage(s.mentorPage, /Start a mentorship/, 20000);
    const card = s.lastCard(s.mentorPage);
    await card.getByRole("radio", { name: /Kristiansand/ }).check();
    await pickDate(s.mentorPage, card, "The mentee's first working day", { d: 4, month: "January", y: 2027 });
    await s.fillCardInput(card, "Unit or department", "Vågsbygd omsorgssenter");
    await choose(s.mentorPage, card, "Mentee", PERSONAS.mentee.name);
    await choose(s.mentorPage, card, "Language of the mentorship's cards", "Danish");
    await s.screenshot(s.mentorPage, "e2e-01-setup-filled");
    await s.clickCardButton(card, "Create mentorship");
    await s.waitForBotMessage(s.mentorPage, new RegExp(da("agreement.title")), 20000);
    await s.screenshot(s.mentorPage, "e2e-02-agreement-posted");
  });

  it("the mentor edits the agreement (a new version) and accepts it", async () => {
    const card = s.lastCard(s.mentorPage);
    await s.fillCardInput(card, da("agreement.timeAndPlace"), "Tirsdage kl. 10, mødelokale 2");
    await s.clickCardButton(card, da("agreement.save"));
    await card.getByText(da("agreement.saved", { version: 2 })).waitFor({ timeout: 20000 });
    await s.clickCardButton(s.lastCard(s.mentorPage), da("agreement.accept", { version: 2 }));
    await s.lastCard(s.mentorPage).getByText(da("agreement.waitingFor", { names: PERSONAS.mentee.name, version: 2 })).waitFor({ timeout: 20000 });
    await s.screenshot(s.mentorPage, "e2e-03-mentor-accepted");
  });

  it("the mentee accepts by a real click on their own page; the mentor's page shows the agreed card without a reload", async () => {
    const menteeCard = s.lastCard(s.menteePage);
    await menteeCard.getByText(da("agreement.waitingFor", { names: PERSONAS.mentee.name, version: 2 })).waitFor({ timeout: 20000 });
    await s.clickCardButton(menteeCard, da("agreement.accept", { version: 2 }));
    const agreed = da("agreement.locked", { at: "" }).split("{")[0]!.trim().slice(0, 20);
    await s.menteePage.getByText(new RegExp(agreed)).first().waitFor({ timeout: 20000 });
    // The mentor's page was not reloaded: the bot's updateActivity replaced the card there.
    await s.mentorPage.getByText(new RegExp(agreed)).first().waitFor({ timeout: 20000 });
    await s.screenshot(s.menteePage, "e2e-04-mentee-agreed");
    await s.screenshot(s.mentorPage, "e2e-05-mentor-sees-agreed");

    const invoke = s.recordedActivities().toBot.filter((e) => e.direction === PLAYGROUND_TO_BOT && e.activityName === "invoke").at(-1);
    assert.ok(invoke, "the accept reached the bot as an invoke");
    assert.equal(invoke.request.body.from?.aadObjectId, PERSONAS.mentee.aadObjectId, "the invoke carries the mentee's identity");
    assert.equal(invoke.request.body.value?.action?.verb, "agreement.accept");
  });

  it("status in the personal chat shows the learning phase", async () => {
    await s.openChat(s.mentorPage, "Personal Chat");
    const box = s.mentorPage.locator('[data-lexical-editor="true"][role="textbox"]');
    await box.click();
    await box.pressSequentially("status");
    await s.mentorPage.getByRole("button", { name: "Send Message" }).click();
    // The Playground speaks en-US, so the personal chat answers in English.
    await s.waitForBotMessage(s.mentorPage, new RegExp(t("en", "phase.learning")), 20000);
    await s.screenshot(s.mentorPage, "e2e-06-status-learning");
    await s.openGroupChat(s.mentorPage);
  });
});
