import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { ApiError } from '../../shared/errors';
import { LATEST_VERSION } from './migrations';
import { APPLICATION_ID } from './open';

/**
 * Opens a project for reading only, as a second Tiemark does while another one writes it:
 * SQLite's read-only mode, so nothing, not even a migration, can change the file. A project
 * in an older format cannot be read this way (it would need upgrading first).
 */
export function openStoreReadOnly(file: string): Database.Database {
  if (!existsSync(file)) throw new ApiError('not_found', `There is no project at ${file}.`);
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new ApiError('storage_failed', `${basename(file)} could not be opened for reading (${(error as Error).message}).`);
  }
  try {
    const appId = Number(db.pragma('application_id', { simple: true }));
    const version = Number(db.pragma('user_version', { simple: true }));
    if (appId !== APPLICATION_ID) throw new ApiError('not_a_project', `${basename(file)} is not a Tiemark project.`);
    if (version !== LATEST_VERSION) {
      throw new ApiError(
        version > LATEST_VERSION ? 'newer_version' : 'unavailable',
        version > LATEST_VERSION
          ? `${basename(file)} was saved by a newer version of Tiemark; update Tiemark to open it.`
          : `${basename(file)} needs upgrading to this version's format, which only the process writing it can do; close the other Tiemark and open it again.`,
      );
    }
    return db;
  } catch (error) {
    db.close();
    if (error instanceof ApiError) throw error;
    throw new ApiError('storage_failed', `${basename(file)} could not be read (${(error as Error).message}). It may be damaged.`);
  }
}
