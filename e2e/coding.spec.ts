import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { test, expect, openApp, dragSelect, offsetInBlock, apiCall } from './host';

// Issue 8, part 2 ("Coding without friction"): ties coded by keyboard, typed as a person types,
// 30 ms a key, with no pause after a command key other than checking where the focus went.

const ARTICLE = [
  'Militias on the Border',
  '',
  'Harakat Hezbollah al-Nujaba said on Monday that Hezbollah had sent advisers to the border.',
  '',
  'Moscow quietly armed Liwa al Quds, while Tehran trained the militia.',
  '',
  'Banese Armed Clash units were later seen fighting alongside Wagner near the crossing.',
  '',
].join('\n');

const NUJABA = 'Harakat Hezbollah al-Nujaba';
const ARMED = 'Moscow quietly armed Liwa al Quds';
const BANESE = 'Banese Armed Clash units were later seen fighting alongside Wagner';

/** What these tests read of the stored actors and relation types (src/shared/annotations.ts). */
interface StoredActor {
  name: string;
  kind: string;
}
interface StoredType {
  label: string;
  directed: boolean;
  polarity: string;
}

const typeKeys = (page: Page, text: string) => page.keyboard.type(text, { delay: 30 });

/** The option a list would pick on Enter (the active one), by its label. */
const activeLabel = (scope: Locator) => scope.locator('[role="option"][aria-selected="true"] .combo-label');


async function importArticle(page: Page) {
  await page.getByTestId('import-input').setInputFiles({ name: 'militias.txt', mimeType: 'text/plain', buffer: Buffer.from(ARTICLE) });
  await expect(page.getByRole('region', { name: 'Reader' }).locator('.reader-title')).toHaveText('Militias on the Border');
}

/** Drags across the first `length` characters from `start` in the paragraph that holds it. */
async function select(page: Page, start: string, length = start.length) {
  const from = await offsetInBlock(page, start);
  return dragSelect(page, start, from, from + length);
}

const panel = (page: Page) => page.getByRole('region', { name: 'Side panel' });
const highlightItem = (page: Page, text: string) => panel(page).locator('.highlight-item', { hasText: text });

test('typing a name puts the exact name first: the tag picker, the tie form and the relation field', async ({ page, host }, testInfo) => {
  await openApp(page, host);
  await importArticle(page);
  const picker = page.getByRole('dialog', { name: 'Tag actor' });

  // A new actor from the tag picker, with its kind chosen there: it is created only then.
  await select(page, NUJABA);
  await page.keyboard.press('a');
  await expect(picker.getByRole('combobox', { name: 'Find or create an actor' })).toBeFocused();
  await typeKeys(page, NUJABA);
  await expect(activeLabel(picker)).toHaveText(`Create “${NUJABA}”`);
  await page.keyboard.press('Tab');
  const kind = picker.getByRole('combobox', { name: `Kind of the new actor “${NUJABA}”` });
  await expect(kind).toBeFocused();
  await expect(kind).toHaveValue('other');
  await typeKeys(page, 'a');
  await expect(kind).toHaveValue('armed-group');
  await page.screenshot({ path: testInfo.outputPath('picker-new-actor.png') });
  expect((await apiCall<StoredActor[]>(page, 'listActors')).some((a) => a.name === NUJABA)).toBe(false);
  await page.keyboard.press('Enter');
  await expect(picker).toBeHidden();
  await expect(highlightItem(page, NUJABA).getByRole('list', { name: 'Actors' })).toContainText(NUJABA);
  expect((await apiCall<StoredActor[]>(page, 'listActors')).find((a) => a.name === NUJABA)?.kind).toBe('armed-group');

  // The sentence names both; "hezbollah" preselects Hezbollah, not the group whose name contains it.
  await select(page, NUJABA, 'Harakat Hezbollah al-Nujaba said on Monday that Hezbollah had sent advisers'.length);
  await page.keyboard.press('a');
  await expect(picker.getByRole('combobox', { name: 'Find or create an actor' })).toBeFocused();
  await typeKeys(page, 'hezbollah');
  await expect(activeLabel(picker)).toHaveText('Hezbollah');
  await expect(picker.getByRole('option').nth(1)).toContainText(NUJABA);
  await page.screenshot({ path: testInfo.outputPath('picker-exact-first.png') });
  await page.keyboard.press('Enter');
  const item = highlightItem(page, 'said on Monday');
  await expect(item.getByRole('list', { name: 'Actors' })).toContainText('Hezbollah');

  // The tie form's actor field and relation field rank the same way.
  await page.keyboard.press('t');
  const form = page.getByRole('dialog', { name: 'Add tie' });
  const source = form.getByRole('combobox', { name: 'Source actor', exact: true });
  const relation = form.getByRole('combobox', { name: 'Relation', exact: true });
  const target = form.getByRole('combobox', { name: 'Target actor', exact: true });
  await expect(relation).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(source).toBeFocused();
  await page.keyboard.press('Control+a');
  await typeKeys(page, 'hezbollah');
  await expect(activeLabel(form)).toHaveText('Hezbollah');
  await page.keyboard.press('Enter');
  await expect(relation).toBeFocused();
  // "member of" starts with it; "arrests members of" (listed first by category) only has a word that does.
  await typeKeys(page, 'member');
  await expect(activeLabel(form)).toHaveText('member of');
  await page.keyboard.press('Enter');
  await expect(target).toBeFocused();
  await expect(target).toHaveValue(NUJABA);
  await page.keyboard.press('Enter');
  await expect(form).toBeHidden();
  await expect(item.getByRole('list', { name: 'Ties' })).toContainText(`Hezbollah → member of → ${NUJABA}`);

  // The Ties panel's actor filter too.
  await panel(page).getByRole('tab', { name: 'Ties' }).click();
  await panel(page).getByRole('button', { name: 'Filters' }).click();
  await panel(page).getByRole('combobox', { name: 'Actor', exact: true }).click();
  await typeKeys(page, 'hezbollah');
  await expect(activeLabel(panel(page))).toHaveText('Hezbollah');
});

