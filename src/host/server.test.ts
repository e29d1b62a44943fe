import { networkInterfaces } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { OutgoingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../core/backend';
import type { SourceSummary } from '../shared/types';
import { startHost, type RunningHost } from './server';
import { rawRequest, rawSocketRequest, type RawRequest, type RawResponse } from './test-support/http';
import { APP_JS, INDEX_HTML, makeRendererDir, makeTempDir, removeTempDirs } from './test-support/temp';

/**
 * The browser host's defences (token, origin, content type, body size, path checks), probed with raw node:http requests against a real server on 127.0.0.1 and a real
 * project file, so every header is exactly what a hostile page or local process could send.
 */

const MAX_BODY = 4096;

let backend: Backend;
let host: RunningHost;
let port: number;
let token: string;
let outsideSecret: string;
const responses: Array<{ what: string; res: RawResponse }> = [];
const logged: string[] = [];
const restoreLogging: Array<() => void> = [];

/** Every response is kept, so the last test can check headers across all of them. */
async function req(r: RawRequest): Promise<RawResponse> {
  const res = await rawRequest(port, r);
  responses.push({ what: `${r.method ?? 'GET'} ${r.path}`, res });
  return res;
}

const bearer = (): OutgoingHttpHeaders => ({ Authorization: `Bearer ${token}` });
const json = (): OutgoingHttpHeaders => ({ ...bearer(), 'Content-Type': 'application/json' });
const cookieName = () => `tiemark_token_${port}`;
const cookie = (): OutgoingHttpHeaders => ({ Cookie: `${cookieName()}=${token}` });
/** Same length and alphabet as the real token, one character different. */
const wrongToken = () => (token[0] === 'A' ? 'B' : 'A') + token.slice(1);

const sourceCount = (): number => {
  const result = backend.dispatch('listSources', {});
  if (!result.ok) throw new Error(result.error.message);
  return (result.value as SourceSummary[]).length;
};

const importTextBody = (text: string) => JSON.stringify({ text });

beforeAll(async () => {
  // Capture (and still pass through) everything this process writes while the host runs.
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      logged.push(String(chunk));
      return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    restoreLogging.push(() => void (stream.write = original as typeof stream.write));
  }
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[level];
    console[level] = (...args: unknown[]) => {
      logged.push(args.map(String).join(' '));
      original(...args);
    };
    restoreLogging.push(() => void (console[level] = original));
  }

  const dir = makeTempDir('tiemark-server-');
  backend = Backend.open({ file: join(dir, 'Security.tiemark'), backupDir: join(dir, 'backups'), create: true });
  const renderer = makeRendererDir(dir);
  outsideSecret = renderer.outsideSecret;
  host = await startHost({ dispatch: (m, a) => backend.dispatch(m, a), rendererDir: renderer.rendererDir, maxBodyBytes: MAX_BODY });
  ({ port, token } = host);
  const seeded = await backend.dispatch('importText', { text: 'A first source so that a wrongful write would show.' });
  expect(seeded.ok).toBe(true);
});

afterAll(async () => {
  await host?.close();
  backend?.close();
  for (const restore of restoreLogging.splice(0)) restore();
  removeTempDirs();
});

describe('S19: listens on 127.0.0.1 only', () => {
  it('binds exactly 127.0.0.1', () => {
    const address = host.server.address() as AddressInfo;
    expect(address.address).toBe('127.0.0.1');
    expect(address.family).toBe('IPv4');
    expect(host.url).toBe(`http://127.0.0.1:${port}/?token=${token}`);
  });

  it('uses a long random token', async () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    const other = await startHost({ dispatch: () => ({ ok: true, value: null }), rendererDir: makeTempDir() });
    try {
      expect(other.token).not.toBe(token);
      expect(other.port).not.toBe(port);
    } finally {
      await other.close();
    }
  });

  it('cannot be reached on the other addresses of this machine', async () => {
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i && !i.internal)
      .map((i) => i!.address)
      .concat('::1');
    for (const address of others) {
      const outcome = await new Promise<string>((resolve) => {
        const socket = connect({ host: address, port });
        socket.setTimeout(2000, () => {
          socket.destroy();
          resolve('timeout');
        });
        socket.on('connect', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      });
      expect(outcome, `connecting to ${address}:${port}`).not.toBe('connected');
    }
  });
});

