import { randomBytes } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { TableMentorshipStore } from "../../src/adapters/tables/tableStore";

interface Running {
  port: number;
  connectionString: string;
  stop: () => Promise<void>;
}

let running: Promise<Running> | null = null;

/** One real Azurite (in memory) for the whole test run, started on first use on a free port. */
export function azurite(): Promise<Running> {
  if (!running) {
    const modulePath = pathToFileURL(path.join(__dirname, "../../scripts/lib/azurite.mjs")).href;
    running = (import(modulePath) as Promise<{ startAzurite: (o: object) => Promise<Running> }>).then((m) => m.startAzurite({ inMemory: true }));
  }
  return running;
}

export async function stopAzurite(): Promise<void> {
  if (running) await (await running).stop();
  running = null;
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
