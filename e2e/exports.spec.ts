import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Graph from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import Papa from 'papaparse';
import yauzl from 'yauzl';
import type { Page } from '@playwright/test';
import { test, expect, openApp, apiCall } from './host';


async function exportFrom(page: Page, choose: (dialog: ReturnType<Page['getByRole']>) => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await expect(dialog).toBeVisible();
  await choose(dialog);
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  const file = await download;
  await expect(dialog).toBeHidden();
  return { name: file.suggestedFilename(), bytes: readFileSync((await file.path())!) };
}

function csvRows(bytes: Buffer): Array<Record<string, string>> {
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const parsed = Papa.parse<Record<string, string>>(bytes.toString('utf8').slice(1), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

test('Export…: claims CSV of the sample project, a network of one source, and a date filter typed in', async ({ page, host }) => {
  await openApp(page, host);
  const { claimCount } = await apiCall<{ claimCount: number }>(page, 'listTies', { limit: 1 });
  expect(claimCount).toBeGreaterThan(0);

  // The whole project's claims as CSV: one row per claim, each with its quote and a link back.
  const claims = await exportFrom(page, async (dialog) => {
    await dialog.getByLabel('The whole project').check();
    await expect(dialog.getByLabel('Format')).toHaveValue('claims-csv');
    await expect(dialog.getByText('One row per claim with its quote')).toBeVisible();
  });
  expect(claims.name).toMatch(/-claims\.csv$/);
  const rows = csvRows(claims.bytes);
  expect(rows).toHaveLength(claimCount);
  for (const row of rows) {
    expect(row.quote.length).toBeGreaterThan(0);
    expect(row.link).toBe(`tiemark://source/${row.source_id}#highlight=${row.highlight_id}`);
    expect(row.source_actor).not.toBe('');
  }
  await expect(page.getByText(`Exported ${claims.name}.`)).toBeVisible();

  // The open source's network as GEXF, read back with graphology.
  const gexf = await exportFrom(page, async (dialog) => {
    await dialog.getByLabel('This source').check();
    await dialog.getByLabel('Format').selectOption('gexf');
    await expect(dialog.getByText('Actors and ties for Gephi')).toBeVisible();
  });
  expect(gexf.name).toMatch(/-network\.gexf$/);
  const graph = parseGexf(Graph, gexf.bytes.toString('utf8'));
  expect(graph.order).toBeGreaterThan(0);
  graph.forEachEdge((_edge, attributes) => expect(Number(attributes.weight)).toBeGreaterThan(0));

  // A date range typed into the filters keeps only the claims dated in it.
  const dated = await exportFrom(page, async (dialog) => {
    await dialog.getByLabel('The whole project').check();
    await dialog.getByLabel('Format').selectOption('claims-csv');
    await dialog.getByText('Filters (as in the Ties panel)').click();
    await dialog.getByLabel('Event date from').pressSequentially('2015', { delay: 30 });
  });
  const datedRows = csvRows(dated.bytes);
  expect(datedRows.length).toBeLessThanOrEqual(rows.length);
  for (const row of datedRows) expect((row.event_date_end || row.event_date_start) >= '2015').toBe(true);
  expect(datedRows.map((r) => r.claim_id)).toEqual(rows.filter((r) => r.event_date_start && (r.event_date_end || r.event_date_start) >= '2015').map((r) => r.claim_id));
});

/** The entries of a zip, by name. */
async function unzip(bytes: Buffer): Promise<Map<string, string>> {
  const zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true });
  const out = new Map<string, string>();
  for await (const entry of zip.eachEntry()) {
    const stream = await zip.openReadStreamPromise(entry);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    out.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
  }
  return out;
}

