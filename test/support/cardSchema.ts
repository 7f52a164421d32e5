// Offline Adaptive Cards 1.5 validation for the card tests (see shared reference README §1):
// the schema declares draft-06, so the default Ajv (draft-07) class gets the draft-06 meta-schema,
// the root `id` is renamed to `$id`, boolean `required` leftovers are dropped, and the custom
// keywords `version`, `features` and `example` are registered.
import fs from "node:fs";
import path from "node:path";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import draft6 from "ajv/dist/refs/json-schema-draft-06.json";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const CARD_SCHEMA_FILE = path.join(REPO_ROOT, "..", "shared", "reference", "adaptive-cards", "adaptive-card-1.5.0.schema.json");

/** The Teams message size budget for a card (bytes of the serialised JSON, UTF-8). */
export const TEAMS_CARD_BUDGET_BYTES = 28 * 1024;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (compiled) return compiled;
  const raw = JSON.parse(fs.readFileSync(CARD_SCHEMA_FILE, "utf8")) as Record<string, unknown>;
  const schema = JSON.parse(
    JSON.stringify({ ...raw, $id: raw["id"], id: undefined }, (key, value: unknown) =>
      key === "required" && typeof value === "boolean" ? undefined : value,
    ),
  ) as object;
  const ajv = new Ajv({ allErrors: true, strictTypes: false, keywords: ["version", "features", "example"] });
  ajv.addMetaSchema(draft6);
  addFormats(ajv);
  compiled = ajv.compile(schema);
  return compiled;
}

/** A deep copy of the card without Teams' `msteams` extension, which the public schema does not know. */
export function withoutMsteams(card: object): JsonObject {
  return JSON.parse(JSON.stringify(card, (key, value: unknown) => (key === "msteams" ? undefined : value))) as JsonObject;
}

export interface CardCheck {
  readonly valid: boolean;
  readonly errors: readonly ErrorObject[];
  /** The errors as one readable string, for assertion messages. */
  readonly message: string;
}

export function validateCard(card: object): CardCheck {
  const validate = validator();
  const valid = validate(withoutMsteams(card)) === true;
  const errors = valid ? [] : [...(validate.errors ?? [])];
  const message = errors
    .slice(0, 20)
    .map((e) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`)
    .join("\n");
  return { valid, errors, message };
}

export function assertValidCard(card: object, what: string): void {
  const check = validateCard(card);
  if (!check.valid) throw new Error(`${what} is not a valid Adaptive Card 1.5:\n${check.message}`);
}

/** Every node of a JSON value with its JSON pointer, depth first. */
export function* walk(value: unknown, pointer = ""): Generator<{ pointer: string; value: unknown; key: string | number | null }> {
  const key = pointer === "" ? null : pointer.slice(pointer.lastIndexOf("/") + 1);
  yield { pointer, value, key };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* walk(value[i], `${pointer}/${i}`);
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) yield* walk(v, `${pointer}/${k}`);
  }
}

/** Pointers of every string (and every key) that still contains template syntax `${`. */
export function templateLeftovers(card: unknown): string[] {
  const found: string[] = [];
  for (const node of walk(card)) {
    if (typeof node.value === "string" && node.value.includes("${")) found.push(`${node.pointer} = ${JSON.stringify(node.value)}`);
    if (node.value !== null && typeof node.value === "object" && !Array.isArray(node.value)) {
      for (const k of Object.keys(node.value)) {
        if (k.includes("${") || k === "$data" || k === "$when") found.push(`${node.pointer}/${k} (template key)`);
      }
    }
  }
  return found;
}

/** All objects in the card whose `type` matches. */
export function elementsOfType(card: unknown, test: (type: string) => boolean): JsonObject[] {
  const out: JsonObject[] = [];
  for (const node of walk(card)) {
    const v = node.value;
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      const type = (v as JsonObject)["type"];
      if (typeof type === "string" && test(type)) out.push(v as JsonObject);
    }
  }
  return out;
}

export const inputsOf = (card: unknown): JsonObject[] => elementsOfType(card, (t) => t.startsWith("Input."));
export const executeActionsOf = (card: unknown): JsonObject[] => elementsOfType(card, (t) => t === "Action.Execute");

export function cardBytes(card: unknown): number {
  return Buffer.byteLength(JSON.stringify(card), "utf8");
}
