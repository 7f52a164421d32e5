import { type TableClient, TableTransaction, odata } from "@azure/data-tables";
import { isStatus, tableClientFor } from "./tableClient";
import type { Clock } from "../../ports/clock";
import { systemClock } from "../../ports/clock";
import type { ClaimedJob, Job, JobStore } from "../../ports/jobs";

// The SDK's own pipeline types, without depending on its transitive packages directly.
type PipelinePolicy = Parameters<TableClient["pipeline"]["addPolicy"]>[0];

/**
 * Durable jobs in Azure Table Storage, all in ONE partition so every change to a job is one
 * transaction over its rows. Row kinds:
 *   {dueAt ISO}|{id}  the job itself, keyed by due time, so "what is due" is one RowKey range query
 *   id|{id}           its index row: which job row is live (dueKey), or that the job is done (doneAt)
 * Every write is conditional on the ETag read (never "*"), and the rows of a job change together, in
 * a transaction, so they stay consistent and a lost race is a 409/412 that is re-read, not an
 * overwrite. A claim is an ETag-conditional write of owner + leaseUntil onto the job row: of two
 * instances claiming the same row, exactly one wins. Completing marks the job row done and stamps
 * doneAt (and the job's dueAt) on the index row, which stays as a tombstone, so the same id scheduled
 * again is a no-op — until purgeDone removes it, once the job's due time is long past (the scheduler
 * then skips a job that old instead of running it: see Scheduler's purgeAfterMs).
 *
 * The SDK sends a delete inside a transaction unconditionally (If-Match: *), so transactions here
 * never delete plainly: a job row that is replaced (moved to a new due time), completed or cancelled is
 * first marked dead (state) in the transaction, then deleted on its own, conditionally on the ETag the
 * transaction gave it. Should that delete not happen (a crash, a race), the dead row is only skipped
 * by claimDue's filter, and swept (again conditionally) by the next claimDue whose range reaches it.
 * The one exception is cancelAllFor, which deletes a mentorship's rows by the dozen: its transaction
 * deletes carry their ETag through the SDK (see conditionalDeletePolicy), so they are conditional too.
 */
const PARTITION = "jobs";

/** Only "scheduled" rows run; the others are dead, waiting to be deleted. */
type JobState = "scheduled" | "done" | "superseded" | "cancelled";

interface JobRow {
  partitionKey: string;
  rowKey: string;
  state: JobState;
  jobId: string;
  kind: Job["kind"];
  tenantId: string;
  mentorshipId: string;
  dueAt: string;
  payload: string; // JSON of Job.payload (ids only)
  owner: string; // "" when not claimed
  leaseUntil: string; // ISO, "" when not claimed
  attempts: number; // failed runs so far (bumped by release)
}

interface IndexRow {
  partitionKey: string;
  rowKey: string;
  jobId: string;
  kind: Job["kind"];
  tenantId: string;
  mentorshipId: string;
  dueKey: string; // RowKey of the live job row; "" once done or cancelled
  doneAt: string; // ISO once done (the tombstone that keeps the id from running again), else ""
  dueAt?: string; // on a tombstone: when the job was due (what purgeDone goes by); absent on older tombstones
}

