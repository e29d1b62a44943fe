import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { SearchResult } from '../../shared/search';
import { Backend } from '../backend';
import { LATEST_VERSION, MIGRATIONS } from '../db/migrations';
import { openStore } from '../db/open';
import { Store } from '../db/store';
import { importPastedTextSync } from '../import/importer';
import { ok, useTempDirs } from '../test-support/fixtures';
import { FOLD_MAPPED, FOLD_REMOVED, foldedLeadBytes, foldSql, guardedFoldSql } from './schema';

// Migration 8 replaced the index triggers' fold by guardedFoldSql: it must give exactly what
// foldSql gives for every text, or the index would disagree with queries folded in query.ts.
describe('the guarded fold', () => {
  const db = new Database(':memory:');
  afterAll(() => db.close());
  const full = db.prepare(`SELECT ${foldSql('@t')} AS v`).pluck();
  const guarded = db.prepare(`SELECT ${guardedFoldSql('@t')} AS v`).pluck();
  const folded = [...FOLD_REMOVED.map((c) => String.fromCodePoint(c)), ...FOLD_MAPPED.map((p) => p.split('>')[0])];

  it('finds a lead byte in every character the fold changes, and none in English, Latin or other letters', () => {
    const leads = db.prepare(`SELECT ${foldedLeadBytes().map((b) => `instr(CAST(@t AS BLOB), x'${b}')`).join(' OR ')} AS v`).pluck();
    for (const ch of folded) expect(leads.get({ t: `ab${ch}cd` }), ch).toBe(1);
    for (const ch of ['a', 'é', '’', '—', '中', '😀', 'ñ']) expect(leads.get({ t: `x${ch}y` }), ch).toBe(0);
  });

  it('folds like foldSql on any text: English, Arabic, Persian, Russian and mixed', () => {
    const pieces = fc.constantFrom(...folded, 'a', 'Iran ', 'حزب الله', 'Россия', 'café', '’', '\n', ' ', 'ی', '*', '’', '\u0000', 'é', '😀');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        expect(guarded.get({ t: text })).toBe(full.get({ t: text }));
      }),
      { numRuns: 500 },
    );
    expect(guarded.get({ t: null })).toBe(full.get({ t: null }));
  });
});

describe('migration 8', () => {
  const temp = useTempDirs();

  it('keeps the index of a project built before it, and indexes new texts folded the same way', async () => {
    const dir = temp.make();
    const file = join(dir, 'Seven.tiemark');
    const old = openStore(file, { backupDir: join(dir, 'backups'), create: true, migrations: MIGRATIONS.filter((m) => m.version < 8) }).db;
    importPastedTextSync(new Store(old), 'تقرير قديم\n\nقال حِزْبُ اللهِ إن الأسلحة وصلت.');
    importPastedTextSync(new Store(old), 'Old brief\n\nThe Kremlin’s envoy met Hezbollah.');
    old.close();
    const backend = temp.track(Backend.open({ file, backupDir: join(dir, 'backups') }));
    expect(backend.store.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    ok(await backend.dispatch('importText', { text: 'Ёлки\n\nРоссия поставила ёлки; حزب الله أيضا.', title: 'New' }));
    const titles = (query: string) => ok<SearchResult>(backend.dispatch('search', { query })).sources.map((s) => s.source.title).sort();
    expect(titles('حزب')).toEqual(['New', 'تقرير قديم']);
    expect(titles('елки')).toEqual(['New']);
    expect(titles('kremlin')).toEqual(['Old brief']);
    expect(() => backend.store.db.prepare("INSERT INTO search_fts (search_fts) VALUES ('integrity-check')").run()).not.toThrow();
  });
});
