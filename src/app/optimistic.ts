import type { SaveOutcome } from "../ports/store";

export interface RetryPolicy {
  /** Give up (and tell the user to try again) after this long. */
  readonly deadlineMs: number;
  readonly random: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

export const defaultRetryPolicy: RetryPolicy = {
  deadlineMs: 4000, // Teams waits a few seconds for an invoke answer
  random: Math.random,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export type Attempt<T> = { readonly kind: "done"; readonly value: T } | { readonly kind: "write"; readonly save: () => Promise<SaveOutcome>; readonly value: T };

/**
 * Optimistic concurrency: read, decide, write conditionally on the ETag read. On a conflict the
 * whole attempt runs again on fresh data (so the user's change is re-applied, not dropped), after a
 * random back-off that grows with each retry, until the deadline. Returns null when out of time.
 */
export async function withOptimisticRetry<T>(attempt: () => Promise<Attempt<T>>, policy: RetryPolicy = defaultRetryPolicy): Promise<T | null> {
  const started = Date.now();
  for (let round = 0; ; round++) {
    const step = await attempt();
    if (step.kind === "done") return step.value;
    if ((await step.save()) === "saved") return step.value;
    if (Date.now() - started >= policy.deadlineMs) return null;
    const ceiling = Math.min(200, 10 * 2 ** Math.min(round, 5));
    await policy.sleep(Math.round(policy.random() * ceiling));
  }
}
