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
 * Only Teams (and Microsoft 365) may frame the tab; it loads nothing from elsewhere.
 * https://learn.microsoft.com/microsoftteams/platform/tabs/how-to/tab-requirements
 */
const CSP = [
  "default-src 'self'",
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
      "Content-Security-Policy": CSP,
      "X-Content-Type-Options": "nosniff",
    });
    createReadStream(file).pipe(res);
  });
}