describe('S21: per-launch token', () => {
  it('refuses the API without a token, with a wrong token of the same length, and with a malformed header', async () => {
    const before = sourceCount();
    for (const headers of [
      {},
      { Authorization: `Bearer ${wrongToken()}` },
      { Authorization: `Bearer ${token.slice(0, -1)}` },
      { Authorization: `Bearer ${token}x` },
      { Authorization: token },
      { Authorization: `Basic ${token}` },
    ]) {
      const res = await req({ method: 'POST', path: '/api/importText', headers: { ...headers, 'Content-Type': 'application/json' }, body: importTextBody('should not be stored') });
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.json).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(sourceCount()).toBe(before);
  });

  it('accepts the API with the token in the Authorization header only', async () => {
    const ok = await req({ method: 'POST', path: '/api/listSources', headers: json(), body: '{}' });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ ok: true });
    // The query string and the page cookie do not authorize API calls.
    const viaQuery = await req({ method: 'POST', path: `/api/listSources?token=${token}`, headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(viaQuery.status).toBe(401);
    const viaCookie = await req({ method: 'POST', path: '/api/listSources', headers: { ...cookie(), 'Content-Type': 'application/json' }, body: '{}' });
    expect(viaCookie.status).toBe(401);
  });

  it('refuses the page and its assets without a token', async () => {
    for (const path of ['/', '/index.html', '/assets/app.js', '/no-such-file', `/?token=${wrongToken()}`]) {
      const res = await req({ path });
      expect(res.status, path).toBe(401);
      expect(res.text).not.toContain('Tiemark test page');
      expect(res.text).not.toContain('tiemark test asset');
      expect(res.headers['set-cookie'], path).toBeUndefined();
    }
    const wrongCookie = await req({ path: '/assets/app.js', headers: { Cookie: `${cookieName()}=${wrongToken()}` } });
    expect(wrongCookie.status).toBe(401);
    const otherPortsCookie = await req({ path: '/assets/app.js', headers: { Cookie: `tiemark_token_${port + 1}=${token}` } });
    expect(otherPortsCookie.status).toBe(401);
  });

  it('exchanges ?token= on the first page load for an HttpOnly SameSite=Strict cookie that then serves the assets', async () => {
    const page = await req({ path: `/?token=${token}` });
    expect(page.status).toBe(200);
    expect(page.text).toBe(INDEX_HTML);
    const setCookie = page.headers['set-cookie'];
    expect(setCookie).toHaveLength(1);
    const parts = setCookie![0].split(';').map((p) => p.trim());
    expect(parts[0]).toBe(`${cookieName()}=${token}`);
    expect(parts).toContain('HttpOnly');
    expect(parts).toContain('SameSite=Strict');
    expect(parts).toContain('Path=/');
    expect(parts.some((p) => /^(Domain|Expires|Max-Age)=/i.test(p))).toBe(false);

    const cookieHeader = setCookie![0].split(';')[0];
    const asset = await req({ path: '/assets/app.js', headers: { Cookie: `other=1; ${cookieHeader}` } });
    expect(asset.status).toBe(200);
    expect(asset.text).toBe(APP_JS);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const again = await req({ path: '/', headers: { Cookie: cookieHeader } });
    expect(again.status).toBe(200);
    expect(again.headers['set-cookie']).toBeUndefined();
  });
});

describe('S20: Host header allowlist (DNS rebinding)', () => {
  const routes = (): RawRequest[] => [
    { method: 'POST', path: '/api/listSources', headers: json(), body: '{}' },
    { method: 'POST', path: '/api/importText', headers: json(), body: importTextBody('rebinding write') },
    { path: `/?token=${token}` },
    { path: '/', headers: cookie() },
    { path: '/assets/app.js', headers: cookie() },
    { path: '/no-such-file', headers: { ...cookie(), ...bearer() } },
    { method: 'GET', path: '/api/listSources', headers: bearer() },
    { method: 'OPTIONS', path: '/api/listSources', headers: bearer() },
  ];

  it('answers 403 on every route to a foreign or malformed Host, before anything else', async () => {
    const before = sourceCount();
    for (const hostHeader of [`evil.test:${port}`, 'evil.test', `127.0.0.1:${port + 1}`, '127.0.0.1', `127.0.0.1.evil.test:${port}`, `localhost:${port}.evil.test`, `0.0.0.0:${port}`, `127.0.0.1:${port}, evil.test`]) {
      for (const route of routes()) {
        const res = await req({ ...route, headers: { ...route.headers, Host: hostHeader } });
        expect(res.status, `${route.method ?? 'GET'} ${route.path} Host: ${hostHeader}`).toBe(403);
        expect(res.json).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'Unexpected Host header.' } });
        expect(res.headers['set-cookie']).toBeUndefined();
      }
    }
    // Without any Host header Node's own parser answers 400 before our handler runs.
    const noHost = await rawRequest(port, { path: '/', headers: cookie(), omitHost: true });
    expect([400, 403]).toContain(noHost.status);
    expect(noHost.text).not.toContain('Tiemark test page');
    expect(sourceCount()).toBe(before);
  });

  it('allows 127.0.0.1, localhost and [::1] on its own port', async () => {
    for (const hostHeader of [`127.0.0.1:${port}`, `localhost:${port}`, `LocalHost:${port}`, `[::1]:${port}`]) {
      const api = await req({ method: 'POST', path: '/api/listSources', headers: { ...json(), Host: hostHeader }, body: '{}' });
      expect(api.status, hostHeader).toBe(200);
      const asset = await req({ path: '/assets/app.js', headers: { ...cookie(), Host: hostHeader } });
      expect(asset.status, hostHeader).toBe(200);
    }
  });
});

