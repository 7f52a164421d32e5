#!/usr/bin/env node
// `npm start`: the whole thing locally, offline, in the Microsoft 365 Agents Playground.
//
//   build (tsc) → Azurite (data in .azurite/, so mentorships survive a restart) → the bot
//   → /healthz → the Playground (you are the mentor) → the mentee persona proxy
//
// Preferred ports: Azurite 10002, bot 3978, Playground 56150, mentee 56151. Any that is busy
// (a second instance, a test run) is swapped for a free one. Ctrl-C stops everything; if any
// part dies, the rest is stopped and the exit code is non-zero. No browser is started: open
// the printed URLs in yours.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startAzurite } from "./lib/azurite.mjs";
import { startPersonaProxy } from "./lib/mentee-proxy.mjs";
import { startPlayground } from "./lib/playground.mjs";
import { onLines } from "./lib/lines.mjs";
import { freePort } from "./lib/ports.mjs";

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ENV_FILE = path.join(root, "env", ".env.local");
const MAIN = path.join(root, "lib", "src", "main.js");
const MENTEE = { id: "29:niels-nyansat", name: "Niels Nyansat" }; // as in .m365agentsplayground.yml
const MENTOR_NAME = "Mette Mentor";
const GROUP_CHAT_NAME = "Mentorforløb Mette og Niels";
const BOT_NAME = "Mentor";

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, s) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
const say = (s) => process.stdout.write(`${paint("1;36", "[start]")} ${s}\n`);
const fail = (s) => process.stderr.write(`${paint("1;31", "[start]")} ${s}\n`);

const running = []; // { name, stop, child? }
let shuttingDown = false;
let exitCode = 0;

async function shutdown(code, reason) {
  if (shuttingDown) return;
  shuttingDown = true;
  exitCode = code;
  if (reason) (code ? fail : say)(reason);
  for (const part of running.reverse()) {
    try {
      await part.stop();
    } catch (e) {
      fail(`stopping ${part.name}: ${e?.message ?? e}`);
    }
  }
  process.exit(exitCode);
}

process.on("SIGINT", () => shutdown(0, "Stopping…"));
process.on("SIGTERM", () => shutdown(0, "Stopping…"));
process.on("SIGHUP", () => shutdown(0, "Stopping…"));

/** When a child dies on its own, everything stops. (Ctrl-C in a terminal also signals the children; that is not a failure.) */
function watch(name, child) {
  child.once("exit", (code, signal) => {
    setTimeout(() => {
      if (!shuttingDown) shutdown(1, `${name} exited unexpectedly (${signal ?? `code ${code}`}); stopping the rest.`);
    }, 300);
  });
}

function prefixLines(stream, tag, out) {
  onLines(stream, (line) => out.write(`${tag} ${line}\n`));
}

