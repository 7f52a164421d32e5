// The scheduler under a backlog: 1,000 pairs whose agendas all fall due at once (Kristiansand's
// default Tuesday 10:00), one app instance (the real buildApp with a fixed clock past the due time)
// against Azurite (in memory) and a loopback Bot Connector that counts the agenda cards it receives.
// One pair is made and booked through the real use cases; the other 999 are copies of its rows with
// their own ids (booking 1,000 pairs one by one would take most of an hour here), each with its own
// agenda job scheduled through the real job store.
import http from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startAzurite } from "./lib/azurite.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PAIRS = 1000;
const TARGET_MS = 3 * 60_000;

/** Answers like the Bot Connector; counts agenda cards (Action.Execute "agenda.save") per conversation. */
async function loopbackConnector() {
  const agendas = new Map();
  let seq = 0;
  let onAgenda = () => {};
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (d) => (raw += d));
    req.on("end", () => {
      const m = /^\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? "");
      if (m && req.method === "POST" && raw.includes('"agenda.save"')) {
        const conv = decodeURIComponent(m[1]);
        agendas.set(conv, (agendas.get(conv) ?? 0) + 1);
        onAgenda();
      }
      res.writeHead(m ? 200 : 404, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: `activity-${++seq}` }));
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    serviceUrl: `http://127.0.0.1:${server.address().port}/`,
    agendas,
    set onAgenda(f) {
      onAgenda = f;
    },
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve))),
  };
}

