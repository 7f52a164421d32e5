import {
  type Activity,
  ActivityTypes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type Request,
  type Response,
  type TurnContext,
} from "botbuilder";
import type { BotAuth } from "../../config";
import { languageFromLocale } from "../../domain/language";
import { t } from "../../i18n";
import type { Logger } from "../../log";

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
      ...(auth.openIdMetadataUrl ? { ToBotFromChannelOpenIdMetadataUrl: auth.openIdMetadataUrl } : {}),
    };
    adapter = new CloudAdapter(
      new ConfigurationBotFrameworkAuthentication(settings, new ConfigurationServiceClientCredentialFactory(settings)),
    );
  }
  adapter.onTurnError = async (context: TurnContext, error: unknown) => {
    // Never echo the error: users get a localised apology, the log gets the error's class only.
    log.error("turn.error", { error: error instanceof Error ? error.name : "unknown", activityType: context.activity.type });
    const lang = languageFromLocale(context.activity.locale);
    try {
      if (context.activity.type === ActivityTypes.Invoke) {
        await context.sendActivity({
          type: ActivityTypes.InvokeResponse,
          value: { status: 200, body: { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: t(lang, "error.internal") } },
        });
      } else {
        await context.sendActivity(t(lang, "error.internal"));
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