function run(cmd, args, opts) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: "inherit", ...opts });
    running.push({ name: "build", stop: async () => child.kill("SIGTERM") });
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      running.splice(running.findIndex((p) => p.name === "build"), 1);
      code === 0 ? resolve() : reject(new Error(`${path.basename(args[0] ?? cmd)} failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

/** An exclusive lock file holding our pid; a stale one (its process gone) is taken over. */
function takeLock(file) {
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

async function main() {
  const t0 = Date.now();

  // 1. Build.
  say("Building (tsc -p tsconfig.build.json)…");
  const tsc = path.join(path.dirname(require.resolve("typescript/package.json")), "bin", "tsc");
  await run(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: root });
  if (existsSync(path.join(root, "src", "tab", "vite.config.mts"))) {
    say("Building the tab (vite)…");
    const vite = path.join(path.dirname(require.resolve("vite/package.json")), "bin", "vite.js");
    await run(process.execPath, [vite, "build", "--config", "src/tab/vite.config.mts"], { cwd: root });
  }
  if (!existsSync(MAIN)) throw new Error(`the build produced no ${path.relative(root, MAIN)}`);
  if (shuttingDown) return;

  // 2. Ports.
  const [azuritePref, botPref, pgPref, menteePref] = [10002, 3978, 56150, 56151];
  const azuritePort = await freePort(azuritePref);
  const botPort = await freePort(botPref);
  const note = (what, want, got) => { if (want !== got) say(`${what}: port ${want} is busy, using ${got}`); };
  note("Azurite", azuritePref, azuritePort);
  note("bot", botPref, botPort);

  // 3. Azurite, with its data in .azurite/ (git-ignored). Two Azurites must not share that
  //    folder: a second `npm start` keeps its data in memory instead.
  const dataDir = path.join(root, ".azurite");
  const lock = takeLock(path.join(dataDir, "npm-start.lock"));
  if (lock) running.push({ name: "lock", stop: async () => lock.release() });
  else say(`Another npm start uses .azurite/ — this one keeps its data in memory (gone when it stops).`);
  const azurite = await startAzurite(lock ? { location: dataDir, preferredPort: azuritePort } : { inMemory: true, preferredPort: azuritePort });
  running.push({ name: "Azurite", stop: azurite.stop });
  watch("Azurite", azurite.child);
  say(`Azurite (tables) on 127.0.0.1:${azurite.port}, ${lock ? "data in .azurite/" : "in memory"}`);

  // 4. The bot.
  const envFileArgs = existsSync(ENV_FILE) ? [`--env-file=${ENV_FILE}`] : [];
  if (!envFileArgs.length) say("env/.env.local not found: running the bot in local anonymous mode with defaults.");
  const env = {
    ...process.env,
    BOT_PORT: String(botPort),
    BOT_HOST: "127.0.0.1",
    STORAGE_CONNECTION_STRING: azurite.connectionString,
    // The bot prefers the SECRET_ name; an env file may set it to UseDevelopmentStorage=true (port 10002).
    SECRET_STORAGE_CONNECTION_STRING: azurite.connectionString,
  };
  if (!envFileArgs.length) env.LOCAL_ANONYMOUS_BOT ??= "true";
  const bot = spawn(process.execPath, [...envFileArgs, MAIN], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  running.push({
    name: "bot",
    stop: () =>
      new Promise((resolve) => {
        if (bot.exitCode !== null || bot.signalCode !== null) return resolve();
        const t = setTimeout(() => bot.kill("SIGKILL"), 5000);
        bot.once("exit", () => { clearTimeout(t); resolve(); });
        bot.kill("SIGTERM");
      }),
  });
  prefixLines(bot.stdout, paint("32", "[bot]"), process.stdout);
  prefixLines(bot.stderr, paint("31", "[bot]"), process.stderr);
  watch("The bot", bot);
  const botUrl = `http://127.0.0.1:${botPort}`;
  await waitForHealth(`${botUrl}/healthz`, bot);
  say(`Bot healthy on ${botUrl}`);

  // 5. The Playground (its current user is the mentor).
  const playground = await startPlayground({
    botEndpoint: `${botUrl}/api/messages`,
    preferredPort: pgPref,
    logFile: path.join(root, "devTools", "m365agentsplayground.log"),
    onOutput: (line) => {
      if (line.trim() && !/^Listening on|being launched/.test(line)) process.stdout.write(`${paint("35", "[playground]")} ${line}\n`);
    },
  });
  running.push({ name: "Playground", stop: playground.stop });
  watch("The Playground", playground.child);
  note("Playground", pgPref, playground.port);

  // 6. The mentee's view of the same Playground.
  const mentee = await startPersonaProxy({ targetPort: playground.port, preferredPort: menteePref, asUserId: MENTEE.id });
  running.push({ name: "mentee proxy", stop: mentee.stop });
  mentee.server.on("close", () => { if (!shuttingDown) shutdown(1, "The mentee proxy closed unexpectedly; stopping the rest."); });
  note("mentee proxy", menteePref, mentee.port);

  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  const line = "─".repeat(72);
  process.stdout.write(
    [
      "",
      line,
      `  Ready in ${secs} s. Open these in your browser (two windows or tabs):`,
      "",
      `  Mentor (${MENTOR_NAME}):   ${paint("1", playground.url)}`,
      `  Mentee (${MENTEE.name}):  ${paint("1", mentee.url)}`,
      `  Tab, coordinators' overview (sign in as Karen Koordinator):  ${paint("1", `${botUrl}/tab/overview`)}`,
      `  Tab, my mentorship (sign in as Mette or Niels):               ${paint("1", `${botUrl}/tab/my`)}`,
      "",
      `  To begin: open the group chat "${GROUP_CHAT_NAME}" in the mentor's window,`,
      `  type @${BOT_NAME}, pick "${BOT_NAME}" from the menu, then type "start" and send.`,
      "",
      "  Open both windows before the bot posts a card: the Playground keeps no history.",
      "  Text typed in the mentee's window reaches the bot as the mentor; its card buttons",
      "  act as the mentee.  Ctrl-C stops everything.",
      line,
      "",
    ].join("\n"),
  );
}

main().catch((err) => shutdown(1, `Could not start: ${err?.message ?? err}`));
