import { test, expect, openApp, dragSelect, offsetInBlock, HostProcess } from './host';

const PASSAGE_PARAGRAPH = 'The basic pattern emerged quickly.';

test.describe('reading and highlighting in the browser host', () => {
  test('first launch shows the sample project', async ({ page, host }, testInfo) => {
    await openApp(page, host);
    const sources = page.getByRole('region', { name: 'Sources' });
    await expect(sources.locator('.source-list > li')).toHaveCount(6);
    await expect(sources.getByText('Uneasy Allies: Russia and Hezbollah in the Syrian War and After')).toBeVisible();
    const panel = page.getByRole('region', { name: 'Side panel' });
    await expect(panel.getByRole('tab', { name: /Highlights/ })).toBeVisible();
    await expect(panel.locator('.highlight-item')).toHaveCount(5);
    await page.screenshot({ path: testInfo.outputPath('first-launch.png') });

    // Open another source from the list.
    await sources.getByRole('button', { name: /Iran, the Houthis and the Red Sea/ }).click();
    await expect(page.getByRole('region', { name: 'Reader' }).locator('.reader-title')).toContainText('Red Sea');
    await expect(panel.locator('.highlight-item')).toHaveCount(4);
  });

  test('highlight with the mouse; it survives a reload and a restart of the host', async ({ page, host }, testInfo) => {
    await openApp(page, host);
    const panel = page.getByRole('region', { name: 'Side panel' });
    await expect(panel.locator('.highlight-item')).toHaveCount(5);

    const start = await offsetInBlock(page, 'Russian aircraft and, later');
    const selected = await dragSelect(page, PASSAGE_PARAGRAPH, start, start + 'Russian aircraft and, later, Russian special forces'.length);
    expect(selected).toBe('Russian aircraft and, later, Russian special forces');
    const toolbar = page.getByRole('toolbar', { name: 'Selection' });
    await expect(toolbar).toBeVisible();
    await expect(toolbar.getByRole('button', { name: /Highlight/ })).toBeEnabled();
    await page.screenshot({ path: testInfo.outputPath('selection-toolbar.png') });
    await toolbar.getByRole('button', { name: /Highlight/ }).click();

    await expect(panel.locator('.highlight-item')).toHaveCount(6);
    await expect(panel.getByText('Russian aircraft and, later, Russian special forces', { exact: true })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Sources' }).getByLabel('6 highlights')).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('highlighted.png') });

    await page.reload();
    await expect(panel.getByText('Russian aircraft and, later, Russian special forces', { exact: true })).toBeVisible();

    await host.stop();
    const url = await host.start();
    await page.goto(url);
    await expect(panel.getByText('Russian aircraft and, later, Russian special forces', { exact: true })).toBeVisible();
    await expect(panel.locator('.highlight-item')).toHaveCount(6);
  });

  test('overlapping highlights stay distinct; clicking picks the innermost; Delete removes', async ({ page, host }, testInfo) => {
    await openApp(page, host);
    const panel = page.getByRole('region', { name: 'Side panel' });
    const base = await offsetInBlock(page, 'Hezbollah and other Iran-aligned formations');
    const outer = 'Hezbollah and other Iran-aligned formations supplied infantry';
    const inner = 'Iran-aligned formations';

    await dragSelect(page, PASSAGE_PARAGRAPH, base, base + outer.length);
    await page.keyboard.press('h'); // keyboard path for Highlight
    await expect(panel.getByText(outer, { exact: true })).toBeVisible();

    const innerStart = base + outer.indexOf(inner);
    await dragSelect(page, PASSAGE_PARAGRAPH, innerStart, innerStart + inner.length);
    await page.getByRole('toolbar', { name: 'Selection' }).getByRole('button', { name: /Highlight/ }).click();
    await expect(panel.getByText(inner, { exact: true })).toBeVisible();
    await expect(panel.locator('.highlight-item')).toHaveCount(7);

    // Click inside the overlap: the innermost highlight is selected, and a chooser offers both.
    await page.getByRole('region', { name: 'Reader' }).click(); // clear any selection first
    const point = await page.locator('[data-block]', { hasText: PASSAGE_PARAGRAPH }).first().evaluate((el, at) => {
      const r = document.createRange();
      r.setStart(el.firstChild!, at);
      r.setEnd(el.firstChild!, at + 1);
      const rect = r.getBoundingClientRect();
      return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    }, innerStart + 3);
    await page.mouse.click(point.x, point.y);
    const chooser = page.getByRole('menu', { name: 'Highlights here' });
    await expect(chooser).toBeVisible();
    await expect(chooser.getByRole('menuitemradio')).toHaveCount(2);
    await expect(chooser.getByRole('menuitemradio', { checked: true })).toHaveText(inner);
    await expect(panel.locator('.highlight-item.selected')).toContainText(inner);
    await page.screenshot({ path: testInfo.outputPath('overlap.png') });

    // Switch to the outer one through the chooser, then delete it with the Delete key.
    await chooser.getByRole('menuitemradio', { name: /^Hezbollah and other Iran-aligned/ }).click();
    await expect(panel.locator('.highlight-item.selected')).toContainText(outer);
    await page.keyboard.press('Delete');
    await expect(panel.getByText(outer, { exact: true })).toHaveCount(0);
    await expect(panel.locator('.highlight-item')).toHaveCount(6);

    // And delete from the side panel.
    await panel.getByRole('button', { name: `Delete highlight “${inner}”` }).click();
    await expect(panel.locator('.highlight-item')).toHaveCount(5);
    await page.reload();
    await expect(panel.locator('.highlight-item')).toHaveCount(5);
  });

  test('clicking a highlight in the side panel scrolls the reader to it', async ({ page, host }) => {
    await openApp(page, host);
    const panel = page.getByRole('region', { name: 'Side panel' });
    const last = panel.locator('.highlight-item').last();
    await last.getByRole('button').first().click();
    await expect(last).toHaveClass(/selected/);
    const block = page.locator('[data-block]', { hasText: 'anti-tank weapons' }).first();
    await expect(block).toBeInViewport();
  });

  test('import a .txt through the file input, and refuse an invalid file without changing anything', async ({ page, host }, testInfo) => {
    await openApp(page, host);
    const sources = page.getByRole('region', { name: 'Sources' });
    await expect(sources.locator('.source-list > li')).toHaveCount(6);

    const article = 'Wagner in Libya\n\nThe Wagner Group deployed fighters to Libya in 2019 in support of Khalifa Haftar.\r\n\r\nRussia denied any official role.\n';
    await page.getByTestId('import-input').setInputFiles({ name: 'wagner-libya.txt', mimeType: 'text/plain', buffer: Buffer.from(article, 'utf8') });
    await expect(sources.locator('.source-list > li')).toHaveCount(7);
    const progress = page.getByRole('region', { name: 'Import progress' });
    const row = (name: string) => progress.getByRole('listitem').filter({ hasText: name });
    await expect(row('wagner-libya.txt')).toHaveAttribute('data-state', 'imported');
    const reader = page.getByRole('region', { name: 'Reader' });
    await expect(reader.locator('.reader-title')).toHaveText('Wagner in Libya');
    await expect(reader.getByText('Russia denied any official role.')).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('imported.png') });

    // The same content again is reported, not duplicated.
    await page.getByTestId('import-input').setInputFiles({ name: 'copy.txt', mimeType: 'text/plain', buffer: Buffer.from(article, 'utf8') });
    await expect(row('copy.txt')).toHaveAttribute('data-state', 'duplicate');
    await expect(row('copy.txt')).toContainText('Already in this project as “Wagner in Libya”');
    await expect(sources.locator('.source-list > li')).toHaveCount(7);

    // Invalid UTF-8 in a batch with a good file: the bad one is reported by name, the good one imports.
    await page.getByTestId('import-input').setInputFiles([
      { name: 'broken.txt', mimeType: 'text/plain', buffer: Buffer.from([0x48, 0x69, 0x20, 0xc3, 0x28, 0xff, 0x0a]) },
      { name: 'notes.md', mimeType: 'text/markdown', buffer: Buffer.from('# Short note\n\nHamas officials visited Moscow in March 2023.\n') },
    ]);
    await expect(row('broken.txt')).toHaveAttribute('data-state', 'failed');
    await expect(row('broken.txt')).toContainText('not valid UTF-8');
    await expect(row('notes.md')).toHaveAttribute('data-state', 'imported');
    await expect(sources.locator('.source-list > li')).toHaveCount(8);
    await page.screenshot({ path: testInfo.outputPath('import-error.png') });

    // Alone, the invalid file changes nothing.
    await page.getByTestId('import-input').setInputFiles({ name: 'broken-again.txt', mimeType: 'text/plain', buffer: Buffer.from([0xc3, 0x28]) });
    await expect(row('broken-again.txt')).toHaveAttribute('data-state', 'failed');
    await page.reload();
    await expect(sources.locator('.source-list > li')).toHaveCount(8);
  });

  test('drop a Markdown file on the window to import it', async ({ page, host }) => {
    await openApp(page, host);
    const files = await page.evaluateHandle(() => {
      const data = new DataTransfer();
      const body = '---\ntitle: "Dropped brief"\noutlet: "Field notes"\n---\n\n# Ignored heading\n\nThe Houthis claimed attacks on shipping in the Red Sea.\n';
      data.items.add(new File([body], 'dropped.md', { type: 'text/markdown' }));
      return data;
    });
    await page.dispatchEvent('.app', 'dragover', { dataTransfer: files });
    await expect(page.getByText('Drop web pages, PDFs, Word files, Markdown or text files to import them')).toBeVisible();
    await page.dispatchEvent('.app', 'drop', { dataTransfer: files });
    await expect(page.getByText('Drop web pages, PDFs, Word files, Markdown or text files to import them')).toBeHidden();
    const sources = page.getByRole('region', { name: 'Sources' });
    await expect(sources.locator('.source-list > li')).toHaveCount(7);
    await expect(sources.getByText('Field notes')).toBeVisible();
    await expect(page.getByRole('region', { name: 'Reader' }).locator('.reader-title')).toHaveText('Dropped brief');
  });

  test('paste text as a new source and edit its details', async ({ page, host }) => {
    await openApp(page, host);
    await page.getByRole('button', { name: 'Paste…' }).click();
    const dialog = page.getByRole('dialog', { name: 'New source from pasted text' });
    await dialog.getByLabel('Text').fill('Iran and the Houthis\n\nIran supplied drones to the Houthis, according to a UN panel.');
    await dialog.getByRole('button', { name: 'Add source' }).click();
    const reader = page.getByRole('region', { name: 'Reader' });
    await expect(reader.locator('.reader-title')).toHaveText('Iran and the Houthis');

    await reader.getByRole('button', { name: 'Details…' }).click();
    const details = page.getByRole('dialog', { name: 'Source details' });
    await details.getByLabel('Outlet').fill('UN Panel of Experts');
    await details.getByLabel(/Published/).fill('2024-02');
    await details.getByLabel('URL').fill('not a url');
    await details.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('alert')).toContainText('http');
    await details.getByLabel('URL').fill('https://example.org/report');
    await details.getByRole('button', { name: 'Save' }).click();
    await expect(details).toBeHidden();
    await expect(page.getByRole('region', { name: 'Sources' }).getByText('UN Panel of Experts · 2024-02')).toBeVisible();
  });
});

