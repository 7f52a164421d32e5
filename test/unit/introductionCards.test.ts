// The introduction cards in da, nb and en: valid Adaptive Cards 1.5 against the offline schema, no
// template syntax left, under the Teams size budget, actions carrying ids only; what they show.
import assert from "node:assert/strict";
import { renderCloseForm, renderHandoverForMentor, renderHandoverForm, renderIntroductionCard } from "../../src/cards/introductionCard";
import { HANDOVER_MAX, closeIntroduction, startIntroduction, tickIntroduction, writeHandover } from "../../src/domain/introduction";
import { type Language, Languages } from "../../src/domain/language";
import { type Mentorship, type Person, createMentorship } from "../../src/domain/mentorship";
import { Programmes } from "../../src/domain/programmes";
import type { Result } from "../../src/domain/result";
import { t } from "../../src/i18n";
import { TEAMS_CARD_BUDGET_BYTES, assertValidCard, cardBytes, executeActionsOf, inputsOf, templateLeftovers } from "../support/cardSchema";
import { cardText } from "../bot/harness";

const mentor: Person = { aadObjectId: "11111111-1111-4111-8111-111111111111", name: "Åse Ødegård", channelUserId: "29:mentor" };
const mentee: Person = { aadObjectId: "22222222-2222-4222-8222-222222222222", name: "Søren Æbelø", channelUserId: "29:mentee" };
const contact: Person = { aadObjectId: "33333333-3333-4333-8333-333333333333", name: "Karen Kollega", channelUserId: "29:karen" };
const T = (n: number) => new Date(Date.UTC(2027, 0, 4 + n, 9));
const ok = <T>(r: Result<T>): T => {
  if (!r.ok) assert.fail(`unexpected refusal ${r.error.code}`);
  return r.value;
};

function withIntro(language: Language, who: Person = contact): Mentorship {
  const programme = language === "nb" ? "kristiansand" : "klds";
  const c = ok(createMentorship({ id: "m-1", tenantId: "t", conversationId: "c", programme, language, unit: "Børn", firstWorkingDay: "2027-01-04", mentor, mentee }, { hasActiveMentorship: false, humanAadObjectIds: [mentor.aadObjectId, mentee.aadObjectId] }, T(0)));
  return ok(startIntroduction(c.mentorship, Programmes[programme].introduction, who, "before", T(0)));
}

function check(card: object, what: string): void {
  assertValidCard(card, what);
  assert.deepEqual(templateLeftovers(card), [], what);
  assert.ok(cardBytes(card) < TEAMS_CARD_BUDGET_BYTES, `${what}: ${cardBytes(card)} bytes`);
  for (const action of executeActionsOf(card)) {
    for (const [k, v] of Object.entries((action["data"] ?? {}) as Record<string, unknown>)) assert.ok(/^[A-Za-z0-9._:-]+$/.test(String(v)), `${what}: action data ${k}=${String(v)} is not an id`);
  }
}

describe("introduction cards", () => {
  for (const lang of Languages) {
    it(`${lang}: the card lists the checklist and the schedule as toggles, the agenda and the closing talk; valid open and closed`, () => {
      let m = withIntro(lang);
      const tpl = m.introduction!.template;
      const card = renderIntroductionCard(m);
      check(card, `${lang} introduction`);
      assert.deepEqual(inputsOf(card).map((i) => i["id"]), [...tpl.checklist.map((c) => `c:${c.key}`), ...tpl.schedule.map((s) => `s:${s.key}`)]);
      const text = cardText(card);
      for (const l of [...tpl.checklist, ...tpl.schedule].map((x) => x.label[lang])) assert.ok(text.includes(l), l);
      for (const a of tpl.statusAgenda) assert.ok(text.includes(a[lang]), a[lang]);
      assert.ok(text.includes(t(lang, "introduction.progress", { done: 0, total: tpl.checklist.length + tpl.schedule.length })));
      assert.ok(text.includes("Karen Kollega"));
      assert.deepEqual(executeActionsOf(card).map((a) => a["verb"]), ["introduction.tick", "introduction.handover", "introduction.close"]);
      assert.ok(!text.includes(t(lang, "introduction.roleChange", { name: mentor.name })), "no role change when the contact is another");

      m = ok(tickIntroduction(m, mentee.aadObjectId, [{ key: `c:${tpl.checklist[0]!.key}`, ticked: true }], T(1)));
      assert.equal(inputsOf(renderIntroductionCard(m))[0]?.["value"], "true");
      m = ok(writeHandover(m, contact.aadObjectId, "Hemmelig-overlevering-æøå", T(2)));
      m = ok(closeIntroduction(m, contact.aadObjectId, { talkHeld: true, mentorSchemeStarts: true }, T(80)));
      const closed = renderIntroductionCard(m);
      check(closed, `${lang} closed`);
      assert.deepEqual(inputsOf(closed), [], "read-only");
      assert.ok(!cardText(closed).includes("Hemmelig-overlevering"), "the hand-over's text is never on the chat's card");
      assert.ok(cardText(closed).includes(t(lang, "introduction.handoverWritten", { contact: contact.name })));
    });

    it(`${lang}: the mentor as contact person gets the word about the role change (seed 002)`, () => {
      const text = cardText(renderIntroductionCard(withIntro(lang, mentor)));
      assert.ok(text.includes(t(lang, "introduction.roleChange", { name: mentor.name })));
    });

    it(`${lang}: the hand-over form keeps typed text, the close form asks both questions, the mentor's card shows the note`, () => {
      const m = withIntro(lang);
      const form = renderHandoverForm(m, { text: "x".repeat(HANDOVER_MAX + 5), error: "too long" });
      check(form, `${lang} handover form`);
      assert.equal(inputsOf(form)[0]?.["value"], "x".repeat(HANDOVER_MAX + 5));
      assert.equal(inputsOf(form)[0]?.["maxLength"], HANDOVER_MAX);
      const close = renderCloseForm(m);
      check(close, `${lang} close form`);
      assert.deepEqual(inputsOf(close).map((i) => i["id"]), ["talkHeld", "mentorSchemeStarts"]);
      const noted = ok(writeHandover(m, contact.aadObjectId, "Følordningen er gennemført.", T(3)));
      const toMentor = renderHandoverForMentor(noted);
      check(toMentor, `${lang} to the mentor`);
      assert.ok(cardText(toMentor).includes("Følordningen er gennemført."));
    });
  }
});