// RowKey forbids / \ # ? and control characters: escape those (and the escape character itself).
// Readable ids stay readable, and distinct ids stay distinct. The id itself is kept in a column.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[/\\#?%\u0000-\u001f\u007f-\u009f]/g;
const encodeId = (id: string) => id.replace(FORBIDDEN, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, "0")}`);

const indexKey = (id: string) => `id|${encodeId(id)}`;
const jobKey = (dueAtIso: string, id: string) => `${dueAtIso}|${encodeId(id)}`;

/** A fixed-width ISO instant (years 0000–9999), so string order is time order. */
function isoInstant(value: string | Date, what: string): string {
  const d = typeof value === "string" ? new Date(value) : value;
  const iso = Number.isNaN(d.getTime()) ? "" : d.toISOString();
  if (iso.length !== 24) throw new RangeError(`${what} is not a valid instant`);
  return iso;
}


/** 412 (ETag), 409 (exists), 404 (gone): someone else wrote first. A failed transaction reports the failing operation's status. */
function isLostRace(err: unknown): boolean {
  return isStatus(err, 404, 409, 412);
}

/** Azure Tables' limit of operations in one transaction (entity group transaction). */
const MAX_TRANSACTION_OPS = 100;

/**
 * The Table service takes an If-Match ETag on a delete inside a transaction (a 412 fails the whole
 * transaction, as for an update), but the SDK's submitTransaction drops a delete's options and always
 * sends "If-Match: *". So a conditional transaction delete is added with its ETag appended to the
 * RowKey after this mark (a character our RowKeys never hold: encodeId escapes control characters),
 * and this policy, on the outgoing $batch, moves it from the sub-request's URL into its If-Match.
 * Should the policy ever be missing, the marked key names no row: the transaction fails with a 404,
 * which is a lost race, and the caller falls back to one-by-one writes. Nothing is deleted unguarded.
 */
const ETAG_MARK = "\u0001";
const ETAG_MARK_IN_URL = "%01"; // encodeURIComponent(ETAG_MARK); a "%" of a RowKey itself is "%25" in the URL
const CONDITIONAL_DELETES = "jobStoreConditionalTransactionDeletes";

function conditionalDeletePolicy(): PipelinePolicy {
  return {
    name: CONDITIONAL_DELETES,
    sendRequest(request, next) {
      const body = request.body;
      if (request.method === "POST" && typeof body === "string" && /\$batch$/.test(request.url.split("?")[0] ?? "") && body.includes(ETAG_MARK_IN_URL)) {
        // DELETE …(PartitionKey='jobs',RowKey='{key}%01{etag}') HTTP/1.1, its headers, then If-Match: *
        const rewritten = body.replace(
          /^DELETE (\S*?)%01(\S*)'\) HTTP\/1\.1\r\n((?:[^\r\n]+\r\n)*?)If-Match: \*\r\n/gm,
          (_all, url: string, etag: string, headers: string) => `DELETE ${url}') HTTP/1.1\r\n${headers}If-Match: ${decodeURIComponent(etag).replace(/''/g, "'")}\r\n`,
        );
        request.body = rewritten;
        request.headers.set("Content-Length", String(Buffer.byteLength(rewritten)));
      }
      return next(request);
    },
  };
}

/** Adds to `tx` the delete of a row only while its ETag is still `etag` (see conditionalDeletePolicy). */
function deleteIfMatch(tx: TableTransaction, rowKey: string, etag: string): void {
  tx.deleteEntity(PARTITION, `${rowKey}${ETAG_MARK}${etag}`);
}

/** Conflicts on one job id come only from a few concurrent writers; this many rounds means something is wrong. */
const MAX_ROUNDS = 20;

function jobRow(job: Job, dueAt: string, claim: { owner: string; leaseUntil: string; attempts: number }): JobRow {
  return {
    partitionKey: PARTITION,
    rowKey: jobKey(dueAt, job.id),
    state: "scheduled",
    jobId: job.id,
    kind: job.kind,
    tenantId: job.tenantId,
    mentorshipId: job.mentorshipId,
    dueAt,
    payload: JSON.stringify(job.payload),
    owner: claim.owner,
    leaseUntil: claim.leaseUntil,
    attempts: claim.attempts,
  };
}

function indexRow(job: Pick<Job, "id" | "kind" | "tenantId" | "mentorshipId">, dueKey: string, doneAt: string, dueAt = ""): IndexRow {
  return { partitionKey: PARTITION, rowKey: indexKey(job.id), jobId: job.id, kind: job.kind, tenantId: job.tenantId, mentorshipId: job.mentorshipId, dueKey, doneAt, ...(dueAt ? { dueAt } : {}) };
}

