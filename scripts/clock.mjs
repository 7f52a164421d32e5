#!/usr/bin/env node
// `npm run clock -- <move>`: moves the clock of the app `npm start` runs (local mode only), and runs
// what fell due meanwhile — agendas, reminders, the closing evaluation — so a mentorship's year can
// be tried by hand in the Playground. Never backwards; a restart of `npm start` returns to real time.
//
//   npm run clock                 prints the app's now
//   npm run clock -- +30d         30 days ahead (also +2w, +11m = 11 × 30 days)
//   npm run clock -- 2027-12-20   to that day, 09:00 in Copenhagen
//   npm run clock -- 2027-12-20T13:30:00+01:00
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const arg = (process.argv[2] ?? "").trim();
const fail = (s) => {
  process.stderr.write(`[clock] ${s}\n`);
  process.exit(2);
};

function move(text) {
  if (text === "") return { days: 0 };
  const rel = /^\+(\d{1,4})([dwm])$/i.exec(text);
  if (rel) return { days: Number(rel[1]) * { d: 1, w: 7, m: 30 }[rel[2].toLowerCase()] };
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return { to: `${text}T09:00:00+01:00` };
  if (!Number.isNaN(Date.parse(text)) && /T.*([+-]\d{2}:\d{2}|Z)$/.test(text)) return { to: text };
  return fail(`"${text}" is not a move: write +30d, +2w, +11m, 2027-12-20 or 2027-12-20T13:30:00+01:00.`);
}

let botUrl = process.env.BOT_URL;
if (!botUrl) {
  try {
    botUrl = JSON.parse(readFileSync(path.join(root, ".azurite", "app.json"), "utf8")).botUrl;
  } catch {
    fail("no running app found: start it with `npm start` first (or set BOT_URL).");
  }
}
const body = move(arg);
const res = await fetch(`${botUrl}/api/local/clock`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
}).catch(() => fail(`the app at ${botUrl} does not answer: is \`npm start\` running?`));
if (res.status === 404 || res.status === 405) fail("the app's clock cannot be moved (it runs without LOCAL_MOVABLE_CLOCK=true, local mode only).");
const answer = await res.json().catch(() => ({}));
if (!res.ok) fail(answer.error ?? `the app answered ${res.status}`);
const parts = Object.fromEntries(
  new Intl.DateTimeFormat("en-GB", { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "Europe/Copenhagen" })
    .formatToParts(new Date(answer.now))
    .map((p) => [p.type, p.value]),
);
const when = `${parts.day}.${parts.month}.${parts.year} kl. ${parts.hour}:${parts.minute}`;
if (body.to && Date.parse(answer.now) > Date.parse(body.to) + 60_000) process.stdout.write("[clock] The clock only moves forward: it stays where it was.\n");
process.stdout.write(`[clock] The app's time is now ${when} (Copenhagen); ${answer.jobsRun} scheduled job(s) ran.\n`);
