// The preparation welcome card, expanded in da, nb and en for each programme: valid Adaptive Cards
// 1.5 (offline schema, test/support/cardSchema.ts), no template syntax left, under the Teams budget
// with the presentation full of æøå, and actions that carry the mentorship id only.
import assert from "node:assert/strict";
import { WelcomeSaveSchema } from "../../src/app/preparation/schemas";
import { preparationReminderText, renderWelcomeCard, type WelcomeView } from "../../src/cards/welcomeCard";
import { type Language, Languages } from "../../src/domain/language";
import type { Meeting } from "../../src/domain/meetings";
import { type Mentorship, agreementPosted, createMentorship } from "../../src/domain/mentorship";
import { PRESENTATION_MAX } from "../../src/domain/preparation";
import { type ProgrammeId, ProgrammeIds } from "../../src/domain/programmes";
import { t } from "../../src/i18n";
import { TEAMS_CARD_BUDGET_BYTES, assertValidCard, cardBytes, executeActionsOf, inputsOf, templateLeftovers } from "../support/cardSchema";
import { cardText } from "../bot/harness";

const mentor = { aadObjectId: "11111111-1111-4111-8111-111111111111", name: "Åse Ødegård", channelUserId: "29:1aBcMentor" };
const mentee = { aadObjectId: "22222222-2222-4222-8222-222222222222", name: "Søren Æbelø", channelUserId: "29:1xYzMentee" };
const T0 = new Date("2027-01-11T08:00:00Z");
const aeoeaa = (n: number) => "æøå".repeat(Math.ceil(n / 3)).slice(0, n);

function welcomeOf(language: Language, programme: ProgrammeId, presentation = ""): Mentorship {
  const r = createMentorship(
    { id: "m-7f3a", tenantId: "tenant-1", conversationId: "19:abc@thread.v2", programme, language, unit: "Vågsbygd omsorgssenter", firstWorkingDay: "2027-02-01", mentor, mentee },
    { hasActiveMentorship: false, humanAadObjectIds: [mentor.aadObjectId, mentee.aadObjectId] },
    T0,
  );
  assert.ok(r.ok);
  return { ...r.value.mentorship, presentation, welcomePostedAt: T0.toISOString() };
}

const meetings: Meeting[] = [2, 1, 3].map((i) => ({ key: `k${i}`, startUtc: `2027-02-${String(15 + i).padStart(2, "0")}T09:00:00.000Z` }) as unknown as Meeting);

