import assert from "node:assert/strict";
import { type Pseudonym, pseudonymiseRecord, replaceNames } from "../../src/app/rights/pseudonym";

/** Issue 13: what of a person's name an erasure replaces in a text, and what it leaves. */
describe("pseudonym: a name out of a text", () => {
  const p: Pseudonym = { aadObjectId: "22222222-cccc-4ccc-8ccc-cccccccccccc", names: ["Søren Sørensen", "Mette Mentor"], id: "erased-1", name: "Slettet person 0001" };

  it("replaces the full name (any case) and each capitalised part as a whole word, with a genitive s kept", () => {
    assert.equal(replaceNames("SØREN SØRENSEN kom", p), "Slettet person 0001 kom");
    assert.equal(replaceNames("Søren sagde, at Sørens sag var svær", p), "Slettet person 0001 sagde, at Slettet person 0001s sag var svær");
    assert.equal(replaceNames("Hej Mette! Mettes forslag", p), "Hej Slettet person 0001! Slettet person 0001s forslag");
  });

  it("leaves other words alone: a part inside a longer word, the lower-case role, short parts", () => {
    assert.equal(replaceNames("Sørensensvej og Sørenborg", p), "Sørensensvej og Sørenborg");
    assert.equal(replaceNames("mentor og mentee aftalte", p), "mentor og mentee aftalte", "the role word is not the surname");
    const short: Pseudonym = { ...p, names: ["Bo Ek"] };
    assert.equal(replaceNames("Bo kom. Bo Ek kom.", short), "Bo kom. Slettet person 0001 kom.", "parts under three letters only as the full name");
  });

  it("in a record: the person's Person value and their id anywhere become the pseudonym; other ids and values stay", () => {
    const out = pseudonymiseRecord({ organizer: p.aadObjectId, person: { aadObjectId: p.aadObjectId, name: "Søren Sørensen", channelUserId: "29:x" }, other: { aadObjectId: "other", name: "Lars" }, subject: "Samtale: Søren og Lars", n: 3 }, p);
    assert.deepEqual(out, { organizer: "erased-1", person: { aadObjectId: "erased-1", name: "Slettet person 0001", channelUserId: "" }, other: { aadObjectId: "other", name: "Lars" }, subject: "Samtale: Slettet person 0001 og Lars", n: 3 });
  });
});
