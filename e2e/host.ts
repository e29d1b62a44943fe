import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';

/** A browser host started from the build in out/, on a free port with its own data folder. */
export class HostProcess {
  url = '';
  private child: ChildProcess | null = null;
  constructor(readonly dataDir: string) {}

  /** What the last start printed on stderr (a refusal's sentence, a restore's report). */
  stderr = '';

  /** Starts the host; `extra` arguments go to host.js (`--restore FILE`). */
  async start(...extra: string[]): Promise<string> {
    const node = resolve('node_modules/.bin/node');
    const child = spawn(node, ['out/main/host.js', '--port', '0', '--data-dir', this.dataDir, '--no-open', ...extra], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    let stderr = '';
    this.stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
      this.stderr = stderr;
    });
    this.url = await new Promise<string>((resolveUrl, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`host did not start: ${stderr}`)), 60_000);
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        const match = /Tiemark is running at (\S+)/.exec(out);
        if (match) {
          clearTimeout(timer);
          resolveUrl(match[1]);
        }
      });
      child.on('exit', (code) => reject(new Error(`host exited with ${code}: ${stderr}`)));
    });
    return this.url;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((done) => {
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
    this.child = null;
  }
}

export const test = base.extend<{ host: HostProcess }>({
  host: async ({}, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tiemark-e2e-'));
    const host = new HostProcess(dataDir);
    await host.start();
    await use(host);
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  },
});

export { expect };

/** Opens the app and waits until the first source is in the reader. */
export async function openApp(page: Page, host: HostProcess): Promise<void> {
  await page.goto(host.url);
  await expect(page.getByRole('region', { name: 'Reader' }).locator('[data-block]').first()).toBeVisible();
}

/**
 * Selects characters [from, to) of the reader block whose text contains `anchor`, with real
 * mouse moves, as a person drags across text.
 */
export async function dragSelect(page: Page, anchor: string, from: number, to: number): Promise<string> {
  const block = page.locator('[data-block]', { hasText: anchor }).first();
  await block.scrollIntoViewIfNeeded();
  const points = await block.evaluate(
    (el, [a, b]) => {
      const text = el.firstChild as Text;
      const rectAt = (i: number) => {
        const r = document.createRange();
        r.setStart(text, i);
        r.setEnd(text, i + 1);
        return r.getClientRects()[0];
      };
      const start = rectAt(a);
      const end = rectAt(b - 1);
      return { x1: start.left + 1, y1: start.top + start.height / 2, x2: end.right - 1, y2: end.top + end.height / 2, text: text.data.slice(a, b) };
    },
    [from, to] as const,
  );
  await page.mouse.move(points.x1, points.y1);
  await page.mouse.down();
  await page.mouse.move((points.x1 + points.x2) / 2, (points.y1 + points.y2) / 2, { steps: 5 });
  await page.mouse.move(points.x2, points.y2, { steps: 5 });
  await page.mouse.up();
  return points.text;
}

/** Offset of `needle` inside the text of the block that contains it. */
export async function offsetInBlock(page: Page, needle: string): Promise<number> {
  const block = page.locator('[data-block]', { hasText: needle }).first();
  return block.evaluate((el, n) => (el.textContent ?? '').indexOf(n), needle);
}

/** Calls the browser host's API from the page, with the tab's own access key: what the store holds, as the page reads it. */
export async function apiCall<T>(page: Page, method: string, args: object = {}): Promise<T> {
  return page.evaluate(
    async ([name, body]) => {
      const token = sessionStorage.getItem('tiemark-token') ?? '';
      const response = await fetch(`/api/${name}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
      const result = (await response.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
      if (!result.ok) throw new Error(result.error?.message ?? JSON.stringify(result));
      return result.value;
    },
    [method, args] as const,
  ) as Promise<T>;
}
