// The Azure deployment as the Agents Toolkit runs it (m365agents.yml, infra/, aad.manifest.json,
// env/.env.dev, appPackage/manifest.json), checked offline: no toolkit, bicep CLI or tenant here.
//
// What the toolkit does that these checks rely on (OfficeDev/teams-toolkit, packages/fx-core):
// - component/utils/common.ts expandEnvironmentVariable replaces ${{VAR}} only when the value is
//   non-empty; aadApp/update (component/driver/aad/utility/buildAadManifest.ts) then stops with
//   MissingEnvironmentVariablesError on any placeholder left, and it generates
//   AAD_APP_ACCESS_AS_USER_PERMISSION_ID itself when that is empty. Provision steps run in order and
//   each step's outputs (writeToEnvironmentFile, arm/deploy's bicep outputs) are there for later steps.
// - component/driver/aad/utility/aadManifestHelper.ts maps this manifest format (the one of the SSO tab
//   template templates/ts/m365-tab/aad.manifest.json.tpl) to the Graph application; it reads
//   replyUrlsWithType without a null check, and warns unless accessTokenAcceptedVersion is 2 and the
//   access token has the optional claim idtyp.
// Teams SSO (MicrosoftDocs/msteams-docs tabs/how-to/authentication/tab-sso-register-aad.md): Application
// ID URI api://{fqdn}/{clientId} with a lower-case domain, scope access_as_user, the Teams clients
// 1fec8e78-… (desktop/mobile) and 5e3ce6c0-… (web) pre-authorised, accessTokenAcceptedVersion 2.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { loadConfig } from "../../src/config";
import { COORDINATOR_ROLE, TAB_SCOPE } from "../../src/tabApi/auth";

const ROOT = path.resolve(__dirname, "..", "..");
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const TEAMS_DESKTOP_MOBILE = "1fec8e78-bce4-4aaf-ab1b-5451cc387264";
const TEAMS_WEB = "5e3ce6c0-2b1f-4285-8d4b-75ee78787346";
/** The other Microsoft 365 clients the same doc lists (Microsoft 365 web/desktop/mobile, Outlook desktop/web/mobile). */
const M365_CLIENTS = [
  "4765445b-32c6-49b0-83e6-1d93765276ca",
  "0ec893e0-5785-4de6-99da-4ed124e5296c",
  "d3590ed6-52b3-4102-aeff-aad2292ab01c",
  "bc59ab01-8403-45c6-8796-ac3ef710b3e3",
  "27922004-5251-4030-b22d-91ecd9a37ea4",
];
/** aadApp/update generates this one when it is empty (buildAadManifest.ts); the name is fixed by the toolkit. */
const SCOPE_ID_VAR = "AAD_APP_ACCESS_AS_USER_PERMISSION_ID";
/** Built-ins the toolkit asks for when empty (subscription, resource group), in m365agents.yml itself only. */
const PROMPTED = new Set(["AZURE_SUBSCRIPTION_ID", "AZURE_RESOURCE_GROUP_NAME"]);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function read(file: string): string {
  return fs.readFileSync(path.join(ROOT, file), "utf8");
}
function readJson(file: string): JsonObject {
  return JSON.parse(read(file)) as JsonObject;
}
function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}
function obj(value: Json | undefined, what: string): JsonObject {
  assert.ok(value !== null && typeof value === "object" && !Array.isArray(value), `${what} is an object`);
  return value as JsonObject;
}
function arr(value: Json | undefined, what: string): Json[] {
  assert.ok(Array.isArray(value), `${what} is an array`);
  return value;
}

/** env/.env.dev as KEY → value (comments and blank lines skipped). */
function envFile(file: string): Map<string, string> {
  const env = new Map<string, string>();
  for (const line of read(file).split(/\r?\n/)) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) env.set(m[1]!, m[2]!.trim());
  }
  return env;
}

/**
 * Secrets the operator puts in env/.env.{env}.user (git-ignored, kept encrypted by the toolkit),
 * documented in env/.env.dev as a commented "# SECRET_X=" line: they fill placeholders like any value.
 */
