import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { loadConfig } from "../../src/config";
import { silentLogger } from "../../src/log";
import { buildApp } from "../../src/main";
import { freshStore } from "../support/azurite";
import { PERSONAS, TENANT_ID, localAppConfig } from "../support/e2e";
import { pairThroughUseCases } from "../support/pairs";
import { buildTabOnce } from "../support/tabBuild";
import { CHROMIUM_PATH, axeViolations, launchChromium, loopbackContext, signInLocally } from "../support/tabBrowser";

/**
 * Accessibility of the tab, checked by axe-core (WCAG 2.1 A and AA rules) in headless Chromium
 * against the real server: the overview and "My mentorship" in the default, dark and high-contrast
 * themes, with a paused pair and a pair still waiting for its chat in the list.
 */

describe("tab accessibility (axe-core, WCAG 2.1 AA) against the real server", function () {
  this.timeout(180000);
  let browser: Browser;
  let context: BrowserContext;
  let baseUrl = "";
  let stop: () => Promise<void> = async () => {};

  before(async function () {
    if (!existsSync(CHROMIUM_PATH)) throw new Error(`no Chromium at ${CHROMIUM_PATH}`);
    buildTabOnce();
    const { connectionString, tableName } = await freshStore();
    const app = await buildApp({ config: loadConfig(localAppConfig(connectionString, tableName)), clock: { now: () => new Date("2027-03-01T08:00:00Z") }, log: silentLogger });
    // One pair agreed and paused, one prepared by the coordinator and waiting for its chat.
    const paired = await pairThroughUseCases(app.service, { chatId: "19:a11y@thread.v2", mentee: PERSONAS.mentee, programme: "klds", unit: "Børn og familie" });
    assert.ok((await app.service.setPaused(TENANT_ID, paired, true)).ok);
    const prepared = await app.coordinator.create(TENANT_ID, PERSONAS.coordinator.aadObjectId, {
      menteeAadObjectId: PERSONAS.colleague2.aadObjectId,
      mentorAadObjectId: PERSONAS.colleague.aadObjectId,
      programme: "kristiansand",
      firstWorkingDay: "2027-03-15",
      unit: "Sykehjem Vest",
      language: "nb",
    });
    assert.ok(prepared.ok);
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

  it("the local sign-in picker has no violations", async () => {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/tab/overview?locale=da`);
    await page.getByTestId("local-users").waitFor({ timeout: 20000 });
    assert.equal(await axeViolations(page), "");
  });

  for (const theme of ["default", "dark", "contrast"] as const) {
    it(`the overview (${theme}) has no violations`, async () => {
      const page = await signIn(`/tab/overview?locale=da&theme=${theme}`, PERSONAS.coordinator.name);
      await page.getByTestId("overview-row").nth(1).waitFor({ timeout: 20000 });
      assert.equal(await axeViolations(page), "");
    });

    it(`"My mentorship" (${theme}) has no violations`, async () => {
      const page = await signIn(`/tab/my?locale=nb&theme=${theme}`, PERSONAS.mentee.name);
      await page.getByTestId("my-mentorship").waitFor({ timeout: 20000 });
      assert.equal(await axeViolations(page), "");
    });
  }
});
