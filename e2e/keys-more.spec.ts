import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, openApp, apiCall } from './host';

// Keys driven as a fast user drives them: typing 30 ms a key, and no wait between a command key
// and what follows it. Caret mode (F7: selecting with the keyboard alone), and the paths of the
// other keys that e2e/keys.spec.ts does not take: a tie coded by keyboard only with Alt+S and
// "." on a fresh selection (also after a reload), ↑/↓ in the reader against the highlight
// list's, A−/A+ from the palette, the pane separators' Home/End, a paste event anywhere, and
// Export project from the palette.

const TYPING = { delay: 30 };
const mod = process.platform === 'darwin' ? 'Meta' : 'Control';
/** Word steps are Ctrl+←/→ (Alt on a Mac), block steps Ctrl+↑/↓ (Cmd on a Mac): src/renderer/src/reader/caret.ts. */
const wordMod = process.platform === 'darwin' ? 'Alt' : 'Control';
const blockMod = process.platform === 'darwin' ? 'Meta' : 'Control';

/** The first paragraph's first two sentences (resources/samples/russia-hezbollah-syria.md, the source that opens first). */
const SENTENCE1 =
  'When Russian aircraft began flying combat missions from Hmeimim air base in Latakia province on 30 September 2015, Hezbollah (حزب الله) had already been fighting inside Syria for more than two years.';
const SENTENCE2 = 'The Lebanese movement’s role became unmistakable in the spring of 2013, when its units led the assault on the border town of al-Qusayr alongside the Syrian army.';


/** The open source's id, from the list of sources (the open one is marked). */
async function openSourceId(page: Page): Promise<string> {
  const sources = await apiCall<Array<{ id: string; title: string }>>(page, 'listSources');
  const title = await page.getByRole('region', { name: 'Reader' }).locator('.reader-title').textContent();
  const found = sources.find((s) => s.title === title);
  if (!found) throw new Error(`no source titled ${title}`);
  return found.id;
}

/** Texts of every range the painter has in CSS.highlights, by layer. */
async function paintedTexts(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(() => {
    const out: Record<string, string[]> = {};
    CSS.highlights.forEach((highlight, name) => {
      out[name] = [...highlight].map((r) => {
        const range = document.createRange();
        range.setStart(r.startContainer, r.startOffset);
        range.setEnd(r.endContainer, r.endOffset);
        return range.toString();
      });
    });
    return out;
  });
}

const selectionText = (page: Page) => page.evaluate(() => window.getSelection()?.toString() ?? '');

/** F7, then to the start of the first paragraph: the end of the heading, one step on. */
async function caretToFirstParagraph(page: Page): Promise<void> {
  await page.keyboard.press('F7');
  await page.keyboard.press(`${blockMod}+ArrowDown`);
  await page.keyboard.press('ArrowRight');
}

