/**
 * The line protocol between the worker and worker/blender/bridge.py, the script a session's
 * Blender runs (its docstring is the other half of this file):
 *
 *   worker → bridge, one JSON object per line on stdin:
 *     {"id": 7, "command": "render", "frame": 12, "format": "PNG", "outputDir": "/abs/dir"}
 *     {"command": "quit"}
 *   bridge → worker, among Blender's own lines on stdout, each starting with BRIDGE_PREFIX:
 *     @farm-bridge ready {"scene": "Scene", "pid": 1234}
 *     @farm-bridge scene-missing {"scene": "X", "message": "Can't find scene: ..."}
 *     @farm-bridge files-missing {"files": [<external_files() entries>], "count": 1}   (then it exits)
 *     @farm-bridge fatal {"message": "..."}
 *     @farm-bridge end {"id": 7, "ok": true}   or   {"id": 7, "ok": false, "error": "..."}
 */
import { fileURLToPath } from 'node:url';
import type { OutputFormat } from '../../common/blender/formats.ts';
import { type ExternalFile, parseExternalFiles } from './missing-files.ts';

export const BRIDGE_SCRIPT = fileURLToPath(new URL('./bridge.py', import.meta.url));

/** Starts every line of the bridge's own; Blender's lines interleave with them. */
export const BRIDGE_PREFIX = '@farm-bridge ';

export type BridgeMessage =
  | { event: 'ready'; scene: string }
  | { event: 'scene-missing'; scene: string; message: string }
  /** `files`: the first of them; `count`: how many are missing in all. */
  | { event: 'files-missing'; files: ExternalFile[]; count: number }
  | { event: 'fatal'; message: string }
  | { event: 'end'; id: number | null; ok: true }
  | { event: 'end'; id: number | null; ok: false; error: string }
  | { event: 'garbled'; line: string };

/** The bridge's message on this line, or null for a line of Blender's own. */
export function parseBridgeLine(line: string): BridgeMessage | null {
  if (!line.startsWith(BRIDGE_PREFIX)) return null;
  const rest = line.slice(BRIDGE_PREFIX.length);
  const space = rest.indexOf(' ');
  let fields: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(space === -1 ? '{}' : rest.slice(space + 1));
    if (typeof parsed !== 'object' || parsed === null) return { event: 'garbled', line };
    fields = parsed as Record<string, unknown>;
  } catch {
    return { event: 'garbled', line };
  }
  const text = (key: string): string => (typeof fields[key] === 'string' ? (fields[key] as string) : '');
  switch (space === -1 ? rest : rest.slice(0, space)) {
    case 'ready':
      return { event: 'ready', scene: text('scene') };
    case 'scene-missing':
      return { event: 'scene-missing', scene: text('scene'), message: text('message') };
    case 'files-missing': {
      let files: ExternalFile[];
      try {
        files = parseExternalFiles(fields.files);
      } catch {
        return { event: 'garbled', line };
      }
      const count = typeof fields.count === 'number' && fields.count >= files.length ? fields.count : files.length;
      return { event: 'files-missing', files, count };
    }
    case 'fatal':
      return { event: 'fatal', message: text('message') };
    case 'end': {
      const id = typeof fields.id === 'number' ? fields.id : null;
      if (fields.ok === true) return { event: 'end', id, ok: true };
      return { event: 'end', id, ok: false, error: text('error') || 'the bridge gave no reason' };
    }
    default:
      return { event: 'garbled', line };
  }
}

/** How a message reads in an error, e.g. `end` or `"@farm-bridge hello {}"`. */
export function describeBridgeMessage(message: BridgeMessage): string {
  return message.event === 'garbled' ? `"${message.line}"` : message.event;
}

export interface SessionFrameCommand {
  frame: number;
  format: OutputFormat;
  /** Absolute, without `#`. */
  outputDir: string;
}

/** The line asking the bridge to render a frame; its END carries the same `id`. */
export function renderCommandLine(id: number, command: SessionFrameCommand): string {
  return JSON.stringify({ id, command: 'render', frame: command.frame, format: command.format, outputDir: command.outputDir });
}

/** The line asking the bridge to let Blender quit (closing stdin says the same). */
export function quitCommandLine(): string {
  return JSON.stringify({ command: 'quit' });
}
