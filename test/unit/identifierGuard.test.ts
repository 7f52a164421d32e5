// The guard against citizens' identity numbers (src/domain/identifierGuard.ts), property-tested with
// generated numbers only (never a real one): every valid CPR number (with and without modulus 11,
// replacement days, every century rule) and every valid fødselsnummer / D- / H- / synthetic number
// (old rule and the 2032 rule), embedded in Danish and Norwegian text with punctuation around it, is
// found; bank account numbers, dd.mm.yyyy dates, 8-digit phone numbers, amounts and numbers with an
// impossible date are not. The generators build numbers from the published rules on their own.
import assert from "node:assert/strict";
import fc from "fast-check";
import { cprModulus11, findIdentifiers, guardFields } from "../../src/domain/identifierGuard";

const TODAY = new Date("2026-12-02T12:00:00Z");
const RUNS = { numRuns: 400 };
const pad = (n: number, w = 2) => String(n).padStart(w, "0");
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** A real date between two years (inclusive), as [year, month, day]. */
const dateIn = (from: number, to: number) =>
  fc.integer({ min: from, max: to }).chain((y) => fc.integer({ min: 1, max: 12 }).chain((m) => fc.integer({ min: 1, max: daysIn(y, m) }).map((d) => [y, m, d] as const)));

/** The 7th digits cpr.dk allows for a birth year (its century table, read the other way round). */
function seventhDigitsFor(year: number): number[] {
  const yy = year % 100;
  const out: number[] = [];
  for (let s = 0; s <= 9; s++) {
    const century = s <= 3 ? 1900 : s === 4 || s === 9 ? (yy <= 36 ? 2000 : 1900) : yy <= 57 ? 2000 : 1800;
    if (century + yy === year) out.push(s);
  }
  return out;
}

/** A valid CPR number's ten digits: a birth date up to today, a 7th digit for its century, maybe a replacement day, maybe modulus 11. */
const cpr = fc
  .record({
    date: dateIn(1858, 2026).filter(([y, m, d]) => Date.UTC(y, m - 1, d) <= TODAY.getTime()),
    pick: fc.nat(),
    rest: fc.integer({ min: 0, max: 999 }),
    replacement: fc.boolean(),
    mod11: fc.boolean(),
  })
  .map(({ date: [y, m, d], pick, rest, replacement, mod11 }) => {
    const sevenths = seventhDigitsFor(y);
    const seventh = sevenths[pick % sevenths.length] ?? 0;
    const head = `${pad(replacement ? d + 60 : d)}${pad(m)}${pad(y % 100)}${seventh}`;
    let digits = `${head}${pad(rest, 3)}`;
    if (mod11) {
      // Look for a serial that satisfies modulus 11 (weights 4 3 2 7 6 5 4 3 2 1).
      for (let k = 0; k < 1000; k++) {
        const candidate = `${head}${pad((rest + k) % 1000, 3)}`;
        const w = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];
        if ([...candidate].reduce((s, c, i) => s + Number(c) * (w[i] ?? 0), 0) % 11 === 0) {
          digits = candidate;
          break;
        }
      }
    }
    return digits;
  });

const K1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const K2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
const weighted = (digits: string, w: readonly number[]) => [...digits].reduce((s, c, i) => s + Number(c) * (w[i] ?? 0), 0);

/** The check digits of nine digits by the old rule (remainders 0), or by the 2032 rule (K1's remainder 0–3 as `r1`); null when none exists. */
function checkDigits(nine: string, rule: "old" | "2032", r1: number): string | null {
  const s1 = weighted(nine, K1);
  // K1 with weight 1: (s1 + k1) mod 11 must be 0 (old) or r1 (2032).
  const want = rule === "old" ? 0 : r1;
  const k1 = (((want - s1) % 11) + 11) % 11;
  if (k1 > 9) return null;
  const s2 = weighted(`${nine}${k1}`, K2);
  const k2 = (11 - (s2 % 11)) % 11;
  if (k2 > 9) return null;
  return `${k1}${k2}`;
}

