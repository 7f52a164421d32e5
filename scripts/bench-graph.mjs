// Round trips and Graph requests per booking: GraphCalendar (recurring series, $batch) against a
// naive booking (one POST per meeting, no batching), both against the fake Graph over HTTPS.
//
//   node scripts/bench-graph.mjs          prints a Markdown table
//   node scripts/bench-graph.mjs --json   prints the rows as JSON
//   import { benchGraphBookings } from "./bench-graph.mjs"; const rows = await benchGraphBookings();
//
// Node's fetch trusts an extra CA only through NODE_EXTRA_CA_CERTS, read at start-up, so the
// measuring runs in a child process (this file again, with --worker) that trusts a throw-away
// certificate made here (test/support/tls.ts). Counts are deterministic; the milliseconds are
// loopback timings and only show the shape, not Graph's latency.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const WORKER = "--worker";
const MARKER = "BENCH_GRAPH_ROWS ";

/**
 * @typedef {object} GraphBenchRow
 * @property {string} programme
 * @property {string} scenario
 * @property {number} series       recurring series GraphCalendar creates
 * @property {number} meetings     meetings in the plan (after holiday moves/cancellations)
 * @property {number} exceptions   holiday exceptions (occurrences moved or cancelled)
 * @property {number} roundTrips   GraphCalendar: HTTP round trips (as counted by the fake Graph)
 * @property {number} requests     GraphCalendar: Graph requests ($batch items counted one by one)
 * @property {number} naiveRoundTrips  one POST per meeting
 * @property {number} naiveRequests
 * @property {number} ms           loopback wall time, GraphCalendar
 * @property {number} naiveMs      loopback wall time, naive
 */

/** @returns {Promise<GraphBenchRow[]>} */
export async function benchGraphBookings() {
  const { tsImport } = await import("tsx/esm/api");
  const tls = await tsImport(pathToFileURL(path.join(root, "test", "support", "tls.ts")).href, import.meta.url);
  const cert = tls.createTestCertificate();
  try {
    const output = await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), WORKER], {
        cwd: root,
        env: { ...process.env, NODE_EXTRA_CA_CERTS: cert.certPath, GRAPH_TEST_TLS_CERT: cert.certPath, GRAPH_TEST_TLS_KEY: cert.keyPath },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (out += d));
      child.on("error", reject);
      child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`bench-graph worker exited ${code}:\n${out}`))));
    });
    const line = String(output)
      .split("\n")
      .find((l) => l.startsWith(MARKER));
    if (!line) throw new Error(`bench-graph worker printed no rows:\n${output}`);
    return JSON.parse(line.slice(MARKER.length));
  } finally {
    tls.removeTestCertificate(cert);
  }
}

// ─── the worker (child process, trusts the test certificate) ───────────────────────────────────

