// Programme definitions (issue 12): a coordinator's programme as data. Valid and invalid
// definitions with their refusals; the built-ins as definitions behave exactly as the hand-written
// policies; and every cadence a definition can express expands to the dates Graph would
// (checked against a day-by-day re-derivation of Graph's recurrence, as cadence.test.ts does for
// the built-ins).
import assert from "node:assert/strict";
import fc from "fast-check";
import { type CadenceBand, type Pattern, type SeriesPlan, type Slot, Weekdays, meetingsOf } from "../../src/domain/cadence";
import { addDays, addMonths, compare, daysBetween, isoWeek, isoWeekday, startOfIsoWeek, utcToZoned } from "../../src/domain/calendarMath";
import type { IsoDate } from "../../src/domain/dates";
import { isHoliday, isWorkingDay } from "../../src/domain/holidays";
import { type ProgrammeDefinition, DefinitionRefusals, checkDefinition, programmeName } from "../../src/domain/programmeDefinition";
import { KLDS_DEFINITION, KRISTIANSAND_DEFINITION, Programmes, milestoneDates, phaseTimeline, policyFromDefinition, policyOf } from "../../src/domain/programmes";
import { KLDS_THEMES, KRISTIANSAND_THEMES } from "../../src/domain/programmes/themes";
import { parseDefinition } from "../../src/app/programmes/definitionSchema";
import { t } from "../../src/i18n";
import { createMentorship } from "../../src/domain/mentorship";
import { holidayCountry, meetingsFromPlan, planMeetings, seriesFor } from "../../src/domain/meetings";
import { renderAgendaCard } from "../../src/cards/meetingCards";
import { welcomeCardData } from "../../src/cards/welcomeCard";

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

const programmeWeek = (fwd: IsoDate, date: IsoDate) => Math.floor(daysBetween(startOfIsoWeek(fwd), date) / 7) + 1;

function assertGraphDates(plan: readonly SeriesPlan[], def: ProgrammeDefinition): void {
  for (const s of plan) {
    assert.deepEqual(s.occurrences, reference(s.pattern, s.range.startDate, s.range.numberOfOccurrences), `${s.key} = Graph's dates`);
    assert.equal(s.occurrences[0], s.range.startDate);
    assert.equal(s.timeZone, def.timeZone);
    for (const date of s.occurrences) {
      const e = s.exceptions.find((x) => x.date === date);
      assert.equal(e !== undefined, isHoliday(def.country, date), `${s.key} ${date}: an exception exactly when on a ${def.country} holiday`);
      if (e?.action === "move") {
        assert.deepEqual(isoWeek(e.to), isoWeek(date));
        assert.ok(isWorkingDay(def.country, e.to));
      }
    }
  }
  const meetings = meetingsOf(plan);
  meetings.forEach((m, i) => {
    assert.ok(isWorkingDay(def.country, m.date), `${m.date} is a working day in ${def.country}`);
    if (i > 0) assert.ok(compare(meetings[i - 1]?.date ?? "", m.date) < 0, `dates strictly increase at ${m.date}`);
    assert.deepEqual(utcToZoned(new Date(m.startUtc), def.timeZone), { date: m.date, time: m.time });
  });
}

const slot: Slot = { weekday: 2, time: "10:00", minutes: 45 };
const own = (over: Partial<ProgrammeDefinition>): ProgrammeDefinition => ({ ...KRISTIANSAND_DEFINITION, name: "Omsorg Vest", ...over });
const reason = (def: ProgrammeDefinition): string | null => {
  const r = checkDefinition(def);
  return r.ok ? null : (assert.equal(r.error.code, "PROGRAMME_INVALID"), String(r.error.params?.["reason"]));
};

