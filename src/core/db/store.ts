import type Database from 'better-sqlite3';

/**
 * The open project database plus a cache of prepared statements. Services receive a Store;
 * `write` wraps one user action in one IMMEDIATE transaction, committed before it returns, so
 * the UI can only report success for what is on disk.
 */
export class Store {
  private readonly statements = new Map<string, Database.Statement>();
  constructor(readonly db: Database.Database) {}

  sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  write<T>(action: () => T): T {
    return this.db.transaction(action).immediate();
  }

  read<T>(action: () => T): T {
    return this.db.transaction(action).deferred();
  }
}

export const now = (): string => new Date().toISOString();
