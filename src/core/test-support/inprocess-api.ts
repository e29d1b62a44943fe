import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResearchApi } from '../../shared/api';
import { clientOver } from '../../shared/client';
import { openDefaultProject, type Backend } from '../backend';

/**
 * The renderer's `api`, answered by a backend in this process (for the renderer's controller
 * tests, src/renderer/src/app/workspace.test.ts): the same typed client the page uses, the same
 * dispatch and store the shells use, without a transport between them.
 */
export function inProcessApi(backend: Backend): ResearchApi {
  return clientOver(async (method, args) => await backend.dispatch(method, args));
}

/** A default project in a temporary data folder, seeded with the sample articles. */
export interface SampleProject {
  /** Always answered by the project as now open (see reopen). */
  api: ResearchApi;
  /** A call from outside the window under test (another window's change). */
  dispatch(method: string, args: unknown): unknown;
  /** Closes the project and opens it again, as a restart does. */
  reopen(): void;
  /** Closes it and removes the folder. */
  remove(): void;
}

export function openSampleProject(): SampleProject {
  const dir = mkdtempSync(join(tmpdir(), 'tiemark-sample-'));
  const samples = join(__dirname, '..', '..', '..', 'resources', 'samples');
  let backend = openDefaultProject(dir, samples);
  return {
    api: clientOver(async (method, args) => await backend.dispatch(method, args)),
    dispatch: (method, args) => backend.dispatch(method, args),
    reopen() {
      backend.close();
      backend = openDefaultProject(dir, samples);
    },
    remove() {
      backend.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
