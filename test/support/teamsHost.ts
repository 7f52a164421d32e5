import type { BrowserContext, ConsoleMessage, Frame, Page, Route } from "playwright-core";

/**
 * A fake Microsoft Teams (web) host for headless Chromium, speaking teams-js's postMessage protocol.
 *
 * Everything goes through `context.route`, so the browser sees real HTTPS origins:
 *   https://teams.microsoft.com/_fakehost/{n}  the host page (an origin teams-js accepts: it is in
 *                                               the library's built-in list of valid origins)
 *   {tabOrigin}/...                             the tab and its API, forwarded with `route.fetch` to
 *                                               the real app server on loopback (headers, CSP included)
 *   https://res.cdn.office.net/teams-js/...     the list of valid origins teams-js fetches on import:
 *                                               `cdn: "fail"` aborts it (as without internet),
 *                                               `cdn: "serve"` answers a valid list
 *   anything else                               aborted and recorded in `unexpected`
 *
 * The protocol, as in @microsoft/teams-js 2.58 (src/internal/communication.ts, appHelpers.ts): the
 * tab posts {id, uuidAsString, func, args, ...} to its parent ('initialize' with targetOrigin "*",
 * later ones to the origin of the host's first answer). The host answers {id, uuidAsString, args} to
 * the tab's origin; a request from the host to the tab is {func, args} with no id ("themeChange").
 *   initialize                    → [frameContext, hostClientType, runtimeConfig (JSON string), sdkVersion]
 *   getContext                    → [legacy context: {theme, locale, userObjectId, tid, ...}]
 *   authentication.getAuthToken   → [true, token] or [false, reason]
 *   appInitialization.success     one-way when the runtime does not declare app.notifySuccessResponse
 *   registerHandler               one-way: ["themeChange"] when the tab registers its theme handler
 * Every message the tab sends is recorded; unknown ones get no answer.
 */

export const TEAMS_HOST_ORIGIN = "https://teams.microsoft.com";
export const TEAMS_JS_CDN_URL = "https://res.cdn.office.net/teams-js/validDomains/json/validDomains.json";

/** A runtime config the installed teams-js (2.58, latestRuntimeApiVersion 4) applies as is. */
export const TEAMS_WEB_RUNTIME = {
  apiVersion: 4,
  hostVersionsInfo: { adaptiveCardSchemaVersion: { majorVersion: 1, minorVersion: 5 } },
  isLegacyTeams: false,
  supports: {
    app: {},
    appInitialization: {},
    authentication: {},
    pages: { appButton: {}, backStack: {}, config: {}, fullTrust: {}, tabs: {} },
    teamsCore: {},
  },
} as const;

export type AuthAnswer = { readonly token: string } | { readonly error: string };

export interface HostOptions {
  /** Path (with query) of the tab under the tab origin, e.g. "/tab/overview". */
  readonly tabPath: string;
  readonly theme: "default" | "dark" | "contrast";
  /** As Teams sends it, e.g. "nb-NO". */
  readonly locale: string;
  readonly userObjectId: string;
  readonly tenantId: string;
  readonly userPrincipalName?: string;
  /** What authentication.getAuthToken answers. */
  readonly auth: AuthAnswer;
  readonly viewport?: { width: number; height: number };
}

export interface HostCall {
  readonly func: string;
  readonly args: unknown[];
}

export interface ForwardedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | null;
}

export interface SecurityViolation {
  readonly directive: string;
  readonly blockedURI: string;
}

export interface TeamsTab {
  readonly page: Page;
  /** The tab's frame (inside the host page). */
  readonly frame: Frame;
  /** What the tab sent to the host, in order. */
  calls(): Promise<HostCall[]>;
  /** Waits until the tab has sent `func` (and, if given, `firstArg` as its first argument). */
  waitForCall(func: string, firstArg?: unknown): Promise<void>;
  /** Pushes a theme change to the tab, as Teams does when the user switches theme. */
  pushTheme(theme: string): Promise<void>;
  /** securitypolicyviolation events in the tab's frame. */
  violations(): Promise<SecurityViolation[]>;
  /** Whether an element matching `selector` (one of FakeTeamsOptions.watch) was ever in the tab's document. */
  everSeen(selector: string): Promise<boolean>;
  /** Console messages of every frame of this page that mention a Content Security Policy. */
  readonly cspConsole: string[];
}

