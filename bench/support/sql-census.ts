/**
 * A diagnostic preload for the server process: counts every SQL statement better-sqlite3
 * prepares (Prisma's adapter prepares each query anew) and the time spent preparing and
 * running them, and writes the tally to $SQL_CENSUS_FILE when the process exits.
 *
 *   SQL_CENSUS_FILE=/tmp/sql.json BENCH_SERVER_NODE_ARGS="--import ./bench/support/sql-census.ts" \
 *     node --import tsx bench/dispatch.ts
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';

interface Tally {
  count: number;
  prepareMs: number;
  runMs: number;
}

const tallies = new Map<string, Tally>();
const proto = Database.prototype as unknown as { prepare: (sql: string) => Record<string, unknown> };
const prepare = proto.prepare;

function key(sql: string): string {
  return sql.replace(/\s+/g, ' ').replace(/`/g, '"').slice(0, 120);
}

proto.prepare = function (this: unknown, sql: string) {
  const started = performance.now();
  const statement = prepare.call(this, sql);
  const tally = tallies.get(key(sql)) ?? { count: 0, prepareMs: 0, runMs: 0 };
  tally.count += 1;
  tally.prepareMs += performance.now() - started;
  tallies.set(key(sql), tally);
  for (const method of ['run', 'get', 'all']) {
    const original = statement[method] as ((...args: unknown[]) => unknown) | undefined;
    if (typeof original !== 'function') continue;
    statement[method] = function (this: unknown, ...args: unknown[]) {
      const t = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        tally.runMs += performance.now() - t;
      }
    };
  }
  return statement;
};

process.on('exit', () => {
  const file = process.env.SQL_CENSUS_FILE;
  if (!file) return;
  const rows = [...tallies].sort((a, b) => b[1].count - a[1].count).map(([sql, t]) => ({ sql, ...t }));
  fs.writeFileSync(file, JSON.stringify(rows, null, 1));
});