test('caret mode: a sentence selected by keyboard alone is highlighted with H, stored and painted', async ({ page, host }) => {
  await openApp(page, host);
  const reader = page.getByRole('region', { name: 'Reader' });
  const caret = reader.getByTestId('reader-caret');
  await expect(caret).toHaveCount(0);

  // F7 from anywhere outside a field: the caret is drawn at the first block in view.
  await caretToFirstParagraph(page);
  await expect(caret).toBeVisible();
  const paragraph = reader.locator('[data-block]', { hasText: SENTENCE1 }).first();
  const [caretBox, paragraphBox] = [await caret.boundingBox(), await paragraph.boundingBox()];
  expect(Math.abs(caretBox!.x - paragraphBox!.x)).toBeLessThan(4);
  expect(Math.abs(caretBox!.y - paragraphBox!.y)).toBeLessThan(caretBox!.height);

  // Shift+Alt+↓: to the end of the sentence. The toolbar comes up as for a mouse selection.
  await page.keyboard.press('Shift+Alt+ArrowDown');
  await expect.poll(() => selectionText(page)).toBe(SENTENCE1);
  await expect(reader.getByRole('toolbar')).toBeVisible();
  // One word back and one forward again, by word steps.
  await page.keyboard.press(`Shift+${wordMod}+ArrowLeft`);
  await expect.poll(() => selectionText(page)).toBe(SENTENCE1.slice(0, SENTENCE1.lastIndexOf('years')));
  await page.keyboard.press(`Shift+${wordMod}+ArrowRight`);
  await page.keyboard.press('Shift+ArrowRight');
  await expect.poll(() => selectionText(page)).toBe(SENTENCE1);

  const sourceId = await openSourceId(page);
  const before = await apiCall<Array<{ exact: string }>>(page, 'listHighlights', { sourceId });
  await page.keyboard.press('h');
  await expect.poll(async () => (await apiCall<Array<{ exact: string }>>(page, 'listHighlights', { sourceId })).filter((h) => h.exact === SENTENCE1).length).toBe(1);
  expect((await apiCall<unknown[]>(page, 'listHighlights', { sourceId })).length).toBe(before.length + 1);
  // Painted: a colour layer holds a range over exactly that text.
  await expect
    .poll(async () => Object.entries(await paintedTexts(page)).some(([name, texts]) => /^tm-(?!overlap|selected|flash)/.test(name) && texts.includes(SENTENCE1)))
    .toBe(true);
  // The selection is gone; the caret stays at its end, and moves on from there.
  await expect.poll(() => selectionText(page)).toBe('');
  await expect(caret).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+Alt+ArrowDown');
  await expect.poll(() => selectionText(page)).toBe(SENTENCE2);

  // Esc clears the selection, a second Esc leaves caret mode.
  await page.keyboard.press('Escape');
  await expect.poll(() => selectionText(page)).toBe('');
  await expect(caret).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(caret).toHaveCount(0);
  // Arrows scroll the reader again instead of moving a caret.
  await page.keyboard.press('Shift+Alt+ArrowDown');
  await expect.poll(() => selectionText(page)).toBe('');
});

test('caret mode: ↑/↓ go by line in the reader, while the highlight list keeps its own ↑/↓', async ({ page, host }) => {
  await openApp(page, host);
  const reader = page.getByRole('region', { name: 'Reader' });
  const caret = reader.getByTestId('reader-caret');
  await caretToFirstParagraph(page);
  await expect(caret).toBeVisible();
  const top = async () => (await caret.boundingBox())!.y;
  /** Where the caret is in the text (its position inside the scrolled content), whatever the scroll. */
  const place = () => caret.evaluate((el) => `${el.style.left} ${el.style.top}`);
  const y0 = await top();
  const lineHeight = (await caret.boundingBox())!.height;
  await page.keyboard.press('ArrowDown');
  await expect.poll(top).toBeGreaterThan(y0 + lineHeight / 2);
  const y1 = await top();
  expect(y1 - y0).toBeLessThan(lineHeight * 1.8);
  await page.keyboard.press('Shift+ArrowDown');
  await expect.poll(async () => (await selectionText(page)).length).toBeGreaterThan(20);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect.poll(top).toBeLessThan(y1);

  // Focus in the highlight list: ↑/↓ move through the list, the caret stays.
  const panel = page.getByRole('region', { name: 'Side panel' });
  const items = panel.locator('.highlight-item');
  await items.nth(0).locator('.highlight-open').click();
  const where = await place();
  await page.keyboard.press('ArrowDown');
  await expect(items.nth(1)).toHaveClass(/selected/);
  await expect(items.nth(1).locator('.highlight-open')).toBeFocused();
  expect(await place()).toBe(where);
});

