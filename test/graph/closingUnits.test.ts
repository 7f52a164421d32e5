// endingOf: the one change that ends a series, built from the master as Graph answers it, and
// checked against the strict schema of the shared Graph reference (op.updateEvent.request.strict).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import { endingOf } from "../../src/adapters/graph/graphCalendar";
import { REFERENCE_DIR } from "../support/fakeGraph";

const graph = JSON.parse(fs.readFileSync(path.join(REFERENCE_DIR, "msgraph", "msgraph-v1.0-teams-subset.schema.json"), "utf8")) as { $id: string };
const ajv = new Ajv({ allErrors: true, strict: true });
ajv.addSchema(graph);
const updateEvent = ajv.getSchema(`${graph.$id}#/definitions/op.updateEvent.request.strict`)!;

/** A master as GET …/events/{id}?$select=type,isCancelled,recurrence answers: every pattern property, defaults included. */
const master = (pattern: Record<string, unknown>, range: Record<string, unknown> = {}) => ({
  type: "seriesMaster",
  isCancelled: false,
  recurrence: {
    pattern: { month: 0, dayOfMonth: 0, daysOfWeek: [], firstDayOfWeek: "sunday", index: "first", ...pattern },
    range: { type: "numbered", startDate: "2027-04-15", endDate: "0001-01-01", recurrenceTimeZone: "W. Europe Standard Time", numberOfOccurrences: 6, ...range },
  },
});

describe("endingOf: ending one series from what Graph holds", () => {
  it("cuts the range at the last kept date and sends back the pattern's own properties only — valid against the strict schema", () => {
    const cases: [Record<string, unknown>, Record<string, unknown>][] = [
      [{ type: "weekly", interval: 2, daysOfWeek: ["thursday"], firstDayOfWeek: "monday" }, { type: "weekly", interval: 2, daysOfWeek: ["thursday"], firstDayOfWeek: "monday" }],
      [{ type: "relativeMonthly", interval: 1, daysOfWeek: ["thursday"], index: "second" }, { type: "relativeMonthly", interval: 1, daysOfWeek: ["thursday"], index: "second" }],
      [{ type: "absoluteMonthly", interval: 1, dayOfMonth: 15 }, { type: "absoluteMonthly", interval: 1, dayOfMonth: 15 }],
      [{ type: "daily", interval: 7 }, { type: "daily", interval: 7 }],
      [{ type: "absoluteYearly", interval: 1, dayOfMonth: 3, month: 5 }, { type: "absoluteYearly", interval: 1, dayOfMonth: 3, month: 5 }],
    ];
    for (const [pattern, sent] of cases) {
      const ending = endingOf(master(pattern), "2027-06-10");
      assert.equal(ending.kind, "patch");
      const body = (ending as { body: Record<string, unknown> }).body;
      assert.deepEqual(body, { recurrence: { pattern: sent, range: { type: "endDate", startDate: "2027-04-15", endDate: "2027-06-10", recurrenceTimeZone: "W. Europe Standard Time" } } });
      assert.ok(updateEvent(body), ajv.errorsText(updateEvent.errors));
    }
    // Control: Graph's answer sent back as it came (month 0, dayOfMonth 0) is what the strict schema refuses.
    assert.equal(updateEvent({ recurrence: master({ type: "weekly", interval: 2, daysOfWeek: ["thursday"] }).recurrence }), false);
  });

  it("a series already ending there or earlier is left alone; none kept, or nothing kept inside it, cancels it; an unreadable master is not guessed at", () => {
    const weekly = { type: "weekly", interval: 1, daysOfWeek: ["tuesday"], firstDayOfWeek: "monday" };
    assert.deepEqual(endingOf(master(weekly, { type: "endDate", endDate: "2027-06-10" }), "2027-06-10"), { kind: "unchanged" });
    assert.deepEqual(endingOf(master(weekly, { type: "endDate", endDate: "2027-05-04" }), "2027-06-10"), { kind: "unchanged" }, "never lengthened");
    assert.equal(endingOf(master(weekly, { type: "endDate", endDate: "2027-07-01" }), "2027-06-10").kind, "patch");
    assert.deepEqual(endingOf(master(weekly), null), { kind: "cancel" });
    assert.deepEqual(endingOf(master(weekly), "2027-04-01"), { kind: "cancel" }, "the kept date lies before the series' start");
    assert.deepEqual(endingOf({ type: "singleInstance", recurrence: null }, "2027-06-10"), { kind: "unchanged" });
    assert.deepEqual(endingOf(master({ type: "hourly", interval: 1 }), "2027-06-10"), { kind: "unreadable" });
    assert.deepEqual(endingOf({ type: "seriesMaster", recurrence: { pattern: null, range: null } }, "2027-06-10"), { kind: "unreadable" });
  });
});
