// Danish and Norwegian public holidays, computed from their rules: Easter (against known dates
// and an independent algorithm), the feasts counted from it, fixed days, store bededag's
// abolition, customary days off, and dates where two holidays coincide.
import assert from "node:assert/strict";
import fc from "fast-check";
import { addDays, isoWeekday } from "../../src/domain/calendarMath";
import { type Country, type Holiday, easterSunday, holidayOn, isHoliday, isWorkingDay, publicHolidays } from "../../src/domain/holidays";

const dates = (list: readonly Holiday[]) => list.map((h) => h.date);
const keyOn = (country: Country, date: string) => holidayOn(country, date)?.key ?? null;

/** Easter by Gauss's algorithm with the Lichtenberg corrections — written differently on purpose. */
function gaussEaster(year: number): string {
  const k = Math.floor(year / 100);
  const m = 15 + Math.floor((3 * k + 3) / 4) - Math.floor((8 * k + 13) / 25);
  const s = 2 - Math.floor((3 * k + 3) / 4);
  const a = year % 19;
  const d = (19 * a + m) % 30;
  const r = Math.floor((d + Math.floor(a / 11)) / 29);
  const og = 21 + d - r;
  const sz = 7 - ((year + Math.floor(year / 4) + s) % 7);
  const oe = 7 - ((og - sz) % 7);
  const os = og + oe; // day of March; 32 = 1 April
  return os <= 31 ? `${year}-03-${String(os).padStart(2, "0")}` : `${year}-04-${String(os - 31).padStart(2, "0")}`;
}