test('a tie coded by keyboard only: caret selection, T with type-ahead, Alt+S; then "." on a fresh selection, also after a reload', async ({ page, host }) => {
  await openApp(page, host);
  const sourceId = await openSourceId(page);
  type Claim = { id: string; highlightId: string; sourceActorId: string; targetActorId: string; relationTypeId: string };
  const claims = async () => (await apiCall<{ claims: Claim[] }>(page, 'listAnnotations', { sourceId })).claims;
  const highlights = async () => apiCall<Array<{ id: string; exact: string }>>(page, 'listHighlights', { sourceId });
  const seen = new Set((await claims()).map((c) => c.id));
  const before = seen.size;
  /** The one claim stored since the last call. */
  const newClaim = async () => {
    const added = (await claims()).filter((c) => !seen.has(c.id));
    expect(added).toHaveLength(1);
    seen.add(added[0].id);
    return added[0];
  };

  await caretToFirstParagraph(page);
  await page.keyboard.press('Shift+Alt+ArrowDown');
  await expect.poll(() => selectionText(page)).toBe(SENTENCE1);
  const form = page.getByRole('dialog', { name: 'Add tie' });
  const source = form.getByRole('combobox', { name: 'Source actor' });
  const target = form.getByRole('combobox', { name: 'Target actor' });
  const relation = form.getByRole('combobox', { name: 'Relation' });
  // T and the relation at once: the keys typed while the form opens reach its first empty field.
  await page.keyboard.press('t');
  await page.keyboard.type('cooperates', TYPING);
  await expect(relation).toHaveValue('cooperates');
  const [s0, t0] = [await source.inputValue(), await target.inputValue()];
  expect(s0).not.toBe('');
  expect(t0).not.toBe('');
  await page.keyboard.press('Alt+s');
  await expect(source).toHaveValue(t0);
  await expect(target).toHaveValue(s0);
  await expect(relation).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(relation).toHaveValue(/^cooperates with/);
  const relationLabel = await relation.inputValue();
  await page.keyboard.press('Enter');
  await expect(form).toBeHidden();
  await expect.poll(async () => (await claims()).length).toBe(before + 1);
  const first = await newClaim();
  const tagged = await highlights();
  expect(tagged.find((h) => h.id === first.highlightId)?.exact).toBe(SENTENCE1);

  // The next sentence, by keyboard, and ".": highlighted and given the same tie.
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+Alt+ArrowDown');
  await expect.poll(() => selectionText(page)).toBe(SENTENCE2);
  await page.keyboard.press('.');
  // The app says what it added (a symmetric relation reads with ↔).
  await expect(page.getByRole('status').filter({ hasText: new RegExp(`^Added .* ${relationLabel} `) })).toBeVisible();
  await expect.poll(async () => (await claims()).length).toBe(before + 2);
  const second = await newClaim();
  expect((await highlights()).find((h) => h.id === second.highlightId)?.exact).toBe(SENTENCE2);
  expect([second.sourceActorId, second.relationTypeId, second.targetActorId]).toEqual([first.sourceActorId, first.relationTypeId, first.targetActorId]);

  // After a reload the last tie is still the one "." repeats.
  await page.reload();
  await expect(page.getByRole('region', { name: 'Reader' }).locator('[data-block]').first()).toBeVisible();
  await caretToFirstParagraph(page);
  await page.keyboard.press(`Shift+${wordMod}+ArrowRight`);
  await page.keyboard.press(`Shift+${wordMod}+ArrowRight`);
  await expect.poll(() => selectionText(page)).toBe('When Russian');
  await page.keyboard.press('.');
  await expect.poll(async () => (await claims()).length).toBe(before + 3);
  const third = await newClaim();
  expect((await highlights()).find((h) => h.id === third.highlightId)?.exact).toBe('When Russian');
  expect([third.sourceActorId, third.relationTypeId, third.targetActorId]).toEqual([first.sourceActorId, first.relationTypeId, first.targetActorId]);
});

test('A− and A+ from the command palette change the reader’s computed font size', async ({ page, host }) => {
  await openApp(page, host);
  const text = page.getByRole('region', { name: 'Reader' }).locator('.reader-text');
  const fontSize = () => text.evaluate((el) => getComputedStyle(el).fontSize);
  const palette = page.getByRole('dialog', { name: 'Commands' });
  const run = async (name: string) => {
    await page.keyboard.press(`${mod}+k`);
    await page.keyboard.type(name, TYPING);
    await page.keyboard.press('Enter');
    await expect(palette).toBeHidden();
  };
  await expect.poll(fontSize).toBe('18px');
  await run('larger text');
  await expect.poll(fontSize).toBe('19.8px');
  await run('larger text');
  await expect.poll(fontSize).toBe('21.6px');
  await run('smaller text');
  await run('smaller text');
  await run('smaller text');
  await expect.poll(fontSize).toBe('16.56px');
  // Kept as a preference: a reload shows the same size.
  await page.reload();
  await expect.poll(fontSize).toBe('16.56px');
});

