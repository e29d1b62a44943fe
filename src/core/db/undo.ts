import type Database from 'better-sqlite3';
import type { UndoStep } from '../../shared/annotations';
import { ApiError } from '../../shared/errors';

/**
 * Undo and redo for annotation edits, by SQLite's own record of what changed: temporary
 * triggers on each annotation table write the statement that would reverse every row change
 * into a temporary log. One user action is one group of log entries; undoing replays a group
 * backwards (which the triggers record again, giving the redo group). So whatever a service
 * does, undo restores exactly the rows it touched, and nothing has to be written twice.
 *
 * The history lives for the session (temporary tables die with the connection), as in most
 * desktop editors. Deleting a source is not undoable and clears it. It is the project's one
 * history: every window or tab of the project talks to the same backend, so each step has an id
 * and an undo or redo can name the step it means (`expected`), refused when another window acted
 * first.
 *
 * The triggers also log which source and highlight each changed row belongs to, so a step knows
 * where it happened ("Add note in “Arms to the Levant”") and the UI can show it there.
 */

export const UNDOABLE_TABLES = ['sources', 'source_versions', 'highlights', 'highlight_actors', 'actors', 'actor_aliases', 'relation_types', 'claims', 'notes', 'collections', 'collection_sources', 'dismissed_mentions', 'highlight_coders', 'claim_coders'] as const;

type UndoableTable = (typeof UNDOABLE_TABLES)[number];

const viaHighlight = (row: string) => `(SELECT source_id FROM main.highlights WHERE id = ${row}.highlight_id)`;
/**
 * SQL for the source and the highlight a row (`new` or `old`) belongs to; null for tables of
 * project-wide data (actors, their aliases, relation types), which tie a step to no one source.
 */
const SCOPE: Record<UndoableTable, ((row: string) => { source: string; highlight: string }) | null> = {
  sources: (row) => ({ source: `${row}.id`, highlight: 'NULL' }),
  source_versions: (row) => ({ source: `${row}.source_id`, highlight: 'NULL' }),
  highlights: (row) => ({ source: `${row}.source_id`, highlight: `${row}.id` }),
  highlight_actors: (row) => ({ source: viaHighlight(row), highlight: `${row}.highlight_id` }),
  claims: (row) => ({ source: `${row}.source_id`, highlight: `${row}.highlight_id` }),
  notes: (row) => ({ source: viaHighlight(row), highlight: `${row}.highlight_id` }),
  actors: null,
  actor_aliases: null,
  relation_types: null,
  collections: null,
  collection_sources: (row) => ({ source: `${row}.source_id`, highlight: 'NULL' }),
  dismissed_mentions: (row) => ({ source: `${row}.source_id`, highlight: 'NULL' }),
  highlight_coders: (row) => ({ source: viaHighlight(row), highlight: `${row}.highlight_id` }),
  claim_coders: (row) => ({
    source: `(SELECT source_id FROM main.claims WHERE id = ${row}.claim_id)`,
    highlight: `(SELECT highlight_id FROM main.claims WHERE id = ${row}.claim_id)`,
  }),
};

interface Group {
  /** Stays with the step when it moves between the undo and redo stacks. */
  id: number;
  label: string;
  statements: string[];
  /** The one source whose rows the step changed; null when it changed project-wide rows or several sources. */
  sourceId: string | null;
  /** The one highlight whose rows it changed (within that source), else null. */
  highlightId: string | null;
}

interface Drained {
  statements: string[];
  sourceId: string | null;
  highlightId: string | null;
}

const LIMIT = 500;

/**
 * The last step id given out per project file in this process. Not per journal: after a backup
 * is restored the project gets a new journal, and a window still showing an old step must not
 * match a new one.
 */
const lastStepIds = new Map<string, number>();

export class UndoJournal {
  private readonly undoStack: Group[] = [];
  private readonly redoStack: Group[] = [];
  private recording = 0;

