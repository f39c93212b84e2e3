// Brings a SQLite database up to the current schema from the migrations committed
// under prisma/migrations, at server start, offline.
//
// Prisma's `migrate deploy` would do this, but it runs a native schema-engine binary
// that it downloads on first use, and these machines cannot reach the download. This
// applies the same files the same way and keeps the same `_prisma_migrations` table,
// so a database stays readable by Prisma's own tooling (`migrate status`, `migrate
// deploy`) wherever that tooling works. The migration files themselves are written by
// `npm run migration:new` (prisma/new-migration.ts), and
// tests/integration/migrations.test.ts proves they add up to prisma/schema.prisma.

import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { REPO_ROOT } from '../paths.ts';

const defaultMigrationsDir = path.join(REPO_ROOT, 'prisma', 'migrations');

// Column for column what Prisma's schema engine creates on SQLite, so that Prisma's
// tooling and this file can take turns on the same database.
const createMigrationsTable = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

interface MigrationFile {
  name: string;
  sql: string;
}

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: string | null;
  logs: string | null;
}

export interface MigrateOptions {
  /** Defaults to prisma/migrations next to this repository's schema, whatever the cwd. */
  migrationsDir?: string;
  log?: (msg: string) => void;
}

/**
 * Applies every migration in `migrationsDir` that `dbFile` has not had yet, oldest
 * first, each in its own transaction, and returns the names of those it applied.
 * Throws, changing nothing, when the database's history does not fit the folder.
 */
