// Dev helper: start a browser host on a fresh data folder, open a source by (part of) its title
// and screenshot it at 1400x900 and 1024x700, light and dark, into DIR.
// Usage: node scripts/look.mjs "title part" DIR [file-to-import ...]
// LOOK_CLICK="Backups…,Back up now" clicks those buttons (by name, in order) before each shot;
// LOOK_KEYS="?" then presses those keys (comma-separated, typed at 30 ms a key).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';

const [titlePart, outDir, ...files] = process.argv.slice(2);
const dataDir = mkdtempSync(join(tmpdir(), 'tiemark-look-'));
const child = spawn(resolve('node_modules/.bin/node'), ['out/main/host.js', '--port', '0', '--data-dir', dataDir, '--no-open'], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((done) => {
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
    const m = /Tiemark is running at (\S+)/.exec(out);
    if (m) done(m[1]);
  });
});
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  for (const [w, h] of [[1400, 900], [1024, 700]]) {
    for (const scheme of ['light', 'dark']) {
      const page = await browser.newPage({ viewport: { width: w, height: h }, colorScheme: scheme });
      page.on('pageerror', (e) => console.log('pageerror:', e.message));
      await page.goto(url);
      if (files.length && w === 1400 && scheme === 'light') {
        await page.locator('input[type=file]').setInputFiles(files);
        await page.waitForTimeout(3000);
      }
      if (titlePart) await page.getByRole('listitem').filter({ hasText: titlePart }).first().click();
      for (const name of (process.env.LOOK_CLICK ?? '').split(',').filter(Boolean)) {
        await page.getByRole('button', { name, exact: true }).first().click();
        await page.waitForTimeout(400);
      }
      await page.locator('[data-block]').first().waitFor();
      for (const key of (process.env.LOOK_KEYS ?? '').split(',').filter(Boolean)) await page.keyboard.press(key, { delay: 30 });
      await page.waitForTimeout(800);
      await page.screenshot({ path: join(outDir, `look-${w}-${scheme}.png`) });
      await page.close();
    }
  }
} finally {
  await browser.close();
  // The host backs the project up as it stops: its data folder goes only once it has.
  await new Promise((done) => {
    child.once('exit', done);
    child.kill();
  });
  rmSync(dataDir, { recursive: true, force: true });
}
