/**
 * Spawn mode's check of a job's files (missing-files.ts says why): before the job's first
 * frame, one extra Blender lists the files the .blend uses
 *
 *   blender -b -noaudio --disable-autoexec FILE --python common/blender/external_files.py -- --out OUT
 *
 * and its answer is kept for the job's later frames, so the check costs one Blender start per
 * job, not per frame (~0.97 s here for a small scene, bench/file-check.ts). A session checks
 * inside its own Blender instead (bridge.py), where it costs ~3 ms.
 */
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildFileCheckArgs } from './args.ts';
import { describeExit, lastWordsIn, notStarted } from './frame-verdict.ts';
import { EXTERNAL_FILES_SCRIPT, type ExternalFile, missingOf, parseExternalFiles } from './missing-files.ts';
import type { ProcessRunner } from '../../common/blender/runner.ts';

export type FileCheckResult =
  /** Empty: every file is there. */
  | { ok: true; missing: ExternalFile[] }
  /** The check itself failed (Blender could not load the file, the tracer broke); not kept. */
  | { ok: false; error: string };

/** Answers kept: one per job a worker renders at a time is plenty; old jobs fall out. */
const JOBS_KEPT = 32;
/** Blender's lines kept for the error of a check that failed. */
const LINES_KEPT = 20;

export class SpawnFileCheck {
  /** By job and file: the missing files, once a check of them succeeded. */
  private readonly answers = new Map<string, ExternalFile[]>();

  constructor(
    private readonly runner: ProcessRunner,
    private readonly blenderPath: string,
    private readonly tracerScript: string = EXTERNAL_FILES_SCRIPT,
  ) {}

  /**
   * The files of `blendFile` missing here, checked once per job, after the job's path mappings
   * (`pathMappings`, a file) are applied as the render applies them; `signal` stops the check's Blender.
   */
  async check(jobId: string | undefined, blendFile: string, signal: AbortSignal, pathMappings?: string): Promise<FileCheckResult> {
    const key = `${jobId ?? ''}\0${blendFile}`;
    const known = this.answers.get(key);
    if (known) return { ok: true, missing: known };
    const result = await this.run(blendFile, signal, pathMappings);
    if (result.ok) {
      this.answers.set(key, result.missing);
      if (this.answers.size > JOBS_KEPT) this.answers.delete(this.answers.keys().next().value as string);
    }
    return result;
  }

  private async run(blendFile: string, signal: AbortSignal, pathMappings: string | undefined): Promise<FileCheckResult> {
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'farm-file-check-'));
    const outFile = path.join(dir, 'files.json');
    const lines: string[] = [];
    const failedWith = (why: string): FileCheckResult => ({
      ok: false,
      error: `Could not check the files the .blend uses: ${why}${lastWordsIn(lines)}`,
    });
    try {
      const args = buildFileCheckArgs({ blendFile, tracerScript: this.tracerScript, outFile, pathMappings });
      let exit;
      try {
        exit = await this.runner.run(this.blenderPath, args, {
          signal,
          onLine: (line) => {
            lines.push(line);
            if (lines.length > LINES_KEPT) lines.shift();
          },
        });
      } catch (error) {
        return { ok: false, error: notStarted(this.blenderPath, error) };
      }
      const how = describeExit(exit);
      if (how) return failedWith(`Blender ${how}`);
      let manifest: unknown;
      try {
        manifest = JSON.parse(await fsp.readFile(outFile, 'utf8'));
      } catch (error) {
        return failedWith(`the tracer wrote no list (${(error as Error).message})`);
      }
      try {
        return { ok: true, missing: missingOf(parseExternalFiles((manifest as { files?: unknown } | null)?.files)) };
      } catch (error) {
        return failedWith(`the tracer's list is unreadable: ${(error as Error).message}`);
      }
    } finally {
      await fsp.rm(dir, { recursive: true, force: true });
    }
  }
}
