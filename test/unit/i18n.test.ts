// The message catalogues: the same keys in every language, real translations, the same
// placeholders, a message for every error code and every enumerated value, and t() itself.
import assert from "node:assert/strict";
import { AgreementTextFields, AgreementTools, MentorRoles } from "../../src/domain/agreement";
import { ErrorCodes } from "../../src/domain/errors";
import { Languages } from "../../src/domain/language";
import { Phases } from "../../src/domain/mentorship";
import { ProgrammeIds } from "../../src/domain/programmes";
import { Catalogues, type MessageKey, t } from "../../src/i18n";
import da from "../../src/i18n/da.json";
import en from "../../src/i18n/en.json";
import nb from "../../src/i18n/nb.json";

const files: Readonly<Record<"da" | "nb" | "en", Readonly<Record<string, string>>>> = { da, nb, en };
const englishKeys = Object.keys(en).sort();

/**
 * Keys whose translation may be the same word as in English: names, the loan words Danish and
 * Norwegian use ("mentor", "mentee", "coach", "feedback"), and a dash.
 */
const SAME_AS_ENGLISH: Readonly<Record<"da" | "nb", readonly string[]>> = {
  da: ["app.name", "party.mentor", "party.mentee", "setup.mentee", "agreement.subtitle", "agreement.feedback", "agenda.p4", "agreement.empty", "mentorRole.coach", "column.mentee", "column.mentor", "csv.column.status", "programme.klds.short", "programme.kristiansand.short", "tab.chartBarAria", "tab.fieldMentee", "tab.fieldMentor", "tab.filterMentor", "tab.none", "tab.phaseProgress", "tab.pickMentee", "tab.stats.percentOf", "tab.stats.mentees", "tab.staff.mentor", "journal.entryLine"],
  nb: ["app.name", "party.mentor", "party.mentee", "setup.mentee", "agreement.empty", "mentorRole.coach", "column.mentee", "column.mentor", "csv.column.status", "programme.klds.short", "programme.kristiansand.short", "tab.chartBarAria", "tab.fieldMentee", "tab.fieldMentor", "tab.filterMentor", "tab.none", "tab.phaseProgress", "tab.pickMentee", "tab.minutes", "tab.stats.percentOf", "tab.stats.mentees", "tab.staff.mentor", "journal.entryLine"],
};

const placeholders = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();

describe("i18n: catalogues", () => {
  it("the catalogues t() uses are the language files", () => {
    for (const l of Languages) assert.equal(Catalogues[l], files[l]);
  });

  for (const l of ["da", "nb"] as const) {
    it(`${l}.json has exactly the keys of en.json`, () => {
      const keys = Object.keys(files[l]).sort();
      const missing = englishKeys.filter((k) => !keys.includes(k));
      const extra = keys.filter((k) => !englishKeys.includes(k));
      assert.deepEqual({ missing, extra }, { missing: [], extra: [] });
    });

    it(`every ${l} text is translated (differs from English) except the allow-list`, () => {
      const same = englishKeys.filter((k) => files[l][k] === en[k as MessageKey] && !SAME_AS_ENGLISH[l].includes(k));
      assert.deepEqual(same, [], `untranslated ${l} keys: ${same.join(", ")}`);
      // The allow-list is not a dumping ground: each entry must exist.
      for (const k of SAME_AS_ENGLISH[l]) assert.ok(k in en, `allow-listed key ${k} does not exist`);
    });

    it(`every ${l} text has the same {placeholders} as English`, () => {
      const wrong = englishKeys
        .filter((k) => placeholders(files[l][k] ?? "").join(",") !== placeholders(en[k as MessageKey]).join(","))
        .map((k) => `${k}: ${l} {${placeholders(files[l][k] ?? "").join(",")}} vs en {${placeholders(en[k as MessageKey]).join(",")}}`);
      assert.deepEqual(wrong, []);
    });
  }

  for (const l of Languages) {
    it(`no ${l} text is empty or only whitespace, and braces are balanced`, () => {
      const empty = Object.entries(files[l]).filter(([, v]) => typeof v !== "string" || v.trim() === "").map(([k]) => k);
      assert.deepEqual(empty, []);
      const unbalanced = Object.entries(files[l])
        .filter(([, v]) => (v.match(/\{/g) ?? []).length !== (v.match(/\}/g) ?? []).length)
        .map(([k]) => k);
      assert.deepEqual(unbalanced, []);
    });

    it(`${l}: every error code has error.<code>`, () => {
      const missing = ErrorCodes.filter((code) => !(`error.${code}` in files[l]));
      assert.deepEqual(missing, []);
      assert.ok("error.internal" in files[l]);
    });

    it(`${l}: every phase, programme, mentor role, tool, language and agreement field has its key`, () => {
      const required = [
        ...Phases.map((p) => `phase.${p}`),
        ...ProgrammeIds.map((p) => `programme.${p}`),
        ...MentorRoles.map((r) => `mentorRole.${r}`),
        ...AgreementTools.map((x) => `tool.${x}`),
        ...Languages.map((x) => `language.${x}`),
        ...AgreementTextFields.map((f) => `agreement.${f}`),
        "party.mentor",
        "party.mentee",
      ];
      const missing = required.filter((k) => !(k in files[l]));
      assert.deepEqual(missing, []);
    });
  }

  it("error messages name the params the domain sends with the refusal", () => {
    // INVALID_INPUT names no field any more: it is only shown for fields no card labels (ids, the
    // action), whose codes mean nothing to a user; fields with a label get input.invalidField.
    const params: Record<string, string[]> = { WRONG_PHASE: ["phase"], AGREEMENT_STALE_VERSION: ["current"], INVALID_INPUT: [] };
    for (const l of Languages) {
      for (const [code, names] of Object.entries(params)) {
        assert.deepEqual(placeholders(files[l][`error.${code}`] ?? ""), names, `${l} error.${code}`);
      }
    }
  });

  it("each language names itself in its own words", () => {
    assert.equal(t("da", "language.da"), "Dansk");
    assert.equal(t("nb", "language.nb"), "Norsk bokmål");
    assert.equal(t("en", "language.en"), "English");
  });
});

