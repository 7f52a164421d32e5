// The one word list shared by the bot, the tab and the CSV: its namespaces, the tab's and the CSV's
// use of it, the one locale mapper, refusals and dates in words, and the glossary's terms.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { FlagIds, FlagTextParams } from "../../src/contract/flags";
import { RefusalCodes } from "../../src/contract/refusals";
import { Verbs } from "../../src/cards/verbs";
import { ErrorCodes } from "../../src/domain/errors";
import { languageFromLocale } from "../../src/domain/language";
import { Phases } from "../../src/domain/mentorship";
import { ProgrammeIds } from "../../src/domain/programmes";
import { Catalogues, type Language, Languages, type MessageKey, capitalised, languageName, languageOf, t } from "../../src/i18n";
import { dateTimeText } from "../../src/i18n/dates";
import { CalendarFailures, bookingFailureReason, refusalText } from "../../src/i18n/refusals";
import { dictionaries, pickLocale, translator } from "../../src/tab/i18n";
import { ApiError } from "../../src/tab/api";
import { refusalCode, refusalKey, refusalMessage } from "../../src/tab/refusal";
import { csvHeaders } from "../../src/tabApi/csv";
import { FLAG_RULES, FlagIds as OverviewFlagIds } from "../../src/tabApi/overview";

const SRC = path.join(__dirname, "../../src");
const en = Catalogues.en;
const keys = Object.keys(en);
const placeholders = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort().join(",");

/** Every key lives in a namespace; these are the ones there are (a new one is a decision, so it is named here). */
const NAMESPACES = [
  "app", "welcome", "help", "command", "status", "input", "card", "setup", "mentor", "phase", "programme", "language", "party",
  "agreementStatus", "flag", "mentorshipStatus", "column", "csv", "format", "error", "agreement", "mentorRole", "tool", "guard",
  "storage", "icsLink", "weekday", "plan", "booking", "booked", "meeting", "calendar", "agenda", "reminder", "held", "start",
  "holiday", "tab",
  "revision", "docx",
  // issue 11: each party's private word (pairing check, ratings)
  "pairing", "ratings",
  // issue 11: closing and its evaluation
  "closing", "evaluation",
  // issue 12: the introduction scheme
  "introduction",
  // issue 12: the leader's talks
  "leader",
  // issue 13: the mentee's process journal
  "journal",
  // issue 13: the archive hold's reasons, the "removed" card of an erased mentorship
  "archiveHold", "erasure",
  // issue 13: a person's data rights (export, erasure)
  "rights",
];

