import { isMethodName, type MethodName } from '../shared/api';
import type { PickedFile, SaveEncoding, ShellRequest } from '../shared/bridge';
import { ApiError, type Result } from '../shared/errors';

/**
 * The one invoke channel's protocol, kept free of Electron imports so unit tests check it
 * without the runtime: parseShellRequest refuses anything the preload (src/preload/index.ts)
 * would not send, and answerShellRequest turns every outcome, failures included, into a Result.
 */

/** What main does for each request kind (src/main/index.ts passes the real dialogs and backend). */
export interface ShellServices {
  dispatch(method: MethodName, args: unknown): Result<unknown> | Promise<Result<unknown>>;
  importDialog(): Promise<PickedFile[] | null>;
  saveFile(fileName: string, content: string, encoding: SaveEncoding): Promise<string | null>;
}

const FIELDS: Record<ShellRequest['kind'], readonly string[]> = {
  api: ['kind', 'method', 'args'],
  'import-dialog': ['kind'],
  'save-file': ['kind', 'fileName', 'content', 'encoding'],
};

const MAX_FILE_NAME = 255;

const describe = (value: unknown): string => (typeof value === 'string' ? JSON.stringify(value) : typeof value);

function refuse(message: string): never {
  throw new ApiError('invalid_argument', `Refused a request from the page: ${message}.`);
}

/** Checks a request from the page; throws ApiError('invalid_argument') when it is not one we send. */
export function parseShellRequest(raw: unknown): ShellRequest {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) refuse('not an object');
  const request = raw as Record<string, unknown>;
  const kind = request.kind;
  if (typeof kind !== 'string' || !Object.prototype.hasOwnProperty.call(FIELDS, kind)) refuse(`unknown kind ${describe(kind)}`);
  const fields = FIELDS[kind as ShellRequest['kind']];
  const extra = Object.keys(request).find((key) => !fields.includes(key));
  if (extra !== undefined) refuse(`unexpected field "${extra}" in a ${kind} request`);
  switch (kind) {
    case 'api':
      if (!isMethodName(request.method)) refuse(`unknown method ${describe(request.method)}`);
      // The arguments are checked against the method's schema by dispatch, as over HTTP.
      return { kind, method: request.method, args: request.args };
    case 'import-dialog':
      return { kind };
    default: {
      const { fileName, content, encoding = 'utf8' } = request;
      if (typeof fileName !== 'string' || fileName.length === 0 || fileName.length > MAX_FILE_NAME) refuse(`the file name must be text of 1 to ${MAX_FILE_NAME} characters`);
      if (typeof content !== 'string') refuse('the file content must be text');
      if (encoding !== 'utf8' && encoding !== 'base64') refuse(`unknown encoding ${describe(encoding)}`);
      if (encoding === 'base64' && !/^[A-Za-z0-9+/]*={0,2}$/.test(content)) refuse('the file content is not base64');
      return { kind: 'save-file', fileName, content, encoding };
    }
  }
}

const failure = (error: unknown): Result<never> => ({
  ok: false,
  error: error instanceof ApiError ? error.toData() : { code: 'internal', message: error instanceof Error ? error.message : String(error) },
});

/** Answers one request; never throws, so the page always gets a Result it can read. */
export async function answerShellRequest(raw: unknown, services: ShellServices): Promise<Result<unknown>> {
  try {
    const request = parseShellRequest(raw);
    switch (request.kind) {
      case 'api':
        return await services.dispatch(request.method, request.args);
      case 'import-dialog':
        return { ok: true, value: await services.importDialog() };
      case 'save-file':
        return { ok: true, value: await services.saveFile(request.fileName, request.content, request.encoding ?? 'utf8') };
    }
  } catch (error) {
    return failure(error);
  }
}
