// The zod schemas for card payloads (src/app/schemas.ts): normalisation before the length check,
// the exact limits, number and multi-select coercion, the setup and invoke envelopes, and a
// fast-check property that no input makes any schema throw.
import assert from "node:assert/strict";
import fc from "fast-check";
import type { z } from "zod";
import {
  AgreementAcceptSchema,
  AgreementFieldsSchema,
  AgreementRefreshSchema,
  AgreementSaveSchema,
  ExecuteInvokeSchema,
  SetupSubmitSchema,
  agreementFieldsSchemaFor,
  agreementInputRefusal,
  agreementSaveSchemaFor,
  cleanText,
  firstIssueField,
} from "../../src/app/agreement/schemas";
import {
  type AgreementFields,
  AgreementFieldNames,
  AgreementTextFields,
  AgreementTextLimits,
  AgreementTools,
  MEETING_COUNT_RANGE,
  MentorRoles,
} from "../../src/domain/agreement";
import { initialAgreement } from "../../src/domain/mentorship";
import type { ProgrammeId } from "../../src/domain/programmes";

/** A card submission as Teams sends it: text as strings, numbers as strings, multi-selects comma-separated. */
function submitted(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    purpose: "- styrke socialrådgiverens kompetenceudvikling",
    meetingCount: "9",
    meetingMinutes: "60",
    timeAndPlace: "Tirsdag 9-10",
    undisturbed: "",
    framesOther: "",
    openness: "",
    confidentiality: "",
    preparation: "",
    feedback: "",
    groundRulesOther: "",
    shortTermGoals: "",
    longTermIdeas: "",
    learningOther: "",
    mentorRoles: "coach,critic",
    tools: "",
    methodsOther: "",
    other: "",
    ...over,
  };
}

function parsed(over: Record<string, unknown>): AgreementFields {
  const r = AgreementFieldsSchema.safeParse(submitted(over));
  if (!r.success) assert.fail(`expected success, got ${JSON.stringify(r.error.issues)}`);
  return r.data;
}

/** The refusal's issues; asserts that the first one is about `field`. */
function refused(over: Record<string, unknown>, field: string): z.core.$ZodIssue[] {
  const r = AgreementFieldsSchema.safeParse(submitted(over));
  if (r.success) assert.fail(`expected a refusal for ${field}, got ${JSON.stringify(r.data[field as keyof AgreementFields])}`);
  assert.equal(firstIssueField(r.error), field);
  return r.error.issues;
}

describe("schemas: AgreementFieldsSchema text", () => {
  it("accepts a normal submission and keeps the text", () => {
    const f = parsed({});
    assert.equal(f.purpose, "- styrke socialrådgiverens kompetenceudvikling");
    assert.equal(f.timeAndPlace, "Tirsdag 9-10");
    assert.deepEqual(Object.keys(f).sort(), [...AgreementFieldNames].sort());
  });

  it("normalises CRLF and CR to LF", () => {
    assert.equal(parsed({ purpose: "a\r\nb\rc\nd" }).purpose, "a\nb\nc\nd");
  });

  it("strips control characters but keeps tab and newline", () => {
    assert.equal(parsed({ other: "a\u0000b\u0007c\u000bd\u000ce\u001ff\u007fg\th\ni" }).other, "abcdefg\th\ni");
  });

  it("trims surrounding whitespace", () => {
    assert.equal(parsed({ openness: "  \n Åbenhed \t\r\n " }).openness, "Åbenhed");
    assert.equal(parsed({ openness: "   " }).openness, "");
  });

  it("composes decomposed letters (NFC)", () => {
    assert.equal(parsed({ other: "a\u030Abenhed" }).other, "åbenhed");
  });

  for (const name of AgreementTextFields) {
    const max = AgreementTextLimits[name];
    it(`${name}: ${max} characters are accepted, ${max + 1} refused`, () => {
      assert.equal(parsed({ [name]: "æ".repeat(max) })[name].length, max);
      const issues = refused({ [name]: "æ".repeat(max + 1) }, name);
      assert.equal(issues[0]?.code, "too_big");
    });
  }

  it("counts the length after normalisation: CRLF counts as one, control characters and edges as none", () => {
    const max = AgreementTextLimits.purpose; // 800
    // 399 × "a\r\n" + "ab" is 1199 characters as typed, 800 after CRLF → LF.
    const crlf = "a\r\n".repeat(399) + "ab";
    assert.equal(crlf.length, 1199);
    assert.equal(parsed({ purpose: crlf }).purpose.length, max);
    refused({ purpose: crlf + "c" }, "purpose");
    // Control characters and surrounding spaces are removed before counting.
    assert.equal(parsed({ purpose: "  \u0000" + "ø".repeat(max) + "\u0007 \r\n" }).purpose.length, max);
    // Decomposed å (two code units) counts as one once composed.
    assert.equal(parsed({ timeAndPlace: "a\u030A".repeat(AgreementTextLimits.timeAndPlace) }).timeAndPlace.length, AgreementTextLimits.timeAndPlace);
    refused({ timeAndPlace: "a\u030A".repeat(AgreementTextLimits.timeAndPlace + 1) }, "timeAndPlace");
  });

  it("takes a missing text field as empty (clients leave empty inputs out), and refuses a non-string one", () => {
    const parsed = AgreementFieldsSchema.safeParse(submitted({ other: undefined, mentorRoles: undefined }));
    assert.equal(parsed.success, true);
    assert.equal(parsed.data?.other, "");
    assert.deepEqual(parsed.data?.mentorRoles, []);
    refused({ other: 5 }, "other");
    refused({ other: null }, "other");
    refused({ other: ["a"] }, "other");
  });

  it("cleanText applies the same rules for any limit", () => {
    const c = cleanText(5);
    assert.deepEqual(c.safeParse(" a\r\nb\u0000cd ").data, "a\nbcd");
    assert.equal(c.safeParse("abcde").success, true);
    assert.equal(c.safeParse("abcdef").success, false);
  });
});

