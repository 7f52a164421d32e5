// The spec reporter, plus the slowest test files and one plain closing line ("N passed, N failed")
// that CI reads in any language. Works in serial and in parallel runs (there the workers' events
// arrive here serialized, one file at a time, and the workers write each file's wall time into the
// run folder: test/support/hooks.ts).
const fs = require("node:fs");
const path = require("node:path");
const Mocha = require("mocha");
const { EVENT_RUN_END, EVENT_SUITE_BEGIN, EVENT_SUITE_END } = Mocha.Runner.constants;

/** Where scripts/test.mjs wants this run's per-file times, to order the next run's files by them. */
const TIMINGS_OUT_ENV = "MENTORSHIP_TEST_TIMINGS_OUT";
const SLOWEST_SHOWN = 8;

class Reporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const started = Date.now();
    // Taken out of the environment, so a mocha that a test runs in a child process (test/graph/inner)
    // does not write its files' times into the file that orders this suite.
    const timesFile = process.env[TIMINGS_OUT_ENV];
    delete process.env[TIMINGS_OUT_ENV];
    const serial = {};
    const isFileSuite = (s) => s.file && s.parent && s.parent.root;
    runner.on(EVENT_SUITE_BEGIN, (s) => { if (isFileSuite(s) && !(s.file in serial)) serial[s.file] = { begin: Date.now(), end: 0 }; });
    runner.on(EVENT_SUITE_END, (s) => { if (isFileSuite(s) && serial[s.file]) serial[s.file].end = Date.now(); });
    runner.once(EVENT_RUN_END, () => {
      const times = fileTimes(runner.isParallelMode && runner.isParallelMode(), serial);
      const rows = Object.entries(times).sort((a, b) => b[1] - a[1]);
      if (rows.length > 1) {
        const wall = ((Date.now() - started) / 1000).toFixed(0);
        process.stdout.write(`\nslowest files (of ${rows.length}, ${wall} s of mocha in all):\n`);
        for (const [f, ms] of rows.slice(0, SLOWEST_SHOWN)) process.stdout.write(`  ${(ms / 1000).toFixed(1).padStart(6)} s  ${f}\n`);
      }
      if (timesFile) saveTimes(timesFile, times);
      const s = runner.stats;
      process.stdout.write(`\ntests: ${s.passes} passed, ${s.failures} failed, ${s.pending} skipped\n`);
    });
  }
}

/** { "test/x.test.ts": ms } for the files of this run. */
function fileTimes(parallel, serial) {
  const out = {};
  const rel = (f) => path.relative(process.cwd(), f).split(path.sep).join("/");
  if (parallel) {
    const runDir = process.env.MENTORSHIP_TEST_RUN_DIR;
    let lines = [];
    try { lines = fs.readFileSync(path.join(runDir, "file-timings.jsonl"), "utf8").split("\n").filter(Boolean); } catch { /* none written */ }
    for (const l of lines) { const { file, ms } = JSON.parse(l); out[rel(file)] = ms; }
  } else {
    for (const [f, t] of Object.entries(serial)) if (t.end) out[rel(f)] = t.end - t.begin;
  }
  return out;
}

function saveTimes(file, times) {
  if (Object.keys(times).length === 0) return;
  let known = {};
  try { known = JSON.parse(fs.readFileSync(file, "utf8")); } catch { /* first run */ }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify({ ...known, ...times }, null, 1)}\n`);
}

module.exports = Reporter;
