import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { t } from "../../src/i18n";
import { buildTabOnce } from "../support/tabBuild";
import { CHROMIUM_PATH, SHOTS, TAB_DIR, axeViolations, launchChromium, loopbackContext, signInLocally } from "../support/tabBrowser";
import { type FakeApi, NIELS, STAFF_RECOMMENDATION, USERS, startApi } from "./fakeApi";

/**
 * Issue 12's "My staff" in headless Chromium against the fake API (test/tab/fakeApi.ts): Lars Leder
 * sees his new hires' phase, dates, his talks, the introduction's count and the recommendations a
 * mentee consented to — never the pair's own words — and asks the coordinator for a change of
 * mentor (confirmed first; the coordinator's overview shows the flag). Nobody else is offered the
 * page. Screenshots in each theme at desktop width and at 390 px: test-results/screenshots/tab-staff-*.png.
 */
describe("tab: My staff in Chromium (fake API)", function () {
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
    api = await startApi({ staticDir: TAB_DIR, rows: 200, closedRows: 4 });
    browser = await launchChromium();
    context = await loopbackContext(browser, {}, blocked);
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

  it("Lars Leder starts on My staff: his new hires' phase, dates, talks, introduction count and consented recommendations — no pair text", async () => {
    const page = await open("/tab/?theme=default&locale=da", USERS.manager);
    await page.getByTestId("my-staff").waitFor();
    assert.equal(await page.getByTestId("nav-staff").getAttribute("aria-selected"), "true", "a leader who is no party starts on My staff");
    const cards = page.getByTestId("staff-row");
    await cards.first().waitFor();
    assert.equal(await cards.count(), api.staff.length);
    const text = await page.getByTestId("my-staff").innerText();
    for (const r of api.staff) assert.ok(text.includes(r.menteeName), `${r.menteeName} is shown`);
    const sofie = cards.filter({ hasText: USERS.mentee2.name });
    const sofieText = await sofie.innerText();
    assert.match(sofieText, new RegExp(t("da", "tab.staff.talk.probation14d")));
    assert.match(sofieText, new RegExp(t("da", "tab.staff.talk.probation4to5m")));
    assert.equal(await sofie.locator('[data-testid="staff-talk"][data-status="booked"]').count(), 1);
    assert.ok(sofieText.includes(t("da", "tab.staff.talksCount", { held: 0, total: 3 })));
    const niels = cards.filter({ hasText: USERS.mentee.name });
    assert.equal(await niels.getByTestId("staff-introduction").innerText(), t("da", "tab.staff.introduction", { done: 7, total: 12 }));
    assert.ok((await niels.getByTestId("staff-meetings").innerText()).includes(t("da", "tab.staff.meetings", { held: 3, planned: 8 })));
    // The recommendations the closed mentorship's mentee consented to share; the others have none.
    assert.equal(await page.getByTestId("staff-recommendations").count(), 1);
    assert.equal(await page.getByTestId("staff-recommendations").innerText(), STAFF_RECOMMENDATION);
    // The pair's words are theirs: the goals and themes "My mentorship" shows Niels are nowhere here.
    for (const words of [NIELS.shortTerm, NIELS.longTerm, NIELS.heldTheme]) assert.ok(!text.includes(words), `no pair text: ${words}`);
    // A closed mentorship needs no new mentor.
    assert.equal(await cards.filter({ hasText: "Åse Ærø" }).getByTestId("ask-change").count(), 0);
    assert.equal(await axeViolations(page), "", "no WCAG 2.1 AA violations");
    await page.close();
  });

  it("nobody else is offered My staff", async () => {
    for (const user of [USERS.mentor, USERS.coordinator]) {
      const page = await open("/tab/?theme=default&locale=da", user);
      await page.waitForTimeout(300);
      assert.equal(await page.getByTestId("nav-staff").count(), 0, `${user.name} is no leader`);
      await page.close();
    }
  });

  it("asks the coordinator for a change of mentor, after a confirmation; the coordinator sees the flag", async () => {
    const page = await open("/tab/staff?theme=default&locale=en", USERS.manager);
    const sofie = page.getByTestId("staff-row").filter({ hasText: USERS.mentee2.name });
    await sofie.getByTestId("ask-change").click();
    const dialog = page.getByTestId("ask-change-dialog");
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /with no text/);
    // Cancel: nothing is asked.
    const since = api.calls.length;
    await dialog.getByRole("button", { name: t("en", "tab.cancel") }).click();
    await dialog.waitFor({ state: "hidden" });
    assert.equal(api.calls.slice(since).filter((c) => c.path.endsWith("/mentorChange")).length, 0);
    await sofie.getByTestId("ask-change").click();
    await settle(page);
    await page.screenshot({ path: path.join(SHOTS, "tab-staff-ask-change.png") });
    await page.getByTestId("confirm-ask-change").click();
    await sofie.getByTestId("asked-change").waitFor();
    const call = api.calls.slice(since).find((c) => c.method === "POST" && c.path === "/api/tab/staff/ms-sofie/mentorChange");
    assert.ok(call, "the request went to the server");
    assert.deepEqual(call.body, {}, "a flag with no text");
    assert.equal(await sofie.getByTestId("ask-change").count(), 0, "asked once is asked");
    await page.close();

    const overview = await open("/tab/overview?theme=default&locale=en", USERS.coordinator);
    assert.ok(api.rows.find((r) => r.mentorshipId === "ms-sofie")?.flags.includes("mentorChangeRequested"));
    await overview.getByTestId("search").fill(USERS.mentee2.name);
    const row = overview.getByTestId("overview-row").filter({ hasText: USERS.mentee2.name }).first();
    await row.waitFor();
    const rowText = await row.innerText();
    assert.ok(rowText.includes(t("en", "flag.mentorChangeRequested.short")), `the flag shows: ${rowText}`);
    await overview.close();
  });

  it("takes screenshots in each theme at desktop width and at 390 px (no horizontal scrolling)", async function () {
    for (const theme of ["default", "dark", "contrast"] as const) {
      const p = await open(`/tab/staff?theme=${theme}&locale=da`, USERS.manager);
      await p.getByTestId("staff-row").first().waitFor();
      await p.mouse.move(0, 0);
      await settle(p);
      await p.screenshot({ path: path.join(SHOTS, `tab-staff-${theme}.png`), fullPage: true });
      await p.close();
    }
    const phone = await loopbackContext(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }, blocked);
    try {
      for (const theme of ["default", "dark", "contrast"] as const) {
        const p = await open(`/tab/staff?theme=${theme}&locale=nb`, USERS.manager, phone);
        await p.getByTestId("staff-row").first().waitFor();
        if (theme === "default") assert.equal(await axeViolations(p), "", "My staff at 390 px has no WCAG 2.1 AA violations");
        await settle(p);
        await p.screenshot({ path: path.join(SHOTS, `tab-staff-${theme}-390.png`), fullPage: true });
        const scroll = await p.evaluate<number>("document.documentElement.scrollWidth");
        assert.ok(scroll <= 390, `no horizontal scrolling: ${scroll}`);
        const wide = await p.evaluate<string[]>(`[...document.querySelectorAll("body *")].filter((el) => el.getBoundingClientRect().right > 391).slice(0, 8).map((el) => el.tagName + "." + (el.getAttribute("data-testid") || "") + " " + Math.round(el.getBoundingClientRect().right))`);
        assert.deepEqual(wide, [], "elements wider than 390 px");
        await p.close();
      }
    } finally {
      await phone.close();
    }
  });
});
