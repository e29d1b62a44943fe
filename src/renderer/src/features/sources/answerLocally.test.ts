import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResearchApi } from '../../../../shared/api';
import type { LibrarySort } from '../../../../shared/search';
import { answerLocally } from './library';

/**
 * The library's instant answer (answerLocally) against the store's (querySources) on a real
 * project: the same rows in the same order for any filter, sort and direction, over titles,
 * outlets and authors in several scripts, with diacritics, letter variants and mixed case. The
 * backend is loaded at run time (the renderer's TypeScript project has no Node types), as in
 * src/renderer/src/app/workspace.test.ts.
 */
interface SampleProject {
  api: ResearchApi;
  remove(): void;
}
const SUPPORT = '../../../../core/test-support/inprocess-api';

// Words the titles, outlets and authors are made of, and filters are cut from.
const WORDS = ['Hezbollah', 'hizballah', 'Moscow', 'Москва', 'Ёлка', 'ёлка', 'Téhéran', 'Tehran', 'ÉTAT', 'état', 'حزب', 'الله', 'أنصار', 'انصار', 'Wagner', 'wag', 'Red-Sea', 'sea', 'Ḥamās', 'Hamas', '2024', 'O’Brien', 'naïve', 'Ärzte', 'ärzte', 'İstanbul', 'axis'];
const SORTS: LibrarySort[] = ['added', 'published', 'title', 'outlet', 'highlights'];

let project: SampleProject;
let api: ResearchApi;

beforeAll(async () => {
  const { openSampleProject } = (await import(/* @vite-ignore */ SUPPORT)) as { openSampleProject(): SampleProject };
  project = openSampleProject();
  api = project.api;
  // Forty more sources with names drawn from the words above, some without a date or an outlet.
  let seed = 11;
  const next = () => (seed = (seed * 48271) % 2147483647);
  const pick = () => WORDS[next() % WORDS.length];
  for (let i = 0; i < 40; i++) {
    const report = await api.importText({ text: `Paragraph ${i} about ${pick()} and ${pick()}.`, title: `${pick()} ${pick()} ${i}` });
    const id = report.outcomes[0].source!.id;
    await api.updateSource({
      id,
      patch: {
        title: `${pick()} ${pick().toUpperCase()} ${pick()}`,
        outlet: i % 5 === 0 ? '' : `${pick()} ${i % 3 ? 'Review' : 'review'}`,
        authors: i % 4 === 0 ? [] : [`${pick()} ${pick()}`],
        publishedAt: i % 3 === 0 ? '' : `20${10 + (i % 12)}-0${1 + (i % 9)}`,
      },
    });
  }
}, 120_000);

afterAll(() => project.remove());

/** Every row the store gives for the question, in its order. */
async function stored(filter: string, sort: LibrarySort, direction: 'asc' | 'desc'): Promise<string[]> {
  const page = await api.querySources({ ...(filter.trim() ? { filter } : {}), sort, direction, limit: 10000 });
  return page.sources.map((s) => s.id);
}

describe('the library answered in the window', () => {
  it('gives the rows the store gives, in its order, for any filter, sort and direction', async () => {
    const sources = await api.listSources({});
    expect(sources.length).toBeGreaterThan(40);
    const filter = fc.oneof(
      fc.constant(''),
      // Beginnings of one or two words, in any case, as typed.
      fc.tuple(fc.constantFrom(...WORDS), fc.integer({ min: 1, max: 8 }), fc.boolean()).map(([w, n, upper]) => (upper ? w.slice(0, n).toUpperCase() : w.slice(0, n))),
      fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...WORDS), fc.integer({ min: 1, max: 4 })).map(([a, b, n]) => `${a} ${b.slice(0, n)}`),
      fc.constantFrom('!!!', '  ', 'zzz', 'Review', 'rev', '20', '2024-0'),
    );
    await fc.assert(
      fc.asyncProperty(filter, fc.constantFrom(...SORTS), fc.constantFrom('asc' as const, 'desc' as const), async (text, sort, direction) => {
        const local = answerLocally(sources, { filter: text.trim(), sort, direction });
        expect(local.rows.map((s) => s.id)).toEqual(await stored(text, sort, direction));
        expect(local.all).toBe(sources.length);
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});
