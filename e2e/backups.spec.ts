import { openSync, readdirSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { dragSelect, expect, openApp, test } from './host';

/** The source list's count badge for the source titled `title`. */
const sourceRow = (page: Page, title: RegExp) => page.getByRole('region', { name: 'Sources' }).locator('.source-list > li').filter({ hasText: title });

async function openBackups(page: Page) {
  await page.getByRole('button', { name: 'Backups…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Backups' });
  await expect(dialog.getByRole('list', { name: 'Backups' }).or(dialog.getByText('No backups yet'))).toBeVisible();
  return dialog;
}

test('back up, delete a source, restore the backup: the source is back and the deleted state was kept', async ({ page, host }) => {
  await openApp(page, host);
  const title = (await page.locator('.reader-title').textContent()) ?? '';
  const sources = page.getByRole('region', { name: 'Sources' }).locator('.source-list > li');
  await expect(sources).toHaveCount(6);

  let dialog = await openBackups(page);
  await dialog.getByRole('button', { name: 'Back up now' }).click();
  await expect(dialog.getByRole('listitem').filter({ hasText: 'by you' })).toHaveCount(1);
  await expect(dialog.getByRole('listitem').filter({ hasText: 'by you' })).toContainText('6 sources');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // A deletion, which undo cannot take back.
  await page.getByRole('button', { name: 'Delete…' }).click();
  await page.getByRole('dialog', { name: 'Delete this source?' }).getByRole('button', { name: 'Delete source' }).click();
  await expect(sources).toHaveCount(5);

  dialog = await openBackups(page);
  const mine = dialog.getByRole('listitem').filter({ hasText: 'by you' });
  await mine.getByRole('button', { name: /Restore the backup/ }).click();
  await mine.getByRole('button', { name: 'Restore', exact: true }).click();
  // The page reloads on the restored project and says what happened.
  await expect(page.getByText(/Restored the backup from/)).toBeVisible();
  await expect(sources).toHaveCount(6);
  await expect(sources.filter({ hasText: title })).toHaveCount(1);

  dialog = await openBackups(page);
  await expect(dialog.getByRole('listitem').filter({ hasText: 'before a restore replaced it' })).toContainText('5 sources');
});

test('a damaged project is moved aside and refused; --restore brings back the backed-up edit', async ({ page, host }) => {
  await openApp(page, host);
  const firstTitle = ((await page.locator('.reader-title').textContent()) ?? '').slice(0, 20);
  const row = sourceRow(page, new RegExp(firstTitle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  const before = Number(await row.locator('.badge').textContent());

  // An edit: a new highlight, by mouse and the H key.
  await dragSelect(page, 'the', 0, 3);
  await page.keyboard.press('h');
  await expect(row.locator('.badge')).toHaveText(String(before + 1));
  const dialog = await openBackups(page);
  await dialog.getByRole('button', { name: 'Back up now' }).click();
  await expect(dialog.getByRole('listitem').filter({ hasText: 'by you' })).toHaveCount(1);
  await page.keyboard.press('Escape');
  await host.stop();

  // Damage: the start of the project's second page overwritten, as a failing disk does.
  const file = join(host.dataDir, 'Default.tiemark');
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(12, 0xa5), 0, 12, 4096);
  closeSync(fd);

  await expect(host.start()).rejects.toThrow(/damaged/);
  expect(host.stderr).toMatch(/moved aside/);
  expect(host.stderr).toMatch(/--restore/);
  expect(readdirSync(host.dataDir).some((f) => /^Default\.damaged-.*\.tiemark$/.test(f))).toBe(true);

  const backupDir = join(host.dataDir, 'backups', 'Default');
  const manual = readdirSync(backupDir).filter((f) => f.endsWith('-manual.tiemark'));
  expect(manual).toHaveLength(1);
  await host.start('--restore', join(backupDir, manual[0]));
  await openApp(page, host);
  await expect(sourceRow(page, new RegExp(firstTitle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).locator('.badge')).toHaveText(String(before + 1));
});
