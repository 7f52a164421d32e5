import { z } from "zod";
import type { RetentionSettings } from "./domain/retention";

/**
 * Configuration, read once from the environment (Agents Toolkit env files are loaded into it by
 * the start script or by App Service settings), validated, frozen and passed in. Nothing else
 * reads process.env.
 */
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "::1", "localhost"]);

const csv = z
  .string()
  .optional()
  .transform((s) => (s ?? "").split(",").map((x) => x.trim()).filter(Boolean));

/** An env file or app setting may hold an empty value for "not set". */
function unsetWhenEmpty<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === "" ? undefined : v), schema);
}

const flag = z
  .enum(["true", "false", ""])
  .optional()
  .transform((v) => v === "true");

const EnvSchema = z.object({
  BOT_HOST: z.string().min(1).default("127.0.0.1"),
  BOT_PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  BOT_ID: z.string().trim().optional().default(""),
  SECRET_BOT_PASSWORD: z.string().optional().default(""),
  BOT_PASSWORD: z.string().optional().default(""),
  BOT_TYPE: z.enum(["SingleTenant", "UserAssignedMsi", ""]).optional().default(""),
  BOT_TENANT_ID: z.string().trim().optional().default(""),
  /** Only for tests and sovereign clouds: where the Bot Framework's signing keys are published. */
  BOT_OPENID_METADATA_URL: z.string().url().optional(),
  /** Explicit opt-in to the unauthenticated mode the Agents Playground needs; honoured on loopback only. */
  LOCAL_ANONYMOUS_BOT: flag,
  ALLOWED_TENANT_IDS: csv,
  SECRET_STORAGE_CONNECTION_STRING: z.string().optional().default(""),
  STORAGE_CONNECTION_STRING: z.string().optional().default(""),
  TABLE_NAME: z
    .string()
    // 56 at most: the journal's table is TABLE_NAME + "journal", and a table name has at most 63 characters.
    .regex(/^[A-Za-z][A-Za-z0-9]{2,55}$/, "TABLE_NAME must be 3-56 letters or digits, starting with a letter")
    .default("mentorships"),
  /** Where users' browsers reach this app (the .ics links); on loopback it defaults to http://BOT_HOST:BOT_PORT. */
  PUBLIC_BASE_URL: unsetWhenEmpty(z.string().url().optional()),
  /**
   * Signs the .ics links. Required whenever the local calendar serves anyone beyond loopback;
   * `npm start` keeps one with the local data. Without it (loopback only) links end with the process.
   */
  SECRET_LINK_SIGNING_KEY: unsetWhenEmpty(
    z
      .string()
      .min(32, "SECRET_LINK_SIGNING_KEY must be at least 32 characters (e.g. openssl rand -hex 32)")
      .refine((k) => !k.includes("${{"), "SECRET_LINK_SIGNING_KEY is an unfilled placeholder: set it in env/.env.{env}.user")
      .optional(),
  ),
  /**
   * Issue 13: the key the mentee's process journal is encrypted with (AES-256-GCM): 32 bytes as 64 hex
   * digits or base64. Required beyond loopback; in Azure an App Service setting that is a Key Vault
   * reference (infra/azure.bicep). Without it on loopback a local key is derived from the storage settings.
   */
  JOURNAL_ENCRYPTION_KEY: unsetWhenEmpty(
    z
      .string()
      .trim()
      .refine((k) => parseJournalKey(k) !== null, "JOURNAL_ENCRYPTION_KEY must be 32 bytes as 64 hex digits or base64 (e.g. openssl rand -hex 32)")
      .optional(),
  ),
  AGREEMENT_NUDGE_DAYS: z.coerce.number().int().min(1).max(60).default(7),
  SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(15_000),
  /** Microsoft Graph (calendar, chats). Without GRAPH_CLIENT_ID or a managed identity the local calendar is used. */
  GRAPH_CLIENT_ID: z.string().trim().optional().default(""),
  SECRET_GRAPH_CLIENT_SECRET: z.string().optional().default(""),
  GRAPH_CERTIFICATE_PATH: z.string().optional().default(""),
  GRAPH_USE_MANAGED_IDENTITY: flag,
  GRAPH_TENANT_ID: z.string().trim().optional().default(""),
  GRAPH_BASE_URL: z.string().url().default("https://graph.microsoft.com"),
  /** The app's id in the tenant's app catalog, to install it into a new pair chat. */
  TEAMS_APP_CATALOG_ID: z.string().trim().optional().default(""),
  /** The tab's Entra app registration (Teams SSO). Setting it turns local tab tokens off. */
  TAB_CLIENT_ID: z.string().trim().optional().default(""),
  /** The Application ID URI (api://{fqdn}/{clientId}), accepted as audience too (v1-style `aud`). */
  TAB_APP_ID_URI: z.string().trim().optional().default(""),
  /** An Entra group whose members are coordinators (besides the app role "Coordinator"). */
  TAB_COORDINATOR_GROUP_ID: z.string().trim().optional().default(""),
  /** Where a tenant's signing keys are published ({tid} is replaced); only for tests and national clouds. */
  TAB_JWKS_URL_TEMPLATE: z.string().trim().default("https://login.microsoftonline.com/{tid}/discovery/v2.0/keys"),
  /** The v2 issuer of a tenant's tokens ({tid} is replaced); only for national clouds. */
  TAB_ISSUER_TEMPLATE: z.string().trim().default("https://login.microsoftonline.com/{tid}/v2.0"),
  /** Local mode: the mock users (the Agents Playground's file) the tab's user picker offers. */
  LOCAL_USERS_FILE: z.string().trim().default(".m365agentsplayground.yml"),
  /** Local mode: aadObjectIds of the mock users who are coordinators. */
  LOCAL_COORDINATOR_IDS: csv,
  /** Local mode: aadObjectIds of the mock users who are leaders (a coordinator is warned before making one a mentor). */
  LOCAL_LEADER_IDS: csv,
  /**
   * Local mode only: the app's clock can be moved forward (POST /api/local/clock, `npm run clock`), so
   * a year of a mentorship can be tried by hand in the Playground. `npm start` sets it.
   */
  LOCAL_MOVABLE_CLOCK: flag,
  // issue 13: retention (the daily job "retention.daily"; see docs/privacy.en.md)
  /** A closed mentorship (everything of it) is erased this many months after it closed, unless an archive hold is set. */
  MENTORSHIP_RETENTION_MONTHS: z.coerce.number().int().min(1).max(240).default(24),
  /** The mentee's journal entries of a closed mentorship are deleted this many months after it closed (never held). */
  JOURNAL_RETENTION_MONTHS: z.coerce.number().int().min(1).max(240).default(3),
  /** Audit log entries are kept this many months. */
  AUDIT_RETENTION_MONTHS: z.coerce.number().int().min(1).max(240).default(6),
});