describe("schemas: AgreementFieldsSchema numbers", () => {
  it("coerces \"5\" and 5 (and trims spaces)", () => {
    assert.equal(parsed({ meetingCount: "5" }).meetingCount, 5);
    assert.equal(parsed({ meetingCount: 5 }).meetingCount, 5);
    assert.equal(parsed({ meetingCount: " 5 " }).meetingCount, 5);
    assert.equal(parsed({ meetingMinutes: "45" }).meetingMinutes, 45);
    assert.equal(parsed({ meetingMinutes: 45 }).meetingMinutes, 45);
  });

  for (const bad of ["5.5", 5.5, "", "abc", "1e1", "+5", "0x10", null, true, [5], Number.NaN, Number.POSITIVE_INFINITY]) {
    it(`refuses ${typeof bad === "number" ? String(bad) : JSON.stringify(bad)} as a meeting count`, () => {
      refused({ meetingCount: bad }, "meetingCount");
    });
  }

  it(`keeps the meeting count within ${MEETING_COUNT_RANGE.min}–${MEETING_COUNT_RANGE.max}`, () => {
    assert.equal(parsed({ meetingCount: MEETING_COUNT_RANGE.min }).meetingCount, 1);
    assert.equal(parsed({ meetingCount: String(MEETING_COUNT_RANGE.max) }).meetingCount, 52);
    refused({ meetingCount: 0 }, "meetingCount");
    refused({ meetingCount: "53" }, "meetingCount");
    refused({ meetingCount: "-1" }, "meetingCount");
  });

  it("keeps the minutes within 1–1440 (the programme narrows them further in the domain)", () => {
    assert.equal(parsed({ meetingMinutes: "1" }).meetingMinutes, 1);
    assert.equal(parsed({ meetingMinutes: 1440 }).meetingMinutes, 1440);
    refused({ meetingMinutes: 0 }, "meetingMinutes");
    refused({ meetingMinutes: "1441" }, "meetingMinutes");
    refused({ meetingMinutes: "99999999999999999999" }, "meetingMinutes");
  });
});

describe("schemas: AgreementFieldsSchema multi-selects", () => {
  it("splits a comma-separated string and accepts an array", () => {
    assert.deepEqual(parsed({ mentorRoles: "coach,critic" }).mentorRoles, ["coach", "critic"]);
    assert.deepEqual(parsed({ mentorRoles: ["coach", "critic"] }).mentorRoles, ["coach", "critic"]);
    assert.deepEqual(parsed({ tools: "processJournal, caseAnalysis" }).tools, ["processJournal", "caseAnalysis"]);
  });

  it("takes an empty selection, drops empty entries and duplicates", () => {
    assert.deepEqual(parsed({ mentorRoles: "" }).mentorRoles, []);
    assert.deepEqual(parsed({ mentorRoles: [] }).mentorRoles, []);
    assert.deepEqual(parsed({ mentorRoles: "coach, ,critic," }).mentorRoles, ["coach", "critic"]);
    assert.deepEqual(parsed({ mentorRoles: "coach,coach" }).mentorRoles, ["coach"]);
  });

  it("accepts every role and every tool", () => {
    assert.deepEqual(parsed({ mentorRoles: MentorRoles.join(",") }).mentorRoles, [...MentorRoles]);
    assert.deepEqual(parsed({ tools: [...AgreementTools] }).tools, [...AgreementTools]);
  });

  for (const bad of ["boss", "coach,boss", "Coach", ["coach", "boss"], [1], null, 5]) {
    it(`refuses the roles ${JSON.stringify(bad)}`, () => {
      refused({ mentorRoles: bad }, "mentorRoles");
    });
  }

  it("refuses an unknown tool", () => {
    refused({ tools: "processJournal,diary" }, "tools");
  });
});

