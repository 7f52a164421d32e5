import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { loadConfig } from "../../src/config";
import { silentLogger } from "../../src/log";
import { buildApp } from "../../src/main";
import { dictionaries } from "../../src/tab/i18n";
import { freshStore } from "../support/azurite";
import { PERSONAS, TENANT_ID } from "../support/e2e";
import { pairThroughUseCases } from "../support/pairs";
import { type JwksServer, ssoClaims, startJwks } from "../support/jwks";
import { FakeTeams, type HostOptions, type TeamsTab } from "../support/teamsHost";
import { buildTabOnce } from "../support/tabBuild";
import { CHROMIUM_PATH, SHOTS, launchChromium } from "../support/tabBrowser";

/**
 * The tab inside (a fake) Teams: the host page at https://teams.microsoft.com frames the tab, served
 * over a routed HTTPS origin by the REAL server in Entra SSO mode (tokens checked against a loopback
 * JWKS) on Azurite, with a mentorship made through the real use cases. teams-js in the tab talks to
 * the host with postMessage: initialize, getContext (theme, locale), getAuthToken, notifySuccess,
 * theme changes. The valid-origins list teams-js fetches from res.cdn.office.net is aborted (no
 * internet) except in the test that serves it.
 */
const CLIENT_ID = "0b7e7c55-3c1f-4a8e-9d1a-5f0c2e6b9a11";
const NOW = new Date("2027-03-01T08:00:00Z");


