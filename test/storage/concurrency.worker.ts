/**
 * One app process of the contention test: the real service and Table Storage adapter against a
 * shared Azurite. Prints its results as one JSON line on stdout.
 */
import { TableMentorshipStore } from "../../src/adapters/tables/tableStore";
import { MentorshipService } from "../../src/app/setup/mentorshipService";
import { systemClock } from "../../src/ports/clock";
import type { Actor } from "../../src/app/actor";

async function main() {
  const [connectionString, tableName, tenantId, mentorshipId, role, aadObjectId, phase, pairs] = process.argv.slice(2) as [string, string, string, string, "mentor" | "mentee", string, "edit" | "acceptLatest", string];
  const store = TableMentorshipStore.fromConnectionString(connectionString, tableName);
  const service = new MentorshipService({ store, clock: systemClock, retry: { deadlineMs: 30000, random: Math.random, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) } });
  const actor: Actor = { tenantId, aadObjectId, name: role, channelUserId: `29:${role}`, language: "en" };
  const field = role === "mentor" ? "purpose" : "shortTermGoals";
  const edits: { marker: string; version: number }[] = [];
  const accepts: { version: number; ok: boolean; code?: string }[] = [];

  if (phase === "edit") {
    for (let i = 0; i < Number(pairs); i++) {
      const latest = await service.getMentorship(tenantId, mentorshipId);
      if (!latest) throw new Error("mentorship missing");
      const marker = `${role}-${i}`;
      const r = await service.editAgreement(actor, mentorshipId, latest.agreement.version, { ...latest.agreement.fields, [field]: marker });
      if (!r.ok) throw new Error(`edit refused: ${r.error.code}`);
      edits.push({ marker, version: r.value.version.number });
      // Accept the version this edit produced: succeeds only while no one else has edited since.
      const a = await service.acceptAgreement(actor, mentorshipId, r.value.version.number);
      accepts.push(a.ok ? { version: r.value.version.number, ok: true } : { version: r.value.version.number, ok: false, code: a.error.code });
    }
  } else {
    const latest = await service.getMentorship(tenantId, mentorshipId);
    if (!latest) throw new Error("mentorship missing");
    const a = await service.acceptAgreement(actor, mentorshipId, latest.agreement.version);
    accepts.push(a.ok ? { version: latest.agreement.version, ok: true } : { version: latest.agreement.version, ok: false, code: a.error.code });
  }
  process.stdout.write(`${JSON.stringify({ role, edits, accepts })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
