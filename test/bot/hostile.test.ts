import assert from "node:assert/strict";
import { ActivityTypes } from "botbuilder";
import { languageFromLocale } from "../../src/domain/language";
import { t } from "../../src/i18n";
import { colleague, mentee, mentor } from "../support/fixtures";
import { type Chat, botHarness } from "./harness";

const pair: Chat = { id: "19:hostile@thread.v2", type: "groupChat", members: [mentor, mentee, colleague] };
const invoke = (verb: string, data: unknown = {}) => ({ type: ActivityTypes.Invoke, name: "adaptiveCard/action", value: { action: { type: "Action.Execute", verb, data } } });
const message = (text: unknown) => ({ type: ActivityTypes.Message, text, entities: [] });
const WRONG_LOCALES: unknown[] = [42, 1.5e300, { lang: "da" }, ["da-DK"], true, false];

describe("hostile activities through the real bot: a clear answer, never an exception", function () {
  this.timeout(30000);

  it("languageFromLocale is total: any value gives a supported language", () => {
    for (const v of [...WRONG_LOCALES, null, undefined, "", "x".repeat(10_000), Symbol("s"), () => "da"]) assert.equal(languageFromLocale(v), "da");
    assert.equal(languageFromLocale("nb-NO"), "nb");
    assert.equal(languageFromLocale("EN_us"), "en");
  });

  it("a locale that is not a string: invokes and messages are answered with one line, the same as a bad field anywhere", async () => {
    const h = await botHarness();
    for (const locale of WRONG_LOCALES) {
      const i = await h.raw(pair, mentor, (a) => ({ ...a, ...invoke("agreement.refresh", { mentorshipId: "x" }), locale }));
      assert.equal(i.invoke?.status, 200, JSON.stringify(locale));
      assert.equal(i.invoke?.body.value, t("da", "guard.unreadable"));
      const m = await h.raw(pair, mentor, (a) => ({ ...a, ...message("help"), locale }));
      assert.deepEqual(m.sent.map((s) => s.text), [t("da", "guard.unreadable")], JSON.stringify(locale));
      assert.equal(m.sent[0]?.locale, undefined, "the reply does not carry the malformed locale");
    }
  });

  it("verbs named after Object.prototype find no handler and are answered at once", async () => {
    const h = await botHarness();
    for (const verb of ["constructor", "toString", "valueOf", "hasOwnProperty", "__proto__", "isPrototypeOf", "__defineGetter__"]) {
      const started = Date.now();
      const r = await h.execute(pair, mentor, "da", verb, {});
      assert.ok(Date.now() - started < 1000, `${verb} answered in ${Date.now() - started} ms`);
      assert.equal(r.response?.body.type, "application/vnd.microsoft.activity.message", verb);
      assert.equal(r.response?.body.value, t("da", "error.INVALID_INPUT", { field: "action" }), verb);
    }
  });

  it("every field the bot reads, with a wrong type: a localised line for invokes and messages, silence for the rest, no exception", async () => {
    const h = await botHarness();
    const wrong: [string, (a: Record<string, unknown>) => Record<string, unknown>][] = [
      ["from.id", (a) => ({ ...a, from: { ...(a["from"] as object), id: 7 } })],
      ["from.name", (a) => ({ ...a, from: { ...(a["from"] as object), name: { first: "Mette" } } })],
      ["from.aadObjectId", (a) => ({ ...a, from: { ...(a["from"] as object), aadObjectId: ["x"] } })],
      ["from", (a) => ({ ...a, from: "Mette" })],
      ["conversation.id", (a) => ({ ...a, conversation: { ...(a["conversation"] as object), id: 42 } })],
      ["conversation.isGroup", (a) => ({ ...a, conversation: { ...(a["conversation"] as object), isGroup: { yes: true } } })],
      ["conversation.conversationType", (a) => ({ ...a, conversation: { ...(a["conversation"] as object), conversationType: 3 } })],
      ["conversation.tenantId", (a) => ({ ...a, conversation: { ...(a["conversation"] as object), tenantId: {} } })],
      ["recipient", (a) => ({ ...a, recipient: 5 })],
      ["channelData.tenant", (a) => ({ ...a, channelData: { tenant: "x" } })],
      ["text", (a) => ({ ...a, text: { start: true } })],
      ["replyToId", (a) => ({ ...a, replyToId: 12 })],
      ["entities", (a) => ({ ...a, entities: [{ type: "mention" }] })],
      ["membersAdded", (a) => ({ ...a, membersAdded: "everyone" })],
      ["action", (a) => ({ ...a, action: ["add"] })],
      ["name", (a) => ({ ...a, name: { verb: "x" } })],
    ];
    for (const [field, change] of wrong) {
      const i = await h.raw(pair, mentor, (a) => change({ ...a, ...invoke("agreement.refresh", { mentorshipId: "x" }) }));
      assert.equal(i.invoke?.body.value, t("da", "guard.unreadable"), `invoke with a wrong ${field}`);
      const m = await h.raw(pair, mentor, (a) => change({ ...a, ...message("start") }));
      const addressable = !/^(from|conversation|recipient)/.test(field);
      assert.deepEqual(m.sent.map((s) => s.text), addressable ? [t("da", "guard.unreadable")] : [], `message with a wrong ${field}`);
      for (const type of [ActivityTypes.ConversationUpdate, ActivityTypes.InstallationUpdate]) {
        const u = await h.raw(pair, mentor, (a) => change({ ...a, type, membersAdded: [{ id: "28:mentor-bot" }] }));
        assert.deepEqual(u.sent, [], `${type} with a wrong ${field}: nothing posted`);
      }
    }
    // A message text that only a mention removal could trip on: a mention entity but no text.
    const noText = await h.raw(pair, mentor, (a) => ({ ...a, type: ActivityTypes.Message, entities: [{ type: "mention", mentioned: { id: "28:mentor-bot" }, text: "<at>Mentor</at>" }] }));
    assert.deepEqual(noText.sent.map((s) => s.text), [t("da", "command.unknown")]);
  });
});
