import fsp from 'node:fs/promises';
import path from 'node:path';
import type { SubmitJobInput } from '../../common/graphql/generated/graphql.ts';
import { isOutputFormat, OUTPUT_FORMATS } from '../../common/blender/formats.ts';
import { parseWorkerTags } from '../../common/tags.ts';
import { defineCommand, optionsHelp } from '../context.ts';
import { UsageError } from '../errors.ts';
import { EXIT_CODES_HELP, EXIT_INTERRUPTED } from '../exit-codes.ts';
import { describeFrameRange, describeTransfer, formatBytes, frameCount, parseFrameRange } from '../format.ts';
import { CliSubmitJob } from '../operations.ts';
import { createProgressDisplay } from '../progress.ts';
import { uploadWithProgress } from '../upload.ts';
import { blenderForSubmit, checkFilesBeforeUpload } from './submit-files.ts';
import { shipProjectFiles } from './submit-project.ts';
import { watchJob } from './watch.ts';

export const SUBMIT_OPTIONS = {
  frames: { type: 'string' },
  format: { type: 'string' },
  scene: { type: 'string' },
  name: { type: 'string' },
  priority: { type: 'string' },
  tags: { type: 'string' },
  'max-attempts': { type: 'string' },
  timeout: { type: 'string' },
  'no-wait': { type: 'boolean' },
  detach: { type: 'boolean' },
  blender: { type: 'string' },
  'allow-missing': { type: 'boolean' },
} as const;

export interface SubmitArgs {
  frames?: string;
  format?: string;
  scene?: string;
  name?: string;
  priority?: string;
  tags?: string;
  'max-attempts'?: string;
  timeout?: string;
  'no-wait'?: boolean;
  detach?: boolean;
  blender?: string;
  'allow-missing'?: boolean;
}

export interface SubmitPlan {
  file: string;
  input: Omit<SubmitJobInput, 'file'>;
  wait: boolean;
}

function integerOption(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`--${name} must be a whole number of at least ${min}, got "${text}"`);
  }
  return value;
}

/** The job's name when --name is not given: the file's name without `.blend`. */
export function defaultJobName(file: string): string {
  return path.basename(file).replace(/\.blend\d*$/i, '') || path.basename(file);
}

/**
 * `farm submit FILE --frames …` as the submitJob input (without the file): every option
 * checked here, so a typo fails before a byte is uploaded.
 */
