import { describe, expect, it } from 'vitest';
import type { SourceAnnotations } from '../../shared/api';
import type { Actor, Claim } from '../../shared/annotations';
import type { Highlight } from '../../shared/types';
import { contentDigest, ok, pasteSource, refused, useTempDirs } from '../test-support/fixtures';

const temp = useTempDirs();

const TEXT = 'Russia supplied anti-ship missiles to the Houthis in March 2022, US officials said. Iran denied it.';

function project() {
  const backend = temp.backend();
  const source = pasteSource(backend, TEXT, 'Red Sea');
  const call = <T>(method: string, args: unknown): T => ok<T>(backend.dispatch(method, args));
  const fail = (method: string, args: unknown) => refused(backend.dispatch(method, args));
  const actor = (name: string) => call<Actor>('createActor', { name });
  const [russia, houthis, us, iran] = ['Russia', 'Houthis', 'United States', 'Iran'].map(actor);
  const h = call<Highlight>('createHighlight', { sourceId: source.id, start: 0, end: TEXT.indexOf(', US') });
  const base = { highlightId: h.id, sourceActorId: russia.id, relationTypeId: 'aid-weapons', targetActorId: houthis.id };
  return { backend, source, call, fail, russia, houthis, us, iran, h, base, db: backend.store.db };
}

