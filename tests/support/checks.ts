/**
 * What every fault-tolerance test ends by checking: every frame DONE exactly once, its file
 * present and valid, framesDone == totalFrames, and no frame rendered by two workers at once.
 */
import assert from 'node:assert/strict';
import type { FarmClient } from '../../common/client.ts';
import { logRecords, ok, type TestWorker } from './farm.ts';
import { JobFrames } from './operations.ts';
import { lastLines, runToEnd } from './processes.ts';

/** Width and height from a PNG's IHDR chunk; throws when the bytes are not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || !signature.every((b, i) => bytes[i] === b)) throw new Error('not a PNG file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** The job's frames, each DONE with a downloadable PNG of the expected size. */
export async function assertAllFramesDone(
  farm: FarmClient,
  jobId: string,
  expected: { totalFrames: number; width: number; height: number },
) {
  const job = ok(await farm.client.query(JobFrames, { id: jobId }, { requestPolicy: 'network-only' }).toPromise()).job;
  assert.ok(job, `job ${jobId} exists`);
  assert.equal(job.status, 'COMPLETED', `job status (error: ${job.error})`);
  assert.equal(job.framesDone, expected.totalFrames, 'framesDone == totalFrames');
  assert.equal(job.frames.length, expected.totalFrames);
  for (const frame of job.frames) {
    assert.equal(frame.status, 'DONE', `frame ${frame.number}`);
    assert.ok(frame.outputUrl, `frame ${frame.number} has a file`);
    const response = await fetch(frame.outputUrl);
    assert.equal(response.status, 200, `frame ${frame.number}: GET ${frame.outputUrl}`);
    const size = pngSize(new Uint8Array(await response.arrayBuffer()));
    assert.deepEqual(size, { width: expected.width, height: expected.height }, `frame ${frame.number} is a whole PNG`);
  }
  return job;
}

/** Each frame counted once: exactly one counted "frame done" in the server's logs per frame. */
export function assertCountedOnce(serverLines: readonly string[], jobId: string, totalFrames: number): void {
  const counted = new Map<number, number>();
  for (const record of logRecords(serverLines)) {
    if (record.msg === 'frame done' && record.jobId === jobId && record.counted === true) {
      const frame = Number(record.frame);
      counted.set(frame, (counted.get(frame) ?? 0) + 1);
    }
  }
  assert.equal(counted.size, totalFrames, `frames counted: ${JSON.stringify([...counted])}`);
  for (const [frame, times] of counted) assert.equal(times, 1, `frame ${frame} counted ${times} times`);
}

/** A span of time in which a worker did not run (SIGSTOP .. SIGCONT), in epoch ms. */
export interface Frozen {
  worker: TestWorker;
  from: number;
  to: number;
}

interface Span {
  worker: string;
  from: number;
  to: number;
}

/**
 * From the workers' own logs: when each worker was working on each frame (from "rendering
 * frame" to its last line about the frame, or to `killedAt` for a worker killed meanwhile).
 * Frozen spans are cut out. No two workers' spans on the same frame may overlap.
 */
export function assertNoFrameRenderedTwiceAtOnce(
  workers: readonly TestWorker[],
  jobId: string,
  opts: { killedAt?: Map<TestWorker, number>; frozen?: Frozen[] } = {},
): void {
  const byFrame = new Map<number, Span[]>();
  for (const worker of workers) {
    const records = logRecords(worker.lines).filter((r) => r.jobId === jobId && typeof r.frame === 'number');
    const killedAt = opts.killedAt?.get(worker) ?? Number.POSITIVE_INFINITY;
    for (const [i, record] of records.entries()) {
      if (record.msg !== 'rendering frame') continue;
      const frame = record.frame as number;
      const later = records.slice(i + 1).filter((r) => r.frame === frame);
      const nextStart = later.findIndex((r) => r.msg === 'rendering frame');
      const own = nextStart === -1 ? later : later.slice(0, nextStart);
      const from = record.time ?? 0;
      const to = own.length > 0 ? (own[own.length - 1]!.time ?? from) : Math.min(killedAt, Date.now());
      const spans = cutFrozen({ worker: worker.name, from, to }, (opts.frozen ?? []).filter((f) => f.worker === worker));
      byFrame.set(frame, [...(byFrame.get(frame) ?? []), ...spans]);
    }
  }
  for (const [frame, spans] of byFrame) {
    const sorted = spans.sort((a, b) => a.from - b.from);
    for (let i = 1; i < sorted.length; i += 1) {
      const previous = sorted[i - 1]!;
      const current = sorted[i]!;
      if (previous.worker === current.worker) continue;
      assert.ok(
        current.from >= previous.to,
        `frame ${frame}: ${current.worker} started it at ${current.from} while ${previous.worker} was on it until ${previous.to}`,
      );
    }
  }
}

function cutFrozen(span: Span, frozen: readonly Frozen[]): Span[] {
  let spans = [span];
  for (const f of frozen) {
    spans = spans.flatMap((s) => {
      if (f.to <= s.from || f.from >= s.to) return [s];
      const parts: Span[] = [];
      if (f.from > s.from) parts.push({ ...s, to: f.from });
      if (f.to < s.to) parts.push({ ...s, from: f.to });
      return parts;
    });
  }
  return spans;
}

/** What ffprobe says of a video's or image's first video stream; frames are counted by decoding. */
export async function ffprobe(file: string): Promise<Record<string, string | number>> {
  const { exitCode, stdout, output } = await runToEnd('ffprobe', [
    '-v', 'error', '-count_frames', '-select_streams', 'v:0',
    '-show_entries', 'stream=nb_read_frames,codec_name,pix_fmt,width,height,r_frame_rate', '-of', 'json', file,
  ], { timeoutMs: 60_000 });
  if (exitCode !== 0) throw new Error(`ffprobe ${file} exited ${exitCode}:\n${lastLines(output)}`);
  const stream = (JSON.parse(stdout) as { streams: Array<Record<string, string | number>> }).streams[0];
  assert.ok(stream, `${file} has a video stream`);
  return stream;
}
