/**
 * Pairs of the Playground's personas, made through the real use cases (the same calls the bot's
 * setup card and agreement card make), for tests that need mentorships in storage.
 */
import assert from "node:assert/strict";
import type { Actor, Member } from "../../src/app/actor";
import type { ConversationFacts, MentorshipService } from "../../src/app/setup/mentorshipService";
import type { Language } from "../../src/domain/language";
import type { ProgrammeId } from "../../src/domain/programmes";
import { PERSONAS, type Persona, TENANT_ID } from "./e2e";

export const memberOf = (p: Persona): Member => ({ aadObjectId: p.aadObjectId, name: p.name, channelUserId: p.id });
export const actorOf = (p: Persona, language: Language = "da"): Actor => ({ ...memberOf(p), tenantId: TENANT_ID, language });

export interface PairOptions {
  readonly chatId: string;
  readonly mentor?: Persona;
  readonly mentee: Persona;
  readonly programme: ProgrammeId;
  readonly firstWorkingDay?: string;
  readonly unit: string;
  readonly language?: Language;
  /** "posted": the agreement card is out (start-up); "agreed": both accepted version 1 (learning). Default: only created. */
  readonly until?: "created" | "posted" | "agreed";
}

/** The mentor starts a mentorship in the pair's group chat and fills the setup card; returns its id. */
export async function pairThroughUseCases(service: MentorshipService, o: PairOptions): Promise<string> {
  const mentor = o.mentor ?? PERSONAS.mentor;
  const conv: ConversationFacts = { tenantId: TENANT_ID, conversationId: o.chatId, conversationType: "groupChat", reference: { serviceUrl: "http://127.0.0.1:9/" } };
  const members = [memberOf(mentor), memberOf(o.mentee)];
  const setup = await service.beginSetup(actorOf(mentor), conv, members);
  assert.ok(setup.ok);
  const input = { setupId: setup.value.setupId, programme: o.programme, firstWorkingDay: o.firstWorkingDay ?? "2027-01-04", unit: o.unit, language: o.language ?? "da" };
  const created = await service.completeSetup(actorOf(mentor), conv, input, members);
  assert.ok(created.ok);
  const id = created.value.id;
  if (o.until === "posted" || o.until === "agreed") assert.ok((await service.markAgreementPosted(TENANT_ID, id)).ok);
  if (o.until === "agreed") {
    assert.ok((await service.acceptAgreement(actorOf(o.mentee), id, 1)).ok);
    assert.ok((await service.acceptAgreement(actorOf(mentor), id, 1)).ok);
  }
  return id;
}
