import { z } from "zod";

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
    .regex(/^[A-Za-z][A-Za-z0-9]{2,57}$/, "TABLE_NAME must be 3-58 letters or digits, starting with a letter")
    .default("mentorships"),
  /** Where users' browsers reach this app (the .ics links); defaults to http://BOT_HOST:BOT_PORT. */
  PUBLIC_BASE_URL: z.string().url().optional(),
  /** Signs the .ics links; without it a random key is made at start (links then change on restart). */
  SECRET_LINK_SIGNING_KEY: z.string().min(16).optional(),
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
  readonly appCatalogId: string;
}

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly publicBaseUrl: string;
  readonly linkSigningKey: string | null;
  readonly agreementNudgeDays: number;
  readonly schedulerIntervalMs: number;
  /** Null: no Microsoft 365 tenant connected; the local calendar keeps the meetings. */
  readonly graph: GraphSettings | null;
  readonly auth: BotAuth;
  /** Activities from any other tenant are refused. Empty only in anonymous local mode. */
  readonly allowedTenantIds: readonly string[];
  readonly storage: { readonly connectionString: string; readonly tableName: string };
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
    if (!e.TEAMS_APP_CATALOG_ID) throw new ConfigError("Graph is configured but TEAMS_APP_CATALOG_ID is not: the app's id in your tenant's app catalog is needed to add it to new pair chats.");
    graph = Object.freeze({
      tenantId,
      clientId: e.GRAPH_CLIENT_ID,
      clientSecret: e.SECRET_GRAPH_CLIENT_SECRET,
      certificatePath: e.GRAPH_CERTIFICATE_PATH,
      useManagedIdentity: e.GRAPH_USE_MANAGED_IDENTITY,
      baseUrl: e.GRAPH_BASE_URL.replace(/\/+$/, ""),
      appCatalogId: e.TEAMS_APP_CATALOG_ID,
    });
  }

  return Object.freeze({
    host: e.BOT_HOST,
    port: e.BOT_PORT,
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://${e.BOT_HOST.includes(":") ? `[${e.BOT_HOST}]` : e.BOT_HOST}:${e.BOT_PORT}`).replace(/\/+$/, ""),
    linkSigningKey: e.SECRET_LINK_SIGNING_KEY ?? null,
    agreementNudgeDays: e.AGREEMENT_NUDGE_DAYS,
    schedulerIntervalMs: e.SCHEDULER_INTERVAL_MS,
    graph,
    auth: Object.freeze(auth),
    allowedTenantIds: Object.freeze([...allowedTenantIds]),
    storage: Object.freeze({ connectionString, tableName: e.TABLE_NAME }),
  });
}

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host);
}
