// The local stack's storage and app, and how it stops: used by `npm start` (scripts/start.mjs) and,
// without the Playground, by the test that stops it with each signal (test/storage/localStop.test.ts).
//
// Stopping order is what keeps every acknowledged write: the parts stop in the reverse order they
// started, so the app stops first (no new requests, in-flight turns and background work finish, see
// the end of src/main.ts) and Azurite last (it saves its data as it closes, scripts/lib/azurite-table.cjs).
// The children run in their own process groups, so a Ctrl-C in the terminal reaches only this process
// and cannot stop Azurite while the app is still writing.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startAzurite } from "./azurite.mjs";
import { onLines } from "./lines.mjs";
import { freePort } from "./ports.mjs";

/** How long the app may take to finish what it was doing before it is killed. */
const APP_STOP_GRACE_MS = 20000;

/**
 * The parts that run, and one shutdown for all of them: on SIGINT, SIGTERM or SIGHUP, or when a
 * part dies on its own (then the exit code is non-zero).
 */
export function createLifecycle({ say, fail }) {
  const running = []; // { name, stop }
  let shuttingDown = false;
  const shutdown = async (code, reason) => {
    if (shuttingDown) return;
    shuttingDown = true;
    if (reason) (code ? fail : say)(reason);
    for (const part of running.reverse()) {
      try {
        await part.stop();
      } catch (e) {
        fail(`stopping ${part.name}: ${e?.message ?? e}`);
        code ||= 1;
      }
    }
    process.exit(code);
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => void shutdown(0, "Stopping…"));
  return {
    add: (name, stop) => running.push({ name, stop }),
    remove: (name) => {
      const i = running.findIndex((p) => p.name === name);
      if (i >= 0) running.splice(i, 1);
    },
    get shuttingDown() {
      return shuttingDown;
    },
    shutdown,
    /** When a child dies on its own, everything stops. */
    watch(name, child) {
      child.once("exit", (code, signal) => {
        setTimeout(() => {
          if (!shuttingDown) void shutdown(1, `${name} exited unexpectedly (${signal ?? `code ${code}`}); stopping the rest.`);
        }, 300);
      });
    },
  };
}

/** An exclusive lock file holding our pid; a stale one (its process gone) is taken over. */
export function takeLock(file) {
  mkdirSync(path.dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: "wx" });
      return { release: () => rmSync(file, { force: true }) };
    } catch (e) {
      if (e.code !== "EEXIST") throw e;
      const pid = Number(readFileSync(file, "utf8").trim());
      if (pid && pid !== process.pid && isAlive(pid)) return null;
      rmSync(file, { force: true });
    }
  }
  return null;
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}

export const LINK_KEY_FILE = "link-signing.key";

/**
 * The key that signs the local calendar's .ics links, kept with the data it links to (in the
 * Azurite folder, readable by this user only), so links survive a restart and die with the data
 * when the folder is deleted. A file and not a table row: anyone with the storage connection string
 * could read a row, and in Azure the key is an app setting, so the app reads it from its
 * configuration in both places.
 */
export function localLinkKey(dataDir) {
  const file = path.join(dataDir, LINK_KEY_FILE);
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(file, `${randomBytes(32).toString("hex")}\n`, { flag: "wx", mode: 0o600 });
  } catch (e) {
    if (e.code !== "EEXIST") throw e;
  }
  chmodSync(file, 0o600); // also an older or copied file
  const key = readFileSync(file, "utf8").trim();
  if (key.length < 32) throw new Error(`${file} holds no usable key (delete it and start again)`);
  return key;
}

async function waitForHealth(url, child, timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error("the bot exited before it was healthy (see its output above)");
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the bot did not answer ${url} with 200 within ${timeoutMs / 1000} s`);
}

/**
 * Azurite (data in `dataDir`, or in memory when another instance holds that folder) and the app.
 * @param {ReturnType<typeof createLifecycle>} life
 * @param {{ root: string, dataDir: string, command: string[], envFile?: string, env?: Record<string,string>,
 *           azuritePort?: number, botPort?: number, say: (s: string) => void, onBotOutput?: (stream: "out"|"err", line: string) => void }} o
 */
export async function startStorageAndApp(life, o) {
  const { say } = o;
  const azuritePort = await freePort(o.azuritePort ?? 0);
  const botPort = await freePort(o.botPort ?? 0);
  const note = (what, want, got) => { if (want && want !== got) say(`${what}: port ${want} is busy, using ${got}`); };
  note("Azurite", o.azuritePort, azuritePort);
  note("bot", o.botPort, botPort);

  // Two Azurites must not share a data folder: a second `npm start` keeps its data in memory instead.
  const lock = takeLock(path.join(o.dataDir, "npm-start.lock"));
  if (lock) life.add("lock", async () => lock.release());
  else say(`Another npm start uses ${path.relative(o.root, o.dataDir) || o.dataDir}/ — this one keeps its data in memory (gone when it stops).`);
  const azurite = await startAzurite(lock ? { location: o.dataDir, preferredPort: azuritePort } : { inMemory: true, preferredPort: azuritePort });
  life.add("Azurite", azurite.stop);
  life.watch("Azurite", azurite.child);

  const envFileArgs = o.envFile && existsSync(o.envFile) ? [`--env-file=${o.envFile}`] : [];
  const env = {
    ...process.env,
    BOT_PORT: String(botPort),
    BOT_HOST: "127.0.0.1",
    STORAGE_CONNECTION_STRING: azurite.connectionString,
    // The bot prefers the SECRET_ name; an env file may set it to UseDevelopmentStorage=true (port 10002).
    SECRET_STORAGE_CONNECTION_STRING: azurite.connectionString,
    ...(o.env ?? {}),
  };
  if (!envFileArgs.length) env.LOCAL_ANONYMOUS_BOT ??= "true";
  // A key the developer set wins; data in memory gets a key that lives as long as the data.
  env.SECRET_LINK_SIGNING_KEY ||= lock ? localLinkKey(o.dataDir) : randomBytes(32).toString("hex");

  const [cmd, ...args] = o.command;
  const bot = spawn(cmd, [...envFileArgs, ...args], { cwd: o.root, env, stdio: ["ignore", "pipe", "pipe", "ipc"], detached: true });
  bot.channel?.unref(); // the app stops when the channel closes, i.e. when this process dies unannounced
  life.add("bot", () =>
    new Promise((resolve) => {
      if (bot.exitCode !== null || bot.signalCode !== null) return resolve();
      const t = setTimeout(() => bot.kill("SIGKILL"), APP_STOP_GRACE_MS);
      bot.once("exit", () => { clearTimeout(t); resolve(); });
      bot.kill("SIGTERM");
    }),
  );
  onLines(bot.stdout, (line) => o.onBotOutput?.("out", line));
  onLines(bot.stderr, (line) => o.onBotOutput?.("err", line));
  life.watch("The bot", bot);
  const botUrl = `http://127.0.0.1:${botPort}`;
  await waitForHealth(`${botUrl}/healthz`, bot);
  return { azurite, bot, botUrl, persistent: lock !== null };
}
