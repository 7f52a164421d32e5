import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { dictionaries, LOCALES } from "../../src/tab/i18n";
import { timeZoneFor } from "../../src/domain/programmes";
import { formatDateTime } from "../../src/tab/format";
import { type FakeApi, NIELS, startApi, USERS } from "./fakeApi";
import { buildTabOnce } from "../support/tabBuild";
import { CHROMIUM_PATH, SHOTS, TAB_DIR, launchChromium, loopbackContext } from "../support/tabBrowser";

/**
 * The Teams tab (src/tab) in headless Chromium, outside Teams (local mode), against the fake API
 * of test/tab/fakeApi.ts: the sign-in picker, the coordinators' overview (10,000 rows, filter,
 * search, sort, scroll paging, CSV export) and "My mentorship"; screenshots in the default, dark
 * and high-contrast themes in test-results/screenshots/tab-*.png.
 */

describe("tab: texts and formats", function () {
  it("has every text in da, nb and en", function () {
    const keys = Object.keys(dictionaries.en).sort();
    for (const l of LOCALES) {
      assert.deepEqual(Object.keys(dictionaries[l]).sort(), keys, `${l} has the same keys as en`);
      for (const k of keys) assert.ok((dictionaries[l] as Record<string, string>)[k]!.length > 0, `${l}.${k} is not empty`);
    }
  });

  it("shows meeting times as dd.mm.yyyy HH:mm in Copenhagen, or Oslo for Kristiansand", function () {
    assert.equal(formatDateTime("2026-07-01T12:05:00Z", timeZoneFor("klds", "da")), "01.07.2026 14:05");
    assert.equal(formatDateTime("2026-12-01T23:30:00Z", timeZoneFor("kristiansand", "da")), "02.12.2026 00:30");
    assert.equal(formatDateTime("", timeZoneFor("klds", "da")), "");
  });
});

