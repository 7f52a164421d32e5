import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { t } from "../../src/i18n";
import { statisticsCsvHeaders } from "../../src/tabApi/statistics";
import type { Statistics } from "../../src/tab/api";
import { buildTabOnce } from "../support/tabBuild";
import { CHROMIUM_PATH, SHOTS, TAB_DIR, axeViolations, launchChromium, loopbackContext, signInLocally } from "../support/tabBrowser";
import { type FakeApi, USERS, startApi } from "./fakeApi";

/**
 * The coordinator's statistics and the overview's closing parts in headless Chromium, against the
 * fake API (test/tab/fakeApi.ts), whose statistics are the real domain function's over 10,000
 * mentorships: small groups read "færre end 5" in the chart and the table, the CSV says the same,
 * a mentee gets no statistics; the "check the pairing" flag, the "show closed" filter and the
 * "close the mentorship" dialog. Screenshots in each theme at desktop width and at 390 px:
 * test-results/screenshots/tab-stats-*.png, tab-closing-*.png.
 */
describe("tab: statistics and closing in Chromium (fake API, 10,000 mentorships)", function () {
  this.timeout(180000);
  let api: FakeApi;
  let browser: Browser;
  let context: BrowserContext;
  const blocked: string[] = [];
  const pageErrors: string[] = [];
  let stats: Statistics;

  before(async function () {
    this.timeout(240000);
    if (!existsSync(CHROMIUM_PATH)) {
      process.stdout.write(`    (skipped: no Chromium at ${CHROMIUM_PATH})\n`);
      this.skip();
    }
    buildTabOnce();
    mkdirSync(SHOTS, { recursive: true });
    api = await startApi({ staticDir: TAB_DIR, rows: 300, closedRows: 12, statistics: 10_000 });
    browser = await launchChromium();
    context = await loopbackContext(browser, { acceptDownloads: true }, blocked);
    const token = `fake.${USERS.coordinator.aadObjectId}`;
    stats = (await (await fetch(`${api.baseUrl}/api/tab/statistics`, { headers: { authorization: `Bearer ${token}` } })).json()) as Statistics;
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

  async function waitForCall(pred: (c: FakeApi["calls"][number]) => boolean, since: number) {
    for (let i = 0; i < 100; i++) {
      const hit = api.calls.slice(since).find(pred);
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 100));
    }
    return assert.fail("the tab did not make the expected API request");
  }

  /** Fluent's buttons and dialogs fade: screenshot them when the (finite) animations are done. */
  async function settle(p: Page) {
    await p.evaluate(`Promise.race([Promise.all(document.getAnimations().filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity).map((a) => a.finished.catch(() => null))), new Promise((r) => setTimeout(r, 2000))])`);
    await p.waitForTimeout(250); // CSS transitions of a button that just became enabled
  }

  const shown = (c: { value: number } | { fewerThan: number } | { withheld: true }) => ("value" in c ? c.value : null);

  it("the fake's figures are the real rule's: 10,000 started, the oldest quarter and the mentors' ratings hidden", function () {
    // The oldest quarter's 3 could be worked out from the total: the total is withheld, the quarters all shown.
    assert.deepEqual(stats.total.started, { withheld: true });
    assert.equal(stats.quarters.slice(1).reduce((n, q) => n + (shown(q.started) ?? 0), 0), 10_000 - 3);
    assert.ok(stats.quarters.length >= 8);
    assert.deepEqual(stats.quarters[0]!.started, { fewerThan: 5 }, "the oldest quarter has 3");
    assert.deepEqual(stats.ratings.find((r) => r.party === "mentor")!.people, { fewerThan: 5 });
    assert.ok(shown(stats.ratings.find((r) => r.party === "mentee")!.people)! >= 5);
  });

  let page: Page;

  it("shows the chart and the table, with small groups as 'færre end 5' and never a small number", async function () {
    page = await open("/tab/stats?theme=default&locale=da", USERS.coordinator);
    await page.getByTestId("stats-chart").waitFor();
    assert.equal(await page.getByRole("tab", { name: "Statistik" }).getAttribute("aria-selected"), "true");
    const bars = page.getByTestId("stats-bar");
    assert.equal(await bars.count(), stats.quarters.length, "one bar per start quarter");
    // The hidden oldest quarter: no bar drawn, its count in words.
    const oldest = bars.first();
    assert.equal(await oldest.locator("[data-segment]").count(), 0, "a hidden quarter draws nothing to its size");
    assert.match(await oldest.innerText(), /færre end 5/);
    assert.match((await oldest.getAttribute("aria-label")) ?? "", /Startet færre end 5/);
    // A shown quarter: its segments' shares are its figures'.
    const q = stats.quarters.findIndex((x) => shown(x.started) !== null && shown(x.completed) !== null && shown(x.active) !== null);
    assert.ok(q > 0);
    assert.equal(await bars.nth(q).locator('[data-segment="completed"]').count(), 1);

    const rows = page.getByTestId("stats-row");
    assert.equal(await rows.count(), stats.quarters.length + 1, "every quarter and the total");
    const oldestCells = await rows.first().locator("td").allInnerTexts();
    assert.ok(oldestCells.every((c) => c === "færre end 5"), `the oldest quarter's every figure is hidden: ${oldestCells.join(" | ")}`);
    const total = rows.last();
    assert.match(await total.locator("th").innerText(), /I alt/);
    assert.equal(await total.locator('[data-col="started"]').innerText(), "skjult");
    assert.match(await page.getByTestId("stats-withheld-note").innerText(), /«Skjult»: tallet er mindst 5/);
    const big = await rows.nth(q).locator('[data-col="started"]').innerText();
    assert.equal(big, shown(stats.quarters[q]!.started)!.toLocaleString("da-DK"), "a quarter's started as a number");
    // No figure about people in the table is a number below 5.
    for (const col of ["started", "active", "completed", "endedEarly", "leftWithinYear"]) {
      for (const text of await page.locator(`[data-testid="stats-row"] [data-col="${col}"]`).allInnerTexts()) {
        const n = /^([\d.]+)/.exec(text)?.[1];
        if (n !== undefined) assert.ok(Number(n.replace(/\./g, "")) >= 5, `${col}: ${text}`);
        else assert.ok(text === "færre end 5" || text === "skjult", `${col}: ${text}`);
      }
    }
    const mentors = page.getByTestId("stats-ratings").locator('tr[data-party="mentor"] td');
    assert.deepEqual(await mentors.allInnerTexts(), ["færre end 5", "færre end 5", "færre end 5", "færre end 5"], "4 mentors answered: nothing of theirs is shown");
    const mentees = await page.getByTestId("stats-ratings").locator('tr[data-party="mentee"] td').allInnerTexts();
    assert.ok(mentees.slice(0, 1).every((c) => /^\d[\d.]*$/.test(c)) && mentees.slice(1).every((c) => /^\d,\d$/.test(c)), `averages with one decimal and a decimal comma: ${mentees.join(" | ")}`);
    assert.equal(await axeViolations(page), "", "no WCAG 2.1 AA violations");
  });

  it("downloads the same table as CSV, which csv-parse reads", async function () {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("stats-export-csv").click()]);
    const bytes = readFileSync(await download.path());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const rows = parse(bytes.toString("utf8"), { bom: true, delimiter: ";" }) as string[][];
    assert.deepEqual(rows[0], statisticsCsvHeaders("da"));
    assert.equal(rows.length, 1 + stats.quarters.length + 1);
    assert.equal(rows[1]![1], "færre end 5");
    assert.deepEqual(rows.at(-1)!.slice(0, 2), ["I alt", "skjult"]);
    assert.equal(rows[2]![1], String(shown(stats.quarters[1]!.started)), "the same figures as the table");
    assert.match(download.suggestedFilename(), /^statistics-\d{4}-\d{2}-\d{2}\.csv$/);
    assert.equal(api.requests.at(-1)?.searchParams.get("lang"), "da");
  });

  it("takes screenshots in each theme at desktop width and at 390 px", async function () {
    for (const theme of ["default", "dark", "contrast"] as const) {
      const p = theme === "default" ? page : await open(`/tab/stats?theme=${theme}&locale=da`, USERS.coordinator);
      await p.getByTestId("stats-chart").waitFor();
      await p.mouse.move(0, 0);
      await settle(p);
      await p.screenshot({ path: path.join(SHOTS, `tab-stats-${theme}.png`), fullPage: true });
      if (p !== page) await p.close();
    }
    const phone = await loopbackContext(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }, blocked);
    try {
      for (const theme of ["default", "dark", "contrast"] as const) {
        const p = await open(`/tab/stats?theme=${theme}&locale=nb`, USERS.coordinator, phone);
        await p.getByTestId("stats-chart").waitFor();
        assert.match(await p.getByTestId("stats-bar").first().innerText(), /færre enn 5/);
        if (theme === "default") assert.equal(await axeViolations(p), "", "the statistics at 390 px have no WCAG 2.1 AA violations");
        await settle(p);
        await p.screenshot({ path: path.join(SHOTS, `tab-stats-${theme}-390.png`), fullPage: true });
        // Nothing but the tables' own scrollers is wider than the phone.
        const wide = await p.evaluate<string[]>(`[...document.querySelectorAll("body *")].filter((el) => el.getBoundingClientRect().right > 391 && !el.closest("[role=region]")).slice(0, 8).map((el) => el.tagName + "." + (el.getAttribute("data-testid") || "") + " " + Math.round(el.getBoundingClientRect().right))`);
        assert.deepEqual(wide, [], "elements wider than 390 px");
        await p.close();
      }
    } finally {
      await phone.close();
    }
  });

  it("gives a mentee no statistics", async function () {
    const p = await open("/tab/stats?locale=da", USERS.mentee);
    await p.getByText(t("da", "tab.stats.notCoordinator")).waitFor();
    assert.equal(await p.getByRole("tab", { name: "Statistik" }).count(), 0);
    assert.equal(await p.getByTestId("stats-chart").count(), 0);
    await p.close();
  });

  let overview: Page;

  it("hides closed mentorships until 'show closed' is ticked", async function () {
    overview = await open("/tab/overview?theme=default&locale=da", USERS.coordinator);
    await overview.getByTestId("overview-row").first().waitFor();
    const open_ = api.rows.filter((r) => r.phase !== "closed").length;
    await overview.getByTestId("total").filter({ hasText: `${open_} mentorforløb` }).waitFor();
    assert.equal(api.requests.filter((u) => u.pathname === "/api/tab/overview").at(-1)?.searchParams.get("closed"), "hide");
    assert.ok(!(await overview.getByTestId("overview-scroll").innerText()).includes("Lukket Lund"));
    assert.equal(await overview.getByTestId("chart-closed").getAttribute("aria-label"), "Afsluttet: 12", "the chart still counts the closed");
    const sinceUrl = api.requests.length;
    await overview.getByRole("checkbox", { name: "Vis afsluttede" }).check();
    for (let i = 0; i < 100 && !api.requests.slice(sinceUrl).some((u) => u.pathname === "/api/tab/overview" && u.searchParams.get("closed") === "show"); i++) await overview.waitForTimeout(100);
    assert.ok(api.requests.slice(sinceUrl).some((u) => u.searchParams.get("closed") === "show"), "the tab asks for the closed ones");
    await overview.getByTestId("total").filter({ hasText: `${api.rows.length} mentorforløb` }).waitFor();
    await overview.getByRole("searchbox").fill("Lukket Lund 1");
    await overview.getByTestId("overview-row").filter({ hasText: "Lukket Lund 1" }).first().waitFor();
    assert.match(await overview.getByTestId("overview-row").first().innerText(), /Afsluttet/);
    assert.equal(await overview.getByTestId("overview-row").first().locator("[data-flag]").count(), 0, "a closed one carries no flags");
    await overview.mouse.move(0, 0);
    await settle(overview);
    await overview.screenshot({ path: path.join(SHOTS, "tab-overview-closed-shown.png") });
    await overview.getByRole("button", { name: "Nulstil filtre" }).click();
    await overview.getByTestId("total").filter({ hasText: `${open_} mentorforløb` }).waitFor();
    assert.equal(await overview.getByRole("checkbox", { name: "Vis afsluttede" }).isChecked(), false, "clearing the filters hides them again");
  });

  it("flags 'check the pairing' on the row, and filters by it", async function () {
    await overview.getByRole("combobox", { name: "Markering" }).click();
    await overview.getByRole("option", { name: t("da", "flag.pairingConcern") }).click();
    await overview.getByTestId("total").filter({ hasText: /^1 mentorforløb$/ }).waitFor();
    const row = overview.getByTestId("overview-row").first();
    assert.match(await row.innerText(), /Ida Ørsted/);
    const badge = row.locator('[data-flag="pairingConcern"]');
    assert.equal(await badge.innerText(), "Tjek mentorparret");
    assert.equal(await badge.getAttribute("aria-label"), `Tjek mentorparret: ${t("da", "flag.pairingConcern")}`);
    assert.ok(!/Niels|Mette/.test(await badge.getAttribute("aria-label") ?? ""), "no name of who answered");
    await overview.screenshot({ path: path.join(SHOTS, "tab-overview-pairing-flag.png") });
    await overview.getByRole("combobox", { name: "Markering" }).click();
    await overview.getByRole("option", { name: "Alle" }).click();
  });

  it("closes a mentorship from its row with a reason (POST …/closing, mocked at the HTTP edge)", async function () {
    await overview.getByRole("searchbox").fill("Nyansat");
    await overview.getByTestId("total").filter({ hasText: /^1 mentorforløb$/ }).waitFor();
    const row = overview.getByTestId("overview-row").first();
    await row.getByTestId("row-actions").click();
    await overview.getByRole("menuitem", { name: "Afslut forløbet…" }).click();
    const dialog = overview.getByRole("dialog", { name: "Afslut mentorforløbet" });
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /Niels Nyansat og Mette Mentor får evalueringen/);
    let since = api.calls.length;
    await dialog.getByRole("button", { name: "Begynd afslutningen" }).click();
    await dialog.getByText("Vælg en årsag.").waitFor();
    assert.equal(api.calls.slice(since).filter((c) => c.method === "POST").length, 0, "nothing is sent without a reason");
    await dialog.getByRole("radio", { name: "Den nyansatte har forladt arbejdspladsen" }).check();
    await settle(overview);
    await overview.screenshot({ path: path.join(SHOTS, "tab-closing-dialog-default.png") });
    assert.equal(await axeViolations(overview), "", "the dialog has no WCAG 2.1 AA violations");
    since = api.calls.length;
    await dialog.getByRole("button", { name: "Begynd afslutningen" }).click();
    const call = await waitForCall((c) => c.method === "POST" && c.path === "/api/tab/mentorships/ms-niels/closing", since);
    assert.deepEqual(call.body, { reason: "leftWorkplace" });
    await dialog.waitFor({ state: "detached" });
    await overview.getByTestId("action-notice").filter({ hasText: "Afslutningen er begyndt for Niels Nyansat og Mette Mentor." }).waitFor();
    await row.filter({ hasText: "Afslutning" }).waitFor();
    // Closing has begun: the action is not offered again.
    await row.getByTestId("row-actions").click();
    assert.equal(await overview.getByRole("menuitem", { name: "Afslut forløbet…" }).isDisabled(), true);
    await overview.keyboard.press("Escape");
    await overview.getByRole("menu").waitFor({ state: "detached" });
  });

  it("shows the closing dialog whole on a phone, in the dark and high-contrast themes", async function () {
    const phone = await loopbackContext(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }, blocked);
    try {
      for (const theme of ["dark", "contrast"] as const) {
        const p = await open(`/tab/overview?theme=${theme}&locale=nb`, USERS.coordinator, phone);
        await p.getByTestId("overview-row").first().waitFor();
        if (theme === "contrast") assert.equal(await axeViolations(p), "", "the overview at 390 px has no WCAG 2.1 AA violations");
        await p.getByRole("searchbox").fill("Ida Ørsted");
        await p.getByTestId("total").filter({ hasText: /^1 mentorforløp$/ }).waitFor();
        await p.getByTestId("overview-row").first().getByTestId("row-actions").click();
        const dialog = p.getByRole("dialog", { name: "Avslutt mentorforløpet" });
        // On a loaded machine a tap can land while the menu is still animating open: tap again then.
        for (let attempt = 0; !(await dialog.isVisible()); attempt++) {
          if (attempt > 0) await p.getByTestId("overview-row").first().getByTestId("row-actions").click();
          await p.getByRole("menuitem", { name: "Avslutt forløpet…" }).click({ timeout: 15000 });
          if (await dialog.waitFor({ timeout: 10000 }).then(() => true, () => attempt >= 2)) break;
        }
        await dialog.waitFor();
        await settle(p);
        await p.screenshot({ path: path.join(SHOTS, `tab-closing-dialog-${theme}-390.png`) });
        // The page is no wider than the phone (a wider page makes a phone zoom out, and the dialog sits off-centre).
        assert.equal(await p.evaluate<number>("window.innerWidth"), 390);
        const box = (await dialog.boundingBox())!;
        assert.ok(box.x >= 0 && box.x + box.width <= 390, `the dialog fits the phone (${Math.round(box.x)}–${Math.round(box.x + box.width)})`);
        assert.equal(await dialog.getByRole("radio").count(), 4);
        await p.close();
      }
    } finally {
      await phone.close();
    }
  });

  it("says a refused closing in the user's words and keeps the dialog open", async function () {
    await overview.getByRole("searchbox").fill("Sofie");
    await overview.getByTestId("total").filter({ hasText: /^1 mentorforløb$/ }).waitFor();
    const row = overview.getByTestId("overview-row").first();
    await row.filter({ hasText: "Sofie Sørensen" }).waitFor();
    await row.getByTestId("row-actions").click();
    await overview.getByRole("menuitem", { name: "Afslut forløbet…" }).click();
    const dialog = overview.getByRole("dialog", { name: "Afslut mentorforløbet" });
    await dialog.getByRole("radio", { name: "Forløbet er gennemført" }).check();
    await dialog.getByRole("button", { name: "Begynd afslutningen" }).click();
    // Sofie's agreement is still waiting for acceptance.
    await dialog.getByTestId("form-error").filter({ hasText: t("da", "error.AGREEMENT_NOT_AGREED") }).waitFor();
    assert.equal(api.rows.find((r) => r.mentorshipId === "ms-sofie")?.phase !== "closing", true);
    await dialog.getByRole("button", { name: "Annullér" }).click();
  });

  it("asks nothing of any host but its own, and logs no errors in the page", function () {
    assert.deepEqual(blocked, []);
    // The refused closing above answers 409 on purpose: the browser logs that, and it is no error of the page.
    assert.deepEqual(pageErrors.filter((e) => !/^Failed to load resource: the server responded with a status of 409 /.test(e)), []);
  });
});
