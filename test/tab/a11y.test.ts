import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { Actor, Member } from "../../src/app/actor";
import { loadConfig } from "../../src/config";
import { silentLogger } from "../../src/log";
import { buildApp } from "../../src/main";
import { freshStore } from "../support/azurite";
import { PERSONAS, TENANT_ID, localAppConfig } from "../support/e2e";
import { buildTabOnce } from "../support/tabBuild";
import { CHROMIUM_PATH, axeViolations, launchChromium, loopbackContext, signInLocally } from "../support/tabBrowser";

/**
 * Accessibility of the tab, checked by axe-core (WCAG 2.1 A and AA rules) in headless Chromium
 * against the real server: the overview and "My mentorship" in the default, dark and high-contrast
 * themes, with a paused pair and a pair still waiting for its chat in the list.
 */
const member = (p: { id: string; name: string; aadObjectId: string }): Member => ({ aadObjectId: p.aadObjectId, name: p.name, channelUserId: p.id });
const actor = (p: { id: string; name: string; aadObjectId: string }): Actor => ({ ...member(p), tenantId: TENANT_ID, language: "da" });

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
    const conv = { tenantId: TENANT_ID, conversationId: "19:a11y@thread.v2", conversationType: "groupChat" as const, reference: {} };
    const members = [member(PERSONAS.mentor), member(PERSONAS.mentee)];
    const setup = await app.service.beginSetup(actor(PERSONAS.mentor), conv, members);
    assert.ok(setup.ok);
    const created = await app.service.completeSetup(actor(PERSONAS.mentor), conv, { setupId: setup.value.setupId, programme: "klds", firstWorkingDay: "2027-01-04", unit: "Børn og familie", language: "da" }, members);
    assert.ok(created.ok);
    assert.ok((await app.service.setPaused(TENANT_ID, created.value.id, true)).ok);
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
