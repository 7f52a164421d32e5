// `npm start` on a fresh clone: node_modules is missing until ensureDependencies() has run `npm ci`,
// so nothing start.mjs loads before that call may come from node_modules. The fresh clone itself is
// run by .ci/run (.ci/fresh-clone-start.mjs); this holds the order without cloning.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ts from "typescript";

const SCRIPTS = path.join(__dirname, "../../scripts");
const START = path.join(SCRIPTS, "start.mjs");

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
}

function staticImports(sf: ts.SourceFile): string[] {
  return sf.statements.flatMap((s) =>
    (ts.isImportDeclaration(s) || ts.isExportDeclaration(s)) && s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier) ? [s.moduleSpecifier.text] : [],
  );
}

/** Every module reached through static imports from `file`, including itself. */
function staticGraph(file: string, seen = new Set<string>()): { file: string; specifiers: string[] }[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const specifiers = staticImports(parse(file));
  const local = specifiers.filter((s) => s.startsWith("."));
  return [{ file, specifiers }, ...local.flatMap((s) => staticGraph(path.resolve(path.dirname(file), s), seen))];
}

/** Positions of everything that can load a package: `import(…)`, `require(…)`, `require.resolve(…)`. */
function loads(sf: ts.SourceFile): { pos: number; text: string }[] {
  const found: { pos: number; text: string }[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n)) {
      const callee = n.expression;
      const isImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(callee) && callee.text === "require";
      const isResolve = ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === "require";
      if (isImport || isRequire || isResolve) found.push({ pos: n.getStart(sf), text: n.getText(sf) });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

describe("npm start on a fresh clone (scripts/start.mjs)", () => {
  it("statically imports only Node's own modules and ensure.mjs, which imports only Node's own modules", () => {
    const graph = staticGraph(START);
    assert.deepEqual(
      graph.map((g) => path.relative(SCRIPTS, g.file)),
      ["start.mjs", path.join("lib", "ensure.mjs")],
    );
    for (const { file, specifiers } of graph) {
      for (const s of specifiers) assert.ok(s.startsWith("node:") || s === "./lib/ensure.mjs", `${path.relative(SCRIPTS, file)} imports ${s} statically`);
    }
  });

  it("calls ensureDependencies() at the top level before any import() or require of a module", () => {
    const sf = parse(START);
    const call = sf.statements.find(
      (s) => ts.isExpressionStatement(s) && ts.isCallExpression(s.expression) && ts.isIdentifier(s.expression.expression) && s.expression.expression.text === "ensureDependencies",
    );
    assert.ok(call, "start.mjs calls ensureDependencies() as a top-level statement");
    const found = loads(sf);
    assert.ok(found.some((l) => l.text.startsWith("import(")), "the check sees the dynamic imports");
    for (const l of found) assert.ok(l.pos > call.getStart(sf), `${l.text} runs before ensureDependencies()`);
  });

  it("ensureDependencies(root) runs npm ci in that folder when its node_modules is missing", function () {
    const dir = mkdtempSync(path.join(tmpdir(), "ensure-"));
    try {
      const bin = path.join(dir, "bin");
      const project = path.join(realpathSync(dir), "project");
      mkdirSync(bin);
      mkdirSync(project);
      // A stand-in npm that records where and with what it was called.
      writeFileSync(path.join(bin, "npm"), `#!/bin/sh\necho "$(pwd) $*" >> "${path.join(dir, "calls")}"\n`);
      chmodSync(path.join(bin, "npm"), 0o755);
      const ensure = path.join(SCRIPTS, "lib", "ensure.mjs");
      const code = `import(${JSON.stringify(ensure)}).then((m) => m.ensureDependencies(${JSON.stringify(project)}))`;
      execFileSync(process.execPath, ["-e", code], { cwd: dir, env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}` }, stdio: "pipe" });
      assert.equal(readFileSync(path.join(dir, "calls"), "utf8").trim(), `${project} ci --no-audit --no-fund`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
