import assert from "node:assert/strict";
import { createMentorship } from "../../src/domain/mentorship";
import { type MentorshipSummary, NO_LEADER_COLUMNS, summarise } from "../../src/domain/summary";
import { parse } from "csv-parse/sync";
import { CSV_BOM, CSV_SEPARATOR, csvCell, overviewCsv } from "../../src/tabApi/csv";
import { type OverviewQuery, filterAndSort, fold, overviewPage, overviewRows, timelineOf } from "../../src/tabApi/overview";
import { parsePlaygroundUsers } from "../../src/tabApi/localUsers";
import { readFileSync } from "node:fs";
import path from "node:path";

/** The overview's pure logic: phase windows, flags against an injected today, filter/search/sort/page, CSV. */

const NOW = new Date("2026-03-01T12:00:00Z");
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString();
const daysAhead = (n: number) => new Date(NOW.getTime() + n * 86_400_000).toISOString();

let seq = 0;
function summary(over: Partial<MentorshipSummary>): MentorshipSummary {
  seq += 1;
  return {
    ...NO_LEADER_COLUMNS,
    mentorshipId: `m${String(seq).padStart(3, "0")}`,
    menteeName: `Mentee ${seq}`,
    menteeAadObjectId: `mentee-${seq}`,
    mentorName: `Mentor ${seq}`,
    mentorAadObjectId: `mentor-${seq}`,
    unit: "Børn og familie",
    programme: "klds",
    phase: "learning",
    phaseSince: daysAgo(10),
    firstWorkingDay: "2025-12-01",
    createdAt: daysAgo(100),
    agreementStatus: "agreed",
    agreementPostedAt: "",
    agreementLockedAt: daysAgo(10),
    meetingsHeld: 1,
    meetingsPlanned: 9,
    nextMeetingUtc: "",
    plannedStartsUtc: "",
    lastMeetingUtc: daysAgo(3),
    lastActivityAt: daysAgo(3),
    language: "da",
    timeZone: "Europe/Copenhagen",
    pausedAt: "",
    awaitingChatSince: "",
    closingReason: "",
    closingStartedAt: "",
    closedAt: "",
    pairingConcernAt: "",
    meetingsDropped: 0,
    ...over,
  };
}

const query = (q: Partial<OverviewQuery> = {}): OverviewQuery => ({ sort: "menteeName", dir: "asc", offset: 0, limit: 100, ...q });

