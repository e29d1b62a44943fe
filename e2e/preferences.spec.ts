import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, openApp } from './host';

/** The preferences file in the host's data folder, or null before it is written. */
function storedPreferences(dataDir: string): Record<string, unknown> | null {
  try {
    return JSON.parse(readFileSync(join(dataDir, 'preferences.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

test('theme, text size, pane width and the open source survive a restart of the host on a new port', async ({ page, host, browser }) => {
  await openApp(page, host);
  const reader = page.getByRole('region', { name: 'Reader' });
  await expect(page.locator('.app')).toHaveAttribute('data-theme', 'light');
  await expect(reader).toHaveAttribute('style', /--reader-scale: 1;/);
  // The source opened at first launch is remembered for this project.
  const project = join(host.dataDir, 'Default.tiemark');
  const lastSource = () => (storedPreferences(host.dataDir)?.lastSources as Record<string, string> | undefined)?.[project];
  await expect.poll(lastSource).toEqual(expect.any(String));
  const firstSource = lastSource();

  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await expect(page.locator('.app')).toHaveAttribute('data-theme', 'dark');
  await reader.getByRole('button', { name: /larger text/ }).click();
  await reader.getByRole('button', { name: /larger text/ }).click();
  await expect(reader).toHaveAttribute('style', /--reader-scale: 1\.2;/);
  const separator = page.getByRole('separator', { name: 'Resize sources pane' });
  await separator.focus();
  await page.keyboard.press('End');
  await expect(separator).toHaveAttribute('aria-valuenow', '520');
  await page.getByRole('region', { name: 'Sources' }).getByRole('button', { name: /Iran, the Houthis and the Red Sea/ }).click();
  await expect(reader.locator('.reader-title')).toContainText('Red Sea');

  // Stored in the data folder, not in the page's origin.
  await expect
    .poll(() => storedPreferences(host.dataDir))
    .toMatchObject({ theme: 'dark', textSize: 120, leftPaneWidth: 520, lastSources: { [project]: expect.not.stringMatching(`^${firstSource}$`) } });

  // A new host on a new port, seen from a browser profile with no storage of its own.
  await host.stop();
  const url = await host.start();
  const fresh = await browser.newContext();
  const again = await fresh.newPage();
  await again.goto(url);
  const readerAgain = again.getByRole('region', { name: 'Reader' });
  await expect(readerAgain.locator('.reader-title')).toContainText('Red Sea');
  await expect(again.locator('.app')).toHaveAttribute('data-theme', 'dark');
  await expect(readerAgain).toHaveAttribute('style', /--reader-scale: 1\.2;/);
  await expect(again.getByRole('separator', { name: 'Resize sources pane' })).toHaveAttribute('aria-valuenow', '520');
  await fresh.close();
});
