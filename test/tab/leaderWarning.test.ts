import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { type FakeApi, startApi, USERS } from "./fakeApi";
import { buildTabOnce } from "../support/tabBuild";
import { CHROMIUM_PATH, SHOTS, TAB_DIR, axeViolations, launchChromium, loopbackContext } from "../support/tabBrowser";

/**
 * The mentee's own leader as mentor (seed 002: "Normalt kan det ikke anbefales, at lederen selv
 * påtager sig rollen som kontaktperson eller mentor"): the New mentorship and Change mentor dialogs
 * show the advice when the server answers LEADER_AS_MENTOR, and go ahead only once the coordinator
 * ticks the confirmation. In the fake API, as in env/.env.local, Lars Leder is the leader.
 * Screenshots in test-results/screenshots/leader-*.png.
 */

const SEED = /Normalt kan det ikke anbefales, at lederen selv påtager sig rollen som kontaktperson eller mentor/;
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe("tab: a leader as mentor is advised against, and needs the coordinator's confirmation (Chromium, fake API)", function () {
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
    api = await startApi({ staticDir: TAB_DIR, rows: 50 });
    browser = await launchChromium();
    context = await loopbackContext(browser, {}, blocked);
  });

  after(async function () {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await api?.stop();
  });

  async function signIn(pathAndQuery: string): Promise<Page> {
    const page = await context.newPage();
    page.setDefaultTimeout(10000);
    page.on("pageerror", (e) => pageErrors.push(e.message));
    page.on("console", (m) => m.type() === "error" && !/favicon/.test(m.location().url) && pageErrors.push(m.text()));
    await page.goto(`${api.baseUrl}${pathAndQuery}`);
    await page.getByTestId("local-users").waitFor({ timeout: 15000 });
    await page.locator(`button[data-user="${USERS.coordinator.name}"]`).click();
    await page.getByTestId("signed-in-as").filter({ hasText: USERS.coordinator.name }).waitFor();
    return page;
  }

  async function waitForCall(pred: (c: FakeApi["calls"][number]) => boolean, since: number): Promise<FakeApi["calls"][number]> {
    for (let i = 0; i < 100; i++) {
      const hit = api.calls.slice(since).find(pred);
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 100));
    }
    return assert.fail("the tab did not make the expected API request");
  }

  async function pickPerson(scope: Locator, label: RegExp, typed: string, option: RegExp) {
    const box = scope.getByRole("combobox", { name: label });
    await box.fill("");
    await box.pressSequentially(typed);
    await scope.page().getByRole("option", { name: option }).click();
  }

  // Strings, not functions: the test's tsconfig has no DOM types.
  async function shot(page: Page, name: string) {
    await page.mouse.move(0, 0);
    // Finite animations only: a spinner's never finishes, and waiting on it cost 2 s per screenshot.
    await page.evaluate(`Promise.race([Promise.all(document.getAnimations().filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity).map((a) => a.finished.catch(() => null))), new Promise((r) => setTimeout(r, 2000))])`);
    await page.waitForTimeout(100);
    await page.screenshot({ path: path.join(SHOTS, `leader-${name}.png`) });
  }

  const activeTestId = (page: Page) => page.evaluate<string>(`document.activeElement?.closest("[data-testid]")?.getAttribute("data-testid") ?? ""`);
  const posts = (p: string, since: number) => api.calls.slice(since).filter((c) => c.method === "POST" && c.path === p);

  it("New mentorship: the advice, a confirmation that is required, then created with confirmLeader", async function () {
    const page = await signIn("/tab/overview?theme=default&locale=da");
    await page.getByTestId("overview-row").first().waitFor();
    await page.getByRole("button", { name: "Nyt mentorforløb" }).click();
    const dialog = page.getByRole("dialog", { name: "Nyt mentorforløb" });
    await dialog.waitFor();
    await pickPerson(dialog, /^Mentee/, "mette", /Mette Mentor/);
    await pickPerson(dialog, /^Mentor/, "lars", /Lars Leder/);
    await dialog.getByLabel(/^Menteens første arbejdsdag/).fill(inDays(21));
    await dialog.getByRole("combobox", { name: /^Enhed/ }).pressSequentially("Jobcenter");
    assert.equal(await dialog.getByTestId("leader-warning").count(), 0, "no advice before the server says so");

    const since = api.calls.length;
    const rowsBefore = api.rows.length;
    await dialog.getByRole("button", { name: "Opret mentorforløb" }).click();
    const warning = dialog.getByTestId("leader-warning");
    await warning.waitFor();
    const text = await warning.innerText();
    assert.match(text, /Lars Leder er leder for Mette Mentor/);
    assert.match(text, SEED);
    assert.match(text, /Jeg har læst rådet og vil alligevel have Lars Leder som mentor/);
    const first = posts("/api/tab/mentorships", since)[0]?.body as Record<string, unknown> | undefined;
    assert.ok(first && !("confirmLeader" in first), "the first request does not confirm");
    assert.equal(api.rows.length, rowsBefore, "nothing was created");
    assert.equal(await activeTestId(page), "confirm-leader", "focus moves to the confirmation");
    assert.equal(await dialog.getByRole("checkbox", { name: /Jeg har læst rådet/ }).isChecked(), false);
    await shot(page, "new-default");
    assert.equal(await axeViolations(page), "", "the advice has no WCAG 2.1 AA violations");

    // Submitting again without the tick: asked to tick, nothing sent.
    const beforeRetry = api.calls.length;
    await dialog.getByRole("button", { name: "Opret mentorforløb" }).click();
    await dialog.getByText("Sæt flueben for at fortsætte, eller vælg en anden mentor.").waitFor();
    assert.equal(posts("/api/tab/mentorships", beforeRetry).length, 0);

    await dialog.getByRole("checkbox", { name: /Jeg har læst rådet/ }).check();
    const confirmedSince = api.calls.length;
    await dialog.getByRole("button", { name: "Opret mentorforløb" }).click();
    const post = await waitForCall((c) => c.method === "POST" && c.path === "/api/tab/mentorships", confirmedSince);
    assert.deepEqual(post.body, {
      menteeAadObjectId: USERS.mentor.aadObjectId,
      mentorAadObjectId: USERS.manager.aadObjectId,
      programme: "klds",
      firstWorkingDay: inDays(21),
      unit: "Jobcenter",
      language: "da",
      confirmLeader: true,
    });
    const created = page.getByRole("dialog", { name: "Mentorforløbet er oprettet" });
    await created.waitFor();
    assert.equal(api.rows.length, rowsBefore + 1);
    await created.getByRole("button", { name: "Luk" }).click();
    await created.waitFor({ state: "detached" });
    await page.close();
  });

  it("Change mentor: the advice for a leader, gone for someone else, and the change once confirmed (English)", async function () {
    const page = await signIn("/tab/overview?theme=default&locale=en");
    const searched = api.requests.length;
    await page.getByRole("searchbox").fill("Nyansat");
    // The list is reloaded for the search: act on the row once that answer is in.
    for (let i = 0; i < 100 && !api.requests.slice(searched).some((u) => u.pathname === "/api/tab/overview" && u.searchParams.get("q") === "Nyansat"); i++) await page.waitForTimeout(50);
    await page.getByTestId("overview-row").nth(1).waitFor({ state: "detached" });
    const row = page.getByTestId("overview-row").first();
    await row.filter({ hasText: "Niels Nyansat" }).waitFor();
    await row.getByRole("button", { name: "More actions for Niels Nyansat" }).click();
    await page.getByRole("menuitem", { name: "Change mentor…" }).click();
    const dialog = page.getByRole("dialog", { name: "Change mentor for Niels Nyansat" });
    await dialog.waitFor();
    await pickPerson(dialog, /^New mentor/, "lars", /Lars Leder/);
    await dialog.getByRole("button", { name: "Change mentor" }).click();
    const warning = dialog.getByTestId("leader-warning");
    await warning.waitFor();
    assert.match(await warning.innerText(), /Lars Leder is Niels Nyansat's leader/);
    assert.match(await warning.innerText(), /It is normally not advisable for the leader to take on the role of contact person or mentor/);
    await shot(page, "change-default");
    assert.equal(await axeViolations(page), "", "the advice has no WCAG 2.1 AA violations");

    // Someone else: the advice goes (it was about Lars).
    await pickPerson(dialog, /^New mentor/, "jonas", /Jonas Jensen/);
    await warning.waitFor({ state: "detached" });
    await pickPerson(dialog, /^New mentor/, "lars", /Lars Leder/);
    await dialog.getByRole("button", { name: "Change mentor" }).click();
    await warning.waitFor();
    await dialog.getByRole("checkbox", { name: /I have read the advice and still want Lars Leder as mentor/ }).check();
    const since = api.calls.length;
    await dialog.getByRole("button", { name: "Change mentor" }).click();
    const call = await waitForCall((c) => c.method === "POST" && /^\/api\/tab\/mentorships\/[^/]+\/mentor$/.test(c.path), since);
    assert.deepEqual(call.body, { mentorAadObjectId: USERS.manager.aadObjectId, confirmLeader: true });
    await dialog.waitFor({ state: "detached" });
    await row.filter({ hasText: "Lars Leder" }).waitFor();
    await page.close();
  });

  it("asks nothing of any host but its own, and logs no errors", function () {
    assert.deepEqual(blocked, []);
    assert.deepEqual(pageErrors.filter((e) => !/^Failed to load resource: the server responded with a status of (400|409) /.test(e)), []);
  });
});
