/**
 * Who gets what from a card action: every verb × who clicks × where from, through the real bot.
 * Ids are not secrets (the overview lists them, a former mentor keeps old cards), so an id alone
 * must open nothing: content only for a party, in the mentorship's own chat.
 */
import assert from "node:assert/strict";
import { LocalPeopleDirectory } from "../../src/adapters/people/directories";
import type { Member } from "../../src/app/actor";
import { CoordinatorService } from "../../src/app/coordinator/coordinatorService";
import { AgreementTextFields } from "../../src/domain/agreement";
import type { Meeting } from "../../src/domain/meetings";
import { t } from "../../src/i18n";
import { silentLogger } from "../../src/log";
import { OTHER_TENANT, TENANT, colleague, mentee, mentor } from "../support/fixtures";
import { type Chat, type InvokeBody, botHarness, cardOf, cardText, findAction, findInputIds } from "./harness";

const CANARY = "Kanarie-7Q2X";
const canary = (field: string) => `${CANARY} ${field}`;

const newMentor: Member = { aadObjectId: "55555555-5555-4555-8555-555555555555", name: "Jonas Jensen", channelUserId: "29:jonas" };
const coordinatorUser: Member = { aadObjectId: "44444444-4444-4444-8444-444444444444", name: "Karen Koordinator", channelUserId: "29:koordinator" };
const nobody: Member = { aadObjectId: "66666666-6666-4666-8666-666666666666", name: "Lars Leder", channelUserId: "29:lars" };
const otherMentor: Member = { aadObjectId: "77777777-7777-4777-8777-777777777777", name: "Sofie Sørensen", channelUserId: "29:sofie" };
const otherMentee: Member = { aadObjectId: "88888888-8888-4888-8888-888888888888", name: "Ole Olsen", channelUserId: "29:ole" };
const foreigner: Member = { aadObjectId: "99999999-9999-4999-8999-999999999999", name: "Fremmed Bruger", channelUserId: "29:fremmed" };

const pairChat: Chat = { id: "19:pair-access@thread.v2", type: "groupChat", members: [mentor, mentee, colleague, newMentor] };
const otherChat: Chat = { id: "19:other-access@thread.v2", type: "groupChat", members: [otherMentor, otherMentee] };

const AGENDA_TEXT = ["howIsMentee", "experience", "theme", "learningGoal", "summary", "nextTheme", "nextLearningGoal", "nextPreparation"] as const;
const FEEDBACK = { mentor: ["mentorFeedbackHow", "mentorFeedbackWorked", "mentorFeedbackBetter"], mentee: ["menteeFeedbackHow", "menteeFeedbackWorked", "menteeFeedbackBetter"] } as const;

type Role = "mentor" | "mentee" | "third" | "coordinator" | "otherTenant" | "nobody" | "formerMentor" | "otherPairMentee";
const WHO: Record<Role, Member> = {
  mentor: newMentor,
  mentee,
  third: colleague,
  coordinator: coordinatorUser,
  otherTenant: foreigner,
  nobody,
  formerMentor: mentor,
  otherPairMentee: otherMentee,
};
const PARTIES: readonly Role[] = ["mentor", "mentee"];
type Where = "pairChat" | "otherGroupChat" | "personalChat";
const WHERE: readonly Where[] = ["pairChat", "otherGroupChat", "personalChat"];

function chatFor(where: Where, role: Role): Chat {
  const base = where === "pairChat" ? pairChat : where === "otherGroupChat" ? otherChat : { id: `a:personal-${WHO[role].aadObjectId}`, type: "personal" as const, members: [WHO[role]] };
  return role === "otherTenant" ? { ...base, tenantId: OTHER_TENANT } : base;
}

/** Where a party's content shows: the agreement's and agenda's text, or the clicker's own .ics link. */
const CONTENT_VERBS: Readonly<Record<string, "canary" | "ics" | "none">> = {
  "agreement.refresh": "canary",
  "agreement.save": "canary",
  "agreement.accept": "canary",
  "agenda.save": "canary",
  "meeting.move": "none",
  "meeting.cancel": "none",
  "meeting.cancelConfirm": "none",
  "meeting.cancelKeep": "none",
  "ics.link": "ics",
  "meeting.held": "none",
  "plan.book": "none",
  "plan.suggest": "none",
  "plan.retry": "none",
  "plan.open": "none",
};

