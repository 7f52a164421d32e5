import { randomBytes } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { TableMentorshipStore } from "../../src/adapters/tables/tableStore";

interface Running {
  port: number;
  connectionString: string;
  stop: () => Promise<void>;
}

/**
 * Set by the global setup (test/support/hooks.ts) in parallel runs: the port of the run's one
 * Azurite, which every worker process shares. Without it (a serial run) this process starts its own.
 */
export const SHARED_AZURITE_PORT_ENV = "MENTORSHIP_TEST_AZURITE_PORT";

type AzuriteLib = {
  startAzurite: (o: object) => Promise<Running>;
  connectionStringFor: (port: number) => string;
};
type PortsLib = { freePort: (preferred?: number) => Promise<number>; waitForPort: (port: number, o?: object) => Promise<void> };

const lib = <T>(name: string): Promise<T> => import(pathToFileURL(path.join(__dirname, "../../scripts/lib", name)).href) as Promise<T>;

let running: Promise<Running> | null = null;

/**
 * One real Azurite (in memory) for the whole test run, on a free port. Serial run: started on
 * first use and stopped by the global teardown. Parallel run: the global setup's instance; only
 * the main process may stop it, so `stop` is a no-op here.
 */
export function azurite(): Promise<Running> {
  if (!running) {
    const shared = Number(process.env[SHARED_AZURITE_PORT_ENV]);
    running = shared
      ? Promise.all([lib<AzuriteLib>("azurite.mjs"), lib<PortsLib>("ports.mjs")]).then(async ([a, p]) => {
          // The setup returns before Azurite listens (it starts while the workers load), so wait here.
          await p.waitForPort(shared, { timeoutMs: 60000 });
          return { port: shared, connectionString: a.connectionStringFor(shared), stop: async () => undefined };
        })
      : lib<AzuriteLib>("azurite.mjs").then((m) => m.startAzurite({ inMemory: true }));
    running.catch(() => { running = null; }); // a failed start is retried by the next caller, not cached
  }
  return running;
}

export async function stopAzurite(): Promise<void> {
  const r = running;
  running = null;
  if (r) await (await r).stop();
}

/**
 * For the global setup: the run's one Azurite, on a port known at once (so workers can be told
 * before it is ready); `ready` settles when it listens.
 */
export async function startSharedAzurite(): Promise<{ port: number; ready: Promise<Running> }> {
  const [a, p] = await Promise.all([lib<AzuriteLib>("azurite.mjs"), lib<PortsLib>("ports.mjs")]);
  const port = await p.freePort(0);
  const ready = a.startAzurite({ inMemory: true, preferredPort: port }).then(async (r) => {
    if (r.port === port) return r;
    await r.stop();
    throw new Error(`Azurite would have had port ${r.port}, not ${port}: something took the port meanwhile`);
  });
  ready.catch(() => undefined); // reported by the workers that wait for it, and by the teardown
  return { port, ready };
}

/** A fresh table per test, so tests never see each other's rows. */
export function uniqueTableName(prefix = "t"): string {
  return `${prefix}${randomBytes(6).toString("hex")}`;
}

export async function freshStore(): Promise<{ store: TableMentorshipStore; connectionString: string; tableName: string }> {
  const { connectionString } = await azurite();
  const tableName = uniqueTableName();
  const store = TableMentorshipStore.fromConnectionString(connectionString, tableName);
  await store.ensureTable();
  return { store, connectionString, tableName };
}
