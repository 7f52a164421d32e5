// Card actions through POST /api/messages, side by side with a bare botbuilder echo bot in the same
// run (issue 10, item 6). The app is built and started as `npm start` starts it (tsc → node
// lib/src/main.js, anonymous local mode) in its own process, on Azurite (in memory) on the same
// machine; 100 mentorships in start-up (agreement card posted, nothing accepted), made through the
// real use cases. Replies in local mode go to the activity's serviceUrl: a loopback Bot Connector here
// (test/storage/loopbackConnector.ts). The echo bot (scripts/lib/echo-bot.cjs) runs in its own
// process too. The load comes from this process: node's http with one keep-alive Agent of 32
// sockets, 32 requests in flight at all times, for `seconds` after a short warm-up.
//
// Measured one after the other, the echo bot before and after the app so a change of the machine's
// load weighs on both: echo invoke, echo message → refresh, save, status → echo message, echo invoke. Every answered save
// is checked afterwards against storage: one stored agreement version per answered save, none lost.
//
//   node scripts/bench-cards.mjs [--seconds 10]   prints the section
import { spawn, spawnSync } from "node:child_process";
import { APP_HEAP_FLAG } from "./lib/nodeFlags.mjs";
import { randomBytes } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startAzurite } from "./lib/azurite.mjs";
import { onLines } from "./lib/lines.mjs";
import { freePort } from "./lib/ports.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PAIRS = 100;
const CONNECTIONS = 32;
const WARMUP_MS = 2000;
const TARGETS = { refresh: 0.5, save: 0.25, status: 0.5, rssMb: 250 };
const TENANT = "8a4f1c1e-2b3d-4e5f-9a0b-1c2d3e4f5a6b";
const BOT = { id: "28:mentor-bot", name: "Mentor" };
const CLK_TCK = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

// ─── processes ────────────────────────────────────────────────────────────────────────────────

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** `npm start`'s build (tsc -p tsconfig.build.json → lib/), skipped when lib/ is newer than the sources. */
function build() {
  const main = path.join(root, "lib", "src", "main.js");
  let built = 0;
  try {
    built = statSync(main).mtimeMs;
  } catch {
    // not built yet
  }
  if (built > Math.max(newest(path.join(root, "src")), newest(path.join(root, "adaptiveCards")))) return main;
  const r = spawnSync(process.execPath, [path.join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) throw new Error("tsc -p tsconfig.build.json failed");
  return main;
}

/** A child process that prints {"event":"listening","port":…} (the app's log line, the echo bot's too). */
async function startListening(name, args, env) {
  // BENCH_CPU_PROF=<dir>: the app writes a V8 CPU profile there when it stops (to see where a click's time goes).
  const profile = name === "the app" && process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`] : [];
  const child = spawn(process.execPath, [...profile, ...args], { cwd: root, env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "pipe", "pipe", "ipc"] });
  child.channel?.unref();
  let errors = 0;
  let stderr = "";
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 60 s: ${stderr.slice(-500)}`)), 60_000);
    child.once("exit", (code, signal) => reject(new Error(`${name} exited (${code ?? signal}) before it listened: ${stderr.slice(-500)}`)));
    onLines(child.stdout, (line) => {
      if (line.includes('"level":"error"')) errors++;
      if (!line.includes('"listening"')) return;
      try {
        const port = JSON.parse(line).port;
        clearTimeout(timer);
        resolve(port);
      } catch {
        // another line
      }
    });
    onLines(child.stderr, (line) => (stderr += `${line}\n`));
  });
  return {
    child,
    url: `http://127.0.0.1:${port}/api/messages`,
    get errors() {
      return errors;
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const t = setTimeout(() => child.kill("SIGKILL"), 15_000);
        child.once("exit", () => (clearTimeout(t), resolve()));
        child.kill("SIGTERM");
      }),
  };
}

/** CPU seconds (user + system) a process has used, from /proc. */
function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/** Resident set size now (VmRSS) in MiB. */
function currentRssMb(pid) {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
}

/** Peak resident set size (VmHWM) in MiB. */
function peakRssMb(pid) {
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  return kb / 1024;
}

