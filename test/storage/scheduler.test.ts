import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { TableClient } from "@azure/data-tables";
import { TableJobStore } from "../../src/adapters/tables/tableJobStore";
import { Scheduler } from "../../src/app/scheduler";
import type { LogFields, Logger } from "../../src/log";
import type { Clock } from "../../src/ports/clock";
import type { ClaimedJob, Job, JobStore } from "../../src/ports/jobs";
import { azurite, uniqueTableName } from "../support/azurite";
import { TENANT } from "../support/fixtures";

const T0 = Date.parse("2027-03-01T08:00:00.000Z");
const MIN = 60_000;
const HOUR = 60 * MIN;
const at = (ms: number) => new Date(ms);
const iso = (ms: number) => new Date(ms).toISOString();

/** Time only moves when the test says so. */
class FakeClock implements Clock {
  constructor(public t: number) {}
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

function job(id: string, dueAt: number, overrides: Partial<Job> = {}): Job {
  return { id, kind: "agenda.post", tenantId: TENANT, mentorshipId: "m-1", dueAt: iso(dueAt), payload: { meetingKey: id }, ...overrides };
}

interface LogLine {
  level: string;
  event: string;
  fields: LogFields;
}

function captureLog(): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const push = (level: string) => (event: string, fields: LogFields = {}) => void lines.push({ level, event, fields });
  return { log: { info: push("info"), warn: push("warn"), error: push("error") }, lines };
}

async function freshJobs(clock?: Clock) {
  const { connectionString } = await azurite();
  const tableName = uniqueTableName("jobs");
  const store = new TableJobStore(connectionString, tableName, clock ? { clock } : {});
  await store.ensureTable();
  // A second, raw view of the same table, to look at the rows themselves.
  const client = TableClient.fromConnectionString(connectionString, tableName, { allowInsecureConnection: true });
  const rows = async () => {
    const out: Record<string, unknown>[] = [];
    for await (const e of client.listEntities<Record<string, unknown>>()) out.push(e);
    return out;
  };
  return { store, connectionString, tableName, rows, client };
}

