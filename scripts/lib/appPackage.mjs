// The Teams app package: built from appPackage/ with an environment's values filled in, zipped to
// appPackage/build/appPackage.<env>.zip, and checked offline — against the schemas bundled in
// @microsoft/app-manifest and against every Teams Store validation rule that can be checked without
// Microsoft's service (https://learn.microsoft.com/microsoftteams/platform/concepts/deploy-and-publish/appsource/prepare/teams-store-validation-guidelines).
// What the toolkit's teamsApp/zipAppPackage + validateAppPackage do online, this does on a fresh clone.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";

const require = createRequire(import.meta.url);
const PLACEHOLDER = /\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;
/** Placeholders the toolkit fills in even when empty (the toolkit's own exception). */
const MAY_BE_EMPTY = new Set(["APP_NAME_SUFFIX"]);
/** Wildcards on domains many tenants share: the Store refuses them (a shared host is not the app's). */
const SHARED_DOMAINS = ["azurewebsites.net", "azurestaticapps.net", "cloudapp.net", "cloudapp.azure.com", "onmicrosoft.com", "sharepoint.com", "ngrok.io", "ngrok-free.app", "github.io", "herokuapp.com", "trafficmanager.net", "blob.core.windows.net", "azureedge.net", "azurefd.net"];

/** Reads env/.env.<env> (and .env.<env>.user, which holds what must not be committed), then the process environment on top. */
export function readEnv(root, env, processEnv = process.env) {
  const values = {};
  for (const file of [`.env.${env}`, `.env.${env}.user`]) {
    const p = path.join(root, "env", file);
    if (!fs.existsSync(p)) continue;
    for (const line of fs.readFileSync(p, "utf8").split(/\r?\n/)) {
      const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
      if (m) values[m[1]] = m[2].replace(/^"(.*)"$/, "$1");
    }
  }
  for (const [k, v] of Object.entries(processEnv)) if (/^[A-Z0-9_]+$/.test(k) && v !== undefined && v !== "") values[k] = v;
  return values;
}

/** Fills `${{NAME}}` in; returns the text and the names without a value (so the caller can say which). */
export function fillIn(text, values) {
  const missing = new Set();
  const out = text.replace(PLACEHOLDER, (_all, name) => {
    const v = values[name] ?? (MAY_BE_EMPTY.has(name) ? "" : undefined);
    if (v === undefined || (v === "" && !MAY_BE_EMPTY.has(name))) {
      missing.add(name);
      return "";
    }
    return v;
  });
  return { text: out, missing: [...missing].sort() };
}

const SCHEMA_DIR = path.dirname(require.resolve("@microsoft/app-manifest/build/json-schemas/teams/v1.30/MicrosoftTeams.schema.json"));

const validators = new Map();
function schemaValidator(manifestVersion, file) {
  const key = `${manifestVersion}/${file}`;
  if (!validators.has(key)) validators.set(key, compileSchema(manifestVersion, file));
  return validators.get(key);
}

function compileSchema(manifestVersion, file) {
  const Ajv04 = require("ajv-draft-04");
  const addFormats = require("ajv-formats");
  const dir = path.join(path.dirname(SCHEMA_DIR), `v${manifestVersion}`);
  if (!fs.existsSync(path.join(dir, file))) return null;
  // The bundled schemas contain "\a" and "\v" escapes that JSON.parse rejects; the package itself cleans them up the same way.
  const schema = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8").replace(/\\a/g, "\\u0007").replace(/\\v/g, "\\u000b"));
  const ajv = new (Ajv04.default ?? Ajv04)({ allErrors: true, strictTypes: false, strict: false, unicodeRegExp: false });
  (addFormats.default ?? addFormats)(ajv, ["uri", "email", "regex"]);
  return ajv.compile(schema);
}

function schemaErrors(validate, data, what) {
  if (validate(data)) return [];
  return (validate.errors ?? []).map((e) => `${what}: ${e.instancePath || "/"} ${e.message ?? ""}`);
}

/** Every user-facing manifest string a language file may (and here must) translate. */
export function translatableKeys(manifest) {
  const keys = ["name.short", "name.full", "description.short", "description.full"];
  (manifest.bots ?? []).forEach((bot, b) =>
    (bot.commandLists ?? []).forEach((list, l) =>
      list.commands.forEach((cmd, c) => {
        keys.push(`bots[${b}].commandLists[${l}].commands[${c}].title`);
        if (cmd.description !== undefined) keys.push(`bots[${b}].commandLists[${l}].commands[${c}].description`);
      }),
    ),
  );
  (manifest.staticTabs ?? []).forEach((_t, i) => keys.push(`staticTabs[${i}].name`));
  return keys;
}

