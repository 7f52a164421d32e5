#!/usr/bin/env node
// `npm start`: the whole thing locally, offline, in the Microsoft 365 Agents Playground.
//
//   build (tsc) → Azurite (data in .azurite/, so mentorships survive a restart) → the bot
//   → /healthz → the Playground (you are the mentor) → the mentee persona proxy
//
// Preferred ports: Azurite 10002, bot 3978, Playground 56150, mentee 56151. Any that is busy
// (a second instance, a test run) is swapped for a free one. Ctrl-C (or SIGTERM, SIGHUP) stops
// everything, the bot before Azurite, so no write the bot acknowledged is lost (scripts/lib/stack.mjs);
// if any part dies, the rest is stopped and the exit code is non-zero. No browser is started: open
// the printed URLs in yours.
//
// A fresh clone has no node_modules: like `npm test`, this installs them (npm ci) first. Only Node's
// own modules and ensure.mjs are imported statically; everything else is imported after
// ensureDependencies() has run (test/unit/startScript.test.ts holds that order).
import { spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureDependencies } from "./lib/ensure.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
ensureDependencies(root);

const { startPersonaProxy } = await import("./lib/mentee-proxy.mjs");
const { startPlayground } = await import("./lib/playground.mjs");
const { createLifecycle, startStorageAndApp } = await import("./lib/stack.mjs");
const { APP_HEAP_FLAG } = await import("./lib/nodeFlags.mjs");
const require = createRequire(import.meta.url);
const ENV_FILE = path.join(root, "env", ".env.local");
const MAIN = path.join(root, "lib", "src", "main.js");
const MENTEE = { id: "29:niels-nyansat", name: "Niels Nyansat" }; // as in .m365agentsplayground.yml
const MENTOR_NAME = "Mette Mentor";
const LEADER = { id: "29:lars-leder", name: "Lars Leder" }; // the new hires' leader in local mode (LOCAL_LEADER_IDS)
const GROUP_CHAT_NAME = "Mentorforløb Mette og Niels";
const BOT_NAME = "Mentor";

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, s) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
const say = (s) => process.stdout.write(`${paint("1;36", "[start]")} ${s}\n`);
const fail = (s) => process.stderr.write(`${paint("1;31", "[start]")} ${s}\n`);

const life = createLifecycle({ say, fail });

function run(cmd, args, opts) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: "inherit", ...opts });
    life.add("build", async () => child.kill("SIGTERM"));
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      life.remove("build");
      code === 0 ? resolve() : reject(new Error(`${path.basename(args[0] ?? cmd)} failed (${signal ?? `exit code ${code}`})`));
    });
  });
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
  if (life.shuttingDown) return;

  // 2. Azurite, with its data in .azurite/ (git-ignored), and the bot. Preferred ports: Azurite
  //    10002, bot 3978; a busy one is swapped for a free one.
  if (!existsSync(ENV_FILE)) say("env/.env.local not found: running the bot in local anonymous mode with defaults.");
  const { azurite, botUrl, persistent } = await startStorageAndApp(life, {
    root,
    dataDir: path.join(root, ".azurite"),
    command: [process.execPath, APP_HEAP_FLAG, MAIN],
    envFile: ENV_FILE,
    azuritePort: 10002,
    botPort: 3978,
    say,
    onBotOutput: (stream, line) => (stream === "out" ? process.stdout : process.stderr).write(`${paint(stream === "out" ? "32" : "31", "[bot]")} ${line}\n`),
  });
  say(`Azurite (tables) on 127.0.0.1:${azurite.port}, ${persistent ? "data in .azurite/" : "in memory"}`);
  say(`Bot healthy on ${botUrl}`);
  // Where `npm run clock` finds this app (the data folder is git-ignored and yours).
  writeFileSync(path.join(root, ".azurite", "app.json"), `${JSON.stringify({ botUrl })}\n`);
  if (life.shuttingDown) return;
  const [pgPref, menteePref, leaderPref] = [56150, 56151, 56152];
  const note = (what, want, got) => { if (want !== got) say(`${what}: port ${want} is busy, using ${got}`); };

  // 3. The Playground (its current user is the mentor).
  const playground = await startPlayground({
    botEndpoint: `${botUrl}/api/messages`,
    preferredPort: pgPref,
    logFile: path.join(root, "devTools", "m365agentsplayground.log"),
    onOutput: (line) => {
      if (line.trim() && !/^Listening on|being launched/.test(line)) process.stdout.write(`${paint("35", "[playground]")} ${line}\n`);
    },
  });
  life.add("Playground", playground.stop);
  life.watch("The Playground", playground.child);
  note("Playground", pgPref, playground.port);

  // 4. The mentee's view of the same Playground.
  const mentee = await startPersonaProxy({ targetPort: playground.port, preferredPort: menteePref, asUserId: MENTEE.id });
  life.add("mentee proxy", mentee.stop);
  mentee.server.on("close", () => { if (!life.shuttingDown) void life.shutdown(1, "The mentee proxy closed unexpectedly; stopping the rest."); });
  note("mentee proxy", menteePref, mentee.port);

  // 5. The leader's view (issue 12): Lars Leder's personal chat with the app (reminders, heads-up).
  const leader = await startPersonaProxy({ targetPort: playground.port, preferredPort: leaderPref, asUserId: LEADER.id });
  life.add("leader proxy", leader.stop);
  leader.server.on("close", () => { if (!life.shuttingDown) void life.shutdown(1, "The leader proxy closed unexpectedly; stopping the rest."); });
  note("leader proxy", leaderPref, leader.port);

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
      `  Leader (${LEADER.name}):    ${paint("1", leader.url)}`,
      `  Tab, coordinators' overview (sign in as Karen Koordinator):  ${paint("1", `${botUrl}/tab/overview`)}`,
      `  Tab, my mentorship (sign in as Mette or Niels):               ${paint("1", `${botUrl}/tab/my`)}`,
      `  Tab, my staff (sign in as Lars Leder):                        ${paint("1", `${botUrl}/tab/staff`)}`,
      "",
      `  To begin: open the group chat "${GROUP_CHAT_NAME}" in the mentor's window,`,
      `  type @${BOT_NAME}, pick "${BOT_NAME}" from the menu, then type "start" and send.`,
      "",
      "  Open both windows before the bot posts a card: the Playground keeps no history.",
      "  Text typed in the mentee's window reaches the bot as the mentor; its card buttons",
      "  act as the mentee.  Ctrl-C stops everything.",
      "  Try a whole year: `npm run clock -- +30d` (or a date) moves the app's clock forward.",
      line,
      "",
    ].join("\n"),
  );
}

main().catch((err) => life.shutdown(1, `Could not start: ${err?.message ?? err}`));