for (const language of Languages) {
  describe(`cards (${language}): the preparation welcome`, () => {
    const cases: { name: string; m: Mentorship; view: WelcomeView }[] = ProgrammeIds.flatMap((p) => [
      { name: `${p}, no presentation`, m: welcomeOf(language, p), view: {} },
      { name: `${p}, presentation at max (æøå), notice, error, meetings`, m: welcomeOf(language, p, aeoeaa(PRESENTATION_MAX)), view: { notice: aeoeaa(200), error: aeoeaa(200), meetings } },
      { name: `${p}, read-only for the mentee`, m: welcomeOf(language, p, "Hej"), view: { readOnly: true } },
      { name: `${p}, agreement begun`, m: { ...welcomeOf(language, p, "Hej"), phase: "startUp" }, view: {} },
    ]);
    for (const c of cases) {
      const card = renderWelcomeCard(c.m, c.view);
      it(`${c.name}: valid, no template syntax, under 28 KB, actions carry the id only, inputs labelled`, () => {
        assertValidCard(card, c.name);
        assert.deepEqual(templateLeftovers(card), []);
        assert.ok(cardBytes(card) < TEAMS_CARD_BUDGET_BYTES, `${cardBytes(card)} bytes`);
        for (const a of executeActionsOf(card)) assert.deepEqual(Object.keys(a["data"] as object), ["mentorshipId"]);
        for (const i of inputsOf(card)) assert.ok(typeof i["label"] === "string" && i["label"].length > 0);
      });
    }

    it("shows the mentor, the unit, day one, the plan's phases with dates and the questions; the buttons per state", () => {
      const m = welcomeOf(language, "klds", "Jeg har været her i 12 år.");
      const card = renderWelcomeCard(m, { meetings });
      const text = cardText(card);
      for (const s of [mentor.name, "Vågsbygd omsorgssenter", "01.02.2027", "Jeg har været her i 12 år.", "11.01.2027", "01.01.2028", t(language, "welcome.prep.klds.q3")]) assert.ok(text.includes(s), `${s} in ${text}`);
      assert.ok(text.includes(t(language, "format.dateTime", { date: "16.02.2027", time: "10:00" })), "the booked meetings, in the zone");
      assert.ok(text.indexOf("16.02.2027") < text.indexOf("17.02.2027") && text.indexOf("17.02.2027") < text.indexOf("18.02.2027"), "in order");
      const verbs = executeActionsOf(card).map((a) => a["verb"]);
      assert.deepEqual(verbs, ["welcome.save", "welcome.startAgreement"]);
      const begun = renderWelcomeCard(agreementPostedOk(m));
      assert.deepEqual(executeActionsOf(begun).map((a) => a["verb"]), ["welcome.save"], "no begin button once begun");
      assert.deepEqual(executeActionsOf(renderWelcomeCard({ ...m, pausedAt: T0.toISOString() })).map((a) => a["verb"]), ["welcome.save"], "none while paused");
      assert.deepEqual(executeActionsOf(renderWelcomeCard(m, { readOnly: true })).map((a) => a["verb"]), ["welcome.startAgreement"], "the mentee may begin, not write");
      assert.deepEqual(executeActionsOf(renderWelcomeCard({ ...m, phase: "closed" })), [], "a closed one: nothing to press");
    });

    it("Kristiansand's welcome follows seed 004; an own programme borrows KL/DS's questions", () => {
      const k = cardText(renderWelcomeCard(welcomeOf(language, "kristiansand")));
      for (const q of [1, 2, 3]) assert.ok(k.includes(t(language, `welcome.prep.kristiansand.q${q}` as never)));
      assert.ok(k.includes("15.02.2027"), "start-up is two weeks there");
      assert.ok(k.includes(t(language, "welcome.milestone.probation14d", { when: "15.02.2027" })), "the leader's probation talks, with dates");
      assert.ok(k.includes(t(language, "welcome.milestone.probation4to5m", { when: "01.06.2027–01.07.2027" })), k);
      assert.ok(cardText(renderWelcomeCard(welcomeOf(language, "klds"))).includes(t(language, "welcome.milestone.developmentTalk", { when: "01.02.2028" })));
      const c = cardText(renderWelcomeCard(welcomeOf(language, "custom")));
      assert.ok(c.includes(t(language, "welcome.prep.klds.q1")));
      assert.ok(!c.includes(t(language, "welcome.prep.kristiansand.q1")));
    });

    it("what the card submits on Save parses back to the presentation, even at the limit", () => {
      const p = aeoeaa(PRESENTATION_MAX);
      const card = renderWelcomeCard(welcomeOf(language, "klds", p));
      const input = inputsOf(card).find((i) => i["id"] === "presentation");
      assert.equal(input?.["maxLength"], PRESENTATION_MAX);
      const save = executeActionsOf(card).find((a) => a["verb"] === "welcome.save");
      const parsed = WelcomeSaveSchema.safeParse({ ...(save?.["data"] as object), presentation: input?.["value"] });
      assert.ok(parsed.success && parsed.data.presentation === p);
      assert.ok(!WelcomeSaveSchema.safeParse({ mentorshipId: "m-7f3a", presentation: `${p}x` }).success, "one over the limit");
    });

    it("the mentor's reminder names the new hire, day one and the unit, in words", () => {
      const text = preparationReminderText(welcomeOf(language, "kristiansand"));
      assert.ok(text.includes(mentee.name) && text.includes("01.02.2027") && text.includes("Vågsbygd omsorgssenter"), text);
      assert.doesNotMatch(text, /\{|\}/);
    });
  });
}

function agreementPostedOk(m: Mentorship): Mentorship {
  const r = agreementPosted(m, T0);
  assert.ok(r.ok);
  return r.value;
}