function semver(v) {
  const m = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/.exec(String(v));
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

function newer(a, b) {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return false;
}

function pngSize(buf) {
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (buf.length < 24 || !buf.subarray(0, 8).equals(sig) || buf.toString("latin1", 12, 16) !== "IHDR") return null;
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/**
 * The Store rules that can be checked offline, on the package's files (name → bytes). `previous`: the
 * manifest of the last package built for this environment, if any. Returns the problems, in words.
 */
export function storeRuleProblems(files, previous = null) {
  const problems = [];
  let manifest;
  try {
    manifest = JSON.parse(strFromU8(files["manifest.json"] ?? new Uint8Array()));
  } catch {
    return ["manifest.json is missing or not JSON"];
  }
  const expected = new Set(["manifest.json", manifest.icons?.color, manifest.icons?.outline, ...(manifest.localizationInfo?.additionalLanguages ?? []).map((l) => l.file)].filter(Boolean));
  for (const name of Object.keys(files)) if (!expected.has(name)) problems.push(`the package holds ${name}, which the manifest does not name (only the manifest, the two icons and the localisation files belong in it)`);
  for (const name of expected) if (!files[name]) problems.push(`the package lacks ${name}`);
  for (const name of Object.keys(files)) if (name.includes("/")) problems.push(`${name} is in a folder; every file must be at the package's root`);

  const validate = schemaValidator(manifest.manifestVersion, "MicrosoftTeams.schema.json");
  if (!validate) problems.push(`no bundled schema for manifestVersion ${manifest.manifestVersion}`);
  else problems.push(...schemaErrors(validate, manifest, "manifest.json"));

  const names = [manifest.name?.short, manifest.name?.full];
  for (const n of names) if (/\b(teams|beta|dev)\b/i.test(String(n ?? ""))) problems.push(`the app's name "${n}" must not contain "Teams", "Beta" or "Dev" (Store rule; keep APP_NAME_SUFFIX empty in a package for people)`);
  if (String(manifest.name?.short ?? "").length > 30) problems.push("name.short is longer than 30 characters");
  const v = semver(manifest.version);
  if (!v) problems.push(`version "${manifest.version}" is not MAJOR.MINOR.PATCH (SemVer)`);
  if (previous && v) {
    const pv = semver(previous.version);
    const same = JSON.stringify({ ...previous, version: "" }) === JSON.stringify({ ...manifest, version: "" });
    if (pv && !same && !newer(v, pv)) problems.push(`the manifest changed since the last package (version ${previous.version}) but its version ${manifest.version} is not higher: bump "version" in appPackage/manifest.json`);
    if (pv && newer(pv, v)) problems.push(`version ${manifest.version} is lower than the last package's ${previous.version}`);
  }
  if (!/^#[0-9A-Fa-f]{6}$/.test(String(manifest.accentColor ?? ""))) problems.push(`accentColor "${manifest.accentColor}" is not a #RRGGBB colour`);
  for (const key of ["websiteUrl", "privacyUrl", "termsOfUseUrl"]) {
    const url = manifest.developer?.[key];
    if (!url || !/^https:\/\/[^\s/]+\.[^\s/]+/.test(url)) problems.push(`developer.${key} must be an https URL (Store rule), got "${url ?? ""}"`);
    else if (/example\.(com|org|net)/i.test(url)) problems.push(`developer.${key} is a placeholder (${url})`);
  }
  for (const d of manifest.validDomains ?? []) {
    if (d === "*" || /^\*\.?$/.test(d)) problems.push(`validDomains "${d}": a bare wildcard is not allowed`);
    else if (d.startsWith("*.") && SHARED_DOMAINS.some((s) => d.slice(2) === s || s.endsWith(`.${d.slice(2)}`))) problems.push(`validDomains "${d}": a wildcard on a domain other tenants share is not allowed; name the app's own host`);
    else if (/^https?:\/\//.test(d) || d.includes("/")) problems.push(`validDomains "${d}": a domain, not a URL`);
  }
  const color = files[manifest.icons?.color ?? ""];
  const outline = files[manifest.icons?.outline ?? ""];
  const cs = color && pngSize(Buffer.from(color));
  const os = outline && pngSize(Buffer.from(outline));
  if (color && (!cs || cs.width !== 192 || cs.height !== 192)) problems.push("the colour icon must be a 192×192 PNG");
  if (outline && (!os || os.width !== 32 || os.height !== 32)) problems.push("the outline icon must be a 32×32 PNG");

  const keys = translatableKeys(manifest);
  const locValidate = schemaValidator(manifest.manifestVersion, "MicrosoftTeams.Localization.schema.json");
  for (const lang of manifest.localizationInfo?.additionalLanguages ?? []) {
    const bytes = files[lang.file];
    if (!bytes) continue;
    let loc;
    try {
      loc = JSON.parse(strFromU8(bytes));
    } catch {
      problems.push(`${lang.file} is not JSON`);
      continue;
    }
    if (locValidate) problems.push(...schemaErrors(locValidate, loc, lang.file));
    const schemaVersion = /\/v(\d+\.\d+)\//.exec(String(loc.$schema ?? ""))?.[1];
    if (schemaVersion !== manifest.manifestVersion) problems.push(`${lang.file} is for schema v${schemaVersion ?? "?"}, the manifest for v${manifest.manifestVersion}: the same version, please`);
    for (const k of keys) if (typeof loc[k] !== "string" || loc[k].trim() === "") problems.push(`${lang.file} lacks a translation of ${k}`);
    for (const k of Object.keys(loc)) if (k !== "$schema" && !keys.includes(k)) problems.push(`${lang.file} translates ${k}, which the manifest does not have`);
  }
  // Every command has a description (Store rule for bots).
  for (const bot of manifest.bots ?? []) for (const list of bot.commandLists ?? []) for (const c of list.commands) if (!c.description) problems.push(`the command "${c.title}" has no description`);
  return problems;
}

/** Builds the package's files (name → bytes) from appPackage/ with the values filled in; throws with the names that lack a value. */
export function packageFiles(root, values) {
  const dir = path.join(root, "appPackage");
  const raw = fs.readFileSync(path.join(dir, "manifest.json"), "utf8");
  const filled = fillIn(raw, values);
  const manifest = JSON.parse(filled.text);
  const files = { "manifest.json": strToU8(filled.text) };
  const missing = new Set(filled.missing);
  for (const icon of [manifest.icons?.color, manifest.icons?.outline]) if (icon) files[icon] = new Uint8Array(fs.readFileSync(path.join(dir, icon)));
  for (const lang of manifest.localizationInfo?.additionalLanguages ?? []) {
    const loc = fillIn(fs.readFileSync(path.join(dir, lang.file), "utf8"), values);
    loc.missing.forEach((m) => missing.add(m));
    files[lang.file] = strToU8(loc.text);
  }
  if (missing.size > 0) {
    const err = new Error(`no value for ${[...missing].join(", ")}: set them in env/.env.<env> (provision writes the ids) or in the environment`);
    err.missing = [...missing];
    throw err;
  }
  return files;
}

/** Reads a package's files back. */
export function readPackage(zipPath) {
  return unzipSync(new Uint8Array(fs.readFileSync(zipPath)));
}

/**
 * Builds, zips and validates: returns { zipPath, problems }. Nothing is written when the files break
 * a rule (a package that would fail the Store's validation is never left behind as the "last" one).
 */
export function buildPackage(root, env, values, outDir = path.join(root, "appPackage", "build")) {
  const zipPath = path.join(outDir, `appPackage.${env}.zip`);
  const previous = fs.existsSync(zipPath) ? (() => {
    try {
      return JSON.parse(strFromU8(readPackage(zipPath)["manifest.json"]));
    } catch {
      return null;
    }
  })() : null;
  const files = packageFiles(root, values);
  const before = storeRuleProblems(files, previous);
  if (before.length > 0) return { zipPath, problems: before };
  // A fixed date keeps the zip the same for the same files (a rebuild changes nothing).
  const mtime = new Date("2026-01-01T00:00:00Z");
  const zipped = zipSync(Object.fromEntries(Object.entries(files).map(([n, b]) => [n, [b, { mtime }]])), { level: 9 });
  fs.mkdirSync(outDir, { recursive: true });
  const tmp = `${zipPath}.tmp`;
  fs.writeFileSync(tmp, zipped);
  // The package as written, read back and checked again (what an admin uploads is what was checked).
  const after = storeRuleProblems(readPackage(tmp), previous);
  if (after.length > 0) {
    fs.rmSync(tmp, { force: true });
    return { zipPath, problems: after };
  }
  fs.renameSync(tmp, zipPath);
  return { zipPath, problems: [] };
}
