// The spec reporter, plus one plain closing line ("N passed, N failed") that CI reads in any language.
const Mocha = require("mocha");
const { EVENT_RUN_END } = Mocha.Runner.constants;
class Reporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const s = runner.stats;
      process.stdout.write(`\ntests: ${s.passes} passed, ${s.failures} failed, ${s.pending} skipped\n`);
    });
  }
}
module.exports = Reporter;
