import type { Page } from '@playwright/test';
import { test, expect, openApp, apiCall } from './host';

/** A saved news page as it comes from a site: chrome, tracking, scripts and a table in the article. */
const NEWS_PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Drones over the Red Sea | Gulf Monitor</title>
  <meta property="og:site_name" content="Gulf Monitor">
  <meta name="author" content="Dana Karimi">
  <meta property="article:published_time" content="2024-02-09T08:00:00Z">
  <link rel="canonical" href="https://gulf-monitor.example/red-sea-drones">
  <meta http-equiv="refresh" content="0; url=https://tracker.example/">
  <base href="https://cdn.example/">
  <script>window.__pageScriptRan = true;</script>
  <style>body { background: red }</style>
</head>
<body onload="window.__onloadRan = true">
  <nav><a href="/">Home</a> <a href="/world">World</a> <a href="/subscribe">Subscribe now</a></nav>
  <div class="cookie-banner">We use cookies to improve your experience. <button>Accept all</button></div>
  <header><img src="https://cdn.example/logo.png" alt="Gulf Monitor logo"></header>
  <main>
    <article>
      <h1>Drones over the Red Sea</h1>
      <p>Houthi forces in Yemen launched a new wave of drones at commercial shipping this week, according to naval officials in the region.</p>
      <p>Western officials say the components were supplied by Iran, a claim that Tehran rejects; see the <a href="https://un-panel.example/report">panel report</a> and <a href="javascript:window.__linkRan=true">this link</a>.</p>
      <h2>Incidents reported so far</h2>
      <table>
        <tr><th>Month</th><th>Attacks claimed</th></tr>
        <tr><td>December</td><td>Eleven vessels targeted</td></tr>
        <tr><td>January</td><td>Fourteen vessels targeted</td></tr>
      </table>
      <ol start="3"><li>Escorts by several navies continued.</li><li>Insurers raised premiums again.</li></ol>
      <p onmouseover="window.__handlerRan = true">Analysts expect the campaign to continue while the war in Gaza goes on, with Russia offering diplomatic cover at the Security Council.</p>
      <iframe src="https://ads.example/frame"></iframe>
      <img src="https://tracker.example/pixel.gif" width="1" height="1">
    </article>
    <aside class="related"><h3>Related stories</h3><ul><li><a href="/a">Oil prices climb</a></li></ul></aside>
  </main>
  <footer>© Gulf Monitor. All rights reserved. <a href="/privacy">Privacy</a></footer>
  <script>document.body.innerHTML = 'replaced by a script';</script>
