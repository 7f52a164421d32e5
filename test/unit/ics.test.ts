// The .ics feed (src/http/ics.ts): well-formed RFC 5545 read back by a real parser (ical.js), and
// links that belong to one person of one mentorship and expire.
import assert from "node:assert/strict";
import type IcalModule from "ical.js" with { "resolution-mode": "import" };
import { ICS_LINK_DAYS, fold, icsText, icsToken, readIcsToken, renderIcs } from "../../src/http/ics";
import type { Meeting } from "../../src/domain/meetings";

const NOW = new Date("2027-01-11T08:00:00Z");
const KEY = "k".repeat(64);

function meeting(over: Partial<Meeting> = {}): Meeting {
  return {
    mentorshipId: "9f0c2a4e-1b2c-4d3e-8f40-5a6b7c8d9e0f",
    key: "s1|2027-01-19",
    seriesKey: "s1",
    originalDate: "2027-01-19",
    date: "2027-01-19",
    time: "10:00",
    minutes: 45,
    startUtc: "2027-01-19T09:00:00.000Z",
    isoWeek: 3,
    isoYear: 2027,
    status: "planned",
    ...over,
  } as Meeting;
}

/** Every physical line of the file: CRLF-terminated, at most 75 octets, continuation lines start with a space. */
function physicalLines(ics: string): string[] {
  assert.ok(ics.endsWith("\r\n"));
  const lines = ics.slice(0, -2).split("\r\n");
  for (const l of lines) {
    assert.ok(Buffer.byteLength(l, "utf8") <= 75, `at most 75 octets: ${JSON.stringify(l)}`);
    assert.ok(!/[\r\n]/.test(l), "no bare CR or LF inside a line");
    assert.ok(!l.includes("\uFFFD"), "no character split by a fold");
  }
  return lines;
}

// ical.js is an ES module; this test file is CommonJS.
let ICAL: typeof IcalModule;
before(async () => {
  ICAL = (await import("ical.js")).default;
});

function events(ics: string) {
  const cal = new ICAL.Component(ICAL.parse(ics));
  return cal.getAllSubcomponents("vevent").map((e) => ({
    summary: e.getFirstPropertyValue("summary"),
    uid: e.getFirstPropertyValue("uid"),
    start: (e.getFirstPropertyValue("dtstart") as { toJSDate(): Date }).toJSDate().toISOString(),
    status: e.getFirstPropertyValue("status"),
    properties: e.getAllProperties().map((p) => p.name),
  }));
}

describe("the .ics feed is RFC 5545 (read back with ical.js)", () => {
  const nasty = [
    "Mentormøde: Mette Æbelø-Østergård & Niels Nyansat",
    "Komma, semikolon; backslash \\ og kolon: alt med",
    "Mette\rX-INJECTED:1",
    "Mette\nX-INJECTED:2\r\nSUMMARY:forged",
    "Tab\there, NUL\u0000, BEL\u0007, ESC\u001b, DEL\u007f, C1\u0085 end",
    `Lang: ${"æøåÆØÅ ".repeat(40)}slut`,
    "🙂".repeat(60),
  ];

  for (const subject of nasty) {
    it(`round-trips the subject exactly, injects nothing, folds at 75 octets: ${JSON.stringify(subject.slice(0, 30))}…`, () => {
      const ics = renderIcs({ mentorshipId: "9f0c2a4e-1b2c-4d3e-8f40-5a6b7c8d9e0f", subject, meetings: [meeting(), meeting({ key: "s1|2027-01-26", date: "2027-01-26", startUtc: "2027-01-26T09:00:00.000Z", status: "cancelled" })], now: NOW });
      physicalLines(ics);
      const [first, second] = events(ics);
      // Line breaks arrive as newlines; the other control characters are dropped (a tab becomes a space).
      // eslint-disable-next-line no-control-regex
      const expected = subject.replace(/\r\n|\r/g, "\n").replace(/\t/g, " ").replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, "");
      assert.equal(first?.summary, expected);
      assert.equal(second?.summary, expected);
      assert.deepEqual(first?.properties.sort(), ["dtend", "dtstamp", "dtstart", "status", "summary", "uid"], "times and a subject only, nothing injected");
      assert.equal(first?.start, "2027-01-19T09:00:00.000Z");
      assert.deepEqual([first?.status, second?.status], ["CONFIRMED", "CANCELLED"]);
      assert.ok(!/^X-INJECTED/m.test(ics.replace(/\r\n /g, "")), "no injected content line");
    });
  }

  it("folds long UID lines too, and the UID reads back whole", () => {
    const longId = `${"a".repeat(70)}-${"b".repeat(40)}`;
    const ics = renderIcs({ mentorshipId: longId, subject: "x", meetings: [meeting({ mentorshipId: longId, key: "series-with-a-long-name|2027-01-19" })], now: NOW });
    const lines = physicalLines(ics);
    assert.ok(lines.some((l) => l.startsWith(" ")), "something was folded");
    assert.equal(events(ics)[0]?.uid, `${longId}-series-with-a-long-name-2027-01-19@mentor`);
  });

  it("escapes per §3.3.11 and never splits a multi-byte character when folding", () => {
    assert.equal(icsText("a\\b;c,d\ne\rf"), "a\\\\b\\;c\\,d\\ne\\nf");
    const line = `SUMMARY:${"ø".repeat(100)}`;
    const folded = fold(line);
    for (const part of folded.split("\r\n")) assert.ok(Buffer.byteLength(part) <= 75);
    assert.equal(folded.replace(/\r\n /g, ""), line);
  });
});

