import type { ErrorCode } from "./errors";

export interface DomainError {
  readonly code: ErrorCode;
  /** Non-personal details for the message template (field names, numbers); never free text a user wrote. */
  readonly params?: Readonly<Record<string, string | number>>;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DomainError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(code: ErrorCode, params?: Record<string, string | number>): Result<T> =>
  params ? { ok: false, error: { code, params } } : { ok: false, error: { code } };
