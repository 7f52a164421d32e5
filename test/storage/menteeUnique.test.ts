// One active mentorship per mentee, also when two creations race: the mentee's active-mentorship
// row is inserted in the same Table transaction as the mentorship, on Azurite. The races are forced:
// every creation's first write waits until all of them have read, as two instances would.
import assert from "node:assert/strict";
import { TableClient, odata } from "@azure/data-tables";
import type { TableMentorshipStore } from "../../src/adapters/tables/tableStore";
import { MentorshipService } from "../../src/app/setup/mentorshipService";
import type { Mentorship } from "../../src/domain/mentorship";
import type { Result } from "../../src/domain/result";
import type { ConversationFacts } from "../../src/app/setup/mentorshipService";
import { freshStore } from "../support/azurite";
import { TENANT, colleague, mentee, mentor } from "../support/fixtures";

const clock = { now: () => new Date("2027-01-05T08:00:00Z") };
const prepared = (mentorPerson = mentor) => ({ programme: "kristiansand" as const, language: "nb" as const, unit: "Sykehjem Vest", firstWorkingDay: "2027-01-04", mentor: mentorPerson, mentee });

/** The real store, whose first `n` creating writes each wait until `n` have been asked for. */
function racing(store: TableMentorshipStore, n: number): TableMentorshipStore {
  let waiting: (() => void)[] = [];
  let left = n;
  const gate = () =>
    left <= 0
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          left--;
          waiting.push(resolve);
          if (left === 0) {
            for (const w of waiting) w();
            waiting = [];
          }
        });
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if ((prop === "insertMentorship" || prop === "createMentorship") && typeof value === "function") {
        return async (...args: unknown[]) => {
          await gate();
          return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        };
      }
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const activeOfMentee = (ms: readonly Mentorship[]) => ms.filter((m) => m.mentee.aadObjectId === mentee.aadObjectId && m.phase !== "closed");
const refusals = (rs: readonly Result<unknown>[]) => rs.filter((r) => !r.ok).map((r) => (r.ok ? "" : r.error.code));