describe("schemas: a mentorship's own roles and tools", () => {
  const agreementOf = (programme: ProgrammeId, held: Partial<AgreementFields> = {}) => ({
    programme,
    agreement: { version: 1, fields: { ...initialAgreement(programme, "nb"), ...held }, acceptances: {}, lockedAt: null },
  });
  const save = (over: Record<string, unknown>) => ({ mentorshipId: "m-1", baseVersion: 1, ...submitted({ mentorRoles: "", ...over }) });

  it("a Kristiansand agreement takes its own and refuses KL/DS's, with a refusal that says why", () => {
    const k = agreementSaveSchemaFor(agreementOf("kristiansand"));
    const ok = k.safeParse(save({ mentorRoles: "supporter,guide", tools: "practiceReflection,qualitySystem,goodEnough" }));
    assert.ok(ok.success);
    assert.deepEqual(ok.data.tools, ["practiceReflection", "qualitySystem", "goodEnough"]);
    const tool = k.safeParse(save({ tools: "qualitySystem,caseAnalysis" }));
    assert.ok(!tool.success);
    assert.deepEqual(agreementInputRefusal(tool.error), { code: "TOOL_NOT_IN_PROGRAMME" });
    const role = agreementFieldsSchemaFor(agreementOf("kristiansand")).safeParse(submitted({ mentorRoles: "coach" }));
    assert.ok(!role.success);
    assert.deepEqual(agreementInputRefusal(role.error), { code: "ROLE_NOT_IN_PROGRAMME" });
  });

  it("KL/DS and custom take the social-work ones and refuse Kristiansand's", () => {
    for (const programme of ["klds", "custom"] as const) {
      const schema = agreementFieldsSchemaFor(agreementOf(programme));
      assert.ok(schema.safeParse(submitted({ mentorRoles: "supervisor,critic", tools: "caseAnalysis" })).success, programme);
      const r = schema.safeParse(submitted({ tools: "goodEnough" }));
      assert.ok(!r.success);
      assert.deepEqual(agreementInputRefusal(r.error), { code: "TOOL_NOT_IN_PROGRAMME" });
    }
  });

  it("an existing agreement keeps the values it holds", () => {
    const legacy = agreementFieldsSchemaFor(agreementOf("kristiansand", { tools: ["caseAnalysis"], mentorRoles: ["supervisor"] }));
    assert.ok(legacy.safeParse(submitted({ mentorRoles: "supervisor,supporter", tools: "caseAnalysis" })).success);
  });

  it("any other refusal still names the field", () => {
    const r = agreementFieldsSchemaFor(agreementOf("klds")).safeParse(submitted({ meetingCount: "0" }));
    assert.ok(!r.success);
    const refusal = agreementInputRefusal(r.error);
    assert.equal(refusal.code, "INVALID_INPUT");
    // The field, and (since refusals name it by its label) what was wrong with it.
    assert.deepEqual(refusal.params, { field: "meetingCount", issue: "tooSmall", min: 1 });
  });
});