export function planSubmission(values: SubmitArgs, positionals: readonly string[]): SubmitPlan {
  if (positionals.length === 0) throw new UsageError('submit: which .blend file? e.g. farm submit shot.blend --frames 1-250');
  if (positionals.length > 1) throw new UsageError(`submit: one .blend file at a time, got ${positionals.join(' ')}`);
  const file = positionals[0] as string;
  if (values.frames === undefined) throw new UsageError('submit: --frames is required, e.g. --frames 1-250, --frames 1-250x2 or --frames 7');
  let range;
  try {
    range = parseFrameRange(values.frames);
  } catch (error) {
    throw new UsageError(`--frames: ${(error as Error).message}`);
  }
  const format = (values.format ?? 'PNG').toUpperCase();
  if (!isOutputFormat(format)) {
    throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}; got "${values.format}"`);
  }
  let requiredTags: string[] | undefined;
  if (values.tags !== undefined) {
    try {
      requiredTags = parseWorkerTags(values.tags);
    } catch (error) {
      throw new UsageError(`--tags: ${(error as Error).message}`);
    }
  }
  if (values.scene !== undefined && values.scene.trim() === '') throw new UsageError('--scene must name a scene (leave it out for the active one)');
  const name = values.name ?? defaultJobName(file);
  if (name.trim() === '') throw new UsageError('--name must not be empty');
  const input: Omit<SubmitJobInput, 'file'> = {
    name,
    frameStart: range.frameStart,
    frameEnd: range.frameEnd,
    frameStep: range.frameStep,
    outputFormat: format,
  };
  if (values.scene !== undefined) input.sceneName = values.scene;
  const priority = integerOption('priority', values.priority, Number.MIN_SAFE_INTEGER);
  if (priority !== undefined) input.priority = priority;
  const maxAttempts = integerOption('max-attempts', values['max-attempts'], 1);
  if (maxAttempts !== undefined) input.maxAttempts = maxAttempts;
  const timeout = integerOption('timeout', values.timeout, 1);
  if (timeout !== undefined) input.renderTimeoutSeconds = timeout;
  if (requiredTags !== undefined) input.requiredTags = requiredTags;
  return { file, input, wait: !(values['no-wait'] || values.detach) };
}

const HELP = `Usage: farm submit FILE --frames RANGE [options]

Uploads a .blend file (with a progress bar), queues its frames, then shows the render's
progress until the job ends. Ctrl-C stops watching and leaves the job rendering.

First, this machine's Blender lists the files the .blend uses (textures, libraries, caches…);
if one is missing, nothing is uploaded and the command exits 1 naming each. Without a
Blender here the .blend is submitted unchecked, with a warning.

${optionsHelp([
  ['--frames RANGE', 'frames to render: 7, 1-250, or 1-250x2 for every second frame (required)'],
  ['--format FORMAT', `output format (default PNG), one of\n${OUTPUT_FORMATS.join(', ')}`],
  ['--scene NAME', "scene to render (default: the file's active scene)"],
  ['--name NAME', "the job's name (default: the file's name without .blend)"],
  ['--priority N', 'higher first (default 0); a negative one as --priority=-5'],
  ['--tags a,b', 'only workers with all of these tags render it'],
  ['--max-attempts N', 'tries per frame before it is FAILED (default 3)'],
  ['--timeout SECONDS', 'stop a frame rendering longer than this, as a failure (default: no limit)'],
  ['--no-wait', "print the job's id and exit once it is queued (also --detach)"],
  ['--blender PATH', 'the Blender that checks the files the .blend uses\n(env BLENDER_PATH, default blender)'],
  ['--allow-missing', 'submit even when files the .blend uses are missing (warns)'],
  ['--json', 'print the job as JSON on stdout (once queued with --no-wait, else once ended)'],
])}

${EXIT_CODES_HELP}`;

export const submitCommand = defineCommand(
  { name: 'submit', summary: 'upload a .blend, queue its frames and follow the render', help: HELP, handlesInterrupt: true, options: SUBMIT_OPTIONS },
  async (ctx, { values, positionals }) => {
    const io = ctx.io;
    const plan = planSubmission(values, positionals);
    const stat = await fsp.stat(plan.file).catch(() => null);
    if (!stat) throw new UsageError(`submit: there is no file "${plan.file}"`);
    if (!stat.isFile()) throw new UsageError(`submit: "${plan.file}" is not a file`);
    const checked = await checkFilesBeforeUpload(ctx, plan.file, {
      blenderPath: blenderForSubmit(values.blender, io.env),
      allowMissing: values['allow-missing'] === true,
    });
    const project = checked.stopped || !checked.manifest ? null : await shipProjectFiles(ctx, checked.manifest, plan.file);
    if (checked.stopped || (checked.manifest && !project)) {
      ctx.say('Stopped before uploading; no job was submitted.');
      ctx.printJson({ submitted: false });
      return EXIT_INTERRUPTED;
    }
    if (project && project.files.length > 0) Object.assign(plan.input, project);
    // What was allowed to be missing here is allowed on the workers too: they would fail the job.
    if (values['allow-missing']) plan.input.allowMissingFiles = true;

    const frames = frameCount({ frameStart: plan.input.frameStart ?? 1, frameEnd: plan.input.frameEnd ?? 1, frameStep: plan.input.frameStep ?? 1 });
    ctx.say(`Uploading ${plan.file} (${formatBytes(stat.size)}) to ${ctx.serverUrl}`);
    const display = createProgressDisplay('upload', io.stderr, io.now);
    const startedAt = io.now();
    let sent = 0;
    const showUpload = () =>
      display.update({
        percent: stat.size === 0 ? 100 : (100 * sent) / stat.size,
        text: describeTransfer(sent, stat.size, io.now() - startedAt),
        key: String(Math.floor(stat.size === 0 ? 100 : (100 * sent) / stat.size)),
      });
    showUpload();
    const ticker = setInterval(showUpload, 500);
    let job;
    try {
      ({ submitJob: job } = await uploadWithProgress(CliSubmitJob, {
        serverUrl: ctx.serverUrl,
        graphqlUrl: ctx.farm.graphqlUrl,
        // The multipart spec's placeholder: `map` puts the file there.
        variables: { input: { ...plan.input, file: null as unknown as File } },
        filePath: 'variables.input.file',
        file: plan.file,
        fileName: path.basename(plan.file),
        size: stat.size,
        signal: io.interrupted,
        onProgress: (bytes) => (sent = bytes),
      }));
    } catch (error) {
      clearInterval(ticker);
      display.stop();
      if (!io.interrupted.aborted) throw error;
      ctx.say(
        sent < stat.size
          ? 'Upload stopped; no job was submitted.'
          : 'Stopped while the server took the file: the job may have been queued; see farm jobs.',
      );
      ctx.printJson({ submitted: sent < stat.size ? false : null });
      return EXIT_INTERRUPTED;
    }
    clearInterval(ticker);
    showUpload();
    display.stop();
    const range = { frameStart: job.frameStart, frameEnd: job.frameEnd, frameStep: job.frameStep };
    ctx.say(`Submitted job ${job.id} "${job.name}": ${frames} frame${frames === 1 ? '' : 's'} (${describeFrameRange(range)}) as ${job.outputFormat}`);
    if (!plan.wait) {
      ctx.print(job.id);
      ctx.printJson(job);
      return 0;
    }
    return (await watchJob(ctx, job.id, job)).exitCode;
  },
);
