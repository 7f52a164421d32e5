// Every card the bot sends, expanded with sample data in da, nb and en: valid Adaptive Cards 1.5
// (offline schema, see test/support/cardSchema.ts), no template syntax left, under the Teams size
// budget even with every text input full of æøå, and actions that carry ids and numbers only.
import assert from "node:assert/strict";
import { AgreementSaveSchema, SetupSubmitSchema } from "../../src/app/agreement/schemas";
import { agreementCardData, renderAgreementCard, type AgreementView } from "../../src/cards/agreementCard";
import { renderNoticeCard, renderSetupCard, setupCardData, type SetupCardInput } from "../../src/cards/setupCard";
import { type AdaptiveCard, expand, listOf } from "../../src/cards/template";
import { dateTimeText } from "../../src/i18n/dates";
import {
  type AgreementFields,
  AgreementFieldNames,
  AgreementTextFields,
  AgreementTextLimits,
  MentorRoles,
} from "../../src/domain/agreement";
import { type Language, Languages } from "../../src/domain/language";
import { type MessageKey, t } from "../../src/i18n";
import {
  type Mentorship,
  type Person,
  acceptAgreement,
  agreementPosted,
  createMentorship,
  editAgreement,
} from "../../src/domain/mentorship";
import { type ProgrammeId, Programmes } from "../../src/domain/programmes";
import {
  type JsonObject,
  TEAMS_CARD_BUDGET_BYTES,
  assertValidCard,
  cardBytes,
  executeActionsOf,
  inputsOf,
  templateLeftovers,
  validateCard,
  walk,
} from "../support/cardSchema";

// ---------------------------------------------------------------------------------------------
// Sample data

const teamsMentor: Person = { aadObjectId: "11111111-1111-4111-8111-111111111111", name: "Åse Ødegård", channelUserId: "29:1aBcMentor" };
const teamsMentee: Person = { aadObjectId: "22222222-2222-4222-8222-222222222222", name: "Søren Æbelø", channelUserId: "29:1xYzMentee" };
/** Ids as the Agents Playground / emulator report them: not Teams MRIs. */
const playgroundMentor: Person = { ...teamsMentor, channelUserId: "user-id-0" };
const playgroundMentee: Person = { ...teamsMentee, channelUserId: "00000000-0000-0000-0000-0000000000022" };

const T0 = new Date("2027-01-04T08:00:00Z");
const T1 = new Date("2027-01-05T09:15:00Z");
const T2 = new Date("2027-01-06T13:45:00Z");

/** æøå repeated to exactly n characters (2 bytes each in UTF-8: the worst realistic case for the budget). */
const aeoeaa = (n: number) => "æøå".repeat(Math.ceil(n / 3)).slice(0, n);

function ok<T>(r: { ok: true; value: T } | { ok: false; error: { code: string } }): T {
  if (!r.ok) assert.fail(`unexpected refusal ${r.error.code}`);
  return r.value;
}

interface Sample {
  readonly language: Language;
  readonly programme?: ProgrammeId;
  readonly people?: readonly [Person, Person];
  readonly fields?: (base: AgreementFields) => AgreementFields;
  readonly lock?: boolean;
  readonly acceptedByMentee?: boolean;
}

/** A mentorship in start-up (or locked), built through the domain functions like the service does. */
function mentorshipFor(s: Sample): Mentorship {
  const [mentor, mentee] = s.people ?? [teamsMentor, teamsMentee];
  const created = ok(
    createMentorship(
      {
        id: "m-7f3a",
        tenantId: "tenant-1",
        conversationId: "19:abc@thread.v2",
        programme: s.programme ?? "klds",
        language: s.language,
        unit: "Børn og familie, Vesterbro",
        firstWorkingDay: "2027-01-04",
        mentor,
        mentee,
      },
      { hasActiveMentorship: false, humanAadObjectIds: [mentor.aadObjectId, mentee.aadObjectId] },
      T0,
    ),
  );
  let m = ok(agreementPosted(created.mentorship, T0));
  if (s.fields) {
    m = ok(editAgreement(m, mentor.aadObjectId, created.firstVersion, s.fields(created.firstVersion.fields), T1)).mentorship;
  }
  if (s.acceptedByMentee || s.lock) m = ok(acceptAgreement(m, mentee.aadObjectId, m.agreement.version, T1));
  if (s.lock) m = ok(acceptAgreement(m, mentor.aadObjectId, m.agreement.version, T2));
  return m;
}

/** Every text field at its maxLength in æøå, every role and tool the programme offers, the largest numbers. */
function maxFieldsFor(programme: ProgrammeId): (base: AgreementFields) => AgreementFields {
  const own = Programmes[programme];
  return (base) => {
    const text = Object.fromEntries(AgreementTextFields.map((name) => [name, aeoeaa(AgreementTextLimits[name])]));
    return { ...base, ...text, meetingCount: 52, meetingMinutes: own.meetingMinutes.max, mentorRoles: [...own.mentorRoles], tools: [...own.tools] };
  };
}
const maxFields = maxFieldsFor("klds");

