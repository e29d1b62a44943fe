import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { test, expect, openApp, dragSelect, offsetInBlock } from './host';

// The keys of README's tables that no other end-to-end test presses: Alt+S in the tie form, "."
// to repeat the last tie, ↑/↓ in the highlight list, A−/A+, the pane separators' arrow keys,
// Ctrl+V outside a field, and Export project. Typing is 30 ms a key, as a quick typist.

const TYPING = { delay: 30 };

const ARTICLE = [
  'Arms to the Levant',
  '',
  'Israeli officials said in 2023 that Moscow had quietly allowed anti-tank missiles to reach Hezbollah through Syrian depots.',
  '',
  'A year later, Russian instructors were reported to be training Hezbollah units near Qusayr.',
  '',
].join('\n');
const P1 = 'Israeli officials said in 2023';
const PASSAGE1 = 'Moscow had quietly allowed anti-tank missiles to reach Hezbollah';
/** Passages of the sample source that opens first (resources/samples/russia-hezbollah-syria.md). */
const FINAL_PUSH = 'the final push in November and December';
const DEPOTS = 'Israeli officials said troops had found';
const TIE = 'Russia → supplies weapons to → Syria';

test('Alt+S swaps source and target in the tie form, from any field', async ({ page, host }) => {
  await openApp(page, host);
  const panel = page.getByRole('region', { name: 'Side panel' });
  // The sample's first highlight is tagged Russia, Syria and Hezbollah, in that order.
  const item = panel.locator('.highlight-item', { hasText: FINAL_PUSH });
  await item.locator('.highlight-open').click();
  await page.keyboard.press('t');
  const form = page.getByRole('dialog', { name: 'Add tie' });
  const source = form.getByRole('combobox', { name: 'Source actor' });
  const target = form.getByRole('combobox', { name: 'Target actor' });
  const relation = form.getByRole('combobox', { name: 'Relation' });
  const preview = form.locator('.tf-preview');
  await expect(source).toHaveValue('Russia');
  await expect(target).toHaveValue('Syria');
  await expect(relation).toBeFocused();

  // From the relation field: the ends swap, nothing is typed, focus stays; again swaps back.
  await page.keyboard.press('Alt+s');
  await expect(source).toHaveValue('Syria');
  await expect(target).toHaveValue('Russia');
  await expect(preview).toHaveText('Reads: Syria → relation → Russia');
  await expect(relation).toHaveValue('');
  await expect(relation).toBeFocused();
  await page.keyboard.press('Alt+s');
  await expect(source).toHaveValue('Russia');
  await expect(target).toHaveValue('Syria');

  // From the date field, with a relation chosen: the rest of the form is left as it is.
  await relation.pressSequentially('supplies weapons', TYPING);
  await page.keyboard.press('Enter');
  await expect(relation).toHaveValue('supplies weapons to');
  const date = form.getByLabel(/Event date/);
  await date.click();
  await date.pressSequentially('2016', TYPING);
  await page.keyboard.press('Alt+s');
  await expect(source).toHaveValue('Syria');
  await expect(target).toHaveValue('Russia');
  await expect(relation).toHaveValue('supplies weapons to');
  await expect(date).toHaveValue('2016');
  await expect(date).toBeFocused();
  await expect(preview).toHaveText('Reads: Syria → supplies weapons to → Russia (2016)');

  // A typed name not chosen yet goes with its end too.
  await source.fill('');
  await source.pressSequentially('Iranian advisers', TYPING);
  await page.keyboard.press('Alt+s');
  await expect(source).toHaveValue('Russia');
  await expect(target).toHaveValue('Iranian advisers');
  await page.keyboard.press('Alt+s');
  await expect(source).toHaveValue('Iranian advisers');
  await expect(target).toHaveValue('Russia');
  await source.fill('');
  await source.pressSequentially('Syria', TYPING);
  await page.keyboard.press('Enter');
  await expect(source).toHaveValue('Syria');

  // Saved the way round it reads.
  await date.click();
  await page.keyboard.press('Enter');
  await expect(form).toBeHidden();
  await expect(item.getByRole('list', { name: 'Ties' })).toContainText('Syria → supplies weapons to → Russia');
});

