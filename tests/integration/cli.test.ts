/**
 * `farm`, the command line client, as a person or a script runs it: a child process against a
 * real server and a real worker rendering with real Blender. What it prints, what it writes,
 * and the status it exits with.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { makeScene } from '../support/blender.ts';
import { download, filesUnder, ok, startFarm, startWorker, tempDir, type TestFarm, type TestWorker } from '../support/farm.ts';
import { ffprobe } from '../support/checks.ts';
import { JobDetails } from '../support/operations.ts';
import { freePort, waitFor } from '../support/processes.ts';
import {
  EXIT_INTERRUPTED,
  EXIT_JOB_CANCELED,
  EXIT_JOB_FAILED,
  EXIT_REFUSED,
  EXIT_UNREACHABLE,
  EXIT_USAGE,
} from '../../cli/exit-codes.ts';

const CLI_MAIN = fileURLToPath(new URL('../../cli/main.ts', import.meta.url));
const CLI_BIN = fileURLToPath(new URL('../../cli/bin.js', import.meta.url));

interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The environment without FARM_SERVER, so each run says which server it means. */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.FARM_SERVER;
  return { ...env, ...extra };
}

/**
 * Runs `node --import tsx cli/main.ts ARGS` to its end (stderr a pipe, as in CI: plain
 * progress lines). `whileRunning` may act on the live process, e.g. press Ctrl-C.
 */
function farmCli(
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; command?: string[]; whileRunning?: (child: ChildProcess, output: () => CliRun) => Promise<void> } = {},
): Promise<CliRun> {
  const argv = opts.command ?? [process.execPath, '--import', 'tsx', CLI_MAIN];
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0] as string, [...argv.slice(1), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: cleanEnv(opts.env) });
    const run: CliRun = { status: null, stdout: '', stderr: '' };
    child.stdout.on('data', (chunk: Buffer) => (run.stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`farm ${args.join(' ')} still running after 45 s:\n${run.stdout}\n${run.stderr}`));
    }, 45_000);
    child.once('error', reject);
    opts.whileRunning?.(child, () => run).catch(reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      run.status = status;
      resolve(run);
    });
  });
}

/** Parses stdout as the one JSON document --json promises. */
function json<T>(run: CliRun): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`stdout is not one JSON document:\n${run.stdout}\nstderr:\n${run.stderr}`);
  }
}

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1) ?? '';

interface JobJson {
  id: string;
  name: string;
  status: string;
  totalFrames: number;
  framesDone: number;
  framesFailed: number;
  framesCanceled: number;
  frameStart: number;
  frameEnd: number;
  frameStep: number;
  outputFormat: string;
  priority: number;
  requiredTags: string[];
  maxAttempts: number;
  renderTimeoutSeconds: number | null;
}

