// An ESLint rule: a program (server/, worker/, cli/, dashboard/) imports only its own files,
// common/ and npm packages; common/ imports only itself. Tests and benchmarks may import
// anything. So a server file reaching into the worker fails `npm run check` with the
// mend in the message.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PROGRAMS = new Set(['server', 'worker', 'cli', 'dashboard']);
const SHARED = 'common';

/** The top-level folder a path lies in, or null outside the checkout. */
function topFolder(file) {
  const relative = path.relative(ROOT, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return null;
  const [top] = relative.split(path.sep);
  return relative.includes(path.sep) ? top : null;
}

export const programBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'one program does not import another; shared code lives in common/' },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const from = topFolder(file);
    if (from !== SHARED && !PROGRAMS.has(from)) return {};
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = topFolder(path.resolve(path.dirname(file), source));
      if (to === from || to === null) return;
      if (to === SHARED && from !== SHARED) return;
      const what = from === SHARED ? 'common/ imports none of the programs' : `${from}/ is one program and ${to}/ is another`;
      context.report({ node, message: `${what}: "${source}" reaches into ${to}/. Move the code both need to common/.` });
    };
    const fromSource = (node) => node.source && check(node.source, node.source.value);
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};
