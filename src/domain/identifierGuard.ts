/**
 * The guard against citizens' identity numbers (issue 13). The mentee's process journal, the agenda
 * and the evaluation are written about real citizen cases; KL/DS's template asks for the citizen's
 * background data "anonymiseret". A Danish CPR number or a Norwegian national identity number typed
 * into them is a mistake to catch before anything is saved, never to store.
 *
 * Pure: text in, findings out. A finding never carries the digits (only their shape, "ddmmyy-xxxx").
 *
 * Sources:
 * - CPR: CPR-kontoret, "Personnummeret i CPR-systemet" (cpr.dk): DDMMYY-SSSS; the 7th digit with YY gives
 *   the century (table below); replacement numbers (erstatningspersonnumre) add 60 to the day. Since
 *   1 October 2007 numbers are issued that do not satisfy the modulus-11 check, so it is not required
 *   here: a passing check only makes the finding more certain.
 * - Fødselsnummer: Forskrift om folkeregistrering § 2-2-1 and Skatteetaten's "Modernisering av
 *   fødselsnummeret" (numbers issued from 2032): 11 digits DDMMYY III K1 K2; D-number: day + 40;
 *   H-number: month + 40; synthetic test numbers (Skatteetaten's Tenor/Test-Norge): month + 80. The
 *   check digits: with weights (3 7 6 1 8 9 4 5 2 1) the sum over the first nine digits and K1 leaves
 *   a remainder of 0, 1, 2 or 3 mod 11 (2032 rule; before 2032 always 0), and with weights
 *   (5 4 3 2 7 6 5 4 3 2 1) over the first ten digits and K2 the remainder is 0. Every number issued
 *   before 2032 satisfies the same test. From 2032 the individual digits no longer give the century,
 *   so the date only has to exist in one of the centuries numbers are issued for (1854–2039+).
 * - Not flagged: a Norwegian bank account number written xxxx.xx.xxxxx, dates (dd.mm.yyyy), 8-digit
 *   phone numbers, amounts — none of them has the ten or eleven digits in a row (or 6 + 4/5 with a
 *   hyphen or space) that an identity number has. Phone numbers and e-mail addresses are a soft
 *   finding in the fields that describe the citizen (the person may override it).
 */

import type { DomainError } from "./result";

export type IdentifierKind = "cpr" | "fnr" | "phone" | "email";

export interface IdentifierFinding {
  readonly kind: IdentifierKind;
  /** cpr/fnr: the save is refused. phone/email: a warning the person may override (citizen fields only). */
  readonly hard: boolean;
  /** A passing modulus-11 (CPR) or a keyword such as "cpr" or "fødselsnummer" close before it. */
  readonly certain: boolean;
  /** The shape of what was found, never its digits: "ddmmyy-xxxx", "ddmmyy xxxxx", "xx xx xx xx", "…@…". */
  readonly masked: string;
  /** Where in the text it starts. */
  readonly index: number;
}

export interface GuardOptions {
  /** The field describes the citizen: phone numbers and e-mail addresses are found too (softly). */
  readonly citizenField?: boolean;
  /** Today, for "a birth date not in the future" (CPR). Default: now. */
  readonly today?: Date;
}

/** Hyphen, the dashes a word processor makes of it, or a space between the date and the rest. */
const SEP = "[-\u2010\u2011\u2012\u2013 ]?";
/** Not a digit before, and not a digit followed by a dot or comma (the inside of 1.234.567 or 1234.56.78901). */
const BEFORE = "(?<!\\d)(?<!\\d[.,])";
const AFTER = "(?!\\d)(?![.,]\\d)";
const CPR = new RegExp(`${BEFORE}(\\d{6})(${SEP})(\\d{4})${AFTER}`, "gu");
const FNR = new RegExp(`${BEFORE}(\\d{6})(${SEP})(\\d{5})${AFTER}`, "gu");
/** +45/+47/0045/0047 optional, then 8 digits in groups of 2–4 with single spaces or hyphens, or none. */
const PHONE = new RegExp(`${BEFORE}((?:\\+|00)(?:45|47)[ -]?)?(\\d{2,4}(?:[ -]?\\d{2,4}){1,3})${AFTER}`, "gu");
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;
/** Words that, just before a number, say it is an identity number. */
const KEYWORD = /(cpr|personnummer|person-?nr|fødselsnummer|fødselsnr|f\.?\s?nr|fnr|d-?nummer|h-?nummer|fødselsdato|personal id|national id|id-?nummer|personnr)\W{0,12}$/iu;