test('“.” repeats the last tie on the selected highlight, with all its details', async ({ page, host }) => {
  await openApp(page, host);
  const panel = page.getByRole('region', { name: 'Side panel' });
  const status = page.getByRole('status');
  const first = panel.locator('.highlight-item', { hasText: FINAL_PUSH });
  const last = panel.locator('.highlight-item', { hasText: DEPOTS });
  const lastTies = last.getByRole('list', { name: 'Ties' });
  await expect(lastTies).toHaveCount(0);

  // Before any tie, "." says what to do first.
  await page.keyboard.press('.');
  await expect(status.filter({ hasText: /^Add a tie first; then \. repeats it/ })).toBeVisible();

  // A tie on the first highlight: Russia supplies weapons to Syria, reported, 2016.
  await first.locator('.highlight-open').click();
  await page.keyboard.press('t');
  const form = page.getByRole('dialog', { name: 'Add tie' });
  await expect(form.getByRole('combobox', { name: 'Relation' })).toBeFocused();
  await form.getByRole('combobox', { name: 'Relation' }).pressSequentially('supplies weapons', TYPING);
  await page.keyboard.press('Enter');
  await form.getByRole('radio', { name: 'reported' }).check();
  const date = form.getByLabel(/Event date/);
  await date.click();
  await date.pressSequentially('2016', TYPING);
  await page.keyboard.press('Enter');
  await expect(form).toBeHidden();
  await expect(first.getByRole('list', { name: 'Ties' })).toContainText(TIE);

  // Select another highlight and press ".": the same tie is added to it.
  await last.locator('.highlight-open').click();
  await expect(last).toHaveClass(/selected/);
  await page.keyboard.press('.');
  await expect(status.filter({ hasText: `Added ${TIE}` })).toBeVisible();
  await expect(lastTies.getByRole('listitem')).toHaveCount(1);
  await expect(lastTies).toContainText(TIE);
  await expect(lastTies.locator('.stance')).toHaveText('reported');
  // The first highlight keeps its one tie.
  await expect(first.getByRole('list', { name: 'Ties' }).getByRole('listitem')).toHaveCount(1);

  // With nothing selected, "." says so and adds nothing.
  await page.keyboard.press('Escape');
  await expect(panel.locator('.highlight-item.selected')).toHaveCount(0);
  await page.keyboard.press('.');
  await expect(status.filter({ hasText: /a highlight first, then press \. to add the same tie/ })).toBeVisible();
  await expect(lastTies.getByRole('listitem')).toHaveCount(1);

  // Stored, with everything the first one had.
  await page.reload();
  await expect(lastTies).toContainText(TIE);
  await lastTies.getByRole('button').click();
  const edit = page.getByRole('dialog', { name: 'Edit tie' });
  await expect(edit.getByRole('combobox', { name: 'Source actor' })).toHaveValue('Russia');
  await expect(edit.getByRole('combobox', { name: 'Relation' })).toHaveValue('supplies weapons to');
  await expect(edit.getByRole('combobox', { name: 'Target actor' })).toHaveValue('Syria');
  await expect(edit.getByRole('radio', { name: 'reported' })).toBeChecked();
  await expect(edit.getByLabel(/Event date/)).toHaveValue('2016');
  await page.keyboard.press('Escape');
  await expect(edit).toBeHidden();
});