describe('farm, the command line client', () => {
  let farm: TestFarm;
  let worker: TestWorker;
  let dir: string;
  let blend: string;
  let failing: string;
  let server: string;
  let renderedJobId: string;

  before(async () => {
    dir = await tempDir('cli');
    [blend, failing, farm] = await Promise.all([
      makeScene({ out: path.join(dir, 'shot.blend'), frames: 4 }),
      makeScene({ out: path.join(dir, 'broken.blend'), frames: 2, failFrame: 2 }),
      startFarm(),
    ]);
    server = farm.url;
    worker = startWorker(farm.url, 'cli-worker');
    await waitFor('the worker to subscribe', () => worker.lines.some((line) => line.includes('subscribed for frames')));
  });

  after(async () => {
    await worker?.stop();
    await farm?.stop();
  });

  it('submit uploads with progress, follows the render to COMPLETED and exits 0', async () => {
    const run = await farmCli(['submit', blend, '--frames', '1-4', '--name', 'CLI shot', '--format', 'PNG', '--priority', '3', '--server', server]);
    assert.equal(run.status, 0, run.stderr);
    // stderr is a pipe here: plain lines, no carriage returns of a redrawn bar.
    assert.doesNotMatch(run.stderr, /\r/);
    assert.match(run.stderr, /^Uploading .*shot\.blend \([\d.]+ [KM]B\) to http:\/\/127\.0\.0\.1:\d+$/m);
    assert.match(run.stderr, /^upload 100\.0% · ([\d.]+ [KM]B)\/\1 · /m, 'the upload line counts the bytes sent of the total');
    const submitted = /^Submitted job (\S+) "CLI shot": 4 frames \(frames 1-4\) as PNG$/m.exec(run.stderr);
    assert.ok(submitted, run.stderr);
    renderedJobId = submitted[1] as string;
    assert.match(run.stderr, /^render 100\.0% · COMPLETED · 4\/4 frames · /m);
    assert.match(run.stderr, /^render [\d.]+% · (QUEUED|RUNNING|COMPLETED) · \d\/4 frames/m);
    assert.match(lastLine(run.stdout), new RegExp(`^Job ${renderedJobId} "CLI shot": COMPLETED · 4/4 frames done`));
  });

  it('jobs --json lists it with exact counts, one JSON document and nothing else on stdout', async () => {
    const run = await farmCli(['jobs', '--json', '--server', server]);
    assert.equal(run.status, 0, run.stderr);
    const jobs = json<JobJson[]>(run);
    const job = jobs.find((j) => j.id === renderedJobId);
    assert.ok(job, run.stdout);
    assert.deepEqual(
      {
        name: job.name, status: job.status, totalFrames: job.totalFrames, framesDone: job.framesDone, framesFailed: job.framesFailed,
        framesCanceled: job.framesCanceled, frameStart: job.frameStart, frameEnd: job.frameEnd, frameStep: job.frameStep,
        outputFormat: job.outputFormat, priority: job.priority,
      },
      {
        name: 'CLI shot', status: 'COMPLETED', totalFrames: 4, framesDone: 4, framesFailed: 0,
        framesCanceled: 0, frameStart: 1, frameEnd: 4, frameStep: 1, outputFormat: 'PNG', priority: 3,
      },
    );
    assert.doesNotMatch(run.stdout, /__typename/);

    const table = await farmCli(['jobs', '--server', server]);
    assert.equal(table.status, 0);
    assert.match(table.stdout, /^ID +NAME +STATUS +FRAMES +DONE +FAILED +PROGRESS +PRIORITY +CREATED$/m);
    assert.match(table.stdout, new RegExp(`^${renderedJobId} +CLI shot +COMPLETED +1-4 +4/4 +0 +100\\.0% +3 +\\d+s ago$`, 'm'));
  });

  it('workers --json lists the worker', async () => {
    const run = await farmCli(['workers', '--json'], { env: { FARM_SERVER: server } });
    assert.equal(run.status, 0, run.stderr);
    const workers = json<Array<{ name: string; status: string; tags: string[]; currentFrames: unknown[] }>>(run);
    assert.deepEqual(workers.map((w) => ({ name: w.name, status: w.status, tags: w.tags, currentFrames: w.currentFrames })), [
      { name: 'cli-worker', status: 'IDLE', tags: [], currentFrames: [] },
    ]);
  });

  it('download writes exactly the frame files, byte for byte what outputUrl serves, and skips them the next time', async () => {
    const out = path.join(dir, 'downloaded');
    const run = await farmCli(['download', renderedJobId, '--out', out, '--server', server]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /^download 100\.0% · 4\/4 frames · /m);
    assert.match(run.stdout, new RegExp(`^Downloaded 4 frames \\([\\d.]+ KB\\) of job ${renderedJobId} "CLI shot" into ${out}$`, 'm'));
    assert.deepEqual(await filesUnder(out), ['0001.png', '0002.png', '0003.png', '0004.png']);

    const job = ok(await farm.farm.client.query(JobDetails, { id: renderedJobId }).toPromise()).job;
    assert.ok(job);
    for (const frame of job.frames) {
      assert.ok(frame.outputUrl);
      const served = await fsp.readFile(await download(frame.outputUrl, path.join(dir, `served-${frame.number}.png`)));
      const written = await fsp.readFile(path.join(out, `${String(frame.number).padStart(4, '0')}.png`));
      assert.ok(written.equals(served), `frame ${frame.number} differs from its outputUrl`);
    }

    // A frame cut short and one missing: fetched again; the other two, same size, skipped.
    await fsp.truncate(path.join(out, '0002.png'), 100);
    await fsp.rm(path.join(out, '0003.png'));
    const again = await farmCli(['download', renderedJobId, '--out', out, '--json', '--server', server]);
    assert.equal(again.status, 0, again.stderr);
    const report = json<{ downloaded: number; skipped: number; complete: boolean; frames: Array<{ number: number; skipped: boolean }> }>(again);
    assert.deepEqual(
      { downloaded: report.downloaded, skipped: report.skipped, complete: report.complete, frames: report.frames.map((f) => [f.number, f.skipped]) },
      { downloaded: 2, skipped: 2, complete: true, frames: [[1, true], [2, false], [3, false], [4, true]] },
    );
    assert.deepEqual(await filesUnder(out), ['0001.png', '0002.png', '0003.png', '0004.png'], 'no .part file left behind');
    assert.ok((await fsp.readFile(path.join(out, '0002.png'))).length > 100);

    // --video: the preview video beside the frames, one video frame per rendered frame.
    const withVideo = await farmCli(['download', renderedJobId, '--out', out, '--video', '--json', '--server', server]);
    assert.equal(withVideo.status, 0, withVideo.stderr);
    const videoReport = json<{ skipped: number; video: { file: string; bytes: number; skipped: boolean } | null }>(withVideo);
    assert.deepEqual([videoReport.skipped, videoReport.video], [4, { file: path.join(out, 'preview.mp4'), bytes: (await fsp.stat(path.join(out, 'preview.mp4'))).size, skipped: false }]);
    const video = await ffprobe(path.join(out, 'preview.mp4'));
    assert.deepEqual([video.codec_name, video.pix_fmt, Number(video.nb_read_frames)], ['h264', 'yuv420p', 4]);
  });

  it('pause, resume, cancel and requeue a job with --json; watching it CANCELED exits 5; Ctrl-C exits 130 and says how to resume', async () => {
    // Tagged for a worker that does not exist: it stays queued, whatever the worker is doing.
    const submitted = await farmCli(['submit', blend, '--frames', '1-3', '--tags', 'nowhere', '--max-attempts', '2', '--timeout', '60', '--no-wait', '--json', '--server', server]);
    assert.equal(submitted.status, 0, submitted.stderr);
    const job = json<JobJson>(submitted);
    assert.deepEqual(
      { status: job.status, requiredTags: job.requiredTags, maxAttempts: job.maxAttempts, renderTimeoutSeconds: job.renderTimeoutSeconds, name: job.name },
      { status: 'QUEUED', requiredTags: ['nowhere'], maxAttempts: 2, renderTimeoutSeconds: 60, name: 'shot' },
    );

    const control = async (...args: string[]) => {
      const run = await farmCli([...args, job.id, '--json', '--server', server]);
      assert.equal(run.status, 0, `${args.join(' ')}: ${run.stderr}`);
      return json<JobJson>(run);
    };
    assert.equal((await control('pause')).status, 'PAUSED');
    assert.equal((await control('resume')).status, 'QUEUED');
    const canceled = await control('cancel');
    assert.deepEqual([canceled.status, canceled.framesCanceled], ['CANCELED', 3]);

    const watched = await farmCli(['watch', job.id, '--server', server]);
    assert.equal(watched.status, EXIT_JOB_CANCELED, watched.stderr);
    assert.match(lastLine(watched.stdout), new RegExp(`^Job ${job.id} "shot": CANCELED · 0/3 frames done · 3 canceled$`));
    const watchedJson = await farmCli(['watch', job.id, '--json', '--server', server]);
    assert.equal(watchedJson.status, EXIT_JOB_CANCELED);
    assert.equal(json<JobJson>(watchedJson).status, 'CANCELED');

    const requeued = await control('requeue');
    assert.deepEqual([requeued.status, requeued.framesCanceled], ['QUEUED', 0]);
    // Nothing left to requeue: the server refuses, and says why.
    const refused = await farmCli(['requeue', job.id, '--all', '--server', server]);
    assert.equal(refused.status, EXIT_REFUSED);
    assert.match(refused.stderr, /^farm: Cannot requeue job "shot" \(.*\): all its frames are already queued$/m);
    assert.equal(refused.stdout, '');

    const interrupted = await farmCli(['watch', job.id, '--server', server], {
      whileRunning: async (child, output) => {
        await waitFor('the watch to show progress', () => output().stderr.includes('render 0.0% · QUEUED'), { timeoutMs: 20_000 });
        child.kill('SIGINT');
      },
    });
    assert.equal(interrupted.status, EXIT_INTERRUPTED, interrupted.stderr);
    assert.match(interrupted.stderr, new RegExp(`Stopped watching; job ${job.id} is still on the farm \\(QUEUED, 0/3 frames done\\)`));
    assert.match(interrupted.stderr, new RegExp(`^Watch it again with: farm watch ${job.id}$`, 'm'));
    const still = ok(await farm.farm.client.query(JobDetails, { id: job.id }).toPromise()).job;
    assert.equal(still?.status, 'QUEUED', 'Ctrl-C left the job alone');
    assert.equal((await control('cancel')).status, 'CANCELED');
  });

  it('a job that FAILED: submit exits 4 and says so', async () => {
    const run = await farmCli(['submit', failing, '--frames', '1-2', '--max-attempts', '1', '--server', server]);
    assert.equal(run.status, EXIT_JOB_FAILED, run.stderr);
    assert.match(lastLine(run.stdout), /^Job \S+ "broken": FAILED · 1\/2 frames done · 1 failed/);
  });

  it('usage errors exit 2, refusals and unknown jobs 1 with a readable message, an unreachable server 3 naming its URL', async () => {
    const usage = await farmCli(['submit', '--frames', '1-2', '--server', server]);
    assert.equal(usage.status, EXIT_USAGE);
    assert.match(usage.stderr, /^farm: submit: which \.blend file\?/);
    assert.match(usage.stderr, /^Usage: farm submit FILE --frames RANGE/m);
    const noFile = await farmCli(['submit', path.join(dir, 'nothing.blend'), '--frames', '1', '--server', server]);
    assert.equal(noFile.status, EXIT_USAGE);
    assert.match(noFile.stderr, /^farm: submit: there is no file ".*nothing\.blend"$/m);

    // The server refuses the upload after its first bytes: its own words, status 1.
    const notBlend = path.join(dir, 'notes.txt');
    await fsp.writeFile(notBlend, 'not a blend file\n'.repeat(100_000));
    const refused = await farmCli(['submit', notBlend, '--frames', '1', '--server', server]);
    assert.equal(refused.status, EXIT_REFUSED, refused.stderr);
    assert.match(refused.stderr, /^farm: Invalid file: not a \.blend file/m);
    assert.equal(refused.stdout, '');

    const unknown = '00000000-0000-0000-0000-000000000000';
    for (const args of [['watch', unknown], ['pause', unknown], ['download', unknown, '--out', dir]]) {
      const run = await farmCli([...args, '--server', server]);
      assert.equal(run.status, EXIT_REFUSED, `${args.join(' ')}: ${run.stderr}`);
      assert.equal(run.stderr, `farm: No job with id "${unknown}"\n`);
      assert.equal(run.stdout, '');
    }

    const nowhere = `http://127.0.0.1:${await freePort()}`;
    for (const [args, env] of [
      [['jobs', '--server', nowhere], {}],
      [['watch', unknown], { FARM_SERVER: nowhere }],
    ] as const) {
      const run = await farmCli([...args], { env });
      assert.equal(run.status, EXIT_UNREACHABLE, run.stderr);
      assert.match(run.stderr, new RegExp(`^farm: cannot reach the farm server at ${nowhere} \\(ECONNREFUSED: connection refused\\)`));
    }
  });

  it('--help prints usage with the exit statuses, also through the package bin', async () => {
    const run = await farmCli(['--help'], { command: [CLI_BIN] });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^Usage: farm COMMAND/);
    assert.match(run.stdout, /^ {2}130 +interrupted with Ctrl-C/m);
    const watchHelp = await farmCli(['watch', '--help']);
    assert.equal(watchHelp.status, 0);
    assert.match(watchHelp.stdout, /^Usage: farm watch JOB/);
    assert.match(watchHelp.stdout, /^ {2}5 +submit\/watch: the job was CANCELED$/m);
  });
});
