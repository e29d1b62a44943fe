// Prints the sample report resources/samples/print/hezbollah-supply-lines.html to
// resources/samples/hezbollah-supply-lines.pdf with Chromium, as a browser's "Save as PDF" would:
// A4, a running header with the title and a footer with page numbers (which import removes).
// Run once after editing the HTML: node scripts/samples/print-pdf-sample.mjs
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readFileSync, writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { PDFDocument } from 'pdf-lib';

const root = resolve(import.meta.dirname, '..', '..');
const source = resolve(root, 'resources/samples/print/hezbollah-supply-lines.html');
const target = resolve(root, 'resources/samples/hezbollah-supply-lines.pdf');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage();
  await page.goto(pathToFileURL(source).href);
  await page.pdf({
    path: target,
    format: 'A4',
    margin: { top: '22mm', bottom: '22mm', left: '20mm', right: '20mm' },
    displayHeaderFooter: true,
    headerTemplate: '<div style="font-size:8px;width:100%;text-align:center;color:#555">Tiemark Sample Desk · Iran and Hezbollah after Assad</div>',
    footerTemplate: '<div style="font-size:8px;width:100%;text-align:center;color:#555">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>',
  });
  // The document's properties, as a publisher's PDF carries them (Chromium writes today's date).
  const pdf = await PDFDocument.load(readFileSync(target));
  pdf.setAuthor('Tiemark Sample Desk');
  pdf.setCreationDate(new Date('2025-07-02T09:00:00Z'));
  pdf.setModificationDate(new Date('2025-07-02T09:00:00Z'));
  writeFileSync(target, await pdf.save());
  console.log(`wrote ${target}`);
} finally {
  await browser.close();
}