describe("word list: one list for the bot, the tab and the CSV", () => {
  it("every key is namespaced (ns.name) in a known namespace", () => {
    const bad = keys.filter((k) => !/^[a-zA-Z]+\.[\w.]+$/.test(k) || !NAMESPACES.includes(k.split(".")[0]!));
    assert.deepEqual(bad, []);
    for (const ns of NAMESPACES) assert.ok(keys.some((k) => k.startsWith(`${ns}.`)), `namespace ${ns} is used`);
  });

  it("every key, the tab's and the CSV's included, exists in da, nb and en with the same placeholders", () => {
    assert.ok(keys.filter((k) => k.startsWith("tab.")).length > 120, "the tab's texts are in the list");
    assert.ok(keys.some((k) => k.startsWith("csv.column.")), "the CSV's headers are in the list");
    for (const l of ["da", "nb"] as const) {
      const theirs = Catalogues[l];
      assert.deepEqual(Object.keys(theirs).sort(), [...keys].sort(), `${l} has the keys of en`);
      const wrong = keys.filter((k) => placeholders(theirs[k] ?? "") !== placeholders(en[k] ?? "")).map((k) => `${l} ${k}`);
      assert.deepEqual(wrong, []);
    }
  });

  it("the tab reads the same list: its dictionaries are the catalogues, its translator is t()", () => {
    for (const l of Languages) {
      assert.equal(dictionaries[l], Catalogues[l]);
      assert.equal(translator(l)("tab.total", { count: 7 }), t(l, "tab.total", { count: 7 }));
    }
    assert.equal(translator("nb")("phase.preparation"), "før oppstart", "the tab and the bot name the preparation phase alike");
    assert.equal(capitalised(translator("nb")("phase.preparation")), "Før oppstart");
  });

  it("concepts exist once: no tab copies of phases, programmes, languages, flags or shared refusals", () => {
    const copies = keys.filter((k) => /^tab\.(phase|programme|language|agreement|flag|flagShort|col)_|^tab\.(paused|waitingForChat)$|^tab\.refusal\.(MENTOR_IS_MENTEE|BUSY_TRY_AGAIN|BOOKING_IN_PROGRESS|STORAGE_UNAVAILABLE)$|^csv\.(flag|agreement|status)\./.test(k));
    assert.deepEqual(copies, []);
    for (const p of ProgrammeIds) assert.ok(`programme.${p}.short` in en, `programme.${p}.short`);
    // A language picker names each language in its own words, from the same keys the bot uses.
    assert.deepEqual(Languages.map(languageName), ["Dansk", "Norsk bokmål", "English"]);
  });

  it("the CSV's headers are the list's words, the overview's columns the same as on screen", () => {
    for (const l of Languages) {
      const headers = csvHeaders(l);
      for (const k of ["column.mentee", "column.unit", "column.phase", "column.agreement", "column.nextMeeting", "column.lastActivity", "column.flags"] as const) {
        assert.ok(headers.includes(t(l, k)), `${l}: the CSV has the tab's column ${k}`);
      }
      assert.equal(new Set(headers).size, headers.length, `${l}: no two columns share a header`);
    }
    assert.ok(csvHeaders("nb").includes("Neste samtale") && csvHeaders("nb").includes("Gjennomførte samtaler"));
    assert.ok(csvHeaders("da").includes("Afholdte møder"));
  });

  it("the flags' numbers in words are the rules the overview flags by", () => {
    assert.deepEqual([...FlagIds], [...OverviewFlagIds]);
    assert.deepEqual(FlagTextParams, {
      agreementOverdue: { days: FLAG_RULES.agreementOverdueDays },
      noMeeting6Weeks: { weeks: FLAG_RULES.noMeetingDays / 7 },
      mentorOverloaded: { max: FLAG_RULES.maxActiveMentees },
      closingSoon: { days: FLAG_RULES.closingSoonDays },
      // No number: a party answered "no" to the pairing check.
      pairingConcern: {},
      // No number: the leader asked for a change of mentor (issue 12).
      mentorChangeRequested: {},
    });
    for (const f of FlagIds) for (const l of Languages) assert.doesNotMatch(t(l, `flag.${f}`, FlagTextParams[f]), /\{/, `${l} flag.${f} is filled`);
    assert.equal(t("da", "flag.closingSoon.short"), "Afsluttes snart");
  });
});

describe("word list: one locale mapper", () => {
  const locales = ["da", "da-DK", "DA_dk", "nb-NO", "nn-NO", "no", "no-NO", "en-US", "en-GB", "sv-SE", "de", "", "x", "dan"];
  it("the tab maps a Teams or browser locale exactly as the bot does", () => {
    for (const l of locales) assert.equal(pickLocale(l), languageFromLocale(l), l);
    assert.equal(pickLocale(null), "da");
    assert.equal(pickLocale(undefined), "da");
    assert.equal(languageOf("nb-NO"), "nb");
  });

  it("no other locale mapping is left in the tab", () => {
    const tab = path.join(SRC, "tab");
    for (const f of readdirSync(tab).filter((n) => /\.tsx?$/.test(n))) {
      assert.doesNotMatch(readFileSync(path.join(tab, f), "utf8"), /startsWith\(["'](da|nb|nn|no|en)["']\)/, f);
    }
  });
});

describe("word list: what the tab may import", () => {
  // What the tab itself may import: test/unit/architecture.test.ts (one rule, with the other layers').
  it("the contract and the word list's index import only the domain's pure modules and the JSON files", () => {
    for (const file of ["contract/refusals.ts", "contract/flags.ts", "i18n/index.ts"]) {
      const text = readFileSync(path.join(SRC, file), "utf8");
      for (const m of text.matchAll(/^\s*(?:import|export)[^'"]*from\s+["']([^"']+)["']/gm)) {
        assert.match(m[1] ?? "", /^\.\.\/domain\/(errors|language)$|^\.\/(da|nb|en)\.json$/, `${file} imports ${m[1]}`);
      }
    }
  });
});

describe("word list: refusals in words, from the domain's codes", () => {
  it("the tab's refusal codes are the domain's, and each has words", () => {
    for (const code of ErrorCodes) assert.ok(RefusalCodes.includes(code), code);
    for (const code of [...RefusalCodes, "NOT_FOUND", "FORBIDDEN"] as const) {
      const key = refusalKey(code);
      assert.ok(key in en, `${code} → ${key}`);
      for (const l of Languages) assert.doesNotMatch(t(l, key, { mentee: "A", mentor: "B" }), /\b[A-Z]{2,}_[A-Z_]+\b/, `${l} ${code}`);
    }
    // Codes the tab used to have no words for now get the bot's, in the tab's language.
    const tt = translator("nb");
    assert.equal(refusalCode(new ApiError(409, "x", "MENTEE_NOT_IN_CHAT")), "MENTEE_NOT_IN_CHAT");
    assert.equal(refusalMessage(tt, new ApiError(409, "x", "MENTEE_NOT_IN_CHAT")), t("nb", "error.MENTEE_NOT_IN_CHAT"));
    assert.equal(refusalMessage(tt, new ApiError(503, "x", "STORAGE_UNAVAILABLE")), t("nb", "storage.unavailable"));
    assert.equal(refusalMessage(tt, new ApiError(409, "x", "BUSY_TRY_AGAIN")), "Det kom mange endringer samtidig. Prøv igjen om et øyeblikk; ingenting gikk tapt.");
    assert.equal(refusalMessage(tt, new ApiError(404, "x", "MENTORSHIP_NOT_FOUND")), t("nb", "tab.refusal.NOT_FOUND"));
    assert.equal(refusalMessage(tt, new ApiError(404, "x")), t("nb", "tab.refusal.NOT_FOUND"));
    assert.equal(refusalMessage(tt, new ApiError(403, "x")), t("nb", "tab.refusal.FORBIDDEN"));
  });

  it("WRONG_PHASE names the phase in words, never its code", () => {
    for (const l of Languages) {
      for (const p of Phases) {
        const text = refusalText(l, { code: "WRONG_PHASE", params: { phase: p } });
        assert.ok(text.includes(t(l, `phase.${p}`)), `${l} ${p}: ${text}`);
        if (t(l, `phase.${p}`) !== p) assert.doesNotMatch(text, new RegExp(`\\b${p}\\b`), `${l}: no raw ${p} in ${text}`);
      }
      // Already in words (the agreement card does that): kept as it is.
      assert.equal(refusalText(l, { code: "WRONG_PHASE", params: { phase: t(l, "phase.startUp") } }), t(l, "error.WRONG_PHASE", { phase: t(l, "phase.startUp") }));
      // A meeting plan's state is no phase: no code, the step in words.
      assert.equal(refusalText(l, { code: "WRONG_PHASE", params: { phase: "booked" } }), t(l, "error.WRONG_PHASE.step"));
      assert.equal(refusalText(l, { code: "WRONG_PHASE" }), t(l, "error.WRONG_PHASE.step"));
    }
    assert.equal(refusalText("da", { code: "WRONG_PHASE", params: { phase: "learning" } }), "Det er ikke muligt i mentorforløbets nuværende fase: læring.");
    assert.equal(refusalText("nb", { code: "WRONG_PHASE", params: { phase: "preparation" } }), "Det er ikke mulig i mentorforløpets nåværende fase: før oppstart.");
  });

  it("INVALID_INPUT names a field by its label, or no field at all", () => {
    assert.equal(refusalText("da", { code: "INVALID_INPUT", params: { field: "unit", issue: "tooLong", max: 100 } }), "Enhed eller afdeling: højst 100 tegn. Intet blev ændret.");
    for (const l of Languages) {
      const text = refusalText(l, { code: "INVALID_INPUT", params: { field: "mentorshipId" } });
      assert.ok(!text.includes("mentorshipId") && !text.includes("{"), `${l}: ${text}`);
    }
  });

  it("a failed booking says why in words, never the calendar's code", () => {
    for (const l of Languages) {
      for (const code of [...CalendarFailures, "SOMETHING_NEW", null]) {
        const text = t(l, "booking.failed", { reason: bookingFailureReason(l, code) });
        assert.doesNotMatch(text, /THROTTLED|UNAVAILABLE|FORBIDDEN|NOT_FOUND|BAD_REQUEST|SOMETHING_NEW|\{|\?\)/, `${l} ${code}: ${text}`);
      }
    }
    assert.equal(bookingFailureReason("da", "THROTTLED"), t("da", "booking.reason.THROTTLED"));
    assert.equal(bookingFailureReason("nb", "SOMETHING_NEW"), t("nb", "booking.reason.other"));
  });

  it("no text in the list shows a code a user cannot read", () => {
    const CODE = /\b(startUp|klds|agreementOverdue|noMeeting6Weeks|mentorOverloaded|closingSoon|THROTTLED)\b|\{(field|reason)\}\)/;
    for (const l of Languages) for (const [k, v] of Object.entries(Catalogues[l])) assert.doesNotMatch(v, CODE, `${l} ${k}`);
  });
});

describe("word list: dates and times", () => {
  it("writes a date and time as 19.01.2027 kl. 10:00 (en: at), in the programme's zone", () => {
    const at = new Date("2027-01-19T09:00:00Z");
    assert.equal(dateTimeText("da", at, "Europe/Copenhagen"), "19.01.2027 kl. 10:00");
    assert.equal(dateTimeText("nb", at, "Europe/Oslo"), "19.01.2027 kl. 10:00");
    assert.equal(dateTimeText("en", at, "Europe/Copenhagen"), "19.01.2027 at 10:00");
    assert.equal(dateTimeText("da", new Date("2027-07-01T22:05:00Z"), "Europe/Oslo"), "02.07.2027 kl. 00:05");
  });

  it("no text puts 'den' before a full date and time", () => {
    const atKeys = keys.filter((k) => /\{at\}/.test(en[k] ?? ""));
    assert.ok(atKeys.length >= 3);
    for (const l of ["da", "nb"] as const) for (const k of atKeys) assert.doesNotMatch(Catalogues[l][k] ?? "", /\bden \{at\}/, `${l} ${k}`);
    assert.equal(t("da", "agreement.acceptedBy", { name: "Åse", party: "mentor", version: 2, at: dateTimeText("da", new Date("2027-01-19T09:00:00Z"), "Europe/Copenhagen") }), "Åse (mentor) godkendte version 2 19.01.2027 kl. 10:00.");
  });
});

describe("word list: the glossary's terms", () => {
  const glossary = readFileSync(path.join(__dirname, "../../docs/glossary.md"), "utf8");
  const rows = glossary
    .split("\n")
    .filter((line) => line.startsWith("| ") && !line.startsWith("| concept") && !line.startsWith("| ---"))
    .map((line) => line.split("|").slice(1, -1).map((c) => c.trim()))
    .filter((cells) => cells.length === 6);

  it("is linked from the README", () => {
    assert.match(readFileSync(path.join(__dirname, "../../README.md"), "utf8"), /\]\(docs\/glossary\.md\)/);
  });

  it("the word list uses the glossary's term for each key concept", () => {
    assert.ok(rows.length >= 30, `glossary rows read: ${rows.length}`);
    const missing: string[] = [];
    for (const [concept, da, nb, enTerm, key] of rows) {
      assert.ok(key && key in en, `glossary key ${key} (${concept}) is in the list`);
      for (const [l, term] of [["da", da], ["nb", nb], ["en", enTerm]] as [Language, string][]) {
        const text = (Catalogues[l][key as MessageKey] ?? "").toLocaleLowerCase(l);
        if (!term.toLocaleLowerCase(l).split(" / ").some((alt) => text.includes(alt))) missing.push(`${l} ${key}: "${term}" not in "${text}"`);
      }
    }
    assert.deepEqual(missing, []);
  });

  it("no text uses a word the glossary rules out, in the bot, the tab, the CSV or the app package", () => {
    const appPackage = (l: "da" | "nb") => Object.values(JSON.parse(readFileSync(path.join(__dirname, `../../appPackage/${l}.json`), "utf8")) as Record<string, unknown>).filter((v): v is string => typeof v === "string");
    const found: string[] = [];
    for (const [, , , , , never] of rows) {
      for (const entry of (never ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
        const [l, word] = entry.split(":") as ["da" | "nb", string];
        const re = new RegExp(`(^|[^\\p{L}])${word}($|[^\\p{L}])`, "iu");
        for (const [k, v] of Object.entries(Catalogues[l])) if (re.test(v)) found.push(`${l} ${k}: ${word}`);
        for (const v of appPackage(l)) if (re.test(v)) found.push(`${l} appPackage: ${word}`);
      }
    }
    assert.deepEqual(found, []);
  });

  it("the app package promises the closing evaluation only now that it exists, and says omsorgssenter", () => {
    const manifest = JSON.parse(readFileSync(path.join(__dirname, "../../appPackage/manifest.json"), "utf8")) as { description: { full: string } };
    const da = JSON.parse(readFileSync(path.join(__dirname, "../../appPackage/da.json"), "utf8")) as Record<string, string>;
    const nb = JSON.parse(readFileSync(path.join(__dirname, "../../appPackage/nb.json"), "utf8")) as Record<string, string>;
    // The closing evaluation has landed (src/domain/closing.ts, its card and verbs): the description may say so.
    assert.equal(Verbs.evaluationConfirm, "evaluation.confirm", "the evaluation card's verbs exist");
    assert.match(manifest.description.full, /closing evaluation/i);
    assert.match(da["description.full"] ?? "", /afsluttende evaluering/i);
    assert.match(nb["description.full"] ?? "", /avsluttende evaluering/i);
    assert.match(nb["description.full"] ?? "", /omsorgssent/);
    assert.doesNotMatch(nb["description.full"] ?? "", /sykehjem/i);
  });
});
