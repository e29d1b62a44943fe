import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { apiCall, expect, openApp, test } from './host';

// What the tests read of the API's answers (src/shared/search.ts, src/shared/api.ts, src/shared/types.ts).
interface MentionList {
  groups: Array<{ actorId: string; name: string; count: number; mentions: Array<{ matched: string; blockIndex: number }> }>;
  total: number;
}
interface SourceSummary {
  id: string;
  title: string;
  outlet: string;
  authors: string[];
}
interface Highlight {
  id: string;
  exact: string;
}
interface SourceAnnotations {
  tags: Array<{ highlightId: string; actorId: string }>;
}

// The Mentions tab and the source library (issue 9), driven as a person does: keys typed at
// 30 ms, no pauses after a command key, what is stored checked through the API.

const UNEASY = 'Uneasy Allies: Russia and Hezbollah in the Syrian War and After';
const key = (page: Page, name: string) => page.keyboard.press(name, { delay: 30 });

/** Serious or critical accessibility violations on the page as it is (as e2e/accessibility.spec.ts scans). */
async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}

async function openSourceId(page: Page): Promise<string> {
  const sources = await apiCall<SourceSummary[]>(page, 'listSources');
  const open = sources.find((s) => s.title === UNEASY);
  expect(open, 'the sample project opens russia-hezbollah-syria.md first').toBeTruthy();
  return open!.id;
}

