import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { Linter } from 'eslint';
// @ts-expect-error: a plain JavaScript module of the lint config, without types
import { programBoundaries } from '../lint/program-boundaries.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The rule's messages for `code` as if it were the file `file` of the checkout. */
function lint(file: string, code: string): string[] {
  const linter = new Linter({ configType: 'flat', cwd: ROOT });
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
        plugins: { farm: { rules: { 'program-boundaries': programBoundaries } } },
        rules: { 'farm/program-boundaries': 'error' },
      },
    ],
    path.join(ROOT, file),
  );
  return messages.map((message) => message.message);
}

describe('the lint rule that keeps programs apart', () => {
  it('refuses a program importing another program', () => {
    const [message, ...rest] = lint('server/schema/frame.ts', "import { x } from '../../worker/blender/session.ts';");
    assert.equal(rest.length, 0);
    assert.match(message!, /server\/ is one program and worker\/ is another: "\.\.\/\.\.\/worker\/blender\/session\.ts"/);
    assert.match(lint('dashboard/src/graphql/client.ts', "export { y } from '../../../cli/format.ts';")[0]!, /dashboard\/ is one program and cli\//);
    assert.match(lint('cli/main.ts', "await import('../worker/main.ts');")[0]!, /cli\/ is one program and worker\//);
  });

  it('refuses common/ importing any program', () => {
    assert.match(lint('common/client.ts', "import { REPO_ROOT } from '../server/paths.ts';")[0]!, /common\/ imports none of the programs/);
  });

  it('lets programs import common/, their own files and packages; tests and benchmarks anything', () => {
    assert.deepEqual(lint('worker/agent.ts', "import { a } from '../common/client.ts';\nimport { b } from './blender/session.ts';\nimport c from 'ws';"), []);
    assert.deepEqual(lint('tests/unit/x.test.ts', "import { a } from '../../server/app.ts';"), []);
    assert.deepEqual(lint('bench/support/x.ts', "import { a } from '../../worker/agent.ts';"), []);
  });
});
