// The Teams app package in appPackage/: manifest, localization files and icons, checked offline against
// the schemas bundled in @microsoft/app-manifest (draft-04, so ajv-draft-04; see shared reference §3).
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import Ajv04, { type ValidateFunction } from "ajv-draft-04";
import addFormats from "ajv-formats";
import { AppManifestUtils } from "@microsoft/app-manifest";
import { CommandWords } from "../../src/i18n/index";

const ROOT = path.resolve(__dirname, "..", "..");
const APP = path.join(ROOT, "appPackage");
const SCHEMA_VERSION = "1.30";
const TEAMS_SCHEMAS = path.dirname(path.dirname(require.resolve("@microsoft/app-manifest/build/json-schemas/teams/v1.30/MicrosoftTeams.schema.json")));
const SCHEMA_DIR = path.join(TEAMS_SCHEMAS, `v${SCHEMA_VERSION}`);
const SCHEMA_URL = `https://developer.microsoft.com/json-schemas/teams/v${SCHEMA_VERSION}/MicrosoftTeams.schema.json`;
const LOC_SCHEMA_URL = `https://developer.microsoft.com/json-schemas/teams/v${SCHEMA_VERSION}/MicrosoftTeams.Localization.schema.json`;

/** Plausible values for the Agents Toolkit placeholders, as `teamsApp/zipAppPackage` would fill them in. */
const ENV: Readonly<Record<string, string>> = {
  TEAMS_APP_ID: "3f1c2b4a-8d7e-4c5b-9a61-0e2d3c4b5a69",
  BOT_ID: "7d9e0f1a-2b3c-4d5e-8f60-718293a4b5c6",
  APP_NAME_SUFFIX: "-dev",
  BOT_DOMAIN: "mentor-dev-a1b2c3.azurewebsites.net",
  TAB_CLIENT_ID: "5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f",
};
const PLACEHOLDER = /\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function readText(file: string): string {
  return fs.readFileSync(path.join(APP, file), "utf8");
}

function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))].sort();
}

/** Replaces `${{NAME}}` like the toolkit does; an unknown name is an error, not an empty string. */
function substitute(text: string, env: Readonly<Record<string, string>> = ENV): string {
  return text.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = env[name];
    if (value === undefined) throw new Error(`no value for placeholder ${name}`);
    return value;
  });
}

function loadResolved(file: string): JsonObject {
  return JSON.parse(substitute(readText(file))) as JsonObject;
}

function readSchema(file: string): JsonObject {
  // The bundled schemas contain "\a" and "\v" escapes that JSON.parse rejects; the package itself
  // applies the same clean-up before compiling.
  const text = fs.readFileSync(path.join(SCHEMA_DIR, file), "utf8").replace(/\\a/g, "\\u0007").replace(/\\v/g, "\\u000b");
  return JSON.parse(text) as JsonObject;
}

function compile(schemaFile: string, opts: { unicodeRegExp?: boolean } = {}): ValidateFunction {
  const ajv = new Ajv04({ allErrors: true, strictTypes: false, strict: false, ...opts });
  addFormats(ajv, ["uri", "email", "regex"]);
  return ajv.compile(readSchema(schemaFile));
}

