import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { type FakeApi, startApi, USERS } from "./fakeApi";
import { buildTabOnce } from "../support/tabBuild";
import { CHROMIUM_PATH, SHOTS, TAB_DIR, axeViolations, launchChromium, loopbackContext } from "../support/tabBrowser";

/**
 * Issue 12's coordinator side in Chromium against the fake API: the leader picker in the
 * new-mentorship dialog (optional: empty means the directory's manager), "Change leader…" in the
 * row menu (PUT …/leader), and "Contact person and introduction…" (PUT …/introduction) with the
 * seed's advice when the contact person is the new hire's leader (LEADER_AS_CONTACT), confirmed by a tick.
 */
const SEED_EN = /It is normally not advisable for the leader to take on the role of contact person or mentor/;
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe("tab: the coordinator names the leader and the contact person (Chromium, fake API)", function () {
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

  afterEach(() => {
    assert.deepEqual(pageErrors.splice(0), [], "no errors in the page");
    assert.deepEqual(blocked.splice(0), [], "no requests off the loopback");
  });

  async function signIn(pathAndQuery: string): Promise<Page> {
    const page = await context.newPage();
    page.setDefaultTimeout(10000);
    page.on("pageerror", (e) => pageErrors.push(e.message));
    // The refusals these dialogs answer (409 LEADER_AS_…) are the browser's "failed to load" too: expected here.
    page.on("console", (m) => m.type() === "error" && !/favicon/.test(m.location().url) && !/status of 409/.test(m.text()) && pageErrors.push(m.text()));
    await page.goto(`${api.baseUrl}${pathAndQuery}`);
    await page.getByTestId("local-users").waitFor({ timeout: 15000 });
    await page.locator(`button[data-user="${USERS.coordinator.name}"]`).click();
    await page.getByTestId("signed-in-as").filter({ hasText: USERS.coordinator.name }).waitFor();
    return page;
  }

  async function waitForCall(pred: (c: FakeApi["calls"][number]) => boolean, since: number) {
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

  async function shot(page: Page, name: string) {
    await page.mouse.move(0, 0);
    await page.evaluate(`Promise.race([Promise.all(document.getAnimations().filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity).map((a) => a.finished.catch(() => null))), new Promise((r) => setTimeout(r, 2000))])`);
    await page.waitForTimeout(100);
    await page.screenshot({ path: path.join(SHOTS, `leader-${name}.png`) });
  }

  /** The overview narrowed to Niels Nyansat's row, and its menu opened on `item`. */
  async function openRowItem(page: Page, item: string): Promise<void> {
    await page.getByTestId("overview-row").first().waitFor();
    const searched = api.requests.length;
    await page.getByRole("searchbox").fill("Nyansat");
    for (let i = 0; i < 100 && !api.requests.slice(searched).some((u) => u.pathname === "/api/tab/overview" && u.searchParams.get("q") === "Nyansat"); i++) await page.waitForTimeout(50);
    await page.getByTestId("overview-row").nth(1).waitFor({ state: "detached" });
    const row = page.getByTestId("overview-row").first();
    await row.filter({ hasText: "Niels Nyansat" }).waitFor();
    await row.getByRole("button", { name: "More actions for Niels Nyansat" }).click();
    await page.getByRole("menuitem", { name: item }).click();
  }

  it("New mentorship: the leader is optional (the directory's manager when empty); a chosen leader is sent", async function () {
    const page = await signIn("/tab/overview?theme=default&locale=en");
    await page.getByTestId("overview-row").first().waitFor();
    await page.getByRole("button", { name: "New mentorship" }).click();
    const dialog = page.getByRole("dialog", { name: "New mentorship" });
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /Empty: the new hire's manager from the organisation's directory/);
    await pickPerson(dialog, /^Mentee/, "jonas", /Jonas Jensen/);
    await pickPerson(dialog, /^Mentor\b/, "mette", /Mette Mentor/);
    await dialog.getByLabel(/first working day/).fill(inDays(21));
    await dialog.getByRole("combobox", { name: /^Unit/ }).pressSequentially("Jobcenter");
    // Typed but not chosen: a clear message, nothing sent.
    const leaderBox = dialog.getByRole("combobox", { name: /^Leader/ });
    await leaderBox.pressSequentially("zzz");
    const since = api.calls.length;
    await dialog.getByRole("button", { name: "Create mentorship" }).click();
    await dialog.getByText("Choose a person in the list.").first().waitFor();
    assert.equal(api.calls.slice(since).filter((c) => c.method === "POST" && c.path === "/api/tab/mentorships").length, 0, "nothing sent for a leader not chosen");
    await pickPerson(dialog, /^Leader/, "lars", /Lars Leder/);
    await shot(page, "picker-new");
    const sent = api.calls.length;
    await dialog.getByRole("button", { name: "Create mentorship" }).click();
    const post = await waitForCall((c) => c.method === "POST" && c.path === "/api/tab/mentorships", sent);
    assert.equal((post.body as Record<string, unknown>).leaderAadObjectId, USERS.manager.aadObjectId);
    await page.close();
  });

  it("Change leader…: PUT …/leader with the person chosen; the mentor as leader needs the tick", async function () {
    const page = await signIn("/tab/overview?theme=default&locale=en");
    await openRowItem(page, "Change leader…");
    const dialog = page.getByRole("dialog", { name: "Leader of Niels Nyansat" });
    await dialog.waitFor();
    await pickPerson(dialog, /^New leader/, "mette", /Mette Mentor/);
    const since = api.calls.length;
    await dialog.getByRole("button", { name: "Save leader" }).click();
    await dialog.getByTestId("leader-warning").waitFor();
    const first = await waitForCall((c) => c.method === "PUT" && c.path === "/api/tab/mentorships/ms-niels/leader", since);
    assert.deepEqual(first.body, { aadObjectId: USERS.mentor.aadObjectId });
    await dialog.getByRole("checkbox", { name: /I have read the advice/ }).check();
    const confirmed = api.calls.length;
    await dialog.getByRole("button", { name: "Save leader" }).click();
    const put = await waitForCall((c) => c.method === "PUT" && c.path === "/api/tab/mentorships/ms-niels/leader", confirmed);
    assert.deepEqual(put.body, { aadObjectId: USERS.mentor.aadObjectId, confirmLeader: true });
    await page.getByTestId("action-notice").filter({ hasText: "Mette Mentor is now Niels Nyansat's leader." }).waitFor();
    assert.equal(api.rows.find((r) => r.mentorshipId === "ms-niels")?.leaderName, "Mette Mentor");
    await page.close();
  });

  it("Contact person and introduction…: the leader as contact person gets the seed's advice and needs the tick; the mode is sent", async function () {
    // Back to local mode's leader of all (the previous test changed it).
    const niels = api.rows.find((r) => r.mentorshipId === "ms-niels")!;
    delete niels.leaderAadObjectId;
    const page = await signIn("/tab/overview?theme=default&locale=en");
    await openRowItem(page, "Contact person and introduction…");
    const dialog = page.getByRole("dialog", { name: "Introduction for Niels Nyansat" });
    await dialog.waitFor();
    await pickPerson(dialog, /^Contact person/, "lars", /Lars Leder/);
    await dialog.getByRole("radio", { name: /beside the mentor scheme/ }).check();
    assert.equal(await dialog.getByTestId("leader-warning").count(), 0, "no advice before the server says so");
    const since = api.calls.length;
    await dialog.getByRole("button", { name: "Save" }).click();
    const warning = dialog.getByTestId("leader-warning");
    await warning.waitFor();
    const text = await warning.innerText();
    assert.match(text, /Lars Leder is Niels Nyansat's leader/);
    assert.match(text, SEED_EN);
    assert.match(text, /still want Lars Leder as contact person/);
    const first = await waitForCall((c) => c.method === "PUT" && c.path === "/api/tab/mentorships/ms-niels/introduction", since);
    assert.deepEqual(first.body, { contactAadObjectId: USERS.manager.aadObjectId, mode: "beside" });
    assert.equal(niels.contactName, undefined, "nothing saved before the confirmation");
    await shot(page, "contact-warning");
    assert.equal(await axeViolations(page), "", "the dialog has no WCAG 2.1 AA violations");
    // Again without the tick: asked to tick, nothing sent.
    const retry = api.calls.length;
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.getByText("Tick the box to go ahead, or choose another contact person.").waitFor();
    assert.equal(api.calls.slice(retry).filter((c) => c.method === "PUT").length, 0);
    await dialog.getByRole("checkbox", { name: /I have read the advice/ }).check();
    const confirmed = api.calls.length;
    await dialog.getByRole("button", { name: "Save" }).click();
    const put = await waitForCall((c) => c.method === "PUT" && c.path === "/api/tab/mentorships/ms-niels/introduction", confirmed);
    assert.deepEqual(put.body, { contactAadObjectId: USERS.manager.aadObjectId, mode: "beside", confirmLeader: true });
    await page.getByTestId("action-notice").filter({ hasText: "Lars Leder is Niels Nyansat's contact person." }).waitFor();
    assert.equal(niels.contactName, "Lars Leder");
    await page.close();
  });
});