test('the tie form prefills the passage’s actors, moves on with Enter, creates a relation type inline and tags the actors', async ({ page, host }, testInfo) => {
  await openApp(page, host);
  await importArticle(page);
  await select(page, ARMED);
  await page.keyboard.press('t');
  const form = page.getByRole('dialog', { name: 'Add tie' });
  const relation = form.getByRole('combobox', { name: 'Relation', exact: true });
  const target = form.getByRole('combobox', { name: 'Target actor', exact: true });
  // "Moscow" is an alias of Russia; "Liwa al Quds" spells Liwa’ al-Quds.
  await expect(relation).toBeFocused();
  await expect(form.getByRole('combobox', { name: 'Source actor', exact: true })).toHaveValue('Russia');
  await expect(target).toHaveValue('Liwa’ al-Quds');

  // A relation type that does not exist is created with the tie, with its direction and polarity.
  await typeKeys(page, 'quietly arms');
  await expect(activeLabel(form)).toHaveText('Create relation type “quietly arms”');
  await page.keyboard.press('Enter');
  const direction = form.getByRole('combobox', { name: 'Direction' });
  const polarity = form.getByRole('combobox', { name: 'Polarity' });
  await expect(direction).toBeFocused();
  await expect(direction).toHaveValue('directed');
  await page.keyboard.press('Tab');
  await expect(polarity).toBeFocused();
  await typeKeys(page, 'c');
  await expect(polarity).toHaveValue('cooperative');
  await expect(form.locator('.tf-preview')).toContainText('Russia → quietly arms (new) → Liwa’ al-Quds');
  await page.screenshot({ path: testInfo.outputPath('new-relation-type.png') });
  expect((await apiCall<StoredType[]>(page, 'listRelationTypes')).some((t) => t.label === 'quietly arms')).toBe(false);
  await page.keyboard.press('Enter');
  await expect(target).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(form).toBeHidden();

  const item = highlightItem(page, ARMED);
  await expect(item.getByRole('list', { name: 'Ties' })).toContainText('Russia → quietly arms → Liwa’ al-Quds');
  const type = (await apiCall<StoredType[]>(page, 'listRelationTypes')).find((t) => t.label === 'quietly arms');
  expect(type).toMatchObject({ directed: true, polarity: 'cooperative' });
  // Saving tagged the tie's actors on the highlight.
  const actors = item.getByRole('list', { name: 'Actors' });
  await expect(actors).toContainText('Russia');
  await expect(actors).toContainText('Liwa’ al-Quds');
});

