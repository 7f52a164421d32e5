// The Graph adapters are tested over real HTTPS against test/support/fakeGraph.ts. Node's fetch
// trusts extra CAs only from NODE_EXTRA_CA_CERTS, read once at start-up, so this test makes a
// throw-away certificate and runs the specs in test/graph/inner/ in a child Node process with that
// variable set (the inner files are *.spec.ts, outside `npm test`'s test/**/*.test.ts).
import assert from "node:assert/strict";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type TestCertificate, createTestCertificate, removeTestCertificate } from "../support/tls";
import { REPO_ROOT, runWithTestCa } from "./withTestCa";

describe("Graph adapters (GraphCalendar, GraphChats) against the fake Graph over HTTPS", function () {
  this.timeout(200_000);
  let cert: TestCertificate;

  before(() => {
    cert = createTestCertificate();
  });

  after(() => {
    if (cert) removeTestCertificate(cert);
  });

  it("passes every spec in test/graph/inner (child process with NODE_EXTRA_CA_CERTS)", async () => {
    const mocha = path.join("node_modules", "mocha", "bin", "mocha.js");
    const { code, output } = await runWithTestCa(cert, [mocha, "--reporter", "spec", "--timeout", "60000", "test/graph/inner/*.spec.ts"]);
    if (code !== 0) console.log(output);
    assert.equal(code, 0, "the inner Graph specs failed (their output is printed above)");
    const passing = /(\d+) passing/.exec(output);
    assert.ok(passing && Number(passing[1]) >= 20, `expected the inner specs to run:\n${output}`);
  });

  it("scripts/bench-graph.mjs measures Kristiansand at 1 round trip (2 with a holiday) and KL/DS at 1, against one POST per meeting", async () => {
    const bench = (await import(pathToFileURL(path.join(REPO_ROOT, "scripts", "bench-graph.mjs")).href)) as {
      benchGraphBookings(): Promise<{ programme: string; exceptions: number; meetings: number; roundTrips: number; requests: number; naiveRoundTrips: number; naiveRequests: number }[]>;
    };
    const rows = await bench.benchGraphBookings();
    assert.deepEqual(
      rows.map((r) => [r.programme, r.exceptions, r.meetings, r.roundTrips, r.requests, r.naiveRoundTrips, r.naiveRequests]),
      [
        ["Kristiansand", 1, 18, 2, 5, 18, 18],
        ["Kristiansand", 0, 18, 1, 3, 18, 18],
        ["KL/DS", 0, 9, 1, 1, 9, 9],
        ["KL/DS", 0, 30, 1, 1, 30, 30],
      ],
    );
  });
});