/** Individual numbers (III) for a birth year, as before 2032 (Folkeregisterforskriften § 2-2-1). */
function individualRange(year: number): [number, number] {
  if (year < 1900) return [500, 749];
  if (year < 2000) return [0, 499];
  return [500, 999];
}

/** A valid fødselsnummer / D- / H- / synthetic number's eleven digits. */
const fnr = fc
  .record({
    date: dateIn(1854, 2039),
    kind: fc.constantFrom("plain", "d", "h", "synthetic", "d+synthetic"),
    individual: fc.nat(),
    rule: fc.constantFrom("old", "2032"),
    r1: fc.integer({ min: 0, max: 3 }),
  })
  .map(({ date: [y, m, d], kind, individual, rule, r1 }) => {
    const day = kind === "d" || kind === "d+synthetic" ? d + 40 : d;
    const month = kind === "h" ? m + 40 : kind === "synthetic" || kind === "d+synthetic" ? m + 80 : m;
    const [lo, hi] = individualRange(y);
    for (let k = 0; k <= hi - lo; k++) {
      const nine = `${pad(day)}${pad(month)}${pad(y % 100)}${pad(lo + ((individual + k) % (hi - lo + 1)), 3)}`;
      const check = checkDigits(nine, rule as "old" | "2032", r1);
      if (check) return `${nine}${check}`;
    }
    return null;
  })
  .filter((x): x is string => x !== null);

/** How a person writes ten or eleven digits: all together, or the date, then a hyphen or a space. */
const written = (digits: string) => fc.constantFrom("", "-", " ", "\u2013").map((sep) => `${digits.slice(0, 6)}${sep}${digits.slice(6)}`);

/** Danish and Norwegian sentences around a number, with punctuation close to it. */
const sentence = fc.constantFrom(
  (x: string) => `Borgeren (${x}) har boet i kommunen siden 2019.`,
  (x: string) => `Hans cpr-nr. er ${x}, og han bor alene.`,
  (x: string) => `${x}`,
  (x: string) => `Fødselsnummer: ${x}.`,
  (x: string) => `Brukeren oppga «${x}» ved innskrivingen;`,
  (x: string) => `Samtale 3:\n${x}\nmed moren til stede`,
  (x: string) => `Hun ringede om ${x}!`,
  (x: string) => `Se "${x}"?`,
  (x: string) => `Pasienten, ${x}, fikk besøk av datteren.`,
);

const hardKinds = (text: string, citizenField = false) => findIdentifiers(text, { today: TODAY, citizenField }).filter((f) => f.hard).map((f) => f.kind);

