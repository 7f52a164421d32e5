// Starts the Microsoft 365 Agents Playground (0.2.x) from the project's own node_modules.
// See docs on driving it: it must get TEAMSAPPTESTER_BROWSER=none (else it tries to open a
// browser and exits), it takes another port when the one asked for is busy and only tells
// us on stdout ("Listening on <port>"), and an invalid YAML still listens but serves nothing
// (the reason is only in its log file) — so we also check that it serves its page and config.
import { onLines } from "./lines.mjs";
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "./ports.mjs";

const require = createRequire(import.meta.url);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * @param {{
 *   botEndpoint: string,          // e.g. http://127.0.0.1:3978/api/messages
 *   preferredPort?: number,       // default 56150; falls back to a free port when busy
 *   configPath?: string,          // default <repo>/.m365agentsplayground.yml
 *   recordingFile?: string,       // turns on events recording into this file
 *   logFile?: string,             // the Playground's own log (default <repo>/devTools/m365agentsplayground.log)
 *   channel?: string,             // default msteams (the emulator channel carries no tenant)
 *   cwd?: string,
 *   onOutput?: (line: string) => void, // every stdout/stderr line of the child
 *   timeoutMs?: number,
 * }} opts
 * @returns {Promise<{ port: number, url: string, child: import('node:child_process').ChildProcess, stop: () => Promise<void>, exited: Promise<number|null> }>}
 */
export async function startPlayground({
  botEndpoint,
  preferredPort = 56150,
  configPath = path.join(repoRoot, ".m365agentsplayground.yml"),
  recordingFile,
  logFile = path.join(repoRoot, "devTools", "m365agentsplayground.log"),
  channel = "msteams",
  cwd = repoRoot,
  onOutput,
  timeoutMs = 60000,
} = {}) {
  if (!botEndpoint) throw new Error("startPlayground: botEndpoint is required");
  const cli = path.join(path.dirname(require.resolve("@microsoft/m365agentsplayground/package.json")), "cli.js");
  const askPort = await freePort(preferredPort);

  const env = {
    ...process.env,
    TEAMSAPPTESTER_BROWSER: "none",
    M365_AGENTS_PLAYGROUND_CONFIG_PATH: path.resolve(configPath),
    M365_AGENTS_PLAYGROUND_LOGFILE: path.resolve(logFile),
  };
  delete env.TEAMSAPPTESTER_PORT;
  delete env.M365_AGENTS_PLAYGROUND_ENABLE_EVENTS_RECORDING;
  delete env.M365_AGENTS_PLAYGROUND_RECORDING_FILE;
  mkdirSync(path.dirname(env.M365_AGENTS_PLAYGROUND_LOGFILE), { recursive: true });
  if (recordingFile) {
    mkdirSync(path.dirname(path.resolve(recordingFile)), { recursive: true });
    env.M365_AGENTS_PLAYGROUND_ENABLE_EVENTS_RECORDING = "true";
    env.M365_AGENTS_PLAYGROUND_RECORDING_FILE = path.resolve(recordingFile);
  }

  // Start from an empty log, so that any "Failed to start" in it is this run's.
  writeFileSync(env.M365_AGENTS_PLAYGROUND_LOGFILE, "");
  const child = spawn(
    process.execPath,
    [cli, "-e", botEndpoint, "-c", channel, "--dt", "-p", String(askPort)],
    { cwd, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let exitCode;
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => { exitCode = code ?? signal; resolve(code); }));

  const tail = [];
  const port = await new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => finish(new Error(`Playground did not say "Listening on" within ${timeoutMs} ms:\n${tail.join("\n")}`)), timeoutMs);
    function finish(err, value) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) reject(err); else resolve(value);
    }
    for (const stream of [child.stdout, child.stderr]) {
      onLines(stream, (line) => {
        tail.push(line);
        if (tail.length > 40) tail.shift();
        onOutput?.(line);
        const m = /Listening on (\d+)/.exec(line);
        if (m) finish(null, Number(m[1]));
      });
    }
    child.once("error", (e) => finish(e));
    exited.then((code) => finish(new Error(`Playground exited (${code ?? exitCode}) before listening:\n${tail.join("\n")}`)));
  }).catch(async (e) => { child.kill("SIGKILL"); throw e; });

  const url = `http://localhost:${port}`;
  const stop = () =>
    new Promise((resolve) => {
      if (exitCode !== undefined) return resolve();
      exited.then(() => resolve());
      child.kill("SIGTERM");
      setTimeout(() => { if (exitCode === undefined) child.kill("SIGKILL"); }, 3000).unref();
    });

  try {
    await verifyServing(port, timeoutMs, env.M365_AGENTS_PLAYGROUND_LOGFILE);
  } catch (e) {
    await stop();
    throw e;
  }
  return { port, url, child, stop, exited };
}

// "Listening on" is printed even when the YAML is invalid; then nothing is served. The page
// must answer, and /_internal/v1/config (which also waits until the bot endpoint accepts
// connections) must return a config.
async function verifyServing(port, timeoutMs, logFile) {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    const failure = startFailure(logFile);
    if (failure) throw new Error(`The Playground could not start: ${failure} (log: ${logFile})`);
    try {
      const page = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(5000) });
      const html = await page.text();
      if (page.ok && /<html/i.test(html)) {
        const cfg = await fetch(`http://127.0.0.1:${port}/_internal/v1/config`, { signal: AbortSignal.timeout(Math.max(1000, deadline - Date.now())) });
        if (cfg.ok) {
          const body = await cfg.json();
          if (body?.config?.currentUser?.id) return;
          last = `config without currentUser: ${JSON.stringify(body).slice(0, 300)}`;
        } else last = `GET /_internal/v1/config -> ${cfg.status}`;
      } else last = `GET / -> ${page.status}`;
    } catch (e) {
      last = String(e?.message ?? e);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Playground on port ${port} listens but does not serve (${last}). An invalid .m365agentsplayground.yml does this; see ${logFile}`);
}

/** The Playground's own reason for not serving ("error Failed to start …" lines in its log), if any. */
function startFailure(logFile) {
  try {
    const text = readFileSync(logFile, "utf8");
    if (!/^error Failed to start/m.test(text)) return null;
    return text
      .split("\n")
      .filter((l) => l.startsWith("error "))
      .map((l) => l.slice(6).trim())
      .join(" ");
  } catch {
    return null;
  }
}
