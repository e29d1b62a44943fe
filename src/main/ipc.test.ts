import { describe, expect, it } from 'vitest';
import type { ShellRequest } from '../shared/bridge';
import { ApiError, type Result } from '../shared/errors';
import { answerShellRequest, parseShellRequest, type ShellServices } from './ipc';

function refusal(raw: unknown): string {
  try {
    parseShellRequest(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('invalid_argument');
    return (error as ApiError).message;
  }
  throw new Error(`accepted ${JSON.stringify(raw)}`);
}

describe('the one IPC channel', () => {
  it('accepts the three requests the preload sends', () => {
    const requests: ShellRequest[] = [
      { kind: 'api', method: 'listSources', args: {} },
      { kind: 'api', method: 'projectInfo', args: undefined },
      { kind: 'import-dialog' },
      { kind: 'save-file', fileName: 'notes.md', content: '', encoding: 'utf8' },
      { kind: 'save-file', fileName: 'project.zip', content: 'UEsDBA==', encoding: 'base64' },
    ];
    for (const request of requests) expect(parseShellRequest(request)).toEqual(request);
    // Text is the default encoding.
    expect(parseShellRequest({ kind: 'save-file', fileName: 'a.md', content: 'x' })).toEqual({ kind: 'save-file', fileName: 'a.md', content: 'x', encoding: 'utf8' });
  });

  it('refuses unknown kinds, unknown methods, wrong types and extra fields', () => {
    expect(refusal(null)).toBe('Refused a request from the page: not an object.');
    expect(refusal(['api'])).toMatch(/not an object/);
    expect(refusal('import-dialog')).toMatch(/not an object/);
    expect(refusal({})).toMatch(/unknown kind undefined/);
    expect(refusal({ kind: 'shell-exec', command: 'rm' })).toMatch(/unknown kind "shell-exec"/);
    expect(refusal({ kind: 'toString' })).toMatch(/unknown kind/);
    expect(refusal({ kind: 'api', method: 'dropEverything', args: {} })).toMatch(/unknown method "dropEverything"/);
    expect(refusal({ kind: 'api', method: '__proto__', args: {} })).toMatch(/unknown method/);
    expect(refusal({ kind: 'api', method: 42, args: {} })).toMatch(/unknown method number/);
    expect(refusal({ kind: 'import-dialog', path: '/etc' })).toMatch(/unexpected field "path"/);
    expect(refusal({ kind: 'save-file', fileName: 'a.md' })).toMatch(/content must be text/);
    expect(refusal({ kind: 'save-file', fileName: 'a.md', content: 7 })).toMatch(/content must be text/);
    expect(refusal({ kind: 'save-file', fileName: '', content: 'x' })).toMatch(/file name/);
    expect(refusal({ kind: 'save-file', fileName: 'a'.repeat(256), content: 'x' })).toMatch(/file name/);
    expect(refusal({ kind: 'save-file', fileName: { toString: () => 'a.md' }, content: 'x' })).toMatch(/file name/);
    expect(refusal({ kind: 'save-file', fileName: 'a.zip', content: 'x', encoding: 'binary' })).toMatch(/unknown encoding "binary"/);
    expect(refusal({ kind: 'save-file', fileName: 'a.zip', content: 'not base64!', encoding: 'base64' })).toMatch(/not base64/);
  });

  it('answers every request with a Result, refusals and failures included', async () => {
    const calls: string[] = [];
    const services: ShellServices = {
      dispatch: (method, args) => {
        calls.push(`dispatch ${method} ${JSON.stringify(args)}`);
        return Promise.resolve({ ok: true, value: 'listed' });
      },
      importDialog: async () => [{ name: 'a.txt', dataBase64: 'YQ==' }],
      saveFile: async (fileName) => {
        if (fileName === 'full.md') throw new ApiError('storage_failed', 'full.md could not be saved (disk full).');
        if (fileName === 'bug.md') throw new Error('unexpected');
        return `/docs/${fileName}`;
      },
    };
    const answer = (raw: unknown): Promise<Result<unknown>> => answerShellRequest(raw, services);
    expect(await answer({ kind: 'api', method: 'listSources', args: { x: 1 } })).toEqual({ ok: true, value: 'listed' });
    expect(await answer({ kind: 'import-dialog' })).toEqual({ ok: true, value: [{ name: 'a.txt', dataBase64: 'YQ==' }] });
    expect(await answer({ kind: 'save-file', fileName: 'n.md', content: '# N' })).toEqual({ ok: true, value: '/docs/n.md' });
    expect(await answer({ kind: 'save-file', fileName: 'full.md', content: '' })).toEqual({ ok: false, error: { code: 'storage_failed', message: 'full.md could not be saved (disk full).' } });
    expect(await answer({ kind: 'save-file', fileName: 'bug.md', content: '' })).toEqual({ ok: false, error: { code: 'internal', message: 'unexpected' } });
    const refused = await answer({ kind: 'api', method: 'nope', args: {} });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    // A refused request never reaches the backend.
    expect(calls).toEqual(['dispatch listSources {"x":1}']);
  });
});
