// The agreement card with a proposed change of the agreement in force (issue 11, item 2), in da, nb
// and en: valid Adaptive Cards 1.5 against the official schema, no template syntax left, under the
// Teams budget with both the agreed and the proposed text at maxLength, ids and numbers only in
// action data, and the card shows both — what applies now (compact) and the proposal (the form).
import assert from "node:assert/strict";
import { agreementSaveSchemaFor } from "../../src/app/agreement/schemas";
import { IN_FORCE_CHARS, agreementCardData, renderAgreementCard } from "../../src/cards/agreementCard";
import { type AdaptiveCard, listOf } from "../../src/cards/template";
import { type AgreementFields, AgreementTextFields, AgreementTextLimits } from "../../src/domain/agreement";
import { type Language, Languages } from "../../src/domain/language";
import {
  type Mentorship,
  type Person,
  acceptAgreement,
  acceptRevision,
  agreementPosted,
  createMentorship,
  editAgreement,
  editRevision,
  proposeRevision,
} from "../../src/domain/mentorship";
import { type MessageKey, t } from "../../src/i18n";
import { dateTimeText } from "../../src/i18n/dates";
import { TEAMS_CARD_BUDGET_BYTES, assertValidCard, cardBytes, executeActionsOf, inputsOf, templateLeftovers, walk } from "../support/cardSchema";

const mentor: Person = { aadObjectId: "11111111-1111-4111-8111-111111111111", name: "Åse Ødegård", channelUserId: "29:1aBcMentor" };
const mentee: Person = { aadObjectId: "22222222-2222-4222-8222-222222222222", name: "Søren Æbelø", channelUserId: "29:1xYzMentee" };

const T0 = new Date("2027-01-04T08:00:00Z");
const T1 = new Date("2027-01-05T09:15:00Z");
const T2 = new Date("2027-01-06T13:45:00Z");
const T3 = new Date("2027-03-01T10:00:00Z");
const T4 = new Date("2027-03-02T10:00:00Z");

const aeoeaa = (n: number, offset = 0) => "æøåÆØÅ".repeat(Math.ceil((n + offset) / 6) + 1).slice(offset, offset + n);

function ok<T>(r: { ok: true; value: T } | { ok: false; error: { code: string } }): T {
  if (!r.ok) assert.fail(`unexpected refusal ${r.error.code}`);
  return r.value;
}

const agreedFields = (base: AgreementFields): AgreementFields => ({
  ...base,
  timeAndPlace: "Hver anden tirsdag kl. 9.00–10.00, mødelokale 2",
  openness: "Vi taler åbent om det, der fylder",
  mentorRoles: ["coach"],
  tools: ["processJournal"],
});

/** Every text at maxLength in æøå, the proposal's differing from the agreed (so every field is "changed"). */
const maxFields = (base: AgreementFields, offset: number): AgreementFields => ({
  ...base,
  ...Object.fromEntries(AgreementTextFields.map((name) => [name, aeoeaa(AgreementTextLimits[name], offset)])),
  meetingCount: 52 - offset,
  meetingMinutes: 120 - offset,
  mentorRoles: offset ? ["supervisor", "coach", "adviser", "knowledgeSharer", "critic"] : ["coach"],
  tools: offset ? ["processJournal", "caseAnalysis", "coachingConversation"] : ["processJournal"],
});

function locked(language: Language, fields: (b: AgreementFields) => AgreementFields = agreedFields): Mentorship {
  const created = ok(
    createMentorship(
      { id: "m-7f3a", tenantId: "tenant-1", conversationId: "19:abc@thread.v2", programme: "klds", language, unit: "Børn og familie, Vesterbro", firstWorkingDay: "2027-01-04", mentor, mentee },
      { hasActiveMentorship: false, humanAadObjectIds: [mentor.aadObjectId, mentee.aadObjectId] },
      T0,
    ),
  );
  let m = ok(agreementPosted(created.mentorship, T0));
  m = ok(editAgreement(m, mentor.aadObjectId, created.firstVersion, fields(created.firstVersion.fields), T1)).mentorship;
  m = ok(acceptAgreement(m, mentee.aadObjectId, 2, T1));
  return ok(acceptAgreement(m, mentor.aadObjectId, 2, T2));
}