test('Mentions tab: tag with A, dismiss with X, restore, undo, and Tag all as one undo step', async ({ page, host }) => {
  await openApp(page, host);
  await expect(page.locator('.reader-title')).toHaveText(UNEASY);
  const sourceId = await openSourceId(page);
  const listed = await apiCall<MentionList>(page, 'listMentions', { sourceId });
  const [top, second] = listed.groups;
  expect(top.count).toBeGreaterThan(2);

  const panel = page.getByRole('region', { name: 'Side panel' });
  const tab = panel.getByRole('tab', { name: /Mentions/ });
  await expect(tab).toContainText(String(listed.total));
  await tab.click();
  const group = (name: string) => panel.locator('.mention-group').filter({ has: page.getByRole('heading', { name: new RegExp(`^${name} `) }) });
  const count = (name: string) => group(name).locator('.mention-count');
  await expect(count(top.name)).toHaveText(String(top.count));
  await expect(count(second.name)).toHaveText(String(second.count));
  expect(await violations(page)).toEqual([]);

  // A on the first mention: a highlight tagged with the actor; focus moves to the next mention.
  const highlightsBefore = await apiCall<Highlight[]>(page, 'listHighlights', { sourceId });
  const mentions = group(top.name).locator('.mention-go');
  const nextText = (await mentions.nth(1).textContent()) ?? '';
  await mentions.first().focus();
  await key(page, 'a');
  await expect(count(top.name)).toHaveText(String(top.count - 1));
  const highlightsAfter = await apiCall<Highlight[]>(page, 'listHighlights', { sourceId });
  expect(highlightsAfter).toHaveLength(highlightsBefore.length + 1);
  const added = highlightsAfter.find((h) => !highlightsBefore.some((b) => b.id === h.id))!;
  expect(added.exact).toContain(top.mentions[0].matched);
  const { tags } = await apiCall<SourceAnnotations>(page, 'listAnnotations', { sourceId });
  expect(tags).toContainEqual({ highlightId: added.id, actorId: top.actorId });
  await expect(mentions.first()).toBeFocused();
  await expect(mentions.first()).toHaveText(nextText);
  await expect(page.getByRole('button', { name: 'Undo', exact: true })).toHaveAttribute('title', `Undo Tag ${top.name} in “${UNEASY}” (Ctrl+Z)`);

  // X dismisses the focused mention: gone from the list, listed under "Show dismissed".
  await key(page, 'x');
  await expect(count(top.name)).toHaveText(String(top.count - 2));
  await expect(mentions.filter({ hasText: nextText })).toHaveCount(0);
  expect((await apiCall<MentionList>(page, 'listMentions', { sourceId })).groups.find((g) => g.actorId === top.actorId)?.count).toBe(top.count - 2);
  await panel.getByLabel('Show dismissed').check();
  const dismissed = group(top.name).locator('.mention.dismissed');
  await expect(dismissed).toHaveCount(1);
  await expect(dismissed).toContainText(nextText);
  await expect(dismissed.getByRole('button', { name: 'Restore' })).toBeVisible();
  await panel.getByLabel('Show dismissed').uncheck();
  await expect(group(top.name).locator('.mention.dismissed')).toHaveCount(0);

  // Ctrl+Z undoes the dismissal, then the tag: the highlight is gone and the count is whole again.
  await mentions.first().focus();
  await key(page, 'Control+z');
  await expect(count(top.name)).toHaveText(String(top.count - 1));
  await key(page, 'Control+z');
  await expect(count(top.name)).toHaveText(String(top.count));
  expect(await apiCall<Highlight[]>(page, 'listHighlights', { sourceId })).toHaveLength(highlightsBefore.length);

  // The × button dismisses too, and Restore brings the mention back.
  await group(top.name).locator('.mention').first().getByRole('button', { name: 'Dismiss' }).click();
  await expect(count(top.name)).toHaveText(String(top.count - 1));
  await panel.getByLabel('Show dismissed').check();
  await group(top.name).locator('.mention.dismissed').getByRole('button', { name: 'Restore' }).click();
  await expect(group(top.name).locator('.mention.dismissed')).toHaveCount(0);
  await panel.getByLabel('Show dismissed').uncheck();
  await expect(count(top.name)).toHaveText(String(top.count));

  // Enter goes to the mention: the reader scrolls there.
  const far = group(second.name).locator('.mention-go').last();
  await far.focus();
  await key(page, 'Enter');
  const block = page.locator(`[data-block="${second.mentions[second.mentions.length - 1].blockIndex}"]`);
  await expect(block).toBeInViewport();

  // Tag all: every listed mention of the second actor in one step, said, and one undo takes them back.
  await group(second.name).getByRole('button', { name: /^Tag all/ }).click();
  await expect(page.getByRole('status').filter({ hasText: `Tagged ${second.count} mentions of ${second.name}` })).toBeVisible();
  await expect(group(second.name)).toHaveCount(0);
  expect((await apiCall<MentionList>(page, 'listMentions', { sourceId })).groups.some((g) => g.actorId === second.actorId)).toBe(false);
  await expect(page.getByRole('button', { name: 'Undo', exact: true })).toHaveAttribute('title', `Undo Tag ${second.count} mentions in “${UNEASY}” (Ctrl+Z)`);
  await key(page, 'Control+z');
  await expect(count(second.name)).toHaveText(String(second.count));
  expect(await apiCall<Highlight[]>(page, 'listHighlights', { sourceId })).toHaveLength(highlightsBefore.length);

  // All sources: the corpus's count per actor, each mention naming its source.
  await panel.getByText('All sources', { exact: true }).click();
  const corpus = await apiCall<MentionList>(page, 'listMentions', {});
  const biggest = corpus.groups[0];
  await expect(count(biggest.name)).toHaveText(String(biggest.count));
  await expect(group(biggest.name).locator('.mention-source').first()).not.toBeEmpty();

  // An actor lists its first 20 mentions; "Show more" lists more; "Tag all" takes them all, listed or not.
  expect(biggest.count, 'the sample corpus names its most named actor more than 20 times').toBeGreaterThan(20);
  const rowsOf = group(biggest.name).locator('.mention');
  await expect(rowsOf).toHaveCount(20);
  const hidden = biggest.count - 20;
  await group(biggest.name).getByRole('button', { name: hidden <= 100 ? `Show the other ${hidden}` : `Show 100 more of ${hidden}` }).click();
  await expect(rowsOf).toHaveCount(Math.min(120, biggest.count));
  await group(biggest.name).getByRole('button', { name: `Tag all ${biggest.count} mentions of ${biggest.name}` }).click();
  await expect(page.getByRole('status').filter({ hasText: `Tagged ${biggest.count} mentions of ${biggest.name}` })).toBeVisible();
  await expect(group(biggest.name)).toHaveCount(0);
  expect((await apiCall<MentionList>(page, 'listMentions', {})).groups.some((g) => g.actorId === biggest.actorId)).toBe(false);
  await key(page, 'Control+z');
  await expect(count(biggest.name)).toHaveText(String(biggest.count));
});

