import { describe, expect, it } from 'vitest';
import type { ExportedFile } from '../../shared/api';
import { parseTiemarkLink } from '../../shared/links';
import { unzipAll } from '../test-support/docx-fixtures';
import { ok, useTempDirs } from '../test-support/fixtures';
import { bratTypeName, fragments } from './annotations';
import { buildExportFixture } from './export-fixtures';

const temp = useTempDirs();

async function exportFile(backend: ReturnType<typeof temp.backend>, args: Record<string, unknown>): Promise<ExportedFile> {
  return ok<ExportedFile>(await backend.dispatch('exportData', args));
}

type Json = Record<string, unknown>;

/**
 * The W3C Web Annotation Data Model's requirements (https://www.w3.org/TR/annotation-model/),
 * checked by hand: what every Annotation MUST have, and the shapes of the bodies and selectors
 * we use. Returns the problems found.
 */
function checkAnnotation(a: Json): string[] {
  const problems: string[] = [];
  if (typeof a.id !== 'string' || !/^[a-z][a-z0-9+.-]*:/i.test(a.id)) problems.push('id must be an IRI');
  if (a.type !== 'Annotation') problems.push('type must be Annotation');
  const target = a.target as Json | undefined;
  if (!target) problems.push('an Annotation must have a target');
  else {
    if (typeof target.source !== 'string') problems.push('a SpecificResource target needs a source');
    for (const s of (target.selector as Json[]) ?? []) {
      if (s.type === 'TextQuoteSelector' && typeof s.exact !== 'string') problems.push('TextQuoteSelector needs exact');
      if (s.type === 'TextPositionSelector' && !(Number.isInteger(s.start) && Number.isInteger(s.end) && (s.start as number) >= 0 && (s.end as number) >= (s.start as number))) {
        problems.push('TextPositionSelector needs 0 <= start <= end');
      }
    }
  }
  for (const b of (a.body as Json[] | undefined) ?? []) {
    if (b.type === 'TextualBody' && typeof b.value !== 'string') problems.push('a TextualBody needs a value');
    if (b.purpose !== undefined && !['tagging', 'linking', 'commenting', 'identifying', 'describing', 'classifying'].includes(b.purpose as string)) problems.push(`unknown purpose ${String(b.purpose)}`);
  }
  if (!['highlighting', 'tagging', 'linking', 'commenting'].includes(a.motivation as string)) problems.push('unknown motivation');
  return problems;
}

/**
 * A brat standoff reader, from the format's documentation (https://brat.nlplab.org/standoff.html):
 * one annotation per line, fields split by tabs; T (text-bound: type, `start end[;start end]`,
 * text), R (relation: type, Arg1:T, Arg2:T), A (attribute: name, target, value) and # (note:
 * AnnotatorNotes, target, text).
 */
interface Brat {
  entities: Map<string, { type: string; spans: Array<[number, number]>; text: string }>;
  relations: Map<string, { type: string; arg1: string; arg2: string }>;
  attributes: Array<{ name: string; target: string; value: string }>;
  notes: Map<string, string>;
}
function parseBrat(ann: string): Brat {
  const out: Brat = { entities: new Map(), relations: new Map(), attributes: [], notes: new Map() };
  for (const line of ann.split('\n')) {
    if (!line) continue;
    const [id, middle, text] = line.split('\t');
    if (id.startsWith('T')) {
      const [type, ...rest] = middle.split(' ');
      const spans = rest
        .join(' ')
        .split(';')
        .map((p) => p.split(' ').map(Number) as [number, number]);
      out.entities.set(id, { type, spans, text });
    } else if (id.startsWith('R')) {
      const [type, a1, a2] = middle.split(' ');
      out.relations.set(id, { type, arg1: a1.replace('Arg1:', ''), arg2: a2.replace('Arg2:', '') });
    } else if (id.startsWith('A')) {
      const [name, target, value] = middle.split(' ');
      out.attributes.push({ name, target, value });
    } else if (id.startsWith('#')) {
      out.notes.set(middle.replace('AnnotatorNotes ', ''), text);
    } else throw new Error(`unknown annotation line: ${line}`);
  }
  return out;
}