describe("identifier guard: CPR numbers are found", () => {
  it("every generated valid CPR number, written any way, in Danish or Norwegian text", () => {
    fc.assert(
      fc.property(cpr.chain((d) => written(d)), sentence, (number, wrap) => {
        assert.deepEqual(hardKinds(wrap(number)), ["cpr"], wrap(number));
      }),
      RUNS,
    );
  });

  it("with and without modulus 11 (issued since 2007), and says it is more certain when it passes or a keyword is near", () => {
    fc.assert(
      fc.property(cpr, (digits) => {
        const plain = findIdentifiers(`Borgeren ${digits} ringede.`, { today: TODAY });
        assert.equal(plain.length, 1);
        assert.equal(plain[0]?.certain, cprModulus11(digits));
        const keyword = findIdentifiers(`Borgerens CPR: ${digits}`, { today: TODAY });
        assert.equal(keyword[0]?.certain, true);
      }),
      RUNS,
    );
  });

  it("each century rule of the 7th digit: 0-3, 4 and 9 (1937-2036), 5-8 (1858-2057)", () => {
    // One number per rule and boundary, built by hand from the table.
    for (const [digits, why] of [
      ["0101000123", "7th digit 0: 1900"],
      ["3112993999", "7th digit 3: 1999"],
      ["0101364000", "7th digit 4, YY 36: 2036, after today"],
      ["0101374000", "7th digit 4, YY 37: 1937"],
      ["0101209000", "7th digit 9, YY 20: 2020"],
      ["0101585000", "7th digit 5, YY 58: 1858"],
      ["0101208000", "7th digit 8, YY 20: 2020"],
    ] as const) {
      const expected = digits === "0101364000" ? [] : ["cpr"];
      assert.deepEqual(hardKinds(digits), expected, `${digits}: ${why}`);
    }
  });

  it("a birth date after today is not a CPR number (the century its 7th digit gives)", () => {
    fc.assert(
      fc.property(dateIn(2027, 2036), fc.constantFrom(4, 9), fc.integer({ min: 0, max: 999 }), ([y, m, d], seventh, rest) => {
        assert.deepEqual(hardKinds(`${pad(d)}${pad(m)}${pad(y % 100)}${seventh}${pad(rest, 3)}`), []);
      }),
      RUNS,
    );
  });

  it("the message's shape keeps the separator and never the digits", () => {
    const [a] = findIdentifiers("cpr 010190-1234", { today: TODAY });
    assert.equal(a?.masked, "ddmmyy-xxxx");
    const [b] = findIdentifiers("0101901234", { today: TODAY });
    assert.equal(b?.masked, "ddmmyyxxxx");
    assert.ok(!/\d/.test(a?.masked ?? "1"));
  });
});

describe("identifier guard: Norwegian identity numbers are found", () => {
  it("every generated fødselsnummer, D-, H- and synthetic number (old rule and 2032 rule), in text", () => {
    fc.assert(
      fc.property(fnr.chain((d) => written(d)), sentence, (number, wrap) => {
        assert.deepEqual(hardKinds(wrap(number)), ["fnr"], wrap(number));
      }),
      RUNS,
    );
  });

  it("a wrong second check digit is not one (so the guard does not flag any eleven digits)", () => {
    fc.assert(
      fc.property(fnr, fc.integer({ min: 1, max: 9 }), (digits, delta) => {
        const wrong = `${digits.slice(0, 10)}${(Number(digits[10]) + delta) % 10}`;
        assert.deepEqual(hardKinds(wrong), []);
      }),
      RUNS,
    );
  });
});

