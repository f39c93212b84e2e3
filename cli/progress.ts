import cliProgress from 'cli-progress';
import { formatPercent } from './format.ts';

/** One state of a progress bar. */
export interface ProgressLine {
  /** 0 to 100. */
  percent: number;
  /** What follows the bar: counts, rates, ETA. */
  text: string;
  /** Changes when something worth a new plain line happened (not just a clock ticking). */
  key: string;
  /** Changes when a plain line must be printed at once (the job's status). */
  milestone?: string;
}

export interface ProgressDisplay {
  update(line: ProgressLine): void;
  /** A line of its own above the bar, e.g. "lost the connection, retrying". */
  note(message: string): void;
  /** Leaves the last state on screen (a plain line if it was not printed yet). */
  stop(): void;
}

/** On a terminal, plain lines come at most this often while something changes… */
export const PLAIN_INTERVAL_MS = 2_000;
/** …and at least this often while nothing does, so a log shows the command is alive. */
export const PLAIN_HEARTBEAT_MS = 60_000;

/**
 * Progress for a log file or a pipe, where a redrawn bar would be a mess of carriage
 * returns: one line per change, at most one every PLAIN_INTERVAL_MS, except that the first
 * state and each new milestone (job status) print at once.
 */
export class PlainProgress implements ProgressDisplay {
  private last: { at: number; key: string; milestone: string | undefined; text: string } | null = null;
  private pending: ProgressLine | null = null;

  constructor(
    private readonly label: string,
    private readonly write: (line: string) => void,
    private readonly now: () => number,
    private readonly intervalMs = PLAIN_INTERVAL_MS,
    private readonly heartbeatMs = PLAIN_HEARTBEAT_MS,
  ) {}

  update(line: ProgressLine): void {
    const now = this.now();
    const last = this.last;
    const heartbeat = last !== null && now - last.at >= this.heartbeatMs;
    const due =
      last === null ||
      heartbeat ||
      // Never the same words twice in a row but for the heartbeat, whatever the key says.
      (this.format(line) !== last.text && (line.milestone !== last.milestone || (line.key !== last.key && now - last.at >= this.intervalMs)));
    if (!due) {
      // Printed by stop() if nothing prints after it.
      this.pending = line.key !== last?.key ? line : null;
      return;
    }
    this.print(line, now);
  }

  note(message: string): void {
    this.write(message);
  }

  stop(): void {
    if (this.pending && this.format(this.pending) !== this.last?.text) this.print(this.pending, this.now());
    this.pending = null;
  }

  private format(line: ProgressLine): string {
    return `${this.label} ${formatPercent(line.percent)} · ${line.text}`;
  }

  private print(line: ProgressLine, now: number): void {
    const text = this.format(line);
    this.write(text);
    this.last = { at: now, key: line.key, milestone: line.milestone, text };
    this.pending = null;
  }
}

/** A bar redrawn in place on a terminal, by cli-progress. */
export class TerminalProgress implements ProgressDisplay {
  private readonly bar: cliProgress.SingleBar;
  private started = false;

  constructor(
    label: string,
    private readonly stream: NodeJS.WriteStream,
  ) {
    this.bar = new cliProgress.SingleBar(
      {
        format: `${label} {bar} {percent} · {text}`,
        stream,
        barsize: 24,
        hideCursor: true,
        // Trim to the terminal's width instead of wrapping into lines the next redraw misses.
        linewrap: true,
        // A note() clears the line; the bar must be drawn again even if its text is unchanged.
        forceRedraw: true,
        // Ctrl-C is the command's to handle (it prints how to resume); cli-progress would only stop the bar.
        gracefulExit: false,
      },
      cliProgress.Presets.shades_classic,
    );
  }

  update(line: ProgressLine): void {
    const payload = { percent: formatPercent(line.percent), text: line.text };
    if (!this.started) {
      this.bar.start(100, line.percent, payload);
      this.started = true;
    } else {
      this.bar.update(line.percent, payload);
    }
  }

  note(message: string): void {
    this.stream.write(`\r\x1b[2K${message}\n`);
  }

  stop(): void {
    if (this.started) this.bar.stop();
    this.started = false;
  }
}

/** A bar on a terminal, plain lines otherwise. */
export function createProgressDisplay(label: string, stream: NodeJS.WriteStream, now: () => number = Date.now): ProgressDisplay {
  if (stream.isTTY) return new TerminalProgress(label, stream);
  return new PlainProgress(label, (line) => stream.write(`${line}\n`), now);
}
