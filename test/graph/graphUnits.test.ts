// The Graph adapter's pure parts and the TLS helper, in-process (no Graph, no NODE_EXTRA_CA_CERTS).
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { ClientCertificateCredential, ClientSecretCredential, ManagedIdentityCredential } from "@azure/identity";
import { calendarErrorFor } from "../../src/adapters/graph/errors";
import { GraphChats } from "../../src/adapters/graph/graphChats";
import { seriesEventBody, seriesTransactionId } from "../../src/adapters/graph/graphCalendar";
import { GRAPH_CLOUDS, GraphConnection, createGraphCredential, query, retryAfterSeconds, seg } from "../../src/adapters/graph/graphConnection";
import { addMinutesWallClock, instantOf, windowsZone } from "../../src/adapters/graph/timeZones";
import { kldsPlan } from "../../src/domain/programmes";
import { createTestCertificate, hasOpenssl, removeTestCertificate } from "../support/tls";

const TENANT = "8a4f1c1e-2b3d-4e5f-9a0b-1c2d3e4f5a6b";
const credential = { getToken: async () => ({ token: "t", expiresOnTimestamp: Date.now() + 60_000 }) };

describe("Graph adapter: configuration and pure parts", () => {
  it("maps the programme zones to Windows names", () => {
    assert.equal(windowsZone("Europe/Copenhagen"), "Romance Standard Time");
    assert.equal(windowsZone("Europe/Oslo"), "W. Europe Standard Time");
  });

  it("computes end times on the wall clock, across midnight too", () => {
    assert.deepEqual(addMinutesWallClock("2027-03-28", "10:00", 60), { date: "2027-03-28", time: "11:00" }); // DST day: still 1 h of wall clock
    assert.deepEqual(addMinutesWallClock("2027-12-31", "23:30", 90), { date: "2028-01-01", time: "01:00" });
  });

  it("reads Graph's dateTimeTimeZone back as instants (UTC by default, Windows zones when preferred)", () => {
    assert.equal(instantOf({ dateTime: "2027-03-25T09:00:00.0000000", timeZone: "UTC" })?.toISOString(), "2027-03-25T09:00:00.000Z");
    assert.equal(instantOf({ dateTime: "2027-03-25T10:00:00.0000000", timeZone: "W. Europe Standard Time" })?.toISOString(), "2027-03-25T09:00:00.000Z");
    assert.equal(instantOf({ dateTime: "2027-06-01T09:00:00", timeZone: "Romance Standard Time" })?.toISOString(), "2027-06-01T07:00:00.000Z");
    assert.equal(instantOf({ dateTime: "2027-06-01T09:00:00", timeZone: "Tokyo Standard Time" }), null);
  });

  it("makes deterministic UUID-shaped transactionIds", () => {
    const a = seriesTransactionId(TENANT, "m-1", 1, "klds");
    assert.equal(a, seriesTransactionId(TENANT, "m-1", 1, "klds"));
    assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(new Set([a, seriesTransactionId("other", "m-1", 1, "klds"), seriesTransactionId(TENANT, "m-2", 1, "klds"), seriesTransactionId(TENANT, "m-1", 2, "klds"), seriesTransactionId(TENANT, "m-1", 1, "k")]).size, 5);
  });

  it("builds a KL/DS series body in the shape Graph documents", () => {
    const [plan] = kldsPlan({ firstWorkingDay: "2027-03-01", agreedOn: "2027-03-15", meetingCount: 9, slot: { weekday: 2, time: "09:00", minutes: 45 } });
    assert.ok(plan);
    const person = { aadObjectId: "a", email: "a@x.dk", name: "A" };
    const body = seriesEventBody({ tenantId: TENANT, mentorshipId: "m", planVersion: 3, organizer: person, attendee: { ...person, email: "b@x.dk", name: "B" }, subject: "S", bodyHtml: "<p>B</p>", series: [plan] }, plan);
    assert.deepEqual(body["end"], { dateTime: "2027-06-01T09:45:00", timeZone: "Romance Standard Time" });
    assert.equal(body["transactionId"], seriesTransactionId(TENANT, "m", 3, "klds"));
  });

  it("maps statuses to CalendarError codes narrowly", () => {
    const table = [
      [400, "BAD_REQUEST", false],
      [401, "FORBIDDEN", false],
      [403, "FORBIDDEN", false],
      [404, "NOT_FOUND", false],
      [409, "BAD_REQUEST", false],
      [429, "THROTTLED", true],
      [500, "UNAVAILABLE", true],
      [503, "UNAVAILABLE", true],
      [504, "UNAVAILABLE", true],
      [0, "UNAVAILABLE", true],
    ] as const;
    for (const [status, code, retryable] of table) {
      const e = calendarErrorFor(status);
      assert.deepEqual([status, e.code, e.retryable], [status, code, retryable]);
    }
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    assert.equal(retryAfterSeconds("3"), 3);
    assert.equal(retryAfterSeconds("Wed, 21 Oct 2015 07:28:10 GMT", Date.parse("Wed, 21 Oct 2015 07:28:00 GMT")), 10);
    assert.equal(retryAfterSeconds(undefined), undefined);
    assert.equal(retryAfterSeconds("soon"), undefined);
  });

  it("encodes path segments and queries the way Graph reads them", () => {
    assert.equal(seg("19:abc@thread.v2"), "19:abc@thread.v2");
    assert.equal(seg("AAMk/ab+c="), "AAMk%2Fab%2Bc%3D");
    assert.equal(seg("kim_ext#EXT#@contoso.onmicrosoft.com"), "kim_ext%23EXT%23@contoso.onmicrosoft.com");
    assert.equal(query([["startDateTime", "2027-03-23T23:00:00.000Z"], ["$select", "id,start"]]), "startDateTime=2027-03-23T23:00:00.000Z&$select=id,start");
    assert.equal(query([["endDateTime", "2027-03-24T00:00:00+01:00"]]), "endDateTime=2027-03-24T00:00:00%2B01:00");
  });

  it("asks for the national cloud's own .default scope, and the global one for a test host", () => {
    const scopes = (baseUrl: string) => new GraphConnection({ tenantId: TENANT, credential, baseUrl }).scopes;
    assert.deepEqual(scopes(GRAPH_CLOUDS.global), ["https://graph.microsoft.com/.default"]);
    assert.deepEqual(scopes(GRAPH_CLOUDS.usGov), ["https://graph.microsoft.us/.default"]);
    assert.deepEqual(scopes(GRAPH_CLOUDS.china), ["https://microsoftgraph.chinacloudapi.cn/.default"]);
    assert.deepEqual(scopes("https://127.0.0.1:8443"), ["https://graph.microsoft.com/.default"]);
    assert.deepEqual(new GraphConnection({ tenantId: TENANT, credential, baseUrl: "https://127.0.0.1:8443", scopes: ["api://x/.default"] }).scopes, ["api://x/.default"]);
    assert.equal(new GraphConnection({ tenantId: TENANT, credential, baseUrl: "https://graph.microsoft.us/" }).serviceRoot, "https://graph.microsoft.us/v1.0");
    assert.throws(() => new GraphConnection({ tenantId: TENANT, credential, baseUrl: "https://graph.microsoft.com/v1.0" }), RangeError);
    assert.throws(() => new GraphConnection({ tenantId: TENANT, credential, baseUrl: "http://127.0.0.1:8080" }), RangeError);
  });

  it("before the app is published (no catalog id) finds people but makes no chats it could not add itself to", async () => {
    const unpublished = new GraphChats({ tenantId: TENANT, credential, baseUrl: "https://127.0.0.1:8443", teamsAppCatalogId: null });
    assert.equal(unpublished.canCreateChats, false);
    await assert.rejects(unpublished.installApp({ tenantId: TENANT, chatId: "19:x@thread.v2" }));
    assert.equal(new GraphChats({ tenantId: TENANT, credential, baseUrl: "https://127.0.0.1:8443", teamsAppCatalogId: "a1b2" }).canCreateChats, true);
    assert.throws(() => new GraphChats({ tenantId: TENANT, credential, baseUrl: "https://127.0.0.1:8443", teamsAppCatalogId: "https://x/y" }), RangeError);
  });

  it("builds the credential from config-like options: exactly one of secret, certificate, managed identity", () => {
    const cert = createTestCertificate();
    try {
      const base = { tenantId: TENANT, clientId: "00000000-0000-4000-8000-000000000001" };
      assert.ok(createGraphCredential({ ...base, clientSecret: "s" }) instanceof ClientSecretCredential);
      assert.ok(createGraphCredential({ ...base, certificatePath: cert.combinedPath }, GRAPH_CLOUDS.usGov) instanceof ClientCertificateCredential);
      assert.ok(createGraphCredential({ ...base, managedIdentityClientId: "00000000-0000-4000-8000-000000000002" }) instanceof ManagedIdentityCredential);
      assert.throws(() => createGraphCredential(base), RangeError);
      assert.throws(() => createGraphCredential({ ...base, clientSecret: "s", managedIdentityClientId: "x" }), RangeError);
      assert.ok(new GraphConnection({ tenantId: TENANT, credential: { clientId: base.clientId, clientSecret: "s" } }));
    } finally {
      removeTestCertificate(cert);
    }
  });
});