describe("identifier guard: what is not an identity number", () => {
  it("Norwegian bank account numbers written xxxx.xx.xxxxx", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{4}\.\d{2}\.\d{5}$/), sentence, (account, wrap) => {
        assert.deepEqual(hardKinds(wrap(account), true), []);
      }),
      RUNS,
    );
  });

  it("dates written dd.mm.yyyy, alone or two in a row", () => {
    fc.assert(
      fc.property(dateIn(1900, 2100), dateIn(1900, 2100), ([y, m, d], [y2, m2, d2]) => {
        const one = `${pad(d)}.${pad(m)}.${y}`;
        assert.deepEqual(findIdentifiers(`Mødet ${one} kl. 13.00`, { today: TODAY, citizenField: true }), []);
        assert.deepEqual(findIdentifiers(`fra ${one}-${pad(d2)}.${pad(m2)}.${y2}`, { today: TODAY, citizenField: true }), []);
      }),
      RUNS,
    );
  });

  it("8-digit phone numbers are never refused; in a citizen field they are a soft warning", () => {
    const phone = fc.tuple(fc.integer({ min: 2, max: 9 }), fc.stringMatching(/^\d{7}$/), fc.constantFrom("+45 ", "+47 ", "0047", "")).chain(([first, rest, prefix]) =>
      fc.constantFrom(`${prefix}${first}${rest}`, `${prefix}${first}${rest.slice(0, 1)} ${rest.slice(1, 3)} ${rest.slice(3, 5)} ${rest.slice(5)}`, `${prefix}${first}${rest.slice(0, 2)} ${rest.slice(2, 4)} ${rest.slice(4)}`),
    );
    fc.assert(
      fc.property(phone, sentence, (p, wrap) => {
        assert.deepEqual(hardKinds(wrap(p)), []);
        const soft = findIdentifiers(wrap(p), { today: TODAY, citizenField: true });
        assert.deepEqual(soft.map((f) => [f.kind, f.hard]), [["phone", false]], wrap(p));
        assert.deepEqual(findIdentifiers(wrap(p), { today: TODAY }), [], "outside citizen fields phone numbers are not flagged at all");
      }),
      RUNS,
    );
  });

  it("amounts: with thousands separators, decimals, or up to nine digits", () => {
    const amount = fc.oneof(
      fc.integer({ min: 1000, max: 99_999_999_999 }).map((n) => n.toLocaleString("da-DK")),
      fc.integer({ min: 1000, max: 99_999_999 }).map((n) => `${n.toLocaleString("da-DK")},50`),
      fc.integer({ min: 0, max: 999_999_999 }).map(String),
    );
    fc.assert(
      fc.property(amount, fc.constantFrom("kr.", "kr", "NOK", "DKK"), (a, unit) => {
        assert.deepEqual(hardKinds(`Ydelsen er ${a} ${unit} om måneden.`), []);
      }),
      RUNS,
    );
  });

  it("ten or eleven digits whose date cannot exist", () => {
    // Day 00, 32-60 or 92+, or month 00 or 13+: no CPR, no fødselsnummer (day 32-40 / 72+, month 13-40, 53-80, 93+).
    const badDay = fc.oneof(fc.constant(0), fc.integer({ min: 32, max: 40 }), fc.integer({ min: 92, max: 99 }));
    const badMonth = fc.oneof(fc.constant(0), fc.integer({ min: 13, max: 40 }), fc.integer({ min: 53, max: 80 }), fc.integer({ min: 93, max: 99 }));
    fc.assert(
      fc.property(fc.oneof(badDay.map((d) => [d, 1] as const), badMonth.map((m) => [1, m] as const)), fc.stringMatching(/^\d{2}$/), fc.stringMatching(/^\d{4,5}$/), ([d, m], yy, rest) => {
        assert.deepEqual(hardKinds(`${pad(d)}${pad(m)}${yy}${rest}`), []);
      }),
      RUNS,
    );
    // 29 February only in a leap year: 290201-xxxx is never a CPR number (2001 and 1901 are not leap years).
    assert.deepEqual(hardKinds("290201-1234"), []);
    assert.deepEqual(hardKinds("290204-1234"), ["cpr"]);
  });

  it("e-mail addresses are a soft warning in citizen fields only", () => {
    assert.deepEqual(findIdentifiers("skriv til anna.b@example.dk", { citizenField: true }).map((f) => [f.kind, f.hard, f.masked]), [["email", false, "…@…"]]);
    assert.deepEqual(findIdentifiers("skriv til anna.b@example.dk"), []);
  });
});

describe("identifier guard: fields", () => {
  it("names the first field with a hard finding before any soft one, looks into lists of texts, and lets the person override soft ones", () => {
    const fields = { title: "Samtale", background: "Ring 12 34 56 78", log: ["ok", "Hans nummer 0101901234"] };
    assert.deepEqual(guardFields(fields, { citizenFields: ["background"], today: TODAY })?.field, "log");
    const soft = guardFields({ title: "x", background: "Ring 12 34 56 78" }, { citizenFields: ["background"], today: TODAY });
    assert.equal(soft?.field, "background");
    assert.equal(soft?.finding.hard, false);
    assert.equal(guardFields({ title: "x", background: "Ring 12 34 56 78" }, { citizenFields: ["background"], allowSoft: true, today: TODAY }), null);
    assert.equal(guardFields({ title: "x", reflection: "Ring 12 34 56 78" }, { citizenFields: ["background"], today: TODAY }), null, "phone numbers outside citizen fields are fine");
  });
});
