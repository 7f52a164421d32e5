/**
 * Domain values are immutable (readonly types); a value shared between callers — a cached card, a
 * row parsed once per ETag — is frozen as well, so code that changed one in place fails at once
 * instead of changing what another caller holds.
 */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