export type BotAuth =
  | { readonly kind: "anonymous-local" }
  | {
      readonly kind: "SingleTenant";
      readonly appId: string;
      readonly password: string;
      readonly tenantId: string;
      readonly openIdMetadataUrl: string | undefined;
    }
  | { readonly kind: "UserAssignedMsi"; readonly appId: string; readonly tenantId: string; readonly openIdMetadataUrl: string | undefined };

export interface GraphSettings {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly certificatePath: string;
  readonly useManagedIdentity: boolean;
  readonly baseUrl: string;
  readonly appCatalogId: string | null;
}

/**
 * Who may call the tab API. "entra": Teams SSO tokens, verified against the tenant's published
 * keys. "local": tokens this server signs for the local mock users (anonymous local mode only).
 */
export type TabAuthSettings =
  | {
      readonly kind: "entra";
      readonly clientId: string;
      /** Accepted `aud` values: the client id, and the Application ID URI when configured. */
      readonly audiences: readonly string[];
      readonly jwksUrlTemplate: string;
      readonly issuerTemplate: string;
      readonly coordinatorGroupId: string | null;
    }
  | { readonly kind: "local"; readonly usersFile: string; readonly coordinatorIds: readonly string[]; readonly leaderIds: readonly string[] };

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly publicBaseUrl: string;
  readonly linkSigningKey: string | null;
  /** Issue 13: the journal's encryption key (32 bytes); null on loopback only (a local key is derived). */
  readonly journalEncryptionKey: Uint8Array | null;
  readonly agreementNudgeDays: number;
  readonly schedulerIntervalMs: number;
  /** Null: no Microsoft 365 tenant connected; the local calendar keeps the meetings. */
  readonly graph: GraphSettings | null;
  readonly auth: BotAuth;
  /** Activities from any other tenant are refused. Empty only in anonymous local mode. */
  readonly allowedTenantIds: readonly string[];
  readonly storage: { readonly connectionString: string; readonly tableName: string };
  /** Null: the tab API is off (no Entra settings and not in anonymous local mode). */
  readonly tab: TabAuthSettings | null;
  /** Local mode only: the clock may be moved forward by POST /api/local/clock (trying a year by hand). */
  readonly movableClock: boolean;
  /** Issue 13: how long what is kept is kept, in months (closed mentorships, their journals, the audit log). */
  readonly retention: RetentionSettings;
}



