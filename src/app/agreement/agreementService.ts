import type { AgreementFields, AgreementVersion, Party } from "../../domain/agreement";
import { type Mentorship, acceptAgreement, agreementPosted, editAgreement, partyOf } from "../../domain/mentorship";
import { type Result, fail, ok } from "../../domain/result";
import type { Clock } from "../../ports/clock";
import type { MentorshipStore, Stored } from "../../ports/store";
import type { Actor } from "../actor";
import { type Mutated, type Transition, mutateMentorship } from "../mutate";
import { type RetryPolicy, defaultRetryPolicy } from "../optimistic";
import type { ChangeListener } from "../summaries";

/** What an agreement use case did, for the caller to act on (post the plan card, schedule the nudge). */
export type AgreementEvent =
  /** The agreement card is in the chat; `first`: this started the start-up phase. */
  | { readonly kind: "agreementPosted"; readonly first: boolean }
  | { readonly kind: "agreementSaved"; readonly version: number }
  | { readonly kind: "agreementAccepted"; readonly version: number; readonly by: Party }
  /** Both have accepted the same version: the agreement is locked and the plan comes next. */
  | { readonly kind: "agreementLocked"; readonly version: number };

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
    const r = await this.mutate(tenantId, mentorshipId, ({ value }) => {
      const next = agreementPosted(value, this.deps.clock.now());
      return next.ok ? ok({ mentorship: next.value, value: null }) : next;
    }, loaded);
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
    const r = await this.mutate(actor.tenantId, mentorshipId, ({ value }) => {
      const next = editAgreement(value, actor.aadObjectId, { number: baseVersion, fields: base.fields, editedBy: "programme", at: "" }, fields, this.deps.clock.now());
      return next.ok ? ok({ mentorship: next.value.mentorship, version: next.value.version, value: next.value.version }) : next;
    }, loaded);
    if (!r.ok) return r;
    return ok({ mentorship: r.value.after, version: r.value.value, events: [{ kind: "agreementSaved", version: r.value.value.number }] });
  }

  async accept(actor: Actor, mentorshipId: string, version: number, loaded?: Stored<Mentorship> | null): Promise<Result<AgreementOutcome>> {
    const r = await this.mutate(actor.tenantId, mentorshipId, ({ value }) => {
      const next = acceptAgreement(value, actor.aadObjectId, version, this.deps.clock.now());
      return next.ok ? ok({ mentorship: next.value, value: null }) : next;
    }, loaded);
    if (!r.ok) return r;
    const { before, after } = r.value;
    const by = partyOf(after, actor.aadObjectId) ?? "mentee";
    const events: AgreementEvent[] = [{ kind: "agreementAccepted", version, by }];
    if (before.agreement.lockedAt === null && after.agreement.lockedAt !== null) events.push({ kind: "agreementLocked", version });
    return ok({ mentorship: after, events });
  }
}