test('Export…: a zip format (the Markdown vault) downloads as a real zip', async ({ page, host }) => {
  await openApp(page, host);
  const vault = await exportFrom(page, async (dialog) => {
    await dialog.getByLabel('The whole project').check();
    await dialog.getByLabel('Format').selectOption('markdown-vault');
    await expect(dialog.getByText('A folder of notes (a zip) for Obsidian or Zotero')).toBeVisible();
  });
  expect(vault.name).toMatch(/-vault\.zip$/);
  const files = await unzip(vault.bytes);
  expect(files.get('index.md')).toContain('## Ties');
  const notes = [...files.keys()].filter((name) => name.startsWith('sources/'));
  expect(notes.length).toBe((await apiCall<unknown[]>(page, 'listSources', {})).length);
  // Highlights are headed by what they say, never "Highlight N".
  for (const name of notes) expect(files.get(name)).not.toMatch(/^#+ Highlight \d/m);
});

test('links back: Open link… and a pasted tiemark:// link go to the passage; a bad link says why', async ({ page, host }) => {
  await openApp(page, host);
  const reader = page.getByRole('region', { name: 'Reader' });
  const panel = page.getByRole('region', { name: 'Side panel' });
  const sources = await apiCall<Array<{ id: string; title: string; highlightCount: number }>>(page, 'listSources', {});
  const openTitle = (await reader.locator('.reader-title').textContent())!;
  // A passage in a source other than the open one, so following the link has to open it.
  const other = sources.find((s) => s.title !== openTitle && s.highlightCount > 0)!;
  const highlights = await apiCall<Array<{ id: string }>>(page, 'listHighlights', { sourceId: other.id });
  const target = highlights[highlights.length - 1];

  // From the palette, typed ahead as a fast user does.
  await page.keyboard.press('Control+k');
  await page.keyboard.type('open link', { delay: 30 });
  await page.keyboard.press('Enter');
  await page.keyboard.type(`tiemark://source/${other.id}#highlight=${target.id}`, { delay: 5 });
  await page.keyboard.press('Enter');
  await expect(reader.locator('.reader-title')).toHaveText(other.title);
  await expect(panel.locator('.highlight-item.selected')).toHaveAttribute('data-id', target.id);

  // Not a link: the dialog says so and stays open.
  await page.keyboard.press('Control+k');
  await page.keyboard.type('open link', { delay: 30 });
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Open link' });
  await page.keyboard.type('https://example.org/', { delay: 30 });
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('alert')).toContainText('not a Tiemark link');
  // Typed at once after the palette's Enter, at 30 ms a key: every key reached the field.
  await expect(dialog.getByLabel('Tiemark link')).toHaveValue('https://example.org/');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // Pasted into the window: back to the first source's passage.
  const first = sources.find((s) => s.id !== other.id && s.highlightCount > 0)!;
  const firstHighlight = (await apiCall<Array<{ id: string }>>(page, 'listHighlights', { sourceId: first.id }))[0];
  await page.evaluate((text) => {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, `tiemark://source/${first.id}#highlight=${firstHighlight.id}`);
  await expect(reader.locator('.reader-title')).toHaveText(first.title);
  await expect(panel.locator('.highlight-item.selected')).toHaveAttribute('data-id', firstHighlight.id);
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

test('two analysts: named once, a colleague’s archive merged, the Ties panel filtered by analyst, and their agreement', async ({ page, host }) => {
  await openApp(page, host);
  // The colleague's archive: this very project, coded by "Omar" (named through the API, then renamed below).
  await apiCall(page, 'setAnalyst', { name: 'Omar' });
  const archive = await apiCall<{ fileName: string; content: string }>(page, 'exportArchive', {});

  // Named from the palette, typed ahead.
  await page.keyboard.press('Control+k');
  await page.keyboard.type('analyst name', { delay: 30 });
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+a');
  await page.keyboard.type('Dana', { delay: 30 });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Your coding now goes under the name Dana.' })).toBeVisible();

  // Omar's archive merged: every passage and claim is recognized (nothing doubled), coded by both.
  const before = await apiCall<{ claimCount: number }>(page, 'listTies', {});
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await dialog.getByText('Project archive', { exact: true }).click();
  await expect(dialog.getByLabel('Your name as analyst (asked once)')).toHaveCount(0);
  await dialog.getByLabel('Merge a colleague’s archive…').setInputFiles({ name: archive.fileName, mimeType: 'application/zip', buffer: Buffer.from(archive.content, 'base64') });
  // Reviewed first: every source is already here, every actor matches one here by its name.
  const review = page.getByRole('dialog', { name: 'Review the merge' });
  await expect(review).toContainText('coded by Omar');
  await expect(review).toContainText('already here');
  const actorCount = (await apiCall<unknown[]>(page, 'listActors', {})).length;
  await expect(review.getByRole('heading', { name: `Their actors that match one here (${actorCount})` })).toBeVisible();
  await expect(review.getByLabel('Hezbollah: what to do')).toHaveValue('proposed');
  await review.getByRole('button', { name: 'Merge' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Merged .*added 0 sources, 0 highlights, 0 actors, 0 claims/ })).toBeVisible();
  expect(await apiCall<unknown[]>(page, 'listActors', {})).toHaveLength(actorCount);
  expect((await apiCall<{ claimCount: number }>(page, 'listTies', {})).claimCount).toBe(before.claimCount);
  expect(await apiCall<string[]>(page, 'listAnalysts', {})).toEqual(['Dana', 'Omar']);

  // The Ties panel: Omar's ties are all of them (he coded the same); the agreement is total.
  const panel = page.getByRole('region', { name: 'Side panel' });
  await panel.getByRole('tab', { name: 'Ties' }).click();
  await panel.getByRole('radio', { name: 'All sources' }).check();
  await panel.getByRole('button', { name: /Filters/ }).click();
  await panel.getByLabel('Analyst').selectOption('Omar');
  await expect(panel.locator('.ties-summary')).toHaveText(new RegExp(`· ${before.claimCount} claims?$`));
  await panel.getByRole('button', { name: 'Agreement…' }).click();
  const agreement = page.getByRole('dialog', { name: 'Agreement between analysts' });
  await expect(agreement.getByRole('status')).toContainText('passages both coded');
  const kappas = await agreement.locator('tbody tr td:last-child').allTextContents();
  expect(kappas.length).toBeGreaterThan(0);
  expect(await agreement.locator('tbody tr td:nth-child(5)').allTextContents()).toEqual(kappas.map(() => '100%'));
  await expect(agreement.getByText('Coded differently')).toHaveCount(0);
  await agreement.getByRole('button', { name: 'Done' }).click();
  await expect(agreement).toBeHidden();
});

test('Export…: the sources selected in the library are the export’s scope', async ({ page, host }) => {
  await openApp(page, host);
  const sources = await apiCall<Array<{ id: string; title: string; highlightCount: number }>>(page, 'listSources', {});
  const chosen = sources.filter((s) => s.highlightCount > 0).slice(0, 2);
  const region = page.getByRole('region', { name: 'Sources' });
  for (const s of chosen) await region.getByRole('button', { name: s.title }).click({ modifiers: ['Control'] });
  const bar = region.getByRole('group', { name: 'Selected sources' });
  await expect(bar).toContainText('2 selected');
  await bar.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await expect(dialog.getByLabel('The 2 selected sources')).toBeChecked();
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  const rows = csvRows(readFileSync((await (await download).path())!));
  expect(rows.length).toBeGreaterThan(0);
  // Only their claims: every row comes from one of the two.
  for (const row of rows) expect(chosen.map((s) => s.id)).toContain(row.source_id);
});

test('notes copied as rich text: the clipboard holds the source’s notes as HTML and as Markdown', async ({ page, host, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page, host);
  const title = (await page.locator('.reader-title').textContent())!;
  await page.keyboard.press('Control+k');
  await page.keyboard.type('copy this source', { delay: 30 });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: `Copied the notes of “${title}” as rich text` })).toBeVisible();
  const clip = await page.evaluate(async () => {
    const [item] = await navigator.clipboard.read();
    return { types: item.types, html: await (await item.getType('text/html')).text(), text: await (await item.getType('text/plain')).text() };
  });
  expect(clip.types).toEqual(expect.arrayContaining(['text/html', 'text/plain']));
  expect(clip.html).toContain('<blockquote>');
  expect(clip.html).toContain('Open in Tiemark</a>');
  expect(clip.text).toContain('tiemark://source/');
});

