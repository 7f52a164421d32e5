// The private questions' pure parts: when the pairing check is due, the cards each party sees (valid
// Adaptive Cards in da/nb/en, worded per party, nothing of the other's answers), and the verbs' schemas.
import assert from "node:assert/strict";
import { PAIRING_CHECK_AFTER_END_MS, pairingCheckApplies, pairingCheckDue } from "../../src/app/private/privateQuestions";
import { PairingAnswerSchema, RatingsSaveSchema } from "../../src/app/private/schemas";
import { renderPairingAnswered, renderPairingCard, renderRatingsCard, renderRatingsSaved } from "../../src/cards/privateCards";
import type { Meeting } from "../../src/domain/meetings";
import { type Mentorship, createMentorship } from "../../src/domain/mentorship";
import { Languages } from "../../src/domain/language";
import { RATING_COMMENT_LIMIT } from "../../src/domain/privateAnswers";
import { t } from "../../src/i18n";
import { TEAMS_CARD_BUDGET_BYTES, assertValidCard, cardBytes, executeActionsOf, inputsOf, templateLeftovers } from "../support/cardSchema";
import { mentee, mentor } from "../support/fixtures";

const NOW = new Date("2027-02-02T12:00:00Z");

function learning(language: Mentorship["language"] = "da", extra: Partial<Mentorship> = {}): Mentorship {
  const r = createMentorship(
    { id: "m-1", tenantId: "t", conversationId: "c", programme: "klds", language, unit: "Børn og familie", firstWorkingDay: "2027-01-04", mentor: { ...mentor, name: "Åse Ødegård" }, mentee: { ...mentee, name: "Søren Æbelø" } },
    { hasActiveMentorship: false, humanAadObjectIds: [mentor.aadObjectId, mentee.aadObjectId] },
    new Date("2027-01-04T08:00:00Z"),
  );
  assert.ok(r.ok);
  return { ...r.value.mentorship, phase: "learning", ...extra };
}

function meeting(key: string, startUtc: string, status: Meeting["status"]): Meeting {
  return {
    mentorshipId: "m-1",
    key,
    seriesKey: "s",
    originalDate: startUtc.slice(0, 10),
    date: startUtc.slice(0, 10),
    time: "10:00",
    minutes: 45,
    startUtc,
    isoWeek: 1,
    isoYear: 2027,
    status,
    agenda: {} as Meeting["agenda"],
    agendaPostedAt: null,
  };
}

describe("the pairing check: when it is due", () => {
  const a = meeting("s|2027-01-19", "2027-01-19T09:00:00.000Z", "planned");
  const b = meeting("s|2027-02-16", "2027-02-16T09:00:00.000Z", "planned");

  it("an hour after the end of the first meeting still planned, if nobody records it", () => {
    assert.deepEqual(pairingCheckDue(learning(), [b, a], NOW), { meetingKey: a.key, dueAt: new Date(Date.parse(a.startUtc) + 45 * 60_000 + PAIRING_CHECK_AFTER_END_MS), held: false });
  });

  it("at once after a meeting recorded held; past a first meeting cancelled or not held, the next one counts", () => {
    assert.deepEqual(pairingCheckDue(learning(), [b, { ...a, status: "held" }], NOW), { meetingKey: a.key, dueAt: NOW, held: true });
    assert.equal(pairingCheckDue(learning(), [{ ...a, status: "notHeld" }, b], NOW)?.meetingKey, b.key);
    assert.equal(pairingCheckDue(learning(), [{ ...a, status: "cancelled" }, b], NOW)?.meetingKey, b.key);
    assert.equal(pairingCheckDue(learning(), [{ ...a, status: "cancelled" }], NOW), null, "nothing to wait for");
  });

  it("never while paused, before learning, or once closing has begun", () => {
    assert.equal(pairingCheckDue(learning("da", { pausedAt: "2027-01-20T08:00:00.000Z" }), [{ ...a, status: "held" }], NOW), null);
    for (const phase of ["preparation", "startUp", "closing", "closed"] as const) assert.equal(pairingCheckApplies(learning("da", { phase })), false, phase);
    assert.equal(pairingCheckApplies(learning()), true);
  });
});

