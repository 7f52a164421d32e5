// The leader's cards in da, nb and en: valid Adaptive Cards 1.5 (offline schema), no template syntax
// left, actions carrying ids only, names and dates only (nothing the pair wrote), and talk names from
// the word list for built-ins and from a coordinator's label otherwise.
import assert from "node:assert/strict";
import { renderLeaderBookedCard, renderLeaderHeadsUpCard, renderLeaderHeldCard, renderLeaderReminderCard, talkName } from "../../src/cards/leaderCards";
import { INTRODUCTION_CLOSING_TALK, bookTalk, setLeader } from "../../src/domain/leader";
import { Languages } from "../../src/domain/language";
import { type Mentorship, type Person, createMentorship } from "../../src/domain/mentorship";
import { policyOf } from "../../src/domain/programmes";
import type { Result } from "../../src/domain/result";
import { t } from "../../src/i18n";
import { assertValidCard, executeActionsOf, templateLeftovers } from "../support/cardSchema";
import { cardText } from "../bot/harness";

const mentor: Person = { aadObjectId: "11111111-1111-4111-8111-111111111111", name: "Åse Ødegård", channelUserId: "29:m" };
const mentee: Person = { aadObjectId: "22222222-2222-4222-8222-222222222222", name: "Søren Æbelø", channelUserId: "29:n" };
const leader: Person = { aadObjectId: "44444444-4444-4444-8444-444444444444", name: "Lars Leder", channelUserId: "" };
const ok = <T>(r: Result<T>): T => {
  if (!r.ok) assert.fail(r.error.code);
  return r.value;
};

function check(card: object, what: string) {
  assertValidCard(card, what);
  assert.deepEqual(templateLeftovers(card), [], what);
  for (const a of executeActionsOf(card)) for (const [k, v] of Object.entries((a["data"] ?? {}) as Record<string, unknown>)) assert.match(String(v), /^[A-Za-z0-9._:-]+$/, `${what}: ${k}`);
}

describe("leader cards", () => {
  for (const lang of Languages) {
    it(`${lang}: reminder (with its one button), booked, heads-up and held check are valid and name the talk`, () => {
      const c = ok(createMentorship({ id: "m-1", tenantId: "t", conversationId: "c", programme: "kristiansand", language: lang, unit: "U", firstWorkingDay: "2027-02-01", mentor, mentee }, { hasActiveMentorship: false, humanAadObjectIds: [mentor.aadObjectId, mentee.aadObjectId] }, new Date("2027-01-11T08:00:00Z")));
      let m: Mentorship = ok(setLeader({ ...c.mentorship, agreement: { ...c.mentorship.agreement, fields: { ...c.mentorship.agreement.fields, purpose: "HEMMELIG-CANARY" } } }, leader, policyOf(c.mentorship), new Date("2027-01-11T08:00:00Z")));
      const reminder = renderLeaderReminderCard(m, "probation14d", "2027-02-08");
      check(reminder, `${lang} reminder`);
      assert.deepEqual(executeActionsOf(reminder).map((a) => a["verb"]), ["leader.book"]);
      assert.ok(cardText(reminder).includes(t(lang, "leader.talk.probation14d")));
      assert.ok(cardText(reminder).includes("15.02.2027"), "the talk's date and the proposed time");
      m = ok(bookTalk(m, leader.aadObjectId, "probation14d", { startUtc: "2027-02-15T09:00:00.000Z", endUtc: "2027-02-15T10:00:00.000Z", eventId: "e", joinUrl: null }, new Date("2027-02-08T08:00:00Z")));
      const afterBooking = renderLeaderReminderCard(m, "probation14d", "2027-02-08");
      check(afterBooking, `${lang} reminder booked`);
      assert.deepEqual(executeActionsOf(afterBooking), [], "no button once booked");
      const cards = [renderLeaderBookedCard(m, "probation14d", false), renderLeaderHeadsUpCard(m), renderLeaderHeldCard(m, "probation14d")];
      cards.forEach((card, i) => check(card, `${lang} card ${i}`));
      assert.deepEqual(executeActionsOf(cards[2]!).map((a) => a["data"]), [{ mentorshipId: "m-1", talk: "probation14d", held: "yes" }, { mentorshipId: "m-1", talk: "probation14d", held: "no" }]);
      for (const card of [reminder, afterBooking, ...cards]) assert.ok(!JSON.stringify(card).includes("HEMMELIG-CANARY"), "nothing the pair wrote");
      assert.equal(talkName(m, INTRODUCTION_CLOSING_TALK), t(lang, "leader.talk.introductionClosing"));
      assert.equal(talkName(m, "ownTalk"), "ownTalk", "an unknown key without a label shows as itself");
    });
  }
});