test('pane separators: Home and End go to the limits, and the width is kept after a reload', async ({ page, host }) => {
  await openApp(page, host);
  const left = page.getByRole('separator', { name: 'Resize sources pane' });
  const width = () => page.locator('.pane-left').first().evaluate((el) => Math.round(el.getBoundingClientRect().width));
  await left.focus();
  await page.keyboard.press('End');
  await expect(left).toHaveAttribute('aria-valuenow', '520');
  await expect.poll(width).toBe(520);
  await page.keyboard.press('Home');
  await expect(left).toHaveAttribute('aria-valuenow', '180');
  await expect.poll(width).toBe(180);
  await page.keyboard.press('Shift+ArrowRight');
  await expect.poll(width).toBe(244);
  await page.reload();
  await expect(page.getByRole('separator', { name: 'Resize sources pane' })).toHaveAttribute('aria-valuenow', '244');
  await expect.poll(width).toBe(244);
});

test('a paste event with text anywhere outside a field opens the paste dialog; in a field or a dialog it does not', async ({ page, host }) => {
  await openApp(page, host);
  const dialog = page.getByRole('dialog', { name: 'New source from pasted text' });
  /** Fires a paste with `text` (and `html`) at the element matched by `selector`, as the browser does. */
  const paste = (selector: string, text: string, html = '') =>
    page.evaluate(
      ([sel, t, h]) => {
        const data = new DataTransfer();
        data.setData('text/plain', t);
        if (h) data.setData('text/html', h);
        const target = document.querySelector(sel) ?? document.body;
        return target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      },
      [selector, text, html] as const,
    );
  const TEXT = 'Wagner in Mali\n\nThe group’s fighters arrived near Bamako in late 2021.';

  // On the side panel, the sources list and the page itself: the dialog, with the text.
  for (const target of ['.pane-right', '.pane-left', 'body']) {
    expect(await paste(target, TEXT), target).toBe(false); // handled: the page's default is prevented
    await expect(dialog, target).toBeVisible();
    await expect(dialog.getByLabel('Text')).toHaveValue(TEXT);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  }
  // Only spaces: nothing to offer.
  expect(await paste('body', '  \n ')).toBe(true);
  await expect(dialog).toHaveCount(0);
  // In the palette's field, the paste is the field's.
  await page.keyboard.press(`${mod}+k`);
  expect(await paste('[role="dialog"] input', TEXT)).toBe(true);
  await expect(dialog).toHaveCount(0);
  await page.keyboard.press('Escape');

  // With the page's HTML: the dialog says its structure is kept, and adds it as a source.
  await paste('.reader-text', 'Sahel brief\nAttacks rose.', '<h1>Sahel brief</h1><p>Attacks rose.</p>');
  await expect(dialog.getByTestId('paste-structure')).toBeVisible();
  await dialog.getByRole('button', { name: 'Add source' }).click();
  await expect(page.getByRole('region', { name: 'Reader' }).locator('.reader-title')).toHaveText('Sahel brief');
});

test('Export project from the palette downloads Markdown with a passage just highlighted by keyboard', async ({ page, host }) => {
  await openApp(page, host);
  await caretToFirstParagraph(page);
  await page.keyboard.press('Shift+Alt+ArrowDown');
  await expect.poll(() => selectionText(page)).toBe(SENTENCE1);
  const sourceId = await openSourceId(page);
  await page.keyboard.press('h');
  await expect.poll(async () => (await apiCall<Array<{ exact: string }>>(page, 'listHighlights', { sourceId })).some((h) => h.exact === SENTENCE1)).toBe(true);

  const download = page.waitForEvent('download');
  await page.keyboard.press(`${mod}+k`);
  await page.keyboard.type('export the project', TYPING);
  await page.keyboard.press('Enter');
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^tiemark-project-\d{4}-\d{2}-\d{2}\.md$/);
  const markdown = readFileSync((await file.path())!, 'utf8');
  expect(markdown).toMatch(/^---\n[\s\S]*?\nsource_count: 6\n/);
  expect(markdown).toContain('\n## Uneasy Allies: Russia and Hezbollah in the Syrian War and After\n');
  expect(markdown).toContain(`> ${SENTENCE1}`);
  // The passage's link opens it in the app.
  const section = markdown.slice(markdown.indexOf(`> ${SENTENCE1}`));
  expect(section.slice(0, 2000)).toMatch(/tiemark:\/\/source\/[\w-]+#highlight=[\w-]+/);
});
