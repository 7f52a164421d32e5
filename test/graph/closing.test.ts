// Closing's calendar against the fake Graph over HTTPS (test/support/fakeGraph.ts): the specs in
// test/graph/closing/ run in a child Node process that trusts a throw-away certificate (see
// ./withTestCa.ts); their own directory, so graphCalendar.test.ts does not run them a second time.
import assert from "node:assert/strict";
import path from "node:path";
import { type TestCertificate, createTestCertificate, removeTestCertificate } from "../support/tls";
import { runWithTestCa } from "./withTestCa";

describe("closing: the remaining series end in the Graph calendar, once each (fake Graph over HTTPS)", function () {
  this.timeout(300_000);
  let cert: TestCertificate;
  before(() => {
    cert = createTestCertificate();
  });
  after(() => {
    if (cert) removeTestCertificate(cert);
  });

  it("passes every spec in test/graph/closing (child process with NODE_EXTRA_CA_CERTS)", async () => {
    const mocha = path.join("node_modules", "mocha", "bin", "mocha.js");
    const { code, output } = await runWithTestCa(cert, [mocha, "--reporter", "spec", "--timeout", "60000", "test/graph/closing/*.spec.ts"], 280_000);
    if (code !== 0) console.log(output);
    assert.equal(code, 0, "the closing Graph specs failed (their output is printed above)");
    const passing = /(\d+) passing/.exec(output);
    assert.ok(passing && Number(passing[1]) >= 6, `expected the closing specs to run:\n${output}`);
  });
});
