import { dragSelect, expect, openApp, test } from './host';

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

test('the command palette finds a command by name, shows its key, and runs it with Enter', async ({ page, host }) => {
  await openApp(page, host);
  await page.keyboard.press(`${mod}+k`);
  const palette = page.getByRole('dialog', { name: 'Commands' });
  await expect(palette).toBeVisible();
  // Every keyed command shows its key; one that does not apply says why.
  await expect(palette.getByRole('option', { name: /Highlight the selection/ })).toHaveAttribute('aria-disabled', 'true');
  await expect(palette.getByRole('option', { name: /Highlight the selection/ })).toContainText('Select some text first.');
  await expect(palette.getByRole('option', { name: /Keyboard shortcuts/ }).locator('kbd')).toHaveText('?');
  await page.getByRole('combobox', { name: 'Command' }).pressSequentially('backu', { delay: 30 });
  await expect(palette.getByRole('option')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  await expect(page.getByRole('dialog', { name: 'Backups' })).toBeVisible();
  await page.keyboard.press('Escape');

  // ? shows every shortcut by group.
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help.getByRole('region', { name: 'Annotate' })).toContainText('Add a tie…');
  await expect(help.getByRole('region', { name: 'Edit' })).toContainText('Undo');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
});

test('keys typed right after a command key reach the field it opens', async ({ page, host }) => {
  await openApp(page, host);
  // T on a fresh selection: the highlight is stored, then the tie form opens; "Israel" typed at
  // once, at 30 ms a key, must all land in its first field.
  await dragSelect(page, 'the', 0, 12);
  await page.keyboard.press('t');
  await page.keyboard.type('Israel', { delay: 30 });
  const form = page.getByRole('dialog').filter({ has: page.getByRole('combobox') }).first();
  await expect(form.getByRole('combobox').first()).toHaveValue('Israel');
  // The first Escape closes the field's suggestions, the second the form.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await expect(form).toBeHidden();

  // N on a fresh selection: it is highlighted, the note editor opens and takes the words typed ahead.
  await dragSelect(page, 'the', 0, 12);
  await page.keyboard.press('n');
  await page.keyboard.type('Checked against the port logs', { delay: 30 });
  await expect(page.locator('.note-editor [contenteditable="true"]')).toHaveText('Checked against the port logs');
});

test('the palette never opens over a dialog', async ({ page, host }) => {
  await openApp(page, host);
  await page.getByRole('button', { name: 'Paste…' }).click();
  const paste = page.getByRole('dialog').filter({ has: page.locator('textarea') });
  await paste.locator('textarea').first().pressSequentially('Kept', { delay: 30 });
  await page.keyboard.press(`${mod}+k`);
  // The open dialog keeps the keys and its text; no palette is stacked over it.
  await expect(page.getByRole('dialog', { name: 'Commands' })).toHaveCount(0);
  await expect(paste.locator('textarea').first()).toHaveValue('Kept');
  await page.keyboard.press('Escape');
  await expect(paste).toBeHidden();
  // With the dialog closed, the same key opens it.
  await page.keyboard.press(`${mod}+k`);
  await expect(page.getByRole('dialog', { name: 'Commands' })).toBeVisible();
});

const openCount = (page: import('@playwright/test').Page) => page.locator('.source-item[aria-current="true"] .badge');

test('a cancelled tie on a fresh selection leaves nothing; the same span again selects the highlight instead of a twin', async ({ page, host }) => {
  await openApp(page, host);
  const before = Number(await openCount(page).textContent());
  await dragSelect(page, 'the', 0, 12);
  await page.keyboard.press('t');
  const form = page.getByRole('dialog', { name: 'Add tie' });
  await expect(form).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(form).toBeHidden();
  await expect(openCount(page)).toHaveText(String(before));

  await dragSelect(page, 'the', 0, 12);
  await page.keyboard.press('h');
  await expect(openCount(page)).toHaveText(String(before + 1));
  await dragSelect(page, 'the', 0, 12);
  await page.keyboard.press('h');
  await expect(page.locator('.highlight-list [aria-current="true"], .highlight-list .selected').first()).toBeVisible();
  await expect(openCount(page)).toHaveText(String(before + 1));
});

test('. on a fresh selection highlights it and repeats the last tie', async ({ page, host }) => {
  await openApp(page, host);
  const before = Number(await openCount(page).textContent());
  await dragSelect(page, 'the', 0, 12);
  await page.keyboard.press('t');
  const form = page.getByRole('dialog', { name: 'Add tie' });
  await form.getByRole('combobox', { name: 'Source actor' }).pressSequentially('Russia', { delay: 30 });
  await page.keyboard.press('Enter');
  await form.getByRole('combobox', { name: 'Target actor' }).pressSequentially('Iran', { delay: 30 });
  await page.keyboard.press('Enter');
  await form.getByRole('combobox', { name: 'Relation' }).pressSequentially('supplies weapons', { delay: 30 });
  await page.keyboard.press('Enter');
  await form.getByRole('button', { name: 'Save tie' }).click();
  await expect(form).toBeHidden();
  // The highlight was made when the tie was saved.
  await expect(openCount(page)).toHaveText(String(before + 1));

  await dragSelect(page, 'the', 20, 40);
  await page.keyboard.press('.');
  await expect(openCount(page)).toHaveText(String(before + 2));
  await expect(page.getByText('Added Russia → supplies weapons to → Iran')).toBeVisible();
});
