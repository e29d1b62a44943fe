import { API_METHODS, isMethodName, isReadMethod, type ArgsOf, type AsyncMethodName, type MethodName, type ResultOf } from '../shared/api';
import { ApiError, type ApiErrorData, type Result } from '../shared/errors';
import { SchemaError } from '../shared/schema';
import { toApiError } from './errors';

/**
 * One handler per API method, typed from the shared table so none can be missing or mistyped.
 * Import methods answer with a promise: files are read in a worker (src/core/import/pool.ts).
 */
export type Handlers = { [M in MethodName]: (args: ArgsOf<M>) => M extends AsyncMethodName ? Promise<ResultOf<M>> : ResultOf<M> };

/**
 * The single entry point both shells call: refuses unknown methods, validates arguments against
 * the method's schema, runs the handler, and turns every failure into a stable error code with
 * a sentence. Handlers run their writes in one transaction, so a failure applies nothing.
 */
export function dispatch(handlers: Handlers, method: unknown, args: unknown): Result<unknown> | Promise<Result<unknown>> {
  try {
    if (!isMethodName(method)) {
      const name = typeof method === 'string' ? method.slice(0, 100) : `a ${method === null ? 'null' : typeof method}`;
      throw new ApiError('unknown_method', `Tiemark has no operation called "${name}".`);
    }
    const parsed = parseArgs(method, args ?? {});
    const handler = handlers[method] as (a: unknown) => unknown;
    const value = handler(parsed);
    if (value instanceof Promise) {
      return value.then(
        (resolved): Result<unknown> => ({ ok: true, value: resolved }),
        (error: unknown): Result<unknown> => ({ ok: false, error: failure(method, error) }),
      );
    }
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: failure(method, error) };
  }
}

/**
 * SQLite's storage failures (src/core/errors.ts words them for a change that was not saved). A
 * method that only reads changes nothing, so for it they mean the project could not be read.
 */
const STORAGE_CODES = /^SQLITE_(CORRUPT|NOTADB|IOERR|CANTOPEN|FULL|READONLY|BUSY|LOCKED|PROTOCOL)/;

function failure(method: unknown, error: unknown): ApiErrorData {
  const apiError = toApiError(error);
  const sqliteCode = (error as { code?: unknown } | null)?.code;
  if (typeof method !== 'string' || !isReadMethod(method) || typeof sqliteCode !== 'string' || !STORAGE_CODES.test(sqliteCode)) {
    return apiError.toData();
  }
  const message = /^SQLITE_(BUSY|LOCKED)/.test(sqliteCode)
    ? 'The project is busy in another window or program, so it could not be read. Try again in a moment.'
    : `The project could not be read (${sqliteCode}); the file may be damaged. Check the disk, or restore a backup with Backups….`;
  return new ApiError(apiError.code === 'internal' ? 'storage_failed' : apiError.code, message, apiError.detail).toData();
}

function parseArgs<M extends MethodName>(method: M, args: unknown): ArgsOf<M> {
  try {
    return API_METHODS[method].args.parse(args) as ArgsOf<M>;
  } catch (error) {
    if (error instanceof SchemaError) {
      throw new ApiError('invalid_argument', `Invalid request to ${method}: ${error.message}.`, { path: error.path });
    }
    throw error;
  }
}
