import assert from "node:assert/strict";
import { personalDataHtml } from "../../src/adapters/docx/personalDataHtml";
import { journalEntry } from "../support/rightsFakes";
import { CANARY, NOW, OTHER_TENANT, TENANT, holdsName, people, world } from "../support/rightsWorld";

/**
 * Issue 13: a person's export and erasure, round trips for the mentee, the mentor (a former mentor
 * too), the leader and the coordinator, on Azurite through the real Table adapters (the journal and
 * the audit log as in-memory fakes of their ports until those helpers are merged).
 */
describe("Data rights: a person's export and erasure (issue 13)", function () {
  this.timeout(60_000);

  describe("export", () => {
    it("gives the mentee their mentorships, the texts they wrote, their meetings, their own private answers, their journal and the audit entries about them", async () => {
      const w = await world();
      const data = await w.rights.exportOf(TENANT, people.mentee.aadObjectId);
      assert.deepEqual(data.person, { aadObjectId: people.mentee.aadObjectId, names: [people.mentee.name] });
      assert.deepEqual(data.mentorships.map((m) => [m.mentorshipId, m.roles]), [[w.ids.closed, ["mentee"]], [w.ids.held, ["mentee"]]]);
      const closed = data.mentorships[0]!;
      // The version the mentee saved, not the mentor's nor the programme's.
      assert.deepEqual(closed.agreementVersions.map((v) => v.number), [3]);
      assert.match(closed.agreement!.fields.purpose, /myndighedsrollen/);
      assert.equal(closed.meetings.length, 2);
      assert.equal(closed.meetings[0]!.agenda!.howIsMentee, "Søren har travlt");
      assert.equal(closed.meetings[0]!.agenda!.myFeedback!.how, CANARY.menteeFeedback);
      assert.equal(closed.evaluation!.confirmedAt, "2026-08-01T09:00:00.000Z");
      assert.deepEqual(closed.leaderTalks.map((x) => x.key), ["developmentTalk"]);
      assert.equal(closed.presentation, null, "the mentor's presentation is the mentor's");
      assert.equal(data.mentorships[1]!.archiveHold, "complaint");
      assert.deepEqual(data.privateAnswers.map((a) => [a.mentorshipId, a.party, a.ratings?.comment]), [[w.ids.closed, "mentee", CANARY.menteeRating]]);
      assert.deepEqual(data.journal!.map((e) => e.id), ["j1"]);
      assert.deepEqual(data.audit!.map((a) => a.verb), ["mentorship.read", "archiveHold.set"]);
      assert.equal(data.personalChat?.opened, true);
      const text = JSON.stringify(data);
      for (const c of [CANARY.mentorRating, CANARY.otherJournal, CANARY.mentorFeedback]) assert.ok(!text.includes(c), `${c} is not the mentee's`);
      // The export itself is in the audit log.
      assert.deepEqual(w.audit.lines.at(-1)!.entry, { tenantId: TENANT, at: NOW.toISOString(), actorId: people.mentee.aadObjectId, verb: "data.export", subjectId: people.mentee.aadObjectId });
    });

    it("never gives the mentor the mentee's journal, private answers or feedback", async () => {
      const w = await world();
      const data = await w.rights.exportOf(TENANT, people.mentor.aadObjectId);
      assert.deepEqual(data.mentorships.map((m) => [m.mentorshipId, m.roles]), [[w.ids.closed, ["mentor"]], [w.ids.held, ["mentor"]], [w.ids.running, ["mentor"]]]);
      assert.equal(data.journal, null, "not a mentee: no journal");
      assert.deepEqual(w.journal.calls.filter((c) => c.startsWith("exportOf")), [`exportOf:${people.mentor.aadObjectId}`], "asked for their own entries only");
      assert.deepEqual(data.privateAnswers.map((a) => a.ratings?.comment), [CANARY.mentorRating]);
      const closed = data.mentorships[0]!;
      assert.equal(closed.presentation, "Hej Søren, jeg hedder Mette og glæder mig");
      // Versions saved while Frederik was the mentor are his, not Mette's.
      assert.deepEqual(closed.agreementVersions, []);
      assert.equal(closed.meetings[0]!.agenda!.myFeedback, null, "the feedback of February was Frederik's");
      assert.equal(closed.meetings[1]!.agenda!.myFeedback!.how, "Mette: godt");
      const text = JSON.stringify(data) + personalDataHtml(data, "da");
      for (const c of [CANARY.menteeRating, CANARY.menteeJournal, CANARY.otherJournal, CANARY.menteeFeedback]) assert.ok(!text.includes(c), `${c} is not the mentor's`);
    });

    it("gives a former mentor what they wrote while they were the mentor, and nothing after", async () => {
      const w = await world();
      const data = await w.rights.exportOf(TENANT, people.formerMentor.aadObjectId);
      assert.deepEqual(data.mentorships.map((m) => [m.mentorshipId, m.roles, m.mentorUntil]), [[w.ids.closed, ["formerMentor"], "2026-03-15T09:00:00.000Z"]]);
      const m = data.mentorships[0]!;
      assert.deepEqual(m.agreementVersions.map((v) => v.number), [2]);
      assert.equal(m.agreement, null, "the agreement in force is the current pair's");
      assert.deepEqual(m.meetings.map((x) => x.date), ["2026-02-20"]);
      assert.equal(m.meetings[0]!.agenda!.myFeedback!.how, CANARY.mentorFeedback);
      assert.equal(m.evaluation, null);
    });

    it("gives the leader dates and talks, never the pair's texts", async () => {
      const w = await world();
      const data = await w.rights.exportOf(TENANT, people.leader.aadObjectId);
      assert.deepEqual(data.mentorships.map((m) => [m.mentorshipId, m.roles]), [[w.ids.closed, ["leader"]]]);
      const m = data.mentorships[0]!;
      assert.equal(m.agreement, null);
      assert.deepEqual(m.agreementVersions, []);
      assert.deepEqual(m.meetings, []);
      assert.equal(m.evaluation, null);
      assert.deepEqual(m.leaderTalks.map((x) => x.key), ["developmentTalk"]);
      const text = JSON.stringify(data);
      assert.ok(!/myndighedsrollen|Søren har travlt|nåede målet/.test(text), "no text of the pair");
      assert.deepEqual(data.audit!.map((a) => a.verb), ["mentorship.read"]);
    });

    it("gives the contact person their hand-over note and nothing of the pair", async () => {
      const w = await world();
      const data = await w.rights.exportOf(TENANT, people.contact.aadObjectId);
      assert.deepEqual(data.mentorships.map((m) => [m.roles, m.handover]), [[["contact"], "Kirsten: Søren kender systemerne"]]);
      assert.deepEqual(data.mentorships[0]!.meetings, []);
    });

    it("gives the coordinator their own personal chat and the audit entries about them, and no mentorship's content", async () => {
      const w = await world();
      const data = await w.rights.exportOf(TENANT, people.coordinator.aadObjectId);
      assert.deepEqual(data.mentorships, []);
      assert.deepEqual(data.privateAnswers, []);
      assert.equal(data.journal, null);
      assert.deepEqual(data.audit!.map((a) => [a.verb, a.detail]), [["access.denied", "403"]]);
      assert.equal(data.personalChat?.opened, true);
    });

    it("gives a former mentee their journal even when their mentorship is gone (a coordinator erased it)", async () => {
      const w = await world();
      w.journal.entries.push(journalEntry({ id: "j9", tenantId: TENANT, menteeAadObjectId: people.coordinator.aadObjectId, mentorshipId: "m-gone", reflection: "egen note" }));
      const data = await w.rights.exportOf(TENANT, people.coordinator.aadObjectId);
      assert.deepEqual(data.mentorships, []);
      assert.deepEqual(data.journal?.map((e) => e.id), ["j9"]);
    });

    it("is scoped to the tenant: the same person in another tenant has nothing", async () => {
      const w = await world();
      const data = await w.rights.exportOf(OTHER_TENANT, people.mentee.aadObjectId);
      assert.deepEqual([data.mentorships, data.privateAnswers, data.journal, data.personalChat], [[], [], null, null]);
      assert.deepEqual(data.audit, []);
    });

    it("works without a journal or an audit log (optional parts: null, said so in the document)", async () => {
      const w = await world({ withJournal: false, withAudit: false });
      const data = await w.rights.exportOf(TENANT, people.mentee.aadObjectId);
      assert.equal(data.journal, null);
      assert.equal(data.audit, null);
      for (const lang of ["da", "nb", "en"] as const) assert.ok(personalDataHtml(data, lang).includes({ da: "revisionslog", nb: "revisjonslogg", en: "audit log" }[lang]));
    });

    it("reads as a document in da, nb and en, every text escaped", async () => {
      const w = await world();
      const data = await w.rights.exportOf(TENANT, people.mentee.aadObjectId);
      const hostile = { ...data, journal: [{ ...data.journal![0]!, title: "<script>alert(1)</script>" }] };
      const titles = { da: "Dine data i Mentor-appen", nb: "Dataene dine i Mentor-appen", en: "Your data in the Mentor app" };
      for (const lang of ["da", "nb", "en"] as const) {
        const html = personalDataHtml(hostile, lang);
        assert.ok(html.includes(`<html lang="${lang}">`));
        assert.ok(html.includes(titles[lang]));
        assert.ok(html.includes(CANARY.menteeJournal) && html.includes(CANARY.menteeRating));
        assert.ok(!html.includes("<script>"), "escaped");
        assert.ok(html.includes("Søren har travlt"));
      }
    });
  });

  describe("erasure", () => {
    it("of the mentee: journal deleted at once, private answers and personal chat forgotten, the name gone from every row but the held archive's", async () => {
      const w = await world();
      const before = await w.rows();
      const report = await w.rights.erase(TENANT, people.mentee.aadObjectId);
      assert.ok(report.ok, JSON.stringify(report));
      assert.equal(report.value.journalEntries, 1);
      assert.deepEqual(report.value.held, [{ mentorshipId: w.ids.held, reason: "complaint", unit: "Familieafdelingen", firstWorkingDay: "2026-01-05" }]);
      assert.equal(report.value.pseudonymised, 1);
      assert.deepEqual(w.journal.entries.map((e) => e.id), ["j2"], "another mentee's journal stays");
      assert.equal(await w.answers.getPrivateAnswers(TENANT, w.ids.closed, "mentee"), null);
      assert.equal((await w.answers.getPrivateAnswers(TENANT, w.ids.closed, "mentor"))?.value.ratings?.comment, CANARY.mentorRating, "the other party's answers stay");
      assert.ok(await w.answers.wasAsked(TENANT, w.ids.closed, "mentee", "ratings"), "the mark stays, so nobody asks again");
      assert.equal(await w.chats.getPersonalChat(TENANT, people.mentee.aadObjectId), null);
      assert.equal(await w.store.getChat(TENANT, `a:personal-${people.mentee.aadObjectId}`), null);

      const rows = await w.rows();
      assert.ok(rows.some((r) => holdsName(r.text, people.mentee)));
      // The held archive's rows, and the mentee's active row, which points to it.
      for (const r of rows.filter((x) => holdsName(x.text, people.mentee))) assert.ok(r.key.includes(w.ids.held) || (r.key.includes("active|mentee|") && r.text.includes(w.ids.held)), `${r.key} holds the name but is not the held archive`);
      // The held archive is as it was, row for row.
      const heldBefore = before.filter((r) => r.key.includes(w.ids.held)).map((r) => r.text.replace(/"etag":"[^"]*",?/, "").replace(/"timestamp":"[^"]*",?/, ""));
      const heldAfter = rows.filter((r) => r.key.includes(w.ids.held)).map((r) => r.text.replace(/"etag":"[^"]*",?/, "").replace(/"timestamp":"[^"]*",?/, ""));
      assert.deepEqual(heldAfter, heldBefore);

      // The shared texts stay for the others, with the pseudonym in the name's place.
      const m = (await w.store.getMentorship(TENANT, w.ids.closed))!.value;
      assert.equal(m.mentee.name, "Slettet person 0001");
      assert.equal(m.mentee.aadObjectId, "erased-000000000001");
      assert.equal(m.agreement.fields.purpose, "Slettet person 0001 skal lære myndighedsrollen af Frederik");
      assert.equal(m.closing!.evaluation.fields.worked, "Slettet person 0001 og Mette nåede målet");
      const versions = await w.store.listAgreementVersions(TENANT, w.ids.closed);
      assert.equal(versions.find((v) => v.number === 3)!.fields.other, "Slettet person 0001 ønsker at Frederik Fogh og Lars Lindholm mødes");
      const meetings = await w.store.listMeetings(TENANT, w.ids.closed);
      assert.equal(meetings[0]!.value.agenda.summary, "Frederik Fogh og Slettet person 0001 talte om Lars");
      assert.equal((await w.store.getSummary(TENANT, w.ids.closed))!.value.menteeName, "Slettet person 0001");
      // The mentor still finds the mentorship; the erased person no longer does (the index moved to the pseudonym).
      assert.deepEqual((await w.store.mentorshipsOf(TENANT, people.mentor.aadObjectId)).map((x) => x.id).sort(), [w.ids.closed, w.ids.held, w.ids.running].sort());
      const after = await w.rights.exportOf(TENANT, people.mentee.aadObjectId);
      assert.deepEqual(after.mentorships.map((x) => x.mentorshipId), [w.ids.held], "only the held archive is still theirs");
      assert.deepEqual(after.privateAnswers, []);
      assert.deepEqual(after.journal, []);
      assert.equal(after.personalChat, null);
      assert.ok(w.audit.lines.some((l) => l.entry.verb === "person.erase" && l.entry.subjectId === people.mentee.aadObjectId && l.entry.actorId === people.mentee.aadObjectId));
    });

    it("of the mentee with no hold left: neither their name nor their id is in any row (their active row goes too)", async () => {
      const w = await world();
      const held = await w.store.getMentorship(TENANT, w.ids.held);
      assert.equal(await w.store.saveMentorship({ ...held!.value, archiveHold: null }, held!.etag), "saved");
      const report = await w.rights.erase(TENANT, people.mentee.aadObjectId);
      assert.ok(report.ok);
      assert.equal(report.value.pseudonymised, 2);
      assert.deepEqual((await w.rows()).filter((r) => holdsName(r.text, people.mentee)).map((r) => r.key), []);
      assert.equal(await w.store.getActiveOfMentee(TENANT, people.mentee.aadObjectId), null);
    });

    it("writes no name, no text and no private answer to the log (ids and counts only)", async () => {
      const lines: string[] = [];
      const keep = (level: string) => (event: string, fields: Record<string, unknown> = {}) => void lines.push(JSON.stringify({ level, event, ...fields }));
      const w = await world({ log: { info: keep("info"), warn: keep("warn"), error: keep("error") } as never });
      await w.rights.exportOf(TENANT, people.mentee.aadObjectId);
      assert.ok((await w.rights.erase(TENANT, people.mentee.aadObjectId)).ok);
      assert.ok(lines.some((l) => l.includes("rights.erased")), "the erasure is logged");
      for (const l of lines) {
        for (const p of Object.values(people)) assert.ok(!l.includes(p.name) && !l.includes(p.name.split(" ")[0]!), `${l} names ${p.name}`);
        for (const c of Object.values(CANARY)) assert.ok(!l.includes(c), l);
      }
    });

    it("of the leader: their name out of every row (nothing is held for them)", async () => {
      const w = await world();
      const report = await w.rights.erase(TENANT, people.leader.aadObjectId);
      assert.ok(report.ok);
      assert.deepEqual(report.value.held, []);
      assert.equal(report.value.journal, false);
      assert.equal(report.value.journalEntries, 0);
      assert.ok(!w.journal.calls.includes(`eraseOf:${people.leader.aadObjectId}`) || report.value.journalEntries === 0);
      const holding = (await w.rows()).filter((r) => holdsName(r.text, people.leader)).map((r) => r.key);
      assert.deepEqual(holding, []);
      const m = (await w.store.getMentorship(TENANT, w.ids.closed))!.value;
      assert.equal(m.leader?.name, "Slettet person 0001");
      assert.equal(m.leaderState?.talks.length, 1, "the talks stay with the mentorship");
      assert.equal(m.mentee.name, people.mentee.name, "nobody else's name is touched");
      assert.equal((await w.store.getSummary(TENANT, w.ids.closed))!.value.leaderName, "Slettet person 0001");
    });

    it("of a former mentor: their name out of the history (the chat row the app made for them too)", async () => {
      const w = await world();
      const report = await w.rights.erase(TENANT, people.formerMentor.aadObjectId);
      assert.ok(report.ok);
      assert.deepEqual((await w.rows()).filter((r) => holdsName(r.text, people.formerMentor)).map((r) => r.key), []);
      const m = (await w.store.getMentorship(TENANT, w.ids.closed))!.value;
      assert.equal(m.formerMentors![0]!.person.name, "Slettet person 0001");
      const chat = await w.store.getChat(TENANT, m.conversationId);
      assert.equal(chat?.value.requestedBy?.name, "Slettet person 0001");
    });

    it("of the mentor is refused while a mentorship of theirs runs, and changes nothing", async () => {
      const w = await world();
      const before = await w.rows();
      const report = await w.rights.erase(TENANT, people.mentor.aadObjectId);
      assert.deepEqual(report, { ok: false, error: { code: "ERASURE_WHILE_RUNNING", params: { count: 1, journal: 0 } } });
      assert.deepEqual((await w.rows()).map((r) => r.text), before.map((r) => r.text));
      assert.equal(w.journal.entries.length, 2);
      assert.ok(!w.audit.lines.some((l) => l.entry.verb === "person.erase"));
    });

    it("while a mentorship of theirs runs, their journal still goes at once (the rest waits, and says so)", async () => {
      const w = await world();
      const othersEntries = w.journal.entries.map((e) => e.id);
      // As if the mentor were a mentee elsewhere and kept a journal there.
      w.journal.entries.push(journalEntry({ id: "jm", tenantId: TENANT, menteeAadObjectId: people.mentor.aadObjectId, mentorshipId: "m-other", reflection: "egen note" }));
      const before = await w.rows();
      const report = await w.rights.erase(TENANT, people.mentor.aadObjectId);
      assert.deepEqual(report, { ok: false, error: { code: "ERASURE_WHILE_RUNNING", params: { count: 1, journal: 1 } } });
      assert.deepEqual(w.journal.entries.map((e) => e.id), othersEntries, "their own entry went, nobody else's");
      assert.deepEqual((await w.rows()).map((r) => r.text), before.map((r) => r.text), "nothing else changed");
      assert.ok(w.audit.lines.some((l) => l.entry.verb === "journal.erase" && l.entry.subjectId === people.mentor.aadObjectId));
      assert.ok(!w.audit.lines.some((l) => l.entry.verb === "person.erase"));
    });

    it("of the mentor once it has closed: gone everywhere but the held archive", async () => {
      const w = await world();
      const running = await w.store.getMentorship(TENANT, w.ids.running);
      assert.equal(await w.store.saveMentorship({ ...running!.value, phase: "closed" }, running!.etag), "saved");
      const plan = await w.rights.planOf(TENANT, people.mentor.aadObjectId);
      assert.deepEqual(plan, { running: 0, pseudonymised: 2, held: [{ mentorshipId: w.ids.held, reason: "complaint", unit: "Familieafdelingen", firstWorkingDay: "2026-01-05" }], journal: false, privateAnswers: 1 });
      const report = await w.rights.erase(TENANT, people.mentor.aadObjectId);
      assert.ok(report.ok);
      for (const r of (await w.rows()).filter((x) => holdsName(x.text, people.mentor))) assert.ok(r.key.includes(w.ids.held), `${r.key} holds the mentor's name`);
      assert.equal((await w.answers.getPrivateAnswers(TENANT, w.ids.closed, "mentee"))?.value.ratings?.comment, CANARY.menteeRating);
    });

    it("of the coordinator: their personal chat forgotten, no mentorship touched", async () => {
      const w = await world();
      const before = (await w.rows()).filter((r) => r.key.includes("m|"));
      const report = await w.rights.erase(TENANT, people.coordinator.aadObjectId);
      assert.ok(report.ok);
      assert.equal(await w.chats.getPersonalChat(TENANT, people.coordinator.aadObjectId), null);
      assert.deepEqual((await w.rows()).filter((r) => r.key.includes("m|")).map((r) => r.text), before.map((r) => r.text));
      const after = await w.rights.exportOf(TENANT, people.coordinator.aadObjectId);
      assert.equal(after.personalChat, null);
    });
  });
});
