import { homedir } from 'node:os';
import { join } from 'node:path';

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
