/**
 * The tab's HTTP API, independent of the web framework: each handler takes the request's
 * Authorization header, query and body, and answers a status and JSON body (or CSV text).
 * Every query is scoped to the token's tenant; internal errors are never echoed.
 */
import { StorageUnavailableError } from "../ports/store";
import { z } from "zod";
import type { AgreementVersion } from "../domain/agreement";
import type { Language } from "../domain/language";
import { type Mentorship, partyOf } from "../domain/mentorship";
import type { DomainError, Result } from "../domain/result";
import { ProgrammeIds } from "../domain/programmes";
import { type ClosingReason, ClosingReasons } from "../domain/closing";
import { introductionProgress } from "../domain/introduction";
import type { ChatOutcome, NewMentorshipRequest } from "../app/coordinator/coordinatorService";
import type { DirectoryPerson } from "../ports/people";
import { Phases } from "../domain/mentorship";
import type { Logger } from "../log";
import type { Clock } from "../ports/clock";
import type { MentorshipStore } from "../ports/store";
import type { LocalTokenSigner, TabAuthenticator, TabIdentity } from "./auth";
import { type CsvLanguage, overviewCsv } from "./csv";
import { formerMentorships, myMentorships } from "./my";
import { FlagIds, type OverviewQuery, type OverviewRow, SortKeys, filterAndSort, overviewRows, pageOf } from "./overview";
import type { MentorshipSummary } from "../domain/summary";
import { type RatingRecord, statistics } from "../domain/statistics";
import { publicStatistics, statisticsCsv } from "./statistics";
import { isLeaderOf, myStaff } from "./staff";
import type { ProgrammeService } from "../app/programmes/programmeService";
import type { PersonalChatStore } from "../ports/personalChats";
import { type ProgrammePolicy, policyFromDefinition } from "../domain/programmes";
import type { SummaryPolicies } from "./overview";
import { ProgrammeRoutes } from "./programmes";
import { type JournalActions, JournalRoutes } from "./journal";
import type { AuditTrail } from "../app/audit/auditTrail";
import type { Erased } from "../app/erasure/erasureService";
import { type ArchiveHoldReason, ArchiveHoldReasons } from "../domain/mentorship";
import type { ErasurePlan, ErasureReport, PersonalDataExport } from "../app/rights/personalData";

export interface TabResponse {
  readonly status: number;
  /** JSON body. */
  readonly body?: unknown;
  /** A text body with its own content type (the CSV). */
  readonly text?: { readonly contentType: string; readonly content: string; readonly filename?: string };
  /** A file to download (the Word documents): bytes, and a UTF-8 file name the server also gives in ASCII. */
  readonly file?: { readonly contentType: string; readonly content: Uint8Array; readonly filename: string };
  readonly headers?: Readonly<Record<string, string>>;
}

export interface TabRequest {
  readonly authorization: string | string[] | undefined;
  readonly query: URLSearchParams;
  readonly body?: unknown;
}

export interface TabApiDeps {
  readonly auth: TabAuthenticator;
  readonly store: Pick<MentorshipStore, "mentorshipsOf" | "listMeetings" | "getAgreementVersion"> & { listSummaries(tenantId: string): Promise<readonly MentorshipSummary[]> };
  readonly clock: Clock;
  readonly log: Logger;
  /** Local mode only: signs tokens for the local mock users. */
  readonly local: LocalTokenSigner | null;
  /** The coordinator's actions (CoordinatorService). */
  readonly actions?: CoordinatorActions;
  /** The pair's Word documents (src/adapters/docx, injected by the composition root); absent: their routes answer 404. */
  readonly documents?: PairDocuments;
  /** Every private rating in a tenant, by mentorship and party only (PrivateAnswerStore.listRatings); none when absent. */
  readonly listRatings?: (tenantId: string) => Promise<readonly RatingRecord[]>;
  /** Issue 12: the introduction scheme's coordinator action; absent: its route answers 404. */
  readonly introduction?: IntroductionActions;
  /** The leader's actions from "My staff" (StaffService); absent: the request route answers 404. */
  readonly staff?: StaffActions;
  /** Issue 12: the tenant's own programmes (ProgrammeService); absent: the programme routes answer 404. */
  readonly programmes?: ProgrammeService;
  /**
   * Issue 12, without Graph: the personal chats, so "My staff" can tell a leader who never opened the
   * app to open it once (the talks' reminders reach them there). Absent (Graph installs the app): no hint.
   */
  readonly leaderChats?: Pick<PersonalChatStore, "getPersonalChat">;
  /** Issue 13: the mentee's process journal ("My journal"); absent: its routes answer 404. */
  readonly journal?: JournalActions;
  /**
   * Issue 13: the audit log — the coordinator's reads and exports, erasures and archive holds, and
   * every 401/403 (with who, when the token says so). Absent: nothing is written.
   */
  readonly audit?: AuditTrail;
  /** Issue 13: a coordinator's archive hold and erasure of a whole mentorship; absent: their routes answer 404. */
  readonly erasure?: ErasureActions;
  /** Issue 13: a person's own data — export and erasure (src/app/rights); absent: the "My data" routes answer 404. */
  readonly rights?: RightsActions;
}

