/**
 * file-check: what checking a job's files before its first frame costs a worker.
 *
 *   node --import tsx bench/file-check.ts [--reps 5]
 *
 * A small generated scene (tests/support/make_scene.py) whose cube uses a texture at an absolute
 * path that exists, so the check passes and the session goes on to READY. Measured REPS times
 * each, alternately, on this machine:
 *   session:  a Blender session started with and without `--check-files`; the time from
 *             Blender's `Read blend:` line (the file loaded) to the bridge's READY, and from
 *             the start to READY.
 *   spawn:    spawn mode's check, one extra `blender -b FILE --python external_files.py` per job.
 * Prints the medians and every raw timing, in milliseconds. Seen here (2 cores, Blender 3.4.1,
 * 5 reps): loaded to READY 11.5 ms without the check, 14.7 ms with it (~3 ms); spawn mode's
 * check ~0.97 s per job, nearly all of it Blender starting and loading the file.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { PNG } from 'pngjs';
import { BLENDER_PATH, makeScene } from '../tests/support/blender.ts';
import { benchmark, emit, machine, param, progress, tempDir } from './support/report.ts';
import { median, round } from './support/stats.ts';
import { BlenderSession } from '../worker/blender/blender-session.ts';
import { SpawnFileCheck } from '../worker/blender/file-check.ts';
import { type ProcessStarter, SpawnProcessRunner } from '../common/blender/runner.ts';

const REPS = param('reps', 'BENCH_FILE_CHECK_REPS', 5);

interface SessionTiming {
  loadedToReadyMs: number;
  startToReadyMs: number;
}

/** Starts a session, notes when the file was loaded and when the bridge was ready, and closes it. */
async function timeSession(runner: SpawnProcessRunner, blendFile: string, checkFiles: boolean): Promise<SessionTiming> {
  let loadedAt: number | null = null;
  const starter: ProcessStarter = {
    start: (command, args, options) =>
      runner.start(command, args, {
        onLine: (line) => {
          if (loadedAt === null && line.startsWith('Read blend:')) loadedAt = performance.now();
          options.onLine(line);
        },
      }),
  };
  const started = performance.now();
  const start = await BlenderSession.start({ starter, blenderPath: BLENDER_PATH, blendFile, sceneName: null, checkFiles });
  const readyAt = performance.now();
  if (!start.ok) throw new Error(`the session did not start: ${JSON.stringify(start)}`);
  await start.session.close();
  return { loadedToReadyMs: readyAt - (loadedAt ?? started), startToReadyMs: readyAt - started };
}

async function main(): Promise<void> {
  benchmark('file-check');
  const dir = await tempDir('file-check');
  const texture = path.join(dir, 'grid.png');
  await fsp.writeFile(texture, PNG.sync.write(new PNG({ width: 16, height: 16 })));
  const blendFile = await makeScene({ out: path.join(dir, 'shot.blend'), texture });
  const runner = new SpawnProcessRunner();

  const without: SessionTiming[] = [];
  const withCheck: SessionTiming[] = [];
  const spawnChecks: number[] = [];
  for (let rep = 1; rep <= REPS; rep++) {
    progress(`rep ${rep}/${REPS}`);
    without.push(await timeSession(runner, blendFile, false));
    withCheck.push(await timeSession(runner, blendFile, true));
    // A new checker each time: its answer is kept per job.
    const started = performance.now();
    const checked = await new SpawnFileCheck(runner, BLENDER_PATH).check(`bench-${rep}`, blendFile, new AbortController().signal);
    if (!checked.ok || checked.missing.length > 0) throw new Error(`the check failed: ${JSON.stringify(checked)}`);
    spawnChecks.push(performance.now() - started);
  }
  await fsp.rm(dir, { recursive: true, force: true });

  const med = (values: number[]) => round(median(values), 1);
  const loaded = (timings: SessionTiming[]) => timings.map((t) => t.loadedToReadyMs);
  const whole = (timings: SessionTiming[]) => timings.map((t) => t.startToReadyMs);
  emit({
    bench: 'file-check',
    reps: REPS,
    session: {
      loadedToReadyMs: { without: med(loaded(without)), with: med(loaded(withCheck)) },
      startToReadyMs: { without: med(whole(without)), with: med(whole(withCheck)) },
      checkCostMs: round((median(loaded(withCheck)) ?? 0) - (median(loaded(without)) ?? 0), 1),
    },
    spawn: { checkPerJobMs: med(spawnChecks) },
    raw: {
      sessionWithout: without.map((t) => [round(t.loadedToReadyMs, 1), round(t.startToReadyMs, 1)]),
      sessionWith: withCheck.map((t) => [round(t.loadedToReadyMs, 1), round(t.startToReadyMs, 1)]),
      spawnChecks: spawnChecks.map((ms) => round(ms, 1)),
    },
    machine: await machine(),
  });
}

await main();
