// A tenant's own programmes in Table Storage (Azurite): one immutable row per version, a save
// conditional on the version the editor loaded, tenants apart, and the row's schema checked.
import assert from "node:assert/strict";
import { TableClient } from "@azure/data-tables";
import { TableProgrammes } from "../../src/adapters/tables/tableProgrammes";
import { programmeVersionKey } from "../../src/adapters/tables/rows/programme";
import { RowSchemaError } from "../../src/adapters/tables/rows/versioned";
import { ProgrammeService } from "../../src/app/programmes/programmeService";
import { KRISTIANSAND_DEFINITION } from "../../src/domain/programmes";
import { freshStore } from "../support/azurite";
import { OTHER_TENANT, TENANT, mentee, mentor } from "../support/fixtures";
import { createMentorship } from "../../src/domain/mentorship";
import { policyOf } from "../../src/domain/programmes";

async function fresh() {
  const { connectionString, tableName } = await freshStore();
  let n = 0;
  const store = TableProgrammes.fromConnectionString(connectionString, tableName);
  return {
    store,
    service: new ProgrammeService(store, () => `own-${++n}`),
    table: TableClient.fromConnectionString(connectionString, tableName, { allowInsecureConnection: true }),
  };
}
const NOW = new Date("2027-03-01T10:00:00Z");
const copyName = (name: unknown) => ({ da: `Kopi af ${JSON.stringify(name).length}`, nb: "Kopi", en: "Copy" });

