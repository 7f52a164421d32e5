// Azurite's table service, started the way its own entry (azurite/dist/src/table/main.js) starts it,
// but stopped so that no write it acknowledged is lost.
//
// Why not Azurite's entry: its table store is LokiJS with autosave every 5 s and it saves on close,
// but it closes only on SIGINT or an IPC "shutdown" message. SIGTERM and SIGHUP (what `npm start`
// sent it, what a closing terminal or a service manager sends) kill it before the next autosave, so
// up to five seconds of acknowledged writes were gone. Here every normal stop (SIGTERM, SIGINT,
// SIGHUP, the parent going away) does the same: answer new requests 503 (not acknowledged, so the
// client reports a failure instead of a loss), let the requests already inside finish, then close,
// which saves the database. Only a kill -9 can still lose the last seconds (LokiJS's autosave
// interval); Azure Table Storage has no such window.
//
// Takes Azurite's own table options (--tableHost, --tablePort, --location, --inMemoryPersistence, …).
"use strict";
const path = require("node:path");
const { createRequire } = require("node:module");

const azuriteRoot = path.dirname(require.resolve("azurite/package.json"));
const fromAzurite = createRequire(path.join(azuriteRoot, "package.json"));
const load = (p) => {
  const m = fromAzurite(path.join(azuriteRoot, "dist", "src", p));
  return m.default ?? m;
};
const TableEnvironment = load("table/TableEnvironment");
const TableConfiguration = load("table/TableConfiguration");
const TableServer = load("table/TableServer");
const { DEFAULT_TABLE_LOKI_DB_PATH } = fromAzurite(path.join(azuriteRoot, "dist", "src", "table", "utils", "constants"));
const { ensureDirSync } = fromAzurite("fs-extra");

/** How long the requests already inside may take before the store is closed anyway. */
const DRAIN_MS = 5000;

async function main() {
  const env = new TableEnvironment();
  const location = await env.location();
  ensureDirSync(location);
  const config = new TableConfiguration(
    env.tableHost(),
    env.tablePort(),
    env.tableKeepAliveTimeout(),
    path.join(location, DEFAULT_TABLE_LOKI_DB_PATH),
    false,
    !env.silent(),
    undefined,
    undefined,
    env.loose(),
    env.skipApiVersionCheck(),
    env.cert(),
    env.key(),
    env.pwd(),
    env.oauth(),
    env.disableProductStyleUrl(),
    env.inMemoryPersistence(),
  );
  const server = new TableServer(config);
  await server.start();

  // Azurite's request handler, wrapped so that a stop knows what is still inside and refuses the rest.
  const http = server.httpServer;
  const [handle] = http.listeners("request");
  http.removeAllListeners("request");
  let inside = 0;
  let stopping = false;
  let drained = () => {};
  http.on("request", (req, res) => {
    if (stopping) {
      res.writeHead(503, { Connection: "close", "Content-Type": "text/plain" });
      res.end("Azurite is stopping.");
      return;
    }
    inside++;
    res.once("close", () => {
      inside--;
      if (inside === 0) drained();
    });
    handle(req, res);
  });
  console.log(`Azurite Table service successfully started on ${config.host}:${config.port}`);

  let stopped = null;
  const stop = (why) => {
    if (stopped) return stopped;
    stopping = true;
    console.log(`Azurite Table service is closing (${why})…`);
    const allOut = inside === 0 ? Promise.resolve() : new Promise((resolve) => { drained = resolve; });
    const deadline = new Promise((resolve) => setTimeout(resolve, DRAIN_MS).unref());
    stopped = Promise.race([allOut, deadline])
      .then(() => server.close()) // closes the store: LokiJS saves whatever autosave has not yet written
      .then(
        () => {
          console.log("Azurite Table service successfully closed");
          process.exit(0);
        },
        (err) => {
          console.error(`Azurite could not close cleanly: ${err && err.name}`);
          process.exit(1);
        },
      );
    return stopped;
  };
  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) process.on(signal, () => void stop(signal));
  // Started with an IPC channel: the parent's "shutdown", or the parent dying, stops us as well.
  process.on("message", (msg) => { if (msg === "shutdown") void stop("shutdown"); });
  process.on("disconnect", () => void stop("parent gone"));
}

main().catch((err) => {
  console.error(`Azurite could not start: ${err && err.message}`);
  process.exit(1);
});
