#!/usr/bin/env node
// The README promises that `npm start` works from a fresh clone. This clones the checked-out commit
// into a temporary folder (no node_modules, no .azurite, no lib), runs `npm start` there until it
// prints the Playground's and the tab's URLs, checks that the tab answers, then stops it with SIGINT
// as Ctrl-C in a terminal would (to npm's process group). Fails if the URLs do not come within the
// time limit (FRESH_START_TIMEOUT_S, default 300 s: npm ci in the clone reuses the npm cache) or if
// the stack does not stop.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const limitMs = Number(process.env.FRESH_START_TIMEOUT_S ?? 300) * 1000;
const STOP_MS = 60_000;
const say = (s) => process.stdout.write(`[fresh-clone] ${s}\n`);

const git = (...args) => execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
const rev = git("-C", repo, "rev-parse", "HEAD");
if (git("-C", repo, "status", "--porcelain", "--untracked-files=no")) say("note: uncommitted changes are not part of the clone");

const dir = mkdtempSync(path.join(tmpdir(), "mentor-fresh-"));
const clone = path.join(dir, "mentor");
let failed = false;
try {
  git("clone", "--quiet", "--no-checkout", repo, clone);
  git("-C", clone, "checkout", "--quiet", "--detach", rev);
  if (existsSync(path.join(clone, "node_modules"))) throw new Error("the clone already has node_modules");
  say(`cloned ${rev.slice(0, 12)} into ${clone}; running npm start (limit ${limitMs / 1000} s)`);
  await runUntilReady(clone);
  say("npm start printed its URLs, the tab answered, and it stopped on SIGINT");
} catch (e) {
  failed = true;
  process.stderr.write(`[fresh-clone] FAILED: ${e?.message ?? e}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);

function runUntilReady(cwd) {
  return new Promise((resolve, reject) => {
    // Its own process group, like a terminal's foreground job: SIGINT goes to npm and start.mjs,
    // and start.mjs stops what it started (Azurite, the bot, the Playground) itself.
    const child = spawn("npm", ["start"], { cwd, detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
    const urls = {};
    let stopping = false;
    let exited = false;
    const signalGroup = (sig) => {
      try {
        process.kill(-child.pid, sig);
      } catch {
        // the group is already gone
      }
    };
    const stop = (why) => {
      if (stopping) return;
      stopping = true;
      clearTimeout(limit);
      say(`sending SIGINT (${why})`);
      signalGroup("SIGINT");
      setTimeout(() => {
        if (exited) return;
        signalGroup("SIGKILL");
        reject(new Error(`npm start did not stop within ${STOP_MS / 1000} s of SIGINT`));
      }, STOP_MS).unref();
    };
    const limit = setTimeout(() => {
      stop("time limit");
      reject(new Error(`npm start printed no ${urls.playground ? "tab" : "Playground"} URL within ${limitMs / 1000} s`));
    }, limitMs);

    const lines = (stream, out) => {
      let rest = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk) => {
        const parts = (rest + chunk).split("\n");
        rest = parts.pop() ?? "";
        for (const line of parts) {
          out.write(`  | ${line}\n`);
          const pg = /Mentor \(.*\):\s+(https?:\/\/\S+)/.exec(line);
          if (pg) urls.playground = pg[1];
          const tab = /(https?:\/\/\S+\/tab\/overview)\b/.exec(line);
          if (tab) urls.tab = tab[1];
          if (urls.playground && urls.tab && !urls.checked) {
            urls.checked = true;
            checkTab(urls.tab).then(
              () => stop("ready"),
              (e) => {
                stop("the tab did not answer");
                reject(e);
              },
            );
          }
        }
      });
    };
    lines(child.stdout, process.stdout);
    lines(child.stderr, process.stderr);
    child.once("error", (e) => {
      clearTimeout(limit);
      reject(e);
    });
    child.once("exit", (code, signal) => {
      exited = true;
      clearTimeout(limit);
      if (!stopping) return reject(new Error(`npm start exited on its own (${signal ?? `code ${code}`}) before it was ready`));
      if (!urls.checked) return; // already rejected
      // npm reports its child's SIGINT as 130 (128 + 2) or as the signal itself.
      if (code !== 0 && code !== 130 && signal !== "SIGINT") return reject(new Error(`npm start did not stop cleanly (${signal ?? `code ${code}`})`));
      say(`npm start stopped (${signal ?? `code ${code}`})`);
      resolve();
    });
  });
}

async function checkTab(url) {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`);
  say(`GET ${url} → 200`);
}