/** Index rows ("id|…") only: "}" sorts right after "|". */
const INDEX_RANGE = { from: "id|", to: "id}" } as const;

function jobOf(row: JobRow): Job {
  return {
    id: row.jobId,
    kind: row.kind,
    tenantId: row.tenantId,
    mentorshipId: row.mentorshipId,
    dueAt: row.dueAt,
    payload: JSON.parse(row.payload) as Job["payload"],
  };
}

/** Only our columns, none of the service's metadata (etag, timestamp, odata.*). */
function cleanJobRow(e: JobRow): JobRow {
  return {
    partitionKey: e.partitionKey,
    rowKey: e.rowKey,
    state: e.state,
    jobId: e.jobId,
    kind: e.kind,
    tenantId: e.tenantId,
    mentorshipId: e.mentorshipId,
    dueAt: e.dueAt,
    payload: e.payload,
    owner: e.owner ?? "",
    leaseUntil: e.leaseUntil ?? "",
    attempts: Number(e.attempts ?? 0),
  };
}

export interface TableJobStoreOptions {
  /** Stamps doneAt on completed jobs; defaults to the system clock. */
  readonly clock?: Clock;
}

export class TableJobStore implements JobStore {
  private readonly client: TableClient;
  private readonly clock: Clock;

  constructor(client: TableClient, options?: TableJobStoreOptions);
  constructor(connectionString: string, tableName: string, options?: TableJobStoreOptions);
  constructor(clientOrConnectionString: TableClient | string, tableNameOrOptions?: string | TableJobStoreOptions, maybeOptions?: TableJobStoreOptions) {
    if (typeof clientOrConnectionString === "string") {
      if (typeof tableNameOrOptions !== "string") throw new TypeError("a table name is required with a connection string");
      this.client = tableClientFor(clientOrConnectionString, tableNameOrOptions);
      this.clock = maybeOptions?.clock ?? systemClock;
    } else {
      this.client = clientOrConnectionString;
      this.clock = (typeof tableNameOrOptions === "object" ? tableNameOrOptions.clock : undefined) ?? systemClock;
    }
    // Once per client (several stores may share one).
    if (!this.client.pipeline.getOrderedPolicies().some((p) => p.name === CONDITIONAL_DELETES)) this.client.pipeline.addPolicy(conditionalDeletePolicy());
  }

  static fromConnectionString(connectionString: string, tableName: string, options?: TableJobStoreOptions): TableJobStore {
    return new TableJobStore(connectionString, tableName, options);
  }

  async ensureTable(): Promise<void> {
    try {
      await this.client.createTable();
    } catch (err) {
      if (!isStatus(err, 409)) throw err;
    }
  }

  private async getRow<T extends object>(rowKey: string): Promise<{ row: T; etag: string } | null> {
    try {
      const entity = await this.client.getEntity<T>(PARTITION, rowKey);
      return { row: entity, etag: entity.etag };
    } catch (err) {
      if (isStatus(err, 404)) return null;
      throw err;
    }
  }

  /** Submits a transaction; null if someone else wrote first, else the new ETag of each operation, in order. */
  private async submit(tx: TableTransaction): Promise<(string | undefined)[] | null> {
    try {
      const res = await this.client.submitTransaction(tx.actions);
      return res.subResponses.map((r) => r.etag);
    } catch (err) {
      if (isLostRace(err)) return null;
      throw err;
    }
  }

  /** Deletes a row left dead, conditionally on the ETag it was left with; a lost race means it is gone, swept or used again. */
  private async deleteIfUnchanged(rowKey: string, etag: string | undefined): Promise<void> {
    if (!etag) return; // left for claimDue to sweep
    try {
      await this.client.deleteEntity(PARTITION, rowKey, { etag });
    } catch (err) {
      if (!isLostRace(err)) throw err;
    }
  }

