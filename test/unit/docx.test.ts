// The pair's Word documents (issue 11, item 6), read back from the file: unzip, word/document.xml,
// every agreed field under its label in the template's groups, the evaluation, æøå intact, in da/nb/en.
import assert from "node:assert/strict";
import fc from "fast-check";
import { DOCX_CONTENT_TYPE, agreementDocx, evaluationDocx, xmlSafe } from "../../src/adapters/docx/documents";
import type { AgreementFieldName, AgreementTextField } from "../../src/domain/agreement";
import type { GoalStatus } from "../../src/domain/closing";
import type { Language } from "../../src/domain/language";
import { type Mentorship, type Person, changeMentor } from "../../src/domain/mentorship";
import type { ProgrammeId } from "../../src/domain/programmes";
import { type MessageKey, t } from "../../src/i18n";
import { dateTimeText } from "../../src/i18n/dates";
import { CONSENTED, MENTEE_ACCEPTED, MENTEE_CONFIRMED, MENTOR_ACCEPTED, MENTOR_CONFIRMED, type Pair, agreedPair, closedPair, evaluationText, pairText } from "../support/docxPairs";
import { type ReadDocx, indexOf, readDocx } from "../support/docxReader";
import { TENANT } from "../support/fixtures";

const mentor: Person = { aadObjectId: "11111111-1111-4111-8111-111111111111", name: "Mette Ørsted", channelUserId: "29:mette" };
const mentee: Person = { aadObjectId: "22222222-2222-4222-8222-222222222222", name: "Søren Sørensen", channelUserId: "29:soren" };
const newMentor: Person = { aadObjectId: "33333333-3333-4333-8333-333333333333", name: "Åge Åkesson", channelUserId: "29:aage" };

const CASES: readonly (readonly [Language, ProgrammeId])[] = [
  ["da", "klds"],
  ["nb", "kristiansand"],
  ["en", "custom"],
];

/** The template's groups (seed 000) and each field's label under them; null: the group's one field, headed by its own name. */
const TEMPLATE: readonly (readonly [MessageKey, readonly (readonly [AgreementFieldName, MessageKey | null])[]])[] = [
  ["agreement.purpose", [["purpose", null]]],
  [
    "agreement.frames",
    [
      ["meetingCount", "agreement.meetingCount"],
      ["meetingMinutes", "agreement.meetingMinutes"],
      ["timeAndPlace", "agreement.timeAndPlace"],
      ["undisturbed", "agreement.undisturbed"],
      ["framesOther", "agreement.other"],
    ],
  ],
  [
    "agreement.groundRules",
    [
      ["openness", "agreement.openness"],
      ["confidentiality", "agreement.confidentiality"],
      ["preparation", "agreement.preparation"],
      ["feedback", "agreement.feedback"],
      ["groundRulesOther", "agreement.other"],
    ],
  ],
  [
    "agreement.learningNeeds",
    [
      ["shortTermGoals", "agreement.shortTermGoals"],
      ["longTermIdeas", "agreement.longTermIdeas"],
      ["learningOther", "agreement.other"],
    ],
  ],
  [
    "agreement.methods",
    [
      ["mentorRoles", "agreement.mentorRoles"],
      ["tools", "agreement.tools"],
      ["methodsOther", "agreement.other"],
    ],
  ],
  ["agreement.other", [["other", null]]],
];

async function agreementOf(pair: Pair, version: number): Promise<ReadDocx> {
  const v = pair.versions.find((x) => x.number === version);
  assert.ok(v, `version ${version}`);
  return readDocx((await agreementDocx(pair.mentorship, v, pair.mentorship.language)).bytes);
}

/** The value's paragraphs as the pair wrote them: one per line. */
function expectedLines(m: Mentorship, name: AgreementFieldName): string[] {
  const f = m.agreement.fields;
  if (name === "meetingCount" || name === "meetingMinutes") return [String(f[name])];
  if (name === "mentorRoles") return f.mentorRoles.map((r) => t(m.language, `mentorRole.${r}`));
  if (name === "tools") return f.tools.map((x) => t(m.language, `tool.${x}`));
  return f[name as AgreementTextField].split("\n");
}

