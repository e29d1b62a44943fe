import type { Page } from '@playwright/test';
import { test, expect, openApp, dragSelect, offsetInBlock } from './host';

/**
 * The reader paints highlights with the CSS Custom Highlight API (src/renderer/src/reader/painter.ts):
 * one `Highlight` per colour (`tm-<colour>`) plus overlap and selection layers, with ranges only
 * for the blocks near the viewport. These tests read the ranges back from `CSS.highlights` and
 * compare their text with the highlights the side panel lists.
 */

const TOP = 'Israeli officials said in 2023 that Moscow had quietly allowed anti-tank missiles to reach Hezbollah through Syrian depots.';
const BOTTOM = 'Hizbullah fighters later displayed Kornet launchers, and analysts traced them to the same Russian stocks.';
const A = 'Moscow had quietly allowed anti-tank missiles';
const B = 'anti-tank missiles to reach Hezbollah';
const AB = 'anti-tank missiles';
const C = 'Kornet launchers';

/** A source long enough that its first and last paragraphs are many screens apart. */
function longArticle(): string {
  const filler = Array.from(
    { length: 90 },
    (_, i) =>
      `Background note ${i + 1}. Regional diplomats described the supply routes through Syria in general terms, and several researchers cautioned that the available reporting could not establish who authorised each transfer.`,
  );
  return ['Supply Lines Across the Levant', '', TOP, '', ...filler.flatMap((p) => [p, '']), BOTTOM, ''].join('\n');
}

interface Listed {
  quote: string;
  color: string;
}

interface Painting {
  /** What is wrong with the painted ranges, in words; empty when they match the side panel. */
  problems: string[];
  /** The text of every range in the colour layers, sorted. */
  painted: string[];
  overlap: string[];
  selected: string[];
  /** The side panel's quotes whose passage is on screen in the reader. */
  inView: string[];
}

/** The highlights the side panel lists, with their colour (the swatch class of their button). */
async function listed(page: Page): Promise<Listed[]> {
  return page
    .getByRole('region', { name: 'Side panel' })
    .locator('.highlight-item .highlight-open')
    .evaluateAll((buttons) =>
      buttons.map((b) => ({
        quote: b.querySelector('.quote')?.textContent ?? '',
        color: /swatch-(\w+)/.exec(b.className)?.[1] ?? '',
      })),
    );
}

/**
 * Reads CSS.highlights and checks it against the side panel: every range in a colour layer is the
 * passage of a listed highlight of that colour, no highlight has two ranges, every highlight on
 * screen is painted, and none more than two screens away is (painting is bounded by the view).
 */
async function painting(page: Page): Promise<Painting> {
  const list = await listed(page);
  const state = await page.evaluate(
    (quotes) => {
      const read = (name: string): string[] => {
        const out: string[] = [];
        CSS.highlights.get(name)?.forEach((r) => {
          const range = document.createRange();
          range.setStart(r.startContainer, r.startOffset);
          range.setEnd(r.endContainer, r.endOffset);
          out.push(range.toString());
        });
        return out;
      };
      // The colour layers are the painter's `tm-` layers other than overlap, selection and flash.
      const colors: string[] = [];
      CSS.highlights.forEach((_, name) => {
        const color = /^tm-(\w+)$/.exec(name)?.[1];
        if (color && !['overlap', 'selected', 'flash'].includes(color)) colors.push(color);
      });
      const layers: Record<string, string[]> = Object.fromEntries(colors.map((c) => [c, read(`tm-${c}`)]));
      // Where each listed passage is, against the reader's scrolling viewport.
      const view = document.querySelector('.reader-scroll')!.getBoundingClientRect();
      const blocks = Array.from(document.querySelectorAll<HTMLElement>('.reader-text [data-block]'));
      const places = quotes.map((quote) => {
        const needle = quote.endsWith('…') ? quote.slice(0, -1) : quote;
        for (const block of blocks) {
          const cellsOrSelf = block.querySelectorAll('[data-cell]').length ? Array.from(block.querySelectorAll('[data-cell]')) : [block];
          for (const el of cellsOrSelf) {
            const text = el.firstChild;
            const at = text?.textContent?.indexOf(needle) ?? -1;
            if (!text || at < 0) continue;
            const range = document.createRange();
            range.setStart(text, at);
            range.setEnd(text, at + needle.length);
            const rect = range.getBoundingClientRect();
            return {
              found: true,
              inView: rect.bottom > view.top && rect.top < view.bottom,
              far: rect.bottom < view.top - 2 * view.height || rect.top > view.bottom + 2 * view.height,
            };
          }
        }
        return { found: false, inView: false, far: false };
      });
      return { layers, overlap: read('tm-overlap'), selected: read('tm-selected'), places };
    },
    list.map((h) => h.quote),
  );

  const flat = (text: string) => text.replace(/\s+/g, ' ').trim();
  // The panel shows an excerpt: long passages end in "…".
  const shows = (quote: string, text: string) => (quote.endsWith('…') ? flat(text).startsWith(quote.slice(0, -1)) : flat(text) === quote);
  const problems: string[] = [];
  for (const h of list) if (!(h.color in state.layers)) problems.push(`no tm-${h.color} layer in CSS.highlights for “${h.quote}”`);
  for (const [color, texts] of Object.entries(state.layers)) {
    for (const text of texts) {
      if (!list.some((h) => h.color === color && shows(h.quote, text))) problems.push(`tm-${color} has a range for “${text}”, which is not a ${color} highlight in the list`);
    }
  }
  list.forEach((h, i) => {
    const place = state.places[i];
    const ranges = (state.layers[h.color] ?? []).filter((text) => shows(h.quote, text)).length;
    if (!place.found) problems.push(`“${h.quote}” is not in the reader`);
    if (ranges > 1) problems.push(`“${h.quote}” is painted ${ranges} times`);
    if (place.inView && ranges === 0) problems.push(`“${h.quote}” is on screen but not painted in tm-${h.color}`);
    if (place.far && ranges > 0) problems.push(`“${h.quote}” is painted though it is far off screen`);
  });
  return {
    problems,
    painted: Object.values(state.layers).flat().sort(),
    overlap: state.overlap.sort(),
    selected: state.selected,
    inView: list.filter((_, i) => state.places[i].inView).map((h) => h.quote),
  };
}

