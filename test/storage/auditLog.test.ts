// Issue 13: the audit log on Azurite — its own table, append-only, found per person, purged by age.
import assert from "node:assert/strict";
import { TableClient } from "@azure/data-tables";
import { TableAuditLog } from "../../src/adapters/tables/tableAuditLog";
import type { AuditEntry } from "../../src/ports/audit";
import { azurite, uniqueTableName } from "../support/azurite";

const TENANT = "00000000-0000-0000-0000-0000000000a1";
const OTHER = "00000000-0000-0000-0000-0000000000b2";
const MENTEE = "11111111-1111-1111-1111-111111111111";
const MENTOR = "22222222-2222-2222-2222-222222222222";
const COORD = "33333333-3333-3333-3333-333333333333";

async function fresh() {
  const { connectionString } = await azurite();
  const tableName = uniqueTableName("audit");
  const log = TableAuditLog.fromConnectionString(connectionString, tableName);
  await log.ensureTable();
  const raw = TableClient.fromConnectionString(connectionString, `${tableName}audit`, { allowInsecureConnection: true });
  return { log, raw, tableName, connectionString };
}

const entry = (at: string, over: Partial<AuditEntry> = {}): AuditEntry => ({ tenantId: TENANT, at, actorId: COORD, verb: "mentorship.erase", mentorshipId: "m-1", ...over });

describe("TableAuditLog (Azurite)", function () {
  this.timeout(30000);

  it("keeps its rows in a table of its own, `${TABLE_NAME}audit`, and writes ids and codes only", async () => {
    const { log, raw, tableName, connectionString } = await fresh();
    await log.append(entry("2027-01-05T10:00:00.000Z", { detail: "403" }), [MENTEE, MENTOR]);
    const rows = [];
    for await (const e of raw.listEntities<Record<string, unknown>>()) rows.push(e);
    // The entry, and one row for each person it is about.
    assert.equal(rows.length, 3);
    for (const r of rows) {
      assert.equal(r.partitionKey, TENANT);
      assert.deepEqual(Object.keys(r).filter((k) => !["etag", "partitionKey", "rowKey", "timestamp", "odata.etag", "odata.metadata"].includes(k)).sort(), ["about", "actorId", "at", "detail", "kind", "mentorshipId", "schemaVersion", "subjectId", "verb"]);
    }
    // The mentorships' table holds none of it (it need not even exist).
    const main = TableClient.fromConnectionString(connectionString, tableName, { allowInsecureConnection: true });
    let inMain = 0;
    try {
      for await (const _ of main.listEntities()) inMain++;
    } catch (err) {
      assert.equal((err as { statusCode?: number }).statusCode, 404);
    }
    assert.equal(inMain, 0);
  });

  it("finds every entry about a person, oldest first, in their tenant only; the actor is not 'about' unless named", async () => {
    const { log } = await fresh();
    await log.append(entry("2027-01-05T10:00:00.000Z"), [MENTEE, MENTOR]);
    await log.append(entry("2027-01-04T09:00:00.000Z", { verb: "archiveHold.set", detail: "complaint" }), [MENTEE]);
    await log.append(entry("2027-01-06T09:00:00.000Z", { verb: "data.export", actorId: MENTEE, subjectId: MENTEE, mentorshipId: null }));
    await log.append(entry("2027-01-06T09:00:00.000Z", { tenantId: OTHER, verb: "data.export", actorId: MENTEE, subjectId: MENTEE }));
    await log.append(entry("2027-01-07T09:00:00.000Z", { verb: "overview.read", mentorshipId: null, detail: "overview" }));

    const mentee = await log.about(TENANT, MENTEE);
    assert.deepEqual(mentee.map((e) => [e.at, e.verb]), [["2027-01-04T09:00:00.000Z", "archiveHold.set"], ["2027-01-05T10:00:00.000Z", "mentorship.erase"], ["2027-01-06T09:00:00.000Z", "data.export"]]);
    assert.deepEqual(mentee[0], { tenantId: TENANT, at: "2027-01-04T09:00:00.000Z", actorId: COORD, verb: "archiveHold.set", subjectId: null, mentorshipId: "m-1", detail: "complaint" });
    assert.deepEqual((await log.about(TENANT, MENTOR)).map((e) => e.verb), ["mentorship.erase"]);
    assert.deepEqual(await log.about(TENANT, COORD), [], "the coordinator's own reads are not 'about' them");
    assert.deepEqual((await log.about(OTHER, MENTEE)).map((e) => e.tenantId), [OTHER]);
  });

  it("two entries of the same millisecond are both kept (append-only: nothing is replaced)", async () => {
    const { log } = await fresh();
    const at = "2027-02-01T08:00:00.000Z";
    await Promise.all([log.append(entry(at, { detail: "a" }), [MENTEE]), log.append(entry(at, { detail: "b" }), [MENTEE])]);
    assert.deepEqual((await log.about(TENANT, MENTEE)).map((e) => e.detail).sort(), ["a", "b"]);
  });

  it("purgeBefore removes the entries older than the cut-off with their person rows, and only in that tenant", async () => {
    const { log, raw } = await fresh();
    await log.append(entry("2026-06-30T23:59:59.999Z"), [MENTEE, MENTOR]);
    await log.append(entry("2026-07-01T00:00:00.000Z"), [MENTEE]);
    await log.append(entry("2026-01-01T00:00:00.000Z", { tenantId: OTHER }), [MENTEE]);
    assert.equal(await log.purgeBefore(TENANT, new Date("2026-07-01T00:00:00.000Z")), 1);
    assert.deepEqual((await log.about(TENANT, MENTEE)).map((e) => e.at), ["2026-07-01T00:00:00.000Z"]);
    assert.deepEqual(await log.about(TENANT, MENTOR), [], "the person rows went with the entry");
    assert.equal((await log.about(OTHER, MENTEE)).length, 1, "another tenant's entries stay");
    let left = 0;
    for await (const _ of raw.listEntities({ queryOptions: { filter: `PartitionKey eq '${TENANT}'` } })) left++;
    assert.equal(left, 2, "the newer entry and its one person row");
    assert.equal(await log.purgeBefore(TENANT, new Date("2026-07-01T00:00:00.000Z")), 0, "running it again finds nothing");
  });

  it("purges more entries than one transaction holds", async () => {
    const { log } = await fresh();
    for (let i = 0; i < 60; i++) await log.append(entry(new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString()), [MENTEE, MENTOR]);
    assert.equal(await log.purgeBefore(TENANT, new Date("2026-02-01T00:00:00Z")), 60);
    assert.deepEqual(await log.about(TENANT, MENTEE), []);
  });
});
