import type { BrowserWindowConstructorOptions } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../shared/csp';

/**
 * Pure pieces of the shell's security baseline, kept free of Electron imports so unit tests
 * can check them without the runtime.
 */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://tiemark`;

export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1400,
    height: 900,
    minWidth: 800,
    minHeight: 500,
    show: false,
    title: 'Tiemark',
    backgroundColor: '#1d1f23',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

/** Whether a URL belongs to the app itself (our scheme, or the dev server in development). */
export function isAppUrl(raw: string, devServerUrl?: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol === `${APP_SCHEME}:` && url.host === 'tiemark') return true;
  if (devServerUrl) {
    const dev = new URL(devServerUrl);
    return url.origin === dev.origin;
  }
  return url.protocol === 'devtools:';
}

/** Only http(s) links leave the app, and only to the system browser. */
export function isSafeExternalUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.length > 0 && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** Maps an app:// request path to a file under the renderer folder, or null if it escapes it. */
export function resolveAppPath(root: string, pathname: string, join: (...p: string[]) => string, sep: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const file = join(root, relative);
  return file.startsWith(root + sep) ? file : null;
}

/**
 * An app:// response with the headers the browser host sends with its pages (src/host/server.ts):
 * the one Content-Security-Policy (src/shared/csp.ts), no MIME sniffing, no referrer.
 */
export function withAppHeaders(response: Response): Response {
  const headers = new Headers(response.headers);
  headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('Referrer-Policy', 'no-referrer');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
