import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

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

describe("Architecture rules", () => {
  const files = sources(SRC);

  it("keeps every botbuilder import inside src/adapters/bot, so moving off the archived SDK touches one folder", () => {
    const offenders = files.filter((f) => !f.includes(`${path.sep}adapters${path.sep}bot${path.sep}`) && imports(f).some((i) => /^botbuilder|^botframework-/.test(i)));
    assert.deepEqual(offenders.map((f) => path.relative(SRC, f)), []);
    assert.ok(files.some((f) => imports(f).some((i) => i === "botbuilder")), "the rule is checking something");
  });

  it("keeps the domain pure: it imports only other domain modules", () => {
    const domain = files.filter((f) => f.includes(`${path.sep}domain${path.sep}`));
    assert.ok(domain.length > 3);
    for (const f of domain) {
      for (const i of imports(f)) {
        assert.ok(i.startsWith("./"), `${path.relative(SRC, f)} imports ${i}`);
      }
    }
  });

  it("reads process.env only in the composition root and config", () => {
    const offenders = files.filter((f) => /process\.env/.test(readFileSync(f, "utf8")) && !/(config|main)\.ts$/.test(f));
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
