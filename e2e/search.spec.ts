import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, openApp, apiCall } from './host';

// Corpus search in the top bar (Ctrl/Cmd+Shift+F) and find in this source (Ctrl/Cmd+F), driven
// as a fast user drives them: keys typed 30 ms apart and no wait between a command key, the
// typing and the arrows (src/renderer/src/features/search/). The sample project opens on
// "Uneasy Allies" (resources/samples/russia-hezbollah-syria.md); the phrase searched for is in
// another sample, resources/samples/iran-houthis-red-sea.md.

const TYPING = { delay: 30 };
const mod = process.platform === 'darwin' ? 'Meta' : 'Control';
const PHRASE = 'cruise missile';

/** Texts of the ranges in one CSS highlight layer of the page. */
async function layerTexts(page: Page, layer: string): Promise<string[]> {
  return page.evaluate(
    (name) =>
      [...(CSS.highlights.get(name) ?? [])].map((r) => {
        const range = document.createRange();
        range.setStart(r.startContainer, r.startOffset);
        range.setEnd(r.endContainer, r.endOffset);
        return range.toString();
      }),
    layer,
  );
}

/** Whether the first range of a layer is inside the reader's scrolled view. */
async function layerInView(page: Page, layer: string): Promise<boolean> {
  return page.evaluate((name) => {
    const first = [...(CSS.highlights.get(name) ?? [])][0] as StaticRange | undefined;
    const scroller = document.querySelector('.reader-scroll');
    if (!first || !scroller) return false;
    const range = document.createRange();
    range.setStart(first.startContainer, first.startOffset);
    range.setEnd(first.endContainer, first.endOffset);
    const box = range.getBoundingClientRect();
    const view = scroller.getBoundingClientRect();
    return box.height > 0 && box.top >= view.top && box.bottom <= view.bottom;
  }, layer);
}

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

