/**
 * Mentorships for the closing's calendar tests: a pair agreed through the real use cases, its plan
 * booked, some meetings held, and then closed — the closed state written directly as a domain value
 * (phase "closed" and a Closing per src/domain/closing.ts), as the closing use case will leave it.
 */
import assert from "node:assert/strict";
import type { Actor, Member } from "../../src/app/actor";
import type { ConversationFacts, MentorshipService } from "../../src/app/setup/mentorshipService";
import type { Closing } from "../../src/domain/closing";
import type { Mentorship } from "../../src/domain/mentorship";
import type { ProgrammeId } from "../../src/domain/programmes";
import type { MentorshipStore } from "../../src/ports/store";

/** Creates the pair in `chatId` and has both accept version 1 (the learning phase); returns its id. */
export async function agreedPair(
  service: MentorshipService,
  o: { tenantId: string; chatId: string; mentor: Member; mentee: Member; programme: ProgrammeId; firstWorkingDay: string },
): Promise<string> {
  const as = (m: Member): Actor => ({ ...m, tenantId: o.tenantId, language: "da" });
  const conv: ConversationFacts = { tenantId: o.tenantId, conversationId: o.chatId, conversationType: "groupChat", reference: { serviceUrl: "http://127.0.0.1:9/" } };
  const members = [o.mentor, o.mentee];
  const setup = await service.beginSetup(as(o.mentor), conv, members);
  assert.ok(setup.ok);
  const created = await service.completeSetup(as(o.mentor), conv, { setupId: setup.value.setupId, programme: o.programme, firstWorkingDay: o.firstWorkingDay, unit: "Enhed", language: "da" }, members);
  assert.ok(created.ok, JSON.stringify(created));
  const id = created.value.id;
  assert.ok((await service.markAgreementPosted(o.tenantId, id)).ok);
  assert.ok((await service.acceptAgreement(as(o.mentee), id, 1)).ok);
  assert.ok((await service.acceptAgreement(as(o.mentor), id, 1)).ok);
  return id;
}

/** A finished evaluation both confirmed at `at`, as the closing leaves it. */
export function closingAt(at: Date, phase: "closed" | "closing" = "closed"): Closing {
  const iso = at.toISOString();
  return {
    reason: "completed",
    startedBy: "programme",
    startedAt: new Date(at.getTime() - 7 * 86_400_000).toISOString(),
    agreementVersion: 1,
    evaluation: {
      version: 2,
      fields: { goals: [], worked: "Samtalerne", couldBeBetter: "", recommendations: "" },
      editedBy: "mentor",
      at: iso,
      confirmations: phase === "closed" ? { mentor: { version: 2, at: iso }, mentee: { version: 2, at: iso } } : { mentor: { version: 2, at: iso } },
      shareWithLeader: false,
      shareWithLeaderAt: null,
    },
    closedAt: phase === "closed" ? iso : null,
  };
}

/** Writes the mentorship closed (or closing) at `at`, as the closing use case would. */
export async function closeDirectly(store: MentorshipStore, tenantId: string, id: string, at: Date, phase: "closed" | "closing" = "closed"): Promise<Mentorship> {
  const stored = await store.getMentorship(tenantId, id);
  assert.ok(stored);
  const next: Mentorship = { ...stored.value, phase, phaseSince: at.toISOString(), closing: closingAt(at, phase) };
  assert.equal(await store.saveMentorship(next, stored.etag), "saved");
  return next;
}

/** The job the closing schedules once the mentorship is closed (contract: id `${mentorshipId}:closing.calendar`, payload {}). */
export const closingCalendarJob = (tenantId: string, mentorshipId: string, at: Date) =>
  ({ id: `${mentorshipId}:closing.calendar`, kind: "closing.calendar", tenantId, mentorshipId, dueAt: at.toISOString(), payload: {} }) as const;
