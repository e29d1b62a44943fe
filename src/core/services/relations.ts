import { randomUUID } from 'node:crypto';
import type { RelationTypePatch } from '../../shared/api';
import type { Polarity, RelationType } from '../../shared/annotations';
import { ApiError } from '../../shared/errors';
import { matchKey } from '../../shared/match';
import { now, type Store } from '../db/store';
import { defaultRelationColor } from './relation-preset';

/**
 * Relation types: the preset (inserted by migration 2, see relation-preset.ts) and the user's
 * own. A type in use cannot be deleted, only retired: retired types keep their claims and stay
 * listed, but new claims cannot use them. Writes run inside the caller's transaction.
 */

interface RelationRow {
  id: string;
  label: string;
  inverse_label: string;
  directed: number;
  polarity: Polarity;
  category: string;
  intensity: number;
  color: string;
  retired: number;
  position: number;
  created_at: string;
  updated_at: string;
}

const COLUMNS = 'id, label, inverse_label, directed, polarity, category, intensity, color, retired, position, created_at, updated_at';

const toRelationType = (row: RelationRow, claimCount: number): RelationType => ({
  id: row.id,
  label: row.label,
  inverseLabel: row.inverse_label,
  directed: row.directed === 1,
  polarity: row.polarity,
  category: row.category,
  intensity: row.intensity,
  color: row.color,
  retired: row.retired === 1,
  claimCount,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export function findRelationRow(store: Store, id: string): RelationRow | undefined {
  return store.sql(`SELECT ${COLUMNS} FROM relation_types WHERE id = ?`).get(id) as RelationRow | undefined;
}

export function requireRelationType(store: Store, id: string): RelationRow {
  const row = findRelationRow(store, id);
  if (!row) throw new ApiError('not_found', 'That relation type no longer exists; it may have been deleted.', { id, field: 'relationTypeId' });
  return row;
}

const claimCountOf = (store: Store, id: string): number =>
  Number(store.sql('SELECT count(*) FROM claims WHERE relation_type_id = ?').pluck().get(id));

export function getRelationType(store: Store, id: string): RelationType {
  return toRelationType(requireRelationType(store, id), claimCountOf(store, id));
}

/** In preset order, the user's own after it; retired ones included (they keep their claims). */
export function listRelationTypes(store: Store): RelationType[] {
  return store.read(() => {
    const counts = new Map(
      (store.sql('SELECT relation_type_id, count(*) FROM claims GROUP BY relation_type_id').raw().all() as Array<[string, number]>).map(
        ([id, n]) => [id, Number(n)],
      ),
    );
    const rows = store.sql(`SELECT ${COLUMNS} FROM relation_types ORDER BY position, label, id`).all() as RelationRow[];
    return rows.map((row) => toRelationType(row, counts.get(row.id) ?? 0));
  });
}

function cleanLabel(value: string, field: string): string {
  const label = value.trim().replace(/\s+/g, ' ');
  if (!matchKey(label)) throw new ApiError('invalid_argument', 'A relation type needs a label with at least one letter or digit.', { field });
  return label;
}

function assertUniqueLabel(store: Store, label: string, exceptId: string | null): void {
  const key = matchKey(label);
  const rows = store.sql('SELECT id, label, retired FROM relation_types').all() as Array<{ id: string; label: string; retired: number }>;
  const clash = rows.find((r) => r.id !== exceptId && matchKey(r.label) === key);
  if (clash) {
    throw new ApiError(
      'duplicate',
      clash.retired
        ? `A retired relation type is already called "${clash.label}". Restore it instead of adding another.`
        : `A relation type called "${clash.label}" already exists. Use it, or choose another label.`,
      { relationTypeId: clash.id, label: clash.label },
    );
  }
}

export interface NewRelationType {
  label: string;
  inverseLabel?: string;
  directed?: boolean;
  polarity?: Polarity;
  category?: string;
  intensity?: number;
  color?: string;
}

export function createRelationType(store: Store, input: NewRelationType): RelationType {
  const label = cleanLabel(input.label, 'label');
  assertUniqueLabel(store, label, null);
  const directed = input.directed ?? true;
  const polarity = input.polarity ?? 'neutral';
  const inverseLabel = directed ? (input.inverseLabel ?? '').trim().replace(/\s+/g, ' ') : label;
  const position = Number(store.sql('SELECT coalesce(max(position), -1) + 1 FROM relation_types').pluck().get());
  const id = randomUUID();
  const at = now();
  store
    .sql(`INSERT INTO relation_types (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`)
    .run(id, label, inverseLabel, directed ? 1 : 0, polarity, (input.category ?? '').trim().toUpperCase(), input.intensity ?? 0,
      input.color ?? defaultRelationColor(polarity), position, at, at);
  return getRelationType(store, id);
}

export function updateRelationType(store: Store, id: string, patch: RelationTypePatch): RelationType {
  const row = requireRelationType(store, id);
  const label = patch.label === undefined ? row.label : cleanLabel(patch.label, 'label');
  if (label !== row.label) assertUniqueLabel(store, label, id);
  const directed = patch.directed ?? row.directed === 1;
  let inverseLabel = patch.inverseLabel === undefined ? row.inverse_label : patch.inverseLabel.trim().replace(/\s+/g, ' ');
  // A symmetric type reads the same both ways; one turned directed starts without an inverse.
  if (!directed) inverseLabel = label;
  else if (row.directed === 0 && patch.inverseLabel === undefined) inverseLabel = '';
  store
    .sql(
      `UPDATE relation_types SET label = ?, inverse_label = ?, directed = ?, polarity = ?, category = ?, intensity = ?, color = ?,
         retired = ?, updated_at = ? WHERE id = ?`,
    )
    .run(label, inverseLabel, directed ? 1 : 0, patch.polarity ?? row.polarity,
      patch.category === undefined ? row.category : patch.category.trim().toUpperCase(), patch.intensity ?? row.intensity,
      patch.color ?? row.color, patch.retired === undefined ? row.retired : patch.retired ? 1 : 0, now(), id);
  return getRelationType(store, id);
}

export function deleteRelationType(store: Store, id: string): { deleted: true } {
  const row = requireRelationType(store, id);
  const count = claimCountOf(store, id);
  if (count > 0) {
    throw new ApiError(
      'in_use',
      `"${row.label}" is used by ${count} tie ${count === 1 ? 'claim' : 'claims'}, so it cannot be deleted. Retire it instead: its claims keep it, and new claims will not offer it.`,
      { claims: count },
    );
  }
  store.sql('DELETE FROM relation_types WHERE id = ?').run(id);
  return { deleted: true as const };
}
