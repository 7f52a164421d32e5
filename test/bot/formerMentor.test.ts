import assert from "node:assert/strict";
import { LocalPeopleDirectory } from "../../src/adapters/people/directories";
import { CoordinatorService } from "../../src/app/coordinator/coordinatorService";
import { Languages } from "../../src/domain/language";
import { t } from "../../src/i18n";
import { silentLogger } from "../../src/log";
import { TENANT, colleague, mentee, mentor } from "../support/fixtures";
import { type Chat, botHarness, cardOf, findAction } from "./harness";

const CANARY = "KANARIE-former-7c1";

/** Issue 9, item 17: after a change of mentor, the former mentor's status says whose mentor they were and until when. */
for (const lang of Languages) {
  describe(`the former mentor's status (${lang})`, function () {
    this.timeout(30000);
    const chat: Chat = { id: `19:former-${lang}@thread.v2`, type: "groupChat", members: [mentor, mentee] };
    const dm: Chat = { id: `a:former-${lang}`, type: "personal", members: [mentor] };

    it("names the mentee and the day it ended, says the history stays with the mentorship, and shows none of it", async () => {
      const h = await botHarness({ now: () => new Date("2027-03-02T08:00:00Z") });
      const setupId = findAction(cardOf((await h.say(chat, mentor, lang, "start"))[0]), "setup.submit")?.data["setupId"];
      await h.execute(chat, mentor, lang, "setup.submit", { setupId, programme: "klds", firstDay: "2027-01-04", unit: "Børn og familie", language: lang });
      const id = (await h.service.getChat(TENANT, chat.id))?.activeMentorshipId ?? "";
      const m = await h.service.getMentorship(TENANT, id);
      assert.ok(m);
      await h.execute(chat, mentor, lang, "agreement.save", { mentorshipId: id, baseVersion: 1, purpose: CANARY, meetingCount: "8", meetingMinutes: "60", shortTermGoals: CANARY });

      const coordinator = new CoordinatorService({
        mentorships: h.service,
        rebook: (tenantId, mid) => h.meetings.completeBooking(tenantId, mid),
        resumed: (tenantId, mid) => h.meetings.resumed(tenantId, mid),
        people: new LocalPeopleDirectory(TENANT, [{ aadObjectId: colleague.aadObjectId, name: colleague.name, email: "karen@kommune.dk" }]),
        chats: null,
        chat: h.delivery,
        chatTopic: () => "",
        log: silentLogger,
      });
      assert.ok((await coordinator.changeMentor(TENANT, id, colleague.aadObjectId)).ok);
      await coordinator.idle();

      const found = await h.store.mentorshipsOf(TENANT, mentor.aadObjectId);
      assert.deepEqual(found.map((x) => x.id), [id], "mentorshipsOf finds a mentorship where the person is a former mentor");

      const text = (await h.say(dm, mentor, lang, "status"))[0]?.text ?? "";
      assert.ok(text.includes(t(lang, "status.formerMentor", { mentee: mentee.name, date: "02.03.2027" })), text);
      assert.ok(!text.includes(t(lang, "status.none")));
      assert.ok(!text.includes(CANARY), "nothing the pair wrote");
      assert.ok(!text.includes(t(lang, "status.acceptAgreement", { version: 2 })), "nothing waits for a former mentor");
      // The new mentor sees the mentorship as theirs.
      const theirs = (await h.say({ ...dm, id: `a:former-new-${lang}`, members: [colleague] }, colleague, lang, "status"))[0]?.text ?? "";
      assert.ok(theirs.includes(t(lang, "status.acceptAgreement", { version: 2 })), theirs);
    });
  });
}
