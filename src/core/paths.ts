import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { ApiError } from '../shared/errors';

export const APP_NAME = 'Tiemark';
export const DEFAULT_PROJECT_FILE = 'Default.tiemark';

/**
 * The per-user data folder, the same one Electron's app.getPath('userData') gives, so the
 * desktop app and the browser host open the same default project.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.TIEMARK_DATA_DIR) return env.TIEMARK_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_NAME);
}

export const backupDirFor = (dataDir: string): string => join(dataDir, 'backups');

/**
 * The data folder both shells use, as an absolute path: `--data-dir DIR` when given, else
 * TIEMARK_DATA_DIR, else `fallback` (the desktop app passes Electron's userData folder), else
 * the per-user default above.
 */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, fallback?: string): string {
  if (flag !== undefined && flag.trim() === '') throw new ApiError('invalid_argument', '--data-dir needs a folder, for example --data-dir ~/Tiemark.');
  return resolve(flag ?? (env.TIEMARK_DATA_DIR || fallback || defaultDataDir(env)));
}

/** Creates the data folder if needed and returns it; a file in the way is one sentence, not a raw EEXIST. */
export function ensureDataDir(dir: string): string {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EEXIST' ? 'is a file, not a folder' : code === 'ENOTDIR' ? 'is inside a file, not a folder' : `cannot be created (${(error as Error).message})`;
    throw new ApiError('invalid_argument', `The data folder ${dir} ${why}; choose another with --data-dir or TIEMARK_DATA_DIR.`, { path: dir });
  }
  return dir;
}
