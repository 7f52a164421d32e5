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
  const problems = cardStoreProblems(card);
  if (problems.length > 0) throw new Error(`${what} breaks the Teams Store's card rules:\n${problems.join("\n")}`);
}

/** The most actions a card may show at once (Teams Store validation guidelines: "no more than six"). */
export const MAX_CARD_ACTIONS = 6;
/** A phone's card is about 320 px wide: fixed widths side by side must fit in it, or the card scrolls sideways. */
export const PHONE_CARD_PX = 320;

/**
 * Issue 14: the Store's rules a card can break by itself — more than six actions in view (the card's
 * own actions and its ActionSets together; a ShowCard's card is counted on its own, when it opens),
 * and anything that makes it scroll sideways on a phone: columns whose fixed pixel widths add up to
 * more than a phone's card, a Table of more than four columns, or a TextBlock in a column that does
 * not wrap.
 */
export function cardStoreProblems(card: unknown, where = "card"): string[] {
  const problems: string[] = [];
  const shown: JsonObject[] = [];
  const nested: JsonObject[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== "object") return;
    const o = node as JsonObject;
    if (o["type"] === "Action.ShowCard" && o["card"] && typeof o["card"] === "object") {
      nested.push(o["card"] as JsonObject);
      shown.push(o);
      return;
    }
    if (typeof o["type"] === "string" && (o["type"] as string).startsWith("Action.") && o["isVisible"] !== false) shown.push(o);
    if (o["type"] === "ColumnSet" && Array.isArray(o["columns"])) {
      const px = (o["columns"] as JsonObject[]).reduce((sum, c) => sum + (typeof c["width"] === "string" && /^\d+px$/.test(c["width"]) ? Number.parseInt(c["width"], 10) : 0), 0);
      if (px > PHONE_CARD_PX) problems.push(`${where}: columns of ${px} px side by side scroll sideways on a phone`);
      for (const c of o["columns"] as JsonObject[]) for (const tb of elementsOfType(c, (t) => t === "TextBlock")) if (tb["wrap"] !== true) problems.push(`${where}: a TextBlock in a column does not wrap (${JSON.stringify(String(tb["text"] ?? "")).slice(0, 40)})`);
    }
    if (o["type"] === "Table" && Array.isArray(o["columns"]) && (o["columns"] as Json[]).length > 4) problems.push(`${where}: a Table of ${(o["columns"] as Json[]).length} columns scrolls sideways on a phone`);
    // selectAction is a tap on an element, not a button in view.
    for (const [k, v] of Object.entries(o)) if (k !== "selectAction") visit(v);
  };
  visit(card);
  if (shown.length > MAX_CARD_ACTIONS) problems.push(`${where}: ${shown.length} actions in view (${shown.map((a) => String(a["title"] ?? a["verb"] ?? a["type"])).join(", ")}); at most ${MAX_CARD_ACTIONS}`);
  nested.forEach((c, i) => problems.push(...cardStoreProblems(c, `${where} › shown card ${i + 1}`)));
  return problems;
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