describe('W3C Web Annotation export', () => {
  it('is a JSON-LD collection of valid Annotations with code-point positions, tagging and linking bodies', async () => {
    const f = buildExportFixture(temp.backend());
    const file = await exportFile(f.backend, { format: 'web-annotation' });
    expect(file).toMatchObject({ mimeType: 'application/ld+json', encoding: 'utf8' });
    expect(file.fileName).toMatch(/-annotations\.jsonld$/);
    const doc = JSON.parse(file.content) as Json;
    expect((doc['@context'] as unknown[])[0]).toBe('http://www.w3.org/ns/anno.jsonld');
    expect(doc.type).toBe('AnnotationCollection');
    const items = (doc.first as Json).items as Json[];
    expect(items).toHaveLength(6);
    expect(doc.total).toBe(6);
    for (const a of items) expect(checkAnnotation(a)).toEqual([]);

    const texts = new Map([
      [f.alpha.id, f.alpha.text],
      [f.beta.id, f.beta.text],
    ]);
    for (const a of items) {
      const link = parseTiemarkLink(a.id as string)!;
      const text = texts.get(link.sourceId)!;
      const [quote, position] = (a.target as Json).selector as Json[];
      // Positions count code points: slicing the code points gives back the quote.
      expect(Array.from(text).slice(position.start as number, position.end as number).join('')).toBe(quote.exact);
    }
    const clash = items.find((a) => a.id === `tiemark://source/${f.alpha.id}#highlight=${f.highlights.clash.id}`)!;
    const linking = (clash.body as Json[]).filter((b) => b.purpose === 'linking');
    expect(linking).toHaveLength(1);
    expect(linking[0]).toMatchObject({ value: 'Israel ↔ clashes with ↔ Hezbollah', 'tiemark:claimId': f.claims.clash.id, 'tiemark:stance': 'asserted' });
    expect(clash.motivation).toBe('linking');
    const formula = items.find((a) => (a.id as string).endsWith(f.highlights.formula.id))!;
    expect(formula.motivation).toBe('tagging');
    expect(formula.body).toEqual([{ type: 'TextualBody', purpose: 'tagging', value: '=HYPERLINK("http://x")', 'tiemark:actorId': f.actors.Formula }]);
    const arms = items.find((a) => (a.id as string).endsWith(f.highlights.arms.id))!;
    expect((arms.body as Json[]).find((b) => b.purpose === 'commenting')).toMatchObject({ value: 'Check the shipment dates.' });
  });
});

describe('brat standoff export', () => {
  it('writes .txt, .ann and annotation.conf that a standoff reader maps back to passages, actors and claims', async () => {
    const f = buildExportFixture(temp.backend());
    const file = await exportFile(f.backend, { format: 'brat' });
    expect(file.fileName).toMatch(/-brat\.zip$/);
    const files = await unzipAll(Buffer.from(file.content, 'base64'));
    expect([...files.keys()].sort()).toEqual(['annotation.conf', 'border-notes.ann', 'border-notes.txt', 'uneasy-allies-arms-money-and-the-border.ann', 'uneasy-allies-arms-money-and-the-border.txt']);
    const conf = files.get('annotation.conf')!.toString('utf8');
    expect(conf).toMatch(/^\[relations\]$/m);
    expect(conf).toMatch(/^supplies_weapons_to\tArg1:Actor, Arg2:Actor$/m);
    expect(conf).toMatch(/^clashes_with\tArg1:Actor, Arg2:Actor, <REL-TYPE>:symmetric$/m);
    const declared = new Set(conf.split('\n').filter((l) => /^\S+\tArg1:/.test(l)).map((l) => l.split('\t')[0]));

    const txt = files.get('uneasy-allies-arms-money-and-the-border.txt')!.toString('utf8');
    expect(txt).toBe(f.alpha.text);
    const brat = parseBrat(files.get('uneasy-allies-arms-money-and-the-border.ann')!.toString('utf8'));
    const cps = Array.from(txt);
    // Every text-bound annotation's text is its fragments' text (code points), joined by a space.
    for (const e of brat.entities.values()) expect(e.spans.map(([s, t]) => cps.slice(s, t).join('')).join(' ')).toBe(e.text);
    const passages = [...brat.entities.values()].filter((e) => e.type === 'Passage');
    expect(passages).toHaveLength(4);
    // The passage over the paragraph break is two fragments.
    expect(passages.find((p) => p.text.startsWith('a "partner"'))!.spans).toHaveLength(2);
    // Relations: one per claim, typed by a declared relation type, between actor entities.
    const relations = [...brat.relations.values()];
    expect(relations).toHaveLength(4);
    for (const r of relations) expect(declared.has(r.type)).toBe(true);
    const denied = [...brat.relations].find(([id]) => brat.notes.get(id)?.includes(`claim_id=${f.claims.denied.id}`))!;
    expect(denied[1].type).toBe('supplies_weapons_to');
    // Russia is found in the passage under its alias "Moscow"; Hezbollah is not named there: the passage is its span.
    expect(brat.entities.get(denied[1].arg1)!.text).toBe('Moscow');
    expect(brat.entities.get(denied[1].arg2)!.text).toBe('Moscow denies any role.');
    expect(brat.notes.get(denied[0])).toMatch(/stance=denied/);
    expect(brat.attributes.find((a) => a.target === denied[1].arg1)).toEqual({ name: 'Kind', target: denied[1].arg1, value: 'state' });
  });

  it('cuts spans at line breaks and names types as brat reads them', () => {
    expect(fragments('ab\n\ncd', 0, 6)).toEqual([
      [0, 2],
      [4, 6],
    ]);
    expect(fragments('\n\n', 0, 2)).toEqual([]);
    expect(bratTypeName('supplies weapons to')).toBe('supplies_weapons_to');
    expect(bratTypeName('is member of (formally)')).toBe('is_member_of_formally');
    expect(bratTypeName('!!!')).toBe('related_to');
  });
});
