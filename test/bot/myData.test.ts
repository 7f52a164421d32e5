import assert from "node:assert/strict";
import { Languages } from "../../src/domain/language";
import { t } from "../../src/i18n";
import { TENANT, colleague, mentee, mentor } from "../support/fixtures";
import { type Chat, agreedPair, botHarness } from "./harness";

/**
 * Issue 13: `my data` (da/nb "mine data") in the personal chat — the counts of what the app holds
 * about the person and two short-lived links, for them alone; in a group chat only that it lives in
 * the personal chat (not even the counts).
 */
const WORDS = { da: "mine data", nb: "mine data", en: "my data" } as const;

for (const lang of Languages) {
  describe(`"${WORDS[lang]}" in the personal chat (${lang})`, function () {
    this.timeout(60_000);
    const pair: Chat = { id: `19:mydata-${lang}@thread.v2`, type: "groupChat", members: [mentor, mentee] };
    const menteeChat: Chat = { id: `a:personal-mydata-mentee-${lang}`, type: "personal", members: [mentee] };
    const colleagueChat: Chat = { id: `a:personal-mydata-colleague-${lang}`, type: "personal", members: [colleague] };

    it("answers the person with the counts of their data and two links of their own", async () => {
      const h = await botHarness();
      await agreedPair(h, pair, lang);
      const out = await h.say(menteeChat, mentee, lang, WORDS[lang]);
      const text = out.map((a) => a.text ?? "").join("\n");
      const data = await h.rights.exportOf(TENANT, mentee.aadObjectId, { record: false });
      assert.equal(data.mentorships.length, 1);
      const summary = t(lang, "rights.summary", { mentorships: 1, texts: 0, meetings: 0, answers: 0, journal: 0, audit: 0 });
      assert.ok(text.includes(summary), text);
      assert.ok(text.includes(`http://127.0.0.1:1/mydata/${TENANT}/${mentee.aadObjectId}.json`), text);
      assert.ok(text.includes(`http://127.0.0.1:1/mydata/${TENANT}/${mentee.aadObjectId}.${lang}`), "the document in the person's language");
      assert.ok(text.includes(t(lang, "rights.command.reply", { summary, json: "", html: "", minutes: 15 }).split("\n")[2]!.slice(0, 20)));
      // Nothing of the pair's texts in the chat itself.
      assert.ok(!text.includes("Formål") && !text.includes(mentor.name), "counts only");
    });

    it("gives someone with no mentorship an answer about them alone (nothing of anyone else)", async () => {
      const h = await botHarness();
      await agreedPair(h, pair, lang);
      const text = (await h.say(colleagueChat, colleague, lang, WORDS[lang])).map((a) => a.text ?? "").join("\n");
      assert.ok(text.includes(t(lang, "rights.summary", { mentorships: 0, texts: 0, meetings: 0, answers: 0, journal: 0, audit: 0 })), text);
      assert.ok(text.includes(colleague.aadObjectId) && !text.includes(mentee.aadObjectId) && !text.includes(mentor.aadObjectId));
    });

    it("in the pair's group chat says only that it lives in the personal chat, and writes nothing", async () => {
      const h = await botHarness();
      await agreedPair(h, pair, lang);
      const before = await h.etags();
      const out = await h.say(pair, mentee, lang, WORDS[lang]);
      assert.deepEqual(out.map((a) => a.text), [t(lang, "rights.command.personalOnly")]);
      const after = await h.etags();
      // The chat row notes the activity as every message does; no data row changes.
      for (const [key, etag] of before) if (!key.includes("/c|")) assert.equal(after.get(key), etag, key);
    });

    it("is listed by help in the personal chat, and understood in every language's words", async () => {
      const h = await botHarness();
      const help = (await h.say(menteeChat, mentee, lang, t(lang, "help.personal").includes("hjælp") ? "hjælp" : "help")).map((a) => a.text ?? "").join("\n");
      assert.ok(help.includes(`**${WORDS[lang]}**`), help);
      for (const words of ["my data", "Mine data", "MINE DATA", "mydata"]) {
        const text = (await h.say(menteeChat, mentee, lang, words)).map((a) => a.text ?? "").join("\n");
        assert.ok(text.includes("/mydata/"), `${words}: ${text}`);
      }
      // "mine" alone, or "my" and another word, is no command.
      const other = (await h.say(menteeChat, mentee, lang, "my mentorship")).map((a) => a.text ?? "").join("\n");
      assert.equal(other, t(lang, "command.unknown"));
    });
  });
}