describe("i18n: t()", () => {
  it("fills placeholders, numbers included", () => {
    assert.equal(t("en", "agreement.saved", { version: 3 }), "Saved as version 3.");
    assert.equal(t("da", "agreement.saved", { version: 3 }), "Gemt som version 3.");
    assert.equal(t("nb", "agreement.meetingCount.error", { min: 1, max: 52 }), "Et heltall fra 1 til 52.");
    assert.equal(
      t("en", "agreement.subtitle", { mentor: "Åse", mentee: "Søren", version: 2 }),
      "Mentor: Åse · Mentee: Søren · Version 2",
    );
  });

  it("fills every occurrence, and does not expand placeholders inside the values", () => {
    assert.equal(
      t("en", "agreement.onlyParties", { mentor: "{mentee}", mentee: "B" }),
      "Only {mentee} and B can change and accept this agreement.",
    );
  });

  it("leaves a placeholder without a value visible rather than guessing", () => {
    assert.equal(t("en", "agreement.saved"), "Saved as version {version}.");
  });

  it("throws on an unknown key", () => {
    assert.throws(() => t("en", "no.such.key" as MessageKey), /Missing message key no\.such\.key/);
    assert.throws(() => t("da", "error.NOPE" as MessageKey), /Missing message key/);
  });

  it("gives every key a text in every language", () => {
    for (const l of Languages) {
      for (const k of englishKeys) assert.equal(typeof t(l, k as MessageKey), "string", `${l} ${k}`);
    }
  });
});

describe("i18n: native wording", () => {
  it("names the mentor and the mentee in the definite form where Danish and Norwegian need it", () => {
    // "Det kan kun mentor gøre" reads as broken Danish; a role named as a person takes the article.
    const bare = /\b(kun|bare|med|tilføj først|legg først|til) (mentor|mentee)\b(?! ?[:(])/i;
    for (const l of ["da", "nb"] as const) {
      for (const [key, text] of Object.entries(files[l])) if (key.startsWith("error.") || key.startsWith("help.")) assert.doesNotMatch(text, bare, `${l} ${key}: ${text}`);
      assert.doesNotMatch(files[l]["error.MENTOR_ONLY"] ?? "", /\bmentor\b/);
      assert.doesNotMatch(files[l]["help.group"] ?? "", /– mentor starter/);
    }
  });

  it("Norwegian says 'godkjenne' for the agreement, as the tab does, never 'godta'", () => {
    for (const [key, text] of Object.entries(files.nb)) assert.doesNotMatch(text, /\bgodt(a|ar|att|ok)\b/i, `nb ${key}: ${text}`);
  });
});
