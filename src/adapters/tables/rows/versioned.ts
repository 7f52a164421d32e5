import type { z } from "zod";

/** The column every row written since issue 10 carries; rows written before it have none (version 0). */
export const SCHEMA_VERSION_COLUMN = "schemaVersion";

/** The stored entities, as named in errors and logs. */
export type EntityName = "chat" | "mentorship" | "agreementVersion" | "meeting" | "summary" | "activeMentee" | "personRole" | "postedMessage" | "personalChat" | "privateAnswers" | "privateQuestion" | "programme" | "journalEntry" | "auditEntry";

/**
 * A stored row that does not match its entity's schema: a bug or a row written by something else,
 * never an input error. The message names the entity, the version and the paths that failed, never
 * a value: rows hold what the pair wrote, and the message may reach a log.
 */
export class RowSchemaError extends Error {
  override readonly name = "RowSchemaError";
  constructor(
    readonly entity: EntityName,
    readonly version: number,
    readonly paths: readonly string[],
  ) {
    super(`stored ${entity} row (schema version ${version}) does not match its schema at ${paths.slice(0, 5).join(", ") || "(root)"}${paths.length > 5 ? ", …" : ""}`);
  }
}

/** The version a row says it has: absent is version 0 (today's main before issue 10). */
export function versionOf(entity: Readonly<Record<string, unknown>>, name: EntityName): number {
  const v = entity[SCHEMA_VERSION_COLUMN];
  if (v === undefined || v === null) return 0;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0) throw new RowSchemaError(name, -1, [SCHEMA_VERSION_COLUMN]);
  return v;
}

/** Parses with a schema; a mismatch is a RowSchemaError naming only paths (zod's own message may quote values). */
export function parseAs<S extends z.ZodType>(schema: S, input: unknown, name: EntityName, version: number): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new RowSchemaError(name, version, r.error.issues.map((i) => i.path.map(String).join(".") || "(root)"));
  return r.data;
}

/** The `json` column of a row, parsed; text that is not JSON is a schema error like any other. */
export function jsonColumn(entity: Readonly<Record<string, unknown>>, name: EntityName, version: number): unknown {
  const json = entity["json"];
  if (typeof json !== "string") throw new RowSchemaError(name, version, ["json"]);
  try {
    return JSON.parse(json) as unknown;
  } catch {
    throw new RowSchemaError(name, version, ["json"]);
  }
}

/** A version this code does not know: written by newer code (a rollback) — refuse rather than guess. */
export function unknownVersion(name: EntityName, version: number): never {
  throw new RowSchemaError(name, version, [SCHEMA_VERSION_COLUMN]);
}

/** Both types have exactly the same keys: a domain field added without its schema fails to compile. */
export type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : { readonly missingInSchema: Exclude<keyof A, keyof B>; readonly notInDomain: Exclude<keyof B, keyof A> };