const someFields = (base: AgreementFields): AgreementFields => ({
  ...base,
  timeAndPlace: "Hver anden tirsdag kl. 9.00–10.00, mødelokale 2",
  openness: "Vi taler åbent om det, der fylder",
  mentorRoles: ["coach", "critic"],
  tools: ["processJournal"],
});

const NOTICE: Record<Language, string> = { da: "Gemt som version 2.", nb: "Lagret som versjon 2.", en: "Saved as version 2." };
const ERROR: Record<Language, string> = {
  da: "Aftalen er ændret, siden du åbnede den.",
  nb: "Avtalen er endret siden du åpnet den.",
  en: "The agreement has changed since you opened it.",
};
const LONG_NOTICE = (l: Language) => `${NOTICE[l]} ${aeoeaa(300)}`;
const LONG_ERROR = (l: Language) => `${ERROR[l]} ${aeoeaa(300)}`;

interface AgreementCase {
  readonly name: string;
  readonly m: Mentorship;
  readonly view: AgreementView;
  readonly max?: boolean;
}

function agreementCases(language: Language): AgreementCase[] {
  const plain = mentorshipFor({ language });
  const filled = mentorshipFor({ language, fields: someFields, acceptedByMentee: true });
  const full = mentorshipFor({ language, fields: maxFields });
  const fullLocked = mentorshipFor({ language, fields: maxFields, lock: true });
  const lockedPlain = mentorshipFor({ language, fields: someFields, lock: true });
  const playground = mentorshipFor({ language, people: [playgroundMentor, playgroundMentee] });
  const kristiansand = mentorshipFor({ language, programme: "kristiansand" });
  const kristiansandFull = mentorshipFor({ language, programme: "kristiansand", fields: maxFieldsFor("kristiansand") });
  const kristiansandFullLocked = mentorshipFor({ language, programme: "kristiansand", fields: maxFieldsFor("kristiansand"), lock: true });
  return [
    { name: "editable", m: plain, view: {} },
    { name: "editable with notice", m: filled, view: { notice: NOTICE[language] } },
    { name: "editable with error", m: filled, view: { error: ERROR[language] } },
    { name: "editable with notice and error", m: filled, view: { notice: NOTICE[language], error: ERROR[language] } },
    { name: "editable (Kristiansand)", m: kristiansand, view: {} },
    { name: "editable, ids not Teams MRIs", m: playground, view: {} },
    { name: "read-only", m: filled, view: { readOnly: true } },
    { name: "read-only with notice", m: plain, view: { readOnly: true, notice: NOTICE[language] } },
    { name: "read-only with error", m: plain, view: { readOnly: true, error: ERROR[language] } },
    { name: "locked", m: lockedPlain, view: {} },
    { name: "locked with notice and error", m: lockedPlain, view: { notice: NOTICE[language], error: ERROR[language] } },
    { name: "editable, every text at maxLength (æøå)", m: full, view: { notice: LONG_NOTICE(language), error: LONG_ERROR(language) }, max: true },
    { name: "read-only, every text at maxLength (æøå)", m: full, view: { readOnly: true, notice: LONG_NOTICE(language), error: LONG_ERROR(language) }, max: true },
    { name: "locked, every text at maxLength (æøå)", m: fullLocked, view: { notice: LONG_NOTICE(language), error: LONG_ERROR(language) }, max: true },
    { name: "editable (Kristiansand), every text at maxLength (æøå)", m: kristiansandFull, view: { notice: LONG_NOTICE(language), error: LONG_ERROR(language) }, max: true },
    { name: "locked (Kristiansand), every text at maxLength (æøå)", m: kristiansandFullLocked, view: { notice: LONG_NOTICE(language), error: LONG_ERROR(language) }, max: true },
    { name: "headings only", m: filled, view: { headingsOnly: true, error: ERROR[language] } },
    { name: "headings only, locked, every text at maxLength (æøå)", m: fullLocked, view: { headingsOnly: true, error: LONG_ERROR(language) }, max: true },
  ];
}

const ONE = [{ name: "Søren Æbelø", aadObjectId: teamsMentee.aadObjectId }];
const THREE = [
  ...ONE,
  { name: "Kari Nordmann", aadObjectId: "44444444-4444-4444-8444-444444444444" },
  { name: "Jens Jensen", aadObjectId: "55555555-5555-4555-8555-555555555555" },
];

function setupCases(language: Language): { name: string; input: SetupCardInput }[] {
  const base = { language, setupId: "setup-42", mentorName: teamsMentor.name };
  return [
    { name: "1 candidate", input: { ...base, candidates: ONE } },
    { name: "3 candidates", input: { ...base, candidates: THREE } },
    {
      name: "3 candidates, error and previous input",
      input: {
        ...base,
        candidates: THREE,
        error: ERROR[language],
        previous: { programme: "custom", firstDay: "2027-02-01", unit: "Vågsbygd omsorgssenter", mentee: THREE[1]!.aadObjectId, language: "en" },
      },
    },
    { name: "unit at maxLength (æøå)", input: { ...base, candidates: THREE, error: LONG_ERROR(language), previous: { unit: aeoeaa(100) } } },
    {
      name: "the mentor leads the mentee: KL/DS' advice and the confirm toggle (issue 12)",
      input: { ...base, candidates: THREE, error: ERROR[language], previous: { unit: aeoeaa(100), mentee: THREE[0]!.aadObjectId }, leaderWarning: { menteeAadObjectId: THREE[0]!.aadObjectId, menteeName: THREE[0]!.name } },
    },
  ];
}

