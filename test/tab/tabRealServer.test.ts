import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { loadConfig } from "../../src/config";
import { buildApp } from "../../src/main";
import { dictionaries } from "../../src/tab/i18n";
import { silentLogger } from "../../src/log";
import { freshStore } from "../support/azurite";
import { PERSONAS, TENANT_ID, localAppConfig } from "../support/e2e";
import { actorOf, pairThroughUseCases } from "../support/pairs";
import { readDocx } from "../support/docxReader";
import { buildTabOnce } from "../support/tabBuild";
import { CHROMIUM_PATH, SHOTS, launchChromium, loopbackContext, signInLocally } from "../support/tabBrowser";

/**
 * The tab against the REAL server: buildApp on Azurite, with mentorships created through the real
 * use cases (setup, agreement, booking, an agenda) — including canary text where the pair writes.
 * The coordinator sees the overview and never the canary; a mentee sees their own mentorship with
 * the agreed learning goal and the held meeting's theme; a colleague sees nothing of theirs.
 */
const CANARY = "KANARIE-fortroligt-7731";
const GOAL = "Lære journalsystemet at kende";
const THEME = "Prioritering i en travl vagt";


describe("tab against the real server (Azurite, local tokens)", function () {
  this.timeout(180000);
  let browser: Browser;
  let context: BrowserContext;
  let baseUrl = "";
  let stop: () => Promise<void> = async () => {};

  before(async function () {
    if (!existsSync(CHROMIUM_PATH)) throw new Error(`no Chromium at ${CHROMIUM_PATH}`);
    buildTabOnce();
    mkdirSync(SHOTS, { recursive: true });

    const { connectionString, tableName } = await freshStore();
    const config = loadConfig(localAppConfig(connectionString, tableName));
    const clock = { now: () => new Date("2027-03-01T08:00:00Z") };
    const app = await buildApp({ config, clock, log: silentLogger });

    // Two pairs, made through the real use cases.
    async function pair(mentee: typeof PERSONAS.mentee | typeof PERSONAS.colleague2, chatId: string, programme: "klds" | "kristiansand") {
      const id = await pairThroughUseCases(app.service, { chatId, mentee, programme, unit: "Børn og familie", until: "posted" });
      const m = await app.service.getMentorship(TENANT_ID, id);
      const edited = await app.service.editAgreement(actorOf(PERSONAS.mentor), id, 1, { ...m!.agreement.fields, purpose: CANARY, shortTermGoals: GOAL, other: CANARY });
      assert.ok(edited.ok);
      assert.ok((await app.service.acceptAgreement(actorOf(mentee), id, 2)).ok);
      assert.ok((await app.service.acceptAgreement(actorOf(PERSONAS.mentor), id, 2)).ok);
      return id;
    }
    const niels = await pair(PERSONAS.mentee, "19:real-tab-niels@thread.v2", "kristiansand");
    const sofie = await pair(PERSONAS.colleague2, "19:real-tab-sofie@thread.v2", "klds");
    assert.ok((await app.service.setPaused(TENANT_ID, sofie, true)).ok);
    const { done } = await app.meetings.book(actorOf(PERSONAS.mentor), niels, { weekday: 2, time: "10:00", minutes: 45 }, 24);
    await done;
    const [first] = await app.meetings.meetings(TENANT_ID, niels);
    assert.ok(first);
    assert.ok((await app.meetings.saveAgenda(actorOf(PERSONAS.mentor), niels, first.key, { theme: THEME, summary: CANARY, myFeedback: { how: CANARY, worked: "", better: "" } })).ok);
    assert.ok((await app.meetings.recordHeld(actorOf(PERSONAS.mentee), niels, first.key, "held")).ok);

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

  const signIn = async (where: string, name: string): Promise<Page> => signInLocally(await context.newPage(), `${baseUrl}${where}`, name);

  it("the coordinator's overview lists both pairs, searches, and never shows what a pair wrote", async () => {
    const page = await signIn("/tab/overview?locale=da", PERSONAS.coordinator.name);
    await page.getByTestId("overview-row").first().waitFor({ timeout: 20000 });
    assert.equal(await page.getByTestId("overview-row").count(), 2);
    const text = await page.locator("body").innerText();
    assert.ok(text.includes(PERSONAS.mentee.name) && text.includes(PERSONAS.colleague2.name));
    assert.ok(!text.includes(CANARY) && !text.includes(GOAL) && !text.includes(THEME), "no agreement, agenda or feedback text");
    assert.equal(await page.getByTestId("paused").count(), 1, "the paused pair is marked");
    await page.getByRole("searchbox").or(page.getByPlaceholder(/Mentee eller mentor/)).first().fill("sofie");
    await page.getByTestId("total").filter({ hasText: /^1 mentorforløb$/ }).waitFor({ timeout: 10000 });
    const row = page.getByTestId("overview-row").first();
    assert.ok((await row.innerText()).includes(dictionaries.da["mentorshipStatus.paused"]), "Sofie's row says it is paused");
    assert.ok(await row.getByTestId("paused").isVisible());
    await page.screenshot({ path: path.join(SHOTS, "tab-real-overview.png") });
  });

  it("the mentee sees their own mentorship: the agreed goal and the held meeting's theme, not the confidential text", async () => {
    const page = await signIn("/tab/my?locale=da", PERSONAS.mentee.name);
    await page.getByTestId("my-mentorship").waitFor({ timeout: 20000 });
    assert.match(await page.getByTestId("other-party").innerText(), /Mette Mentor/);
    assert.ok((await page.getByTestId("learning-goals").innerText()).includes(GOAL));
    assert.ok((await page.getByTestId("held").innerText()).includes(THEME));
    assert.ok(!(await page.locator("body").innerText()).includes(CANARY));
    await page.screenshot({ path: path.join(SHOTS, "tab-real-my-mentee.png") });
  });

  it("the mentee downloads the agreed agreement as a Word document from 'My mentorship', in the mentorship's language, at a phone's width too", async () => {
    const phone = await loopbackContext(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, acceptDownloads: true });
    try {
      const page = await signInLocally(await phone.newPage(), `${baseUrl}/tab/my?locale=da`, PERSONAS.mentee.name);
      const documents = page.getByTestId("documents").first();
      await documents.waitFor({ timeout: 20000 });
      const link = documents.getByTestId("agreement-docx");
      assert.equal(await link.innerText(), dictionaries.da["tab.my.agreementDocx"].replace("{version}", "2"));
      assert.equal(await documents.getByTestId("evaluation-docx").count(), 0, "no evaluation before closing");
      await documents.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SHOTS, "tab-real-my-documents-390.png") });
      const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
      assert.match(download.suggestedFilename(), /\.docx$/);
      const file = await download.path();
      const doc = readDocx(new Uint8Array(readFileSync(file)));
      const text = doc.paragraphs.map((p) => p.text).join("\n") + doc.rows.flat().join("\n");
      assert.ok(text.includes(GOAL), "the agreed learning goal is in the file");
      assert.ok(text.includes(PERSONAS.mentee.name) && text.includes(PERSONAS.mentor.name), "the pair's names");
      assert.ok(text.includes(dictionaries.da["agreement.shortTermGoals"]), "under its Danish label");
    } finally {
      await phone.close();
    }
  });

  it("a colleague who is no party sees none of it", async () => {
    const page = await signIn("/tab/my?locale=da", PERSONAS.colleague.name);
    await page.getByText(dictionaries.da["tab.noMentorships"]).waitFor({ timeout: 20000 });
    const text = await page.locator("body").innerText();
    assert.ok(!text.includes(GOAL) && !text.includes(THEME) && !text.includes(PERSONAS.mentee.name));
  });
});