describe("tab: overview and my mentorship in Chromium (fake API)", function () {
  this.timeout(120000);
  let api: FakeApi;
  let browser: Browser;
  let context: BrowserContext;
  const blocked: string[] = [];
  const pageErrors: string[] = [];

  before(async function () {
    this.timeout(180000);
    if (!existsSync(CHROMIUM_PATH)) {
      process.stdout.write(`    (skipped: no Chromium at ${CHROMIUM_PATH})\n`);
      this.skip();
    }
    buildTabOnce();
    mkdirSync(SHOTS, { recursive: true });
    api = await startApi({ staticDir: TAB_DIR, rows: 10_000 });
    browser = await launchChromium();
    context = await loopbackContext(browser, { acceptDownloads: true }, blocked);
  });

  after(async function () {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await api?.stop();
  });

  async function signIn(pathAndQuery: string, user: { name: string }): Promise<Page> {
    const page = await context.newPage();
    page.on("pageerror", (e) => pageErrors.push(e.message));
    page.on("console", (m) => m.type() === "error" && !/favicon/.test(m.location().url) && pageErrors.push(m.text()));
    await page.goto(`${api.baseUrl}${pathAndQuery}`);
    // Outside Teams app.initialize() fails, so the local picker appears.
    await page.getByTestId("local-users").waitFor({ timeout: 15000 });
    await page.locator(`button[data-user="${user.name}"]`).click();
    await page.getByTestId("signed-in-as").filter({ hasText: user.name }).waitFor();
    return page;
  }

  async function firstMentees(page: Page, n = 5): Promise<string[]> {
    const rows = page.getByTestId("overview-row");
    const count = Math.min(n, await rows.count());
    const out: string[] = [];
    for (let i = 0; i < count; i++) out.push((await rows.nth(i).locator('[role="cell"]').first().innerText()).trim());
    return out;
  }

  async function waitForRequest(pred: (u: URL) => boolean, since: number) {
    for (let i = 0; i < 100; i++) {
      if (api.requests.slice(since).some(pred)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.fail("the tab did not make the expected API request");
  }

  let overview: Page;

  it("offers the local users outside Teams and signs the coordinator in", async function () {
    overview = await signIn("/tab/overview?theme=default&locale=da", USERS.coordinator);
    await overview.getByTestId("overview-row").first().waitFor();
    assert.match(await overview.getByTestId("total").innerText(), /10\.000 mentorforløb/);
    assert.equal(await overview.getByTestId("chart-flagged").count(), 1);
    // The virtual list renders only what is on screen.
    const rendered = await overview.locator('[role="row"][aria-rowindex]').count();
    assert.ok(rendered > 5 && rendered < 80, `rendered ${rendered} rows of 10,000`);
    const tl = overview.getByTestId("timeline").first();
    assert.match((await tl.getAttribute("aria-label")) ?? "", /^(Fase: .+ % gennem fasen|Afsluttet)/);
  });

  it("filters by phase", async function () {
    const since = api.requests.length;
    await overview.getByRole("combobox", { name: "Fase" }).click();
    await overview.getByRole("option", { name: "Læring" }).click();
    await waitForRequest((u) => u.pathname === "/api/tab/overview" && u.searchParams.get("phase") === "learning", since);
    const expected = api.rows.filter((r) => r.phase === "learning").length;
    await overview.getByTestId("total").filter({ hasText: `${expected.toLocaleString("da-DK")} mentorforløb` }).waitFor();
    const phases = await overview.getByTestId("overview-row").locator('[role="cell"]:nth-child(5)').allInnerTexts();
    assert.ok(phases.length > 0 && phases.every((p) => p.includes("Læring")), `every row is in learning: ${phases.slice(0, 3).join(" | ")}`);
    await overview.getByRole("combobox", { name: "Fase" }).click();
    await overview.getByRole("option", { name: "Alle" }).click();
    await overview.getByTestId("total").filter({ hasText: "10.000 mentorforløb" }).waitFor();
  });

  it("searches by name, with æøå", async function () {
    await overview.getByRole("searchbox").fill("ærø-øster");
    await overview.getByTestId("total").filter({ hasText: /^1 mentorforløb$/ }).waitFor();
    assert.deepEqual(await firstMentees(overview), ["Åse Ærø-Østergaard"]);
    await overview.getByRole("searchbox").fill("");
    await overview.getByTestId("total").filter({ hasText: "10.000 mentorforløb" }).waitFor();
  });

  it("sorts on the server when a column header is clicked, with aria-sort", async function () {
    const header = overview.locator('[role="columnheader"][data-column="menteeName"]');
    assert.equal(await header.getAttribute("aria-sort"), "none");
    let since = api.requests.length;
    await overview.getByRole("button", { name: "Sortér efter Mentee" }).click();
    await waitForRequest((u) => u.searchParams.get("sort") === "menteeName" && u.searchParams.get("dir") === "asc", since);
    assert.equal(await header.getAttribute("aria-sort"), "ascending");
    const collator = new Intl.Collator("da", { sensitivity: "base" });
    const asc = [...api.rows].map((r) => r.menteeName).sort(collator.compare);
    await overview.getByTestId("overview-row").first().filter({ hasText: asc[0]! }).waitFor();
    since = api.requests.length;
    await overview.getByRole("button", { name: "Sortér efter Mentee" }).press("Enter");
    await waitForRequest((u) => u.searchParams.get("sort") === "menteeName" && u.searchParams.get("dir") === "desc", since);
    assert.equal(await header.getAttribute("aria-sort"), "descending");
    await overview.getByTestId("overview-row").first().filter({ hasText: asc[asc.length - 1]! }).waitFor();
    // Danish order: Å sorts last.
    assert.ok((await firstMentees(overview, 1))[0]!.startsWith("Å"), "descending starts with Å");
  });

  it("pages the API as the list scrolls to row 10,000", async function () {
    const since = api.requests.length;
    const started = Date.now();
    await overview.getByTestId("overview-scroll").evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await waitForRequest((u) => u.pathname === "/api/tab/overview" && Number(u.searchParams.get("offset")) >= 9900, since);
    await overview.locator('[role="row"][aria-rowindex="10001"][data-testid="overview-row"]').waitFor();
    assert.ok(Date.now() - started < 5000, "the last page arrives quickly");
    const pagesLoaded = api.requests.slice(since).filter((u) => u.pathname === "/api/tab/overview").length;
    assert.ok(pagesLoaded <= 3, `jumping to the end loads only the pages on screen (${pagesLoaded})`);
    await overview.getByTestId("overview-scroll").evaluate((el) => el.scrollTo({ top: 0 }));
  });

  it("keeps the list virtualised while it scrolls through 10,000 rows (frame times are in the bench)", async function () {
    // 90 animation frames, each scrolling 400 px further through the list (36,000 px ≈ 640 rows).
    // A string, not a function: tsx's name helpers do not exist in the page.
    const counts = (await overview.evaluate(`new Promise((resolve) => {
      const el = document.querySelector('[data-testid="overview-scroll"]');
      const out = [];
      let n = 0;
      requestAnimationFrame(function step() {
        out.push(document.querySelectorAll('[data-testid^="overview-row"]').length);
        el.scrollTop += 400;
        if (++n < 90) requestAnimationFrame(step);
        else resolve(out);
      });
    })`)) as number[];
    assert.ok(Math.max(...counts) < 80, `at most a screenful of rows in the DOM at any time (saw ${Math.max(...counts)})`);
    assert.ok(Math.min(...counts) > 0, "rows on screen all the way");
    // The rows now on screen are far down the list, not the first page re-used.
    await overview.getByTestId("overview-row").first().waitFor();
    const firstCell = (await overview.getByTestId("overview-row").first().getAttribute("aria-rowindex")) ?? "0";
    assert.ok(Number(firstCell) > 400, `scrolled to row ${firstCell}`);
    await overview.getByTestId("overview-scroll").evaluate((el) => el.scrollTo({ top: 0 }));
  });

  it("exports the filtered list as CSV with a BOM", async function () {
    const [download] = await Promise.all([overview.waitForEvent("download"), overview.getByTestId("export-csv").click()]);
    const file = await download.path();
    const bytes = readFileSync(file);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "starts with the UTF-8 BOM");
    const text = bytes.toString("utf8");
    assert.ok(text.includes("Åse Ærø-Østergaard"), "æøå survive");
    assert.match(download.suggestedFilename(), /\.csv$/);
    const last = api.requests[api.requests.length - 1]!;
    assert.equal(last.pathname, "/api/tab/overview.csv");
    assert.equal(last.searchParams.get("sort"), "menteeName", "the export carries the current sort");
    assert.equal(last.searchParams.get("lang"), "da", "the CSV's headers in the tab's language");
  });

  it("takes overview screenshots in the default, dark and high-contrast themes", async function () {
    for (let i = 0; i < 50 && !(await overview.getByTestId("export-csv").isEnabled()); i++) await overview.waitForTimeout(100);
    assert.ok(await overview.getByTestId("export-csv").isEnabled(), "export is enabled again");
    await overview.mouse.move(0, 0);
    await overview.waitForTimeout(400); // let the button's hover transition finish
    await overview.screenshot({ path: path.join(SHOTS, "tab-overview-default.png") });
    for (const theme of ["dark", "contrast"] as const) {
      const page = await signIn(`/tab/overview?theme=${theme}&locale=da`, USERS.coordinator);
      await page.getByTestId("overview-row").first().waitFor();
      assert.equal(await page.locator(`[data-theme="${theme}"]`).count(), 1);
      await page.screenshot({ path: path.join(SHOTS, `tab-overview-${theme}.png`) });
      await page.close();
    }
  });

  it("shows a mentee their own mentorship", async function () {
    const page = await signIn("/tab/my?theme=default&locale=da", USERS.mentee);
    await page.getByTestId("my-mentorship").waitFor();
    assert.match(await page.getByTestId("other-party").innerText(), /Din mentor: Mette Mentor/);
    const goals = await page.getByTestId("learning-goals").innerText();
    assert.ok(goals.includes(NIELS.shortTerm) && goals.includes(NIELS.longTerm));
    assert.equal(await page.getByRole("link", { name: /Deltag i mødet/ }).getAttribute("href"), NIELS.joinUrl);
    assert.ok((await page.getByTestId("held").innerText()).includes(NIELS.heldTheme));
    assert.equal(await page.getByRole("tab", { name: "Overblik" }).count(), 0, "a mentee has no overview tab");
    await page.screenshot({ path: path.join(SHOTS, "tab-my-default.png"), fullPage: true });
    await page.close();
    for (const theme of ["dark", "contrast"] as const) {
      const p = await signIn(`/tab/my?theme=${theme}&locale=en`, USERS.mentee);
      await p.getByTestId("my-mentorship").waitFor();
      assert.match(await p.getByTestId("other-party").innerText(), /Your mentor: Mette Mentor/);
      await p.screenshot({ path: path.join(SHOTS, `tab-my-${theme}.png`), fullPage: true });
      await p.close();
    }
  });

  it("lets a mentor with several mentees pick one (nb)", async function () {
    const page = await signIn("/tab/my?locale=nb", USERS.mentor);
    await page.getByTestId("my-mentorship").waitFor();
    assert.match(await page.getByTestId("other-party").innerText(), /Din mentee: Niels Nyansat/);
    await page.getByRole("combobox", { name: "Mentee" }).click();
    await page.getByRole("option", { name: "Sofie Sørensen" }).click();
    await page.getByTestId("other-party").filter({ hasText: "Din mentee: Sofie Sørensen" }).waitFor();
    await page.close();
  });

  it("asks nothing of any host but its own in local mode", function () {
    assert.deepEqual(blocked, []);
  });

  it("logs no errors in the page (CSP as the real server sends it)", function () {
    assert.deepEqual(pageErrors, []);
  });
});