interface Registered {
  readonly options: HostOptions;
}

/**
 * Runs in every frame before its own scripts: records CSP violations, and notes whether an element
 * matching one of `watched` was ever in the document. A string, so the test transpiler cannot add
 * helpers the page does not have.
 */
function frameProbe(watched: readonly string[]): string {
  return `(() => {
  const probe = { violations: [], seen: {} };
  window.__probe = probe;
  document.addEventListener("securitypolicyviolation", (e) => probe.violations.push({ directive: e.effectiveDirective, blockedURI: e.blockedURI }));
  const watched = ${JSON.stringify(watched)};
  const check = () => { for (const sel of watched) if (!probe.seen[sel] && document.querySelector(sel)) probe.seen[sel] = true; };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
})();`;
}

function hostHtml(tabUrl: string, tabOrigin: string, o: HostOptions): string {
  const config = {
    tabOrigin,
    runtime: JSON.stringify(TEAMS_WEB_RUNTIME),
    sdkVersion: "2.58.0",
    context: {
      locale: o.locale,
      theme: o.theme,
      userObjectId: o.userObjectId,
      tid: o.tenantId,
      loginHint: o.userPrincipalName ?? "",
      userPrincipalName: o.userPrincipalName ?? "",
      frameContext: "content",
      hostClientType: "web",
      hostName: "Teams",
      entityId: "overview",
      appSessionId: "00000000-0000-4000-8000-000000000001",
    },
    auth: o.auth,
  };
  // JSON inside a <script>: escape "<" so no value can close the element.
  const json = JSON.stringify(config).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Fake Teams</title>
<style>html,body{margin:0;height:100%;background:#1f1f1f}iframe{border:0;width:100%;height:100%;display:block}</style></head>
<body><iframe id="app" title="tab" src="${tabUrl.replace(/"/g, "&quot;")}"></iframe>
<script>
(() => {
  const cfg = ${json};
  const frame = document.getElementById("app");
  const host = { calls: [] };
  window.__teamsHost = host;
  const post = (msg) => frame.contentWindow.postMessage(msg, cfg.tabOrigin);
  host.push = (func, args) => post({ func, args });
  window.addEventListener("message", (e) => {
    if (e.source !== frame.contentWindow || e.origin !== cfg.tabOrigin) return;
    const m = e.data;
    if (!m || typeof m !== "object" || typeof m.func !== "string") return;
    host.calls.push({ func: m.func, args: Array.isArray(m.args) ? m.args : [] });
    const reply = (args) => post({ id: m.id, uuidAsString: m.uuidAsString, args });
    switch (m.func) {
      case "initialize":
        reply(["content", "web", cfg.runtime, cfg.sdkVersion]);
        break;
      case "getContext":
        reply([cfg.context]);
        break;
      case "authentication.getAuthToken":
        reply("token" in cfg.auth ? [true, cfg.auth.token] : [false, cfg.auth.error]);
        break;
      default:
        break; // one-way messages (appInitialization.success, registerHandler, ...)
    }
  });
})();
</script></body></html>`;
}

export interface FakeTeamsOptions {
  /** The real server, e.g. http://127.0.0.1:1234. */
  readonly backend: string;
  /** The HTTPS origin the tab is served at (routed to the backend). */
  readonly tabOrigin?: string;
  readonly cdn?: "fail" | "serve";
  /** Selectors whose appearance in the tab is recorded from the first moment (see everSeen). */
  readonly watch?: readonly string[];
}

export class FakeTeams {
  readonly tabOrigin: string;
  /** "fail": the valid-origins fetch is aborted (no internet); "serve": a valid list is answered. */
  cdn: "fail" | "serve";
  /** Requests to the valid-origins list that reached the network (i.e. the CSP let them through). */
  readonly cdnRequests: string[] = [];
  /** Requests forwarded to the real server. */
  readonly forwarded: ForwardedRequest[] = [];
  /** Requests to anywhere else (aborted). */
  readonly unexpected: string[] = [];
  private readonly hosts = new Map<string, Registered>();
  private next = 0;

  private constructor(
    private readonly context: BrowserContext,
    private readonly backend: string,
    tabOrigin: string,
    cdn: "fail" | "serve",
    readonly watched: readonly string[],
  ) {
    this.tabOrigin = tabOrigin;
    this.cdn = cdn;
  }

  static async install(context: BrowserContext, o: FakeTeamsOptions): Promise<FakeTeams> {
    const teams = new FakeTeams(context, o.backend.replace(/\/$/, ""), o.tabOrigin ?? "https://mentor.example.test", o.cdn ?? "fail", o.watch ?? ['[data-testid="local-users"]']);
    await context.addInitScript({ content: frameProbe(teams.watched) });
    await context.route("**/*", (route) => teams.handle(route));
    return teams;
  }

  private async handle(route: Route): Promise<void> {
    const request = route.request();
    const url = new URL(request.url());
    if (url.origin === TEAMS_HOST_ORIGIN && url.pathname.startsWith("/_fakehost/")) {
      const registered = this.hosts.get(url.pathname);
      if (!registered) return route.fulfill({ status: 404, body: "no such host page" });
      const tabUrl = `${this.tabOrigin}${registered.options.tabPath}`;
      return route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: hostHtml(tabUrl, this.tabOrigin, registered.options) });
    }
    if (url.origin === this.tabOrigin) {
      this.forwarded.push({ method: request.method(), path: url.pathname + url.search, authorization: (await request.headerValue("authorization")) ?? null });
      const response = await route.fetch({ url: `${this.backend}${url.pathname}${url.search}`, maxRedirects: 0 });
      return route.fulfill({ response });
    }
    if (`${url.origin}${url.pathname}` === TEAMS_JS_CDN_URL) {
      this.cdnRequests.push(url.href);
      if (this.cdn === "fail") return route.abort("internetdisconnected");
      return route.fulfill({
        status: 200,
        contentType: "application/json",
        headers: { "access-control-allow-origin": "*" },
        body: JSON.stringify({ validOrigins: ["teams.microsoft.com", "*.teams.microsoft.com", "*.cloud.microsoft", "*.office.com", "*.microsoft365.com"] }),
      });
    }
    if (!(url.origin === TEAMS_HOST_ORIGIN && url.pathname === "/favicon.ico")) this.unexpected.push(url.href);
    return route.abort("blockedbyclient");
  }

  /** Opens the host page with the tab in its iframe; resolves once the tab's frame has loaded. */
  async open(options: HostOptions): Promise<TeamsTab> {
    const hostPath = `/_fakehost/${++this.next}`;
    this.hosts.set(hostPath, { options });
    const page = await this.context.newPage();
    if (options.viewport) await page.setViewportSize(options.viewport);
    const cspConsole: string[] = [];
    page.on("console", (m: ConsoleMessage) => {
      if (/content security policy/i.test(m.text())) cspConsole.push(m.text());
    });
    await page.goto(`${TEAMS_HOST_ORIGIN}${hostPath}`);
    const handle = await page.waitForSelector("#app");
    const frame = await handle.contentFrame();
    if (!frame) throw new Error("the host page has no tab frame");
    await frame.waitForLoadState("load");
    const watched = this.watched;
    const hostCalls = () => page.evaluate(() => (globalThis as unknown as { __teamsHost: { calls: HostCall[] } }).__teamsHost.calls);
    return {
      page,
      frame,
      cspConsole,
      calls: hostCalls,
      async waitForCall(func, firstArg) {
        await page.waitForFunction(
          ([f, a, hasArg]) => (globalThis as unknown as { __teamsHost: { calls: HostCall[] } }).__teamsHost.calls.some((c) => c.func === f && (!hasArg || c.args[0] === a)),
          [func, firstArg, firstArg !== undefined] as const,
          { timeout: 10000 },
        );
      },
      async pushTheme(theme) {
        await page.evaluate((t) => (globalThis as unknown as { __teamsHost: { push: (f: string, a: unknown[]) => void } }).__teamsHost.push("themeChange", [t]), theme);
      },
      violations: () => frame.evaluate(() => (globalThis as unknown as { __probe: { violations: SecurityViolation[] } }).__probe.violations),
      everSeen: async (selector) => {
        if (!watched.includes(selector)) throw new Error(`${selector} is not watched: pass it in FakeTeamsOptions.watch`);
        return frame.evaluate((sel) => (globalThis as unknown as { __probe: { seen: Record<string, boolean> } }).__probe.seen[sel] === true, selector);
      },
    };
  }
}
