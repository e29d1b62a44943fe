import type Database from 'better-sqlite3';

/**
 * Undo and redo for annotation edits, by SQLite's own record of what changed: temporary
 * triggers on each annotation table write the statement that would reverse every row change
 * into a temporary log. One user action is one group of log entries; undoing replays a group
 * backwards (which the triggers record again, giving the redo group). So whatever a service
 * does, undo restores exactly the rows it touched, and nothing has to be written twice.
 *
 * The history lives for the session (temporary tables die with the connection), as in most
 * desktop editors. Deleting a source is not undoable and clears it.
 */

export const UNDOABLE_TABLES = ['sources', 'source_versions', 'highlights', 'highlight_actors', 'actors', 'actor_aliases', 'relation_types', 'claims', 'notes'] as const;

interface Group {
  label: string;
  statements: string[];
}

const LIMIT = 500;

export class UndoJournal {
  private readonly undoStack: Group[] = [];
  private readonly redoStack: Group[] = [];
  private recording = 0;

  constructor(private readonly db: Database.Database) {
    db.exec('CREATE TEMP TABLE IF NOT EXISTS undo_log (seq INTEGER PRIMARY KEY, statement TEXT NOT NULL)');
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
      const statements = this.drain();
      if (statements.length > 0) {
        this.undoStack.push({ label, statements });
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

  undo(): string | null {
    return this.replay(this.undoStack, this.redoStack);
  }

  redo(): string | null {
    return this.replay(this.redoStack, this.undoStack);
  }

  state() {
    const top = (stack: Group[]) => stack[stack.length - 1]?.label ?? null;
    return { canUndo: this.undoStack.length > 0, canRedo: this.redoStack.length > 0, undoLabel: top(this.undoStack), redoLabel: top(this.redoStack) };
  }

  /** Forget the history, e.g. after an edit that cannot be undone (deleting a source). */
  clear(): void {
    this.undoStack.length = 0;
    this.redoStack.length = 0;
  }

  private replay(from: Group[], to: Group[]): string | null {
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
    to.push({ label: group.label, statements: this.drain() });
    return group.label;
  }

  private setActive(on: boolean): void {
    this.db.prepare('UPDATE undo_control SET active = ?').run(on ? 1 : 0);
  }

  private drain(): string[] {
    const rows = this.db.prepare('SELECT statement FROM undo_log ORDER BY seq').pluck().all() as string[];
    this.db.exec('DELETE FROM undo_log');
    return rows;
  }

  private installTriggers(table: string): void {
    const columns = (this.db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]).map((c) => `"${c}"`);
    const when = 'WHEN (SELECT active FROM undo_control) = 1';
    const log = (expression: string) => `INSERT INTO undo_log (statement) VALUES (${expression});`;
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
        BEGIN ${log(`'DELETE FROM main.${table} WHERE rowid=' || new.rowid`)} END;
      CREATE TEMP TRIGGER undo_${table}_update AFTER UPDATE ON main.${table} ${when}
        BEGIN ${log(`'UPDATE main.${table} SET ' || ${sets} || ' WHERE rowid=' || old.rowid`)} END;
      CREATE TEMP TRIGGER undo_${table}_delete AFTER DELETE ON main.${table} ${when}
        BEGIN ${log(`'INSERT INTO main.${table} (rowid,${columns.join(',')}) VALUES (' || old.rowid || ',' || ${values} || ')'`)} END;
    `);
  }
}