/**
 * Adds `sources` generated sources of `perSource` highlights, each with a claim between two of
 * the project's actors, straight into a project file (the host stopped): a project big enough
 * for an export to run long, built in a second rather than through thousands of calls.
 */
function addBigCorpus(file: string, sources: number, perSource: number): number {
  const db = new Database(file);
  let n = 0;
  try {
    const actors = db.prepare('SELECT id FROM actors').pluck().all() as string[];
    const types = db.prepare('SELECT id FROM relation_types').pluck().all() as string[];
    const at = new Date().toISOString();
    const sentence = 'Officials said the militia received weapons and funds across the border before the talks.';
    const insertSource = db.prepare(
      `INSERT INTO sources (id, title, authors, outlet, published_at, url, language, format, file_name, length, content_hash, created_at, updated_at, blocks, text)
       VALUES (?, ?, '[]', 'Generated', '2024', '', 'en', 'text', '', ?, ?, ?, ?, ?, ?)`,
    );
    const insertHighlight = db.prepare(
      "INSERT INTO highlights (id, source_id, start_offset, end_offset, exact, prefix, suffix, color, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'yellow', ?, ?)",
    );
    const insertClaim = db.prepare(
      `INSERT INTO claims (id, highlight_id, source_id, source_actor_id, relation_type_id, target_actor_id, stance, confidence, event_date_text, event_date_start, event_date_end, note, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 'asserted', 'medium', '2023', '2023', '2023', '', ?, ?)`,
    );
    db.transaction(() => {
      for (let s = 0; s < sources; s++) {
        const text = `Report ${s + 1}. ${Array.from({ length: perSource }, (_, i) => `${i + 1}. ${sentence}`).join(' ')}`;
        const id = randomUUID();
        insertSource.run(id, `Generated report ${s + 1}`, text.length, createHash('sha256').update(text).digest('hex'), at, at, JSON.stringify([{ kind: 'paragraph', start: 0, end: text.length }]), text);
        let from = 0;
        for (let h = 0; h < perSource; h++) {
          const start = text.indexOf('Officials', from);
          const end = start + sentence.length - 1;
          from = end;
          const hid = randomUUID();
          insertHighlight.run(hid, id, start, end, text.slice(start, end), text.slice(Math.max(0, start - 32), start), text.slice(end, end + 32), at, at);
          insertClaim.run(randomUUID(), hid, id, actors[n % actors.length], types[n % types.length], actors[(n + 1) % actors.length], at, at);
          n++;
        }
      }
    })();
  } finally {
    db.close();
  }
  return n;
}

