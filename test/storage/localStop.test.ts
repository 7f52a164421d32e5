// A normal stop of the local stack loses no write the app acknowledged. The stack starts as `npm start`
// starts it (scripts/lib/stack.mjs through test/support/localStackEntry.mjs: Azurite with its data on
// disk, then the app), a coordinator creates a mentorship through the app's HTTP API, the stack gets a
// signal ~100 ms after the app said "created", and an Azurite started afresh on the same folder must
// still have the mentorship. Before the fix Azurite died on SIGTERM/SIGHUP without saving (LokiJS
// saves every 5 s), so the row was gone.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { TableClient, odata } from "@azure/data-tables";

const ROOT = path.resolve(__dirname, "..", "..");
const ENTRY = path.join(ROOT, "test", "support", "localStackEntry.mjs");
const TENANT = "6b1f2c3e-8a47-4d0e-9c51-2f7a9e4b6d10"; // .m365agentsplayground.yml, env/.env.local
const KAREN = "a2f3f637-d64f-4f18-a8b2-0e595e265dec";
const METTE = "72435a96-bc5c-4e94-bee1-04ef685f0083";
const NIELS = "00e85e12-4de4-4f72-9ddd-9d2de920940a";

interface Azurite {
  connectionString: string;
  stop: () => Promise<void>;
}
const lib = <T>(name: string) => import(pathToFileURL(path.join(ROOT, "scripts", "lib", name)).href) as Promise<T>;

function startStack(dataDir: string): Promise<{ child: ChildProcess; botUrl: string; output: string[] }> {
  const child = spawn(process.execPath, [ENTRY, dataDir], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  child.stderr!.setEncoding("utf8").on("data", (s: string) => output.push(s));
  return new Promise((resolve, reject) => {
    let buf = "";
    child.stdout!.setEncoding("utf8").on("data", (s: string) => {
      buf += s;
      const nl = buf.indexOf("\n");
      if (nl >= 0) resolve({ child, botUrl: (JSON.parse(buf.slice(0, nl)) as { botUrl: string }).botUrl, output });
    });
    child.once("exit", (code) => reject(new Error(`the stack exited (${code}) before it was ready:\n${output.join("")}`)));
  });
}

async function createMentorship(botUrl: string): Promise<string> {
  const signIn = await fetch(`${botUrl}/api/tab/local-token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ aadObjectId: KAREN }) });
  const { token } = (await signIn.json()) as { token: string };
  const res = await fetch(`${botUrl}/api/tab/mentorships`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ menteeAadObjectId: NIELS, mentorAadObjectId: METTE, programme: "kristiansand", firstWorkingDay: "2027-01-04", unit: "Sykehjem Vest", language: "nb" }),
  });
  assert.equal(res.status, 201, "the app acknowledged the new mentorship");
  return ((await res.json()) as { mentorshipId: string }).mentorshipId;
}

describe("the local stack stops without losing an acknowledged write", function () {
  this.timeout(90000);
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) {
    it(`keeps a mentorship created 100 ms before ${signal}, and the .ics link key, across a restart`, async () => {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), "mentor-stop-"));
      dirs.push(dataDir);
      const { child, botUrl, output } = await startStack(dataDir);
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      const id = await createMentorship(botUrl);
      await new Promise((r) => setTimeout(r, 100));
      child.kill(signal);
      assert.equal(await exited, 0, `the stack stopped cleanly:\n${output.join("")}`);

      // The key that signs the .ics links lives with the data, readable by its owner only.
      assert.equal(statSync(path.join(dataDir, "link-signing.key")).mode & 0o777, 0o600);

      const { startAzurite } = await lib<{ startAzurite: (o: object) => Promise<Azurite> }>("azurite.mjs");
      const azurite = await startAzurite({ location: dataDir });
      try {
        const table = TableClient.fromConnectionString(azurite.connectionString, "mentorships", { allowInsecureConnection: true });
        const rows: string[] = [];
        for await (const e of table.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${TENANT}` } })) rows.push(e.rowKey!);
        assert.ok(rows.includes(`m|${id}`), `the mentorship is still there after ${signal} (rows: ${rows.join(", ")})`);
        assert.ok(rows.includes(`s|${id}`), "and its overview row");
      } finally {
        await azurite.stop();
      }
    });
  }
});
