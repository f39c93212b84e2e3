import type { Prisma } from '../../server/generated/prisma/client.ts';

/** A statement with its parameters written in, to read and compare (never to run). */
export function inlined(statement: Prisma.Sql): string {
  return statement.strings.reduce((text, part, i) => text + literal(statement.values[i - 1]) + part);
}

/** How `inlined` writes a list of statuses: `'QUEUED','RUNNING'` (Prisma.join's separator). */
export function sqlList(values: readonly string[]): string {
  return values.map(literal).join(',');
}

function literal(value: unknown): string {
  if (value === null) return 'NULL';
  if (value instanceof Date) return `'${value.toISOString()}'`;
  if (typeof value === 'string') return `'${value}'`;
  return String(value);
}
