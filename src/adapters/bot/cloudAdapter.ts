import { AsyncLocalStorage } from "node:async_hooks";
import {
  type Activity,
  ActivityTypes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type Request,
  type Response,
  ShowTypingMiddleware,
  StatusCodes,
  type TurnContext,
} from "botbuilder";
// botbuilder's own (exactly pinned) dependency: its CloudAdapter answers 401 only to this class.
import { AuthenticationConstants, AuthenticationError, ToBotFromBotOrEmulatorTokenValidationParameters } from "botframework-connector";
import type { BotAuth } from "../../config";
import { languageFromLocale } from "../../domain/language";
import { t } from "../../i18n";
import type { Logger } from "../../log";
import { StorageUnavailableError } from "../../ports/store";

/**
 * botbuilder's public-cloud defaults (botframework-connector's AuthenticationConstants). Setting any
 * one of these keys, ToBotFromChannelOpenIdMetadataUrl included, makes botbuilder drop its defaults
 * for all the others (no token issuer: every channel token is refused; no login URL: no outbound
 * token), so overriding only the metadata URL has to restate the rest.
 */
const PUBLIC_CLOUD = {
  ToChannelFromBotLoginUrl: "https://login.microsoftonline.com/botframework.com",
  ToChannelFromBotOAuthScope: "https://api.botframework.com",
  ToBotFromChannelTokenIssuer: "https://api.botframework.com",
  OAuthUrl: "https://api.botframework.com",
  ToBotFromEmulatorOpenIdMetadataUrl: "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration",
  CallerId: "urn:botframework:azure",
} as const;

// ---- the token screen: what botbuilder never sees -----------------------------------------------

/** Why a token was refused before botbuilder looked at it. */
export type TokenRefusal = "missing" | "malformed" | "issuer" | "tenant";

