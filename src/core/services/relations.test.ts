import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RelationType } from '../../shared/annotations';
import { Backend } from '../backend';
import { openStore } from '../db/open';
import { MIGRATIONS } from '../db/migrations';
import { contentDigest, ok, pasteSource, refused, useTempDirs } from '../test-support/fixtures';
import { RELATION_PRESET } from './relation-preset';

const temp = useTempDirs();

describe('the relation-type preset', () => {
  it('is well formed: stable unique ids and labels, symmetric types read the same both ways', () => {
    const ids = RELATION_PRESET.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(RELATION_PRESET.map((t) => t.label.toLowerCase())).size).toBe(ids.length);
    for (const t of RELATION_PRESET) {
      expect(t.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(t.intensity).toBeGreaterThanOrEqual(-10);
      expect(t.intensity).toBeLessThanOrEqual(10);
      expect(t.color).toMatch(/^#[0-9a-f]{6}$/);
      if (!t.directed) expect(t.inverseLabel).toBe(t.label);
      else expect(t.inverseLabel).not.toBe('');
      if (t.polarity === 'cooperative') expect(t.intensity, t.id).toBeGreaterThan(0);
      if (t.polarity === 'conflictual') expect(t.intensity, t.id).toBeLessThan(0);
    }
    const categories = new Set(RELATION_PRESET.map((t) => t.category));
    for (const c of ['AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST', 'ACCUSE', 'REJECT', 'THREATEN', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT', 'PROTEST', 'STRUCTURE']) {
      expect(categories.has(c), c).toBe(true);
    }
    const byId = new Map(RELATION_PRESET.map((t) => [t.id, t]));
    expect(byId.get('aid-weapons')).toMatchObject({ label: 'supplies weapons to', inverseLabel: 'receives weapons from', directed: true, polarity: 'cooperative', category: 'AID' });
    expect(byId.get('cooperate')).toMatchObject({ label: 'cooperates with', directed: false });
    expect(byId.get('assault-clash')).toMatchObject({ label: 'clashes with', directed: false, polarity: 'conflictual' });
    expect(byId.get('structure-proxy')).toMatchObject({ label: 'proxy of', inverseLabel: 'sponsors proxy' });
    expect(byId.get('structure-allied')).toMatchObject({ directed: false, polarity: 'cooperative' });
    expect(byId.get('structure-rival')).toMatchObject({ directed: false, polarity: 'conflictual' });
  });

  it('is in every new project, and in projects upgraded from version 1', () => {
    const backend = temp.backend();
    const listed = ok<RelationType[]>(backend.dispatch('listRelationTypes', {}));
    expect(listed.map((t) => t.id)).toEqual(RELATION_PRESET.map((t) => t.id));
    expect(listed[0]).toMatchObject({ retired: false, claimCount: 0 });

    const dir = temp.make();
    const file = join(dir, 'Old.tiemark');
    const v1 = openStore(file, { backupDir: join(dir, 'backups'), create: true, migrations: MIGRATIONS.slice(0, 1) }).db;
    v1.close();
    const upgraded = temp.track(Backend.open({ file, backupDir: join(dir, 'backups') }));
    expect(ok<RelationType[]>(upgraded.dispatch('listRelationTypes', {})).length).toBe(RELATION_PRESET.length);
    const raw = temp.track(new Database(file, { readonly: true }));
    expect(raw.prepare('SELECT count(*) FROM relation_types').pluck().get()).toBe(RELATION_PRESET.length);
  });
});

describe('relation types', () => {
  function project() {
    const backend = temp.backend();
    const call = <T>(method: string, args: unknown): T => ok<T>(backend.dispatch(method, args));
    const fail = (method: string, args: unknown) => refused(backend.dispatch(method, args));
    return { backend, call, fail, db: backend.store.db };
  }

  it('creates a type with sensible defaults, after the preset', () => {
    const p = project();
    const symmetric = p.call<RelationType>('createRelationType', { label: ' shares  a border with ', directed: false, inverseLabel: 'ignored' });
    expect(symmetric).toMatchObject({ label: 'shares a border with', inverseLabel: 'shares a border with', directed: false, polarity: 'neutral', intensity: 0, retired: false, claimCount: 0 });
    const directed = p.call<RelationType>('createRelationType', { label: 'smuggles oil for', inverseLabel: 'has oil smuggled by', polarity: 'cooperative', category: 'aid', intensity: 5 });
    expect(directed).toMatchObject({ directed: true, category: 'AID', color: '#1e8a57' });
    const list = p.call<RelationType[]>('listRelationTypes', {});
    expect(list.slice(-2).map((t) => t.id)).toEqual([symmetric.id, directed.id]);
    expect(p.fail('createRelationType', { label: 'Supplies  Weapons to' })).toMatchObject({ code: 'duplicate' });
  });

  it('edits, retires and restores; a retired type stays listed and keeps its claims', () => {
    const p = project();
    const source = pasteSource(p.backend, 'Russia supplied Hezbollah.');
    const russia = p.call<{ id: string }>('createActor', { name: 'Russia' });
    const hezbollah = p.call<{ id: string }>('createActor', { name: 'Hezbollah' });
    const h = p.call<{ id: string }>('createHighlight', { sourceId: source.id, start: 0, end: 15 });
    const claim = { highlightId: h.id, sourceActorId: russia.id, relationTypeId: 'aid-weapons', targetActorId: hezbollah.id };
    p.call('createClaim', claim);

    const retired = p.call<RelationType>('updateRelationType', { id: 'aid-weapons', patch: { retired: true } });
    expect(retired).toMatchObject({ retired: true, claimCount: 1, label: 'supplies weapons to' });
    expect(p.call<{ undoLabel: string }>('undoState', {}).undoLabel).toBe('Retire relation type');
    expect(p.call<RelationType[]>('listRelationTypes', {}).find((t) => t.id === 'aid-weapons')?.retired).toBe(true);
    const refusedClaim = p.fail('createClaim', claim);
    expect(refusedClaim.code).toBe('invalid_argument');
    expect(refusedClaim.message).toMatch(/retired; choose another or restore it/);
    expect(p.fail('createRelationType', { label: 'supplies weapons to' }).message).toMatch(/Restore it/);

    p.call('updateRelationType', { id: 'aid-weapons', patch: { retired: false } });
    p.call('createClaim', claim);
    const edited = p.call<RelationType>('updateRelationType', { id: 'cooperate', patch: { label: 'works with', directed: true } });
    expect(edited).toMatchObject({ label: 'works with', directed: true, inverseLabel: '' });
    const back = p.call<RelationType>('updateRelationType', { id: 'cooperate', patch: { directed: false } });
    expect(back.inverseLabel).toBe('works with');
    expect(p.fail('updateRelationType', { id: 'cooperate', patch: { label: 'funds' } }).code).toBe('duplicate');
    expect(p.fail('updateRelationType', { id: 'missing', patch: { retired: true } }).code).toBe('not_found');
  });

  it('deletes only an unused type; a used one is refused with in_use, suggesting to retire it', () => {
    const p = project();
    const source = pasteSource(p.backend, 'Iran funds Hamas.');
    const iran = p.call<{ id: string }>('createActor', { name: 'Iran' });
    const hamas = p.call<{ id: string }>('createActor', { name: 'Hamas' });
    const h = p.call<{ id: string }>('createHighlight', { sourceId: source.id, start: 0, end: 10 });
    p.call('createClaim', { highlightId: h.id, sourceActorId: iran.id, relationTypeId: 'aid-funds', targetActorId: hamas.id });
    const before = contentDigest(p.db);
    const error = p.fail('deleteRelationType', { id: 'aid-funds' });
    expect(error).toMatchObject({ code: 'in_use', detail: { claims: 1 } });
    expect(error.message).toMatch(/Retire it instead/);
    expect(contentDigest(p.db)).toBe(before);
    expect(p.call('deleteRelationType', { id: 'protest' })).toEqual({ deleted: true });
    expect(p.fail('deleteRelationType', { id: 'protest' }).code).toBe('not_found');
  });
});
