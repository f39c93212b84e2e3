/**
 * The worker as a person starts it from a shell: what it says and which status it exits
 * with when Blender is missing or the command line is wrong, and how it waits for a farm
 * server that is not up yet, then joins it by itself.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { makeScene } from '../support/blender.ts';
import { ok, startFarm, startWorker, submitJob, tempDir, type TestFarm, type TestWorker } from '../support/farm.ts';
import { JobDetails, ListWorkers } from '../support/operations.ts';
import { freePort, runToEnd, waitFor } from '../support/processes.ts';
import { EXIT_BLENDER_MISSING, EXIT_USAGE } from '../../worker/exit-codes.ts';

const WORKER_MAIN = fileURLToPath(new URL('../../worker/main.ts', import.meta.url));

/** The environment without any of the worker's own settings, so each test sets exactly what it means. */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['BLENDER_PATH', 'FARM_SERVER', 'FARM_WORKER_NAME', 'FARM_WORKER_DIR']) delete env[name];
  return { ...env, ...extra };
}

/** Runs `node --import tsx worker/main.ts ARGS` to its end; fails the test if it has not ended in 30 s. */
async function runWorkerCommand(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number; output: string; ms: number }> {
  const started = Date.now();
  const { exitCode, output } = await runToEnd(process.execPath, ['--import', 'tsx', WORKER_MAIN, ...args], { timeoutMs: 30_000, env });
  return { status: exitCode, output, ms: Date.now() - started };
}

/** The `msg` of each of the worker's pino JSON lines. */
function messages(worker: TestWorker): string[] {
  return worker.lines.flatMap((line) => {
    try {
      const { msg } = JSON.parse(line) as { msg?: unknown };
      return typeof msg === 'string' ? [msg] : [];
    } catch {
      return [];
    }
  });
}

describe('worker command line', () => {
  // Nothing listens there, and it is never tried: the worker checks Blender before it talks to any server.
  let nowhere: string;
  before(async () => {
    nowhere = `http://127.0.0.1:${await freePort()}`;
  });

  it('exits with EXIT_BLENDER_MISSING and says how to fix it when --blender points at nothing', async () => {
    const workDir = await tempDir('cli-no-blender');
    const run = await runWorkerCommand(['--server', nowhere, '--name', 'nob', '--work-dir', workDir, '--blender', '/nonexistent/blender'], cleanEnv());
    assert.equal(run.status, EXIT_BLENDER_MISSING, run.output);
    assert.match(run.output, /Blender was not found at "\/nonexistent\/blender"/);
    assert.match(run.output, /Install Blender/);
    assert.match(run.output, /--blender \/path\/to\/blender/);
    assert.match(run.output, /BLENDER_PATH/);
    assert.doesNotMatch(run.output, /cannot reach the farm server/);
    assert.ok(run.ms < 15_000, `gave up in ${run.ms} ms`);
  });

  it('reads BLENDER_PATH when there is no --blender, with the same exit status and advice', async () => {
    const workDir = await tempDir('cli-no-blender-env');
    const run = await runWorkerCommand(['--server', nowhere, '--name', 'nob', '--work-dir', workDir], cleanEnv({ BLENDER_PATH: '/nonexistent' }));
    assert.equal(run.status, EXIT_BLENDER_MISSING, run.output);
    assert.match(run.output, /Blender was not found at "\/nonexistent"/);
    assert.match(run.output, /Install Blender/);
    assert.match(run.output, /--blender/);
    assert.match(run.output, /BLENDER_PATH/);
    assert.doesNotMatch(run.output, /cannot reach the farm server/);
  });

  it('exits with EXIT_USAGE and prints the usage without --server', async () => {
    const run = await runWorkerCommand(['--name', 'lost'], cleanEnv());
    assert.equal(run.status, EXIT_USAGE, run.output);
    assert.match(run.output, /--server must be the farm server's http:\/\/ URL/);
    assert.match(run.output, /^Usage: npm run worker -- --server URL/m);
    for (const option of ['--server URL', '--name NAME', '--blender PATH', '--work-dir DIR']) assert.ok(run.output.includes(option), `usage mentions ${option}`);
  });
});

describe('a worker started before its farm server', () => {
  let farm: TestFarm | undefined;
  let worker: TestWorker | undefined;

  after(async () => {
    await worker?.stop();
    await farm?.stop();
  });

  it('waits with clear retries, then joins the server when it comes up and renders', async () => {
    const dir = await tempDir('cli-late-server');
    const blend = await makeScene({ out: path.join(dir, 'shot.blend'), frames: 1 });
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    worker = startWorker(url, 'early', { workDir: path.join(dir, 'work') });
    const running = worker;

    // Backoff 0.5 s, 1 s, 2 s … (±25 %): two refused attempts take ~1.5 s after start-up.
    const retryLine = new RegExp(
      `^cannot reach the farm server at ${url.replace(/[.]/g, '\\.')} \\(connection refused\\) to register; retrying in (\\d+\\.\\d) s$`,
    );
    const retries = await waitFor(
      'two refused registration attempts',
      () => {
        assert.equal(running.process.exitCode, null, `the worker exited:\n${running.lines.join('\n')}`);
        const delays = messages(running).flatMap((msg) => {
          const match = retryLine.exec(msg);
          return match ? [Number(match[1])] : [];
        });
        return delays.length >= 2 ? delays : null;
      },
      { timeoutMs: 20_000 },
    );
    assert.ok(retries.every((s) => s > 0), `retry delays ${retries.join(', ')} s`);
    assert.ok(retries[1]! > retries[0]!, `the delay grows: ${retries.join(', ')} s`);
    assert.equal(running.process.exitCode, null, 'still running with no server');
    assert.ok(!running.lines.some((line) => /farm-worker failed|Error:|"level":50/.test(line)), `no crash or error:\n${running.lines.join('\n')}`);

    farm = await startFarm({ port });
    assert.equal(farm.url, url);
    const up = Date.now();
    const started = farm;
    await waitFor('the worker to register and subscribe', () => messages(running).includes('subscribed for frames'), { timeoutMs: 25_000 });
    const joinMs = Date.now() - up;
    assert.ok(messages(running).some((msg) => msg === `registered with the farm at ${url} as early`), running.lines.join('\n'));
    assert.ok(messages(running).some((msg) => msg === `farm server at ${url} is reachable again`));
    const { workers } = ok(await started.farm.client.query(ListWorkers, {}).toPromise());
    assert.deepEqual(workers.map((w) => w.name), ['early']);

    const submitted = ok(await submitJob(started.farm, blend, { name: 'After the wait', totalFrames: 1, outputFormat: 'PNG' })).submitJob;
    const job = await waitFor(
      'the 1-frame job to complete',
      async () => {
        const current = ok(await started.farm.client.query(JobDetails, { id: submitted.id }).toPromise()).job;
        assert.notEqual(current?.status, 'FAILED', JSON.stringify(current));
        return current?.status === 'COMPLETED' ? current : null;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    assert.deepEqual(job.frames.map((f) => [f.number, f.status, f.worker?.name]), [[1, 'DONE', 'early']]);
    assert.ok(job.frames[0]?.outputUrl);
    assert.equal(running.process.exitCode, null);
    // Recorded in the test output, for tuning the backoff: the wait after the server came up.
    console.log(`worker joined ${joinMs} ms after the server started; retries before: ${retries.join(', ')} s`);
  });
});
