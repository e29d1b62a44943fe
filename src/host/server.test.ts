import { spawn } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import fc from 'fast-check';
import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../core/backend';
import type { SourceSummary } from '../shared/types';
import { parseJsonBytes, startHost, type RunningHost } from './server';
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
/** The cookie earlier versions set on the page load; it must no longer let anything through. */
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

interface Upload {
  /** Everything the server sent back, as latin1 text. */
  reply: string;
  /** Body bytes this client managed to hand to the socket. */
  sent: number;
  /** Bytes the server's end of this connection read, head included. */
  serverRead: number;
}

/**
 * Sends `head`, then body pieces from `next` for as long as the socket takes them, until the
 * server answers, `next` runs out, or the connection closes. Resolves once it is closed, with
 * what the server read on its end of this very connection (found by the client's port).
 */
function upload(head: string, next: () => Buffer | null): Promise<Upload> {
  const serverSide = new Promise<Socket>((resolveSocket) => {
    const onConnection = (socket: Socket) => {
      if (socket.remotePort !== client.localPort) return;
      host.server.off('connection', onConnection);
      resolveSocket(socket);
    };
    host.server.on('connection', onConnection);
  });
  const client = connect({ host: '127.0.0.1', port });
  const replies: Buffer[] = [];
  let sent = 0;
  const pump = (): void => {
    while (replies.length === 0 && !client.destroyed) {
      const piece = next();
      if (piece === null) return;
      sent += piece.length;
      if (!client.write(piece)) return void client.once('drain', pump);
    }
  };
  client.on('connect', () => {
    client.write(head);
    pump();
  });
  client.on('data', (data: Buffer) => replies.push(data));
  // Writing into a connection the server has closed fails (EPIPE, ECONNRESET): that is the point.
  client.on('error', () => undefined);
  return new Promise((resolveUpload) => {
    client.on('close', () => {
      void serverSide.then((socket) => {
        const done = () => resolveUpload({ reply: Buffer.concat(replies).toString('latin1'), sent, serverRead: socket.bytesRead });
        if (socket.destroyed) done();
        else socket.once('close', done);
      });
    });
  });
}

/** Pieces of `size` bytes until `total` bytes have been handed out, then null. */
function pieces(total: number, size: number, fill = 'x'): () => Buffer | null {
  const piece = Buffer.alloc(size, fill);
  let given = 0;
  return () => {
    if (given >= total) return null;
    const n = Math.min(size, total - given);
    given += n;
    return n === size ? piece : piece.subarray(0, n);
  };
}

const apiHead = (path: string, headers: string[]): string =>
  [`POST ${path} HTTP/1.1`, `Host: 127.0.0.1:${port}`, `Authorization: Bearer ${token}`, 'Content-Type: application/json', ...headers, '', ''].join('\r\n');

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

  it('serves the public page and its assets without any token, and never sets a cookie', async () => {
    for (const path of ['/', '/index.html', `/?token=${token}`, `/?token=${wrongToken()}`]) {
      const res = await req({ path });
      expect(res.status, path).toBe(200);
      expect(res.text, path).toBe(INDEX_HTML);
      expect(res.headers['set-cookie'], path).toBeUndefined();
    }
    const asset = await req({ path: '/assets/app.js' });
    expect(asset.status).toBe(200);
    expect(asset.text).toBe(APP_JS);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(asset.headers['set-cookie']).toBeUndefined();
    const missing = await req({ path: '/no-such-file' });
    expect(missing.status).toBe(404);
  });

  it('refuses the API to a request that carries the token only in a cookie, and writes nothing', async () => {
    const before = sourceCount();
    for (const cookieHeader of [`${cookieName()}=${token}`, `other=1; ${cookieName()}=${token}`, `tiemark_token=${token}`, `token=${token}`]) {
      for (const method of ['listSources', 'importText']) {
        const res = await req({ method: 'POST', path: `/api/${method}`, headers: { Cookie: cookieHeader, 'Content-Type': 'application/json' }, body: importTextBody('cookie write') });
        expect(res.status, `${method} with Cookie: ${cookieHeader}`).toBe(401);
        expect(res.json).toMatchObject({ ok: false, error: { code: 'forbidden' } });
        expect(res.headers['set-cookie']).toBeUndefined();
      }
    }
    expect(sourceCount()).toBe(before);
  });
});

