import assert from "node:assert/strict";
import type { TableMentorshipStore } from "../../src/adapters/tables/tableStore";
import { SummaryWriter } from "../../src/app/summaries";
import { summarise } from "../../src/domain/summary";
import { t } from "../../src/i18n";
import { silentLogger } from "../../src/log";
import type { MentorshipStore } from "../../src/ports/store";
import { TENANT, mentee, mentor } from "../support/fixtures";
import { type Chat, botHarness, cardOf, cardText, findAction } from "./harness";

/** The real Table store, with every call of the store port counted by method. */
function counting(calls: string[]) {
  return (store: TableMentorshipStore): MentorshipStore =>
    new Proxy(store, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== "function" || typeof prop !== "string") return value;
        return (...args: unknown[]) => {
          calls.push(prop);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    }) as MentorshipStore;
}

const lang = "da";
const chat: Chat = { id: "19:store-calls@thread.v2", type: "groupChat", members: [mentor, mentee] };

async function started(calls: string[]) {
  const h = await botHarness({ wrapStore: counting(calls) });
  const setupId = findAction(cardOf((await h.say(chat, mentor, lang, "start"))[0]), "setup.submit")?.data["setupId"];
  await h.execute(chat, mentor, lang, "setup.submit", { setupId, programme: "klds", firstDay: "2027-01-04", unit: "X", language: lang });
  const id = (await h.service.getChat(TENANT, chat.id))?.activeMentorshipId ?? "";
  assert.ok(id);
  return { h, id };
}

const tally = (calls: readonly string[]) => calls.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c]: (acc[c] ?? 0) + 1 }), {});

describe("store calls per card action (the hot path: read once, write once, summary from the state in hand)", () => {
  it("an accept that locks the agreement: 3 store calls (getMentorship, saveMentorship, putSummaryTagged on the ETag this process last saw); main made 11", async () => {
    const calls: string[] = [];
    const { h, id } = await started(calls);
    await h.execute(chat, mentee, lang, "agreement.accept", { mentorshipId: id, version: 1 });
    calls.splice(0);
    const r = await h.execute(chat, mentor, lang, "agreement.accept", { mentorshipId: id, version: 1 });
    const counted = calls.splice(0);
    assert.ok(cardText(r.response?.body.value).includes(t(lang, "agreement.accepted", { version: 1 })));
    assert.ok((await h.service.getMentorship(TENANT, id))?.agreement.lockedAt, "locked");
    assert.ok(r.sent.some((a) => findAction(cardOf(a), "plan.book")), "the plan card is posted");
    assert.deepEqual(tally(counted), { getMentorship: 1, saveMentorship: 1, putSummaryTagged: 1 }, JSON.stringify(counted));
    assert.ok(counted.length <= 4);
    // The summary is current although nothing was read back: the overview shows the agreement agreed.
    const summary = (await h.store.getSummary(TENANT, id))?.value;
    assert.equal(summary?.agreementStatus, "agreed");
  });

  it("an agreement save: 3 store calls; every answered save is exactly one stored version", async () => {
    const calls: string[] = [];
    const { h, id } = await started(calls);
    let answered = 0;
    for (const [i, who] of [mentor, mentee, mentor].entries()) {
      const current = (await h.service.getMentorship(TENANT, id))!;
      // A later minute: the save changes the summary's last activity, so the summary row is written too.
      h.setNow(() => new Date(Date.parse("2027-01-11T08:00:00Z") + (i + 1) * 60_000));
      calls.splice(0);
      const r = await h.execute(chat, who, lang, "agreement.save", { mentorshipId: id, baseVersion: current.agreement.version, ...current.agreement.fields, meetingMinutes: String(current.agreement.fields.meetingMinutes), other: `ændring ${i}` });
      assert.ok(cardText(r.response?.body.value).includes(t(lang, "agreement.saved", { version: current.agreement.version + 1 })), cardText(r.response?.body.value).slice(0, 300));
      const counted = calls.splice(0);
      answered++;
      assert.deepEqual(tally(counted), { getMentorship: 1, saveMentorship: 1, putSummaryTagged: 1 }, JSON.stringify(counted));
    }
    const versions = await h.store.listAgreementVersions(TENANT, id);
    assert.equal(versions.length, 1 + answered, "one stored version per answered save, none lost");
    assert.deepEqual(versions.map((v) => v.number), [1, 2, 3, 4]);
    assert.equal(versions.at(-1)?.fields.other, "ændring 2");
    assert.equal((await h.store.getSummary(TENANT, id))?.value.lastActivityAt, (await h.service.getMentorship(TENANT, id))?.lastActivityAt);
  });

  it("a summary row another instance wrote meanwhile: the write on the remembered ETag conflicts, and the row ends as the newest state says", async () => {
    const calls: string[] = [];
    const { h, id } = await started(calls);
    // Another instance (its own writer, nothing remembered) writes the row from a state this process never saw.
    const other = new SummaryWriter(h.store, { now: () => new Date("2027-01-11T08:00:00Z") }, silentLogger);
    const seen = (await h.service.getMentorship(TENANT, id))!;
    await other.write({ mentorship: { ...seen, unit: "Written elsewhere" } });
    assert.equal((await h.store.getSummary(TENANT, id))?.value.unit, "Written elsewhere");
    // This process's next change writes on the ETag it remembers: 412, then everything read afresh.
    h.setNow(() => new Date("2027-01-11T08:05:00Z"));
    calls.splice(0);
    await h.execute(chat, mentee, lang, "agreement.accept", { mentorshipId: id, version: 1 });
    const counted = calls.splice(0);
    assert.ok(counted.includes("getSummary"), `the conflict made it read the row: ${JSON.stringify(counted)}`);
    const fresh = (await h.service.getMentorship(TENANT, id))!;
    const row = (await h.store.getSummary(TENANT, id))?.value;
    assert.equal(row?.unit, fresh.unit);
    assert.deepEqual(row, summarise(fresh, [], new Date("2027-01-11T08:05:00Z")));
  });
});
