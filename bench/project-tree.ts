/**
 * project-tree: how long a worker takes to lay a job's project tree out (worker/project-trees.ts).
 *
 *   node --import tsx bench/project-tree.ts [--files 1000] [--bytes 4096] [--reps 3]
 *
 * Two projects: FILES small files of BYTES random bytes each (textures/NNNN.png), and the
 * Blender-made project of tests/integration/project-render.test.ts (makeProject relative,
 * sequence, library: 6 files). The contents are served over real HTTP from memory by a local
 * server, so a cold layout pays for the downloads the way a worker does, minus the network.
 * Per rep and project, three layouts under a new job id:
 *   cold:  empty content cache: every content downloaded, verified, then hard-linked
 *   warm:  contents cached: hard links only (a second job of the same project)
 *   copy:  contents cached, links refused (the cache on another filesystem): copies
 * Prints the median milliseconds of each, and every raw timing.
 */
import crypto from 'node:crypto';
import fsp from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { makeProject } from '../tests/support/blender-projects.ts';
import { ContentCache } from '../worker/content-cache.ts';
import { type JobProject, linkOrCopyWith, ProjectTrees } from '../worker/project-trees.ts';
import { benchmark, emit, machine, param, progress, tempDir } from './support/report.ts';
import { median, round } from './support/stats.ts';

const FILES = param('files', 'BENCH_TREE_FILES', 1000);
const BYTES = param('bytes', 'BENCH_TREE_BYTES', 4096);
const REPS = param('reps', 'BENCH_TREE_REPS', 3);

const LAYOUTS = ['cold', 'warm', 'copy'] as const;

const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

/** A content server: GET /<sha256> answers the bytes. */
async function serveContents(contents: Map<string, Buffer>): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const bytes = contents.get((req.url ?? '').slice(1));
    if (!bytes) res.writeHead(404).end();
    else res.writeHead(200, { 'content-length': bytes.length }).end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Times the three layouts of `files` (path → bytes), REPS times; milliseconds per layout. */
async function timeLayouts(name: string, files: Map<string, Buffer>): Promise<Record<string, number[]>> {
  const contents = new Map([...files.values()].map((bytes) => [sha256(bytes), bytes]));
  const server = await serveContents(contents);
  const project: JobProject = {
    blendPath: 'shot.blend',
    files: [...files].map(([p, bytes]) => ({ path: p, sha256: sha256(bytes), size: bytes.length, contentUrl: `${server.url}/${sha256(bytes)}` })),
  };
  const times: Record<string, number[]> = Object.fromEntries(LAYOUTS.map((l) => [l, []]));
  try {
    for (let rep = 1; rep <= REPS; rep += 1) {
      const dir = await tempDir('tree');
      const blendFile = path.join(dir, 'shot.blend');
      await fsp.writeFile(blendFile, 'BLENDER-v405');
      const cache = new ContentCache(path.join(dir, 'contents'));
      const refused = () => Promise.reject(Object.assign(new Error('EXDEV'), { code: 'EXDEV' }));
      for (const layout of LAYOUTS) {
        const place = layout === 'copy' ? linkOrCopyWith(refused) : undefined;
        const trees = new ProjectTrees(path.join(dir, 'projects'), cache, { place, keep: LAYOUTS.length });
        const started = performance.now();
        (await trees.acquire(`job-${layout}`, blendFile, async () => project)).release();
        times[layout]!.push(round(performance.now() - started, 1)!);
      }
      progress(`${name}, rep ${rep}: ${LAYOUTS.map((l) => `${l} ${times[l]!.at(-1)} ms`).join(', ')}`);
      await fsp.rm(dir, { recursive: true, force: true });
    }
  } finally {
    await server.close();
  }
  return times;
}

benchmark('project-tree');
const small = new Map(Array.from({ length: FILES }, (_, i) => [`textures/${String(i).padStart(4, '0')}.png`, crypto.randomBytes(BYTES)]));
const projectDir = await tempDir('blender-project');
progress('making the Blender project (relative, sequence, library)');
const blend = await makeProject({ dir: projectDir, kinds: ['relative', 'sequence', 'library'] });
const made = new Map<string, Buffer>();
for (const entry of await fsp.readdir(projectDir, { recursive: true, withFileTypes: true })) {
  const file = path.join(entry.parentPath, entry.name);
  if (entry.isFile() && file !== blend) made.set(path.relative(projectDir, file), await fsp.readFile(file));
}
const results: Record<string, unknown> = {};
for (const [name, files] of [[`${FILES} files of ${BYTES} B`, small], [`test project (${made.size} files)`, made]] as const) {
  const times = await timeLayouts(name, files);
  results[name] = { medianMs: Object.fromEntries(LAYOUTS.map((l) => [l, median(times[l]!)])), runsMs: times };
}
await fsp.rm(projectDir, { recursive: true, force: true });
emit({ bench: 'project-tree', params: { files: FILES, bytes: BYTES, reps: REPS }, results, machine: await machine() });
