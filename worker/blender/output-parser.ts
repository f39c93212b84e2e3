/**
 * Reads Blender 3.4's console output one line at a time. Every pattern below comes from real
 * output recorded in tests/unit/fixtures/blender/.
 */

export type BlenderOutputEvent =
  /** Percent of the current frame's samples done, 0..100, never decreasing within a frame. */
  | { type: 'progress'; frame: number; percent: number }
  | { type: 'saved'; path: string }
  /** A line starting `Error:`; `message` is the rest of it. */
  | { type: 'error'; message: string }
  /** Blender goes on to render the file's active scene after this: the caller must stop it. */
  | { type: 'scene-not-found'; scene: string };

// Cycles:  `Fra:1 Mem:... | Scene, ViewLayer | Sample 1/8`
// tiled:   `Fra:1 Mem:... | Scene, ViewLayer | Rendered 3/16 Tiles, Sample 1/2`
// Eevee:   `Fra:1 Mem:... | Time:00:01.17 | Rendering 1 / 8 samples`
// the end: `Fra:1 Mem:... | Scene, ViewLayer | Finished` (Cycles; Eevee ends on n / n samples)
// Workbench prints no progress lines at all.
const FRAME_PREFIX = /^Fra:(-?\d+) /;
const CYCLES_SAMPLE = /\| (?:Rendered (\d+)\/(\d+) Tiles, )?Sample (\d+)\/(\d+)\b/;
const EEVEE_SAMPLE = /\| Rendering (\d+) \/ (\d+) samples$/;
const FINISHED = /\| Finished$/;
const SAVED = /^Saved: '(.*)'$/;
const ERROR = /^Error: ?(.*)$/;
// `Can't find scene: 'NoSuchScene' in file: '/path/file.blend'`; greedy so a quote inside the
// scene's name stays in the name.
const SCENE_NOT_FOUND = /^Can't find scene: '(.*)' in file: '.*'$/;
const SCENE_NOT_FOUND_LOOSE = /^Can't find scene: ?(.*)$/;

function percentOf(done: number, total: number): number {
  if (total <= 0) return 0;
  return Math.max(0, Math.min(100, Math.floor((done / total) * 100)));
}

/** One line on its own, no memory of earlier lines. Progress here may go backwards. */
export function parseBlenderLine(line: string): BlenderOutputEvent | null {
  const frameMatch = FRAME_PREFIX.exec(line);
  if (frameMatch) {
    const frame = Number(frameMatch[1]);
    const cycles = CYCLES_SAMPLE.exec(line);
    if (cycles) {
      const tilesDone = Number(cycles[1] ?? 0);
      const tiles = Number(cycles[2] ?? 1);
      const sample = Number(cycles[3]);
      const samples = Number(cycles[4]);
      // Tiled output reports a finished tile twice: `Rendered 0/16 Tiles, Sample 2/2` and then
      // `Rendered 1/16 Tiles, Sample 2/2`; counting a full sample run only through the tile
      // counter keeps the two from adding up to more than one tile.
      const tileFraction = tiles > 1 && sample === samples ? 0 : sample / Math.max(samples, 1);
      return { type: 'progress', frame, percent: percentOf(tilesDone + tileFraction, tiles) };
    }
    const eevee = EEVEE_SAMPLE.exec(line);
    if (eevee) {
      return { type: 'progress', frame, percent: percentOf(Number(eevee[1]), Number(eevee[2])) };
    }
    if (FINISHED.test(line)) return { type: 'progress', frame, percent: 100 };
    return null;
  }
  const saved = SAVED.exec(line);
  if (saved) return { type: 'saved', path: saved[1] ?? '' };
  const error = ERROR.exec(line);
  if (error) return { type: 'error', message: (error[1] ?? '').trim() };
  const scene = SCENE_NOT_FOUND.exec(line) ?? SCENE_NOT_FOUND_LOOSE.exec(line);
  if (scene) return { type: 'scene-not-found', scene: scene[1] ?? '' };
  return null;
}

export interface LogTailLimits {
  maxLines: number;
  maxBytes: number;
}

/**
 * Enough to show a user why a frame failed (Blender's error lines come last, just before
 * `Blender quit`) while keeping a worker's report small however long Blender talked.
 */
export const DEFAULT_LOG_TAIL: LogTailLimits = { maxLines: 50, maxBytes: 8 * 1024 };

export class BlenderOutputParser {
  private readonly tail: string[] = [];
  private tailBytes = 0;
  private progressFrame: number | null = null;
  private progressPercent = -1;

  constructor(private readonly limits: LogTailLimits = DEFAULT_LOG_TAIL) {}

  /** Feeds one line (without its newline); returns what it meant, if anything. */
  feed(rawLine: string): BlenderOutputEvent | null {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    this.remember(line);
    const event = parseBlenderLine(line);
    if (event?.type !== 'progress') return event;
    if (event.frame !== this.progressFrame) {
      this.progressFrame = event.frame;
      this.progressPercent = -1;
    }
    // Tiled Cycles restarts its sample count for every tile; the frame as a whole only advances.
    if (event.percent <= this.progressPercent) return null;
    this.progressPercent = event.percent;
    return event;
  }

  /** The last lines Blender printed, oldest first, joined with newlines. */
  logTail(): string {
    return this.tail.join('\n');
  }

  private remember(line: string): void {
    const kept = byteLength(line) > this.limits.maxBytes ? truncateToBytes(line, this.limits.maxBytes) : line;
    this.tail.push(kept);
    // +1 for the newline that joins it to the next line.
    this.tailBytes += byteLength(kept) + 1;
    while (this.tail.length > this.limits.maxLines || (this.tailBytes > this.limits.maxBytes && this.tail.length > 1)) {
      const dropped = this.tail.shift() ?? '';
      this.tailBytes -= byteLength(dropped) + 1;
    }
  }
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function truncateToBytes(text: string, maxBytes: number): string {
  const marker = '…';
  const budget = maxBytes - byteLength(marker);
  // Decoding a cut-off buffer may end in half a character; the replacement char is dropped.
  const cut = Buffer.from(text, 'utf8').subarray(0, Math.max(0, budget)).toString('utf8').replace(/\uFFFD$/, '');
  return cut + marker;
}