describe("schemas: SetupSubmitSchema", () => {
  const setup = (over: Record<string, unknown> = {}) => ({
    setupId: "setup-42",
    programme: "klds",
    firstDay: "2027-01-04",
    unit: "Børn og familie",
    language: "da",
    ...over,
  });

  it("accepts a setup, with or without a mentee, and cleans the unit", () => {
    const r = SetupSubmitSchema.safeParse(setup({ unit: "  Børn\r\nog familie\u0000 " }));
    assert.ok(r.success);
    assert.equal(r.data.unit, "Børn\nog familie");
    assert.equal(r.data.mentee, undefined);
    const withMentee = SetupSubmitSchema.safeParse(setup({ mentee: "22222222-2222-4222-8222-222222222222" }));
    assert.equal(withMentee.data?.mentee, "22222222-2222-4222-8222-222222222222");
  });

  for (const programme of ["KLDS", "kl", "", "nursing", 1]) {
    it(`refuses the programme ${JSON.stringify(programme)}`, () => {
      const r = SetupSubmitSchema.safeParse(setup({ programme }));
      assert.equal(r.success, false);
      assert.equal(firstIssueField(r.error!), "programme");
    });
  }

  for (const language of ["no", "nn", "sv", "DA", ""]) {
    it(`refuses the language ${JSON.stringify(language)}`, () => {
      const r = SetupSubmitSchema.safeParse(setup({ language }));
      assert.equal(r.success, false);
      assert.equal(firstIssueField(r.error!), "language");
    });
  }

  for (const unit of ["", "   ", "\u0000\u0007", "\r\n"]) {
    it(`refuses the empty unit ${JSON.stringify(unit)}`, () => {
      const r = SetupSubmitSchema.safeParse(setup({ unit }));
      assert.equal(r.success, false);
      assert.equal(firstIssueField(r.error!), "unit");
    });
  }

  it("takes a unit of 100 characters, refuses 101", () => {
    assert.equal(SetupSubmitSchema.safeParse(setup({ unit: "ø".repeat(100) })).success, true);
    assert.equal(SetupSubmitSchema.safeParse(setup({ unit: "ø".repeat(101) })).success, false);
  });

  it("refuses a malformed setup id or mentee id and a missing field", () => {
    for (const setupId of ["", "a b", "<script>", "x".repeat(101)]) assert.equal(SetupSubmitSchema.safeParse(setup({ setupId })).success, false, setupId);
    assert.equal(SetupSubmitSchema.safeParse(setup({ mentee: "not an id" })).success, false);
    const { firstDay: _omitted, ...noDay } = setup();
    assert.equal(SetupSubmitSchema.safeParse(noDay).success, false);
    assert.equal(SetupSubmitSchema.safeParse(setup({ firstDay: "x".repeat(41) })).success, false);
  });
});

describe("schemas: agreement actions and the invoke envelope", () => {
  it("AgreementSaveSchema takes the ids and the fields together", () => {
    const r = AgreementSaveSchema.safeParse({ mentorshipId: "m-1", baseVersion: "3", ...submitted() });
    assert.ok(r.success, JSON.stringify(r.error?.issues));
    assert.equal(r.data.baseVersion, 3);
    assert.equal(r.data.mentorshipId, "m-1");
    assert.equal(r.data.meetingCount, 9);
    assert.equal(AgreementSaveSchema.safeParse({ mentorshipId: "m-1", baseVersion: 0, ...submitted() }).success, false);
    assert.equal(AgreementSaveSchema.safeParse({ mentorshipId: "m 1", baseVersion: 1, ...submitted() }).success, false);
    assert.equal(AgreementSaveSchema.safeParse({ mentorshipId: "m-1", baseVersion: 1 }).success, false);
  });

  it("AgreementAcceptSchema and AgreementRefreshSchema take ids and numbers only", () => {
    assert.deepEqual(AgreementAcceptSchema.safeParse({ mentorshipId: "m-1", version: "2" }).data, { mentorshipId: "m-1", version: 2 });
    assert.equal(AgreementAcceptSchema.safeParse({ mentorshipId: "m-1", version: "2.5" }).success, false);
    assert.equal(AgreementAcceptSchema.safeParse({ mentorshipId: "m-1" }).success, false);
    assert.deepEqual(AgreementRefreshSchema.safeParse({ mentorshipId: "m-1", extra: "x" }).data, { mentorshipId: "m-1" });
    assert.equal(AgreementRefreshSchema.safeParse({}).success, false);
  });

  it("ExecuteInvokeSchema accepts the Universal Actions envelope and defaults data to {}", () => {
    const r = ExecuteInvokeSchema.safeParse({ action: { type: "Action.Execute", verb: "agreement.save", data: { mentorshipId: "m-1" } }, trigger: "manual" });
    assert.ok(r.success);
    assert.deepEqual(r.data.action.data, { mentorshipId: "m-1" });
    assert.equal(r.data.trigger, "manual");
    const noData = ExecuteInvokeSchema.safeParse({ action: { type: "Action.Execute", verb: "agreement.refresh" }, trigger: "automatic" });
    assert.deepEqual(noData.data?.action.data, {});
    assert.equal(ExecuteInvokeSchema.safeParse({ action: { type: "Action.Execute", verb: "x" } }).data?.trigger, undefined);
  });

  for (const [what, body] of [
    ["no action", {}],
    ["Action.Submit", { action: { type: "Action.Submit", verb: "x" } }],
    ["an empty verb", { action: { type: "Action.Execute", verb: "" } }],
    ["a numeric verb", { action: { type: "Action.Execute", verb: 42 } }],
    ["a 101-character verb", { action: { type: "Action.Execute", verb: "v".repeat(101) } }],
    ["array data", { action: { type: "Action.Execute", verb: "x", data: [] } }],
    ["null data", { action: { type: "Action.Execute", verb: "x", data: null } }],
    ["string data", { action: { type: "Action.Execute", verb: "x", data: "{}" } }],
    ["an unknown trigger", { action: { type: "Action.Execute", verb: "x" }, trigger: "auto" }],
  ] as const) {
    it(`ExecuteInvokeSchema refuses ${what}`, () => {
      assert.equal(ExecuteInvokeSchema.safeParse(body).success, false);
    });
  }

  it("firstIssueField names the first failing field, or 'input' for the whole", () => {
    const r = AgreementFieldsSchema.safeParse(submitted({ confidentiality: 7 }));
    assert.equal(r.success, false);
    assert.equal(firstIssueField(r.error!), "confidentiality");
    const whole = AgreementFieldsSchema.safeParse("not an object");
    assert.equal(firstIssueField(whole.error!), "input");
  });
});