describe("Word documents: the collaboration agreement", () => {
  it("covers every field of the agreement in the template's groups (the test's table is complete)", () => {
    const named = TEMPLATE.flatMap(([, fields]) => fields.map(([name]) => name)).sort();
    const pair = agreedPair({ tenantId: TENANT, language: "da", programme: "klds", mentor, mentee });
    assert.deepEqual(named, Object.keys(pair.mentorship.agreement.fields).sort());
  });

  for (const [language, programme] of CASES) {
    describe(`${language} (${programme})`, () => {
      const pair = agreedPair({ tenantId: TENANT, language, programme, mentor, mentee });
      const m = pair.mentorship;
      const tt = (key: MessageKey, params?: Record<string, string | number>) => t(language, key, params);

      it("puts every agreed field under its label, in the template's groups and order, with æøå intact", async () => {
        const doc = await agreementOf(pair, 2);
        assert.equal(doc.paragraphs[0]?.style, "Title");
        assert.equal(doc.paragraphs[0]?.text, tt("agreement.title"));
        assert.equal(doc.paragraphs[1]?.text, tt("docx.agreement.intro", { mentor: mentor.name, mentee: mentee.name }));

        let previous = -1;
        for (const [groupKey, fields] of TEMPLATE) {
          const at = doc.paragraphs.findIndex((p, i) => i > previous && p.style === "Heading1" && p.text === tt(groupKey));
          assert.ok(at > previous, `${language}: the group heading "${tt(groupKey)}" follows the one before`);
          let cursor = at;
          for (const [name, labelKey] of fields) {
            if (labelKey) {
              assert.equal(doc.paragraphs[cursor + 1]?.text, tt(labelKey), `${language} ${name}: its label`);
              cursor++;
            }
            for (const line of expectedLines(m, name)) {
              cursor++;
              assert.equal(doc.paragraphs[cursor]?.text, line, `${language} ${name}: "${line}"`);
              assert.equal(doc.paragraphs[cursor]?.bullet, name === "mentorRoles" || name === "tools", `${language} ${name}: roles and tools are bullet lists`);
            }
          }
          previous = cursor;
        }
        // The pair's words are in the file as UTF-8, not escaped away: æøå and the markup characters survive.
        assert.ok(doc.documentXml.includes("Åløkken"));
        assert.ok(doc.documentXml.includes("æøå ÆØÅ"));
        assert.ok(doc.documentXml.includes("&lt;undtagen&gt; akutte sager &amp; brand"));
      });

      it("heads the document with the pair, the unit, the programme, the first day and where this version stands", async () => {
        const doc = await agreementOf(pair, 2);
        assert.deepEqual(doc.rows.slice(0, 7), [
          [tt("column.mentor"), mentor.name],
          [tt("column.mentee"), mentee.name],
          [tt("setup.unit"), "Børn og unge, Østerbro"],
          [tt("setup.programme"), tt(`programme.${programme}`)],
          [tt("setup.firstDay"), "05.01.2026"],
          [tt("docx.versionRow"), tt("docx.versionBy", { version: 2, name: mentor.name, date: "12.01.2026" })],
          [tt("docx.statusRow"), tt("docx.status.inForce", { date: "14.01.2026" })],
        ]);
      });

      it("says who accepted which version and when, in the programme's zone", async () => {
        const doc = await agreementOf(pair, 2);
        const approvals = indexOf(doc, tt("docx.approvals"));
        assert.ok(approvals > 0);
        assert.equal(doc.paragraphs[approvals]?.style, "Heading1");
        assert.deepEqual(
          doc.paragraphs.slice(approvals + 1).map((p) => p.text),
          [
            tt("agreement.acceptedBy", { name: mentor.name, party: tt("party.mentor"), version: 2, at: dateTimeText(language, MENTOR_ACCEPTED, m.timeZone) }),
            tt("agreement.acceptedBy", { name: mentee.name, party: tt("party.mentee"), version: 2, at: dateTimeText(language, MENTEE_ACCEPTED, m.timeZone) }),
          ],
        );
      });

      it("is a Word document in the mentorship's language: proofing language, title, file name", async () => {
        const made = await agreementDocx(m, pair.versions[1]!, language);
        assert.equal(made.contentType, DOCX_CONTENT_TYPE);
        assert.deepEqual([...made.bytes.subarray(0, 2)], [0x50, 0x4b], "a zip package");
        const doc = readDocx(made.bytes);
        assert.ok(doc.parts.includes("[Content_Types].xml"));
        assert.match(doc.stylesXml, new RegExp(`<w:lang w:val="${{ da: "da-DK", nb: "nb-NO", en: "en-GB" }[language]}"/>`));
        assert.match(doc.coreXml, new RegExp(`<dc:title>${tt("agreement.title")}</dc:title>`));
        assert.equal(made.filename, `${tt("docx.agreement.file", { mentee: "Søren-Sørensen", version: 2 })}.docx`);
      });
    });
  }

  it("writes the times in the programme's zone: 13.01.2026 kl. 09:15 in Copenhagen for 08:15 UTC", async () => {
    const pair = agreedPair({ tenantId: TENANT, language: "da", programme: "klds", mentor, mentee });
    const doc = await agreementOf(pair, 2);
    assert.ok(doc.paragraphs.some((p) => p.text === "Mette Ørsted (mentor) godkendte version 2 13.01.2026 kl. 09:15."), doc.paragraphs.map((p) => p.text).join("\n"));
  });

  it("any version, agreed or not, says plainly where it stands: a draft, an earlier version, nobody's acceptance", async () => {
    const draft = agreedPair({ tenantId: TENANT, language: "da", programme: "klds", mentor, mentee, until: "draft" });
    const v2 = readDocx((await agreementDocx(draft.mentorship, draft.versions[1]!, "da")).bytes);
    assert.deepEqual(v2.rows[6], [t("da", "docx.statusRow"), t("da", "docx.status.draft")]);
    assert.equal(v2.paragraphs.at(-1)?.text, t("da", "docx.approvals.none"));
    assert.ok(!v2.paragraphs.some((p) => p.text.includes("Aftalt af begge")), "a draft never reads as agreed");

    const agreed = agreedPair({ tenantId: TENANT, language: "nb", programme: "kristiansand", mentor, mentee });
    const v1 = readDocx((await agreementDocx(agreed.mentorship, agreed.versions[0]!, "nb")).bytes);
    assert.deepEqual(v1.rows.slice(5, 7), [
      [t("nb", "docx.versionRow"), t("nb", "docx.versionFirst", { version: 1, date: "02.01.2026" })],
      [t("nb", "docx.statusRow"), t("nb", "docx.status.earlier", { current: 2 })],
    ]);
    // Version 1's own fields (the programme's first draft), not the agreed ones.
    assert.ok(!v1.paragraphs.some((p) => p.text === pairText("nb").timeAndPlace));
    assert.ok(v1.paragraphs.some((p) => p.text === agreed.versions[0]!.fields.purpose.split("\n")[0]));
  });

  it("names who accepted at the time: after a change of mentor the former mentor's acceptance stays theirs", async () => {
    const pair = agreedPair({ tenantId: TENANT, language: "da", programme: "klds", mentor, mentee });
    const changed = changeMentor(pair.mentorship, newMentor, new Date("2026-06-01T08:00:00Z"));
    assert.ok(changed.ok);
    const doc = readDocx((await agreementDocx(changed.value, pair.versions[1]!, "da")).bytes);
    assert.ok(doc.paragraphs.some((p) => p.text.startsWith("Mette Ørsted (mentor) godkendte version 2")));
    assert.ok(!doc.paragraphs.some((p) => p.text.startsWith("Åge Åkesson (mentor) godkendte")));
    assert.deepEqual(doc.rows[0], ["Mentor", "Åge Åkesson"], "the head names today's mentor");
    assert.equal(doc.paragraphs[1]?.text, t("da", "docx.agreement.intro", { mentor: newMentor.name, mentee: mentee.name }), "the agreement is handed on to the new mentor");
  });

  it("no text a person pastes can break the file: control characters and lone surrogates are left out, the rest kept line by line", async () => {
    const pair = agreedPair({ tenantId: TENANT, language: "da", programme: "klds", mentor, mentee });
    const anyText = fc.array(fc.oneof(fc.integer({ min: 0, max: 0x3f }), fc.integer({ min: 0xd7f0, max: 0xe010 }), fc.constantFrom(0xe6, 0xf8, 0xe5, 0xfffe, 0x26, 0x3c)), { maxLength: 40 }).map((codes) => String.fromCharCode(...codes));
    await fc.assert(
      fc.asyncProperty(anyText, async (purpose) => {
        const version = { ...pair.versions[1]!, fields: { ...pair.versions[1]!.fields, purpose } };
        const doc = readDocx((await agreementDocx(pair.mentorship, version, "da")).bytes);
        assert.doesNotMatch(doc.documentXml, /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
        const heading = indexOf(doc, t("da", "agreement.purpose"));
        const next = indexOf(doc, t("da", "agreement.frames"), heading);
        const kept = xmlSafe(purpose);
        const want = kept.trim() === "" ? [t("da", "agreement.empty")] : kept.split(/\r\n|\r|\n/);
        while (want.length > 1 && want.at(-1)!.trim() === "") want.pop();
        assert.deepEqual(doc.paragraphs.slice(heading + 1, next).map((p) => p.text), want);
      }),
      { numRuns: 60 },
    );
  });
});

describe("Word documents: the evaluation", () => {
  for (const [language, programme] of CASES) {
    describe(`${language} (${programme})`, () => {
      const closed = closedPair(agreedPair({ tenantId: TENANT, language, programme, mentor, mentee }), { shareWithLeader: true });
      const m = closed.mentorship;
      const tt = (key: MessageKey, params?: Record<string, string | number>) => t(language, key, params);
      const text = evaluationText(language);
      const status = (s: GoalStatus | null) => tt(s === "reached" ? "docx.goalStatus.reached" : s === "partly" ? "docx.goalStatus.partly" : s === "notYet" ? "docx.goalStatus.notYet" : "docx.goalStatus.none");

      it("lists each learning goal with its status in words and its comment, under the agreement's goal fields", async () => {
        const doc = readDocx((await evaluationDocx(m, language)).bytes);
        assert.equal(doc.paragraphs[0]?.text, tt("docx.evaluation.title"));
        assert.equal(doc.paragraphs[0]?.style, "Title");
        const goalsHeading = indexOf(doc, tt("tab.learningGoals"));
        assert.equal(doc.paragraphs[goalsHeading]?.style, "Heading1");
        const short = indexOf(doc, tt("agreement.shortTermGoals"), goalsHeading);
        const long = indexOf(doc, tt("agreement.longTermIdeas"), short);
        assert.ok(goalsHeading < short && short < long, "short-term goals, then the longer-term ones");
        assert.equal(doc.paragraphs[short]?.style, "Heading2");
        const header = [tt("docx.goal"), tt("docx.goalStatus"), tt("docx.goalComment")];
        const goalRows = doc.rows.filter((r) => r.length === 3);
        assert.deepEqual(goalRows, [
          header,
          ...text.goals.filter((g) => g.source === "shortTermGoals").map((g) => [g.goal, status(g.status), g.comment || "–"]),
          header,
          ...text.goals.filter((g) => g.source === "longTermIdeas").map((g) => [g.goal, status(g.status), g.comment || "–"]),
        ]);
        assert.ok(doc.documentXml.includes("Øver stadig på begrundelserne &lt;§ 50&gt;"));
      });

      it("has what worked, what could work better and the mentor's recommendations under their headings", async () => {
        const doc = readDocx((await evaluationDocx(m, language)).bytes);
        for (const [key, value] of [
          ["docx.worked", text.worked],
          ["docx.couldBeBetter", text.couldBeBetter],
          ["docx.recommendations", text.recommendations],
        ] as const) {
          const at = indexOf(doc, tt(key));
          assert.equal(doc.paragraphs[at]?.style, "Heading1", key);
          const lines = value.split("\n");
          assert.deepEqual(doc.paragraphs.slice(at + 1, at + 1 + lines.length).map((p) => p.text), lines, key);
        }
      });

      it("says why it ended, when, who confirmed which version when, and that the mentee consented to share with the leader", async () => {
        const doc = readDocx((await evaluationDocx(m, language)).bytes);
        assert.deepEqual(doc.rows.slice(5, 10), [
          [tt("docx.reasonRow"), tt("docx.reason.completed")],
          [tt("docx.closingStartedRow"), "28.12.2026"],
          [tt("docx.closedRow"), "06.01.2027"],
          [tt("docx.versionRow"), "2"],
          [tt("docx.evaluationVersionRow"), tt("docx.versionBy", { version: 3, name: mentee.name, date: "04.01.2027" })],
        ]);
        const consent = indexOf(doc, tt("docx.consent"));
        assert.equal(doc.paragraphs[consent + 1]?.text, tt("docx.consentYes", { mentee: mentee.name, at: dateTimeText(language, CONSENTED, m.timeZone) }));
        const confirmations = indexOf(doc, tt("docx.confirmations"));
        assert.deepEqual(doc.paragraphs.slice(confirmations + 1).map((p) => p.text), [
          tt("docx.confirmedBy", { name: mentor.name, party: tt("party.mentor"), version: 3, at: dateTimeText(language, MENTOR_CONFIRMED, m.timeZone) }),
          tt("docx.confirmedBy", { name: mentee.name, party: tt("party.mentee"), version: 3, at: dateTimeText(language, MENTEE_CONFIRMED, m.timeZone) }),
        ]);
        assert.equal((await evaluationDocx(m, language)).filename, `${tt("docx.evaluation.file", { mentee: "Søren-Sørensen" })}.docx`);
      });
    });
  }

  it("without the mentee's consent says the recommendations are not shared; unconfirmed, that it is not closed yet", async () => {
    const pair = agreedPair({ tenantId: TENANT, language: "nb", programme: "kristiansand", mentor, mentee });
    const open = closedPair(pair, { shareWithLeader: false, confirmed: "mentor" }).mentorship;
    const doc = readDocx((await evaluationDocx(open, "nb")).bytes);
    assert.ok(doc.paragraphs.some((p) => p.text === "Søren Sørensen har ikke samtykket i å dele mentorens anbefalinger med lederen."));
    assert.ok(!doc.paragraphs.some((p) => p.text === t("nb", "docx.consentYes", { mentee: mentee.name, at: dateTimeText("nb", CONSENTED, open.timeZone) })));
    assert.deepEqual(doc.rows[7], [t("nb", "docx.closedRow"), t("nb", "docx.notClosed")]);
    const confirmations = indexOf(doc, t("nb", "docx.confirmations"));
    assert.deepEqual(doc.paragraphs.slice(confirmations + 1).map((p) => p.text), ["Mette Ørsted (mentor) bekreftet versjon 3 av evalueringen 05.01.2027 kl. 10:00."]);

    const none = readDocx((await evaluationDocx(closedPair(pair, { shareWithLeader: false, confirmed: "none" }).mentorship, "nb")).bytes);
    assert.equal(none.paragraphs.at(-1)?.text, t("nb", "docx.confirmations.none"));
  });

  it("refuses to make an evaluation for a mentorship that has none", async () => {
    const pair = agreedPair({ tenantId: TENANT, language: "da", programme: "klds", mentor, mentee });
    await assert.rejects(evaluationDocx(pair.mentorship, "da"), /no evaluation/);
  });
});
