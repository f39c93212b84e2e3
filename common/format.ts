/** Text for sizes and times that every program writes the same way: the `farm` command, the dashboard, the worker's logs. */

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/**
 * Bytes in decimal (SI) units, as the MB/s beside them: 1 KB is 1,000 bytes, 1 MB is
 * 1,000,000 (not KiB/MiB). `999 B`, `1.5 KB`, `250 MB`, `8.6 GB`. The one byte formatter of
 * the `farm` command and the dashboard, so both say the same of a file.
 */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value >= 100 ? 0 : 1)} ${UNITS[unit]}`;
}

/** What a job's progress snapshot says of its clocks, as the server sends it (JobProgress). */
export interface JobClockSnapshot {
  status: string;
  elapsedSeconds?: number | null;
  etaSeconds?: number | null;
}

export interface JobClocks {
  /** Seconds since the job's first frame went out; null before that. */
  elapsedSeconds: number | null;
  /** Seconds left as the server estimated them, counted down (never below 0); null without an estimate. */
  etaSeconds: number | null;
}

/**
 * A job's elapsed time and ETA `ageSeconds` after the snapshot arrived. The server sends a
 * snapshot only when something changes; while the job is RUNNING the clocks go on between
 * two snapshots (elapsed up, ETA down), otherwise they stand still. Pure: callers pass the
 * age (now minus when the snapshot came), so the dashboard and `farm watch` count alike.
 */
export function jobClocks(snapshot: JobClockSnapshot, ageSeconds: number): JobClocks {
  const age = snapshot.status === 'RUNNING' ? Math.max(0, ageSeconds) : 0;
  const { elapsedSeconds, etaSeconds } = snapshot;
  return {
    elapsedSeconds: elapsedSeconds == null ? null : elapsedSeconds + age,
    etaSeconds: etaSeconds == null ? null : Math.max(0, etaSeconds - age),
  };
}