/** The store, counting claimDue calls and letting a test look at each call. */
function spy(store: JobStore, onClaim: () => void = () => {}): JobStore & { claims: number } {
  const wrapped = {
    claims: 0,
    schedule: (j: Job) => store.schedule(j),
    scheduleMany: (js: readonly Job[]) => store.scheduleMany(js),
    cancel: (id: string) => store.cancel(id),
    cancelMany: (ids: readonly string[]) => store.cancelMany(ids),
    claimDue: (now: Date, owner: string, leaseUntil: Date, limit: number) => {
      wrapped.claims++;
      onClaim();
      return store.claimDue(now, owner, leaseUntil, limit);
    },
    complete: (c: ClaimedJob) => store.complete(c),
    release: (c: ClaimedJob, retryAt: Date) => store.release(c, retryAt),
    purgeDone: (dueBefore: Date, limit: number) => store.purgeDone(dueBefore, limit),
    cancelAllFor: (tenantId: string, mentorshipId: string) => store.cancelAllFor(tenantId, mentorshipId),
  };
  return wrapped;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("Durable jobs: Table Storage job store and scheduler (Azurite)", function () {
  this.timeout(60000);

  it("round-trips a job: not claimed before it is due, claimed once, completed, never again", async () => {
    const { store, rows } = await freshJobs(new FakeClock(T0 + 2 * MIN));
    const j = job("m-1:agenda:2027-03-01", T0);
    await store.schedule(j);
    assert.equal((await rows()).length, 2, "a job row and its index row");

    assert.deepEqual(await store.claimDue(at(T0 - 1), "a", at(T0 + 5 * MIN), 10), [], "one millisecond early");
    const [claim, ...more] = await store.claimDue(at(T0), "a", at(T0 + 5 * MIN), 10);
    assert.ok(claim);
    assert.deepEqual(more, []);
    assert.deepEqual(claim.job, j);
    assert.equal(claim.owner, "a");
    assert.equal(claim.attempts, 0);
    assert.ok(claim.etag);

    // Claimed: invisible to another owner while the lease lasts.
    assert.deepEqual(await store.claimDue(at(T0 + 4 * MIN), "b", at(T0 + 9 * MIN), 10), []);

    assert.equal(await store.complete(claim), true);
    assert.equal(await store.complete(claim), false, "a second complete finds nothing to complete");
    const left = await rows();
    assert.equal(left.length, 1, "only the index row stays, as a tombstone");
    assert.equal(left[0]?.doneAt, iso(T0 + 2 * MIN), "stamped from the store's clock");
    assert.deepEqual(await store.claimDue(at(T0 + 24 * HOUR), "b", at(T0 + 25 * HOUR), 10), [], "done: never due again");

    // The same id scheduled again after it ran changes nothing, whatever the time.
    await store.schedule(j);
    await store.schedule({ ...j, dueAt: iso(T0 + 48 * HOUR) });
    assert.deepEqual(await store.claimDue(at(T0 + 72 * HOUR), "b", at(T0 + 73 * HOUR), 10), []);
    assert.equal((await rows()).length, 1);
  });

  it("claims only what is due, earliest first, up to the limit; ids with characters RowKey forbids are kept as they are", async () => {
    const { store } = await freshJobs();
    const odd = "m/1#x?y\\z%:agenda:é";
    await store.schedule(job("later", T0 + 2 * HOUR));
    await store.schedule(job(odd, T0 + HOUR, { kind: "reminder.pointOne", payload: { n: 3, meetingKey: "k" } }));
    await store.schedule(job("first", T0));

    assert.deepEqual(await store.claimDue(at(T0 - MIN), "a", at(T0 + HOUR), 10), []);
    const one = await store.claimDue(at(T0 + HOUR), "a", at(T0 + 3 * HOUR), 1);
    assert.deepEqual(one.map((c) => c.job.id), ["first"], "limit 1: the earliest");
    const rest = await store.claimDue(at(T0 + HOUR), "a", at(T0 + 3 * HOUR), 10);
    assert.deepEqual(rest.map((c) => c.job), [job(odd, T0 + HOUR, { kind: "reminder.pointOne", payload: { n: 3, meetingKey: "k" } })], "the job due in two hours is not due yet");
    assert.equal(await store.complete(rest[0] as ClaimedJob), true);
    assert.deepEqual((await store.claimDue(at(T0 + 2 * HOUR), "a", at(T0 + 3 * HOUR), 10)).map((c) => c.job.id), ["later"]);
  });

  it("the same id scheduled again is one job, with the latest schedule's due time and payload", async () => {
    const { store, rows } = await freshJobs();
    const id = "m-1:reminder:agreement";
    await store.schedule(job(id, T0 + HOUR, { payload: { v: 1 } }));
    await store.schedule(job(id, T0 + 2 * HOUR, { payload: { v: 2 } })); // moved later
    assert.equal((await rows()).length, 2);
    assert.deepEqual(await store.claimDue(at(T0 + HOUR), "a", at(T0 + 3 * HOUR), 10), [], "not at the old time");

    await store.schedule(job(id, T0 + 30 * MIN, { payload: { v: 3 } })); // moved earlier
    await store.schedule(job(id, T0 + 30 * MIN, { payload: { v: 4 } })); // same time, new payload
    assert.equal((await rows()).length, 2, "still one job row and one index row");
    const claims = await store.claimDue(at(T0 + 3 * HOUR), "a", at(T0 + 4 * HOUR), 10);
    assert.deepEqual(claims.map((c) => c.job), [job(id, T0 + 30 * MIN, { payload: { v: 4 } })]);
  });

  it("scheduling a job that is claimed changes nothing: the running instance keeps it", async () => {
    const { store } = await freshJobs();
    await store.schedule(job("j", T0));
    const [claim] = await store.claimDue(at(T0), "a", at(T0 + 5 * MIN), 10);
    assert.ok(claim);
    await store.schedule(job("j", T0 + HOUR, { payload: { v: 2 } }));
    assert.equal(await store.complete(claim), true, "the claim was not disturbed");
    assert.deepEqual(await store.claimDue(at(T0 + 2 * HOUR), "b", at(T0 + 3 * HOUR), 10), []);
  });

  it("cancels a job: it never runs, a running claim is lost, and the id can be scheduled afresh", async () => {
    const { store, rows } = await freshJobs();
    await store.schedule(job("c", T0 + HOUR));
    await store.cancel("c");
    assert.deepEqual(await rows(), []);
    assert.deepEqual(await store.claimDue(at(T0 + 24 * HOUR), "a", at(T0 + 25 * HOUR), 10), []);
    await store.cancel("c"); // again, and an unknown id: nothing to do
    await store.cancel("never-scheduled");

    await store.schedule(job("c", T0 + 2 * HOUR, { payload: { v: 2 } }));
    const [claim] = await store.claimDue(at(T0 + 2 * HOUR), "a", at(T0 + 3 * HOUR), 10);
    assert.deepEqual(claim?.job.payload, { v: 2 });
    // Cancelled while running: the run cannot complete it, nor give it back to run again.
    await store.cancel("c");
    assert.equal(await store.complete(claim as ClaimedJob), false);
    await store.release(claim as ClaimedJob, at(T0 + 4 * HOUR));
    assert.deepEqual(await rows(), []);
    assert.deepEqual(await store.claimDue(at(T0 + 24 * HOUR), "b", at(T0 + 25 * HOUR), 10), []);
  });

  it("skips dead job rows an interrupted write left behind, sweeps them, and reuses their keys", async () => {
    const { store, rows, client } = await freshJobs();
    // As if a move of "j" from T0 to T0+1h had crashed before deleting the old row, and likewise a cancel of "k".
    const dead = (id: string, dueAt: number, state: string) =>
      ({ partitionKey: "jobs", rowKey: `${iso(dueAt)}|${id}`, state, jobId: id, kind: "agenda.post", tenantId: TENANT, mentorshipId: "m-1", dueAt: iso(dueAt), payload: "{}", owner: "", leaseUntil: "", attempts: 0 });
    await store.schedule(job("j", T0 + HOUR));
    await client.createEntity(dead("j", T0, "superseded"));
    await client.createEntity(dead("k", T0 + 2 * HOUR, "cancelled"));
    assert.equal((await rows()).length, 4);

    // Moving "j" back onto the dead row's key replaces it.
    await store.schedule(job("j", T0, { payload: { v: 2 } }));
    assert.equal((await rows()).length, 3, "j's job row, j's index row, k's dead row");
    // Scheduling "k" afresh at its dead row's key.
    await store.schedule(job("k", T0 + 2 * HOUR));
    await store.cancel("k");
    assert.equal((await rows()).length, 2);
    await client.createEntity(dead("k", T0 + 2 * HOUR, "cancelled"));
    const claims = await store.claimDue(at(T0 + 3 * HOUR), "a", at(T0 + 4 * HOUR), 10);
    assert.deepEqual(claims.map((c) => [c.job.id, c.job.payload]), [["j", { v: 2 }]], "dead rows never run");
    assert.equal((await rows()).length, 2, "the due dead row was swept");
  });

  it("runs each of 600 due jobs (200 pairs: agenda, point-1 reminder, held check) exactly once across two app processes sharing the table", async function () {
    this.timeout(120000);
    const { store, connectionString, tableName, rows } = await freshJobs();
    const PAIRS = 200;
    const kinds = ["agenda.post", "reminder.pointOne", "reminder.heldCheck"] as const;
    const ids = Array.from({ length: PAIRS * kinds.length }, (_, i) => `m-${i % PAIRS}:${kinds[Math.floor(i / PAIRS)]}:${String(i).padStart(3, "0")}`);
    const N = ids.length;
    for (let from = 0; from < N; from += 20) {
      await Promise.all(ids.slice(from, from + 20).map((id, k) => store.schedule(job(id, T0 - ((from + k) % 60) * MIN, { kind: kinds[Math.floor((from + k) / PAIRS)], mentorshipId: id.split(":")[0] }))));
    }
    await store.schedule(job("not-due", T0 + HOUR));

    const dir = mkdtempSync(path.join(tmpdir(), "scheduler-"));
    const outFile = path.join(dir, "ran.txt");
    writeFileSync(outFile, "");
    try {
      const worker = path.join(__dirname, "scheduler.worker.ts");
      const start = (owner: string) => {
        const child = spawn(process.execPath, ["--import", "tsx", worker, connectionString, tableName, owner, outFile, iso(T0 + MIN), "60000", "10"], {
          cwd: path.join(__dirname, "../.."),
          stdio: ["pipe", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        let onReady: () => void = () => {};
        const ready = new Promise<void>((r) => (onReady = r));
        child.stdout.on("data", (d: Buffer) => {
          stdout += d.toString();
          if (stdout.includes("ready\n")) onReady();
        });
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        const done = new Promise<{ owner: string; ran: number; ticks: number }>((resolve, reject) => {
          child.once("error", reject);
          child.once("exit", (code) => {
            if (code !== 0) return reject(new Error(`worker ${owner} exited ${code}: ${stderr}`));
            resolve(JSON.parse(stdout.trim().split("\n").pop() ?? "{}"));
          });
        });
        return { ready: Promise.race([ready, done.then(() => undefined)]), go: () => child.stdin.end("go\n"), done };
      };
      const a = start("instance-a");
      const b = start("instance-b");
      // Both loaded before either starts, so they really compete for the same rows.
      await Promise.all([a.ready, b.ready]);
      a.go();
      b.go();
      const [ra, rb] = await Promise.all([a.done, b.done]);

      const lines = readFileSync(outFile, "utf8").split("\n").filter(Boolean);
      const ranIds = lines.map((l) => l.split(" ")[1]);
      const counts = new Map<string, number>();
      for (const id of ranIds) counts.set(id ?? "", (counts.get(id ?? "") ?? 0) + 1);
      const twice = [...counts].filter(([, n]) => n > 1);
      assert.deepEqual(twice, [], "no job ran more than once");
      assert.deepEqual([...counts.keys()].sort(), [...ids].sort(), "every due job ran, and the one not due did not");
      assert.equal(lines.length, N);
      // Each instance reports what it ran, and that matches the file.
      const byOwner = (o: string) => lines.filter((l) => l.startsWith(`${o} `)).length;
      assert.equal(ra.ran, byOwner("instance-a"));
      assert.equal(rb.ran, byOwner("instance-b"));
      assert.ok(ra.ran > 0 && rb.ran > 0, `both instances did some of the work (a ${ra.ran}, b ${rb.ran})`);

      // In the table: a tombstone for each, and the job not yet due still pending.
      const left = await rows();
      assert.equal(left.filter((r) => String(r.rowKey).startsWith("id|") && r.doneAt).length, N);
      assert.deepEqual(left.filter((r) => !String(r.rowKey).startsWith("id|")).map((r) => r.jobId), ["not-due"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("after a restart: a job the stopped instance never reached runs once on a new instance when due", async () => {
    const { connectionString, tableName } = await freshJobs();
    const clock = new FakeClock(T0);
    const ran: string[] = [];
    const handlers = { "agenda.post": async (j: Job) => void ran.push(j.id) };

    const storeA = spy(new TableJobStore(connectionString, tableName));
    const a = new Scheduler({ store: storeA, clock, owner: "instance-a", handlers, log: captureLog().log });
    await storeA.schedule(job("m-1:agenda:k1", T0 + HOUR));
    a.start(2);
    while (storeA.claims < 3) await sleep(5); // it is ticking (real milliseconds; the job is an hour away on the fake clock)
    await a.stop();
    assert.deepEqual(ran, [], "not due while the first instance ran");

    // The "process" is gone. A new one, with its own store object and owner, an hour and a second later.
    clock.advance(HOUR + 1000);
    const storeB = new TableJobStore(connectionString, tableName);
    const b = new Scheduler({ store: storeB, clock, owner: "instance-b", handlers, log: captureLog().log });
    assert.equal(await b.tick(), 1);
    assert.equal(await b.tick(), 0);
    clock.advance(24 * HOUR);
    const c = new Scheduler({ store: new TableJobStore(connectionString, tableName), clock, owner: "instance-c", handlers, log: captureLog().log });
    assert.equal(await c.tick(), 0);
    assert.equal(await b.tick(), 0);
    assert.deepEqual(ran, ["m-1:agenda:k1"]);
    assert.equal(storeA.claims >= 3, true);
  });

  it("a crashed claim (claimed, never completed) runs again once its lease has expired, exactly once", async () => {
    const { store, connectionString, tableName } = await freshJobs();
    const clock = new FakeClock(T0);
    await store.schedule(job("m-1:reminder:held", T0, { kind: "reminder.heldCheck" }));
    // An instance claims it with a one-minute lease and dies.
    const [crashed] = await store.claimDue(at(T0), "crashed", at(T0 + MIN), 10);
    assert.ok(crashed);

    const ran: string[] = [];
    const handlers = { "reminder.heldCheck": async (j: Job) => void ran.push(j.id) };
    const { log, lines } = captureLog();
    const b = new Scheduler({ store: new TableJobStore(connectionString, tableName), clock, owner: "instance-b", handlers, log, leaseMs: MIN });
    clock.advance(30_000);
    assert.equal(await b.tick(), 0, "still leased to the crashed instance");
    clock.advance(30_000); // exactly at leaseUntil: the lease has run out
    assert.equal(await b.tick(), 1);
    assert.deepEqual(ran, ["m-1:reminder:held"]);
    assert.equal(await b.tick(), 0);
    clock.advance(HOUR);
    const c = new Scheduler({ store: new TableJobStore(connectionString, tableName), clock, owner: "instance-c", handlers, log, leaseMs: MIN });
    assert.equal(await c.tick(), 0);
    assert.deepEqual(ran, ["m-1:reminder:held"], "exactly once");
    assert.ok(lines.some((l) => l.event === "job.done" && l.fields.owner === "instance-b"));

    // The crashed instance, were it to come back, can neither complete nor re-arm it.
    assert.equal(await store.complete(crashed), false);
    await store.release(crashed, at(T0));
    assert.deepEqual(await store.claimDue(at(T0 + 48 * HOUR), "d", at(T0 + 49 * HOUR), 10), []);
  });

  it("a claim lost to another instance after the lease ran out is not completed by the first", async () => {
    const { store } = await freshJobs();
    await store.schedule(job("slow", T0));
    const [first] = await store.claimDue(at(T0), "a", at(T0 + MIN), 10);
    const [second] = await store.claimDue(at(T0 + 2 * MIN), "b", at(T0 + 3 * MIN), 10);
    assert.ok(first && second);
    assert.equal(await store.complete(first), false);
    await store.release(first, at(T0 + 10 * MIN)); // nothing of a's left to give back
    assert.equal(await store.complete(second), true);
    assert.deepEqual(await store.claimDue(at(T0 + HOUR), "c", at(T0 + 2 * HOUR), 10), []);
  });

  it("never gives up a kind whose work must finish (a booking's follow-ups): it keeps retrying past maxAttempts until it succeeds", async () => {
    const { store, rows } = await freshJobs();
    const clock = new FakeClock(T0);
    const { log, lines } = captureLog();
    let calls = 0;
    const s = new Scheduler({
      store,
      clock,
      owner: "a",
      log,
      maxAttempts: 3,
      backoffMs: () => HOUR,
      untilDone: ["booking.followUp"],
      handlers: {
        "booking.followUp": async () => {
          calls++;
          if (calls < 8) throw new Error("storage away");
        },
      },
    });
    await store.schedule(job("follow", T0, { kind: "booking.followUp" }));
    for (let i = 0; i < 8; i++) {
      assert.equal(await s.tick(), 1, `run ${i + 1}`);
      clock.advance(HOUR);
    }
    assert.equal(calls, 8, "ran past maxAttempts until it succeeded");
    assert.equal(lines.filter((l) => l.event === "job.gaveUp").length, 0);
    assert.equal(await s.tick(), 0, "done: never again");
    assert.equal((await rows()).length, 1, "only the tombstone");
  });

  it("retries a throwing handler with growing back-off, then gives up with a warning that carries no payload or error text", async () => {
    const { store, rows } = await freshJobs();
    const clock = new FakeClock(T0);
    const { log, lines } = captureLog();
    let calls = 0;
    const s = new Scheduler({
      store,
      clock,
      owner: "a",
      log,
      maxAttempts: 3,
      backoffMs: (failedRuns) => failedRuns * MIN, // 1 min, then 2 min
      handlers: {
        "reminder.agreement": async () => {
          calls++;
          throw new Error("the mentee's secret text");
        },
      },
    });
    await store.schedule(job("flaky", T0, { kind: "reminder.agreement", payload: { meetingKey: "payload-marker" } }));

    assert.equal(await s.tick(), 1);
    assert.equal(calls, 1);
    assert.equal((await rows()).length, 2, "released: re-keyed to its retry time, still one job row and its index");
    assert.equal(await s.tick(), 0, "backed off: not again at once");
    clock.advance(MIN - 1);
    assert.equal(await s.tick(), 0);
    clock.advance(1);
    assert.equal(await s.tick(), 1, "second run one minute later");
    clock.advance(2 * MIN - 1);
    assert.equal(await s.tick(), 0, "the back-off grew");
    clock.advance(1);
    assert.equal(await s.tick(), 1, "third run two minutes later");
    assert.equal(calls, 3);
    clock.advance(24 * HOUR);
    assert.equal(await s.tick(), 0, "given up: never again");
    assert.equal(calls, 3);
    assert.equal((await rows()).length, 1, "only the tombstone");

    const failed = lines.filter((l) => l.event === "job.failed");
    assert.deepEqual(failed.map((l) => [l.level, l.fields.attempts, l.fields.retryAt]), [
      ["warn", 1, iso(T0 + MIN)],
      ["warn", 2, iso(T0 + 3 * MIN)],
    ]);
    const gaveUp = lines.filter((l) => l.event === "job.gaveUp");
    assert.deepEqual(gaveUp.map((l) => [l.level, l.fields.jobId, l.fields.attempts, l.fields.error]), [["warn", "flaky", 3, "Error"]]);
    const text = JSON.stringify(lines);
    assert.ok(!text.includes("secret") && !text.includes("payload-marker"), text);
  });

  it("a job whose handler fails once succeeds on the retry and is then done; a kind without a handler is warned about and completed", async () => {
    const { store, rows } = await freshJobs();
    const clock = new FakeClock(T0);
    const { log, lines } = captureLog();
    let calls = 0;
    const s = new Scheduler({
      store,
      clock,
      owner: "a",
      log,
      backoffMs: () => MIN,
      handlers: {
        "agenda.post": async () => {
          if (++calls === 1) throw new TypeError("first time fails");
        },
      },
    });
    await store.schedule(job("once-flaky", T0));
    await store.schedule(job("orphan", T0, { kind: "reminder.pointOne" }));
    assert.equal(await s.tick(), 1, "only the job with a handler ran");
    assert.deepEqual(lines.filter((l) => l.event === "job.noHandler").map((l) => [l.level, l.fields.jobId, l.fields.kind]), [["warn", "orphan", "reminder.pointOne"]]);
    clock.advance(MIN);
    assert.equal(await s.tick(), 1);
    assert.equal(calls, 2);
    clock.advance(HOUR);
    assert.equal(await s.tick(), 0);
    assert.equal(calls, 2);
    assert.deepEqual(lines.filter((l) => l.event === "job.done").map((l) => [l.fields.jobId, l.fields.attempts]), [["once-flaky", 2]]);
    assert.equal(lines.filter((l) => l.event === "job.noHandler").length, 1, "completed: not warned about again");
    const left = await rows();
    assert.equal(left.length, 2);
    assert.ok(left.every((r) => String(r.rowKey).startsWith("id|") && r.doneAt));
  });

  it("a backlog: one tick runs batch after batch while they come back full, without waiting for the interval, up to its bound", async () => {
    const { store } = await freshJobs();
    const clock = new FakeClock(T0);
    for (let i = 0; i < 25; i++) await store.schedule(job(`due-${String(i).padStart(2, "0")}`, T0 - i * MIN));
    const ran: string[] = [];
    const watched = spy(store);
    const s = new Scheduler({ store: watched, clock, owner: "a", log: captureLog().log, batch: 10, handlers: { "agenda.post": async (j) => void ran.push(j.id) } });
    assert.equal(await s.tick(), 25, "10 + 10 + 5 in one tick");
    assert.equal(watched.claims, 3, "a short batch ends the tick");
    assert.equal(new Set(ran).size, 25);

    for (let i = 0; i < 25; i++) await store.schedule(job(`more-${String(i).padStart(2, "0")}`, T0));
    const bounded = new Scheduler({ store, clock, owner: "b", log: captureLog().log, batch: 10, maxBatchesPerTick: 2, handlers: { "agenda.post": async (j) => void ran.push(j.id) } });
    assert.equal(await bounded.tick(), 20, "two batches, then the tick ends");
    assert.equal(await bounded.tick(), 5);
    assert.equal(new Set(ran).size, 50);
  });

  it("start(): after a tick that ended on its bound with more due, the next tick starts at once, not after the interval", async () => {
    const { store } = await freshJobs();
    const clock = new FakeClock(T0);
    for (let i = 0; i < 35; i++) await store.schedule(job(`b-${String(i).padStart(2, "0")}`, T0));
    const runs: number[] = [];
    const s = new Scheduler({ store, clock, owner: "a", log: captureLog().log, batch: 5, maxBatchesPerTick: 2, handlers: { "agenda.post": async () => void runs.push(Date.now()) } });
    const interval = 3000;
    s.start(interval);
    for (let waited = 0; runs.length < 35; waited += 10) {
      assert.ok(waited < 4 * interval, `only ${runs.length} of 35 ran`);
      await sleep(10);
    }
    await s.stop();
    // Four ticks' worth (10 + 10 + 10 + 5): waiting the interval between them would take 3 intervals.
    const spread = Math.max(...runs) - Math.min(...runs);
    assert.ok(spread < interval, `the backlog took ${spread} ms after the first job`);
  });

  it("tombstones are purged once their job was due 30 days ago; the table is back to the live jobs' rows; a purged id scheduled again for its old time does not run", async () => {
    const DAY = 24 * HOUR;
    const clock = new FakeClock(T0);
    const { store, rows } = await freshJobs(clock);
    const ran: string[] = [];
    const { log, lines } = captureLog();
    const scheduler = () => new Scheduler({ store, clock, owner: "a", log, handlers: { "agenda.post": async (j) => void ran.push(j.id) } });
    for (let i = 0; i < 5; i++) await store.schedule(job(`old-${i}`, T0));
    await store.schedule(job("recent", T0 + 20 * DAY));
    await store.schedule(job("live-1", T0 + 40 * DAY));
    await store.schedule(job("live-2", T0 + 60 * DAY));
    assert.equal(await scheduler().tick(), 5);
    clock.advance(20 * DAY);
    assert.equal(await scheduler().tick(), 1);
    assert.equal((await rows()).length, 6 + 2 * 2, "six tombstones, two live jobs of two rows each");

    clock.advance(11 * DAY); // the old jobs were due 31 days ago, "recent" 11 days ago
    assert.equal(await scheduler().tick(), 0);
    const left = await rows();
    assert.deepEqual(left.filter((r) => r.doneAt).map((r) => r.jobId), ["recent"], "only the tombstone not yet 30 days past its due time stays");
    assert.equal(left.length, 1 + 2 * 2);
    assert.ok(lines.some((l) => l.event === "jobs.purged" && l.fields.count === 5));

    // The purged id comes back (a late re-schedule of the same meeting's job): it must not run a second time.
    await store.schedule(job("old-0", T0));
    assert.equal(await scheduler().tick(), 0);
    assert.deepEqual([...ran].sort(), ["old-0", "old-1", "old-2", "old-3", "old-4", "recent"], "old-0 ran once, not again");
    assert.ok(lines.some((l) => l.event === "job.tooOld" && l.fields.jobId === "old-0"));
    clock.advance(HOUR);
    await scheduler().tick();
    assert.equal((await rows()).length, 1 + 2 * 2, "and its new tombstone is purged too");
  });

  it("cancelAllFor removes one mentorship's jobs, live, claimed and done, and nothing of any other mentorship or tenant", async () => {
    const { store, rows } = await freshJobs();
    const of = (id: string, mentorshipId: string, tenantId = TENANT) => job(id, T0, { mentorshipId, tenantId });
    await store.schedule(of("a-1", "m-1"));
    await store.schedule({ ...of("a-2", "m-1"), dueAt: iso(T0 + HOUR) });
    await store.schedule({ ...of("a-3", "m-1"), dueAt: iso(T0 + 2 * HOUR) });
    await store.schedule(of("b-1", "m-2"));
    await store.schedule(of("c-1", "m-1", "other-tenant"));
    const [doneClaim] = (await store.claimDue(at(T0), "x", at(T0 + MIN), 10)).filter((c) => c.job.id === "a-1");
    assert.ok(doneClaim);
    assert.equal(await store.complete(doneClaim), true);
    const [claimed] = (await store.claimDue(at(T0 + HOUR), "x", at(T0 + 2 * HOUR), 10)).filter((c) => c.job.id === "a-2");
    assert.ok(claimed);

    assert.equal(await store.cancelAllFor(TENANT, "m-1"), 3);
    const left = await rows();
    assert.deepEqual([...new Set(left.map((r) => r.jobId))].sort(), ["b-1", "c-1"]);
    assert.equal(await store.complete(claimed), false, "a run in progress cannot complete a cancelled job");
    assert.deepEqual((await store.claimDue(at(T0 + 24 * HOUR), "y", at(T0 + 25 * HOUR), 10)).map((c) => c.job.id).sort(), ["b-1", "c-1"], "the others' jobs still run (x's lease on them has run out)");
    assert.equal(await store.cancelAllFor(TENANT, "m-1"), 0, "again: nothing left");

    // A close keeps its close-out job through the cancel.
    await store.schedule(of("m-1:closing.calendar", "m-1"));
    await store.schedule(of("a-4", "m-1"));
    assert.equal(await store.cancelAllFor(TENANT, "m-1", ["m-1:closing.calendar"]), 1);
    assert.deepEqual((await store.claimDue(at(T0 + 48 * HOUR), "z", at(T0 + 49 * HOUR), 10)).map((c) => c.job.id).filter((id) => !["b-1", "c-1"].includes(id)), ["m-1:closing.calendar"], "the kept job still runs, a-4 does not");
  });

  /** A store whose Table requests are counted (a transaction is one), and a hook run just before the next transaction leaves. */
  function countedStore(connectionString: string, tableName: string) {
    const counter = { requests: 0, beforeBatch: null as null | (() => Promise<void>) };
    const client = TableClient.fromConnectionString(connectionString, tableName, {
      allowInsecureConnection: true,
      additionalPolicies: [
        {
          policy: {
            name: "countRequests",
            sendRequest: async (req, next) => {
              counter.requests++;
              const hook = req.url.endsWith("$batch") ? counter.beforeBatch : null;
              if (hook) {
                counter.beforeBatch = null;
                await hook();
              }
              return next(req);
            },
          },
          position: "perCall",
        },
      ],
    });
    return { store: new TableJobStore(client), counter };
  }

  it("cancelAllFor: a closing mentorship's 30 jobs (due now and later, one claimed, one done) in 3 Table requests instead of ~150; nothing of them runs, another mentorship's rows are untouched", async () => {
    const { connectionString, tableName, rows } = await freshJobs();
    const { store, counter } = countedStore(connectionString, tableName);
    const jobs = Array.from({ length: 30 }, (_, i) => job(`${TENANT}:m-1:j${String(i).padStart(2, "0")}`, T0 + (i < 10 ? 0 : (i - 9) * 7 * 24 * HOUR)));
    const others = [job(`${TENANT}:m-2:j00`, T0, { mentorshipId: "m-2" }), job(`${TENANT}:m-2:j01`, T0 + 24 * HOUR, { mentorshipId: "m-2" }), job(`other:m-1:j00`, T0, { tenantId: "other-tenant" })];
    await store.scheduleMany([...jobs, ...others]);
    const claims = (await store.claimDue(at(T0), "x", at(T0 + HOUR), 100)).filter((c) => c.job.mentorshipId === "m-1" && c.job.tenantId === TENANT);
    const [done, claimed] = claims;
    assert.ok(done && claimed);
    assert.equal(await store.complete(done), true);
    // Give x's other claims of m-1 back (as its runs would), so only one is still claimed.
    for (const c of claims.slice(2)) await store.release(c, at(T0));
    const othersBefore = (await rows()).filter((r) => r.mentorshipId !== "m-1" || r.tenantId !== TENANT).map((r) => `${String(r.rowKey)} ${String(r.etag)}`).sort();

    counter.requests = 0;
    assert.equal(await store.cancelAllFor(TENANT, "m-1"), 30);
    assert.ok(counter.requests <= 3, `two range queries and one transaction of 59 conditional deletes, not ~5 per job (${counter.requests} requests)`);

    const left = await rows();
    assert.deepEqual(left.filter((r) => r.mentorshipId === "m-1" && r.tenantId === TENANT), [], "no job row, index row or tombstone of m-1 is left");
    assert.deepEqual(left.map((r) => `${String(r.rowKey)} ${String(r.etag)}`).sort(), othersBefore, "the other mentorship's and tenant's rows, as they were");
    assert.equal(await store.complete(claimed), false, "the run in progress cannot complete its cancelled job");
    await store.release(claimed, at(T0 + MIN));
    const due = await store.claimDue(at(T0 + 400 * 24 * HOUR), "y", at(T0 + 401 * 24 * HOUR), 1000);
    assert.deepEqual(due.map((c) => c.job.id).sort(), others.map((j) => j.id).sort(), "none of m-1's jobs can be claimed, not even after a release; the others still run");
    assert.equal(await store.cancelAllFor(TENANT, "m-1"), 0, "again: nothing left");
  });

  it("cancelAllFor: a job moved and another claimed between the read and the transaction; that transaction's jobs (only) go one by one, and the end is what one-by-one cancels give", async () => {
    const { connectionString, tableName, rows, client: raw } = await freshJobs();
    const { store, counter } = countedStore(connectionString, tableName);
    const other = new TableJobStore(raw); // the concurrent writer, uncounted
    // 60 jobs: two transactions (50 jobs, then 10). The second's jobs are due first, so the rival claims one of them.
    const jobsOf = (m: string) => Array.from({ length: 60 }, (_, i) => job(`${TENANT}:${m}:j${String(i).padStart(2, "0")}`, i < 50 ? T0 + 24 * HOUR : T0, { mentorshipId: m }));
    const race = async (m: string) => {
      await other.schedule({ ...(jobsOf(m)[55] as Job), dueAt: iso(T0 + 2 * HOUR) }); // moved
      const [rival] = await other.claimDue(at(T0), `rival-${m}`, at(T0 + HOUR), 1);
      assert.equal(rival?.job.id, `${TENANT}:${m}:j50`);
      return rival;
    };

    await store.scheduleMany(jobsOf("m-1"));
    let rival: ClaimedJob | undefined;
    counter.beforeBatch = async () => void (rival = await race("m-1"));
    counter.requests = 0;
    assert.equal(await store.cancelAllFor(TENANT, "m-1"), 60);
    assert.ok(rival, "the rival wrote between the read and the first transaction");
    // 2 queries + 2 transactions, then the 10 jobs of the failed one by cancel() (about 5 each); not all 60.
    assert.ok(counter.requests >= 4 + 10 * 3 && counter.requests <= 4 + 10 * 5, `only the failed transaction's jobs went one by one (${counter.requests} requests)`);

    // The same race, then one-by-one cancels (what cancelAllFor did before).
    await store.scheduleMany(jobsOf("m-3"));
    const rival3 = await race("m-3");
    for (const j of jobsOf("m-3")) await store.cancel(j.id);

    const left = await rows();
    for (const [m, claim] of [["m-1", rival], ["m-3", rival3]] as const) {
      assert.deepEqual(left.filter((r) => r.mentorshipId === m), [], `${m}: no row left, the moved job's new row included`);
      assert.ok(claim);
      assert.equal(await store.complete(claim), false, `${m}: the rival's claim cannot complete`);
    }
    assert.deepEqual(await store.claimDue(at(T0 + 400 * 24 * HOUR), "y", at(T0 + 401 * 24 * HOUR), 1000), [], "nothing of either runs");
  });

  it("cancelMany: a closed-out meeting's jobs by the rule of cancel, batched: live and claimed ones go, a done one keeps its tombstone (it never runs again), the rest are untouched", async () => {
    const { connectionString, tableName, rows } = await freshJobs();
    const { store, counter } = countedStore(connectionString, tableName);
    const ids = Array.from({ length: 6 }, (_, i) => `${TENANT}:m-1:agenda.post:k${i}`);
    await store.scheduleMany([...ids.map((id, i) => job(id, T0 + i * MIN)), job(`${TENANT}:m-2:agenda.post:k0`, T0, { mentorshipId: "m-2" })]);
    const [done, claimed] = (await store.claimDue(at(T0 + MIN), "x", at(T0 + HOUR), 3)).filter((c) => c.job.mentorshipId === "m-1"); // m-2's k0 is due too
    assert.ok(done && claimed);
    assert.equal(await store.complete(done), true);

    counter.requests = 0;
    await store.cancelMany([...ids.slice(0, 4), ids[2] as string, `${TENANT}:m-1:never-scheduled`]);
    assert.ok(counter.requests <= 3, `the index rows and job rows by a range query each, one transaction (${counter.requests} requests)`);

    const left = await rows();
    const m1 = left.filter((r) => r.mentorshipId === "m-1").map((r) => `${String(r.rowKey).startsWith("id|") ? (r.doneAt ? "tombstone" : "index") : "job"} ${String(r.jobId)}`).sort();
    assert.deepEqual(m1, [`index ${ids[4]}`, `index ${ids[5]}`, `job ${ids[4]}`, `job ${ids[5]}`, `tombstone ${ids[0]}`], "k0's tombstone and k4, k5's rows stay; k1–k3 are gone");
    assert.equal(await store.complete(claimed), false, "the run in progress cannot complete its cancelled job");
    await store.schedule(job(ids[0] as string, T0 + 10 * MIN));
    const due = await store.claimDue(at(T0 + 24 * HOUR), "y", at(T0 + 25 * HOUR), 100);
    assert.deepEqual(due.map((c) => c.job.id).sort(), [`${TENANT}:m-2:agenda.post:k0`, ids[4], ids[5]].sort(), "k0 (done) does not run again, k1–k3 never run; m-2's and k4, k5 still do");
  });

  it("scheduleMany: a booking's 54 new jobs in 2 Table requests instead of 54 (or ~160 reading first), by the same rule as schedule", async () => {
    const { connectionString, tableName, rows, client: raw } = await freshJobs();
    let requests = 0;
    const counted = TableClient.fromConnectionString(connectionString, tableName, {
      allowInsecureConnection: true,
      additionalPolicies: [{ policy: { name: "countRequests", sendRequest: (req, next) => (requests++, next(req)) }, position: "perCall" }],
    });
    const store = new TableJobStore(counted);
    const kinds = ["agenda.post", "reminder.pointOne", "reminder.heldCheck"] as const;
    const booking = (m: string, shift = 0) =>
      Array.from({ length: 54 }, (_, i) => job(`${TENANT}:${m}:${kinds[i % 3]}:k${String(Math.floor(i / 3)).padStart(2, "0")}`, T0 + Math.floor(i / 3) * 7 * 24 * HOUR + shift, { kind: kinds[i % 3], mentorshipId: m }));

    await store.scheduleMany(booking("m-1"));
    assert.equal(requests, 2, "new ids: two transactions of ≤ 100 inserts, nothing read first");
    assert.equal((await rows()).length, 108);
    requests = 0;
    for (const j of booking("m-2")) await store.schedule(j);
    assert.equal(requests, 54, `one by one: a transaction each (${requests} requests)`);

    // Again, with changes: a claimed job keeps its claim, a done one stays done, the others move; a dead row sits at one new key.
    const [claimed] = await store.claimDue(at(T0), "x", at(T0 + HOUR), 1);
    assert.ok(claimed);
    const [done] = (await store.claimDue(at(T0), "x", at(T0 + HOUR), 1)).filter(Boolean);
    assert.ok(done && (await store.complete(done)));
    const moved = booking("m-1", 30 * MIN);
    const deadAt = moved[10] as Job;
    await raw.createEntity({ partitionKey: "jobs", rowKey: `${deadAt.dueAt}|${deadAt.id}`, state: "superseded", jobId: deadAt.id, kind: deadAt.kind, tenantId: TENANT, mentorshipId: "m-1", dueAt: deadAt.dueAt, payload: "{}", owner: "", leaseUntil: "", attempts: 0 });
    await store.scheduleMany([...moved, job(`${TENANT}:m-1:extra`, T0 + 40 * MIN, { mentorshipId: "m-1" })]);

    assert.equal(await store.complete(claimed), true, "the claim was not disturbed");
    const jobRows = (await rows()).filter((r) => !String(r.rowKey).startsWith("id|") && r.mentorshipId === "m-1");
    assert.equal(jobRows.length, 54 - 2 + 1, "one live row per job: not the claimed-then-completed one, not the done one, plus the extra");
    const due = await store.claimDue(at(T0 + 29 * MIN), "y", at(T0 + 2 * HOUR), 1000);
    assert.deepEqual(due.filter((c) => c.job.mentorshipId === "m-1").map((c) => c.job.id), [], "not at the old times");
    const later = await store.claimDue(at(T0 + 40 * MIN), "y", at(T0 + 2 * HOUR), 1000);
    assert.deepEqual(later.filter((c) => c.job.mentorshipId === "m-1").map((c) => c.job.id).sort(), [`${TENANT}:m-1:extra`, `${TENANT}:m-1:reminder.pointOne:k00`].sort(), "the first meeting's third job (the others were claimed and done), moved, and the extra");
    const all = await store.claimDue(at(T0 + 400 * 24 * HOUR), "z", at(T0 + 401 * 24 * HOUR), 1000);
    assert.equal(all.filter((c) => c.job.mentorshipId === "m-1").length, 54 + 1 - 2, "every job of m-1 but the claimed and the done one, once each, the dead row's included (y's leases have run out)");
    assert.ok(!all.some((c) => c.job.id === claimed.job.id || c.job.id === done.job.id));
  });

  it("start() never overlaps ticks, and stop() waits for the tick in progress", async () => {
    const { store, rows } = await freshJobs();
    const clock = new FakeClock(T0);
    let handlerRunning = false;
    let overlaps = 0;
    const watched = spy(store, () => {
      if (handlerRunning) overlaps++;
    });
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const s = new Scheduler({
      store: watched,
      clock,
      owner: "a",
      log: captureLog().log,
      handlers: {
        "agenda.post": async () => {
          handlerRunning = true;
          await gate;
          handlerRunning = false;
        },
      },
    });
    await store.schedule(job("slow", T0));
    s.start(1);
    for (let waited = 0; !handlerRunning; waited += 2) {
      assert.ok(waited < 5000, "start() never ran the due job");
      await sleep(2);
    }
    const claimsWhileBusy = watched.claims;
    // A tick asked for by hand meanwhile waits its turn too.
    let manualDone = false;
    const manual = s.tick().then((n) => ((manualDone = true), n));
    await sleep(50); // ~50 timer periods
    assert.equal(watched.claims, claimsWhileBusy, "no tick started while one was running");
    assert.equal(manualDone, false);

    let stopped = false;
    const stopping = s.stop().then(() => (stopped = true));
    await sleep(20);
    assert.equal(stopped, false, "stop() waits for the running tick");
    release();
    await stopping;
    assert.equal(await manual, 0, "the manual tick ran after the first, and found nothing left");
    assert.equal(handlerRunning, false);
    assert.equal(overlaps, 0);
    const after = watched.claims;
    await sleep(20);
    assert.equal(watched.claims, after, "no ticks after stop()");
    assert.equal((await rows()).length, 1, "the tick finished its job before stop() returned");
  });
});