export async function benchScheduler({ date, machine }) {
  const { tsImport } = await import("tsx/esm/api");
  const load = (p) => tsImport(pathToFileURL(path.join(root, p)).href, import.meta.url);
  const { TableClient, TableTransaction } = await import("@azure/data-tables");
  const { bookPairs, FIRST_MEETING, LEAD_HOURS } = await load("test/storage/bookedPairs.ts");
  const { TENANT } = await load("test/support/fixtures.ts");
  const { TableJobStore } = await load("src/adapters/tables/tableJobStore.ts");
  const { loadConfig } = await load("src/config.ts");
  const { buildApp } = await load("src/main.ts");
  const { DEFAULT_BATCH, DEFAULT_MAX_BATCHES_PER_TICK } = await load("src/app/scheduler.ts");

  const azurite = await startAzurite({ inMemory: true });
  const connector = await loopbackConnector();
  const tableName = `bench${Date.now()}`;
  try {
    const t0 = performance.now();
    const [template] = await bookPairs({ connectionString: azurite.connectionString, tableName, serviceUrl: connector.serviceUrl, count: 1 });
    const client = TableClient.fromConnectionString(azurite.connectionString, tableName, { allowInsecureConnection: true });
    const rows = [];
    for await (const e of client.listEntities({ queryOptions: { filter: `PartitionKey eq '${TENANT}'` } })) {
      // The calendar is not read by the agenda; the mentee's one-active-mentorship row is the template's alone.
      if (e.rowKey.startsWith("cal|") || e.rowKey.startsWith("active|")) continue;
      const { etag, timestamp, ...row } = e;
      rows.push(row);
    }
    const conv0 = template.conversationId;
    const key = (conv) => `c|${Buffer.from(conv).toString("base64url")}`;
    const copy = (i) => {
      const id = `${template.mentorshipId.slice(0, 24)}${String(i).padStart(12, "0")}`;
      const conv = conv0.replace("pair-0@", `pair-${i}@`);
      return rows.map((r) => {
        const text = JSON.stringify(r).replaceAll(template.mentorshipId, id).replaceAll(conv0, conv);
        const out = JSON.parse(text);
        if (r.rowKey === key(conv0)) out.rowKey = key(conv);
        return out;
      });
    };
    let tx = new TableTransaction();
    for (let i = 1; i < PAIRS; i++) {
      for (const row of copy(i)) {
        tx.createEntity(row);
        if (tx.actions.length === 100) {
          await client.submitTransaction(tx.actions);
          tx = new TableTransaction();
        }
      }
    }
    if (tx.actions.length) await client.submitTransaction(tx.actions);
    const jobs = TableJobStore.fromConnectionString(azurite.connectionString, `${tableName}jobs`);
    const first = template.meetings[0];
    const agendaDue = new Date(FIRST_MEETING - LEAD_HOURS * 3600_000).toISOString();
    for (let i = 1; i < PAIRS; i++) {
      const id = `${template.mentorshipId.slice(0, 24)}${String(i).padStart(12, "0")}`;
      await jobs.schedule({ id: `${TENANT}:${id}:agenda.post:${first.key}`, kind: "agenda.post", tenantId: TENANT, mentorshipId: id, dueAt: agendaDue, payload: { meetingKey: first.key } });
    }
    const seedMs = performance.now() - t0;

    const config = loadConfig({ BOT_HOST: "127.0.0.1", BOT_PORT: "0", LOCAL_ANONYMOUS_BOT: "true", STORAGE_CONNECTION_STRING: azurite.connectionString, TABLE_NAME: tableName });
    const silent = { info() {}, warn() {}, error() {} };
    // A fixed moment one minute after the agendas fell due (and a day before the meetings).
    const now = new Date(Date.parse(agendaDue) + 60_000);
    const app = await buildApp({ config, log: silent, clock: { now: () => now } });
    let firstAt = 0;
    let doneAt = 0;
    const all = new Promise((resolve) => {
      connector.onAgenda = () => {
        if (!firstAt) firstAt = performance.now();
        if (connector.agendas.size >= PAIRS) {
          doneAt = performance.now();
          resolve();
        }
      };
    });
    const started = performance.now();
    app.scheduler.start(config.schedulerIntervalMs);
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error(`only ${connector.agendas.size} of ${PAIRS} agendas after 10 minutes`)), 10 * 60_000).unref());
    await Promise.race([all, timeout]);
    await app.scheduler.stop();
    await new Promise((r) => setTimeout(r, 500)); // anything posted twice would arrive now
    const twice = [...connector.agendas.values()].filter((n) => n > 1).length;
    const posted = [...connector.agendas.values()].reduce((a, b) => a + b, 0);
    const totalMs = doneAt - started;
    const drainMs = doneAt - firstAt;
    const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
    return [
      "## Scheduler: 1,000 agendas due at once",
      "",
      `Measured ${date} on ${machine}.`,
      "",
      `${PAIRS.toLocaleString("en")} Kristiansand pairs whose first agenda falls due at the same moment (one booked through the use`,
      "cases, the rest copies of its rows with their own ids and their own agenda job); one app instance (`buildApp`, clock",
      "fixed a minute after the due time) against Azurite (in memory) and a loopback Bot Connector, on the same machine.",
      `Default settings: ${config.schedulerIntervalMs / 1000} s interval, batches of ${DEFAULT_BATCH}, up to ${DEFAULT_MAX_BATCHES_PER_TICK} batches a tick, then the next tick at once.`,
      "",
      "| measure | value |",
      "|---|---:|",
      `| scheduler started → last of ${PAIRS.toLocaleString("en")} agendas at the connector (the first tick waits one interval) | ${s(totalMs)} |`,
      `| first agenda → last agenda | ${s(drainMs)} (${(PAIRS / (drainMs / 1000)).toFixed(1)} agendas/s) |`,
      `| agenda cards received / conversations posted to twice | ${posted} / ${twice} |`,
      `| target: within 3 minutes | ${totalMs <= TARGET_MS ? "met" : "NOT met"} |`,
      `| seeding (not part of the figure) | ${s(seedMs)} |`,
      "",
      `Before (one tick of ${DEFAULT_BATCH} jobs per ${config.schedulerIntervalMs / 1000} s interval): ${PAIRS.toLocaleString("en")} agendas took ${Math.ceil(PAIRS / DEFAULT_BATCH)} ticks ≈ ${Math.round((Math.ceil(PAIRS / DEFAULT_BATCH) * config.schedulerIntervalMs) / 60_000)} minutes.`,
      "",
    ].join("\n");
  } finally {
    await connector.close();
    await azurite.stop();
  }
}

// Run on its own: `node scripts/bench-scheduler.mjs` prints the section.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const os = await import("node:os");
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? "cpu"}, Node ${process.version}`;
  process.stdout.write(await benchScheduler({ date: new Date().toISOString().slice(0, 10), machine }));
  process.exit(0);
}
