// The closing cards (evaluation, closing start, the agreement's closed view) in da, nb and en:
// valid Adaptive Cards 1.5 against the offline schema, no template syntax left, under the Teams
// size budget with every input full of æøå, and actions that carry ids, numbers and fingerprints only.
import assert from "node:assert/strict";
import { closedAgreementCard } from "../../src/adapters/bot/chatDelivery";
import { renderClosingStartCard, renderEvaluationCard } from "../../src/cards/evaluationCard";
import { EvaluationTextLimits, confirmEvaluation, editEvaluation, fingerprint, startClosing } from "../../src/domain/closing";
import { type Language, Languages } from "../../src/domain/language";
import { type Mentorship, type Person, acceptAgreement, agreementPosted, createMentorship, editAgreement } from "../../src/domain/mentorship";
import type { Result } from "../../src/domain/result";
import { t } from "../../src/i18n";
import { MAX_GOAL_ITEMS } from "../../src/domain/closing";
import { TEAMS_CARD_BUDGET_BYTES, assertValidCard, cardBytes, executeActionsOf, inputsOf, templateLeftovers } from "../support/cardSchema";
import { cardText } from "../bot/harness";

const mentor: Person = { aadObjectId: "11111111-1111-4111-8111-111111111111", name: "Åse Ødegård", channelUserId: "29:1aBcMentor" };
const mentee: Person = { aadObjectId: "22222222-2222-4222-8222-222222222222", name: "Søren Æbelø", channelUserId: "29:1xYzMentee" };
const T = (n: number) => new Date(Date.UTC(2027, 0, 4 + n, 9));
const aeoeaa = (n: number) => "æøå".repeat(Math.ceil(n / 3)).slice(0, n);
const ok = <T>(r: Result<T>): T => {
  if (!r.ok) assert.fail(`unexpected refusal ${r.error.code}`);
  return r.value;
};

function closingPair(language: Language, goals: { shortTermGoals: string; longTermIdeas: string }): Mentorship {
  const c = ok(createMentorship({ id: "m-1", tenantId: "t", conversationId: "c", programme: language === "nb" ? "kristiansand" : "klds", language, unit: "Børn", firstWorkingDay: "2027-01-04", mentor, mentee }, { hasActiveMentorship: false, humanAadObjectIds: [mentor.aadObjectId, mentee.aadObjectId] }, T(0)));
  let m = ok(agreementPosted(c.mentorship, T(0)));
  m = ok(editAgreement(m, mentor.aadObjectId, c.firstVersion, { ...c.firstVersion.fields, ...goals }, T(1))).mentorship;
  m = ok(acceptAgreement(ok(acceptAgreement(m, mentor.aadObjectId, 2, T(1))), mentee.aadObjectId, 2, T(1)));
  return ok(startClosing(m, { by: "programme" }, "completed", T(300)));
}

function check(card: object, what: string): void {
  assertValidCard(card, what);
  assert.deepEqual(templateLeftovers(card), [], what);
  assert.ok(cardBytes(card) < TEAMS_CARD_BUDGET_BYTES, `${what}: ${cardBytes(card)} bytes`);
  for (const action of executeActionsOf(card)) {
    for (const [k, v] of Object.entries((action["data"] ?? {}) as Record<string, unknown>)) {
      if (k === "shown") {
        for (const [part, hash] of Object.entries(v as Record<string, string>)) assert.match(`${part}=${hash}`, /^[A-Za-z]+(\.\d+)?=[0-9a-z]{1,13}$/, what);
      } else assert.ok(typeof v === "number" || /^[A-Za-z0-9._:-]+$/.test(String(v)), `${what}: action data ${k}=${String(v)} is not an id or a number`);
    }
  }
}

