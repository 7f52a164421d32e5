/**
 * Mocha's global fixtures and root hooks (loaded by .mocharc.json into the main process and,
 * in a parallel run, into every worker).
 *
 * Global setup, once per run, in the main process: a scratch folder for the run, the run's one
 * Azurite (parallel runs; a serial run starts it in-process on first use) and, when the run has
 * browser suites, the tab build in the background. Workers learn about them through the
 * environment, which they inherit because the pool starts them after the setup.
 */
import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { SHARED_AZURITE_PORT_ENV, startSharedAzurite, stopAzurite } from "./azurite";
import { RUN_DIR_ENV, startTabBuild } from "./tabBuild";

/** "1" (set by scripts/test.mjs when the run has browser suites): start the tab build during setup. */
export const TAB_BUILD_ENV = "MENTORSHIP_TEST_BUILD_TAB";
/** One line { file, ms } per test file of a parallel run, read by test/support/reporter.cjs. */
const TIMINGS_FILE = "file-timings.jsonl";

const fixture: { runDir?: string; azurite?: Promise<{ stop: () => Promise<void> }>; tab?: Promise<void> } = {};

/** `this` is the run's Runner; @types/mocha does not know isParallelMode (mocha ≥ 8 has it). */
export async function mochaGlobalSetup(this: Mocha.Runner & { isParallelMode?: () => boolean }): Promise<void> {
  fixture.runDir = mkdtempSync(path.join(tmpdir(), "mentorship-test-"));
  process.env[RUN_DIR_ENV] = fixture.runDir;
  if (this.isParallelMode?.()) {
    // Only the port is awaited: Azurite comes up while the workers start and load their first
    // files; azurite() in a worker waits for it to listen.
    const { port, ready } = await startSharedAzurite();
    process.env[SHARED_AZURITE_PORT_ENV] = String(port);
    fixture.azurite = ready;
  }
  // Taken out of the environment: a test that runs mocha in a child process (test/graph/inner)
  // inherits it, and must not build lib/tab again under this run's browsers.
  const buildTab = process.env[TAB_BUILD_ENV] === "1";
  delete process.env[TAB_BUILD_ENV];
  if (buildTab) fixture.tab = startTabBuild(fixture.runDir);
}

export async function mochaGlobalTeardown(): Promise<void> {
  await fixture.tab; // never leave a vite build writing lib/tab behind
  await stopAzurite(); // the serial run's own
  if (fixture.azurite) await (await fixture.azurite.catch(() => null))?.stop();
  if (fixture.runDir) rmSync(fixture.runDir, { recursive: true, force: true });
  delete process.env[SHARED_AZURITE_PORT_ENV];
  delete process.env[RUN_DIR_ENV];
}

// A worker runs one file per Mocha instance, so root hooks run once per file there: the time since
// the worker finished its previous file (or started) is this file's, loading included.
let since = Date.now();

export const mochaHooks = {
  afterAll(this: Mocha.Context) {
    const runDir = process.env[RUN_DIR_ENV];
    if (process.env.MOCHA_WORKER_ID === undefined || !runDir) return; // serial: the reporter sees suite times itself
    const root = this.test?.parent;
    const file = root?.suites.find((s) => s.file)?.file ?? root?.tests.find((t) => t.file)?.file;
    const now = Date.now();
    if (file) appendFileSync(path.join(runDir, TIMINGS_FILE), `${JSON.stringify({ file, ms: now - since })}\n`);
    since = now;
  },
};
