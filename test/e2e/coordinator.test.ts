import assert from "node:assert/strict";
import type { BrowserContext, Page } from "playwright-core";
import { t } from "../../src/i18n";
import { PERSONAS, type Stack, e2eUnavailableReason, startStack } from "../support/e2e";
import { buildTabOnce } from "../support/tabBuild";
import { loopbackContext, signInLocally } from "../support/tabBrowser";

/**
 * A programme as a coordinator starts it, end to end: Karen prepares the mentorship in the real
 * tab served by the app; in the Agents Playground the mentor writes start in the pair's group chat
 * and gets the agreement card at once (no setup card: the coordinator gave those answers); the
 * overview then shows the pair in start-up, no longer waiting for a chat.
 */
describe("e2e: a coordinator prepares a mentorship in the tab; the pair's chat takes it over", function () {
  this.timeout(240000);
  let s: Stack;
  let coordinatorContext: BrowserContext;
  let tab: Page;

  before(async function () {
    const reason = e2eUnavailableReason();
    if (reason) throw new Error(reason);
    buildTabOnce(); // the app serves the tab from lib/tab
    s = await startStack({ clock: "2027-01-11T08:00:00Z" });
    coordinatorContext = await loopbackContext(s.browser);
  });

  after(async function () {
    this.timeout(30000);
    await coordinatorContext?.close().catch(() => undefined);
    await s?.stop();
  });

  afterEach(async function () {
    if (this.currentTest?.state === "failed" && s) {
      await s.screenshot(s.mentorPage, `failed-coordinator-${this.currentTest.title.slice(0, 30)}-mentor`).catch(() => undefined);
      if (tab) await s.screenshot(tab, `failed-coordinator-${this.currentTest.title.slice(0, 30)}-tab`).catch(() => undefined);
    }
  });

  async function pickPerson(dialog: ReturnType<Page["getByRole"]>, label: RegExp, typed: string, name: string) {
    const box = dialog.getByRole("combobox", { name: label });
    await box.pressSequentially(typed);
    await tab.getByRole("option", { name: new RegExp(name) }).click();
    assert.equal(await box.inputValue(), name);
  }

  it("Karen creates the mentorship in the tab; it waits for its chat", async () => {
    tab = await signInLocally(await coordinatorContext.newPage(), `${s.urls.bot}/tab/overview?locale=da`, PERSONAS.coordinator.name);
    await tab.getByRole("button", { name: "Nyt mentorforløb" }).click();
    const dialog = tab.getByRole("dialog", { name: "Nyt mentorforløb" });
    await pickPerson(dialog, /^Mentee/, "niels", PERSONAS.mentee.name);
    await pickPerson(dialog, /^Mentor/, "mette", PERSONAS.mentor.name);
    await dialog.getByLabel(/^Menteens første arbejdsdag/).fill("2027-01-04");
    const unit = dialog.getByRole("combobox", { name: /^Enhed/ });
    await unit.pressSequentially("Børn og familie");
    await unit.press("Tab");
    await s.screenshot(tab, "e2e-coordinator-01-new");
    await dialog.getByRole("button", { name: "Opret mentorforløb" }).click();
    const created = tab.getByRole("dialog", { name: "Mentorforløbet er oprettet" });
    await created.waitFor({ timeout: 20000 });
    assert.equal(await created.getByTestId("created-outcome").getAttribute("data-chat"), "instructions", "no Graph here: the pair makes the chat");
    await created.getByRole("button", { name: "Luk" }).click();
    const row = tab.getByTestId("overview-row").filter({ hasText: PERSONAS.mentee.name });
    await row.getByTestId("awaiting-chat").waitFor({ timeout: 20000 });
    await s.screenshot(tab, "e2e-coordinator-02-waiting");
  });

  it("the mentor writes start in the group chat: the agreement card comes straight away", async () => {
    await s.openGroupChat(s.mentorPage);
    await s.waitForBotMessage(s.mentorPage, undefined, 20000);
    await s.sendInGroupChat(s.mentorPage, "start");
    await s.waitForBotMessage(s.mentorPage, new RegExp(t("da", "agreement.title")), 20000);
    for (const lang of ["en", "da"] as const) {
      assert.equal(await s.mentorPage.getByRole("button", { name: t(lang, "setup.submit") }).count(), 0, "no setup card was posted");
    }
    assert.ok((await s.mentorPage.locator("body").innerText()).includes("Børn og familie"), "the notice names the unit the coordinator gave");
    await s.screenshot(s.mentorPage, "e2e-coordinator-03-agreement");
  });

  it("the overview shows the pair in start-up, no longer waiting for a chat", async () => {
    await tab.reload();
    await tab.locator(`button[data-user="${PERSONAS.coordinator.name}"]`).click({ timeout: 30000 });
    const row = tab.getByTestId("overview-row").filter({ hasText: PERSONAS.mentee.name });
    await row.waitFor({ timeout: 20000 });
    assert.equal(await row.getByTestId("awaiting-chat").count(), 0);
    assert.match(await row.innerText(), /Opstart/);
  });
});
