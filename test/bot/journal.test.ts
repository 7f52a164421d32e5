import assert from "node:assert/strict";
import { TableClient } from "@azure/data-tables";
import { Languages } from "../../src/domain/language";
import { t } from "../../src/i18n";
import type { Logger } from "../../src/log";
import { assertValidCard } from "../support/cardSchema";
import { TENANT, colleague, mentee, mentor } from "../support/fixtures";
import { type Chat, agreedPair, botHarness, cardOf, cardText, findAction, findInputIds } from "./harness";

type H = Awaited<ReturnType<typeof botHarness>>;

function recordingLog(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const keep = (level: string) => (event: string, fields: Record<string, unknown> = {}) => void lines.push(JSON.stringify({ level, event, ...fields }));
  return { lines, log: { info: keep("info"), warn: keep("warn"), error: keep("error") } };
}

/** Texts only the journal holds: found anywhere else, the journal leaked. */
const SECRET = { title: "Samtale med borger Q7", background: "Kvinde midt i 40'erne, KANARIE-baggrund-7", logCitizen: "Borgeren sagde KANARIE-citat-7", reflection: "Jeg lærte KANARIE-refleksion-7" };

/** Every action of the card, wherever it sits (ActionSets in the body included). */
function actionsOf(card: unknown): { verb?: string; title?: string; data: Record<string, unknown> }[] {
  const out: { verb?: string; title?: string; data: Record<string, unknown> }[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      const o = node as Record<string, unknown>;
      if (o["type"] === "Action.Execute") out.push(o as never);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

/** The value an input shows. */
function inputValue(card: unknown, id: string): string | undefined {
  let found: string | undefined;
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      const o = node as Record<string, unknown>;
      if (o["id"] === id && typeof o["type"] === "string" && o["type"].startsWith("Input.")) found = typeof o["value"] === "string" ? o["value"] : "";
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return found;
}

const cardValue = (body: unknown) => {
  const b = body as { type: string; value: unknown };
  assert.equal(b.type, "application/vnd.microsoft.card.adaptive", `a card, not ${JSON.stringify(b.value).slice(0, 200)}`);
  return b.value as Record<string, unknown>;
};

for (const lang of Languages) {
  describe(`The mentee's process journal through TestAdapter (${lang})`, function () {
    this.timeout(90000);
    const pair: Chat = { id: `19:journal-${lang}@thread.v2`, type: "groupChat", members: [mentor, mentee] };
    const menteeChat: Chat = { id: `a:journal-mentee-${lang}`, type: "personal", members: [mentee] };
    const mentorChat: Chat = { id: `a:journal-mentor-${lang}`, type: "personal", members: [mentor] };

    async function withEntry(h: H) {
      await agreedPair(h, pair, lang);
      const list = await h.say(menteeChat, mentee, lang, "journal");
      const listCard = cardOf(list[0]);
      assert.ok(listCard, "the journal card in the personal chat");
      assertValidCard(listCard, "the journal list");
      assert.ok(cardText(listCard).includes(t(lang, "journal.empty")));
      const form = cardValue((await h.execute(menteeChat, mentee, lang, "journal.new", {})).response?.body);
      assertValidCard(form, "the journal form");
      const typed = { title: SECRET.title, date: "15.01.2027", background: SECRET.background, problems: "", caseSummary: "", other: "", reflection: SECRET.reflection, [`log_0_citizen`]: SECRET.logCitizen, log_0_worker: "Jeg spurgte ind", log_0_observation: "" };
      // "Add row": one more row, and every word typed is still there; nothing is saved yet.
      const more = cardValue((await h.execute(menteeChat, mentee, lang, "journal.addRow", { ...findAction(form, "journal.save")?.data, ...typed })).response?.body);
      assert.ok(findInputIds(more).includes("log_1_citizen"), "a second row of the conversation log");
      assert.equal(inputValue(more, "log_0_citizen"), SECRET.logCitizen);
      assert.equal(inputValue(more, "title"), SECRET.title);
      assert.deepEqual(await h.journal!.list({ tenantId: TENANT, aadObjectId: mentee.aadObjectId }), [], "adding a row saves nothing");
      const saveData = findAction(more, "journal.save")?.data;
      assert.equal(String(saveData?.["rows"]), "2");
      const saved = cardValue((await h.execute(menteeChat, mentee, lang, "journal.save", { ...saveData, ...typed, log_1_citizen: "", log_1_worker: "", log_1_observation: "Anden række" })).response?.body);
      assert.ok(cardText(saved).includes(t(lang, "journal.saved", { version: 1 })), cardText(saved));
      const [entry] = await h.journal!.list({ tenantId: TENANT, aadObjectId: mentee.aadObjectId });
      assert.ok(entry);
      assert.equal(entry.date, "2027-01-15");
      assert.deepEqual(entry.log, [{ citizen: SECRET.logCitizen, worker: "Jeg spurgte ind", observation: "" }, { citizen: "", worker: "", observation: "Anden række" }]);
      return { entry, saved };
    }

    it("the mentee lists, writes (adding log rows that keep what was typed), opens, edits with the version, and deletes after a confirmation", async () => {
      const h = await botHarness();
      const { entry, saved } = await withEntry(h);
      // The list shows it; opening it shows what was written.
      const list = cardValue((await h.execute(menteeChat, mentee, lang, "journal.list", {})).response?.body);
      // One "open" button and a choice of entries (a card shows at most six actions), the newest chosen.
      assert.ok(actionsOf(list).some((a) => a.verb === "journal.open"));
      const choice = JSON.stringify(list);
      assert.ok(choice.includes(entry.id) && choice.includes("15.01.2027") && choice.includes(SECRET.title), "the entry is a choice by date and title");
      assert.equal(inputValue(list, "entryId"), entry.id);
      const opened = cardValue((await h.execute(menteeChat, mentee, lang, "journal.open", { entryId: entry.id })).response?.body);
      assert.equal(inputValue(opened, "background"), SECRET.background);
      assert.equal(inputValue(opened, "date"), "15.01.2027");
      // An edit names the version it edits; a second save of the same old version is refused, and keeps the text.
      const data = findAction(saved, "journal.save")?.data;
      assert.equal(String(data?.["version"]), "1");
      const edited = cardValue((await h.execute(menteeChat, mentee, lang, "journal.save", { ...data, title: "Ny titel", date: "15.01.2027", background: SECRET.background, reflection: "Mere" })).response?.body);
      assert.ok(cardText(edited).includes(t(lang, "journal.saved", { version: 2 })));
      const stale = cardValue((await h.execute(menteeChat, mentee, lang, "journal.save", { ...data, title: "Gammel fane", reflection: "tekst fra en gammel fane" })).response?.body);
      assert.ok(cardText(stale).includes(t(lang, "error.JOURNAL_STALE_VERSION", { current: 2 })), cardText(stale));
      assert.equal(inputValue(stale, "reflection"), "tekst fra en gammel fane", "the refused text stays on the card");
      const now = await h.journal!.get({ tenantId: TENANT, aadObjectId: mentee.aadObjectId }, entry.id);
      assert.ok(now.ok && now.value.title === "Ny titel" && now.value.version === 2);
      // Delete asks first; "no" keeps it, "yes" deletes it.
      const confirm = cardValue((await h.execute(menteeChat, mentee, lang, "journal.delete", { entryId: entry.id })).response?.body);
      assert.ok(cardText(confirm).includes(t(lang, "journal.deleteConfirm", { title: "Ny titel" })));
      assert.equal((await h.journal!.list({ tenantId: TENANT, aadObjectId: mentee.aadObjectId })).length, 1, "asking deletes nothing");
      const gone = cardValue((await h.execute(menteeChat, mentee, lang, "journal.deleteConfirm", { entryId: entry.id })).response?.body);
      assert.ok(cardText(gone).includes(t(lang, "journal.deleted")));
      assert.ok(cardText(gone).includes(t(lang, "journal.empty")));
      assert.deepEqual(await h.journal!.list({ tenantId: TENANT, aadObjectId: mentee.aadObjectId }), []);
    });

    it("a refused save (no title, a date that is none, a text too long) keeps every word typed on the card and saves nothing", async () => {
      const h = await botHarness();
      await agreedPair(h, pair, lang);
      const form = cardValue((await h.execute(menteeChat, mentee, lang, "journal.new", {})).response?.body);
      const data = findAction(form, "journal.save")?.data;
      const noTitle = cardValue((await h.execute(menteeChat, mentee, lang, "journal.save", { ...data, title: "  ", background: SECRET.background })).response?.body);
      assert.ok(cardText(noTitle).includes(t(lang, "input.required")), cardText(noTitle));
      assert.equal(inputValue(noTitle, "background"), SECRET.background);
      const badDate = cardValue((await h.execute(menteeChat, mentee, lang, "journal.save", { ...data, title: "T", date: "31.02.2027", reflection: SECRET.reflection })).response?.body);
      assert.ok(cardText(badDate).includes(t(lang, "journal.field.date").replace(/\s*\(.*\)$/, "")), cardText(badDate));
      assert.equal(inputValue(badDate, "reflection"), SECRET.reflection);
      assert.equal(inputValue(badDate, "date"), "31.02.2027");
      const long = cardValue((await h.execute(menteeChat, mentee, lang, "journal.save", { ...data, title: "T", other: "x".repeat(1001) })).response?.body);
      assert.ok(cardText(long).includes(t(lang, "input.tooLong", { max: 1000 })), cardText(long));
      assert.deepEqual(await h.journal!.list({ tenantId: TENANT, aadObjectId: mentee.aadObjectId }), []);
    });

    it("the guard: a CPR number is refused naming the field and its masked shape, the text stays on the card; fixed, it saves; a phone number about the citizen asks, and 'save anyway' saves", async () => {
      const h = await botHarness();
      await agreedPair(h, pair, lang);
      const form = cardValue((await h.execute(menteeChat, mentee, lang, "journal.new", {})).response?.body);
      const data = findAction(form, "journal.save")?.data;
      // A generated number of the CPR shape (a real date, 7th digit 1 → 1990), never a real person's.
      const cpr = "010190-1234";
      const typed = { ...data, title: "Hjemmebesøg", background: `Borger med CPR ${cpr}, enlig`, reflection: SECRET.reflection, log_0_citizen: SECRET.logCitizen };
      const refused = cardValue((await h.execute(menteeChat, mentee, lang, "journal.save", typed)).response?.body);
      const shown = cardText(refused);
      assert.ok(shown.includes(t(lang, "journal.field.background")), `names the field: ${shown}`);
      assert.ok(shown.includes("ddmmyy-xxxx"), "the masked shape");
      assert.ok(shown.includes(t(lang, "guard.kind.cpr")));
      assert.equal(inputValue(refused, "background"), `Borger med CPR ${cpr}, enlig`, "the typed text stays on the card");
      assert.equal(inputValue(refused, "reflection"), SECRET.reflection);
      assert.equal(inputValue(refused, "log_0_citizen"), SECRET.logCitizen);
      assert.equal(findAction(refused, "journal.save")?.data["allowSoft"], undefined);
      assert.equal(actionsOf(refused).filter((a) => a.verb === "journal.save").length, 1, "no 'save anyway' for an identity number");
      // Even "save anyway" from a forged click does not pass an identity number.
      const forced = cardValue((await h.execute(menteeChat, mentee, lang, "journal.save", { ...typed, allowSoft: "true" })).response?.body);
      assert.ok(cardText(forced).includes("ddmmyy-xxxx"));
      // In the conversation log too.
      const inLog = cardValue((await h.execute(menteeChat, mentee, lang, "journal.save", { ...typed, background: "Enlig", log_0_citizen: `Mit nummer er ${cpr.replace("-", "")}` })).response?.body);
      assert.ok(cardText(inLog).includes(t(lang, "journal.field.log.citizen")), cardText(inLog));
      assert.deepEqual(await h.journal!.list({ tenantId: TENANT, aadObjectId: mentee.aadObjectId }), [], "nothing was saved");
      // A phone number in a citizen field: a warning with "save anyway".
      const phone = { ...typed, background: "Borger, tlf. 20 30 40 50" };
      const warned = cardValue((await h.execute(menteeChat, mentee, lang, "journal.save", phone)).response?.body);
      assert.ok(cardText(warned).includes(t(lang, "guard.kind.phone")), cardText(warned));
      const anyway = actionsOf(warned).find((a) => a.verb === "journal.save" && a.data["allowSoft"] === "true");
      assert.ok(anyway, "a 'save anyway' button");
      assert.equal(anyway.title, t(lang, "journal.saveAnyway"));
      assert.equal(inputValue(warned, "background"), "Borger, tlf. 20 30 40 50");
      assert.deepEqual(await h.journal!.list({ tenantId: TENANT, aadObjectId: mentee.aadObjectId }), []);
      const saved = cardValue((await h.execute(menteeChat, mentee, lang, "journal.save", { ...phone, ...anyway.data })).response?.body);
      assert.ok(cardText(saved).includes(t(lang, "journal.saved", { version: 1 })), cardText(saved));
      const [entry] = await h.journal!.list({ tenantId: TENANT, aadObjectId: mentee.aadObjectId });
      assert.equal(entry?.background, "Borger, tlf. 20 30 40 50");
      assert.ok(!JSON.stringify(entry).includes("1234"), "no CPR digits stored");
    });

    it("in the pair's chat the command answers one line, where the journal lives, and a journal click from there does nothing", async () => {
      const h = await botHarness();
      const { entry } = await withEntry(h);
      const out = await h.say(pair, mentee, lang, "journal");
      assert.equal(out.length, 1);
      assert.equal(out[0]?.text, t(lang, "journal.groupOnly"));
      assert.equal(cardOf(out[0]), undefined, "no card in the group chat");
      for (const word of ["procesjournal", "journal"]) assert.equal((await h.say(pair, mentor, lang, word))[0]?.text, t(lang, "journal.groupOnly"));
      const clicked = await h.execute(pair, mentee, lang, "journal.open", { entryId: entry.id });
      assert.deepEqual(clicked.response?.body, { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: t(lang, "journal.groupOnly") });
      assert.equal(clicked.sent.length, 0);
    });

    it("nobody else reaches an entry: the mentor, and a colleague, with the mentee's entry id from their own personal chat", async () => {
      const h = await botHarness();
      const { entry } = await withEntry(h);
      const mine = await h.say(mentorChat, mentor, lang, "journal");
      assert.equal(mine[0]?.text, t(lang, "error.JOURNAL_NOT_MENTEE"));
      for (const [verb, data] of [["journal.open", { entryId: entry.id }], ["journal.delete", { entryId: entry.id }], ["journal.deleteConfirm", { entryId: entry.id }], ["journal.save", { entryId: entry.id, version: 1, rows: 1, title: "overtaget" }], ["journal.new", {}], ["journal.list", {}]] as const) {
        for (const who of [mentor, colleague]) {
          const chat: Chat = { id: `a:journal-${who.aadObjectId}-${lang}`, type: "personal", members: [who] };
          const r = await h.execute(chat, who, lang, verb, data);
          const shown = JSON.stringify(r.response?.body);
          for (const secret of Object.values(SECRET)) assert.ok(!shown.includes(secret), `${verb} by ${who.name} shows the mentee's text`);
        }
      }
      const still = await h.journal!.get({ tenantId: TENANT, aadObjectId: mentee.aadObjectId }, entry.id);
      assert.ok(still.ok && still.value.version === 1 && still.value.title === SECRET.title, "nothing changed");
    });

    it("no entry text reaches a log line, the pair's chat, or the raw table row", async () => {
      const { log, lines } = recordingLog();
      const h = await botHarness({ log });
      const before = h.notifier.sent.length;
      await withEntry(h);
      // Whatever is asked in the pair's chat, by either of them, answers nothing of the journal.
      const group: string[] = [];
      for (const [who, words] of [[mentee, ["journal", "procesjournal", "card", "status", "help"]], [mentor, ["journal", "card", "status"]]] as const) for (const w of words) group.push(JSON.stringify(await h.say(pair, who, lang, w)));
      const everywhere = [...lines, ...group, ...h.notifier.sent.slice(before).map((s) => JSON.stringify(s))].join("\n");
      for (const secret of Object.values(SECRET)) assert.ok(!everywhere.includes(secret), `"${secret}" in a log line or a posted message`);
      assert.ok(lines.some((l) => l.includes("journal.created")), "the log says that an entry was written (ids only)");
      const raw: string[] = [];
      for await (const e of TableClient.fromConnectionString(h.connectionString, h.journalTable, { allowInsecureConnection: true }).listEntities()) raw.push(JSON.stringify(e));
      assert.equal(raw.length, 1);
      for (const secret of [...Object.values(SECRET), "Jeg spurgte ind", "Anden række", "2027-01-15"]) assert.ok(!raw[0]!.includes(secret), `the raw row holds "${secret}"`);
      const mainRows: string[] = [];
      for await (const e of TableClient.fromConnectionString(h.connectionString, h.tableName, { allowInsecureConnection: true }).listEntities()) mainRows.push(JSON.stringify(e));
      for (const secret of Object.values(SECRET)) assert.ok(!mainRows.join("\n").includes(secret), "nothing of the journal in the mentorships' table");
    });
  });
}