test.describe('search', () => {
  test('a phrase across the corpus: Ctrl+Shift+F, typing, ↓ and Enter open the hit in its source, scrolled to and flashed', async ({ page, host }, testInfo) => {
    await openApp(page, host);
    const reader = page.getByRole('region', { name: 'Reader' });
    await expect(reader.locator('.reader-title')).toContainText('Uneasy Allies');

    await page.keyboard.press(`${mod}+Shift+F`);
    await page.keyboard.type(`"${PHRASE}"`, TYPING);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');

    await expect(reader.locator('.reader-title')).toContainText('Iran, the Houthis and the Red Sea');
    // The jump flashes the words found (for 1.6 s: src/renderer/src/reader/painter.ts), in view.
    await expect.poll(() => layerTexts(page, 'tm-flash'), { timeout: 10_000, intervals: [50] }).toEqual([PHRASE]);
    await expect(reader.locator('[data-block]', { hasText: 'ballistic and cruise missile components' })).toBeInViewport();
    // Focus is in the reader, so its keys act at once.
    await expect(page.locator('.reader-scroll')).toBeFocused();

    // The field kept the query: Ctrl+Shift+F shows the results again, with the words marked.
    await page.keyboard.press(`${mod}+Shift+F`);
    const search = page.getByRole('searchbox', { name: 'Search', exact: true });
    await expect(search).toBeFocused();
    await expect(search).toHaveValue(`"${PHRASE}"`);
    const results = page.getByRole('listbox', { name: 'Search results' });
    await expect(page.locator('#search-summary')).toHaveText('1 source matches');
    const group = results.getByRole('group', { name: /Arms, Missiles and Maritime Pressure/ });
    await expect(group).toContainText('Tiemark Samples · 2025-06-10');
    await expect(group).toContainText('1 match');
    await expect(group.getByRole('option').first().locator('mark')).toHaveText(PHRASE);
    // The sample's highlight of that passage is a second hit, a quote.
    await expect(group.getByRole('option').nth(1)).toContainText('Quote');
    // The hit opened last is the active row.
    await expect(search).toHaveAttribute('aria-activedescendant', /search-hit-/);
    await page.screenshot({ path: testInfo.outputPath('search-results.png') });
    expect(await seriousViolations(page)).toEqual([]);

    // Esc closes the panel, a second Esc empties the field and gives focus back to the reader.
    await page.keyboard.press('Escape');
    await expect(results).toBeHidden();
    await expect(search).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(search).toHaveValue('');
    await expect(page.locator('.reader-scroll')).toBeFocused();
  });

  test('a word in many sources, with a matching actor that narrows them', async ({ page, host }) => {
    await openApp(page, host);
    await page.keyboard.press(`${mod}+Shift+F`);
    await page.keyboard.type('hezbollah', TYPING);
    const results = page.getByRole('listbox', { name: 'Search results' });
    // Hezbollah is in the registry of the sample project: the actor row comes first.
    const actor = results.getByRole('option', { name: /^Hezbollah/ }).first();
    await expect(actor).toBeVisible();
    const summary = page.locator('#search-summary');
    await expect(summary).toHaveText(/^\d+ sources match$/);
    const total = Number((await summary.textContent())!.split(' ')[0]);
    expect(total).toBeGreaterThan(1);
    // Choosing the actor keeps only the sources where it is tagged or in a tie.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('button', { name: /Tagged: Hezbollah/ })).toBeVisible();
    const tagged = await apiCall<{ total: number }>(page, 'search', { query: 'hezbollah', actorId: await actorId(page, 'Hezbollah') });
    await expect(summary).toHaveText(tagged.total === 1 ? '1 source matches' : `${tagged.total} sources match`);
  });

  test('find in this source: Ctrl+F, the count, Enter and Shift+Enter, the painted matches, Esc', async ({ page, host }, testInfo) => {
    await openApp(page, host);
    const sources = await apiCall<Array<{ id: string; title: string }>>(page, 'listSources');
    const open = sources.find((s) => s.title.startsWith('Uneasy Allies'))!;
    const { text } = await apiCall<{ text: string }>(page, 'getSource', { id: open.id });
    const word = 'russia';
    const count = text.toLowerCase().split(word).length - 1;
    expect(count).toBeGreaterThan(3);

    await page.keyboard.press(`${mod}+F`);
    await page.keyboard.type(word, TYPING);
    const bar = page.getByRole('search', { name: 'Find in this source' });
    await expect(page.getByRole('searchbox', { name: 'Find in source', exact: true })).toBeFocused();
    await expect(bar.getByRole('status')).toHaveText(`1 of ${count}`);
    await page.keyboard.press('Enter');
    await expect(bar.getByRole('status')).toHaveText(`2 of ${count}`);

    // Matches are painted in the blocks near the view (never more than there are), the current one on top.
    await expect.poll(async () => (await layerTexts(page, 'tm-find-current')).map((t) => t.toLowerCase())).toEqual([word]);
    const painted = await layerTexts(page, 'tm-find');
    expect(painted.length).toBeGreaterThan(1);
    expect(painted.length).toBeLessThanOrEqual(count);
    for (const t of painted) expect(t.toLowerCase()).toBe(word);
    expect(await layerInView(page, 'tm-find-current')).toBe(true);

    // Shift+Enter twice from 2: back to 1, then round to the last, far down, rendered and scrolled to.
    await page.keyboard.press('Shift+Enter');
    await expect(bar.getByRole('status')).toHaveText(`1 of ${count}`);
    await page.keyboard.press('Shift+Enter');
    await expect(bar.getByRole('status')).toHaveText(`${count} of ${count}`);
    await expect.poll(() => layerInView(page, 'tm-find-current')).toBe(true);
    await page.screenshot({ path: testInfo.outputPath('find-bar.png') });
    expect(await seriousViolations(page)).toEqual([]);

    // A word with no match says so; Esc closes the bar, clears the paint and gives focus to the reader.
    await page.keyboard.press(`${mod}+A`);
    await page.keyboard.type('zqxj', TYPING);
    await expect(bar.getByRole('status')).toHaveText('No matches');
    await page.keyboard.press('Escape');
    await expect(bar).toBeHidden();
    await expect(page.locator('.reader-scroll')).toBeFocused();
    await expect.poll(() => layerTexts(page, 'tm-find')).toEqual([]);
  });

  test('an invalid query and a query without results say so', async ({ page, host }) => {
    await openApp(page, host);
    await page.keyboard.press(`${mod}+Shift+F`);
    await page.keyboard.type('-kremlin', TYPING);
    const summary = page.locator('#search-summary');
    await expect(summary).toHaveText('Add a word to look for: a search cannot consist only of words to leave out (-word).');
    await expect(page.getByRole('listbox', { name: 'Search results' })).toBeHidden();

    await page.keyboard.press(`${mod}+A`);
    await page.keyboard.type('zqxjv', TYPING);
    await expect(summary).toHaveText('No sources match “zqxjv”.');
    await expect(page.locator('.search-panel')).toContainText('Try fewer words');
    // Enter on no results opens nothing.
    await page.keyboard.press('Enter');
    await expect(page.getByRole('region', { name: 'Reader' }).locator('.reader-title')).toContainText('Uneasy Allies');
  });
});

async function actorId(page: Page, name: string): Promise<string> {
  const actors = await apiCall<Array<{ id: string; name: string }>>(page, 'listActors');
  const found = actors.find((a) => a.name === name);
  if (!found) throw new Error(`no actor ${name}`);
  return found.id;
}