  /**
   * Adds the write of a new live job row to a transaction. A dead row not yet deleted may sit at
   * that very key (the job moved away and back, or was cancelled and scheduled again): it is
   * replaced, conditionally. A live row there belongs to a writer that got in first: the
   * transaction then fails on its create with a 409, and the caller reads again.
   */
  private async place(tx: TableTransaction, row: JobRow): Promise<void> {
    const there = await this.getRow<JobRow>(row.rowKey);
    if (there && there.row.state !== "scheduled") tx.updateEntity(row, "Replace", { etag: there.etag });
    else tx.createEntity(row);
  }

  private tooMuchContention(): never {
    throw new Error("job store: gave up after repeated write conflicts on one job");
  }

  /**
   * A job id never seen before (the common case: a new plan's jobs) is two inserts in one
   * transaction, with no read first. If either row exists (the id was scheduled before, ran, or a
   * dead row sits at the key) the transaction fails as a whole, changes nothing, and the caller
   * takes the reading path, which handles every case.
   */
  private async insertFresh(pairs: readonly { job: Job; row: JobRow }[]): Promise<boolean> {
    const tx = new TableTransaction();
    for (const { job, row } of pairs) {
      tx.createEntity(row);
      tx.createEntity(indexRow(job, row.rowKey, ""));
    }
    return (await this.submit(tx)) !== null;
  }

  async schedule(job: Job): Promise<void> {
    const dueAt = isoInstant(job.dueAt, "dueAt");
    const wanted = jobRow(job, dueAt, { owner: "", leaseUntil: "", attempts: 0 });
    if (await this.insertFresh([{ job, row: wanted }])) return;
    await this.scheduleRead(job, wanted);
  }