test('source library: filter as you type, sort, a collection from a selection, delete and undo', async ({ page, host }) => {
  await openApp(page, host);
  const region = page.getByRole('region', { name: 'Sources' });
  const rows = region.locator('.source-list > li');
  const titles = () => region.locator('.source-title').allTextContents();
  const count = region.locator('.library-count');
  const all = await apiCall<SourceSummary[]>(page, 'listSources');
  await expect(rows).toHaveCount(all.length);
  await expect(count).toHaveText(`${all.length} sources`);

  // Filter as you type: each word the start of a word of the title, outlet or an author.
  const filter = region.getByRole('searchbox', { name: 'Filter sources' });
  await filter.click();
  await page.keyboard.type('hezb', { delay: 30 });
  const matching = all.filter((s) => /\bhezb/i.test([s.title, s.outlet, ...s.authors].join(' '))).map((s) => s.title);
  expect(matching.length).toBeGreaterThan(0);
  expect(matching.length).toBeLessThan(all.length);
  await expect(count).toHaveText(`${matching.length} of ${all.length} sources`);
  expect((await titles()).sort()).toEqual([...matching].sort());
  await filter.fill('');
  await expect(count).toHaveText(`${all.length} sources`);

  // Sort by title: A to Z, as the store sorts (case ignored); the direction button reverses it.
  await region.getByLabel('Sort by').selectOption('title');
  const byTitle = all.map((s) => s.title).sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0));
  await expect.poll(titles).toEqual(byTitle);
  await region.getByRole('button', { name: 'Order: A to Z' }).click();
  await expect.poll(titles).toEqual([...byTitle].reverse());
  await region.getByRole('button', { name: 'Order: Z to A' }).click();
  await expect.poll(titles).toEqual(byTitle);

  // Ctrl+click two sources (the open one stays open), then put them in a new collection.
  const [first, second] = [byTitle[1], byTitle[3]];
  await region.getByRole('button', { name: first }).click({ modifiers: ['Control'] });
  await region.getByRole('button', { name: second }).click({ modifiers: ['Control'] });
  await expect(page.locator('.reader-title')).toHaveText(UNEASY);
  const bar = region.getByRole('group', { name: 'Selected sources' });
  await expect(bar).toContainText('2 selected');
  expect(await violations(page)).toEqual([]);
  await bar.getByRole('button', { name: 'Add to collection…' }).click();
  const add = page.getByRole('dialog', { name: 'Add 2 sources to a collection' });
  await add.getByLabel('Name of the new collection').click();
  await page.keyboard.type('Levant pair', { delay: 30 });
  await key(page, 'Enter');
  await expect(add).toBeHidden();
  await expect(bar).toBeHidden();
  const collection = region.getByRole('combobox', { name: 'Collection' });
  await collection.selectOption({ label: 'Levant pair (2)' });
  await expect(count).toHaveText(`2 of ${all.length} sources`);
  await expect.poll(titles).toEqual([first, second]);
  // Rename it; then delete it: the list shows all sources again, which stay in the project.
  await region.getByRole('button', { name: 'Rename the collection “Levant pair”…' }).click();
  const rename = page.getByRole('dialog', { name: 'Rename collection' });
  await rename.getByLabel('Name').fill('');
  await page.keyboard.type('Two briefs', { delay: 30 });
  await key(page, 'Enter');
  await expect(rename).toBeHidden();
  await expect(collection.locator('option:checked')).toHaveText('Two briefs (2)');
  await region.getByRole('button', { name: 'Delete the collection “Two briefs”…' }).click();
  await page.getByRole('dialog', { name: 'Delete this collection?' }).getByRole('button', { name: 'Delete collection' }).click();
  await expect(collection.locator('option:checked')).toHaveText(`All sources (${all.length})`);
  await expect(rows).toHaveCount(all.length);
  await key(page, 'Control+z');
  await expect(collection.locator('option')).toHaveText([`All sources (${all.length})`, 'Two briefs (2)']);

  // Space toggles the focused row, Ctrl+A selects every row shown, Escape clears.
  await region.getByRole('button', { name: first }).focus();
  await key(page, ' ');
  await expect(bar).toContainText('1 selected');
  await key(page, 'Control+a');
  await expect(bar).toContainText(`${all.length} selected`);
  await key(page, 'Escape');
  await expect(bar).toBeHidden();

  // Delete a selected source from the action bar: gone, and Ctrl+Z brings it back.
  const victim = byTitle[2];
  await region.getByRole('button', { name: victim }).click({ modifiers: ['Control'] });
  await bar.getByRole('button', { name: 'Delete…' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete 1 source?' });
  await expect(confirm).toContainText(victim);
  await confirm.getByRole('button', { name: 'Delete 1 source' }).click();
  await expect(region.getByRole('button', { name: victim })).toHaveCount(0);
  await expect(count).toHaveText(`${all.length - 1} sources`);
  expect((await apiCall<SourceSummary[]>(page, 'listSources')).some((s) => s.title === victim)).toBe(false);
  await key(page, 'Control+z');
  await expect(region.getByRole('button', { name: victim })).toHaveCount(1);
  await expect(count).toHaveText(`${all.length} sources`);
  await expect.poll(titles).toEqual(byTitle);
});
