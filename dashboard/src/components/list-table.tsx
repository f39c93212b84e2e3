import type { ReactNode } from 'react';

export interface Column {
  label: string;
  className?: string;
}

/** Columns from their headers, a class after a dot: `columns('Job', 'Priority.num')`. */
export function columns(...headers: string[]): readonly Column[] {
  return headers.map((header) => {
    const [label = header, className] = header.split('.');
    return { label, className };
  });
}

/**
 * A page's list of jobs or workers: "Loading…" or the error until the query answers, `empty`
 * when it answers with none, else a table with a row per item (the child function's).
 */
export function ListTable<T>({
  noun,
  items,
  error,
  empty,
  testId,
  className,
  columns,
  children: row,
}: {
  /** Plural, for the error: "Could not load the jobs". */
  noun: string;
  items: readonly T[] | undefined;
  error: { message: string } | undefined;
  empty: ReactNode;
  testId: string;
  className?: string;
  columns: readonly Column[];
  /** One <tr> per item. */
  children: (item: T) => ReactNode;
}) {
  if (!items) return error ? <p className="alert alert-error">Could not load the {noun}: {error.message}</p> : <p className="muted">Loading…</p>;
  if (items.length === 0) return <div className="empty card">{empty}</div>;
  return (
    <div className="card table-card">
      <table className={className ? `table ${className}` : 'table'} data-testid={testId}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.label} className={column.className}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{items.map(row)}</tbody>
      </table>
    </div>
  );
}
