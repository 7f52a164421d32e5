/**
 * One app process of the many-mentorships contention test: for every mentorship named, the mentor
 * or its mentee (one role per process) edits their own field and accepts the version the edit made,
 * `pairs` times in a row; all mentorships at once. Prints one JSON line: every edit's marker and
 * version, every accept's outcome.
 */
import { TableMentorshipStore } from "../../src/adapters/tables/tableStore";
import type { Actor } from "../../src/app/actor";
import { MentorshipService } from "../../src/app/setup/mentorshipService";
import { systemClock } from "../../src/ports/clock";

async function main() {
  const [connectionString, tableName, tenantId, ids, role, aadObjectId, pairs] = process.argv.slice(2) as [string, string, string, string, "mentor" | "mentee", string, string];
  const store = TableMentorshipStore.fromConnectionString(connectionString, tableName);
  const service = new MentorshipService({ store, clock: systemClock, retry: { deadlineMs: 60000, random: Math.random, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) } });
  // The mentor is one person for all; each mentorship has its own mentee (`mentee-{id}`, as the test seeds them).
  const actorFor = (mentorshipId: string): Actor =>
    role === "mentor" ? { tenantId, aadObjectId, name: role, channelUserId: `29:${role}`, language: "en" } : { tenantId, aadObjectId: `mentee-${mentorshipId}`, name: role, channelUserId: `29:mentee-${mentorshipId}`, language: "en" };
  const field = role === "mentor" ? "purpose" : "shortTermGoals";
  const results = await Promise.all(
    ids.split(",").map(async (mentorshipId) => {
      const edits: { marker: string; version: number }[] = [];
      const accepts: { ok: boolean; code?: string }[] = [];
      for (let i = 0; i < Number(pairs); i++) {
        const latest = await service.getMentorship(tenantId, mentorshipId);
        if (!latest) throw new Error("mentorship missing");
        const marker = `${role}-${mentorshipId}-${i}`;
        const r = await service.editAgreement(actorFor(mentorshipId), mentorshipId, latest.agreement.version, { ...latest.agreement.fields, [field]: marker });
        if (!r.ok) throw new Error(`edit refused: ${r.error.code}`);
        edits.push({ marker, version: r.value.version.number });
        const a = await service.acceptAgreement(actorFor(mentorshipId), mentorshipId, r.value.version.number);
        accepts.push(a.ok ? { ok: true } : { ok: false, code: a.error.code });
      }
      return { mentorshipId, edits, accepts };
    }),
  );
  process.stdout.write(`${JSON.stringify({ role, results })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.name : "error"}\n`);
  process.exit(1);
});
