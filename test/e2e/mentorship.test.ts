import assert from "node:assert/strict";
import type { Locator, Page } from "playwright-core";
import { t } from "../../src/i18n";
import { PERSONAS, PLAYGROUND_TO_BOT, type Stack, e2eUnavailableReason, startStack } from "../support/e2e";
import { buildTabOnce } from "../support/tabBuild";
import { loopbackContext, signInLocally } from "../support/tabBrowser";

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
    buildTabOnce(); // the app serves the tab from lib/tab (the last step reads the overview)
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
    await choose(s.mentorPage, card, "Language of the mentorship's cards", "Dansk");
    await s.screenshot(s.mentorPage, "e2e-01-setup-filled");
    await s.clickCardButton(card, "Create mentorship");
    await s.waitForBotMessage(s.mentorPage, new RegExp(da("agreement.title")), 20000);
    await s.screenshot(s.mentorPage, "e2e-02-agreement-posted");
  });

  it("the mentor edits the agreement (a new version) and accepts it", async () => {
    const card = s.lastCard(s.mentorPage);
    await s.fillCardInput(card, da("agreement.timeAndPlace"), "Tirsdage kl. 10, mødelokale 2");
    // Two learning goals, one a line: the closing evaluation looks back at each of them.
    await s.fillCardInput(card, da("agreement.shortTermGoals"), "Skrive dokumentationen selv\nPrioritere i en travl vagt");
    await s.clickCardButton(card, da("agreement.save"));
    await card.getByText(da("agreement.saved", { version: 2 })).waitFor({ timeout: 20000 });
    await s.clickCardButton(s.lastCard(s.mentorPage), da("agreement.accept", { version: 2 }));
    await s.lastCard(s.mentorPage).getByText(da("agreement.waitingFor", { names: PERSONAS.mentee.name, version: 2 })).waitFor({ timeout: 20000 });
    await s.screenshot(s.mentorPage, "e2e-03-mentor-accepted");
  });

  it("the mentee accepts by a real click on their own page; the mentor's page shows the agreed card without a reload", async () => {
    const menteeCard = s.lastCard(s.menteePage);
    await menteeCard.getByText(da("agreement.waitingFor", { names: PERSONAS.mentee.name, version: 2 })).waitFor({ timeout: 20000 });
    // The shared card's Accept names the one it is for, once the mentor has accepted.
    await s.clickCardButton(menteeCard, da("agreement.acceptFor", { name: PERSONAS.mentee.name, version: 2 }));
    // The words before the date ("Aftalt af begge"): the date itself is the moment of the click.
    const agreed = da("agreement.locked", { at: "\u0000" }).split("\u0000")[0]!.trim();
    assert.ok(agreed.length >= 10, agreed);
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
    // The Playground speaks en-US, but the personal chat answers in the language of Mette's mentorship.
    await s.waitForBotMessage(s.mentorPage, new RegExp(da("phase.learning")), 20000);
    await s.screenshot(s.mentorPage, "e2e-06-status-learning");
    await s.openGroupChat(s.mentorPage);
  });

  it("the plan card books the meetings; the confirmation lists them with dates and ISO weeks", async () => {
    const planCard = s.lastCard(s.mentorPage);
    await planCard.getByText(da("plan.title")).waitFor({ timeout: 20000 });
    await s.clickCardButton(planCard, da("plan.book"));
    // Booked in the background; the confirmation arrives as a new message.
    await s.waitForBotMessage(s.mentorPage, new RegExp(da("booked.title")), 30000);
    const confirmation = s.lastCard(s.mentorPage);
    await confirmation.getByText(da("booked.line", { weekday: "tirsdag", date: "19.01.2027", time: "10:00", week: 3 })).waitFor({ timeout: 10000 });
    await confirmation.getByText(da("booked.line", { weekday: "tirsdag", date: "26.01.2027", time: "10:00", week: 4 })).waitFor({ timeout: 10000 });
    await confirmation.getByText(da("booked.title")).first().scrollIntoViewIfNeeded();
    await s.screenshot(s.mentorPage, "e2e-07-booking-confirmed");
  });

  it("with the app's clock moved to the day before, the agenda arrives; the mentee fills point 1, the mentor 2–5, both their own feedback", async () => {
    // 2027-01-18 09:30 UTC: the first meeting (19.01 10:00 Oslo) is less than 24 hours away.
    const now = await s.botRequest<string>("now");
    await s.botRequest("advanceClock", { ms: Date.parse("2027-01-18T09:30:00Z") - Date.parse(now) });
    await s.botRequest("tick", {}, 30000);
    const title = da("agenda.title", { date: "19.01.2027", time: "10:00" });
    await s.waitForBotMessage(s.menteePage, new RegExp(title), 30000);
    await s.waitForBotMessage(s.mentorPage, new RegExp(title), 30000);

    // The "saved" notice can be replaced at once by the updateActivity copy of the card (the
    // Playground applies both, in either order), so read the bot's answer from the recording.
    const savedBy = (aadObjectId: string, field: string, value: string) =>
      s.waitForRecorded(
        (e) =>
          e.activityName === "invoke" &&
          e.request.body.from?.aadObjectId === aadObjectId &&
          e.request.body.value?.action?.data?.[field] === value &&
          JSON.stringify(e.response?.body ?? "").includes(da("agenda.saved")),
        20000,
      );
    const menteeAgenda = s.lastCard(s.menteePage);
    await s.fillCardInput(menteeAgenda, da("agenda.howIsMentee", { mentee: PERSONAS.mentee.name }), "Travlt, men jeg er glad for afdelingen");
    await s.fillCardInput(menteeAgenda, da("agenda.experience"), "En svær samtale med en pårørende");
    await s.clickCardButton(menteeAgenda, da("agenda.save"));
    await savedBy(PERSONAS.mentee.aadObjectId, "howIsMentee", "Travlt, men jeg er glad for afdelingen");

    // The mentor's page got the update without a reload.
    const mentorAgenda = s.lastCard(s.mentorPage);
    await mentorAgenda.getByText("Travlt, men jeg er glad for afdelingen").waitFor({ timeout: 20000 });
    await s.fillCardInput(mentorAgenda, da("agenda.theme"), "Prioritering i en travl vagt");
    await s.fillCardInput(mentorAgenda, da("agenda.learningGoal"), "Hvad er godt nok");
    await s.fillCardInput(mentorAgenda, da("agenda.summary", { mentee: PERSONAS.mentee.name }), "At spørge kollegerne tidligt");
    await s.fillCardInput(mentorAgenda, da("agenda.feedbackHow", { name: PERSONAS.mentor.name }), "God og åben samtale");
    await s.fillCardInput(mentorAgenda, da("agenda.nextTheme"), "Etik i hverdagen");
    await s.fillCardInput(mentorAgenda, da("agenda.nextLearningGoal"), "Sige fra på en god måde");
    await s.fillCardInput(mentorAgenda, da("agenda.nextPreparation"), "Læs retningslinjen om tvang");
    await s.clickCardButton(mentorAgenda, da("agenda.save"));
    await savedBy(PERSONAS.mentor.aadObjectId, "nextPreparation", "Læs retningslinjen om tvang");

    const menteeAgain = s.lastCard(s.menteePage);
    await menteeAgain.getByText("Etik i hverdagen").waitFor({ timeout: 20000 });
    await s.fillCardInput(menteeAgain, da("agenda.feedbackHow", { name: PERSONAS.mentee.name }), "Meget nyttigt");
    await s.clickCardButton(menteeAgain, da("agenda.save"));
    // The notice can be replaced at once by the updateActivity copy of the card (the Playground
    // applies both), so read the bot's answer from the recording.
    await s.waitForRecorded(
      (e) => e.activityName === "invoke" && e.request.body.value?.action?.data?.menteeFeedbackHow === "Meget nyttigt" && JSON.stringify(e.response?.body ?? "").includes(da("agenda.saved")),
      20000,
    );
    assert.equal(await menteeAgain.getByRole("textbox", { name: da("agenda.feedbackHow", { name: PERSONAS.mentee.name }), exact: true }).inputValue(), "Meget nyttigt");
    // "1. …" renders as a markdown numbered list, so look for the words after the number.
    await menteeAgain.getByText(da("agenda.p1").replace(/^\d+\.\s*/, "")).first().scrollIntoViewIfNeeded();
    await s.screenshot(s.menteePage, "e2e-08-agenda-filled-mentee");
    await s.screenshot(s.mentorPage, "e2e-09-agenda-mentor");

    const saves = s.recordedActivities().toBot.filter((e) => e.activityName === "invoke" && e.request.body.value?.action?.verb === "agenda.save");
    assert.deepEqual(
      saves.map((e) => e.request.body.from?.aadObjectId),
      [PERSONAS.mentee.aadObjectId, PERSONAS.mentor.aadObjectId, PERSONAS.mentee.aadObjectId],
      "each save carries the identity of the person who clicked",
    );
  });

  it("the next agenda is pre-filled from point 5", async () => {
    const now = await s.botRequest<string>("now");
    await s.botRequest("advanceClock", { ms: Date.parse("2027-01-25T09:30:00Z") - Date.parse(now) });
    await s.botRequest("tick", {}, 30000);
    const title = da("agenda.title", { date: "26.01.2027", time: "10:00" });
    await s.waitForBotMessage(s.mentorPage, new RegExp(title), 30000);
    const next = s.lastCard(s.mentorPage);
    assert.equal(await next.getByRole("textbox", { name: da("agenda.theme"), exact: true }).inputValue(), "Etik i hverdagen");
    assert.equal(await next.getByRole("textbox", { name: da("agenda.learningGoal"), exact: true }).inputValue(), "Sige fra på en god måde");
    await next.getByText(da("agenda.p2.hint", { text: "Læs retningslinjen om tvang" })).waitFor({ timeout: 10000 });
    await next.getByText(da("agenda.p2").replace(/^\d+\.\s*/, "")).first().scrollIntoViewIfNeeded();
    await s.screenshot(s.mentorPage, "e2e-10-next-agenda-prefilled");
  });


  it("with the app's clock moved to week 52, closing opens: the evaluation card arrives in both windows; mentor and mentee confirm by real clicks; the mentorship is closed", async () => {
    // Kristiansand: closing is due in week 52 from the first working day (04.01.2027 + 51 weeks), at 08:00.
    const now = await s.botRequest<string>("now");
    await s.botRequest("advanceClock", { ms: Date.parse("2027-12-27T07:30:00Z") - Date.parse(now) });
    await s.botRequest("tick", {}, 60000);
    const title = new RegExp(da("evaluation.title"));
    await s.waitForBotMessage(s.mentorPage, title, 30000);
    await s.waitForBotMessage(s.menteePage, title, 30000);
    const mentorCard = s.lastCard(s.mentorPage);
    // Each agreed learning goal is an item of its own, with reached / partly / not yet.
    await mentorCard.getByText("Skrive dokumentationen selv", { exact: true }).waitFor({ timeout: 10000 });
    await mentorCard.getByText("Prioritere i en travl vagt", { exact: true }).waitFor({ timeout: 10000 });
    await mentorCard.getByRole("combobox", { name: da("evaluation.status") }).first().click();
    await s.mentorPage.getByRole("option", { name: da("evaluation.status.reached"), exact: true }).click();
    await s.fillCardInput(mentorCard, da("evaluation.worked"), "Fortroligheden og de faste tider");
    await s.clickCardButton(mentorCard, da("evaluation.save"));
    await s.waitForRecorded((e) => e.activityName === "invoke" && e.request.body.value?.action?.verb === "evaluation.save" && JSON.stringify(e.response?.body ?? "").includes(da("evaluation.saved", { version: 2 })), 20000);
    await s.clickCardButton(s.lastCard(s.mentorPage), da("evaluation.confirm", { version: 2 }));
    await s.waitForRecorded((e) => e.activityName === "invoke" && e.request.body.from?.aadObjectId === PERSONAS.mentor.aadObjectId && e.request.body.value?.action?.verb === "evaluation.confirm", 20000);
    await s.screenshot(s.mentorPage, "e2e-11-evaluation-mentor-confirmed");

    // The mentee's page got version 2 without a reload; the mentee confirms it there.
    const menteeCard = s.lastCard(s.menteePage);
    await menteeCard.getByText("Fortroligheden og de faste tider").first().waitFor({ timeout: 20000 });
    await s.clickCardButton(menteeCard, da("evaluation.confirm", { version: 2 }));
    const closedWords = da("evaluation.closed", { date: "\u0000" }).split("\u0000")[0]!.trim();
    await s.menteePage.getByText(new RegExp(closedWords)).first().waitFor({ timeout: 20000 });
    await s.mentorPage.getByText(new RegExp(closedWords)).first().waitFor({ timeout: 20000 });
    const closedCard = s.lastCard(s.menteePage);
    await closedCard.getByText(da("evaluation.status.reached")).first().waitFor({ timeout: 10000 });
    await s.screenshot(s.menteePage, "e2e-12-evaluation-closed-mentee");
    const confirms = s.recordedActivities().toBot.filter((e) => e.activityName === "invoke" && e.request.body.value?.action?.verb === "evaluation.confirm");
    assert.deepEqual(confirms.map((e) => e.request.body.from?.aadObjectId), [PERSONAS.mentor.aadObjectId, PERSONAS.mentee.aadObjectId], "each confirmation carries the identity of the person who clicked");
  });

  it("after the close the pair's chat takes a new start (the setup card), and status names the mentorship closed", async () => {
    await s.sendInGroupChat(s.mentorPage, "start");
    await s.waitForBotMessage(s.mentorPage, new RegExp(`${t("en", "setup.title")}|${da("setup.title")}`), 20000);
    await s.screenshot(s.mentorPage, "e2e-13-new-start-after-close");
    await s.openChat(s.mentorPage, "Personal Chat");
    const box = s.mentorPage.locator('[data-lexical-editor="true"][role="textbox"]');
    await box.click();
    await box.pressSequentially("status");
    await s.mentorPage.getByRole("button", { name: "Send Message" }).click();
    await s.waitForBotMessage(s.mentorPage, new RegExp(da("phase.closed")), 20000);
    await s.screenshot(s.mentorPage, "e2e-14-status-closed");
    // The close asked the mentor, here alone, for three ratings of the scheme.
    const ratings = s.mentorPage.locator(".ac-adaptiveCard").filter({ hasText: da("ratings.title") }).last();
    for (const [key, score] of [["ratings.useful", "5 – i høj grad"], ["ratings.wellRun", "4"], ["ratings.recommend.mentor", "5 – i høj grad"]] as const) {
      await ratings.getByRole("combobox", { name: new RegExp(da(key).replace(/[?()]/g, ".")) }).click();
      await s.mentorPage.getByRole("option", { name: score, exact: true }).click();
    }
    await s.clickCardButton(ratings, da("ratings.send"));
    await s.waitForRecorded((e) => e.activityName === "invoke" && e.request.body.value?.action?.verb === "ratings.save" && JSON.stringify(e.response?.body ?? "").includes(da("ratings.thanks", { other: PERSONAS.mentee.name })), 20000);
    await s.openGroupChat(s.mentorPage);
  });

  it("the coordinator's overview shows the mentorship closed (closed ones are shown on request), with no closing flag left", async () => {
    await s.botRequest("tick", {}, 30000); // the close-out job (the calendar's part of the close) runs
    const context = await loopbackContext(s.browser);
    try {
      const tab = await signInLocally(await context.newPage(), `${s.urls.bot}/tab/overview?locale=da`, PERSONAS.coordinator.name);
      const row = tab.getByTestId("overview-row").filter({ hasText: PERSONAS.mentee.name });
      await tab.getByRole("checkbox", { name: da("tab.closing.showClosed") }).check();
      await row.first().waitFor({ timeout: 20000 });
      assert.match(await row.first().innerText(), new RegExp(da("phase.closed"), "i"));
      assert.doesNotMatch(await row.first().innerText(), new RegExp(da("flag.closingSoon.short"), "i"), "the closing flag cleared when it closed");
      await s.screenshot(tab, "e2e-15-overview-closed");
    } finally {
      await context.close();
    }
  });
});
