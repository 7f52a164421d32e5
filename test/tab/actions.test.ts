import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { t } from "../../src/i18n";
import { EMAILS, type FakeApi, startApi, USERS } from "./fakeApi";
import { buildTabOnce } from "../support/tabBuild";
import { CHROMIUM_PATH, SHOTS, TAB_DIR, axeViolations, launchChromium, loopbackContext } from "../support/tabBrowser";

/**
 * The coordinator's actions in the tab's overview, in headless Chromium against the fake API
 * (test/tab/fakeApi.ts, which follows the server's contract): a new mentorship and the chat
 * instructions, a refusal in the user's language that keeps what was typed, pause and resume from
 * a row's menu with the keyboard only, and a change of mentor; what the pair sees while they wait
 * for their chat. Screenshots of the dialogs in test-results/screenshots/actions-*.png.
 */

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe("tab: the coordinator's actions in Chromium (fake API)", function () {
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
    // A few pages of rows: enough that "reload the current page" is a real page of a longer list.
    api = await startApi({ staticDir: TAB_DIR, rows: 250 });
    browser = await launchChromium();
    context = await loopbackContext(browser, {}, blocked);
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: api.baseUrl });
  });

  after(async function () {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await api?.stop();
  });

  async function signIn(pathAndQuery: string, user: { name: string }): Promise<Page> {
    const page = await context.newPage();
    page.setDefaultTimeout(10000);
    page.on("pageerror", (e) => pageErrors.push(e.message));
    page.on("console", (m) => m.type() === "error" && !/favicon/.test(m.location().url) && pageErrors.push(m.text()));
    await page.goto(`${api.baseUrl}${pathAndQuery}`);
    await page.getByTestId("local-users").waitFor({ timeout: 15000 });
    await page.locator(`button[data-user="${user.name}"]`).click();
    await page.getByTestId("signed-in-as").filter({ hasText: user.name }).waitFor();
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

  /** Types into a person field and picks the person from the list the people API fed it. */
  async function pickPerson(scope: Locator, label: RegExp, typed: string, option: RegExp) {
    const box = scope.getByRole("combobox", { name: label });
    await box.fill("");
    await box.pressSequentially(typed); // keys, as a person types: that opens the list
    await scope.page().getByRole("option", { name: option }).click();
  }

  // Strings, not functions: the test's tsconfig has no DOM types, and tsx's helpers do not exist in the page.
  /** Fluent's dialogs and menus fade in: screenshot them when the animations are done. */
  async function shot(page: Page, name: string, fullPage = false) {
    await page.mouse.move(0, 0);
    // page.evaluate, not waitForFunction: that one evaluates strings in the page, which the CSP forbids.
    // Finite animations only: a spinner's never finishes, and waiting on it cost 2 s per screenshot.
    await page.evaluate(`Promise.race([Promise.all(document.getAnimations().filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity).map((a) => a.finished.catch(() => null))), new Promise((r) => setTimeout(r, 2000))])`);
    await page.waitForTimeout(100);
    await page.screenshot({ path: path.join(SHOTS, `actions-${name}.png`), fullPage });
  }

  const activeTestId = (page: Page) => page.evaluate<string>(`document.activeElement?.getAttribute("data-testid") ?? document.activeElement?.tagName ?? ""`);
  const activeLabel = (page: Page) => page.evaluate<string>(`document.activeElement?.getAttribute("aria-label") ?? ""`);

  let overview: Page;

  it("creates a mentorship: the instructions name both, and the row appears waiting for its chat", async function () {
    overview = await signIn("/tab/overview?theme=default&locale=da", USERS.coordinator);
    await overview.getByTestId("overview-row").first().waitFor();
    await overview.getByRole("button", { name: "Nyt mentorforløb" }).click();
    const dialog = overview.getByRole("dialog", { name: "Nyt mentorforløb" });
    await dialog.waitFor();
    // The person fields say that an e-mail address works too (with Graph only an exact one does).
    assert.match(await dialog.innerText(), /Skriv et navn eller en e-mailadresse/);
    await pickPerson(dialog, /^Mentee/, "lars", /Lars Leder/);
    // The mentor by e-mail, typed in full: only the exact address finds her (as with Graph), and
    // leaving the field picks her. First "m" lists everyone (Karen first); then the address is typed
    // and Tab pressed at once, before the list has caught up: Tab must not pick Karen from it.
    const mentorBox = dialog.getByRole("combobox", { name: /^Mentor/ });
    await mentorBox.pressSequentially("m");
    await overview.getByRole("option", { name: /Karen Koordinator/ }).waitFor();
    await mentorBox.pressSequentially(EMAILS[USERS.mentor.aadObjectId]!.slice(1));
    await overview.keyboard.press("Tab");
    const seen = new Set<string>();
    for (let i = 0; i < 50 && (await mentorBox.inputValue()) !== "Mette Mentor"; i++) {
      seen.add(await mentorBox.inputValue());
      await overview.waitForTimeout(50);
    }
    assert.equal(await mentorBox.inputValue(), "Mette Mentor");
    assert.ok(!seen.has("Karen Koordinator"), `never someone else on the way: ${[...seen].join(" | ")}`);
    assert.equal(await dialog.getByRole("combobox", { name: /^Program/ }).innerText(), "KL/DS", "the programme defaults to KL/DS in Danish");
    assert.equal(await dialog.getByRole("combobox", { name: /^Sprog i chatten/ }).innerText(), "Dansk", "the language defaults to the tab's");
    const day = inDays(14);
    await dialog.getByLabel(/^Menteens første arbejdsdag/).fill(day);
    await dialog.getByRole("combobox", { name: /^Enhed/ }).pressSequentially("sundhed");
    await overview.getByRole("option", { name: "Sundhed og Omsorg" }).click();
    await shot(overview, "new-default");
    assert.equal(await axeViolations(overview), "", "the filled form has no WCAG 2.1 AA violations");

    const since = api.calls.length;
    const before = api.rows.length;
    await dialog.getByRole("button", { name: "Opret mentorforløb" }).click();
    const post = await waitForCall((c) => c.method === "POST" && c.path === "/api/tab/mentorships", since);
    assert.deepEqual(post.body, {
      menteeAadObjectId: USERS.manager.aadObjectId,
      mentorAadObjectId: USERS.mentor.aadObjectId,
      programme: "klds",
      firstWorkingDay: day,
      unit: "Sundhed og Omsorg",
      language: "da",
    });
    assert.equal(api.rows.length, before + 1);

    const created = overview.getByRole("dialog", { name: "Mentorforløbet er oprettet" });
    await created.waitFor();
    assert.equal(await created.getByTestId("created-outcome").getAttribute("data-chat"), "instructions");
    assert.match(await created.getByTestId("created-outcome").innerText(), /Lars Leder og Mette Mentor skal nu selv oprette deres chat/);
    const steps = await created.getByTestId("chat-instructions").innerText();
    assert.match(steps, /Til Lars Leder og Mette Mentor:/);
    assert.match(steps, /"Mentorforløb Mette og Lars"/);
    assert.match(steps, /@Mentor start/);
    await created.getByRole("button", { name: "Kopiér vejledningen" }).click();
    await created.getByTestId("copy-status").filter({ hasText: "Kopieret" }).waitFor();
    const copied = await overview.evaluate<string>("navigator.clipboard.readText()");
    assert.match(copied, /^Til Lars Leder og Mette Mentor:\n\n1\. Opret en gruppechat/);
    assert.match(copied, /\n3\. Skriv @Mentor start i chatten/);
    await shot(overview, "created-default");
    assert.equal(await axeViolations(overview), "", "the instructions have no WCAG 2.1 AA violations");
    await created.getByRole("button", { name: "Luk" }).click();
    await created.waitFor({ state: "detached" });
    assert.equal(await activeTestId(overview), "new-mentorship", "focus returns to the New mentorship button");

    // The list's first page was loaded again: the new row is on top, waiting for its chat.
    const first = overview.getByTestId("overview-row").first();
    await first.filter({ hasText: "Lars Leder" }).waitFor();
    assert.match(await first.innerText(), /Mette Mentor/);
    assert.match(await first.getByTestId("awaiting-chat").innerText(), /Venter på chat/);
    assert.match(await overview.getByTestId("action-notice").innerText(), /Mentorforløbet for Lars Leder er oprettet\./);

    // The badge shows the instructions again.
    await first.getByTestId("awaiting-chat").click();
    const again = overview.getByRole("dialog", { name: "Venter på chatten" });
    await again.waitFor();
    assert.match(await again.innerText(), /Lars Leder og Mette Mentor har endnu ingen chat med appen/);
    assert.match(await again.getByTestId("chat-instructions").innerText(), /Til Lars Leder og Mette Mentor:/);
    await shot(overview, "instructions-default");
    await overview.keyboard.press("Escape");
    await again.waitFor({ state: "detached" });
    assert.equal(await activeTestId(overview), "awaiting-chat", "focus returns to the badge");
  });

  it("refuses a mentee who already has a mentorship in the user's language and keeps what was typed", async function () {
    const page = await signIn("/tab/overview?theme=dark&locale=nb", USERS.coordinator);
    await page.getByTestId("overview-row").first().waitFor();
    await page.getByRole("button", { name: "Nytt mentorforløp" }).click();
    const dialog = page.getByRole("dialog", { name: "Nytt mentorforløp" });
    await dialog.waitFor();
    // Nothing filled in: every required field says so, and nothing is sent.
    const since0 = api.calls.length;
    await dialog.getByRole("button", { name: "Opprett mentorforløp" }).click();
    await dialog.getByTestId("form-error").filter({ hasText: "Sjekk feltene" }).waitFor();
    assert.equal((await dialog.getByText("Fyll ut feltet.").allInnerTexts()).length, 4);
    assert.equal(await activeTestId(page), "field-mentee", "focus goes to the first field to fix");
    assert.equal(api.calls.slice(since0).filter((c) => c.method === "POST").length, 0);

    await pickPerson(dialog, /^Mentee/, "niels", /Niels Nyansat/);
    await pickPerson(dialog, /^Mentor/, "jonas", /Jonas Jensen/);
    assert.equal(await dialog.getByRole("combobox", { name: /^Program/ }).innerText(), "Kristiansand", "Kristiansand by default in Norwegian");
    const day = inDays(21);
    await dialog.getByLabel(/^Menteens første arbeidsdag/).fill(day);
    await dialog.getByRole("combobox", { name: /^Enhet/ }).pressSequentially("Hjemmesykepleien Vest");
    const rowsBefore = api.rows.length;
    const since = api.calls.length;
    await dialog.getByRole("button", { name: "Opprett mentorforløp" }).click();
    await waitForCall((c) => c.method === "POST" && c.path === "/api/tab/mentorships", since);
    const message = dialog.getByRole("alert").filter({ hasText: "Niels Nyansat har allerede et aktivt mentorforløp." });
    await message.waitFor();
    assert.equal(api.rows.length, rowsBefore, "nothing was created");
    // Everything typed is still there.
    assert.equal(await dialog.getByRole("combobox", { name: /^Mentee/ }).inputValue(), "Niels Nyansat");
    assert.equal(await dialog.getByRole("combobox", { name: /^Mentor/ }).inputValue(), "Jonas Jensen");
    assert.equal(await dialog.getByLabel(/^Menteens første arbeidsdag/).inputValue(), day);
    assert.equal(await dialog.getByRole("combobox", { name: /^Enhet/ }).inputValue(), "Hjemmesykepleien Vest");
    assert.equal(await dialog.getByRole("combobox", { name: /^Mentee/ }).getAttribute("aria-invalid"), "true");
    await shot(page, "refused-dark");
    assert.equal(await axeViolations(page), "", "the refused form has no WCAG 2.1 AA violations (dark)");

    // A refusal about no field in particular shows under the form.
    await pickPerson(dialog, /^Mentee/, "karen", /Karen Koordinator/);
    api.refuseNext = { status: 409, body: { error: "BUSY_TRY_AGAIN", code: "BUSY_TRY_AGAIN" } };
    await dialog.getByRole("button", { name: "Opprett mentorforløp" }).click();
    await dialog.getByTestId("form-error").filter({ hasText: "Det kom mange endringer samtidig. Prøv igjen om et øyeblikk" }).waitFor();
    assert.equal(await dialog.getByRole("combobox", { name: /^Mentee/ }).inputValue(), "Karen Koordinator");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    await page.close();
  });

  it("says what happened to the chat: created by the app, or failed (with the instructions)", async function () {
    const page = await signIn("/tab/overview?theme=default&locale=en", USERS.coordinator);
    await page.getByTestId("overview-row").first().waitFor();
    const create = async (mentee: string, mentor: string) => {
      await page.getByRole("button", { name: "New mentorship" }).click();
      const dialog = page.getByRole("dialog", { name: "New mentorship" });
      await dialog.waitFor();
      await pickPerson(dialog, /^Mentee/, mentee, new RegExp(mentee));
      await pickPerson(dialog, /^Mentor/, mentor, new RegExp(mentor));
      await dialog.getByLabel(/^The mentee's first working day/).fill(inDays(30));
      await dialog.getByRole("combobox", { name: /^Unit/ }).pressSequentially("Jobcenter");
      await dialog.getByRole("button", { name: "Create mentorship" }).click();
      const done = page.getByRole("dialog", { name: "Mentorship created" });
      await done.waitFor();
      return done;
    };
    api.chat = "failed";
    let done = await create("Karen Koordinator", "Jonas Jensen");
    assert.equal(await done.getByTestId("created-outcome").getAttribute("data-chat"), "failed");
    assert.match(await done.getByTestId("created-outcome").innerText(), /could not create the Teams chat\. Karen Koordinator and Jonas Jensen can create it themselves/);
    assert.match(await done.getByTestId("chat-instructions").innerText(), /To Karen Koordinator and Jonas Jensen:/);
    await done.getByRole("button", { name: "Close" }).click();
    await page.getByTestId("overview-row").first().filter({ hasText: "Karen Koordinator" }).getByTestId("awaiting-chat").waitFor();

    api.chat = "created";
    done = await create("Jonas Jensen", "Mette Mentor");
    assert.match(await done.getByTestId("created-outcome").innerText(), /The app has created a Teams chat for Jonas Jensen and Mette Mentor/);
    assert.equal(await done.getByTestId("chat-instructions").count(), 0, "no instructions when the app made the chat");
    await done.getByRole("button", { name: "Close" }).click();
    const first = page.getByTestId("overview-row").first();
    await first.filter({ hasText: "Jonas Jensen" }).waitFor();
    assert.equal(await first.getByTestId("awaiting-chat").count(), 0, "a pair with a chat is not waiting for one");
    api.chat = "instructions";
    await page.close();
  });

  it("pauses and resumes a row from its menu with the keyboard only", async function () {
    await overview.getByRole("searchbox").focus();
    await overview.keyboard.type("Nyansat");
    await overview.getByTestId("total").filter({ hasText: /^1 mentorforløb$/ }).waitFor();
    const row = overview.getByTestId("overview-row").first();
    await row.filter({ hasText: "Niels Nyansat" }).waitFor();
    assert.equal(await row.getByTestId("paused").count(), 0, "not paused to begin with");
    // Tab from the search box through the filters and the column headers to the row's menu button.
    let tabs = 0;
    while ((await activeLabel(overview)) !== "Flere handlinger for Niels Nyansat" && tabs < 40) {
      await overview.keyboard.press("Tab");
      tabs++;
    }
    assert.equal(await activeLabel(overview), "Flere handlinger for Niels Nyansat", `reached the row's actions by Tab (${tabs} presses)`);

    let since = api.calls.length;
    await overview.keyboard.press("Enter");
    const pause = overview.getByRole("menuitem", { name: "Sæt på pause" });
    await pause.waitFor();
    await shot(overview, "menu-default");
    assert.equal(await axeViolations(overview), "", "the open menu has no WCAG 2.1 AA violations");
    assert.equal(await overview.evaluate<string>(`document.activeElement?.textContent ?? ""`), "Sæt på pause", "the menu opens on its first item");
    await overview.keyboard.press("Enter");
    await waitForCall((c) => c.method === "POST" && c.path === "/api/tab/mentorships/ms-niels/pause", since);
    await row.getByTestId("paused").filter({ hasText: "Sat på pause" }).waitFor();
    assert.match(await overview.getByTestId("action-notice").innerText(), /Mentorforløbet for Niels Nyansat er sat på pause\./);
    assert.equal(api.rows.find((r) => r.mentorshipId === "ms-niels")?.paused, true);
    assert.equal(await activeLabel(overview), "Flere handlinger for Niels Nyansat", "focus is back on the menu button");

    since = api.calls.length;
    await overview.keyboard.press("Enter");
    await overview.getByRole("menuitem", { name: "Genoptag" }).waitFor();
    assert.equal(await overview.getByRole("menuitem", { name: "Sæt på pause" }).count(), 0, "a paused row offers Resume instead");
    await overview.keyboard.press("Enter");
    await waitForCall((c) => c.method === "POST" && c.path === "/api/tab/mentorships/ms-niels/resume", since);
    await row.getByTestId("paused").waitFor({ state: "detached" });
    assert.match(await overview.getByTestId("action-notice").innerText(), /Mentorforløbet for Niels Nyansat er genoptaget\./);
    assert.equal(api.rows.find((r) => r.mentorshipId === "ms-niels")?.paused, false);
  });

  it("shows a refused pause in the user's language", async function () {
    const row = overview.getByTestId("overview-row").first();
    api.refuseNext = { status: 409, body: { error: "WRONG_PHASE" } };
    await row.getByTestId("row-actions").click();
    await overview.getByRole("menuitem", { name: "Sæt på pause" }).click();
    await overview.getByTestId("action-error").filter({ hasText: "Det er ikke muligt i mentorforløbets nuværende fase." }).waitFor();
    assert.equal(await row.getByTestId("paused").count(), 0);
  });

  it("changes a mentor: the dialog explains what happens, the row shows the new mentor", async function () {
    await overview.getByRole("searchbox").fill("Åse");
    const row = overview.getByTestId("overview-row").first();
    await row.filter({ hasText: "Åse Ærø-Østergaard" }).waitFor();
    assert.match(await row.innerText(), /Bjørn Bækgaard/);
    await row.getByRole("button", { name: "Flere handlinger for Åse Ærø-Østergaard" }).click();
    await overview.getByRole("menuitem", { name: "Skift mentor…" }).click();
    const dialog = overview.getByRole("dialog", { name: "Skift mentor for Åse Ærø-Østergaard" });
    await dialog.waitFor();
    const text = await dialog.innerText();
    assert.match(text, /Nuværende mentor: Bjørn Bækgaard/);
    assert.match(text, /Historikken bliver i mentorforløbet/);
    assert.match(text, /Den nye mentor overtager de resterende møder; de flyttes til den nye mentors kalender\./);
    await pickPerson(dialog, /^Ny mentor/, "mette", /Mette Mentor/);
    await shot(overview, "change-mentor-default");
    const since = api.calls.length;
    await dialog.getByRole("button", { name: "Skift mentor" }).click();
    const call = await waitForCall((c) => c.method === "POST" && c.path === "/api/tab/mentorships/ms-aase/mentor", since);
    assert.deepEqual(call.body, { mentorAadObjectId: USERS.mentor.aadObjectId });
    await dialog.waitFor({ state: "detached" });
    await row.filter({ hasText: "Mette Mentor" }).waitFor();
    assert.doesNotMatch(await row.innerText(), /Bjørn Bækgaard/);
    assert.match(await overview.getByTestId("action-notice").innerText(), /Mette Mentor er nu mentor for Åse Ærø-Østergaard\./);
    assert.equal(await activeLabel(overview), "Flere handlinger for Åse Ærø-Østergaard", "focus returns to the row's menu button");

    // The same mentor again: refused on the field, the dialog stays open with the choice.
    await row.getByTestId("row-actions").click();
    await overview.getByRole("menuitem", { name: "Skift mentor…" }).click();
    await dialog.waitFor();
    await pickPerson(dialog, /^Ny mentor/, "mette", /Mette Mentor/);
    await dialog.getByRole("button", { name: "Skift mentor" }).click();
    await dialog.getByRole("alert").filter({ hasText: "Mette Mentor er allerede mentor." }).waitFor();
    assert.equal(await dialog.getByRole("combobox", { name: /^Ny mentor/ }).inputValue(), "Mette Mentor");
    await dialog.getByRole("button", { name: "Annullér" }).click();
    await dialog.waitFor({ state: "detached" });
  });

  it("takes the dialogs' screenshots in the dark and high-contrast themes", async function () {
    for (const theme of ["dark", "contrast"] as const) {
      const page = await signIn(`/tab/overview?theme=${theme}&locale=en`, USERS.coordinator);
      await page.getByRole("searchbox").fill("Lars");
      const row = page.getByTestId("overview-row").first();
      await row.filter({ hasText: "Lars Leder" }).waitFor();
      await row.getByRole("button", { name: t("en", "tab.waitingForChatAria", { mentee: "Lars Leder", mentor: "Mette Mentor" }) }).click();
      const instructions = page.getByRole("dialog", { name: "Waiting for the chat" });
      await instructions.waitFor();
      assert.match(await instructions.innerText(), /To Lars Leder and Mette Mentor:/);
      await shot(page, `instructions-${theme}`);
      assert.equal(await axeViolations(page), "", `the instructions have no WCAG 2.1 AA violations (${theme})`);
      await page.keyboard.press("Escape");
      await instructions.waitFor({ state: "detached" });
      await row.getByRole("button", { name: "More actions for Lars Leder" }).click();
      await page.getByRole("menuitem", { name: "Change mentor…" }).click();
      const dialog = page.getByRole("dialog", { name: "Change mentor for Lars Leder" });
      await dialog.waitFor();
      await shot(page, `change-mentor-${theme}`);
      assert.equal(await axeViolations(page), "", `the change-mentor dialog has no WCAG 2.1 AA violations (${theme})`);
      await page.keyboard.press("Escape");
      await page.getByRole("button", { name: "New mentorship" }).click();
      await page.getByRole("dialog", { name: "New mentorship" }).waitFor();
      await shot(page, `new-${theme}`);
      assert.equal(await axeViolations(page), "", `the new-mentorship dialog has no WCAG 2.1 AA violations (${theme})`);
      await page.close();
    }
  });

  it("shows the pair how to set up their chat while they wait for it", async function () {
    const page = await signIn("/tab/my?theme=default&locale=da", USERS.manager);
    const card = page.getByTestId("awaiting-chat");
    await card.waitFor();
    const text = await card.innerText();
    assert.match(text, /Jeres tovholder har forberedt mentorforløbet med Mette Mentor/);
    assert.match(text, /"Mentorforløb Mette og Lars"/);
    assert.match(text, /Skriv @Mentor start i chatten/);
    assert.equal(await card.getByTestId("copy-instructions").count(), 0, "the pair gets the steps, not the coordinator's copy button");
    await shot(page, "my-awaiting-default", true);
    await page.close();
    const niels = await signIn("/tab/my?locale=da", USERS.mentee);
    await niels.getByTestId("my-mentorship").waitFor();
    assert.equal(await niels.getByTestId("awaiting-chat").count(), 0, "a pair with a chat sees no instructions");
    await niels.close();
  });

  it("the fake refuses everyone but a coordinator, as the server does", async function () {
    const auth = { authorization: `Bearer fake.${USERS.mentor.aadObjectId}` };
    const people = await fetch(`${api.baseUrl}/api/tab/people?q=a`, { headers: auth });
    assert.equal(people.status, 403);
    const create = await fetch(`${api.baseUrl}/api/tab/mentorships`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: "{}" });
    assert.equal(create.status, 403);
  });

  it("asks nothing of any host but its own, and logs no errors", function () {
    assert.deepEqual(blocked, []);
    // Chromium logs each refused request (the 400s and 409s the tests provoke); anything else is an error.
    assert.deepEqual(pageErrors.filter((e) => !/^Failed to load resource: the server responded with a status of (400|409) /.test(e)), []);
  });
});