test('typing in an actor field creates nothing: a cancelled form leaves no actor, a saved one creates it with its kind', async ({ page, host }, testInfo) => {
  await openApp(page, host);
  await importArticle(page);
  const bannedNames = async () => (await apiCall<StoredActor[]>(page, 'listActors')).filter((a) => /banese/i.test(a.name)).map((a) => [a.name, a.kind]);

  await select(page, BANESE);
  await page.keyboard.press('t');
  const form = page.getByRole('dialog', { name: 'Add tie' });
  const source = form.getByRole('combobox', { name: 'Source actor', exact: true });
  const relation = form.getByRole('combobox', { name: 'Relation', exact: true });
  const target = form.getByRole('combobox', { name: 'Target actor', exact: true });
  // Wagner is named, so it is prefilled as the source; Alt+S makes it the target.
  await expect(relation).toBeFocused();
  await expect(source).toHaveValue('Wagner Group');
  await page.keyboard.press('Alt+s');
  await expect(target).toHaveValue('Wagner Group');
  await expect(source).toHaveValue('');
  await page.keyboard.press('Shift+Tab');
  await expect(source).toBeFocused();
  await typeKeys(page, 'banese armed');
  await expect(activeLabel(form)).toHaveText('Create “banese armed”');
  await page.keyboard.press('Enter');
  const sourceKind = form.getByRole('combobox', { name: /Kind of the new source actor/ });
  await expect(sourceKind).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(source).toBeFocused();
  await page.keyboard.press('End');
  await typeKeys(page, 'clash');
  await expect(source).toHaveValue('banese armedclash');
  await page.keyboard.press('Enter');
  await expect(sourceKind).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(form).toBeHidden();
  expect(await bannedNames()).toEqual([]);

  // Again, saved: the actor is created with the tie, of the kind chosen under its name.
  await select(page, BANESE);
  await page.keyboard.press('t');
  await expect(relation).toBeFocused();
  await page.keyboard.press('Alt+s');
  await page.keyboard.press('Shift+Tab');
  await expect(source).toBeFocused();
  await typeKeys(page, 'Banese Armed Clash');
  await page.keyboard.press('Enter');
  await expect(sourceKind).toBeFocused();
  await typeKeys(page, 'a');
  await expect(sourceKind).toHaveValue('armed-group');
  await page.screenshot({ path: testInfo.outputPath('new-actor-kind.png') });
  await page.keyboard.press('Enter');
  await expect(relation).toBeFocused();
  await typeKeys(page, 'clashes');
  await expect(activeLabel(form)).toHaveText('clashes with');
  await page.keyboard.press('Enter');
  await expect(target).toBeFocused();
  expect(await bannedNames()).toEqual([]);
  await page.keyboard.press('Enter');
  await expect(form).toBeHidden();
  await expect(highlightItem(page, BANESE).getByRole('list', { name: 'Ties' })).toContainText('Banese Armed Clash ↔ clashes with ↔ Wagner Group');
  expect(await bannedNames()).toEqual([['Banese Armed Clash', 'armed-group']]);
});

