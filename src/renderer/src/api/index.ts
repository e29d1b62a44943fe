import type { MethodName } from '../../../shared/api';
import { clientOver } from '../../../shared/client';
import type { ChangeEvent, PickedFile, ShellBridge } from '../../../shared/bridge';
import type { Result } from '../../../shared/errors';

/**
 * The only transport-aware module of the renderer: the Electron preload bridge when present,
 * otherwise HTTP to the browser host. Everything else uses `api` and never knows which.
 */
declare global {
  interface Window {
    tiemark?: ShellBridge;
  }
}

const bridge = window.tiemark;

function hostToken(): string {
  const fromUrl = new URLSearchParams(window.location.search).get('token');
  if (fromUrl) {
    sessionStorage.setItem('tiemark-token', fromUrl);
    // Keep the token out of the address bar and history; the tab keeps it in sessionStorage.
    const clean = new URL(window.location.href);
    clean.searchParams.delete('token');
    history.replaceState(null, '', clean);
    return fromUrl;
  }
  return sessionStorage.getItem('tiemark-token') ?? '';
}

const token = bridge ? '' : hostToken();

/**
 * The browser host serves the page to anyone on this computer but answers API calls only with
 * the token from the address it printed, so a page opened without it can do nothing.
 */
const MISSING_TOKEN_MESSAGE = 'This page was opened without its access key: open the address Tiemark printed when it started (the one ending in ?token=…).';

async function overHttp(method: MethodName, args: unknown): Promise<Result<unknown>> {
  if (!token) return { ok: false, error: { code: 'forbidden', message: MISSING_TOKEN_MESSAGE } };
  let response: Response;
  const body = JSON.stringify(args ?? {});
  try {
    response = await fetch(`/api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body,
      // Small writes (a note saved as the tab closes) should outlive the page.
      keepalive: body.length < 60_000,
    });
  } catch {
    return {
      ok: false,
      error: { code: 'unavailable', message: 'Tiemark’s local server is not responding. Start it again with npm start, then reload this page.' },
    };
  }
  try {
    return (await response.json()) as Result<unknown>;
  } catch {
    return { ok: false, error: { code: 'internal', message: `The local server answered ${response.status} without a result.` } };
  }
}

const call = (method: MethodName, args: unknown): Promise<Result<unknown>> =>
  bridge ? bridge.call(method, args) : overHttp(method, args);

export const api = clientOver(call);

export const shellKind: 'electron' | 'browser' = bridge ? 'electron' : 'browser';

/** Native import dialog in Electron; null in the browser (which uses a file input instead). */
export const nativeImport: (() => Promise<PickedFile[] | null>) | null = bridge ? () => bridge.importDialog() : null;

/** Saves a text file: the native dialog in Electron, a download in the browser. */
export async function saveTextFile(fileName: string, content: string, mime = 'text/markdown'): Promise<string | null> {
  if (bridge) return bridge.saveFile(fileName, content);
  downloadBlob(fileName, new Blob([content], { type: `${mime};charset=utf-8` }));
  return fileName;
}

/** Saves bytes sent as base64 (zip exports): the native dialog in Electron, a download in the browser. */
export async function saveBase64File(fileName: string, base64: string, mime: string): Promise<string | null> {
  if (bridge) return bridge.saveFile(fileName, base64, 'base64');
  downloadBlob(fileName, new Blob([base64ToBytes(base64)], { type: mime }));
  return fileName;
}

function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function onShellChange(listener: (event: ChangeEvent) => void): () => void {
  return bridge ? bridge.onChanged(listener) : () => undefined;
}

export { errorMessage } from '../../../shared/errors';
