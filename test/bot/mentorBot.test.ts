import assert from "node:assert/strict";
import fc from "fast-check";
import type { AgreementFields } from "../../src/domain/agreement";
import { type Language, Languages } from "../../src/domain/language";
import type { Mentorship } from "../../src/domain/mentorship";
import { t } from "../../src/i18n";
import { TENANT, colleague, mentee, mentor } from "../support/fixtures";
import { type Chat, botHarness, cardOf, cardText, findAction, findInputIds } from "./harness";

/** What Teams sends when someone presses a button on the agreement card: the card's ids plus every input, as strings. */
function cardInputs(fields: AgreementFields, overrides: Partial<Record<keyof AgreementFields, string>> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = Array.isArray(v) ? v.join(",") : String(v);
  return { ...out, ...overrides };
}

for (const lang of Languages) {
  describe(`Mentor bot through TestAdapter (${lang})`, function () {
    this.timeout(30000);
    const trio: Chat = { id: `19:trio-${lang}@thread.v2`, type: "groupChat", members: [mentor, mentee, colleague] };
    const pair: Chat = { id: `19:pair-${lang}@thread.v2`, type: "groupChat", members: [mentor, mentee] };
    const alone: Chat = { id: `19:alone-${lang}@thread.v2`, type: "groupChat", members: [mentor] };
    const personal = (who: typeof mentor): Chat => ({ id: `a:personal-${who.aadObjectId}-${lang}`, type: "personal", members: [who] });

    type H = Awaited<ReturnType<typeof botHarness>>;

    /** start → setup card → submit: returns the mentorship as stored and the posted agreement card. */
    async function startMentorship(h: H, chat: Chat, extra: Record<string, string> = {}) {
      const out = await h.say(chat, mentor, lang, "start");
      const setup = cardOf(out[0]);
      assert.ok(setup, "start answers with the setup card");
      const setupId = findAction(setup, "setup.submit")?.data["setupId"];
      assert.equal(typeof setupId, "string");
      const { response, sent } = await h.execute(chat, mentor, lang, "setup.submit", {
        setupId,
        programme: "klds",
        firstDay: "2027-01-04",
        unit: "Børn og familie",
        language: lang,
        ...(chat.members.length > 2 ? { mentee: mentee.aadObjectId } : {}),
        ...extra,
      });
      return { response, sent, setupId: setupId as string };
    }

    async function mentorshipIn(h: H, chat: Chat): Promise<Mentorship> {
      const c = await h.service.getChat(TENANT, chat.id);
      assert.ok(c?.activeMentorshipId, "the chat has an active mentorship");
      const m = await h.service.getMentorship(TENANT, c.activeMentorshipId);
      assert.ok(m);
      return m;
    }

    it("welcomes a chat once, however often Teams repeats the installation", async () => {
      const h = await botHarness();
      const first = await h.install(pair, mentor, lang);
      assert.equal(first.length, 1);
      assert.equal(first[0]?.text, t(lang, "welcome.group"));
      assert.deepEqual(await h.install(pair, mentor, lang), []);
      assert.ok((await h.service.getChat(TENANT, pair.id))?.reference["serviceUrl"], "the conversation reference is stored");
      const dm = await h.install(personal(mentee), mentee, lang);
      assert.equal(dm[0]?.text, t(lang, "welcome.personal"));
    });

    it("start → setup card (with a mentee choice when the chat has more than two) → agreement card, start-up phase", async () => {
      const h = await botHarness();
      const out = await h.say(trio, mentor, lang, "start");
      const setup = cardOf(out[0]);
      assert.ok(setup);
      assert.ok(findInputIds(setup).includes("mentee"), "three people: the mentor picks the mentee");
      assert.match(cardText(setup), new RegExp(t(lang, "setup.title")));
      const pairSetup = cardOf((await h.say(pair, mentor, lang, "start"))[0]);
      assert.ok(pairSetup && !findInputIds(pairSetup).includes("mentee"), "two people: the other one is the mentee");

      const { response, sent } = await startMentorship(h, trio);
      assert.equal(response?.status, 200);
      assert.equal(response?.body.type, "application/vnd.microsoft.card.adaptive");
      assert.match(cardText(response?.body.value), new RegExp(mentee.name));
      const agreement = cardOf(sent.find((a) => cardOf(a)));
      assert.ok(agreement, "the agreement card is posted in the chat");
      assert.match(cardText(agreement), new RegExp(t(lang, "agreement.title")));
      for (const id of ["purpose", "meetingCount", "meetingMinutes", "timeAndPlace", "undisturbed", "framesOther", "openness", "confidentiality", "preparation", "feedback", "groundRulesOther", "shortTermGoals", "longTermIdeas", "learningOther", "mentorRoles", "tools", "methodsOther", "other"]) {
        assert.ok(findInputIds(agreement).includes(id), `agreement card has input ${id}`);
      }
      const m = await mentorshipIn(h, trio);
      assert.equal(m.phase, "startUp");
      assert.equal(m.mentor.aadObjectId, mentor.aadObjectId);
      assert.equal(m.mentee.aadObjectId, mentee.aadObjectId);
      assert.equal(m.language, lang);
      assert.ok(m.agreementPostedAt);
      assert.ok(await h.posted.get(TENANT, m.id, "agreement"), "the posted card is remembered, to update it");
      // Pre-filled from the programme: the KL/DS example purposes in the mentorship's language.
      assert.equal(m.agreement.fields.purpose.length > 0, true);
      assert.ok(cardText(agreement).includes(m.agreement.fields.purpose));
    });

    it("refuses, with a localised reason and no change: nobody else in the chat, a second mentorship, mentor = mentee, a bad date, someone else's setup card", async () => {
      const h = await botHarness();
      const lonely = await h.say(alone, mentor, lang, "start");
      assert.equal(lonely[0]?.text, t(lang, "error.NO_OTHER_HUMAN"));

      // Bad date and mentor = mentee re-show the setup card with the reason; nothing is stored.
      const out = await h.say(trio, mentor, lang, "start");
      const setupId = findAction(cardOf(out[0]), "setup.submit")?.data["setupId"];
      const before = await h.etags();
      const badDate = await h.execute(trio, mentor, lang, "setup.submit", { setupId, programme: "klds", firstDay: "2027-02-30", unit: "X", language: lang, mentee: mentee.aadObjectId });
      assert.match(cardText(badDate.response?.body.value), new RegExp(escape(t(lang, "error.INVALID_START_DATE"))));
      const notADate = await h.execute(trio, mentor, lang, "setup.submit", { setupId, programme: "klds", firstDay: "next monday", unit: "X", language: lang, mentee: mentee.aadObjectId });
      assert.match(cardText(notADate.response?.body.value), new RegExp(escape(t(lang, "error.INVALID_START_DATE"))));
      assert.ok(cardText(notADate.response?.body.value).includes("X"), "what the user typed is shown again");
      const self = await h.execute(trio, mentor, lang, "setup.submit", { setupId, programme: "klds", firstDay: "2027-01-04", unit: "X", language: lang, mentee: mentor.aadObjectId });
      assert.match(cardText(self.response?.body.value), new RegExp(escape(t(lang, "error.MENTOR_IS_MENTEE"))));
      const stranger = await h.execute(trio, mentor, lang, "setup.submit", { setupId, programme: "klds", firstDay: "2027-01-04", unit: "X", language: lang, mentee: "99999999-9999-4999-8999-999999999999" });
      assert.match(cardText(stranger.response?.body.value), new RegExp(escape(t(lang, "error.MENTEE_NOT_IN_CHAT"))));
      const other = await h.execute(trio, colleague, lang, "setup.submit", { setupId, programme: "klds", firstDay: "2027-01-04", unit: "X", language: lang, mentee: mentee.aadObjectId });
      assert.equal(other.response?.body.value, t(lang, "error.NOT_SETUP_OWNER"));
      assert.deepEqual(await h.etags(), before, "no refusal changed a stored row");

      await startMentorship(h, pair);
      const first = await mentorshipIn(h, pair);
      const again = await h.say(pair, mentor, lang, "start");
      // Issue 9, item 5: no second mentorship, and no dead end either: the pair gets its current card back.
      assert.equal(again[0]?.text, t(lang, "card.reposted", { step: t(lang, "card.step.agreement") }));
      assert.ok(findAction(cardOf(again[0]), "agreement.accept"));
      assert.equal((await mentorshipIn(h, pair)).id, first.id, "no second mentorship");
    });

    it("edits are versions, accepting is its own action, an edit clears acceptances, both on one version locks and moves to learning", async () => {
      const h = await botHarness();
      await startMentorship(h, trio);
      let m = await mentorshipIn(h, trio);
      const updatesBefore = h.adapter.updates.length;

      // The mentor edits: version 2, not an acceptance.
      const edit = await h.execute(trio, mentor, lang, "agreement.save", { mentorshipId: m.id, baseVersion: 1, ...cardInputs(m.agreement.fields, { timeAndPlace: "Tirsdage 9-10, mødelokale 2", mentorRoles: "coach,critic" }) });
      assert.equal(edit.response?.body.type, "application/vnd.microsoft.card.adaptive");
      assert.match(cardText(edit.response?.body.value), new RegExp(escape(t(lang, "agreement.saved", { version: 2 }))));
      assert.ok(h.adapter.updates.length > updatesBefore, "the posted card is updated for everyone");
      assert.equal(h.adapter.updates.at(-1)?.id, await h.posted.get(TENANT, m.id, "agreement"));
      m = await mentorshipIn(h, trio);
      assert.equal(m.agreement.version, 2);
      assert.deepEqual(m.agreement.acceptances, {});
      assert.deepEqual(m.agreement.fields.mentorRoles, ["coach", "critic"]);

      // The mentee accepts version 2; the card says the mentor is next.
      const accept = await h.execute(trio, mentee, lang, "agreement.accept", { mentorshipId: m.id, version: 2 });
      assert.match(cardText(accept.response?.body.value), new RegExp(escape(t(lang, "agreement.waitingFor", { names: mentor.name, version: 2 }))));
      m = await mentorshipIn(h, trio);
      assert.equal(m.agreement.acceptances.mentee?.version, 2);

      // The mentor edits again: the mentee's acceptance is cleared.
      await h.execute(trio, mentor, lang, "agreement.save", { mentorshipId: m.id, baseVersion: 2, ...cardInputs(m.agreement.fields, { other: "Vi holder telefonen lydløs" }) });
      m = await mentorshipIn(h, trio);
      assert.equal(m.agreement.version, 3);
      assert.equal(m.agreement.acceptances.mentee, undefined);

      // A stale acceptance (of version 2) is refused and the current card shown.
      const stale = await h.execute(trio, mentee, lang, "agreement.accept", { mentorshipId: m.id, version: 2 });
      assert.match(cardText(stale.response?.body.value), new RegExp(escape(t(lang, "error.AGREEMENT_STALE_VERSION", { current: 3 }))));

      // Both accept version 3: locked, learning phase, and the card shows who agreed.
      await h.execute(trio, mentee, lang, "agreement.accept", { mentorshipId: m.id, version: 3 });
      const last = await h.execute(trio, mentor, lang, "agreement.accept", { mentorshipId: m.id, version: 3 });
      m = await mentorshipIn(h, trio);
      assert.equal(m.phase, "learning");
      assert.ok(m.agreement.lockedAt);
      const lockedCard = last.response?.body.value;
      assert.equal(findAction(lockedCard, "agreement.save"), undefined, "a locked agreement has no buttons");
      assert.deepEqual(findInputIds(lockedCard), []);
      assert.ok(cardText(lockedCard).includes(mentor.name) && cardText(lockedCard).includes(mentee.name));
      assert.ok(cardText(h.adapter.updates.at(-1)?.attachments?.[0]?.content).includes(t(lang, "agreement.locked", { at: "" }).split("{")[0]!.slice(0, 10)));

      // After the lock nothing changes.
      const before = await h.etags();
      const late = await h.execute(trio, mentee, lang, "agreement.save", { mentorshipId: m.id, baseVersion: 3, ...cardInputs(m.agreement.fields, { other: "for sent" }) });
      assert.match(cardText(late.response?.body.value), new RegExp(escape(t(lang, "error.AGREEMENT_LOCKED"))));
      assert.deepEqual(await h.etags(), before);

      // status in the personal chat shows the learning phase.
      const status = await h.say(personal(mentor), mentor, lang, "status");
      assert.ok(status[0]?.text?.includes(t(lang, "phase.learning")), status[0]?.text);
    });

    it("a Kristiansand agreement offers its own roles and tools and refuses case and episode analysis, changing nothing", async () => {
      const h = await botHarness();
      const { sent } = await startMentorship(h, pair, { programme: "kristiansand" });
      const card = cardOf(sent.find((a) => cardOf(a)));
      assert.ok(card && cardText(card).includes(t(lang, "mentorRole.supporter")) && !cardText(card).includes(t(lang, "tool.caseAnalysis")));
      const m = await mentorshipIn(h, pair);
      const before = await h.etags();
      for (const verb of ["agreement.save", "agreement.accept"] as const) {
        const ids = verb === "agreement.save" ? { baseVersion: 1 } : { version: 1 };
        const r = await h.execute(pair, mentor, lang, verb, { mentorshipId: m.id, ...ids, ...cardInputs(m.agreement.fields, { tools: "qualitySystem,caseAnalysis" }) });
        assert.ok(cardText(r.response?.body.value).includes(t(lang, "error.TOOL_NOT_IN_PROGRAMME")), verb);
      }
      assert.deepEqual(await h.etags(), before, "nothing was saved");
      const own = await h.execute(pair, mentor, lang, "agreement.save", { mentorshipId: m.id, baseVersion: 1, ...cardInputs(m.agreement.fields, { mentorRoles: "supporter,guide", tools: "qualitySystem" }) });
      assert.ok(cardText(own.response?.body.value).includes(t(lang, "agreement.saved", { version: 2 })));
      assert.deepEqual((await mentorshipIn(h, pair)).agreement.fields.tools, ["qualitySystem"]);
    });

    it("after accepting, the clicker's own card says whom it waits for and offers no second Accept", async () => {
      const h = await botHarness();
      await startMentorship(h, pair);
      const m = await mentorshipIn(h, pair);
      const r = await h.execute(pair, mentor, lang, "agreement.accept", { mentorshipId: m.id, version: 1 });
      const own = r.response?.body.value;
      assert.equal(findAction(own, "agreement.accept"), undefined, "no Accept for the one who accepted");
      assert.ok(findAction(own, "agreement.save"));
      assert.ok(cardText(own).includes(t(lang, "agreement.waitingFor", { names: mentee.name, version: 1 })));
      // The shared card in the chat names the one the button is for.
      const shared = h.adapter.updates.at(-1)?.attachments?.[0]?.content;
      assert.ok(cardText(shared).includes(t(lang, "agreement.acceptFor", { name: mentee.name, version: 1 })));
      const refreshed = await h.execute(pair, mentee, lang, "agreement.refresh", { mentorshipId: m.id });
      assert.ok(findAction(refreshed.response?.body.value, "agreement.accept"), "the mentee's own refresh still offers Accept");
    });

    it("a third member sees the card read-only with the reason and cannot change anything", async () => {
      const h = await botHarness();
      await startMentorship(h, trio);
      const m = await mentorshipIn(h, trio);
      const before = await h.etags();
      for (const [verb, data] of [
        ["agreement.save", { mentorshipId: m.id, baseVersion: 1, ...cardInputs(m.agreement.fields, { purpose: "overtaget" }) }],
        ["agreement.accept", { mentorshipId: m.id, version: 1 }],
      ] as const) {
        const r = await h.execute(trio, colleague, lang, verb, data);
        assert.equal(r.response?.status, 200);
        const card = r.response?.body.value;
        assert.ok(cardText(card).includes(t(lang, "agreement.readOnlyForYou", { mentor: mentor.name, mentee: mentee.name })));
        assert.deepEqual(findInputIds(card), [], "read-only: no inputs");
        assert.equal(findAction(card, "agreement.accept"), undefined);
      }
      assert.deepEqual(await h.etags(), before);
    });

    it("an accept that carries unsaved edits saves them as a new version instead of losing them", async () => {
      const h = await botHarness();
      await startMentorship(h, pair);
      const m = await mentorshipIn(h, pair);
      const r = await h.execute(pair, mentee, lang, "agreement.accept", { mentorshipId: m.id, version: 1, ...cardInputs(m.agreement.fields, { shortTermGoals: "Lære myndighedsrollen" }) });
      assert.match(cardText(r.response?.body.value), new RegExp(escape(t(lang, "agreement.saved", { version: 2 }))));
      const after = await mentorshipIn(h, pair);
      assert.equal(after.agreement.version, 2);
      assert.equal(after.agreement.fields.shortTermGoals, "Lære myndighedsrollen");
      assert.deepEqual(after.agreement.acceptances, {});
    });

    it("shared cards use the mentorship's language, whoever clicks and whatever their locale", async () => {
      const h = await botHarness();
      await startMentorship(h, pair);
      const m = await mentorshipIn(h, pair);
      const otherLang: Language = lang === "en" ? "da" : "en";
      const r = await h.execute(pair, mentee, otherLang, "agreement.accept", { mentorshipId: m.id, version: 1 });
      assert.ok(cardText(r.response?.body.value).includes(t(lang, "agreement.title")));
      assert.ok(cardText(h.adapter.updates.at(-1)?.attachments?.[0]?.content).includes(t(lang, "agreement.title")));
    });

    it("help and status in the personal chat", async () => {
      const h = await botHarness();
      const help = await h.say(personal(mentee), mentee, lang, lang === "en" ? "help" : lang === "da" ? "hjælp" : "hjelp");
      assert.equal(help[0]?.text, t(lang, "help.personal"));
      const none = await h.say(personal(mentee), mentee, lang, "status");
      assert.equal(none[0]?.text, t(lang, "status.none"));
      await startMentorship(h, pair);
      const status = await h.say(personal(mentee), mentee, lang, "status");
      assert.ok(status[0]?.text?.includes(t(lang, "phase.startUp")));
      assert.ok(status[0]?.text?.includes(t(lang, "status.acceptAgreement", { version: 1 })), "the mentee is told what waits for them");
      const startHere = await h.say(personal(mentor), mentor, lang, "start");
      assert.equal(startHere[0]?.text, t(lang, "error.START_ONLY_IN_GROUP_CHAT"));
      const unknown = await h.say(personal(mentor), mentor, lang, "abracadabra");
      assert.equal(unknown[0]?.text, t(lang, "command.unknown"));
    });

    it("malformed invoke payloads for every verb answer 200 with an error card or message and leave every ETag unchanged", async function () {
      this.timeout(120000);
      const h = await botHarness();
      await startMentorship(h, pair);
      const m = await mentorshipIn(h, pair);
      const out = await h.say(trio, mentor, lang, "start");
      const setupId = findAction(cardOf(out[0]), "setup.submit")?.data["setupId"];
      const before = await h.etags();
      const junk = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.object({ maxDepth: 1 }));
      const fieldNames = Object.keys(m.agreement.fields);
      const verbs = ["setup.submit", "agreement.save", "agreement.accept", "agreement.refresh", "no.such.verb"];
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...verbs),
          fc.dictionary(fc.constantFrom("mentorshipId", "baseVersion", "version", "setupId", "programme", "firstDay", "unit", "mentee", "language", ...fieldNames), junk),
          fc.boolean(),
          async (verb, data, keepIds) => {
            // Half the time the ids are right and only the inputs are junk, so the deeper checks run too.
            const payload = keepIds ? { ...data, mentorshipId: m.id, setupId, baseVersion: "1", version: "1", purpose: 42, meetingCount: "x", firstDay: "31.02.2027" } : data;
            const r = await h.execute(pair, mentor, lang, verb, payload);
            assert.equal(r.response?.status, 200);
            assert.ok(["application/vnd.microsoft.card.adaptive", "application/vnd.microsoft.activity.message"].includes(r.response?.body.type ?? ""));
          },
        ),
        { numRuns: 60 },
      );
      // Found by the fuzzing above: an id with a character a table key may not hold.
      for (const verb of ["agreement.refresh", "agreement.save", "agreement.accept"]) {
        const r = await h.execute(pair, mentor, lang, verb, { mentorshipId: "/" });
        assert.equal(r.response?.status, 200, verb);
      }
      // Envelopes that are not Universal Actions at all.
      for (const value of [null, "x", 42, {}, { action: null }, { action: { type: "Action.Submit", verb: "agreement.accept" } }, { action: { type: "Action.Execute", verb: 7 } }]) {
        const r = await h.rawInvoke(pair, mentor, lang, value);
        assert.equal(r?.status, 200);
        assert.equal(r?.body.type, "application/vnd.microsoft.activity.message");
      }
      assert.deepEqual(await h.etags(), before, "no malformed payload changed a stored row");
    });
  });
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
