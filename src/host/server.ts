import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Result } from '../shared/errors';

/**
 * The browser host: serves the built renderer and `POST /api/<method>` on 127.0.0.1 only. Every
 * request must carry the per-launch token (header, cookie or `?token=`), name our own Host, and
 * come from our own Origin when it names one; this shuts out other local users' pages, DNS
 * rebinding and cross-site forms.
 */
export interface HostOptions {
  /** Import methods answer with a promise (they read files in the import worker). */
  dispatch: (method: string, args: unknown) => Result<unknown> | Promise<Result<unknown>>;
  rendererDir: string;
  /** 0 or undefined: any free port. */
  port?: number;
  /** Fixed token for tests; random otherwise. */
  token?: string;
  /** Largest accepted API request body (default MAX_BODY_BYTES); small values let tests exercise the limit. */
  maxBodyBytes?: number;
}

export interface RunningHost {
  server: Server;
  port: number;
  token: string;
  url: string;
  close(): Promise<void>;
}

export const MAX_BODY_BYTES = 128 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

export function startHost(options: HostOptions): Promise<RunningHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const root = resolve(options.rendererDir);
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  let port = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { ok: false, error: { code: 'internal', message: String(error) } });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    const url = parseUrl(req.url, port);
    // Decided once from the parsed path, so the token rules and the routing below cannot disagree.
    const isApi = url === null || url.pathname.startsWith('/api/');
    const refusal = refuse(req, port, token, isApi);
    if (refusal) return send(res, refusal.status, { ok: false, error: { code: 'forbidden', message: refusal.message } });
    if (url === null) return send(res, 400, { ok: false, error: { code: 'invalid_argument', message: 'Bad address.' } });

    if (isApi) {
      if (req.method !== 'POST') return send(res, 405, { ok: false, error: { code: 'invalid_argument', message: 'Use POST for API calls.' } });
      if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return send(res, 415, { ok: false, error: { code: 'invalid_argument', message: 'API calls must send JSON.' } });
      }
      const body = await readBody(req, maxBodyBytes);
      if (body === null) {
        return send(res, 413, { ok: false, error: { code: 'too_large', message: `The request is larger than ${sizeLabel(maxBodyBytes)}.` } });
      }
      let args: unknown;
      try {
        args = body.length ? JSON.parse(body.toString('utf8')) : {};
      } catch {
        return send(res, 400, { ok: false, error: { code: 'invalid_argument', message: 'The request body is not valid JSON.' } });
      }
      // A malformed escape is just an unknown method name, not a server error.
      const method = safeDecode(url.pathname.slice('/api/'.length));
      return send(res, 200, await options.dispatch(method, args));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, 405, { ok: false, error: { code: 'invalid_argument', message: 'Method not allowed.' } });
    }
    // The first page load carries the token in the query; a cookie scoped to this port lets the
    // page's own scripts and styles load without it.
    if (url.searchParams.get('token') === token) {
      res.setHeader('Set-Cookie', `${cookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`);
    }
    serveStatic(root, url.pathname, req, res);
  }

  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port;
      server.off('error', reject);
      resolvePromise({
        server,
        port,
        token,
        url: `http://127.0.0.1:${port}/?token=${token}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

const cookieName = (port: number) => `tiemark_token_${port}`;

function refuse(req: IncomingMessage, port: number, token: string, isApi: boolean): { status: number; message: string } | null {
  const remote = req.socket.remoteAddress ?? '';
  if (!(remote === '127.0.0.1' || remote === '::1' || remote === '::ffff:127.0.0.1')) {
    return { status: 403, message: 'Only this computer may connect.' };
  }
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
  if (!allowedHosts.includes(String(req.headers.host ?? '').toLowerCase())) {
    return { status: 403, message: 'Unexpected Host header.' };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedHosts.map((h) => `http://${h}`).includes(origin.toLowerCase())) {
    return { status: 403, message: 'Requests from other sites are refused.' };
  }
  const fetchSite = req.headers['sec-fetch-site'];
  if (fetchSite === 'cross-site' || fetchSite === 'same-site') return { status: 403, message: 'Requests from other sites are refused.' };
  if (!hasToken(req, port, token, isApi)) {
    return { status: 401, message: 'Missing or wrong access token: open the address Tiemark printed when it started.' };
  }
  return null;
}

/**
 * API calls must carry the token in the Authorization header, which a cross-site form or a
 * same-site page on another port cannot add; the query and the cookie only serve the page and
 * its static files.
 */
function hasToken(req: IncomingMessage, port: number, token: string, isApi: boolean): boolean {
  const candidates: string[] = [];
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) candidates.push(auth.slice(7));
  if (!isApi) {
    const query = new URL(req.url ?? '/', 'http://x').searchParams.get('token');
    if (query) candidates.push(query);
    for (const part of String(req.headers.cookie ?? '').split(';')) {
      const [name, ...value] = part.trim().split('=');
      if (name === cookieName(port)) candidates.push(value.join('='));
    }
  }
  const expected = Buffer.from(token);
  return candidates.some((c) => {
    const given = Buffer.from(c);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolvePromise(tooLarge ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseUrl(raw: string | undefined, port: number): URL | null {
  try {
    return new URL(raw ?? '/', `http://127.0.0.1:${port}`);
  } catch {
    return null;
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const sizeLabel = (bytes: number): string =>
  bytes >= 1048576 ? `${Math.round((bytes / 1048576) * 10) / 10} MB` : bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`;

function send(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(json),
    'Cache-Control': 'no-store',
  });
  res.end(json);
}

function serveStatic(root: string, pathname: string, req: IncomingMessage, res: ServerResponse): void {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return send(res, 400, { ok: false, error: { code: 'invalid_argument', message: 'Bad path.' } });
  }
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const file = resolve(root, normalize(relative));
  if (decoded.includes('\0') || (file !== root && !file.startsWith(root + sep))) {
    return send(res, 404, { ok: false, error: { code: 'not_found', message: 'Not found.' } });
  }
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new Error('not a file');
    size = stat.size;
  } catch {
    return send(res, 404, { ok: false, error: { code: 'not_found', message: 'Not found.' } });
  }
  const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  const headers: Record<string, string | number> = { 'Content-Type': type, 'Content-Length': size, 'Cache-Control': 'no-cache' };
  if (type.startsWith('text/html')) headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY;
  res.writeHead(200, headers);
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file).pipe(res);
}

export const rendererDirFrom = (mainOutDir: string): string => join(mainOutDir, '..', 'renderer');