describe("the private cards", () => {
  for (const lang of Languages) {
    for (const party of ["mentor", "mentee"] as const) {
      it(`are valid Adaptive Cards, worded for the ${party} (${lang})`, () => {
        const m = learning(lang);
        const other = party === "mentor" ? m.mentee.name : m.mentor.name;
        const full = "æøå".repeat(RATING_COMMENT_LIMIT).slice(0, RATING_COMMENT_LIMIT);
        const cards = {
          pairing: renderPairingCard(m, party),
          pairingError: renderPairingCard(m, party, { error: t(lang, "pairing.invalid") }),
          yes: renderPairingAnswered(m, party, "yes"),
          unsure: renderPairingAnswered(m, party, "unsure"),
          no: renderPairingAnswered(m, party, "no"),
          ratings: renderRatingsCard(m, party),
          ratingsFull: renderRatingsCard(m, party, { error: t(lang, "ratings.invalid"), values: { useful: "4", wellRun: "5", recommend: "3", comment: full } }),
          saved: renderRatingsSaved(m, party),
        };
        for (const [name, card] of Object.entries(cards)) {
          assertValidCard(card, name);
          assert.deepEqual(templateLeftovers(card), [], name);
          assert.ok(cardBytes(card) < TEAMS_CARD_BUDGET_BYTES, name);
          assert.ok(JSON.stringify(card).includes(other) || name === "yes" || name === "unsure", `${name} names the other party`);
        }
        // The question's three answers carry the mentorship id and the answer only.
        assert.deepEqual(executeActionsOf(cards.pairing).map((x) => x["data"]), ["yes", "unsure", "no"].map((answer) => ({ mentorshipId: m.id, answer })));
        assert.ok(JSON.stringify(cards.pairing).includes(t(lang, party === "mentor" ? "pairing.question.mentor" : "pairing.question.mentee", { other })));
        // "no" tells that person how to ask for a change of mentor, worded for them.
        assert.ok(JSON.stringify(cards.no).includes(JSON.stringify(t(lang, party === "mentor" ? "pairing.thanks.no.mentor" : "pairing.thanks.no.mentee", { other })).slice(1, -1)));
        // Ratings: three required 1–5 choices and an optional comment bounded by the limit (a number, as the schema wants).
        const inputs = inputsOf(cards.ratings);
        assert.deepEqual(inputs.map((i) => i["id"]), ["useful", "wellRun", "recommend", "comment"]);
        for (const i of inputs.slice(0, 3)) {
          assert.equal(i["isRequired"], true);
          assert.deepEqual((i["choices"] as { value: string }[]).map((c) => c.value), ["1", "2", "3", "4", "5"]);
        }
        assert.equal(inputs[3]?.["maxLength"], RATING_COMMENT_LIMIT);
        const recommend = t(lang, party === "mentor" ? "ratings.recommend.mentor" : "ratings.recommend.mentee");
        assert.equal(inputs[2]?.["label"], recommend);
        assert.equal(inputsOf(cards.ratingsFull)[3]?.["value"], full, "what was written comes back");
        assert.equal(inputsOf(cards.ratingsFull)[0]?.["value"], "4");
      });
    }
  }
});

describe("the private verbs' schemas", () => {
  it("take one of the three answers, nothing else", () => {
    for (const answer of ["yes", "unsure", "no"]) assert.ok(PairingAnswerSchema.safeParse({ mentorshipId: "m-1", answer }).success);
    for (const answer of ["Yes", "maybe", "", 1, null, ["no"]]) assert.equal(PairingAnswerSchema.safeParse({ mentorshipId: "m-1", answer }).success, false, JSON.stringify(answer));
    assert.equal(PairingAnswerSchema.safeParse({ mentorshipId: "a/b", answer: "no" }).success, false);
  });

  it("take three scores 1–5 (as the card's strings) and an optional comment", () => {
    const r = RatingsSaveSchema.safeParse({ mentorshipId: "m-1", useful: "1", wellRun: 5, recommend: " 3 " });
    assert.ok(r.success);
    assert.deepEqual(r.data, { mentorshipId: "m-1", useful: 1, wellRun: 5, recommend: 3, comment: "" });
    for (const bad of ["0", "6", "2.5", "", "x", 7, null]) assert.equal(RatingsSaveSchema.safeParse({ mentorshipId: "m-1", useful: bad, wellRun: "5", recommend: "5" }).success, false, JSON.stringify(bad));
    assert.equal(RatingsSaveSchema.safeParse({ mentorshipId: "m-1", useful: "5", wellRun: "5" }).success, false, "all three");
    assert.equal(RatingsSaveSchema.safeParse({ mentorshipId: "m-1", useful: "5", wellRun: "5", recommend: "5", comment: 5 }).success, false);
  });
});
