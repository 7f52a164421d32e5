import assert from "node:assert/strict";
import { Languages } from "../../src/domain/language";
import { t } from "../../src/i18n";
import { TENANT, mentee, mentor } from "../support/fixtures";
import { type Chat, botHarness, cardOf, cardText, findAction } from "./harness";

/** A refusal of one field names it by its label on the card and says the limit (issue 9, item 4). */
for (const lang of Languages) {
  describe(`field names in refusals (${lang})`, function () {
    this.timeout(30000);
    const pair: Chat = { id: `19:fields-${lang}@thread.v2`, type: "groupChat", members: [mentor, mentee] };

    it("a 500-character unit on the setup card: the unit's label and its limit, in the card's language", async () => {
      const h = await botHarness();
      const setupId = findAction(cardOf((await h.say(pair, mentor, "en", "start"))[0]), "setup.submit")?.data["setupId"];
      const r = await h.execute(pair, mentor, "en", "setup.submit", { setupId, programme: "klds", firstDay: "2027-01-04", unit: "x".repeat(500), language: lang });
      const text = cardText(r.response?.body.value);
      const expected = `${t(lang, "setup.unit")}: ${t(lang, "input.tooLong", { max: 100 })}.`;
      assert.ok(text.includes(expected), text);
      assert.ok(!text.includes("(unit)"), "the field is not named by its code");
      if (lang === "da") assert.ok(text.includes("Enhed eller afdeling: højst 100 tegn."));
    });

    it("an agreement field over its limit: the field's label and its limit", async () => {
      const h = await botHarness();
      const setupId = findAction(cardOf((await h.say(pair, mentor, lang, "start"))[0]), "setup.submit")?.data["setupId"];
      await h.execute(pair, mentor, lang, "setup.submit", { setupId, programme: "klds", firstDay: "2027-01-04", unit: "Børn og familie", language: lang });
      const id = (await h.service.getChat(TENANT, pair.id))?.activeMentorshipId;
      const m = id ? await h.service.getMentorship(TENANT, id) : null;
      assert.ok(m);
      const r = await h.execute(pair, mentee, "en", "agreement.save", { mentorshipId: m.id, baseVersion: 1, purpose: m.agreement.fields.purpose, meetingCount: "6", meetingMinutes: "60", timeAndPlace: "x".repeat(201) });
      const text = cardText(r.response?.body.value);
      assert.ok(text.includes(`${t(lang, "agreement.timeAndPlace")}: ${t(lang, "input.tooLong", { max: 200 })}.`), text);
      assert.ok(!text.includes("(timeAndPlace)"));
    });
  });
}
