import { PROJECT_EXTENSION } from '../core/db/open';
import { ApiError } from '../shared/errors';

/**
 * The desktop app's command line, read without Electron so unit tests can check it. It takes
 * the browser host's options (src/host/index.ts) where they mean the same thing on the desktop,
 * `--data-dir DIR` and `--project FILE`, plus what the system passes when the user opens a
 * project file or a tiemark:// link. Anything else (Chromium's own switches such as
 * `--no-sandbox`, the app folder `electron .` passes) is left alone.
 */
export interface ShellArgs {
  /** `--data-dir DIR` as given; resolveDataDir (src/core/paths.ts) falls back to TIEMARK_DATA_DIR. */
  dataDir?: string;
  /** `--project FILE` is created when missing, as in the browser host; a bare `*.tiemark` must exist. */
  project?: { file: string; create: boolean };
  /** A tiemark://source/… link to show once the window is up. */
  link?: string;
}

export function parseShellArgs(argv: readonly string[]): ShellArgs {
  const args: ShellArgs = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (name === '--data-dir' || name === '--project') {
      const value = eq > 0 && name !== arg ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value.startsWith('--')) {
        throw new ApiError('invalid_argument', `${name} needs ${name === '--data-dir' ? 'a folder' : 'a project file'} after it.`);
      }
      if (name === '--data-dir') args.dataDir = value;
      else args.project = { file: value, create: true };
    } else if (arg.startsWith('tiemark://')) {
      args.link ??= arg;
    } else if (!arg.startsWith('-') && arg.toLowerCase().endsWith(PROJECT_EXTENSION)) {
      args.project ??= { file: arg, create: false };
    }
  }
  return args;
}
