/**
 * The coordinator's programme routes (issue 12): list, get, copy, save a new version, preview.
 * Coordinators only, their own tenant only (TabApi checks who asks before calling these); the
 * bodies are parsed here, the rules are ProgrammeService's and the domain's.
 */
import { z } from "zod";
import { type ProgrammeEntry, type ProgrammeService, previewDefinition } from "../app/programmes/programmeService";
import type { ProgrammeDefinition } from "../domain/programmeDefinition";
import type { DomainError, Result } from "../domain/result";
import { t } from "../i18n";
import type { TabResponse } from "./api";

const ID = /^[A-Za-z0-9-]{1,60}$/;
const CopySchema = z.object({ from: z.string().regex(ID) });
const SaveSchema = z.object({ definition: z.unknown(), version: z.number().int().min(1) });
const PreviewSchema = z.object({ definition: z.unknown(), firstWorkingDay: z.string().max(10) });

/** A refusal the tab words: the code, the field or the definition's reason (a key of the word list). */
export function programmeRefusal(error: DomainError): TabResponse {
  const status = error.code === "PROGRAMME_NOT_FOUND" ? 404 : ["INVALID_INPUT", "INVALID_START_DATE", "PROGRAMME_INVALID"].includes(error.code) ? 400 : 409;
  const params = error.params ?? {};
  const extra = Object.fromEntries(["field", "reason", "current", "from", "to", "min", "max", "last"].filter((k) => params[k] !== undefined).map((k) => [k, params[k]]));
  return { status, body: { error: error.code, code: error.code, ...extra } };
}

const entryBody = (p: ProgrammeEntry) => ({ id: p.id, builtIn: p.builtIn, version: p.version, savedAt: p.savedAt, definition: p.definition });
const answer = (r: Result<ProgrammeEntry>, status = 200): TabResponse => (r.ok ? { status, body: entryBody(r.value) } : programmeRefusal(r.error));
const badBody: TabResponse = { status: 400, body: { error: "INVALID_INPUT", code: "INVALID_INPUT", field: "body" } };

/** The copy's name: "Kopi af …" / "Kopi av …" / "Copy of …" in each language. */
export function copyName(name: ProgrammeDefinition["name"]): ProgrammeDefinition["name"] {
  const of = (lang: "da" | "nb" | "en") => t(lang, "programme.copyOf", { name: typeof name === "string" ? name : name[lang] }).slice(0, 120);
  return { da: of("da"), nb: of("nb"), en: of("en") };
}

export class ProgrammeRoutes {
  constructor(private readonly programmes: ProgrammeService) {}

  async list(tenantId: string): Promise<TabResponse> {
    return { status: 200, body: { programmes: (await this.programmes.list(tenantId)).map(entryBody) } };
  }

  async get(tenantId: string, id: string): Promise<TabResponse> {
    if (!ID.test(id)) return programmeRefusal({ code: "PROGRAMME_NOT_FOUND" });
    return answer(await this.programmes.get(tenantId, id));
  }

  async copy(tenantId: string, by: string, body: unknown, now: Date): Promise<TabResponse> {
    const parsed = CopySchema.safeParse(body ?? {});
    if (!parsed.success) return badBody;
    return answer(await this.programmes.copy(tenantId, parsed.data.from, by, now, copyName), 201);
  }

  async save(tenantId: string, by: string, id: string, body: unknown, now: Date): Promise<TabResponse> {
    if (!ID.test(id)) return programmeRefusal({ code: "PROGRAMME_NOT_FOUND" });
    const parsed = SaveSchema.safeParse(body ?? {});
    if (!parsed.success) return badBody;
    return answer(await this.programmes.save(tenantId, id, parsed.data.definition, parsed.data.version, by, now));
  }

  preview(body: unknown): TabResponse {
    const parsed = PreviewSchema.safeParse(body ?? {});
    if (!parsed.success) return badBody;
    const r = previewDefinition(parsed.data.definition, parsed.data.firstWorkingDay);
    return r.ok ? { status: 200, body: r.value } : programmeRefusal(r.error);
  }
}
