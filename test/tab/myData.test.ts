import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { t } from "../../src/i18n";
import { buildTabOnce } from "../support/tabBuild";
import { CHROMIUM_PATH, SHOTS, TAB_DIR, axeViolations, launchChromium, loopbackContext, signInLocally } from "../support/tabBrowser";
import { type FakeApi, USERS, startApi } from "./fakeApi";

/**
 * Issue 13's "My data" in headless Chromium against the fake API: everyone is offered the page; the
 * two downloads come as files; the erasure's confirmation says what happens (the journal, the
 * private answers, the pseudonym, the held mentorship and why) and only the confirm button sends the
 * request; someone in a running mentorship is told so instead. Screenshots at 1440 and 390 px:
 * test-results/screenshots/tab-mydata-*.png.
 */
describe("tab: My data in Chromium (fake API)", function () {
  this.timeout(180000);
  let api: FakeApi;
  let browser: Browser;
  let context: BrowserContext;
  const blocked: string[] = [];
  const pageErrors: string[] = [];

  before(async function () {
    this.timeout(240000);
    if (!existsSync(CHROMIUM_PATH)) {
      process.stdout.write(`    (skipped: no Chromium at ${CHROMIUM_PATH})\n`);
      this.skip();
    }
    buildTabOnce();
    mkdirSync(SHOTS, { recursive: true });
    api = await startApi({ staticDir: TAB_DIR, rows: 20, closedRows: 2 });
    browser = await launchChromium();
    context = await loopbackContext(browser, { acceptDownloads: true }, blocked);
  });

  after(async function () {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await api?.stop();
  });

  afterEach(() => {
    assert.deepEqual(pageErrors.splice(0), [], "no errors in the page");
    assert.deepEqual(blocked.splice(0), [], "no requests off the loopback");
  });

  async function open(where: string, user: { name: string }, width = 1440): Promise<Page> {
    const page = await context.newPage();
    await page.setViewportSize({ width, height: 900 });
    page.setDefaultTimeout(15000);
    page.on("pageerror", (e) => pageErrors.push(e.message));
    page.on("console", (m) => m.type() === "error" && !/favicon/.test(m.location().url) && pageErrors.push(m.text()));
    return signInLocally(page, `${api.baseUrl}${where}`, user.name);
  }

  async function settle(p: Page) {
    await p.evaluate(`Promise.race([Promise.all(document.getAnimations().filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity).map((a) => a.finished.catch(() => null))), new Promise((r) => setTimeout(r, 2000))])`);
    await p.waitForTimeout(250);
  }

  it("offers everyone the page; the mentee downloads both files and erases after a confirmation that says what happens (da)", async () => {
    const page = await open("/tab/?theme=default&locale=da", USERS.mentee);
    await page.getByTestId("nav-mydata").click();
    await page.getByTestId("mydata-json").waitFor();
    const [json] = await Promise.all([page.waitForEvent("download"), page.getByTestId("mydata-json").click()]);
    assert.equal(json.suggestedFilename(), "my-data-2026-09-01.json");
    const [doc] = await Promise.all([page.waitForEvent("download"), page.getByTestId("mydata-document").click()]);
    assert.equal(doc.suggestedFilename(), "my-data-da.html", "the document in the tab's language");
    await page.screenshot({ path: path.join(SHOTS, "tab-mydata-1440.png"), fullPage: true });

    await page.getByTestId("mydata-erase").click();
    const dialog = page.getByTestId("mydata-erase-dialog");
    await dialog.waitFor();
    const text = await dialog.innerText();
    assert.ok(text.includes(t("da", "tab.mydata.confirmJournal")));
    assert.ok(text.includes(t("da", "tab.mydata.confirmPrivate", { count: 2 })));
    assert.ok(text.includes(t("da", "tab.mydata.confirmPseudonym", { count: 1 })));
    assert.ok(text.includes(t("da", "tab.mydata.confirmHeld", { count: 1 })));
    assert.ok(text.includes(t("da", "tab.mydata.heldItem", { unit: "Familieafdelingen", date: "03.02.2025", reason: t("da", "rights.hold.complaint") })), "which one is kept, and why");
    assert.equal(api.calls.filter((c) => c.path === "/api/tab/mydata/erase").length, 0, "opening the dialog sends nothing");
    await settle(page);
    assert.equal(await axeViolations(page), "");
    await page.screenshot({ path: path.join(SHOTS, "tab-mydata-confirm-1440.png") });
    await page.getByTestId("mydata-confirm").click();
    await page.getByTestId("mydata-erased").waitFor();
    const done = await page.getByTestId("mydata-erased").innerText();
    assert.ok(done.startsWith(t("da", "tab.mydata.erased", { journal: 3, count: 1 })), done);
    assert.ok(done.includes(t("da", "rights.hold.complaint")), "told again which is kept, and why");
    await page.screenshot({ path: path.join(SHOTS, "tab-mydata-erased-1440.png") });
    assert.deepEqual(api.calls.filter((c) => c.path === "/api/tab/mydata/erase").map((c) => c.body), [{ confirm: true }]);
    await page.close();
  });

  it("tells the mentor of a running mentorship that erasure waits for it to close, at a phone's width (en)", async () => {
    const page = await open("/tab/mydata?theme=default&locale=en", USERS.mentor, 390);
    await page.getByTestId("mydata-running").waitFor();
    assert.equal(await page.getByTestId("mydata-running").innerText(), t("en", "tab.mydata.running", { count: 1 }));
    assert.equal(await page.getByTestId("mydata-erase").count(), 0);
    const width = await page.evaluate("document.documentElement.scrollWidth");
    assert.ok(Number(width) <= 390, `no sideways scrolling at 390 px (${String(width)})`);
    await settle(page);
    assert.equal(await axeViolations(page), "");
    await page.screenshot({ path: path.join(SHOTS, "tab-mydata-390.png"), fullPage: true });
    await page.close();
  });

  it("shows the coordinator the page too, in nb", async () => {
    const page = await open("/tab/mydata?theme=dark&locale=nb", USERS.coordinator);
    await page.locator('[data-testid="mydata-erase"]:enabled').waitFor();
    assert.ok((await page.locator("main").innerText()).includes(t("nb", "tab.mydata.intro")));
    await page.screenshot({ path: path.join(SHOTS, "tab-mydata-dark-nb-1440.png"), fullPage: true });
    await page.close();
  });
});
