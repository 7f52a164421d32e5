// Issue 13: the identifier guard on the pair's shared cards, through the real bot, use cases and
// Table Storage (Azurite), in da, nb and en. A CPR number or a fødselsnummer in an agenda field or
// in the evaluation is refused before anything is saved: the card names the field by its label and
// the shape of what was found (never its digits), keeps what was typed, and storage is unchanged.
// The numbers are generated from the published rules (see test/unit/identifierGuard.test.ts), not real.
import assert from "node:assert/strict";
import { fingerprint } from "../../src/domain/closing";
import { Languages } from "../../src/domain/language";
import type { Meeting } from "../../src/domain/meetings";
import type { Mentorship } from "../../src/domain/mentorship";
import { t } from "../../src/i18n";
import { TENANT, mentee, mentor } from "../support/fixtures";
import { type Chat, agreedPair, botHarness, cardOf, cardText, findAction } from "./harness";

/** A CPR-shaped number (1 January 1990, 7th digit 1: 1900s) and a fødselsnummer made by the 2032 rule. */
const CPR = "010190-1234";
const FNR = "01019045001"; // 01.01.1990, individual 450, check digits 0 and 1 by the old rule (which the 2032 rule accepts too)

/** The value of the input with this id on a card. */
function inputValue(card: unknown, id: string): unknown {
  let found: unknown;
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      const o = node as Record<string, unknown>;
      if (o["id"] === id && typeof o["type"] === "string" && o["type"].startsWith("Input.")) found = o["value"];
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return found;
}

for (const lang of Languages) {
  describe(`identifier guard on the pair's cards (${lang})`, function () {
    this.timeout(90000);
    const chat: Chat = { id: `19:guard-${lang}@thread.v2`, type: "groupChat", members: [mentor, mentee] };

    it("an agenda field with a CPR number is refused with the field's label, the typed text kept, nothing saved", async () => {
      const h = await botHarness();
      const id = await agreedPair(h, chat, lang);
      await h.execute(chat, mentor, lang, "plan.book", { mentorshipId: id, weekday: "2", time: "10:00", minutes: "45", leadHours: "24" });
      await h.bot.idle();
      const first = (await h.meetings.meetings(TENANT, id))[0] as Meeting;
      assert.ok(first);
      const before = await h.store.getMeeting(TENANT, id, first.key);
      const typed = `Borgeren (${CPR}) ville ikke tale med mig.`;
      const r = await h.execute(chat, mentee, lang, "agenda.save", { mentorshipId: id, meetingKey: first.key, howIsMentee: "Fint", experience: typed, summary: "Godt møde" });
      const card = r.response?.body.value;
      const text = cardText(card);
      const label = t(lang, "agenda.experience").replace(/[?:.\s]+$/, "");
      assert.ok(text.includes(t(lang, "error.CITIZEN_ID_FOUND", { label, kind: t(lang, "guard.kind.cpr"), masked: "ddmmyy-xxxx" })), text);
      assert.equal(inputValue(card, "experience"), typed, "what was typed is on the card again");
      assert.equal(inputValue(card, "summary"), "Godt møde", "so is every other field typed with it");
      const after = await h.store.getMeeting(TENANT, id, first.key);
      assert.equal(after?.etag, before?.etag, "nothing was saved");
      assert.equal(after?.value.agenda.experience, before?.value.agenda.experience);

      // The mentor's own feedback is guarded too: the label names the mentor.
      const fb = await h.execute(chat, mentor, lang, "agenda.save", { mentorshipId: id, meetingKey: first.key, mentorFeedbackHow: `Vi talte om ${FNR.slice(0, 6)} ${FNR.slice(6)}`, menteeFeedbackHow: "", menteeFeedbackWorked: "", menteeFeedbackBetter: "" });
      const fbText = cardText(fb.response?.body.value);
      assert.ok(fbText.includes(t(lang, "guard.kind.fnr")), fbText);
      assert.ok(fbText.includes(mentor.name), "the feedback field's label names whose it is");
      assert.equal((await h.store.getMeeting(TENANT, id, first.key))?.etag, before?.etag);

      // Fixed, the same save goes through.
      const fixed = await h.execute(chat, mentee, lang, "agenda.save", { mentorshipId: id, meetingKey: first.key, howIsMentee: "Fint", experience: "Borgeren ville ikke tale med mig.", summary: "Godt møde" });
      assert.ok(cardText(fixed.response?.body.value).includes(t(lang, "agenda.saved")));
      assert.equal((await h.store.getMeeting(TENANT, id, first.key))?.value.agenda.experience, "Borgeren ville ikke tale med mig.");
    });

    it("the evaluation with a fødselsnummer in a goal's comment is refused, the typed text kept, nothing saved", async () => {
      const h = await botHarness();
      // An agreement with a learning goal, so the evaluation has a goal to comment on.
      const setupId = findAction(cardOf((await h.say(chat, mentor, lang, "start"))[0]), "setup.submit")?.data["setupId"];
      await h.execute(chat, mentor, lang, "setup.submit", { setupId, programme: "kristiansand", firstDay: "2027-01-04", unit: "X", language: lang });
      const id = (await h.service.getChat(TENANT, chat.id))?.activeMentorshipId ?? "";
      const m0 = (await h.service.getMentorship(TENANT, id)) as Mentorship;
      await h.execute(chat, mentor, lang, "agreement.save", { mentorshipId: id, baseVersion: 1, ...m0.agreement.fields, mentorRoles: m0.agreement.fields.mentorRoles.join(","), tools: m0.agreement.fields.tools.join(","), shortTermGoals: "- Skrive journal selv\n" });
      await h.execute(chat, mentee, lang, "agreement.accept", { mentorshipId: id, version: 2 });
      await h.execute(chat, mentor, lang, "agreement.accept", { mentorshipId: id, version: 2 });
      await h.execute(chat, mentor, lang, "closing.confirmStart", { mentorshipId: id, reason: "endedByAgreement" });
      const m = (await h.service.getMentorship(TENANT, id)) as Mentorship;
      assert.equal(m.phase, "closing");
      const f = m.closing!.evaluation.fields;
      const before = await h.store.getMentorship(TENANT, id);
      const typed = `Sagen om ${FNR} lærte mig meget`;
      const data: Record<string, string> = { mentorshipId: id, baseVersion: "1", shown: fingerprint(f), worked: "Fortroligheden", couldBeBetter: "", recommendations: "", shareWithLeader: "false" } as unknown as Record<string, string>;
      f.goals.forEach((g, i) => {
        data[`goalStatus.${i}`] = g.status ?? "";
        data[`goalComment.${i}`] = i === 0 ? typed : g.comment;
      });
      const r = await h.execute(chat, mentee, lang, "evaluation.save", { ...data, baseVersion: 1, shown: fingerprint(f) });
      const card = r.response?.body.value;
      const text = cardText(card);
      assert.ok(f.goals.length > 0, "the programme's goals are on the evaluation");
      const label = t(lang, "evaluation.comment").replace(/[?:.\s]+$/, "");
      assert.ok(text.includes(t(lang, "error.CITIZEN_ID_FOUND", { label, kind: t(lang, "guard.kind.fnr"), masked: "ddmmyyxxxxx" })), text);
      assert.equal(inputValue(card, "goalComment.0"), typed, "the comment typed is on the card again");
      assert.equal(inputValue(card, "worked"), "Fortroligheden");
      const after = await h.store.getMentorship(TENANT, id);
      assert.equal(after?.etag, before?.etag, "nothing was saved");
    });
  });
}
