import assert from "node:assert/strict";
import type { Language } from "../../src/domain/language";
import { t } from "../../src/i18n";
import { colleague, mentee, mentor } from "../support/fixtures";
import { type Chat, BOT, botHarness, cardOf, findAction } from "./harness";

type H = Awaited<ReturnType<typeof botHarness>>;

/** A pair set up in `language` by the mentor, whose client says `clientLocale`. */
async function pairIn(h: H, chat: Chat, language: Language, clientLocale: Language) {
  const setupId = findAction(cardOf((await h.say(chat, mentor, clientLocale, "start"))[0]), "setup.submit")?.data["setupId"];
  const r = await h.execute(chat, mentor, clientLocale, "setup.submit", { setupId, programme: language === "nb" ? "kristiansand" : "klds", firstDay: "2027-01-04", unit: "Enhed", language, ...(chat.members.length > 2 ? { mentee: mentee.aadObjectId } : {}) });
  assert.equal(r.response?.body.type, "application/vnd.microsoft.card.adaptive");
}

describe("the language of text replies (issue 9, item 3)", function () {
  this.timeout(30000);
  const pair: Chat = { id: "19:lang-pair@thread.v2", type: "groupChat", members: [mentor, mentee, colleague] };
  const personal = (who: typeof mentor, tag = ""): Chat => ({ id: `a:lang-personal-${who.aadObjectId}${tag}`, type: "personal", members: [who] });

  it("en-US activities in a Danish pair's chat get Danish help, status and refusals", async () => {
    const h = await botHarness();
    await pairIn(h, pair, "da", "en");
    assert.equal((await h.say(pair, mentee, "en", "help"))[0]?.text, t("da", "help.group"));
    const status = (await h.say(pair, mentee, "en", "status"))[0]?.text ?? "";
    assert.ok(status.startsWith(t("da", "status.header")), status);
    assert.equal((await h.say(pair, colleague, "en", "abracadabra"))[0]?.text, t("da", "command.unknown"));
    const refused = await h.rawInvoke(pair, colleague, "en", { action: { type: "Action.Execute", verb: "no.such.verb", data: {} } });
    assert.ok(String(refused?.body.value).startsWith(t("da", "error.INVALID_INPUT", { field: "" }).slice(0, 12)), String(refused?.body.value));
  });

  it("the personal chat of a person whose mentorship is Norwegian answers in Norwegian, whatever the client says", async () => {
    const h = await botHarness();
    await pairIn(h, pair, "nb", "en");
    assert.equal((await h.say(personal(mentee), mentee, "en", "help"))[0]?.text, t("nb", "help.personal"));
    assert.equal((await h.say(personal(mentee), mentee, "en", "hjelp"))[0]?.text, t("nb", "help.personal"), "Teams' Norwegian command title still works");
    assert.equal((await h.say(personal(mentee), mentee, "da", "hjælp"))[0]?.text, t("nb", "help.personal"));
    const status = (await h.say(personal(mentee), mentee, "en", "status"))[0]?.text ?? "";
    assert.ok(status.startsWith(t("nb", "status.header")), status);
    assert.equal((await h.say(personal(mentor), mentor, "en", "start"))[0]?.text, t("nb", "error.START_ONLY_IN_GROUP_CHAT"));
    // Someone with no mentorship: the client's locale.
    assert.equal((await h.say(personal(colleague), colleague, "en", "help"))[0]?.text, t("en", "help.personal"));
  });

  it("the welcome has the same language whichever installation event arrives first", async () => {
    const h = await botHarness();
    // The Playground's two events: installationUpdate (en-US) and conversationUpdate (no locale).
    const withoutLocale = (chat: Chat) =>
      h.raw(chat, chat.members[0] ?? colleague, (a) => {
        const { locale: _none, ...rest } = a;
        return { ...rest, type: "conversationUpdate", membersAdded: [{ id: BOT.id }] };
      });
    const first = personal(colleague, "-a");
    const a = [...(await withoutLocale(first)).sent, ...(await h.install(first, colleague, "en"))];
    const second = personal(colleague, "-b");
    const b = [...(await h.install(second, colleague, "en")), ...(await withoutLocale(second)).sent];
    assert.deepEqual(a.map((x) => x.text), [t("en", "welcome.personal")]);
    assert.deepEqual(b.map((x) => x.text), [t("en", "welcome.personal")]);

    // A person whose mentorship is Danish is welcomed in Danish, from either event.
    await pairIn(h, pair, "da", "en");
    const third = personal(mentee, "-c");
    const c = [...(await withoutLocale(third)).sent, ...(await h.install(third, mentee, "en"))];
    assert.deepEqual(c.map((x) => x.text), [t("da", "welcome.personal")]);
  });
});
