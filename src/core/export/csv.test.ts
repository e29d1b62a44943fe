import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { ExportedFile } from '../../shared/api';
import { parseTiemarkLink } from '../../shared/links';
import { ok, refused, useTempDirs } from '../test-support/fixtures';
import { ACTOR_FIELDS, CLAIM_FIELDS, TIE_FIELDS, toCsv } from './csv';
import { buildExportFixture } from './export-fixtures';

const temp = useTempDirs();

async function exportFile(backend: ReturnType<typeof temp.backend>, args: Record<string, unknown>): Promise<ExportedFile> {
  return ok<ExportedFile>(await backend.dispatch('exportData', args));
}

/** Parses our CSV back with papaparse, after checking the BOM and line ends. */
function readCsv(file: ExportedFile): Array<Record<string, string>> {
  expect(file.encoding).toBe('utf8');
  expect(file.content.startsWith('\uFEFF')).toBe(true);
  const parsed = Papa.parse<Record<string, string>>(file.content.slice(1), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

describe('CSV exports', () => {
  it('claims CSV: one row per claim with every listed column, quotes exact, offsets in code points, a link back', async () => {
    const f = buildExportFixture(temp.backend());
    const file = await exportFile(f.backend, { format: 'claims-csv' });
    expect(file.fileName).toMatch(/-claims\.csv$/);
    expect(file.mimeType).toBe('text/csv');
    const rows = readCsv(file);
    expect(Object.keys(rows[0])).toEqual([...CLAIM_FIELDS]);
    expect(rows).toHaveLength(5);
    const arms = rows.find((r) => r.claim_id === f.claims.arms.id)!;
    expect(arms).toMatchObject({
      source_actor: 'Russia',
      relation: 'supplies weapons to',
      target_actor: 'Hezbollah',
      directed: 'true',
      polarity: 'cooperative',
      stance: 'asserted',
      attributed_text: 'officials, "on Monday"',
      confidence: 'high',
      event_date_start: '2022-03',
      quote: 'Russia supplies weapons to Hezbollah',
      source_title: 'Uneasy Allies: arms, money and the border',
      source_outlet: 'Levant Review',
      source_published: '2023-05-02',
      page: '',
      start_codepoint: '0',
      end_codepoint: '36',
      // A note starting with "-" is neutralized; its line break is kept inside the quoted cell.
      claim_note: "'-1 casualties?\nsecond line",
      highlight_id: f.highlights.arms.id,
      source_id: f.alpha.id,
    });
    expect(parseTiemarkLink(arms.link)).toEqual({ sourceId: f.alpha.id, highlightId: f.highlights.arms.id });

    // The emoji flag is two code points in four UTF-16 units: offsets after it count code points.
    const clash = rows.find((r) => r.claim_id === f.claims.clash.id)!;
    const alpha = f.alpha.text;
    const start = alpha.indexOf('a "partner"');
    expect(Number(clash.start_codepoint)).toBe(Array.from(alpha.slice(0, start)).length);
    expect(Number(clash.start_codepoint)).toBe(start - 2);
    expect(clash.quote).toBe('a "partner" of Tehran.\n\nHezbollah clashed with Israel');
    expect(clash.directed).toBe('false');

    const funds = rows.find((r) => r.claim_id === f.claims.funds.id)!;
    expect(funds).toMatchObject({ stance: 'reported', attributed_actor: 'Iran', event_date: '2021/2023', event_date_start: '2021', event_date_end: '2023' });

    // Page numbers in a paged source; a passage over the page break names both pages.
    const fought = rows.find((r) => r.claim_id === f.claims.fought.id)!;
    expect(fought.page).toBe('p. 1');
  });

  it('neutralizes formulas in every text cell (=, +, -, @, tab, CR), also before a line break', () => {
    const csv = toCsv(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'], [['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', '=A1\nB', 'fine', -5]]);
    const [row] = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data.slice(1);
    expect(row).toEqual(["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\rx", "'=A1\nB", 'fine', '-5']);
  });

  it('actors CSV: names, kinds, aliases, external ids; a formula-like name is defused', async () => {
    const f = buildExportFixture(temp.backend());
    const rows = readCsv(await exportFile(f.backend, { format: 'actors-csv' }));
    expect(Object.keys(rows[0])).toEqual([...ACTOR_FIELDS]);
    expect(rows.map((r) => r.name).sort()).toEqual(["'=HYPERLINK(\"http://x\")", 'Hezbollah', 'Iran', 'Israel', 'Russia'].sort());
    expect(rows.find((r) => r.name === 'Russia')).toMatchObject({ kind: 'state', aliases: 'Moscow | the Kremlin', external_id: 'Q159', claims: '2' });
    expect(rows.find((r) => r.name === 'Hezbollah')!.aliases).toBe('Hizballah | حزب الله');
    expect(rows.find((r) => r.name.startsWith("'="))!.description).toBe('\'+cmd|" /C calc"!A0');
  });

  it('ties CSV: one row per tie with counts, dates, sources and the conflict flag; a symmetric tie counts both directions', async () => {
    const f = buildExportFixture(temp.backend());
    const rows = readCsv(await exportFile(f.backend, { format: 'ties-csv' }));
    expect(Object.keys(rows[0])).toEqual([...TIE_FIELDS]);
    expect(rows).toHaveLength(3);
    const clash = rows.find((r) => r.relation === 'clashes with')!;
    expect(clash).toMatchObject({ claims: '2', directed: 'false', first_date: '2023', last_date: '2023', sources: '2', polarity: 'conflictual' });
    const arms = rows.find((r) => r.relation === 'supplies weapons to')!;
    expect(arms).toMatchObject({ source_actor: 'Russia', target_actor: 'Hezbollah', claims: '2', asserted: '1', denied: '1', stance_conflict: 'true', conflict: 'true', sources: '1' });
    expect(arms.claim_ids.split(' ').sort()).toEqual([f.claims.arms.id, f.claims.denied.id].sort());
    // Hezbollah has cooperative (arms, funds) and conflictual (clash) ties, but with other actors: no polarity conflict.
    expect(rows.find((r) => r.relation === 'funds')!.conflict).toBe('false');
  });

  it('applies the Ties panel filters, the event-date range and the source scope', async () => {
    const f = buildExportFixture(temp.backend());
    const ids = async (args: Record<string, unknown>) => readCsv(await exportFile(f.backend, { format: 'claims-csv', ...args })).map((r) => r.claim_id).sort();
    const c = f.claims;
    expect(await ids({ stances: ['denied'] })).toEqual([c.denied.id]);
    expect(await ids({ polarities: ['conflictual'] })).toEqual([c.clash.id, c.fought.id].sort());
    expect(await ids({ relationTypeIds: ['aid-funds'] })).toEqual([c.funds.id]);
    expect(await ids({ actorIds: [f.actors.Iran] })).toEqual([c.funds.id]);
    expect(await ids({ sourceIds: [f.beta.id] })).toEqual([c.fought.id]);
    // 2021/2023 overlaps 2022; 2022-03 is inside; 2023 and 2023-10 are not; undated claims are out.
    expect(await ids({ dateFrom: '2022', dateTo: '2022-12' })).toEqual([c.arms.id, c.funds.id].sort());
    expect(await ids({ dateFrom: '2023-06' })).toEqual([c.clash.id, c.fought.id, c.funds.id].sort());
    const one = await exportFile(f.backend, { format: 'claims-csv', sourceIds: [f.beta.id] });
    expect(one.fileName).toBe('border-notes-claims.csv');
  });

  it('refuses an unknown format, a bad date and a source that does not exist, with a sentence', async () => {
    const f = buildExportFixture(temp.backend());
    expect(refused(await f.backend.dispatch('exportData', { format: 'xlsx' })).code).toBe('invalid_argument');
    expect(refused(await f.backend.dispatch('exportData', { format: 'claims-csv', dateFrom: 'March' })).code).toBe('invalid_argument');
    const gone = refused(await f.backend.dispatch('exportData', { format: 'claims-csv', sourceIds: ['nope'] }));
    expect(gone.code).toBe('not_found');
    expect(gone.message).toMatch(/no longer exists/);
  });
});
