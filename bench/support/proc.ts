/** A process's memory and CPU as Linux's /proc tells them, and a sampler for the peak RSS. */
import fs from 'node:fs';

const CLOCK_TICKS = 100; // getconf CLK_TCK on Linux x86-64

export interface ProcStats {
  rssBytes: number;
  /** The kernel's high-water mark of RSS since the process started. */
  hwmBytes: number;
  /** User + system CPU seconds of the process itself. */
  cpuSeconds: number;
  /** The same, of its children that have exited (a worker's Blender processes). */
  childCpuSeconds: number;
}

export function procStats(pid: number): ProcStats | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = (i: number) => Number(fields[i - 3] ?? 0);
    return {
      rssBytes: kb('VmRSS'),
      hwmBytes: kb('VmHWM'),
      cpuSeconds: (ticks(14) + ticks(15)) / CLOCK_TICKS,
      childCpuSeconds: (ticks(16) + ticks(17)) / CLOCK_TICKS,
    };
  } catch {
    return null;
  }
}

/** Samples a process's RSS every `intervalMs`, keeping the peak. */
export class RssSampler {
  peakBytes = 0;
  samples = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    intervalMs = 50,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  sample(): number {
    const stats = procStats(this.pid);
    if (stats) {
      this.samples += 1;
      this.peakBytes = Math.max(this.peakBytes, stats.rssBytes);
    }
    return stats?.rssBytes ?? 0;
  }

  /** Starts a new peak from now. */
  reset(): void {
    this.peakBytes = 0;
    this.sample();
  }

  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }
}

export const MiB = 1024 * 1024;
