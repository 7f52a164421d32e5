import assert from "node:assert/strict";
import type { AgreementFields, AgreementVersion } from "../../src/domain/agreement";

/** One answered edit of the contention tests: the mentor writes `purpose`, the mentee `shortTermGoals`. */
export interface AnsweredEdit {
  readonly by: "mentor" | "mentee";
  readonly marker: string;
  readonly version: number;
}

/**
 * What "nothing lost" means for concurrent edits of one agreement: every answered edit is exactly one
 * stored version, numbered without gaps, holding the editor's own marker; and every version still
 * carries the other party's latest text (re-applied on a conflict, never overwritten).
 */
export function assertNothingLost(versions: readonly AgreementVersion[], edits: readonly AnsweredEdit[], initial: AgreementFields): void {
  assert.deepEqual(versions.map((v) => v.number), Array.from({ length: edits.length + 1 }, (_, i) => i + 1), "one version per answered edit, no gaps");
  assert.equal(new Set(edits.map((e) => e.version)).size, edits.length, "no two edits claim the same version");
  for (const e of edits) {
    const v = versions[e.version - 1];
    assert.ok(v);
    assert.equal(v.editedBy, e.by);
    assert.equal(e.by === "mentor" ? v.fields.purpose : v.fields.shortTermGoals, e.marker);
  }
  let lastMentor = initial.purpose;
  let lastMentee = initial.shortTermGoals;
  for (const v of versions.slice(1)) {
    if (v.editedBy === "mentor") lastMentor = v.fields.purpose;
    else lastMentee = v.fields.shortTermGoals;
    assert.equal(v.fields.purpose, lastMentor, `version ${v.number} lost the mentor's text`);
    assert.equal(v.fields.shortTermGoals, lastMentee, `version ${v.number} lost the mentee's text`);
  }
}
