/**
 * Structured log lines. Only ids, codes and counts go in: no message text, no card input, no names.
 * Attacker-controlled values are stripped of control characters and capped before they are written.
 */
export type LogFields = Readonly<Record<string, string | number | boolean | null | undefined>>;

export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

const MAX = 200;

export function sanitize(value: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, "");
  return clean.length > MAX ? `${clean.slice(0, MAX)}…` : clean;
}

export function createLogger(write: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Logger {
  const emit = (level: string, event: string, fields: LogFields = {}) => {
    const safe: Record<string, unknown> = { level, event: sanitize(event), at: new Date().toISOString() };
    for (const [k, v] of Object.entries(fields)) safe[sanitize(k)] = typeof v === "string" ? sanitize(v) : v;
    write(JSON.stringify(safe));
  };
  return {
    info: (e, f) => emit("info", e, f),
    warn: (e, f) => emit("warn", e, f),
    error: (e, f) => emit("error", e, f),
  };
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