describe("test/support/tls: throw-away certificates", function () {
  this.timeout(20000);
  const generators = hasOpenssl() ? (["openssl", "js"] as const) : (["js"] as const);
  for (const generator of generators) {
    it(`${generator}: a self-signed 127.0.0.1/localhost certificate that a TLS client trusting it accepts`, async () => {
      const cert = createTestCertificate({ generator });
      try {
        assert.equal(cert.generator, generator);
        const x = new X509Certificate(cert.cert);
        assert.equal(x.checkIP("127.0.0.1"), "127.0.0.1");
        assert.equal(x.checkHost("localhost"), "localhost");
        assert.ok(x.verify(x.publicKey), "self-signed");
        const server = https.createServer({ key: cert.key, cert: cert.cert }, (_req, res) => res.end("ok"));
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        const port = (server.address() as AddressInfo).port;
        try {
          const get = (ca?: string) =>
            new Promise<number>((resolve, reject) => {
              https.get({ host: "127.0.0.1", port, ...(ca ? { ca } : {}) }, (res) => (res.resume(), resolve(res.statusCode ?? 0))).on("error", reject);
            });
          assert.equal(await get(cert.cert), 200);
          await assert.rejects(get(), /self-signed|self signed/);
        } finally {
          server.closeAllConnections();
          await new Promise<void>((resolve) => server.close(() => resolve()));
        }
      } finally {
        removeTestCertificate(cert);
      }
    });
  }
});