export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ConfigError(`Invalid configuration: ${issues}`);
  }
  const e = parsed.data;
  const password = e.SECRET_BOT_PASSWORD || e.BOT_PASSWORD;
  const connectionString = e.SECRET_STORAGE_CONNECTION_STRING || e.STORAGE_CONNECTION_STRING;
  if (!connectionString) {
    throw new ConfigError("No storage: set STORAGE_CONNECTION_STRING (Azure Table Storage, or Azurite locally).");
  }

  let auth: BotAuth;
  if (e.BOT_ID) {
    if (!e.BOT_TENANT_ID) throw new ConfigError("BOT_ID is set but BOT_TENANT_ID is not: a single-tenant bot needs its tenant.");
    if (e.BOT_TYPE === "UserAssignedMsi") {
      if (password) throw new ConfigError("BOT_TYPE=UserAssignedMsi takes no password; remove SECRET_BOT_PASSWORD.");
      auth = { kind: "UserAssignedMsi", appId: e.BOT_ID, tenantId: e.BOT_TENANT_ID, openIdMetadataUrl: e.BOT_OPENID_METADATA_URL };
    } else {
      if (!password) throw new ConfigError("BOT_ID is set but SECRET_BOT_PASSWORD is not (or set BOT_TYPE=UserAssignedMsi).");
      auth = {
        kind: "SingleTenant",
        appId: e.BOT_ID,
        password,
        tenantId: e.BOT_TENANT_ID,
        openIdMetadataUrl: e.BOT_OPENID_METADATA_URL,
      };
    }
  } else if (e.LOCAL_ANONYMOUS_BOT) {
    if (!LOOPBACK_HOSTS.has(e.BOT_HOST)) {
      throw new ConfigError(
        `LOCAL_ANONYMOUS_BOT=true is only allowed when BOT_HOST is a loopback address, not "${e.BOT_HOST}".`,
      );
    }
    auth = { kind: "anonymous-local" };
  } else {
    throw new ConfigError(
      "No bot credentials: set BOT_ID, BOT_TENANT_ID and SECRET_BOT_PASSWORD (or BOT_TYPE=UserAssignedMsi), " +
        "or LOCAL_ANONYMOUS_BOT=true for the Agents Playground on loopback. Refusing to start unauthenticated.",
    );
  }

  const allowedTenantIds = e.ALLOWED_TENANT_IDS.length > 0 ? e.ALLOWED_TENANT_IDS : auth.kind === "anonymous-local" ? [] : [auth.tenantId];

  let graph: GraphSettings | null = null;
  if (e.GRAPH_CLIENT_ID || e.GRAPH_USE_MANAGED_IDENTITY) {
    const tenantId = e.GRAPH_TENANT_ID || e.BOT_TENANT_ID;
    if (!tenantId) throw new ConfigError("Graph is configured but neither GRAPH_TENANT_ID nor BOT_TENANT_ID is set.");
    if (!e.GRAPH_USE_MANAGED_IDENTITY && !e.SECRET_GRAPH_CLIENT_SECRET && !e.GRAPH_CERTIFICATE_PATH) {
      throw new ConfigError("GRAPH_CLIENT_ID is set but there is no SECRET_GRAPH_CLIENT_SECRET or GRAPH_CERTIFICATE_PATH (or set GRAPH_USE_MANAGED_IDENTITY=true).");
    }
    graph = Object.freeze({
      tenantId,
      clientId: e.GRAPH_CLIENT_ID,
      clientSecret: e.SECRET_GRAPH_CLIENT_SECRET,
      certificatePath: e.GRAPH_CERTIFICATE_PATH,
      useManagedIdentity: e.GRAPH_USE_MANAGED_IDENTITY,
      baseUrl: e.GRAPH_BASE_URL.replace(/\/+$/, ""),
      // Until the app is published to the organisation there is no catalog id: Graph then books the
      // meetings and finds people, and pairs make their own chat (the app cannot add itself to one).
      appCatalogId: e.TEAMS_APP_CATALOG_ID || null,
    });
  }

  const tab = tabSettings(e, auth, allowedTenantIds);
  if (e.LOCAL_MOVABLE_CLOCK && auth.kind !== "anonymous-local") {
    throw new ConfigError("LOCAL_MOVABLE_CLOCK=true is only allowed in local mode (LOCAL_ANONYMOUS_BOT=true on loopback): a real deployment keeps real time.");
  }
  const publicBaseUrl = linkSettings(e, graph !== null);

  return Object.freeze({
    host: e.BOT_HOST,
    port: e.BOT_PORT,
    publicBaseUrl,
    linkSigningKey: e.SECRET_LINK_SIGNING_KEY ?? null,
    journalEncryptionKey: journalKeySetting(e),
    agreementNudgeDays: e.AGREEMENT_NUDGE_DAYS,
    schedulerIntervalMs: e.SCHEDULER_INTERVAL_MS,
    graph,
    auth: Object.freeze(auth),
    allowedTenantIds: Object.freeze([...allowedTenantIds]),
    storage: Object.freeze({ connectionString, tableName: e.TABLE_NAME }),
    tab,
    movableClock: e.LOCAL_MOVABLE_CLOCK,
    retention: Object.freeze({ mentorshipMonths: e.MENTORSHIP_RETENTION_MONTHS, journalMonths: e.JOURNAL_RETENTION_MONTHS, auditMonths: e.AUDIT_RETENTION_MONTHS }),
  });
}