function userSecrets(file: string): Set<string> {
  return new Set([...read(file).matchAll(/^#\s*(SECRET_[A-Z0-9_]+)=\s*$/gm)].map((m) => m[1]!));
}

interface Step {
  readonly uses: string;
  /** The step's own lines, comments dropped. */
  readonly text: string;
  /** `key: value` pairs anywhere in the step (with:, writeToEnvironmentFile:, templates). */
  readonly fields: ReadonlyMap<string, string>;
  readonly writes: readonly string[];
}

/**
 * The steps of one lifecycle in m365agents.yml. The file is plain block YAML written by hand (no YAML
 * library in the project, see src/tabApi/localUsers.ts), so a line reader is enough: a step starts at
 * "  - uses:" and writeToEnvironmentFile's entries are the indented lines under it.
 */
function lifecycle(name: "provision" | "deploy" | "publish", yml = read("m365agents.yml")): Step[] {
  const lines = yml.split(/\r?\n/);
  const start = lines.findIndex((l) => l === `${name}:`);
  assert.ok(start >= 0, `m365agents.yml has ${name}:`);
  const body: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^[^\s#]/.test(line)) break;
    body.push(line);
  }
  const steps: Step[] = [];
  let current: string[] | null = null;
  const flush = () => {
    if (!current) return;
    const own = current.filter((l) => !/^\s*#/.test(l)).map((l) => l.replace(/\s+#.*$/, ""));
    const uses = /^\s*- uses:\s*(\S+)/.exec(own[0]!)![1]!;
    const fields = new Map<string, string>();
    const writes: string[] = [];
    let inWrites = -1;
    for (const l of own.slice(1)) {
      const indent = l.length - l.trimStart().length;
      const kv = /^\s*(?:- )?([A-Za-z]+)\s*:\s*(.*)$/.exec(l);
      if (inWrites >= 0 && indent > inWrites && kv) writes.push(kv[2]!.trim());
      else inWrites = -1;
      if (kv?.[1] === "writeToEnvironmentFile") inWrites = indent;
      if (kv && kv[2]!.trim() !== "" && !fields.has(kv[1]!)) fields.set(kv[1]!, kv[2]!.trim());
    }
    steps.push({ uses, text: own.join("\n"), fields, writes });
  };
  for (const line of body) {
    if (/^ {2}- uses:/.test(line)) {
      flush();
      current = [line];
    } else if (current) current.push(line);
  }
  flush();
  return steps;
}

function bicepOutputs(bicep = read("infra/azure.bicep")): string[] {
  return [...bicep.matchAll(/^output\s+([A-Za-z_][A-Za-z0-9_]*)\s/gm)].map((m) => m[1]!);
}

/** Files a step fills placeholders in, besides its own text. */
function filesOf(step: Step): string[] {
  const files: string[] = [];
  if (step.uses === "arm/deploy") files.push(step.fields.get("parameters")!);
  if (step.uses === "aadApp/update") files.push(step.fields.get("manifestPath")!);
  if (step.uses === "teamsApp/validateManifest" || step.uses === "teamsApp/zipAppPackage") {
    const manifestPath = step.fields.get("manifestPath")!;
    files.push(manifestPath);
    const loc = readJson(manifestPath)["localizationInfo"] as JsonObject | undefined;
    for (const lang of (loc?.["additionalLanguages"] as JsonObject[] | undefined) ?? []) {
      files.push(path.posix.join(path.posix.dirname(manifestPath), String(lang["file"])));
    }
  }
  return files.map((f) => f.replace(/^\.\//, ""));
}

/** What a step writes to env/.env.{env} for the steps after it. */
function writtenBy(step: Step): string[] {
  if (step.uses === "arm/deploy") return bicepOutputs();
  if (step.uses === "aadApp/update") return [SCOPE_ID_VAR];
  return [...step.writes];
}

/**
 * Every placeholder that provision would leave unfilled, as "step: file: VAR". A variable is filled
 * when env/.env.dev gives it a value or an earlier step wrote it. APP_NAME_SUFFIX may be empty where
 * the toolkit tolerates it (the note in env/.env.dev), but not in the Entra manifest, where
 * aadApp/update stops on anything left.
 */
function unfilled(steps: readonly Step[], env: ReadonlyMap<string, string>, secrets: ReadonlySet<string> = userSecrets("env/.env.dev")): string[] {
  const known = new Set([...[...env].filter(([, v]) => v !== "").map(([k]) => k), ...secrets]);
  const problems: string[] = [];
  for (const step of steps) {
    const own = step.uses === "aadApp/update" ? new Set([SCOPE_ID_VAR]) : new Set<string>();
    const sources: [string, string][] = [["m365agents.yml", step.text], ...filesOf(step).map((f): [string, string] => [f, read(f)])];
    for (const [file, text] of sources) {
      for (const name of placeholders(text)) {
        if (known.has(name) || own.has(name)) continue;
        if (file === "m365agents.yml" && PROMPTED.has(name) && step.uses === "arm/deploy") continue;
        if (name === "APP_NAME_SUFFIX" && env.has(name) && step.uses !== "aadApp/update") continue;
        problems.push(`${step.uses}: ${file}: ${name}`);
      }
    }
    for (const name of writtenBy(step)) known.add(name);
  }
  return problems;
}

/** The `properties` of the App Service's appsettings resource in infra/azure.bicep, as KEY → bicep expression. */
function appSettings(bicep = read("infra/azure.bicep")): Map<string, string> {
  const m = /resource\s+\w+\s+'Microsoft\.Web\/sites\/config@[^']+'\s*=\s*\{[\s\S]*?name:\s*'appsettings'[\s\S]*?properties:\s*\{([\s\S]*?)\n {2}\}/.exec(bicep);
  assert.ok(m, "infra/azure.bicep has a Microsoft.Web/sites/config 'appsettings' resource");
  const settings = new Map<string, string>();
  for (const line of m[1]!.split("\n")) {
    // A quoted value may contain "//" (api://…); a trailing // comment is dropped.
    const kv = /^\s*([A-Z][A-Z0-9_]*)\s*:\s*('(?:[^'\\]|\\.)*'|[^'/]+?)\s*(?:\/\/.*)?$/.exec(line);
    if (kv) settings.set(kv[1]!, kv[2]!);
  }
  return settings;
}

/** Evaluates the simple bicep expressions the settings use: 'text ${ref}' strings and bare references. */
function evaluate(expression: string, refs: Readonly<Record<string, string>>): string | undefined {
  const quoted = /^'(.*)'$/.exec(expression);
  if (quoted) {
    let ok = true;
    const value = quoted[1]!.replace(/\$\{([^}]+)\}/g, (_w, ref: string) => {
      const v = refs[ref.trim()];
      if (v === undefined) ok = false;
      return v ?? "";
    });
    return ok ? value : undefined;
  }
  return refs[expression];
}

const DOMAIN = "mentordev-a1b2c3.azurewebsites.net";
const TAB_CLIENT = "5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f";
const BICEP_REFS: Readonly<Record<string, string>> = {
  "webApp.properties.defaultHostName": DOMAIN,
  tabClientId: TAB_CLIENT,
  tabCoordinatorGroupId: "",
  "identity.properties.clientId": "7d9e0f1a-2b3c-4d5e-8f60-718293a4b5c6",
  "identity.properties.tenantId": "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0",
  "table.name": "mentorships",
  linkSigningKey: "3f".repeat(32),
  teamsAppCatalogId: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
  "journalVault.properties.vaultUri": "https://kvtest123.vault.azure.net/",
  journalKeySecretName: "journal-encryption-key",
};

/** Issue 13: what App Service does with a Key Vault reference: the secret's value, read as the site's identity. */
const KEY_VAULT: Readonly<Record<string, string>> = { "https://kvtest123.vault.azure.net/secrets/journal-encryption-key": "5e".repeat(32) };
const KEY_VAULT_REFERENCE = /^@Microsoft\.KeyVault\(SecretUri=([^)]+)\)$/;