describe('tie claims', () => {
  it('creates a claim with defaults and the highlight’s source', () => {
    const p = project();
    const claim = p.call<Claim>('createClaim', p.base);
    expect(claim).toMatchObject({
      ...p.base,
      sourceId: p.source.id,
      stance: 'asserted',
      confidence: 'medium',
      attributedActorId: null,
      attributedText: '',
      eventDate: null,
      note: '',
    });
    expect(p.call<{ undoLabel: string }>('undoState', {}).undoLabel).toBe('Add tie');
    const full = p.call<Claim>('createClaim', {
      ...p.base,
      stance: 'reported',
      confidence: 'high',
      attributedActorId: p.us.id,
      attributedText: ' US officials ',
      eventDate: 'March 2022',
      note: 'anti-ship missiles',
    });
    expect(full).toMatchObject({ stance: 'reported', confidence: 'high', attributedActorId: p.us.id, attributedText: 'US officials', eventDate: { text: 'March 2022', start: '2022-03', end: '2022-03' } });
  });

  it('refuses what it cannot store, naming the problem, and changes nothing', () => {
    const p = project();
    p.call('updateRelationType', { id: 'sanction', patch: { retired: true } });
    const before = contentDigest(p.db);
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ highlightId: 'missing' }, 'not_found', /highlight/],
      [{ sourceActorId: 'missing' }, 'not_found', /source actor/],
      [{ targetActorId: 'missing' }, 'not_found', /target actor/],
      [{ attributedActorId: 'missing' }, 'not_found', /attributed/],
      [{ relationTypeId: 'missing' }, 'not_found', /relation type/],
      [{ relationTypeId: 'sanction' }, 'invalid_argument', /retired; choose another or restore it/],
      [{ targetActorId: p.russia.id }, 'invalid_argument', /two different actors/],
      [{ eventDate: 'sometime soon' }, 'invalid_argument', /March 2022/],
      [{ stance: 'rumoured' }, 'invalid_argument', /stance/],
      [{ confidence: 'total' }, 'invalid_argument', /confidence/],
    ];
    for (const [change, code, message] of cases) {
      const error = p.fail('createClaim', { ...p.base, ...change });
      expect(error.code, JSON.stringify(change)).toBe(code);
      expect(error.message).toMatch(message);
    }
    expect(contentDigest(p.db)).toBe(before);
  });

  it('updates any field with the same validation, and deletes', () => {
    const p = project();
    const claim = p.call<Claim>('createClaim', { ...p.base, eventDate: '2022' });
    const updated = p.call<Claim>('updateClaim', { id: claim.id, patch: { stance: 'denied', attributedActorId: p.iran.id, eventDate: '2021-2023', targetActorId: p.iran.id } });
    expect(updated).toMatchObject({ stance: 'denied', attributedActorId: p.iran.id, targetActorId: p.iran.id, eventDate: { start: '2021', end: '2023' } });
    expect(p.call<Claim>('updateClaim', { id: claim.id, patch: { note: 'x' } }).eventDate).toEqual({ text: '2021-2023', start: '2021', end: '2023' });
    expect(p.call<Claim>('updateClaim', { id: claim.id, patch: { eventDate: '', attributedActorId: null } })).toMatchObject({ eventDate: null, attributedActorId: null });
    expect(p.call<{ undoLabel: string }>('undoState', {}).undoLabel).toBe('Edit tie');
    expect(p.fail('updateClaim', { id: claim.id, patch: { sourceActorId: p.iran.id } }).code).toBe('invalid_argument');
    expect(p.fail('updateClaim', { id: claim.id, patch: { relationTypeId: 'nope' } }).code).toBe('not_found');
    expect(p.fail('updateClaim', { id: claim.id, patch: { eventDate: '2022-14' } }).code).toBe('invalid_argument');
    expect(p.fail('updateClaim', { id: 'missing', patch: { note: 'x' } }).code).toBe('not_found');
    // A claim on a type retired since keeps it through edits of other fields.
    p.call('updateRelationType', { id: 'aid-weapons', patch: { retired: true } });
    expect(p.call<Claim>('updateClaim', { id: claim.id, patch: { relationTypeId: 'aid-weapons', confidence: 'low' } }).confidence).toBe('low');
    expect(p.call('deleteClaim', { id: claim.id })).toEqual({ deleted: true });
    expect(p.fail('deleteClaim', { id: claim.id }).code).toBe('not_found');
  });

  it('lists a source’s tags, claims and note summaries in text order', () => {
    const p = project();
    const later = p.call<Highlight>('createHighlight', { sourceId: p.source.id, start: TEXT.indexOf('Iran'), end: TEXT.length, actorIds: [p.iran.id] });
    p.call('tagHighlight', { highlightId: p.h.id, actorId: p.houthis.id });
    p.call('tagHighlight', { highlightId: p.h.id, actorId: p.russia.id });
    const c2 = p.call<Claim>('createClaim', { ...p.base, highlightId: later.id, sourceActorId: p.iran.id, stance: 'denied' });
    const c1 = p.call<Claim>('createClaim', p.base);
    p.call('saveNote', { highlightId: later.id, content: JSON.stringify({ root: { children: [] } }), plainText: 'Denial' });
    const other = pasteSource(p.backend, 'Another source entirely.');
    const elsewhere = p.call<Highlight>('createHighlight', { sourceId: other.id, start: 0, end: 7 });
    p.call('createClaim', { ...p.base, highlightId: elsewhere.id });

    const annotations = p.call<SourceAnnotations>('listAnnotations', { sourceId: p.source.id });
    expect(annotations.tags).toEqual([
      { highlightId: p.h.id, actorId: p.houthis.id },
      { highlightId: p.h.id, actorId: p.russia.id },
      { highlightId: later.id, actorId: p.iran.id },
    ]);
    expect(annotations.claims.map((c) => c.id)).toEqual([c1.id, c2.id]);
    expect(annotations.claims.every((c) => c.sourceId === p.source.id)).toBe(true);
    expect(annotations.notes).toEqual([{ highlightId: later.id, plainText: 'Denial', updatedAt: expect.any(String) }]);
    expect(p.fail('listAnnotations', { sourceId: 'missing' }).code).toBe('not_found');
  });

  it('go with their source when it is deleted', () => {
    const p = project();
    p.call('createClaim', p.base);
    p.call('saveNote', { highlightId: p.h.id, content: JSON.stringify({ root: {} }), plainText: '' });
    p.call('deleteSource', { id: p.source.id });
    for (const table of ['highlights', 'highlight_actors', 'claims', 'notes']) {
      expect(p.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), table).toBe(0);
    }
    expect(p.db.prepare('SELECT count(*) FROM actors').pluck().get()).toBe(4);
    expect(p.db.pragma('foreign_key_check')).toEqual([]);
  });
});
