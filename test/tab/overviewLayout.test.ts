import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { buildTabOnce } from "../support/tabBuild";
import { CHROMIUM_PATH, SHOTS, TAB_DIR, launchChromium, loopbackContext, signInLocally } from "../support/tabBrowser";
import { type FakeApi, USERS, startApi } from "./fakeApi";

/**
 * Nothing in the overview's rows is cut off: every flag, badge and name is shown whole (or, where
 * a short label stands for a longer text, the full text is its tooltip and accessible name) — at
 * the widths a coordinator's Teams window has, in all three languages.
 */
describe("tab: the overview's rows show their content whole (Chromium, fake API)", function () {
  this.timeout(120000);
  let api: FakeApi;
  let browser: Browser;
  let context: BrowserContext;

  before(async function () {
    this.timeout(180000);
    if (!existsSync(CHROMIUM_PATH)) this.skip();
    buildTabOnce();
    mkdirSync(SHOTS, { recursive: true });
    api = await startApi({ staticDir: TAB_DIR, rows: 40 });
    // The busiest row there can be: waiting for its chat, paused, and every flag.
    const busy = api.rows.find((r) => r.flags.length === 4);
    assert.ok(busy);
    Object.assign(busy, { paused: true, awaitingChat: true });
    browser = await launchChromium();
  });

  after(async function () {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await api?.stop();
  });

  for (const width of [1280, 1024]) {
    for (const locale of ["da", "nb", "en"] as const) {
      it(`${locale} at ${width} px: no cell cuts its text`, async () => {
        context = await loopbackContext(browser, { viewport: { width, height: 800 } });
        const page = await context.newPage();
        await signInLocally(page, `${api.baseUrl}/tab/overview?locale=${locale}`, USERS.coordinator.name);
        await page.getByTestId("overview-row").first().waitFor();
        await page.locator('[data-flag="mentorOverloaded"]').first().waitFor();
        // Evaluated in the page (as a string: the test's own compile has no DOM types).
        const cut = await page.evaluate<string[]>(`(() => {
          const found = [];
          for (const row of document.querySelectorAll('[data-testid="overview-row"]')) {
            for (const el of row.querySelectorAll("*")) {
              const text = (el.textContent || "").trim();
              if (!text) continue;
              const style = getComputedStyle(el);
              const clips = style.overflowX !== "visible" || style.textOverflow === "ellipsis";
              if (clips && el.scrollWidth > el.clientWidth + 1) found.push(el.tagName + ' "' + text.slice(0, 40) + '" ' + el.scrollWidth + ">" + el.clientWidth);
              if (clips && style.overflowY !== "visible" && el.scrollHeight > el.clientHeight + 1) found.push(el.tagName + ' "' + text.slice(0, 40) + '" height ' + el.scrollHeight + ">" + el.clientHeight);
            }
          }
          return found;
        })()`);
        await page.screenshot({ path: path.join(SHOTS, `tab-overview-flags-${locale}-${width}.png`) });
        assert.deepEqual(cut, [], "cut-off content");
        // A short label stands for the flag's full text, which is its accessible name and tooltip.
        const badge = page.locator('[data-flag="agreementOverdue"]').first();
        assert.ok(((await badge.getAttribute("aria-label")) ?? "").length > ((await badge.innerText()) ?? "").length);
        assert.equal(await badge.getAttribute("title"), await badge.getAttribute("aria-label"));
        await context.close();
      });
    }
  }
});