/** Issue 13: what a coordinator may do to a whole mentorship (MentorshipErasure). */
export interface ErasureActions {
  setHold(tenantId: string, mentorshipId: string, reason: ArchiveHoldReason | null, coordinatorId: string): Promise<Result<Mentorship>>;
  erase(tenantId: string, mentorshipId: string, by: { readonly actorId: string; readonly verb: "mentorship.erase" }): Promise<Result<Erased>>;
}

/** Issue 13: what "My data" asks of the PersonalData use case, always for the signed-in person alone. */
export interface RightsActions {
  exportOf(tenantId: string, aadObjectId: string): Promise<PersonalDataExport>;
  planOf(tenantId: string, aadObjectId: string): Promise<ErasurePlan>;
  erase(tenantId: string, aadObjectId: string): Promise<Result<ErasureReport>>;
  /** The readable document of an export (src/adapters/docx, injected by the composition root). */
  document(data: PersonalDataExport, language: Language): string;
}

/** Issue 12, staff engineer: what a leader can do from "My staff". */
export interface StaffActions {
  requestMentorChange(tenantId: string, mentorshipId: string, leaderAadObjectId: string): Promise<Result<Mentorship>>;
}

/** A Word document made for one of the pair, and the (UTF-8) file name it is offered under. */
export interface MadeDocument {
  readonly bytes: Uint8Array;
  readonly filename: string;
  readonly contentType: string;
}

export interface PairDocuments {
  agreement(m: Mentorship, version: AgreementVersion, language: Language): Promise<MadeDocument>;
  evaluation(m: Mentorship, language: Language): Promise<MadeDocument>;
}

export interface CoordinatorActions {
  setPaused(tenantId: string, mentorshipId: string, paused: boolean): Promise<Result<Mentorship>>;
  searchPeople(tenantId: string, query: string): Promise<DirectoryPerson[]>;
  create(tenantId: string, coordinatorId: string, input: NewMentorshipRequest): Promise<Result<{ mentorship: Mentorship; chat: ChatOutcome }>>;
  changeMentor(tenantId: string, mentorshipId: string, mentorAadObjectId: string, options?: { readonly confirmLeader?: boolean }): Promise<Result<Mentorship>>;
  /** Closing from the tab (optional: without it the route answers 404). */
  startClosing?(tenantId: string, mentorshipId: string, reason: ClosingReason): Promise<Result<Mentorship>>;
  /** Issue 12: the coordinator names or changes the new hire's leader (optional: without it the route answers 404). */
  setLeader?(tenantId: string, mentorshipId: string, aadObjectId: string, options?: { readonly confirmLeader?: boolean }): Promise<Result<Mentorship>>;
}

/** Issue 12: the coordinator starts the introduction scheme and names its contact person (IntroductionCoordinator). */
export interface IntroductionActions {
  startIntroduction(tenantId: string, mentorshipId: string, input: { readonly contactAadObjectId: string; readonly mode: "before" | "beside"; readonly confirmLeader: boolean }): Promise<Result<Mentorship>>;
}

const AadId = z.string().trim().min(1).max(100);
const CreateSchema = z.object({
  menteeAadObjectId: AadId,
  mentorAadObjectId: AadId,
  programme: z.enum(ProgrammeIds),
  firstWorkingDay: z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/),
  unit: z.string().trim().min(1).max(200),
  language: z.enum(["da", "nb", "en"]),
  /** Goes ahead although the mentor is the mentee's own leader (refused with LEADER_AS_MENTOR without it). */
  confirmLeader: z.boolean().default(false),
  /** Issue 12: the new hire's leader as the coordinator chose; absent: the directory's manager of the new hire. */
  leaderAadObjectId: AadId.optional(),
  /** Issue 12: one of the tenant's own programmes (then `programme` is what it builds on, and the mentorship runs on the programme's newest version). */
  programmeId: z.string().regex(/^[A-Za-z0-9-]{1,60}$/).optional(),
});
const ClosingSchema = z.object({ reason: z.enum(ClosingReasons) });
/** Issue 13: PUT …/archiveHold — a reason code sets the hold, null clears it (never free text). */
const ArchiveHoldSchema = z.object({ reason: z.enum(ArchiveHoldReasons).nullable() }).strict();
/** Issue 13: POST …/erase — the dialog's explicit confirmation. */
const EraseSchema = z.object({ confirm: z.literal(true) }).strict();
const ChangeMentorSchema = z.object({ mentorAadObjectId: AadId, confirmLeader: z.boolean().default(false) });
const StartIntroductionSchema = z.object({ contactAadObjectId: AadId, mode: z.enum(["before", "beside"]), confirmLeader: z.boolean().default(false) });
/** Issue 12: PUT …/leader. confirmLeader: the coordinator goes ahead although the leader named is the mentor (LEADER_AS_MENTOR without it). */
const SetLeaderSchema = z.object({ aadObjectId: AadId, confirmLeader: z.boolean().default(false) });
const MENTORSHIP_ID = /^[A-Za-z0-9._:-]{1,100}$/;
/** Issue 13: repeated overview or statistics reads by one coordinator within this long are one audit line. */
const READ_AUDIT_WINDOW_MS = 5 * 60_000;
/** The agreement document's file segment: "3.docx" (no leading zeros, so one version has one address). */
const VERSION_FILE = /^([1-9]\d{0,5})\.docx$/;

