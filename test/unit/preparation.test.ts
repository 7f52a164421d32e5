// The preparation phase's pure rules (src/domain/preparation.ts): who starts with the welcome, when
// day one's agreement and the mentor's reminder are due, and the mentor's presentation.
import assert from "node:assert/strict";
import { type Mentorship, agreementPosted, createMentorship } from "../../src/domain/mentorship";
import {
  PRESENTATION_MAX,
  agreementDueAt,
  normalisePresentation,
  reminderDueAt,
  savePresentation,
  startsLater,
  welcomePosted,
} from "../../src/domain/preparation";
import type { ProgrammeId } from "../../src/domain/programmes";
import { colleague, mentee, mentor } from "../support/fixtures";

const T0 = new Date("2027-01-11T08:00:00Z");

function pair(programme: ProgrammeId = "klds", firstWorkingDay = "2027-02-01", language: "da" | "nb" | "en" = "da"): Mentorship {
  const r = createMentorship(
    { id: "m-1", tenantId: "t-1", conversationId: "19:c@thread.v2", programme, language, unit: "Børn og familie", firstWorkingDay, mentor, mentee },
    { hasActiveMentorship: false, humanAadObjectIds: [mentor.aadObjectId, mentee.aadObjectId] },
    T0,
  );
  assert.ok(r.ok);
  return r.value.mentorship;
}

function value<T>(r: { ok: true; value: T } | { ok: false; error: { code: string } }): T {
  if (!r.ok) assert.fail(`refused: ${r.error.code}`);
  return r.value;
}

describe("preparation: who starts with the welcome", () => {
  it("a first working day after today in the programme's zone; today or earlier is no preparation", () => {
    assert.equal(startsLater(pair("klds", "2027-02-01"), T0), true);
    assert.equal(startsLater(pair("klds", "2027-01-12"), T0), true);
    assert.equal(startsLater(pair("klds", "2027-01-11"), T0), false, "today");
    assert.equal(startsLater(pair("klds", "2027-01-04"), T0), false, "already started");
  });

  it("reads today in the zone, not in UTC", () => {
    const m = pair("kristiansand", "2027-02-01", "nb"); // Europe/Oslo
    assert.equal(startsLater(m, new Date("2027-01-31T22:59:00Z")), true, "23:59 in Oslo on the eve");
    assert.equal(startsLater(m, new Date("2027-01-31T23:00:00Z")), false, "00:00 in Oslo on day one");
  });

  it("a bad stored date starts nobody with the welcome", () => {
    assert.equal(startsLater({ firstWorkingDay: "2027-02-30", timeZone: "Europe/Copenhagen" }, T0), false);
    assert.equal(reminderDueAt({ firstWorkingDay: "soon", timeZone: "Europe/Copenhagen" }, T0), null);
  });
});

describe("preparation: when the jobs are due", () => {
  it("day one's agreement at 08:00 in the programme's zone, winter and summer", () => {
    assert.equal(agreementDueAt(pair("klds", "2027-02-01")).toISOString(), "2027-02-01T07:00:00.000Z");
    assert.equal(agreementDueAt(pair("kristiansand", "2027-08-02", "nb")).toISOString(), "2027-08-02T06:00:00.000Z");
  });

  it("the reminder three days before day one at 09:00 local; none once that moment has passed (day one too close)", () => {
    const m = pair("kristiansand", "2027-02-01", "nb");
    assert.equal(reminderDueAt(m, T0)?.toISOString(), "2027-01-29T08:00:00.000Z");
    assert.equal(reminderDueAt(m, new Date("2027-01-29T07:59:00Z"))?.toISOString(), "2027-01-29T08:00:00.000Z");
    assert.equal(reminderDueAt(m, new Date("2027-01-29T08:00:00Z")), null);
    assert.equal(reminderDueAt(pair("klds", "2027-01-13"), T0), null, "two days ahead: too close");
  });
});

describe("preparation: the welcome and the mentor's presentation", () => {
  it("the welcome is remembered once, and only in preparation", () => {
    const m = pair();
    const once = value(welcomePosted(m, T0));
    assert.equal(once.welcomePostedAt, T0.toISOString());
    assert.equal(value(welcomePosted(once, new Date("2027-01-12T08:00:00Z"))), once, "posted again: the first time is kept");
    const started = value(agreementPosted(m, T0));
    const r = welcomePosted(started, T0);
    assert.ok(!r.ok && r.error.code === "WRONG_PHASE");
  });

  it("the mentor saves it trimmed, with plain line ends; æøå count as one character each", () => {
    const at = new Date("2027-01-12T09:00:00Z");
    const saved = value(savePresentation(pair(), mentor.aadObjectId, "  Hej Niels!\r\nJeg glæder mig.  ", at));
    assert.equal(saved.presentation, "Hej Niels!\nJeg glæder mig.");
    assert.equal(saved.lastActivityAt, at.toISOString());
    assert.ok(savePresentation(pair(), mentor.aadObjectId, "æøå".repeat(200), at).ok, "600 characters");
    assert.equal(normalisePresentation("a\rb"), "a\nb");
  });

  it("refuses the mentee, anyone else, too long, unchanged and closed, with codes", () => {
    const m = pair();
    const code = (r: { ok: boolean; error?: { code: string; params?: unknown } }) => (r.ok ? "ok" : r.error?.code);
    assert.equal(code(savePresentation(m, mentee.aadObjectId, "x", T0)), "MENTOR_ONLY");
    assert.equal(code(savePresentation(m, colleague.aadObjectId, "x", T0)), "NOT_A_PARTY");
    const long = savePresentation(m, mentor.aadObjectId, "a".repeat(PRESENTATION_MAX + 1), T0);
    assert.ok(!long.ok);
    assert.deepEqual(long.error, { code: "INVALID_INPUT", params: { field: "presentation", issue: "tooLong", max: PRESENTATION_MAX } });
    assert.equal(code(savePresentation(m, mentor.aadObjectId, "   ", T0)), "NO_CHANGES", "empty stays empty");
    const saved = value(savePresentation(m, mentor.aadObjectId, "Hej", T0));
    assert.equal(code(savePresentation(saved, mentor.aadObjectId, " Hej ", T0)), "NO_CHANGES");
    assert.equal(code(savePresentation({ ...saved, phase: "closed" }, mentor.aadObjectId, "Ny", T0)), "MENTORSHIP_CLOSED");
    assert.equal(value(savePresentation({ ...saved, phase: "startUp" }, mentor.aadObjectId, "Ny", T0)).presentation, "Ny", "still editable after day one");
  });
});
