// Issue 12, item 1 on the setup card: a mentor who is the new hire's own leader (the directory says so:
// Graph's manager, LOCAL_LEADER_IDS in local mode) gets KL/DS' advice — "Normalt kan det ikke anbefales,
// at lederen selv påtager sig rollen som kontaktperson eller mentor" — and a toggle to confirm. It is
// advice, not a ban: with the confirmation for that mentee the mentorship is created; without it nothing
// is written, and the card comes back with everything typed. Through the real bot (TestAdapter harness,
// Azurite), in da, nb and en; only the directory (Entra ID's edge) is a fake.
import assert from "node:assert/strict";
import { LocalPeopleDirectory } from "../../src/adapters/people/directories";
import type { Member } from "../../src/app/actor";
import { type Language, Languages } from "../../src/domain/language";
import type { Mentorship } from "../../src/domain/mentorship";
import { t } from "../../src/i18n";
import type { DirectoryPerson, PeopleDirectory } from "../../src/ports/people";
import { TENANT, colleague, mentee, mentor } from "../support/fixtures";
import { type Chat, botHarness, cardOf, cardText, findAction } from "./harness";

type H = Awaited<ReturnType<typeof botHarness>>;
type Json = Record<string, unknown>;

/** Entra ID as far as these tests need it: `leads` maps a leader to the people they manage. */
class FakeDirectory implements PeopleDirectory {
  calls = 0;
  constructor(
    private readonly leads: ReadonlyMap<string, readonly string[]>,
    private readonly failing = false,
  ) {}
  private person(id: string): DirectoryPerson | null {
    const m = [mentor, mentee, colleague].find((p) => p.aadObjectId === id);
    return m ? { aadObjectId: m.aadObjectId, name: m.name, email: `${m.channelUserId.slice(3)}@kommune.dk` } : null;
  }
  async search(): Promise<DirectoryPerson[]> {
    return [];
  }
  async get(_tenantId: string, id: string): Promise<DirectoryPerson | null> {
    return this.person(id);
  }
  async isManagerOf(tenantId: string, leaderId: string, menteeId: string): Promise<boolean> {
    this.calls++;
    if (this.failing) throw new Error("graph down");
    return tenantId === TENANT && (this.leads.get(leaderId) ?? []).includes(menteeId);
  }
  async managerOf(tenantId: string, id: string): Promise<DirectoryPerson | null> {
    if (this.failing) throw new Error("graph down");
    const leader = [...this.leads].find(([, led]) => led.includes(id))?.[0];
    return tenantId === TENANT && leader ? this.person(leader) : null;
  }
}

/** The mentor leads the mentee (and, with `alsoColleague`, the colleague too). */
const leadsMentee = (alsoColleague = false) => new FakeDirectory(new Map([[mentor.aadObjectId, alsoColleague ? [mentee.aadObjectId, colleague.aadObjectId] : [mentee.aadObjectId]]]));

