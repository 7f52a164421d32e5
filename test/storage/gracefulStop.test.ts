// Issue 14: a SIGTERM as App Service sends it (the real app in a child process, Azurite, a loopback
// Bot Connector). The scheduler is in the middle of posting an agenda — the connector holds its
// answer — when the signal comes: the server stops accepting at once, the agenda's post finishes and
// is recorded, and the process exits 0 within 10 s. A connector that never answers does not keep the
// app from exiting within 10 s either (the job's lease lets another instance take it over).
import assert from "node:assert/strict";
import net from "node:net";
import { TableMentorshipStore } from "../../src/adapters/tables/tableStore";
import { azurite, uniqueTableName } from "../support/azurite";
import { TENANT } from "../support/fixtures";
import { type AppProcess, startAppProcess } from "./appProcess";
import { FIRST_MEETING, LEAD_HOURS, bookPairs } from "./bookedPairs";
import { type LoopbackConnector, startLoopbackConnector } from "./loopbackConnector";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });

describe("a SIGTERM while work is under way (child process, loopback Bot Connector, Azurite)", function () {
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

  async function agendaInFlight(hold: (res: import("node:http").ServerResponse) => void) {
    const { connectionString } = await azurite();
    const tableName = uniqueTableName("stop");
    const [pair] = await bookPairs({ connectionString, tableName, serviceUrl: connector.serviceUrl, count: 1 });
    assert.ok(pair?.meetings[0]);
    let arrived: (() => void) | null = null;
    const reached = new Promise<void>((r) => (arrived = r));
    connector.onMessage = (m, _req, res) => {
      if (!m.verbs.includes("agenda.save")) return true;
      hold(res);
      arrived?.();
      return false;
    };
    const app = startAppProcess({ connectionString, tableName, clockStart: new Date(FIRST_MEETING - LEAD_HOURS * 3600_000 + 60_000) });
    apps.push(app);
    await app.ready;
    await reached;
    const port = Number(app.logs.find((l) => l["event"] === "listening")?.["port"]);
    assert.ok(port > 0);
    return { app, pair, port, store: TableMentorshipStore.fromConnectionString(connectionString, tableName) };
  }

  it("stops accepting at once, lets the agenda's post finish and record it, and exits 0 within 10 s", async () => {
    let answer: () => void = () => {};
    const { app, pair, port, store } = await agendaInFlight((res) => {
      answer = () => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ id: "activity-held" }));
      };
    });
    const signalledAt = Date.now();
    app.child.kill("SIGTERM");
    await sleep(300);
    assert.equal(await refused(port), true, "no new connections once stopping");
    assert.equal(app.child.exitCode, null, "still finishing the agenda");
    // The Connector answers 2 s later; the post is finished and recorded before the process exits.
    await sleep(1700);
    answer();
    const exit = await app.exited;
    const took = Date.now() - signalledAt;
    assert.deepEqual(exit, { code: 0, signal: null });
    assert.ok(took < 10_000, `exited ${took} ms after SIGTERM`);
    const meeting = (await store.getMeeting(TENANT, pair.mentorshipId, pair.meetings[0]!.key))?.value;
    assert.ok(meeting?.agendaPostedAt, "the agenda in flight was recorded as posted");
    const events = app.logs.map((l) => l["event"]);
    assert.ok(events.indexOf("stopping") < events.indexOf("stopped"));
    assert.ok(!events.includes("stop.deadline"), "within the deadline");
  });

  it("exits within 10 s even when the Connector never answers", async () => {
    const { app } = await agendaInFlight(() => {});
    const signalledAt = Date.now();
    app.child.kill("SIGTERM");
    const exit = await app.exited;
    const took = Date.now() - signalledAt;
    assert.equal(exit.code, 0);
    assert.ok(took < 10_000, `exited ${took} ms after SIGTERM`);
    assert.ok(app.logs.some((l) => l["event"] === "stop.deadline"), "it says it stopped at the deadline");
  });
});