describe("Tab overview logic", () => {
  it("gives the programmes' expected phase windows", () => {
    const klds = timelineOf("klds", "2026-01-15", "2026-01-02T09:00:00Z");
    assert.deepEqual(klds, {
      preparation: { start: "2026-01-02", end: "2026-01-15" },
      startUp: { start: "2026-01-15", end: "2026-04-15" },
      learning: { start: "2026-04-15", end: "2026-12-15" },
      closing: { start: "2026-12-15", end: "2027-01-15" },
    });
    const kri = timelineOf("kristiansand", "2026-01-05", "2026-01-10T09:00:00Z");
    assert.deepEqual(kri.preparation, { start: "2026-01-05", end: "2026-01-05" });
    assert.deepEqual(kri.startUp, { start: "2026-01-05", end: "2026-01-19" });
    assert.equal(kri.closing.end, "2027-01-04"); // 52 weeks
    assert.equal(kri.learning.end, kri.closing.start);
    assert.equal(kri.closing.start, "2026-12-04");
  });

  it("computes the flags against today", () => {
    const overdue = summary({ phase: "startUp", agreementStatus: "waiting", phaseSince: daysAgo(8), agreementPostedAt: daysAgo(8), agreementLockedAt: "" });
    const fresh = summary({ phase: "startUp", agreementStatus: "waiting", phaseSince: daysAgo(6), agreementPostedAt: daysAgo(6), agreementLockedAt: "" });
    const quiet = summary({ phaseSince: daysAgo(100), lastMeetingUtc: daysAgo(43) });
    const neverMet = summary({ phaseSince: daysAgo(50), lastMeetingUtc: "" });
    const recent = summary({ phaseSince: daysAgo(100), lastMeetingUtc: daysAgo(41) });
    const closing = summary({ firstWorkingDay: "2025-03-20", phase: "closing" });
    const closed = summary({ firstWorkingDay: "2025-03-20", phase: "closed" });
    const busy = [1, 2, 3, 4].map((i) => summary({ mentorAadObjectId: "busy", mentorName: "Bo Travl", menteeName: `Busy ${i}` }));
    const busyClosed = summary({ mentorAadObjectId: "busy2", phase: "closed" });
    const three = [1, 2, 3].map(() => summary({ mentorAadObjectId: "three" }));
    const rows = overviewRows([overdue, fresh, quiet, neverMet, recent, closing, closed, ...busy, busyClosed, ...three], NOW);
    const flags = (id: string) => rows.find((r) => r.mentorshipId === id)?.flags;
    assert.deepEqual(flags(overdue.mentorshipId), ["agreementOverdue"]);
    assert.deepEqual(flags(fresh.mentorshipId), []);
    assert.deepEqual(flags(quiet.mentorshipId), ["noMeeting6Weeks"]);
    assert.deepEqual(flags(neverMet.mentorshipId), ["noMeeting6Weeks"]);
    assert.deepEqual(flags(recent.mentorshipId), []);
    assert.deepEqual(flags(closing.mentorshipId), ["closingSoon"]);
    assert.deepEqual(flags(closed.mentorshipId), []);
    for (const b of busy) assert.deepEqual(flags(b.mentorshipId), ["mentorOverloaded"]);
    for (const t of three) assert.deepEqual(flags(t.mentorshipId), []);
  });

  it("computes the next meeting against now, and how far into the phase", () => {
    const s = summary({ plannedStartsUtc: [daysAgo(1), daysAhead(20), daysAhead(5)].join(","), nextMeetingUtc: daysAgo(1) });
    const [row] = overviewRows([s], NOW);
    assert.equal(row?.nextMeetingUtc, daysAhead(5));
    // learning window of klds from 2025-12-01: 2026-03-01 .. 2026-11-01; today is its first day.
    assert.ok(row && row.phaseProgress >= 0 && row.phaseProgress < 0.01, String(row?.phaseProgress));
    assert.equal(overviewRows([summary({ phase: "closed" })], NOW)[0]?.phaseProgress, 1);
  });

  it("flags a pairing a party said no to (no name of who), and clears every flag once closed", () => {
    const concern = summary({ pairingConcernAt: daysAgo(2) });
    const closing = summary({ phase: "closing", pairingConcernAt: daysAgo(40), firstWorkingDay: "2025-03-20" });
    const closedNow = summary({ phase: "closed", pairingConcernAt: daysAgo(40), firstWorkingDay: "2025-03-20", closingReason: "completed", closedAt: daysAgo(1) });
    // An older row may still say "closing" while it carries closedAt: closed is closed.
    const stale = summary({ phase: "closing", pairingConcernAt: daysAgo(40), firstWorkingDay: "2025-03-20", closingReason: "completed", closedAt: daysAgo(1) });
    const rows = overviewRows([concern, closing, closedNow, stale, summary({})], NOW);
    const flags = (id: string) => rows.find((r) => r.mentorshipId === id)?.flags;
    assert.deepEqual(flags(concern.mentorshipId), ["pairingConcern"]);
    assert.deepEqual(flags(closing.mentorshipId), ["closingSoon", "pairingConcern"]);
    assert.deepEqual(flags(closedNow.mentorshipId), []);
    assert.deepEqual(flags(stale.mentorshipId), []);
    assert.equal(rows.find((r) => r.mentorshipId === stale.mentorshipId)?.phase, "closed");
    assert.deepEqual(filterAndSort(rows, query({ flag: "pairingConcern" })).map((r) => r.mentorshipId), [concern.mentorshipId, closing.mentorshipId]);
    assert.ok(!JSON.stringify(rows).includes("mentee-"), "a row names no party by id");
  });

  it("hides closed mentorships when asked, unless the phase asked is closed", () => {
    const rows = overviewRows([summary({ menteeName: "Aktiv" }), summary({ menteeName: "Lukket", phase: "closed", closedAt: daysAgo(3), closingReason: "completed" })], NOW);
    const names = (q: Partial<OverviewQuery>) => filterAndSort(rows, query(q)).map((r) => r.menteeName);
    assert.deepEqual(names({ closed: "hide" }), ["Aktiv"]);
    assert.deepEqual(names({ closed: "show" }), ["Aktiv", "Lukket"]);
    assert.deepEqual(names({ closed: "hide", phase: "closed" }), ["Lukket"]);
    assert.deepEqual(overviewPage([...rows.map(() => summary({})), summary({ phase: "closed" })], query({ closed: "hide" }), NOW).phaseCounts.closed, 1, "the counts are over all");
  });

  it("searches case- and diacritic-insensitively, with æøå", () => {
    assert.equal(fold("Søren Ærø Åse"), "soren aero ase");
    const rows = overviewRows([summary({ menteeName: "Søren Østergård" }), summary({ mentorName: "Åse Ærlig" }), summary({ menteeName: "Peter" })], NOW);
    const names = (q: string) => filterAndSort(rows, query({ q })).map((r) => r.menteeName + "/" + r.mentorName);
    assert.equal(names("soren").length, 1);
    assert.equal(names("SØREN").length, 1);
    assert.equal(names("ostergard").length, 1);
    assert.equal(names("åse").length, 1);
    assert.equal(names("ase ærl").length, 1);
    assert.equal(names("nobody").length, 0);
  });

  it("filters by phase, unit, mentor and flag; sorts any column both ways; pages stably", () => {
    const all = [
      summary({ menteeName: "Anna", unit: "Jobcenter", phase: "startUp", agreementStatus: "waiting", phaseSince: daysAgo(9), agreementPostedAt: daysAgo(9), meetingsHeld: 0 }),
      summary({ menteeName: "Bent", unit: "Børn og familie", mentorAadObjectId: "m-x", mentorName: "Xenia", meetingsHeld: 5 }),
      summary({ menteeName: "Cecilie", unit: "Jobcenter", mentorAadObjectId: "m-x", mentorName: "Xenia", meetingsHeld: 2, plannedStartsUtc: daysAhead(3) }),
      summary({ menteeName: "Ærling", unit: "Ældre", phase: "closed", meetingsHeld: 9 }),
      summary({ menteeName: "Ølstykke", unit: "Ældre", phase: "preparation", meetingsHeld: 0, plannedStartsUtc: daysAhead(1) }),
    ];
    const rows = overviewRows(all, NOW);
    const names = (q: Partial<OverviewQuery>) => filterAndSort(rows, query(q)).map((r) => r.menteeName);
    assert.deepEqual(names({}), ["Anna", "Bent", "Cecilie", "Ærling", "Ølstykke"], "Danish collation: æ, ø after z");
    assert.deepEqual(names({ dir: "desc" }), ["Ølstykke", "Ærling", "Cecilie", "Bent", "Anna"]);
    assert.deepEqual(names({ phase: "startUp" }), ["Anna"]);
    assert.deepEqual(names({ unit: "Jobcenter" }), ["Anna", "Cecilie"]);
    assert.deepEqual(names({ mentor: "m-x" }), ["Bent", "Cecilie"]);
    assert.deepEqual(names({ flag: "agreementOverdue" }), ["Anna"]);
    assert.deepEqual(names({ sort: "meetingsHeld", dir: "desc" }), ["Ærling", "Bent", "Cecilie", "Anna", "Ølstykke"]);
    assert.deepEqual(names({ sort: "phase" }), ["Ølstykke", "Anna", "Bent", "Cecilie", "Ærling"]);
    // Missing values sort last in both directions.
    assert.deepEqual(names({ sort: "nextMeetingUtc" }).slice(0, 2), ["Ølstykke", "Cecilie"]);
    assert.deepEqual(names({ sort: "nextMeetingUtc", dir: "desc" }).slice(0, 2), ["Cecilie", "Ølstykke"]);
    assert.deepEqual(names({ sort: "unit" }), ["Bent", "Anna", "Cecilie", "Ærling", "Ølstykke"]);
    assert.deepEqual(names({ sort: "flags", dir: "desc" })[0], "Anna");

    const page = overviewPage(all, query({ offset: 1, limit: 2 }), NOW);
    assert.equal(page.total, 5);
    assert.deepEqual(page.rows.map((r) => r.menteeName), ["Bent", "Cecilie"]);
    assert.deepEqual(page.phaseCounts, { preparation: 1, startUp: 1, learning: 2, closing: 0, closed: 1 });
    assert.equal(page.flaggedCount, 1);
    assert.deepEqual(page.units, ["Børn og familie", "Jobcenter", "Ældre"]);
    assert.ok(page.mentors.some((m) => m.aadObjectId === "m-x" && m.name === "Xenia"));
    assert.equal(page.mentors.filter((m) => m.aadObjectId === "m-x").length, 1);
  });

  it("writes CSV for Danish Excel: BOM, semicolons, CRLF, quoting, no formulas", () => {
    const rows = overviewRows([summary({ menteeName: "Søren; \"Sø\"", mentorName: "=HYPERLINK(\"x\")", plannedStartsUtc: "2026-03-10T09:00:00.000Z" })], NOW);
    const csv = overviewCsv(rows, "da");
    assert.ok(csv.startsWith(CSV_BOM));
    const lines = csv.slice(1).split("\r\n");
    assert.equal(lines[0]?.split(";")[0], '"Mentee"');
    assert.match(lines[1] ?? "", /^"Søren; ""Sø"""/);
    assert.match(lines[1] ?? "", /;"'=HYPERLINK\(""x""\)";/);
    assert.match(lines[1] ?? "", /;"2026-03-10 10:00";/, "next meeting in Copenhagen time");
    assert.equal(csvCell("-1"), `"'-1"`);
    assert.equal(csvCell(3), "3");
  });

  /** A spreadsheet reads a cell as a formula when, after blanks, it starts with one of these. */
  const FORMULA = /^[\s\u00a0]*[=+\-@\uff1d\uff0b\uff0d\uff20]/;
  const HOSTILE = [" @SUM(1)", "  =1+2", "\t=1", "\r=1", "x,=1+2,y", "x;=1+2;y", "a, -2+3", "b;\u00a0+1", "=cmd|' /C calc'!A0", "@x", "-", "＝1", 'q"=1"', "ok\r\n=2", "Søren, Æbelø; Ølstykke"];

  it("no cell of the export starts a formula, read by a real CSV parser with either separator", () => {
    const rows = overviewRows(HOSTILE.map((name, i) => summary({ menteeName: name, mentorName: HOSTILE[(i + 3) % HOSTILE.length] ?? "", unit: HOSTILE[(i + 7) % HOSTILE.length] ?? "" })), NOW);
    for (const language of ["da", "nb", "en"] as const) {
      const csv = overviewCsv(rows, language).slice(CSV_BOM.length);
      // As meant: the file's own separator gives every name back whole, behind its apostrophe.
      const records = parse(csv, { delimiter: CSV_SEPARATOR[language], record_delimiter: "\r\n" }) as string[][];
      assert.equal(records.length, rows.length + 1, language);
      records.slice(1).forEach((record, i) => {
        assert.equal(record[0]?.replace(/^'|(?<=[,;\r\n][\s\u00a0]*)'/g, ""), HOSTILE[i], `${language}: the mentee's name survives`);
        for (const cell of record) assert.doesNotMatch(cell, FORMULA, `${language}: ${JSON.stringify(cell)}`);
      });
      // As a spreadsheet of the other locale would split it: on the other separator, quotes loosely kept.
      const other = CSV_SEPARATOR[language] === ";" ? "," : ";";
      const loose = parse(csv, { delimiter: other, record_delimiter: "\r\n", relax_quotes: true, relax_column_count: true, quote: false }) as string[][];
      for (const record of loose) for (const cell of record) assert.doesNotMatch(cell.replace(/^"+/, ""), FORMULA, `${language} split on ${other}: ${JSON.stringify(cell)}`);
    }
  });

  it("separates with ; for Danish and Norwegian Excel and with , for English", () => {
    const rows = overviewRows([summary({ menteeName: "Anna" })], NOW);
    assert.match(overviewCsv(rows, "da").split("\r\n")[1] ?? "", /^"Anna";"Mentor \d+";/);
    assert.match(overviewCsv(rows, "nb").split("\r\n")[1] ?? "", /^"Anna";"Mentor \d+";/);
    assert.match(overviewCsv(rows, "en").split("\r\n")[1] ?? "", /^"Anna","Mentor \d+",/);
  });

  it("writes the CSV's values in the language asked: programme, phase, agreement, flags and status", () => {
    const rows = overviewRows(
      [
        summary({ menteeName: "Anna", programme: "kristiansand", phase: "learning", agreementStatus: "agreed", lastMeetingUtc: daysAgo(50), phaseSince: daysAgo(60), pausedAt: daysAgo(1) }),
        summary({ menteeName: "Bo", programme: "klds", phase: "startUp", agreementStatus: "waiting", agreementPostedAt: daysAgo(9), awaitingChatSince: daysAgo(9) }),
        summary({ menteeName: "Cai", programme: "custom", phase: "preparation", agreementStatus: "draft" }),
      ],
      NOW,
    );
    const cells = (language: "da" | "nb" | "en") => {
      const records = parse(overviewCsv(rows, language).slice(CSV_BOM.length), { delimiter: CSV_SEPARATOR[language], record_delimiter: "\r\n" }) as string[][];
      const header = records[0] ?? [];
      const col = (name: string) => header.indexOf(name);
      return { header, records: records.slice(1), col };
    };
    const expected = {
      da: {
        cols: ["Program", "Fase", "Aftale", "Markeringer", "Status"],
        Anna: ["Kristiansands mentorprogram (omsorgscentre)", "Læring", "Aftalt", "Intet møde i 6 uger", "Sat på pause"],
        Bo: ["KL/DS' mentorordning for nye socialrådgivere", "Opstart", "Afventer godkendelse", "Aftalen er ikke godkendt efter 7 dage", "Venter på chatten"],
        Cai: ["Eget forløb", "Forberedelse", "Udkast", "", "Aktiv"],
      },
      nb: {
        cols: ["Program", "Fase", "Avtale", "Flagg", "Status"],
        Anna: ["Mentorprogrammet i omsorgssenter, Kristiansand", "Læring", "Avtalt", "Ingen samtale på 6 uker", "Satt på pause"],
        Bo: ["KL/DS' mentorordning for nye sosionomer (Danmark)", "Oppstart", "Venter på godkjenning", "Avtalen er ikke godkjent etter 7 dager", "Venter på chatten"],
        Cai: ["Eget opplegg", "Før oppstart", "Utkast", "", "Aktiv"],
      },
      en: {
        cols: ["Programme", "Phase", "Agreement", "Flags", "Status"],
        Anna: ["Kristiansand mentor programme (nursing homes)", "Learning", "Agreed", "No meeting for 6 weeks", "Paused"],
        Bo: ["KL/DS mentor scheme for new social workers", "Start-up", "Awaiting acceptance", "Agreement not accepted after 7 days", "Waiting for the chat"],
        Cai: ["Custom programme", "Preparation", "Draft", "", "Active"],
      },
    } as const;
    for (const language of ["da", "nb", "en"] as const) {
      const { records, col } = cells(language);
      const want = expected[language];
      for (const name of ["Anna", "Bo", "Cai"] as const) {
        const record = records.find((r) => r[0] === name);
        assert.ok(record, `${language}: row ${name}`);
        assert.deepEqual(want.cols.map((c) => record[col(c)]), [...want[name]], `${language}: ${name}`);
      }
      // No raw ids left anywhere in the values.
      for (const record of records) for (const cell of record) assert.doesNotMatch(cell, /^(kristiansand|klds|custom|learning|startUp|preparation|agreed|waiting|draft)$|agreementOverdue|noMeeting6Weeks/, `${language}: ${cell}`);
    }
  });

  it("writes each row's times in its programme's time zone: a Kristiansand mentorship in Europe/Oslo", () => {
    const created = createMentorship(
      {
        id: "kri-1",
        tenantId: "t",
        conversationId: "c",
        programme: "kristiansand",
        language: "da", // the programme's zone, not the language's
        unit: "Omsorgssenter",
        firstWorkingDay: "2026-01-05",
        mentor: { aadObjectId: "mentor-k", name: "Kari", channelUserId: "29:k" },
        mentee: { aadObjectId: "mentee-k", name: "Ola", channelUserId: "29:o" },
      },
      { hasActiveMentorship: false, humanAadObjectIds: ["mentor-k", "mentee-k"] },
      new Date("2026-01-02T09:00:00Z"),
    );
    assert.ok(created.ok);
    const oslo = { ...summarise(created.value.mentorship, [], NOW), plannedStartsUtc: "2026-03-10T09:00:00.000Z", lastActivityAt: "2026-02-27T15:30:00.000Z" };
    assert.equal(oslo.timeZone, "Europe/Oslo");
    // Oslo and Copenhagen share their offsets (one tzdb zone since 2022), so a row in a zone with
    // another offset shows that each row is written in its own zone, not the export's.
    const other = summary({ menteeName: "Reykjavik", timeZone: "Atlantic/Reykjavik", plannedStartsUtc: "2026-03-10T09:00:00.000Z", lastActivityAt: "2026-02-27T15:30:00.000Z" });
    const broken = summary({ menteeName: "NoZone", timeZone: "Not/AZone", plannedStartsUtc: "2026-03-10T09:00:00.000Z", lastActivityAt: "" });
    const rows = overviewRows([oslo, other, broken], NOW);
    assert.equal(rows[0]?.timeZone, "Europe/Oslo");
    const inZone = (iso: string, zone: string) =>
      new Intl.DateTimeFormat("sv-SE", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(iso));
    const records = parse(overviewCsv(rows, "nb").slice(CSV_BOM.length), { delimiter: ";", record_delimiter: "\r\n" }) as string[][];
    const header = records[0] ?? [];
    const [next, last, zone] = [header.indexOf("Neste samtale"), header.indexOf("Siste aktivitet"), header.indexOf("Tidssone")];
    const byName = (n: string) => records.find((r) => r[0] === n) ?? [];
    assert.deepEqual([byName("Ola")[next], byName("Ola")[last]], [inZone("2026-03-10T09:00:00Z", "Europe/Oslo"), inZone("2026-02-27T15:30:00Z", "Europe/Oslo")]);
    assert.deepEqual([byName("Ola")[next], byName("Ola")[last]], ["2026-03-10 10:00", "2026-02-27 16:30"]);
    assert.deepEqual([byName("Reykjavik")[next], byName("Reykjavik")[last]], ["2026-03-10 09:00", "2026-02-27 15:30"]);
    assert.equal(byName("NoZone")[next], "2026-03-10 10:00", "an unknown zone falls back to Copenhagen");
    // Each row says which zone its times are in, so a mixed export is not read in the wrong one.
    assert.deepEqual([byName("Ola")[zone], byName("Reykjavik")[zone], byName("NoZone")[zone]], ["Europe/Oslo", "Atlantic/Reykjavik", "Europe/Copenhagen"]);
  });

  it("reads the Playground's users and tenant", () => {
    const text = readFileSync(path.join(__dirname, "../../.m365agentsplayground.yml"), "utf8");
    const dir = parsePlaygroundUsers(text, ["a2f3f637-d64f-4f18-a8b2-0e595e265dec"]);
    assert.equal(dir.tenantId, "6b1f2c3e-8a47-4d0e-9c51-2f7a9e4b6d10");
    assert.equal(dir.users.length, 6);
    assert.deepEqual(dir.users.filter((u) => u.isCoordinator).map((u) => u.name), ["Karen Koordinator"]);
    assert.ok(dir.users.some((u) => u.name === "Sofie Sørensen" && u.aadObjectId === "6641c8fc-d0c4-4470-aba8-e00a62ae21d9"));
    assert.ok(dir.users.some((u) => u.name === "Mette Mentor"));
  });
});
