/** How the dashboard writes times, sizes and ranges: short, and the same on every page. */

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${String(m % 60).padStart(2, '0')} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

export function formatMs(ms: number | null | undefined): string {
  if (ms == null) return '—';
  return ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : formatDuration(ms / 1000);
}

export function formatRelative(iso: string | null | undefined, now: number): string {
  if (!iso) return '—';
  const seconds = Math.round((now - Date.parse(iso)) / 1000);
  if (seconds < 2) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return formatDateTime(iso);
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** Bytes as the command line shows them (SI: 1 MB = 1,000,000 bytes), so both say the same of a file. */
export { formatBytes } from '../../common/format.ts';

export function formatPercent(percent: number): string {
  return `${percent >= 100 ? 100 : Math.floor(percent * 10) / 10}%`;
}

/** "1–250", "1–250 every 5th". */
export function frameRange(job: { frameStart: number; frameEnd: number; frameStep: number }): string {
  const range = job.frameStart === job.frameEnd ? `${job.frameStart}` : `${job.frameStart}–${job.frameEnd}`;
  return job.frameStep > 1 ? `${range} every ${ordinal(job.frameStep)}` : range;
}

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th'}`;
}

/** "1 frame", "3 frames" */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