/** The App Service's environment as the bicep sets it, with `refs` for what Azure fills in. */
function appServiceEnv(settings: ReadonlyMap<string, string>, refs: Readonly<Record<string, string>> = BICEP_REFS): Record<string, string> {
  const appEnv: Record<string, string> = { STORAGE_CONNECTION_STRING: "UseDevelopmentStorage=true" };
  for (const [key, expression] of settings) {
    const value = evaluate(expression, refs);
    const secret = value === undefined ? undefined : KEY_VAULT_REFERENCE.exec(value)?.[1];
    if (value !== undefined) appEnv[key] = secret !== undefined ? (KEY_VAULT[secret] ?? value) : value;
  }
  return appEnv;
}

describe("Azure deployment (m365agents.yml, infra, aad.manifest.json)", () => {
  const env = envFile("env/.env.dev");
  const provision = lifecycle("provision");
  const aad = readJson("aad.manifest.json");
  const teams = readJson("appPackage/manifest.json");
  const webApp = obj(teams["webApplicationInfo"], "webApplicationInfo");

  it("runs the app with the same heap ceiling in Azure, under npm start and in the bench (scripts/lib/nodeFlags.mjs)", async () => {
    const { APP_HEAP_FLAG } = (await import(path.join(ROOT, "scripts/lib/nodeFlags.mjs"))) as { APP_HEAP_FLAG: string };
    assert.match(APP_HEAP_FLAG, /^--max-old-space-size=\d+$/);
    assert.ok(read("infra/azure.bicep").includes(`appCommandLine: 'node ${APP_HEAP_FLAG} lib/src/main.js'`), "the App Service's start command");
    assert.ok(read("scripts/start.mjs").includes("[process.execPath, APP_HEAP_FLAG, MAIN]"), "npm start");
    assert.ok(read("scripts/bench-cards.mjs").includes("[APP_HEAP_FLAG, main]"), "the card-action bench");
  });

  describe("provision order and variables", () => {
    it("fills every ${{VAR}} of every provision step from env/.env.dev or an earlier step", () => {
      assert.ok(provision.length >= 5, "the provision steps were read");
      assert.deepEqual(unfilled(provision, env), []);
    });

    it("would catch a wrong order: aadApp/update before arm/deploy, or arm/deploy before aadApp/create", () => {
      const at = (uses: string) => provision.findIndex((s) => s.uses === uses);
      const moved = (from: number, to: number) => {
        const copy = [...provision];
        const [step] = copy.splice(from, 1);
        copy.splice(to, 0, step!);
        return copy;
      };
      assert.ok(unfilled(moved(at("aadApp/update"), at("arm/deploy")), env).includes("aadApp/update: aad.manifest.json: BOT_DOMAIN"));
      assert.ok(unfilled(moved(at("aadApp/create"), at("arm/deploy") + 1), env).includes("arm/deploy: infra/azure.parameters.json: TAB_CLIENT_ID"));
    });

    it("creates the tab's Entra app without a secret, single-tenant, writing TAB_CLIENT_ID", () => {
      const create = provision.find((s) => s.uses === "aadApp/create");
      assert.ok(create, "m365agents.yml provisions an Entra app");
      assert.equal(create.fields.get("generateClientSecret"), "false", "the server only validates tokens");
      assert.equal(create.fields.get("signInAudience"), "AzureADMyOrg");
      assert.equal(create.fields.get("clientId"), "TAB_CLIENT_ID");
      assert.ok(!create.writes.some((w) => /SECRET/.test(w)));
      // aadApp/update renames the app to the manifest's name (aka.ms/teamsfx-actions/aadapp-create).
      assert.equal(create.fields.get("name"), aad["name"]);
      assert.equal(`\${{${create.fields.get("objectId")}}}`, aad["id"], "aadApp/update finds the app by the object id aadApp/create wrote");
      const update = provision.find((s) => s.uses === "aadApp/update");
      assert.equal(update?.fields.get("manifestPath"), "./aad.manifest.json");
      assert.match(update?.fields.get("outputFilePath") ?? "", /^\.\/appPackage\/build\//, "the built manifest goes where git and .webappignore ignore it");
    });

    it("declares in env/.env.dev every variable provision writes", () => {
      for (const step of provision) {
        for (const name of writtenBy(step)) assert.ok(env.has(name), `env/.env.dev declares ${name} (written by ${step.uses})`);
      }
    });

    it("passes every required bicep parameter, and only bicep parameters, in azure.parameters.json", () => {
      const bicep = read("infra/azure.bicep");
      const params = [...bicep.matchAll(/^param\s+(\w+)\s+\w+(\s*=)?/gm)];
      const given = Object.keys(obj(readJson("infra/azure.parameters.json")["parameters"], "parameters"));
      for (const p of params) if (!p[2]) assert.ok(given.includes(p[1]!), `azure.parameters.json gives ${p[1]}`);
      for (const g of given) assert.ok(params.some((p) => p[1] === g), `${g} is a parameter of infra/azure.bicep`);
    });
  });

  describe("the tab's SSO settings on the App Service", () => {
    const settings = appSettings();

    it("gives the App Service every setting the bot reads in Azure, on Node 22, with the Azure Bot on Teams", () => {
      for (const name of ["BOT_ID", "BOT_TYPE", "BOT_TENANT_ID", "ALLOWED_TENANT_IDS", "STORAGE_CONNECTION_STRING", "TABLE_NAME", "BOT_HOST", "BOT_PORT", "WEBSITES_PORT", "WEBSITE_RUN_FROM_PACKAGE"]) {
        assert.ok(settings.has(name), `app setting ${name}`);
      }
      assert.equal(settings.get("BOT_TYPE"), "'UserAssignedMsi'");
      const bicep = read("infra/azure.bicep");
      assert.doesNotMatch(bicep, /appSettings:/, "one place for the settings: the appsettings resource replaces siteConfig.appSettings anyway");
      assert.match(bicep, /linuxFxVersion: 'NODE\|22-lts'/);
      assert.match(bicep, /module azureBotRegistration '\.\/botRegistration\/azurebot\.bicep'/);
      const bot = read("infra/botRegistration/azurebot.bicep");
      assert.match(bot, /msaAppType: 'UserAssignedMSI'/);
      assert.match(bot, /channelName: 'MsTeamsChannel'/);
    });

    it("sets every TAB_* variable src/config.ts reads, except the two whose defaults are the public cloud's", () => {
      const schemaKeys = [...read("src/config.ts").matchAll(/^\s*(TAB_[A-Z_]+):\s*z\./gm)].map((m) => m[1]!);
      assert.ok(schemaKeys.includes("TAB_CLIENT_ID"), "config.ts was read");
      const defaultsSuffice = new Set(["TAB_JWKS_URL_TEMPLATE", "TAB_ISSUER_TEMPLATE"]);
      for (const key of schemaKeys) {
        assert.ok(settings.has(key) || defaultsSuffice.has(key), `infra/azure.bicep sets ${key} (or it is added to the defaults here, with a reason)`);
      }
      for (const key of ["TAB_CLIENT_ID", "TAB_APP_ID_URI", "TAB_COORDINATOR_GROUP_ID"]) assert.ok(settings.has(key), key);
    });

    it("gives the App Service a configuration that turns the tab API on in entra mode with the manifest's audience", () => {
      const appEnv = appServiceEnv(settings);
      assert.equal(appEnv["TAB_CLIENT_ID"], TAB_CLIENT);
      const config = loadConfig(appEnv);
      assert.equal(config.auth.kind, "UserAssignedMsi");
      assert.ok(config.tab?.kind === "entra", "the tab API is on, with Teams SSO tokens");
      assert.equal(config.tab.clientId, TAB_CLIENT);
      assert.equal(config.tab.coordinatorGroupId, null, "an empty group id means the app role only");
      // The Application ID URI the App Service accepts is the one Teams asks a token for.
      const resource = String(webApp["resource"]).replace(PLACEHOLDER, (_w, name: string) => ({ BOT_DOMAIN: DOMAIN, TAB_CLIENT_ID: TAB_CLIENT })[name] ?? "?");
      assert.deepEqual([...config.tab.audiences], [TAB_CLIENT, resource]);
      // v2 tokens are what the issuer check expects (aad.manifest.json sets accessTokenAcceptedVersion 2).
      assert.match(config.tab.issuerTemplate, /\/v2\.0$/);
    });

    it("derives TAB_APP_ID_URI from the same host name arm/deploy writes to BOT_DOMAIN, which is lower case", () => {
      const bicep = read("infra/azure.bicep");
      assert.match(bicep, /^output BOT_DOMAIN string = webApp\.properties\.defaultHostName$/m);
      assert.equal(settings.get("TAB_APP_ID_URI"), "'api://${webApp.properties.defaultHostName}/${tabClientId}'");
      assert.equal(settings.get("TAB_CLIENT_ID"), "tabClientId");
      assert.equal(obj(obj(readJson("infra/azure.parameters.json")["parameters"], "parameters")["tabClientId"], "tabClientId")["value"], "${{TAB_CLIENT_ID}}");
      // Teams on Android needs a lower-case domain in the Application ID URI (tab-sso-register-aad.md).
      assert.match(bicep, /^var baseName = toLower\(/m);
      assert.match(bicep, /resource webApp 'Microsoft\.Web\/sites@[^']+' = \{\s*name: baseName$/m);
      // The optional group id has a bicep default instead of a placeholder that may be empty.
      assert.match(bicep, /^param tabCoordinatorGroupId string = ''$/m);
      assert.equal(settings.get("TAB_COORDINATOR_GROUP_ID"), "tabCoordinatorGroupId");
    });
  });

  describe("the .ics links and Microsoft Graph on the App Service", () => {
    const settings = appSettings();
    const bicep = read("infra/azure.bicep");

    it("books through Graph as the bot's managed identity, and links point at the app's https host, signed with a key from a secure parameter", () => {
      assert.equal(settings.get("GRAPH_USE_MANAGED_IDENTITY"), "'true'");
      assert.equal(settings.get("GRAPH_CLIENT_ID"), "identity.properties.clientId", "the user-assigned identity the site runs as");
      assert.equal(settings.get("GRAPH_TENANT_ID"), "identity.properties.tenantId");
      assert.equal(settings.get("PUBLIC_BASE_URL"), "'https://${webApp.properties.defaultHostName}'");
      assert.equal(settings.get("SECRET_LINK_SIGNING_KEY"), "linkSigningKey");
      const config = loadConfig(appServiceEnv(settings));
      assert.ok(config.graph, "Graph is on: a deployed app books into Outlook, not the local calendar");
      assert.equal(config.graph.useManagedIdentity, true);
      assert.equal(config.graph.clientId, BICEP_REFS["identity.properties.clientId"]);
      assert.equal(config.graph.tenantId, BICEP_REFS["identity.properties.tenantId"]);
      assert.equal(config.graph.appCatalogId, BICEP_REFS["teamsAppCatalogId"]);
      assert.equal(config.publicBaseUrl, `https://${DOMAIN}`, "not http://0.0.0.0:8080");
      assert.equal(config.linkSigningKey, BICEP_REFS["linkSigningKey"]);
    });

    it("takes every SECRET_ placeholder into a @secure() parameter too long for an unfilled placeholder, and no committed file holds its value", () => {
      const params = obj(readJson("infra/azure.parameters.json")["parameters"], "parameters");
      const secretParams = Object.entries(params).filter(([, p]) => /SECRET_/.test(String(obj(p, "parameter")["value"])));
      assert.ok(secretParams.some(([name]) => name === "linkSigningKey"), "the link key comes in as a parameter");
      for (const [name, p] of secretParams) {
        const placeholder = String(obj(p, "parameter")["value"]);
        const declared = new RegExp(`@secure\\(\\)\\s*\\n@minLength\\((\\d+)\\)[\\s\\S]*?\\nparam ${name} string\\n`).exec(bicep);
        assert.ok(declared, `${name} is @secure() with a @minLength`);
        assert.ok(Number(declared[1]) > placeholder.length, `${placeholder} left unexpanded (${placeholder.length} characters) is refused`);
        assert.doesNotMatch(bicep, new RegExp(`param ${name} string =`), `${name} has no default`);
        const variable = placeholders(placeholder)[0]!;
        assert.ok(userSecrets("env/.env.dev").has(variable), `env/.env.dev tells where ${variable} goes`);
        assert.equal(env.get(variable), undefined, `${variable} has no value in the committed env/.env.dev`);
      }
      assert.match(read(".gitignore"), /^env\/\.env\.\*\.user$/m, "the .user files stay out of git");
    });

    it("starts before the app is published (no catalog id: Graph books, pairs make their chats), and refuses without the link settings the local calendar needs", () => {
      const appEnv = appServiceEnv(settings, { ...BICEP_REFS, teamsAppCatalogId: "" });
      const unpublished = loadConfig(appEnv);
      assert.ok(unpublished.graph, "Graph is on");
      assert.equal(unpublished.graph.appCatalogId, null, "but the app makes no chats it cannot add itself to");
      // Without Graph the local calendar's links must name the real address and a shared key.
      const local = appServiceEnv(settings);
      for (const k of ["GRAPH_USE_MANAGED_IDENTITY", "GRAPH_CLIENT_ID"]) delete local[k];
      assert.ok(loadConfig(local).graph === null);
      const { PUBLIC_BASE_URL: _url, ...noUrl } = local;
      assert.throws(() => loadConfig(noUrl), /PUBLIC_BASE_URL/);
      const { SECRET_LINK_SIGNING_KEY: _key, ...noKey } = local;
      assert.throws(() => loadConfig(noKey), /SECRET_LINK_SIGNING_KEY/);
    });
  });

  describe("issue 13: the journal's key on the App Service", () => {
    const settings = appSettings();
    const bicep = read("infra/azure.bicep");

    it("is a Key Vault reference, resolved as the site's managed identity, which may read that vault's secrets; no key in any setting or parameter", () => {
      const expression = settings.get("JOURNAL_ENCRYPTION_KEY");
      assert.equal(expression, "'@Microsoft.KeyVault(SecretUri=${journalVault.properties.vaultUri}secrets/${journalKeySecretName})'");
      assert.match(bicep, /^var journalKeySecretName = 'journal-encryption-key'$/m);
      assert.match(bicep, /resource journalVault 'Microsoft\.KeyVault\/vaults@[^']+' = \{[\s\S]*?enableRbacAuthorization: true[\s\S]*?enablePurgeProtection: true/);
      assert.match(bicep, /^ {4}keyVaultReferenceIdentity: identity\.id$/m, "the user-assigned identity resolves the reference");
      assert.match(bicep, /resource journalKeyReader 'Microsoft\.Authorization\/roleAssignments@[^']+' = \{\s*name: guid\(journalVault\.id, identity\.id, keyVaultSecretsUserRoleId\)\s*scope: journalVault[\s\S]*?principalId: identity\.properties\.principalId/);
      assert.match(bicep, /^var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'$/m, "Key Vault Secrets User (read only)");
      assert.ok(!JSON.stringify(readJson("infra/azure.parameters.json")).toLowerCase().includes("journal"), "the key is no deployment parameter");
      // Resolved (as App Service does), the app starts with it; unresolved (no secret yet), it refuses to start.
      const config = loadConfig(appServiceEnv(settings));
      assert.deepEqual(Buffer.from(config.journalEncryptionKey!), Buffer.from("5e".repeat(32), "hex"));
      const unresolved = appServiceEnv(settings);
      unresolved["JOURNAL_ENCRYPTION_KEY"] = "@Microsoft.KeyVault(SecretUri=https://kvtest123.vault.azure.net/secrets/journal-encryption-key)";
      assert.throws(() => loadConfig(unresolved), /JOURNAL_ENCRYPTION_KEY must be 32 bytes/);
      const { JOURNAL_ENCRYPTION_KEY: _key, ...none } = appServiceEnv(settings);
      assert.throws(() => loadConfig(none), /JOURNAL_ENCRYPTION_KEY/);
    });
  });

  describe("aad.manifest.json", () => {
    const scopes = arr(aad["oauth2Permissions"], "oauth2Permissions").map((s) => obj(s, "scope"));
    const scope = scopes.find((s) => s["value"] === TAB_SCOPE);

    it("exposes the same Application ID URI the Teams manifest asks tokens for, for the same client id", () => {
      assert.deepEqual(aad["identifierUris"], [webApp["resource"]]);
      assert.equal(webApp["resource"], "api://${{BOT_DOMAIN}}/${{TAB_CLIENT_ID}}");
      assert.equal(webApp["id"], aad["appId"]);
      assert.equal(aad["appId"], "${{TAB_CLIENT_ID}}");
    });

    it("has the delegated scope the server checks, access_as_user, enabled, for users", () => {
      assert.equal(scopes.length, 1);
      assert.ok(scope, `a scope with the value ${TAB_SCOPE}`);
      assert.equal(scope["type"], "User");
      assert.equal(scope["isEnabled"], true);
      assert.equal(scope["id"], `\${{${SCOPE_ID_VAR}}}`);
    });

    it("pre-authorises the Teams clients (and Microsoft 365 / Outlook) for that scope", () => {
      const pre = arr(aad["preAuthorizedApplications"], "preAuthorizedApplications").map((p) => obj(p, "preAuthorizedApplication"));
      const ids = pre.map((p) => p["appId"]);
      for (const id of [TEAMS_DESKTOP_MOBILE, TEAMS_WEB, ...M365_CLIENTS]) assert.ok(ids.includes(id), `${id} is pre-authorised`);
      assert.equal(new Set(ids).size, ids.length, "no client twice");
      for (const p of pre) assert.deepEqual(p["permissionIds"], [scope?.["id"]], `${String(p["appId"])} gets access_as_user`);
    });

    it("defines the app role the server checks, Coordinator, for users, with a fixed id", () => {
      const roles = arr(aad["appRoles"], "appRoles").map((r) => obj(r, "appRole"));
      const role = roles.find((r) => r["value"] === COORDINATOR_ROLE);
      assert.ok(role, `an app role with the value ${COORDINATOR_ROLE}`);
      assert.deepEqual(role["allowedMemberTypes"], ["User"]);
      assert.equal(role["isEnabled"], true);
      // A literal GUID: a changing id would make aadApp/update fail ("cannot be deleted or updated unless disabled first").
      assert.match(String(role["id"]), GUID);
      assert.equal(new Set(roles.map((r) => r["id"])).size, roles.length);
    });

    it("is single-tenant, v2 tokens, no secrets, and complete enough for the toolkit's mapping", () => {
      assert.equal(aad["signInAudience"], "AzureADMyOrg");
      assert.equal(aad["accessTokenAcceptedVersion"], 2);
      assert.equal(aad["passwordCredentials"], undefined);
      assert.deepEqual(aad["keyCredentials"] ?? [], []);
      assert.ok(Array.isArray(aad["replyUrlsWithType"]), "replyUrlsWithType is read without a null check");
      assert.ok(Array.isArray(aad["requiredResourceAccess"]));
      const accessClaims = arr(obj(aad["optionalClaims"], "optionalClaims")["accessToken"], "optionalClaims.accessToken");
      assert.ok(accessClaims.some((c) => obj(c, "claim")["name"] === "idtyp"));
      assert.match(String(aad["id"]), PLACEHOLDER);
      assert.ok(["None", "SecurityGroup", "${{TAB_GROUP_MEMBERSHIP_CLAIMS}}"].includes(String(aad["groupMembershipClaims"])));
      assert.ok(["None", "SecurityGroup"].includes(env.get("TAB_GROUP_MEMBERSHIP_CLAIMS") ?? ""), "TAB_GROUP_MEMBERSHIP_CLAIMS is None or SecurityGroup");
    });
  });
});