function noticeCases(language: Language) {
  return [
    { name: "title and lines", data: { title: NOTICE[language], lines: [ERROR[language], "Åse Ødegård · Søren Æbelø"], error: "" } },
    { name: "with error", data: { title: NOTICE[language], lines: [ERROR[language]], error: ERROR[language] } },
    { name: "no lines", data: { title: NOTICE[language], lines: [], error: "" } },
  ];
}

// ---------------------------------------------------------------------------------------------
// Helpers on expanded cards

/** What Teams would send for Action.Execute: the action's data merged with every input's value. */
function submission(card: AdaptiveCard, verb: string): Record<string, unknown> {
  const action = executeActionsOf(card).find((a) => a["verb"] === verb);
  assert.ok(action, `no Action.Execute with verb ${verb}`);
  const values = Object.fromEntries(inputsOf(card).map((i) => [i["id"] as string, i["value"] ?? ""]));
  return { ...values, ...(action["data"] as JsonObject) };
}

const EXPECTED_DATA_KEYS: Readonly<Record<string, readonly string[]>> = {
  "agreement.save": ["baseVersion", "mentorshipId"],
  "agreement.accept": ["mentorshipId", "version"],
  "agreement.refresh": ["mentorshipId"],
  "revision.propose": ["mentorshipId"],
  "revision.save": ["baseVersion", "mentorshipId"],
  "revision.accept": ["mentorshipId", "version"],
  "revision.withdraw": ["mentorshipId", "version"],
  "setup.submit": ["setupId"],
};

function checkActionData(card: AdaptiveCard, ids: { mentorshipId?: string; version?: number; setupId?: string }): void {
  const actions = executeActionsOf(card);
  for (const action of actions) {
    const verb = action["verb"] as string;
    const expected = EXPECTED_DATA_KEYS[verb];
    assert.ok(expected, `unknown verb ${verb}`);
    const data = action["data"] as JsonObject;
    assert.deepEqual(Object.keys(data).sort(), expected, `${verb} carries only ${expected.join(", ")}`);
    for (const [key, v] of Object.entries(data)) {
      if (key === "mentorshipId") assert.equal(v, ids.mentorshipId);
      else if (key === "setupId") assert.equal(v, ids.setupId);
      else {
        assert.equal(typeof v, "number", `${verb}.${key} is a number`);
        assert.equal(v, ids.version);
      }
    }
  }
}

function checkLabels(card: AdaptiveCard): void {
  for (const input of inputsOf(card)) {
    assert.equal(typeof input["label"], "string", `${String(input["id"])} has a label`);
    assert.notEqual((input["label"] as string).trim(), "", `${String(input["id"])} has a non-empty label`);
  }
}

// ---------------------------------------------------------------------------------------------

describe("cards: the validator and the leftover check catch broken cards", () => {
  it("accepts a minimal valid card", () => {
    const check = validateCard({ type: "AdaptiveCard", version: "1.5", body: [{ type: "TextBlock", text: "Hej" }] });
    assert.equal(check.valid, true, check.message);
  });

  it("refuses an Action.Execute whose verb is a number", () => {
    const card = { type: "AdaptiveCard", version: "1.5", body: [], actions: [{ type: "Action.Execute", title: "x", verb: 42 }] };
    const check = validateCard(card);
    assert.equal(check.valid, false);
    assert.ok(check.errors.some((e) => e.instancePath === "/actions/0/verb" && e.keyword === "type"), check.message);
  });

  it("refuses an unknown element type, a number left as a string, and an unknown enum value", () => {
    const card = (body: object[]) => ({ type: "AdaptiveCard", version: "1.5", body });
    assert.equal(validateCard(card([{ type: "TextBlok", text: "x" }])).valid, false);
    // What "maxLength": "${max}" would give if the templating returned text instead of the number.
    assert.equal(validateCard(card([{ type: "Input.Text", id: "a", label: "A", maxLength: "800" }])).valid, false);
    assert.equal(validateCard(card([{ type: "Input.Text", id: "a", label: "A", maxLength: 800 }])).valid, true);
    assert.equal(validateCard(card([{ type: "TextBlock", text: "x", weight: "Heavy" }])).valid, false);
  });

  it("ignores the Teams msteams extension", () => {
    const card = { type: "AdaptiveCard", version: "1.5", body: [], msteams: { width: "Full" } };
    assert.equal(validateCard(card).valid, true);
  });

  it("finds an expression the templating library left as text", () => {
    const card = expand({ type: "AdaptiveCard", version: "1.5", body: [{ type: "TextBlock", text: "${nope.missing}" }] }, { t: {} });
    assert.deepEqual(templateLeftovers(card), ["/body/0/text = \"${nope.missing}\""]);
  });
});

