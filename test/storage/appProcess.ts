/**
 * The real app (test/support/bot-entry.ts: buildApp with a clock starting at `clockStart`) in a
 * child process, anonymous on loopback, on a given Azurite table; its scheduler ticks every
 * `intervalMs`. Its log lines (JSON, ids only) are kept for the test to read.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";

const ROOT = path.join(__dirname, "../..");

export interface AppProcess {
  readonly child: ChildProcess;
  readonly logs: Record<string, unknown>[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once the app logged "listening". */
  readonly ready: Promise<void>;
  stop(): Promise<void>;
}

export function startAppProcess(o: { connectionString: string; tableName: string; clockStart: Date; intervalMs?: number }): AppProcess {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "test/support/bot-entry.ts")], {
    cwd: ROOT,
    env: {
      PATH: process.env["PATH"] ?? "",
      LOCAL_ANONYMOUS_BOT: "true",
      BOT_HOST: "127.0.0.1",
      BOT_PORT: "0",
      STORAGE_CONNECTION_STRING: o.connectionString,
      TABLE_NAME: o.tableName,
      SCHEDULER_INTERVAL_MS: String(o.intervalMs ?? 100),
      E2E_CLOCK_START: o.clockStart.toISOString(),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: Record<string, unknown>[] = [];
  let stderr = "";
  let buffered = "";
  let onReady: () => void = () => {};
  const ready = new Promise<void>((r) => (onReady = r));
  child.stdout?.on("data", (d: Buffer) => {
    buffered += d.toString();
    let nl: number;
    while ((nl = buffered.indexOf("\n")) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      try {
        const parsed = JSON.parse(line) as Record<string, unknown>;
        logs.push(parsed);
        if (parsed["event"] === "listening") onReady();
      } catch {
        logs.push({ event: "non-json", line });
      }
    }
  });
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const failedEarly = exited.then(({ code, signal }) => {
    throw new Error(`app exited (${code ?? signal}) before it was ready: ${stderr.slice(-2000)}`);
  });
  return {
    child,
    logs,
    exited,
    ready: Promise.race([ready, failedEarly]),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
