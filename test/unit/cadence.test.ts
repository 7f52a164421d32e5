// Calendar arithmetic and time zones, and the programme cadences as Graph recurring series:
// hand-checked Kristiansand and KL/DS years, holiday moves and cancellations, DST, and
// fast-check properties over random start dates and slots (checked against an independent,
// day-by-day re-implementation of Graph's recurrence rules).
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  addDays,
  addMonths,
  compare,
  daysBetween,
  isoWeek,
  isoWeekday,
  startOfIsoWeek,
  utcToZoned,
  zonedToUtc,
} from "../../src/domain/calendarMath";
import {
  type Pattern,
  type SeriesPlan,
  type Slot,
  Weekdays,
  expandRecurrence,
  holidayExceptions,
  meetingsOf,
} from "../../src/domain/cadence";
import { kldsPlan, kristiansandPlan } from "../../src/domain/programmes";
import type { IsoDate } from "../../src/domain/dates";
import { type Country, isHoliday, isWorkingDay } from "../../src/domain/holidays";

const OSLO = "Europe/Oslo";
const CPH = "Europe/Copenhagen";

const byKey = (plan: readonly SeriesPlan[], key: string): SeriesPlan => {
  const s = plan.find((p) => p.key === key);
  assert.ok(s, `series ${key}`);
  return s;
};

/** Programme week of a date: week 1 is the Monday–Sunday week of the first working day. */
const programmeWeek = (firstWorkingDay: IsoDate, date: IsoDate) =>
  Math.floor(daysBetween(startOfIsoWeek(firstWorkingDay), date) / 7) + 1;

/** Graph's recurrence, re-derived day by day (deliberately unlike the generator under test). */
function reference(pattern: Pattern, startDate: IsoDate, count: number): IsoDate[] {
  const days = new Set(pattern.daysOfWeek.map((d) => Weekdays.indexOf(d) + 1));
  const out: IsoDate[] = [];
  const startMonth = Number(startDate.slice(0, 4)) * 12 + Number(startDate.slice(5, 7));
  for (let d = startDate; out.length < count; d = addDays(d, 1)) {
    if (!days.has(isoWeekday(d))) continue;
    if (pattern.type === "weekly") {
      const weeks = daysBetween(startOfIsoWeek(startDate), startOfIsoWeek(d)) / 7;
      if (weeks % pattern.interval === 0) out.push(d);
    } else {
      const months = Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - startMonth;
      if (months % pattern.interval !== 0) continue;
      const nth = Math.ceil(Number(d.slice(8, 10)) / 7);
      const isLast = addDays(d, 7).slice(5, 7) !== d.slice(5, 7);
      const want = { first: 1, second: 2, third: 3, fourth: 4, last: 0 }[pattern.index];
      if (want === 0 ? isLast : nth === want) out.push(d);
    }
  }
  return out;
}

/** The series' dates after exceptions, null where cancelled, aligned with occurrences. */
function effective(s: SeriesPlan): (IsoDate | null)[] {
  return s.occurrences.map((date) => {
    const e = s.exceptions.find((x) => x.date === date);
    return e === undefined ? date : e.action === "move" ? e.to : null;
  });
}

/** Holiday-rule invariants every plan must keep. */
function assertPlanInvariants(plan: readonly SeriesPlan[], country: Country, zone: string): void {
  const meetings = meetingsOf(plan);
  for (const s of plan) {
    assert.deepEqual(s.occurrences, reference(s.pattern, s.range.startDate, s.range.numberOfOccurrences), `${s.key} = Graph's dates`);
    assert.equal(s.occurrences.length, s.range.numberOfOccurrences);
    assert.equal(s.occurrences[0], s.range.startDate);
    assert.equal(s.timeZone, zone);
    const eff = effective(s);
    s.occurrences.forEach((date, i) => {
      const e = s.exceptions.find((x) => x.date === date);
      assert.equal(e !== undefined, isHoliday(country, date), `${s.key} ${date}: an exception exactly when on a holiday`);
      if (e?.action !== "move") return;
      assert.deepEqual(isoWeek(e.to), isoWeek(date), `${date} → ${e.to} stays in its ISO week`);
      assert.ok(isWorkingDay(country, e.to), `${e.to} is a working day`);
      for (const bound of [s.occurrences[i - 1], eff[i - 1]]) {
        if (bound) assert.ok(compare(bound, e.to) < 0, `${e.to} after previous ${bound}`);
      }
      for (const bound of [s.occurrences[i + 1], eff[i + 1]]) {
        if (bound) assert.ok(compare(e.to, bound) < 0, `${e.to} before next ${bound}`);
      }
    });
  }
  const cancelled = plan.reduce((n, s) => n + s.exceptions.filter((e) => e.action === "cancel").length, 0);
  assert.equal(meetings.length + cancelled, plan.reduce((n, s) => n + s.occurrences.length, 0));
  meetings.forEach((m, i) => {
    assert.ok(isWorkingDay(country, m.date), `${m.date} is a working day`);
    if (i > 0) assert.ok(compare(meetings[i - 1]?.date ?? "", m.date) < 0, `dates strictly increase at ${m.date}`);
    assert.deepEqual(utcToZoned(new Date(m.startUtc), zone), { date: m.date, time: m.time }, `${m.startUtc} is ${m.time} local`);
    assert.deepEqual({ year: m.isoYear, week: m.isoWeek }, isoWeek(m.date));
  });
}

