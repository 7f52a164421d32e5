// Issue 14: telemetry with the canary — the real app in a child process with the Azure Monitor
// OpenTelemetry distro on (a connection string to nowhere), every span it would export written to
// a file. A coordinator searches people and filters the overview by a canary name, a mentor writes a
// canary in the personal chat: spans exist for those requests (so this can fail), and no span, span
// event or status anywhere holds the canary text — nor a query string.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { SAFE_ATTRIBUTES, scrubAttributes, withoutQuery } from "../../src/telemetry";
import { azurite, uniqueTableName } from "../support/azurite";
import { PERSONAS, TENANT_ID, localAppConfig } from "../support/e2e";
import { startLoopbackConnector } from "../storage/loopbackConnector";

const ROOT = path.resolve(__dirname, "..", "..");
const CANARY = "Kanarie-Fugl-7731";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("telemetry: spans carry no personal text (the canary)", function () {
  this.timeout(90000);
  let child: ChildProcess | null = null;
  let dir = "";
  after(() => {
    child?.kill("SIGKILL");
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("requests are traced, and no span holds the canary or a query string", async () => {
    const { connectionString } = await azurite();
    const connector = await startLoopbackConnector();
    dir = mkdtempSync(path.join(os.tmpdir(), "spans-"));
    const spansFile = path.join(dir, "spans.jsonl");
    try {
      child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "test", "support", "telemetry-entry.ts")], {
        cwd: ROOT,
        env: {
          PATH: process.env["PATH"] ?? "",
          ...localAppConfig(connectionString, uniqueTableName("otel")),
          APPLICATIONINSIGHTS_CONNECTION_STRING: "InstrumentationKey=00000000-0000-4000-8000-000000000000;IngestionEndpoint=http://127.0.0.1:9/",
          APPLICATIONINSIGHTS_STATSBEAT_DISABLED_ALL: "true",
          // Every span, not the distro's default 5 a second: the test reads them all.
          OTEL_TRACES_SAMPLER: "always_on",
          SPANS_FILE: spansFile,
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stderr = "";
      child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
      const port = await new Promise<number>((resolve, reject) => {
        let buf = "";
        child!.stdout!.on("data", (d: Buffer) => {
          buf += d.toString();
          for (const line of buf.split("\n")) {
            try {
              const l = JSON.parse(line) as { event?: string; port?: number };
              if (l.event === "listening" && l.port) resolve(l.port);
            } catch {
              /* not a whole line yet */
            }
          }
        });
        child!.once("exit", (code) => reject(new Error(`app exited ${code}: ${stderr.slice(-2000)}`)));
      });
      const base = `http://127.0.0.1:${port}`;
      const token = ((await (await fetch(`${base}/api/tab/local-token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ aadObjectId: PERSONAS.coordinator.aadObjectId }) })).json()) as { token: string }).token;
      const auth = { authorization: `Bearer ${token}` };
      assert.equal((await fetch(`${base}/api/tab/people?q=${CANARY}`, { headers: auth })).status, 200);
      assert.equal((await fetch(`${base}/api/tab/overview?q=${CANARY}&lang=da`, { headers: auth })).status, 200);
      const activity = {
        type: "message",
        id: "in-1",
        channelId: "msteams",
        serviceUrl: connector.serviceUrl,
        text: `${CANARY} hjælp`,
        locale: "da-DK",
        from: { id: PERSONAS.mentor.id, name: PERSONAS.mentor.name, aadObjectId: PERSONAS.mentor.aadObjectId },
        recipient: { id: "28:bot", name: "Mentor" },
        conversation: { id: "a:canary-personal", conversationType: "personal", tenantId: TENANT_ID },
        channelData: { tenant: { id: TENANT_ID } },
      };
      const sent = await fetch(`${base}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity) });
      assert.ok(sent.status < 300, `the activity was taken (${sent.status})`);
      // The bot's answer went to the loopback connector (an outgoing, traced request).
      for (let i = 0; i < 100 && connector.messages.length === 0; i++) await sleep(50);
      assert.ok(connector.messages.length > 0, "the bot answered");
      await sleep(500);

      assert.ok(existsSync(spansFile), "spans were written");
      const text = readFileSync(spansFile, "utf8");
      const spans = text.trim().split("\n").map((l) => JSON.parse(l) as { name: string; attributes: Record<string, unknown>; events: { attributes: Record<string, unknown> }[] });
      const urls = spans.flatMap((s) => ["http.target", "url.path", "url.full", "http.url"].map((k) => s.attributes[k]).filter((v): v is string => typeof v === "string"));
      assert.ok(urls.some((u) => u.includes("/api/tab/people")), `the people search is traced: ${JSON.stringify(urls.slice(0, 20))}`);
      assert.ok(urls.some((u) => u.includes("/api/messages")), "the bot's turn is traced");
      assert.ok(urls.some((u) => u.includes("/v3/conversations")), "the answer to the Bot Connector is traced");
      assert.ok(spans.some((s) => Object.keys(s.attributes).some((k) => k.startsWith("az.") || k === "server.address")), "dependencies (Table Storage) are traced");
      assert.ok(!text.includes(CANARY), "no span holds the canary");
      assert.ok(!urls.some((u) => u.includes("?")), "no URL keeps its query string");
      for (const s of spans) for (const k of Object.keys(s.attributes)) assert.ok(SAFE_ATTRIBUTES.has(k), `${s.name}: ${k} is not on the allow-list`);
    } finally {
      await connector.close();
    }
  });

  it("the scrubber keeps only the allow-list, URLs without queries", () => {
    const attrs: Record<string, string | number> = { "http.method": "GET", "http.target": "/api/tab/people?q=Mette", "url.query": "q=Mette", "user_agent.original": "Teams", "db.statement": "x", "http.status_code": 200 };
    assert.deepEqual(scrubAttributes(attrs), { "http.method": "GET", "http.target": "/api/tab/people", "http.status_code": 200 });
    assert.equal(withoutQuery("https://x/y?a=1#f"), "https://x/y");
    // Issue 13: a signed link's token is a secret; the route stays readable.
    assert.equal(withoutQuery("/mydata/t1/gAAAA.1790000000.c2lnbmF0dXJl.json"), "/mydata/t1/…");
    assert.equal(withoutQuery("https://app.example/ics/t1/m1/gAAAA.1790000000.sig.ics"), "https://app.example/ics/t1/m1/…");
    assert.equal(withoutQuery("/api/tab/mydata.json"), "/api/tab/mydata.json");
  });
});