describe("programme definitions", () => {
  describe("valid and invalid", () => {
    it("takes both built-ins and a coordinator's copy with a band added", () => {
      assert.equal(reason(KLDS_DEFINITION), null);
      assert.equal(reason(KRISTIANSAND_DEFINITION), null);
      const bands = "bands" in KRISTIANSAND_DEFINITION.cadence ? KRISTIANSAND_DEFINITION.cadence.bands : [];
      assert.equal(reason(own({ cadence: { bands: [...bands, { fromWeek: 53, toWeek: 104, every: { months: 1 } }] }, phases: { startUpEnds: { days: 14 }, closingStarts: { monthsBeforeEnd: 1 }, ends: { weeks: 104 } } })), null);
    });

    it("refuses overlapping bands, a band past week 104, a talk before day 0, an empty name, min > max", () => {
      assert.equal(reason(own({ cadence: { bands: [{ fromWeek: 3, toWeek: 10, every: { weeks: 1 } }, { fromWeek: 10, toWeek: 20, every: { weeks: 2 } }] } })), "bandsOverlap");
      assert.equal(reason(own({ cadence: { bands: [{ fromWeek: 20, toWeek: 30, every: { weeks: 1 } }, { fromWeek: 3, toWeek: 25, every: { weeks: 2 } }] } })), "bandsOverlap", "in any order");
      assert.equal(reason(own({ cadence: { bands: [{ fromWeek: 3, toWeek: 10, every: { weeks: 1 } }, { fromWeek: 11, toWeek: 20, every: { weeks: 2 } }] } })), null, "touching is not overlapping");
      assert.equal(reason(own({ cadence: { bands: [{ fromWeek: 90, toWeek: 105, every: { weeks: 2 } }] } })), "bandPastLastWeek");
      assert.equal(reason(own({ cadence: { bands: [{ fromWeek: 90, toWeek: 104, every: { weeks: 2 } }] } })), null);
      assert.equal(reason(own({ talks: [{ key: "early", label: { da: "Tidlig", nb: "Tidlig", en: "Early" }, afterDays: -1 }] })), "talkBeforeStart");
      assert.equal(reason(own({ talks: [{ key: "early", label: { da: "Tidlig", nb: "Tidlig", en: "Early" }, afterMonths: [-1, 2] }] })), "talkBeforeStart");
      assert.equal(reason(own({ talks: [{ key: "start", label: { da: "Første dag", nb: "Første dag", en: "First day" }, afterDays: 0 }] })), null, "day 0 itself is fine");
      assert.equal(reason(own({ name: "  " })), "emptyName");
      assert.equal(reason(own({ name: { da: "Omsorg", nb: "", en: "Care" } })), "emptyName");
      assert.equal(reason(own({ meetingMinutes: { min: 60, max: 45, default: 50 } })), "minutesOrder");
      assert.equal(reason(own({ meetingMinutes: { min: 30, max: 60, default: 90 } })), "minutesOrder");
    });

    it("refuses the rest with a reason of its own", () => {
      assert.equal(reason(own({ cadence: { bands: [] } })), "noBands");
      assert.equal(reason(own({ cadence: { bands: [{ fromWeek: 10, toWeek: 5, every: { weeks: 1 } }] } })), "bandWeeks");
      assert.equal(reason(own({ cadence: { bands: [{ fromWeek: 1, toWeek: 5, every: { weeks: 0 } }] } })), "bandInterval");
      assert.equal(reason(own({ cadence: { spread: { count: 0, months: [3, 12], daysAfterAgreement: 7 } } })), "spreadCount");
      assert.equal(reason(own({ cadence: { spread: { count: 9, months: [12, 3], daysAfterAgreement: 7 } } })), "spreadMonths");
      assert.equal(reason(own({ phases: { startUpEnds: { months: 12 }, closingStarts: { months: 11 }, ends: { months: 12 } } })), "phasesOrder");
      assert.equal(reason(own({ phases: { startUpEnds: { months: 3 }, closingStarts: { months: 25 }, ends: { months: 26 } } })), "phasesOrder");
      assert.equal(reason(own({ phases: { startUpEnds: { days: 14 }, closingStarts: { monthsBeforeEnd: 1 }, ends: { weeks: 104 } }, closingDue: { weeks: 105 } })), "closingDue");
      assert.equal(reason(own({ talks: [{ key: "mine", afterDays: 30 }] })), "talkLabel", "a talk of its own needs a name");
      assert.equal(reason(own({ talks: [{ key: "probation14d", afterDays: 14 }, { key: "probation14d", afterDays: 20 }] })), "talkKeyTwice");
      assert.equal(reason(own({ talks: [{ key: "probation14d" }] })), "talkWhen");
      assert.equal(reason(own({ talks: [{ key: "x", label: { da: "x", nb: "x", en: "x" }, afterMonths: [5, 4] }] })), "talkMonths");
      assert.equal(reason(own({ talks: [{ key: "has space", label: { da: "x", nb: "x", en: "x" }, afterDays: 3 }] })), "talkKey");
      assert.equal(reason(own({ themes: [{ da: "Etik", nb: "", en: "Ethics" }] })), "themeEmpty");
      assert.equal(reason(own({ leaderHeadsUpMonths: -2 })), "headsUp");
      assert.equal(reason(own({ agendaLeadHours: 0 })), "leadHours");
    });

    it("every refusal reason is worded in da, nb and en", () => {
      for (const r of DefinitionRefusals) {
        for (const lang of ["da", "nb", "en"] as const) {
          const text = t(lang, `programme.invalid.${r}` as never);
          assert.ok(text && !text.startsWith("programme.invalid"), `${lang} programme.invalid.${r}`);
        }
      }
    });

    it("parses the shape first (INVALID_INPUT with the field), then the sense", () => {
      const bad = parseDefinition({ ...KRISTIANSAND_DEFINITION, country: "SE" });
      assert.ok(!bad.ok && bad.error.code === "INVALID_INPUT" && bad.error.params?.["field"] === "country");
      const overlap = parseDefinition(JSON.parse(JSON.stringify(own({ cadence: { bands: [{ fromWeek: 3, toWeek: 10, every: { weeks: 1 } }, { fromWeek: 8, toWeek: 20, every: { weeks: 2 } }] } }))));
      assert.ok(!overlap.ok && overlap.error.params?.["reason"] === "bandsOverlap");
      const good = parseDefinition(JSON.parse(JSON.stringify(KLDS_DEFINITION)));
      assert.ok(good.ok);
      assert.deepEqual(good.value, JSON.parse(JSON.stringify(KLDS_DEFINITION)));
      const huge = parseDefinition({ ...KLDS_DEFINITION, themes: Array.from({ length: 60 }, (_, i) => ({ da: `tema ${i} `.repeat(20), nb: `tema ${i} `.repeat(20), en: `theme ${i}`.repeat(10) })) });
      assert.ok(!huge.ok && huge.error.params?.["reason"] === "tooLarge");
    });

    it("names a programme in the asker's language, or by its plain name", () => {
      assert.equal(programmeName({ name: "Omsorg Vest" }, "en"), "Omsorg Vest");
      assert.match(programmeName(KLDS_DEFINITION, "en"), /key to a good start/);
    });
  });

  describe("the built-ins as definitions", () => {
    const days = fc.integer({ min: 0, max: 3652 }).map((n) => addDays("2026-01-01", n));
    it("give exactly the built-in policies' phases, series, closing day, talks and defaults", () => {
      for (const [def, builtIn] of [[KLDS_DEFINITION, Programmes.klds], [KRISTIANSAND_DEFINITION, Programmes.kristiansand]] as const) {
        const p = policyFromDefinition(def, 1, builtIn.id);
        for (const key of ["id", "timeZone", "country", "wording", "introductionMonths", "mentoringMonths", "cadence", "meetingMinutes", "defaultMeetingCount", "agendaLeadHours", "milestones", "leaderHeadsUpMonths", "introduction", "themes", "suggestedPurpose", "mentorRoles", "tools", "ownExamples"] as const) {
          assert.deepEqual(p[key], builtIn[key], `${builtIn.id}.${key}`);
        }
        fc.assert(
          fc.property(days, fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 52 }), fc.constantFrom<1 | 2 | 3 | 4 | 5>(1, 2, 3, 4, 5), (fwd, lateBy, count, weekday) => {
            const agreedOn = addDays(fwd, lateBy);
            const input = { firstWorkingDay: fwd, agreedOn, meetingCount: count, slot: { ...slot, weekday }, timeZone: "Europe/Copenhagen" as const };
            assert.deepEqual(p.phases(fwd), builtIn.phases(fwd));
            assert.deepEqual(p.series(input), builtIn.series(input));
            const last = addDays(fwd, 300);
            assert.deepEqual(p.closingDue({ firstWorkingDay: fwd, lastPlannedMeeting: last }), builtIn.closingDue({ firstWorkingDay: fwd, lastPlannedMeeting: last }));
            assert.deepEqual(milestoneDates(p, fwd), milestoneDates(builtIn.id, fwd));
          }),
          { numRuns: 150 },
        );
      }
    });

    it("offer the seeds' example themes in da, nb and en", () => {
      assert.ok(KLDS_THEMES.some((x) => /myndighedsrollen/i.test(x.da)) && KLDS_THEMES.some((x) => /vidensbaseret/i.test(x.da)) && KLDS_THEMES.some((x) => /vanskelige borgere/i.test(x.da)));
      assert.ok(KRISTIANSAND_THEMES.some((x) => /kvalitetssystemet/i.test(x.nb)) && KRISTIANSAND_THEMES.some((x) => /godt nok/i.test(x.nb)) && KRISTIANSAND_THEMES.some((x) => /etikk/i.test(x.nb)));
      for (const x of [...KLDS_THEMES, ...KRISTIANSAND_THEMES]) assert.ok(x.da && x.nb && x.en);
    });
  });

  describe("policyOf a mentorship on a coordinator's programme", () => {
    it("reads the definition the mentorship keeps, not the built-in, and not a later version", () => {
      const mine = own({ name: "Omsorg Vest", country: "DK", timeZone: "Europe/Copenhagen", meetingMinutes: { min: 20, max: 90, default: 25 }, cadence: { bands: [{ fromWeek: 2, toWeek: 12, every: { weeks: 1 } }] } });
      const m = { programme: "custom", programmeRef: { id: "p-1", version: 3 }, programmeDefinition: mine };
      const p = policyOf(m);
      assert.equal(p.meetingMinutes.default, 25);
      assert.equal(p.country, "DK");
      assert.equal(p.defaultMeetingCount, 11);
      assert.equal(policyOf(m), p, "one policy per kept definition");
      assert.deepEqual(phaseTimeline(p, "2027-01-04", "2026-12-01T00:00:00Z").startUp, { start: "2027-01-04", end: "2027-01-18" });
      assert.equal(policyOf({ programme: "custom" }), Programmes.custom);
    });
  });

  describe("a mentorship started on a coordinator's programme", () => {
    const mentor = { aadObjectId: "mentor-1", name: "Mette Mentor", channelUserId: "29:mentor" };
    const mentee = { aadObjectId: "mentee-1", name: "Niels Nyansat", channelUserId: "29:mentee" };
    const talk = { key: "firstWeek", label: { da: "Første uges snak", nb: "Første ukes prat", en: "First week's chat" }, afterDays: 7 };
    // Danish copy of Kristiansand's: Copenhagen time, Danish holidays, one more band, a talk of its own.
    const def = own({ name: { da: "Omsorg Syd", nb: "Omsorg Sør", en: "Care South" }, country: "DK", timeZone: "Europe/Copenhagen", talks: [...KRISTIANSAND_DEFINITION.talks, talk], meetingMinutes: { min: 20, max: 50, default: 25 } });
    const start = () => {
      const r = createMentorship(
        { id: "m-9", tenantId: "t-1", conversationId: "19:c", programme: "custom", language: "nb", unit: "Syd", firstWorkingDay: "2027-01-04", mentor, mentee, programmeRef: { id: "p-1", version: 2 }, programmeDefinition: def },
        { hasActiveMentorship: false, humanAadObjectIds: [mentor.aadObjectId, mentee.aadObjectId] },
        new Date("2027-01-02T09:00:00Z"),
      );
      assert.ok(r.ok);
      return r.value.mentorship;
    };

    it("gets its defaults, zone, series and holidays from the kept definition", () => {
      const m = start();
      assert.equal(m.timeZone, "Europe/Copenhagen", "a Norwegian-speaking pair on a Danish programme meets in Copenhagen time");
      assert.equal(m.agreement.fields.meetingMinutes, 25);
      assert.equal(holidayCountry(m), "DK");
      const locked = { ...m, phase: "learning" as const, agreement: { ...m.agreement, lockedAt: "2027-01-20T14:00:00.000Z" } };
      const series = seriesFor(locked, slot);
      assert.deepEqual(series.map((x) => x.timeZone), ["Europe/Copenhagen", "Europe/Copenhagen", "Europe/Copenhagen"]);
      assertGraphDates(series, def);
      const tooLong = planMeetings(locked, mentor.aadObjectId, { ...slot, minutes: 55 }, new Date("2027-01-21T09:00:00Z"), null);
      assert.ok(!tooLong.ok && tooLong.error.params?.["max"] === 50, "the programme's own limit, not Kristiansand's 60");
      assert.ok(planMeetings(locked, mentor.aadObjectId, { ...slot, minutes: 45 }, new Date("2027-01-21T09:00:00Z"), null).ok);
    });

    it("the agenda card offers the programme's themes as suggestions: the coordinator's own, or none", () => {
      const m = start();
      const locked = { ...m, phase: "learning" as const, agreement: { ...m.agreement, lockedAt: "2027-01-20T14:00:00.000Z" } };
      const plan = planMeetings(locked, mentor.aadObjectId, slot, new Date("2027-01-21T09:00:00Z"), null);
      assert.ok(plan.ok);
      const first = meetingsFromPlan(m.id, plan.value)[0];
      assert.ok(first);
      const text = (x: typeof locked) => JSON.stringify(renderAgendaCard(x, first));
      assert.ok(KRISTIANSAND_THEMES.every((th) => text(locked).includes(JSON.stringify(th.nb).slice(1, -1))), "Kristiansand's copied themes, in Norwegian");
      const mine = { ...locked, programmeDefinition: { ...def, themes: [{ da: "Dokumentation i journalen", nb: "Dokumentasjon i journalen", en: "Documenting in the record" }] } };
      assert.ok(text(mine).includes("Dokumentasjon i journalen") && !text(mine).includes(KRISTIANSAND_THEMES[0]?.nb ?? "?"));
      const none = { ...locked, programmeDefinition: { ...def, themes: [] } };
      assert.ok(!text(none).includes(t("nb", "agenda.themeSuggestions", { themes: "" }).trim()), "no themes: no suggestion line");
    });

    it("the welcome card names the coordinator's own talk by its label, and the programme by its name", () => {
      const data = welcomeCardData(start());
      const line = data.plan.find((x) => x.includes("Første ukes prat"));
      assert.ok(line, data.plan.join("\n"));
      assert.ok(!data.plan.some((x) => /Medarbeidersamtale/.test(x)), "no longer shown as the development talk");
      assert.match(data.intro, /Omsorg Sør/);
    });
  });

  describe("property: every cadence a definition can express expands to the dates Graph would", () => {
    /** Up to four bands that do not overlap, inside weeks 1–104. */
    const bandsArb = fc
      .uniqueArray(fc.integer({ min: 1, max: 104 }), { minLength: 2, maxLength: 8 })
      .chain((cuts) => {
        const sorted = [...cuts].sort((a, b) => a - b);
        const pairs: [number, number][] = [];
        for (let i = 0; i + 1 < sorted.length; i += 2) pairs.push([sorted[i] ?? 1, sorted[i + 1] ?? 1]);
        return fc.tuple(...pairs.map(([from, to]) => fc.tuple(fc.constant(from), fc.constant(to), fc.oneof(fc.integer({ min: 1, max: 8 }), fc.constant(0)))));
      })
      .map((bs) => bs.map(([fromWeek, toWeek, n]): CadenceBand => ({ fromWeek, toWeek, every: n === 0 ? { months: 1 } : { weeks: n } })));
    const where = fc.constantFrom(["DK", "Europe/Copenhagen"] as const, ["NO", "Europe/Oslo"] as const, ["NO", "Europe/Copenhagen"] as const, ["DK", "Europe/Oslo"] as const);
    const day = fc.integer({ min: 0, max: 3652 }).map((n) => addDays("2026-01-01", n));
    const slotArb = fc.record({ weekday: fc.constantFrom<1 | 2 | 3 | 4 | 5>(1, 2, 3, 4, 5), time: fc.constantFrom("07:30", "09:00", "13:15", "15:45"), minutes: fc.constantFrom(30, 45, 60) });

    it("bands: one Graph series per band, its dates Graph's, inside the band's weeks, off the country's holidays", () => {
      fc.assert(
        fc.property(bandsArb, where, day, slotArb, (bands, [country, timeZone], fwd, s) => {
          const def = own({ cadence: { bands }, country, timeZone, phases: { startUpEnds: { days: 7 }, closingStarts: { monthsBeforeEnd: 1 }, ends: { weeks: 104 } } });
          assert.equal(reason(def), null);
          const plan = policyFromDefinition(def, 1).series({ firstWorkingDay: fwd, agreedOn: fwd, meetingCount: 1, slot: s, timeZone: "Europe/Copenhagen" });
          assert.equal(plan.length, bands.length);
          assertGraphDates(plan, def);
          plan.forEach((series, i) => {
            const band = bands[i];
            assert.ok(band);
            for (const date of series.occurrences) {
              const week = programmeWeek(fwd, date);
              assert.ok(week >= band.fromWeek && week <= band.toWeek, `${date} (week ${week}) in weeks ${band.fromWeek}–${band.toWeek}`);
            }
            if ("weeks" in band.every) assert.equal(series.occurrences.length, Math.ceil((band.toWeek - band.fromWeek + 1) / band.every.weeks));
          });
        }),
        { numRuns: 200 },
      );
    });

    it("spread: the agreed number of meetings, weekly at a whole interval, Graph's dates, from the window's opening", () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 52 }),
          fc.integer({ min: 0, max: 12 }).chain((a) => fc.tuple(fc.constant(a), fc.integer({ min: a + 1, max: 24 }))),
          fc.integer({ min: 0, max: 30 }),
          where,
          day,
          fc.integer({ min: 0, max: 120 }),
          slotArb,
          (count, months, after, [country, timeZone], fwd, lateBy, s) => {
            const def = own({ cadence: { spread: { count, months, daysAfterAgreement: after } }, country, timeZone });
            assert.equal(reason(def), null);
            const agreedOn = addDays(fwd, lateBy);
            const plan = policyFromDefinition(def, 1).series({ firstWorkingDay: fwd, agreedOn, meetingCount: count, slot: s, timeZone: "Europe/Copenhagen" });
            assert.equal(plan.length, 1);
            assertGraphDates(plan, def);
            const [only] = plan;
            assert.ok(only);
            assert.equal(only.occurrences.length, count);
            const opens = [addMonths(fwd, months[0]), addDays(agreedOn, after)].sort()[1] ?? fwd;
            assert.ok(compare(only.range.startDate, opens) >= 0 && daysBetween(opens, only.range.startDate) < 7);
          },
        ),
        { numRuns: 200 },
      );
    });
  });
});
