// Revising the agreement in force through the real bot (TestAdapter, compose(), Azurite), in da,
// nb and en: propose → edit → both accept → in force, the agreed version shown and in force
// meanwhile, the learning phase and its meetings untouched, every refusal changing nothing, and
// malformed payloads for each revision verb answered clearly with nothing changed.
import assert from "node:assert/strict";
import fc from "fast-check";
import type { AgreementFields } from "../../src/domain/agreement";
import { Languages } from "../../src/domain/language";
import type { Mentorship } from "../../src/domain/mentorship";
import { t } from "../../src/i18n";
import { TENANT, colleague, mentee, mentor } from "../support/fixtures";
import { type Chat, botHarness, cardOf, cardText, findAction, findInputIds } from "./harness";

type H = Awaited<ReturnType<typeof botHarness>>;

/** What Teams sends with a button on the card: its data plus every input, as strings. */
function inputs(fields: AgreementFields, overrides: Partial<Record<keyof AgreementFields, string>> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = Array.isArray(v) ? v.join(",") : String(v);
  return { ...out, ...overrides };
}

const CARD = "application/vnd.microsoft.card.adaptive";
const MESSAGE = "application/vnd.microsoft.activity.message";

for (const lang of Languages) {
  describe(`Revision of the agreement in force through TestAdapter (${lang})`, function () {
    this.timeout(90000);
    const chat: Chat = { id: `19:revise-${lang}@thread.v2`, type: "groupChat", members: [mentor, mentee, colleague] };
    const other: Chat = { id: `19:revise-other-${lang}@thread.v2`, type: "groupChat", members: [mentor, mentee] };

    /** A Kristiansand pair agreed by both on version 1 (start, setup card, two accepts). */
    async function agreed(h: H): Promise<Mentorship> {
      const setupId = findAction(cardOf((await h.say(chat, mentor, lang, "start"))[0]), "setup.submit")?.data["setupId"];
      await h.execute(chat, mentor, lang, "setup.submit", { setupId, programme: "kristiansand", firstDay: "2027-01-04", unit: "Vågsbygd omsorgssenter", language: lang, mentee: mentee.aadObjectId });
      const id = (await h.service.getChat(TENANT, chat.id))?.activeMentorshipId ?? "";
      await h.execute(chat, mentee, lang, "agreement.accept", { mentorshipId: id, version: 1 });
      await h.execute(chat, mentor, lang, "agreement.accept", { mentorshipId: id, version: 1 });
      return stored(h, id);
    }

    async function stored(h: H, id: string): Promise<Mentorship> {
      const m = await h.service.getMentorship(TENANT, id);
      assert.ok(m, "the mentorship is stored");
      return m;
    }

    /** The agreement card everyone in the chat sees now: the last update of the posted one. */
    async function sharedCard(h: H, id: string): Promise<unknown> {
      const posted = await h.posted.get(TENANT, id, "agreement");
      const update = [...h.adapter.updates].reverse().find((u) => u.id === posted);
      assert.ok(update, "the posted agreement card has been updated");
      return update.attachments?.[0]?.content;
    }

    const bodyText = (r: Awaited<ReturnType<H["execute"]>>) => cardText(r.response?.body.value);
    const status = async (h: H, who: typeof mentor) => (await h.say({ id: `a:personal-${who.aadObjectId}-${lang}`, type: "personal", members: [who] }, who, lang, "status"))[0]?.text ?? "";

    it("propose → edit → both accept: the proposal is the agreement in force; meanwhile the agreed version applies, is shown, and the meetings go on untouched", async () => {
      const h = await botHarness();
      const m0 = await agreed(h);
      assert.equal(m0.phase, "learning");
      const booked = await h.execute(chat, mentor, lang, "plan.book", { mentorshipId: m0.id, weekday: "2", time: "10:00", minutes: "45", leadHours: "24" });
      assert.equal(booked.response?.status, 200);
      await h.bot.idle();
      const meetingsBefore = JSON.stringify(await h.meetings.meetings(TENANT, m0.id));
      assert.ok((await h.meetings.meetings(TENANT, m0.id)).length > 0, "meetings are booked");
      const agreedFields = (await stored(h, m0.id)).agreement.fields;

      // The locked card in the chat offers "propose a change".
      const lockedCard = await sharedCard(h, m0.id);
      assert.ok(findAction(lockedCard, "revision.propose"), "the locked card has the button");
      assert.deepEqual(findInputIds(lockedCard), []);

      // The mentee proposes: version 2, its own row, the card is the proposal's form for everyone.
      const proposal = await h.execute(chat, mentee, lang, "revision.propose", findAction(lockedCard, "revision.propose")?.data);
      assert.equal(proposal.response?.body.type, CARD);
      assert.ok(bodyText(proposal).includes(t(lang, "revision.proposed", { version: 2 })), bodyText(proposal).slice(0, 300));
      let m = await stored(h, m0.id);
      assert.equal(m.agreement.revision?.version, 2);
      assert.equal(m.agreement.revision?.proposedBy, "mentee");
      assert.equal((await h.store.getAgreementVersion(TENANT, m.id, 2))?.editedBy, "mentee", "version 2 has its row");
      let shared = await sharedCard(h, m.id);
      assert.ok(findAction(shared, "revision.save") && findAction(shared, "revision.accept"), "everyone's card is the proposal");
      assert.ok(findInputIds(shared).includes("meetingCount"));

      // The mentee edits the proposal: version 3, merged, the agreement in force unchanged.
      const save = await h.execute(chat, mentee, lang, "revision.save", { ...findAction(shared, "revision.save")?.data, ...inputs(m.agreement.revision!.fields, { meetingCount: "12", shortTermGoals: "Dokumentasjon i journalen" }) });
      assert.ok(bodyText(save).includes(t(lang, "agreement.saved", { version: 3 })), bodyText(save).slice(0, 300));
      m = await stored(h, m.id);
      assert.equal(m.agreement.revision?.version, 3);
      assert.equal(m.agreement.revision?.fields.meetingCount, 12);
      assert.equal(m.agreement.version, 1, "version 1 is still in force");
      assert.deepEqual(m.agreement.fields, agreedFields);
      assert.equal(m.phase, "learning");
      assert.ok(await h.store.getAgreementVersion(TENANT, m.id, 3), "version 3 has its row");

      // Meanwhile the card shows both: what applies now (the agreed values) and the proposal (the form).
      shared = await sharedCard(h, m.id);
      const text = cardText(shared);
      assert.ok(text.includes(t(lang, "revision.state", { name: mentee.name, names: new Intl.ListFormat(lang === "nb" ? "nb" : lang, { style: "long", type: "conjunction" }).format([mentor.name, mentee.name]), version: 3, agreed: 1 })), text.slice(0, 400));
      assert.ok(text.includes(t(lang, "revision.inForce", { version: 1 })));
      assert.ok(JSON.stringify(shared).includes(`"value":"${agreedFields.meetingCount}"`), "the agreed number of meetings is shown");
      assert.ok(JSON.stringify(shared).includes(`"value":"${t(lang, "revision.emptyValue")}"`), "the agreed (empty) short-term goals are shown as such");
      assert.ok(text.includes("Dokumentasjon i journalen"), "the proposal is the form");

      // Refusals, each answering the current card with the reason and changing nothing.
      const before = await h.etags();
      const stale = await h.execute(chat, mentor, lang, "revision.accept", { mentorshipId: m.id, version: 2 });
      assert.ok(bodyText(stale).includes(t(lang, "error.AGREEMENT_STALE_VERSION", { current: 3 })), bodyText(stale).slice(0, 300));
      const again = await h.execute(chat, mentor, lang, "revision.propose", { mentorshipId: m.id });
      assert.ok(bodyText(again).includes(t(lang, "error.REVISION_OPEN")));
      const oldSave = await h.execute(chat, mentor, lang, "agreement.save", { mentorshipId: m.id, baseVersion: 1, ...inputs(agreedFields, { other: "direkte" }) });
      assert.ok(bodyText(oldSave).includes(t(lang, "error.AGREEMENT_LOCKED")), "the agreed version is changed by a proposal only");
      const third = await h.execute(chat, colleague, lang, "revision.accept", { mentorshipId: m.id, version: 3 });
      assert.ok(bodyText(third).includes(t(lang, "agreement.readOnlyForYou", { mentor: mentor.name, mentee: mentee.name })));
      assert.ok(!bodyText(third).includes("Dokumentasjon i journalen"), "someone who is no party sees none of the proposal");
      assert.deepEqual(findInputIds(third.response?.body.value), []);
      const elsewhere = await h.execute(other, mentor, lang, "revision.accept", { mentorshipId: m.id, version: 3 });
      assert.equal(elsewhere.response?.body.type, MESSAGE);
      assert.equal(elsewhere.response?.body.value, t(lang, "guard.otherChat"));
      assert.deepEqual(await h.etags(), before, "no refusal changed a row");

      // `status` names the step for each who has yet to accept.
      for (const who of [mentor, mentee]) assert.ok((await status(h, who)).includes(t(lang, "revision.status", { version: 3 })), await status(h, who));

      // The mentor accepts version 3; twice is refused.
      const first = await h.execute(chat, mentor, lang, "revision.accept", { mentorshipId: m.id, version: 3 });
      assert.ok(bodyText(first).includes(t(lang, "revision.accepted", { version: 3 })));
      assert.equal(findAction(first.response?.body.value, "revision.accept"), undefined, "no second accept on her own card");
      const afterFirst = await h.etags();
      const twice = await h.execute(chat, mentor, lang, "revision.accept", { mentorshipId: m.id, version: 3 });
      assert.ok(bodyText(twice).includes(t(lang, "error.ALREADY_ACCEPTED")));
      assert.deepEqual(await h.etags(), afterFirst);
      assert.equal((await stored(h, m.id)).agreement.version, 1, "one acceptance: still version 1 in force");
      assert.ok(!(await status(h, mentor)).includes(t(lang, "revision.status", { version: 3 })), "accepted: nothing waits for her");
      assert.ok((await status(h, mentee)).includes(t(lang, "revision.status", { version: 3 })));

      // The mentee accepts too: version 3 is the agreement in force.
      const adopted = await h.execute(chat, mentee, lang, "revision.accept", { mentorshipId: m.id, version: 3 });
      assert.ok(bodyText(adopted).includes(t(lang, "revision.adopted", { version: 3 })), bodyText(adopted).slice(0, 300));
      assert.ok(bodyText(adopted).includes(t(lang, "revision.framesChanged")), "the booked meetings are not moved by themselves: the card says so");
      m = await stored(h, m.id);
      assert.equal(m.agreement.version, 3);
      assert.equal(m.agreement.fields.meetingCount, 12);
      assert.equal(m.agreement.fields.shortTermGoals, "Dokumentasjon i journalen");
      assert.equal(m.agreement.lockedAt, m0.agreement.lockedAt, "agreed when it was first agreed");
      assert.ok(m.agreement.revisedAt);
      assert.equal(m.agreement.revision, null);
      assert.equal(m.phase, "learning");
      assert.equal(m.phaseSince, m0.phaseSince);
      assert.deepEqual((await h.store.listAgreementVersions(TENANT, m.id)).map((v) => v.number), [1, 2, 3], "every version has its row");
      assert.deepEqual(m.agreement.replacedVersions?.map((v) => [v.version, v.acceptances.mentor?.version, v.acceptances.mentee?.version]), [[1, 1, 1]], "the version agreed first, and by whom, is kept");
      assert.equal(JSON.stringify(await h.meetings.meetings(TENANT, m.id)), meetingsBefore, "the meetings go on untouched");
      shared = await sharedCard(h, m.id);
      assert.deepEqual(findInputIds(shared), [], "in force: no form");
      assert.ok(findAction(shared, "revision.propose"), "a next change can be proposed");
      assert.ok(cardText(shared).includes("Dokumentasjon i journalen"));
      assert.ok(!(await status(h, mentee)).includes(t(lang, "revision.status", { version: 3 })), "in force: no step left");
      const none = await h.execute(chat, mentee, lang, "revision.accept", { mentorshipId: m.id, version: 3 });
      assert.ok(bodyText(none).includes(t(lang, "error.NO_REVISION")));
    });

    it("withdrawn by either party: the agreed version stays; while paused the pair may still revise and the app posts nothing of its own", async () => {
      const h = await botHarness();
      const m0 = await agreed(h);
      assert.ok((await h.service.setPaused(TENANT, m0.id, true)).ok);
      const sentBefore = h.notifier.sent.length;
      await h.execute(chat, mentor, lang, "revision.propose", { mentorshipId: m0.id });
      let m = await stored(h, m0.id);
      await h.execute(chat, mentor, lang, "revision.save", { mentorshipId: m.id, baseVersion: 2, ...inputs(m.agreement.revision!.fields, { other: "Vi flytter samtalene" }) });
      // The unchanged proposal cannot be accepted; the reason says what to do instead.
      const p = await stored(h, m.id);
      assert.equal(p.agreement.revision?.version, 3);
      const withdraw = await h.execute(chat, mentee, lang, "revision.withdraw", { mentorshipId: m.id, version: 3 });
      assert.ok(bodyText(withdraw).includes(t(lang, "revision.withdrawn", { version: 1 })), bodyText(withdraw).slice(0, 300));
      m = await stored(h, m.id);
      assert.equal(m.agreement.revision, null);
      assert.equal(m.agreement.version, 1);
      assert.deepEqual(m.agreement.fields, m0.agreement.fields);
      assert.ok(m.pausedAt, "still paused");
      assert.equal(h.notifier.sent.length, sentBefore, "nothing posted on the app's own initiative");
      assert.ok(findAction(await sharedCard(h, m.id), "revision.propose"), "the card is the agreed one again");
      // The next proposal never reuses a number.
      const next = await h.execute(chat, mentee, lang, "revision.propose", { mentorshipId: m.id });
      assert.ok(bodyText(next).includes(t(lang, "revision.proposed", { version: 4 })));
      assert.equal((await h.store.getAgreementVersion(TENANT, m.id, 4))?.editedBy, "mentee");
      // Nothing changed yet: accepting is refused with what to do instead.
      const before = await h.etags();
      const same = await h.execute(chat, mentor, lang, "revision.accept", { mentorshipId: m.id, version: 4 });
      assert.ok(bodyText(same).includes(t(lang, "revision.unchanged")), bodyText(same).slice(0, 300));
      assert.deepEqual(await h.etags(), before);
      // An accept that carries unsaved edits saves them as a new version rather than dropping them.
      m = await stored(h, m.id);
      const carried = await h.execute(chat, mentor, lang, "revision.accept", { mentorshipId: m.id, version: 4, ...inputs(m.agreement.revision!.fields, { undisturbed: "Telefonen på lydløs" }) });
      assert.ok(bodyText(carried).includes(t(lang, "agreement.saved", { version: 5 })));
      m = await stored(h, m.id);
      assert.equal(m.agreement.revision?.fields.undisturbed, "Telefonen på lydløs");
      assert.deepEqual(m.agreement.revision?.acceptances, {}, "saved, not accepted");
    });

    it("closing: the proposal waits, refused in words; closed: MENTORSHIP_CLOSED — nothing changes", async () => {
      const h = await botHarness();
      const m0 = await agreed(h);
      for (const [phase, expected] of [["closing", t(lang, "error.WRONG_PHASE", { phase: t(lang, "phase.closing") })], ["closed", t(lang, "error.MENTORSHIP_CLOSED")]] as const) {
        const s = await h.store.getMentorship(TENANT, m0.id);
        assert.ok(s);
        assert.equal(await h.store.saveMentorship({ ...s.value, phase }, s.etag), "saved");
        const before = await h.etags();
        const r = await h.execute(chat, mentee, lang, "revision.propose", { mentorshipId: m0.id });
        assert.equal(r.response?.body.type, CARD);
        assert.ok(bodyText(r).includes(expected), `${phase}: ${bodyText(r).slice(0, 300)}`);
        assert.equal(findAction(r.response?.body.value, "revision.propose"), undefined, `${phase}: no button to try again`);
        assert.deepEqual(await h.etags(), before);
      }
    });

    it("malformed payloads for every revision verb answer 200 with a clear card or message and change nothing", async function () {
      this.timeout(120000);
      const h = await botHarness();
      const m0 = await agreed(h);
      await h.execute(chat, mentor, lang, "revision.propose", { mentorshipId: m0.id });
      const m = await stored(h, m0.id);
      assert.equal(m.agreement.revision?.version, 2);
      const before = await h.etags();

      // Each verb with the right id and one thing wrong: the card with the reason in words.
      const cases: [string, Record<string, unknown>, string][] = [
        ["revision.propose", { mentorshipId: m.id }, t(lang, "error.REVISION_OPEN")],
        ["revision.save", { mentorshipId: m.id, baseVersion: "x", ...inputs(m.agreement.revision!.fields) }, ""],
        ["revision.save", { mentorshipId: m.id, baseVersion: 2, ...inputs(m.agreement.revision!.fields, { meetingCount: "many" }) }, `${t(lang, "agreement.meetingCount")}`],
        ["revision.save", { mentorshipId: m.id, baseVersion: 2, ...inputs(m.agreement.revision!.fields, { purpose: "x".repeat(5000) }) }, `${t(lang, "agreement.purpose")}`],
        ["revision.save", { mentorshipId: m.id, baseVersion: 2, ...inputs(m.agreement.revision!.fields, { tools: "goodEnough,nonsense" }) }, ""],
        ["revision.save", { mentorshipId: m.id, baseVersion: 999, ...inputs(m.agreement.revision!.fields, { other: "x" }) }, t(lang, "error.AGREEMENT_STALE_VERSION", { current: 2 })],
        ["revision.accept", { mentorshipId: m.id, version: "two" }, ""],
        ["revision.accept", { mentorshipId: m.id, version: 2, purpose: 42 }, ""],
        ["revision.withdraw", { mentorshipId: m.id, version: -1 }, ""],
        ["revision.withdraw", { mentorshipId: m.id }, ""],
      ];
      for (const [verb, data, expected] of cases) {
        const r = await h.execute(chat, mentor, lang, verb, data);
        assert.equal(r.response?.status, 200, verb);
        assert.equal(r.response?.body.type, CARD, `${verb} ${JSON.stringify(data).slice(0, 80)}: a card`);
        const card = r.response?.body.value as { body: unknown[] };
        const errorText = JSON.stringify(card).match(/"style":"attention","items":\[\{"type":"TextBlock","text":"([^"]+)"/)?.[1] ?? "";
        assert.ok(errorText.length > 10, `${verb}: the card says what is wrong (${errorText})`);
        assert.doesNotMatch(errorText, /[A-Z]{3,}_[A-Z_]+|\{\w+\}|mentorshipId|baseVersion/, `${verb}: no code in the reason: ${errorText}`);
        if (expected) assert.ok(errorText.includes(expected.replace(/"/g, '\\"')) || errorText.includes(expected), `${verb}: ${errorText}`);
      }

      // And anything at all.
      const junk = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.object({ maxDepth: 1 }));
      const fieldNames = Object.keys(m.agreement.fields);
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom("revision.propose", "revision.save", "revision.accept", "revision.withdraw"),
          fc.dictionary(fc.constantFrom("mentorshipId", "baseVersion", "version", ...fieldNames), junk),
          fc.boolean(),
          async (verb, data, keepIds) => {
            // Half the time the id is right and only the rest is junk, so the deeper checks run too.
            const payload = keepIds ? { ...data, mentorshipId: m.id, baseVersion: "2", version: "1", purpose: 42, meetingCount: "x" } : data;
            const r = await h.execute(chat, mentor, lang, verb, payload);
            assert.equal(r.response?.status, 200);
            assert.ok([CARD, MESSAGE].includes(r.response?.body.type ?? ""));
            if (keepIds) assert.equal(r.response?.body.type, CARD, "a party with the right id gets the card and the reason");
          },
        ),
        { numRuns: 40 },
      );
      for (const verb of ["revision.propose", "revision.save", "revision.accept", "revision.withdraw"]) {
        const r = await h.execute(chat, mentor, lang, verb, { mentorshipId: "/" });
        assert.equal(r.response?.status, 200, verb);
        assert.equal(r.response?.body.value, t(lang, "guard.otherChat"));
      }
      assert.deepEqual(await h.etags(), before, "no malformed payload changed a stored row");
    });
  });
}
