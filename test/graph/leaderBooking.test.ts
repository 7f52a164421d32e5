// The leader's talk booked in the leader's Graph calendar, against the fake Graph over HTTPS
// (test/support/fakeGraph.ts validates every body against the shared Graph reference): the specs in
// test/graph/leader/ run in a child Node process that trusts a throw-away certificate (./withTestCa.ts).
import assert from "node:assert/strict";
import path from "node:path";
import { type TestCertificate, createTestCertificate, removeTestCertificate } from "../support/tls";
import { runWithTestCa } from "./withTestCa";

describe("leader talks: booked as one Teams meeting in the leader's Graph calendar (fake Graph over HTTPS)", function () {
  this.timeout(300_000);
  let cert: TestCertificate;
  before(() => {
    cert = createTestCertificate();
  });
  after(() => {
    if (cert) removeTestCertificate(cert);
  });

  it("passes every spec in test/graph/leader (child process with NODE_EXTRA_CA_CERTS)", async () => {
    const mocha = path.join("node_modules", "mocha", "bin", "mocha.js");
    const { code, output } = await runWithTestCa(cert, [mocha, "--reporter", "spec", "--timeout", "60000", "test/graph/leader/*.spec.ts"], 280_000);
    if (code !== 0) console.log(output);
    assert.equal(code, 0, "the leader Graph specs failed (their output is printed above)");
    const passing = /(\d+) passing/.exec(output);
    assert.ok(passing && Number(passing[1]) >= 4, `expected the leader specs to run:\n${output}`);
  });
});