// ─── load ─────────────────────────────────────────────────────────────────────────────────────

function post(url, agent, activity) {
  const body = JSON.stringify(activity);
  return new Promise((resolve) => {
    const req = http.request(url, { method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
      let raw = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (raw += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, raw }));
    });
    req.on("error", (err) => resolve({ status: 0, raw: String(err?.code ?? err) }));
    req.end(body);
  });
}

/**
 * `CONNECTIONS` loops, each POSTing `next()`'s activity and waiting for the answer, for `ms`; counts
 * the answers `next()`'s check accepts. Latencies of accepted answers only.
 */
async function load(url, agent, ms, next) {
  const latencies = [];
  let ok = 0;
  const refused = new Map();
  const start = performance.now();
  const deadline = start + ms;
  const worker = async () => {
    while (performance.now() < deadline) {
      const { activity, check } = next();
      const t0 = performance.now();
      const res = await post(url, agent, activity);
      const dt = performance.now() - t0;
      const why = check(res);
      if (why === null) {
        ok++;
        latencies.push(dt);
      } else refused.set(why, (refused.get(why) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  return { ok, seconds, rps: ok / seconds, p50: pct(50), p99: pct(99), refused: Object.fromEntries(refused) };
}

// ─── the run ──────────────────────────────────────────────────────────────────────────────────

export async function benchCards({ date, machine, seconds = 10 }) {
  const measureMs = seconds * 1000;
  const main = build();
  const { tsImport } = await import("tsx/esm/api");
  const ts = (p) => tsImport(pathToFileURL(path.join(root, p)).href, import.meta.url);
  const { startLoopbackConnector } = await ts("test/storage/loopbackConnector.ts");
  const { TableMentorshipStore } = await ts("src/adapters/tables/tableStore.ts");
  const { MentorshipService } = await ts("src/app/setup/mentorshipService.ts");

  const azurite = await startAzurite({ inMemory: true });
  const connector = await startLoopbackConnector();
  const tableName = `benchcards${Date.now()}`;
  const parts = [];
  try {
    // 100 pairs in start-up, through the real use cases (setup card, agreement card posted).
    const t0 = performance.now();
    const clock = { now: () => new Date() };
    const store = TableMentorshipStore.fromConnectionString(azurite.connectionString, tableName);
    await store.ensureTable();
    const service = new MentorshipService({ store, clock });
    const pairs = [];
    const member = (role, i) => ({ aadObjectId: `${role === "mentor" ? "11111111" : "22222222"}-0000-4000-8000-${i.toString(16).padStart(12, "0")}`, name: role === "mentor" ? `Mette ${i}` : `Niels ${i}`, channelUserId: `29:${role}-${i}` });
    const seed = async (i) => {
      const mentor = member("mentor", i);
      const mentee = member("mentee", i);
      const actor = { ...mentor, tenantId: TENANT, language: "da" };
      const conversationId = `19:bench-cards-${i}@thread.v2`;
      const conv = { tenantId: TENANT, conversationId, conversationType: "groupChat", reference: { channelId: "msteams", serviceUrl: connector.serviceUrl, conversation: { id: conversationId, conversationType: "groupChat", tenantId: TENANT, isGroup: true }, bot: BOT } };
      const setup = await service.beginSetup(actor, conv, [mentor, mentee]);
      if (!setup.ok) throw new Error(`seed ${i}: ${setup.error.code}`);
      const created = await service.completeSetup(actor, conv, { setupId: setup.value.setupId, programme: "kristiansand", firstWorkingDay: "2027-03-01", unit: "Vågsbygd", language: "da" }, [mentor, mentee]);
      if (!created.ok) throw new Error(`seed ${i}: ${created.error.code}`);
      const posted = await service.markAgreementPosted(TENANT, created.value.id);
      if (!posted.ok) throw new Error(`seed ${i}: ${posted.error.code}`);
      pairs[i] = { i, id: created.value.id, conversationId, mentor, fields: posted.value.agreement.fields, version: posted.value.agreement.version };
    };
    for (let i = 0; i < PAIRS; i += 4) await Promise.all([i, i + 1, i + 2, i + 3].filter((k) => k < PAIRS).map(seed));
    const seedMs = performance.now() - t0;

    // As deployed (infra appCommandLine) and as npm start runs it: with the app's heap ceiling.
    const app = await startListening("the app", [APP_HEAP_FLAG, main], {
      LOCAL_ANONYMOUS_BOT: "true",
      BOT_HOST: "127.0.0.1",
      BOT_PORT: String(await freePort()),
      STORAGE_CONNECTION_STRING: azurite.connectionString,
      TABLE_NAME: tableName,
      SECRET_LINK_SIGNING_KEY: randomBytes(32).toString("hex"),
    });
    parts.push(app);
    const rssAtStart = currentRssMb(app.child.pid);
    const loadAtStart = readFileSync("/proc/loadavg", "utf8").split(" ")[0];
    const echo = await startListening("the echo bot", [path.join(root, "scripts", "lib", "echo-bot.cjs")], { BOT_HOST: "127.0.0.1", BOT_PORT: "0" });
    parts.push(echo);
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });

    // ── activities ──
    let seq = 0;
    let turn = 0;
    const nextPair = () => pairs[turn++ % PAIRS]; // round robin: 32 in flight never share a pair
    const base = (p) => ({
      channelId: "msteams",
      serviceUrl: connector.serviceUrl,
      id: `bench-${++seq}`,
      conversation: { id: p.conversationId, conversationType: "groupChat", tenantId: TENANT, isGroup: true, name: "" },
      from: { id: p.mentor.channelUserId, name: p.mentor.name, aadObjectId: p.mentor.aadObjectId },
      recipient: BOT,
      locale: "da-DK",
      channelData: { tenant: { id: TENANT } },
    });
    const invoke = (p, verb, data) => ({ ...base(p), type: "invoke", name: "adaptiveCard/action", replyToId: `card-${p.i}`, value: { action: { type: "Action.Execute", verb, data }, trigger: "manual" } });
    const message = (p, text) => ({ ...base(p), type: "message", text: `<at>${BOT.name}</at> ${text}`, entities: [{ type: "mention", mentioned: BOT, text: `<at>${BOT.name}</at>` }] });
    const card = (res) => {
      if (res.status !== 200) return { why: `HTTP ${res.status}` };
      try {
        const body = JSON.parse(res.raw);
        if (body?.type === "application/vnd.microsoft.card.adaptive") return { card: res.raw };
        // A text answer (a refusal, "storage is not answering"): its first words name the reason.
        return { why: typeof body?.value === "string" ? `text "${body.value.slice(0, 60)}"` : `answer ${body?.type ?? "none"}` };
      } catch {
        return { why: "not JSON" };
      }
    };
    const delivered = (res) => (res.status >= 200 && res.status < 300 ? null : `HTTP ${res.status}`);

    /** Every answered save: `${mentorshipId}:${version}`. */
    const saves = new Set();
    /** Saves answered with anything but "saved", warm-up included (the measure's own are also in its `refused`). */
    const notSaved = new Map();
    let saveSeq = 0;
    const measures = {
      echoInvoke: () => ({ activity: invoke(nextPair(), "echo.save", { n: 1 }), check: (res) => card(res).why ?? null }),
      refresh: () => {
        const p = nextPair();
        return {
          activity: invoke(p, "agreement.refresh", { mentorshipId: p.id }),
          check: (res) => {
            const c = card(res);
            // A party's card has the save button; a refusal or the read-only card has not.
            return c.why ?? (c.card.includes('"agreement.save"') ? null : "no party card");
          },
        };
      },
      save: () => {
        const p = nextPair();
        const f = p.fields;
        // The card's inputs as Teams sends them; one field changed to a text never used before, so
        // every save is a real change (a new version), and `baseVersion` is the version last seen.
        const data = { ...f, mentorRoles: f.mentorRoles.join(","), tools: f.tools.join(","), purpose: `Formål, udgave ${++saveSeq}`, mentorshipId: p.id, baseVersion: p.version };
        return {
          activity: invoke(p, "agreement.save", data),
          check: (res) => {
            const c = card(res);
            const v = c.card ? /Gemt som version (\d+)\./.exec(c.card)?.[1] : undefined;
            if (!v) {
              const why = c.why ?? "a card without the 'saved' notice";
              notSaved.set(why, (notSaved.get(why) ?? 0) + 1);
              return why;
            }
            const key = `${p.id}:${v}`;
            if (saves.has(key)) return "version answered twice";
            saves.add(key);
            p.version = Math.max(p.version, Number(v));
            return null;
          },
        };
      },
      echoMessage: () => ({ activity: message(nextPair(), "hello"), check: delivered }),
      status: () => ({ activity: message(nextPair(), "status"), check: delivered }),
    };

    const run = async (bot, name) => {
      await load(bot.url, agent, WARMUP_MS, measures[name]);
      const pids = { bot: bot.child.pid, azurite: azurite.child.pid };
      const before = { bot: cpuSeconds(pids.bot), azurite: cpuSeconds(pids.azurite) };
      const sentBefore = connector.messages.length;
      const r = await load(bot.url, agent, measureMs, measures[name]);
      const cpuMs = (who) => ((cpuSeconds(pids[who]) - before[who]) * 1000) / Math.max(1, r.ok);
      process.stdout.write(`  ${name}: ${r.rps.toFixed(1)} req/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms${Object.keys(r.refused).length ? `, refused ${JSON.stringify(r.refused)}` : ""}\n`);
      return { ...r, botCpuMs: cpuMs("bot"), azuriteCpuMs: cpuMs("azurite"), connectorMessages: connector.messages.length - sentBefore };
    };
    // The echo bot before and after the app (the yardstick is the mean of its two runs), so a change
    // in what the rest of the machine does during the run weighs on both sides alike.
    const res = {};
    res.echoInvoke1 = await run(echo, "echoInvoke");
    res.echoMessage1 = await run(echo, "echoMessage");
    res.refresh = await run(app, "refresh");
    res.save = await run(app, "save");
    res.status = await run(app, "status");
    res.echoMessage2 = await run(echo, "echoMessage");
    res.echoInvoke2 = await run(echo, "echoInvoke");
    const mean = (a, b) => ({ rps: (a.rps + b.rps) / 2 });
    const echoInvoke = mean(res.echoInvoke1, res.echoInvoke2);
    const echoMessage = mean(res.echoMessage1, res.echoMessage2);
    const rss = { app: peakRssMb(app.child.pid), echo: peakRssMb(echo.child.pid) };
    agent.destroy();

    // ── no save lost: one stored version per answered save ──
    let stored = 0;
    let missing = 0;
    let unanswered = 0;
    // Each save sent a purpose text never sent before: two versions with one text are one save stored twice.
    let twice = 0;
    for (const p of pairs) {
      const m = await service.getMentorship(TENANT, p.id);
      const last = m?.agreement.version ?? 1;
      const texts = new Set();
      for (let n = 2; n <= last; n++) {
        const v = await store.getAgreementVersion(TENANT, p.id, n);
        if (v) stored++;
        if (v && texts.has(v.fields.purpose)) twice++;
        if (v) texts.add(v.fields.purpose);
        if (!saves.has(`${p.id}:${n}`)) unanswered++;
      }
      for (const key of saves) if (key.startsWith(`${p.id}:`) && Number(key.split(":")[1]) > last) missing++;
    }
    const savesOk = stored === saves.size && missing === 0 && unanswered === 0 && twice === 0;

    // ── the section ──
    const ratio = (a, b) => a.rps / b.rps;
    const f1 = (x) => x.toFixed(1);
    const met = (ok) => (ok ? "met" : "**not met**");
    const row = (what, r, against, target) => {
      const x = against ? ratio(r, against) : null;
      const t = against ? `${x.toFixed(2)}× (target ≥ ${target}×, ${met(x >= target)})` : "yardstick";
      return `| ${what} | ${f1(r.rps)} | ${f1(r.p50)} | ${f1(r.p99)} | ${t} | ${f1(r.botCpuMs)} | ${against ? f1(r.azuriteCpuMs) : "–"} |`;
    };
    const loadAtEnd = readFileSync("/proc/loadavg", "utf8").split(" ")[0];
    const cores = (await import("node:os")).cpus().length;
    const commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).stdout.trim() || "unknown";
    const busy = Math.max(Number(loadAtStart), Number(loadAtEnd)) > cores;
    return [
      "## Card actions beside a bare echo bot",
      "",
      `Measured ${date} on ${machine}, at commit ${commit}.`,
      "",
      ...(busy
        ? [
            `The machine was busy with other work during this run (load average ${loadAtStart} at the start, ${loadAtEnd} at the end, on ${cores} cores): absolute`,
            "figures are lower and noisier than on a quiet machine (compare the echo bot's two runs); the ratios, measured minutes apart, are the fairer read.",
            "",
          ]
        : []),
      `The app built and started as \`npm start\` does (\`tsc\`, then \`node ${APP_HEAP_FLAG} lib/src/main.js\`, anonymous local mode, the heap ceiling Azure runs it with) on Azurite (in memory) on the`,
      `same machine, ${PAIRS} Kristiansand mentorships in start-up made through the use cases; beside it, in the same run, a bare botbuilder`,
      "bot (restify + CloudAdapter, the same anonymous auth, no storage: `scripts/lib/echo-bot.cjs`) answering invokes with a fixed card",
      `and messages with an echo. ${CONNECTIONS} connections (keep-alive, ${CONNECTIONS} requests in flight), ${seconds} s per measure after ${WARMUP_MS / 1000} s of warm-up,`,
      "the echo bot measured before and after the app (its yardstick is the mean of the two); replies and card updates go to a loopback Bot Connector at the activity's serviceUrl. The load generator,",
      "the connector, Azurite and the bot share the machine's cores. CPU is per answered request (user + system, from /proc).",
      "",
      "| action | req/s | p50 ms | p99 ms | ÷ echo bot (mean of its two runs) | bot CPU ms/req | Azurite CPU ms/req |",
      "|---|---:|---:|---:|---|---:|---:|",
      row("echo bot, invoke (fixed card), first run", res.echoInvoke1, null),
      row("echo bot, invoke (fixed card), last run", res.echoInvoke2, null),
      row("`agreement.refresh` (Action.Execute)", res.refresh, echoInvoke, TARGETS.refresh),
      row("`agreement.save` (a real change each)", res.save, echoInvoke, TARGETS.save),
      row("echo bot, message (echo), first run", res.echoMessage1, null),
      row("echo bot, message (echo), last run", res.echoMessage2, null),
      row("`status` message", res.status, echoMessage, TARGETS.status),
      "",
      `Peak RSS of the app process: ${f1(rss.app)} MiB (target ≤ ${TARGETS.rssMb} MB, ${met(rss.app <= TARGETS.rssMb)}; ${f1(rssAtStart)} MiB when it had started, before any load); the echo bot's peak: ${f1(rss.echo)} MiB.`,
      `Saves: ${saves.size} answered "saved" (warm-up included), ${stored} agreement versions stored — ${savesOk ? "one per answered save, none lost" : `**${missing} answered "saved" but not stored, ${unanswered} stored but not answered "saved", ${twice} saves stored twice**`}.`,
      `Saves answered otherwise (warm-up included): ${notSaved.size ? JSON.stringify(Object.fromEntries(notSaved)) : "none"}.`,
      `Refused answers: refresh ${JSON.stringify(res.refresh.refused)}, save ${JSON.stringify(res.save.refused)}, status ${JSON.stringify(res.status.refused)}; the app logged ${app.errors} error line(s).`,
      `Status replies at the connector: ${res.status.connectorMessages} for ${res.status.ok} answered (during the measure).`,
      `Seeding (not part of the figures): ${(seedMs / 1000).toFixed(1)} s.`,
      "",
    ].join("\n");
  } finally {
    for (const p of parts.reverse()) await p.stop();
    await connector.close();
    await azurite.stop();
  }
}

// Run on its own: `node scripts/bench-cards.mjs [--seconds N]` prints the section.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const os = await import("node:os");
  const i = process.argv.indexOf("--seconds");
  const seconds = i > 0 ? Number(process.argv[i + 1]) : 10;
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`;
  process.stdout.write(await benchCards({ date: new Date().toISOString().slice(0, 10), machine, seconds }));
  process.exit(0);
}
