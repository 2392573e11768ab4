import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';

/** The numbered .sql files, in order. File n takes the schema from version n-1 to n. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export function loadMigrations(dir: string = DEFAULT_MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .filter((name) => /^\d{3}_[a-z0-9_]+\.sql$/.test(name))
    .sort()
    .map((name) => ({ version: Number(name.slice(0, 3)), name, sql: readFileSync(join(dir, name), 'utf8') }));
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migrations must be numbered 001, 002, … without gaps; found ${migration.name}`);
    }
  });
  return migrations;
}

export function latestVersion(migrations: Migration[]): number {
  return migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;
}

/**
 * Runs every migration above the file's user_version, each in its own transaction together with
 * the user_version bump, so a failure leaves the file at the last complete version.
 * The caller backs the file up first.
 */
export function migrate(db: Database.Database, migrations: Migration[], upTo = latestVersion(migrations)): number {
  const from = db.pragma('user_version', { simple: true }) as number;
  for (const migration of migrations) {
    if (migration.version <= from || migration.version > upTo) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return from;
}
