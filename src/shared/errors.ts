/** Stable error codes returned across the API boundary. Never rename one: clients match on them. */
export const ERROR_CODES = [
  'invalid_argument',
  'unknown_method',
  'not_found',
  'decode_failed',
  'unsupported_format',
  'too_large',
  'empty_source',
  'duplicate',
  'in_use',
  'newer_version',
  'not_a_project',
  'storage_failed',
  'forbidden',
  'unavailable',
  'internal',
  /** Another Tiemark process has the project open for writing. */
  'locked',
  /** The project is open read-only; changes are refused. */
  'read_only',
  /** The project file is damaged; it was moved aside untouched. */
  'damaged',
  /** The action was based on a state that has changed since (another window acted first). */
  'conflict',
  /** The user cancelled a long task (an export) before it finished; nothing was written. */
  'cancelled',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiErrorData {
  code: ErrorCode;
  /** A sentence the user can act on. */
  message: string;
  /** Optional structured detail, e.g. the offending field. */
  detail?: Record<string, unknown>;
}

/** Thrown inside the backend; dispatch turns it into `{ ok: false, error }`. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly detail?: Record<string, unknown>;
  constructor(code: ErrorCode, message: string, detail?: Record<string, unknown>) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.detail = detail;
  }
  toData(): ApiErrorData {
    return this.detail ? { code: this.code, message: this.message, detail: this.detail } : { code: this.code, message: this.message };
  }
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiErrorData };

/** The sentence to show for a failure of any kind (an ApiError's is written for the user). */
export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));
