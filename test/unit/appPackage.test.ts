// Issue 14: `npm run package` — the app package built from appPackage/ with an environment's values,
// zipped to appPackage/build/appPackage.<env>.zip and checked offline against the bundled schema and
// the Store rules that need no Microsoft service. Each rule is shown to catch what it is for.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { strFromU8, strToU8, unzipSync } from "fflate";

const ROOT = path.resolve(__dirname, "..", "..");
const VALUES = {
  TEAMS_APP_ID: "3f1c2b4a-8d7e-4c5b-9a61-0e2d3c4b5a69",
  BOT_ID: "7d9e0f1a-2b3c-4d5e-8f60-718293a4b5c6",
  BOT_DOMAIN: "mentor-dev-a1b2c3.azurewebsites.net",
  TAB_CLIENT_ID: "5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f",
};

type Files = Record<string, Uint8Array>;
interface Lib {
  packageFiles(root: string, values: Record<string, string>): Files;
  storeRuleProblems(files: Files, previous?: unknown): string[];
  buildPackage(root: string, env: string, values: Record<string, string>, outDir?: string): { zipPath: string; problems: string[] };
  fillIn(text: string, values: Record<string, string>): { text: string; missing: string[] };
}
let lib: Lib;
before(async () => {
  lib = (await import(path.join(ROOT, "scripts", "lib", "appPackage.mjs"))) as Lib;
});

const manifestOf = (files: Files) => JSON.parse(strFromU8(files["manifest.json"]!)) as Record<string, any>;
function withManifest(files: Files, change: (m: Record<string, any>) => void): Files {
  const m = manifestOf(files);
  change(m);
  return { ...files, "manifest.json": strToU8(JSON.stringify(m)) };
}

