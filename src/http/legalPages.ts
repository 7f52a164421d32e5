import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import MarkdownIt from "markdown-it";
import type restify from "restify";

/**
 * The privacy statement and the terms of use the Teams manifest names (developer.privacyUrl and
 * termsOfUseUrl: the Store requires both, and an admin reads them before approving the app). One
 * source: docs/privacy.<lang>.md and docs/terms.<lang>.md, rendered here as plain pages in da, nb and
 * en (?lang=, else the browser's Accept-Language, else English). No script, no external resource.
 */
export const LegalPages = ["privacy", "terms"] as const;
export type LegalPage = (typeof LegalPages)[number];
const LANGS = ["da", "nb", "en"] as const;
type Lang = (typeof LANGS)[number];

const TITLES: Record<LegalPage, Record<Lang, string>> = {
  privacy: { da: "Privatlivserklæring", nb: "Personvernerklæring", en: "Privacy statement" },
  terms: { da: "Vilkår for brug", nb: "Bruksvilkår", en: "Terms of use" },
};
const LANG_NAMES: Record<Lang, string> = { da: "Dansk", nb: "Norsk bokmål", en: "English" };

/** Plain pages: their own inline style and nothing else; opened in a browser by Teams, never framed. */
export const LEGAL_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The language asked for: ?lang= first, then the first of Accept-Language we have (nn and no read Bokmål). */
export function pageLanguage(query: string | undefined, acceptLanguage: string | undefined): Lang {
  if (query && (LANGS as readonly string[]).includes(query)) return query as Lang;
  for (const part of (acceptLanguage ?? "").split(",")) {
    const tag = part.trim().split(";")[0]?.toLowerCase().split("-")[0] ?? "";
    if (tag === "da") return "da";
    if (tag === "nb" || tag === "nn" || tag === "no") return "nb";
    if (tag === "en") return "en";
  }
  return "en";
}

/** Renders the pages once from `docsDir`; a language whose file is missing falls back to English. */
export function renderLegalPages(docsDir: string): (page: LegalPage, lang: Lang) => string | null {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  const cache = new Map<string, string | null>();
  return (page, lang) => {
    const key = `${page}.${lang}`;
    if (cache.has(key)) return cache.get(key) ?? null;
    const file = [lang, "en"].map((l) => path.join(docsDir, `${page}.${l}.md`)).find((f) => existsSync(f));
    const html = file
      ? `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${TITLES[page][lang]} – Mentor</title>
<style>body{font-family:"Segoe UI",system-ui,sans-serif;line-height:1.5;max-width:46rem;margin:0 auto;padding:1rem;color:#242424}table{border-collapse:collapse;display:block;overflow-x:auto}td,th{border:1px solid #d1d1d1;padding:.3rem .5rem;text-align:left;vertical-align:top}nav a{margin-right:1rem;display:inline-block;min-height:44px;line-height:44px}code{overflow-wrap:anywhere}</style>
</head><body>
<nav aria-label="${lang === "en" ? "Language" : "Sprog"}">${LANGS.map((l) => (l === lang ? `<strong>${LANG_NAMES[l]}</strong>` : `<a href="?lang=${l}" hreflang="${l}">${LANG_NAMES[l]}</a>`)).join(" ")}</nav>
<main>${md.render(readFileSync(file, "utf8"))}</main>
</body></html>`
      : null;
    cache.set(key, html);
    return html;
  };
}

/** GET /privacy and /terms. */
export function mountLegalPages(server: restify.Server, docsDir: string): void {
  const render = renderLegalPages(docsDir);
  for (const page of LegalPages) {
    server.get(`/${page}`, async (req: restify.Request, res: restify.Response) => {
      const q = new URL(req.url ?? "/", "http://localhost").searchParams.get("lang") ?? undefined;
      const lang = pageLanguage(q, req.headers["accept-language"]);
      const html = render(page, lang);
      if (html === null) {
        res.send(404, { error: "Not found." });
        return;
      }
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": LEGAL_CSP, "Content-Language": lang, "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" });
      res.end(html);
    });
  }
}