// ---------------------------------------------------------------------------------------------

const ALL_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  AgreementFieldsSchema,
  SetupSubmitSchema,
  AgreementSaveSchema,
  AgreementAcceptSchema,
  AgreementRefreshSchema,
  ExecuteInvokeSchema,
  cleanText: cleanText(10),
};

const KNOWN_KEYS = [
  ...AgreementFieldNames,
  "mentorshipId",
  "baseVersion",
  "version",
  "setupId",
  "programme",
  "firstDay",
  "unit",
  "language",
  "mentee",
  "action",
  "trigger",
  "__proto__",
  "constructor",
];

/** Strings with everything awkward: control characters, lone surrogates, CR, combining marks, emoji. */
const nastyString = fc.oneof(
  fc.string({ unit: "binary" }),
  fc.string({ unit: fc.constantFrom("\r", "\n", "\u0000", "\u007f", "\ud800", "\udfff", "\u030a", "æ", "😀", ",", " ", "coach", "5") }),
  fc.constantFrom("5", "5.5", "", "coach,critic", "Action.Execute", "klds", "da"),
);
const nastyJson = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.jsonValue(),
    nastyString,
    fc.double(),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...KNOWN_KEYS, "type", "verb", "data"), tie("value"), { maxKeys: 6 }),
  ),
})).value;
/** Objects with the schemas' own keys, so that the fields' inner schemas are reached. */
const nearMiss = fc.record(Object.fromEntries(KNOWN_KEYS.filter((k) => k !== "__proto__").map((k) => [k, nastyJson])), { requiredKeys: [] });
const anyInput = fc.oneof(nastyJson, nearMiss, nearMiss.map((o) => ({ ...submitted(), ...o })));

describe("schemas: property — nothing throws", () => {
  it("safeParse only returns, for arbitrary JSON-like input", () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        for (const [name, schema] of Object.entries(ALL_SCHEMAS)) {
          let r: { success: boolean } | undefined;
          assert.doesNotThrow(() => {
            r = schema.safeParse(input);
          }, name);
          assert.equal(typeof r?.success, "boolean", name);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("whatever AgreementFieldsSchema accepts is clean and within limits", () => {
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.record(
          {
            purpose: nastyString,
            other: nastyString,
            meetingCount: fc.oneof(fc.integer({ min: -5, max: 60 }).map(String), fc.integer({ min: -5, max: 60 }), nastyString),
            mentorRoles: fc.oneof(nastyString, fc.array(fc.constantFrom(...MentorRoles, "boss", ""), { maxLength: 7 })),
          },
          { requiredKeys: [] },
        ),
        (over) => {
          const r = AgreementFieldsSchema.safeParse(submitted(over));
          if (!r.success) return;
          accepted++;
          const f = r.data;
          for (const name of AgreementTextFields) {
            const text = f[name];
            assert.ok(text.length <= AgreementTextLimits[name], name);
            assert.equal(text, text.trim());
            assert.doesNotMatch(text, /[\r\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
            assert.equal(text, text.normalize("NFC"));
          }
          assert.ok(Number.isInteger(f.meetingCount) && f.meetingCount >= 1 && f.meetingCount <= 52);
          assert.equal(new Set(f.mentorRoles).size, f.mentorRoles.length);
          for (const role of f.mentorRoles) assert.ok((MentorRoles as readonly string[]).includes(role));
        },
      ),
      { numRuns: 500 },
    );
    assert.ok(accepted > 50, `only ${accepted} inputs were accepted: the property proves little`);
  });
});