  constructor(private readonly db: Database.Database) {
    db.exec('CREATE TEMP TABLE IF NOT EXISTS undo_log (seq INTEGER PRIMARY KEY, statement TEXT NOT NULL, source_id TEXT, highlight_id TEXT, shared INTEGER NOT NULL)');
    db.exec('CREATE TEMP TABLE IF NOT EXISTS undo_control (active INTEGER NOT NULL)');
    db.exec('DELETE FROM undo_control; INSERT INTO undo_control VALUES (0)');
    for (const table of UNDOABLE_TABLES) this.installTriggers(table);
  }

  /** Runs `action` in one transaction as one undoable step named `label`. */
  record<T>(label: string, action: () => T): T {
    if (this.recording > 0) return action(); // nested: part of the enclosing step
    const run = this.db.transaction(() => {
      this.setActive(true);
      try {
        return action();
      } finally {
        this.setActive(false);
      }
    });
    this.recording++;
    try {
      const result = run.immediate();
      const drained = this.drain();
      if (drained.statements.length > 0) {
        const id = (lastStepIds.get(this.db.name) ?? 0) + 1;
        lastStepIds.set(this.db.name, id);
        this.undoStack.push({ id, label, ...drained });
        if (this.undoStack.length > LIMIT) this.undoStack.shift();
        this.redoStack.length = 0;
      }
      return result;
    } catch (error) {
      this.drain();
      throw error;
    } finally {
      this.recording--;
    }
  }

  /** Runs a write that is not an undo step of its own (a note's text while typing). */
  untracked<T>(action: () => T): T {
    return this.db.transaction(action).immediate();
  }

  /**
   * Reverts the last step and returns it (null: nothing to undo). With `expected` (the id of the
   * step the caller shows, or null for "nothing"), refuses with `conflict` when the last step is
   * another one: another window undid it or made a change since.
   */
  undo(expected?: number | null): UndoStep | null {
    this.check('undo', expected);
    return this.replay(this.undoStack, this.redoStack);
  }

  redo(expected?: number | null): UndoStep | null {
    this.check('redo', expected);
    return this.replay(this.redoStack, this.undoStack);
  }

  state() {
    const undo = this.top(this.undoStack);
    const redo = this.top(this.redoStack);
    return { canUndo: undo !== null, canRedo: redo !== null, undoLabel: undo?.label ?? null, redoLabel: redo?.label ?? null, undo, redo };
  }

  /** Forget the history, e.g. after an edit that cannot be undone (deleting a source). */
  clear(): void {
    this.undoStack.length = 0;
    this.redoStack.length = 0;
  }

  private top(stack: Group[]): UndoStep | null {
    const group = stack[stack.length - 1];
    return group ? this.describe(group) : null;
  }

  /** A step as the UI names it: the source's title as it is now, the highlight only while it exists. */
  private describe(group: Group): UndoStep {
    const title = group.sourceId
      ? ((this.db.prepare('SELECT title FROM main.sources WHERE id = ?').pluck().get(group.sourceId) as string | undefined) ?? null)
      : null;
    const highlight = group.highlightId ? this.db.prepare('SELECT 1 FROM main.highlights WHERE id = ?').pluck().get(group.highlightId) : undefined;
    return { id: group.id, label: group.label, sourceId: group.sourceId, sourceTitle: title, highlightId: highlight ? group.highlightId : null };
  }

  private check(which: 'undo' | 'redo', expected: number | null | undefined): void {
    if (expected === undefined) return;
    const top = this.top(which === 'undo' ? this.undoStack : this.redoStack);
    if ((top?.id ?? null) === expected) return;
    const [done, Verb] = which === 'undo' ? ['undone', 'Undo'] : ['redone', 'Redo'];
    const where = top?.sourceTitle ? ` in “${top.sourceTitle}”` : '';
    throw new ApiError(
      'conflict',
      top
        ? `Nothing was ${done}: this project was changed in another window. ${Verb} would now ${which} “${top.label}”${where}; press ${Verb} again if you mean that.`
        : `Nothing was ${done}: this project was changed in another window, and there is nothing left to ${which}.`,
      { expected, current: top?.id ?? null },
    );
  }