describe("Calendar math", () => {
  it("adds days across months, years and leap days", () => {
    assert.equal(addDays("2027-12-31", 1), "2028-01-01");
    assert.equal(addDays("2028-02-28", 1), "2028-02-29");
    assert.equal(addDays("2027-02-28", 1), "2027-03-01");
    assert.equal(addDays("2027-03-01", -1), "2027-02-28");
    assert.equal(addDays("2027-01-04", 364), "2028-01-03");
  });

  it("adds months clamped to the month's end", () => {
    assert.equal(addMonths("2027-01-31", 1), "2027-02-28");
    assert.equal(addMonths("2028-01-31", 1), "2028-02-29");
    assert.equal(addMonths("2027-03-31", -1), "2027-02-28");
    assert.equal(addMonths("2027-08-02", 3), "2027-11-02");
    assert.equal(addMonths("2027-08-02", 12), "2028-08-02");
    assert.equal(addMonths("2027-11-30", 3), "2028-02-29");
    assert.equal(addMonths("2027-01-15", -13), "2025-12-15");
  });

  it("counts days between dates (b − a) and compares", () => {
    assert.equal(daysBetween("2027-01-01", "2028-01-01"), 365);
    assert.equal(daysBetween("2028-01-01", "2029-01-01"), 366);
    assert.equal(daysBetween("2027-03-28", "2027-03-21"), -7);
    assert.equal(compare("2027-01-02", "2027-01-10"), -1);
    assert.equal(compare("2027-01-10", "2027-01-02"), 1);
    assert.equal(compare("2027-01-10", "2027-01-10"), 0);
  });

  it("numbers weekdays Monday = 1 … Sunday = 7", () => {
    assert.equal(isoWeekday("2027-01-04"), 1);
    assert.equal(isoWeekday("2027-01-03"), 7);
    assert.equal(isoWeekday("2028-05-25"), 4);
    assert.equal(isoWeekday("1970-01-01"), 4);
    assert.equal(isoWeekday("1969-12-29"), 1);
  });

  it("numbers ISO 8601 weeks around year boundaries", () => {
    assert.deepEqual(isoWeek("2026-12-31"), { year: 2026, week: 53 });
    assert.deepEqual(isoWeek("2027-01-01"), { year: 2026, week: 53 });
    assert.deepEqual(isoWeek("2027-01-03"), { year: 2026, week: 53 });
    assert.deepEqual(isoWeek("2027-01-04"), { year: 2027, week: 1 });
    assert.deepEqual(isoWeek("2024-12-30"), { year: 2025, week: 1 });
    assert.deepEqual(isoWeek("2027-12-31"), { year: 2027, week: 52 });
    assert.deepEqual(isoWeek("2028-01-02"), { year: 2027, week: 52 });
    assert.deepEqual(isoWeek("2028-01-03"), { year: 2028, week: 1 });
  });

  it("advances the ISO week by one every seven days, rolling over after week 52 or 53", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 36_500 }), (n) => {
        const d = addDays("1950-01-01", n);
        const a = isoWeek(d);
        const b = isoWeek(addDays(d, 7));
        if (b.year === a.year) assert.equal(b.week, a.week + 1);
        else {
          assert.equal(b.year, a.year + 1);
          assert.equal(b.week, 1);
          assert.ok(a.week === 52 || a.week === 53);
        }
        assert.deepEqual(isoWeek(startOfIsoWeek(d)), a);
        assert.equal(isoWeekday(startOfIsoWeek(d)), 1);
      }),
      { numRuns: 500 },
    );
  });

  it("refuses impossible dates and times", () => {
    assert.throws(() => addDays("2027-02-30", 1), RangeError);
    assert.throws(() => isoWeek("tomorrow"), RangeError);
    assert.throws(() => zonedToUtc("2027-01-04", "9:00", OSLO), RangeError);
    assert.throws(() => zonedToUtc("2027-01-04", "24:00", OSLO), RangeError);
    assert.throws(() => zonedToUtc("2027-01-04", "09:00", "Europe/Atlantis"), RangeError);
  });

  describe("time zones", () => {
    it("converts wall-clock time to UTC on both sides of each DST change", () => {
      for (const zone of [OSLO, CPH]) {
        assert.equal(zonedToUtc("2027-01-19", "10:00", zone).toISOString(), "2027-01-19T09:00:00.000Z");
        assert.equal(zonedToUtc("2027-07-19", "10:00", zone).toISOString(), "2027-07-19T08:00:00.000Z");
        // Spring forward, Sunday 2027-03-28 02:00 CET → 03:00 CEST.
        assert.equal(zonedToUtc("2027-03-28", "01:59", zone).toISOString(), "2027-03-28T00:59:00.000Z");
        assert.equal(zonedToUtc("2027-03-28", "03:00", zone).toISOString(), "2027-03-28T01:00:00.000Z");
        assert.equal(zonedToUtc("2027-03-27", "10:00", zone).toISOString(), "2027-03-27T09:00:00.000Z");
        assert.equal(zonedToUtc("2027-03-29", "10:00", zone).toISOString(), "2027-03-29T08:00:00.000Z");
        // Fall back, Sunday 2027-10-31 03:00 CEST → 02:00 CET.
        assert.equal(zonedToUtc("2027-10-31", "01:59", zone).toISOString(), "2027-10-30T23:59:00.000Z");
        assert.equal(zonedToUtc("2027-10-31", "03:00", zone).toISOString(), "2027-10-31T02:00:00.000Z");
        assert.equal(zonedToUtc("2027-10-30", "10:00", zone).toISOString(), "2027-10-30T08:00:00.000Z");
        assert.equal(zonedToUtc("2027-11-01", "10:00", zone).toISOString(), "2027-11-01T09:00:00.000Z");
      }
    });

    it("resolves a nonexistent spring-forward time forward by the gap, and an ambiguous fall-back time to its first occurrence", () => {
      const gap = zonedToUtc("2027-03-28", "02:30", OSLO);
      assert.equal(gap.toISOString(), "2027-03-28T01:30:00.000Z");
      assert.deepEqual(utcToZoned(gap, OSLO), { date: "2027-03-28", time: "03:30" });
      const overlap = zonedToUtc("2027-10-31", "02:30", CPH);
      assert.equal(overlap.toISOString(), "2027-10-31T00:30:00.000Z"); // 02:30 CEST, not 02:30 CET (01:30Z)
      assert.deepEqual(utcToZoned(new Date("2027-10-31T01:30:00Z"), CPH), { date: "2027-10-31", time: "02:30" });
    });

    it("reads an instant as local date and time", () => {
      assert.deepEqual(utcToZoned(new Date("2027-12-31T23:30:00Z"), OSLO), { date: "2028-01-01", time: "00:30" });
      assert.deepEqual(utcToZoned(new Date("2027-06-30T22:00:00Z"), CPH), { date: "2027-07-01", time: "00:00" });
      assert.deepEqual(utcToZoned(new Date("2027-03-28T01:00:00Z"), OSLO), { date: "2027-03-28", time: "03:00" });
    });

    it("round-trips local → UTC → local for every time that exists, 2026–2035", () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 3652 }),
          fc.integer({ min: 0, max: 23 }),
          fc.integer({ min: 0, max: 59 }),
          fc.constantFrom(OSLO, CPH),
          (n, h, m, zone) => {
            const date = addDays("2026-01-01", n);
            const time = `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
            // The gap: 02:00–02:59 on the last Sunday of March.
            const inGap = date.slice(5, 7) === "03" && isoWeekday(date) === 7 && addDays(date, 7).slice(5, 7) === "04" && h === 2;
            const back = utcToZoned(zonedToUtc(date, time, zone), zone);
            if (inGap) assert.deepEqual(back, { date, time: `03:${time.slice(3)}` });
            else assert.deepEqual(back, { date, time });
          },
        ),
        { numRuns: 1000 },
      );
    });

    it("round-trips UTC → local → UTC, except the second pass of the fall-back hour (read as the first)", () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 10 * 525_600 }), fc.constantFrom(OSLO, CPH), (minutes, zone) => {
          const at = new Date(Date.UTC(2026, 0, 1) + minutes * 60_000);
          const local = utcToZoned(at, zone);
          const back = zonedToUtc(local.date, local.time, zone);
          // EU clocks fall back at 01:00Z on the last Sunday of October: 01:00–01:59Z is 02:xx CET,
          // a reading already shown an hour earlier (02:xx CEST).
          const iso = at.toISOString();
          const day = iso.slice(0, 10);
          const secondPass =
            day.slice(5, 7) === "10" && isoWeekday(day) === 7 && addDays(day, 7).slice(5, 7) === "11" && iso.slice(11, 13) === "01";
          assert.equal(back.getTime(), secondPass ? at.getTime() - 3_600_000 : at.getTime(), iso);
        }),
        { numRuns: 2000 },
      );
      const second = new Date("2027-10-31T01:30:00Z");
      const l = utcToZoned(second, OSLO);
      assert.deepEqual(l, { date: "2027-10-31", time: "02:30" });
      assert.equal(zonedToUtc(l.date, l.time, OSLO).toISOString(), "2027-10-31T00:30:00.000Z");
    });
  });
});

describe("Cadence", () => {
  describe("Kristiansand", () => {
    const tuesday10: Slot = { weekday: 2, time: "10:00", minutes: 45 };
    const plan = kristiansandPlan("2027-01-04", tuesday10);

    it("makes one Graph series per band: weekly (4), every 14 days (6), relative-monthly", () => {
      assert.deepEqual(
        plan.map((s) => s.key),
        ["kristiansand-w3-6", "kristiansand-w7-18", "kristiansand-w19-52"],
      );
      assert.deepEqual(byKey(plan, "kristiansand-w3-6").pattern, { type: "weekly", interval: 1, daysOfWeek: ["tuesday"] });
      assert.deepEqual(byKey(plan, "kristiansand-w3-6").range, { startDate: "2027-01-19", numberOfOccurrences: 4 });
      assert.deepEqual(byKey(plan, "kristiansand-w7-18").pattern, { type: "weekly", interval: 2, daysOfWeek: ["tuesday"] });
      assert.deepEqual(byKey(plan, "kristiansand-w7-18").range, { startDate: "2027-02-16", numberOfOccurrences: 6 });
      // 2027-05-11 is the second Tuesday of May.
      assert.deepEqual(byKey(plan, "kristiansand-w19-52").pattern, {
        type: "relativeMonthly",
        interval: 1,
        daysOfWeek: ["tuesday"],
        index: "second",
      });
      assert.deepEqual(byKey(plan, "kristiansand-w19-52").range, { startDate: "2027-05-11", numberOfOccurrences: 8 });
      for (const s of plan) {
        assert.equal(s.time, "10:00");
        assert.equal(s.minutes, 45);
        assert.equal(s.timeZone, OSLO);
      }
    });

    it("gives the hand-checked dates of a whole year, in ISO weeks 3–50, none on a holiday", () => {
      assert.deepEqual(byKey(plan, "kristiansand-w3-6").occurrences, ["2027-01-19", "2027-01-26", "2027-02-02", "2027-02-09"]);
      assert.deepEqual(byKey(plan, "kristiansand-w7-18").occurrences, [
        "2027-02-16",
        "2027-03-02",
        "2027-03-16",
        "2027-03-30", // Tuesday after Easter Monday: a working day
        "2027-04-13",
        "2027-04-27",
      ]);
      // Second Tuesdays, May–December; January 2028's (the 11th) is after week 52 ends on 2028-01-02.
      assert.deepEqual(byKey(plan, "kristiansand-w19-52").occurrences, [
        "2027-05-11",
        "2027-06-08",
        "2027-07-13",
        "2027-08-10",
        "2027-09-14",
        "2027-10-12",
        "2027-11-09",
        "2027-12-14",
      ]);
      for (const s of plan) assert.deepEqual(s.exceptions, []);
      const meetings = meetingsOf(plan);
      assert.equal(meetings.length, 18);
      assert.deepEqual(
        meetings.map((m) => m.isoWeek),
        [3, 4, 5, 6, 7, 9, 11, 13, 15, 17, 19, 23, 28, 32, 37, 41, 45, 50],
      );
      for (const m of meetings) {
        assert.equal(m.isoYear, 2027);
        const week = programmeWeek("2027-01-04", m.date);
        assert.ok(week >= 3 && week <= 52, `${m.date} in programme week ${week}`);
        assert.equal(isHoliday("NO", m.date), false);
        assert.equal(isoWeekday(m.date), 2);
      }
      assertPlanInvariants(plan, "NO", OSLO);
    });

    it("keeps 10:00 Oslo time across both DST changes", () => {
      const at = (date: IsoDate) => meetingsOf(plan).find((m) => m.date === date)?.startUtc;
      assert.equal(at("2027-03-16"), "2027-03-16T09:00:00.000Z"); // CET, before 28 March
      assert.equal(at("2027-03-30"), "2027-03-30T08:00:00.000Z"); // CEST
      assert.equal(at("2027-10-12"), "2027-10-12T08:00:00.000Z"); // CEST, before 31 October
      assert.equal(at("2027-11-09"), "2027-11-09T09:00:00.000Z"); // CET
      for (const m of meetingsOf(plan)) assert.equal(utcToZoned(new Date(m.startUtc), OSLO).time, "10:00");
    });

    it("moves a meeting off Easter Monday to the Tuesday", () => {
      const p = kristiansandPlan("2027-01-04", { weekday: 1, time: "09:00", minutes: 45 });
      const fortnightly = byKey(p, "kristiansand-w7-18");
      assert.deepEqual(fortnightly.occurrences, ["2027-02-15", "2027-03-01", "2027-03-15", "2027-03-29", "2027-04-12", "2027-04-26"]);
      assert.deepEqual(fortnightly.exceptions, [{ date: "2027-03-29", action: "move", to: "2027-03-30" }]);
      const moved = meetingsOf(p).find((m) => m.date === "2027-03-30");
      assert.deepEqual(moved, {
        seriesKey: "kristiansand-w7-18",
        originalDate: "2027-03-29",
        date: "2027-03-30",
        time: "09:00",
        minutes: 45,
        isoWeek: 13,
        isoYear: 2027,
        startUtc: "2027-03-30T07:00:00.000Z",
      });
      assert.ok(!meetingsOf(p).some((m) => m.date === "2027-03-29"));
      assertPlanInvariants(p, "NO", OSLO);
    });

    it("moves the monthly meeting off 17 May 2027 (also Whit Monday) once, to Tuesday 18 May", () => {
      // Week 1 = 14–20 Dec 2026, so week 19 starts 19 April 2027: the third Monday of April.
      const p = kristiansandPlan("2026-12-16", { weekday: 1, time: "09:00", minutes: 30 });
      const monthly = byKey(p, "kristiansand-w19-52");
      assert.deepEqual(monthly.pattern, { type: "relativeMonthly", interval: 1, daysOfWeek: ["monday"], index: "third" });
      assert.deepEqual(monthly.occurrences.slice(0, 3), ["2027-04-19", "2027-05-17", "2027-06-21"]);
      assert.equal(monthly.range.numberOfOccurrences, 8); // to 15 Nov; 20 Dec is after week 52 (ends 12 Dec)
      assert.deepEqual(monthly.exceptions, [{ date: "2027-05-17", action: "move", to: "2027-05-18" }]);
      const meetings = meetingsOf(p);
      assert.equal(meetings.filter((m) => m.date === "2027-05-18").length, 1);
      assert.equal(meetings.filter((m) => m.date === "2027-05-17").length, 0);
      // Weeks 3–6 straddle New Year: 28 Dec 2026 is in ISO week 53 of 2026.
      assert.deepEqual(
        meetings.slice(0, 4).map((m) => [m.date, m.isoYear, m.isoWeek]),
        [
          ["2026-12-28", 2026, 53],
          ["2027-01-04", 2027, 1],
          ["2027-01-11", 2027, 2],
          ["2027-01-18", 2027, 3],
        ],
      );
      assertPlanInvariants(p, "NO", OSLO);
    });

    it("moves a meeting off Maundy Thursday back to the Wednesday (Good Friday is a holiday too)", () => {
      const p = kristiansandPlan("2027-03-01", { weekday: 4, time: "14:00", minutes: 60 });
      const weekly = byKey(p, "kristiansand-w3-6");
      assert.deepEqual(weekly.occurrences, ["2027-03-18", "2027-03-25", "2027-04-01", "2027-04-08"]);
      assert.deepEqual(weekly.exceptions, [{ date: "2027-03-25", action: "move", to: "2027-03-24" }]);
      const wednesday = meetingsOf(p).find((m) => m.date === "2027-03-24");
      assert.equal(wednesday?.startUtc, "2027-03-24T13:00:00.000Z"); // still winter time
      assertPlanInvariants(p, "NO", OSLO);
    });

    it("treats julaften as a day off: the fourth Friday of December 2027 moves to Thursday the 23rd", () => {
      const p = kristiansandPlan("2027-01-18", { weekday: 5, time: "08:30", minutes: 45 });
      const monthly = byKey(p, "kristiansand-w19-52");
      assert.equal(monthly.pattern.type === "relativeMonthly" && monthly.pattern.index, "fourth");
      assert.equal(monthly.occurrences.at(-1), "2027-12-24");
      assert.deepEqual(monthly.exceptions, [{ date: "2027-12-24", action: "move", to: "2027-12-23" }]);
      assertPlanInvariants(p, "NO", OSLO);
    });

    it("moves to the nearest working day, the earlier one when the next day is a holiday too (17 May 2023)", () => {
      // Wed 17 May 2023 (holiday), Thu 18 May (Ascension): Tue 16 is one day away, Fri 19 two.
      const p = kristiansandPlan("2023-05-02", { weekday: 3, time: "12:00", minutes: 30 });
      const weekly = byKey(p, "kristiansand-w3-6");
      assert.equal(weekly.occurrences[0], "2023-05-17");
      assert.deepEqual(weekly.exceptions, [{ date: "2023-05-17", action: "move", to: "2023-05-16" }]);
      assertPlanInvariants(p, "NO", OSLO);
    });

    it("uses 'last' when the first monthly date is a fifth weekday", () => {
      // Week 19 of a 2027-01-25 start begins 31 May: Monday 31 May is May's fifth Monday.
      const p = kristiansandPlan("2027-01-25", { weekday: 1, time: "09:00", minutes: 45 });
      const monthly = byKey(p, "kristiansand-w19-52");
      assert.equal(monthly.range.startDate, "2027-05-31");
      assert.equal(monthly.pattern.type === "relativeMonthly" && monthly.pattern.index, "last");
      assert.deepEqual(monthly.occurrences.slice(0, 3), ["2027-05-31", "2027-06-28", "2027-07-26"]);
      assertPlanInvariants(p, "NO", OSLO);
    });

    it("refuses a weekend slot or a malformed time", () => {
      assert.throws(() => kristiansandPlan("2027-01-04", { weekday: 6 as 5, time: "10:00", minutes: 45 }), RangeError);
      assert.throws(() => kristiansandPlan("2027-01-04", { weekday: 2, time: "10.00", minutes: 45 }), RangeError);
      assert.throws(() => kristiansandPlan("2027-01-04", { weekday: 2, time: "10:00", minutes: 0 }), RangeError);
      assert.throws(() => kristiansandPlan("2027-02-29", tuesday10), RangeError);
    });

    it("property: for any start 2026–2035 and slot, no meeting on a holiday or weekend, dates increase, moves stay in their week and between neighbours", () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 3652 }),
          fc.constantFrom<1 | 2 | 3 | 4 | 5>(1, 2, 3, 4, 5),
          fc.integer({ min: 0, max: 23 }),
          fc.constantFrom(0, 15, 30, 45),
          fc.integer({ min: 30, max: 60 }),
          (n, weekday, h, m, minutes) => {
            const first = addDays("2026-01-01", n);
            const time = `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
            const p = kristiansandPlan(first, { weekday, time, minutes });
            assertPlanInvariants(p, "NO", OSLO);
            assert.equal(byKey(p, "kristiansand-w3-6").occurrences.length, 4);
            assert.equal(byKey(p, "kristiansand-w7-18").occurrences.length, 6);
            const monthly = byKey(p, "kristiansand-w19-52");
            const week52End = addDays(startOfIsoWeek(first), 52 * 7 - 1);
            assert.ok(compare(monthly.occurrences.at(-1) ?? "", week52End) <= 0);
            const oneMore = expandRecurrence(monthly.pattern, { ...monthly.range, numberOfOccurrences: monthly.range.numberOfOccurrences + 1 });
            assert.ok(compare(oneMore.at(-1) ?? "", week52End) > 0, "every month up to week 52 is counted");
            for (const s of p) assert.equal(programmeWeek(first, s.range.startDate), Number(/-w(\d+)-/.exec(s.key)?.[1]));
            for (const meeting of meetingsOf(p)) {
              const week = programmeWeek(first, meeting.date);
              assert.ok(week >= 3 && week <= 52, `${meeting.date} in programme week ${week}`);
              assert.equal(meeting.time, time);
            }
          },
        ),
        { numRuns: 300 },
      );
    });
  });

  describe("KL/DS", () => {
    const thursday13: Slot = { weekday: 4, time: "13:00", minutes: 60 };

    it("spreads 9 meetings from month 3 to month 12: every 4th Thursday from 4 November", () => {
      const plan = kldsPlan({ firstWorkingDay: "2027-08-02", agreedOn: "2027-09-01", meetingCount: 9, slot: thursday13 });
      assert.equal(plan.length, 1);
      const s = byKey(plan, "klds");
      // Opens 2027-11-02 (month 3, later than agreed + 7 days = 2027-09-08); first Thursday 4 Nov;
      // 38 whole weeks to 2028-08-02 → interval floor(38 / 9) = 4.
      assert.deepEqual(s.pattern, { type: "weekly", interval: 4, daysOfWeek: ["thursday"] });
      assert.deepEqual(s.range, { startDate: "2027-11-04", numberOfOccurrences: 9 });
      assert.equal(s.timeZone, CPH);
      assert.deepEqual(s.occurrences, [
        "2027-11-04",
        "2027-12-02",
        "2027-12-30",
        "2028-01-27",
        "2028-02-24",
        "2028-03-23",
        "2028-04-20",
        "2028-05-18",
        "2028-06-15",
      ]);
      assert.deepEqual(s.exceptions, []);
      assert.ok(compare(s.occurrences.at(-1) ?? "", "2028-08-02") < 0, "all before month 12");
      const meetings = meetingsOf(plan);
      // Month 3 begins after the October 2027 change, so only March 2028's is crossed.
      assert.equal(meetings[0]?.startUtc, "2027-11-04T12:00:00.000Z");
      assert.equal(meetings.find((m) => m.date === "2028-03-23")?.startUtc, "2028-03-23T12:00:00.000Z");
      assert.equal(meetings.find((m) => m.date === "2028-04-20")?.startUtc, "2028-04-20T11:00:00.000Z");
      assert.deepEqual(
        meetings.map((m) => m.isoWeek),
        [44, 48, 52, 4, 8, 12, 16, 20, 24],
      );
      assertPlanInvariants(plan, "DK", CPH);
    });

    it("moves meetings off skærtorsdag 2028-04-13 (to Wednesday) and Kristi himmelfartsdag 2028-05-25 (to Friday)", () => {
      // 30 meetings in 38 weeks → weekly; the 24th is skærtorsdag, the 30th Kristi himmelfartsdag.
      const plan = kldsPlan({ firstWorkingDay: "2027-08-02", agreedOn: "2027-09-01", meetingCount: 30, slot: thursday13 });
      const s = byKey(plan, "klds");
      assert.equal(s.pattern.interval, 1);
      assert.equal(s.occurrences[23], "2028-04-13");
      assert.equal(s.occurrences[29], "2028-05-25");
      assert.deepEqual(s.exceptions, [
        { date: "2028-04-13", action: "move", to: "2028-04-12" }, // Friday 14 is langfredag
        { date: "2028-05-25", action: "move", to: "2028-05-26" },
      ]);
      const meetings = meetingsOf(plan);
      assert.equal(meetings.length, 30);
      assert.deepEqual(
        meetings.filter((m) => isoWeekday(m.date) !== 4).map((m) => [m.date, m.isoWeek, m.startUtc]),
        [
          ["2028-04-12", 15, "2028-04-12T11:00:00.000Z"],
          ["2028-05-26", 21, "2028-05-26T11:00:00.000Z"],
        ],
      );
      assertPlanInvariants(plan, "DK", CPH);
    });

    it("crosses the October and the March DST change at 13:00 Copenhagen time, and skips skærtorsdag", () => {
      // Starting 2027-06-01: opens 2027-09-01, first Thursday 2 Sep, 39 weeks → interval 4.
      const plan = kldsPlan({ firstWorkingDay: "2027-06-01", agreedOn: "2027-06-15", meetingCount: 9, slot: thursday13 });
      const s = byKey(plan, "klds");
      assert.deepEqual(s.range, { startDate: "2027-09-02", numberOfOccurrences: 9 });
      assert.equal(s.pattern.interval, 4);
      assert.deepEqual(s.exceptions, [{ date: "2028-04-13", action: "move", to: "2028-04-12" }]);
      const utc = Object.fromEntries(meetingsOf(plan).map((m) => [m.date, m.startUtc]));
      assert.deepEqual(utc, {
        "2027-09-02": "2027-09-02T11:00:00.000Z",
        "2027-09-30": "2027-09-30T11:00:00.000Z",
        "2027-10-28": "2027-10-28T11:00:00.000Z", // last before 31 Oct
        "2027-11-25": "2027-11-25T12:00:00.000Z",
        "2027-12-23": "2027-12-23T12:00:00.000Z",
        "2028-01-20": "2028-01-20T12:00:00.000Z",
        "2028-02-17": "2028-02-17T12:00:00.000Z",
        "2028-03-16": "2028-03-16T12:00:00.000Z", // last before 26 Mar
        "2028-04-12": "2028-04-12T11:00:00.000Z",
      });
      assertPlanInvariants(plan, "DK", CPH);
    });

    it("starts a week after a late agreement, when that is after month 3", () => {
      const plan = kldsPlan({ firstWorkingDay: "2027-08-02", agreedOn: "2027-12-01", meetingCount: 6, slot: thursday13 });
      const s = byKey(plan, "klds");
      // Opens 2027-12-08 (Wednesday) → Thursday 9 Dec; 33 weeks to 2028-08-02 → interval 5.
      assert.deepEqual(s.range, { startDate: "2027-12-09", numberOfOccurrences: 6 });
      assert.equal(s.pattern.interval, 5);
      assertPlanInvariants(plan, "DK", CPH);
    });

    it("books every agreed meeting even when they run past month 12 (weekly)", () => {
      const plan = kldsPlan({ firstWorkingDay: "2027-08-02", agreedOn: "2027-09-01", meetingCount: 52, slot: thursday13 });
      const s = byKey(plan, "klds");
      assert.equal(s.pattern.interval, 1);
      assert.equal(s.occurrences.length, 52);
      assert.equal(s.occurrences.at(-1), "2028-10-26");
      assert.ok(compare(s.occurrences.at(-1) ?? "", "2028-08-02") > 0);
      assertPlanInvariants(plan, "DK", CPH);
    });

    it("refuses a meeting count outside the agreement's range", () => {
      const input = { firstWorkingDay: "2027-08-02", agreedOn: "2027-09-01", slot: thursday13 };
      assert.throws(() => kldsPlan({ ...input, meetingCount: 0 }), RangeError);
      assert.throws(() => kldsPlan({ ...input, meetingCount: 53 }), RangeError);
      assert.throws(() => kldsPlan({ ...input, meetingCount: 2.5 }), RangeError);
    });

    it("property: any start, agreement and count gives Graph's dates, no meeting on a Danish holiday, and fits month 12 when it can", () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 3652 }),
          fc.integer({ min: -30, max: 240 }),
          fc.integer({ min: 1, max: 52 }),
          fc.constantFrom<1 | 2 | 3 | 4 | 5>(1, 2, 3, 4, 5),
          (n, agreedAfter, meetingCount, weekday) => {
            const firstWorkingDay = addDays("2026-01-01", n);
            const agreedOn = addDays(firstWorkingDay, agreedAfter);
            const plan = kldsPlan({ firstWorkingDay, agreedOn, meetingCount, slot: { weekday, time: "13:00", minutes: 60 } });
            assertPlanInvariants(plan, "DK", CPH);
            const s = byKey(plan, "klds");
            const start = s.range.startDate;
            assert.equal(isoWeekday(start), weekday);
            assert.ok(compare(start, addMonths(firstWorkingDay, 3)) >= 0);
            assert.ok(compare(start, addDays(agreedOn, 7)) >= 0);
            assert.ok(daysBetween(addMonths(firstWorkingDay, 3), start) < 7 || daysBetween(addDays(agreedOn, 7), start) < 7, "no later than needed");
            const end = addMonths(firstWorkingDay, 12);
            const weeks = Math.floor(daysBetween(start, end) / 7);
            if (weeks >= meetingCount) assert.ok(compare(s.occurrences.at(-1) ?? "", end) < 0, "fits before month 12");
            else assert.equal(s.pattern.interval, 1);
          },
        ),
        { numRuns: 300 },
      );
    });
  });

  describe("holiday exceptions", () => {
    it("cancels when every candidate day is a holiday, taken or across a neighbour", () => {
      // Maundy Thursday moves to Wednesday; Good Friday then has Tuesday left, which would cross
      // the Thursday occurrence (now on Wednesday): Graph refuses that, so it is cancelled.
      const result = holidayExceptions([{ key: "x", occurrences: ["2027-03-25", "2027-03-26"] }], "NO");
      assert.deepEqual(result.x, [
        { date: "2027-03-25", action: "move", to: "2027-03-24" },
        { date: "2027-03-26", action: "cancel" },
      ]);
    });

    it("never moves onto another meeting's date, in any series", () => {
      const result = holidayExceptions(
        [
          { key: "a", occurrences: ["2027-05-17"] },
          { key: "b", occurrences: ["2027-05-18"] },
        ],
        "NO",
      );
      assert.deepEqual(result.a, [{ date: "2027-05-17", action: "move", to: "2027-05-19" }]);
      assert.deepEqual(result.b, []);
    });

    it("does not move across the next occurrence", () => {
      // Holiday Monday 17 May with the next occurrence on Tuesday 18 May: Wednesday–Friday would
      // cross it, so it is cancelled.
      const result = holidayExceptions([{ key: "x", occurrences: ["2027-05-14", "2027-05-17", "2027-05-18"] }], "NO");
      assert.deepEqual(result.x, [{ date: "2027-05-17", action: "cancel" }]);
    });
  });

  describe("meetingsOf", () => {
    const base = {
      time: "09:00",
      minutes: 60,
      timeZone: CPH,
      pattern: { type: "weekly", interval: 1, daysOfWeek: ["monday"] },
    } as const;
    const a: SeriesPlan = {
      ...base,
      key: "a",
      range: { startDate: "2027-03-22", numberOfOccurrences: 3 },
      occurrences: ["2027-03-22", "2027-03-29", "2027-04-05"],
      exceptions: [
        { date: "2027-03-29", action: "move", to: "2027-03-31" },
        { date: "2027-04-05", action: "cancel" },
      ],
    };
    const b: SeriesPlan = {
      ...base,
      key: "b",
      time: "08:00",
      range: { startDate: "2027-03-22", numberOfOccurrences: 1 },
      occurrences: ["2027-03-22"],
      exceptions: [],
    };

    it("applies moves and cancellations and sorts by start time across series", () => {
      assert.deepEqual(
        meetingsOf([a, b]).map((m) => [m.seriesKey, m.date, m.startUtc, m.isoWeek]),
        [
          ["b", "2027-03-22", "2027-03-22T07:00:00.000Z", 12],
          ["a", "2027-03-22", "2027-03-22T08:00:00.000Z", 12],
          ["a", "2027-03-31", "2027-03-31T07:00:00.000Z", 13],
        ],
      );
    });

    it("refuses an exception for a date the series does not have", () => {
      assert.throws(() => meetingsOf([{ ...a, exceptions: [{ date: "2027-03-23", action: "cancel" }] }]), RangeError);
    });
  });
});