/** 32 bytes from 64 hex digits or base64 (standard or url-safe); null for anything else. */
export function parseJournalKey(text: string): Uint8Array | null {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Uint8Array.from(Buffer.from(text, "hex"));
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) return null;
  const bytes = Buffer.from(text.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  return bytes.length === 32 ? Uint8Array.from(bytes) : null;
}

/** Issue 13: the journal's key. Beyond loopback one must be set: a derived key would be readable by whoever reads the settings. */
function journalKeySetting(e: z.infer<typeof EnvSchema>): Uint8Array | null {
  if (e.JOURNAL_ENCRYPTION_KEY) return parseJournalKey(e.JOURNAL_ENCRYPTION_KEY);
  if (!LOOPBACK_HOSTS.has(e.BOT_HOST)) {
    throw new ConfigError(
      `BOT_HOST=${e.BOT_HOST} serves beyond loopback: set JOURNAL_ENCRYPTION_KEY (32 bytes, e.g. openssl rand -hex 32), the key the mentees' process journals are encrypted with. ` +
        "In Azure it is an App Service setting that is a Key Vault reference (infra/azure.bicep). The same key on every instance and across restarts; without it nothing already written can be read.",
    );
  }
  return null;
}

const LOOPBACK_URL = /^http:\/\/(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])(:\d+)?(\/|$)/i;

/**
 * The address in the .ics links. The local calendar's feed is the one thing here a browser or
 * calendar app fetches without a Teams token, on the strength of a signed link alone: once it is
 * reachable beyond loopback, the links must point at the address people really use, over https,
 * and be signed with a key that every instance shares and that outlives a restart.
 */
