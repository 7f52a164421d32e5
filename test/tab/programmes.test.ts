import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { buildTabOnce } from "../support/tabBuild";
import { CHROMIUM_PATH, SHOTS, TAB_DIR, axeViolations, launchChromium, loopbackContext, signInLocally } from "../support/tabBrowser";
import { type FakeApi, USERS, startApi } from "./fakeApi";

/**
 * The programme editor (issue 12) in headless Chromium against the fake API, whose programme
 * routes are the real ProgrammeService and preview: copy Kristiansand's programme, add a band, see
 * the new dates in the preview, save it as version 2. Screenshots in each theme at desktop width and
 * at 390 px: test-results/screenshots/tab-programmes-*.png.
 */
describe("tab: the programme editor in Chromium (fake API)", function () {
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
    api = await startApi({ staticDir: TAB_DIR, rows: 50, closedRows: 0, statistics: 10 });
    browser = await launchChromium();
    context = await loopbackContext(browser, {}, blocked);
  });

  after(async function () {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await api?.stop();
  });

  async function open(where: string, user: { name: string }, ctx = context): Promise<Page> {
    const page = await ctx.newPage();
    page.setDefaultTimeout(15000);
    page.on("pageerror", (e) => pageErrors.push(e.message));
    page.on("console", (m) => m.type() === "error" && !/favicon/.test(m.location().url) && pageErrors.push(m.text()));
    return signInLocally(page, `${api.baseUrl}${where}`, user.name);
  }

  async function settle(p: Page) {
    await p.evaluate(`Promise.race([Promise.all(document.getAnimations().filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity).map((a) => a.finished.catch(() => null))), new Promise((r) => setTimeout(r, 2000))])`);
    await p.waitForTimeout(250);
  }

  const meetingCount = async (p: Page) => p.getByTestId("preview-meetings").locator("li").count();
  /** Waits until the preview lists `n` meetings (the tab's CSP allows no string evaluation). */
  async function meetings(p: Page, n: number) {
    for (let i = 0; i < 100; i++) {
      if ((await meetingCount(p)) === n) return;
      await p.waitForTimeout(100);
    }
    assert.equal(await meetingCount(p), n, "meetings in the preview");
  }

  it("copies a built-in, adds a band, shows the new dates in the preview and saves version 2", async function () {
    const p = await open("/tab/programmes?locale=da", USERS.coordinator);
    await p.getByTestId("copy-kristiansand").click();
    await p.getByTestId("programme-editor").waitFor();
    await p.getByTestId("preview-first-day").fill("2027-01-04");
    // Kristiansand's three bands: 4 weekly + 6 fortnightly + 8 monthly meetings.
    await meetings(p, 18);
    assert.equal(await p.getByTestId("preview-meetings").locator("li").last().innerText(), "14.12.2027");

    await p.getByTestId("add-band").click();
    await p.getByTestId("band-3").waitFor();
    assert.equal(await p.getByTestId("band-3-from").inputValue(), "53");
    assert.equal(await p.getByTestId("band-3-to").inputValue(), "60");
    // Weeks 53–60 every other week: four more meetings, from Tuesday 4 January 2028.
    await meetings(p, 22);
    const dates = await p.getByTestId("preview-meetings").locator("li").allInnerTexts();
    assert.deepEqual(dates.slice(-4), ["04.01.2028", "18.01.2028", "01.02.2028", "15.02.2028"]);

    // An overlap is refused in words in the preview, and nothing is saved.
    await p.getByTestId("band-3-from").fill("50");
    await p.getByTestId("preview-error").filter({ hasText: "overlapper" }).waitFor();
    await p.getByTestId("band-3-from").fill("53");
    await meetings(p, 22);

    const since = api.calls.length;
    await p.getByTestId("save-programme").click();
    await p.getByTestId("programme-saved").filter({ hasText: "version 2" }).waitFor();
    const put = api.calls.slice(since).find((c) => c.method === "PUT");
    assert.ok(put, "saved with PUT");
    assert.equal(((put.body as { definition: { cadence: { bands: unknown[] } } }).definition.cadence.bands).length, 4);
    assert.equal((put.body as { version: number }).version, 1, "on top of the version loaded");
    await p.getByTestId("programme-own-1").filter({ hasText: "version 2" }).waitFor();
    await meetings(p, 22); // the saved version's editor shows the same dates
    assert.equal(await axeViolations(p), "", "the editor has no WCAG 2.1 AA violations");
    assert.deepEqual(pageErrors.filter((e) => !/status of 400/.test(e)), [], "no errors but the refused overlap's 400");
    assert.deepEqual(blocked, []);
    await p.close();
  });

  it("takes screenshots in each theme at desktop width and at 390 px", async function () {
    for (const theme of ["default", "dark", "contrast"] as const) {
      const p = await open(`/tab/programmes?theme=${theme}&locale=da`, USERS.coordinator);
      await p.getByTestId("edit-own-1").click();
      await p.getByTestId("preview-first-day").fill("2027-01-04");
      await meetings(p, 22);
      await p.mouse.move(0, 0);
      await settle(p);
      await p.screenshot({ path: path.join(SHOTS, `tab-programmes-${theme}.png`), fullPage: true });
      await p.close();
    }
    const phone = await loopbackContext(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }, blocked);
    try {
      for (const theme of ["default", "dark", "contrast"] as const) {
        const p = await open(`/tab/programmes?theme=${theme}&locale=nb`, USERS.coordinator, phone);
        await p.getByTestId("edit-own-1").click();
        await p.getByTestId("preview-first-day").fill("2027-01-04");
        await meetings(p, 22);
        await settle(p);
        await p.screenshot({ path: path.join(SHOTS, `tab-programmes-${theme}-390.png`), fullPage: true });
        const wide = await p.evaluate<string[]>(`[...document.querySelectorAll("body *")].filter((el) => el.getBoundingClientRect().right > 391).slice(0, 8).map((el) => el.tagName + "." + (el.getAttribute("data-testid") || "") + " " + Math.round(el.getBoundingClientRect().right))`);
        assert.deepEqual(wide, [], "elements wider than 390 px");
        await p.close();
      }
    } finally {
      await phone.close();
    }
  });

  it("offers the tenant's own programme in the new-mentorship dialog", async function () {
    const p = await open("/tab/overview?locale=da", USERS.coordinator);
    await p.getByRole("button", { name: "Nyt mentorforløb" }).click();
    const dialog = p.getByRole("dialog", { name: "Nyt mentorforløb" });
    await dialog.waitFor();
    const box = dialog.getByRole("combobox", { name: /^Program/ });
    await box.click();
    await p.getByRole("option", { name: "Kopi af Kristiansand kommune: mentorordning for nyansatte" }).click();
    assert.equal(await box.innerText(), "Kopi af Kristiansand kommune: mentorordning for nyansatte");
    await p.close();
  });

  it("gives a mentor no programmes", async function () {
    const p = await open("/tab/programmes?locale=da", USERS.mentor);
    await p.getByText("Kun koordinatorer kan se og ændre programmerne.").waitFor();
    assert.equal(await p.getByTestId("nav-programmes").count(), 0);
    await p.close();
  });
});
