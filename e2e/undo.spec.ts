import { test, expect, openApp, dragSelect, offsetInBlock } from './host';

// Undo that tells the truth: the buttons and messages name the step and its source, the note
// editor shows what is stored after an undo, the reader goes where the step happened, and an
// undo another tab already did is refused rather than reverting something else.

const UNEASY = 'Uneasy Allies: Russia and Hezbollah in the Syrian War and After';
const RED_SEA = /Iran, the Houthis and the Red Sea/;
const PARAGRAPH = 'The basic pattern emerged quickly.';
const PASSAGE = 'Russian aircraft and, later, Russian special forces';

test('undoing “Add note” empties the open note editor; typing again adds a new note as its own step', async ({ page, host }) => {
  await openApp(page, host);
  const panel = page.getByRole('region', { name: 'Side panel' });
  const undo = page.getByRole('button', { name: 'Undo', exact: true });
  const redo = page.getByRole('button', { name: 'Redo', exact: true });

  const start = await offsetInBlock(page, 'Russian aircraft and, later');
  await dragSelect(page, PARAGRAPH, start, start + PASSAGE.length);
  await page.keyboard.press('h');
  const item = panel.locator('.highlight-item', { hasText: PASSAGE });
  await expect(item).toHaveClass(/selected/);
  await page.keyboard.press('n');
  const editor = item.getByRole('textbox', { name: 'Note' });
  await expect(editor).toBeFocused();
  await editor.pressSequentially('First thoughts', { delay: 30 });
  await expect(item.locator('.note-status', { hasText: 'Saved' })).toBeVisible();
  await expect(undo).toHaveAttribute('title', `Undo Add note in “${UNEASY}” (Ctrl+Z)`);

  // Undo with the editor open: the note is gone from the store and from the editor.
  await undo.click();
  await expect(page.getByRole('status').filter({ hasText: `Undid Add note in “${UNEASY}”.` })).toBeVisible();
  await expect(editor).toBeVisible();
  await expect(editor).toHaveText('');
  await expect(redo).toHaveAttribute('title', `Redo Add note in “${UNEASY}” (Ctrl+Shift+Z)`);
  await expect(undo).toHaveAttribute('title', `Undo Highlight in “${UNEASY}” (Ctrl+Z)`);

  // Typing again writes a new note, a new step: the undone one can no longer be redone.
  await editor.click();
  await editor.pressSequentially('Second thoughts', { delay: 30 });
  await expect(item.locator('.note-status', { hasText: 'Saved' })).toBeVisible();
  await expect(undo).toHaveAttribute('title', `Undo Add note in “${UNEASY}” (Ctrl+Z)`);
  await expect(redo).toBeDisabled();
  await expect(redo).toHaveAttribute('title', 'Nothing to redo');
  await page.keyboard.press('Escape');
  await expect(editor).toBeHidden();
  await expect(item.locator('.note-preview')).toHaveText('Second thoughts');

  // Undo takes back only the new note; redo brings back the same one.
  await undo.click();
  await expect(item.locator('.note-preview')).toHaveCount(0);
  await expect(undo).toHaveAttribute('title', `Undo Highlight in “${UNEASY}” (Ctrl+Z)`);
  await redo.click();
  await expect(item.locator('.note-preview')).toHaveText('Second thoughts');

  // What is shown is what is stored.
  await page.reload();
  await expect(panel.locator('.highlight-item', { hasText: PASSAGE }).locator('.note-preview')).toHaveText('Second thoughts');
});

