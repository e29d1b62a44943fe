// @ts-check
// Static pages for the `plain-dom` and `recogito` variants, and a tiny loopback server for them.
import { createReadStream, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { SEPARATOR } from './corpus.mjs';

const HERE = import.meta.dirname;
const ROOT = resolve(HERE, '..', '..');

/** @typedef {import('./corpus.mjs').Doc} Doc */
/** @typedef {import('./corpus.mjs').Range} Range */

/** @param {string} s */
const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// Close to the reader's typography (app.css .reader-text), in a column of about the same width.
const STYLE = `
  html { background: #fffdf8; }
  body { margin: 0; font: 14px system-ui, sans-serif; color: #1d1f23; }
  #doc { max-width: 68ch; margin: 0 auto; padding: 28px 32px 40vh; position: relative;
    font-family: Charter, 'Iowan Old Style', 'Source Serif Pro', Georgia, 'Noto Serif', serif;
    font-size: 18px; line-height: 1.6; }
  #doc p { margin: 0 0 1em; white-space: pre-wrap; overflow-wrap: anywhere; }
`;

/**
 * The paragraphs as adjacent <p> elements: one text node each and nothing between them (no
 * whitespace nodes, which would double the text nodes recogito walks to resolve every offset).
 * So the container's text is the paragraphs without Tiemark's "\n\n" separators.
 */
/** @param {Doc} doc */
function documentHtml(doc) {
  return doc.paragraphs.map((p, i) => `<p data-block="${i}">${escapeHtml(p)}</p>`).join('');
}

/**
 * Paragraph starts in the static pages' container text (no separators between paragraphs).
 * @param {Doc} doc
 */
export const compactStarts = (doc) => doc.starts.map((s, i) => s - i * SEPARATOR.length);

/**
 * A Tiemark offset as an offset into the static pages' container text.
 * @param {Doc} doc
 * @param {number} offset
 * @param {boolean} isEnd
 */
export function compactOffset(doc, offset, isEnd) {
  let lo = 0;
  let hi = doc.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (doc.starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  // An offset inside a separator belongs to the end of the paragraph before it (ends) or the
  // start of the next one (starts).
  const end = doc.starts[lo] + doc.paragraphs[lo].length;
  if (offset > end) return isEnd ? end - lo * SEPARATOR.length : doc.starts[lo + 1] - (lo + 1) * SEPARATOR.length;
  return offset - lo * SEPARATOR.length;
}

/** @param {{ title: string, body: string, head?: string }} parts */
function page({ title, body, head = '' }) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title><style>${STYLE}</style>${head}</head>
<body>${body}</body></html>
`;
}

/**
 * Bundles recogito-page.js (and the library's CSS) with vite's JS API.
 * @param {string} outDir
 */
async function bundleRecogito(outDir) {
  const { build } = await import('vite');
  await build({
    configFile: false,
    root: HERE,
    logLevel: 'warn',
    publicDir: false,
    mode: 'production',
    build: {
      outDir,
      emptyOutDir: true,
      minify: true,
      sourcemap: false,
      reportCompressedSize: false,
      modulePreload: false,
      rollupOptions: {
        input: join(HERE, 'recogito-page.js'),
        output: { entryFileNames: 'recogito.js', assetFileNames: 'recogito[extname]', format: 'es' },
      },
    },
    // Dependencies resolve from the project's node_modules.
    cacheDir: join(ROOT, 'bench-results', '.vite-cache'),
  });
}

/**
 * Writes plain.html and recogito-<n>.html for each n into `dir`; returns the file names. Both
 * recogito variants open recogito-<n>.html (with `?renderer=CSS_HIGHLIGHTS` for the CSS one).
 * @param {string} dir
 * @param {Doc} doc
 * @param {Array<[number, Range[]]>} sets
 */
export async function buildPages(dir, doc, sets) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await bundleRecogito(join(dir, 'assets'));
  const body = `<div id="doc">${documentHtml(doc)}</div>`;
  writeFileSync(join(dir, 'plain.html'), page({ title: 'plain-dom', body }));
  /** @type {{ plain: string, recogito: Record<number, string> }} */
  const files = { plain: 'plain.html', recogito: {} };
  for (const [n, ranges] of sets) {
    const data = JSON.stringify(ranges.map((r) => [compactOffset(doc, r.start, false), compactOffset(doc, r.end, true), r.color]));
    const file = `recogito-${n}.html`;
    writeFileSync(
      join(dir, file),
      page({
        title: `recogito ${n}`,
        head: '<link rel="stylesheet" href="assets/recogito.css">',
        body: `${body}\n<script type="application/json" id="annotations">${data}</script>\n<script type="module" src="assets/recogito.js"></script>`,
      }),
    );
    files.recogito[n] = file;
  }
  return files;
}

/** @type {Record<string, string>} */
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

/**
 * Serves `dir` on 127.0.0.1 (any free port).
 * @param {string} dir
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export function serveStatic(dir) {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const file = resolve(root, normalize(path.replace(/^\/+/, '')));
    let size = -1;
    try {
      if (file.startsWith(root + sep)) size = statSync(file).size;
    } catch {
      size = -1;
    }
    if (size < 0) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Length': size, 'Cache-Control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolveServer, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      resolveServer({
        url: `http://127.0.0.1:${port}/`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