  private replay(from: Group[], to: Group[]): UndoStep | null {
    const group = from.pop();
    if (!group) return null;
    try {
      this.db.transaction(() => {
        // Rows come back in reverse order of their removal; parents may follow their children.
        this.db.pragma('defer_foreign_keys = ON');
        this.setActive(true);
        try {
          for (let i = group.statements.length - 1; i >= 0; i--) this.db.exec(group.statements[i]);
        } finally {
          this.setActive(false);
        }
      }).immediate();
    } catch (error) {
      this.drain();
      from.push(group);
      throw error;
    }
    // The step keeps its id and where it happened; only its statements are the reverse ones.
    const moved = { ...group, statements: this.drain().statements };
    to.push(moved);
    return this.describe(moved);
  }

  private setActive(on: boolean): void {
    this.db.prepare('UPDATE undo_control SET active = ?').run(on ? 1 : 0);
  }

  /** Takes the logged statements, and the one source and highlight they touched (if just one). */
  private drain(): Drained {
    const statements = this.db.prepare('SELECT statement FROM undo_log ORDER BY seq').pluck().all() as string[];
    const scope = this.db
      .prepare(
        `SELECT max(shared) AS shared, count(DISTINCT source_id) AS sources, min(source_id) AS sourceId,
                count(DISTINCT highlight_id) AS highlights, min(highlight_id) AS highlightId FROM undo_log`,
      )
      .get() as { shared: number | null; sources: number; sourceId: string | null; highlights: number; highlightId: string | null };
    this.db.exec('DELETE FROM undo_log');
    const oneSource = !scope.shared && scope.sources === 1;
    return {
      statements,
      sourceId: oneSource ? scope.sourceId : null,
      highlightId: oneSource && scope.highlights === 1 ? scope.highlightId : null,
    };
  }

  private installTriggers(table: UndoableTable): void {
    const columns = (this.db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]).map((c) => `"${c}"`);
    const when = 'WHEN (SELECT active FROM undo_control) = 1';
    const scope = SCOPE[table];
    const log = (expression: string, row: 'new' | 'old') => {
      const { source, highlight } = scope?.(row) ?? { source: 'NULL', highlight: 'NULL' };
      return `INSERT INTO undo_log (statement, source_id, highlight_id, shared) VALUES (${expression}, ${source}, ${highlight}, ${scope ? 0 : 1});`;
    };
    // quote() cuts text at its first NUL character; text goes through a blob literal instead.
    const literal = (c: string) =>
      `CASE typeof(old.${c}) WHEN 'text' THEN 'CAST(' || quote(CAST(old.${c} AS BLOB)) || ' AS TEXT)' ELSE quote(old.${c}) END`;
    const values = columns.map(literal).join(` || ',' || `);
    const sets = columns.map((c) => `'${c.replace(/'/g, "''")}=' || ${literal(c)}`).join(` || ',' || `);
    this.db.exec(`
      DROP TRIGGER IF EXISTS temp.undo_${table}_insert;
      DROP TRIGGER IF EXISTS temp.undo_${table}_update;
      DROP TRIGGER IF EXISTS temp.undo_${table}_delete;
      CREATE TEMP TRIGGER undo_${table}_insert AFTER INSERT ON main.${table} ${when}
        BEGIN ${log(`'DELETE FROM main.${table} WHERE rowid=' || new.rowid`, 'new')} END;
      CREATE TEMP TRIGGER undo_${table}_update AFTER UPDATE ON main.${table} ${when}
        BEGIN ${log(`'UPDATE main.${table} SET ' || ${sets} || ' WHERE rowid=' || old.rowid`, 'new')} END;
      CREATE TEMP TRIGGER undo_${table}_delete AFTER DELETE ON main.${table} ${when}
        BEGIN ${log(`'INSERT INTO main.${table} (rowid,${columns.join(',')}) VALUES (' || old.rowid || ',' || ${values} || ')'`, 'old')} END;
    `);
  }
}
