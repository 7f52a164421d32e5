import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

const SRC = path.join(__dirname, "../../src");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : full.endsWith(".ts") || full.endsWith(".tsx") ? [full] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^\s*(?:import|export)[^'"]*from\s+["']([^"']+)["']/gm)].map((m) => m[1] ?? "");
}

const PROGRAMME_ID = /\b(klds|kristiansand)\b/;

/** The string literals, template parts and JSX texts of a source (comments excluded) that name a programme id. */
function literalsIn(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, fileName.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node) || ts.isJsxText(node)) {
      if (PROGRAMME_ID.test(node.text)) found.push(node.getText(source).trim());
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function programmeLiterals(file: string): string[] {
  return literalsIn(file, readFileSync(file, "utf8"));
}

describe("Architecture rules", () => {
  const files = sources(SRC);

  it("keeps every botbuilder import inside src/adapters/bot, so moving off the archived SDK touches one folder", () => {
    const offenders = files.filter((f) => !f.includes(`${path.sep}adapters${path.sep}bot${path.sep}`) && imports(f).some((i) => /^botbuilder|^botframework-/.test(i)));
    assert.deepEqual(offenders.map((f) => path.relative(SRC, f)), []);
    assert.ok(files.some((f) => imports(f).some((i) => i === "botbuilder")), "the rule is checking something");
  });

  it("keeps the domain pure: it imports only other domain modules", () => {
    const root = path.join(SRC, "domain");
    const domain = files.filter((f) => f.includes(`${path.sep}domain${path.sep}`));
    assert.ok(domain.length > 3);
    for (const f of domain) {
      for (const i of imports(f)) {
        // Relative, and still inside src/domain (the programme policies sit in a folder of their own).
        const inside = i.startsWith(".") && !path.relative(root, path.resolve(path.dirname(f), i)).startsWith("..");
        assert.ok(inside, `${path.relative(SRC, f)} imports ${i}`);
      }
    }
  });

  /** The src folders a file's relative imports reach ("domain", "ports", "adapters/bot", …), and its package imports. */
  const reach = (f: string) =>
    imports(f).map((i) => (i.startsWith(".") ? path.relative(SRC, path.resolve(path.dirname(f), i)).split(path.sep).join("/") : `package:${i}`));
  const under = (folder: string) => files.filter((f) => path.relative(SRC, f).split(path.sep).join("/").startsWith(`${folder}/`));

  it("keeps the ports to the domain: a port names domain types and other ports, nothing that implements them", () => {
    const ports = under("ports");
    assert.ok(ports.length > 3, "the rule is checking something");
    for (const f of ports) for (const target of reach(f)) assert.ok(/^(domain|ports)\//.test(target), `${path.relative(SRC, f)} imports ${target}`);
  });

  it("keeps the adapters out of the HTTP layer: an adapter never imports src/http (the web server may change, the adapters stay)", () => {
    const adapters = under("adapters");
    assert.ok(adapters.length > 5);
    for (const f of adapters) for (const target of reach(f)) assert.ok(!target.startsWith("http/"), `${path.relative(SRC, f)} imports ${target}`);
  });

  it("keeps the use cases off the adapters and the web: src/app imports the domain, the ports, the log, zod and itself only", () => {
    const app = under("app");
    assert.ok(app.length > 5);
    for (const f of app)
      for (const target of reach(f)) assert.ok(/^(domain|ports|app)\//.test(target) || target === "log" || /^package:(node:|zod$)/.test(target), `${path.relative(SRC, f)} imports ${target}`);
  });

  it("the tab imports only itself, packages, the word list (its index) and the shared contract (src/contract, the programme ids)", () => {
    const tab = under("tab");
    assert.ok(tab.length > 5);
    // domain/programmes/ids is the dependency-free list of programme ids, shared as contract.
    for (const f of tab)
      for (const target of reach(f)) assert.ok(/^tab\/|^contract\/\w+$|^i18n$|^domain\/programmes\/ids$|^package:/.test(target), `${path.relative(SRC, f)} imports ${target}`);
  });

  it("names the programmes only in their policies: no src file outside src/domain/programmes has \"klds\" or \"kristiansand\" in a string", () => {
    // Word lists are exempt: their keys name the programmes whose texts they hold.
    const exempt = (f: string) => f.startsWith(path.join(SRC, "domain", "programmes") + path.sep) || f.startsWith(path.join(SRC, "i18n") + path.sep) || f === path.join(SRC, "tab", "i18n.ts");
    const offenders = files.filter((f) => !exempt(f)).flatMap((f) => programmeLiterals(f).map((s) => `${path.relative(SRC, f)}: ${s}`));
    assert.deepEqual(offenders, []);
    // The rule can fail: the policies themselves, and a branch written the old way, are caught.
    assert.ok(programmeLiterals(path.join(SRC, "domain", "programmes", "ids.ts")).length >= 2, "the rule is checking something");
    assert.deepEqual(literalsIn("x.ts", 'if (m.programme === "kristiansand") f(`plan.${"klds"}`); // klds in a comment'), ['"kristiansand"', '"klds"']);
    assert.deepEqual(literalsIn("x.tsx", "const a = <p title='klds-x'>kristiansand</p>; type P = \"klds\" | `kristiansand-w${1}`;"), ["'klds-x'", "kristiansand", '"klds"', "`kristiansand-w${"]);
  });

  it("keeps the Word documents in src/adapters/docx: only it imports the docx package, and only the composition root imports it", () => {
    const inside = (f: string) => path.relative(SRC, f).split(path.sep).join("/").startsWith("adapters/docx/");
    const usesPackage = files.filter((f) => reach(f).some((x) => x === "package:docx" || x.startsWith("package:docx/")));
    assert.ok(usesPackage.length > 0, "the rule is checking something");
    assert.deepEqual(usesPackage.filter((f) => !inside(f)).map((f) => path.relative(SRC, f)), []);
    const importers = files.filter((f) => !inside(f) && reach(f).some((x) => x.startsWith("adapters/docx/")));
    assert.deepEqual(importers.map((f) => path.relative(SRC, f)), ["main.ts"], "the tab API gets the documents injected");
  });

  it("issue 13: keeps the journal's store private — only src/app/journal imports its repository, only the composition root builds the table adapter", () => {
    const rel = (f: string) => path.relative(SRC, f).split(path.sep).join("/");
    const repositoryImporters = files.filter((f) => reach(f).includes("app/journal/journalRepository")).map(rel);
    assert.ok(repositoryImporters.some((f) => f.startsWith("app/journal/")), "the rule is checking something");
    // The adapter implements the interface; the composition root wires them; nothing else names it.
    assert.deepEqual(repositoryImporters.filter((f) => !f.startsWith("app/journal/") && f !== "adapters/tables/tableJournal.ts" && f !== "main.ts"), []);
    const adapterImporters = files.filter((f) => reach(f).includes("adapters/tables/tableJournal") || reach(f).includes("adapters/tables/rows/journal")).map(rel);
    assert.deepEqual(adapterImporters.sort(), ["adapters/tables/tableJournal.ts", "main.ts"]);
    // The journal's table is named nowhere else: no other adapter can list it by accident.
    const naming = files.filter((f) => /\$\{[\w.]+\}journal`/.test(readFileSync(f, "utf8"))).map(rel);
    assert.deepEqual(naming, ["main.ts"], "only the composition root names `${tableName}journal`");
  });

  it("reads process.env only in the composition root and config", () => {
    // telemetryStart.ts is the composition root's first import (telemetry must load before http does).
    const offenders = files.filter((f) => /process\.env/.test(readFileSync(f, "utf8")) && !/(config|main|telemetryStart)\.ts$/.test(f));
    assert.deepEqual(offenders.map((f) => path.relative(SRC, f)), []);
  });

  it("never writes an entity unconditionally (no etag \"*\", no upsert)", () => {
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      assert.ok(!/etag:\s*["']\*["']/.test(text), `${path.relative(SRC, f)} writes with etag "*"`);
      assert.ok(!/\.upsertEntity\(/.test(text), `${path.relative(SRC, f)} upserts (unconditional)`);
    }
  });
});