async function worker() {
  const fs = await import("node:fs");
  const { FakeGraph } = await import("../test/support/fakeGraph.ts");
  const { GraphCalendar } = await import("../src/adapters/graph/graphCalendar.ts");
  const { GraphConnection, newStats } = await import("../src/adapters/graph/graphConnection.ts");
  const { addMinutesWallClock, graphDateTime, windowsZone } = await import("../src/adapters/graph/timeZones.ts");
  const { meetingsOf } = await import("../src/domain/cadence.ts");
  const { kldsPlan, kristiansandPlan } = await import("../src/domain/programmes/index.ts");

  const TENANT = "8a4f1c1e-2b3d-4e5f-9a0b-1c2d3e4f5a6b";
  const mentor = { aadObjectId: "11111111-1111-4111-8111-111111111111", email: "mette.mentor@contoso.dk", name: "Mette Mentor" };
  const mentee = { aadObjectId: "22222222-2222-4222-8222-222222222222", email: "niels.nyansat@contoso.dk", name: "Niels Nyansat" };
  const fake = await FakeGraph.start({
    key: fs.readFileSync(process.env.GRAPH_TEST_TLS_KEY, "utf8"),
    cert: fs.readFileSync(process.env.GRAPH_TEST_TLS_CERT, "utf8"),
    users: [mentor, mentee].map((p) => ({ id: p.aadObjectId, displayName: p.name, mail: p.email, userPrincipalName: p.email })),
  });
  const credential = { getToken: async () => ({ token: "bench-token", expiresOnTimestamp: Date.now() + 3_600_000 }) };
  const options = { tenantId: TENANT, credential, baseUrl: fake.baseUrl, retry: { delaySeconds: 0 } };
  const calendar = new GraphCalendar(options);
  const connection = new GraphConnection(options);

  const scenarios = [
    {
      programme: "Kristiansand",
      scenario: "first working day 2027-03-01, Thursdays 10:00 (Maundy Thursday 2027-03-25 moved to the Wednesday)",
      series: kristiansandPlan("2027-03-01", { weekday: 4, time: "10:00", minutes: 60 }),
    },
    {
      programme: "Kristiansand",
      scenario: "first working day 2027-03-01, Tuesdays 10:00 (no holiday on any meeting)",
      series: kristiansandPlan("2027-03-01", { weekday: 2, time: "10:00", minutes: 60 }),
    },
    {
      programme: "KL/DS",
      scenario: "9 meetings (default), Tuesdays 09:00, first working day 2027-03-01",
      series: kldsPlan({ firstWorkingDay: "2027-03-01", agreedOn: "2027-03-15", meetingCount: 9, slot: { weekday: 2, time: "09:00", minutes: 60 } }),
    },
    {
      programme: "KL/DS",
      scenario: "30 meetings, Tuesdays 09:00, first working day 2027-03-01",
      series: kldsPlan({ firstWorkingDay: "2027-03-01", agreedOn: "2027-03-15", meetingCount: 30, slot: { weekday: 2, time: "09:00", minutes: 60 } }),
    },
  ];

  const rows = [];
  for (const s of scenarios) {
    const request = {
      tenantId: TENANT,
      mentorshipId: `bench-${rows.length}`,
      planVersion: 1,
      organizer: mentor,
      attendee: mentee,
      subject: "Mentormøde",
      bodyHtml: "<p>Mentormøde</p>",
      series: s.series,
    };
    fake.reset();
    let started = performance.now();
    const result = await calendar.book(request);
    const ms = performance.now() - started;
    const observed = { roundTrips: fake.http.length, requests: fake.operations.length };
    if (observed.roundTrips !== result.roundTrips || observed.requests !== result.requests) {
      throw new Error(`${s.scenario}: the adapter counted ${JSON.stringify(result)} but the fake saw ${JSON.stringify(observed)}`);
    }
    if (fake.schemaFailures.length > 0 || fake.anomalies.length > 0) throw new Error(`${s.scenario}: ${JSON.stringify([fake.schemaFailures, fake.anomalies])}`);

    // Naive: every meeting its own single event, one POST each, no batching.
    fake.reset();
    const meetings = meetingsOf(s.series);
    started = performance.now();
    for (const m of meetings) {
      const zone = windowsZone(s.series[0].timeZone);
      const end = addMinutesWallClock(m.date, m.time, m.minutes);
      await connection.call("naive", "POST", `/users/${mentor.aadObjectId}/events`, newStats(), {
        body: {
          subject: request.subject,
          body: { contentType: "html", content: request.bodyHtml },
          start: graphDateTime(m.date, m.time, zone),
          end: graphDateTime(end.date, end.time, zone),
          attendees: [{ emailAddress: { address: mentee.email, name: mentee.name }, type: "required" }],
          isOnlineMeeting: true,
          onlineMeetingProvider: "teamsForBusiness",
        },
      });
    }
    const naiveMs = performance.now() - started;
    if (fake.meetingsOf(mentor.aadObjectId).length !== meetings.length || fake.schemaFailures.length > 0) throw new Error(`${s.scenario}: naive booking went wrong`);

    rows.push({
      programme: s.programme,
      scenario: s.scenario,
      series: s.series.length,
      meetings: meetings.length,
      exceptions: s.series.reduce((n, x) => n + x.exceptions.length, 0),
      roundTrips: result.roundTrips,
      requests: result.requests,
      naiveRoundTrips: fake.http.length,
      naiveRequests: fake.operations.length,
      ms: Math.round(ms),
      naiveMs: Math.round(naiveMs),
    });
  }
  await fake.close();
  process.stdout.write(`${MARKER}${JSON.stringify(rows)}\n`);
}

export function toMarkdown(rows) {
  const head = "| programme | scenario | series | meetings | exceptions | round trips | Graph requests | naive round trips (= requests) |";
  const line = "|---|---|---:|---:|---:|---:|---:|---:|";
  return [head, line, ...rows.map((r) => `| ${r.programme} | ${r.scenario} | ${r.series} | ${r.meetings} | ${r.exceptions} | ${r.roundTrips} | ${r.requests} | ${r.naiveRoundTrips} |`)].join("\n");
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly && process.argv.includes(WORKER)) {
  await worker();
} else if (invokedDirectly) {
  const rows = await benchGraphBookings();
  console.log(process.argv.includes("--json") ? JSON.stringify(rows, null, 2) : toMarkdown(rows));
}