/** A refusal the tab shows in the user's language: the code (and field) say which message. */
function refused(error: DomainError): TabResponse {
  const status = error.code === "MENTORSHIP_NOT_FOUND" || error.code === "PROGRAMME_NOT_FOUND" ? 404 : ["INVALID_INPUT", "INVALID_START_DATE", "MENTOR_IS_MENTEE", "PERSON_NOT_FOUND"].includes(error.code) ? 400 : 409;
  const field = typeof error.params?.["field"] === "string" ? { field: error.params["field"] } : {};
  // Issue 13: an erasure refused under an archive hold says why (a reason code, never text).
  const hold = error.code === "ARCHIVE_HOLD_SET" && typeof error.params?.["reason"] === "string" ? { reason: error.params["reason"] } : {};
  return { status, body: { error: error.code, code: error.code, ...field, ...hold } };
}

function badBody(error: z.ZodError): TabResponse {
  const field = String(error.issues[0]?.path[0] ?? "body");
  const code = field === "firstWorkingDay" ? "INVALID_START_DATE" : "INVALID_INPUT";
  return { status: 400, body: { error: code, code, field } };
}

const unauthorized: TabResponse = { status: 401, body: { error: "Unauthorized." }, headers: { "WWW-Authenticate": 'Bearer error="invalid_token"' } };
const forbidden: TabResponse = { status: 403, body: { error: "Forbidden." } };
const notFound: TabResponse = { status: 404, body: { error: "Not found." } };
const internal: TabResponse = { status: 500, body: { error: "Internal error." } };
const storageUnavailable: TabResponse = { status: 503, body: { error: "Storage is not answering; nothing was changed.", code: "STORAGE_UNAVAILABLE" }, headers: { "Retry-After": "5" } };

const text = (max: number) => z.string().trim().max(max).optional().transform((s) => s || undefined);
const QuerySchema = z.object({
  phase: z.enum(Phases).optional(),
  unit: text(200),
  mentor: text(100),
  flag: z.enum(FlagIds).optional(),
  q: text(100),
  /** Closed mentorships are left out unless asked for (or the phase filter asks for them). */
  closed: z.enum(["hide", "show"]).default("hide"),
  sort: z.enum(SortKeys).default("menteeName"),
  dir: z.enum(["asc", "desc"]).default("asc"),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  lang: z.enum(["da", "nb", "en"]).default("da"),
});

