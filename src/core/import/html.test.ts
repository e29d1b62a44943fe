import { describe, expect, it } from 'vitest';
import { parseHtml } from './html';
import { expectWellFormedDocument, slices } from '../test-support/documents';



// Our own sentences, long enough for Readability to take the article for one.
const P1 =
  'Russian officials said on Tuesday that talks with Iran over a new supply agreement had reached a final stage, although neither side published the terms of the draft.';
const P2 =
  'Analysts in Beirut noted that Hezbollah has kept a low profile during the negotiations, while its media outlets described the agreement as a sign of a shifting regional balance.';
const P3 =
  'Meanwhile the Houthis announced another round of maritime restrictions in the Red Sea, which shipping companies said would add weeks to routes between Asia and Europe.';
const P4 = 'Diplomats expect a further meeting next month, but several officials cautioned that earlier rounds had ended without any signed document at all.';

const NEWS = `<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <meta http-equiv="refresh" content="0; url=https://evil.example/">
  <base href="https://cdn.example/">
  <title>Moscow and Tehran near supply deal | The Daily Ledger</title>
  <meta property="og:title" content="Moscow and Tehran near supply deal">
  <meta property="og:site_name" content="The Daily Ledger">
  <meta property="og:url" content="https://ledger.example/world/moscow-tehran">
  <meta name="author" content="By Jane Doe and Omar Haddad">
  <meta property="article:published_time" content="2024-03-14T09:30:00Z">
  <link rel="canonical" href="https://ledger.example/world/moscow-tehran-deal">
  <script>document.write('SCRIPT TEXT LEAK')</script>
  <style>.x { content: 'STYLE TEXT LEAK' }</style>
</head>
<body onload="alert('HANDLER LEAK')">
  <div id="cookie-banner">We use cookies to improve COOKIE TEXT LEAK <button>Accept</button></div>
  <header><nav><a href="/">Home</a> <a href="/world">NAV TEXT LEAK</a></nav></header>
  <div class="ad-slot">ADVERT TEXT LEAK</div>
  <main>
    <article>
      <h1>Moscow and Tehran near supply deal</h1>
      <p>${P1} <a href="https://example.org/report">Read the report</a> for details.</p>
      <img src="https://tracker.example/pixel.gif" alt="IMAGE ALT LEAK">
      <p onclick="steal()">${P2} See <a href="javascript:alert(1)">this evil link</a>, <a href="jav&#x09;ascript:alert(2)">that one</a> and <a href="JaVaScRiPt:alert(3)">another</a>, or <a href="data:text/html,x">data</a>.</p>
      <script>var leak = 'INLINE SCRIPT LEAK';</script>
      <p>${P3} Contact <a href="mailto:desk@ledger.example">the desk</a> or read <a href="/world/houthis">our explainer</a>.</p>
      <iframe src="https://video.example/embed">IFRAME LEAK</iframe>
      <p>${P4}</p>
    </article>
    <aside class="related-links"><h2>Related</h2><ul><li><a href="/x">RELATED TEXT LEAK</a></li></ul></aside>
    <form action="/subscribe"><input name="email"> FORM TEXT LEAK</form>
  </main>
  <footer>FOOTER TEXT LEAK &copy; 2024</footer>
</body>
</html>`;

describe('parseHtml: a news page', () => {
  const doc = parseHtml(NEWS);

  it('keeps the article paragraphs in order and none of the chrome', () => {
    expectWellFormedDocument(doc);
    const paras = doc.blocks.filter((b) => b.kind === 'paragraph').map((b) => doc.text.slice(b.start, b.end));
    expect(paras).toHaveLength(4);
    expect(paras[0]).toBe(`${P1} Read the report for details.`);
    expect(paras[1].startsWith(P2)).toBe(true);
    expect(paras[2].startsWith(P3)).toBe(true);
    expect(paras[3]).toBe(P4);
    expect(doc.text).not.toMatch(/LEAK|cookies|alert|Accept/);
    expect(doc.blocks[0]).toMatchObject({ kind: 'heading', level: 1 });
    expect(slices(doc)[0]).toBe('Moscow and Tehran near supply deal');
  });

  it('reads the metadata', () => {
    expect(doc.metadata).toEqual({
      title: 'Moscow and Tehran near supply deal',
      authors: ['Jane Doe', 'Omar Haddad'],
      outlet: 'The Daily Ledger',
      publishedAt: '2024-03-14',
      url: 'https://ledger.example/world/moscow-tehran-deal',
      language: 'en-GB',
    });
  });

  it('keeps only web and mail links, with exact ranges, relative ones resolved against the canonical URL', () => {
    const links = doc.blocks.flatMap((b) => b.links ?? []);
    expect(links.map((l) => [doc.text.slice(l.start, l.end), l.href])).toEqual([
      ['Read the report', 'https://example.org/report'],
      ['the desk', 'mailto:desk@ledger.example'],
      ['our explainer', 'https://ledger.example/world/houthis'],
    ]);
  });

  it('drops relative links when the page has no address', () => {
    const page = NEWS.replace(/<link rel="canonical"[^>]*>/, '').replace(/<meta property="og:url"[^>]*>/, '');
    const links = parseHtml(page).blocks.flatMap((b) => b.links ?? []);
    expect(links.map((l) => l.href)).toEqual(['https://example.org/report', 'mailto:desk@ledger.example']);
  });
});

