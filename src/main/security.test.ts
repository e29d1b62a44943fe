import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../shared/csp';
import { isAppUrl, isSafeExternalUrl, resolveAppPath, windowOptions, withAppHeaders } from './security';

describe('Electron security baseline', () => {
  it('builds windows with isolation, sandbox and no Node in the page', () => {
    const prefs = windowOptions('/app/preload.js').webPreferences!;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/preload.js',
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
  });

  it('treats only our own scheme (or the dev server) as the app', () => {
    expect(isAppUrl('app://tiemark/index.html')).toBe(true);
    expect(isAppUrl('app://evil/index.html')).toBe(false);
    expect(isAppUrl('https://tiemark.example')).toBe(false);
    expect(isAppUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('http://localhost:5173.evil.test/', 'http://localhost:5173')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });

  it('opens only plain http(s) links externally', () => {
    expect(isSafeExternalUrl('https://www.crisisgroup.org/report')).toBe(true);
    for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'smb://host/share', '\\\\host\\share', 'ms-msdt:x', 'https://user:pw@host/', 'data:text/html,x']) {
      expect(isSafeExternalUrl(bad), bad).toBe(false);
    }
  });

  it('never serves a file outside the renderer folder', () => {
    const root = join(sep, 'app', 'renderer');
    expect(resolveAppPath(root, '/', join, sep)).toBe(join(root, 'index.html'));
    expect(resolveAppPath(root, '/assets/a.js', join, sep)).toBe(join(root, 'assets', 'a.js'));
    for (const bad of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd', '/a%00b', '/%E0%A4%A']) {
      expect(resolveAppPath(root, bad, join, sep), bad).toBeNull();
    }
  });

  it('sends the browser host’s Content-Security-Policy with every app:// response', async () => {
    const served = withAppHeaders(new Response('<p>hi</p>', { status: 200, headers: { 'Content-Type': 'text/html' } }));
    expect(served.status).toBe(200);
    expect(served.headers.get('Content-Type')).toBe('text/html');
    expect(served.headers.get('Content-Security-Policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(served.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(await served.text()).toBe('<p>hi</p>');
    expect(withAppHeaders(new Response('Not found', { status: 404 })).headers.get('Content-Security-Policy')).toBe(CONTENT_SECURITY_POLICY);
  });
});
