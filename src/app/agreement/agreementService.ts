import { type AgreementFieldName, type AgreementFields, type AgreementVersion, type Party, changedFields } from "../../domain/agreement";
import { type Mentorship, acceptAgreement, acceptRevision, agreementPosted, editAgreement, editRevision, partyOf, proposeRevision, withdrawRevision } from "../../domain/mentorship";
import { type Result, fail, ok } from "../../domain/result";
import type { Clock } from "../../ports/clock";
import type { MentorshipStore, Stored } from "../../ports/store";
import type { Actor } from "../actor";
import { type Mutated, type Transition, mutateMentorship, stateOnly, withVersion } from "../mutate";
import { type RetryPolicy, defaultRetryPolicy } from "../optimistic";
import type { ChangeListener } from "../summaries";

/** What an agreement use case did, for the caller to act on (post the plan card, schedule the nudge). */
export type AgreementEvent =
  /** The agreement card is in the chat; `first`: this started the start-up phase. */
  | { readonly kind: "agreementPosted"; readonly first: boolean }
  | { readonly kind: "agreementSaved"; readonly version: number }
  | { readonly kind: "agreementAccepted"; readonly version: number; readonly by: Party }
  /** Both have accepted the same version: the agreement is locked and the plan comes next. */
  | { readonly kind: "agreementLocked"; readonly version: number }
  /** A party proposed a change of the agreement in force: the proposal's first version (a copy of it). */
  | { readonly kind: "revisionProposed"; readonly version: number; readonly by: Party }
  | { readonly kind: "revisionSaved"; readonly version: number }
  | { readonly kind: "revisionAccepted"; readonly version: number; readonly by: Party }
  /**
   * Both accepted the proposal: it is the agreement in force. `changed` names what differs from the
   * version it replaces (the frames, say: then the meetings' plan may need changing too).
   */
  | { readonly kind: "revisionAdopted"; readonly version: number; readonly replaced: number; readonly changed: readonly AgreementFieldName[] }
  | { readonly kind: "revisionWithdrawn"; readonly version: number; readonly by: Party };

export interface AgreementOutcome {
  readonly mentorship: Mentorship;
  readonly events: readonly AgreementEvent[];
}

export interface AgreementDeps {
  readonly store: Pick<MentorshipStore, "getMentorship" | "saveMentorship" | "getAgreementVersion">;
  readonly clock: Clock;
  readonly retry?: RetryPolicy;
  readonly onChanged?: ChangeListener;
}

/** The collaboration agreement: posted, edited (a new version), accepted by both (locked). */
export class AgreementService {
  private readonly retry: RetryPolicy;

  constructor(private readonly deps: AgreementDeps) {
    this.retry = deps.retry ?? defaultRetryPolicy;
  }

  private async mutate<T>(tenantId: string, id: string, transition: Transition<T>, loaded?: Stored<Mentorship> | null): Promise<Result<Mutated<T>>> {
    const r = await mutateMentorship(this.deps.store, this.retry, tenantId, id, transition, { loaded });
    if (r.ok) await this.deps.onChanged?.(tenantId, id, { mentorship: r.value.after });
    return r;
  }

  /** The agreement card was posted (or posted again) in the pair's chat. */
  async posted(tenantId: string, mentorshipId: string, loaded?: Stored<Mentorship> | null): Promise<Result<AgreementOutcome>> {
    const r = await this.mutate(tenantId, mentorshipId, ({ value }) => stateOnly(agreementPosted(value, this.deps.clock.now())), loaded);
    if (!r.ok) return r;
    return ok({ mentorship: r.value.after, events: [{ kind: "agreementPosted", first: r.value.before.phase === "preparation" }] });
  }

  /** A party saves the card's fields as a new version, merged over what changed since `baseVersion`. */
  async edit(actor: Actor, mentorshipId: string, baseVersion: number, fields: AgreementFields, loaded?: Stored<Mentorship> | null): Promise<Result<AgreementOutcome & { readonly version: AgreementVersion }>> {
    // The card shows the newest version almost always: its fields are in hand, no version row to read.
    const current = loaded?.value.id === mentorshipId && loaded.value.tenantId === actor.tenantId ? loaded.value : null;
    const base = current && current.agreement.version === baseVersion ? { fields: current.agreement.fields } : await this.deps.store.getAgreementVersion(actor.tenantId, mentorshipId, baseVersion);
    if (!base) {
      const exists = current ?? (await this.deps.store.getMentorship(actor.tenantId, mentorshipId))?.value;
      return fail(exists ? "AGREEMENT_STALE_VERSION" : "MENTORSHIP_NOT_FOUND", exists ? { current: exists.agreement.version } : undefined);
    }
    const r = await this.mutate(actor.tenantId, mentorshipId, ({ value }) => withVersion(editAgreement(value, actor.aadObjectId, { number: baseVersion, fields: base.fields, editedBy: "programme", at: "" }, fields, this.deps.clock.now())), loaded);
    if (!r.ok) return r;
    return ok({ mentorship: r.value.after, version: r.value.value, events: [{ kind: "agreementSaved", version: r.value.value.number }] });
  }