describe(".ics links: one person, one mentorship, until they expire", () => {
  const link = { tenantId: "tenant-a", mentorshipId: "m-1", aadObjectId: "72435a96-bc5c-4e94-bee1-04ef685f0083", expiresAt: new Date(NOW.getTime() + ICS_LINK_DAYS * 86_400_000) };
  const token = icsToken(KEY, link);

  it("names its person when genuine, and fits the route's file name", () => {
    assert.deepEqual(readIcsToken(KEY, "tenant-a", "m-1", token, NOW), { aadObjectId: link.aadObjectId });
    assert.match(`${token}.ics`, /^[A-Za-z0-9_.-]{1,300}\.ics$/);
    assert.ok(`${token}.ics`.length <= 100, "the router's limit for one path segment");
    // Ids that are not GUIDs work too.
    const odd = { ...link, aadObjectId: "Ærlig-id/1" };
    assert.deepEqual(readIcsToken(KEY, "tenant-a", "m-1", icsToken(KEY, odd), NOW), { aadObjectId: "Ærlig-id/1" });
  });

  it("works until it expires (30 days), not after", () => {
    assert.ok(readIcsToken(KEY, "tenant-a", "m-1", token, new Date(link.expiresAt.getTime() - 1000)));
    assert.equal(readIcsToken(KEY, "tenant-a", "m-1", token, link.expiresAt), null);
  });

  it("is refused for another tenant or mentorship, with another key, or changed in any part", () => {
    assert.equal(readIcsToken(KEY, "tenant-b", "m-1", token, NOW), null);
    assert.equal(readIcsToken(KEY, "tenant-a", "m-2", token, NOW), null);
    assert.equal(readIcsToken("x".repeat(64), "tenant-a", "m-1", token, NOW), null);
    const [who, exp, sig] = token.split(".") as [string, string, string];
    const other = icsToken(KEY, { ...link, aadObjectId: "9d5a7e9e-9d37-4190-adbe-ed69415c4cd5" }).split(".")[0];
    assert.equal(readIcsToken(KEY, "tenant-a", "m-1", `${other}.${exp}.${sig}`, NOW), null, "another person");
    assert.equal(readIcsToken(KEY, "tenant-a", "m-1", `${who}.${Number(exp) + 86_400 * 365}.${sig}`, NOW), null, "a later expiry");
    assert.equal(readIcsToken(KEY, "tenant-a", "m-1", `${who}.${exp}.${sig.slice(0, -1)}${sig.endsWith("A") ? "B" : "A"}`, NOW), null);
    assert.equal(readIcsToken(KEY, "tenant-a", "m-1", "not-a-token", NOW), null);
  });
});
