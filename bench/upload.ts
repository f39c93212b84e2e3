/**
 * upload: a 1 GiB .blend submitted through the real multipart submitJob, as `curl -F` would.
 *
 *   node --import tsx bench/upload.ts [--mib 1024] [--runs 2]
 *
 * The file is Blender's header followed by zeros (sparse on disk, so writing it is instant;
 * the server still reads, hashes and writes every byte). The server runs in a process of its
 * own; its RSS (VmRSS in /proc/<pid>/status) is sampled every 20 ms from an idle baseline taken
 * after a warm-up submission (so code loaded on the first request is not counted as growth).
 * The client writes the multipart body itself over node:http (as cheap as curl), so that on 2
 * cores the server, not the client, sets the pace. Prints MB/s and the worst run's RSS growth.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { benchmark, emit, machine, param, progress, tempDir } from './support/report.ts';
import { fakeBlend, submitJob, submitJobStreaming } from './support/jobs.ts';
import { MiB, procStats, RssSampler } from './support/proc.ts';
import { round } from './support/stats.ts';
import { startServer } from './support/farm.ts';

const SIZE_MIB = param('mib', 'BENCH_UPLOAD_MIB', 1024);
const RUNS = param('runs', 'BENCH_UPLOAD_RUNS', 2);

const TARGET = { rssGrowthMiB: 64 };

benchmark('upload');
const dir = await tempDir('upload');
const server = await startServer({ env: { FARM_MAX_UPLOAD_BYTES: String(8 * 1024 ** 3) } });
const runs: { seconds: number; MBps: number; MiBps: number; baselineRssMiB: number; peakRssMiB: number; growthMiB: number }[] = [];
try {
  progress(`server at ${server.url} (pid ${server.pid}); warming up with a small submission`);
  const small = await fakeBlend(path.join(dir, 'small.blend'), 4096);
  await submitJob(server.url, small, { name: 'warm-up', totalFrames: 1 });

  for (let run = 1; run <= RUNS; run += 1) {
    // A different file each run: the server stores a .blend once per content.
    const big = path.join(dir, `big-${run}.blend`);
    await fakeBlend(big, SIZE_MIB * MiB);
    const handle = await fsp.open(big, 'r+');
    await handle.write(Buffer.from(`run ${run}`), 0, undefined, 32);
    await handle.close();

    await new Promise((resolve) => setTimeout(resolve, 1000));
    const sampler = new RssSampler(server.pid, 20);
    const baseline = sampler.sample();
    sampler.reset();
    progress(`run ${run}: uploading ${SIZE_MIB} MiB; server RSS ${(baseline / MiB).toFixed(1)} MiB`);
    const started = performance.now();
    const job = await submitJobStreaming(server.url, big, { name: `upload ${run}`, totalFrames: 1 });
    const seconds = (performance.now() - started) / 1000;
    sampler.stop();
    const stored = await fsp.stat(path.join(server.dataDir, 'blends')).then(() => fsp.readdir(path.join(server.dataDir, 'blends')));
    progress(`run ${run}: job ${job.id} in ${seconds.toFixed(2)} s; peak RSS ${(sampler.peakBytes / MiB).toFixed(1)} MiB (${sampler.samples} samples); ${stored.length} .blend files stored`);
    runs.push({
      seconds: round(seconds, 3)!,
      MBps: round((SIZE_MIB * MiB) / 1e6 / seconds, 1)!,
      MiBps: round(SIZE_MIB / seconds, 1)!,
      baselineRssMiB: round(baseline / MiB, 1)!,
      peakRssMiB: round(sampler.peakBytes / MiB, 1)!,
      growthMiB: round((sampler.peakBytes - baseline) / MiB, 1)!,
    });
    await fsp.rm(big, { force: true });
  }
  const worst = Math.max(...runs.map((r) => r.growthMiB));
  emit({
    bench: 'upload',
    sizeMiB: SIZE_MIB,
    MBps: round(Math.min(...runs.map((r) => r.MBps)), 1),
    rssGrowthMiB: worst,
    serverHwmMiB: round((procStats(server.pid)?.hwmBytes ?? 0) / MiB, 1),
    runs,
    target: TARGET,
    met: { rssGrowthMiB: worst < TARGET.rssGrowthMiB },
    machine: await machine(),
  });
} finally {
  await server.stop();
  await fsp.rm(dir, { recursive: true, force: true });
  await fsp.rm(server.dataDir, { recursive: true, force: true });
}