function inputs(card: unknown): Json[] {
  const out: Json[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      const o = node as Json;
      if (typeof o["type"] === "string" && o["type"].startsWith("Input.")) out.push(o);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}
const input = (card: unknown, id: string) => inputs(card).find((i) => i["id"] === id);

async function startCard(h: H, chat: Chat, lang: Language): Promise<string> {
  const setupId = findAction(cardOf((await h.say(chat, mentor, lang, "start"))[0]), "setup.submit")?.data["setupId"];
  assert.equal(typeof setupId, "string");
  return setupId as string;
}

const activeIn = async (h: H, chat: Chat): Promise<Mentorship | null> => {
  const id = (await h.service.getChat(TENANT, chat.id))?.activeMentorshipId;
  return id ? h.service.getMentorship(TENANT, id) : null;
};

for (const lang of Languages) {
  describe(`the setup card when the mentor is the new hire's leader (${lang})`, function () {
    this.timeout(60000);
    const pair: Chat = { id: `19:setup-leader-${lang}@thread.v2`, type: "groupChat", members: [mentor, mentee] };
    const trio: Chat = { id: `19:setup-leader-trio-${lang}@thread.v2`, type: "groupChat", members: [mentor, mentee, colleague] };
    const typed = (setupId: string) => ({ setupId, programme: "kristiansand", firstDay: "2027-03-01", unit: "Vågsbygd omsorgssenter", language: lang });

    it("the card comes back with the seed's advice, the confirm toggle and everything typed; nothing is created until the mentor confirms", async () => {
      const h = await botHarness({ people: leadsMentee() });
      const setupId = await startCard(h, pair, lang);
      const before = await h.etags();

      const first = await h.execute(pair, mentor, lang, "setup.submit", typed(setupId));
      const card = first.response?.body.value;
      const text = cardText(card);
      assert.ok(text.includes(t(lang, "setup.leader.title", { mentee: mentee.name })), text);
      assert.ok(text.includes(t(lang, "setup.leader.advice")));
      assert.ok(text.includes(t(lang, "setup.leader.confirmFirst")));
      if (lang === "da") assert.ok(text.includes("Normalt kan det ikke anbefales, at lederen selv påtager sig rollen som kontaktperson eller mentor"), "the seed's own words");
      const toggle = input(card, "confirmLeader");
      assert.equal(toggle?.["type"], "Input.Toggle");
      assert.equal(toggle?.["valueOn"], mentee.aadObjectId, "a confirmation names the mentee it was given for");
      assert.equal(toggle?.["value"], "", "not ticked for the mentor");
      assert.equal(toggle?.["title"], t(lang, "setup.leader.confirm", { mentee: mentee.name }));
      // What was typed is kept.
      assert.equal(input(card, "programme")?.["value"], "kristiansand");
      assert.equal(input(card, "firstDay")?.["value"], "2027-03-01");
      assert.equal(input(card, "unit")?.["value"], "Vågsbygd omsorgssenter");
      assert.equal(input(card, "language")?.["value"], lang);
      assert.equal(findAction(card, "setup.submit")?.data["setupId"], setupId, "the same setup continues");
      assert.deepEqual(first.sent, [], "nothing posted to the chat");

      // Submitted again without the tick, or with a confirmation naming someone else: the same card, still nothing.
      for (const confirmLeader of ["", colleague.aadObjectId]) {
        const again = await h.execute(pair, mentor, lang, "setup.submit", { ...typed(setupId), confirmLeader });
        assert.equal(input(again.response?.body.value, "confirmLeader")?.["valueOn"], mentee.aadObjectId, `confirmLeader=${confirmLeader || "(off)"}`);
        assert.equal(input(again.response?.body.value, "unit")?.["value"], "Vågsbygd omsorgssenter");
      }
      assert.deepEqual(await h.etags(), before, "no row written before the confirmation");
      assert.equal(await activeIn(h, pair), null);

      // Ticked: the mentorship is created, with what was typed.
      const confirmed = await h.execute(pair, mentor, lang, "setup.submit", { ...typed(setupId), confirmLeader: mentee.aadObjectId });
      assert.ok(cardText(confirmed.response?.body.value).includes(t(lang, "setup.title")));
      assert.equal(input(confirmed.response?.body.value, "confirmLeader"), undefined, "the notice, not the form");
      const m = await activeIn(h, pair);
      assert.ok(m, "created once confirmed");
      assert.equal(m.mentor.aadObjectId, mentor.aadObjectId);
      assert.equal(m.mentee.aadObjectId, mentee.aadObjectId);
      assert.equal(m.programme, "kristiansand");
      assert.equal(m.unit, "Vågsbygd omsorgssenter");
      assert.equal(m.firstWorkingDay, "2027-03-01");
      assert.equal(m.leader?.aadObjectId, mentor.aadObjectId, "the directory's leader, who is the mentor too");
    });

    it("with three in the chat: a mentee the mentor does not lead is created at once; a confirmation holds only for the mentee it named", async () => {
      const h = await botHarness({ people: leadsMentee(true) });
      const setupId = await startCard(h, trio, lang);
      const asked = await h.execute(trio, mentor, lang, "setup.submit", { ...typed(setupId), mentee: mentee.aadObjectId });
      assert.equal(input(asked.response?.body.value, "confirmLeader")?.["valueOn"], mentee.aadObjectId);
      assert.equal(input(asked.response?.body.value, "mentee")?.["value"], mentee.aadObjectId, "the choice is kept");
      // Ticked for the mentee, then the choice changed to the colleague (whom the mentor leads too): asked again, for the colleague.
      const switched = await h.execute(trio, mentor, lang, "setup.submit", { ...typed(setupId), mentee: colleague.aadObjectId, confirmLeader: mentee.aadObjectId });
      const card = switched.response?.body.value;
      assert.equal(input(card, "confirmLeader")?.["valueOn"], colleague.aadObjectId);
      assert.ok(cardText(card).includes(t(lang, "setup.leader.title", { mentee: colleague.name })));
      assert.equal(await activeIn(h, trio), null);

      const other = await botHarness({ people: leadsMentee(false) });
      const otherId = await startCard(other, trio, lang);
      const plain = await other.execute(trio, mentor, lang, "setup.submit", { ...typed(otherId), mentee: colleague.aadObjectId });
      assert.equal(input(plain.response?.body.value, "confirmLeader"), undefined, "no advice where the mentor is not the leader");
      assert.equal((await activeIn(other, trio))?.mentee.aadObjectId, colleague.aadObjectId);
    });

    it("someone else pressing the card, even with a confirmation, learns nothing of who leads whom and changes nothing", async () => {
      const people = leadsMentee();
      const h = await botHarness({ people });
      const setupId = await startCard(h, pair, lang);
      const before = await h.etags();
      const calls = people.calls;
      const r = await h.execute(pair, mentee, lang, "setup.submit", { ...typed(setupId), confirmLeader: mentee.aadObjectId });
      assert.equal(r.response?.body.value, t(lang, "error.NOT_SETUP_OWNER"));
      assert.equal(people.calls, calls, "the directory was not asked");
      assert.deepEqual(await h.etags(), before);
    });
  });
}

describe("the setup card's leader check, beyond the directory", function () {
  this.timeout(60000);
  const pair: Chat = { id: "19:setup-leader-local@thread.v2", type: "groupChat", members: [mentor, mentee] };

  it("local mode: a mentor among LOCAL_LEADER_IDS (Lars Leder in the Playground) gets the advice", async () => {
    const everyone: Member[] = [mentor, mentee];
    const people = new LocalPeopleDirectory(TENANT, everyone.map((p) => ({ aadObjectId: p.aadObjectId, name: p.name, email: `${p.channelUserId.slice(3)}@kommune.dk` })), [mentor.aadObjectId]);
    const h = await botHarness({ people });
    const setupId = await startCard(h, pair, "da");
    const r = await h.execute(pair, mentor, "da", "setup.submit", { setupId, programme: "klds", firstDay: "2027-03-01", unit: "U", language: "da" });
    assert.equal(input(r.response?.body.value, "confirmLeader")?.["valueOn"], mentee.aadObjectId);
    assert.equal(await activeIn(h, pair), null);
  });

  it("a directory that cannot answer never blocks the setup (the advice is advice)", async () => {
    const h = await botHarness({ people: new FakeDirectory(new Map(), true) });
    const setupId = await startCard(h, pair, "en");
    const r = await h.execute(pair, mentor, "en", "setup.submit", { setupId, programme: "klds", firstDay: "2027-03-01", unit: "U", language: "en" });
    assert.equal(input(r.response?.body.value, "confirmLeader"), undefined);
    assert.ok(await activeIn(h, pair));
  });
});
