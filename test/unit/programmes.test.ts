// The programme policies: each programme's calendar and defaults as one value, and the callers
// (meetings, overview, my mentorship, cards) asking it instead of testing the programme's id.
import assert from "node:assert/strict";
import { type Slot, spreadPlan } from "../../src/domain/cadence";
import { type Mentorship, createMentorship } from "../../src/domain/mentorship";
import { holidayCountry, planMeetings, seriesFor } from "../../src/domain/meetings";
import {
  ProgrammeIds,
  Programmes,
  kldsPlan,
  kristiansandPlan,
  milestoneDates,
  phaseTimeline,
  programmeForLanguage,
  programmeOf,
  timeZoneFor,
} from "../../src/domain/programmes";
import { summarise } from "../../src/domain/summary";
import { myMentorship } from "../../src/tabApi/my";
import { overviewRows } from "../../src/tabApi/overview";

const mentor = { aadObjectId: "mentor-1", name: "Mette Mentor", channelUserId: "29:mentor" };
const mentee = { aadObjectId: "mentee-1", name: "Niels Nyansat", channelUserId: "29:mentee" };
const T0 = new Date("2027-01-02T09:00:00Z");
const slot: Slot = { weekday: 2, time: "10:00", minutes: 45 };

function mentorship(programme: Mentorship["programme"], language: Mentorship["language"] = "da"): Mentorship {
  const r = createMentorship(
    { id: "m-1", tenantId: "t-1", conversationId: "19:chat", programme, language, unit: "Omsorg", firstWorkingDay: "2027-01-04", mentor, mentee },
    { hasActiveMentorship: false, humanAadObjectIds: [mentor.aadObjectId, mentee.aadObjectId] },
    T0,
  );
  if (!r.ok) assert.fail(r.error.code);
  return r.value.mentorship;
}

/** Locked on 2027-01-20 (Copenhagen/Oslo afternoon) and in the learning phase: ready to plan. */
function agreed(programme: Mentorship["programme"], language: Mentorship["language"] = "da"): Mentorship {
  const m = mentorship(programme, language);
  return { ...m, phase: "learning", agreement: { ...m.agreement, lockedAt: "2027-01-20T14:00:00.000Z" } };
}

