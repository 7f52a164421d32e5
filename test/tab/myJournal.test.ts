import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { loadConfig } from "../../src/config";
import { t } from "../../src/i18n";
import { silentLogger } from "../../src/log";
import { buildApp } from "../../src/main";
import { freshStore } from "../support/azurite";
import { PERSONAS, localAppConfig } from "../support/e2e";
import { pairThroughUseCases } from "../support/pairs";
import { buildTabOnce } from "../support/tabBuild";
import { CHROMIUM_PATH, SHOTS, axeViolations, launchChromium, loopbackContext, signInLocally } from "../support/tabBrowser";

/**
 * Issue 13's "My journal" in headless Chromium against the real server (buildApp on Azurite, local
 * tokens): the mentee writes an entry with two log rows; a (generated) CPR number in the case summary
 * is refused naming the field and the masked shape, with every word still in the form; a phone number
 * about the citizen asks and "save anyway" saves; the entry opens again and is deleted after a
 * confirmation. WCAG 2.1 AA at desktop and phone width. The mentor is offered no journal page.
 */
describe("tab: My journal in Chromium (real server)", function () {
  this.timeout(180000);
  let browser: Browser;
  let context: BrowserContext;
  let baseUrl = "";
  let stop: () => Promise<void> = async () => {};
  const lang = "en";
  const en = (key: Parameters<typeof t>[1], params?: Parameters<typeof t>[2]) => t(lang, key, params);
  const pageErrors: string[] = [];

  before(async function () {
    if (!existsSync(CHROMIUM_PATH)) throw new Error(`no Chromium at ${CHROMIUM_PATH}`);
    buildTabOnce();
    mkdirSync(SHOTS, { recursive: true });
    const { connectionString, tableName } = await freshStore();
    const app = await buildApp({ config: loadConfig(localAppConfig(connectionString, tableName)), clock: { now: () => new Date("2027-03-01T08:00:00Z") }, log: silentLogger });
    await pairThroughUseCases(app.service, { chatId: "19:journal-tab@thread.v2", mentee: PERSONAS.mentee, programme: "klds", unit: "Børn og familie", until: "posted" });
    await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${app.server.address().port}`;
    stop = () => new Promise<void>((resolve) => app.server.close(() => resolve()));
    browser = await launchChromium();
    context = await loopbackContext(browser);

  });

  after(async function () {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await stop();
  });

  afterEach(() => assert.deepEqual(pageErrors.splice(0), [], "no errors in the page"));

  async function open(where: string, name: string, ctx = context): Promise<Page> {
    const page = await ctx.newPage();
    page.setDefaultTimeout(15000);
    page.on("pageerror", (e) => pageErrors.push(e.message));
    return signInLocally(page, `${baseUrl}${where}`, name);
  }

  it("the mentee writes an entry; a CPR number is refused with the field and the masked shape, the text kept; fixed, it saves", async () => {
    const page = await open(`/tab/journal?locale=${lang}`, PERSONAS.mentee.name);
    await page.getByTestId("journal-empty").waitFor();
    assert.equal(await axeViolations(page), "", "the empty journal has no WCAG 2.1 AA violations");
    await page.getByTestId("journal-new").click();
    await page.getByTestId("journal-title").fill("Home visit");
    await page.getByTestId("journal-date").fill("26.02.2027");
    await page.getByTestId("journal-background").fill("Single mother, two children");
    await page.getByTestId("journal-caseSummary").fill("Known since 2025; her number 010190-1234 was on the letter");
    await page.getByTestId("journal-log-0-citizen").fill("I cannot cope");
    await page.getByTestId("journal-add-row").click();
    await page.getByTestId("journal-log-1-observation").fill("She relaxed when we talked about the children");
    await page.getByTestId("journal-reflection").fill("I talked too much");
    await page.getByTestId("journal-save").click();
    const error = page.getByTestId("journal-error");
    await error.waitFor();
    const said = await error.innerText();
    assert.ok(said.includes(en("journal.field.caseSummary")) && said.includes("ddmmyy-xxxx") && said.includes(en("guard.kind.cpr")), said);
    assert.ok(!said.includes("1234"));
    assert.equal(await page.getByTestId("journal-caseSummary").inputValue(), "Known since 2025; her number 010190-1234 was on the letter", "the typed text stays");
    assert.equal(await page.getByTestId("journal-log-1-observation").inputValue(), "She relaxed when we talked about the children");
    assert.equal(await page.getByTestId("journal-save-anyway").count(), 0, "no 'save anyway' for an identity number");
    assert.equal(await axeViolations(page), "", "the refused form has no WCAG 2.1 AA violations");
    await page.screenshot({ path: path.join(SHOTS, "tab-journal-refused.png"), fullPage: true });
    // A phone number about the citizen asks first; "save anyway" saves.
    await page.getByTestId("journal-caseSummary").fill("Known since 2025; she calls from 20 30 40 50");
    await page.getByTestId("journal-save").click();
    await page.getByTestId("journal-error").filter({ hasText: en("guard.kind.phone") }).waitFor();
    await page.getByTestId("journal-save-anyway").click();
    await page.getByTestId("journal-saved").filter({ hasText: en("journal.saved", { version: 1 }) }).waitFor();
    // Saved again, it is an edit of version 1 — checked again, so the phone number asks again.
    await page.getByTestId("journal-reflection").fill("I talked too much; next time I wait");
    await page.getByTestId("journal-save").click();
    await page.getByTestId("journal-error").filter({ hasText: en("guard.kind.phone") }).waitFor();
    await page.getByTestId("journal-save-anyway").click();
    await page.getByTestId("journal-saved").filter({ hasText: en("journal.saved", { version: 2 }) }).waitFor();
    await page.getByTestId("journal-back").click();
    const item = page.getByTestId("journal-item").filter({ hasText: "26.02.2027 – Home visit" });
    await item.waitFor();
    await page.screenshot({ path: path.join(SHOTS, "tab-journal-list.png"), fullPage: true });
    await page.close();
  });

  it("at a phone's width it opens again, and is deleted after a confirmation; the mentor is offered no journal", async () => {
    const phone = await loopbackContext(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    try {
      const page = await open(`/tab/journal?locale=${lang}`, PERSONAS.mentee.name, phone);
      const item = page.getByTestId("journal-item").first();
      await item.getByRole("button", { name: en("tab.journal.edit") }).click();
      assert.equal(await page.getByTestId("journal-reflection").inputValue(), "I talked too much; next time I wait");
      assert.equal(await page.getByTestId("journal-log-row").count(), 2);
      assert.equal(await axeViolations(page), "", "the form at 390 px has no WCAG 2.1 AA violations");
      const width = await page.evaluate<number>("document.documentElement.scrollWidth");
      assert.ok(width <= 390, `no sideways scrolling at 390 px (${width})`);
      await page.screenshot({ path: path.join(SHOTS, "tab-journal-form-390.png"), fullPage: true });
      await page.getByTestId("journal-back").click();
      await page.getByTestId("journal-delete").first().click();
      await page.getByTestId("journal-delete-dialog").waitFor();
      await page.getByTestId("journal-delete-confirm").click();
      await page.getByTestId("journal-empty").waitFor();
      await page.close();
    } finally {
      await phone.close();
    }
    const mentor = await open(`/tab/journal?locale=${lang}`, PERSONAS.mentor.name);
    await mentor.getByText(en("error.JOURNAL_NOT_MENTEE")).waitFor();
    assert.equal(await mentor.getByTestId("nav-journal").count(), 0);
    assert.equal(await mentor.getByTestId("journal-new").count(), 0);
    await mentor.close();
  });
});
