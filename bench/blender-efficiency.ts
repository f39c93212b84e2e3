/**
 * blender-efficiency: how close one farm worker comes to Blender run by hand.
 *
 *   node --import tsx bench/blender-efficiency.ts [--frames 24] [--reps 3] [--samples 8]
 *
 * A small generated Cycles scene (tests/support/make_scene.py: 64×36, 8 samples, an animated
 * cube) rendered three ways on this machine, alternately, REPS times each:
 *   plain:   blender -b scene.blend -o DIR/#### -F PNG -s 1 -e 24 -a    (one process, every frame)
 *   farm:    the same 24 frames as a job on a farm of one worker, per render mode the worker
 *            offers (`--render-mode session|spawn`; before that flag existed: spawn only).
 * Farm time: from just before submitJob (the .blend upload included) to the last frame's
 * finishedAt as the server recorded it (the frame stored and DONE); both clocks are this
 * machine's. Each render mode has its own worker, tagged with the mode, and its jobs require
 * that tag, so the workers never take each other's frames.
 * Prints the median of farm ÷ plain per rep, and every raw timing.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { lastLines } from '../tests/support/processes.ts';
import { BLENDER_PATH, makeScene, runBlender } from '../tests/support/blender.ts';
import { benchmark, emit, machine, param, progress, tempDir } from './support/report.ts';
import { startServer, startWorkerProcess, workerFeatures, workersSubscribed } from './support/farm.ts';
import { jobRecord, ms, submitJob, waitJobFinished } from './support/jobs.ts';
import { median, round } from './support/stats.ts';

const FRAMES = param('frames', 'BENCH_EFFICIENCY_FRAMES', 24);
const REPS = param('reps', 'BENCH_EFFICIENCY_REPS', 3);
const SAMPLES = param('samples', 'BENCH_EFFICIENCY_SAMPLES', 8);

const TARGET = { ratio: 1.1 };

/** Blender by hand: one process renders every frame. Returns its wall time in seconds. */
async function renderPlain(blend: string, outDir: string): Promise<number> {
  await fsp.rm(outDir, { recursive: true, force: true });
  await fsp.mkdir(outDir, { recursive: true });
  const args = ['-b', blend, '-o', `${outDir}/####`, '-F', 'PNG', '-s', '1', '-e', String(FRAMES), '-a'];
  const started = performance.now();
  // A hung Blender fails the run rather than holding it up.
  const { exitCode, output } = await runBlender(args, 600_000);
  const seconds = (performance.now() - started) / 1000;
  const files = (await fsp.readdir(outDir)).filter((f) => f.endsWith('.png'));
  if (exitCode !== 0 || files.length !== FRAMES) {
    throw new Error(`plain Blender: exit ${exitCode}, ${files.length} of ${FRAMES} frames:\n${lastLines(output)}`);
  }
  return seconds;
}

benchmark('blender-efficiency');
const features = await workerFeatures();
const modes = features.renderMode ? (features.renderModes.length ? features.renderModes : ['session', 'spawn']) : ['spawn'];
const note = features.renderMode ? null : 'the worker has no --render-mode yet: it starts Blender for every frame (spawn), which is all that ran';
if (note) progress(note);

