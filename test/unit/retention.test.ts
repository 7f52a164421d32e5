// Issue 13: retention's pure parts — calendar months in UTC (never early), the sweep's time, the
// archive hold's transition, and the three settings as config reads them.
import assert from "node:assert/strict";
import fc from "fast-check";
import { renderRemovedCard } from "../../src/cards/removedCard";
import { ConfigError, loadConfig } from "../../src/config";
import { AuditTrail } from "../../src/app/audit/auditTrail";
import { RetentionIncompleteError, RetentionService, nextSweepAt } from "../../src/app/retention/retentionService";
import { NO_LEADER_COLUMNS, type MentorshipSummary } from "../../src/domain/summary";
import { silentLogger } from "../../src/log";
import { ArchiveHoldReasons, type Mentorship } from "../../src/domain/mentorship";
import { ARCHIVE_HOLD_REASONS } from "../../src/tab/api";
import { addMonths, mayErase, purgeDue, setArchiveHold, subtractMonths } from "../../src/domain/retention";
import { t } from "../../src/i18n";
import { assertValidCard } from "../support/cardSchema";
import { cardText } from "../bot/harness";

const base = { STORAGE_CONNECTION_STRING: "UseDevelopmentStorage=true", LOCAL_ANONYMOUS_BOT: "true" };