test('CSS.highlights holds the highlights in view after load, add, recolour, delete, undo and scroll', async ({ page, host }) => {
  const reader = page.getByRole('region', { name: 'Reader' });
  const scroller = reader.locator('.reader-scroll');
  const panel = page.getByRole('region', { name: 'Side panel' });
  const empty: Painting = { problems: [], painted: [], overlap: [], selected: [], inView: [] };

  // Load: the sample source opens with its highlights painted as listed.
  await openApp(page, host);
  await expect(panel.locator('.highlight-item')).toHaveCount(5);
  await expect.poll(async () => (await painting(page)).problems).toEqual([]);
  // Jumping to the last one brings it on screen, painted.
  const last = panel.locator('.highlight-item').last();
  const lastQuote = (await last.locator('.quote').textContent()) ?? '';
  await last.locator('.highlight-open').click();
  await expect
    .poll(async () => {
      const state = await painting(page);
      return { problems: state.problems, inView: state.inView.includes(lastQuote), selected: state.selected.length };
    })
    .toEqual({ problems: [], inView: true, selected: 1 });

  // Another source: the first one's ranges are gone, and this one has none yet.
  await page.getByTestId('import-input').setInputFiles({ name: 'supply-lines.txt', mimeType: 'text/plain', buffer: Buffer.from(longArticle()) });
  await expect(reader.locator('.reader-title')).toHaveText('Supply Lines Across the Levant');
  await expect(panel.locator('.highlight-item')).toHaveCount(0);
  await expect.poll(() => painting(page)).toEqual(empty);

  // Add: a highlight is painted in its colour and marked as selected.
  const top = await offsetInBlock(page, A);
  await dragSelect(page, TOP, top, top + A.length);
  await page.keyboard.press('h');
  await expect(panel.locator('.highlight-item')).toHaveCount(1);
  await expect.poll(() => painting(page)).toEqual({ problems: [], painted: [A], overlap: [], selected: [A], inView: [A] });

  // A second one overlapping it: both painted, the shared words in the overlap layer.
  const second = await offsetInBlock(page, B);
  await dragSelect(page, TOP, second, second + B.length);
  await page.keyboard.press('h');
  await expect(panel.locator('.highlight-item')).toHaveCount(2);
  await expect.poll(() => painting(page)).toEqual({ problems: [], painted: [A, B].sort(), overlap: [AB], selected: [B], inView: [A, B] });

  // Recolour the first: its range moves to the green layer.
  const itemA = panel.locator('.highlight-item', { hasText: A });
  await itemA.locator('.highlight-open').click();
  await itemA.getByRole('button', { name: 'Colour green' }).click();
  await expect(itemA.locator('.highlight-open')).toHaveClass(/swatch-green/);
  await expect.poll(async () => (await painting(page)).problems).toEqual([]);
  expect(await page.evaluate(() => CSS.highlights.get('tm-green')?.size)).toBe(1);

  // Scroll to the last paragraph and add a highlight there: only it is painted now.
  const bottom = await offsetInBlock(page, C);
  await dragSelect(page, BOTTOM, bottom, bottom + C.length);
  await page.keyboard.press('h');
  await expect(panel.locator('.highlight-item')).toHaveCount(3);
  await expect.poll(() => painting(page)).toEqual({ problems: [], painted: [C], overlap: [], selected: [C], inView: [C] });

  // Delete it (it is selected): its range goes.
  await page.keyboard.press('Delete');
  await expect(panel.locator('.highlight-item')).toHaveCount(2);
  await expect.poll(() => painting(page)).toEqual(empty);

  // Undo brings it back, painted again and selected (undo shows the passage it restored).
  await page.keyboard.press('Control+z');
  await expect(panel.locator('.highlight-item')).toHaveCount(3);
  await expect.poll(() => painting(page)).toEqual({ problems: [], painted: [C], overlap: [], selected: [C], inView: [C] });

  // Load again: the source reopens at the top with the first two painted, the far one not.
  await page.reload();
  await expect(reader.locator('.reader-title')).toHaveText('Supply Lines Across the Levant');
  await expect(panel.locator('.highlight-item')).toHaveCount(3);
  await expect.poll(() => painting(page)).toEqual({ problems: [], painted: [A, B].sort(), overlap: [AB], selected: [], inView: [A, B] });

  // Scroll: the middle has nothing near, the end has the last one, the top the first two again.
  await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight / 2));
  await expect.poll(() => painting(page)).toEqual(empty);
  await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect.poll(() => painting(page)).toEqual({ problems: [], painted: [C], overlap: [], selected: [], inView: [C] });
  await scroller.evaluate((el) => el.scrollTo(0, 0));
  await expect.poll(() => painting(page)).toEqual({ problems: [], painted: [A, B].sort(), overlap: [AB], selected: [], inView: [A, B] });
});