  /** schedule() for an id that may exist: read its index and live row, then write conditionally. */
  private async scheduleRead(job: Job, wanted: JobRow): Promise<void> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const index = await this.getRow<IndexRow>(indexKey(job.id));
      if (index?.row.doneAt) return; // it ran: the same id never runs again
      const current = index?.row.dueKey ? await this.getRow<JobRow>(index.row.dueKey) : null;
      if (current && current.row.state === "scheduled" && current.row.owner) return; // claimed: the running instance has it
      const live = current && current.row.state === "scheduled" ? current : null;
      const tx = new TableTransaction();
      if (live && live.row.rowKey === wanted.rowKey) {
        tx.updateEntity(wanted, "Replace", { etag: live.etag });
      } else {
        if (live) tx.updateEntity({ ...cleanJobRow(live.row), state: "superseded" }, "Replace", { etag: live.etag });
        await this.place(tx, wanted);
        if (index) tx.updateEntity(indexRow(job, wanted.rowKey, ""), "Replace", { etag: index.etag });
        else tx.createEntity(indexRow(job, wanted.rowKey, ""));
      }
      const etags = await this.submit(tx);
      if (!etags) continue;
      if (live && live.row.rowKey !== wanted.rowKey) await this.deleteIfUnchanged(live.row.rowKey, etags[0]);
      return;
    }
    this.tooMuchContention();
  }

  /**
   * The rule of schedule(), for many jobs, in transactions of up to 100 operations (a new job is two
   * rows). Index rows are read with one range query when the ids share a prefix (a mentorship's jobs
   * do), else one by one; live job rows being moved are read one by one. Whatever a transaction
   * meets that it did not expect (a dead row at a new key, a concurrent writer) fails it as a whole,
   * and its jobs then go through schedule() one by one, which handles every case.
   */
  async scheduleMany(jobs: readonly Job[]): Promise<void> {
    const byId = new Map<string, Job>();
    for (const job of jobs) byId.set(job.id, job); // the same id twice: the later one wins, as with schedule()
    if (byId.size === 0) return;
    const all = [...byId.values()].map((job) => ({ job, row: jobRow(job, isoInstant(job.dueAt, "dueAt"), { owner: "", leaseUntil: "", attempts: 0 }) }));
    // First as ids never seen before (a new plan's): inserts only, no reads. Chunks that meet an
    // existing row change nothing and go the reading way below.
    const wanted: typeof all = [];
    const perTx = Math.floor(MAX_TRANSACTION_OPS / 2);
    for (let i = 0; i < all.length; i += perTx) {
      const chunk = all.slice(i, i + perTx);
      if (!(await this.insertFresh(chunk))) wanted.push(...chunk);
    }
    if (wanted.length === 0) return;
    const indexes = await this.readIndexRows(wanted.map((w) => w.job.id));

    type Step = { job: Job; row: JobRow; ops: number; add: (tx: TableTransaction) => void; superseded: { rowKey: string; at: number } | null };
    const steps: Step[] = [];
    for (const { job, row } of wanted) {
      const index = indexes.get(indexKey(job.id)) ?? null;
      if (index?.row.doneAt) continue; // it ran: the same id never runs again
      const current = index?.row.dueKey ? await this.getRow<JobRow>(index.row.dueKey) : null;
      if (current && current.row.state === "scheduled" && current.row.owner) continue; // claimed: the running instance has it
      const live = current && current.row.state === "scheduled" ? current : null;
      if (live && live.row.rowKey === row.rowKey) {
        steps.push({ job, row, ops: 1, add: (tx) => tx.updateEntity(row, "Replace", { etag: live.etag }), superseded: null });
        continue;
      }
      steps.push({
        job,
        row,
        ops: live ? 3 : 2,
        superseded: live ? { rowKey: live.row.rowKey, at: 0 } : null,
        add: (tx) => {
          if (live) tx.updateEntity({ ...cleanJobRow(live.row), state: "superseded" }, "Replace", { etag: live.etag });
          tx.createEntity(row); // a dead row left at this key fails the transaction: schedule() then replaces it
          if (index) tx.updateEntity(indexRow(job, row.rowKey, ""), "Replace", { etag: index.etag });
          else tx.createEntity(indexRow(job, row.rowKey, ""));
        },
      });
    }

    for (let i = 0; i < steps.length; ) {
      const tx = new TableTransaction();
      const chunk: Step[] = [];
      while (i < steps.length && tx.actions.length + (steps[i] as Step).ops <= MAX_TRANSACTION_OPS) {
        const step = steps[i++] as Step;
        if (step.superseded) step.superseded.at = tx.actions.length;
        step.add(tx);
        chunk.push(step);
      }
      const etags = await this.submit(tx);
      if (!etags) {
        // Not as new ids again: that transaction failed already. The reading way handles every case.
        for (const step of chunk) await this.scheduleRead(step.job, step.row);
        continue;
      }
      for (const step of chunk) if (step.superseded) await this.deleteIfUnchanged(step.superseded.rowKey, etags[step.superseded.at]);
    }
  }

  /** The index rows of these ids that exist, by RowKey: one range query over their common prefix, or point reads. */
  private async readIndexRows(ids: readonly string[]): Promise<Map<string, { row: IndexRow; etag: string }>> {
    const keys = ids.map(indexKey);
    const out = new Map<string, { row: IndexRow; etag: string }>();
    let prefix = keys[0] ?? "";
    for (const k of keys) while (!k.startsWith(prefix)) prefix = prefix.slice(0, -1);
    // A prefix no longer than "id|…" plus a few characters would read the whole index: read each instead.
    if (keys.length > 1 && prefix.length > INDEX_RANGE.from.length + 8) {
      const wantedKeys = new Set(keys);
      const found = this.client.listEntities<IndexRow>({ queryOptions: { filter: odata`PartitionKey eq ${PARTITION} and RowKey ge ${prefix} and RowKey lt ${`${prefix}\uffff`}` } });
      for await (const e of found) if (wantedKeys.has(e.rowKey)) out.set(e.rowKey, { row: e, etag: e.etag });
      return out;
    }
    for (const k of keys) {
      const got = await this.getRow<IndexRow>(k);
      if (got) out.set(k, got);
    }
    return out;
  }

  async cancel(jobId: string): Promise<void> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const index = await this.getRow<IndexRow>(indexKey(jobId));
      // Unknown, cancelled already, or done (the tombstone keeps a job that ran from running again).
      if (!index || index.row.doneAt || !index.row.dueKey) return;
      const current = await this.getRow<JobRow>(index.row.dueKey);
      const tx = new TableTransaction();
      // Also when claimed: a run in progress finishes, but can then neither complete nor release it.
      const live = current && current.row.state === "scheduled" ? current : null;
      if (live) tx.updateEntity({ ...cleanJobRow(live.row), state: "cancelled" }, "Replace", { etag: live.etag });
      const { jobId: id, kind, tenantId, mentorshipId } = index.row;
      tx.updateEntity(indexRow({ id, kind, tenantId, mentorshipId }, "", ""), "Replace", { etag: index.etag });
      const etags = await this.submit(tx);
      if (!etags) continue;
      if (live) await this.deleteIfUnchanged(live.row.rowKey, etags[0]);
      // The emptied index row has no use left (schedule treats one that lingers as absent).
      await this.deleteIfUnchanged(index.row.rowKey, etags[etags.length - 1]);
      return;
    }
    this.tooMuchContention();
  }

  async claimDue(now: Date, owner: string, leaseUntil: Date, limit: number): Promise<ClaimedJob[]> {
    if (limit <= 0) return [];
    if (!owner) throw new TypeError("owner must not be empty");
    const nowIso = isoInstant(now, "now");
    const leaseIso = isoInstant(leaseUntil, "leaseUntil");
    // Job keys start with a 24-character ISO instant and "|"; "}" sorts after "|", so the range is
    // exactly the jobs due at or before now. Index rows ("id|…") sort after every digit: outside it.
    // Dead rows are read too, to be swept.
    const pages = this.client
      .listEntities<JobRow>({
        queryOptions: {
          filter: odata`PartitionKey eq ${PARTITION} and RowKey ge ${"0"} and RowKey lt ${`${nowIso}}`} and (state ne ${"scheduled"} or owner eq ${""} or leaseUntil le ${nowIso})`,
        },
      })
      .byPage({ maxPageSize: Math.min(1000, Math.max(limit * 4, 20)) });
    const claimed: ClaimedJob[] = [];
    for await (const page of pages) {
      for (const entity of page) {
        const row = cleanJobRow(entity);
        if (row.state !== "scheduled") {
          await this.deleteIfUnchanged(row.rowKey, entity.etag);
          continue;
        }
        if (row.owner && row.leaseUntil > nowIso) continue; // the filter already says so; belt and braces
        try {
          const res = await this.client.updateEntity({ ...row, owner, leaseUntil: leaseIso }, "Replace", { etag: entity.etag });
          if (!res.etag) throw new Error("job store: the service returned no ETag for a claim");
          claimed.push({ job: jobOf(row), etag: res.etag, owner, attempts: row.attempts });
        } catch (err) {
          if (isLostRace(err)) continue; // another instance claimed (or moved, or cancelled) it first
          throw err;
        }
        if (claimed.length >= limit) return claimed;
      }
    }
    return claimed;
  }

  async complete(claim: ClaimedJob): Promise<boolean> {
    const dueAt = isoInstant(claim.job.dueAt, "dueAt");
    const key = jobKey(dueAt, claim.job.id);
    const dead = { ...jobRow(claim.job, dueAt, { owner: claim.owner, leaseUntil: "", attempts: claim.attempts }), state: "done" as const };
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const index = await this.getRow<IndexRow>(indexKey(claim.job.id));
      if (!index || index.row.doneAt || index.row.dueKey !== key) return false; // cancelled, or moved by someone who claimed it after us
      const tx = new TableTransaction();
      tx.updateEntity(dead, "Replace", { etag: claim.etag }); // only while the claim is still ours
      tx.updateEntity(indexRow(claim.job, "", isoInstant(this.clock.now(), "now"), dueAt), "Replace", { etag: index.etag });
      const etags = await this.submit(tx);
      if (etags) {
        await this.deleteIfUnchanged(key, etags[0]);
        return true;
      }
      if (!(await this.stillHeld(key, claim))) return false;
      // Only the index row changed under us: read it again.
    }
    this.tooMuchContention();
  }

  async release(claim: ClaimedJob, retryAt: Date): Promise<void> {
    const dueAt = isoInstant(claim.job.dueAt, "dueAt");
    const key = jobKey(dueAt, claim.job.id);
    const next = jobRow(claim.job, isoInstant(retryAt, "retryAt"), { owner: "", leaseUntil: "", attempts: claim.attempts + 1 });
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const tx = new TableTransaction();
      if (next.rowKey === key) {
        tx.updateEntity(next, "Replace", { etag: claim.etag });
      } else {
        const index = await this.getRow<IndexRow>(indexKey(claim.job.id));
        if (!index || index.row.doneAt || index.row.dueKey !== key) return; // the claim is lost: nothing of ours to give back
        const old = { ...jobRow(claim.job, dueAt, { owner: claim.owner, leaseUntil: "", attempts: claim.attempts }), state: "superseded" as const };
        tx.updateEntity(old, "Replace", { etag: claim.etag });
        await this.place(tx, next);
        tx.updateEntity(indexRow(claim.job, next.rowKey, ""), "Replace", { etag: index.etag });
      }
      const etags = await this.submit(tx);
      if (etags) {
        if (next.rowKey !== key) await this.deleteIfUnchanged(key, etags[0]);
        return;
      }
      if (!(await this.stillHeld(key, claim))) return;
    }
    this.tooMuchContention();
  }

  async purgeDone(dueBefore: Date, limit: number): Promise<number> {
    if (limit <= 0) return 0;
    const cutoff = isoInstant(dueBefore, "dueBefore");
    // Older tombstones carry no dueAt: for them doneAt (never earlier than the due time) decides.
    const pages = this.client
      .listEntities<IndexRow>({
        queryOptions: { filter: odata`PartitionKey eq ${PARTITION} and RowKey ge ${INDEX_RANGE.from} and RowKey lt ${INDEX_RANGE.to} and doneAt ne ${""} and (dueAt lt ${cutoff} or doneAt lt ${cutoff})` },
      })
      .byPage({ maxPageSize: Math.min(1000, limit) });
    let purged = 0;
    for await (const page of pages) {
      for (const row of page) {
        if (!row.doneAt || (row.dueAt || row.doneAt) >= cutoff) continue;
        // Conditional: a tombstone never changes, so a lost race only means someone else purged it.
        await this.deleteIfUnchanged(row.rowKey, row.etag);
        if (++purged >= limit) return purged;
      }
    }
    return purged;
  }

  /**
   * cancel() for every job of one mentorship, batched (see cancelIndexed), and its tombstones
   * removed: the mentorship closed or is erased, so no id of it is scheduled again. Ids in `keep` are
   * left as they are.
   */
  async cancelAllFor(tenantId: string, mentorshipId: string, keep: readonly string[] = []): Promise<number> {
    const kept = new Set(keep);
    const indexes: { row: IndexRow; etag: string }[] = [];
    const found = this.client.listEntities<IndexRow>({
      queryOptions: {
        filter: odata`PartitionKey eq ${PARTITION} and RowKey ge ${INDEX_RANGE.from} and RowKey lt ${INDEX_RANGE.to} and tenantId eq ${tenantId} and mentorshipId eq ${mentorshipId}`,
        select: ["RowKey", "jobId", "tenantId", "mentorshipId", "dueKey", "doneAt"],
      },
    });
    for await (const e of found) if (!kept.has(e.jobId)) indexes.push({ row: e, etag: e.etag });
    await this.cancelIndexed(indexes, true);
    return indexes.length;
  }

  /** cancel() for each id, batched (see cancelIndexed): a done job's tombstone stays, as with cancel(). */
  async cancelMany(jobIds: readonly string[]): Promise<void> {
    const ids = [...new Set(jobIds)];
    if (ids.length === 0) return;
    await this.cancelIndexed([...(await this.readIndexRows(ids)).values()], false);
  }

  /**
   * The jobs of these index rows cancelled in few requests: their mentorships' job rows are read with
   * one range query each (after the index rows: a job row an index row names that is missing here was
   * gone by then), then each job's two rows are deleted in transactions of up to 100 operations, each
   * delete conditional on the ETag read (a claimed job's row too: a run in progress then can neither
   * complete nor release it, as after cancel()). Deleting both rows at once ends where cancel() ends
   * (it marks and blanks, then deletes). A transaction that meets a change made since the read (a job
   * moved, claimed, completed or scheduled again) changes nothing, and its jobs then go through
   * cancel() one by one, so the outcome is always what one-by-one gives. Tombstones are deleted
   * (conditionally) only when `dropTombstones`.
   */
  private async cancelIndexed(indexes: readonly { row: IndexRow; etag: string }[], dropTombstones: boolean): Promise<void> {
    const jobEtags = new Map<string, string>();
    const mentorships = new Map<string, { tenantId: string; mentorshipId: string }>();
    for (const { row } of indexes) if (!row.doneAt && row.dueKey) mentorships.set(JSON.stringify([row.tenantId, row.mentorshipId]), { tenantId: row.tenantId, mentorshipId: row.mentorshipId });
    for (const { tenantId, mentorshipId } of mentorships.values()) {
      const rows = this.client.listEntities<JobRow>({
        queryOptions: { filter: odata`PartitionKey eq ${PARTITION} and RowKey ge ${"0"} and RowKey lt ${INDEX_RANGE.from} and tenantId eq ${tenantId} and mentorshipId eq ${mentorshipId}`, select: ["RowKey"] },
      });
      for await (const e of rows) jobEtags.set(e.rowKey, e.etag);
    }

    type Step = { index: { row: IndexRow; etag: string }; jobRow: { rowKey: string; etag: string } | null };
    const steps: Step[] = [];
    for (const index of indexes) {
      if (index.row.doneAt && !dropTombstones) continue; // cancel() leaves a done job's tombstone
      const key = index.row.doneAt ? "" : index.row.dueKey;
      const etag = key ? jobEtags.get(key) : undefined;
      steps.push({ index, jobRow: key && etag ? { rowKey: key, etag } : null });
    }
    const opsOf = (step: Step) => (step.jobRow ? 2 : 1);
    for (let i = 0; i < steps.length; ) {
      const tx = new TableTransaction();
      const chunk: Step[] = [];
      while (i < steps.length && tx.actions.length + opsOf(steps[i] as Step) <= MAX_TRANSACTION_OPS) {
        const step = steps[i++] as Step;
        // The job row the index names (live, claimed, or dead and not yet swept), then the index row
        // (or the done job's tombstone; or an index row a cancel emptied and left): each only if unchanged since read.
        if (step.jobRow) deleteIfMatch(tx, step.jobRow.rowKey, step.jobRow.etag);
        deleteIfMatch(tx, step.index.row.rowKey, step.index.etag);
        chunk.push(step);
      }
      if (await this.submit(tx)) continue;
      for (const { index } of chunk) {
        if (index.row.doneAt) await this.deleteIfUnchanged(index.row.rowKey, index.etag);
        else await this.cancel(index.row.jobId);
      }
    }
  }

  /** After a failed write: is the job row still exactly as we claimed it? */
  private async stillHeld(key: string, claim: ClaimedJob): Promise<boolean> {
    const current = await this.getRow<JobRow>(key);
    return current !== null && current.etag === claim.etag;
  }
}
