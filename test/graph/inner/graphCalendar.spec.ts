// The Graph adapters against the fake Graph over real HTTPS. Runs in a child Node process started
// by test/graph/graphCalendar.test.ts, which sets NODE_EXTRA_CA_CERTS to the test certificate
// (Node reads it only at start-up) and passes the certificate and key paths in the environment.
// The file name does not match test/**/*.test.ts on purpose: `npm test` must not run it directly.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { AccessToken, TokenCredential } from "@azure/identity";
import { Client } from "@microsoft/microsoft-graph-client";
import { TokenCredentialAuthenticationProvider } from "@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials";
import { GraphCalendar, type GraphCalendarOptions, seriesTransactionId } from "../../../src/adapters/graph/graphCalendar";
import { GraphChats } from "../../../src/adapters/graph/graphChats";
import { type SeriesPlan, meetingsOf } from "../../../src/domain/cadence";
import { kldsPlan, kristiansandPlan } from "../../../src/domain/programmes";
import type { Logger } from "../../../src/log";
import { type BookingRequest, CalendarError, type CalendarPerson } from "../../../src/ports/calendar";
import { FakeGraph, type Instance } from "../../support/fakeGraph";

const TENANT = "8a4f1c1e-2b3d-4e5f-9a0b-1c2d3e4f5a6b";
const MENTOR: CalendarPerson = { aadObjectId: "11111111-1111-4111-8111-111111111111", email: "mette.mentor@contoso.dk", name: "Mette Mentor" };
const MENTEE: CalendarPerson = { aadObjectId: "22222222-2222-4222-8222-222222222222", email: "niels.nyansat@contoso.dk", name: "Niels Nyansat" };
const CATALOG_APP_ID = "a7b3c4d5-0000-4000-8000-00000000c0de";

