import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, type Page, chromium } from "playwright-core";
import type { Actor, Member } from "../../src/app/actor";
import { loadConfig } from "../../src/config";
import { silentLogger } from "../../src/log";
import { buildApp } from "../../src/main";
import { freshStore } from "../support/azurite";
import { PERSONAS, TENANT_ID, localAppConfig } from "../support/e2e";
import { buildTabOnce } from "../support/tabBuild";

/**
 * Accessibility of the tab, checked by axe-core (WCAG 2.1 A and AA rules) in headless Chromium
 * against the real server: the overview and "My mentorship" in the default, dark and high-contrast
 * themes, with a paused pair and a pair still waiting for its chat in the list.
 */
const ROOT = path.resolve(__dirname, "..", "..");
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const member = (p: { id: string; name: string; aadObjectId: string }): Member => ({ aadObjectId: p.aadObjectId, name: p.name, channelUserId: p.id });
const actor = (p: { id: string; name: string; aadObjectId: string }): Actor => ({ ...member(p), tenantId: TENANT_ID, language: "da" });

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Runs axe in the page; returns the WCAG 2.1 A/AA violations, described for an assertion message. */
export async function axeViolations(page: Page): Promise<{ list: AxeViolation[]; text: string }> {
  await page.evaluate(AXE);
  const list = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    // Fluent's focus manager (tabster) puts invisible, aria-hidden focus sentinels (<i data-tabster-dummy>)
    // around focus groups; they forward focus and are never read out. axe cannot know that.
    const r = await axe.run({ include: [["html"]], exclude: [["[data-tabster-dummy]"]] }, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, ...(n.failureSummary ? { failureSummary: n.failureSummary } : {}) })) }));
  });
  const text = list.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(" ")}: ${n.failureSummary ?? ""}`).join("\n")}`).join("\n");
  return { list, text };
}

describe("tab accessibility (axe-core, WCAG 2.1 AA) against the real server", function () {
  this.timeout(180000);
  let browser: Browser;
  let context: BrowserContext;
  let baseUrl = "";
  let stop: () => Promise<void> = async () => {};

  before(async function () {
    if (!existsSync(CHROMIUM_PATH)) throw new Error(`no Chromium at ${CHROMIUM_PATH}`);
    buildTabOnce();
    mkdirSync(path.join(ROOT, "test-results", "screenshots"), { recursive: true });
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
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS, headless: true });
    // axe is injected as a script: the tab's CSP (script-src 'self') would refuse it.
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "da-DK", bypassCSP: true });
    await context.route("**/*", (route) => (["127.0.0.1", "localhost"].includes(new URL(route.request().url()).hostname) ? route.continue() : route.abort()));
  });

  after(async function () {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await stop();
  });

  async function signIn(where: string, name: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${baseUrl}${where}`);
    await page.getByTestId("local-users").waitFor({ timeout: 20000 });
    return page.locator(`button[data-user="${name}"]`).click().then(async () => {
      await page.getByTestId("signed-in-as").filter({ hasText: name }).waitFor();
      return page;
    });
  }

  it("the local sign-in picker has no violations", async () => {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/tab/overview?locale=da`);
    await page.getByTestId("local-users").waitFor({ timeout: 20000 });
    const { list, text } = await axeViolations(page);
    assert.equal(list.length, 0, text);
  });

  for (const theme of ["default", "dark", "contrast"] as const) {
    it(`the overview (${theme}) has no violations`, async () => {
      const page = await signIn(`/tab/overview?locale=da&theme=${theme}`, PERSONAS.coordinator.name);
      await page.getByTestId("overview-row").nth(1).waitFor({ timeout: 20000 });
      const { list, text } = await axeViolations(page);
      assert.equal(list.length, 0, text);
    });

    it(`"My mentorship" (${theme}) has no violations`, async () => {
      const page = await signIn(`/tab/my?locale=nb&theme=${theme}`, PERSONAS.mentee.name);
      await page.getByTestId("my-mentorship").waitFor({ timeout: 20000 });
      const { list, text } = await axeViolations(page);
      assert.equal(list.length, 0, text);
    });
  }
});