/** Far above a real token (Bot Connector's are ~1.2 KB, Entra's app tokens a few KB), far below the 16 KiB header limit. */
const MAX_TOKEN_CHARS = 8192;
/** A channel token has ~8 claims, an Entra app token ~25; botbuilder's skill check is quadratic in the count. */
const MAX_CLAIMS = 100;
const BEARER = /^Bearer ([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)$/;

/**
 * The issuers a genuine token for this bot carries (botframework-connector 4.23's own checks, and
 * https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication):
 * - Bot Connector, which is how Teams reaches the bot, signs with `https://api.botframework.com`
 *   (ChannelValidation: the issuer must equal ToBotFromChannelTokenIssuer) and names no tenant;
 * - the emulator/skill path accepts Entra tokens for the bot's own app id; for a SingleTenant or
 *   UserAssignedMsi bot only its own tenant can issue those: `https://sts.windows.net/{tenant}/`
 *   (v1) and `https://login.microsoftonline.com/{tenant}/v2.0` (v2). The Bot Framework's own
 *   tenants in botbuilder's list serve multi-tenant bots, which this app does not run as.
 */
export function acceptedIssuers(tenantId: string): readonly string[] {
  return [
    AuthenticationConstants.ToBotFromChannelTokenIssuer,
    `${AuthenticationConstants.ValidTokenIssuerUrlTemplateV1}${tenantId}/`,
    `${AuthenticationConstants.ValidTokenIssuerUrlTemplateV2}${tenantId}/v2.0`,
  ];
}

function jsonObject(segment: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Looks at the unverified token the way botbuilder's routing does (EmulatorValidation.isTokenFromEmulator
 * decodes it before any signature check) and refuses what no genuine token for this bot looks like:
 * anything but `Bearer <jwt>`, a header or payload that is not a JSON object, more than MAX_CLAIMS
 * claims, an issuer outside acceptedIssuers, or a `tid` other than the bot's tenant. The signature
 * and everything else are still botbuilder's to check.
 */
export function screenToken(authHeader: string, tenantId: string): TokenRefusal | null {
  if (!authHeader) return "missing";
  if (authHeader.length > MAX_TOKEN_CHARS + 7) return "malformed";
  const parts = BEARER.exec(authHeader);
  if (!parts) return "malformed";
  const header = jsonObject(parts[1] ?? "");
  const payload = jsonObject(parts[2] ?? "");
  if (!header || !payload || Object.keys(payload).length > MAX_CLAIMS) return "malformed";
  const iss = payload["iss"];
  if (typeof iss !== "string" || !acceptedIssuers(tenantId).includes(iss)) return "issuer";
  const tid = payload[AuthenticationConstants.TenantIdClaim];
  if (tid !== undefined && tid !== tenantId) return "tenant";
  return null;
}

/**
 * botframework-connector keeps one process-wide list of emulator/skill issuers
 * (ToBotFromBotOrEmulatorTokenValidationParameters.issuer) and EmulatorValidation.isTokenFromEmulator
 * appends four issuers to it for every `tid` of an unverified token that no entry contains yet: junk
 * tokens with random tids grow it without bound, and every later request scans it. The screen lets no
 * tid but the bot's own through; this adds the bot's tenant once (exactly what botbuilder would add on
 * its first token from that tenant) and freezes the list, so should any path still push, the push
 * throws (a TypeError, refused as 401 below) instead of growing it. Idempotent; another tenant
 * (another bot in the same process, as in tests) gets a new frozen list with its entries added.
 */
export function sealIssuerList(tenantId: string): readonly string[] {
  const params = ToBotFromBotOrEmulatorTokenValidationParameters as { issuer?: string | readonly string[] };
  const current: readonly string[] = Array.isArray(params.issuer) ? params.issuer : typeof params.issuer === "string" ? [params.issuer] : [];
  if (Object.isFrozen(current) && current.some((i) => i.includes(tenantId))) return current;
  const next = current.some((i) => i.includes(tenantId))
    ? [...current]
    : [
        ...current,
        `${AuthenticationConstants.ValidTokenIssuerUrlTemplateV1}${tenantId}/`,
        `${AuthenticationConstants.ValidTokenIssuerUrlTemplateV2}${tenantId}/v2.0`,
        `${AuthenticationConstants.ValidGovernmentTokenIssuerUrlTemplateV1}${tenantId}/`,
        `${AuthenticationConstants.ValidGovernmentTokenIssuerUrlTemplateV2}${tenantId}/v2.0`,
      ];
  const sealed = Object.freeze(next);
  params.issuer = sealed;
  return sealed;
}

/** A fixed word for what botbuilder's error says; its message (which can quote the token) is never logged. */
function reasonOf(err: unknown): string {
  const message = err instanceof Error ? err.message : "";
  const reasons: [RegExp, string][] = [
    [/expired/i, "expired"],
    [/not active/i, "notYetValid"],
    [/AppId|audience/i, "audience"],
    [/ServiceUrl/i, "serviceUrl"],
    [/issuer/i, "issuer"],
    [/endorsement/i, "endorsement"],
    [/Signing Key/i, "signingKey"],
    [/signature|algorithm/i, "signature"],
    [/malformed|invalid token|JSON/i, "malformed"],
    [/not authorized|identity|authenticated/i, "unauthorized"],
  ];
  return reasons.find(([pattern]) => pattern.test(message))?.[1] ?? "other";
}

/**
 * Screens every token (above) before botbuilder sees it. botframework-connector also lets some
 * failures on a forged or malformed token escape as they are: jsonwebtoken's errors for a token
 * naming a published kid (bad signature, alg none, HS256, a bad exp/nbf), a SyntaxError for a
 * payload that is not JSON, a TypeError for a `null` payload; CloudAdapter answers anything but an
 * AuthenticationError with 500. A request that cannot be authenticated is refused: 401, and the log
 * gets one line with the error's class and a fixed reason word, never the error's text.
 */
class ChannelAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(
    settings: ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[0],
    credentialsFactory: ConfigurationServiceClientCredentialFactory,
    private readonly tenantId: string,
    private readonly log: Logger,
  ) {
    super(settings, credentialsFactory);
  }

  override async authenticateRequest(...args: Parameters<ConfigurationBotFrameworkAuthentication["authenticateRequest"]>) {
    const refused = screenToken(args[1], this.tenantId);
    if (refused) {
      this.logOnce("request.auth.refused", { reason: refused });
      throw new AuthenticationError("Unauthorized. Request is not authorized.", StatusCodes.UNAUTHORIZED);
    }
    try {
      return await super.authenticateRequest(...args);
    } catch (err) {
      this.logOnce("request.auth.failed", { error: err instanceof Error ? err.name : "unknown", reason: reasonOf(err) });
      throw new AuthenticationError("Unauthorized. Request is not authorized.", StatusCodes.UNAUTHORIZED);
    }
  }

  private logOnce(event: string, fields: Record<string, string>): void {
    const capture = consoleCapture.getStore();
    if (capture) capture.logged = true;
    this.log.warn(event, fields);
  }
}