describe('parseHtml: structure', () => {
  const PAGE = `<html><head><title>Structure test - Lab</title></head><body><article>
    <h2>Background on the region</h2>
    <p>${P1}</p>
    <ul><li>Iran</li><li>Russia<ul><li>Moscow</li></ul></li></ul>
    <ol start="3"><li>third</li><li value="7">seventh</li><li>eighth</li></ol>
    <blockquote><p>${P2}</p></blockquote>
    <table><thead><tr><th>Group</th><th>Country</th></tr></thead>
      <tbody><tr><td>Hezbollah</td><td>Lebanon</td></tr><tr><td>Houthis</td><td>Yemen</td></tr></tbody></table>
    <pre>  indented line
second   line</pre>
    <p>Line one<br>line two</p>
    <p>${P3}</p>
  </article></body></html>`;
  const doc = parseHtml(PAGE);

  it('maps headings, lists, quotes, tables and preformatted text to blocks', () => {
    expectWellFormedDocument(doc);
    const view = doc.blocks.map((b) => ({ ...b, start: undefined, end: undefined, cells: undefined, text: doc.text.slice(b.start, b.end) }));
    const pick = (text: string) => view.find((b) => b.text === text);
    expect(pick('Background on the region')).toMatchObject({ kind: 'heading', level: 2 });
    expect(pick('Iran')).toMatchObject({ kind: 'list-item', level: 1, ordered: false });
    expect(pick('Russia')).toMatchObject({ kind: 'list-item', level: 1 });
    expect(pick('Moscow')).toMatchObject({ kind: 'list-item', level: 2 });
    expect(pick('third')).toMatchObject({ kind: 'list-item', ordered: true, marker: '3' });
    expect(pick('seventh')).toMatchObject({ marker: '7' });
    expect(pick('eighth')).toMatchObject({ marker: '8' });
    expect(pick(P2)).toMatchObject({ kind: 'quote' });
    expect(pick('Group | Country')).toMatchObject({ kind: 'table-row', header: true });
    expect(pick('Hezbollah | Lebanon')).toMatchObject({ kind: 'table-row' });
    expect(pick('Hezbollah | Lebanon')?.header).toBeUndefined();
    expect(pick('  indented line\nsecond   line')).toMatchObject({ kind: 'preformatted' });
    expect(pick('Line one\nline two')).toMatchObject({ kind: 'paragraph' });
    const row = doc.blocks.find((b) => b.kind === 'table-row' && b.header)!;
    expect(row.cells!.map(([a, b]) => doc.text.slice(a, b))).toEqual(['Group', 'Country']);
    expect(doc.metadata.title).toBe('Structure test');
  });
});

describe('parseHtml: fallback without an article', () => {
  it('walks the body without its chrome when Readability finds nothing', () => {
    const page = `<html><body>
      <nav>NAV LEAK</nav><div class="cookie-consent">COOKIE LEAK</div>
      <div><span>${P1.slice(0, 80)}</span></div><div class="share-bar">SHARE LEAK</div>
      <div>Short note on Iran.</div>
      <footer>FOOTER LEAK</footer></body></html>`;
    const doc = parseHtml(page);
    expectWellFormedDocument(doc);
    expect(slices(doc)).toEqual([P1.slice(0, 80).trim(), 'Short note on Iran.']);
  });

  it('returns an empty document for a page without text', () => {
    const doc = parseHtml('<html><head><title>Only a title</title><script>x()</script></head><body><img src="a.png"></body></html>');
    expect(doc.text).toBe('');
    expect(doc.blocks).toEqual([]);
  });
});

describe('parseHtml: hostile sizes', () => {
  it('survives 100,000 levels of nesting', () => {
    const depth = 100_000;
    const page = `<html><body>${'<div>'.repeat(depth)}<p>Deep text about the Houthis.</p>${'</div>'.repeat(depth)}</body></html>`;
    const doc = parseHtml(page);
    expectWellFormedDocument(doc);
    expect(doc.text).toContain('Deep text about the Houthis.');
  });

  it('finishes a page of tens of megabytes', () => {
    const para = `<p>${P1} <a href="https://example.org/${'x'.repeat(10)}">link</a> ${P2}</p>\n`;
    const page = `<html><head><title>Big</title></head><body><article>${para.repeat(Math.ceil(25_000_000 / para.length))}</article></body></html>`;
    expect(page.length).toBeGreaterThan(25_000_000);
    const doc = parseHtml(page);
    expect(doc.blocks.length).toBeGreaterThan(50_000);
    expect(doc.text.slice(0, P1.length)).toBe(P1);
  }, 120_000);
});
