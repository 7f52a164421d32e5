import assert from "node:assert/strict";
import { Languages } from "../../src/domain/language";
import { t } from "../../src/i18n";
import { TENANT, colleague, mentee, mentor } from "../support/fixtures";
import { type Chat, botHarness, cardOf, findAction } from "./harness";

/** Issue 9, item 6: `status` names every step that waits for the person asking, one line per mentorship. */
for (const lang of Languages) {
  describe(`status names every step waiting for that person (${lang})`, function () {
    this.timeout(60000);
    const chat: Chat = { id: `19:steps-${lang}@thread.v2`, type: "groupChat", members: [mentor, mentee, colleague] };
    const dm = (who: typeof mentor): Chat => ({ id: `a:steps-${lang}-${who.aadObjectId}`, type: "personal", members: [who] });

    it("the agreement to accept, the plan to book, point 1 to fill, and 'did it take place?' to answer", async () => {
      let now = new Date("2027-01-11T08:00:00Z");
      const h = await botHarness({ now: () => now });
      const status = async (who: typeof mentor) => {
        const out = await h.say(dm(who), who, lang, "status");
        assert.equal(out.length, 1);
        return out[0]?.text ?? "";
      };
      const setupId = findAction(cardOf((await h.say(chat, mentor, lang, "start"))[0]), "setup.submit")?.data["setupId"];
      await h.execute(chat, mentor, lang, "setup.submit", { setupId, programme: "kristiansand", firstDay: "2027-01-04", unit: "Vågsbygd", language: lang, mentee: mentee.aadObjectId });
      const id = (await h.service.getChat(TENANT, chat.id))?.activeMentorshipId ?? "";

      // The agreement: both.
      for (const who of [mentor, mentee]) assert.ok((await status(who)).includes(t(lang, "status.acceptAgreement", { version: 1 })));
      await h.execute(chat, mentee, lang, "agreement.accept", { mentorshipId: id, version: 1 });
      await h.execute(chat, mentor, lang, "agreement.accept", { mentorshipId: id, version: 1 });

      // The plan card waits for the mentor to book; nothing waits for the mentee.
      const mentorWaits = await status(mentor);
      assert.ok(mentorWaits.includes(t(lang, "status.waitingForYou", { what: t(lang, "status.bookPlan") })), mentorWaits);
      assert.ok((await status(mentee)).includes(t(lang, "status.nothingWaiting")));
      await h.execute(chat, mentor, lang, "plan.book", { mentorshipId: id, weekday: "2", time: "10:00", minutes: "45", leadHours: "24" });
      await h.bot.idle();
      assert.ok((await status(mentor)).includes(t(lang, "status.nothingWaiting")), "booked: nothing waits");

      // The agenda of the coming meeting is posted with point 1 empty: the mentee's.
      now = new Date("2027-01-18T09:01:00Z");
      await h.scheduler.tick();
      const pointOne = t(lang, "status.pointOne", { date: "19.01.2027" });
      assert.ok((await status(mentee)).includes(pointOne));
      assert.ok(!(await status(mentor)).includes(pointOne), "point 1 is the mentee's");

      // The meeting passed with nothing written: "did it take place?" is asked and waits for both.
      now = new Date("2027-01-20T12:00:00Z");
      await h.scheduler.tick();
      const held = t(lang, "status.heldCheck", { date: "19.01.2027" });
      const menteeNow = await status(mentee);
      assert.ok(menteeNow.includes(held), menteeNow);
      assert.ok(!menteeNow.includes(pointOne), "a past meeting's point 1 no longer waits");
      assert.ok((await status(mentor)).includes(held));
      const first = (await h.meetings.meetings(TENANT, id))[0]!;
      await h.execute(chat, mentee, lang, "meeting.held", { mentorshipId: id, meetingKey: first.key, outcome: "held" });
      assert.ok((await status(mentor)).includes(t(lang, "status.nothingWaiting")), "answered: nothing waits");
      assert.equal((await status(mentor)).split("\n").filter((l) => l.startsWith("- ")).length, 1, "one line per mentorship");
    });
  });
}