/** The first value of each parameter; empty values count as absent. */
function parseQuery(params: URLSearchParams): (OverviewQuery & { lang: CsvLanguage }) | null {
  const raw: Record<string, string> = {};
  for (const [k, v] of params) if (!(k in raw) && v !== "") raw[k] = v;
  const parsed = QuerySchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

function badQuery(): TabResponse {
  return { status: 400, body: { error: "Bad request: invalid query parameters." } };
}

export class TabApi {
  /** The rows computed from a tenant's summary list, kept as long as the (cached) list itself. */
  private readonly rowsMemo = new WeakMap<readonly MentorshipSummary[], readonly OverviewRow[]>();

  constructor(private readonly deps: TabApiDeps) {}

  private async rows(tenantId: string): Promise<readonly OverviewRow[]> {
    const summaries = await this.deps.store.listSummaries(tenantId);
    const known = this.rowsMemo.get(summaries);
    if (known) return known;
    const rows = overviewRows(summaries, this.deps.clock.now(), await this.summaryPolicies(tenantId, summaries));
    this.rowsMemo.set(summaries, rows);
    return rows;
  }

  /** Versions are immutable: a policy loaded once for (tenant, programme, version) holds for good. */
  private readonly versionPolicies = new Map<string, ProgrammePolicy | null>();

  /** The policies of the coordinator programme versions the summary rows name, loaded before the rows are made. */
  private async summaryPolicies(tenantId: string, summaries: readonly MentorshipSummary[]): Promise<SummaryPolicies | undefined> {
    const programmes = this.deps.programmes;
    if (!programmes) return undefined;
    const key = (s: Pick<MentorshipSummary, "programmeDefinitionId" | "programmeVersion">) => `${tenantId}|${s.programmeDefinitionId}|${s.programmeVersion}`;
    for (const s of summaries) {
      if (!s.programmeDefinitionId || this.versionPolicies.has(key(s))) continue;
      const got = await programmes.get(tenantId, s.programmeDefinitionId, s.programmeVersion);
      if (this.versionPolicies.size > 2000) this.versionPolicies.clear();
      this.versionPolicies.set(key(s), got.ok && !got.value.builtIn ? policyFromDefinition(got.value.definition, got.value.version) : null);
    }
    return (s) => this.versionPolicies.get(key(s)) ?? null;
  }

  /** Issue 12: the coordinator's programmes — the built-ins and the tenant's own. */
  programmesList(req: TabRequest): Promise<TabResponse> {
    return this.programmeRoute(req, (routes, who) => routes.list(who.tenantId));
  }

  programmeGet(req: TabRequest, id: string): Promise<TabResponse> {
    return this.programmeRoute(req, (routes, who) => routes.get(who.tenantId, id));
  }

  programmeCopy(req: TabRequest): Promise<TabResponse> {
    return this.programmeRoute(req, (routes, who) => routes.copy(who.tenantId, who.aadObjectId, req.body, this.deps.clock.now()));
  }

  programmeSave(req: TabRequest, id: string): Promise<TabResponse> {
    return this.programmeRoute(req, (routes, who) => routes.save(who.tenantId, who.aadObjectId, id, req.body, this.deps.clock.now()));
  }

  programmePreview(req: TabRequest): Promise<TabResponse> {
    return this.programmeRoute(req, async (routes) => routes.preview(req.body));
  }

  private programmeRoute(req: TabRequest, run: (routes: ProgrammeRoutes, who: TabIdentity) => Promise<TabResponse>): Promise<TabResponse> {
    return this.guarded(req, async (who) => {
      if (!who.isCoordinator) return forbidden;
      if (!this.deps.programmes) return notFound;
      return run(new ProgrammeRoutes(this.deps.programmes), who);
    });
  }

  // ─── issue 13: "My journal", the mentee's own entries only ──────────────────────────────────────

  journalList(req: TabRequest): Promise<TabResponse> {
    return this.journalRoute(req, (routes, who) => routes.list(who));
  }

  journalGet(req: TabRequest, id: string): Promise<TabResponse> {
    return this.journalRoute(req, (routes, who) => routes.get(who, id));
  }

  journalCreate(req: TabRequest): Promise<TabResponse> {
    return this.journalRoute(req, (routes, who) => routes.create(who, req.body));
  }

  journalEdit(req: TabRequest, id: string): Promise<TabResponse> {
    return this.journalRoute(req, (routes, who) => routes.edit(who, id, req.body));
  }

  journalDelete(req: TabRequest, id: string): Promise<TabResponse> {
    return this.journalRoute(req, (routes, who) => routes.remove(who, id));
  }

  /** Every journal route acts for the token's person in the token's tenant; nobody is let in on anyone else's behalf. */
  private journalRoute(req: TabRequest, run: (routes: JournalRoutes, who: { tenantId: string; aadObjectId: string }) => Promise<TabResponse>): Promise<TabResponse> {
    return this.guarded(req, async (who) => {
      if (!this.deps.journal) return notFound;
      return run(new JournalRoutes(this.deps.journal), { tenantId: who.tenantId, aadObjectId: who.aadObjectId });
    });
  }

  get localMode(): boolean {
    return this.deps.local !== null;
  }

  private async guarded(req: TabRequest, run: (who: TabIdentity) => Promise<TabResponse>): Promise<TabResponse> {
    const outcome = await this.deps.auth.authenticate(req.authorization);
    if (!outcome.ok) {
      // Issue 13: a refused token is in the log of the tenant it names (if allowed), with who if its signature was good.
      if (outcome.tenantId) await this.deps.audit?.denied({ tenantId: outcome.tenantId, actorId: outcome.actorId ?? "anonymous", detail: "401" });
      return unauthorized;
    }
    try {
      const answer = await run(outcome.identity);
      if (answer.status === 403) await this.deps.audit?.denied({ tenantId: outcome.identity.tenantId, actorId: outcome.identity.aadObjectId, detail: "403" });
      return answer;
    } catch (err) {
      // Storage not answering is no bug: the tab says so in the user's words, and nothing was changed.
      if (err instanceof StorageUnavailableError) {
        this.deps.log.warn("tab.storageUnavailable", { code: err.code });
        return storageUnavailable;
      }
      this.deps.log.error("tab.request.failed", { error: err instanceof Error ? err.name : "unknown" });
      return internal;
    }
  }

  whoami(req: TabRequest): Promise<TabResponse> {
    return this.guarded(req, async (who) => {
      // Whether to offer "My staff": the caller leads at least one mentorship now (from the person index).
      const mine = await this.deps.store.mentorshipsOf(who.tenantId, who.aadObjectId);
      const isLeader = mine.some((m) => isLeaderOf(m, who.tenantId, who.aadObjectId));
      // Issue 13: whether to offer "My journal": the caller is (or was) the mentee of a mentorship.
      const isMentee = this.deps.journal !== undefined && mine.some((m) => m.tenantId === who.tenantId && partyOf(m, who.aadObjectId) === "mentee");
      // Only a leader gets `isLeader` (a mentee `isMentee`): everyone else's answer is as it was.
      return { status: 200, body: { tenantId: who.tenantId, aadObjectId: who.aadObjectId, name: who.name, isCoordinator: who.isCoordinator, ...(isLeader ? { isLeader } : {}), ...(isMentee ? { isMentee } : {}) } };
    });
  }

  overview(req: TabRequest): Promise<TabResponse> {
    return this.guarded(req, async (who) => {
      if (!who.isCoordinator) return forbidden;
      const q = parseQuery(req.query);
      if (!q) return badQuery();
      const page = pageOf(await this.rows(who.tenantId), q);
      await this.read(who, "overview.read", "overview");
      return { status: 200, body: page };
    });
  }

  /** The programme's outcomes, suppressed (no figure about fewer than 5 people); coordinators only. */
  statistics(req: TabRequest): Promise<TabResponse> {
    return this.guarded(req, async (who) => {
      if (!who.isCoordinator) return forbidden;
      const body = publicStatistics(await this.statisticsOf(who.tenantId));
      await this.read(who, "overview.read", "statistics");
      return { status: 200, body };
    });
  }

  statisticsCsv(req: TabRequest): Promise<TabResponse> {
    return this.guarded(req, async (who) => {
      if (!who.isCoordinator) return forbidden;
      const lang = z.enum(["da", "nb", "en"]).default("da").safeParse(req.query.get("lang") || undefined);
      if (!lang.success) return badQuery();
      const day = this.deps.clock.now().toISOString().slice(0, 10);
      const content = statisticsCsv(await this.statisticsOf(who.tenantId), lang.data);
      await this.read(who, "csv.export", "statistics");
      return { status: 200, text: { contentType: "text/csv; charset=utf-8", content, filename: `statistics-${day}.csv` } };
    });
  }

  private async statisticsOf(tenantId: string) {
    const [summaries, ratings] = await Promise.all([this.deps.store.listSummaries(tenantId), this.deps.listRatings ? this.deps.listRatings(tenantId) : Promise.resolve([])]);
    return statistics(summaries, ratings, this.deps.clock.now());
  }

  overviewCsv(req: TabRequest): Promise<TabResponse> {
    return this.guarded(req, async (who) => {
      if (!who.isCoordinator) return forbidden;
      const q = parseQuery(req.query);
      if (!q) return badQuery();
      const now = this.deps.clock.now();
      const rows = filterAndSort(await this.rows(who.tenantId), q);
      const day = now.toISOString().slice(0, 10);
      const content = overviewCsv(rows, q.lang);
      await this.read(who, "csv.export", "overview");
      return { status: 200, text: { contentType: "text/csv; charset=utf-8", content, filename: `mentorships-${day}.csv` } };
    });
  }

  /**
   * Issue 13: a coordinator's read or export of the tenant's mentorships, in the audit log (which one,
   * never what it held). A read is one line per look (the list is fetched page by page as one
   * scrolls: at most one line in READ_AUDIT_WINDOW_MS); every export is a line.
   */
  private async read(who: TabIdentity, verb: "overview.read" | "csv.export", what: "overview" | "statistics"): Promise<void> {
    const line = { tenantId: who.tenantId, actorId: who.aadObjectId, verb, detail: what };
    if (verb === "overview.read") await this.deps.audit?.writeOncePer(READ_AUDIT_WINDOW_MS, line);
    else await this.deps.audit?.write(line);
  }

  /** Issue 13: a coordinator sets (a reason code) or clears (null) a mentorship's archive hold. */
  setArchiveHold(req: TabRequest, mentorshipId: string): Promise<TabResponse> {
    return this.guarded(req, async (who) => {
      if (!who.isCoordinator) return forbidden;
      if (!this.deps.erasure || !MENTORSHIP_ID.test(mentorshipId)) return notFound;
      const parsed = ArchiveHoldSchema.safeParse(req.body ?? {});
      if (!parsed.success) return badBody(parsed.error);
      const r = await this.deps.erasure.setHold(who.tenantId, mentorshipId, parsed.data.reason, who.aadObjectId);
      // Setting the hold that is set (or clearing none) is no refusal: the coordinator's wish holds.
      if (!r.ok && r.error.code !== "NO_CHANGES") return refused(r.error);
      return { status: 200, body: { mentorshipId, archiveHold: parsed.data.reason } };
    });
  }

  /**
   * Issue 13: a coordinator erases a whole mentorship (the dialog names what goes; the body confirms).
   * 409 ARCHIVE_HOLD_SET with the hold's reason while a hold is set; the same 404 for an unknown id as
   * for another tenant's.
   */
  eraseMentorship(req: TabRequest, mentorshipId: string): Promise<TabResponse> {
    return this.guarded(req, async (who) => {
      if (!who.isCoordinator) return forbidden;
      if (!this.deps.erasure || !MENTORSHIP_ID.test(mentorshipId)) return notFound;
      const parsed = EraseSchema.safeParse(req.body ?? {});
      if (!parsed.success) return badBody(parsed.error);
      const r = await this.deps.erasure.erase(who.tenantId, mentorshipId, { actorId: who.aadObjectId, verb: "mentorship.erase" });
      if (!r.ok) return r.error.code === "MENTORSHIP_NOT_FOUND" ? notFound : refused(r.error);
      return { status: 200, body: { mentorshipId, erased: true } };
    });
  }

  /** A coordinator pauses or resumes a mentorship of their own tenant: nothing is posted or reminded while paused. */
  setPaused(req: TabRequest, mentorshipId: string, paused: boolean): Promise<TabResponse> {
    return this.guarded(req, async (who) => {
      if (!who.isCoordinator) return forbidden;
      if (!this.deps.actions || !MENTORSHIP_ID.test(mentorshipId)) return notFound;
      const r = await this.deps.actions.setPaused(who.tenantId, mentorshipId, paused);
      // Pausing what is paused (or resuming what runs) is no refusal: the coordinator's wish holds.
      if (!r.ok && r.error.code !== "NO_CHANGES") return r.error.code === "MENTORSHIP_NOT_FOUND" ? notFound : refused(r.error);
      return { status: 200, body: { mentorshipId, paused } };
    });
  }

  /** A coordinator closes a mentorship of their own tenant, with a reason: the pair gets the evaluation card. */
  startClosing(req: TabRequest, mentorshipId: string): Promise<TabResponse> {
    return this.guarded(req, async (who) => {
      if (!who.isCoordinator) return forbidden;
      if (!this.deps.actions?.startClosing || !MENTORSHIP_ID.test(mentorshipId)) return notFound;
      const parsed = ClosingSchema.safeParse(req.body ?? {});
      if (!parsed.success) return badBody(parsed.error);
      const r = await this.deps.actions.startClosing(who.tenantId, mentorshipId, parsed.data.reason);
      if (!r.ok) return r.error.code === "MENTORSHIP_NOT_FOUND" ? notFound : refused(r.error);
      return { status: 200, body: { mentorshipId, phase: r.value.phase, reason: parsed.data.reason } };
    });
  }

  /** People a coordinator can name as mentee or mentor. */
  people(req: TabRequest): Promise<TabResponse> {
    return this.guarded(req, async (who) => {
      if (!who.isCoordinator) return forbidden;
      const q = z.string().max(320).safeParse(req.query.get("q") ?? "");
      if (!q.success) return badQuery();
      const people = this.deps.actions ? await this.deps.actions.searchPeople(who.tenantId, q.data) : [];
      return { status: 200, body: { people: people.map((p) => ({ aadObjectId: p.aadObjectId, name: p.name, email: p.email })) } };
    });
  }

  /** A coordinator prepares a mentorship for a new hire; with Graph the pair's chat is created too. */
  createMentorship(req: TabRequest): Promise<TabResponse> {
    return this.guarded(req, async (who) => {
      if (!who.isCoordinator) return forbidden;
      if (!this.deps.actions) return notFound;
      const parsed = CreateSchema.safeParse(req.body ?? {});
      if (!parsed.success) return badBody(parsed.error);
      const r = await this.deps.actions.create(who.tenantId, who.aadObjectId, parsed.data);
      if (!r.ok) return refused(r.error);
      return { status: 201, body: { mentorshipId: r.value.mentorship.id, chat: r.value.chat } };
    });
  }

  /** A coordinator gives a pair a new mentor. */
  changeMentor(req: TabRequest, mentorshipId: string): Promise<TabResponse> {
    return this.guarded(req, async (who) => {
      if (!who.isCoordinator) return forbidden;
      if (!this.deps.actions || !MENTORSHIP_ID.test(mentorshipId)) return notFound;
      const parsed = ChangeMentorSchema.safeParse(req.body ?? {});
      if (!parsed.success) return badBody(parsed.error);
      const r = await this.deps.actions.changeMentor(who.tenantId, mentorshipId, parsed.data.mentorAadObjectId, { confirmLeader: parsed.data.confirmLeader });
      if (!r.ok) return refused(r.error);
      return { status: 200, body: { mentorshipId, mentorName: r.value.mentor.name } };
    });
  }

  /**
   * Issue 12: a coordinator starts the introduction scheme (or names another contact person): counts
   * only come back (done/total), never an item of it. LEADER_AS_CONTACT (409) unless confirmed.
   */
  startIntroduction(req: TabRequest, mentorshipId: string): Promise<TabResponse> {
    return this.guarded(req, async (who) => {
      if (!who.isCoordinator) return forbidden;
      if (!this.deps.introduction || !MENTORSHIP_ID.test(mentorshipId)) return notFound;
      const parsed = StartIntroductionSchema.safeParse(req.body ?? {});
      if (!parsed.success) return badBody(parsed.error);
      const r = await this.deps.introduction.startIntroduction(who.tenantId, mentorshipId, parsed.data);
      if (!r.ok) return refused(r.error);
      const intro = r.value.introduction;
      const progress = introductionProgress(intro);
      return { status: 200, body: { mentorshipId, contactName: r.value.contact?.name ?? "", mode: intro?.mode ?? parsed.data.mode, introductionDone: progress.done, introductionTotal: progress.total } };
    });
  }

  /** Issue 12: a coordinator names or changes a pair's leader (their own tenant's); the talks and reminders follow. */
  setLeader(req: TabRequest, mentorshipId: string): Promise<TabResponse> {
    return this.guarded(req, async (who) => {
      if (!who.isCoordinator) return forbidden;
      const setLeader = this.deps.actions?.setLeader?.bind(this.deps.actions);
      if (!setLeader || !MENTORSHIP_ID.test(mentorshipId)) return notFound;
      const parsed = SetLeaderSchema.safeParse(req.body ?? {});
      if (!parsed.success) return badBody(parsed.error);
      const r = await setLeader(who.tenantId, mentorshipId, parsed.data.aadObjectId, { confirmLeader: parsed.data.confirmLeader });
      // Naming the leader who is already named is no refusal: the coordinator's wish holds.
      if (!r.ok) return r.error.code === "NO_CHANGES" ? { status: 200, body: { mentorshipId } } : refused(r.error);
      return { status: 200, body: { mentorshipId, leaderName: r.value.leader?.name ?? null } };
    });
  }

  my(req: TabRequest): Promise<TabResponse> {
    return this.guarded(req, async (who) => {
      const mentorships = await myMentorships(this.deps.store, who.tenantId, who.aadObjectId, this.deps.clock.now());
      // Only a former mentor gets `formerly`: everyone else's answer is as it was.
      const formerly = await formerMentorships(this.deps.store, who.tenantId, who.aadObjectId);
      return { status: 200, body: formerly.length > 0 ? { mentorships, formerly } : { mentorships } };
    });
  }

  /**
   * The caller's own mentorship, when they are one of its two current parties in their own tenant;
   * null for anyone else (a coordinator, a leader, a former mentor, another tenant) — who all get
   * the same 404 as for an id that does not exist, so the answer gives no hint.
   */
  private async ownMentorship(who: TabIdentity, mentorshipId: string): Promise<Mentorship | null> {
    if (!MENTORSHIP_ID.test(mentorshipId)) return null;
    const mine = await this.deps.store.mentorshipsOf(who.tenantId, who.aadObjectId);
    return mine.find((m) => m.id === mentorshipId && m.tenantId === who.tenantId && partyOf(m, who.aadObjectId) !== null) ?? null;
  }

  private static document(doc: MadeDocument): TabResponse {
    return { status: 200, file: { contentType: doc.contentType, content: doc.bytes, filename: doc.filename } };
  }

  /**
   * A version of the collaboration agreement as a Word document, for the pair to keep or file. Any
   * version that exists, agreed or not: the document itself says where that version stands.
   */
  agreementDocx(req: TabRequest, mentorshipId: string, file: string): Promise<TabResponse> {
    return this.guarded(req, async (who) => {
      const documents = this.deps.documents;
      const number = VERSION_FILE.exec(file)?.[1];
      if (!documents || !number) return notFound;
      const m = await this.ownMentorship(who, mentorshipId);
      if (!m) return notFound;
      const version = await this.deps.store.getAgreementVersion(who.tenantId, m.id, Number(number));
      if (!version) return notFound;
      return TabApi.document(await documents.agreement(m, version, m.language));
    });
  }

  /** The closing evaluation as a Word document, once there is one (closing begun); it says whether both have confirmed it. */
  evaluationDocx(req: TabRequest, mentorshipId: string): Promise<TabResponse> {
    return this.guarded(req, async (who) => {
      const documents = this.deps.documents;
      if (!documents) return notFound;
      const m = await this.ownMentorship(who, mentorshipId);
      if (!m?.closing) return notFound;
      return TabApi.document(await documents.evaluation(m, m.language));
    });
  }

  // ─── issue 13: "My data" — the signed-in person's own data, and nobody else's ─────────────────

  /** What the page shows: how much there is, and what an erasure would do (for its confirmation). */
  myData(req: TabRequest): Promise<TabResponse> {
    return this.guarded(req, async (who) => {
      const rights = this.deps.rights;
      if (!rights) return notFound;
      const plan = await rights.planOf(who.tenantId, who.aadObjectId);
      return { status: 200, body: { plan } };
    });
  }

  /** Everything the app holds about the caller, as JSON (the identity is the token's, never a parameter). */
  myDataJson(req: TabRequest): Promise<TabResponse> {
    return this.guarded(req, async (who) => {
      const rights = this.deps.rights;
      if (!rights) return notFound;
      const data = await rights.exportOf(who.tenantId, who.aadObjectId);
      const day = this.deps.clock.now().toISOString().slice(0, 10);
      return { status: 200, file: { contentType: "application/json; charset=utf-8", content: new TextEncoder().encode(JSON.stringify(data, null, 2)), filename: `my-data-${day}.json` } };
    });
  }

  /** The same as a readable document in the caller's language (?lang=da|nb|en). */
  myDataDocument(req: TabRequest): Promise<TabResponse> {
    return this.guarded(req, async (who) => {
      const rights = this.deps.rights;
      if (!rights) return notFound;
      const lang = z.enum(["da", "nb", "en"]).default("da").safeParse(req.query.get("lang") || undefined);
      if (!lang.success) return badQuery();
      const data = await rights.exportOf(who.tenantId, who.aadObjectId);
      const day = this.deps.clock.now().toISOString().slice(0, 10);
      return { status: 200, file: { contentType: "text/html; charset=utf-8", content: new TextEncoder().encode(rights.document(data, lang.data)), filename: `my-data-${day}.html` } };
    });
  }

  /** The caller's erasure, after the dialog's confirmation; refused (409) while a mentorship of theirs runs. */
  eraseMyData(req: TabRequest): Promise<TabResponse> {
    return this.guarded(req, async (who) => {
      const rights = this.deps.rights;
      if (!rights) return notFound;
      const parsed = EraseSchema.safeParse(req.body ?? {});
      if (!parsed.success) return badBody(parsed.error);
      const r = await rights.erase(who.tenantId, who.aadObjectId);
      if (!r.ok) return { status: 409, body: { error: r.error.code, code: r.error.code, ...(r.error.params ?? {}) } };
      return { status: 200, body: { erased: true, report: r.value } };
    });
  }

  // ─── issue 12, staff engineer: "My staff" ────────────────────────────────────────────────────

  /** The caller's new hires as their leader: dates, counts, the leader's talks; recommendations only with consent. */
  staff(req: TabRequest): Promise<TabResponse> {
    return this.guarded(req, async (who) => {
      const staff = await myStaff(this.deps.store, who.tenantId, who.aadObjectId, this.deps.clock.now());
      const chats = this.deps.leaderChats;
      // Only a leader of someone needs the app's personal chat; the answer says whether it exists, nothing more.
      const openAppHint = staff.length > 0 && chats ? !(await chats.getPersonalChat(who.tenantId, who.aadObjectId))?.value.reference : false;
      return { status: 200, body: { staff, openAppHint } };
    });
  }

  /**
   * The leader asks the coordinator for a change of mentor (a flag, no text). Anyone who is not the
   * mentorship's leader now gets the same 404 as for an id that does not exist.
   */
  requestMentorChange(req: TabRequest, mentorshipId: string): Promise<TabResponse> {
    return this.guarded(req, async (who) => {
      const staff = this.deps.staff;
      if (!staff || !MENTORSHIP_ID.test(mentorshipId)) return notFound;
      const led = (await this.deps.store.mentorshipsOf(who.tenantId, who.aadObjectId)).find((m) => m.id === mentorshipId && isLeaderOf(m, who.tenantId, who.aadObjectId));
      if (!led) return notFound;
      const r = await staff.requestMentorChange(who.tenantId, mentorshipId, who.aadObjectId);
      // Asking again is no refusal: the request stands.
      if (!r.ok && r.error.code !== "NO_CHANGES") return r.error.code === "MENTORSHIP_NOT_FOUND" || r.error.code === "NOT_THE_LEADER" ? notFound : refused(r.error);
      return { status: 200, body: { mentorshipId, mentorChangeRequested: true } };
    });
  }

  /** Local mode only (404 otherwise): the mock users the tab's picker offers. */
  async localUsers(): Promise<TabResponse> {
    const local = this.deps.local;
    if (!local) return notFound;
    return { status: 200, body: local.users.map((u) => ({ name: u.name, aadObjectId: u.aadObjectId, isCoordinator: u.isCoordinator })) };
  }

  /** Local mode only (404 otherwise): a one-hour token for one of the mock users. */
  async localToken(body: unknown): Promise<TabResponse> {
    const local = this.deps.local;
    if (!local) return notFound;
    const parsed = z.object({ aadObjectId: z.string().min(1).max(100) }).safeParse(body);
    if (!parsed.success) return { status: 400, body: { error: "Bad request: aadObjectId is required." } };
    try {
      const signed = await local.sign(parsed.data.aadObjectId);
      if (!signed) return { status: 403, body: { error: "Forbidden: not a local user." } };
      return { status: 200, body: { token: signed.token, expiresAt: signed.expiresAt } };
    } catch (err) {
      this.deps.log.error("tab.localToken.failed", { error: err instanceof Error ? err.name : "unknown" });
      return internal;
    }
  }
}