describe("Holidays", () => {
  describe("easterSunday", () => {
    it("matches known Easter Sundays", () => {
      assert.equal(easterSunday(2024), "2024-03-31");
      assert.equal(easterSunday(2025), "2025-04-20");
      assert.equal(easterSunday(2026), "2026-04-05");
      assert.equal(easterSunday(2027), "2027-03-28");
      assert.equal(easterSunday(2028), "2028-04-16");
      assert.equal(easterSunday(2038), "2038-04-25"); // the latest possible date
      assert.equal(easterSunday(2008), "2008-03-23");
      assert.equal(easterSunday(2285), "2285-03-22"); // the earliest possible date
      assert.equal(easterSunday(1818), "1818-03-22");
      assert.equal(easterSunday(1583), "1583-04-10");
    });

    it("agrees with Gauss's algorithm for every year 1583–4099", () => {
      for (let year = 1583; year <= 4099; year++) assert.equal(easterSunday(year), gaussEaster(year), `year ${year}`);
    });

    it("is a Sunday between 22 March and 25 April, every year 1900–2200", () => {
      for (let year = 1900; year <= 2200; year++) {
        const easter = easterSunday(year);
        assert.equal(isoWeekday(easter), 7, `${easter} is a Sunday`);
        assert.ok(easter.slice(5) >= "03-22" && easter.slice(5) <= "04-25", easter);
      }
    });

    it("refuses years that are not Gregorian whole years", () => {
      assert.throws(() => easterSunday(1500), RangeError);
      assert.throws(() => easterSunday(2027.5), RangeError);
    });
  });

  describe("publicHolidays", () => {
    it("lists Denmark 2027 completely, statutory and customary", () => {
      assert.deepEqual(
        publicHolidays("DK", 2027).map((h) => [h.date, h.key, h.customary]),
        [
          ["2027-01-01", "newYearsDay", false],
          ["2027-03-25", "maundyThursday", false],
          ["2027-03-26", "goodFriday", false],
          ["2027-03-28", "easterSunday", false],
          ["2027-03-29", "easterMonday", false],
          ["2027-05-06", "ascensionDay", false],
          ["2027-05-16", "whitSunday", false],
          ["2027-05-17", "whitMonday", false],
          ["2027-06-05", "constitutionDay", true],
          ["2027-12-24", "christmasEve", true],
          ["2027-12-25", "christmasDay", false],
          ["2027-12-26", "boxingDay", false],
          ["2027-12-31", "newYearsEve", true],
        ],
      );
    });

    it("lists Norway 2026 completely", () => {
      assert.deepEqual(
        publicHolidays("NO", 2026).map((h) => [h.date, h.key, h.customary]),
        [
          ["2026-01-01", "newYearsDay", false],
          ["2026-04-02", "maundyThursday", false],
          ["2026-04-03", "goodFriday", false],
          ["2026-04-05", "easterSunday", false],
          ["2026-04-06", "easterMonday", false],
          ["2026-05-01", "labourDay", false],
          ["2026-05-14", "ascensionDay", false],
          ["2026-05-17", "constitutionDay", false],
          ["2026-05-24", "whitSunday", false],
          ["2026-05-25", "whitMonday", false],
          ["2026-12-24", "christmasEve", true],
          ["2026-12-25", "christmasDay", false],
          ["2026-12-26", "boxingDay", false],
          ["2026-12-31", "newYearsEve", true],
        ],
      );
    });

    it("lists Norway's 17 May 2027, which is also Whit Monday, once and under both names", () => {
      const no2027 = publicHolidays("NO", 2027);
      const may17 = no2027.filter((h) => h.date === "2027-05-17");
      assert.equal(may17.length, 1);
      assert.equal(may17[0]?.key, "constitutionDay");
      assert.deepEqual(may17[0]?.alsoKeys, ["whitMonday"]);
      assert.equal(may17[0]?.customary, false);
      assert.equal(no2027.length, 13, "14 rules, one shared date");
      assert.equal(new Set(dates(no2027)).size, no2027.length, "no date twice");
      assert.equal(keyOn("NO", "2027-05-16"), "whitSunday");
      assert.equal(isHoliday("NO", "2027-05-17"), true);
      assert.equal(isHoliday("NO", "2027-05-18"), false, "nothing spills onto the next day");
      // Denmark that year: plain Whit Monday.
      assert.equal(keyOn("DK", "2027-05-17"), "whitMonday");
      assert.deepEqual(holidayOn("DK", "2027-05-17")?.alsoKeys, []);
    });

    it("never lists a date twice and keeps date order, for every year 1900–2200", () => {
      for (const country of ["DK", "NO"] as const) {
        for (let year = 1900; year <= 2200; year++) {
          const list = dates(publicHolidays(country, year));
          assert.deepEqual(list, [...new Set(list)].sort(), `${country} ${year}`);
          assert.ok(list.every((d) => d.startsWith(`${year}-`)));
        }
      }
    });

    it("has Norway's 17 May and 1 May every year", () => {
      for (const year of [2026, 2027, 2030, 2035]) {
        assert.equal(keyOn("NO", `${year}-05-17`), "constitutionDay", `${year}`);
        assert.equal(keyOn("NO", `${year}-05-01`), "labourDay", `${year}`);
        assert.notEqual(keyOn("DK", `${year}-05-17`), "constitutionDay");
      }
    });

    it("has Denmark's Grundlovsdag 5 June as a customary day off", () => {
      const h = holidayOn("DK", "2029-06-05");
      assert.equal(h?.key, "constitutionDay");
      assert.equal(h?.customary, true);
      assert.equal(isHoliday("DK", "2029-06-05"), true);
      assert.equal(isHoliday("DK", "2029-06-05", { includeCustomary: false }), false);
      assert.equal(isWorkingDay("DK", "2029-06-05", { includeCustomary: false }), true); // a Tuesday
      assert.equal(isHoliday("NO", "2029-06-05"), false);
    });

    it("names a date by its statutory holiday when Grundlovsdag coincides with Whitsun (2022)", () => {
      const h = holidayOn("DK", "2022-06-05");
      assert.equal(h?.key, "whitSunday");
      assert.deepEqual(h?.alsoKeys, ["constitutionDay"]);
      assert.equal(h?.customary, false);
      assert.equal(isHoliday("DK", "2022-06-05", { includeCustomary: false }), true);
    });

    it("has store bededag (Easter + 26) up to 2023 and not from 2024", () => {
      assert.equal(keyOn("DK", "2023-05-05"), "greatPrayerDay");
      assert.equal(keyOn("DK", "2022-05-13"), "greatPrayerDay");
      assert.equal(keyOn("DK", "2000-05-19"), "greatPrayerDay");
      for (let year = 2024; year <= 2040; year++) {
        const keys = publicHolidays("DK", year).flatMap((h) => [h.key, ...h.alsoKeys]);
        assert.ok(!keys.includes("greatPrayerDay"), `${year}`);
        assert.equal(isHoliday("DK", addDays(easterSunday(year), 26)), false, `${year}`);
      }
      assert.ok(!publicHolidays("NO", 2023).some((h) => h.key === "greatPrayerDay"), "never in Norway");
    });

    it("counts the moveable feasts from Easter: Kristi himmelfart 2028 is 25 May", () => {
      for (const country of ["DK", "NO"] as const) {
        assert.equal(keyOn(country, "2028-05-25"), "ascensionDay");
        assert.equal(keyOn(country, "2028-04-13"), "maundyThursday");
        assert.equal(keyOn(country, "2028-04-14"), "goodFriday");
        assert.equal(keyOn(country, "2028-04-17"), "easterMonday");
        assert.equal(keyOn(country, "2028-06-04"), "whitSunday");
        assert.equal(keyOn(country, "2028-06-05"), "whitMonday");
      }
      // DK 2028: Whit Monday and Grundlovsdag share 5 June.
      assert.deepEqual(holidayOn("DK", "2028-06-05")?.alsoKeys, ["constitutionDay"]);
    });

    it("refuses an unknown country", () => {
      assert.throws(() => publicHolidays("SE" as Country, 2027), RangeError);
    });
  });

  describe("isWorkingDay", () => {
    it("is Monday–Friday and not a holiday, customary days included unless told otherwise", () => {
      assert.equal(isWorkingDay("DK", "2027-03-24"), true); // Wednesday before Easter
      assert.equal(isWorkingDay("DK", "2027-03-25"), false); // skærtorsdag
      assert.equal(isWorkingDay("NO", "2027-03-25"), false);
      assert.equal(isWorkingDay("NO", "2027-03-27"), false); // Saturday
      assert.equal(isWorkingDay("NO", "2027-03-28"), false); // Sunday
      assert.equal(isWorkingDay("NO", "2027-12-24"), false); // julaften, a Friday
      assert.equal(isWorkingDay("NO", "2027-12-24", { includeCustomary: false }), true);
      assert.equal(isWorkingDay("NO", "2027-12-25", { includeCustomary: false }), false); // also a Saturday
      assert.equal(isWorkingDay("DK", "2023-05-05"), false); // store bededag
      assert.equal(isWorkingDay("DK", "2024-04-26"), true); // would have been store bededag
    });

    it("agrees with the holiday list and the weekday for every day 2026–2035", () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 3652 }), fc.constantFrom<Country>("DK", "NO"), (offset, country) => {
          const date = addDays("2026-01-01", offset);
          const listed = publicHolidays(country, Number(date.slice(0, 4))).some((h) => h.date === date);
          assert.equal(isHoliday(country, date), listed);
          assert.equal(isWorkingDay(country, date), !listed && isoWeekday(date) <= 5);
        }),
        { numRuns: 500 },
      );
    });
  });
});
