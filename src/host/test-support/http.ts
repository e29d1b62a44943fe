import { request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import type { Result } from '../../shared/errors';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export interface RawRequest {
  method?: string;
  path: string;
  headers?: OutgoingHttpHeaders;
  body?: string | Buffer;
  /** Send no Host header at all (Node adds one otherwise). */
  omitHost?: boolean;
}

/**
 * One HTTP request to 127.0.0.1:port with exactly the headers given (plus Node's Host unless
 * one is given, and Content-Length for a body). No agent, so no connection reuse between cases.
 */
export function rawRequest(port: number, req: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: OutgoingHttpHeaders = { ...req.headers };
    if (req.body !== undefined && headers['content-length'] === undefined && headers['Content-Length'] === undefined) {
      headers['Content-Length'] = Buffer.byteLength(req.body);
    }
    const r = httpRequest(
      { host: '127.0.0.1', port, method: req.method ?? 'GET', path: req.path, headers, agent: false, setHost: !req.omitHost },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          const text = body.toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text, json });
        });
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}

/** Bytes exactly as given over a plain socket, for requests Node's client refuses to send. */
export function rawSocketRequest(port: number, bytes: Buffer | string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.end(bytes));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('error', reject);
  });
}

/** `POST /api/<method>` the way the renderer sends it. `args === undefined` sends an empty body. */
export async function callApi(
  port: number,
  token: string,
  method: string,
  args: unknown,
  extraHeaders: OutgoingHttpHeaders = {},
): Promise<{ status: number; result: Result<unknown>; response: RawResponse }> {
  const response = await rawRequest(port, {
    method: 'POST',
    path: `/api/${encodeURIComponent(method)}`,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, ...extraHeaders },
    body: args === undefined ? '' : JSON.stringify(args),
  });
  return { status: response.status, result: response.json as Result<unknown>, response };
}
