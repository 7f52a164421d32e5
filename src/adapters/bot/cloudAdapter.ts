import {
  type Activity,
  ActivityTypes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type Request,
  type Response,
  StatusCodes,
  type TurnContext,
} from "botbuilder";
// botbuilder's own (exactly pinned) dependency: its CloudAdapter answers 401 only to this class.
import { AuthenticationError } from "botframework-connector";
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

/**
 * botframework-connector lets some failures on a forged or malformed token escape as they are:
 * jsonwebtoken's errors for a token naming a published kid (bad signature, alg none, HS256, a bad
 * exp/nbf), a SyntaxError for a payload that is not JSON, a TypeError for a `null` payload. CloudAdapter
 * answers anything but an AuthenticationError with 500. A request that cannot be authenticated is
 * refused: 401, and the log gets the error's class.
 */
class ChannelAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(
    settings: ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[0],
    credentialsFactory: ConfigurationServiceClientCredentialFactory,
    private readonly log: Logger,
  ) {
    super(settings, credentialsFactory);
  }

  override async authenticateRequest(...args: Parameters<ConfigurationBotFrameworkAuthentication["authenticateRequest"]>) {
    try {
      return await super.authenticateRequest(...args);
    } catch (err) {
      if (err instanceof AuthenticationError) throw err;
      this.log.warn("request.auth.failed", { error: err instanceof Error ? err.name : "unknown" });
      throw new AuthenticationError("Unauthorized. Request is not authorized.", StatusCodes.UNAUTHORIZED);
    }
  }
}

/**
 * The Bot Framework adapter. Anonymous only in the explicit local mode; otherwise every inbound
 * token is validated (issuer, audience, signature, endorsements) by botbuilder against the
 * channel's published keys.
 */
export function createCloudAdapter(auth: BotAuth, log: Logger): CloudAdapter {
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
    adapter = new CloudAdapter(new ChannelAuthentication(settings, new ConfigurationServiceClientCredentialFactory(settings), log));
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
  return adapter;
}

/** What the HTTP layer gets back from the adapter: a status and a body, nothing written yet. */
export interface AdapterResult {
  status: number;
  body: unknown;
}

/**
 * Runs one inbound activity through the adapter with a response object that only records what
 * the adapter wants to answer, so the HTTP layer decides what actually goes out.
 */
export async function processActivity(
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