describe("programme policies", () => {
  it("there is one policy per programme id, and programmeOf falls back to the organisation's own for an id it does not know", () => {
    assert.deepEqual(Object.keys(Programmes).sort(), [...ProgrammeIds].sort());
    for (const id of ProgrammeIds) assert.equal(programmeOf(id), Programmes[id]);
    assert.equal(programmeOf("somethingNew"), Programmes.custom);
    assert.equal(programmeOf(""), Programmes.custom);
  });

  it("the series for a slot come from the policy, unchanged: Kristiansand's three bands, KL/DS's (and custom's) agreed count spread", () => {
    const kri = agreed("kristiansand", "nb");
    assert.deepEqual(seriesFor(kri, slot), kristiansandPlan("2027-01-04", slot));
    assert.deepEqual(seriesFor(kri, slot).map((s) => s.key), ["kristiansand-w3-6", "kristiansand-w7-18", "kristiansand-w19-52"]);
    assert.ok(seriesFor(kri, slot).every((s) => s.timeZone === "Europe/Oslo"));

    const klds = agreed("klds");
    const expected = kldsPlan({ firstWorkingDay: "2027-01-04", agreedOn: "2027-01-20", meetingCount: klds.agreement.fields.meetingCount, slot });
    assert.deepEqual(seriesFor(klds, slot), expected);
    assert.deepEqual(expected.map((s) => [s.key, s.timeZone, s.range.numberOfOccurrences]), [["klds", "Europe/Copenhagen", 9]]);

    // An organisation's own programme keeps KL/DS's series key and spread (meetings stored under it
    // keep their keys) in the mentorship's zone: a Danish one is KL/DS's plan exactly.
    const own = agreed("custom", "nb");
    const ownSeries = seriesFor(own, slot);
    assert.deepEqual(ownSeries.map((x) => [x.key, x.timeZone, x.range.numberOfOccurrences]), [["klds", "Europe/Oslo", 10]]);
    assert.equal(own.agreement.fields.meetingCount, 10);
    const ownDa = agreed("custom", "da");
    assert.deepEqual(seriesFor(ownDa, slot), kldsPlan({ firstWorkingDay: "2027-01-04", agreedOn: "2027-01-20", meetingCount: ownDa.agreement.fields.meetingCount, slot }));
  });

  it("spreadPlan is KL/DS's rule with the window as a parameter: a shorter window packs the meetings closer", () => {
    const base = { key: "x", firstWorkingDay: "2027-01-04", agreedOn: "2027-01-20", meetingCount: 9, slot, daysAfterAgreement: 7, timeZone: "Europe/Copenhagen", country: "DK" } as const;
    const klds = kldsPlan({ firstWorkingDay: "2027-01-04", agreedOn: "2027-01-20", meetingCount: 9, slot });
    assert.deepEqual(spreadPlan({ ...base, key: "klds", months: [3, 12] }), klds);
    const [short] = spreadPlan({ ...base, months: [3, 6] });
    const [long] = klds;
    assert.ok(short && long);
    assert.equal(short.range.startDate, long.range.startDate);
    assert.ok(short.pattern.interval < long.pattern.interval, `${short.pattern.interval} < ${long.pattern.interval}`);
  });

  it("holidays are the policy's country: Norway for Kristiansand, Denmark for KL/DS, and for an organisation's own the zone's", () => {
    assert.equal(holidayCountry({ programme: "kristiansand", timeZone: "Europe/Copenhagen" }), "NO");
    assert.equal(holidayCountry({ programme: "klds", timeZone: "Europe/Oslo" }), "DK");
    assert.equal(holidayCountry({ programme: "custom", timeZone: "Europe/Copenhagen" }), "DK");
    assert.equal(holidayCountry({ programme: "custom", timeZone: "Europe/Oslo" }), "NO");
  });

  it("an organisation's own programme in Norwegian meets in Oslo time and keeps off Norway's holidays, not Denmark's", () => {
    const own = agreed("custom", "nb");
    assert.equal(own.timeZone, "Europe/Oslo");
    // Thursdays over a year: 17 May 2027 is a Monday, so use Ascension Day (06.05.2027, both
    // countries) and Denmark's Grundlovsdag (05.06, a Saturday in 2027: not a Thursday) — the
    // telling date is 17 May 2029 (Norway's constitution day, a Thursday).
    const thursday = { weekday: 4 as const, time: "13:00", minutes: 60 };
    const series = Programmes.custom.series({ firstWorkingDay: "2029-01-04", agreedOn: "2029-01-20", meetingCount: 52, slot: thursday, timeZone: "Europe/Oslo" });
    assert.ok(series.every((x) => x.timeZone === "Europe/Oslo"), "Oslo time");
    const all = series.flatMap((x) => x.occurrences);
    const cancelledOrMoved = series.flatMap((x) => x.exceptions.map((e) => e.date));
    assert.ok(all.includes("2029-05-17") && cancelledOrMoved.includes("2029-05-17"), "17 May is kept off (a Norwegian holiday)");
    const danish = Programmes.custom.series({ firstWorkingDay: "2029-01-04", agreedOn: "2029-01-20", meetingCount: 52, slot: thursday, timeZone: "Europe/Copenhagen" });
    assert.ok(danish.every((x) => x.timeZone === "Europe/Copenhagen"));
    assert.ok(!danish.flatMap((x) => x.exceptions.map((e) => e.date)).includes("2029-05-17"), "in Denmark 17 May is a working day");
  });

  it("the time zone: the programme's, or for an organisation's own the language's", () => {
    assert.equal(timeZoneFor("kristiansand", "da"), "Europe/Oslo");
    assert.equal(timeZoneFor("klds", "nb"), "Europe/Copenhagen");
    assert.equal(timeZoneFor("custom", "nb"), "Europe/Oslo");
    assert.equal(timeZoneFor("custom", "en"), "Europe/Copenhagen");
    assert.equal(timeZoneFor("somethingNew", "nb"), "Europe/Oslo");
    assert.equal(mentorship("kristiansand", "en").timeZone, "Europe/Oslo");
  });

  it("a new mentorship's form starts from Kristiansand's programme in Norwegian and KL/DS's otherwise", () => {
    assert.equal(programmeForLanguage("nb"), "kristiansand");
    assert.equal(programmeForLanguage("da"), "klds");
    assert.equal(programmeForLanguage("en"), "klds");
  });

  it("the phase timeline is the policy's; an unknown programme gets KL/DS's windows, as an organisation's own does", () => {
    const klds = phaseTimeline("klds", "2026-01-15", "2026-01-02T09:00:00Z");
    assert.deepEqual(phaseTimeline("custom", "2026-01-15", "2026-01-02T09:00:00Z"), klds);
    assert.deepEqual(phaseTimeline("somethingNew", "2026-01-15", "2026-01-02T09:00:00Z"), klds);
    assert.notDeepEqual(phaseTimeline("kristiansand", "2026-01-15", "2026-01-02T09:00:00Z"), klds);
    // Bad stored dates: the creation date stands in, then 1970-01-01.
    assert.deepEqual(phaseTimeline("klds", "not a date", "2026-01-02T09:00:00Z").startUp, { start: "2026-01-02", end: "2026-04-02" });
    assert.equal(phaseTimeline("klds", "", "").preparation.start, "1970-01-01");
  });

  it("milestones are dated from the first working day: Kristiansand's probation talks, KL/DS's development talk", () => {
    assert.deepEqual(milestoneDates("kristiansand", "2027-01-04"), [
      { key: "probation14d", from: "2027-01-18", to: "2027-01-18" },
      { key: "probation2m", from: "2027-03-04", to: "2027-03-04" },
      { key: "probation4to5m", from: "2027-05-04", to: "2027-06-04" },
    ]);
    assert.deepEqual(milestoneDates("klds", "2027-01-31"), [{ key: "developmentTalk", from: "2028-01-31", to: "2028-01-31" }]);
    assert.deepEqual(milestoneDates("custom", "2027-01-04"), []);
    assert.deepEqual(milestoneDates("kristiansand", "2027-02-30"), []);
  });

  it("planning takes the policy's agenda lead time when no earlier plan set one", () => {
    for (const id of ProgrammeIds) {
      const m = agreed(id);
      const r = planMeetings(m, mentor.aadObjectId, { ...slot, minutes: Programmes[id].meetingMinutes.default }, new Date("2027-01-21T09:00:00Z"), null);
      if (!r.ok) assert.fail(`${id}: ${r.error.code}`);
      assert.equal(r.value.agendaLeadHours, Programmes[id].agendaLeadHours, id);
      assert.deepEqual(r.value.series, seriesFor(m, { ...slot, minutes: Programmes[id].meetingMinutes.default }), id);
    }
  });

  it("each policy's texts are one of the programmes with texts of their own", () => {
    assert.equal(Programmes.klds.wording, "klds");
    assert.equal(Programmes.kristiansand.wording, "kristiansand");
    assert.equal(Programmes.custom.wording, "klds");
  });
});