describe("a mentee has at most one active mentorship, even under concurrency", function () {
  this.timeout(30000);

  it("two coordinators preparing one at the same moment: exactly one is stored, the other is told MENTEE_HAS_ACTIVE_MENTORSHIP", async () => {
    const { store } = await freshStore();
    const shared = racing(store, 2);
    // Two instances of the app.
    const a = new MentorshipService({ store: shared, clock });
    const b = new MentorshipService({ store: shared, clock });
    const results = await Promise.all([a.prepare(TENANT, "coord-1", prepared()), b.prepare(TENANT, "coord-2", prepared(colleague))]);
    assert.equal(results.filter((r) => r.ok).length, 1);
    assert.deepEqual(refusals(results), ["MENTEE_HAS_ACTIVE_MENTORSHIP"]);
    assert.equal(activeOfMentee(await store.mentorshipsOf(TENANT, mentee.aadObjectId)).length, 1);
  });

  it("a chat setup and a coordinator's prepare at the same moment: exactly one", async () => {
    const { store } = await freshStore();
    const shared = racing(store, 2);
    const chatSide = new MentorshipService({ store: shared, clock });
    const tabSide = new MentorshipService({ store: shared, clock });
    const conv: ConversationFacts = { tenantId: TENANT, conversationId: "19:race@thread.v2", conversationType: "groupChat", reference: {} };
    const members = [mentor, mentee];
    const actor = { ...mentor, tenantId: TENANT, language: "nb" as const };
    const setup = await chatSide.beginSetup(actor, conv, members);
    assert.ok(setup.ok);
    const input = { setupId: setup.value.setupId, programme: "kristiansand" as const, firstWorkingDay: "2027-01-04", unit: "Vågsbygd", language: "nb" as const };
    const results = await Promise.all([chatSide.completeSetup(actor, conv, input, members), tabSide.prepare(TENANT, "coord-1", prepared(colleague))]);
    assert.equal(results.filter((r) => r.ok).length, 1);
    assert.deepEqual(refusals(results), ["MENTEE_HAS_ACTIVE_MENTORSHIP"]);
    assert.equal(activeOfMentee(await store.mentorshipsOf(TENANT, mentee.aadObjectId)).length, 1);
  });

  it("two chat setups for one mentee in two chats at the same moment (e.g. one from a personal-chat start): exactly one", async () => {
    const { store } = await freshStore();
    const shared = racing(store, 2);
    const one = new MentorshipService({ store: shared, clock });
    const two = new MentorshipService({ store: shared, clock });
    const start = async (service: MentorshipService, who: typeof mentor, conversationId: string) => {
      const conv: ConversationFacts = { tenantId: TENANT, conversationId, conversationType: "groupChat", reference: {} };
      const actor = { ...who, tenantId: TENANT, language: "nb" as const };
      const setup = await service.beginSetup(actor, conv, [who, mentee]);
      assert.ok(setup.ok);
      return () => service.completeSetup(actor, conv, { setupId: setup.value.setupId, programme: "kristiansand", firstWorkingDay: "2027-01-04", unit: "Vågsbygd", language: "nb" }, [who, mentee]);
    };
    const submits = [await start(one, mentor, "19:chat-a@thread.v2"), await start(two, colleague, "19:chat-b@thread.v2")];
    const results = await Promise.all(submits.map((s) => s()));
    assert.equal(results.filter((r) => r.ok).length, 1);
    assert.deepEqual(refusals(results), ["MENTEE_HAS_ACTIVE_MENTORSHIP"]);
    assert.equal(activeOfMentee(await store.mentorshipsOf(TENANT, mentee.aadObjectId)).length, 1);
    // The index names the mentee in the one mentorship only.
    assert.equal((await store.rolesOf(TENANT, mentee.aadObjectId)).length, 1);
  });

  it("the chat setup refuses a mentee who already has one elsewhere, and an older mentorship without the row still blocks", async () => {
    const { store, connectionString, tableName } = await freshStore();
    const service = new MentorshipService({ store, clock });
    const first = await service.prepare(TENANT, "coord-1", prepared());
    assert.ok(first.ok);

    const conv: ConversationFacts = { tenantId: TENANT, conversationId: "19:other@thread.v2", conversationType: "groupChat", reference: {} };
    const actor = { ...colleague, tenantId: TENANT, language: "nb" as const };
    const setup = await service.beginSetup(actor, conv, [colleague, mentee]);
    assert.ok(setup.ok);
    const chat = await service.completeSetup(actor, conv, { setupId: setup.value.setupId, programme: "kristiansand", firstWorkingDay: "2027-01-04", unit: "Vågsbygd", language: "nb" }, [colleague, mentee]);
    assert.deepEqual(chat.ok ? null : chat.error.code, "MENTEE_HAS_ACTIVE_MENTORSHIP");

    // Written by older code: the mentorship is there, its mentee row is not.
    const table = TableClient.fromConnectionString(connectionString, tableName, { allowInsecureConnection: true });
    const rows = table.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${TENANT} and kind eq ${"activeMentee"}` } });
    let removed = 0;
    for await (const r of rows) {
      await table.deleteEntity(r.partitionKey!, r.rowKey!);
      removed++;
    }
    assert.equal(removed, 1, "prepare wrote exactly one mentee row");
    const again = await service.prepare(TENANT, "coord-2", prepared(colleague));
    assert.deepEqual(again.ok ? null : again.error.code, "MENTEE_HAS_ACTIVE_MENTORSHIP");
  });

  it("closing releases the mentee row in the same transaction as the save (conditionally), and the mentee can then start again", async () => {
    const { store } = await freshStore();
    const service = new MentorshipService({ store, clock });
    const first = await service.prepare(TENANT, "coord-1", prepared());
    assert.ok(first.ok);
    const row = await store.getActiveOfMentee(TENANT, mentee.aadObjectId);
    assert.deepEqual(row?.value, first.value.id);
    const stored = (await store.getMentorship(TENANT, first.value.id))!;
    const closed: Mentorship = { ...stored.value, phase: "closed" };

    // A stale ETag on either row: nothing changes.
    assert.equal(await store.saveMentorshipReleasingMentee(closed, stored.etag, `${row!.etag.slice(0, -2)}x"`), "conflict");
    assert.equal((await store.getMentorship(TENANT, first.value.id))?.value.phase, "preparation", "the save did not happen either");
    assert.equal((await store.getActiveOfMentee(TENANT, mentee.aadObjectId))?.value, first.value.id);

    assert.equal(await store.saveMentorshipReleasingMentee(closed, stored.etag, row!.etag), "saved");
    assert.equal((await store.getMentorship(TENANT, first.value.id))?.value.phase, "closed");
    assert.equal((await store.getActiveOfMentee(TENANT, mentee.aadObjectId))?.value, null, "released");

    const next = await service.prepare(TENANT, "coord-1", prepared(colleague));
    assert.ok(next.ok, "a new mentorship takes the released row");
    assert.equal((await store.getActiveOfMentee(TENANT, mentee.aadObjectId))?.value, next.value.id);
  });
});
