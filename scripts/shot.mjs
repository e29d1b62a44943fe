// Dev helper: screenshot a running host. Usage: node scripts/shot.mjs URL OUT.png [dark]
import { chromium } from '@playwright/test';
const [url, out, theme] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1400, height: 860 }, colorScheme: theme === 'dark' ? 'dark' : 'light' });
page.on('console', (m) => console.log('console:', m.type(), m.text()));
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.goto(url);
await page.waitForTimeout(1200);
await page.screenshot({ path: out });
await browser.close();
