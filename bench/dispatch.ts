/**
 * dispatch: how fast the farm hands out frames when rendering costs nothing.
 *
 * 2,000 frames over 16 workers (2 worker processes with `--slots 8`, `--render-mode spawn`)
 * whose Blender is bench/fake-blender: it writes a tiny file and prints `Saved:`, so all
 * that is measured is the farm: the claim, the push over graphql-ws, spawning "Blender",
 * the upload and the DONE transaction.
 *
 *   node --import tsx bench/dispatch.ts [--frames N] [--processes N] [--slots N]
 *
 * Prints one JSON line: frames/s, the slot time per frame, the idle gap per worker (its last
 * render ended → its next render began) p50/p99, where the time goes, and CPU seconds.
 */
import { benchmark, emit, machine, param, progress } from './support/report.ts';
import { runDispatch } from './support/dispatch-run.ts';

const FRAMES = param('frames', 'BENCH_DISPATCH_FRAMES', 2000);
const PROCESSES = param('processes', 'BENCH_DISPATCH_PROCESSES', 2);
const SLOTS = param('slots', 'BENCH_DISPATCH_SLOTS', 8);
const TIMEOUT_MS = param('timeout-s', 'BENCH_DISPATCH_TIMEOUT_S', 150) * 1000;

const TARGET = { framesPerS: 600, idleGapP99Ms: 20 };

benchmark('dispatch');
progress(`${FRAMES} frames, ${PROCESSES} worker processes × ${SLOTS} slots, fake Blender`);
const run = await runDispatch({ frames: FRAMES, processes: PROCESSES, slots: SLOTS, timeoutMs: TIMEOUT_MS });
const f = run.figures as { framesPerS: number | null; idleGapMs: { p99: number | null }; framesDone: number; framesWithRetries: number };
emit({
  bench: 'dispatch',
  ...run.layout,
  ...run.figures,
  allDoneOnce: f.framesDone === FRAMES && f.framesWithRetries === 0,
  target: TARGET,
  met: {
    framesPerS: (f.framesPerS ?? 0) >= TARGET.framesPerS,
    idleGapP99Ms: f.idleGapMs.p99 !== null && f.idleGapMs.p99 < TARGET.idleGapP99Ms,
  },
  machine: await machine(),
});