describe("Programmes in Table Storage (Azurite)", function () {
  this.timeout(60000);

  it("copies a built-in as version 1, saves new versions on top of the one loaded, and refuses a stale one", async () => {
    const { service, store } = await fresh();
    const copied = await service.copy(TENANT, "kristiansand", "coord-1", NOW, copyName);
    assert.ok(copied.ok);
    assert.deepEqual([copied.value.id, copied.value.version, copied.value.builtIn], ["own-1", 1, false]);
    assert.deepEqual(copied.value.definition.cadence, KRISTIANSAND_DEFINITION.cadence, "a data copy of the built-in");

    const bands = "bands" in KRISTIANSAND_DEFINITION.cadence ? KRISTIANSAND_DEFINITION.cadence.bands : [];
    const edited = { ...copied.value.definition, cadence: { bands: [...bands, { fromWeek: 53, toWeek: 60, every: { weeks: 2 } }] }, phases: { startUpEnds: { days: 14 }, closingStarts: { monthsBeforeEnd: 1 }, ends: { weeks: 64 } } };
    const v2 = await service.save(TENANT, "own-1", JSON.parse(JSON.stringify(edited)), 1, "coord-1", NOW);
    assert.ok(v2.ok, JSON.stringify(v2));
    assert.equal(v2.value.version, 2);

    // A second editor who loaded version 1 too: refused, and nothing is written.
    const late = await service.save(TENANT, "own-1", { ...edited, name: "Late" }, 1, "coord-2", NOW);
    assert.ok(!late.ok && late.error.code === "PROGRAMME_STALE_VERSION");
    assert.equal((await store.getProgramme(TENANT, "own-1"))?.version, 2);
    // The versions stay as saved: version 1 is still the built-in's cadence.
    assert.deepEqual((await store.getProgramme(TENANT, "own-1", 1))?.definition.cadence, KRISTIANSAND_DEFINITION.cadence);
    assert.deepEqual((await store.getProgramme(TENANT, "own-1", 2))?.definition.cadence, edited.cadence);

    // Invalid, built-in, unknown: refused with their codes, nothing written.
    const overlap = await service.save(TENANT, "own-1", { ...edited, cadence: { bands: [...bands, { fromWeek: 50, toWeek: 60, every: { weeks: 2 } }] } }, 2, "coord-1", NOW);
    assert.ok(!overlap.ok && overlap.error.code === "PROGRAMME_INVALID" && overlap.error.params?.["reason"] === "bandsOverlap");
    const builtIn = await service.save(TENANT, "kristiansand", edited, 1, "coord-1", NOW);
    assert.ok(!builtIn.ok && builtIn.error.code === "PROGRAMME_BUILT_IN");
    const unknown = await service.save(TENANT, "own-9", edited, 1, "coord-1", NOW);
    assert.ok(!unknown.ok && unknown.error.code === "PROGRAMME_NOT_FOUND");
    assert.equal((await store.getProgramme(TENANT, "own-1"))?.version, 2);

    // The list: the built-ins and the tenant's own at its newest version; the other tenant sees only the built-ins.
    const list = await service.list(TENANT);
    assert.deepEqual(list.map((p) => [p.id, p.version, p.builtIn]), [["klds", 1, true], ["kristiansand", 1, true], ["own-1", 2, false]]);
    assert.deepEqual((await service.list(OTHER_TENANT)).map((p) => p.id), ["klds", "kristiansand"]);
    assert.equal(await store.getProgramme(OTHER_TENANT, "own-1"), null);
    const other = await service.save(OTHER_TENANT, "own-1", edited, 2, "coord-x", NOW);
    assert.ok(!other.ok && other.error.code === "PROGRAMME_NOT_FOUND", "another tenant cannot write a version of this tenant's programme");

    // A new mentorship keeps the newest version's reference and definition.
    const forNew = await service.forNewMentorship(TENANT, "own-1");
    assert.ok(forNew.ok);
    assert.deepEqual(forNew.value.programmeRef, { id: "own-1", version: 2 });
    assert.deepEqual(forNew.value.programmeDefinition.cadence, edited.cadence);
  });

  it("a mentorship keeps the definition it started on in its row, so its policy survives a later version", async () => {
    const { store: mentorships } = await freshStore();
    const { service } = await fresh();
    const copied = await service.copy(TENANT, "kristiansand", "coord-1", NOW, copyName);
    assert.ok(copied.ok);
    const def = { ...copied.value.definition, country: "DK" as const, timeZone: "Europe/Copenhagen" as const, meetingMinutes: { min: 20, max: 50, default: 25 } };
    const r = createMentorship(
      { id: "m-p", tenantId: TENANT, conversationId: "19:p", programme: "custom", language: "nb", unit: "Syd", firstWorkingDay: "2027-04-05", mentor, mentee, programmeRef: { id: copied.value.id, version: 1 }, programmeDefinition: def },
      { hasActiveMentorship: false, humanAadObjectIds: [mentor.aadObjectId, mentee.aadObjectId] },
      NOW,
    );
    assert.ok(r.ok);
    assert.equal(await mentorships.insertMentorship(r.value.mentorship, r.value.firstVersion), "saved");
    const back = await mentorships.getMentorship(TENANT, "m-p");
    assert.ok(back);
    assert.deepEqual(back.value.programmeDefinition, def);
    assert.deepEqual(back.value.programmeRef, { id: copied.value.id, version: 1 });
    assert.equal(policyOf(back.value).meetingMinutes.default, 25);
    assert.equal(policyOf(back.value).country, "DK");
  });

  it("inserts a version only once, and reads a row that does not fit its schema as a schema error", async () => {
    const { store, table } = await fresh();
    const v = { id: "own-7", version: 1, definition: KRISTIANSAND_DEFINITION, savedAt: NOW.toISOString(), savedBy: "c" };
    assert.equal(await store.addProgrammeVersion(TENANT, v), "saved");
    assert.equal(await store.addProgrammeVersion(TENANT, { ...v, savedBy: "d" }), "conflict");
    assert.equal((await store.getProgramme(TENANT, "own-7", 1))?.savedBy, "c");
    assert.equal(await store.getProgramme(TENANT, "own/../x"), null, "an unusable id names no row");
    await table.updateEntity({ partitionKey: TENANT, rowKey: programmeVersionKey("own-7", 1), json: JSON.stringify({ ...v, definition: { ...v.definition, country: "SE" } }) }, "Merge");
    await assert.rejects(store.getProgramme(TENANT, "own-7", 1), RowSchemaError);
  });
});
