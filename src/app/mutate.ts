import type { AgreementVersion } from "../domain/agreement";
import type { Mentorship } from "../domain/mentorship";
import { type Result, fail, ok } from "../domain/result";
import type { MentorshipStore, SaveOutcome, Stored } from "../ports/store";
import { type Attempt, type RetryPolicy, withOptimisticRetry } from "./optimistic";

/** A pure transition's answer: the next state (and, for an agreement edit, its new version) and what to tell the caller. */
export type Transition<T> = (m: Stored<Mentorship>) => Result<{ readonly mentorship: Mentorship; readonly version?: AgreementVersion; readonly value: T }>;

export interface Mutated<T> {
  readonly value: T;
  /** The state the saved transition started from, and the state saved. */
  readonly before: Mentorship;
  readonly after: Mentorship;
}

export interface MutateOptions {
  /**
   * The state the caller already read (a card action's router reads the mentorship once): the first
   * attempt starts from it; only a conflict makes it read again.
   */
  readonly loaded?: Stored<Mentorship> | null | undefined;
  /** Another conditional write than saveMentorship (a plan with its jobs, a booking with its meetings). */
  readonly write?: (next: Mentorship, etag: string, version?: AgreementVersion) => Promise<SaveOutcome>;
}

/** A domain transition's next state as a Transition's answer, with nothing else to tell. */
export function stateOnly(next: Result<Mentorship>): Result<{ readonly mentorship: Mentorship; readonly value: null }> {
  return next.ok ? ok({ mentorship: next.value, value: null }) : next;
}

/** A domain transition that made a new agreement version: saved with the state, and told. */
export function withVersion(next: Result<{ readonly mentorship: Mentorship; readonly version: AgreementVersion }>): Result<{ readonly mentorship: Mentorship; readonly version: AgreementVersion; readonly value: AgreementVersion }> {
  return next.ok ? ok({ mentorship: next.value.mentorship, version: next.value.version, value: next.value.version }) : next;
}

/**
 * The one optimistic mutation of a mentorship: load → pure transition → conditional save, re-read
 * and re-applied on a conflict (withOptimisticRetry) until the deadline. BUSY_TRY_AGAIN when out of time.
 */
export async function mutateMentorship<T>(store: Pick<MentorshipStore, "getMentorship" | "saveMentorship">, retry: RetryPolicy, tenantId: string, id: string, transition: Transition<T>, options: MutateOptions = {}): Promise<Result<Mutated<T>>> {
  let loaded = options.loaded && options.loaded.value.tenantId === tenantId && options.loaded.value.id === id ? options.loaded : undefined;
  const outcome = await withOptimisticRetry<Result<Mutated<T>>>(async (): Promise<Attempt<Result<Mutated<T>>>> => {
    const stored = loaded ?? (await store.getMentorship(tenantId, id));
    loaded = undefined; // a retry starts from fresh state
    if (!stored) return { kind: "done", value: fail("MENTORSHIP_NOT_FOUND") };
    const r = transition(stored);
    if (!r.ok) return { kind: "done", value: r };
    const { mentorship, version, value } = r.value;
    const save = () => (options.write ? options.write(mentorship, stored.etag, version) : store.saveMentorship(mentorship, stored.etag, version));
    return { kind: "write", value: ok({ value, before: stored.value, after: mentorship }), save };
  }, retry);
  return outcome ?? fail("BUSY_TRY_AGAIN");
}
