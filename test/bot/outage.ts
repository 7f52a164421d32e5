/**
 * A dedicated Azurite that a test can stop and start again: on disk (so a restart keeps every row)
 * and on the same port (so the running app, with its connection string, finds it again).
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ChildProcess } from "node:child_process";

interface Started {
  port: number;
  connectionString: string;
  stop: () => Promise<void>;
  child: ChildProcess;
}
type Start = (o: { location: string; preferredPort?: number }) => Promise<Started>;

async function starter(): Promise<Start> {
  const modulePath = pathToFileURL(path.join(__dirname, "../../scripts/lib/azurite.mjs")).href;
  return ((await import(modulePath)) as { startAzurite: Start }).startAzurite;
}

export interface StoppableAzurite {
  readonly connectionString: string;
  readonly port: number;
  stop(): Promise<void>;
  /** Starts it again on the same port and folder. */
  start(): Promise<void>;
  /** Stops it and deletes its folder. */
  dispose(): Promise<void>;
}

export async function stoppableAzurite(): Promise<StoppableAzurite> {
  const startAzurite = await starter();
  const location = mkdtempSync(path.join(tmpdir(), "azurite-outage-"));
  let running: Started | null = await startAzurite({ location });
  const { port, connectionString } = running;
  return {
    connectionString,
    port,
    async stop() {
      if (!running) return;
      // SIGINT: Azurite saves its database and exits (on SIGTERM it dies with the last writes unsaved).
      const { child } = running;
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGINT");
        await exited;
      }
      running = null;
    },
    async start() {
      if (running) return;
      running = await startAzurite({ location, preferredPort: port });
      assert.equal(running.port, port, "Azurite came back on its port");
    },
    async dispose() {
      await running?.stop();
      running = null;
      rmSync(location, { recursive: true, force: true });
    },
  };
}
