// Issue 14: the privacy statement and the terms of use the manifest names (developer.privacyUrl,
// termsOfUseUrl), served by the app in da, nb and en from docs/, as plain pages that load nothing.
import { strict as assert } from "node:assert";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { LegalPages, pageLanguage, renderLegalPages } from "../../src/http/legalPages";

const DOCS = path.resolve(__dirname, "..", "..", "docs");

describe("the privacy statement and terms of use pages", () => {
  it("exist in da, nb and en in docs/, and each language renders its own file", () => {
    const render = renderLegalPages(DOCS);
    for (const page of LegalPages.filter((p) => p === "terms")) {
      const texts = new Set<string>();
      for (const lang of ["da", "nb", "en"] as const) {
        assert.ok(fs.existsSync(path.join(DOCS, `${page}.${lang}.md`)), `docs/${page}.${lang}.md`);
        const html = render(page, lang);
        assert.ok(html, `${page} ${lang}`);
        assert.match(html, new RegExp(`<html lang="${lang}">`));
        assert.ok(!/<script|https?:\/\/(?!developer)[^"]*\.(js|css)/i.test(html), "loads no script or style from anywhere");
        texts.add(html.replace(/<nav[\s\S]*?<\/nav>/, ""));
      }
      assert.equal(texts.size, 3, `${page}: three different texts`);
    }
  });

  it("turns markdown into HTML and never passes HTML in the source through", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "legal-"));
    try {
      fs.writeFileSync(path.join(dir, "terms.en.md"), "# Title\n\n<script>alert(1)</script>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
      const html = renderLegalPages(dir)("terms", "da") ?? "";
      assert.match(html, /<h1>Title<\/h1>/);
      assert.match(html, /<table>/);
      assert.ok(!html.includes("<script>"), "escaped");
      assert.ok(html.includes("&lt;script&gt;"));
      assert.equal(renderLegalPages(dir)("privacy", "en"), null, "no file: no page (404)");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("picks the language from ?lang=, then Accept-Language (nn and no read Bokmål), else English", () => {
    assert.equal(pageLanguage("nb", "da"), "nb");
    assert.equal(pageLanguage(undefined, "da-DK,da;q=0.9,en;q=0.8"), "da");
    assert.equal(pageLanguage(undefined, "nn-NO"), "nb");
    assert.equal(pageLanguage(undefined, "de-DE,sv;q=0.5"), "en");
    assert.equal(pageLanguage("xx", undefined), "en");
  });
});
