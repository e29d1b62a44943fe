import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../shared/csp';
import type { Result } from '../shared/errors';

/**
 * The browser host: serves the built renderer and `POST /api/<method>` on 127.0.0.1 only. Every
 * request must name our own Host and come from our own Origin when it names one; every API call
 * must also carry the per-launch token as `Authorization: Bearer <token>`. This shuts out other
 * local users' pages, DNS rebinding and cross-site forms.
 *
 * The static files (the renderer bundle, index.html included) are public and served without the
 * token, and the host never sets a cookie: cookies ignore ports, so one would reach every other
 * local web server the user visits. The page reads the token from its own `?token=` and keeps it
 * in sessionStorage (src/renderer/src/api/index.ts).
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

// One policy for both shells: it lives in src/shared/csp.ts, which the desktop app sends too.
export { CONTENT_SECURITY_POLICY };

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
      if (!isJsonContentType(req.headers['content-type'])) {
        return send(res, 415, { ok: false, error: { code: 'invalid_argument', message: 'API calls must send JSON.' } });
      }
      const args = await readArgs(req, maxBodyBytes);
      if (args === TOO_LARGE) {
        // The rest of the body is never read: the connection is closed once the answer is out.
        const socket = req.socket;
        res.once('finish', () => socket.destroy());
        res.setHeader('Connection', 'close');
        return send(res, 413, { ok: false, error: { code: 'too_large', message: `The request is larger than ${sizeLabel(maxBodyBytes)}.` } });
      }
      if (args === NOT_JSON) {
        return send(res, 400, { ok: false, error: { code: 'invalid_argument', message: 'The request body is not valid JSON.' } });
      }
      // A malformed escape is just an unknown method name, not a server error.
      const method = safeDecode(url.pathname.slice('/api/'.length));
      return send(res, 200, await options.dispatch(method, args));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, 405, { ok: false, error: { code: 'invalid_argument', message: 'Method not allowed.' } });
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
  if (isApi && !hasBearerToken(req, token)) {
    return { status: 401, message: 'Missing or wrong access token: open the address Tiemark printed when it started.' };
  }
  return null;
}

/**
 * API calls must carry the token in the Authorization header, which a cross-site form or a
 * same-site page on another port cannot add. Neither the query string nor a cookie counts.
 */
