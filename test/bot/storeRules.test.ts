// Issue 14: the Teams Store's rules for a bot, through the real bot on TestAdapter and Azurite:
// hi, hello and help — and the manifest's command titles in en, da and nb, in any case — answer
// usefully in every scope, even before anything is set up; the welcome comes once per install and
// names the app as the manifest does; every command the manifest lists works in its scope.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { Languages } from "../../src/domain/language";
import { t } from "../../src/i18n";
import { mentee, mentor } from "../support/fixtures";
import { type Chat, botHarness } from "./harness";

const ROOT = path.resolve(__dirname, "..", "..");
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "appPackage", "manifest.json"), "utf8")) as {
  name: { short: string };
  bots: { commandLists: { scopes: ("personal" | "groupChat")[]; commands: { title: string; description: string }[] }[] }[];
};
const localized = (lang: "da" | "nb") => JSON.parse(fs.readFileSync(path.join(ROOT, "appPackage", `${lang}.json`), "utf8")) as Record<string, string>;
const APP_NAME = manifest.name.short.replace(/\$\{\{[A-Z_]+\}\}/g, "");

/** Every command title Teams may send, with its scope: the manifest's (en) and the localisation files' (da, nb). */
function commandTitles(): { scope: "personal" | "groupChat"; title: string }[] {
  const out: { scope: "personal" | "groupChat"; title: string }[] = [];
  manifest.bots[0]!.commandLists.forEach((list, l) =>
    list.commands.forEach((c, i) => {
      for (const scope of list.scopes) {
        out.push({ scope, title: c.title });
        for (const lang of ["da", "nb"] as const) {
          const title = localized(lang)[`bots[0].commandLists[${l}].commands[${i}].title`];
          if (title) out.push({ scope, title });
        }
      }
    }),
  );
  return out;
}

for (const lang of Languages) {
  describe(`the Store's rules for the bot (${lang})`, function () {
    this.timeout(60000);
    const personal: Chat = { id: `a:store-${lang}`, type: "personal", members: [mentor] };
    const group: Chat = { id: `19:store-${lang}@thread.v2`, type: "groupChat", members: [mentor, mentee] };

    it("hi, hello and help in any case answer with what the bot can do, in both scopes, before anything is set up", async () => {
      const h = await botHarness();
      for (const word of ["hi", "Hello", "HEJ!", "hei", "help", "Hjælp", "HJELP", "?"]) {
        for (const [chat, helpKey] of [[personal, "help.personal"], [group, "help.group"]] as const) {
          const out = await h.say(chat, mentor, lang, word);
          const text = String(out[0]?.text ?? "");
          assert.ok(text.includes(t(lang, helpKey)), `${word} in ${chat.type}: ${text.slice(0, 80)}`);
          assert.ok(!text.includes(t(lang, "command.unknown")));
        }
      }
      // A greeting says who the bot is, by the manifest's name.
      const hello = String((await h.say(personal, mentor, lang, "hello"))[0]?.text ?? "");
      assert.ok(hello.includes(APP_NAME), hello);
    });

    it("the welcome comes once per install, names the app, and says what to do next", async () => {
      const h = await botHarness();
      const first = await h.install(personal, mentor, lang);
      const text = String(first[0]?.text ?? "");
      assert.equal(text, t(lang, "welcome.personal"));
      assert.ok(text.includes(APP_NAME), `the app's name in the welcome: ${text}`);
      assert.match(text, /\*\*[^*]+\*\*/, "it names a command to write next");
      assert.deepEqual((await h.install(personal, mentor, lang)).filter((a) => a.type === "message"), [], "no second welcome");
      const groupWelcome = String((await h.install(group, mentor, lang))[0]?.text ?? "");
      assert.equal(groupWelcome, t(lang, "welcome.group"));
      assert.ok(groupWelcome.includes(APP_NAME));
    });

    it("every command the manifest lists (in en, da and nb) has a description and is understood in its scope", async () => {
      const h = await botHarness();
      for (const list of manifest.bots[0]!.commandLists) for (const c of list.commands) assert.ok(c.description.trim().length > 0, `${c.title} has a description`);
      const titles = commandTitles();
      assert.ok(titles.length >= 8, "the manifest's commands were found");
      for (const { scope, title } of titles) {
        const out = await h.say(scope === "personal" ? personal : group, mentor, lang, title);
        const text = out.map((a) => String(a.text ?? "")).join("\n");
        assert.ok(out.length > 0, `${title} (${scope}) gets an answer`);
        assert.ok(!text.includes(t(lang, "command.unknown")), `${title} (${scope}) is understood: ${text.slice(0, 80)}`);
      }
    });
  });
}