// ---- botbuilder's console ------------------------------------------------------------------------

/** What botbuilder wrote to the console while one request was processed (nothing of it is printed). */
interface ConsoleCapture {
  calls: number;
  level: string | undefined;
  kind: string | undefined;
  /** The request's refusal is logged already: the console calls add nothing. */
  logged: boolean;
}

const consoleCapture = new AsyncLocalStorage<ConsoleCapture>();
/** Each adapter's logger, for processActivity's one line about botbuilder's console. */
const adapterLogs = new WeakMap<CloudAdapter, Logger>();
const CAPTURING = Symbol.for("mentor-bot.consoleCapture");
const LEVELS = ["error", "warn", "log", "info", "debug", "trace"] as const;

/**
 * botbuilder writes to the console on every refused token: CloudAdapter.process console.error()s the
 * whole error (a stack trace, and messages that quote the token: "Invalid AppId passed on token: <aud>"),
 * JwtTokenExtractor console.error()s an expired token's error and the signing key. Within a request
 * (an AsyncLocalStorage scope around adapter.process) console calls are counted, not printed; outside
 * one the console is untouched. Re-installed when something replaced the console methods since.
 */
function captureConsole(): void {
  const target = console as unknown as Record<(typeof LEVELS)[number], ((...args: unknown[]) => void) & { [CAPTURING]?: true }>;
  for (const level of LEVELS) {
    const original = target[level];
    if (original[CAPTURING]) continue;
    const wrapped = Object.assign(
      (...args: unknown[]) => {
        const capture = consoleCapture.getStore();
        if (!capture) return original.apply(console, args);
        capture.calls += 1;
        capture.level ??= level;
        capture.kind ??= args.find((a): a is Error => a instanceof Error)?.name ?? "text";
      },
      { [CAPTURING]: true as const },
    );
    target[level] = wrapped;
  }
}

/**
 * The Bot Framework adapter. Anonymous only in the explicit local mode; otherwise every inbound
 * token is validated (issuer, audience, signature, endorsements) by botbuilder against the
 * channel's published keys.
 */
/**
 * When a message's answer takes longer than this, Teams shows the bot typing (and again every 2 s
 * until it answers): the Store's rule is an answer within 2 seconds or a typing indicator first.
 * Creating a pair's chat through Graph and a person's data export can take longer. Card actions
 * answer in their invoke response (a booking answers at once and books in the background).
 */
export const TYPING_AFTER_MS = 1000;

/** The typing indicator on every adapter that runs the bot (production's and the tests'). */
export function showTyping<T extends { use(...middleware: ShowTypingMiddleware[]): unknown }>(adapter: T): T {
  adapter.use(new ShowTypingMiddleware(TYPING_AFTER_MS, 2000));
  return adapter;
}