</body>
</html>`;

/** Drags across `text` inside the table cell that contains it. */
async function selectInCell(page: Page, text: string): Promise<void> {
  const cell = page.locator('[data-cell]', { hasText: text }).first();
  await cell.scrollIntoViewIfNeeded();
  const box = await cell.evaluate((el, needle) => {
    const node = el.firstChild as Text;
    const at = node.data.indexOf(needle);
    const r = document.createRange();
    r.setStart(node, at);
    r.setEnd(node, at + needle.length);
    const rect = r.getBoundingClientRect();
    return { x1: rect.left + 1, x2: rect.right - 1, y: rect.top + rect.height / 2 };
  }, text);
  await page.mouse.move(box.x1, box.y);
  await page.mouse.down();
  await page.mouse.move(box.x2, box.y, { steps: 5 });
  await page.mouse.up();
}

test('import a saved news page: the article comes in with its structure, nothing from the page runs or loads', async ({ page, host }, testInfo) => {
  const outbound: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(host.url.slice(0, host.url.indexOf('/', 8)))) outbound.push(request.url());
  });
  await openApp(page, host);
  await page.getByTestId('import-input').setInputFiles({ name: 'red-sea.html', mimeType: 'text/html', buffer: Buffer.from(NEWS_PAGE, 'utf8') });

  const reader = page.getByRole('region', { name: 'Reader' });
  await expect(reader.locator('.reader-title')).toHaveText('Drones over the Red Sea');
  const sources = page.getByRole('region', { name: 'Sources' });
  await expect(sources.getByText(/Gulf Monitor/)).toBeVisible();
  const text = reader.locator('.reader-text');
  await expect(text.locator('h2')).toHaveText('Incidents reported so far');
  await expect(text.locator('th')).toHaveText(['Month', 'Attacks claimed']);
  await expect(text.locator('td')).toHaveCount(4);
  await expect(text.locator('ol li').first()).toHaveAttribute('value', '3');
  for (const chrome of ['Subscribe now', 'We use cookies', 'Related stories', 'All rights reserved', 'replaced by a script']) {
    await expect(text).not.toContainText(chrome);
  }

  // A link of the page is shown on hover, never followed.
  const link = text.getByText(/panel report/).first();
  const word = await link.evaluate((el) => {
    const node = el.firstChild as Text;
    const at = node.data.indexOf('panel report');
    const r = document.createRange();
    r.setStart(node, at + 2);
    r.setEnd(node, at + 3);
    const rect = r.getBoundingClientRect();
    return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
  });
  await page.mouse.move(word.x, word.y);
  await expect(page.getByRole('tooltip')).toHaveText('Link: https://un-panel.example/report');

  // Highlight inside a table cell: the passage is exactly the cell's words.
  await selectInCell(page, 'Fourteen vessels');
  await page.keyboard.press('h');
  const panel = page.getByRole('region', { name: 'Side panel' });
  await expect(panel.locator('.highlight-item')).toHaveCount(1);
  await expect(panel.locator('.highlight-item').first()).toContainText('Fourteen vessels');
  const painted = await page.evaluate(() => [...(CSS.highlights.values() as Iterable<Set<AbstractRange>>)].reduce((n, h) => n + h.size, 0));
  expect(painted).toBeGreaterThan(0);
  await page.screenshot({ path: testInfo.outputPath('imported-page.png') });

  const ran = await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    return ['__pageScriptRan', '__onloadRan', '__linkRan', '__handlerRan'].filter((k) => w[k]);
  });
  expect(ran).toEqual([]);
  expect(outbound).toEqual([]);
});

test('paste from a web page keeps its headings and lists', async ({ page, host }) => {
  await openApp(page, host);
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.setData('text/plain', 'Hezbollah and Moscow\nTraining\nLogistics');
    data.setData('text/html', '<h2>Hezbollah and Moscow</h2><script>window.__pasteRan = 1</script><ul><li>Training</li><li>Logistics</li></ul>');
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  const dialog = page.getByRole('dialog', { name: 'New source from pasted text' });
  await expect(dialog.getByTestId('paste-structure')).toBeVisible();
  await dialog.getByRole('button', { name: 'Add source' }).click();
  // The page's first heading names the new source; the reader opens it.
  await expect(page.locator('.reader-title')).toHaveText('Hezbollah and Moscow');
  const text = page.getByRole('region', { name: 'Reader' }).locator('.reader-text');
  await expect(text.locator('h2')).toHaveText('Hezbollah and Moscow');
  await expect(text.locator('ul li')).toHaveText(['Training', 'Logistics']);
  expect(await page.evaluate(() => (window as unknown as Record<string, unknown>).__pasteRan)).toBeUndefined();
});

test('a mixed batch: progress per file, a bad file named, legacy text confirmed with a preview, PDF and Word read', async ({ page, host }) => {
  const { articlePdf } = await import('../src/core/test-support/pdf-fixtures');
  const { policyBriefDocx } = await import('../src/core/test-support/docx-fixtures');
  const { encodeLegacy } = await import('../src/core/test-support/legacy');
  await openApp(page, host);
  const pdf = await articlePdf();
  const arabic =
    'تقول مصادر في بيروت إن العلاقة بين حزب الله وطهران ما زالت قوية، وإن الدعم المالي والعسكري مستمر منذ سنوات طويلة. ويرى محللون أن روسيا تراقب هذه العلاقة عن قرب في سوريا.';
  await page.getByTestId('import-input').setInputFiles([
    { name: 'shadow-war.pdf', mimeType: 'application/pdf', buffer: Buffer.from(pdf.bytes) },
    { name: 'brief.docx', mimeType: 'application/octet-stream', buffer: await policyBriefDocx() },
    { name: 'broken.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\nnot really') },
    { name: 'old-arabic.txt', mimeType: 'text/plain', buffer: Buffer.from(encodeLegacy(arabic, 'windows-1256')) },
    { name: 'notes.md', mimeType: 'text/markdown', buffer: Buffer.from('# Field notes\n\nThe envoy met the council in March.[^1]\n\n[^1]: According to two officials.\n') },
    { name: 'saved-page.html', mimeType: 'text/html', buffer: Buffer.from(NEWS_PAGE) },
  ]);
  const progress = page.getByRole('region', { name: 'Import progress' });
  const row = (name: string) => progress.getByRole('listitem').filter({ hasText: name });
  await expect(row('shadow-war.pdf')).toHaveAttribute('data-state', 'imported', { timeout: 30_000 });
  await expect(row('brief.docx')).toHaveAttribute('data-state', 'imported');
  await expect(row('broken.pdf')).toHaveAttribute('data-state', 'failed');
  await expect(row('broken.pdf')).toContainText('"broken.pdf"');
  await expect(row('old-arabic.txt')).toHaveAttribute('data-state', 'needs-encoding');
  await expect(row('notes.md')).toHaveAttribute('data-state', 'imported');
  await expect(row('saved-page.html')).toHaveAttribute('data-state', 'imported');
  // The preview shows the text in the detected encoding; confirming imports it.
  await expect(row('old-arabic.txt').getByLabel(/Preview in Arabic/)).toContainText('حزب الله');
  await row('old-arabic.txt').getByRole('button', { name: 'Import with this encoding' }).click();
  await expect(row('old-arabic.txt')).toHaveAttribute('data-state', 'imported');
  await expect(progress.getByRole('heading')).toHaveText('5 imported, 1 failed');
  // The first new source opened; its text reads as paragraphs without running headers.
  const text = page.getByRole('region', { name: 'Reader' }).locator('.reader-text');
  await expect(page.locator('.reader-title')).toHaveText(pdf.truth.title);
  await expect(text).not.toContainText('Levant Security Review — Issue 12');
  // The Arabic source is shown right to left with its language.
  await page.locator('.source-list > li').filter({ hasText: 'old-arabic' }).click();
  await expect(text).toHaveAttribute('lang', 'ar');
  await progress.getByRole('button', { name: 'Close the import list' }).click();
  await expect(progress).toHaveCount(0);
});

test('update a source from a new version: moved highlights follow their words, the rest wait for review', async ({ page, host }) => {
  await openApp(page, host);
  const first = 'Officials in Beirut describe the relationship with Hezbollah as practical rather than ideological.';
  const second = 'Moscow has kept working channels open to Tehran while avoiding any formal alliance with partners.';
  await page.getByRole('button', { name: 'Paste…' }).click();
  const paste = page.getByRole('dialog', { name: 'New source from pasted text' });
  await paste.getByLabel('Text').fill(`Channels\n\n${first}\n\n${second}`);
  await paste.getByRole('button', { name: 'Add source' }).click();
  const text = page.getByRole('region', { name: 'Reader' }).locator('.reader-text');
  await expect(text).toContainText('Moscow has kept');
  // Two highlights, one on each paragraph, made with the keyboard shortcut.
  for (const words of ['practical rather than ideological', 'working channels open to Tehran']) {
    await text.evaluate((el, w) => {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const at = n.textContent!.indexOf(w);
        if (at >= 0) {
          const range = document.createRange();
          range.setStart(n, at);
          range.setEnd(n, at + w.length);
          getSelection()!.removeAllRanges();
          getSelection()!.addRange(range);
          el.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
          return;
        }
      }
    }, words);
    await page.keyboard.press('h');
  }
  await expect(page.getByRole('tab', { name: /Highlights/ })).toContainText('2');

  await page.getByRole('button', { name: 'Update text…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Update text' });
  const revised = `Channels\n\nA correction was added on 3 May.\n\n${first}\n\nMoscow keeps channels to Tehran while avoiding any formal alliance.`;
  // Typed as a fast user types: 30 ms a key.
  await dialog.getByLabel('Or paste the new text').pressSequentially(revised, { delay: 30 });
  await dialog.getByRole('button', { name: 'Update text' }).click();
  await expect(text).toContainText('A correction was added on 3 May.');
  const review = page.getByRole('region', { name: 'Review highlights' });
  await expect(review.getByRole('listitem')).toHaveCount(1);
  await expect(review).toContainText('working channels open to Tehran');
  // The highlight whose words survived is painted on them; the other is not painted anywhere.
  await expect(page.getByRole('tab', { name: /Highlights/ })).toContainText('1');
  // Select the right words and move the waiting highlight there.
  await text.evaluate((el) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = n.textContent!.indexOf('channels to Tehran');
      if (at >= 0) {
        const range = document.createRange();
        range.setStart(n, at);
        range.setEnd(n, at + 'channels to Tehran'.length);
        getSelection()!.removeAllRanges();
        getSelection()!.addRange(range);
        el.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
        return;
      }
    }
  });
  await review.getByRole('button', { name: 'Move here' }).click();
  await expect(review).toHaveCount(0);
  await expect(page.getByRole('tab', { name: /Highlights/ })).toContainText('2');
  // Undo twice: the move, then the update; the old text is back.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(review.getByRole('listitem')).toHaveCount(1);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(text).not.toContainText('A correction was added');
  await expect(text).toContainText(second);
});

test('Cancel stops a long batch after the file being read; the rest are listed as not imported', async ({ page, host }) => {
  await openApp(page, host);
  const files = Array.from({ length: 150 }, (_, i) => ({
    name: `dispatch-${String(i).padStart(3, '0')}.txt`,
    mimeType: 'text/plain',
    buffer: Buffer.from(`Dispatch ${i}\n\nA field report numbered ${i} about shipping near Hodeidah.`),
  }));
  await page.getByTestId('import-input').setInputFiles(files);
  const progress = page.getByRole('region', { name: 'Import progress' });
  await expect(progress.getByRole('heading')).toContainText('Importing');
  await progress.getByRole('button', { name: 'Cancel' }).click();
  await expect(progress.getByRole('heading')).toContainText('not imported');
  const imported = await progress.locator('[data-state="imported"]').count();
  const cancelled = await progress.locator('[data-state="cancelled"]').count();
  expect(cancelled).toBeGreaterThan(0);
  expect(imported + cancelled).toBe(150);
  // Exactly the files reported as imported are in the project.
  // (The list draws only the rows in view: its count, and the project, say how many there are.)
  await expect(page.locator('.library-count')).toHaveText(`${6 + imported} sources`);
  expect((await apiCall<unknown[]>(page, 'listSources', {})).length).toBe(6 + imported);
});
