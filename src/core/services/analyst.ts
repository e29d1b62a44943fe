import type { AgreementReport, AgreementPair, AgreementByType, Disagreement } from '../../shared/api';
import type { Store } from '../db/store';

/**
 * Who coded what (issue 10's team work; docs/exports.md, "Analysts"). A project has one analyst
 * of its own, named once (`project.analyst`); every highlight, claim and note records its author
 * in `created_by`, where '' stands for this project's own analyst, so that naming oneself later
 * rewrites no row. A merged archive's rows keep their author's name; a passage or claim that two
 * analysts both coded is stored once, the second analyst listed in `highlight_coders` /
 * `claim_coders` (export/merge.ts; '' there too is this project's analyst), which is what
 * agreement between coders is measured over.
 */

const KEY = 'analyst';

/** This project's analyst, or null until named. */
export function analystName(store: Store): string | null {
  const name = store.sql('SELECT value FROM project WHERE key = ?').pluck().get(KEY) as string | undefined;
  return name?.trim() ? name : null;
}

/** Names this project's analyst (outside undo: a setting, like the project's name). */
export function setAnalystName(store: Store, name: string): string {
  const clean = name.normalize('NFC').replace(/\s+/g, ' ').trim();
  store.write(() => store.sql('INSERT INTO project (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(KEY, clean));
  return clean;
}

/** SQL naming the author of a row's `created_by` column: '' is this project's own analyst. */
export const authorOf = (column: string): string => `coalesce(nullif(${column}, ''), (SELECT value FROM project WHERE key = '${KEY}'), '')`;

/** SQL: whether the claim `c` was coded by the analyst bound as `param` (its author, or a coder recognized in a merge). */
export const claimCodedBy = (param: string): string =>
  `(${authorOf('c.created_by')} = ${param} OR EXISTS (SELECT 1 FROM claim_coders cc WHERE cc.claim_id = c.id AND ${authorOf('cc.analyst')} = ${param}))`;

/** Every analyst with work in the project, this project's own first. */
export function listAnalysts(store: Store): string[] {
  return store.read(() => {
    const own = analystName(store) ?? '';
    const others = store
      .sql(
        `SELECT DISTINCT name FROM (
           SELECT created_by AS name FROM highlights UNION SELECT created_by FROM claims UNION SELECT created_by FROM notes
           UNION SELECT analyst FROM highlight_coders UNION SELECT analyst FROM claim_coders)
         WHERE name <> '' AND name <> ? ORDER BY name COLLATE NOCASE`,
      )
      .pluck()
      .all(own) as string[];
    return [own, ...others];
  });
}

/**
 * Agreement between two analysts over the passages both coded (a passage is coded by an analyst
 * who made its highlight, was recognized coding it in a merge, or coded a claim on it): for each
 * relation type, on how many of those passages the two agree that the type applies or not, as
 * percent agreement and Cohen's kappa, and the passages where they differ.
 */
export function codingAgreement(store: Store, first?: string, second?: string): AgreementReport {
  return store.read(() => {
    const analysts = listAnalysts(store);
    const a = first ?? analysts[0];
    const b = second ?? analysts.find((x) => x !== a);
    if (b === undefined || a === b) return { analysts, pair: null };
    const codersOf = new Map<string, Set<string>>();
    const code = (highlightId: string, analyst: string) => {
      let set = codersOf.get(highlightId);
      if (!set) codersOf.set(highlightId, (set = new Set()));
      set.add(analyst);
    };
    for (const [id, who] of store.sql(`SELECT id, ${authorOf('created_by')} FROM highlights`).raw().all() as Array<[string, string]>) code(id, who);
    for (const [id, who] of store.sql(`SELECT highlight_id, ${authorOf('analyst')} FROM highlight_coders`).raw().all() as Array<[string, string]>) code(id, who);
    // What each analyst coded on each passage: the relation types of their claims there.
    const typesBy = new Map<string, Set<string>>();
    const claimRows = store
      .sql(
        `SELECT c.highlight_id, c.relation_type_id, ${authorOf('c.created_by')} FROM claims c
         UNION SELECT c.highlight_id, c.relation_type_id, ${authorOf('cc.analyst')} FROM claims c JOIN claim_coders cc ON cc.claim_id = c.id`,
      )
      .raw()
      .all() as Array<[string, string, string]>;
    for (const [highlightId, typeId, who] of claimRows) {
      code(highlightId, who);
      const key = `${highlightId}\u0000${who}`;
      let set = typesBy.get(key);
      if (!set) typesBy.set(key, (set = new Set()));
      set.add(typeId);
    }
    const shared = [...codersOf].filter(([, set]) => set.has(a) && set.has(b)).map(([id]) => id);
    const labels = new Map(store.sql('SELECT id, label FROM relation_types').raw().all() as Array<[string, string]>);
    const typesOf = (highlightId: string, who: string) => typesBy.get(`${highlightId}\u0000${who}`) ?? new Set<string>();
    const used = new Set<string>();
    for (const id of shared) for (const who of [a, b]) for (const t of typesOf(id, who)) used.add(t);
    const byType: AgreementByType[] = [...used]
      .map((typeId) => {
        let both = 0;
        let onlyA = 0;
        let onlyB = 0;
        for (const id of shared) {
          const inA = typesOf(id, a).has(typeId);
          const inB = typesOf(id, b).has(typeId);
          if (inA && inB) both++;
          else if (inA) onlyA++;
          else if (inB) onlyB++;
        }
        const neither = shared.length - both - onlyA - onlyB;
        return { relationTypeId: typeId, label: labels.get(typeId) ?? typeId, both, onlyA, onlyB, neither, ...agreement(both, onlyA, onlyB, neither) };
      })
      .sort((x, y) => x.label.localeCompare(y.label));
    const disagreements: Disagreement[] = [];
    const where = store.sql('SELECT h.source_id, s.title, h.exact FROM highlights h JOIN sources s ON s.id = h.source_id WHERE h.id = ?');
    for (const id of shared) {
      const typesA = [...typesOf(id, a)].sort();
      const typesB = [...typesOf(id, b)].sort();
      if (typesA.join() === typesB.join()) continue;
      const [sourceId, sourceTitle, exact] = where.raw().get(id) as [string, string, string];
      disagreements.push({ highlightId: id, sourceId, sourceTitle, quote: exact.length > 200 ? `${exact.slice(0, 199)}…` : exact, typesA, typesB });
    }
    const pair: AgreementPair = { a, b, sharedPassages: shared.length, byType, disagreements };
    return { analysts, pair };
  });
}

/** Percent agreement and Cohen's kappa of a 2×2 table; kappa is null when chance agreement is total (both always said the same thing). */
export function agreement(both: number, onlyA: number, onlyB: number, neither: number): { percent: number | null; kappa: number | null } {
  const n = both + onlyA + onlyB + neither;
  if (n === 0) return { percent: null, kappa: null };
  const observed = (both + neither) / n;
  const yesA = (both + onlyA) / n;
  const yesB = (both + onlyB) / n;
  const expected = yesA * yesB + (1 - yesA) * (1 - yesB);
  return { percent: Math.round(observed * 1000) / 10, kappa: expected === 1 ? null : Math.round(((observed - expected) / (1 - expected)) * 1000) / 1000 };
}
