import AxeBuilder from '@axe-core/playwright';
import { test, expect, openApp } from './host';

// Automated accessibility scan of each screen: no serious or critical violation.
async function scan(page: import('@playwright/test').Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}

test('main screen, light and dark, has no serious accessibility violations', async ({ page, host }) => {
  await openApp(page, host);
  expect(await scan(page)).toEqual([]);
  await page.getByRole('button', { name: /Switch to dark theme/ }).click();
  expect(await scan(page)).toEqual([]);
});

test('dialogs have no serious accessibility violations', async ({ page, host }) => {
  await openApp(page, host);
  await page.getByRole('button', { name: 'Details…' }).click();
  await expect(page.getByRole('dialog', { name: 'Source details' })).toBeVisible();
  expect(await scan(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Paste…' }).click();
  await expect(page.getByRole('dialog', { name: 'New source from pasted text' })).toBeVisible();
  expect(await scan(page)).toEqual([]);
});