  async accept(actor: Actor, mentorshipId: string, version: number, loaded?: Stored<Mentorship> | null): Promise<Result<AgreementOutcome>> {
    const r = await this.mutate(actor.tenantId, mentorshipId, ({ value }) => stateOnly(acceptAgreement(value, actor.aadObjectId, version, this.deps.clock.now())), loaded);
    if (!r.ok) return r;
    const { before, after } = r.value;
    const by = partyOf(after, actor.aadObjectId) ?? "mentee";
    const events: AgreementEvent[] = [{ kind: "agreementAccepted", version, by }];
    if (before.agreement.lockedAt === null && after.agreement.lockedAt !== null) events.push({ kind: "agreementLocked", version });
    return ok({ mentorship: after, events });
  }

  // ---- revision of the agreement in force ------------------------------------------------------

  /** A party proposes a change of the agreement in force: a new version (its own row), a copy to edit. */
  async proposeRevision(actor: Actor, mentorshipId: string, loaded?: Stored<Mentorship> | null): Promise<Result<AgreementOutcome>> {
    const r = await this.mutate(actor.tenantId, mentorshipId, ({ value }) => withVersion(proposeRevision(value, actor.aadObjectId, this.deps.clock.now())), loaded);
    if (!r.ok) return r;
    const by = partyOf(r.value.after, actor.aadObjectId) ?? "mentee";
    return ok({ mentorship: r.value.after, events: [{ kind: "revisionProposed", version: r.value.value.number, by }] });
  }

  /** A party saves the proposal's fields as a new version, merged over what changed since `baseVersion`. */
  async editRevision(actor: Actor, mentorshipId: string, baseVersion: number, fields: AgreementFields, loaded?: Stored<Mentorship> | null): Promise<Result<AgreementOutcome & { readonly version: AgreementVersion }>> {
    const current = loaded?.value.id === mentorshipId && loaded.value.tenantId === actor.tenantId ? loaded.value : null;
    const open = current?.agreement.revision;
    // The card shows the proposal's newest version almost always: no version row to read then.
    const base = open && open.version === baseVersion ? { fields: open.fields } : await this.deps.store.getAgreementVersion(actor.tenantId, mentorshipId, baseVersion);
    if (!base) {
      const exists = current ?? (await this.deps.store.getMentorship(actor.tenantId, mentorshipId))?.value;
      if (!exists) return fail("MENTORSHIP_NOT_FOUND");
      const revision = exists.agreement.revision;
      return revision ? fail("AGREEMENT_STALE_VERSION", { current: revision.version }) : fail("NO_REVISION");
    }
    const r = await this.mutate(actor.tenantId, mentorshipId, ({ value }) => withVersion(editRevision(value, actor.aadObjectId, base, fields, this.deps.clock.now())), loaded);
    if (!r.ok) return r;
    return ok({ mentorship: r.value.after, version: r.value.value, events: [{ kind: "revisionSaved", version: r.value.value.number }] });
  }

  /** A party accepts the proposal's version shown; both on it: the proposal is the agreement in force. */
  async acceptRevision(actor: Actor, mentorshipId: string, version: number, loaded?: Stored<Mentorship> | null): Promise<Result<AgreementOutcome>> {
    const r = await this.mutate(actor.tenantId, mentorshipId, ({ value }) => stateOnly(acceptRevision(value, actor.aadObjectId, version, this.deps.clock.now())), loaded);
    if (!r.ok) return r;
    const { before, after } = r.value;
    const by = partyOf(after, actor.aadObjectId) ?? "mentee";
    const events: AgreementEvent[] = [{ kind: "revisionAccepted", version, by }];
    if (after.agreement.version !== before.agreement.version) {
      events.push({ kind: "revisionAdopted", version, replaced: before.agreement.version, changed: changedFields(before.agreement.fields, after.agreement.fields) });
    }
    return ok({ mentorship: after, events });
  }

  /** A party withdraws the open proposal (the version shown); the agreement in force stays as it is. */
  async withdrawRevision(actor: Actor, mentorshipId: string, version: number, loaded?: Stored<Mentorship> | null): Promise<Result<AgreementOutcome>> {
    const r = await this.mutate(actor.tenantId, mentorshipId, ({ value }) => stateOnly(withdrawRevision(value, actor.aadObjectId, version, this.deps.clock.now())), loaded);
    if (!r.ok) return r;
    const by = partyOf(r.value.after, actor.aadObjectId) ?? "mentee";
    return ok({ mentorship: r.value.after, events: [{ kind: "revisionWithdrawn", version, by }] });
  }
}