describe("the app package (npm run package)", function () {
  this.timeout(30000);
  let out: string;
  beforeEach(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), "pkg-"));
  });
  afterEach(() => fs.rmSync(out, { recursive: true, force: true }));

  it("npm run package -- --env dev builds a zip of exactly the manifest, the two icons and the localisation files, with the env's values filled in", () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, "scripts", "package.mjs"), "--env", "dev", "--out", out], { encoding: "utf8", env: { ...process.env, ...VALUES } });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /appPackage\.dev\.zip: valid/);
    const files = unzipSync(new Uint8Array(fs.readFileSync(path.join(out, "appPackage.dev.zip"))));
    assert.deepEqual(Object.keys(files).sort(), ["color.png", "da.json", "manifest.json", "nb.json", "outline.png"]);
    const text = strFromU8(files["manifest.json"]!);
    assert.ok(!text.includes("${{"), "no placeholder is left");
    const m = JSON.parse(text);
    assert.equal(m.id, VALUES.TEAMS_APP_ID);
    assert.equal(m.bots[0].botId, VALUES.BOT_ID);
    assert.deepEqual(m.validDomains, [VALUES.BOT_DOMAIN]);
    assert.equal(m.developer.privacyUrl, `https://${VALUES.BOT_DOMAIN}/privacy`, "the app serves its own privacy statement");
    assert.equal(m.developer.termsOfUseUrl, `https://${VALUES.BOT_DOMAIN}/terms`);
    assert.ok(fs.readFileSync(path.join(ROOT, "appPackage", "color.png")).equals(Buffer.from(files["color.png"]!)), "the icons as committed");
    // The same files again: the same package, byte for byte (a rebuild changes nothing).
    const first = fs.readFileSync(path.join(out, "appPackage.dev.zip"));
    const again = spawnSync(process.execPath, [path.join(ROOT, "scripts", "package.mjs"), "--env", "dev", "--out", out], { encoding: "utf8", env: { ...process.env, ...VALUES } });
    assert.equal(again.status, 0, again.stderr);
    assert.ok(first.equals(fs.readFileSync(path.join(out, "appPackage.dev.zip"))));
  });

  it("without the ids provision writes, it says which are missing and writes nothing", () => {
    const env = { ...process.env };
    for (const k of Object.keys(VALUES)) delete env[k];
    const run = spawnSync(process.execPath, [path.join(ROOT, "scripts", "package.mjs"), "--env", "dev", "--out", out], { encoding: "utf8", env });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /no value for BOT_DOMAIN, BOT_ID, TAB_CLIENT_ID, TEAMS_APP_ID/);
    assert.deepEqual(fs.readdirSync(out), []);
  });

  it("the committed appPackage/ passes every offline rule", () => {
    assert.deepEqual(lib.storeRuleProblems(lib.packageFiles(ROOT, VALUES)), []);
  });

  describe("each Store rule catches what it is for", () => {
    const good = () => lib.packageFiles(ROOT, VALUES);
    const cases: [string, (f: Files) => Files, RegExp][] = [
      ["the schema", (f) => withManifest(f, (m) => delete m.developer.name), /manifest\.json: \/developer must have required property 'name'/],
      ['"Teams" in the name', (f) => withManifest(f, (m) => (m.name.full = "Mentor for Teams")), /must not contain "Teams", "Beta" or "Dev"/],
      ['"Beta" in the short name', (f) => withManifest(f, (m) => (m.name.short = "Mentor Beta")), /must not contain "Teams", "Beta" or "Dev"/],
      ['"Dev" in the short name (an env suffix)', (f) => withManifest(f, (m) => (m.name.short = "Mentor-dev")), /must not contain "Teams", "Beta" or "Dev"/],
      ["a version that is not SemVer", (f) => withManifest(f, (m) => (m.version = "1.0")), /not MAJOR\.MINOR\.PATCH/],
      ["an accent colour that is not #RRGGBB", (f) => withManifest(f, (m) => (m.accentColor = "teal")), /accentColor "teal"/],
      ["a privacy URL that is missing", (f) => withManifest(f, (m) => (m.developer.privacyUrl = "")), /developer\.privacyUrl must be an https URL/],
      ["a terms URL on http", (f) => withManifest(f, (m) => (m.developer.termsOfUseUrl = "http://mentor.example.dk/terms")), /termsOfUseUrl must be an https URL/],
      ["a placeholder website", (f) => withManifest(f, (m) => (m.developer.websiteUrl = "https://www.example.com/x")), /websiteUrl is a placeholder/],
      ["a wildcard on a shared domain", (f) => withManifest(f, (m) => (m.validDomains = ["*.azurewebsites.net"])), /a wildcard on a domain other tenants share/],
      ["a command without a description", (f) => withManifest(f, (m) => delete m.bots[0].commandLists[0].commands[0].description), /has no description/],
      ["an extra file", (f) => ({ ...f, "notes.txt": strToU8("x") }), /holds notes\.txt, which the manifest does not name/],
      ["a missing icon", (f) => { const { "outline.png": _o, ...rest } = f; return rest; }, /lacks outline\.png/],
      ["an icon of the wrong size", (f) => ({ ...f, "outline.png": f["color.png"]! }), /outline icon must be a 32×32 PNG/],
      ["a localisation file without one of the manifest's strings", (f) => {
        const da = JSON.parse(strFromU8(f["da.json"]!));
        delete da["description.short"];
        return { ...f, "da.json": strToU8(JSON.stringify(da)) };
      }, /da\.json lacks a translation of description\.short/],
      ["a localisation file of another schema version", (f) => {
        const nb = JSON.parse(strFromU8(f["nb.json"]!));
        nb.$schema = "https://developer.microsoft.com/json-schemas/teams/v1.17/MicrosoftTeams.Localization.schema.json";
        return { ...f, "nb.json": strToU8(JSON.stringify(nb)) };
      }, /nb\.json is for schema v1\.17, the manifest for v1\.30/],
    ];
    for (const [what, change, expected] of cases) {
      it(what, () => {
        const problems = lib.storeRuleProblems(change(good()));
        assert.ok(problems.some((p) => expected.test(p)), `${what}: ${JSON.stringify(problems)}`);
      });
    }
  });

  it("a changed manifest needs a higher version than the last package's; the same one may be rebuilt", () => {
    const files = lib.packageFiles(ROOT, VALUES);
    const last = manifestOf(files);
    assert.deepEqual(lib.storeRuleProblems(files, last), [], "the same manifest again");
    const changed = withManifest(files, (m) => (m.description.short = `${m.description.short}!`));
    assert.ok(lib.storeRuleProblems(changed, last).some((p) => /is not higher: bump "version"/.test(p)));
    const bumped = withManifest(changed, (m) => (m.version = "1.0.1"));
    assert.deepEqual(lib.storeRuleProblems(bumped, last), []);
    assert.ok(lib.storeRuleProblems(files, manifestOf(bumped)).some((p) => /lower than the last package's 1\.0\.1/.test(p)));
  });

  it("a package that breaks a rule is never written (the last good one stays)", () => {
    const built = lib.buildPackage(ROOT, "dev", VALUES, out);
    assert.deepEqual(built.problems, []);
    const before = fs.readFileSync(built.zipPath);
    // The manifest with its description changed but the version not bumped: refused, nothing overwritten.
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "pkgroot-"));
    try {
      fs.cpSync(path.join(ROOT, "appPackage"), path.join(root, "appPackage"), { recursive: true, filter: (src) => !src.includes(`${path.sep}build`) });
      const mPath = path.join(root, "appPackage", "manifest.json");
      const m = JSON.parse(fs.readFileSync(mPath, "utf8"));
      m.description.short = "Changed";
      fs.writeFileSync(mPath, JSON.stringify(m, null, 2));
      const refused = lib.buildPackage(root, "dev", VALUES, out);
      assert.ok(refused.problems.some((p) => /bump "version"/.test(p)), JSON.stringify(refused.problems));
      assert.ok(fs.readFileSync(built.zipPath).equals(before));
      assert.deepEqual(fs.readdirSync(out), ["appPackage.dev.zip"], "no temporary file left");
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("fills placeholders only from values it has (APP_NAME_SUFFIX may be empty, the others not)", () => {
    assert.deepEqual(lib.fillIn("Mentor${{APP_NAME_SUFFIX}} ${{BOT_ID}}", { APP_NAME_SUFFIX: "", BOT_ID: "" }), { text: "Mentor ", missing: ["BOT_ID"] });
  });

  it("m365agents.yml validates the manifest, zips and validates the package before it updates the app (provision and publish)", () => {
    const yml = fs.readFileSync(path.join(ROOT, "m365agents.yml"), "utf8");
    for (const stage of ["provision:", "publish:"]) {
      const body = yml.slice(yml.indexOf(stage));
      const order = ["teamsApp/validateManifest", "teamsApp/zipAppPackage", "teamsApp/validateAppPackage", "teamsApp/update"].map((a) => body.indexOf(`uses: ${a}`));
      assert.ok(order.every((i) => i >= 0), `${stage} has all four steps`);
      assert.deepEqual([...order].sort((a, b) => a - b), order, `${stage} in order`);
    }
  });
});