function proposed(m: Mentorship, change?: (f: AgreementFields) => AgreementFields): Mentorship {
  const open = ok(proposeRevision(m, mentee.aadObjectId, T3)).mentorship;
  if (!change) return open;
  const rev = open.agreement.revision!;
  return ok(editRevision(open, mentee.aadObjectId, rev, change(rev.fields), T3)).mentorship;
}

const moreMeetings = (f: AgreementFields): AgreementFields => ({ ...f, meetingCount: 12, timeAndPlace: "Torsdage kl. 13–14", mentorRoles: ["coach", "critic"] });

const textsOf = (card: unknown) => [...walk(card)].filter((n) => n.key === "text").map((n) => String(n.value));
const verbsOf = (card: AdaptiveCard) => executeActionsOf(card).map((a) => a["verb"]).filter((v) => v !== "agreement.refresh");

for (const language of Languages) {
  describe(`cards (${language}): agreement with a proposed change`, () => {
    const agreedOnly = locked(language);
    const opened = proposed(agreedOnly);
    const edited = proposed(agreedOnly, moreMeetings);
    const menteeAccepted = ok(acceptRevision(edited, mentee.aadObjectId, 4, T4));
    const adopted = ok(acceptRevision(menteeAccepted, mentor.aadObjectId, 4, T4));
    const fullAgreed = locked(language, (b) => maxFields(b, 0));
    const full = proposed(fullAgreed, (f) => maxFields(f, 1));
    const closing: Mentorship = { ...edited, phase: "closing" };
    const cases: { name: string; m: Mentorship; view: Parameters<typeof renderAgreementCard>[1] }[] = [
      { name: "locked, no proposal", m: agreedOnly, view: {} },
      { name: "proposal just opened", m: opened, view: { notice: t(language, "revision.proposed", { version: 3 }) } },
      { name: "proposal edited", m: edited, view: {} },
      { name: "proposal accepted by the mentee, her own card", m: menteeAccepted, view: { viewer: "mentee" } },
      { name: "proposal with an error", m: edited, view: { error: t(language, "revision.unchanged") } },
      { name: "proposal, read-only", m: edited, view: { readOnly: true } },
      { name: "proposal, headings only", m: full, view: { headingsOnly: true } },
      { name: "revised and in force", m: adopted, view: { notice: t(language, "revision.adopted", { version: 4 }) } },
      { name: "proposal and agreement at maxLength (æøå), every field changed", m: full, view: { notice: aeoeaa(300), error: aeoeaa(300) } },
      { name: "closing with a proposal left open", m: closing, view: {} },
    ];
    for (const c of cases) {
      const card = renderAgreementCard(c.m, c.view);
      it(`${c.name}: valid Adaptive Card 1.5, no template syntax, under 28 KB`, () => {
        assertValidCard(card, c.name);
        assert.deepEqual(templateLeftovers(card), []);
        assert.ok(cardBytes(card) < TEAMS_CARD_BUDGET_BYTES, `${cardBytes(card)} bytes`);
      });
      it(`${c.name}: action data holds only the mentorship id and the version shown; every input has a label`, () => {
        const shown = c.m.agreement.revision && c.m.phase === "learning" ? c.m.agreement.revision.version : c.m.agreement.version;
        const expected: Record<string, string[]> = {
          "revision.propose": ["mentorshipId"],
          "revision.save": ["baseVersion", "mentorshipId"],
          "revision.accept": ["mentorshipId", "version"],
          "revision.withdraw": ["mentorshipId", "version"],
          "agreement.refresh": ["mentorshipId"],
        };
        for (const action of executeActionsOf(card)) {
          const verb = String(action["verb"]);
          const data = action["data"] as Record<string, unknown>;
          assert.deepEqual(Object.keys(data).sort(), expected[verb], verb);
          assert.equal(data["mentorshipId"], c.m.id);
          for (const key of ["version", "baseVersion"]) if (key in data) assert.equal(data[key], shown, `${verb}.${key}`);
        }
        for (const input of inputsOf(card)) assert.ok(typeof input["label"] === "string" && input["label"].trim() !== "", String(input["id"]));
      });
    }

    it("the locked card offers 'propose a change' and nothing else; the proposal's card offers save, accept and withdraw", () => {
      assert.deepEqual(verbsOf(renderAgreementCard(agreedOnly)), ["revision.propose"]);
      assert.deepEqual(verbsOf(renderAgreementCard(edited)), ["revision.save", "revision.accept", "revision.withdraw"]);
      assert.deepEqual(verbsOf(renderAgreementCard(menteeAccepted, { viewer: "mentee" })), ["revision.save", "revision.withdraw"], "no second accept for her");
      assert.deepEqual(verbsOf(renderAgreementCard(adopted)), ["revision.propose"], "revised: a next change may be proposed");
      for (const view of [{ readOnly: true }, { headingsOnly: true }]) {
        assert.deepEqual(verbsOf(renderAgreementCard(edited, view)), []);
        assert.deepEqual(verbsOf(renderAgreementCard(agreedOnly, view)), []);
      }
      assert.deepEqual(verbsOf(renderAgreementCard(closing)), [], "closing: neither a proposal nor a new one");
      assert.deepEqual(inputsOf(renderAgreementCard(closing)), []);
    });

    it("the card shows both: the state names the proposer and who is waiting, the agreed values of what changes, the proposal as the form", () => {
      const card = renderAgreementCard(edited);
      const data = agreementCardData(edited);
      assert.equal(data.version, 4);
      assert.equal(textsOf(card)[1], t(language, "revision.state", { name: mentee.name, names: listOf(language, [mentor.name, mentee.name]), version: 4, agreed: 2 }));
      const label = (k: string) => t(language, `agreement.${k}` as MessageKey);
      assert.deepEqual(data.changes, [t(language, "revision.changed", { version: 2, fields: listOf(language, ["meetingCount", "timeAndPlace", "mentorRoles"].map(label)) })]);
      // What applies now: the agreed values of exactly the changed fields.
      assert.equal(data.inForce.heading, t(language, "revision.inForce", { version: 2 }));
      assert.deepEqual(data.inForce.items, [
        { title: label("meetingCount"), value: String(agreedOnly.agreement.fields.meetingCount) },
        { title: label("timeAndPlace"), value: agreedOnly.agreement.fields.timeAndPlace },
        { title: label("mentorRoles"), value: t(language, "mentorRole.coach") },
      ]);
      const facts = [...walk(card)].filter((n) => n.key === "facts").flatMap((n) => n.value as { title: string; value: string }[]);
      assert.deepEqual(facts, data.inForce.items, "shown as facts: label and agreed value");
      const texts = textsOf(card);
      const factValues = [...walk(card)].filter((n) => n.key === "facts").flatMap((n) => (n.value as { value: string }[]).map((f) => f.value));
      assert.ok(factValues.includes(agreedOnly.agreement.fields.timeAndPlace), "the agreed time and place is shown");
      assert.ok(texts.includes(t(language, "revision.restAsAgreed")));
      // The form holds the proposal.
      const byId = new Map(inputsOf(card).map((i) => [i["id"], i]));
      assert.equal(byId.get("meetingCount")?.["value"], 12);
      assert.equal(byId.get("timeAndPlace")?.["value"], "Torsdage kl. 13–14");
      assert.equal(byId.get("mentorRoles")?.["value"], "coach,critic");
      assert.ok(texts.includes(t(language, "revision.editHint")));
      // One has accepted: the shared card's button is the other's, and the acceptance is listed.
      const shared = renderAgreementCard(menteeAccepted);
      const accept = executeActionsOf(shared).find((a) => a["verb"] === "revision.accept");
      assert.equal(accept?.["title"], t(language, "revision.acceptFor", { name: mentor.name, version: 4 }));
      assert.ok(textsOf(shared).includes(t(language, "agreement.acceptedBy", { name: mentee.name, party: t(language, "party.mentee"), version: 4, at: dateTimeText(language, T4, edited.timeZone) })));
      // Just opened: nothing changed yet, and the card says so.
      assert.deepEqual(agreementCardData(opened).changes, [t(language, "revision.unchangedYet")]);
      assert.deepEqual(agreementCardData(opened).inForce.items, []);
      assert.equal(agreementCardData(opened).inForce.note, t(language, "revision.sameAsAgreed"));
    });

    it("what the proposal's card submits on Save parses back to the proposal's fields, even at maxLength", () => {
      for (const m of [edited, full]) {
        const card = renderAgreementCard(m);
        const action = executeActionsOf(card).find((a) => a["verb"] === "revision.save");
        assert.ok(action);
        const values = Object.fromEntries(inputsOf(card).map((i) => [i["id"] as string, i["value"] ?? ""]));
        const parsed = agreementSaveSchemaFor(m).safeParse({ ...values, ...(action["data"] as object) });
        assert.ok(parsed.success, parsed.success ? "" : JSON.stringify(parsed.error.issues.slice(0, 3)));
        const { mentorshipId: _id, baseVersion, ...rest } = parsed.data as unknown as Record<string, unknown>;
        assert.equal(baseVersion, m.agreement.revision!.version);
        const rev = m.agreement.revision!.fields;
        assert.deepEqual(rest, { ...rev, mentorRoles: [...rev.mentorRoles], tools: [...rev.tools] });
      }
    });

    it("at maxLength the agreed values are cut short in the compact view (the proposal in full in the form)", () => {
      const data = agreementCardData(full);
      assert.equal(data.inForce.items.length, 18, "every field changed");
      for (const item of data.inForce.items) assert.ok(item.value.length <= IN_FORCE_CHARS.perField, `${item.title}: ${item.value.length}`);
      const total = data.inForce.items.reduce((n, item) => n + item.value.replace(/…$/, "").length, 0);
      assert.ok(total <= IN_FORCE_CHARS.total, `${total} characters in all`);
      assert.ok(data.inForce.items.every((item) => item.title.length > 0), "every changed field is named, even once the values are cut");
      const texts = inputsOf(renderAgreementCard(full)).filter((i) => i["type"] === "Input.Text");
      for (const input of texts) assert.equal((input["value"] as string).length, input["maxLength"], String(input["id"]));
    });

    it("headings only (someone in the chat who is no party): neither the agreed nor the proposed text", () => {
      const text = JSON.stringify(renderAgreementCard(full, { headingsOnly: true }));
      assert.ok(!/[æøåÆØÅ]{6}/.test(text), "no field text");
      assert.deepEqual(inputsOf(renderAgreementCard(full, { headingsOnly: true })), []);
    });

    it("revised and in force: the agreed card says what the revision changed and when both accepted it", () => {
      const data = agreementCardData(adopted);
      const label = (k: string) => t(language, `agreement.${k}` as MessageKey);
      assert.equal(data.version, 4);
      assert.equal(data.state, t(language, "agreement.locked", { at: dateTimeText(language, T2, adopted.timeZone) }), "agreed when it was locked");
      assert.deepEqual(data.changes, [t(language, "revision.revised", { version: 4, at: dateTimeText(language, T4, adopted.timeZone), fields: listOf(language, ["meetingCount", "timeAndPlace", "mentorRoles"].map(label)) })]);
      assert.ok(textsOf(renderAgreementCard(adopted)).includes("Torsdage kl. 13–14"), "the revised text is the agreement shown");
      assert.deepEqual(data.refreshUserIds, [], "no per-person refresh once nothing waits");
      assert.deepEqual(agreementCardData(edited).refreshUserIds, [mentor.channelUserId, mentee.channelUserId], "a proposal waits for each: per-person refresh");
    });
  });
}