describe("tab inside Teams (fake Teams host, real server in SSO mode)", function () {
  this.timeout(180000);
  let browser: Browser;
  let context: BrowserContext;
  let jwks: JwksServer;
  let teams: FakeTeams;
  let stop: () => Promise<void> = async () => {};

  /** A v2 Teams SSO access token for this app, as Entra issues it. */
  function ssoToken(who: { name: string; aadObjectId: string }, over: Record<string, unknown> = {}): string {
    return jwks.sign(ssoClaims(who, { tenantId: TENANT_ID, clientId: CLIENT_ID, now: NOW }, over));
  }

  const coordinatorIn = (theme: HostOptions["theme"], locale: string, auth: HostOptions["auth"]): HostOptions => ({
    tabPath: "/tab/overview",
    theme,
    locale,
    userObjectId: PERSONAS.coordinator.aadObjectId,
    tenantId: TENANT_ID,
    userPrincipalName: PERSONAS.coordinator.email,
    auth,
  });

  async function noCspViolation(tab: TeamsTab): Promise<void> {
    assert.deepEqual(await tab.violations(), [], "securitypolicyviolation events in the tab");
    assert.deepEqual(tab.cspConsole, [], "console messages about the Content Security Policy");
  }

  before(async function () {
    if (!existsSync(CHROMIUM_PATH)) throw new Error(`no Chromium at ${CHROMIUM_PATH}`);
    buildTabOnce();
    mkdirSync(SHOTS, { recursive: true });

    jwks = await startJwks();
    const { connectionString, tableName } = await freshStore();
    const config = loadConfig({
      BOT_HOST: "127.0.0.1",
      BOT_PORT: "0",
      LOCAL_ANONYMOUS_BOT: "true",
      STORAGE_CONNECTION_STRING: connectionString,
      TABLE_NAME: tableName,
      ALLOWED_TENANT_IDS: TENANT_ID,
      TAB_CLIENT_ID: CLIENT_ID,
      TAB_APP_ID_URI: `api://mentor.example.test/${CLIENT_ID}`,
      // The loopback JWKS serves its keys at /keys whatever the query: {tid} only has to be in the URL.
      TAB_JWKS_URL_TEMPLATE: `${new URL("/keys", jwks.metadataUrl).href}?tenant={tid}`,
    });
    assert.equal(config.tab?.kind, "entra");
    const app = await buildApp({ config, clock: { now: () => NOW }, log: silentLogger });

    // One pair, made through the real use cases, with the agreement accepted by both.
    await pairThroughUseCases(app.service, { chatId: "19:in-teams-niels@thread.v2", mentee: PERSONAS.mentee, programme: "kristiansand", unit: "Sykehjem Vest", language: "nb", until: "agreed" });

    await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
    const backend = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    stop = () => new Promise<void>((resolve) => app.server.close(() => resolve()));

    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "da-DK" });
    teams = await FakeTeams.install(context, { backend, cdn: "fail" });
  });

  after(async function () {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await stop();
    await jwks?.close();
  });

  it("signs the coordinator in with the SSO token: dark, Norwegian, the overview with the pair, live theme change, no CSP violation", async () => {
    teams.cdn = "fail";
    const token = ssoToken(PERSONAS.coordinator, { roles: ["Coordinator"] });
    const seenBefore = teams.forwarded.length;
    const tab = await teams.open(coordinatorIn("dark", "nb-NO", { token }));
    const { frame } = tab;

    await frame.getByTestId("overview-row").first().waitFor({ timeout: 20000 });
    assert.equal(await frame.getByTestId("overview-row").count(), 1);
    const row = await frame.getByTestId("overview-row").first().innerText();
    assert.ok(row.includes(PERSONAS.mentee.name) && row.includes(PERSONAS.mentor.name), row);
    assert.match(await frame.getByTestId("signed-in-as").innerText(), new RegExp(PERSONAS.coordinator.name));

    // (a) the token from getAuthToken is the one the tab sent; the local picker never showed.
    const forwarded = teams.forwarded.slice(seenBefore);
    const whoami = forwarded.find((r) => r.path === "/api/tab/whoami");
    assert.equal(whoami?.authorization, `Bearer ${token}`);
    assert.ok(!forwarded.some((r) => r.path.startsWith("/api/tab/local-")), `no local-mode call: ${forwarded.map((r) => r.path).join(", ")}`);
    assert.equal(await tab.everSeen('[data-testid="local-users"]'), false, "the local user picker was shown");

    // (c) Norwegian from the context's locale.
    assert.equal(await frame.locator("html").getAttribute("lang"), "nb");
    assert.equal(await frame.title(), dictionaries.nb["tab.appTitle"]);
    await frame.getByRole("tab", { name: dictionaries.nb["tab.navOverview"] }).waitFor();
    assert.notEqual(dictionaries.nb["tab.navOverview"], dictionaries.da["tab.navOverview"], "the check tells Norwegian from Danish");

    // (b) the context's theme, then a pushed change.
    assert.equal(await frame.locator('[data-theme="dark"]').count(), 1);
    await tab.page.screenshot({ path: path.join(SHOTS, "tab-in-teams-dark-overview.png") });
    await tab.waitForCall("registerHandler", "themeChange");
    await tab.pushTheme("contrast");
    await frame.locator('[data-theme="contrast"]').waitFor({ timeout: 5000 });
    assert.equal(await frame.locator('[data-theme="dark"]').count(), 0);

    // (d) the host was told the app loaded.
    const calls = (await tab.calls()).map((c) => c.func);
    assert.ok(calls.includes("appInitialization.success"), calls.join(", "));
    assert.deepEqual(calls.slice(0, 2), ["initialize", "getContext"]);

    // (f) teams-js fetched its valid-origins list (the CSP let it through; here it failed) and nothing broke.
    await noCspViolation(tab);
    assert.ok(teams.cdnRequests.length > 0, "teams-js's valid-origins fetch never reached the network");
    assert.deepEqual(teams.unexpected, [], "requests to anywhere but the tab, the host and the CDN list");
    await tab.page.close();
  });

  it("shows a clear error and no data when the server refuses the SSO token (wrong audience)", async () => {
    const token = ssoToken(PERSONAS.coordinator, { roles: ["Coordinator"], aud: "00000003-0000-0000-c000-000000000000" });
    const tab = await teams.open(coordinatorIn("default", "en-US", { token }));
    const { frame } = tab;
    await frame.getByText(dictionaries.en["tab.ssoRefused"]).waitFor({ timeout: 20000 });
    assert.equal(await frame.getByTestId("overview-row").count(), 0);
    const text = await frame.locator("body").innerText();
    assert.ok(!text.includes(PERSONAS.mentee.name) && !text.includes("Sykehjem"), "no mentorship data");
    assert.ok(!text.includes("401") && !text.includes("/api/"), `no technical detail: ${text}`);
    assert.equal(await tab.everSeen('[data-testid="local-users"]'), false, "no fallback to the local picker");
    assert.equal(await frame.locator('[data-theme="default"]').count(), 1);
    await noCspViolation(tab);
    await tab.page.close();
  });

  it("explains, in the user's language, that consent is needed when getAuthToken fails (valid-origins list served)", async () => {
    teams.cdn = "serve";
    const cdnBefore = teams.cdnRequests.length;
    const seenBefore = teams.forwarded.length;
    const tab = await teams.open(coordinatorIn("default", "da-DK", { error: "resourceRequiresConsent" }));
    const { frame } = tab;
    await frame.getByText(dictionaries.da["tab.ssoConsentRequired"]).waitFor({ timeout: 20000 });
    assert.ok(!(await frame.locator("body").innerText()).includes("resourceRequiresConsent"), "no raw error code");
    assert.ok(!teams.forwarded.slice(seenBefore).some((r) => r.path.startsWith("/api/")), "no API call without a token");
    assert.equal(await tab.everSeen('[data-testid="local-users"]'), false);
    await tab.waitForCall("appInitialization.success");
    assert.ok(teams.cdnRequests.length > cdnBefore, "the valid-origins list was fetched");
    await noCspViolation(tab);
    await tab.page.close();
    teams.cdn = "fail";
  });
});
