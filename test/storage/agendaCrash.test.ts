import assert from "node:assert/strict";
import { TableClient } from "@azure/data-tables";
import { TableMentorshipStore } from "../../src/adapters/tables/tableStore";
import { DEFAULT_LEASE_MS } from "../../src/app/scheduler";
import { azurite, uniqueTableName } from "../support/azurite";
import { TENANT } from "../support/fixtures";
import { type AppProcess, startAppProcess } from "./appProcess";
import { FIRST_MEETING, LEAD_HOURS, bookPairs } from "./bookedPairs";
import { type LoopbackConnector, startLoopbackConnector } from "./loopbackConnector";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe("The agenda card across a crash of the app (child processes, loopback Bot Connector, Azurite)", function () {
  this.timeout(90000);
  let connector: LoopbackConnector;
  const apps: AppProcess[] = [];

  before(async () => {
    connector = await startLoopbackConnector();
  });
  after(async () => {
    for (const a of apps) await a.stop();
    await connector?.close();
  });

  it("killed the moment the connector receives the agenda, restarted past the lease: the chat got the agenda exactly once", async () => {
    const { connectionString } = await azurite();
    const tableName = uniqueTableName("crash");
    const [pair] = await bookPairs({ connectionString, tableName, serviceUrl: connector.serviceUrl, count: 1 });
    assert.ok(pair);
    const first = pair.meetings[0];
    assert.ok(first);
    const agendaDue = FIRST_MEETING - LEAD_HOURS * 3600_000;
    const agendas = () => connector.messages.filter((m) => m.verbs.includes("agenda.save"));

    // The first instance: SIGKILL as soon as its agenda reaches the connector, before it hears back.
    let killed: Promise<unknown> | null = null;
    const a = startAppProcess({ connectionString, tableName, clockStart: new Date(agendaDue + 60_000) });
    apps.push(a);
    connector.onMessage = (m, _req, res) => {
      if (!m.verbs.includes("agenda.save") || killed) return true;
      a.child.kill("SIGKILL");
      killed = a.exited.then(() => res.destroy());
      return false;
    };
    await a.ready;
    await waitFor("the agenda to reach the connector", async () => killed);
    assert.deepEqual(await a.exited, { code: null, signal: "SIGKILL" });
    assert.equal(agendas().length, 1);

    // The second instance, on the same table, once the dead one's lease on the job has run out.
    connector.onMessage = () => true;
    const b = startAppProcess({ connectionString, tableName, clockStart: new Date(agendaDue + 60_000 + DEFAULT_LEASE_MS + 60_000) });
    apps.push(b);
    await b.ready;
    const jobsTable = TableClient.fromConnectionString(connectionString, `${tableName}jobs`, { allowInsecureConnection: true });
    const agendaJob = `${TENANT}:${pair.mentorshipId}:agenda.post:${first.key}`;
    await waitFor("the agenda job to be done", async () => {
      for await (const row of jobsTable.listEntities<{ jobId: string; doneAt?: string }>()) if (row.jobId === agendaJob && row.doneAt) return true;
      return false;
    });
    await b.stop();

    assert.equal(agendas().length, 1, "the agenda reached the chat exactly once");
    assert.equal(agendas()[0]?.conversationId, pair.conversationId);
    const store = TableMentorshipStore.fromConnectionString(connectionString, tableName);
    const meeting = (await store.getMeeting(TENANT, pair.mentorshipId, first.key))?.value;
    assert.ok(meeting?.agendaPostedAt, "recorded as posted, so nothing posts it again");
    const uncertain = b.logs.filter((l) => l["event"] === "agenda.post.uncertain");
    assert.deepEqual(uncertain.map((l) => [l["level"], l["mentorshipId"]]), [["warn", pair.mentorshipId]], "the retry says it did not send again");
  });
});