export function createCloudAdapter(auth: BotAuth, log: Logger): CloudAdapter {
  captureConsole();
  let adapter: CloudAdapter;
  if (auth.kind === "anonymous-local") {
    adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  } else {
    const settings = {
      MicrosoftAppId: auth.appId,
      MicrosoftAppType: auth.kind,
      MicrosoftAppTenantId: auth.tenantId,
      ...(auth.kind === "SingleTenant" ? { MicrosoftAppPassword: auth.password } : {}),
      ...(auth.openIdMetadataUrl ? { ...PUBLIC_CLOUD, ToBotFromChannelOpenIdMetadataUrl: auth.openIdMetadataUrl } : {}),
    };
    sealIssuerList(auth.tenantId);
    adapter = new CloudAdapter(new ChannelAuthentication(settings, new ConfigurationServiceClientCredentialFactory(settings), auth.tenantId, log));
  }
  adapter.onTurnError = async (context: TurnContext, error: unknown) => {
    // Never echo the error: users get a localised apology, the log gets the error's class only.
    // An outage is no bug of ours: the user is told plainly to try again shortly, and it is a warning.
    const outage = error instanceof StorageUnavailableError;
    const fields = { error: error instanceof Error ? error.name : "unknown", activityType: context.activity.type, ...(outage ? { code: error.code } : {}) };
    if (outage) log.warn("turn.storageUnavailable", fields);
    else log.error("turn.error", fields);
    const lang = languageFromLocale(context.activity.locale);
    const text = t(lang, outage ? "storage.unavailable" : "error.internal");
    try {
      if (context.activity.type === ActivityTypes.Invoke) {
        await context.sendActivity({
          type: ActivityTypes.InvokeResponse,
          value: { status: 200, body: { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: text } },
        });
      } else {
        await context.sendActivity(text);
      }
    } catch (sendError) {
      log.error("turn.error.reply.failed", { error: sendError instanceof Error ? sendError.name : "unknown" });
    }
  };
  adapterLogs.set(adapter, log);
  return showTyping(adapter);
}

/** What the HTTP layer gets back from the adapter: a status and a body, nothing written yet. */
export interface AdapterResult {
  status: number;
  body: unknown;
}

/**
 * Runs one inbound activity through the adapter with a response object that only records what
 * the adapter wants to answer, so the HTTP layer decides what actually goes out. Whatever botbuilder
 * writes to the console meanwhile is not printed: a refusal is logged once by ChannelAuthentication;
 * otherwise one `botbuilder.console` line says how many calls of which level and error class there were.
 */
export async function processActivity(
  adapter: CloudAdapter,
  headers: Record<string, string | string[] | undefined>,
  body: Partial<Activity>,
  logic: (context: TurnContext) => Promise<void>,
): Promise<AdapterResult> {
  captureConsole();
  const log = adapterLogs.get(adapter);
  const capture: ConsoleCapture = { calls: 0, level: undefined, kind: undefined, logged: false };
  try {
    return await consoleCapture.run(capture, () => runActivity(adapter, headers, body, logic));
  } finally {
    if (capture.calls > 0 && !capture.logged) log?.warn("botbuilder.console", { level: capture.level, error: capture.kind, count: capture.calls });
  }
}

async function runActivity(
  adapter: CloudAdapter,
  headers: Record<string, string | string[] | undefined>,
  body: Partial<Activity>,
  logic: (context: TurnContext) => Promise<void>,
): Promise<AdapterResult> {
  const result: AdapterResult = { status: 500, body: undefined };
  const req: Request = { body, headers, method: "POST" };
  const res: Response = {
    socket: null,
    header: () => res,
    status: (code: number) => {
      result.status = code;
      return res;
    },
    send: (payload?: unknown) => {
      result.body = payload;
      return res;
    },
    end: () => res,
  } as unknown as Response;
  await adapter.process(req, res, logic);
  return result;
}