test('Markdown shortcuts in a note: bold, bulleted and numbered lists, quotation', async ({ page, host }) => {
  await openApp(page, host);
  await importArticle(page);
  await select(page, 'Tehran trained the militia');
  await page.keyboard.press('n');
  const editor = panel(page).getByRole('textbox', { name: 'Note' });
  await expect(editor).toBeFocused();
  await typeKeys(page, 'Two **sources** agree:');
  await page.keyboard.press('Enter');
  await typeKeys(page, '- first outlet');
  await page.keyboard.press('Enter');
  await typeKeys(page, 'second outlet');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await typeKeys(page, '1. dated 2023');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await typeKeys(page, '> quoted as said');

  await expect(editor.locator('.note-bold')).toHaveText('sources');
  await expect(editor.locator('p').first()).toHaveText('Two sources agree:');
  await expect(editor.locator('ul > li')).toHaveText(['first outlet', 'second outlet']);
  await expect(editor.locator('ol > li')).toHaveText(['dated 2023']);
  await expect(editor.locator('blockquote')).toHaveText('quoted as said');
  await expect(panel(page).locator('.note-status', { hasText: 'Saved' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(editor).toBeHidden();

  const download = page.waitForEvent('download');
  await page.getByRole('region', { name: 'Reader' }).getByRole('button', { name: 'Export' }).click();
  const markdown = readFileSync((await (await download).path())!, 'utf8');
  expect(markdown).toContain('Two **sources** agree:');
  expect(markdown).toMatch(/^- first outlet$/m);
  expect(markdown).toMatch(/^- second outlet$/m);
  expect(markdown).toMatch(/^1\. dated 2023$/m);
  expect(markdown).toMatch(/^> quoted as said$/m);
});

test('the tag picker opens beside the passage, never over it', async ({ page, host }, testInfo) => {
  await page.setViewportSize({ width: 1100, height: 640 });
  await openApp(page, host);
  await page.getByTestId('import-input').setInputFiles({
    name: 'long.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from(
      ['A Long Report', '', ...Array.from({ length: 30 }, (_, i) => `Paragraph ${i + 1}: Moscow quietly armed Liwa al Quds while Tehran trained the militia near the border crossing, officials said.`)].join('\n\n'),
    ),
  });
  await expect(page.getByRole('region', { name: 'Reader' }).locator('.reader-title')).toHaveText('A Long Report');
  const picker = page.getByRole('dialog', { name: 'Tag actor' });
  const selectionRect = () => page.evaluate(() => window.getSelection()!.getRangeAt(0).getBoundingClientRect().toJSON() as DOMRect);
  const viewport = page.viewportSize()!;

  const check = async (paragraph: string, where: 'start' | 'end', name: string) => {
    const block = page.locator('[data-block]', { hasText: paragraph }).first();
    await block.evaluate((el, at) => el.scrollIntoView({ block: at }), where);
    await select(page, paragraph, `${paragraph} Moscow quietly armed`.length);
    const rect = await selectionRect();
    await page.keyboard.press('a');
    await expect(picker.getByRole('combobox', { name: 'Find or create an actor' })).toBeFocused();
    await typeKeys(page, 'liwa');
    const box = (await picker.boundingBox())!;
    await page.screenshot({ path: testInfo.outputPath(`${name}.png`) });
    // Beside the passage: wholly above or wholly below it, and on screen.
    expect(box.y + box.height <= rect.top || box.y >= rect.bottom).toBe(true);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
    await page.keyboard.press('Escape');
    await expect(picker).toBeHidden();
    return { box, rect };
  };

  // Near the top, it opens below the passage; near the bottom, above it.
  const top = await check('Paragraph 3:', 'start', 'picker-below');
  expect(top.box.y).toBeGreaterThanOrEqual(top.rect.bottom);
  const bottom = await check('Paragraph 20:', 'end', 'picker-above');
  expect(bottom.box.y + bottom.box.height).toBeLessThanOrEqual(bottom.rect.top);

  // On a highlight selected in the side panel (no text selection), A opens it beside that passage too.
  await select(page, 'Paragraph 20:', 'Paragraph 20: Moscow quietly armed'.length);
  await page.keyboard.press('h');
  const item = page.getByRole('region', { name: 'Side panel' }).locator('.highlight-item', { hasText: 'Paragraph 20:' });
  await item.locator('.highlight-open').click();
  await expect(item).toHaveClass(/selected/);
  const painted = await page.evaluate(() => {
    const range = [...(CSS.highlights.get('tm-selected') ?? [])][0] as StaticRange;
    const live = document.createRange();
    live.setStart(range.startContainer, range.startOffset);
    live.setEnd(range.endContainer, range.endOffset);
    return live.getBoundingClientRect().toJSON() as DOMRect;
  });
  await page.keyboard.press('a');
  await expect(picker.getByRole('combobox', { name: 'Find or create an actor' })).toBeFocused();
  const box = (await picker.boundingBox())!;
  expect(box.y + box.height <= painted.top || box.y >= painted.bottom).toBe(true);
  await page.keyboard.press('Escape');
});
