/**
 * The worker's project trees and content cache, with a fake downloader: where each file
 * lands, links and copies, paths that would leave the tree, and one download per content
 * however many files, jobs or slots want it at once. No server, no Blender.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, it, type TestContext } from 'node:test';
import { ContentCache, type ContentDownloader } from '../../worker/content-cache.ts';
import { type JobProject, linkOrCopyWith, placeInTree, ProjectTrees } from '../../worker/project-trees.ts';
import { assignment } from './fakes/assignments.ts';
import { FakeFarmServer } from './fakes/farm-server.ts';
import { startAgent } from './fakes/running-agent.ts';

const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');
const contentUrl = (bytes: Buffer) => `http://farm.test/files/contents/${sha256(bytes)}`;

/** A server's contents by URL, served by a downloader that counts its downloads. */
function fakeContents(files: Record<string, Buffer>) {
  const byUrl = new Map(Object.values(files).map((bytes) => [contentUrl(bytes), bytes]));
  const downloads: string[] = [];
  const download: ContentDownloader = async (url) => {
    downloads.push(url);
    const bytes = byUrl.get(url);
    if (!bytes) throw new Error(`downloading ${url} failed: HTTP 404`);
    // A tick before the bytes, so downloads asked at once overlap.
    await new Promise((resolve) => setImmediate(resolve));
    return Readable.from([bytes]);
  };
  return { downloads, download };
}

function projectOf(blendPath: string, files: Record<string, Buffer>): JobProject {
  return { blendPath, files: Object.entries(files).map(([p, bytes]) => ({ path: p, sha256: sha256(bytes), size: bytes.length, contentUrl: contentUrl(bytes) })) };
}

/** A work dir with a cached .blend, a content cache and the project trees over them. */
async function workDir(t: TestContext, files: Record<string, Buffer>, options: ConstructorParameters<typeof ProjectTrees>[2] = {}) {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'farm-trees-'));
  t.after(() => fsp.rm(dir, { recursive: true, force: true }));
  const blendFile = path.join(dir, 'blends', `${'b'.repeat(64)}.blend`);
  await fsp.mkdir(path.dirname(blendFile), { recursive: true });
  await fsp.writeFile(blendFile, 'BLENDER-v405 shot');
  const server = fakeContents(files);
  const cache = new ContentCache(path.join(dir, 'contents'), '', server.download);
  const trees = new ProjectTrees(path.join(dir, 'projects'), cache, options);
  return { dir, blendFile, server, cache, trees };
}

const grid = Buffer.from('grid pixels');
const wood = Buffer.from('wood pixels');
const props = Buffer.from('BLENDER-v405 props');

