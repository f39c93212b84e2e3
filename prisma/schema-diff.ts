// Computes the SQL that takes the database built by the committed migrations to
// prisma/schema.prisma, with Prisma's own diffing engine, offline.
//
// Prisma's CLI would do this with `migrate diff`, but it runs a native schema-engine
// binary that it downloads on first use, which these machines cannot reach. The same
// engine is published as WebAssembly (@prisma/schema-engine-wasm) and talks to SQLite
// through a driver adapter instead. That package is internal to Prisma and its API
// changes without notice, so it is pinned to an exact version in package.json and
// this file is the only one that touches it. Only development tooling (the migration
// generator and the migrations test) imports this; the server applies migrations
// with plain better-sqlite3 (server/db/migrate.ts).

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
// Not in package.json: it comes with @prisma/adapter-better-sqlite3, which pins it to
// its own exact version, and the engine needs adapters wrapped by exactly that code.
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type {
  DiagnoseMigrationHistoryOutput,
  MigrationList,
  SchemaEngine,
} from '@prisma/schema-engine-wasm';

const here = path.dirname(fileURLToPath(import.meta.url));

export const schemaFile = path.join(here, 'schema.prisma');
export const migrationsDir = path.join(here, 'migrations');

let engineClass: Promise<typeof SchemaEngine> | undefined;

/**
 * The package's own entry point imports the .wasm file as an ES module, which Node 20
 * only does behind --experimental-wasm-modules; so instantiate it by hand against the
 * wasm-bindgen glue, as Prisma's own loader (@prisma/internals) does. Once per process: the glue keeps module-level
 * state, and a second instantiation breaks it.
 */
function loadSchemaEngine(): Promise<typeof SchemaEngine> {
  engineClass ??= (async () => {
    const require = createRequire(import.meta.url);
    const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const runtime = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = fs.readFileSync(path.join(path.dirname(gluePath), 'schema_engine_bg.wasm'));
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
      './schema_engine_bg.js': runtime as unknown as WebAssembly.ModuleImports,
    });
    runtime.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return runtime.SchemaEngine;
  })();
  return engineClass;
}

/**
 * The engine replays each migration file into the shadow database with a single
 * executeRaw call, but better-sqlite3 prepares one statement at a time and throws
 * "The supplied SQL string contains more than one statement". Such parameterless
 * scripts go through executeScript (better-sqlite3's exec) instead; nothing else
 * changes, so parameterised queries keep their row counts. Every connection is also
 * remembered, because freeing the engine does not close them and the engine holds
 * SQLite files in exclusive locking mode.
 */
