import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// The desktop shell, driven through Playwright's Electron support. It runs where the Electron
// runtime has been downloaded (node_modules/electron/dist) and a display exists; elsewhere it
// is skipped with the reason printed, since the runtime cannot be fetched offline.
function electronBinary(): string | null {
  const dir = resolve('node_modules/electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();
const headless = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const skipReason = !binary
  ? 'Electron runtime not installed (node_modules/electron/dist is missing; it cannot be downloaded without network access)'
  : headless
    ? 'no display for an Electron window (set DISPLAY, e.g. run under xvfb-run)'
    : '';
if (skipReason) console.log(`[electron] skipping the Electron tests: ${skipReason}`);

// Chromium refuses its sandbox when run as root (containers, CI), as in scripts/start.mjs.
const sandboxArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
const tempDirs: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
};
test.afterAll(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The environment without the developer's own TIEMARK_DATA_DIR, plus what a test sets. */
function env(extra: Record<string, string> = {}): Record<string, string> {
  const base = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && e[0] !== 'TIEMARK_DATA_DIR'));
  return { ...base, ...extra };
}

/** Starts the built app with these flags; each test gives it a data folder of its own. */
async function launch(args: string[], extraEnv: Record<string, string> = {}): Promise<ElectronApplication> {
  return electron.launch({ executablePath: binary!, args: [resolve('.'), ...args, ...sandboxArgs], env: env(extraEnv) });
}

test.describe('Electron shell', () => {
  test.skip(!!skipReason, skipReason);

  test('opens a window with the sample sources listed and the security baseline on', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'tiemark-electron-'));
    const app = await launch([`--user-data-dir=${userData}`]);
    try {
      const page = await app.firstWindow();
      await expect(page.getByRole('region', { name: 'Sources' }).locator('.source-list > li')).toHaveCount(6);
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
      expect(await page.evaluate(() => globalThis.open('https://example.org'))).toBeNull();
      expect(app.windows()).toHaveLength(1);
    } finally {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    }
  });

  test('takes its data folder from --data-dir or TIEMARK_DATA_DIR, as the browser host does', async () => {
    const flagDir = tempDir('tiemark-electron-flag-');
    const envDir = tempDir('tiemark-electron-env-');
    // The flag wins over the environment variable.
    let app = await launch(['--data-dir', flagDir], { TIEMARK_DATA_DIR: envDir });
    try {
      const page = await app.firstWindow();
      await expect(page.getByRole('region', { name: 'Sources' }).locator('.source-list > li')).toHaveCount(6);
      expect(existsSync(join(flagDir, 'Default.tiemark'))).toBe(true);
      expect(existsSync(join(envDir, 'Default.tiemark'))).toBe(false);
      // Electron's own profile lives there too, so the single-instance lock is per data folder.
      expect(await app.evaluate(({ app: electronApp }) => electronApp.getPath('userData'))).toBe(flagDir);
    } finally {
      await app.close();
    }
    app = await launch([], { TIEMARK_DATA_DIR: envDir });
    try {
      const page = await app.firstWindow();
      await expect(page.getByRole('region', { name: 'Sources' }).locator('.source-list > li')).toHaveCount(6);
      expect(existsSync(join(envDir, 'Default.tiemark'))).toBe(true);
    } finally {
      await app.close();
    }
  });

  test('refuses a --data-dir that is a file with one sentence, not EEXIST', () => {
    // Before the app is ready, Electron prints an error box to stderr on Linux; elsewhere it is a dialog a test cannot close.
    test.skip(process.platform !== 'linux', 'the startup error box is printed to stderr only on Linux');
    const file = join(tempDir('tiemark-electron-file-'), 'not-a-folder');
    writeFileSync(file, 'x');
    const run = spawnSync(binary!, [resolve('.'), '--data-dir', file, ...sandboxArgs], { env: env(), encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`The data folder ${file} is a file, not a folder; choose another with --data-dir or TIEMARK_DATA_DIR.`);
    expect(run.stderr).not.toContain('EEXIST');
  });

  test('talks to main over one invoke channel and one event channel', async () => {
    const app = await launch(['--data-dir', tempDir('tiemark-electron-ipc-')]);
    try {
      const page = await app.firstWindow();
      await expect(page.getByRole('region', { name: 'Sources' }).locator('.source-list > li')).toHaveCount(6);
      // A channel has a handler when registering a second one throws.
      const handled = await app.evaluate(({ ipcMain }, channels) => {
        return channels.filter((channel) => {
          try {
            ipcMain.handle(channel, () => null);
            ipcMain.removeHandler(channel);
            return false;
          } catch {
            return true;
          }
        });
      }, ['tiemark:invoke', 'tiemark:api', 'tiemark:import-dialog', 'tiemark:save-file']);
      expect(handled).toEqual(['tiemark:invoke']);
      const bridge = await page.evaluate(() => Object.keys((globalThis as { tiemark?: object }).tiemark ?? {}).sort());
      expect(bridge).toEqual(['call', 'importDialog', 'onChanged', 'saveFile', 'shell']);
      const info = await page.evaluate(() => (globalThis as unknown as { tiemark: { call(m: string, a: unknown): Promise<{ ok: boolean }> } }).tiemark.call('projectInfo', {}));
      expect(info.ok).toBe(true);
      const unknown = await page.evaluate(() =>
        (globalThis as unknown as { tiemark: { call(m: string, a: unknown): Promise<unknown> } }).tiemark.call('dropEverything', {}).then(
          () => 'answered',
          (error: Error) => error.message,
        ),
      );
      expect(unknown).toContain('unknown method');
    } finally {
      await app.close();
    }
  });

  test('never leaves its own pages, grants no permission, and sends the CSP header', async () => {
    const app = await launch(['--data-dir', tempDir('tiemark-electron-nav-')]);
    try {
      const page = await app.firstWindow();
      await expect(page.getByRole('region', { name: 'Sources' }).locator('.source-list > li')).toHaveCount(6);
      const start = page.url();
      expect(start).toMatch(/^app:\/\/tiemark\//);
      for (const target of ['https://example.org/', 'file:///etc/passwd', 'tiemark://source/abc', 'data:text/html,<p>x</p>']) {
        await page.evaluate((url) => {
          globalThis.location.href = url;
        }, target);
        await page.waitForTimeout(300);
        expect(page.url(), target).toBe(start);
      }
      await expect(page.getByRole('region', { name: 'Sources' }).locator('.source-list > li')).toHaveCount(6);
      expect(app.windows()).toHaveLength(1);

      const permissions = await page.evaluate(async () => ({
        geolocation: (await navigator.permissions.query({ name: 'geolocation' })).state,
        notifications: await Notification.requestPermission(),
        camera: await navigator.mediaDevices.getUserMedia({ video: true }).then(
          () => 'granted',
          (error: Error) => error.name,
        ),
      }));
      expect(permissions.geolocation).toBe('denied');
      expect(permissions.notifications).toBe('denied');
      expect(permissions.camera).not.toBe('granted');

      const csp = await page.evaluate(() => fetch('app://tiemark/index.html').then((response) => response.headers.get('content-security-policy')));
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
    } finally {
      await app.close();
    }
  });
});
