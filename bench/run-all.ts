/**
 * `npm run bench`: every benchmark, one after the other (they share this machine's cores, so
 * never at once), each in a process of its own. Prints each one's JSON line as it ends; progress
 * goes to stderr.
 *
 *   npm run bench                      # all of them
 *   npm run bench -- dispatch upload   # some of them, by name
 *
 * A benchmark that crashes prints {"bench": name, "error": ...} instead, and the run exits 1 at
 * the end; a missed target is a figure, not a failure.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCHMARKS = ['blender-efficiency', 'dispatch', 'upload', 'many-workers', 'fan-out', 'file-check', 'project-tree'];

const dir = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const unknown = wanted.filter((name) => !BENCHMARKS.includes(name));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; there are: ${BENCHMARKS.join(', ')}`);
  process.exit(2);
}

let failed = 0;
for (const name of wanted.length ? wanted : BENCHMARKS) {
  const started = performance.now();
  process.stderr.write(`[run-all] ${name}\n`);
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(dir, `${name}.ts`)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  const line = stdout.split('\n').find((l) => l.startsWith('{'));
  if (code === 0 && line) {
    process.stdout.write(`${line}\n`);
  } else {
    failed += 1;
    process.stdout.write(`${JSON.stringify({ bench: name, error: `exited ${code} after ${seconds} s without a result`, output: stdout.slice(-2000) || undefined })}\n`);
  }
  process.stderr.write(`[run-all] ${name}: ${seconds} s\n`);
}
process.exit(failed ? 1 : 0);
