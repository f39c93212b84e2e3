import type { TypedDocumentNode } from '@urql/core';
import { type Command, defineCommand, noArguments, optionsHelp } from '../context.ts';

/**
 * `farm jobs`, `farm workers`: one query with no arguments, printed as a table for a person
 * or as the JSON array for a script. `description` is what the help says the list holds.
 */
export function listCommand<Data, Item>(
  name: string,
  summary: string,
  description: string,
  query: TypedDocumentNode<Data, Record<string, never>>,
  items: (data: Data) => readonly Item[],
  table: (items: readonly Item[], nowMs: number) => string,
): Command {
  const help = `Usage: farm ${name} [--json]\n\n${description}\n\n${optionsHelp([['--json', `the ${name} as a JSON array on stdout`]])}`;
  return defineCommand({ name, summary, help, options: {} }, async (ctx, { positionals }) => {
    noArguments(positionals, name);
    const list = items(await ctx.query(query, {}));
    ctx.print(table(list, ctx.io.now()));
    ctx.printJson(list);
    return 0;
  });
}
