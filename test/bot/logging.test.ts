import assert from "node:assert/strict";
import { createLogger, sanitize } from "../../src/log";
import { colleague, mentee, mentor, TENANT } from "../support/fixtures";
import { type Chat, botHarness, cardOf, findAction } from "./harness";
import { CoordinatorService } from "../../src/app/coordinator/coordinatorService";
import { LocalPeopleDirectory } from "../../src/adapters/people/directories";
import { CalendarError, type ChatProvisioner } from "../../src/ports/calendar";

describe("Logs keep confidences", function () {
  this.timeout(30000);

  it("no text a user writes (messages, card inputs, names) reaches a log line", async () => {
    const lines: string[] = [];
    const h = await botHarness({ log: createLogger((l) => lines.push(l)) });
    const CANARY = "KANARIE-cpr-010190-1234";
    const chat: Chat = { id: "19:log@thread.v2", type: "groupChat", members: [mentor, mentee, colleague] };
    await h.install(chat, mentor, "da");
    await h.say(chat, mentor, "da", `start ${CANARY}`);
    await h.say(chat, colleague, "da", CANARY);
    const setupId = findAction(cardOf((await h.say(chat, mentor, "da", "start"))[0]), "setup.submit")?.data["setupId"];
    await h.execute(chat, mentor, "da", "setup.submit", { setupId, programme: "klds", firstDay: "2027-01-04", unit: CANARY, language: "da", mentee: mentee.aadObjectId });
    const c = await h.service.getChat(TENANT, chat.id);
    const m = await h.service.getMentorship(TENANT, c?.activeMentorshipId ?? "");
    assert.ok(m);
    const inputs = Object.fromEntries(Object.entries(m.agreement.fields).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : String(v)]));
    await h.execute(chat, mentor, "da", "agreement.save", { mentorshipId: m.id, baseVersion: 1, ...inputs, purpose: CANARY, other: CANARY });
    await h.execute(chat, colleague, "da", "agreement.save", { mentorshipId: m.id, baseVersion: 1, ...inputs, purpose: CANARY });
    await h.execute(chat, mentor, "da", "agreement.save", { mentorshipId: CANARY, baseVersion: CANARY });
    // Issue 13: the mentee's journal — an entry saved, one refused by the guard (the canary holds a CPR-shaped number), a forged id.
    const JOURNAL = "KANARIE-journal-5521";
    const personal: Chat = { id: "a:log-mentee", type: "personal", members: [mentee] };
    await h.say(personal, mentee, "da", `journal ${CANARY}`);
    const saved = await h.execute(personal, mentee, "da", "journal.save", { entryId: "", version: 0, rows: 1, title: JOURNAL, background: JOURNAL, reflection: JOURNAL, log_0_citizen: JOURNAL });
    assert.match(JSON.stringify(saved.response?.body), /Gemt/);
    const refused = await h.execute(personal, mentee, "da", "journal.save", { entryId: "", version: 0, rows: 1, title: JOURNAL, background: CANARY });
    assert.match(JSON.stringify(refused.response?.body), /ddmmyy-xxxx/);
    await h.execute(personal, mentee, "da", "journal.open", { entryId: CANARY });
    await h.say(chat, mentee, "da", `journal ${JOURNAL}`);

    assert.ok(lines.length >= 6, "the turns above were logged");
    assert.ok(lines.some((l) => l.includes("journal.created")), "the journal's save was logged (ids only)");
    for (const line of lines) {
      assert.ok(!line.includes(CANARY), `log line leaks user text: ${line}`);
      assert.ok(!line.includes(JOURNAL), `log line leaks the journal: ${line}`);
      for (const name of [mentor.name, mentee.name, colleague.name]) assert.ok(!line.includes(name), `log line names a person: ${line}`);
    }
  });

  it("the coordinator's create, change of mentor, pause and resume log no names and no unit", async () => {
    const lines: string[] = [];
    const log = createLogger((l) => lines.push(l));
    const h = await botHarness({ log });
    const CANARY = "KANARIE-enhed-7788";
    const people = new LocalPeopleDirectory(TENANT, [mentor, mentee, colleague].map((p) => ({ aadObjectId: p.aadObjectId, name: p.name, email: `${p.aadObjectId}@kommune.dk` })));
    const failing: ChatProvisioner = {
      findPerson: async () => null,
      createPairChat: async () => {
        throw new CalendarError("UNAVAILABLE", true);
      },
      installApp: async () => {},
    };
    const coordinator = new CoordinatorService({
      mentorships: h.service,
      rebook: (tenantId, id) => h.meetings.completeBooking(tenantId, id),
      resumed: (tenantId, id) => h.meetings.resumed(tenantId, id),
      people,
      chats: failing,
      chat: h.delivery,
      chatTopic: () => CANARY,
      log,
    });
    const created = await coordinator.create(TENANT, "k", { menteeAadObjectId: mentee.aadObjectId, mentorAadObjectId: mentor.aadObjectId, programme: "klds", firstWorkingDay: "2027-01-04", unit: CANARY, language: "da" });
    assert.ok(created.ok);
    const chat: Chat = { id: "19:log-coordinator@thread.v2", type: "groupChat", members: [mentor, mentee, colleague] };
    await h.say(chat, mentee, "da", "start");
    const id = created.value.mentorship.id;
    assert.ok((await coordinator.changeMentor(TENANT, id, colleague.aadObjectId)).ok);
    assert.ok((await coordinator.setPaused(TENANT, id, true)).ok);
    assert.ok((await coordinator.setPaused(TENANT, id, false)).ok);
    await coordinator.idle();
    assert.ok(lines.some((l) => l.includes("coordinator.chat.failed")), "the Graph failure was logged");
    assert.ok(lines.some((l) => l.includes("prepared.bound")), "the binding was logged");
    for (const line of lines) {
      assert.ok(!line.includes(CANARY), `log line leaks user text: ${line}`);
      for (const name of [mentor.name, mentee.name, colleague.name]) assert.ok(!line.includes(name), `log line names a person: ${line}`);
    }
  });

  it("strips control characters and caps what it is given", () => {
    assert.equal(sanitize("a\nb\r\u0000c\u2028d"), "abcd");
    assert.equal(sanitize("x".repeat(500)).length, 201);
    const lines: string[] = [];
    createLogger((l) => lines.push(l)).warn("evil\nevent", { "k\r": "v\u001b[31m" });
    assert.equal(lines.length, 1);
    assert.ok(!/[\n\r\u001b]/.test(lines[0] ?? ""));
  });
});