function linkSettings(e: z.infer<typeof EnvSchema>, graph: boolean): string {
  const own = `http://${e.BOT_HOST.includes(":") ? `[${e.BOT_HOST}]` : e.BOT_HOST}:${e.BOT_PORT}`;
  const url = (e.PUBLIC_BASE_URL ?? own).replace(/\/+$/, "");
  if (e.PUBLIC_BASE_URL && !/^https:\/\//i.test(url) && !LOOPBACK_URL.test(url)) {
    throw new ConfigError("PUBLIC_BASE_URL must be https:// (plain http only on loopback): the .ics links it starts carry a secret.");
  }
  if (!graph && !LOOPBACK_HOSTS.has(e.BOT_HOST)) {
    const missing = [e.PUBLIC_BASE_URL ? null : "PUBLIC_BASE_URL", e.SECRET_LINK_SIGNING_KEY ? null : "SECRET_LINK_SIGNING_KEY"].filter(Boolean);
    if (missing.length > 0) {
      throw new ConfigError(
        `Without Microsoft Graph the local calendar serves .ics links, and BOT_HOST=${e.BOT_HOST} makes them reachable beyond loopback: set ${missing.join(" and ")}. ` +
          "PUBLIC_BASE_URL is the https address people open (links would otherwise point at the listening address); SECRET_LINK_SIGNING_KEY (at least 32 characters) " +
          "signs the links, the same on every instance and across restarts (otherwise a link works only on the instance that made it, until it restarts). " +
          "Or configure Graph (GRAPH_CLIENT_ID or GRAPH_USE_MANAGED_IDENTITY=true) so the meetings go to Outlook.",
      );
    }
  }
  return url;
}

const TEMPLATE_URL = /^(https:\/\/[^/?#]+|http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?)(\/|$)/i;

function tabSettings(e: z.infer<typeof EnvSchema>, auth: BotAuth, allowedTenantIds: readonly string[]): TabAuthSettings | null {
  const entra = e.TAB_CLIENT_ID || e.TAB_APP_ID_URI || e.TAB_COORDINATOR_GROUP_ID;
  if (entra) {
    if (!e.TAB_CLIENT_ID) throw new ConfigError("TAB_APP_ID_URI or TAB_COORDINATOR_GROUP_ID is set but TAB_CLIENT_ID is not: the tab's SSO needs its app registration.");
    if (allowedTenantIds.length === 0) throw new ConfigError("TAB_CLIENT_ID is set but no tenant is allowed: set ALLOWED_TENANT_IDS (or BOT_TENANT_ID).");
    for (const [name, value] of [["TAB_JWKS_URL_TEMPLATE", e.TAB_JWKS_URL_TEMPLATE], ["TAB_ISSUER_TEMPLATE", e.TAB_ISSUER_TEMPLATE]] as const) {
      if (!value.includes("{tid}")) throw new ConfigError(`${name} must contain {tid}.`);
    }
    if (!TEMPLATE_URL.test(e.TAB_JWKS_URL_TEMPLATE)) throw new ConfigError("TAB_JWKS_URL_TEMPLATE must be https (plain http only on loopback).");
    return Object.freeze({
      kind: "entra",
      clientId: e.TAB_CLIENT_ID,
      audiences: Object.freeze([e.TAB_CLIENT_ID, ...(e.TAB_APP_ID_URI ? [e.TAB_APP_ID_URI] : [])]),
      jwksUrlTemplate: e.TAB_JWKS_URL_TEMPLATE,
      issuerTemplate: e.TAB_ISSUER_TEMPLATE,
      coordinatorGroupId: e.TAB_COORDINATOR_GROUP_ID || null,
    });
  }
  if (auth.kind === "anonymous-local") {
    return Object.freeze({ kind: "local", usersFile: e.LOCAL_USERS_FILE, coordinatorIds: Object.freeze([...e.LOCAL_COORDINATOR_IDS]), leaderIds: Object.freeze([...e.LOCAL_LEADER_IDS]) });
  }
  return null;
}

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host);
}
