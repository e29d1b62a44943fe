import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Temp folders made by a suite; `removeTempDirs` in afterAll deletes them. */
const made: string[] = [];

export function makeTempDir(prefix = 'tiemark-host-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
}

export const INDEX_HTML = '<!doctype html><html><head><title>Tiemark test page</title></head><body><div id="root"></div></body></html>\n';
export const APP_JS = 'console.log("tiemark test asset");\n';

/**
 * A tiny stand-in for out/renderer inside `<parent>/renderer`, plus a file *beside* it that
 * path-traversal attempts would reach if the static server let them out.
 */
export function makeRendererDir(parent = makeTempDir()): { rendererDir: string; outsideFile: string; outsideSecret: string } {
  const rendererDir = join(parent, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), INDEX_HTML);
  writeFileSync(join(rendererDir, 'assets', 'app.js'), APP_JS);
  const outsideSecret = 'TOP-SECRET-OUTSIDE-THE-RENDERER-DIR';
  const outsideFile = join(parent, 'secret.txt');
  writeFileSync(outsideFile, outsideSecret);
  return { rendererDir, outsideFile, outsideSecret };
}