test('a key pressed right after tagging a new passage acts on its highlight, even while it is being stored', async ({ page, host }) => {
  await openApp(page, host);
  await page.getByTestId('import-input').setInputFiles({ name: 'arms-levant.txt', mimeType: 'text/plain', buffer: Buffer.from(ARTICLE) });
  await expect(page.getByRole('region', { name: 'Reader' }).locator('.reader-title')).toHaveText('Arms to the Levant');
  const panel = page.getByRole('region', { name: 'Side panel' });
  // Storing a highlight takes a moment here, as on a busy machine; the keys do not wait for it.
  await page.route(
    (url) => url.pathname === '/api/createHighlight',
    async (route) => {
      await new Promise((done) => setTimeout(done, 800));
      await route.continue();
    },
  );

  const from = await offsetInBlock(page, PASSAGE1);
  await dragSelect(page, P1, from, from + PASSAGE1.length);
  const picker = page.getByRole('dialog', { name: 'Tag actor' });
  const find = picker.getByRole('combobox', { name: 'Find or create an actor' });
  await page.keyboard.press('a');
  await find.pressSequentially('kremlin', TYPING);
  await page.keyboard.press('Enter');
  // A at once: tag a second actor on the passage just tagged.
  await page.keyboard.press('a');
  await expect(picker).toBeVisible();
  await find.pressSequentially('hizballah', TYPING);
  await page.keyboard.press('Enter');
  const item = panel.locator('.highlight-item', { hasText: PASSAGE1 });
  // Each chip is the actor's name and its remove button (×).
  await expect(item.getByRole('list', { name: 'Actors' }).getByRole('listitem')).toHaveText([/^Russia×?$/, /^Hezbollah×?$/]);
  await expect(panel.locator('.highlight-item')).toHaveCount(1);
});

test('↑/↓ move through the highlight list, selecting each highlight and showing it in the reader', async ({ page, host }) => {
  await openApp(page, host);
  const panel = page.getByRole('region', { name: 'Side panel' });
  const items = panel.locator('.highlight-item');
  await expect(items).toHaveCount(5);
  const open = (i: number) => items.nth(i).locator('.highlight-open');
  const expectSelected = async (i: number) => {
    await expect(items.nth(i)).toHaveClass(/selected/);
    await expect(open(i)).toHaveAttribute('aria-current', 'true');
    await expect(open(i)).toBeFocused();
    await expect(panel.locator('.highlight-item.selected')).toHaveCount(1);
  };

  await open(0).click();
  await expectSelected(0);
  // Up at the top stays there.
  await page.keyboard.press('ArrowUp');
  await expectSelected(0);
  for (let i = 1; i < 5; i++) {
    await page.keyboard.press('ArrowDown');
    await expectSelected(i);
  }
  // The reader went with the selection: the last passage is on screen.
  await expect(page.locator('[data-block]', { hasText: 'Israeli officials said troops had found' }).first()).toBeInViewport();
  // Down at the bottom stays there.
  await page.keyboard.press('ArrowDown');
  await expectSelected(4);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expectSelected(2);
  await expect(page.locator('[data-block]', { hasText: 'Israel went on to conduct hundreds of strikes' }).first()).toBeInViewport();
  // The selected highlight is what Delete acts on: the list's selection is the app's.
  await page.keyboard.press('Delete');
  await expect(items).toHaveCount(4);
  await expect(panel.getByText('Israel went on to conduct hundreds of strikes in Syria against what it described as Iranian and Hezbollah targets', { exact: true })).toHaveCount(0);
});

test('A− and A+ step the reader’s text size through its sizes and stop at either end', async ({ page, host }) => {
  await openApp(page, host);
  const reader = page.getByRole('region', { name: 'Reader' });
  const smaller = reader.getByRole('button', { name: /smaller text/ });
  const larger = reader.getByRole('button', { name: /larger text/ });
  const text = reader.locator('.reader-text');
  const fontSize = () => text.evaluate((el) => getComputedStyle(el).fontSize);
  // The reader's base size is 18px (app.css), scaled by --reader-scale.
  const expectScale = async (scale: string, px: string) => {
    await expect(reader).toHaveAttribute('style', new RegExp(`--reader-scale: ${scale.replace('.', '\\.')};`));
    await expect.poll(fontSize).toBe(px);
  };

  await expectScale('1', '18px');
  await larger.click();
  await expectScale('1.1', '19.8px');
  for (let i = 0; i < 3; i++) await larger.click();
  await expectScale('1.5', '27px');
  await larger.click();
  await expectScale('1.5', '27px');
  await smaller.click();
  await expectScale('1.35', '24.3px');
  for (let i = 0; i < 5; i++) await smaller.click();
  await expectScale('0.85', '15.3px');
  await smaller.click();
  await expectScale('0.85', '15.3px');
  await larger.click();
  await expectScale('0.92', '16.56px');
});