test('the browser refuses a page without the token', async ({ page, host }, testInfo) => {
  const address = new URL(host.url);
  const token = address.searchParams.get('token') ?? '';
  expect(token).not.toBe('');
  // The page and its bundle are public; without the token the app can only say where to go.
  const response = await page.goto(address.origin + '/');
  expect(response?.status()).toBe(200);
  const notice = page.getByRole('alert').filter({ hasText: 'Tiemark could not load the project' });
  await expect(notice).toContainText('open the address Tiemark printed when it started');
  await expect(page.getByRole('region', { name: 'Sources' })).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('no-token.png') });

  // The page's own calls to the API, as its scripts would make them: refused without the bearer
  // token (401), answered with it. No cookie was set along the way to stand in for it.
  const call = (authorization: string | null) =>
    page.evaluate(async (auth) => {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (auth) headers.Authorization = auth;
      const res = await fetch('/api/listSources', { method: 'POST', headers, body: '{}' });
      return { status: res.status, body: (await res.json()) as { ok: boolean; error?: { code: string } } };
    }, authorization);
  expect(await call(null)).toEqual({ status: 401, body: expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'forbidden' }) }) });
  expect((await call(`Bearer ${token.slice(0, -1)}x`)).status).toBe(401);
  expect(await call(`Bearer ${token}`)).toEqual({ status: 200, body: expect.objectContaining({ ok: true }) });
  expect(await page.context().cookies()).toEqual([]);
  expect(await page.evaluate(() => sessionStorage.getItem('tiemark-token'))).toBeNull();

  // Opened from the printed address, the same tab works, and the token leaves the address bar.
  await openApp(page, host);
  expect(new URL(page.url()).searchParams.has('token')).toBe(false);
  expect(await page.context().cookies()).toEqual([]);
});

export { HostProcess };