describe('worker project trees', () => {
  it("lays the job's files out at their paths, the .blend at its blendPath, hard-linked from the cache", async (t) => {
    const files = { 'shots/textures/grid.png': grid, 'lib/props.blend': props, 'lib/tex/wood.png': wood };
    const { dir, blendFile, cache, trees } = await workDir(t, files);
    const held = await trees.acquire('job-a', blendFile, async () => projectOf('shots/shot.blend', files));
    const tree = path.join(dir, 'projects', 'job-a');
    assert.equal(held.blendFile, path.join(tree, 'shots', 'shot.blend'));
    assert.equal(await fsp.readFile(held.blendFile, 'utf8'), 'BLENDER-v405 shot');
    for (const [rel, bytes] of Object.entries(files)) {
      assert.deepEqual(await fsp.readFile(path.join(tree, rel)), bytes, rel);
      const [placed, cached] = await Promise.all([fsp.stat(path.join(tree, rel)), fsp.stat(cache.pathFor(sha256(bytes)))]);
      assert.equal(placed.ino, cached.ino, `${rel} is a hard link to the cached content`);
      assert.equal(placed.mode & 0o777, 0o444, `${rel} is read-only: a render cannot change the shared content`);
    }
    const listed = (await fsp.readdir(tree, { recursive: true })).sort();
    assert.deepEqual(listed, ['lib', 'lib/props.blend', 'lib/tex', 'lib/tex/wood.png', 'shots', 'shots/shot.blend', 'shots/textures', 'shots/textures/grid.png']);
    held.release();
  });

  it('copies a file where a hard link cannot go (the cache on another filesystem)', async (t) => {
    const crossDevice = () => Promise.reject(Object.assign(new Error('EXDEV: cross-device link not permitted'), { code: 'EXDEV' }));
    const files = { 'textures/grid.png': grid };
    const { dir, blendFile, cache, trees } = await workDir(t, files);
    const counts = await trees.layOut(path.join(dir, 'projects', 'copied'), blendFile, projectOf('shot.blend', files));
    assert.deepEqual(counts, { linked: 2, copied: 0 });
    const copying = new ProjectTrees(path.join(dir, 'projects'), cache, { place: linkOrCopyWith(crossDevice) });
    const tree = path.join(dir, 'projects', 'job-b');
    assert.deepEqual(await copying.layOut(tree, blendFile, projectOf('shot.blend', files)), { linked: 0, copied: 2 });
    const [placed, cached] = await Promise.all([fsp.stat(path.join(tree, 'textures/grid.png')), fsp.stat(cache.pathFor(sha256(grid)))]);
    assert.notEqual(placed.ino, cached.ino);
    assert.deepEqual(await fsp.readFile(path.join(tree, 'textures/grid.png')), grid);
  });

  it('refuses every path that would leave the tree, before downloading or writing anything', async (t) => {
    const tree = path.resolve('/work/projects/job-a');
    assert.equal(placeInTree(tree, 'textures/grid.png'), path.join(tree, 'textures', 'grid.png'));
    for (const bad of ['../outside.png', 'textures/../../outside.png', '/etc/passwd', 'C:/Users/artist/wood.png', 'textures\\..\\..\\x.png', '', 'a//b.png', './grid.png', 'a/.']) {
      assert.throws(() => placeInTree(tree, bad), /leaves the job's project tree/, JSON.stringify(bad));
    }
    const files = { 'textures/grid.png': grid };
    const { dir, blendFile, server, trees } = await workDir(t, files);
    const escaping: JobProject = { blendPath: 'shot.blend', files: [...projectOf('shot.blend', files).files, { path: '../../escaped.png', sha256: sha256(wood), size: wood.length, contentUrl: contentUrl(wood) }] };
    await assert.rejects(trees.acquire('job-a', blendFile, async () => escaping), /refusing project path "..\/..\/escaped.png"/);
    await assert.rejects(trees.acquire('job-b', blendFile, async () => ({ blendPath: '../shot.blend', files: [] })), /refusing project path "..\/shot.blend"/);
    await assert.rejects(trees.acquire('../job', blendFile, async () => ({ blendPath: 'shot.blend', files: [] })), /not a job id/);
    assert.deepEqual(server.downloads, []);
    assert.deepEqual(await fsp.readdir(dir), ['blends'], 'nothing written: no tree, no cache, nothing outside');
  });

  it('downloads each content once when two slots lay one job out at once and another job shares a file', async (t) => {
    const files = { 'textures/grid.png': grid, 'textures/grid-copy.png': grid, 'textures/wood.png': wood };
    const { blendFile, server, trees } = await workDir(t, files);
    let asked = 0;
    const project = async () => {
      asked += 1;
      return projectOf('shot.blend', files);
    };
    const [one, two, other] = await Promise.all([
      trees.acquire('job-a', blendFile, project),
      trees.acquire('job-a', blendFile, project),
      trees.acquire('job-b', blendFile, async () => projectOf('shot.blend', { 'grid.png': grid })),
    ]);
    assert.equal(one.blendFile, two.blendFile);
    assert.equal(asked, 1, "the job's file list is asked once");
    assert.deepEqual(server.downloads.sort(), [contentUrl(grid), contentUrl(wood)].sort());
    // A later frame of the job finds its tree laid out: no question, no download.
    const again = await trees.acquire('job-a', blendFile, project);
    assert.equal(again.blendFile, one.blendFile);
    assert.equal(asked, 1);
    assert.equal(server.downloads.length, 2);
    for (const held of [one, two, other, again]) held.release();
  });

  it('refuses a content whose bytes do not match its hash or size, and keeps nothing of it', async (t) => {
    const { dir, blendFile, trees } = await workDir(t, { 'grid.png': grid });
    const lying: JobProject = { blendPath: 'shot.blend', files: [{ path: 'grid.png', sha256: sha256(wood), size: grid.length, contentUrl: contentUrl(grid) }] };
    await assert.rejects(trees.acquire('job-a', blendFile, async () => lying), /has SHA-256 [0-9a-f]{64}, expected/);
    const short: JobProject = { blendPath: 'shot.blend', files: [{ ...projectOf('shot.blend', { 'grid.png': grid }).files[0]!, size: grid.length + 1 }] };
    await assert.rejects(trees.acquire('job-a', blendFile, async () => short), /has 11 bytes, expected 12/);
    assert.deepEqual(await fsp.readdir(path.join(dir, 'contents')), []);
    assert.deepEqual(await fsp.readdir(path.join(dir, 'projects')).catch(() => []), []);
  });

  it('keeps the most recently used trees, never removing one in use', async (t) => {
    const { dir, blendFile, trees } = await workDir(t, {}, { keep: 2 });
    const bare = async () => ({ blendPath: 'shot.blend', files: [] });
    const held = await trees.acquire('job-1', blendFile, bare);
    for (const jobId of ['job-2', 'job-3', 'job-4']) (await trees.acquire(jobId, blendFile, bare)).release();
    const left = (await fsp.readdir(path.join(dir, 'projects'))).filter((n) => !n.includes('.')).sort();
    assert.deepEqual(left, ['job-1', 'job-3', 'job-4']);
    held.release();
  });
});

describe('worker agent: a job with project files', () => {
  it("renders the .blend in the job's tree, asking the job's files once for its frames", async (t) => {
    const files = { 'textures/grid.png': grid };
    const { blendFile, trees, dir } = await workDir(t, files);
    const server = new FakeFarmServer({ WorkerJobProject: () => ({ data: { job: { id: 'job-a', ...projectOf('shot.blend', files) } } }) });
    const { renderer } = await startAgent(t, { server, blends: { get: async () => blendFile }, projects: trees });
    await server.hasOpened('Assignments');
    const withFiles = (n: number) => {
      const a = assignment(n);
      return { ...a, job: { ...a.job, blendPath: 'shot.blend', fileCount: 1 } };
    };
    server.send('Assignments', { assignments: withFiles(1) });
    await server.hasSent('UploadFrame');
    server.send('Assignments', { assignments: withFiles(2) });
    await server.hasSent('UploadFrame', 2);
    const inTree = path.join(dir, 'projects', 'job-a', 'shot.blend');
    assert.deepEqual(renderer.requests.map((r) => r.blendFile), [inTree, inTree]);
    assert.deepEqual(server.sent('WorkerJobProject'), [{ jobId: 'job-a' }]);
  });
});