describe("retention: months, the sweep's time, the hold (issue 13)", () => {
  it("adds calendar months in UTC; a day the month lacks is its last day", () => {
    assert.equal(addMonths(new Date("2027-03-31T14:00:00Z"), 3).toISOString(), "2027-06-30T14:00:00.000Z");
    assert.equal(addMonths(new Date("2027-08-31T00:00:00Z"), 6).toISOString(), "2028-02-29T00:00:00.000Z");
    assert.equal(addMonths(new Date("2026-08-31T00:00:00Z"), 6).toISOString(), "2027-02-28T00:00:00.000Z");
    assert.equal(addMonths(new Date("2027-01-15T10:00:00Z"), 24).toISOString(), "2029-01-15T10:00:00.000Z");
    assert.equal(subtractMonths(new Date("2027-03-31T00:00:00Z"), 1).toISOString(), "2027-02-28T00:00:00.000Z");
  });

  it("never purges early: for any instant and months, due exactly from closedAt + months on, and at least months×28 days later", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("2020-01-01"), max: new Date("2040-01-01"), noInvalidDate: true }), fc.integer({ min: 1, max: 240 }), (closed, months) => {
        const due = addMonths(closed, months);
        assert.ok(due.getTime() - closed.getTime() >= months * 28 * 86_400_000);
        assert.equal(purgeDue(closed.toISOString(), months, new Date(due.getTime() - 1)), false);
        assert.equal(purgeDue(closed.toISOString(), months, due), true);
      }),
      { numRuns: 500 },
    );
    assert.equal(purgeDue("not a date", 1, new Date()), false, "a row without a real close date is never purged");
  });

  it("sweeps at 02:00 UTC, strictly after the instant given", () => {
    assert.equal(nextSweepAt(new Date("2027-05-01T01:59:59Z")).toISOString(), "2027-05-01T02:00:00.000Z");
    assert.equal(nextSweepAt(new Date("2027-05-01T02:00:00Z")).toISOString(), "2027-05-02T02:00:00.000Z");
    assert.equal(nextSweepAt(new Date("2027-12-31T23:00:00Z")).toISOString(), "2028-01-01T02:00:00.000Z");
  });

  it("sets, replaces and clears the hold (the same state again is NO_CHANGES); erasure refused while set, with the reason code", () => {
    const m = { id: "m1", archiveHold: null } as unknown as Mentorship;
    const now = new Date("2027-05-01T08:00:00Z");
    assert.deepEqual(setArchiveHold(m, null, "c1", now), { ok: false, error: { code: "NO_CHANGES" } });
    const held = setArchiveHold(m, "complaint", "c1", now);
    assert.ok(held.ok);
    assert.deepEqual(held.value.archiveHold, { reason: "complaint", setBy: "c1", at: now.toISOString() });
    assert.deepEqual(setArchiveHold(held.value, "complaint", "c2", now), { ok: false, error: { code: "NO_CHANGES" } });
    assert.equal((setArchiveHold(held.value, "legalObligation", "c2", now) as { value: Mentorship }).value.archiveHold?.reason, "legalObligation");
    assert.deepEqual(mayErase(held.value), { ok: false, error: { code: "ARCHIVE_HOLD_SET", params: { reason: "complaint" } } });
    const cleared = setArchiveHold(held.value, null, "c1", now);
    assert.ok(cleared.ok);
    assert.equal(cleared.value.archiveHold, null);
    assert.deepEqual(mayErase(cleared.value), { ok: true, value: null });
  });

  it("the tab offers exactly the domain's archive hold reasons, each worded in every language", () => {
    assert.deepEqual([...ARCHIVE_HOLD_REASONS], [...ArchiveHoldReasons]);
    for (const lang of ["da", "nb", "en"] as const) for (const r of ArchiveHoldReasons) {
      assert.notEqual(t(lang, `tab.hold.reason.${r}`), `tab.hold.reason.${r}`);
      assert.notEqual(t(lang, `archiveHold.reason.${r}`), `archiveHold.reason.${r}`);
    }
  });

  it("config: 24, 3 and 6 months by default; each settable within 1..240; anything else refused at start", () => {
    assert.deepEqual(loadConfig(base).retention, { mentorshipMonths: 24, journalMonths: 3, auditMonths: 6 });
    assert.deepEqual(loadConfig({ ...base, MENTORSHIP_RETENTION_MONTHS: "36", JOURNAL_RETENTION_MONTHS: "1", AUDIT_RETENTION_MONTHS: "12" }).retention, { mentorshipMonths: 36, journalMonths: 1, auditMonths: 12 });
    for (const bad of ["0", "-1", "241", "2.5", "two"]) {
      for (const k of ["MENTORSHIP_RETENTION_MONTHS", "JOURNAL_RETENTION_MONTHS", "AUDIT_RETENTION_MONTHS"]) assert.throws(() => loadConfig({ ...base, [k]: bad }), ConfigError, `${k}=${bad}`);
    }
  });

  it("one purge that fails never keeps the others: they go, it is logged, and the sweep fails so the job runs again", async () => {
    const closed = (id: string): MentorshipSummary => ({ mentorshipId: id, menteeName: "", menteeAadObjectId: `mentee-${id}`, mentorName: "", mentorAadObjectId: "", unit: "", programme: "klds", phase: "closed", phaseSince: "", firstWorkingDay: "", createdAt: "", agreementStatus: "agreed", agreementPostedAt: "", agreementLockedAt: "", meetingsHeld: 0, meetingsPlanned: 0, nextMeetingUtc: "", plannedStartsUtc: "", lastMeetingUtc: "", lastActivityAt: "", language: "da", timeZone: "", pausedAt: "", awaitingChatSince: "", closingReason: "completed", closingStartedAt: "", closedAt: "2024-01-01T00:00:00.000Z", pairingConcernAt: "", meetingsDropped: 0, ...NO_LEADER_COLUMNS });
    const erased: string[] = [];
    const warnings: string[] = [];
    const clock = { now: () => new Date("2027-01-01T02:00:00Z") };
    const service = new RetentionService({
      settings: { mentorshipMonths: 24, journalMonths: 3, auditMonths: 6 },
      summaries: { listSummaries: async () => [closed("a"), closed("b"), closed("c")] },
      store: { getMentorship: async (_t, id) => ({ value: { id, archiveHold: null } as unknown as Mentorship, etag: "e" }) },
      erasure: {
        erase: async (_t, id) => {
          if (id === "b") throw new Error("storage went away");
          erased.push(id);
          return { ok: true, value: { mentorshipId: id, cardsReplaced: 0, journalEntries: 0 } };
        },
      },
      audit: new AuditTrail(null, clock, silentLogger),
      jobs: { schedule: async () => undefined },
      clock,
      log: { ...silentLogger, warn: (event, fields) => void warnings.push(`${event}:${String(fields?.["mentorshipId"])}`) },
    });
    await assert.rejects(service.sweep("t1"), RetentionIncompleteError);
    assert.deepEqual(erased, ["a", "c"]);
    assert.deepEqual(warnings, ["retention.purge.failed:b"]);
  });

  for (const lang of ["da", "nb", "en"] as const) {
    it(`${lang}: the "removed" card validates against Adaptive Cards 1.5 and says only that it was removed`, () => {
      const card = renderRemovedCard(lang);
      assertValidCard(card, `removed-${lang}`);
      assert.equal(cardText(card), [t(lang, "erasure.removed.title"), t(lang, "erasure.removed.text")].join("\n"));
    });
  }
});