function errorsOf(validate: ValidateFunction, data: unknown): string[] {
  if (validate(data)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`);
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Resolves a localization key such as `bots[0].commandLists[1].commands[0].title` in the manifest. */
function lookup(manifest: JsonObject, key: string): Json | undefined {
  let node: Json | undefined = manifest;
  for (const part of key.split(".")) {
    const m = /^([A-Za-z_$][\w$]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) return undefined;
    node = node !== null && typeof node === "object" && !Array.isArray(node) ? node[m[1]!] : undefined;
    for (const idx of m[2]!.matchAll(/\[(\d+)\]/g)) {
      node = Array.isArray(node) ? node[Number(idx[1])] : undefined;
    }
    if (node === undefined) return undefined;
  }
  return node;
}

interface Command {
  title: string;
  description?: string;
}
interface CommandList {
  scopes: string[];
  commands: Command[];
}
interface Bot {
  botId: string;
  scopes: string[];
  supportsFiles?: boolean;
  isNotificationOnly?: boolean;
  commandLists?: CommandList[];
}

function botOf(manifest: JsonObject): Bot {
  const bots = manifest["bots"] as unknown as Bot[] | undefined;
  assert.ok(Array.isArray(bots) && bots.length === 1, "exactly one bot");
  return bots[0]!;
}

/** Every user-facing string of the manifest that Teams lets a language file override. */
function translatableKeys(manifest: JsonObject): string[] {
  const keys = ["name.short", "name.full", "description.short", "description.full"];
  (botOf(manifest).commandLists ?? []).forEach((list, l) =>
    list.commands.forEach((cmd, c) => {
      keys.push(`bots[0].commandLists[${l}].commands[${c}].title`);
      if (cmd.description !== undefined) keys.push(`bots[0].commandLists[${l}].commands[${c}].description`);
    }),
  );
  const tabs = (manifest["staticTabs"] as JsonObject[] | undefined) ?? [];
  tabs.forEach((_tab, i) => keys.push(`staticTabs[${i}].name`));
  return keys;
}

// ---------------------------------------------------------------------------------------------
// Minimal PNG reader: chunks with CRC check, IHDR, and IDAT inflate + un-filter for 8-bit RGB(A).

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface Png {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: number;
  idat: Buffer;
}

function parsePng(buf: Buffer): Png {
  if (buf.length < 8 || !buf.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error("not a PNG: bad signature");
  let pos = 8;
  let ihdr: Buffer | undefined;
  const idat: Buffer[] = [];
  let ended = false;
  while (pos < buf.length) {
    if (pos + 12 > buf.length) throw new Error("truncated chunk");
    const len = buf.readUInt32BE(pos);
    const type = buf.toString("latin1", pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (pos + 12 + len > buf.length) throw new Error(`truncated ${type} chunk`);
    const crc = buf.readUInt32BE(pos + 8 + len);
    if (zlib.crc32(buf.subarray(pos + 4, pos + 8 + len)) !== crc) throw new Error(`bad CRC in ${type} chunk`);
    if (type === "IHDR") ihdr = data;
    else if (type === "IDAT") idat.push(data);
    else if (type === "IEND") {
      ended = true;
      break;
    }
    pos += 12 + len;
  }
  if (!ihdr || ihdr.length !== 13) throw new Error("missing IHDR");
  if (!ended) throw new Error("missing IEND");
  if (idat.length === 0) throw new Error("missing IDAT");
  return {
    width: ihdr.readUInt32BE(0),
    height: ihdr.readUInt32BE(4),
    bitDepth: ihdr[8]!,
    colorType: ihdr[9]!,
    interlace: ihdr[12]!,
    idat: Buffer.concat(idat),
  };
}

/** Decodes to RGBA (8-bit, colour types 2 and 6, no interlace). */
function decodePng(buf: Buffer): { width: number; height: number; rgba: Uint8Array } {
  const png = parsePng(buf);
  if (png.bitDepth !== 8 || (png.colorType !== 6 && png.colorType !== 2) || png.interlace !== 0) {
    throw new Error(`unsupported PNG: bit depth ${png.bitDepth}, colour type ${png.colorType}, interlace ${png.interlace}`);
  }
  const bpp = png.colorType === 6 ? 4 : 3;
  const stride = png.width * bpp;
  const raw = zlib.inflateSync(png.idat);
  if (raw.length !== png.height * (stride + 1)) throw new Error(`IDAT holds ${raw.length} bytes, expected ${png.height * (stride + 1)}`);
  const pixels = new Uint8Array(png.height * stride);
  for (let y = 0; y < png.height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const src = y * (stride + 1) + 1;
    const dst = y * stride;
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? pixels[dst + i - bpp]! : 0;
      const b = y > 0 ? pixels[dst - stride + i]! : 0;
      const c = i >= bpp && y > 0 ? pixels[dst - stride + i - bpp]! : 0;
      let pred: number;
      switch (filter) {
        case 0: pred = 0; break;
        case 1: pred = a; break;
        case 2: pred = b; break;
        case 3: pred = (a + b) >> 1; break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
          pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default: throw new Error(`bad filter type ${filter} in row ${y}`);
      }
      pixels[dst + i] = (raw[src + i]! + pred) & 0xff;
    }
  }
  if (bpp === 4) return { width: png.width, height: png.height, rgba: pixels };
  const rgba = new Uint8Array(png.width * png.height * 4);
  for (let p = 0; p < png.width * png.height; p++) {
    rgba.set(pixels.subarray(p * 3, p * 3 + 3), p * 4);
    rgba[p * 4 + 3] = 255;
  }
  return { width: png.width, height: png.height, rgba };
}

/** Pixels of an outline icon that are neither fully transparent nor white, as "x,y rgba(...)". */
function nonWhiteOutlinePixels(img: { width: number; height: number; rgba: Uint8Array }): string[] {
  const bad: string[] = [];
  for (let p = 0; p < img.width * img.height; p++) {
    const [r, g, b, a] = img.rgba.subarray(p * 4, p * 4 + 4);
    if (a !== 0 && (r !== 255 || g !== 255 || b !== 255)) bad.push(`${p % img.width},${Math.floor(p / img.width)} rgba(${r},${g},${b},${a})`);
  }
  return bad;
}

/** Test-only encoder with a fixed filter per row (cycling 0..4), to exercise every un-filter path. */
function encodeTestPng(width: number, height: number, rgba: Uint8Array): Buffer {
  const stride = width * 4;
  const raw = Buffer.alloc(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    const f = y % 5;
    raw[y * (stride + 1)] = f;
    for (let i = 0; i < stride; i++) {
      const x = rgba[y * stride + i]!;
      const a = i >= 4 ? rgba[y * stride + i - 4]! : 0;
      const b = y > 0 ? rgba[(y - 1) * stride + i]! : 0;
      const c = i >= 4 && y > 0 ? rgba[(y - 1) * stride + i - 4]! : 0;
      const p = a + b - c;
      const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
      const pred = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][f]!;
      raw[y * (stride + 1) + 1 + i] = (x - pred) & 0xff;
    }
  }
  const chunk = (type: string, data: Buffer): Buffer => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, "latin1");
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])));
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([PNG_SIGNATURE, chunk("IHDR", ihdr), chunk("IDAT", zlib.deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}

function sizeOf(file: string): { width: number; height: number } {
  const png = parsePng(fs.readFileSync(path.join(APP, file)));
  return { width: png.width, height: png.height };
}

// ---------------------------------------------------------------------------------------------

describe("Teams app package (appPackage/)", () => {
  const rawManifest = readText("manifest.json");
  const manifest = loadResolved("manifest.json");
  let validateManifest: ValidateFunction;
  let validateLocalization: ValidateFunction;

  before(() => {
    validateManifest = compile("MicrosoftTeams.schema.json");
    // One pattern in the bundled localization schema (activities.activityTypes[...]) has a lone "]",
    // which is legal in a plain JavaScript RegExp but not with the "u" flag Ajv uses by default.
    validateLocalization = compile("MicrosoftTeams.Localization.schema.json", { unicodeRegExp: false });
  });

  describe("manifest.json", () => {
    it("uses exactly the Agents Toolkit placeholders the env files provide", () => {
      assert.deepEqual(placeholdersIn(rawManifest), ["APP_NAME_SUFFIX", "BOT_DOMAIN", "BOT_ID", "TAB_CLIENT_ID", "TEAMS_APP_ID"]);
      assert.equal(placeholdersIn(JSON.stringify(manifest)).length, 0, "nothing left after substitution");
      assert.throws(() => substitute("${{NOT_SET}}"), /NOT_SET/);
    });

    it(`is on schema v${SCHEMA_VERSION}, the newest the bundled @microsoft/app-manifest ships`, () => {
      assert.equal(manifest["$schema"], SCHEMA_URL);
      assert.equal(manifest["manifestVersion"], SCHEMA_VERSION);
      const bundled = fs
        .readdirSync(TEAMS_SCHEMAS)
        .map((d) => /^v(\d+)\.(\d+)$/.exec(d))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => [Number(m[1]), Number(m[2])] as const)
        .sort((x, y) => x[0] - y[0] || x[1] - y[1]);
      const newest = bundled[bundled.length - 1]!;
      assert.equal(`${newest[0]}.${newest[1]}`, SCHEMA_VERSION);
      const schemaProps = readSchema("MicrosoftTeams.schema.json")["properties"] as JsonObject;
      assert.equal((schemaProps["manifestVersion"] as JsonObject)["const"], SCHEMA_VERSION);
    });

    it("validates against the bundled v1.30 schema once placeholders are filled in", () => {
      assert.deepEqual(errorsOf(validateManifest, manifest), []);
    });

    it("validates the way the toolkit does (AppManifestUtils, offline via the $schema URL)", async () => {
      const errors = await AppManifestUtils.validateAgainstSchema(clone(manifest) as never);
      assert.deepEqual(errors, []);
    });

    it("fails validation when broken (the schema check is not vacuous)", () => {
      const wrongVersion = clone(manifest);
      wrongVersion["manifestVersion"] = "1.99";
      assert.ok(errorsOf(validateManifest, wrongVersion).some((e) => e.startsWith("/manifestVersion")));

      const noScopes = clone(manifest);
      delete ((noScopes["bots"] as JsonObject[])[0] as JsonObject)["scopes"];
      assert.ok(errorsOf(validateManifest, noScopes).some((e) => /scopes/.test(e)));

      const unsubstituted = JSON.parse(rawManifest) as JsonObject;
      assert.ok(errorsOf(validateManifest, unsubstituted).some((e) => e.startsWith("/id")), "a raw ${{TEAMS_APP_ID}} is not a GUID");
    });

    it("has the app's names, developer and ids", () => {
      assert.equal(manifest["id"], ENV["TEAMS_APP_ID"]);
      assert.deepEqual(manifest["name"], { short: `Mentor${ENV["APP_NAME_SUFFIX"]}`, full: "Mentorordning – structured mentorships for new staff" });
      const dev = manifest["developer"] as JsonObject;
      for (const k of ["websiteUrl", "privacyUrl", "termsOfUseUrl"]) assert.match(String(dev[k]), /^https:\/\//, k);
      assert.deepEqual(manifest["permissions"], ["identity", "messageTeamMembers"]);
      assert.deepEqual(manifest["validDomains"], [ENV["BOT_DOMAIN"]]);
    });

    it("declares one conversational bot for personal and group chats with the expected commands", () => {
      const bot = botOf(manifest);
      assert.equal(bot.botId, ENV["BOT_ID"]);
      assert.deepEqual([...bot.scopes].sort(), ["groupChat", "personal"]);
      assert.equal(bot.supportsFiles, false);
      assert.equal(bot.isNotificationOnly, false);
      const byScope = new Map((bot.commandLists ?? []).map((l) => [l.scopes.join(","), l.commands.map((c) => c.title)]));
      assert.deepEqual(Object.fromEntries(byScope), { personal: ["help", "status", "start", "journal", "my data"], groupChat: ["start", "help", "card", "close"] });
      for (const list of bot.commandLists ?? []) {
        for (const cmd of list.commands) {
          // The older, stricter limits Teams documented (32/128) keep the menu readable in every client.
          assert.ok(cmd.title.length <= 32, `title "${cmd.title}" too long`);
          assert.ok(cmd.description && cmd.description.length <= 128, `description of "${cmd.title}" missing or too long`);
        }
      }
    });

    it("references icon files that exist in appPackage/", () => {
      const icons = manifest["icons"] as JsonObject;
      assert.deepEqual(icons, { color: "color.png", outline: "outline.png" });
      for (const f of Object.values(icons)) assert.ok(fs.existsSync(path.join(APP, String(f))), `${String(f)} exists`);
    });
  });

  describe("localization (da.json, nb.json)", () => {
    const info = manifest["localizationInfo"] as JsonObject;
    const languages = (info["additionalLanguages"] as JsonObject[]).map((l) => ({ tag: String(l["languageTag"]), file: String(l["file"]) }));
    const english = new Map(translatableKeys(manifest).map((k) => [k, lookup(manifest, k)]));

    it("lists Danish and Norwegian Bokmål with language-only tags, English as default", () => {
      assert.equal(info["defaultLanguageTag"], "en-us");
      assert.deepEqual(languages, [
        { tag: "da", file: "da.json" },
        { tag: "nb", file: "nb.json" },
      ]);
      // Teams overlays default -> language -> language-region, so language-only files reach every region.
      for (const l of languages) assert.match(l.tag, /^[a-z]{2,3}$/);
    });

    for (const { tag, file } of [
      { tag: "da", file: "da.json" },
      { tag: "nb", file: "nb.json" },
    ]) {
      describe(`${tag} (${file})`, () => {
        const raw = readText(file);
        const loc = loadResolved(file);
        const keys = Object.keys(loc).filter((k) => k !== "$schema");

        it("validates against the bundled localization schema", () => {
          assert.equal(loc["$schema"], LOC_SCHEMA_URL);
          assert.deepEqual(placeholdersIn(raw), ["APP_NAME_SUFFIX"]);
          assert.deepEqual(errorsOf(validateLocalization, loc), []);
        });

        it("fails the schema with an unknown key or a missing required string", () => {
          assert.ok(errorsOf(validateLocalization, { ...loc, "name.nickname": "x" }).length > 0);
          const missing = clone(loc);
          delete missing["description.full"];
          assert.ok(errorsOf(validateLocalization, missing).some((e) => /description\.full/.test(e)));
        });

        it("only has keys that exist in the manifest, and translates every one of them", () => {
          for (const k of keys) assert.equal(typeof lookup(manifest, k), "string", `${k} resolves to a manifest string`);
          assert.equal(lookup(manifest, "bots[0].commandLists[7].commands[0].title"), undefined);
          assert.deepEqual([...keys].sort(), [...english.keys()].sort());
        });

        it("is translated: differs from English except the brand name and words that are the same", () => {
          // Same in all three languages: the app name, and the command words "status" and "start".
          const sameByDesign = new Set(
            [...english].filter(([k, v]) => k === "name.short" || (k.endsWith(".title") && (v === "status" || v === "start"))).map(([k]) => k),
          );
          assert.equal(sameByDesign.size, 4, "name.short + status + start (personal) + start (groupChat)");
          for (const k of keys) {
            if (sameByDesign.has(k)) assert.equal(loc[k], english.get(k), k);
            else assert.notEqual(loc[k], english.get(k), `${k} is still English`);
          }
        });

        it("uses command titles the bot understands (Teams sends the localized title)", () => {
          const understood = new Set<string>(Object.values(CommandWords).flat());
          for (const k of keys.filter((k) => k.endsWith(".title"))) assert.ok(understood.has(String(loc[k])), `${k} = "${String(loc[k])}"`);
        });
      });
    }

    it("has real Danish and Norwegian, not one copied into the other", () => {
      const da = loadResolved("da.json");
      const nb = loadResolved("nb.json");
      for (const k of ["name.full", "description.short", "description.full"]) assert.notEqual(da[k], nb[k], k);
      assert.match(String(da["description.full"]), /[æø]/);
      assert.match(String(nb["description.full"]), /[æøå]/);
    });
  });

  describe("provisioning wiring (env/.env.dev, infra/, m365agents.yml)", () => {
    const envDev = new Map(
      fs
        .readFileSync(path.join(ROOT, "env", ".env.dev"), "utf8")
        .split(/\r?\n/)
        .map((l) => /^([A-Z0-9_]+)=(.*)$/.exec(l.trim()))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => [m[1]!, m[2]!] as const),
    );
    const bicep = fs.readFileSync(path.join(ROOT, "infra", "azure.bicep"), "utf8");
    const yml = fs.readFileSync(path.join(ROOT, "m365agents.yml"), "utf8");

    it("every placeholder of the app package is a variable of env/.env.dev", () => {
      const used = new Set([rawManifest, readText("da.json"), readText("nb.json")].flatMap(placeholdersIn));
      for (const name of used) assert.ok(envDev.has(name), `${name} in env/.env.dev`);
    });

    it("provision writes the ids the manifest needs", () => {
      const outputs = [...bicep.matchAll(/^output\s+([A-Z0-9_]+)\s+string\b/gm)].map((m) => m[1]);
      for (const name of ["BOT_ID", "BOT_DOMAIN", "BOT_AZURE_APP_SERVICE_RESOURCE_ID"]) assert.ok(outputs.includes(name), `bicep output ${name}`);
      assert.match(yml, /uses: teamsApp\/create[\s\S]*?teamsAppId: TEAMS_APP_ID/);
      assert.match(yml, /resourceId: \$\{\{BOT_AZURE_APP_SERVICE_RESOURCE_ID\}\}/);
    });

    // The Azure side (azure.parameters.json, the App Service settings, the provision order that fills
    // every placeholder) is checked in infra.test.ts.
  });

  describe("icons", () => {
    it("color.png is a 192×192 RGBA PNG, opaque, teal, with the logo inside the 120×120 safe area", () => {
      assert.deepEqual(sizeOf("color.png"), { width: 192, height: 192 });
      const img = decodePng(fs.readFileSync(path.join(APP, "color.png")));
      const teal = [0x0f, 0x6c, 0x7b];
      let logoPixels = 0;
      for (let y = 0; y < 192; y++) {
        for (let x = 0; x < 192; x++) {
          const o = (y * 192 + x) * 4;
          assert.equal(img.rgba[o + 3], 255, `pixel ${x},${y} is opaque (Teams wants a full square)`);
          const isBackground = teal.every((v, i) => img.rgba[o + i] === v);
          if (!isBackground) {
            logoPixels++;
            assert.ok(x >= 36 && x < 156 && y >= 36 && y < 156, `logo pixel ${x},${y} outside the safe area`);
          }
        }
      }
      assert.ok(logoPixels > 120 * 120 * 0.2, `the logo covers a fair part of the safe area (${logoPixels} px)`);
    });

    it("outline.png is a 32×32 RGBA PNG: only white pixels with alpha, everything else fully transparent", () => {
      assert.deepEqual(sizeOf("outline.png"), { width: 32, height: 32 });
      const img = decodePng(fs.readFileSync(path.join(APP, "outline.png")));
      assert.deepEqual(nonWhiteOutlinePixels(img), []);
      let opaque = 0;
      let transparent = 0;
      for (let p = 0; p < 32 * 32; p++) {
        if (img.rgba[p * 4 + 3] === 255) opaque++;
        if (img.rgba[p * 4 + 3] === 0) transparent++;
      }
      assert.ok(opaque >= 60, `a visible outline (${opaque} solid px)`);
      assert.ok(transparent >= 32 * 32 * 0.5, `mostly transparent, an outline not a filled shape (${transparent} px)`);
    });

    it("match what scripts/make-icons.mjs draws", () => {
      const out = fs.mkdtempSync(path.join(os.tmpdir(), "icons-"));
      try {
        const run = spawnSync(process.execPath, [path.join(ROOT, "scripts", "make-icons.mjs"), "--out", out], { encoding: "utf8" });
        assert.equal(run.status, 0, run.stderr);
        for (const f of ["color.png", "outline.png"]) {
          const fresh = decodePng(fs.readFileSync(path.join(out, f)));
          const committed = decodePng(fs.readFileSync(path.join(APP, f)));
          assert.ok(Buffer.from(fresh.rgba).equals(Buffer.from(committed.rgba)), `${f} is out of date: run node scripts/make-icons.mjs`);
        }
      } finally {
        fs.rmSync(out, { recursive: true, force: true });
      }
    });

    it("the PNG checks catch bad files (signature, CRC, wrong size, a non-white outline pixel)", () => {
      const good = fs.readFileSync(path.join(APP, "outline.png"));
      const badSig = Buffer.from(good);
      badSig[1] = 0x51;
      assert.throws(() => parsePng(badSig), /signature/);
      const badCrc = Buffer.from(good);
      badCrc.writeUInt8(badCrc.readUInt8(18) ^ 0xff, 18); // a byte of IHDR's data (the width)
      assert.throws(() => parsePng(badCrc), /CRC/);

      // A 33×32 image with one grey and one black-but-visible pixel, every filter type in use.
      const w = 33;
      const h = 32;
      const rgba = new Uint8Array(w * h * 4);
      for (let p = 0; p < w * h; p++) if (p % 7 === 0) rgba.set([255, 255, 255, (p * 37) % 256], p * 4);
      rgba.set([200, 200, 200, 255], (5 * w + 3) * 4);
      rgba.set([0, 0, 0, 10], (31 * w + 32) * 4);
      const png = encodeTestPng(w, h, rgba);
      const decoded = decodePng(png);
      assert.ok(Buffer.from(decoded.rgba).equals(Buffer.from(rgba)), "decoder round-trips all five filter types");
      assert.notDeepEqual({ width: decoded.width, height: decoded.height }, { width: 32, height: 32 });
      assert.deepEqual(nonWhiteOutlinePixels(decoded), ["3,5 rgba(200,200,200,255)", "32,31 rgba(0,0,0,10)"]);
    });
  });
});
