import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultDataDir, ensureDataDir, resolveDataDir } from '../core/paths';
import { ApiError } from '../shared/errors';
import { parseShellArgs } from './args';

const temp = mkdtempSync(join(tmpdir(), 'tiemark-args-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function apiError(run: () => unknown): ApiError {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError');
}

describe('desktop command line', () => {
  it('reads --data-dir and --project in both spellings, among Chromium switches and the app folder', () => {
    expect(parseShellArgs(['/opt/electron', '.', '--no-sandbox', '--data-dir', '/data/t', '--user-data-dir=/x'])).toEqual({ dataDir: '/data/t' });
    expect(parseShellArgs(['/opt/Tiemark', '--data-dir=/data/t', '--project=/p/A.tiemark'])).toEqual({ dataDir: '/data/t', project: { file: '/p/A.tiemark', create: true } });
    expect(parseShellArgs(['/opt/Tiemark', '--project', 'New.tiemark'])).toEqual({ project: { file: 'New.tiemark', create: true } });
    expect(parseShellArgs(['/opt/Tiemark'])).toEqual({});
  });

  it('opens a project file or a tiemark:// link the system passes, and never takes a flag value for one', () => {
    expect(parseShellArgs(['/opt/Tiemark', '/home/me/Study.TIEMARK'])).toEqual({ project: { file: '/home/me/Study.TIEMARK', create: false } });
    expect(parseShellArgs(['/opt/Tiemark', '--data-dir', '/d/x.tiemark'])).toEqual({ dataDir: '/d/x.tiemark' });
    expect(parseShellArgs(['/opt/Tiemark', 'tiemark://source/abc#highlight=h1'])).toEqual({ link: 'tiemark://source/abc#highlight=h1' });
    // An explicit --project wins over a bare file.
    expect(parseShellArgs(['/opt/Tiemark', 'A.tiemark', '--project', 'B.tiemark']).project).toEqual({ file: 'B.tiemark', create: true });
  });

  it('says in one sentence when a flag has no value', () => {
    for (const argv of [['x', '--data-dir'], ['x', '--data-dir', '--no-sandbox'], ['x', '--project']]) {
      const error = apiError(() => parseShellArgs(argv));
      expect(error.code).toBe('invalid_argument');
      expect(error.message).toMatch(/^--(data-dir|project) needs a (folder|project file) after it\.$/);
    }
  });
});

describe('data folder, as both shells resolve it', () => {
  const env = { HOME: '/home/me', XDG_CONFIG_HOME: '/home/me/.config' };

  it('takes --data-dir, else TIEMARK_DATA_DIR, else the fallback, else the per-user folder, always absolute', () => {
    expect(resolveDataDir('/flag', { ...env, TIEMARK_DATA_DIR: '/env' }, '/electron')).toBe(resolve('/flag'));
    expect(resolveDataDir(undefined, { ...env, TIEMARK_DATA_DIR: '/env' }, '/electron')).toBe(resolve('/env'));
    expect(resolveDataDir(undefined, env, '/electron')).toBe(resolve('/electron'));
    expect(resolveDataDir(undefined, env)).toBe(resolve(defaultDataDir(env)));
    expect(resolveDataDir('relative/dir', env)).toBe(resolve('relative/dir'));
    expect(resolveDataDir(undefined, { ...env, TIEMARK_DATA_DIR: '' }, '/electron')).toBe(resolve('/electron'));
  });

  it('refuses an empty --data-dir', () => {
    expect(apiError(() => resolveDataDir('  ', env)).code).toBe('invalid_argument');
  });

  it('creates the folder, and explains a file in the way in one sentence', () => {
    const dir = join(temp, 'new', 'nested');
    expect(ensureDataDir(dir)).toBe(dir);
    expect(statSync(dir).isDirectory()).toBe(true);
    expect(ensureDataDir(dir)).toBe(dir);

    const file = join(temp, 'a-file');
    writeFileSync(file, 'not a folder');
    for (const [target, why] of [
      [file, 'is a file, not a folder'],
      [join(file, 'below'), 'is inside a file, not a folder'],
    ]) {
      const error = apiError(() => ensureDataDir(target));
      expect(error.code).toBe('invalid_argument');
      expect(error.message).toBe(`The data folder ${target} ${why}; choose another with --data-dir or TIEMARK_DATA_DIR.`);
      expect(error.message).not.toMatch(/EEXIST|ENOTDIR/);
    }
  });
});
