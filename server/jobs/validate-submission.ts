/**
 * Checks a job submission's plain fields before any byte of the .blend is stored.
 * Pure, so the rules are unit-tested without a server.
 */
import { MAX_TAGS, tagProblem } from '../../common/tags.ts';
import { InputError } from '../errors.ts';

export const MAX_FRAMES_PER_JOB = 1_000_000;
export const MAX_JOB_NAME_LENGTH = 200;
export const MAX_PRIORITY = 1_000_000;
export const MAX_ATTEMPTS_LIMIT = 100;
/** A week: longer is surely a mistake in the unit. */
export const MAX_RENDER_TIMEOUT_S = 7 * 24 * 3600;

export interface SubmissionFields {
  name: string;
  totalFrames?: number | null;
  frameStart?: number | null;
  frameEnd?: number | null;
  frameStep?: number | null;
  sceneName?: string | null;
  priority?: number | null;
  maxAttempts?: number | null;
  renderTimeoutSeconds?: number | null;
  requiredTags?: readonly string[] | null;
  allowMissingFiles?: boolean | null;
}

export interface ValidSubmission {
  name: string;
  frameStart: number;
  frameEnd: number;
  frameStep: number;
  totalFrames: number;
  sceneName: string | null;
  priority: number;
  maxAttempts: number;
  renderTimeoutS: number | null;
  requiredTags: string[];
  allowMissingFiles: boolean;
}

const given = (v: number | null | undefined): v is number => v !== null && v !== undefined;

export function validateSubmission(input: SubmissionFields): ValidSubmission {
  const name = input.name.trim();
  if (name === '') throw new InputError('name', 'the job needs a name');
  if (name.length > MAX_JOB_NAME_LENGTH) {
    throw new InputError('name', `at most ${MAX_JOB_NAME_LENGTH} characters, got ${name.length}`);
  }

  const hasTotal = given(input.totalFrames);
  const hasRange = given(input.frameStart) || given(input.frameEnd) || given(input.frameStep);
  if (hasTotal && hasRange) {
    throw new InputError('totalFrames', 'give either totalFrames or frameStart/frameEnd, not both');
  }
  if (!hasTotal && !hasRange) {
    throw new InputError('totalFrames', 'give either totalFrames (frames 1..N) or frameStart and frameEnd');
  }

  let frameStart: number;
  let frameEnd: number;
  let frameStep = 1;
  if (hasTotal) {
    const total = input.totalFrames as number;
    if (total < 1) throw new InputError('totalFrames', `must be at least 1, got ${total}`);
    if (total > MAX_FRAMES_PER_JOB) {
      throw new InputError('totalFrames', `at most ${MAX_FRAMES_PER_JOB.toLocaleString('en')} frames per job, got ${total}`);
    }
    frameStart = 1;
    frameEnd = total;
  } else {
    if (!given(input.frameStart)) throw new InputError('frameStart', 'required with frameEnd');
    if (!given(input.frameEnd)) throw new InputError('frameEnd', 'required with frameStart');
    frameStart = input.frameStart;
    frameEnd = input.frameEnd;
    // Blender reads `-f -5` as "5 frames before the end": only positive frame numbers are unambiguous.
    if (frameStart < 1) throw new InputError('frameStart', `must be at least 1, got ${frameStart}`);
    if (frameEnd < 1) throw new InputError('frameEnd', `must be at least 1, got ${frameEnd}`);
    if (frameEnd < frameStart) {
      throw new InputError('frameEnd', `must not be before frameStart (${frameStart}), got ${frameEnd}`);
    }
    if (given(input.frameStep)) {
      if (input.frameStep < 1) throw new InputError('frameStep', `must be at least 1, got ${input.frameStep}`);
      frameStep = input.frameStep;
    }
  }

  const totalFrames = Math.floor((frameEnd - frameStart) / frameStep) + 1;
  if (totalFrames > MAX_FRAMES_PER_JOB) {
    throw new InputError(
      'frameEnd',
      `the range has ${totalFrames.toLocaleString('en')} frames; at most ${MAX_FRAMES_PER_JOB.toLocaleString('en')} per job`,
    );
  }

  let sceneName: string | null = null;
  if (input.sceneName !== null && input.sceneName !== undefined) {
    sceneName = input.sceneName;
    if (sceneName.trim() === '') throw new InputError('sceneName', 'leave it out to use the file\'s active scene, or name a scene');
    // Blender limits ID names to 63 bytes.
    if (Buffer.byteLength(sceneName) > 63) throw new InputError('sceneName', 'Blender scene names are at most 63 bytes');
  }

  const priority = validatePriority('priority', input.priority ?? 0);
  const maxAttempts = input.maxAttempts ?? 3;
  if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_LIMIT) {
    throw new InputError('maxAttempts', `must be 1 to ${MAX_ATTEMPTS_LIMIT}, got ${maxAttempts}`);
  }
  const renderTimeoutS = input.renderTimeoutSeconds ?? null;
  if (renderTimeoutS !== null && (renderTimeoutS < 1 || renderTimeoutS > MAX_RENDER_TIMEOUT_S)) {
    throw new InputError('renderTimeoutSeconds', `must be 1 to ${MAX_RENDER_TIMEOUT_S} seconds, got ${renderTimeoutS}`);
  }
  const requiredTags = validateTags('requiredTags', input.requiredTags ?? []);
  // Off unless asked for: a frame rendered with a texture missing is magenta, not done.
  const allowMissingFiles = input.allowMissingFiles ?? false;

  return { name, frameStart, frameEnd, frameStep, totalFrames, sceneName, priority, maxAttempts, renderTimeoutS, requiredTags, allowMissingFiles };
}

export function validatePriority(field: string, priority: number): number {
  if (Math.abs(priority) > MAX_PRIORITY) {
    throw new InputError(field, `must be between -${MAX_PRIORITY} and ${MAX_PRIORITY}, got ${priority}`);
  }
  return priority;
}

/** Worker and job tags: short words, compared exactly; duplicates dropped, sorted. */
export function validateTags(field: string, tags: readonly string[]): string[] {
  if (tags.length > MAX_TAGS) throw new InputError(field, `at most ${MAX_TAGS} tags, got ${tags.length}`);
  for (const tag of tags) {
    const problem = tagProblem(tag);
    if (problem) throw new InputError(field, problem);
  }
  return [...new Set(tags)].sort();
}

/** Tags as stored (a JSON array in a text column). */
export function parseTags(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.map(String) : [];
}