describe('S20: Host header allowlist (DNS rebinding)', () => {
  const routes = (): RawRequest[] => [
    { method: 'POST', path: '/api/listSources', headers: json(), body: '{}' },
    { method: 'POST', path: '/api/importText', headers: json(), body: importTextBody('rebinding write') },
    { path: `/?token=${token}` },
    { path: '/' },
    { path: '/assets/app.js' },
    { path: '/no-such-file', headers: bearer() },
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
    const noHost = await rawRequest(port, { path: '/', omitHost: true });
    expect([400, 403]).toContain(noHost.status);
    expect(noHost.text).not.toContain('Tiemark test page');
    expect(sourceCount()).toBe(before);
  });

  it('allows 127.0.0.1, localhost and [::1] on its own port', async () => {
    for (const hostHeader of [`127.0.0.1:${port}`, `localhost:${port}`, `LocalHost:${port}`, `[::1]:${port}`]) {
      const api = await req({ method: 'POST', path: '/api/listSources', headers: { ...json(), Host: hostHeader }, body: '{}' });
      expect(api.status, hostHeader).toBe(200);
      const asset = await req({ path: '/assets/app.js', headers: { Host: hostHeader } });
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
      const page = await req({ path: '/assets/app.js', headers });
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

  it('takes exactly application/json, with or without parameters, in any case', async () => {
    for (const type of ['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset=UTF-8', 'APPLICATION/JSON ; charset="utf-8"', 'application/json;']) {
      const res = await req({ method: 'POST', path: '/api/listSources', headers: { ...bearer(), 'Content-Type': type }, body: '{}' });
      expect(res.status, type).toBe(200);
      expect(res.json, type).toMatchObject({ ok: true });
    }
    const before = sourceCount();
    for (const type of ['application/jsonx', 'application/json-patch+json', 'application/json5', 'application/jsonp; charset=utf-8', 'application/json+x', 'text/json', 'application/ld+json', 'xapplication/json', 'application/jso', 'application', '']) {
      const res = await req({ method: 'POST', path: '/api/importText', headers: { ...bearer(), 'Content-Type': type }, body: importTextBody(`sent as ${type}`) });
      expect(res.status, type).toBe(415);
      expect(res.json, type).toEqual({ ok: false, error: { code: 'invalid_argument', message: 'API calls must send JSON.' } });
    }
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

  it('answers a declared Content-Length over the limit with 413 at once, without reading the body, and closes the connection', async () => {
    const before = sourceCount();
    const declared = 200 * 1024 * 1024;
    const result = await upload(apiHead('/api/importText', [`Content-Length: ${declared}`]), pieces(declared, 64 * 1024));
    expect(result.reply).toMatch(/^HTTP\/1\.1 413 /);
    expect(result.reply.toLowerCase()).toContain('\r\nconnection: close\r\n');
    expect(result.reply).toContain('"code":"too_large"');
    expect(result.reply).toContain('The request is larger than 4 KB.');
    // The client could hand over only a small part before the server answered and hung up, and
    // the server read even less: the body was never read, only what the kernel had let in.
    expect(result.sent).toBeLessThan(declared / 4);
    expect(result.serverRead).toBeLessThan(4 * 1024 * 1024);
    expect(sourceCount()).toBe(before);
  });

  it('stops reading a chunked body at the limit, answers 413 and closes the connection', async () => {
    const before = sourceCount();
    const chunk = Buffer.from(`400\r\n${'x'.repeat(1024)}\r\n`);
    const limit = 64 * 1024 * 1024;
    let handed = 0;
    let ended = false;
    const next = () => {
      if (handed < limit) {
        handed += 1024;
        return chunk;
      }
      if (ended) return null;
      ended = true;
      return Buffer.from('0\r\n\r\n');
    };
    const result = await upload(apiHead('/api/importText', ['Transfer-Encoding: chunked']), next);
    expect(result.reply).toMatch(/^HTTP\/1\.1 413 /);
    expect(result.reply.toLowerCase()).toContain('\r\nconnection: close\r\n');
    expect(result.reply).toContain('"code":"too_large"');
    expect(ended, 'the answer came before the body was finished').toBe(false);
    expect(result.serverRead).toBeLessThan(4 * 1024 * 1024);
    expect(sourceCount()).toBe(before);
  });

  it('reads bodies under the limit whole, with or without Content-Length, however they are split', async () => {
    const textOf = (how: string) => `Arrived ${how}: ${'é'.repeat(700)} end.`;
    let body = Buffer.from(importTextBody(textOf('with a length')));
    expect(body.length).toBeLessThan(MAX_BODY);
    // Declared length, sent in three writes cut inside a two-byte character.
    const cuts = [0, 101, 1001, body.length];
    let part = 0;
    const withLength = await upload(apiHead('/api/importText', [`Content-Length: ${body.length}`, 'Connection: close']), () =>
      part < 3 ? body.subarray(cuts[part], cuts[++part]) : null,
    );
    expect(withLength.reply).toMatch(/^HTTP\/1\.1 200 /);
    expect(withLength.reply).toContain('"imported":1');
    // Chunked, in chunks of 100 bytes.
    body = Buffer.from(importTextBody(textOf('in chunks')));
    const chunks: Buffer[] = [];
    for (let at = 0; at < body.length; at += 100) {
      const piece = body.subarray(at, at + 100);
      chunks.push(Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]));
    }
    chunks.push(Buffer.from('0\r\n\r\n'));
    const chunked = await upload(apiHead('/api/importText', ['Transfer-Encoding: chunked', 'Connection: close']), () => chunks.shift() ?? null);
    expect(chunked.reply).toMatch(/^HTTP\/1\.1 200 /);
    expect(chunked.reply).toContain('"imported":1');
    const list = backend.dispatch('listSources', {});
    if (!list.ok) throw new Error(list.error.message);
    const ids = (list.value as SourceSummary[]).map((source) => source.id);
    const texts = ids.map((id) => {
      const got = backend.dispatch('getSource', { id });
      if (!got.ok) throw new Error(got.error.message);
      return (got.value as { text: string }).text;
    });
    expect(texts).toContain(textOf('with a length'));
    expect(texts).toContain(textOf('in chunks'));
  });

  it('survives a client that hangs up halfway through a body, and stores nothing from it', async () => {
    const before = sourceCount();
    const body = importTextBody('cut short');
    const client = connect({ host: '127.0.0.1', port });
    let reply = '';
    await new Promise<void>((resolveClosed) => {
      // 100 bytes fewer than declared, then the client's end of the connection is shut.
      client.on('connect', () => client.end(apiHead('/api/importText', [`Content-Length: ${body.length + 100}`]) + body));
      client.on('data', (data: Buffer) => (reply += data.toString('latin1')));
      client.on('error', () => undefined);
      client.on('close', () => resolveClosed());
    });
    expect(reply).not.toMatch(/^HTTP\/1\.1 2/);
    const after = await req({ method: 'POST', path: '/api/listSources', headers: json(), body: '{}' });
    expect(after.status).toBe(200);
    expect(sourceCount()).toBe(before);
  });

  it('answers GET and other verbs on /api with 405', async () => {
    for (const method of ['GET', 'HEAD', 'PUT', 'DELETE', 'PATCH']) {
      const res = await req({ method, path: '/api/listSources', headers: json() });
      expect(res.status, method).toBe(405);
    }
    const postPage = await req({ method: 'POST', path: '/', headers: { 'Content-Type': 'application/json' }, body: '{}' });
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

describe('JSON bodies parsed from their bytes', () => {
  /** parseJsonBytes must agree with JSON.parse on the decoded text, value for value, error for error. */
  function expectSameAsJsonParse(bytes: Buffer): void {
    let expected: { value: unknown } | null;
    try {
      expected = { value: JSON.parse(bytes.toString('utf8')) };
    } catch {
      expected = null;
    }
    expect(parseJsonBytes(bytes), bytes.toString('utf8').slice(0, 200)).toStrictEqual(expected);
  }

  it('gives what JSON.parse gives for valid JSON of every shape', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 4 }), fc.constantFrom('', ' ', '\n\t\r '), (text, space) => {
        expectSameAsJsonParse(Buffer.from(`${space}${text}${space}`));
        // The same value written with escapes and spacing of its own.
        expectSameAsJsonParse(Buffer.from(JSON.stringify(JSON.parse(text), null, 1).replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses exactly what JSON.parse refuses', () => {
    const near = fc.string({ unit: fc.constantFrom(...'{}[]":,\\/ \n\t-+.0123456789eEtruefalsnbu\u00e9\u0001x'.split('')), maxLength: 40 });
    fc.assert(fc.property(near, (text) => expectSameAsJsonParse(Buffer.from(text))), { numRuns: 3000 });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => expectSameAsJsonParse(Buffer.from(bytes))), { numRuns: 1000 });
    for (const text of [
      '', ' ', '{', '}', '{"a":1,}', '[1,]', '[,1]', '{"a" 1}', '{a:1}', "{'a':1}", '01', '1.', '.5', '-', '+1', '1e', '1e+', '--1', '0x10',
      'tru', 'truex', 'nul', 'NaN', 'Infinity', '"\\u12"', '"\\x41"', '"\\u{41}"', '"a', '"\\t"', '"tab\there"', '[1] [2]', '{"a":1}}',
      '\u00a0{}', '\ufeff{}', '{"a":"b"}\u0000', '"\\"', '"\\\\"', '"\\u00e9\\ud83d\\ude00\\ud800"', '-0', '1e400', '-1.5E-3', '123456789012345678901234567890',
      '{"a":1,"a":2,"b":[],"c":{}}', '[true,false,null,"",0]', ' \n 7 \r\n',
    ]) {
      expectSameAsJsonParse(Buffer.from(text));
    }
    // Bytes that are not UTF-8, inside and outside strings.
    for (const bytes of [[0x22, 0xff, 0x22], [0x22, 0xc3, 0x22], [0x22, 0xed, 0xa0, 0x80, 0x22], [0xc3, 0xa9], [0x5b, 0x22, 0xe2, 0x82, 0x22, 0x5d], [0xef, 0xbb, 0xbf, 0x7b, 0x7d]]) {
      expectSameAsJsonParse(Buffer.from(bytes));
    }
  });

  it('makes "__proto__" an own property, as JSON.parse does, and keeps the last of duplicate keys', () => {
    const parsed = parseJsonBytes(Buffer.from('{"__proto__":{"polluted":true},"a":1,"a":2}'));
    const value = parsed?.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(Object.keys(value)).toEqual(['__proto__', 'a']);
    expect(value.a).toBe(2);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('takes nesting of any depth without running out of stack', () => {
    const depth = 200_000;
    const deep = parseJsonBytes(Buffer.from(`${'['.repeat(depth)}"bottom"${']'.repeat(depth)}`));
    let node = deep?.value;
    for (let level = 0; level < depth; level++) node = (node as unknown[])[0];
    expect(node).toBe('bottom');
    expect(parseJsonBytes(Buffer.from(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth - 1)}`))).toBeNull();
  });
});

describe('memory for a large body', () => {
  /**
   * Node runs the TypeScript source directly (type stripping); the source imports its siblings
   * without the `.ts` extension, as the bundler allows, so the child resolves them with this hook.
   */
  const RESOLVE_TS = `data:text/javascript,${encodeURIComponent(
    "import { registerHooks } from 'node:module'; registerHooks({ resolve(specifier, context, next) { try { return next(specifier, context); } catch (error) { if (specifier.startsWith('.')) return next(specifier + '.ts', context); throw error; } } });",
  )}`;

  it('keeps a host process near one copy of a 126 MB body that turns out not to be JSON', async () => {
    const serverUrl = new URL('./server.ts', import.meta.url).href;
    const child = spawn(
      process.execPath,
      [
        '--no-warnings',
        '--import',
        RESOLVE_TS,
        '--input-type=module',
        '-e',
        `const { startHost } = await import(${JSON.stringify(serverUrl)});
         const host = await startHost({ dispatch: () => ({ ok: true, value: null }), rendererDir: ${JSON.stringify(makeTempDir())} });
         const report = () => process.stdout.write(JSON.stringify({ port: host.port, token: host.token, peak: process.resourceUsage().maxRSS * 1024 }) + '\\n');
         report();
         process.stdin.on('data', report);`,
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    try {
      const lines = createInterface({ input: child.stdout! });
      const nextReport = () => new Promise<{ port: number; token: string; peak: number }>((resolveLine) => lines.once('line', (line) => resolveLine(JSON.parse(line))));
      const before = await nextReport();
      // Valid JSON up to its last characters, so nothing short of reading it all can refuse it.
      const size = 126 * 1024 * 1024;
      const head = Buffer.from('{"text":"');
      const tail = Buffer.from('",}');
      const fill = Buffer.alloc(1024 * 1024, 'x');
      const answer = await new Promise<RawResponse>((resolveAnswer, reject) => {
        const request = httpRequest(
          {
            host: '127.0.0.1',
            port: before.port,
            method: 'POST',
            path: '/api/importText',
            agent: false,
            headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${before.token}`, 'Content-Length': size },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              const body = Buffer.concat(chunks);
              resolveAnswer({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString(), json: JSON.parse(body.toString()) });
            });
          },
        );
        request.on('error', reject);
        let sent = 0;
        const pump = (): void => {
          while (sent < size) {
            const left = size - sent;
            const piece = sent === 0 ? head : left <= fill.length + tail.length ? Buffer.concat([fill.subarray(0, left - tail.length), tail]) : fill;
            sent += piece.length;
            if (!request.write(piece)) return void request.once('drain', pump);
          }
          request.end();
        };
        pump();
      });
      expect(answer.status).toBe(400);
      expect(answer.json).toEqual({ ok: false, error: { code: 'invalid_argument', message: 'The request body is not valid JSON.' } });
      child.stdin!.write('\n');
      const after = await nextReport();
      const grown = after.peak - before.peak;
      console.info(`host process peak RSS: ${Math.round(before.peak / 1048576)} MB before, ${Math.round(after.peak / 1048576)} MB after a ${size / 1048576} MB body`);
      // The bytes themselves plus the socket's spent read buffers awaiting collection; holding the
      // body a second time (chunks and their concatenation, or the bytes and a string) passes 2x.
      expect(grown).toBeGreaterThan(size);
      expect(grown).toBeLessThan(2 * size);
    } finally {
      child.kill();
    }
  }, 120_000);
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
    const res = await req({ path, headers: bearer() });
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(res.text).not.toContain(outsideSecret);
    expect(res.text).not.toMatch(/root:.*:0:0:/);
  });

  it('refuses a raw NUL byte in the path', async () => {
    const reply = await rawSocketRequest(port, `GET /index.html\u0000 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    expect(reply).toMatch(/^HTTP\/1\.1 4\d\d /);
    expect(reply).not.toContain('Tiemark test page');
  });

  it('serves index.html with a strict Content-Security-Policy', async () => {
    const res = await req({ path: '/' });
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
    const res = await req({ method: 'HEAD', path: '/assets/app.js' });
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

  it('never sets a cookie, never sends the token back, and never logs it', () => {
    for (const { what, res } of responses) {
      expect(res.headers['set-cookie'], what).toBeUndefined();
      expect(res.text, what).not.toContain(token);
      for (const [name, value] of Object.entries(res.headers)) {
        expect(String(value), `${what} ${name}`).not.toContain(token);
      }
    }
    expect(logged.join('\n')).not.toContain(token);
  });
});