function adapterFactory(url: string): {
  factory: SqlMigrationAwareDriverAdapterFactory;
  closeAll: () => Promise<void>;
} {
  const inner = new PrismaBetterSqlite3({ url });
  const open: SqlDriverAdapter[] = [];
  const wrap = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    open.push(adapter);
    return new Proxy(adapter, {
      get(target, prop) {
        if (prop === 'executeRaw') {
          return async (query: Parameters<SqlDriverAdapter['executeRaw']>[0]) => {
            try {
              return await target.executeRaw(query);
            } catch (error) {
              // "contains more than one statement", or "no statements" for a migration
              // that is only comments.
              const notOneStatement =
                error instanceof RangeError && /contains (more than one|no) statement/.test(error.message);
              if (!notOneStatement || query.args.length > 0) throw error;
              await target.executeScript(query.sql);
              return 0;
            }
          };
        }
        // The adapter keeps state in #private fields, which only work with the
        // real instance as `this`.
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  };
  return {
    factory: {
      provider: inner.provider,
      adapterName: inner.adapterName,
      connect: async () => wrap(await inner.connect()),
      connectToShadowDb: async () => wrap(await inner.connectToShadowDb()),
    },
    closeAll: async () => {
      await Promise.all(open.splice(0).map((adapter) => adapter.dispose()));
    },
  };
}

/**
 * Runs `use` with a schema engine whose main database is `url` (its shadow database is
 * always a fresh in-memory one), then frees the engine and closes its connections.
 */
async function withEngine<T>(url: string, use: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const SchemaEngineClass = await loadSchemaEngine();
  const { factory, closeAll } = adapterFactory(url);
  const bound = bindMigrationAwareSqlAdapterFactory(factory);
  const engine = await SchemaEngineClass.new({ datamodels: undefined }, () => {}, bound);
  try {
    return await use(engine);
  } catch (error) {
    // A JavaScript error inside the adapter reaches us only as "External error id#N";
    // the error itself waits in the registry.
    const id = /External error id#(\d+)/.exec(String(error))?.[1];
    const cause = id === undefined ? undefined : bound.errorRegistry.consumeError(Number(id));
    // The adapter's error is the real cause; the engine's wrapper only points at it.
    // eslint-disable-next-line preserve-caught-error
    if (cause) throw new Error(`${String(error)}\ncaused by: ${String(cause.error)}`, { cause: cause.error });
    throw error;
  } finally {
    engine.free();
    await closeAll();
  }
}

const noFilters = { externalTables: [], externalEnums: [] };

/** Reads a migrations folder the way Prisma's CLI hands it to the engine. */
export function readMigrationList(dir: string = migrationsDir): MigrationList {
  const lockPath = path.join(dir, 'migration_lock.toml');
  const entries = fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : [];
  return {
    baseDir: dir,
    lockfile: {
      path: 'migration_lock.toml',
      content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, 'utf8') : null,
    },
    shadowDbInitScript: '',
    migrationDirectories: entries
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort()
      .map((name) => {
        const file = path.join(dir, name, 'migration.sql');
        return {
          path: name,
          migrationFile: {
            path: 'migration.sql',
            content: fs.existsSync(file)
              ? { tag: 'ok' as const, value: fs.readFileSync(file, 'utf8') }
              : { tag: 'error' as const, value: `${file} does not exist` },
          },
        };
      }),
  };
}

/**
 * SQL taking a database built from the migrations in `migrationsDir` to the schema in
 * `schemaFile`; '' when they already agree.
 */
export async function diffMigrationsToSchema(
  opts: { migrationsDir?: string; schemaFile?: string } = {},
): Promise<string> {
  const schemaPath = opts.schemaFile ?? schemaFile;
  const migrations = readMigrationList(opts.migrationsDir ?? migrationsDir);
  // Neither side is a live database: the engine replays the migrations into its shadow.
  return withEngine(':memory:', async (engine) => {
    const result = await engine.diff({
      // Without any migration there is no migration_lock.toml yet, from which the
      // engine would learn the connector; an empty database is the same starting point.
      from:
        migrations.migrationDirectories.length === 0
          ? { tag: 'empty' }
          : { tag: 'migrations', ...migrations },
      to: {
        tag: 'schemaDatamodel',
        files: [{ path: schemaPath, content: fs.readFileSync(schemaPath, 'utf8') }],
      },
      script: true,
      // The script for "no changes" is a comment, not '': the exit code tells them apart.
      exitCode: true,
      filters: noFilters,
    });
    return result.exitCode === 0 ? '' : (result.stdout ?? '');
  });
}

/**
 * What Prisma's own engine makes of `dbFile`'s migration history against the folder,
 * as `prisma migrate status` would report it. The test uses it to show that databases
 * migrated by server/db/migrate.ts stay compatible with Prisma's tooling.
 */
export async function diagnoseMigrationHistory(
  dbFile: string,
  dir: string = migrationsDir,
): Promise<DiagnoseMigrationHistoryOutput> {
  return withEngine(`file:${dbFile}`, (engine) =>
    engine.diagnoseMigrationHistory({
      migrationsList: readMigrationList(dir),
      optInToShadowDatabase: false,
      filters: noFilters,
    }),
  );
}
