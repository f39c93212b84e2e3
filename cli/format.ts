/**
 * Pure text for the `farm` command: frame ranges, durations, rates, ETAs, sizes, tables.
 * Nothing here reads the clock; callers pass the times in.
 */
import { formatBytes, type JobClockSnapshot, jobClocks } from '../common/format.ts';

export { formatBytes };

export interface FrameRange {
  frameStart: number;
  frameEnd: number;
  frameStep: number;
}

const FRAME_RANGE = /^(\d+)(?:-(\d+)(?:x(\d+))?)?$/;

/**
 * `--frames` as the server's frameStart/frameEnd/frameStep: `7` (one frame), `1-250`,
 * `1-250x2` (every second frame, as Blender's own "Frame Step"). Throws with a message
 * saying what is wrong.
 */
export function parseFrameRange(text: string): FrameRange {
  const match = FRAME_RANGE.exec(text.trim());
  if (!match) {
    throw new Error(`"${text}" is not a frame range: use N, START-END or START-ENDxSTEP, e.g. 7, 1-250 or 1-250x2`);
  }
  const frameStart = Number(match[1]);
  const frameEnd = match[2] === undefined ? frameStart : Number(match[2]);
  const frameStep = match[3] === undefined ? 1 : Number(match[3]);
  if (!Number.isSafeInteger(frameStart) || !Number.isSafeInteger(frameEnd) || !Number.isSafeInteger(frameStep)) {
    throw new Error(`"${text}": frame numbers that large are not supported`);
  }
  // Blender reads `-f 0` fine but `-f -5` as "5 before the end"; the server takes frames from 1.
  if (frameStart < 1) throw new Error(`"${text}": frames start at 1`);
  if (frameEnd < frameStart) throw new Error(`"${text}": the last frame ${frameEnd} is before the first ${frameStart}`);
  if (frameStep < 1) throw new Error(`"${text}": the step must be at least 1`);
  return { frameStart, frameEnd, frameStep };
}

/** How many frames a range renders: 1-10x3 is 1, 4, 7, 10. */
export function frameCount(range: FrameRange): number {
  return Math.floor((range.frameEnd - range.frameStart) / range.frameStep) + 1;
}

export function describeFrameRange(range: FrameRange): string {
  if (range.frameStart === range.frameEnd) return `frame ${range.frameStart}`;
  const step = range.frameStep === 1 ? '' : ` every ${range.frameStep}`;
  return `frames ${range.frameStart}-${range.frameEnd}${step}`;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** 0 → `0s`, 42 → `42s`, 185 → `3m 05s`, 3725 → `1h 02m`, 180000 → `2d 02h`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${pad2(s % 60)}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${pad2(Math.floor((s % 3600) / 60))}m`;
  return `${Math.floor(s / 86_400)}d ${pad2(Math.floor((s % 86_400) / 3600))}h`;
}

/** Frames per minute from the frames done and the time they took; null until there is a rate. */
export function framesPerMinute(framesDone: number, elapsedSeconds: number | null): number | null {
  if (elapsedSeconds === null || elapsedSeconds < 1 || framesDone <= 0) return null;
  return (framesDone * 60) / elapsedSeconds;
}

/** `12.5 frames/min`; three significant figures at most, `-- frames/min` while unknown. */
export function formatRate(perMinute: number | null): string {
  if (perMinute === null || !Number.isFinite(perMinute)) return '-- frames/min';
  const digits = perMinute >= 100 ? 0 : perMinute >= 10 ? 1 : 2;
  return `${perMinute.toFixed(digits)} frames/min`;
}

/** `ETA 3m 05s`, or `ETA --` when the server has no estimate yet. */
export function formatEta(etaSeconds: number | null): string {
  return etaSeconds === null ? 'ETA --' : `ETA ${formatDuration(etaSeconds)}`;
}

/** `8.1 MB/s` (formatBytes's decimal units) from bytes moved in `ms` milliseconds; `-- MB/s` before there is anything to go by. */
export function formatThroughput(bytes: number, ms: number): string {
  if (ms < 100 || bytes <= 0) return '-- MB/s';
  return `${formatBytes((bytes / ms) * 1000)}/s`;
}

/** `42.5%`: one decimal, never rounded up to 100 before it is. */
export function formatPercent(percent: number): string {
  const clamped = Math.min(100, Math.max(0, percent));
  const shown = Math.floor(clamped * 10) / 10;
  return `${shown.toFixed(1)}%`;
}

/** `5s ago`, `3m ago`, `2h ago`, `4d ago`, from an ISO time and now (ms since the epoch). */
export function formatAgo(iso: string | null | undefined, nowMs: number): string {
  if (!iso) return '-';
  const seconds = Math.max(0, Math.round((nowMs - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h ago`;
  return `${Math.floor(seconds / 86_400)}d ago`;
}