describe("programme policies: what the tab is sent", () => {
  const NOW = new Date("2027-02-01T12:00:00Z");

  it("my mentorship carries the programme's zone and its milestones (dates only)", () => {
    const m = mentorship("kristiansand", "da");
    const mine = myMentorship(m, [], "mentee", NOW);
    assert.equal(mine.timeZone, "Europe/Oslo");
    assert.deepEqual(mine.milestones, milestoneDates("kristiansand", "2027-01-04"));
    assert.deepEqual(mine.timeline, phaseTimeline("kristiansand", "2027-01-04", T0.toISOString()));
    const own = myMentorship(mentorship("custom", "nb"), [], "mentor", NOW);
    assert.equal(own.timeZone, "Europe/Oslo");
    assert.deepEqual(own.milestones, []);
  });

  it("an overview row carries the summary's zone, and for a row stored without one the programme's", () => {
    const kri = summarise(mentorship("kristiansand", "da"), [], NOW);
    const own = summarise(mentorship("custom", "nb"), [], NOW);
    assert.equal(kri.timeZone, "Europe/Oslo");
    const [a, b, c, d] = overviewRows([kri, own, { ...kri, timeZone: "" }, { ...own, timeZone: "" }], NOW);
    assert.equal(a?.timeZone, "Europe/Oslo");
    assert.equal(b?.timeZone, "Europe/Oslo");
    assert.equal(c?.timeZone, "Europe/Oslo");
    assert.equal(d?.timeZone, "Europe/Oslo");
    const [e] = overviewRows([{ ...summarise(mentorship("klds", "nb"), [], NOW), timeZone: "" }], NOW);
    assert.equal(e?.timeZone, "Europe/Copenhagen");
  });
});
