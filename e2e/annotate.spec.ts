import { readFileSync } from 'node:fs';
import { test, expect, openApp, dragSelect, offsetInBlock } from './host';

const ARTICLE = [
  'Arms to the Levant',
  '',
  'Israeli officials said in 2023 that Moscow had quietly allowed anti-tank missiles to reach Hezbollah through Syrian depots.',
  '',
  'Hizbullah fighters later displayed Kornet launchers, and analysts traced them to the same Russian stocks.',
  '',
].join('\n');

const P1 = 'Israeli officials said in 2023';
const P2 = 'Hizbullah fighters later displayed';

test('the annotation loop by keyboard: tag, tie, ties panel, evidence, undo/redo, note, Markdown export, merge', async ({ page, host }, testInfo) => {
  await openApp(page, host);
  await page.getByTestId('import-input').setInputFiles({ name: 'arms-levant.txt', mimeType: 'text/plain', buffer: Buffer.from(ARTICLE) });
  const reader = page.getByRole('region', { name: 'Reader' });
  await expect(reader.locator('.reader-title')).toHaveText('Arms to the Levant');
  const panel = page.getByRole('region', { name: 'Side panel' });

  // Select a passage, then tag two actors with the keyboard alone.
  const from = await offsetInBlock(page, 'Moscow had quietly');
  const passage = 'Moscow had quietly allowed anti-tank missiles to reach Hezbollah';
  await dragSelect(page, P1, from, from + passage.length);
  await page.keyboard.press('a');
  const picker = page.getByRole('dialog', { name: 'Tag actor' });
  await expect(picker).toBeVisible();
  // The actors named in the passage are proposed first; "Moscow" is an alias of Russia.
  await page.keyboard.type('kremlin');
  await page.keyboard.press('Enter');
  await expect(picker).toBeHidden();
  const item = panel.locator('.highlight-item', { hasText: passage });
  await expect(item.getByRole('list', { name: 'Actors' })).toContainText('Russia');

  await page.keyboard.press('a');
  await expect(picker).toBeVisible();
  await page.keyboard.type('hizballah');
  await page.keyboard.press('Enter');
  await expect(item.getByRole('list', { name: 'Actors' })).toContainText('Hezbollah');
  await page.screenshot({ path: testInfo.outputPath('tagged.png') });

  // Add a tie: source and target are prefilled from the passage's actors.
  await page.keyboard.press('t');
  const form = page.getByRole('dialog', { name: 'Add tie' });
  await expect(form).toBeVisible();
  await expect(form.getByRole('combobox', { name: 'Source actor' })).toHaveValue('Russia');
  await expect(form.getByRole('combobox', { name: 'Target actor' })).toHaveValue('Hezbollah');
  // With both actors prefilled, focus starts on the relation.
  await expect(form.getByRole('combobox', { name: 'Relation' })).toBeFocused();
  await page.keyboard.type('supplies weapons');
  await page.keyboard.press('Enter');
  await form.getByLabel(/Event date/).fill('2023');
  await page.screenshot({ path: testInfo.outputPath('tie-form.png') });
  await page.keyboard.press('Enter');
  await expect(form).toBeHidden();
  await expect(item.getByRole('list', { name: 'Ties' })).toContainText('Russia → supplies weapons to → Hezbollah');

  // The Ties tab shows it for this source, and its evidence leads back to the passage.
  await panel.getByRole('tab', { name: 'Ties' }).click();
  const relation = panel.getByRole('button', { name: /Russia supplies weapons to Hezbollah/ });
  await expect(relation).toBeVisible();
  await relation.click();
  const evidence = panel.locator('.tie-evidence-item').first();
  await expect(evidence).toContainText('anti-tank missiles');
  await reader.locator('.reader-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await evidence.click();
  await expect(page.locator('[data-block]', { hasText: P1 }).first()).toBeInViewport();
  await page.screenshot({ path: testInfo.outputPath('ties-panel.png') });

  // Undo removes the tie everywhere; redo brings it back.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await expect(relation).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Undid' })).toBeVisible();
  await page.keyboard.press('Control+Shift+z');
  await expect(relation).toBeVisible();

  // A note on the highlight, saved as typed; still there after a reload.
  await panel.getByRole('tab', { name: 'Highlights' }).click();
  await item.getByRole('button', { name: /^Moscow had quietly/ }).click();
  await page.keyboard.press('n');
  const editor = panel.getByRole('textbox', { name: 'Note' });
  await expect(editor).toBeVisible();
  await editor.click();
  await page.keyboard.type('Corroborated by two outlets; check the 2023 statement.');
  await expect(panel.locator('.note-status', { hasText: 'Saved' })).toBeVisible();
  await page.reload();
  await expect(panel.locator('.highlight-item', { hasText: passage })).toContainText('Corroborated by two outlets');

  // Export this source as Markdown.
  const download = page.waitForEvent('download');
  await reader.getByRole('button', { name: 'Export' }).click();
  const file = await (await download).path();
  const markdown = readFileSync(file!, 'utf8');
  expect(markdown).toContain('title: Arms to the Levant');
  expect(markdown).toContain('Russia → **supplies weapons to** → Hezbollah');
  expect(markdown).toContain(`> ${passage}`);
  expect(markdown).toContain('Corroborated by two outlets');
  expect(markdown).toMatch(/\(tiemark:\/\/source\/[\w-]+#highlight=[\w-]+\)/);

  // A second passage tagged with a new actor, tied to Russia; merging the new actor into
  // Hezbollah makes the ties follow.
  const from2 = await offsetInBlock(page, P2);
  await dragSelect(page, P2, from2, from2 + 'Hizbullah fighters later displayed Kornet launchers'.length);
  await page.keyboard.press('a');
  await expect(picker).toBeVisible();
  await page.keyboard.type('Hizbullah fighters unit');
  await expect(picker.getByRole('option', { name: /Create/ })).toBeVisible();
  await picker.getByRole('option', { name: /Create/ }).click();
  const item2 = panel.locator('.highlight-item', { hasText: 'Kornet launchers' });
  await expect(item2.getByRole('list', { name: 'Actors' })).toContainText('Hizbullah fighters unit');
  await page.keyboard.press('a');
  await expect(picker).toBeVisible();
  await page.keyboard.type('russia');
  await page.keyboard.press('Enter');
  await page.keyboard.press('t');
  await expect(form).toBeVisible();
  await form.getByRole('combobox', { name: 'Source actor' }).fill('Russia');
  await page.keyboard.press('Enter');
  await form.getByRole('combobox', { name: 'Target actor' }).fill('Hizbullah fighters unit');
  await page.keyboard.press('Enter');
  await form.getByRole('combobox', { name: 'Relation' }).fill('supplies weapons');
  await page.keyboard.press('Enter');
  await form.getByRole('button', { name: 'Save tie' }).click();
  await expect(form).toBeHidden();

  await page.getByRole('button', { name: 'Actors', exact: true }).click();
  const registry = page.getByRole('dialog', { name: 'Actors' });
  await registry.getByRole('checkbox', { name: 'Select Hezbollah for merging' }).check();
  await registry.getByRole('checkbox', { name: 'Select Hizbullah fighters unit for merging' }).check();
  await registry.getByRole('button', { name: /Merge/ }).first().click();
  const mergeDialog = page.getByRole('dialog', { name: 'Merge actors' });
  await mergeDialog.getByRole('radio', { name: /^Hezbollah/ }).check();
  await mergeDialog.getByRole('button', { name: 'Merge' }).click();
  await expect(mergeDialog).toBeHidden();
  await page.keyboard.press('Escape');
  await expect(registry).toBeHidden();

  await panel.getByRole('tab', { name: 'Ties' }).click();
  await expect(panel.getByRole('button', { name: /Russia supplies weapons to Hezbollah/ }).locator('.tie-count')).toHaveText('2 claims');
  await expect(panel.getByText('Hizbullah fighters unit')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('after-merge.png') });
});