/** Columns padded to their widest cell, two spaces apart; the last column is not padded. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, col) => Math.max(...all.map((row) => (row[col] ?? '').length)));
  return all
    .map((row) => row.map((cell, col) => (col === row.length - 1 ? cell : cell.padEnd(widths[col] ?? 0))).join('  ').trimEnd())
    .join('\n');
}

/** What a job's progress snapshot says, as the jobProgress subscription sends it. */
export interface ProgressSnapshot extends JobClockSnapshot {
  percent: number;
  framesDone: number;
  framesFailed: number;
  totalFrames: number;
  framesRendering: number;
}

export interface ProgressView {
  /** 0 to 100, for the bar. */
  percent: number;
  /** `RUNNING · 12/250 frames (2 rendering) · 10.0 frames/min · ETA 22m 48s · 1m 12s elapsed` */
  text: string;
  /** What changed meaningfully (counts, status), without the clocks that tick every second. */
  key: string;
}

/**
 * A snapshot as the progress line shows it `ageSeconds` after it arrived: while the job
 * runs, elapsed time counts up and the ETA counts down between the server's updates.
 */
export function describeProgress(p: ProgressSnapshot, ageSeconds = 0): ProgressView {
  const running = p.status === 'RUNNING';
  const { elapsedSeconds: elapsed, etaSeconds: eta } = jobClocks(p, ageSeconds);
  const extra = [
    ...(p.framesRendering > 0 ? [`${p.framesRendering} rendering`] : []),
    ...(p.framesFailed > 0 ? [`${p.framesFailed} failed`] : []),
  ];
  // Most telling first: a narrow terminal cuts the line from the right.
  const parts = [p.status, `${p.framesDone}/${p.totalFrames} frames${extra.length ? ` (${extra.join(', ')})` : ''}`];
  // The rate is over the server's elapsed time at the snapshot, so it does not sag between updates.
  parts.push(formatRate(framesPerMinute(p.framesDone, p.elapsedSeconds ?? null)));
  if (running) parts.push(formatEta(eta));
  if (elapsed !== null) parts.push(`${formatDuration(elapsed)} elapsed`);
  return {
    percent: Math.min(100, Math.max(0, p.percent)),
    text: parts.join(' · '),
    key: `${p.status} ${p.framesDone} ${p.framesFailed} ${p.framesRendering} ${Math.floor(p.percent)}`,
  };
}

/** `12.0 MB/50.0 MB · 8.1 MB/s` */
export function describeTransfer(bytes: number, totalBytes: number | null, elapsedMs: number): string {
  const amount = totalBytes === null ? formatBytes(bytes) : `${formatBytes(bytes)}/${formatBytes(totalBytes)}`;
  return `${amount} · ${formatThroughput(bytes, elapsedMs)}`;
}

/** The JSON a script reads: the server's data without urql's __typename fields. */
export function withoutTypename<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => withoutTypename(item)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).filter(([key]) => key !== '__typename').map(([key, item]) => [key, withoutTypename(item)]),
    ) as T;
  }
  return value;
}