function hasBearerToken(req: IncomingMessage, token: string): boolean {
  const auth = req.headers.authorization;
  if (!auth?.startsWith('Bearer ')) return false;
  const given = Buffer.from(auth.slice(7));
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** `application/json`, optionally followed by `;` parameters, in any case; nothing else. */
const JSON_CONTENT_TYPE = /^application\/json[ \t]*(?:;.*)?$/is;
const isJsonContentType = (header: string | undefined): boolean => JSON_CONTENT_TYPE.test((header ?? '').trim());

const TOO_LARGE = Symbol('too large');
const NOT_JSON = Symbol('not JSON');

/**
 * The API call's arguments from its JSON body ({} for an empty body), TOO_LARGE when the body is
 * over `maxBytes`, or NOT_JSON. Memory stays close to one copy of the body: a declared length is
 * read into one buffer of that size, and the JSON is parsed from those bytes (see parseJsonBytes).
 */
async function readArgs(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const body = await readBody(req, maxBytes);
  if (body === null) return TOO_LARGE;
  if (body.length === 0) return {};
  const parsed = parseJsonBytes(body);
  return parsed === null ? NOT_JSON : parsed.value;
}

/**
 * The body's bytes, or null once it is known to be over `maxBytes`: at once from Content-Length
 * (nothing is read), or when a body without one (chunked) passes the limit (reading stops there).
 */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  const declared = req.headers['content-length'];
  // Node's parser has already refused a malformed or repeated Content-Length.
  const length = declared === undefined ? null : Number(declared);
  if (length !== null && length > maxBytes) return Promise.resolve(null);
  return new Promise((resolvePromise, reject) => {
    const whole = length === null ? null : Buffer.allocUnsafe(length);
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (outcome: Buffer | null | Error) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      if (outcome instanceof Error) reject(outcome);
      else resolvePromise(outcome);
    };
    const onData = (chunk: Buffer) => {
      if (size + chunk.length > (length ?? maxBytes)) {
        // Over the limit (or, impossibly, past the declared length): stop reading here.
        req.pause();
        return finish(null);
      }
      if (whole) chunk.copy(whole, size);
      else chunks.push(chunk);
      size += chunk.length;
    };
    const onEnd = () => {
      if (whole && size !== length) return finish(new Error('The request body ended early.'));
      finish(whole ?? Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => finish(error);
    const onClose = () => finish(new Error('The connection closed before the request body arrived.'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39;
const isHex = (c: number | undefined): boolean => c !== undefined && (isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));
/** The characters JSON allows after a backslash, other than `u`: `" \ / b f n r t`. */
const SIMPLE_ESCAPES = new Set([0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);
const LITERALS: Array<[number, Buffer, unknown]> = [
  [0x74, Buffer.from('true'), true],
  [0x66, Buffer.from('false'), false],
  [0x6e, Buffer.from('null'), null],
];

/**
 * What `JSON.parse(bytes.toString('utf8'))` gives (as `value`), or null where it would throw, without
 * ever holding the body as one string. A first pass checks the whole text against the JSON
 * grammar and builds nothing, so a malformed body (even one that is wrong only at its very end)
 * costs no memory beyond its bytes; only then is the value built, each string decoded once from
 * its own bytes. Bytes that are not UTF-8 decode as they would in the whole text (to U+FFFD):
 * a string's slice always starts and ends at a quote, which no multi-byte sequence contains.
 */
export function parseJsonBytes(bytes: Buffer): { value: unknown } | null {
  if (walkJson(bytes, false) === NOT_JSON) return null;
  return { value: walkJson(bytes, true) };
}

/** One pass over JSON bytes: NOT_JSON at the first error; the value when `build`, else undefined. */
function walkJson(b: Buffer, build: boolean): unknown {
  const n = b.length;
  let i = 0;
  const skipSpace = (): void => {
    while (i < n && (b[i] === 0x20 || b[i] === 0x0a || b[i] === 0x0d || b[i] === 0x09)) i++;
  };
  /** The string starting at b[i] (a quote); null when malformed. Decoded only when building. */
  const readString = (): string | null => {
    if (b[i] !== 0x22) return null;
    const start = ++i;
    let escaped = false;
    for (; i < n; i++) {
      const c = b[i];
      if (c === 0x22) break;
      if (c < 0x20) return null;
      if (c === 0x5c) {
        escaped = true;
        const e = b[++i];
        if (e === 0x75) {
          if (!(isHex(b[i + 1]) && isHex(b[i + 2]) && isHex(b[i + 3]) && isHex(b[i + 4]))) return null;
          i += 4;
        } else if (e === undefined || !SIMPLE_ESCAPES.has(e)) return null;
      }
    }
    if (i >= n) return null;
    const end = i++;
    if (!build) return '';
    // An escape-free string is its bytes; one with escapes is small enough for JSON.parse to decode.
    return escaped ? (JSON.parse(b.toString('utf8', start - 1, end + 1)) as string) : b.toString('utf8', start, end);
  };
  /** `"key"` then `:`, leaving i after the colon. */
  const readKey = (): string | null => {
    skipSpace();
    const key = readString();
    if (key === null) return null;
    skipSpace();
    if (b[i] !== 0x3a) return null;
    i++;
    return key;
  };
  const readNumber = (): number | null => {
    const start = i;
    if (b[i] === 0x2d) i++;
    if (b[i] === 0x30) i++;
    else if (isDigit(b[i])) while (isDigit(b[i])) i++;
    else return null;
    if (b[i] === 0x2e) {
      i++;
      if (!isDigit(b[i])) return null;
      while (isDigit(b[i])) i++;
    }
    if (b[i] === 0x65 || b[i] === 0x45) {
      i++;
      if (b[i] === 0x2b || b[i] === 0x2d) i++;
      if (!isDigit(b[i])) return null;
      while (isDigit(b[i])) i++;
    }
    return build ? Number(b.toString('latin1', start, i)) : 0;
  };

  // Open arrays and objects, innermost last, without recursion: nesting depth is the body's business.
  const stack: Array<{ array: boolean; container: unknown[] | Record<string, unknown> | null; key: string }> = [];
  for (;;) {
    skipSpace();
    const c = b[i];
    let value: unknown;
    if (c === 0x5b || c === 0x7b) {
      const array = c === 0x5b;
      i++;
      skipSpace();
      const container = build ? (array ? [] : {}) : null;
      if (b[i] === (array ? 0x5d : 0x7d)) {
        i++;
        value = container;
      } else {
        const key = array ? '' : readKey();
        if (key === null) return NOT_JSON;
        stack.push({ array, container, key });
        continue; // on to the first member's value
      }
    } else if (c === 0x22) {
      value = readString();
      if (value === null) return NOT_JSON;
    } else if (c === 0x2d || isDigit(c)) {
      value = readNumber();
      if (value === null) return NOT_JSON;
    } else {
      const literal = LITERALS.find(([first]) => first === c);
      if (!literal || !b.subarray(i, i + literal[1].length).equals(literal[1])) return NOT_JSON;
      i += literal[1].length;
      value = literal[2];
    }
    // A value is complete: put it in its container, and close every container that ends here.
    for (;;) {
      const top = stack[stack.length - 1];
      if (top === undefined) {
        skipSpace();
        return i === n ? (build ? value : undefined) : NOT_JSON;
      }
      if (build && top.array) (top.container as unknown[]).push(value);
      // As JSON.parse does: an own property even for "__proto__", the last of duplicate keys winning.
      else if (build) Object.defineProperty(top.container, top.key, { value, writable: true, enumerable: true, configurable: true });
      skipSpace();
      if (b[i] === 0x2c) {
        i++;
        if (!top.array) {
          const key = readKey();
          if (key === null) return NOT_JSON;
          top.key = key;
        }
        break; // on to the next member's value
      }
      if (b[i] !== (top.array ? 0x5d : 0x7d)) return NOT_JSON;
      i++;
      stack.pop();
      value = top.container;
    }
  }
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