/** The edge we cannot run is Entra ID: a credential that hands out a fixed token and remembers the scopes asked for. */
class FakeCredential implements TokenCredential {
  readonly scopes: string[][] = [];
  async getToken(scopes: string | string[]): Promise<AccessToken> {
    this.scopes.push(Array.isArray(scopes) ? [...scopes] : [scopes]);
    return { token: "test-token", expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}

function capturingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const write = (level: string) => (event: string, fields?: object) => lines.push(JSON.stringify({ level, event, ...fields }));
  return { lines, info: write("info"), warn: write("warn"), error: write("error") };
}

const KRISTIANSAND_THURSDAY = kristiansandPlan("2027-03-01", { weekday: 4, time: "10:00", minutes: 60 }); // Maundy Thursday 2027-03-25 → 2027-03-24
const KRISTIANSAND_TUESDAY = kristiansandPlan("2027-03-01", { weekday: 2, time: "10:00", minutes: 60 }); // no holiday on any occurrence
const KLDS_9 = kldsPlan({ firstWorkingDay: "2027-03-01", agreedOn: "2027-03-15", meetingCount: 9, slot: { weekday: 2, time: "09:00", minutes: 60 } });
const KLDS_30 = kldsPlan({ firstWorkingDay: "2027-03-01", agreedOn: "2027-03-15", meetingCount: 30, slot: { weekday: 2, time: "09:00", minutes: 60 } });

function booking(series: readonly SeriesPlan[], overrides: Partial<BookingRequest> = {}): BookingRequest {
  return {
    tenantId: TENANT,
    mentorshipId: "mentorship-1",
    planVersion: 1,
    organizer: MENTOR,
    attendee: MENTEE,
    subject: "Mentormøde",
    bodyHtml: '<p>Dagsorden i <a href="https://teams.microsoft.com/l/chat/19:x@thread.v2">chatten</a>.</p>',
    series,
    ...overrides,
  };
}

const iso = (ms: number) => new Date(ms).toISOString();
const plannedStarts = (series: readonly SeriesPlan[]) => meetingsOf(series).map((m) => m.startUtc);
const calendarStarts = (meetings: readonly Instance[]) => meetings.map((m) => iso(m.startMs));

async function rejects(promise: Promise<unknown>, code: CalendarError["code"], retryable: boolean): Promise<CalendarError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof CalendarError, `expected a CalendarError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.equal(error.retryable, retryable);
    return error;
  }
  assert.fail(`expected CalendarError ${code}`);
}

describe("Graph adapters against the fake Graph (HTTPS, custom host)", function () {
  this.timeout(30000);
  let fake: FakeGraph;
  let credential: FakeCredential;

  const calendar = (options: Partial<GraphCalendarOptions> = {}) =>
    new GraphCalendar({
      tenantId: TENANT,
      credential,
      baseUrl: fake.baseUrl,
      retry: { maxRetries: 3, delaySeconds: 0, maxRetryAfterSeconds: 5 },
      timeoutMs: 10_000,
      ...options,
    });
  const chats = () => new GraphChats({ tenantId: TENANT, credential, baseUrl: fake.baseUrl, teamsAppCatalogId: CATALOG_APP_ID, retry: { delaySeconds: 0 } });

  before(async () => {
    const certPath = process.env["GRAPH_TEST_TLS_CERT"];
    const keyPath = process.env["GRAPH_TEST_TLS_KEY"];
    if (!certPath || !keyPath || !process.env["NODE_EXTRA_CA_CERTS"]) {
      throw new Error("run these specs through test/graph/graphCalendar.test.ts (it creates the certificate and sets NODE_EXTRA_CA_CERTS)");
    }
    fake = await FakeGraph.start({
      key: readFileSync(keyPath, "utf8"),
      cert: readFileSync(certPath, "utf8"),
      users: [
        { id: MENTOR.aadObjectId, displayName: MENTOR.name, mail: MENTOR.email, userPrincipalName: "mette@contoso.onmicrosoft.com" },
        { id: MENTEE.aadObjectId, displayName: MENTEE.name, mail: MENTEE.email, userPrincipalName: "niels@contoso.onmicrosoft.com" },
      ],
    });
  });

  after(async () => {
    await fake?.close();
  });

  beforeEach(() => {
    fake.reset();
    credential = new FakeCredential();
  });

  afterEach(function () {
    if (this.currentTest?.state !== "passed") return;
    assert.deepEqual(fake.schemaFailures, [], "every request body validates against the strict Graph schemas");
    assert.deepEqual(fake.unknownRoutes, []);
    assert.deepEqual(fake.anomalies, []);
    for (const h of fake.http) assert.equal(h.authorization, "Bearer test-token", `${h.method} ${h.url} carried the token`);
  });

  describe("the fake Graph itself (so a passing adapter test means something)", () => {
    const send = (method: string, url: string, body?: unknown, token: string | null = "test-token") =>
      fetch(`${fake.serviceRoot}${url}`, {
        method,
        headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { "Content-Type": "application/json" } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    const events = `/users/${MENTOR.aadObjectId}/events`;
    const valid = { subject: "x", start: { dateTime: "2027-06-01T09:00:00", timeZone: "Romance Standard Time" }, end: { dateTime: "2027-06-01T10:00:00", timeZone: "Romance Standard Time" } };

    it("answers 401 without a bearer token, and 400 with the ajv errors for a body the strict schema rejects", async () => {
      assert.equal((await send("GET", `/users/${MENTOR.aadObjectId}`, undefined, null)).status, 401);
      const noEnd = await send("POST", events, { subject: "x", start: valid.start });
      assert.equal(noEnd.status, 400);
      assert.match(JSON.stringify(await noEnd.json()), /must have required property 'end'/);
      const noDays = await send("POST", events, { ...valid, recurrence: { pattern: { type: "weekly", interval: 1 }, range: { type: "numbered", startDate: "2027-06-01", numberOfOccurrences: 2 } } });
      assert.equal(noDays.status, 400);
      assert.deepEqual(fake.schemaFailures.map((f) => f.schema), ["op.createEvent.request.strict", "op.createEvent.request.strict"]);
      assert.equal((await send("POST", events, { ...valid, start: { ...valid.start, timeZone: "Europe/Copenhagen" } })).status, 400, "IANA zones are refused");
      fake.clearRecords();
    });

    it("validates batches: at most 20, unique ids, fully sequential or fully parallel, inner bodies checked", async () => {
      const get = (id: string, extra: object = {}) => ({ id, method: "GET", url: `/users/${MENTOR.aadObjectId}`, ...extra });
      assert.equal((await send("POST", "/$batch", { requests: Array.from({ length: 21 }, (_, i) => get(String(i))) })).status, 400);
      assert.equal((await send("POST", "/$batch", { requests: [get("1"), get("1")] })).status, 400);
      assert.equal((await send("POST", "/$batch", { requests: [get("1"), get("2", { dependsOn: ["1"] }), get("3")] })).status, 400);
      const mixed = await send("POST", "/$batch", { requests: [get("1"), get("2", { dependsOn: ["1"] }), get("3", { dependsOn: ["2"] })] });
      assert.equal(mixed.status, 200);
      const inner = await send("POST", "/$batch", {
        requests: [
          { id: "a", method: "POST", url: events, headers: { "Content-Type": "application/json" }, body: { subject: "no start" } },
          { id: "b", method: "GET", url: `/users/${MENTOR.aadObjectId}`, dependsOn: ["a"] },
        ],
      });
      const responses = ((await inner.json()) as { responses: { id: string; status: number }[] }).responses;
      assert.deepEqual(Object.fromEntries(responses.map((r) => [r.id, r.status])), { a: 400, b: 424 });
      assert.deepEqual(fake.schemaFailures.map((f) => f.schema), ["op.batch.request", "op.createEvent.request.strict"]);
      fake.clearRecords();
    });

    it("expands a series, refuses a move across a neighbour, and honours transactionId", async () => {
      const series = { ...valid, transactionId: "t-1", recurrence: { pattern: { type: "weekly", interval: 2, daysOfWeek: ["tuesday"], firstDayOfWeek: "monday" }, range: { type: "numbered", startDate: "2027-06-01", numberOfOccurrences: 3, recurrenceTimeZone: "Romance Standard Time" } } };
      const created = (await (await send("POST", events, series)).json()) as { id: string };
      const again = await send("POST", events, series);
      assert.equal(again.status, 201);
      assert.equal(((await again.json()) as { id: string }).id, created.id);
      const meetings = fake.meetingsOf(MENTOR.aadObjectId);
      assert.deepEqual(meetings.map((m) => iso(m.startMs)), ["2027-06-01T07:00:00.000Z", "2027-06-15T07:00:00.000Z", "2027-06-29T07:00:00.000Z"]);
      const across = await send("PATCH", `${events}/${meetings[1]?.id}`, { start: { dateTime: "2027-06-29T09:00:00", timeZone: "Romance Standard Time" }, end: { dateTime: "2027-06-29T10:00:00", timeZone: "Romance Standard Time" } });
      assert.equal(across.status, 400);
      assert.match(JSON.stringify(await across.json()), /ErrorOccurrenceCrossingBoundary/);
      fake.clearRecords();
    });
  });

  describe("authentication on a custom host", () => {
    it("sends the credential's token on every request, with the global Graph scope for a test host", async () => {
      await calendar().book(booking(KRISTIANSAND_THURSDAY));
      await chats().findPerson({ tenantId: TENANT, emailOrUpn: MENTEE.email });
      assert.ok(fake.http.length >= 3);
      assert.ok(fake.http.every((h) => h.authorization === "Bearer test-token"));
      assert.ok(credential.scopes.length > 0);
      assert.ok(credential.scopes.every((s) => s.length === 1 && s[0] === "https://graph.microsoft.com/.default"));
    });

    it("control: the SDK without customHosts drops the header for this host, and the fake answers 401", async () => {
      const bare = Client.initWithMiddleware({
        authProvider: new TokenCredentialAuthenticationProvider(credential, { scopes: ["https://graph.microsoft.com/.default"] }),
        baseUrl: fake.baseUrl,
      });
      await assert.rejects(bare.api(`/users/${MENTOR.aadObjectId}`).get(), (e: { statusCode?: number }) => e.statusCode === 401);
      assert.equal(fake.http.length, 1);
      assert.equal(fake.http[0]?.authorization, undefined);
      assert.equal(credential.scopes.length, 0, "no token was even asked for");
      fake.clearRecords();
    });
  });

  describe("book", () => {
    it("Kristiansand with a holiday: three recurring series in ONE batch, the move in a second — 2 round trips", async () => {
      assert.deepEqual(
        KRISTIANSAND_THURSDAY.map((s) => s.exceptions),
        [[{ date: "2027-03-25", action: "move", to: "2027-03-24" }], [], []],
        "fixture: Maundy Thursday moves to the Wednesday",
      );
      const result = await calendar().book(booking(KRISTIANSAND_THURSDAY));

      assert.equal(result.roundTrips, 2);
      assert.equal(result.requests, 5); // 3 POST + 1 calendarView, then 1 PATCH
      assert.deepEqual(
        fake.http.map((h) => [h.method, h.url, h.batchSize]),
        [
          ["POST", "/v1.0/$batch", 4],
          ["POST", "/v1.0/$batch", 1],
        ],
      );
      const masters = fake.eventsOf(MENTOR.aadObjectId);
      assert.equal(masters.length, 3, "one event per series, never one per meeting");
      assert.ok(masters.every((m) => m.type === "seriesMaster"));
      assert.deepEqual(result.series.map((s) => s.key), ["kristiansand-w3-6", "kristiansand-w7-18", "kristiansand-w19-52"]);
      assert.deepEqual(result.series.map((s) => s.eventId), masters.map((m) => m.id));
      assert.ok(result.series.every((s) => s.joinUrl?.startsWith("https://teams.microsoft.com/l/meetup-join/")));

      // Round trip 1: the creations, then the view of the holiday week, chained (a fully sequential batch).
      const first = fake.operations.filter((o) => o.roundTrip === 0);
      assert.deepEqual(first.map((o) => `${o.method} ${o.path}`), [
        `POST /users/${MENTOR.aadObjectId}/events`,
        `POST /users/${MENTOR.aadObjectId}/events`,
        `POST /users/${MENTOR.aadObjectId}/events`,
        `GET /users/${MENTOR.aadObjectId}/calendarView`,
      ]);
      const view = first[3];
      assert.equal(view?.query["startDateTime"], "2027-03-23T23:00:00.000Z"); // 2027-03-24 00:00 Oslo (CET)
      assert.equal(view?.query["endDateTime"], "2027-03-25T23:00:00.000Z"); // 2027-03-26 00:00 Oslo
      assert.equal(view?.query["$select"], "id,seriesMasterId,type,start,end,originalStart");

      // Round trip 2: PATCH of exactly the 2027-03-25 occurrence of the first series.
      const patch = fake.operations.filter((o) => o.roundTrip === 1);
      assert.equal(patch.length, 1);
      assert.equal(patch[0]?.method, "PATCH");
      const occurrence = fake.meetingsOf(MENTOR.aadObjectId).find((m) => m.originalDate === "2027-03-25");
      assert.ok(occurrence);
      assert.equal(patch[0]?.path, `/users/${MENTOR.aadObjectId}/events/${occurrence.id}`);
      assert.equal(occurrence.seriesMasterId, result.series[0]?.eventId);
      assert.deepEqual(patch[0]?.body, {
        start: { dateTime: "2027-03-24T10:00:00", timeZone: "W. Europe Standard Time" },
        end: { dateTime: "2027-03-24T11:00:00", timeZone: "W. Europe Standard Time" },
      });

      // What the mentor's calendar now holds is exactly the plan's meetings.
      assert.deepEqual(calendarStarts(fake.meetingsOf(MENTOR.aadObjectId)), plannedStarts(KRISTIANSAND_THURSDAY));
    });

    it("Kristiansand: the recurrence pattern, range, times and Windows time zone are exactly right", async () => {
      const request = booking(KRISTIANSAND_THURSDAY);
      await calendar().book(request);
      const bodies = fake.ops("POST", /\/events$/).map((o) => o.body as Record<string, unknown>);
      const zone = "W. Europe Standard Time";
      assert.deepEqual(
        bodies.map((b) => [b["start"], b["end"], b["recurrence"]]),
        [
          [
            { dateTime: "2027-03-18T10:00:00", timeZone: zone },
            { dateTime: "2027-03-18T11:00:00", timeZone: zone },
            {
              pattern: { type: "weekly", interval: 1, daysOfWeek: ["thursday"], firstDayOfWeek: "monday" },
              range: { type: "numbered", startDate: "2027-03-18", numberOfOccurrences: 4, recurrenceTimeZone: zone },
            },
          ],
          [
            { dateTime: "2027-04-15T10:00:00", timeZone: zone },
            { dateTime: "2027-04-15T11:00:00", timeZone: zone },
            {
              pattern: { type: "weekly", interval: 2, daysOfWeek: ["thursday"], firstDayOfWeek: "monday" },
              range: { type: "numbered", startDate: "2027-04-15", numberOfOccurrences: 6, recurrenceTimeZone: zone },
            },
          ],
          [
            { dateTime: "2027-07-08T10:00:00", timeZone: zone },
            { dateTime: "2027-07-08T11:00:00", timeZone: zone },
            {
              pattern: { type: "relativeMonthly", interval: 1, daysOfWeek: ["thursday"], index: "second" },
              range: { type: "numbered", startDate: "2027-07-08", numberOfOccurrences: 8, recurrenceTimeZone: zone },
            },
          ],
        ],
      );
      const first = bodies[0] ?? {};
      assert.equal(first["subject"], request.subject);
      assert.deepEqual(first["body"], { contentType: "html", content: request.bodyHtml });
      assert.deepEqual(first["attendees"], [{ emailAddress: { address: MENTEE.email, name: MENTEE.name }, type: "required" }]);
      assert.equal(first["isOnlineMeeting"], true);
      assert.equal(first["onlineMeetingProvider"], "teamsForBusiness");
      assert.equal(first["allowNewTimeProposals"], false);
      assert.deepEqual(
        bodies.map((b) => b["transactionId"]),
        KRISTIANSAND_THURSDAY.map((s) => seriesTransactionId(TENANT, "mentorship-1", 1, s.key)),
      );
    });

    it("Kristiansand without exceptions: exactly 1 round trip, a parallel batch of 3 creations", async () => {
      assert.ok(KRISTIANSAND_TUESDAY.every((s) => s.exceptions.length === 0), "fixture has no holiday");
      const result = await calendar().book(booking(KRISTIANSAND_TUESDAY));
      assert.equal(result.roundTrips, 1);
      assert.equal(result.requests, 3);
      assert.equal(fake.http.length, 1);
      assert.equal(fake.operations.length, 3);
      assert.deepEqual(calendarStarts(fake.meetingsOf(MENTOR.aadObjectId)), plannedStarts(KRISTIANSAND_TUESDAY));
    });

    for (const [name, plan, interval, count] of [
      ["9", KLDS_9, 4, 9],
      ["30", KLDS_30, 1, 30],
    ] as const) {
      it(`KL/DS with ${name} meetings: one weekly series in Romance Standard Time, 1 round trip`, async () => {
        const result = await calendar().book(booking(plan));
        assert.equal(result.roundTrips, 1);
        assert.equal(result.requests, 1);
        const body = fake.ops("POST", /\/events$/)[0]?.body as Record<string, unknown>;
        assert.deepEqual(body["start"], { dateTime: "2027-06-01T09:00:00", timeZone: "Romance Standard Time" });
        assert.deepEqual(body["end"], { dateTime: "2027-06-01T10:00:00", timeZone: "Romance Standard Time" });
        assert.deepEqual(body["recurrence"], {
          pattern: { type: "weekly", interval, daysOfWeek: ["tuesday"], firstDayOfWeek: "monday" },
          range: { type: "numbered", startDate: "2027-06-01", numberOfOccurrences: count, recurrenceTimeZone: "Romance Standard Time" },
        });
        assert.deepEqual(calendarStarts(fake.meetingsOf(MENTOR.aadObjectId)), plannedStarts(plan));
      });
    }

    it("booking the same request again creates nothing new, returns the same series and skips the settled move", async () => {
      const first = await calendar().book(booking(KRISTIANSAND_THURSDAY));
      fake.clearRecords();
      const again = await calendar().book(booking(KRISTIANSAND_THURSDAY));
      assert.deepEqual(again.series, first.series);
      assert.equal(fake.eventsOf(MENTOR.aadObjectId).length, 3);
      assert.equal(fake.repeatedTransactionIds.length, 3, "Graph saw the same transactionIds and returned the existing events");
      assert.equal(again.roundTrips, 1, "the occurrence is already at its target: no second batch");
      assert.equal(fake.ops("PATCH").length, 0);
      assert.deepEqual(calendarStarts(fake.meetingsOf(MENTOR.aadObjectId)), plannedStarts(KRISTIANSAND_THURSDAY));
    });

    it("a new plan version gets new transactionIds (a new series), the same version never does", () => {
      const a = seriesTransactionId(TENANT, "mentorship-1", 1, "klds");
      assert.equal(seriesTransactionId(TENANT, "mentorship-1", 1, "klds"), a);
      assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.notEqual(seriesTransactionId(TENANT, "mentorship-1", 2, "klds"), a);
      assert.notEqual(seriesTransactionId(TENANT, "mentorship-2", 1, "klds"), a);
      assert.notEqual(seriesTransactionId(TENANT, "mentorship-1", 1, "klds-2"), a);
      fake.clearRecords();
    });

    it("a cancel exception cancels exactly that occurrence (POST …/cancel), and re-booking leaves it cancelled", async () => {
      const [w36, ...rest] = KRISTIANSAND_THURSDAY as [SeriesPlan, ...SeriesPlan[]];
      const plan = [{ ...w36, exceptions: [{ date: "2027-03-25", action: "cancel" as const }] }, ...rest];
      const result = await calendar().book(booking(plan));
      assert.equal(result.roundTrips, 2);
      const cancel = fake.ops("POST", /\/cancel$/);
      assert.equal(cancel.length, 1);
      assert.deepEqual(cancel[0]?.body, {});
      const cancelledId = cancel[0]?.path.split("/")[4];
      assert.ok(cancelledId?.startsWith("AAMkOcc"));
      assert.deepEqual(calendarStarts(fake.meetingsOf(MENTOR.aadObjectId)), plannedStarts(plan));
      fake.clearRecords();
      const again = await calendar().book(booking(plan));
      assert.equal(again.roundTrips, 1);
      assert.equal(fake.ops("POST", /\/cancel$/).length, 0);
    });

    it("more than 20 items are chunked: 21 series = 2 batches; 19 series with a move each = 2 + 1", async () => {
      const many = Array.from({ length: 21 }, (_, i) => ({ ...(KLDS_9[0] as SeriesPlan), key: `klds-${i}` }));
      const result = await calendar().book(booking(many));
      assert.equal(result.roundTrips, 2);
      assert.equal(result.requests, 21);
      assert.deepEqual(fake.http.map((h) => h.batchSize), [20, 1]);
      assert.equal(fake.eventsOf(MENTOR.aadObjectId).length, 21);

      fake.reset();
      const moved = Array.from({ length: 19 }, (_, i) => ({ ...(KRISTIANSAND_THURSDAY[0] as SeriesPlan), key: `w3-6-${i}` }));
      const second = await calendar().book(booking(moved));
      assert.deepEqual(fake.http.map((h) => h.batchSize), [20, 18, 19]);
      assert.equal(second.roundTrips, 3);
      assert.equal(second.requests, 19 + 19 + 19);
      assert.equal(new Set(fake.ops("PATCH").map((o) => o.path)).size, 19, "each series' own occurrence");
      assert.deepEqual(calendarStarts(fake.meetingsOf(MENTOR.aadObjectId)), plannedStarts(moved));
    });

    it("leaves another mentorship's series on the same day alone (occurrences matched by seriesMasterId)", async () => {
      const other = await calendar().book(booking(KRISTIANSAND_THURSDAY.map((s) => ({ ...s, exceptions: [] })), { mentorshipId: "mentorship-other" }));
      fake.clearRecords();
      const ours = await calendar().book(booking(KRISTIANSAND_THURSDAY));
      const patched = fake.ops("PATCH")[0]?.path.split("/")[4];
      const meetings = fake.meetingsOf(MENTOR.aadObjectId);
      assert.equal(meetings.find((m) => m.id === patched)?.seriesMasterId, ours.series[0]?.eventId);
      const otherFirst = meetings.filter((m) => m.seriesMasterId === other.series[0]?.eventId).map((m) => m.originalDate);
      assert.ok(otherFirst.includes("2027-03-25") && meetings.some((m) => m.seriesMasterId === other.series[0]?.eventId && iso(m.startMs) === "2027-03-25T09:00:00.000Z"));
    });

    it("follows @odata.nextLink when the occurrence is not on the first page of the calendar view", async () => {
      await calendar().book(booking(KRISTIANSAND_THURSDAY.map((s) => ({ ...s, exceptions: [] })), { mentorshipId: "mentorship-other" }));
      fake.clearRecords();
      fake.maxPageSize = 1; // the other mentorship's occurrence (created first) fills page 1
      const ours = await calendar().book(booking(KRISTIANSAND_THURSDAY));
      assert.equal(ours.roundTrips, 3);
      assert.deepEqual(fake.http.map((h) => h.method), ["POST", "GET", "POST"]);
      assert.match(fake.http[1]?.url ?? "", /\/calendarView\?.*\$skip=1/);
      const patched = fake.ops("PATCH")[0]?.path.split("/")[4];
      assert.equal(fake.meetingsOf(MENTOR.aadObjectId).find((m) => m.id === patched)?.seriesMasterId, ours.series[0]?.eventId);
    });

    it("books nothing for an empty plan, and refuses another tenant without calling Graph", async () => {
      assert.deepEqual(await calendar().book(booking([])), { series: [], roundTrips: 0, requests: 0 });
      await rejects(calendar().book(booking(KLDS_9, { tenantId: "0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70" })), "FORBIDDEN", false);
      assert.equal(fake.http.length, 0);
    });
  });

  describe("throttling and failures", () => {
    it("a top-level 429 with Retry-After is waited out and retried by the SDK's RetryHandler", async () => {
      fake.inject({ where: "http", status: 429, retryAfter: "1", count: 1 });
      const started = Date.now();
      const result = await calendar().book(booking(KRISTIANSAND_TUESDAY));
      assert.ok(Date.now() - started >= 950, "Retry-After: 1 was honoured");
      assert.deepEqual(fake.http.map((h) => h.status), [429, 200]);
      assert.equal(result.roundTrips, 2);
      assert.equal(fake.eventsOf(MENTOR.aadObjectId).length, 3);
    });

    it("a 429 inside a batch is re-sent after its own Retry-After (parallel batch)", async () => {
      fake.inject({ where: "batchItem", status: 429, retryAfter: "1", count: 1, match: (op) => op.method === "POST" });
      const started = Date.now();
      const result = await calendar().book(booking(KRISTIANSAND_TUESDAY));
      assert.ok(Date.now() - started >= 950, "the item's Retry-After: 1 was honoured");
      assert.deepEqual(fake.http.map((h) => h.batchSize), [3, 1]);
      assert.equal(result.roundTrips, 2);
      assert.equal(result.requests, 4);
      assert.equal(fake.eventsOf(MENTOR.aadObjectId).length, 3);
      assert.deepEqual(calendarStarts(fake.meetingsOf(MENTOR.aadObjectId)), plannedStarts(KRISTIANSAND_TUESDAY));
    });

    it("a 429 inside a sequential batch re-sends it and the 424s behind it, then finishes the exceptions", async () => {
      fake.inject({ where: "batchItem", status: 429, retryAfter: "1", count: 1, match: (op) => op.method === "POST" });
      const result = await calendar().book(booking(KRISTIANSAND_THURSDAY));
      assert.deepEqual(fake.http.map((h) => h.batchSize), [4, 4, 1]);
      assert.deepEqual(fake.operations.filter((o) => o.roundTrip === 0).map((o) => o.status), [429]);
      assert.equal(result.roundTrips, 3);
      assert.equal(fake.eventsOf(MENTOR.aadObjectId).length, 3);
      assert.deepEqual(calendarStarts(fake.meetingsOf(MENTOR.aadObjectId)), plannedStarts(KRISTIANSAND_THURSDAY));
    });

    it("a permanent 503 ends as CalendarError UNAVAILABLE, retryable, after maxRetries", async () => {
      fake.inject({ where: "http", status: 503, retryAfter: "0", count: Number.POSITIVE_INFINITY });
      await rejects(calendar().book(booking(KLDS_9)), "UNAVAILABLE", true);
      assert.equal(fake.http.length, 4, "1 attempt + 3 retries");
    });

    it("a permanent 503 inside the batch ends UNAVAILABLE retryable; a permanent 429 ends THROTTLED retryable", async () => {
      fake.inject({ where: "batchItem", status: 503, retryAfter: "0", count: Number.POSITIVE_INFINITY });
      await rejects(calendar().book(booking(KLDS_9)), "UNAVAILABLE", true);
      assert.equal(fake.http.length, 4);
      fake.clearRecords();
      fake.inject({ where: "batchItem", status: 429, retryAfter: "0", count: Number.POSITIVE_INFINITY });
      await rejects(calendar().book(booking(KLDS_9)), "THROTTLED", true);
      assert.equal(fake.http.length, 4);
    });

    it("a Retry-After longer than maxRetryAfterSeconds is not waited for: THROTTLED at once", async () => {
      fake.inject({ where: "http", status: 429, retryAfter: "120", count: 1 });
      const started = Date.now();
      await rejects(calendar().book(booking(KLDS_9)), "THROTTLED", true);
      assert.ok(Date.now() - started < 2000);
      assert.equal(fake.http.length, 1);
      fake.clearRecords();
      fake.inject({ where: "batchItem", status: 429, retryAfter: "120", count: 1 });
      await rejects(calendar().book(booking(KLDS_9)), "THROTTLED", true);
      assert.equal(fake.http.length, 1);
    });

    it("a timeout is UNAVAILABLE retryable", async () => {
      fake.inject({ where: "http", status: 200, count: 1, delayMs: 3000, body: { responses: [] } });
      const started = Date.now();
      await rejects(calendar({ timeoutMs: 300, retry: { maxRetries: 0 } }).book(booking(KLDS_9)), "UNAVAILABLE", true);
      assert.ok(Date.now() - started < 2000, "gave up after timeoutMs, not when the answer came");
    });

    it("403 → FORBIDDEN and 400 → BAD_REQUEST (not retryable); no response text reaches the error or the log", async () => {
      const secret = `${MENTEE.email} is not allowed`;
      const logger = capturingLogger();
      fake.inject({ where: "batchItem", status: 403, count: 1, body: { error: { code: "ErrorAccessDenied", message: secret } } });
      const forbidden = await rejects(calendar({ logger }).book(booking(KLDS_9)), "FORBIDDEN", false);
      fake.inject({ where: "http", status: 400, count: 1, body: { error: { code: "ErrorInvalidRequest", message: secret } } });
      const bad = await rejects(
        calendar({ logger }).freeBusy({ tenantId: TENANT, organizer: MENTOR, people: [MENTEE], startUtc: "2027-06-01T06:00:00Z", endUtc: "2027-06-01T10:00:00Z", timeZone: "Europe/Copenhagen", intervalMinutes: 30 }),
        "BAD_REQUEST",
        false,
      );
      for (const e of [forbidden, bad]) {
        const text = `${e.message} ${e.stack ?? ""} ${JSON.stringify(e)} ${String((e as { cause?: unknown }).cause ?? "")}`;
        assert.ok(!text.includes(MENTEE.email) && !text.includes("not allowed"), text);
      }
      assert.ok(logger.lines.length >= 2);
      assert.ok(logger.lines.some((l) => l.includes("ErrorAccessDenied")), "the Graph error code is logged");
      assert.ok(logger.lines.every((l) => !l.includes(MENTEE.email) && !l.includes("not allowed")), logger.lines.join("\n"));
    });
  });

  describe("occurrences and series", () => {
    const ref = (seriesEventId: string, date: string) => ({ tenantId: TENANT, organizer: MENTOR, seriesEventId, date, timeZone: "Europe/Copenhagen" as const });

    it("moveOccurrence finds the occurrence through …/instances and PATCHes exactly it; again it is a no-op", async () => {
      const { series } = await calendar().book(booking(KLDS_9));
      const seriesId = series[0]?.eventId as string;
      fake.clearRecords();
      await calendar().moveOccurrence(ref(seriesId, "2027-06-29"), { date: "2027-06-30", time: "14:00", minutes: 90 });
      assert.deepEqual(fake.operations.map((o) => `${o.method} ${o.path.split("/").slice(0, 4).join("/")} ${o.path.split("/").slice(5).join("/")}`), [
        `GET /users/${MENTOR.aadObjectId}/events instances`,
        `PATCH /users/${MENTOR.aadObjectId}/events `,
      ]);
      assert.equal(fake.operations[0]?.path.split("/")[4], seriesId);
      const target = fake.meetingsOf(MENTOR.aadObjectId).find((m) => m.originalDate === "2027-06-29") as Instance;
      assert.equal(fake.operations[1]?.path, `/users/${MENTOR.aadObjectId}/events/${target.id}`);
      assert.deepEqual(fake.operations[1]?.body, {
        start: { dateTime: "2027-06-30T14:00:00", timeZone: "Romance Standard Time" },
        end: { dateTime: "2027-06-30T15:30:00", timeZone: "Romance Standard Time" },
      });
      assert.equal(iso(target.startMs), "2027-06-30T12:00:00.000Z");
      assert.equal(target.endMs - target.startMs, 90 * 60_000);
      assert.equal(target.type, "exception");

      fake.clearRecords();
      await calendar().moveOccurrence(ref(seriesId, "2027-06-29"), { date: "2027-06-30", time: "14:00", minutes: 90 });
      assert.equal(fake.ops("PATCH").length, 0, "already there");
      await calendar().moveOccurrence(ref(seriesId, "2027-06-29"), { date: "2027-07-01", time: "09:00", minutes: 60 });
      assert.equal(fake.ops("PATCH")[0]?.path, `/users/${MENTOR.aadObjectId}/events/${target.id}`, "a moved occurrence is found by its original date");
      const starts = calendarStarts(fake.meetingsOf(MENTOR.aadObjectId));
      assert.ok(starts.includes("2027-07-01T07:00:00.000Z"));
      assert.equal(starts.length, 9);
    });

    it("moveOccurrence: a move across a neighbour is BAD_REQUEST, an unknown series NOT_FOUND", async () => {
      const { series } = await calendar().book(booking(KLDS_9));
      await rejects(calendar().moveOccurrence(ref(series[0]?.eventId as string, "2027-06-29"), { date: "2027-07-28", time: "09:00", minutes: 60 }), "BAD_REQUEST", false);
      await rejects(calendar().moveOccurrence(ref("AAMkAGI2ffffffAAAt9AHjAAA=", "2027-06-29"), { date: "2027-06-30", time: "09:00", minutes: 60 }), "NOT_FOUND", false);
      await rejects(calendar().moveOccurrence(ref(series[0]?.eventId as string, "2027-06-30"), { date: "2027-07-01", time: "09:00", minutes: 60 }), "NOT_FOUND", false);
    });

    it("cancelOccurrence cancels exactly that occurrence with the comment; again it is a no-op", async () => {
      const { series } = await calendar().book(booking(KLDS_9));
      const seriesId = series[0]?.eventId as string;
      const target = fake.meetingsOf(MENTOR.aadObjectId).find((m) => m.originalDate === "2027-07-27") as Instance;
      fake.clearRecords();
      await calendar().cancelOccurrence(ref(seriesId, "2027-07-27"), "Ferie");
      const cancel = fake.ops("POST", /\/cancel$/);
      assert.equal(cancel.length, 1);
      assert.equal(cancel[0]?.path, `/users/${MENTOR.aadObjectId}/events/${target.id}/cancel`);
      assert.deepEqual(cancel[0]?.body, { comment: "Ferie" });
      const left = fake.meetingsOf(MENTOR.aadObjectId);
      assert.equal(left.length, 8);
      assert.ok(!left.some((m) => m.originalDate === "2027-07-27"));
      fake.clearRecords();
      await calendar().cancelOccurrence(ref(seriesId, "2027-07-27"), "Ferie");
      assert.equal(fake.ops("POST", /\/cancel$/).length, 0);
    });

    it("cancelSeries cancels the master with the comment; again it resolves", async () => {
      const { series } = await calendar().book(booking(KLDS_9));
      const seriesId = series[0]?.eventId as string;
      fake.clearRecords();
      await calendar().cancelSeries(TENANT, MENTOR, seriesId, "Forløbet er afsluttet");
      assert.deepEqual(fake.ops("POST").map((o) => [o.path, o.body]), [[`/users/${MENTOR.aadObjectId}/events/${seriesId}/cancel`, { comment: "Forløbet er afsluttet" }]]);
      assert.equal(fake.meetingsOf(MENTOR.aadObjectId).length, 0);
      await calendar().cancelSeries(TENANT, MENTOR, seriesId, "Forløbet er afsluttet");
    });
  });

  describe("freeBusy", () => {
    it("POSTs getSchedule with camelCase parameters, local times and Prefer: outlook.timezone", async () => {
      await calendar().book(booking(KLDS_9));
      fake.clearRecords();
      const result = await calendar().freeBusy({
        tenantId: TENANT,
        organizer: MENTOR,
        people: [MENTOR, MENTEE],
        startUtc: "2027-06-01T06:00:00.000Z",
        endUtc: "2027-06-01T10:00:00.000Z",
        timeZone: "Europe/Copenhagen",
        intervalMinutes: 60,
      });
      const op = fake.operations[0];
      assert.equal(fake.operations.length, 1);
      assert.equal(`${op?.method} ${op?.path}`, `POST /users/${MENTOR.aadObjectId}/calendar/getSchedule`);
      assert.equal(op?.headers["prefer"], 'outlook.timezone="Romance Standard Time"');
      assert.deepEqual(op?.body, {
        schedules: [MENTOR.email, MENTEE.email],
        startTime: { dateTime: "2027-06-01T08:00:00", timeZone: "Romance Standard Time" },
        endTime: { dateTime: "2027-06-01T12:00:00", timeZone: "Romance Standard Time" },
        availabilityViewInterval: 60,
      });
      assert.deepEqual(result, [
        { email: MENTOR.email, availabilityView: "0200" },
        { email: MENTEE.email, availabilityView: "0200" },
      ]);
    });
  });

  describe("GraphChats", () => {
    it("createPairChat: a group chat with both as owners, bound under the configured base URL", async () => {
      const { chatId } = await chats().createPairChat({ tenantId: TENANT, mentor: MENTOR, mentee: MENTEE, topic: "Mentorforløb: Mette & Niels" });
      assert.match(chatId, /^19:[0-9a-f]+@thread\.v2$/);
      const op = fake.operations[0];
      assert.equal(`${op?.method} ${op?.path}`, "POST /chats");
      assert.deepEqual(op?.body, {
        chatType: "group",
        topic: "Mentorforløb: Mette & Niels",
        members: [MENTOR, MENTEE].map((p) => ({
          "@odata.type": "#microsoft.graph.aadUserConversationMember",
          roles: ["owner"],
          "user@odata.bind": `${fake.baseUrl}/v1.0/users('${p.aadObjectId}')`,
        })),
      });
      assert.equal(fake.chatsCreated().length, 1);
    });

    it("installApp binds the catalog app under the configured base URL; installing twice is fine", async () => {
      const { chatId } = await chats().createPairChat({ tenantId: TENANT, mentor: MENTOR, mentee: MENTEE, topic: "Mentorforløb" });
      await chats().installApp({ tenantId: TENANT, chatId });
      await chats().installApp({ tenantId: TENANT, chatId });
      const installs = fake.ops("POST", /installedApps$/);
      assert.deepEqual(installs.map((o) => [o.path, o.status]), [
        [`/chats/${chatId}/installedApps`, 201],
        [`/chats/${chatId}/installedApps`, 409],
      ]);
      assert.deepEqual(installs[0]?.body, { "teamsApp@odata.bind": `${fake.baseUrl}/v1.0/appCatalogs/teamsApps/${CATALOG_APP_ID}` });
      assert.deepEqual(fake.chatsCreated()[0]?.apps, [`${fake.baseUrl}/v1.0/appCatalogs/teamsApps/${CATALOG_APP_ID}`]);
      await rejects(chats().installApp({ tenantId: TENANT, chatId: "19:nope@thread.v2" }), "NOT_FOUND", false);
    });

    it("findPerson selects id, displayName, mail, userPrincipalName; 404 → null", async () => {
      assert.deepEqual(await chats().findPerson({ tenantId: TENANT, emailOrUpn: MENTEE.email }), MENTEE);
      assert.deepEqual(await chats().findPerson({ tenantId: TENANT, emailOrUpn: "niels@contoso.onmicrosoft.com" }), MENTEE);
      assert.equal(await chats().findPerson({ tenantId: TENANT, emailOrUpn: "nobody@contoso.dk" }), null);
      assert.deepEqual(fake.operations.map((o) => [o.path, o.query["$select"], o.status]), [
        [`/users/${MENTEE.email}`, "id,displayName,mail,userPrincipalName", 200],
        ["/users/niels@contoso.onmicrosoft.com", "id,displayName,mail,userPrincipalName", 200],
        ["/users/nobody@contoso.dk", "id,displayName,mail,userPrincipalName", 404],
      ]);
    });
  });
});