describe('S22: cross-origin and CSRF', () => {
  it('refuses a foreign Origin and Sec-Fetch-Site: cross-site or same-site, even with the token, and writes nothing', async () => {
    const before = sourceCount();
    const refused: OutgoingHttpHeaders[] = [
      { Origin: 'https://evil.test' },
      { Origin: 'http://evil.test' },
      { Origin: 'null' },
      { Origin: `http://127.0.0.1:${port + 1}` },
      { Origin: `https://127.0.0.1:${port}` },
      { Origin: `http://127.0.0.1:${port}.evil.test` },
      { 'Sec-Fetch-Site': 'cross-site' },
      { Origin: `http://127.0.0.1:${port}`, 'Sec-Fetch-Site': 'cross-site' },
      // Another local port is "same-site" to the browser but is not us.
      { 'Sec-Fetch-Site': 'same-site' },
    ];
    for (const headers of refused) {
      const res = await req({ method: 'POST', path: '/api/importText', headers: { ...json(), ...headers }, body: importTextBody('cross-site write') });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.json).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      const page = await req({ path: '/assets/app.js', headers: { ...cookie(), ...headers } });
      expect(page.status, JSON.stringify(headers)).toBe(403);
    }
    expect(sourceCount()).toBe(before);
  });

  it('allows its own origin', async () => {
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`]) {
      const res = await req({ method: 'POST', path: '/api/listSources', headers: { ...json(), Origin: origin, 'Sec-Fetch-Site': 'same-origin' }, body: '{}' });
      expect(res.status, origin).toBe(200);
      expect(res.json).toMatchObject({ ok: true });
    }
  });

  it('refuses form and text bodies (415) without writing anything', async () => {
    const before = sourceCount();
    const bodies: Array<[string | undefined, string]> = [
      ['application/x-www-form-urlencoded', 'text=hello+from+a+form'],
      ['text/plain', importTextBody('hello from text/plain')],
      ['text/plain;charset=UTF-8', importTextBody('hello again')],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="text"\r\n\r\nhi\r\n--x--\r\n'],
      [undefined, importTextBody('no content type')],
    ];
    for (const [type, body] of bodies) {
      const headers: OutgoingHttpHeaders = { ...bearer() };
      if (type) headers['Content-Type'] = type;
      const res = await req({ method: 'POST', path: '/api/importText', headers, body });
      expect(res.status, String(type)).toBe(415);
      expect(res.json).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    }
    // The same kinds of request without the token, as a cross-site form would send them.
    const form = await req({ method: 'POST', path: '/api/importText', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...cookie() }, body: 'text=hi' });
    expect([401, 403]).toContain(form.status);
    expect(sourceCount()).toBe(before);
  });

  it('answers OPTIONS without any CORS grant', async () => {
    const preflight = await req({
      method: 'OPTIONS',
      path: '/api/importText',
      headers: { Origin: 'https://evil.test', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, content-type' },
    });
    expect(preflight.status).toBe(403);
    const own = await req({ method: 'OPTIONS', path: '/api/importText', headers: { ...bearer(), Origin: `http://127.0.0.1:${port}`, 'Access-Control-Request-Method': 'POST' } });
    expect(own.status).toBe(405);
    for (const res of [preflight, own]) {
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(res.headers['access-control-allow-methods']).toBeUndefined();
      expect(res.headers['access-control-allow-headers']).toBeUndefined();
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    }
  });
});

