import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { t } from "../../src/i18n";
import { type FakeApi, startApi, USERS } from "./fakeApi";
import { buildTabOnce } from "../support/tabBuild";
import { CHROMIUM_PATH, SHOTS, TAB_DIR, axeViolations, launchChromium, loopbackContext } from "../support/tabBrowser";

/**
 * Issue 13 in the overview's row menu, in headless Chromium against the fake API (which follows
 * src/tabApi's contract): the archive hold set with a reason code and cleared, and the erasure of a
 * whole mentorship — its confirmation names what goes (kinds of data only), must be ticked, and is
 * refused with the reason while a hold is set. At 1440 and 390 px; screenshots in
 * test-results/screenshots/dataRights-*.png.
 */
describe("tab: archive hold and erasure from the row menu (issue 13, Chromium, fake API)", function () {
  this.timeout(120000);
  let api: FakeApi;
  let browser: Browser;
  const pageErrors: string[] = [];
  const blocked: string[] = [];
  const contexts: BrowserContext[] = [];

  before(async function () {
    this.timeout(180000);
    if (!existsSync(CHROMIUM_PATH)) {
      process.stdout.write(`    (skipped: no Chromium at ${CHROMIUM_PATH})\n`);
      this.skip();
    }
    buildTabOnce();
    mkdirSync(SHOTS, { recursive: true });
    api = await startApi({ staticDir: TAB_DIR, rows: 30 });
    browser = await launchChromium();
  });

  after(async function () {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await api?.stop();
    assert.deepEqual(pageErrors, [], "no errors in the page");
    assert.deepEqual(blocked, [], "nothing beyond loopback was asked for");
  });

  async function open(locale: "da" | "nb" | "en", width: number): Promise<Page> {
    const context = await loopbackContext(browser, { viewport: { width, height: width < 600 ? 844 : 900 } }, blocked);
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10000);
    page.on("pageerror", (e) => pageErrors.push(e.message));
    page.on("console", (m) => m.type() === "error" && !/favicon/.test(m.location().url) && !/status of 409/.test(m.text()) && pageErrors.push(m.text()));
    await page.goto(`${api.baseUrl}/tab/overview?theme=default&locale=${locale}`);
    await page.getByTestId("local-users").waitFor({ timeout: 15000 });
    await page.locator(`button[data-user="${USERS.coordinator.name}"]`).click();
    await page.getByTestId("overview-row").first().waitFor();
    return page;
  }

  async function shot(page: Page, name: string) {
    await page.mouse.move(0, 0);
    await page.evaluate(`Promise.race([Promise.all(document.getAnimations().filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity).map((a) => a.finished.catch(() => null))), new Promise((r) => setTimeout(r, 2000))])`);
    await page.waitForTimeout(100);
    await page.screenshot({ path: path.join(SHOTS, `dataRights-${name}.png`) });
  }

  async function waitForCall(method: string, suffix: string, since: number) {
    for (let i = 0; i < 100; i++) {
      const hit = api.calls.slice(since).find((c) => c.method === method && c.path.endsWith(suffix));
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 100));
    }
    return assert.fail(`the tab did not ${method} …${suffix}`);
  }

  /** The first row shown that is not closed, and the fake's row behind it. */
  async function firstRow(page: Page) {
    const row = page.getByTestId("overview-row").first();
    // The wide grid's first cell, or the compact list's first line (below 1240 px): the mentee.
    const mentee = ((await row.innerText()).split(/[\n\t]/)[0] ?? "").trim();
    const data = api.rows.find((r) => r.menteeName === mentee);
    assert.ok(data, `a fake row for ${mentee}`);
    return { row, mentee, data };
  }

  for (const [locale, width] of [["en", 1440], ["da", 390]] as const) {
    it(`${locale} at ${width} px: set the hold with a reason, erasure refused with the reason, clear it, erase with the box ticked`, async () => {
      const page = await open(locale, width);
      const { row, mentee, data } = await firstRow(page);

      // The hold: a reason must be chosen; the request carries the code only.
      await row.getByTestId("row-actions").click();
      await page.getByTestId("action-hold").click();
      const hold = page.getByTestId("hold-dialog");
      await hold.waitFor();
      assert.match(await hold.innerText(), new RegExp(t(locale, "tab.hold.title")));
      let since = api.calls.length;
      await page.getByTestId("submit-hold").click();
      await hold.getByText(t(locale, "tab.hold.chooseReason")).waitFor();
      assert.equal(api.calls.slice(since).filter((c) => c.path.endsWith("/archiveHold")).length, 0, "nothing sent without a reason");
      await hold.getByLabel(t(locale, "tab.hold.reason.complaint")).check();
      await shot(page, `hold-${locale}-${width}`);
      assert.equal(await axeViolations(page), "", "the hold dialog has no WCAG 2.1 AA violations");
      await page.getByTestId("submit-hold").click();
      assert.deepEqual((await waitForCall("PUT", `/${data.mentorshipId}/archiveHold`, since)).body, { reason: "complaint" });
      await hold.waitFor({ state: "detached" });
      await page.getByTestId("action-notice").filter({ hasText: t(locale, "tab.hold.set", { mentee }) }).waitFor();
      await page.getByTestId("overview-row").first().getByTestId("archive-hold").waitFor();

      // Erasure while held: the dialog says why and cannot be confirmed; the server would refuse it too.
      await page.getByTestId("overview-row").first().getByTestId("row-actions").click();
      await page.getByTestId("action-clear-hold").waitFor();
      await page.getByTestId("action-erase").click();
      const erase = page.getByTestId("erase-dialog");
      await erase.waitFor();
      const text = await erase.innerText();
      for (const k of ["agreement", "meetings", "cards", "evaluation", "private", "journal"] as const) assert.ok(text.includes(t(locale, `tab.erase.item.${k}`)), `the confirmation names ${k}`);
      assert.doesNotMatch(text, /\d+ (entries|notater|notes)/, "no counts");
      assert.ok(text.includes(t(locale, "tab.erase.held", { why: t(locale, "archiveHold.reason.complaint") })), "the hold and its reason are named");
      assert.equal(await erase.getByTestId("erase-check").isDisabled(), true);
      await shot(page, `erase-held-${locale}-${width}`);
      await page.keyboard.press("Escape");
      await erase.waitFor({ state: "detached" });

      // Clear the hold from the menu: at once, null sent.
      since = api.calls.length;
      await page.getByTestId("overview-row").first().getByTestId("row-actions").click();
      await page.getByTestId("action-clear-hold").click();
      assert.deepEqual((await waitForCall("PUT", `/${data.mentorshipId}/archiveHold`, since)).body, { reason: null });
      await page.getByTestId("action-notice").filter({ hasText: t(locale, "tab.hold.cleared", { mentee }) }).waitFor();

      // Erase: the box must be ticked; then the row goes.
      await page.getByTestId("overview-row").first().getByTestId("row-actions").click();
      await page.getByTestId("action-erase").click();
      await erase.waitFor();
      since = api.calls.length;
      await page.getByTestId("submit-erase").click();
      await erase.getByText(t(locale, "tab.erase.mustCheck")).waitFor();
      assert.equal(api.calls.slice(since).filter((c) => c.path.endsWith("/erase")).length, 0, "nothing sent unticked");
      await erase.getByTestId("erase-check").check();
      await shot(page, `erase-${locale}-${width}`);
      assert.equal(await axeViolations(page), "", "the erase dialog has no WCAG 2.1 AA violations");
      await page.getByTestId("submit-erase").click();
      assert.deepEqual((await waitForCall("POST", `/${data.mentorshipId}/erase`, since)).body, { confirm: true });
      await erase.waitFor({ state: "detached" });
      await page.getByTestId("action-notice").filter({ hasText: t(locale, "tab.erase.done", { mentee }) }).waitFor();
      assert.equal(api.rows.some((r) => r.mentorshipId === data.mentorshipId), false);
      await page.getByTestId("overview-row").filter({ hasText: mentee }).waitFor({ state: "detached" });
      await shot(page, `erased-${locale}-${width}`);
    });
  }

  it("nb: erasure refused by the server under a hold set elsewhere says why, and changes nothing", async () => {
    const page = await open("nb", 1440);
    const { row, data } = await firstRow(page);
    data.archiveHold = "legalObligation"; // set meanwhile by another coordinator: the page does not know it yet
    await row.getByTestId("row-actions").click();
    await page.getByTestId("action-erase").click();
    const erase = page.getByTestId("erase-dialog");
    await erase.waitFor();
    await erase.getByTestId("erase-check").check();
    await page.getByTestId("submit-erase").click();
    await erase.getByTestId("form-error").filter({ hasText: t("nb", "tab.erase.held", { why: t("nb", "archiveHold.reason.legalObligation") }) }).waitFor();
    assert.ok(api.rows.includes(data), "kept");
    data.archiveHold = null;
  });
});
