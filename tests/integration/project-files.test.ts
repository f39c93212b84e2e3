/**
 * A project's files shipped once: the server answers which contents of a manifest it lacks,
 * only those are uploaded (over real HTTP multipart), a resubmission with one texture
 * changed uploads that texture alone, the job lists its files, workers fetch each content
 * from its URL, and the store keeps a content exactly as long as a job uses it (or, never
 * used, for the grace period). The refusals are in project-refusals.test.ts.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ProjectFileInput } from '../../common/graphql/generated/graphql.ts';
import { filesUnder, ok, startFarm, submitJob, type TestFarm } from '../support/farm.ts';
import { createFarmClient } from '../../common/client.ts';
import { RegisterWorker } from '../../worker/graphql/operations.ts';
import { DeleteJob } from '../support/operations.ts';
import {
  makeProject,
  manifestOf,
  randomBytes,
  shipProject,
  TestJobProject,
  TestMissingContents,
  TestProjectAssignment,
  uploadContent,
} from '../support/projects.ts';
import { sha256 } from '../support/uploads.ts';

const DAY_S = 24 * 3600;

describe('project files are shipped once into the content store', () => {
  let farm: TestFarm;
  let now = Date.parse('2026-12-01T12:00:00Z');
  const contentFile = (sha: string) => path.join(farm.config.dataDir, 'contents', sha.slice(0, 2), sha);
  const storedContents = async () => (await filesUnder(path.join(farm.config.dataDir, 'contents'))).map((f) => path.basename(f)).sort();
  const missingOf = async (files: ProjectFileInput[]) =>
    ok(await farm.farm.client.query(TestMissingContents, { files }, { requestPolicy: 'network-only' }).toPromise()).missingContents;
  const jobProject = async (id: string) =>
    ok(await farm.farm.client.query(TestJobProject, { id }, { requestPolicy: 'network-only' }).toPromise()).job;
  const submit = async (blendFile: string, files: ProjectFileInput[], blendPath?: string) =>
    ok(await submitJob(farm.farm, blendFile, { name: 'Shot 010', totalFrames: 2, outputFormat: 'PNG', files, blendPath })).submitJob;
  const deleteJob = async (jobId: string) => ok(await farm.farm.client.mutation(DeleteJob, { jobId }).toPromise());

  before(async () => {
    farm = await startFarm({ unusedContentGraceS: DAY_S }, { clock: () => new Date(now) });
  });

  after(async () => {
    await farm?.stop();
  });

  it('answers which contents a manifest lacks, each once, and not once it is uploaded', async () => {
    const wood = randomBytes(40_000);
    const project = await makeProject({ 'textures/wood.png': wood, 'textures/wood_copy.png': wood, 'textures/metal.png': randomBytes(30_000) });
    const manifest = manifestOf(project);
    const missing = await missingOf(manifest);
    assert.deepEqual(
      missing.map(({ sha256: sha, size, paths }) => ({ sha256: sha, size, paths: [...paths].sort() })).sort((a, b) => a.size - b.size),
      [
        { sha256: sha256(project.files['textures/metal.png']!), size: 30_000, paths: ['textures/metal.png'] },
        { sha256: sha256(wood), size: 40_000, paths: ['textures/wood.png', 'textures/wood_copy.png'] },
      ],
      'two contents, the shared one listed with both of its paths',
    );

    const stored = ok(await uploadContent(farm.farm, sha256(wood), wood, 'wood.png')).uploadContent;
    assert.deepEqual([stored.sha256, stored.size, stored.alreadyStored], [sha256(wood), 40_000, false]);
    assert.deepEqual(await fs.readFile(contentFile(sha256(wood))), wood, 'stored at contents/<sha256[0:2]>/<sha256>');
    assert.deepEqual((await missingOf(manifest)).map((m) => m.paths), [['textures/metal.png']], 'only the metal is missing now');

    const again = ok(await uploadContent(farm.farm, sha256(wood), wood, 'wood.png')).uploadContent;
    assert.equal(again.alreadyStored, true, 'uploading a stored content again writes nothing');
    await shipProject(farm.farm, project);
    assert.deepEqual(await missingOf(manifest), [], 'nothing missing');
    assert.deepEqual(await filesUnder(path.join(farm.config.dataDir, 'incoming')), [], 'no upload left in incoming/');
  });

  it('a resubmission with one texture changed uploads that texture alone, and each job lists its own files', async () => {
    const first = await makeProject({
      'textures/wood.png': randomBytes(200_000),
      'textures/metal.png': randomBytes(150_000),
      'libs/props.blend': Buffer.concat([Buffer.from('BLENDER-v304'), randomBytes(100_000 - 12)]),
      'caches/smoke/fluid_0001.vdb': randomBytes(50_000),
    });
    const shipped = await shipProject(farm.farm, first);
    assert.equal(shipped.uploadedBytes, 500_000, 'the first submission uploads every file');
    const jobA = await submit(first.blendFile, shipped.manifest, 'shots/shot.blend');

    const changed = randomBytes(210_000);
    const second = await makeProject({ ...first.files, 'textures/wood.png': changed });
    const reshipped = await shipProject(farm.farm, second);
    assert.deepEqual(reshipped.missing.map((m) => m.paths), [['textures/wood.png']], 'asks for the changed texture only');
    assert.equal(reshipped.uploadedBytes, changed.length, `uploads ${changed.length} bytes, not ${710_000}`);
    const jobB = await submit(second.blendFile, reshipped.manifest);

    const a = await jobProject(jobA.id);
    assert.equal(a?.blendPath, 'shots/shot.blend');
    assert.equal(a?.fileCount, 4);
    assert.equal(a?.fileBytes, 500_000);
    assert.deepEqual(a?.files.map((f) => f.path), ['caches/smoke/fluid_0001.vdb', 'libs/props.blend', 'textures/metal.png', 'textures/wood.png']);
    const b = await jobProject(jobB.id);
    assert.equal(b?.blendPath, 'shot.blend', 'default: the .blend at the root, by its file name');
    assert.equal(b?.fileBytes, 510_000);
    const woodOf = (job: typeof a) => job?.files.find((f) => f.path === 'textures/wood.png');
    assert.equal(woodOf(a)?.sha256, sha256(first.files['textures/wood.png']!));
    assert.equal(woodOf(b)?.sha256, sha256(changed));
    assert.equal(woodOf(b)?.size, changed.length);

    // What a worker does to lay the tree out: fetch each content from its URL.
    for (const file of b?.files ?? []) {
      const response = await fetch(file.contentUrl);
      assert.equal(response.status, 200, file.path);
      assert.deepEqual(Buffer.from(await response.arrayBuffer()), second.files[file.path], `${file.path}: the bytes as uploaded`);
    }
    const unknown = await fetch(`${farm.url}/files/contents/${'0'.repeat(64)}`);
    assert.equal(unknown.status, 404, 'a content not in the store');
    assert.equal((await fetch(`${farm.url}/files/contents/..%2Ffarm.db`)).status, 404, 'nothing but a SHA-256 is a content');

    await deleteJob(jobA.id);
    await deleteJob(jobB.id);
  });

  it('two uploads of one content at once both succeed and store it once', async () => {
    const bytes = randomBytes(300_000);
    const results = await Promise.all([1, 2, 3].map(() => uploadContent(farm.farm, sha256(bytes), bytes, 'same.png')));
    for (const result of results) assert.equal(ok(result).uploadContent.sha256, sha256(bytes));
    assert.deepEqual(await fs.readFile(contentFile(sha256(bytes))), bytes);
    assert.equal(await farm.app.services.db.content.count({ where: { sha256: sha256(bytes) } }), 1);
    assert.deepEqual(await filesUnder(path.join(farm.config.dataDir, 'incoming')), [], 'no second copy left in incoming/');
  });

  it('a project of 10,000 files (a held frame repeated) goes in one request, its contents each uploaded once', async () => {
    const frames = Array.from({ length: 10 }, () => randomBytes(1000));
    const files: ProjectFileInput[] = Array.from({ length: 10_000 }, (_, i) => {
      const bytes = frames[i % frames.length]!;
      return { path: `plates/bg/bg_${String(i + 1).padStart(5, '0')}.png`, sha256: sha256(bytes), size: bytes.length };
    });
    const missing = await missingOf(files);
    assert.equal(missing.length, 10, 'ten contents, however many paths use them');
    assert.equal(missing[0]?.paths.length, 1000);
    for (const bytes of frames) ok(await uploadContent(farm.farm, sha256(bytes), bytes, 'bg.png'));
    const blend = await makeProject({});
    const job = await submit(blend.blendFile, files);
    const project = await jobProject(job.id);
    assert.equal(project?.fileCount, 10_000);
    assert.equal(project?.fileBytes, 10_000_000);
    assert.equal(project?.files.length, 10_000);
    await deleteJob(job.id);
    for (const bytes of frames) await assert.rejects(fs.access(contentFile(sha256(bytes))));
  });

  it('a content two jobs share survives the deletion of the first and goes with the second', async () => {
    const shared = randomBytes(60_000);
    const onlyA = randomBytes(20_000);
    const onlyB = randomBytes(25_000);
    const projectA = await makeProject({ 'textures/shared.png': shared, 'textures/a.png': onlyA });
    const projectB = await makeProject({ 'textures/shared.png': shared, 'textures/b.png': onlyB });
    const jobA = await submit(projectA.blendFile, (await shipProject(farm.farm, projectA)).manifest);
    const jobB = await submit(projectB.blendFile, (await shipProject(farm.farm, projectB)).manifest);
    const before = await storedContents();
    for (const bytes of [shared, onlyA, onlyB]) assert.ok(before.includes(sha256(bytes)));

    await deleteJob(jobA.id);
    assert.deepEqual(await missingOf(manifestOf(projectA)).then((m) => m.map((c) => c.paths)), [['textures/a.png']], "A's own file is gone");
    await assert.rejects(fs.access(contentFile(sha256(onlyA))), "A's own content left the disk");
    assert.deepEqual(await fs.readFile(contentFile(sha256(shared))), shared, 'the shared content is still there, for B');
    assert.equal((await fetch(`${farm.url}/files/contents/${sha256(shared)}`)).status, 200);
    assert.equal((await jobProject(jobB.id))?.fileCount, 2);

    await deleteJob(jobB.id);
    for (const bytes of [shared, onlyB]) await assert.rejects(fs.access(contentFile(sha256(bytes))), 'gone with the last job using it');
    assert.equal(await farm.app.services.db.content.count({ where: { sha256: { in: [shared, onlyA, onlyB].map(sha256) } } }), 0, 'no Content row left');
    assert.deepEqual(await storedContents(), before.filter((s) => ![shared, onlyA, onlyB].map(sha256).includes(s)));
  });

  it('a content uploaded but never used is removed once the grace period is over, one in use is kept', async () => {
    const services = farm.app.services;
    // The first test's uploads, never used: past their grace period first, so this test counts its own.
    now += 2 * DAY_S * 1000;
    await services.contents.sweepUnused();
    const unused = randomBytes(10_000);
    const used = await makeProject({ 'textures/kept.png': randomBytes(12_000) });
    ok(await uploadContent(farm.farm, sha256(unused), unused, 'unused.png'));
    const job = await submit(used.blendFile, (await shipProject(farm.farm, used)).manifest);

    now += (DAY_S - 60) * 1000;
    assert.equal(await services.contents.sweepUnused(), 0, 'a minute before the grace period ends: kept');
    assert.deepEqual(await fs.readFile(contentFile(sha256(unused))), unused);

    now += 61 * 1000;
    assert.equal(await services.contents.sweepUnused(), 1, 'the grace period is over: the unused content goes');
    await assert.rejects(fs.access(contentFile(sha256(unused))));
    assert.equal((await missingOf([{ path: 'unused.png', sha256: sha256(unused), size: unused.length }])).length, 1, 'and is missing again');
    const kept = sha256(used.files['textures/kept.png']!);
    assert.ok((await fs.stat(contentFile(kept))).isFile(), 'a content a job uses stays, however old');
    await deleteJob(job.id);
    assert.deepEqual(await storedContents(), [], 'the store is empty once no job uses anything');
  });

  it("a worker's assignment carries the project's files, each fetched from its content URL", async () => {
    const project = await makeProject({ 'textures/wood.png': randomBytes(7000), 'libs/props.blend': randomBytes(3000) });
    const job = await submit(project.blendFile, (await shipProject(farm.farm, project)).manifest, 'shots/shot.blend');
    const { registerWorker } = ok(await farm.farm.client.mutation(RegisterWorker, { name: 'layout-node' }).toPromise());
    const worker = createFarmClient({ serverUrl: farm.url, token: () => registerWorker.token });
    try {
      const assignment = ok(await worker.client.mutation(TestProjectAssignment, { workerId: registerWorker.worker.id }).toPromise()).pollJob;
      assert.equal(assignment?.jobId, job.id);
      assert.equal(assignment?.job.blendPath, 'shots/shot.blend');
      assert.deepEqual(assignment?.job.files.map((f) => [f.path, f.sha256, f.size]), [
        ['libs/props.blend', sha256(project.files['libs/props.blend']!), 3000],
        ['textures/wood.png', sha256(project.files['textures/wood.png']!), 7000],
      ]);
      for (const file of assignment?.job.files ?? []) {
        assert.deepEqual(Buffer.from(await (await fetch(file.contentUrl)).arrayBuffer()), project.files[file.path]);
      }
    } finally {
      await worker.close();
    }
    await deleteJob(job.id);
  });
});