describe('API request handling', () => {
  it('answers invalid JSON with 400 invalid_argument', async () => {
    for (const body of ['{', '{"text": }', 'undefined', "{'text':'x'}", '\u0000']) {
      const res = await req({ method: 'POST', path: '/api/importText', headers: json(), body });
      expect(res.status, body).toBe(400);
      expect(res.json).toEqual({ ok: false, error: { code: 'invalid_argument', message: 'The request body is not valid JSON.' } });
    }
  });

  it('answers a body over the limit with 413 too_large and writes nothing', async () => {
    const before = sourceCount();
    const big = importTextBody('x'.repeat(MAX_BODY));
    expect(Buffer.byteLength(big)).toBeGreaterThan(MAX_BODY);
    const res = await req({ method: 'POST', path: '/api/importText', headers: json(), body: big });
    expect(res.status).toBe(413);
    expect(res.json).toMatchObject({ ok: false, error: { code: 'too_large', message: 'The request is larger than 4 KB.' } });
    expect(sourceCount()).toBe(before);

    // Just under the limit is fine, and the connection-level limit did not break the server.
    const fits = importTextBody(`Fits under the limit. ${'y'.repeat(MAX_BODY - 100)}`);
    expect(Buffer.byteLength(fits)).toBeLessThanOrEqual(MAX_BODY);
    const ok = await req({ method: 'POST', path: '/api/importText', headers: json(), body: fits });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ ok: true, value: { imported: 1 } });
    expect(sourceCount()).toBe(before + 1);
  });

  it('answers GET and other verbs on /api with 405', async () => {
    for (const method of ['GET', 'HEAD', 'PUT', 'DELETE', 'PATCH']) {
      const res = await req({ method, path: '/api/listSources', headers: json() });
      expect(res.status, method).toBe(405);
    }
    const postPage = await req({ method: 'POST', path: '/', headers: { ...cookie(), 'Content-Type': 'application/json' }, body: '{}' });
    expect(postPage.status).toBe(405);
  });

  it('turns unknown and malformed method names into unknown_method, not a server error', async () => {
    for (const path of ['/api/nope', '/api/%E0%A4%A', '/api/', '/api/__proto__', '/api/listSources/extra']) {
      const res = await req({ method: 'POST', path, headers: json(), body: '{}' });
      expect(res.status, path).toBe(200);
      expect(res.json, path).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    }
  });
});

describe('static files', () => {
  const traversals = [
    '/../../etc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/..%2f..%2fetc%2fpasswd',
    '/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
    '/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '/..%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/%2e%2e%2fsecret.txt',
    '/..%5csecret.txt',
    '/assets/..%5c..%5csecret.txt',
    '/%252e%252e/secret.txt',
    '/%2fetc%2fpasswd',
    '//etc/passwd',
    '/index.html%00',
    '/index.html%00.txt',
    '/%00',
    '/assets%00/app.js',
    '/assets',
    '/assets/',
  ];

  it.each(traversals)('refuses %s with 404 and no file contents', async (path) => {
    const res = await req({ path, headers: { ...cookie(), ...bearer() } });
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(res.text).not.toContain(outsideSecret);
    expect(res.text).not.toMatch(/root:.*:0:0:/);
  });

  it('refuses a raw NUL byte in the path', async () => {
    const reply = await rawSocketRequest(port, `GET /index.html\u0000 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nCookie: ${cookieName()}=${token}\r\nConnection: close\r\n\r\n`);
    expect(reply).toMatch(/^HTTP\/1\.1 4\d\d /);
    expect(reply).not.toContain('Tiemark test page');
  });

  it('serves index.html with a strict Content-Security-Policy', async () => {
    const res = await req({ path: '/', headers: cookie() });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(res.headers['content-security-policy']);
    const directives = csp.split(';').map((d) => d.trim());
    expect(directives).toContain("default-src 'self'");
    expect(directives).toContain("script-src 'self'");
    expect(directives).toContain("object-src 'none'");
    expect(directives).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toMatch(/https?:|\*/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('answers HEAD without a body', async () => {
    const res = await req({ method: 'HEAD', path: '/assets/app.js', headers: cookie() });
    expect(res.status).toBe(200);
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(APP_JS));
    expect(res.body.length).toBe(0);
  });
});

describe('across every response above', () => {
  it('never grants CORS and always says nosniff', () => {
    expect(responses.length).toBeGreaterThan(100);
    for (const { what, res } of responses) {
      expect(res.headers['access-control-allow-origin'], what).toBeUndefined();
      expect(res.headers['access-control-allow-credentials'], what).toBeUndefined();
      expect(res.headers['x-content-type-options'], what).toBe('nosniff');
    }
  });

  it('never sends the token back except in the cookie it sets, and never logs it', () => {
    for (const { what, res } of responses) {
      expect(res.text, what).not.toContain(token);
      for (const [name, value] of Object.entries(res.headers)) {
        if (name === 'set-cookie') continue;
        expect(String(value), `${what} ${name}`).not.toContain(token);
      }
    }
    expect(logged.join('\n')).not.toContain(token);
  });
});
