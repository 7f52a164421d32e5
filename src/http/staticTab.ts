import { createReadStream, existsSync, statSync } from "node:fs";
import path from "node:path";
import type restify from "restify";

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json; charset=utf-8",
  ".woff2": "font/woff2",
};

/**
 * Where @microsoft/teams-js (2.58: src/internal/constants.ts, validOriginsCdnEndpoint) fetches its
 * list of valid host origins when the tab runs inside a host. Without it in connect-src the browser
 * refuses the fetch (a CSP violation on every load in Teams); teams-js then falls back to its
 * built-in list, as it also does when the fetch fails or times out (1.5 s). Check it when teams-js
 * is upgraded: test/tab/inTeams.test.ts fails on a violation.
 */
export const TEAMS_JS_VALID_ORIGINS_URL = "https://res.cdn.office.net/teams-js/validDomains/json/validDomains.json";

/**
 * Only Teams (and Microsoft 365) may frame the tab; it loads nothing from elsewhere and connects
 * only to its own API and to teams-js's list of valid origins (that one file, not the whole CDN).
 * No <base> and no form submission anywhere (the tab's forms are handled in script and post with
 * fetch), no plugins.
 * https://learn.microsoft.com/microsoftteams/platform/tabs/how-to/tab-requirements
 */
export const TAB_CSP = [
  "default-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
  `connect-src 'self' ${TEAMS_JS_VALID_ORIGINS_URL}`,
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.cloud.microsoft https://*.office.com https://*.microsoft365.com",
].join("; ");

/**
 * The built tab (vite → lib/tab) under /tab/: files by path, and index.html for the app's own
 * routes (/tab/overview, /tab/my). A path never leaves the folder.
 */
export function mountStaticTab(server: restify.Server, directory: string): void {
  const root = path.resolve(directory);
  server.get("/tab/*", async (req: restify.Request, res: restify.Response) => {
    const requested = decodeURIComponent((req.path() ?? "").replace(/^\/tab\/?/, ""));
    let file = path.resolve(root, requested);
    if (!file.startsWith(root + path.sep) && file !== root) {
      res.send(404, { error: "Not found." });
      return;
    }
    if (!existsSync(file) || statSync(file).isDirectory()) file = path.join(root, "index.html");
    if (!existsSync(file)) {
      res.send(404, { error: "The tab is not built: run npm run build." });
      return;
    }
    const type = TYPES[path.extname(file)] ?? "application/octet-stream";
    const immutable = file.includes(`${path.sep}assets${path.sep}`);
    res.writeHead(200, {
      "Content-Type": type,
      "Cache-Control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
      "Content-Security-Policy": TAB_CSP,
      "X-Content-Type-Options": "nosniff",
    });
    createReadStream(file).pipe(res);
  });
}