export function findIdentifiers(text: string, options: GuardOptions = {}): IdentifierFinding[] {
  const today = options.today ?? new Date();
  const found: IdentifierFinding[] = [];
  const taken: [number, number][] = [];
  const near = (index: number) => KEYWORD.test(text.slice(Math.max(0, index - 40), index));
  for (const m of text.matchAll(FNR)) {
    const digits = `${m[1]}${m[3]}`;
    if (!isFodselsnummer(digits)) continue;
    found.push({ kind: "fnr", hard: true, certain: true, masked: `ddmmyy${m[2] ? " " : ""}xxxxx`, index: m.index });
    taken.push([m.index, m.index + m[0].length]);
  }
  for (const m of text.matchAll(CPR)) {
    const digits = `${m[1]}${m[3]}`;
    if (!isCprShaped(digits, today)) continue;
    found.push({ kind: "cpr", hard: true, certain: cprModulus11(digits) || near(m.index), masked: `ddmmyy${m[2] ? (m[2] === " " ? " " : "-") : ""}xxxx`, index: m.index });
    taken.push([m.index, m.index + m[0].length]);
  }
  if (options.citizenField) {
    const free = (start: number, end: number) => !taken.some(([a, b]) => start < b && a < end);
    for (const m of text.matchAll(EMAIL)) {
      found.push({ kind: "email", hard: false, certain: true, masked: "…@…", index: m.index });
      taken.push([m.index, m.index + m[0].length]);
    }
    for (const m of text.matchAll(PHONE)) {
      const national = (m[2] ?? "").replace(/\D/g, "");
      if (national.length !== 8 || !free(m.index, m.index + m[0].length)) continue;
      found.push({ kind: "phone", hard: false, certain: false, masked: m[0].replace(/\d/g, "x"), index: m.index });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

/**
 * The first finding in the named fields: any hard one (in field order) before any soft one; soft
 * ones only in `citizenFields`, and not at all with `allowSoft` (the person chose to save anyway).
 * A field may hold a list of texts (the conversation log's cells).
 */
export function guardFields(
  fields: Readonly<Record<string, string | readonly string[]>>,
  options: { readonly citizenFields?: readonly string[]; readonly allowSoft?: boolean; readonly today?: Date } = {},
): { readonly field: string; readonly finding: IdentifierFinding } | null {
  let soft: { field: string; finding: IdentifierFinding } | null = null;
  for (const [field, value] of Object.entries(fields)) {
    const citizenField = !options.allowSoft && (options.citizenFields ?? []).includes(field);
    for (const text of typeof value === "string" ? [value] : value) {
      const findings = findIdentifiers(text, { citizenField, ...(options.today ? { today: options.today } : {}) });
      const hard = findings.find((f) => f.hard);
      if (hard) return { field, finding: hard };
      soft ??= findings[0] ? { field, finding: findings[0] } : null;
    }
  }
  return soft;
}

// --- Danish CPR ------------------------------------------------------------------------------------

/**
 * The birth year from YY and the 7th digit (cpr.dk):
 * 0–3: 1900–1999; 4 and 9: 2000–2036 for YY 00–36, else 1937–1999; 5–8: 2000–2057 for YY 00–57, else 1858–1899.
 */
export function cprYear(yy: number, seventh: number): number {
  if (seventh <= 3) return 1900 + yy;
  if (seventh === 4 || seventh === 9) return yy <= 36 ? 2000 + yy : 1900 + yy;
  return yy <= 57 ? 2000 + yy : 1800 + yy;
}

/** Ten digits that make a CPR number: a real date (day + 60 for replacement numbers) not after today. */
export function isCprShaped(digits: string, today: Date): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  let day = Number(digits.slice(0, 2));
  const month = Number(digits.slice(2, 4));
  if (day > 60) day -= 60;
  const year = cprYear(Number(digits.slice(4, 6)), Number(digits[6]));
  if (!realDate(year, month, day)) return false;
  const todayKey = today.getUTCFullYear() * 10000 + (today.getUTCMonth() + 1) * 100 + today.getUTCDate();
  return year * 10000 + month * 100 + day <= todayKey;
}

/** The old modulus-11 check (weights 4 3 2 7 6 5 4 3 2 1): not required since 2007, but a sign of certainty. */
export function cprModulus11(digits: string): boolean {
  const w = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];
  return [...digits].reduce((sum, d, i) => sum + Number(d) * (w[i] ?? 0), 0) % 11 === 0;
}

// --- Norwegian fødselsnummer, D-number, H-number, synthetic numbers --------------------------------

const K1_WEIGHTS = [3, 7, 6, 1, 8, 9, 4, 5, 2, 1];
const K2_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1];

/** Eleven digits that make a fødselsnummer (or D-, H- or synthetic number) by the rules above. */
export function isFodselsnummer(digits: string): boolean {
  if (!/^\d{11}$/.test(digits)) return false;
  let day = Number(digits.slice(0, 2));
  let month = Number(digits.slice(2, 4));
  if (day > 40) day -= 40; // D-number
  if (month > 80) month -= 80; // synthetic (Test-Norge / Tenor)
  else if (month > 40) month -= 40; // H-number
  const yy = Number(digits.slice(4, 6));
  if (![1800, 1900, 2000].some((c) => c + yy >= 1854 && realDate(c + yy, month, day))) return false;
  return fnrCheckDigitsValid(digits);
}

/** The two check digits by the rule for numbers issued from 2032 (which every older number satisfies). */
export function fnrCheckDigitsValid(digits: string): boolean {
  const n = [...digits].map(Number);
  const s1 = K1_WEIGHTS.reduce((sum, w, i) => sum + w * (n[i] ?? 0), 0) % 11;
  const s2 = K2_WEIGHTS.reduce((sum, w, i) => sum + w * (n[i] ?? 0), 0) % 11;
  return s1 <= 3 && s2 === 0;
}

function realDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

// --- as a refusal ----------------------------------------------------------------------------------

/**
 * The refusal for the first identity number (or, in citizen fields and unless `allowSoft`, contact
 * detail) found in the fields: CITIZEN_ID_FOUND / CONTACT_DETAILS_FOUND with the field's code, the
 * kind and the masked shape — never the digits. Null: nothing found, the save may go ahead.
 */
export function identifierRefusal(
  fields: Readonly<Record<string, string | readonly string[]>>,
  options: { readonly citizenFields?: readonly string[]; readonly allowSoft?: boolean; readonly today?: Date } = {},
): DomainError | null {
  const found = guardFields(fields, options);
  if (!found) return null;
  const { field, finding } = found;
  return { code: finding.hard ? "CITIZEN_ID_FOUND" : "CONTACT_DETAILS_FOUND", params: { field, kind: finding.kind, masked: finding.masked, certain: finding.certain ? "yes" : "no" } };
}