test('Export…: a big export shows a progress bar with its stage and count, and Cancel stops it', async ({ page, host }) => {
  test.setTimeout(180_000);
  await host.stop();
  const claims = addBigCorpus(join(host.dataDir, 'Default.tiemark'), 100, 200);
  expect(claims).toBe(20_000);
  await host.start();
  await openApp(page, host);

  // Every state the bar shows, as it is drawn (a MutationObserver, so none is missed between checks).
  await page.evaluate(() => {
    const seen: Array<[number, string]> = [];
    (window as unknown as { progressSeen: typeof seen }).progressSeen = seen;
    new MutationObserver(() => {
      const bar = document.querySelector<HTMLProgressElement>('progress[aria-label="Export progress"]');
      const text = bar?.parentElement?.querySelector('[role="status"]')?.textContent ?? '';
      if (bar && (seen.length === 0 || seen[seen.length - 1][1] !== text)) seen.push([bar.value, text]);
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  const sources = (await apiCall<unknown[]>(page, 'listSources', {})).length;
  const vault = await exportFrom(page, async (dialog) => {
    await dialog.getByLabel('The whole project').check();
    await dialog.getByLabel('Format').selectOption('markdown-vault');
  });
  expect(vault.name).toMatch(/-vault\.zip$/);
  expect((await unzip(vault.bytes)).size).toBe(sources + 1);
  const seen = await page.evaluate(() => (window as unknown as { progressSeen: Array<[number, string]> }).progressSeen);
  expect(seen.length).toBeGreaterThan(0);
  // Forward only, and in words a user reads: the stage and how many of how many.
  for (let i = 1; i < seen.length; i++) expect(seen[i][0]).toBeGreaterThanOrEqual(seen[i - 1][0]);
  for (const [, text] of seen) expect(text).toMatch(new RegExp(`^(Reading the project…|Writing [\\d,]+ of ${sources} sources…|Compressing [\\d,]+ of ${sources + 1} files…)$`));
  expect(seen.some(([, text]) => /of/.test(text))).toBe(true);

  // Cancel: the bar's button stops the export; nothing is downloaded and the dialog stays.
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await dialog.getByLabel('The whole project').check();
  await dialog.getByLabel('Format').selectOption('markdown-vault');
  let downloaded = false;
  page.on('download', () => (downloaded = true));
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  await dialog.getByRole('button', { name: 'Cancel export' }).click();
  await expect(page.getByText('Export cancelled.')).toBeVisible();
  await expect(dialog.getByRole('progressbar')).toBeHidden();
  await expect(dialog.getByRole('button', { name: 'Export', exact: true })).toBeEnabled();
  expect(downloaded).toBe(false);
});
