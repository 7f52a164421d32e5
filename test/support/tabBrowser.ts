/**
 * What every browser test of the tab shares: Debian's Chromium started headless as DEVELOPERS.md
 * says, contexts that reach nothing but loopback, the local sign-in picker, and axe-core.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, type BrowserContextOptions, type Page, chromium } from "playwright-core";

export const ROOT = path.resolve(__dirname, "..", "..");
export const TAB_DIR = path.join(ROOT, "lib", "tab");
export const SHOTS = path.join(ROOT, "test-results", "screenshots");
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** A context that reaches loopback only: any other request is aborted and its URL pushed to `blocked`. */
export async function loopbackContext(browser: Browser, options: BrowserContextOptions = {}, blocked: string[] = []): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "da-DK", ...options });
  await context.route("**/*", (route) => {
    if (LOOPBACK.has(new URL(route.request().url()).hostname)) return route.continue();
    blocked.push(route.request().url());
    return route.abort();
  });
  return context;
}

/** Opens `url` (outside Teams, so the local picker shows) and signs in as the person named. */
export async function signInLocally(page: Page, url: string, name: string): Promise<Page> {
  await page.goto(url);
  await page.getByTestId("local-users").waitFor({ timeout: 20000 });
  await page.locator(`button[data-user="${name}"]`).click();
  await page.getByTestId("signed-in-as").filter({ hasText: name }).waitFor();
  return page;
}

const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/**
 * The WCAG 2.1 A/AA violations axe-core finds in the page as it is now, one line each ("" when
 * none). axe is evaluated by the test, not added as a <script>, which the tab's CSP would refuse.
 * Fluent's focus manager (tabster) puts invisible, aria-hidden focus sentinels (<i data-tabster-dummy>)
 * around focus groups; they only forward focus and are never read out, which axe cannot know.
 */
export async function axeViolations(page: Page): Promise<string> {
  await page.evaluate(AXE);
  const list = await page.evaluate<{ id: string; impact: string | null; help: string; targets: string[] }[]>(`axe
    .run({ include: [["html"]], exclude: [["[data-tabster-dummy]"]] }, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"] })
    .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")) })))`);
  return list.map((v) => `${v.id} (${v.impact}): ${v.help} (${v.targets.join(", ")})`).join("\n");
}