describe("closing cards", () => {
  for (const lang of Languages) {
    it(`${lang}: the evaluation card lists every agreed goal with a status and a comment, and is valid while open and closed`, () => {
      const m = closingPair(lang, { shortTermGoals: "- Skrive journal selv\n- Sige fra", longTermIdeas: "Specialisere mig" });
      const card = renderEvaluationCard(m);
      check(card, `${lang} evaluation`);
      const ids = inputsOf(card).map((i) => i["id"]);
      assert.deepEqual(ids, ["goalStatus.0", "goalComment.0", "goalStatus.1", "goalComment.1", "goalStatus.2", "goalComment.2", "worked", "couldBeBetter", "recommendations", "shareWithLeader"]);
      const text = cardText(card);
      for (const goal of ["Skrive journal selv", "Sige fra", "Specialisere mig"]) assert.ok(text.includes(goal), goal);
      for (const s of ["reached", "partly", "notYet"] as const) assert.ok(text.includes(t(lang, `evaluation.status.${s}`)));
      const toggle = inputsOf(card).find((i) => i["id"] === "shareWithLeader");
      assert.equal(toggle?.["value"], "false", "the leader gets nothing by default");
      const verbs = executeActionsOf(card).map((a) => a["verb"]);
      assert.deepEqual(verbs.filter((v) => v !== "evaluation.refresh"), ["evaluation.save", "evaluation.confirm", "evaluation.consent"]);
      const save = executeActionsOf(card).find((a) => a["verb"] === "evaluation.save");
      assert.deepEqual((save?.["data"] as { shown: unknown }).shown, fingerprint(m.closing!.evaluation.fields), "the card carries the fingerprint of what it shows");
      assert.ok(text.includes(t(lang, "evaluation.confirm", { version: 1 })));
      assert.ok(text.includes(t(lang, "evaluation.editHint")));

      const closed = ok(confirmEvaluation(ok(confirmEvaluation(m, mentor.aadObjectId, 1, T(301))).mentorship, mentee.aadObjectId, 1, T(301))).mentorship;
      const done = renderEvaluationCard(closed);
      check(done, `${lang} evaluation closed`);
      assert.deepEqual(inputsOf(done), [], "nothing to edit once closed");
      assert.deepEqual(executeActionsOf(done), [], "nothing to click once closed");
      assert.ok(cardText(done).includes("01.11.2027"), "closed on dd.mm.yyyy in the programme's zone");
      assert.ok(cardText(done).includes(t(lang, "evaluation.status.none")));
      const agreement = closedAgreementCard(closed);
      check(agreement, `${lang} agreement closed`);
      assert.deepEqual(inputsOf(agreement), []);
      assert.deepEqual(executeActionsOf(agreement), []);
      assert.ok(cardText(agreement).includes(t(lang, "closing.closedNotice", { date: "01.11.2027" })));
    });

    it(`${lang}: full of æøå, the evaluation stays under the Teams budget; a stranger's card shows none of it`, () => {
      const goals = Array.from({ length: 8 }, (_, i) => `Mål ${i} ${aeoeaa(80)}`).join("\n");
      const m = closingPair(lang, { shortTermGoals: goals, longTermIdeas: "" });
      const full = ok(
        editEvaluation(m, mentor.aadObjectId, { version: 1 }, {
          worked: aeoeaa(EvaluationTextLimits.worked),
          couldBeBetter: aeoeaa(EvaluationTextLimits.couldBeBetter),
          recommendations: aeoeaa(EvaluationTextLimits.recommendations),
          goals: m.closing!.evaluation.fields.goals.map(() => ({ status: "partly" as const, comment: aeoeaa(EvaluationTextLimits.goalComment) })),
        }, T(301)),
      );
      check(renderEvaluationCard(full), `${lang} evaluation full`);
      const stranger = renderEvaluationCard(full, { headingsOnly: true, error: "x" });
      check(stranger, `${lang} evaluation headings only`);
      assert.ok(!cardText(stranger).includes("æøåæøå"), "none of the pair's text");
      assert.ok(!cardText(stranger).includes("Mål 0"));
      assert.deepEqual(executeActionsOf(stranger).filter((a) => a["verb"] !== "evaluation.refresh").map((a) => a["verb"]).length, 0);
    });

    it(`${lang}: goals of a hundred short lines become at most ${MAX_GOAL_ITEMS} items, every line kept, and the card stays within the budget`, () => {
      const many = Array.from({ length: 100 }, (_, i) => `m${i} æø`).join("\n").slice(0, 800);
      const ideas = Array.from({ length: 60 }, (_, i) => `idé ${i} å`).join("\r\n").slice(0, 800);
      const m = closingPair(lang, { shortTermGoals: many, longTermIdeas: ideas });
      const goals = m.closing!.evaluation.fields.goals;
      assert.equal(goals.length, MAX_GOAL_ITEMS);
      for (const line of [...many.split("\n"), ...ideas.split("\r\n")].map((x) => x.trim()).filter(Boolean)) assert.ok(goals.some((g) => g.goal.includes(line)), line);
      const full = ok(
        editEvaluation(m, mentor.aadObjectId, { version: 1 }, {
          worked: aeoeaa(EvaluationTextLimits.worked),
          couldBeBetter: aeoeaa(EvaluationTextLimits.couldBeBetter),
          recommendations: aeoeaa(EvaluationTextLimits.recommendations),
          goals: goals.map(() => ({ status: "reached" as const, comment: aeoeaa(EvaluationTextLimits.goalComment) })),
        }, T(301)),
      );
      check(renderEvaluationCard(full), `${lang} evaluation with the most goals`);
    });

    it(`${lang}: without learning goals the card says so; the closing-start card asks the reason, then what closing does`, () => {
      const m = closingPair(lang, { shortTermGoals: "", longTermIdeas: " \n" });
      const card = renderEvaluationCard(m);
      check(card, `${lang} evaluation without goals`);
      assert.ok(cardText(card).includes(t(lang, "evaluation.noGoals")));
      const choose = renderClosingStartCard(m);
      check(choose, `${lang} closing start`);
      assert.deepEqual(inputsOf(choose).map((i) => i["id"]), ["reason"]);
      for (const r of ["completed", "leftWorkplace", "endedByAgreement", "changedProgramme"] as const) assert.ok(cardText(choose).includes(t(lang, `closing.reason.${r}`)));
      const confirm = renderClosingStartCard(m, { reason: "leftWorkplace" });
      check(confirm, `${lang} closing confirm`);
      assert.deepEqual(executeActionsOf(confirm).map((a) => [a["verb"], (a["data"] as Record<string, unknown>)["reason"] ?? null]), [["closing.confirmStart", "leftWorkplace"], ["closing.start", null]]);
      assert.ok(cardText(confirm).includes(t(lang, "closing.confirmLeftWorkplace")));
    });
  }
});