export function migrateDatabase(dbFile: string, opts: MigrateOptions = {}): { applied: string[] } {
  const migrationsDir = opts.migrationsDir ?? defaultMigrationsDir;
  const log = opts.log ?? (() => {});
  const migrations = readMigrations(migrationsDir);

  fs.mkdirSync(path.dirname(path.resolve(dbFile)), { recursive: true });
  // Another process (a second server on the same file) may hold the write lock while
  // it migrates: wait for it rather than fail, then find its work already done.
  const db = new Database(dbFile, { timeout: 30_000 });
  try {
    // Prisma's SQLite migrations rebuild a table to alter it (create new_X, copy, drop
    // X, rename), bracketed by `PRAGMA foreign_keys=OFF/ON`. That pragma is ignored
    // inside a transaction, and better-sqlite3 turns foreign keys on by default, so
    // dropping a parent table here would cascade and delete its children's rows (all
    // of a job's frames). So keys go off for the connection before any transaction,
    // and each migration is checked with foreign_key_check before it commits: the
    // procedure SQLite's documentation gives for schema changes.
    db.pragma('foreign_keys = OFF');
    if (!hasTable(db, '_prisma_migrations') && migrations.length > 0 && userTables(db).length > 0) {
      throw new Error(
        `Database ${dbFile} has tables (${userTables(db).join(', ')}) but no migration history ` +
          `(_prisma_migrations), so it was not created from ${migrationsDir}. ` +
          'Move it aside to let the server create a fresh one.',
      );
    }
    db.exec(createMigrationsTable);

    checkHistory(dbFile, readHistory(db), migrations);

    const applied: string[] = [];
    for (const migration of migrations) {
      const started = Date.now();
      const didApply = db
        .transaction(() => {
          // Re-read under the write lock: a process that migrated meanwhile has already
          // recorded this one, and then there is nothing to do.
          if (readHistory(db).some((row) => row.migration_name === migration.name)) return false;
          const startedAt = prismaTimestamp(new Date());
          try {
            db.exec(migration.sql);
          } catch (error) {
            throw new Error(
              `Migration ${migration.name} failed and was rolled back, leaving the database ` +
                `as it was before it: ${(error as Error).message}. Fix ` +
                `${path.join(migrationsDir, migration.name, 'migration.sql')} and start again.`,
              { cause: error },
            );
          }
          const violations = db.pragma('foreign_key_check') as unknown[];
          if (violations.length > 0) {
            throw new Error(
              `Migration ${migration.name} was rolled back: it leaves ${violations.length} ` +
                `rows whose foreign keys point nowhere (first: ${JSON.stringify(violations[0])}).`,
            );
          }
          db.prepare(
            `INSERT INTO "_prisma_migrations"
               (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
             VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
          ).run(
            randomUUID(),
            checksum(migration.sql),
            prismaTimestamp(new Date()),
            migration.name,
            startedAt,
          );
          return true;
        })
        // IMMEDIATE takes the write lock before the re-read above, so two starting
        // servers cannot both decide to apply the same migration.
        .immediate();
      if (didApply) {
        applied.push(migration.name);
        log(`applied migration ${migration.name} in ${Date.now() - started} ms`);
      }
    }
    if (applied.length === 0) log(`database schema is up to date (${migrations.length} migrations)`);
    return { applied };
  } finally {
    db.close();
  }
}

function readMigrations(dir: string): MigrationFile[] {
  if (!fs.existsSync(dir)) {
    throw new Error(`Migrations folder ${dir} does not exist.`);
  }
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    // Name order is the order they were written in: names start with a UTC timestamp.
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => {
      const file = path.join(dir, name, 'migration.sql');
      if (!fs.existsSync(file)) {
        throw new Error(`Migration ${name} has no migration.sql (looked for ${file}).`);
      }
      return { name, sql: fs.readFileSync(file, 'utf8') };
    });
}

/**
 * Refuses a database whose recorded history the folder cannot continue. Rows marked
 * rolled back are an audit trail and ignored, as Prisma does.
 */
function checkHistory(dbFile: string, rows: MigrationRow[], migrations: MigrationFile[]): void {
  const failed = rows.find((row) => row.finished_at === null);
  if (failed) {
    throw new Error(
      `Migration ${failed.migration_name} started on ${dbFile} but never finished` +
        (failed.logs ? ` (${failed.logs.trim()})` : '') +
        ', so the database may be half-migrated. Repair or restore the database by hand, then ' +
        'mark that row rolled back (set rolled_back_at in _prisma_migrations) to retry it.',
    );
  }
  const byName = new Map(migrations.map((migration) => [migration.name, migration]));
  for (const row of rows) {
    const migration = byName.get(row.migration_name);
    if (!migration) {
      throw new Error(
        `Database ${dbFile} has migration ${row.migration_name} applied, which is not in this ` +
          "server's migrations folder: it was written by a newer version of the server. " +
          'Run that version, or restore a backup taken before it.',
      );
    }
    if (!matchesChecksum(migration.sql, row.checksum)) {
      throw new Error(
        `Migration ${row.migration_name} was changed after it was applied to ${dbFile} ` +
          '(its checksum differs). Applied migrations must not be edited: restore the file ' +
          'from version control and put the change in a new migration (npm run migration:new).',
      );
    }
  }
}

function readHistory(db: Database.Database): MigrationRow[] {
  return db
    .prepare(
      `SELECT migration_name, checksum, finished_at, logs FROM "_prisma_migrations"
       WHERE rolled_back_at IS NULL ORDER BY started_at`,
    )
    .all() as MigrationRow[];
}

function hasTable(db: Database.Database, name: string): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;
}

function userTables(db: Database.Database): string[] {
  const rows = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
    .all() as { name: string }[];
  return rows.map((row) => row.name);
}

function checksum(sql: string): string {
  return createHash('sha256').update(sql, 'utf8').digest('hex');
}

/**
 * Git may check a file out with other line endings than it was applied with (autocrlf
 * on Windows); like Prisma, count that as the same migration.
 */
function matchesChecksum(sql: string, recorded: string): boolean {
  const lf = sql.replace(/\r\n/g, '\n');
  return [sql, lf, lf.replace(/\n/g, '\r\n')].some((variant) => checksum(variant) === recorded);
}

/** The form Prisma's schema engine writes into _prisma_migrations on SQLite. */
function prismaTimestamp(date: Date): string {
  return date.toISOString().replace(/Z$/, '+00:00');
}