test('pane separators resize with ←/→ once focused, Shift for bigger steps, within the limits', async ({ page, host }) => {
  await openApp(page, host);
  const left = page.getByRole('separator', { name: 'Resize sources pane' });
  const right = page.getByRole('separator', { name: 'Resize side panel' });
  const width = (selector: string) => page.locator(selector).first().evaluate((el) => Math.round(el.getBoundingClientRect().width));
  const expectLeft = async (value: number) => {
    await expect(left).toHaveAttribute('aria-valuenow', String(value));
    await expect.poll(() => width('.pane-left')).toBe(value);
  };
  const expectRight = async (value: number) => {
    await expect(right).toHaveAttribute('aria-valuenow', String(value));
    await expect.poll(() => width('.pane-right')).toBe(value);
  };

  // Tab reaches the separator from the last control of the sources pane.
  await page.getByRole('region', { name: 'Sources' }).getByRole('button').last().focus();
  await page.keyboard.press('Tab');
  await expect(left).toBeFocused();
  await expectLeft(280);
  await page.keyboard.press('ArrowRight');
  await expectLeft(296);
  await page.keyboard.press('Shift+ArrowRight');
  await expectLeft(360);
  await page.keyboard.press('ArrowLeft');
  await expectLeft(344);
  await page.keyboard.press('Shift+ArrowLeft');
  await expectLeft(280);
  // Never under the minimum or over the maximum.
  for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowLeft');
  await expectLeft(180);
  for (let i = 0; i < 6; i++) await page.keyboard.press('Shift+ArrowRight');
  await expectLeft(520);

  // The side panel's separator: ← widens the panel on the right, → narrows it.
  await right.focus();
  await expectRight(340);
  await page.keyboard.press('ArrowLeft');
  await expectRight(356);
  await page.keyboard.press('Shift+ArrowRight');
  await expectRight(292);
  await page.keyboard.press('ArrowRight');
  await expectRight(276);
  for (let i = 0; i < 2; i++) await page.keyboard.press('Shift+ArrowRight');
  await expectRight(240);
  // The reader takes what is left.
  const separators = (await left.evaluate((el) => el.getBoundingClientRect().width)) + (await right.evaluate((el) => el.getBoundingClientRect().width));
  await expect.poll(() => width('.pane-center')).toBe(Math.round(1400 - 520 - 240 - separators));
});

