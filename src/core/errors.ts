import { ApiError } from '../shared/errors';

/** Map anything thrown by a service to an ApiError whose sentence a user can act on. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const err = error as { code?: unknown; message?: unknown };
  const code = typeof err?.code === 'string' ? err.code : '';
  const message = typeof err?.message === 'string' ? err.message : String(error);
  if (code === 'SQLITE_FULL') {
    return new ApiError('storage_failed', 'The disk is full, so the change was not saved. Free some space and try again; nothing saved earlier was affected.');
  }
  if (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN') {
    return new ApiError('storage_failed', `The project file could not be written (${code}), so the change was not saved. Check the disk and try again.`);
  }
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY')) {
    return new ApiError('storage_failed', 'The project file is read-only, so the change was not saved. Open a copy you can write to.');
  }
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY')) {
    return new ApiError('storage_failed', 'The project is busy in another window or program; the change was not saved. Try again in a moment.');
  }
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
    return new ApiError('storage_failed', 'The project file is damaged, so the change was not saved. Restore a backup with Backups….');
  }
  return new ApiError('internal', `Something went wrong inside Tiemark and the action was not completed (${message}).`);
}