const dir = await tempDir('efficiency');
const server = await startServer();
const workers = modes.map((mode) =>
  startWorkerProcess({
    url: server.url,
    name: `efficiency-${mode}`,
    workDir: path.join(dir, `worker-${mode}`),
    blenderPath: BLENDER_PATH,
    args: ['--tags', `mode-${mode}`, ...(features.renderMode ? ['--render-mode', mode] : [])],
  }),
);
try {
  await workersSubscribed(workers, { timeoutMs: 120_000, intervalMs: 200 });
  progress(`workers ready: ${modes.join(', ')}`);

  /** One job of FRAMES frames on the worker of `mode`: seconds from submission to the last frame stored, and from the job's creation. */
  const farmRun = async (blend: string, mode: string, label: string) => {
    const submitted = Date.now();
    const job = await submitJob(server.url, blend, { name: `efficiency ${label}`, totalFrames: FRAMES, requiredTags: [`mode-${mode}`] });
    const state = await waitJobFinished(server.url, job.id, 300_000, 100);
    const record = await jobRecord(server.url, job.id);
    if (state.status !== 'COMPLETED') throw new Error(`job ${job.id} (${label}) ended ${state.status}`);
    const lastStored = Math.max(...record.frames.map((f) => ms(f.finishedAt) ?? 0));
    const firstStored = Math.min(...record.frames.map((f) => ms(f.finishedAt) ?? Infinity));
    // One worker, frames in order: frame k+1 is assigned as frame k's upload begins, so the
    // step between assignments is the worker's cycle per frame; renderTimeMs is the part of it
    // Blender took (as the worker measured it), the rest is the farm's.
    const byNumber = [...record.frames].sort((a, b) => a.number - b.number);
    for (let i = 1; i + 1 < byNumber.length; i += 1) {
      const cycle = ms(byNumber[i + 1]!.assignedAt)! - ms(byNumber[i]!.assignedAt)!;
      cycles.get(mode)!.push({ cycleMs: cycle, renderMs: byNumber[i]!.renderTimeMs ?? 0 });
    }
    return { seconds: (lastStored - submitted) / 1000, fromCreatedS: (lastStored - ms(record.createdAt)!) / 1000, firstStoredS: (firstStored - submitted) / 1000 };
  };

  const plainS: number[] = [];
  const farm = new Map<string, { seconds: number[]; fromCreatedS: number[]; firstStoredS: number[]; ratios: number[] }>(
    modes.map((m) => [m, { seconds: [], fromCreatedS: [], firstStoredS: [], ratios: [] }]),
  );
  const cycles = new Map<string, { cycleMs: number; renderMs: number }[]>(modes.map((m) => [m, []]));
  const warmSessionS: number[] = [];
  for (let rep = 1; rep <= REPS; rep += 1) {
    // A new .blend each rep (make_scene.py's files differ byte for byte), as a user's next job
    // would be: a session kept from the last rep's file cannot serve it.
    const blend = await makeScene({ out: path.join(dir, `scene-${rep}.blend`), frames: FRAMES, samples: SAMPLES });
    const plain = await renderPlain(blend, path.join(dir, 'plain'));
    plainS.push(plain);
    progress(`rep ${rep}: plain ${plain.toFixed(2)} s`);
    for (const mode of modes) {
      const run = await farmRun(blend, mode, `${mode} ${rep}`);
      const entry = farm.get(mode)!;
      entry.seconds.push(run.seconds);
      entry.fromCreatedS.push(run.fromCreatedS);
      entry.firstStoredS.push(run.firstStoredS);
      entry.ratios.push(run.seconds / plain);
      progress(`rep ${rep}: farm (${mode}) ${run.seconds.toFixed(2)} s, ${(run.seconds / plain).toFixed(2)} × plain`);
      if (mode === 'session') {
        // The same file again (a re-render): the worker's session for it may still be running.
        const again = await farmRun(blend, 'session', `${mode} ${rep} again`);
        warmSessionS.push(again.seconds);
        progress(`rep ${rep}: farm (session, same .blend again) ${again.seconds.toFixed(2)} s`);
      }
    }
  }

  const byMode = Object.fromEntries(
    [...farm].map(([mode, e]) => [
      mode,
      {
        medianRatio: round(median(e.ratios), 3),
        medianS: round(median(e.seconds), 3),
        // What the farm adds per frame over Blender by hand.
        overheadPerFrameMs: round((((median(e.seconds) ?? 0) - (median(plainS) ?? 0)) * 1000) / FRAMES, 1),
        runsS: e.seconds.map((s) => round(s, 3)),
        runsFromJobCreatedS: e.fromCreatedS.map((s) => round(s, 3)),
        // Submission → first frame stored: the .blend download and Blender's start.
        firstFrameStoredS: e.firstStoredS.map((s) => round(s, 3)),
        perFrameMs: {
          cycle: round(median(cycles.get(mode)!.map((c) => c.cycleMs)), 1),
          blender: round(median(cycles.get(mode)!.map((c) => c.renderMs)), 1),
          farm: round(median(cycles.get(mode)!.map((c) => c.cycleMs - c.renderMs)), 1),
        },
        ratios: e.ratios.map((r) => round(r, 3)),
        ...(mode === 'session' ? { sameBlendAgainS: warmSessionS.map((x) => round(x, 3)) } : {}),
      },
    ]),
  );
  // The target is for the worker's default: sessions once they exist.
  const headline = modes.includes('session') ? 'session' : 'spawn';
  const ratio = byMode[headline]?.medianRatio ?? null;
  emit({
    bench: 'blender-efficiency',
    frames: FRAMES,
    reps: REPS,
    scene: { engine: 'CYCLES', width: 64, height: 36, samples: SAMPLES, format: 'PNG' },
    renderModesRun: modes,
    note,
    ratio,
    ratioMode: headline,
    plain: { medianS: round(median(plainS), 3), runsS: plainS.map((s) => round(s, 3)), command: `blender -b scene.blend -o DIR/#### -F PNG -s 1 -e ${FRAMES} -a` },
    farm: byMode,
    target: TARGET,
    met: { ratio: ratio !== null && ratio <= TARGET.ratio },
    machine: await machine(),
  });
} finally {
  await Promise.all(workers.map((w) => w.stop()));
  await server.stop();
  await fsp.rm(dir, { recursive: true, force: true });
  await fsp.rm(server.dataDir, { recursive: true, force: true });
}