for (const language of Languages) {
  describe(`cards (${language}): agreement`, () => {
    for (const c of agreementCases(language)) {
      const card = renderAgreementCard(c.m, c.view);

      it(`${c.name}: validates against Adaptive Cards 1.5`, () => assertValidCard(card, c.name));

      it(`${c.name}: leaves no template syntax`, () => {
        assert.deepEqual(templateLeftovers(card), []);
      });

      it(`${c.name}: stays under 28 KB`, () => {
        const bytes = cardBytes(card);
        assert.ok(bytes < TEAMS_CARD_BUDGET_BYTES, `${bytes} bytes`);
      });

      it(`${c.name}: action data holds only ids and the version; every input has a label`, () => {
        checkActionData(card, { mentorshipId: c.m.id, version: c.m.agreement.version });
        checkLabels(card);
        const fieldTexts = AgreementTextFields.map((f) => c.m.agreement.fields[f]).filter((s) => s.length > 0);
        for (const action of executeActionsOf(card)) {
          for (const node of walk(action["data"])) {
            if (typeof node.value === "string") assert.ok(!fieldTexts.includes(node.value), `field text in action data at ${node.pointer}`);
          }
        }
      });
    }

    it("the editable card has an input for every agreement field, Save and Accept, and the refresh", () => {
      const m = mentorshipFor({ language, fields: someFields });
      const card = renderAgreementCard(m);
      const ids = inputsOf(card).map((i) => i["id"] as string);
      assert.deepEqual([...ids].sort(), [...AgreementFieldNames].sort());
      assert.equal(new Set(ids).size, ids.length, "input ids are unique");
      for (const input of inputsOf(card).filter((i) => i["type"] === "Input.Text")) {
        const id = input["id"] as keyof typeof AgreementTextLimits;
        assert.equal(input["maxLength"], AgreementTextLimits[id], `${id} maxLength`);
        assert.equal(input["value"], m.agreement.fields[id]);
      }
      const verbs = (card["actions"] as JsonObject[]).map((a) => [a["type"], a["verb"]]);
      assert.deepEqual(verbs, [["Action.Execute", "agreement.save"], ["Action.Execute", "agreement.accept"]]);
      const refresh = card["refresh"] as JsonObject;
      assert.deepEqual(refresh["userIds"], [teamsMentor.channelUserId, teamsMentee.channelUserId]);
      assert.equal((refresh["action"] as JsonObject)["verb"], "agreement.refresh");
    });

    it("headings only (for someone in the chat who is not a party): the state, none of the agreement's text", () => {
      for (const m of [mentorshipFor({ language, fields: maxFields, acceptedByMentee: true }), mentorshipFor({ language, fields: maxFields, lock: true })]) {
        const card = renderAgreementCard(m, { headingsOnly: true });
        const text = JSON.stringify(card);
        assert.ok(!text.includes("æøå"), "no field text");
        assert.deepEqual(inputsOf(card), []);
        assert.deepEqual(executeActionsOf(card).map((a) => a["verb"]).filter((v) => v !== "agreement.refresh"), [], "no buttons");
        for (const key of ["agreement.purpose", "agreement.learningNeeds", "agreement.other"] as const) assert.ok(text.includes(t(language, key)), key);
        assert.ok(text.includes(teamsMentee.name), "who accepted is state, and shown");
      }
    });

    it("the number inputs carry the programme's ranges", () => {
      for (const programme of ["klds", "kristiansand", "custom"] as const) {
        const card = renderAgreementCard(mentorshipFor({ language, programme }));
        const byId = new Map(inputsOf(card).map((i) => [i["id"], i]));
        const minutes = byId.get("meetingMinutes");
        assert.ok(minutes);
        assert.equal(minutes["min"], Programmes[programme].meetingMinutes.min);
        assert.equal(minutes["max"], Programmes[programme].meetingMinutes.max);
        assert.equal(minutes["value"], Programmes[programme].meetingMinutes.default);
        assert.equal(byId.get("meetingCount")?.["value"], Programmes[programme].defaultMeetingCount);
      }
    });

    it("offers the programme's own mentor roles and tools: KL/DS's for social work, Kristiansand's for nursing homes", () => {
      const expected: Record<ProgrammeId, { roles: string[]; tools: string[] }> = {
        klds: { roles: ["supervisor", "coach", "adviser", "knowledgeSharer", "critic"], tools: ["processJournal", "caseAnalysis", "coachingConversation"] },
        kristiansand: { roles: ["supporter", "counsellor", "guide"], tools: ["practiceReflection", "qualitySystem", "goodEnough"] },
        custom: { roles: ["supervisor", "coach", "adviser", "knowledgeSharer", "critic"], tools: ["processJournal", "caseAnalysis", "coachingConversation"] },
      };
      for (const programme of ["klds", "kristiansand", "custom"] as const) {
        const card = renderAgreementCard(mentorshipFor({ language, programme }));
        const byId = new Map(inputsOf(card).map((i) => [i["id"], i]));
        const choices = (id: string) => (byId.get(id)?.["choices"] as JsonObject[]).map((c) => c["value"]);
        assert.deepEqual(choices("mentorRoles"), expected[programme].roles, `${programme} roles`);
        assert.deepEqual(choices("tools"), expected[programme].tools, `${programme} tools`);
        for (const c of [...(byId.get("mentorRoles")?.["choices"] as JsonObject[]), ...(byId.get("tools")?.["choices"] as JsonObject[])]) {
          assert.equal(c["title"], t(language, `${MentorRoles.includes(c["value"] as never) ? "mentorRole" : "tool"}.${String(c["value"])}` as MessageKey));
        }
      }
      const text = JSON.stringify(renderAgreementCard(mentorshipFor({ language, programme: "kristiansand" })));
      assert.ok(!text.includes(t(language, "mentorRole.supervisor")), "no social-work supervisor in a nursing home");
      assert.ok(!text.includes(t(language, "tool.caseAnalysis")), "no case and episode analysis in a nursing home");
    });

    it("an agreement stored before programmes had their own lists keeps its roles and tools, shown and offered", () => {
      const stored = mentorshipFor({ language, programme: "kristiansand" });
      const legacy: Mentorship = { ...stored, agreement: { ...stored.agreement, fields: { ...stored.agreement.fields, mentorRoles: ["supervisor"], tools: ["caseAnalysis"] } } };
      const byId = new Map(inputsOf(renderAgreementCard(legacy)).map((i) => [i["id"], i]));
      assert.ok((byId.get("tools")?.["choices"] as JsonObject[]).some((c) => c["value"] === "caseAnalysis"));
      assert.equal(byId.get("tools")?.["value"], "caseAnalysis");
      const parsed = AgreementSaveSchema.safeParse(submission(renderAgreementCard(legacy), "agreement.save"));
      assert.ok(parsed.success);
      const readOnly = JSON.stringify(renderAgreementCard(legacy, { readOnly: true }));
      assert.ok(readOnly.includes(t(language, "tool.caseAnalysis")) && readOnly.includes(t(language, "mentorRole.supervisor")));
    });

    it("what the editable card submits on Save parses back to the same fields, even at maxLength", () => {
      for (const fields of [someFields, maxFields]) {
        const m = mentorshipFor({ language, fields });
        const parsed = AgreementSaveSchema.safeParse(submission(renderAgreementCard(m), "agreement.save"));
        assert.ok(parsed.success, parsed.success ? "" : JSON.stringify(parsed.error.issues.slice(0, 3)));
        const { mentorshipId, baseVersion, ...rest } = parsed.data;
        assert.equal(mentorshipId, m.id);
        assert.equal(baseVersion, m.agreement.version);
        assert.deepEqual(rest, { ...m.agreement.fields, mentorRoles: [...m.agreement.fields.mentorRoles], tools: [...m.agreement.fields.tools] });
      }
    });

    it("the maxLength card really is full: every text input holds maxLength æøå characters", () => {
      const card = renderAgreementCard(mentorshipFor({ language, fields: maxFields }));
      const texts = inputsOf(card).filter((i) => i["type"] === "Input.Text");
      assert.equal(texts.length, AgreementTextFields.length);
      for (const input of texts) {
        assert.equal((input["value"] as string).length, input["maxLength"], String(input["id"]));
        assert.match(input["value"] as string, /^[æøå]+$/);
      }
    });

    it("the refresh block appears only for Teams MRIs, and never on a locked card", () => {
      const teams = renderAgreementCard(mentorshipFor({ language }));
      assert.deepEqual((teams["refresh"] as JsonObject)["userIds"], ["29:1aBcMentor", "29:1xYzMentee"]);
      const mixed = renderAgreementCard(mentorshipFor({ language, people: [teamsMentor, playgroundMentee] }));
      assert.deepEqual((mixed["refresh"] as JsonObject)["userIds"], ["29:1aBcMentor"]);
      const playground = renderAgreementCard(mentorshipFor({ language, people: [playgroundMentor, playgroundMentee] }));
      assert.equal(playground["refresh"] ?? undefined, undefined, "no refresh without MRIs");
      const locked = renderAgreementCard(mentorshipFor({ language, lock: true }));
      assert.equal(locked["refresh"] ?? undefined, undefined, "no refresh when locked");
      assert.deepEqual(agreementCardData(mentorshipFor({ language, lock: true })).refreshUserIds, []);
    });

    it("the refresh key is absent (not null) when there is no refresh", () => {
      const locked = renderAgreementCard(mentorshipFor({ language, lock: true }));
      assert.equal("refresh" in locked, false);
      const playground = renderAgreementCard(mentorshipFor({ language, people: [playgroundMentor, playgroundMentee] }));
      assert.equal("refresh" in playground, false);
    });

    it("the locked and read-only cards have no inputs and no actions (the locked one: only 'propose a change'), and show the agreed text", () => {
      const m = mentorshipFor({ language, fields: someFields, lock: true });
      const locked = renderAgreementCard(m);
      for (const card of [locked, renderAgreementCard(mentorshipFor({ language, fields: someFields }), { readOnly: true })]) {
        assert.deepEqual(inputsOf(card), []);
        // Revising an agreement in force (issue 11) is its own proposal, never an edit of the agreed text.
        const allowed = card === locked ? ["revision.propose"] : [];
        assert.deepEqual(executeActionsOf(card).filter((a) => a["verb"] !== "agreement.refresh").map((a) => a["verb"]), allowed);
        const texts = [...walk(card)].filter((n) => n.key === "text").map((n) => n.value);
        assert.ok(texts.includes(m.agreement.fields.timeAndPlace), "shows time and place");
        assert.ok(texts.includes(m.agreement.fields.openness), "shows openness");
      }
    });
  });

  describe(`cards (${language}): agreement, the first hour`, () => {
    const body = (card: AdaptiveCard) => card["body"] as JsonObject[];
    const textsOf = (node: unknown) => [...walk(node)].filter((n) => n.key === "text").map((n) => n.value as string);

    /** Version 2 (by the mentor) accepted by the mentee, then version 3 by the mentor: undisturbed and short-term goals. */
    function editedAfterAcceptance(): Mentorship {
      const m = mentorshipFor({ language, fields: someFields, acceptedByMentee: true });
      const v2 = { number: 2, fields: m.agreement.fields, editedBy: "mentor" as const, at: T1.toISOString() };
      const changed = { ...m.agreement.fields, undisturbed: "Telefonen på lydløs", shortTermGoals: "Myndighedsrollen" };
      return ok(editAgreement(m, teamsMentor.aadObjectId, v2, changed, T2)).mentorship;
    }

    it("every free-text input has a short example from the programme's material, per programme where the seeds differ", () => {
      const prefix = language === "en" ? "E.g. " : "F.eks. ";
      const placeholders = (programme: ProgrammeId) =>
        new Map(inputsOf(renderAgreementCard(mentorshipFor({ language, programme }))).filter((i) => i["type"] === "Input.Text").map((i) => [i["id"], i["placeholder"] as string]));
      for (const programme of ["klds", "kristiansand", "custom"] as const) {
        const byId = placeholders(programme);
        assert.equal(byId.size, AgreementTextFields.length);
        for (const [id, text] of byId) {
          assert.ok(text.startsWith(prefix), `${programme} ${String(id)}: ${text}`);
          assert.ok(text.length < 120, `${programme} ${String(id)} is short`);
        }
      }
      const klds = placeholders("klds");
      const kristiansand = placeholders("kristiansand");
      assert.deepEqual(placeholders("custom"), klds);
      assert.equal(klds.get("shortTermGoals"), t(language, "agreement.placeholder.shortTermGoals"));
      assert.equal(kristiansand.get("shortTermGoals"), t(language, "agreement.placeholder.kristiansand.shortTermGoals"));
      assert.notEqual(kristiansand.get("shortTermGoals"), klds.get("shortTermGoals"));
      assert.equal(kristiansand.get("feedback"), klds.get("feedback"), "where seed 004 says nothing of its own, KL/DS's example");
      if (language === "da") assert.match(klds.get("shortTermGoals") ?? "", /myndighedsrollen/);
      if (language === "nb") assert.match(kristiansand.get("shortTermGoals") ?? "", /kvalitetssystemet/);
    });

    it("the locked agreement shows the filled fields only, no '–', and one line counting the empty ones", () => {
      const m = mentorshipFor({ language, fields: someFields, lock: true });
      const card = renderAgreementCard(m);
      const texts = textsOf(card);
      assert.ok(!texts.includes(t(language, "agreement.empty")), "no dash for an empty field");
      const f = m.agreement.fields;
      const emptyCount = AgreementTextFields.filter((id) => f[id] === "").length + (f.mentorRoles.length === 0 ? 1 : 0) + (f.tools.length === 0 ? 1 : 0);
      assert.equal(emptyCount, 11);
      assert.ok(texts.includes(t(language, "agreement.emptyMany", { count: emptyCount })));
      for (const id of AgreementTextFields.filter((x) => f[x] === "")) assert.ok(!texts.includes(t(language, `agreement.${id}` as MessageKey)), `${id} left out`);
      for (const value of [f.purpose, f.timeAndPlace, f.openness]) assert.ok(texts.includes(value));
      // Nothing empty: no count line.
      const full = renderAgreementCard(mentorshipFor({ language, fields: maxFields, lock: true }));
      assert.ok(!textsOf(full).some((x) => x === t(language, "agreement.emptyOne") || x.includes(t(language, "agreement.emptyMany", { count: 0 }).replace("0", ""))));
      // Before: every field was a label and a value, empty or not (36 text blocks in the sections); now the 7 filled ones and the count.
      const sectionTexts = textsOf(body(card).at(-1));
      assert.ok(sectionTexts.length <= 2 * 7 + 4 + 1, `${sectionTexts.length} text blocks`);
    });

    it("says what changed since the version someone accepted, and otherwise since the previous version", () => {
      const label = (k: string) => t(language, `agreement.${k}` as MessageKey);
      const m = editedAfterAcceptance();
      const data = agreementCardData(m);
      assert.deepEqual(data.changes, [t(language, "agreement.changedSince", { version: 2, fields: listOf(language, [label("undisturbed"), label("shortTermGoals")]) })]);
      assert.deepEqual(textsOf(body(renderAgreementCard(m))[1]).slice(1), data.changes, "in the state box at the top");
      // Nobody accepted anything: version 2 against version 1.
      const v2 = mentorshipFor({ language, fields: someFields });
      assert.deepEqual(agreementCardData(v2).changes, [
        t(language, "agreement.changedSince", { version: 1, fields: listOf(language, ["timeAndPlace", "openness", "mentorRoles", "tools"].map(label)) }),
      ]);
      assert.deepEqual(agreementCardData(mentorshipFor({ language })).changes, [], "version 1 changed nothing");
      assert.deepEqual(agreementCardData(mentorshipFor({ language, fields: someFields, lock: true })).changes, [], "nothing once agreed");
      assert.deepEqual(agreementCardData(m, { headingsOnly: true }).changes, [], "not for someone who is not a party");
      const { changedIn: _c, ...older } = m.agreement;
      assert.deepEqual(agreementCardData({ ...m, agreement: older }).changes, [], "a row stored before changedIn existed says nothing rather than guess");
    });

    it("the first element after the title is the state and the next step, naming who is waiting; Accept invites no second accept", () => {
      const stateOf = (m: Mentorship) => {
        const card = renderAgreementCard(m);
        assert.equal(body(card)[0]?.["text"], t(language, "agreement.title"));
        return textsOf(body(card)[1])[0];
      };
      const both = listOf(language, [teamsMentor.name, teamsMentee.name]);
      assert.equal(stateOf(mentorshipFor({ language })), t(language, "agreement.waitingFor", { names: both, version: 1 }));
      const menteeAccepted = mentorshipFor({ language, fields: someFields, acceptedByMentee: true });
      assert.equal(stateOf(menteeAccepted), t(language, "agreement.waitingFor", { names: teamsMentor.name, version: 2 }));
      const locked = mentorshipFor({ language, fields: someFields, lock: true });
      assert.equal(stateOf(locked), t(language, "agreement.locked", { at: dateTimeText(language, T2, locked.timeZone) }));

      const acceptTitle = (card: AdaptiveCard) => executeActionsOf(card).find((a) => a["verb"] === "agreement.accept")?.["title"];
      assert.equal(acceptTitle(renderAgreementCard(mentorshipFor({ language }))), t(language, "agreement.accept", { version: 1 }));
      // The shared card, once the mentee has accepted: the button is the mentor's.
      assert.equal(acceptTitle(renderAgreementCard(menteeAccepted)), t(language, "agreement.acceptFor", { name: teamsMentor.name, version: 2 }));
      // The mentee's own card (her invoke response or refresh): no Accept for what she accepted; Save stays.
      const own = renderAgreementCard(menteeAccepted, { viewer: "mentee" });
      assert.equal(acceptTitle(own), undefined);
      assert.ok(executeActionsOf(own).some((a) => a["verb"] === "agreement.save"));
      assert.equal(acceptTitle(renderAgreementCard(menteeAccepted, { viewer: "mentor" })), t(language, "agreement.acceptFor", { name: teamsMentor.name, version: 2 }));
    });

    it("no field is labelled with its own section's heading ('Rammer' then 'Andet', not 'Rammer: andet')", () => {
      for (const m of [mentorshipFor({ language, fields: maxFields }), mentorshipFor({ language, fields: maxFields, lock: true })]) {
        const card = renderAgreementCard(m);
        let sections = 0;
        for (const node of walk(card)) {
          const c = node.value as JsonObject;
          const items = c && typeof c === "object" && c["type"] === "Container" ? (c["items"] as JsonObject[] | undefined) : undefined;
          const first = items?.[0];
          if (!first || first["style"] !== "heading" || first["text"] === t(language, "agreement.title")) continue;
          sections++;
          const heading = first["text"];
          const labels = [...walk(items.slice(1))]
            .map((n) => n.value as JsonObject)
            .filter((o) => o !== null && typeof o === "object" && !Array.isArray(o))
            .flatMap((o) => (typeof o["label"] === "string" ? [o["label"]] : o["type"] === "TextBlock" && o["size"] === "Small" && o["weight"] === "Bolder" ? [o["text"]] : []));
          assert.ok(!labels.includes(heading), `section ${String(heading)} repeats its heading as a label`);
          for (const l of labels) assert.ok(typeof l !== "string" || !l.startsWith(`${String(heading)}:`), `${String(l)} under ${String(heading)}`);
        }
        assert.ok(sections >= 4, `${sections} sections checked`);
      }
    });

    it("no two inputs in a row share a label (the last section's field is not one more 'Andet')", () => {
      const card = renderAgreementCard(mentorshipFor({ language, fields: maxFields }));
      const labels = [...walk(card)]
        .map((n) => n.value as JsonObject)
        .filter((o) => o !== null && typeof o === "object" && !Array.isArray(o) && typeof o["type"] === "string" && String(o["type"]).startsWith("Input.") && typeof o["label"] === "string")
        .map((o) => o["label"] as string);
      assert.ok(labels.length > 10, `${labels.length} inputs`);
      for (let k = 1; k < labels.length; k++) assert.notEqual(labels[k], labels[k - 1], `inputs ${k - 1} and ${k} are both labelled ${labels[k]}`);
    });
  });

  describe(`cards (${language}): setup`, () => {
    for (const c of setupCases(language)) {
      const card = renderSetupCard(c.input);
      it(`${c.name}: validates, leaves no template syntax, stays under 28 KB`, () => {
        assertValidCard(card, c.name);
        assert.deepEqual(templateLeftovers(card), []);
        assert.ok(cardBytes(card) < TEAMS_CARD_BUDGET_BYTES, `${cardBytes(card)} bytes`);
      });
      it(`${c.name}: action data holds only the setup id; every input has a label`, () => {
        checkActionData(card, { setupId: "setup-42" });
        assert.equal(executeActionsOf(card).length, 1);
        checkLabels(card);
      });
    }

    it("lists the mentee choice only with more than one candidate", () => {
      const one = renderSetupCard({ language, setupId: "s-1", mentorName: "Åse", candidates: ONE });
      assert.equal(inputsOf(one).some((i) => i["id"] === "mentee"), false);
      assert.deepEqual(inputsOf(one).map((i) => i["id"]), ["programme", "firstDay", "unit", "language"]);
      const three = renderSetupCard({ language, setupId: "s-1", mentorName: "Åse", candidates: THREE });
      const mentee = inputsOf(three).find((i) => i["id"] === "mentee");
      assert.ok(mentee);
      assert.equal(mentee["type"], "Input.ChoiceSet");
      assert.deepEqual(mentee["choices"], THREE.map((c) => ({ title: c.name, value: c.aadObjectId })));
    });

    it("what the setup card submits parses with SetupSubmitSchema", () => {
      const card = renderSetupCard({
        language,
        setupId: "setup-42",
        mentorName: "Åse",
        candidates: THREE,
        previous: { firstDay: "2027-02-01", unit: "Vågsbygd omsorgssenter", mentee: THREE[2]!.aadObjectId },
      });
      const parsed = SetupSubmitSchema.safeParse(submission(card, "setup.submit"));
      assert.ok(parsed.success, parsed.success ? "" : JSON.stringify(parsed.error.issues));
      assert.deepEqual(parsed.data, {
        setupId: "setup-42",
        programme: language === "nb" ? "kristiansand" : "klds",
        firstDay: "2027-02-01",
        unit: "Vågsbygd omsorgssenter",
        language,
        mentee: THREE[2]!.aadObjectId,
      });
    });

    it("the leader toggle shows only with the warning, and its confirmation names the mentee and parses with SetupSubmitSchema", () => {
      const plain = renderSetupCard({ language, setupId: "setup-42", mentorName: "Åse", candidates: THREE });
      assert.equal(inputsOf(plain).some((i) => i["id"] === "confirmLeader"), false);
      const warned = renderSetupCard({
        language,
        setupId: "setup-42",
        mentorName: "Åse",
        candidates: THREE,
        previous: { firstDay: "2027-02-01", unit: "Vågsbygd omsorgssenter", mentee: THREE[1]!.aadObjectId },
        leaderWarning: { menteeAadObjectId: THREE[1]!.aadObjectId, menteeName: THREE[1]!.name },
      });
      const toggle = inputsOf(warned).find((i) => i["id"] === "confirmLeader");
      assert.ok(toggle);
      assert.equal(toggle["type"], "Input.Toggle");
      assert.equal(toggle["valueOn"], THREE[1]!.aadObjectId);
      const unticked = SetupSubmitSchema.safeParse(submission(warned, "setup.submit"));
      assert.ok(unticked.success && unticked.data.confirmLeader === "");
      const ticked = SetupSubmitSchema.safeParse({ ...submission(warned, "setup.submit"), confirmLeader: toggle["valueOn"] });
      assert.ok(ticked.success && ticked.data.confirmLeader === THREE[1]!.aadObjectId);
      assert.equal(SetupSubmitSchema.safeParse({ ...submission(warned, "setup.submit"), confirmLeader: "not an id!" }).success, false);
    });

    it("offers every programme and language, titled in the card's language", () => {
      const data = setupCardData({ language, setupId: "s", mentorName: "Åse", candidates: ONE });
      assert.deepEqual(data.programmes.map((p) => p.value), ["klds", "kristiansand", "custom"]);
      assert.deepEqual(data.languages.map((l) => l.value), [...Languages]);
      for (const p of data.programmes) assert.ok(!p.title.startsWith("programme."), p.title);
    });
  });

  describe(`cards (${language}): notice`, () => {
    for (const c of noticeCases(language)) {
      it(`${c.name}: validates, leaves no template syntax, stays under 28 KB`, () => {
        const card = renderNoticeCard(c.data);
        assertValidCard(card, c.name);
        assert.deepEqual(templateLeftovers(card), []);
        assert.ok(cardBytes(card) < TEAMS_CARD_BUDGET_BYTES);
        assert.deepEqual(executeActionsOf(card), []);
        const texts = [...walk(card)].filter((n) => n.key === "text").map((n) => n.value);
        for (const line of c.data.lines) assert.ok(texts.includes(line), line);
        assert.equal(texts.includes(c.data.error), c.data.error !== "");
      });
    }
  });
}
