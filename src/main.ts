import { createCloudAdapter, processActivity } from "./adapters/bot/cloudAdapter";
import { MentorBot } from "./adapters/bot/mentorBot";
import type { MemberDirectory } from "./adapters/bot/members";
import { TableMentorshipStore } from "./adapters/tables/tableStore";
import { MentorshipService } from "./app/mentorshipService";
import { type Config, ConfigError, loadConfig } from "./config";
import { createHttpServer } from "./http/server";
import { type Logger, createLogger } from "./log";
import { type Clock, systemClock } from "./ports/clock";

export interface AppOptions {
  readonly config: Config;
  readonly clock?: Clock;
  readonly log?: Logger;
  readonly members?: MemberDirectory;
}

/** The composition root: every real part wired together. Tests that need another clock pass one here. */
export async function buildApp(options: AppOptions) {
  const { config } = options;
  const log = options.log ?? createLogger();
  const clock = options.clock ?? systemClock;
  const store = TableMentorshipStore.fromConnectionString(config.storage.connectionString, config.storage.tableName);
  await store.ensureTable();
  const service = new MentorshipService({ store, clock });
  const bot = new MentorBot({ service, log, ...(options.members ? { members: options.members } : {}) });
  const adapter = createCloudAdapter(config.auth, log);
  const server = createHttpServer({
    config,
    log,
    processActivity: (headers, activity) => processActivity(adapter, headers, activity, bot.run),
  });
  return { server, service, store, adapter, bot, log };
}

export async function startApp(options: AppOptions) {
  const app = await buildApp(options);
  await new Promise<void>((resolve) => app.server.listen(options.config.port, options.config.host, resolve));
  const address = app.server.address();
  app.log.info("listening", { host: options.config.host, port: address.port, auth: options.config.auth.kind });
  return app;
}

if (require.main === module) {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  startApp({ config }).then(
    (app) => {
      const stop = () => app.server.close(() => process.exit(0));
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    },
    (err: unknown) => {
      process.stderr.write(`Could not start: ${err instanceof Error ? err.name : "unknown error"}\n`);
      process.exit(1);
    },
  );
}