describe("card actions: content only for the parties, only from their own chat", function () {
  this.timeout(120000);

  it("every verb × who clicks × where from: parties get content, everyone else a refusal that shows nothing they have not seen and changes nothing", async () => {
    const h = await botHarness();
    const lang = "da" as const;

    // A mentorship made through the real flows, with a canary in every free-text field.
    const setupId = findAction(cardOf((await h.say(pairChat, mentor, lang, "start"))[0]), "setup.submit")?.data["setupId"];
    await h.execute(pairChat, mentor, lang, "setup.submit", { setupId, programme: "kristiansand", firstDay: "2027-01-04", unit: "Vågsbygd", language: lang, mentee: mentee.aadObjectId });
    const id = (await h.service.getChat(TENANT, pairChat.id))?.activeMentorshipId ?? "";
    let m = await h.service.getMentorship(TENANT, id);
    assert.ok(m);
    const fields = Object.fromEntries(AgreementTextFields.map((f) => [f, canary(f)]));
    const saved = await h.execute(pairChat, mentor, lang, "agreement.save", { mentorshipId: id, baseVersion: 1, meetingCount: "18", meetingMinutes: "45", ...fields });
    assert.ok(JSON.stringify(saved.response?.body).includes(canary("purpose")), "the mentor's save is answered with the agreement");
    await h.execute(pairChat, mentee, lang, "agreement.accept", { mentorshipId: id, version: 2 });
    await h.execute(pairChat, mentor, lang, "agreement.accept", { mentorshipId: id, version: 2 });
    await h.execute(pairChat, mentor, lang, "plan.book", { mentorshipId: id, weekday: "2", time: "10:00", minutes: "45", leadHours: "24" });
    await h.bot.idle();
    const first = (await h.meetings.meetings(TENANT, id))[0] as Meeting;
    assert.ok(first, "meetings are booked");
    const agenda: Record<string, string> = Object.fromEntries([...AGENDA_TEXT, ...FEEDBACK.mentor, ...FEEDBACK.mentee].map((f) => [f, canary(f)]));
    const { mentorFeedbackHow: _a, mentorFeedbackWorked: _b, mentorFeedbackBetter: _c, ...byMentee } = agenda;
    await h.execute(pairChat, mentee, lang, "agenda.save", { mentorshipId: id, meetingKey: first.key, ...byMentee });
    const byMentor = await h.execute(pairChat, mentor, lang, "agenda.save", { mentorshipId: id, meetingKey: first.key, ...agenda });
    assert.match(cardText(byMentor.response?.body.value), new RegExp(t(lang, "agenda.saved")));
    const stored = (await h.meetings.meetings(TENANT, id))[0] as Meeting;
    for (const f of AGENDA_TEXT) assert.equal(stored.agenda[f], canary(f), `agenda ${f} holds the canary`);

    // A real change of mentor: Mette becomes the former mentor, Jonas the mentor.
    const people = new LocalPeopleDirectory(TENANT, [newMentor].map((p) => ({ aadObjectId: p.aadObjectId, name: p.name, email: "jonas@kommune.dk" })));
    const coordinator = new CoordinatorService({
      mentorships: h.service,
      rebook: (tenantId, mid) => h.meetings.completeBooking(tenantId, mid),
      resumed: (tenantId, mid) => h.meetings.resumed(tenantId, mid),
      people,
      chats: null,
      chat: h.delivery,
      chatTopic: () => "",
      log: silentLogger,
    });
    assert.ok((await coordinator.changeMentor(TENANT, id, newMentor.aadObjectId)).ok);
    await coordinator.idle();
    await h.bot.idle();
    m = await h.service.getMentorship(TENANT, id);
    assert.equal(m?.mentor.aadObjectId, newMentor.aadObjectId);

    // Another pair in another chat, so "another group chat" has a mentorship of its own.
    const otherSetup = findAction(cardOf((await h.say(otherChat, otherMentor, lang, "start"))[0]), "setup.submit")?.data["setupId"];
    await h.execute(otherChat, otherMentor, lang, "setup.submit", { setupId: otherSetup, programme: "klds", firstDay: "2027-01-04", unit: "Børn", language: lang });
    assert.ok((await h.service.getChat(TENANT, otherChat.id))?.activeMentorshipId);

    const meeting = (await h.meetings.meetings(TENANT, id)).find((x) => x.key === first.key) as Meeting;
    const agendaAsShown: Record<string, string> = {
      ...Object.fromEntries(AGENDA_TEXT.map((f) => [f, meeting.agenda[f]])),
      mentorFeedbackHow: meeting.agenda.feedback.mentor.how,
      mentorFeedbackWorked: meeting.agenda.feedback.mentor.worked,
      mentorFeedbackBetter: meeting.agenda.feedback.mentor.better,
      menteeFeedbackHow: meeting.agenda.feedback.mentee.how,
      menteeFeedbackWorked: meeting.agenda.feedback.mentee.worked,
      menteeFeedbackBetter: meeting.agenda.feedback.mentee.better,
    };
    const payloads = (mentorshipId: string): Record<string, Record<string, unknown>> => ({
      "agreement.refresh": { mentorshipId },
      "agreement.save": { mentorshipId, baseVersion: 2, meetingCount: "18", meetingMinutes: "45", ...fields, other: "overtaget" },
      "agreement.accept": { mentorshipId, version: 2 },
      "agenda.save": { mentorshipId, meetingKey: first.key, ...agendaAsShown },
      "meeting.move": { mentorshipId, meetingKey: `${first.seriesKey}|2031-01-01`, newDate: "2027-03-03", newTime: "10:00" },
      "meeting.cancel": { mentorshipId, meetingKey: `${first.seriesKey}|2031-01-01` },
      "meeting.cancelConfirm": { mentorshipId, meetingKey: `${first.seriesKey}|2031-01-01` },
      "meeting.cancelKeep": { mentorshipId },
      "meeting.held": { mentorshipId, meetingKey: first.key, outcome: "notHeld" },
      "plan.book": { mentorshipId, weekday: "3", time: "11:00", minutes: "45", leadHours: "24" },
      "plan.suggest": { mentorshipId, weekday: "3", time: "11:00", minutes: "45", leadHours: "24" },
      "plan.retry": { mentorshipId },
      "plan.open": { mentorshipId },
      "ics.link": { mentorshipId },
    });
    const real = payloads(id);
    const bogus = payloads("00000000-0000-4000-8000-000000000000");
    assert.deepEqual(Object.keys(real).sort(), Object.keys(CONTENT_VERBS).sort());

    const otherChatLine = t(lang, "guard.otherChat");
    const leaks = (body: InvokeBody | undefined) => {
      const s = JSON.stringify(body ?? null);
      return s.includes(CANARY) || s.includes("/ics/");
    };
    const message = (body: InvokeBody | undefined) => (body?.type === "application/vnd.microsoft.activity.message" ? String(body.value) : null);

    // ── Refusals first: nothing stored may change while they run. ──
    const before = await h.etags();
    let refusals = 0;
    for (const where of WHERE) {
      for (const role of Object.keys(WHO) as Role[]) {
        const who = WHO[role];
        const chat = chatFor(where, role);
        const isParty = PARTIES.includes(role);
        if (where === "pairChat" && isParty) continue; // the content block below
        for (const verb of Object.keys(real)) {
          const cell = `${verb} by ${role} from ${where}`;
          const r = await h.execute(chat, who, lang, verb, real[verb]);
          refusals++;
          assert.equal(r.response?.status, 200, cell);
          assert.ok(!leaks(r.response?.body), `${cell}: no canary, no .ics link`);
          assert.equal(r.sent.length, 0, `${cell}: nothing posted into the chat`);
          if (where !== "pairChat" || role === "otherTenant") {
            assert.equal(message(r.response?.body), otherChatLine, `${cell}: one line, no content`);
            const unknown = await h.execute(chat, who, lang, verb, bogus[verb]);
            assert.deepEqual(unknown.response, r.response, `${cell}: the same answer as for an id that does not exist`);
          } else if (verb.startsWith("agreement.") || verb === "agenda.save") {
            const card = r.response?.body.value;
            const key = verb === "agenda.save" ? "agenda.readOnlyForYou" : "agreement.readOnlyForYou";
            assert.ok(cardText(card).includes(t(lang, key, { mentor: newMentor.name, mentee: mentee.name })), `${cell}: the headings-only card says why`);
            assert.deepEqual(findInputIds(card), [], `${cell}: no inputs`);
          } else {
            assert.equal(message(r.response?.body), t(lang, "error.NOT_A_PARTY"), cell);
          }
        }
        // setup.submit has no mentorship: a setup id from elsewhere opens nothing here either.
        const setup = await h.execute(chat, who, lang, "setup.submit", { setupId, programme: "klds", firstDay: "2027-01-04", unit: "X", language: lang, mentee: mentee.aadObjectId });
        // A party of the chat's own mentorship gets the notice that it exists (issue 9, item 5): about that mentorship only.
        const ownNotice = !message(setup.response?.body) && cardText(setup.response?.body.value).includes(t(lang, "setup.alreadyDone", { step: "" }).split("{")[0]!.slice(0, 20));
        assert.ok(message(setup.response?.body) || (ownNotice && where === "otherGroupChat" && role === "otherPairMentee"), `setup.submit by ${role} from ${where}: a message`);
        assert.ok(!leaks(setup.response?.body));
      }
    }
    assert.ok(refusals > 150, `the matrix ran (${refusals} refusals)`);
    assert.deepEqual(await h.etags(), before, "no refusal changed a stored row");

    // ── The parties, in their own chat: content. ──
    for (const role of PARTIES) {
      for (const verb of Object.keys(real)) {
        const cell = `${verb} by ${role} in the pair's chat`;
        const r = await h.execute(pairChat, WHO[role], lang, verb, real[verb]);
        const text = message(r.response?.body);
        assert.notEqual(text, otherChatLine, cell);
        assert.notEqual(text, t(lang, "error.NOT_A_PARTY"), cell);
        const body = JSON.stringify(r.response?.body);
        if (CONTENT_VERBS[verb] === "canary") assert.ok(body.includes(canary(verb === "agenda.save" ? "summary" : "purpose")), `${cell}: the text`);
        if (CONTENT_VERBS[verb] === "ics") assert.ok(body.includes("/ics/"), `${cell}: the meetings and the .ics link`);
      }
    }
  });

  it("setup.submit acts only on the setup pending in the chat it comes from, whoever owns it", async () => {
    const h = await botHarness();
    const lang = "da" as const;
    const chatA: Chat = { id: "19:setup-a@thread.v2", type: "groupChat", members: [mentor, mentee] };
    const chatB: Chat = { id: "19:setup-b@thread.v2", type: "groupChat", members: [mentor, mentee, colleague] };
    const idA = findAction(cardOf((await h.say(chatA, mentor, lang, "start"))[0]), "setup.submit")?.data["setupId"];
    assert.equal(typeof idA, "string");
    const submit = (chat: Chat, setupId: unknown) =>
      h.execute(chat, mentor, lang, "setup.submit", { setupId, programme: "klds", firstDay: "2027-01-04", unit: "Børn", language: lang, mentee: mentee.aadObjectId });
    const before = await h.etags();
    // Chat B has no setup of its own, then one of its own: A's card opens neither, and shows no form.
    for (const round of ["none pending", "its own pending"]) {
      if (round === "its own pending") await h.say(chatB, mentor, lang, "start");
      const snapshot = round === "none pending" ? before : await h.etags();
      const r = await submit(chatB, idA);
      assert.equal(r.response?.body.value, t(lang, "error.SETUP_NOT_PENDING"), round);
      assert.deepEqual(r.sent, [], `${round}: nothing posted`);
      assert.deepEqual(await h.etags(), snapshot, `${round}: nothing stored`);
    }
    // Not even a form again: a foreign setup id with a bad date gets the same line, not the setup card.
    const badDate = await h.execute(chatB, mentor, lang, "setup.submit", { setupId: idA, programme: "klds", firstDay: "31.02.2027", unit: "Børn", language: lang });
    assert.equal(badDate.response?.body.value, t(lang, "error.SETUP_NOT_PENDING"));
    assert.equal((await h.service.getChat(TENANT, chatB.id))?.activeMentorshipId ?? null, null);
    // In its own chat, the same card still works.
    const ok = await submit(chatA, idA);
    assert.equal(ok.response?.body.type, "application/vnd.microsoft.card.adaptive");
    assert.ok((await h.service.getChat(TENANT, chatA.id))?.activeMentorshipId);
  });
});