test('undo of an edit in a source not on screen opens that source at the highlight and names it', async ({ page, host }) => {
  await openApp(page, host);
  const reader = page.getByRole('region', { name: 'Reader' });
  const panel = page.getByRole('region', { name: 'Side panel' });
  await expect(reader.locator('.reader-title')).toHaveText(UNEASY);

  // Recolour the third highlight of the first source.
  const item = panel.locator('.highlight-item').nth(2);
  const highlightId = await item.getAttribute('data-id');
  const quote = ((await item.locator('.quote').textContent()) ?? '').slice(0, 40);
  await item.locator('.highlight-open').click();
  await expect(item).toHaveClass(/selected/);
  const pressed = item.locator('.swatch[aria-pressed="true"]');
  const before = await pressed.getAttribute('aria-label');
  const other = before === 'Colour green' ? 'Colour purple' : 'Colour green';
  await item.getByRole('button', { name: other }).click();
  await expect(item.getByRole('button', { name: other })).toHaveAttribute('aria-pressed', 'true');

  // Read another source, then undo.
  await page.getByRole('region', { name: 'Sources' }).getByRole('button', { name: RED_SEA }).click();
  await expect(reader.locator('.reader-title')).toHaveText(RED_SEA);
  await expect(page.getByRole('button', { name: 'Undo', exact: true })).toHaveAttribute('title', `Undo Highlight colour in “${UNEASY}” (Ctrl+Z)`);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');

  await expect(reader.locator('.reader-title')).toHaveText(UNEASY);
  await expect(page.getByRole('status').filter({ hasText: `Undid Highlight colour in “${UNEASY}”.` })).toBeVisible();
  const selected = panel.locator('.highlight-item.selected');
  await expect(selected).toHaveAttribute('data-id', highlightId!);
  await expect(selected.getByRole('button', { name: before! })).toHaveAttribute('aria-pressed', 'true');
  await expect(reader.locator('[data-block]', { hasText: quote }).first()).toBeInViewport();

  // Redo, from the other source again, comes back here too.
  await page.getByRole('region', { name: 'Sources' }).getByRole('button', { name: RED_SEA }).click();
  await expect(reader.locator('.reader-title')).toHaveText(RED_SEA);
  await page.keyboard.press('Control+Shift+z');
  await expect(reader.locator('.reader-title')).toHaveText(UNEASY);
  await expect(page.getByRole('status').filter({ hasText: `Redid Highlight colour in “${UNEASY}”.` })).toBeVisible();
  await expect(panel.locator('.highlight-item.selected').getByRole('button', { name: other })).toHaveAttribute('aria-pressed', 'true');
});

test('two tabs: an undo of a step the other tab already undid is refused in a sentence, and changes nothing', async ({ page, host, context }) => {
  await openApp(page, host);
  const panelA = page.getByRole('region', { name: 'Side panel' });

  // Tab A: recolour a highlight, then add one.
  const first = panelA.locator('.highlight-item').first();
  await first.locator('.highlight-open').click();
  const before = await first.locator('.swatch[aria-pressed="true"]').getAttribute('aria-label');
  const other = before === 'Colour green' ? 'Colour purple' : 'Colour green';
  await first.getByRole('button', { name: other }).click();
  await expect(first.getByRole('button', { name: other })).toHaveAttribute('aria-pressed', 'true');
  const start = await offsetInBlock(page, 'Russian aircraft and, later');
  await dragSelect(page, PARAGRAPH, start, start + PASSAGE.length);
  await page.keyboard.press('h');
  await expect(panelA.getByText(PASSAGE, { exact: true })).toBeVisible();

  // Tab B opens the project and shows the same history.
  const tabB = await context.newPage();
  await openApp(tabB, host);
  const undoB = tabB.getByRole('button', { name: 'Undo', exact: true });
  await expect(undoB).toHaveAttribute('title', `Undo Highlight in “${UNEASY}” (Ctrl+Z)`);

  // Tab A undoes the new highlight; tab B still shows that step.
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(panelA.getByText(PASSAGE, { exact: true })).toHaveCount(0);
  await expect(undoB).toHaveAttribute('title', `Undo Highlight in “${UNEASY}” (Ctrl+Z)`);

  // Tab B's undo is refused: it would otherwise revert the recolouring, which it never showed.
  await tabB.locator('body').click({ position: { x: 5, y: 5 } });
  await tabB.keyboard.press('Control+z');
  await expect(tabB.getByRole('alert').filter({ hasText: 'Nothing was undone: this project was changed in another window.' })).toHaveText(
    `Nothing was undone: this project was changed in another window. Undo would now undo “Highlight colour” in “${UNEASY}”; press Undo again if you mean that.×`,
  );
  // Its buttons now name the project's last step, and nothing was changed.
  await expect(undoB).toHaveAttribute('title', `Undo Highlight colour in “${UNEASY}” (Ctrl+Z)`);
  await expect(tabB.getByRole('region', { name: 'Side panel' }).getByText(PASSAGE, { exact: true })).toHaveCount(0);
  // The highlight keeps the colour A gave it (the list item wears its colour as a class).
  const colourOf = (label: string) => new RegExp(`swatch-${label.replace('Colour ', '')}`);
  await page.reload();
  await expect(panelA.locator('.highlight-item').first().locator('.highlight-open')).toHaveClass(colourOf(other));

  // Asked again, tab B undoes the step it now shows.
  await undoB.click();
  await expect(tabB.getByRole('status').filter({ hasText: `Undid Highlight colour in “${UNEASY}”.` })).toBeVisible();
  await page.reload();
  await expect(panelA.locator('.highlight-item').first().locator('.highlight-open')).toHaveClass(colourOf(before!));
});
