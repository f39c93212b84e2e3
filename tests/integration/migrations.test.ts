// The committed migrations are the only way the server's database gets its schema
// (server/db/migrate.ts applies them at start). These tests hold them to
// prisma/schema.prisma, which the Prisma client is generated from, and check that
// migrateDatabase refuses every history it cannot safely continue.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import Database from 'better-sqlite3';
import {
  diagnoseMigrationHistory,
  diffMigrationsToSchema,
  migrationsDir,
  schemaFile,
} from '../../prisma/schema-diff.ts';
import { migrateDatabase } from '../../server/db/migrate.ts';
import { PrismaClient } from '../../server/generated/prisma/client.ts';

let tmp: string;
before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'farm-migrations-'));
});
after(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const committed = fs
  .readdirSync(migrationsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

let fileCount = 0;
/** A database path in a folder that does not exist yet. */
function freshDbFile(): string {
  fileCount += 1;
  return path.join(tmp, `db-${fileCount}`, 'farm.db');
}

function copyMigrations(): string {
  fileCount += 1;
  const dir = path.join(tmp, `migrations-${fileCount}`);
  fs.cpSync(migrationsDir, dir, { recursive: true });
  return dir;
}

function writeMigration(dir: string, name: string, sql: string): void {
  fs.mkdirSync(path.join(dir, name), { recursive: true });
  fs.writeFileSync(path.join(dir, name, 'migration.sql'), sql);
}

function tableNames(dbFile: string): string[] {
  const db = new Database(dbFile, { readonly: true });
  try {
    const rows = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all();
    return (rows as { name: string }[]).map((row) => row.name);
  } finally {
    db.close();
  }
}

function withDb<T>(dbFile: string, use: (db: Database.Database) => T): T {
  const db = new Database(dbFile);
  try {
    return use(db);
  } finally {
    db.close();
  }
}

describe('committed migrations', () => {
  test('produce exactly prisma/schema.prisma', async () => {
    assert.ok(committed.length > 0, `no migrations under ${migrationsDir}`);
    const missing = await diffMigrationsToSchema();
    assert.equal(
      missing,
      '',
      'prisma/schema.prisma has changes that no migration makes. Run `npm run migration:new -- <name>` ' +
        `and commit the new migration. The missing SQL:\n${missing}`,
    );
  });

  test('the diff sees a schema change that has no migration', async () => {
    const edited = path.join(tmp, 'edited-schema.prisma');
    const original = fs.readFileSync(schemaFile, 'utf8');
    const withColumn = original.replace(/(model Worker \{\n)/, '$1  hostname String?\n');
    assert.notEqual(withColumn, original);
    fs.writeFileSync(edited, withColumn);
    const sql = await diffMigrationsToSchema({ schemaFile: edited });
    assert.match(sql, /ALTER TABLE "Worker" ADD COLUMN "hostname" TEXT/);
  });
});

describe('migrateDatabase', () => {
  test('creates a fresh database, records every migration, and then has nothing to do', async () => {
    const dbFile = freshDbFile();
    const logs: string[] = [];
    const first = migrateDatabase(dbFile, { log: (msg) => logs.push(msg) });
    assert.deepEqual(first.applied, committed);
    assert.equal(logs.length, committed.length);

    for (const table of ['Frame', 'Job', 'Worker', '_prisma_migrations']) {
      assert.ok(tableNames(dbFile).includes(table), `table ${table} missing`);
    }
    const rows = withDb(dbFile, (db) =>
      db.prepare(`SELECT * FROM "_prisma_migrations" ORDER BY migration_name`).all(),
    ) as Record<string, unknown>[];
    assert.deepEqual(
      rows.map((row) => row.migration_name),
      committed,
    );
    for (const row of rows) {
      const sql = fs.readFileSync(path.join(migrationsDir, String(row.migration_name), 'migration.sql'));
      assert.equal(row.checksum, createHash('sha256').update(sql).digest('hex'));
      assert.equal(row.applied_steps_count, 1);
      assert.equal(row.rolled_back_at, null);
      assert.equal(row.logs, null);
      assert.ok(row.finished_at, 'finished_at recorded');
      assert.ok(row.started_at, 'started_at recorded');
    }

    assert.deepEqual(migrateDatabase(dbFile).applied, []);

    // Prisma's own engine reads the history as `prisma migrate status` would: complete.
    const diagnosis = await diagnoseMigrationHistory(dbFile);
    assert.deepEqual(diagnosis, {
      editedMigrationNames: [],
      failedMigrationNames: [],
      hasMigrationsTable: true,
      history: null,
    });
  });

  test('applies only the new migrations to an older database', () => {
    const dir = copyMigrations();
    const dbFile = freshDbFile();
    migrateDatabase(dbFile, { migrationsDir: dir });
    writeMigration(dir, '99990101000000_add_worker_hostname', 'ALTER TABLE "Worker" ADD COLUMN "hostname" TEXT;\n');
    const { applied } = migrateDatabase(dbFile, { migrationsDir: dir });
    assert.deepEqual(applied, ['99990101000000_add_worker_hostname']);
    const columns = withDb(dbFile, (db) => db.pragma('table_info("Worker")') as { name: string }[]);
    assert.ok(columns.some((column) => column.name === 'hostname'));
  });

  test('refuses a migration edited after it was applied, naming it', () => {
    const dir = copyMigrations();
    const dbFile = freshDbFile();
    migrateDatabase(dbFile, { migrationsDir: dir });
    const edited = committed[0];
    assert.ok(edited);
    fs.appendFileSync(path.join(dir, edited, 'migration.sql'), '\nCREATE INDEX "Job_name_idx" ON "Job"("name");\n');
    assert.throws(
      () => migrateDatabase(dbFile, { migrationsDir: dir }),
      (error: Error) => error.message.includes(edited) && /changed after it was applied/.test(error.message),
    );
  });

  test('accepts a migration whose only change is CRLF line endings', () => {
    const dir = copyMigrations();
    const dbFile = freshDbFile();
    migrateDatabase(dbFile, { migrationsDir: dir });
    for (const name of committed) {
      const file = path.join(dir, name, 'migration.sql');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/\n/g, '\r\n'));
    }
    assert.deepEqual(migrateDatabase(dbFile, { migrationsDir: dir }).applied, []);
  });

  test('refuses a database migrated by a newer version of the server', () => {
    const dbFile = freshDbFile();
    migrateDatabase(dbFile);
    withDb(dbFile, (db) =>
      db
        .prepare(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
           VALUES ('future', 'abc', '2099-01-01T00:00:00.000+00:00', '20990101000000_from_the_future',
                   '2099-01-01T00:00:00.000+00:00', 1)`,
        )
        .run(),
    );
    assert.throws(
      () => migrateDatabase(dbFile),
      (error: Error) =>
        error.message.includes('20990101000000_from_the_future') && /newer version/.test(error.message),
    );
  });

  test('refuses a database with a migration that started but never finished', () => {
    const dbFile = freshDbFile();
    migrateDatabase(dbFile);
    const last = committed.at(-1);
    withDb(dbFile, (db) =>
      db
        .prepare(`UPDATE "_prisma_migrations" SET finished_at = NULL, logs = 'disk full' WHERE migration_name = ?`)
        .run(last),
    );
    assert.throws(
      () => migrateDatabase(dbFile),
      (error: Error) => error.message.includes(String(last)) && /never finished/.test(error.message),
    );
  });

  test('rolls a failing migration back whole, names it, and applies it once fixed', () => {
    const dir = copyMigrations();
    const dbFile = freshDbFile();
    migrateDatabase(dbFile, { migrationsDir: dir });
    const name = '99990101000000_broken';
    writeMigration(dir, name, 'CREATE TABLE "Half" ("id" INTEGER);\nALTER TABLE "NoSuchTable" ADD COLUMN "x" TEXT;\n');
    assert.throws(
      () => migrateDatabase(dbFile, { migrationsDir: dir }),
      (error: Error) => error.message.includes(name) && /no such table: NoSuchTable/.test(error.message),
    );
    assert.ok(!tableNames(dbFile).includes('Half'), 'the first statement was rolled back too');

    writeMigration(dir, name, 'CREATE TABLE "Half" ("id" INTEGER);\n');
    assert.deepEqual(migrateDatabase(dbFile, { migrationsDir: dir }).applied, [name]);
  });

  test("rebuilding a parent table keeps the children's rows", () => {
    // The shape Prisma writes for SQLite changes it cannot ALTER: copy, drop, rename,
    // inside PRAGMA foreign_keys=OFF/ON. With keys on during the DROP, the cascade would
    // delete every child row.
    const dir = path.join(tmp, 'migrations-rebuild');
    writeMigration(
      dir,
      '20260101000000_init',
      `CREATE TABLE "Job" ("id" TEXT NOT NULL PRIMARY KEY, "name" TEXT NOT NULL);
       CREATE TABLE "Frame" ("id" INTEGER NOT NULL PRIMARY KEY, "jobId" TEXT NOT NULL,
         CONSTRAINT "Frame_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job" ("id") ON DELETE CASCADE);`,
    );
    const dbFile = freshDbFile();
    migrateDatabase(dbFile, { migrationsDir: dir });
    withDb(dbFile, (db) => {
      db.exec(`INSERT INTO "Job" VALUES ('j1', 'spin'); INSERT INTO "Frame" VALUES (1, 'j1'), (2, 'j1');`);
    });
    writeMigration(
      dir,
      '20260102000000_job_priority',
      `PRAGMA defer_foreign_keys=ON;
       PRAGMA foreign_keys=OFF;
       CREATE TABLE "new_Job" ("id" TEXT NOT NULL PRIMARY KEY, "name" TEXT NOT NULL, "priority" INTEGER NOT NULL DEFAULT 0);
       INSERT INTO "new_Job" ("id", "name") SELECT "id", "name" FROM "Job";
       DROP TABLE "Job";
       ALTER TABLE "new_Job" RENAME TO "Job";
       PRAGMA foreign_keys=ON;
       PRAGMA defer_foreign_keys=OFF;`,
    );
    assert.deepEqual(migrateDatabase(dbFile, { migrationsDir: dir }).applied, ['20260102000000_job_priority']);
    const frames = withDb(dbFile, (db) => db.prepare(`SELECT COUNT(*) AS n FROM "Frame"`).get()) as { n: number };
    assert.equal(frames.n, 2);
  });

  test('leaves a database that Prisma Client can use', async () => {
    const dbFile = freshDbFile();
    migrateDatabase(dbFile);
    const prisma = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: `file:${dbFile}` }) });
    try {
      await prisma.worker.create({ data: { id: 'w1', name: 'render-01', tokenHash: 'f'.repeat(64) } });
      const worker = await prisma.worker.findUniqueOrThrow({ where: { tokenHash: 'f'.repeat(64) } });
      assert.equal(worker.name, 'render-01');
      assert.equal(worker.status, 'IDLE');
      assert.ok(worker.createdAt instanceof Date);
    } finally {
      await prisma.$disconnect();
    }
  });
});
