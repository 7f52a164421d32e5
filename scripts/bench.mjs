// `npm run bench`: the project's speed and cost targets, measured and written to BENCHMARKS.md
// with the machine and the date (never asserted in unit tests). Sections are kept by name, so a
// part that cannot run here leaves the last measured figures in place.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { ensureDependencies } from "./lib/ensure.mjs";

ensureDependencies();

const FILE = "BENCHMARKS.md";
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`;
const date = new Date().toISOString().slice(0, 10);

function sections(text) {
  const out = new Map();
  for (const part of text.split(/^## /m).slice(1)) {
    const title = part.slice(0, part.indexOf("\n")).trim();
    out.set(title, `## ${part.trimEnd()}\n`);
  }
  return out;
}

const existing = existsSync(FILE) ? sections(readFileSync(FILE, "utf8")) : new Map();

async function graphSection() {
  const { benchGraphBookings, toMarkdown } = await import("./bench-graph.mjs");
  const rows = await benchGraphBookings();
  return [
    "## Graph round trips per booking",
    "",
    `Measured ${date} on ${machine}.`,
    "",
    "GraphCalendar books each cadence band as one recurring series in one `$batch`; holiday exceptions",
    "(moved or cancelled occurrences) take one more batch. Compared with booking one event per meeting",
    "(one POST each, no batching). Both against the loopback Graph of the test suite, over HTTPS; the",
    "counts are exact, the milliseconds only show the shape (loopback, not Graph's latency).",
    "",
    toMarkdown(rows).trim(),
    "",
  ].join("\n");
}

const parts = [["Graph round trips per booking", graphSection]];
// The tab issue adds its overview benchmark here (scripts/bench-tab.mjs) when it exists.
if (existsSync("scripts/bench-tab.mjs")) {
  parts.push([
    "Coordinators' overview",
    async () => {
      const { benchTab } = await import("./bench-tab.mjs");
      return benchTab({ date, machine });
    },
  ]);
}

parts.push([
  "Scheduler: 1,000 agendas due at once",
  async () => {
    const { benchScheduler } = await import("./bench-scheduler.mjs");
    return benchScheduler({ date, machine });
  },
]);

// Issue 10: card actions beside a bare echo bot (item 6) and Table Storage requests per action (item 5).
parts.push([
  "Card actions beside a bare echo bot",
  async () => {
    const { benchCards } = await import("./bench-cards.mjs");
    return benchCards({ date, machine });
  },
]);
parts.push([
  "Table Storage requests per booking",
  async () => {
    const { benchRequests } = await import("./bench-requests.mjs");
    return benchRequests({ date, machine });
  },
]);

// `npm run bench -- --only "Card actions"`: only the sections whose title contains one of the words
// given (the others keep their last figures), e.g. to re-measure one part without the browser or the
// 1,000-agenda scheduler run.
const only = process.argv.flatMap((a, i, all) => (all[i - 1] === "--only" ? [a.toLowerCase()] : []));
for (const [title, run] of parts) {
  if (only.length > 0 && !only.some((word) => title.toLowerCase().includes(word))) continue;
  process.stdout.write(`› ${title}\n`);
  try {
    existing.set(title, await run());
  } catch (err) {
    process.stderr.write(`  could not run: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}

const body = ["# Benchmarks", "", "Written by `npm run bench`. Each section names the machine and the date it was measured on.", "", ...existing.values()].join("\n");
writeFileSync(FILE, `${body.trimEnd()}\n`);
process.stdout.write(`wrote ${FILE}\n`);