test('Ctrl+V outside a text field opens the paste dialog with the clipboard’s text; inside a note it pastes there', async ({ page, host, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(host.url).origin });
  await openApp(page, host);
  const dialog = page.getByRole('dialog', { name: 'New source from pasted text' });
  const clipboard = 'Houthi drones over the Red Sea\n\nA UN panel said Iran supplied drone engines to the Houthis in 2023.';
  await page.evaluate((text) => navigator.clipboard.writeText(text), clipboard);

  // In a note, Ctrl+V is the note's own paste.
  const panel = page.getByRole('region', { name: 'Side panel' });
  const item = panel.locator('.highlight-item').first();
  await item.locator('.highlight-open').click();
  await page.keyboard.press('n');
  const note = item.getByRole('textbox', { name: 'Note' });
  await expect(note).toBeFocused();
  await page.keyboard.press('Control+v');
  await expect(note).toContainText('A UN panel said Iran supplied drone engines');
  await expect(dialog).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(note).toBeHidden();

  // Anywhere else: the dialog opens with the text, and adds it as a source.
  await page.getByRole('region', { name: 'Reader' }).locator('.reader-title').click();
  await page.keyboard.press('Control+v');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Text')).toHaveValue(clipboard);
  await expect(dialog.getByTestId('paste-structure')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Add source' }).click();
  await expect(dialog).toBeHidden();
  const reader = page.getByRole('region', { name: 'Reader' });
  await expect(reader.locator('.reader-title')).toHaveText('Houthi drones over the Red Sea');
  await expect(reader.getByText('A UN panel said Iran supplied drone engines to the Houthis in 2023.')).toBeVisible();

  // Copied from a web page: the dialog says the page's structure is kept, and it is.
  await page.evaluate(async () => {
    const html = '<h1>Red Sea brief</h1><h2>Shipping</h2><p>Attacks on shipping rose in early 2024.</p><ul><li>Insurance costs doubled.</li><li>Routes moved round the Cape.</li></ul>';
    const text = 'Red Sea brief\nShipping\nAttacks on shipping rose in early 2024.\nInsurance costs doubled.\nRoutes moved round the Cape.';
    await navigator.clipboard.write([new ClipboardItem({ 'text/html': new Blob([html], { type: 'text/html' }), 'text/plain': new Blob([text], { type: 'text/plain' }) })]);
  });
  await reader.locator('.reader-title').click();
  await page.keyboard.press('Control+v');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('paste-structure')).toBeVisible();
  await dialog.getByRole('button', { name: 'Add source' }).click();
  await expect(reader.locator('.reader-title')).toHaveText('Red Sea brief');
  await expect(reader.locator('li[data-block]')).toHaveText(['Insurance costs doubled.', 'Routes moved round the Cape.']);
});

test('Export project downloads one Markdown file with every source, its highlights and its ties', async ({ page, host }) => {
  await openApp(page, host);
  const sources = page.getByRole('region', { name: 'Sources' });
  // One source of our own, with a highlight, beside the six samples.
  await page.getByTestId('import-input').setInputFiles({ name: 'arms-levant.txt', mimeType: 'text/plain', buffer: Buffer.from(ARTICLE) });
  await expect(page.getByRole('region', { name: 'Reader' }).locator('.reader-title')).toHaveText('Arms to the Levant');
  const from = await offsetInBlock(page, PASSAGE1);
  await dragSelect(page, P1, from, from + PASSAGE1.length);
  await page.keyboard.press('h');
  await expect(sources.getByLabel('1 highlights')).toBeVisible();
  await expect(sources.locator('.source-list > li')).toHaveCount(7);
  const titles = await sources.locator('.source-title').allTextContents();

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export project' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^tiemark-project-\d{4}-\d{2}-\d{2}\.md$/);
  const markdown = readFileSync((await file.path())!, 'utf8');

  const front = /^---\n([\s\S]*?)\n---\n/.exec(markdown);
  expect(front).not.toBeNull();
  const meta = parseYaml(front![1]) as { source_count: number; sources: string[] };
  expect(meta.source_count).toBe(7);
  expect(meta.sources).toEqual(titles);
  // Each source is a section of its own with its link, in the list's order.
  const sections = titles.map((title) => markdown.indexOf(`\n## ${title}\n`));
  for (const [i, at] of sections.entries()) expect(at, titles[i]).toBeGreaterThan(0);
  expect([...sections].sort((a, b) => a - b)).toEqual(sections);
  expect(new Set([...markdown.matchAll(/\[Open in Tiemark\]\(tiemark:\/\/source\/([\w-]+)\)/g)].map((m) => m[1])).size).toBe(7);

  // Every sample passage, and ours, quoted exactly.
  const manifest = JSON.parse(readFileSync('resources/samples/manifest.json', 'utf8')) as { articles: Array<{ highlights: Array<{ quote: string }> }> };
  const quotes = [...manifest.articles.flatMap((a) => a.highlights.map((h) => h.quote)), PASSAGE1];
  expect(quotes.length).toBeGreaterThan(20);
  for (const quote of quotes) expect(markdown, quote).toContain(`> ${quote}`);
  // Each source's ties section, with the samples' ties in it.
  expect(markdown.match(/^### Ties$/gm)).toHaveLength(7);
  expect(markdown).toContain('IRGC ↔ **coordinates militarily with** ↔ Russia');
});
