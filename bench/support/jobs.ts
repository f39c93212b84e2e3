/**
 * Jobs as the benchmarks submit and watch them: submission through the real multipart upload,
 * the job's state and its frames' timestamps as the server recorded them, and fake .blend files.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { isJobFinished } from '../../common/job-status.ts';
import { waitFor } from '../../tests/support/processes.ts';
import { gql, gqlUpload, gqlUploadStreaming } from './client.ts';
import { progress } from './report.ts';

export interface SubmitInput {
  name: string;
  totalFrames: number;
  outputFormat?: string;
  requiredTags?: string[];
  maxAttempts?: number;
}

export interface SubmittedJob {
  id: string;
  totalFrames: number;
  createdAt: string;
}

const SUBMIT_JOB = `mutation SubmitJob($input: SubmitJobInput!) {
  submitJob(input: $input) { id totalFrames createdAt }
}`;

/** Submits a job through the real multipart upload, as a user's script would. */
export async function submitJob(url: string, blendFile: string, input: SubmitInput): Promise<SubmittedJob> {
  const data = await gqlUpload<{ submitJob: SubmittedJob }>(
    url,
    SUBMIT_JOB,
    { input: { outputFormat: 'PNG', ...input, file: null } },
    'variables.input.file',
    await fs.openAsBlob(blendFile),
    path.basename(blendFile),
  );
  return data.submitJob;
}

/** submitJob for big files: the file streamed from disk (see gqlUploadStreaming). */
export async function submitJobStreaming(url: string, blendFile: string, input: SubmitInput): Promise<SubmittedJob> {
  const variables = { input: { outputFormat: 'PNG', ...input, file: null } };
  return (await gqlUploadStreaming<{ submitJob: SubmittedJob }>(url, SUBMIT_JOB, variables, 'variables.input.file', blendFile)).submitJob;
}

export interface JobState {
  status: string;
  framesDone: number;
  framesFailed: number;
  totalFrames: number;
}

export async function jobState(url: string, jobId: string): Promise<JobState> {
  // A server that stopped answering must not hold the poll (and the benchmark's deadline) up.
  const data = await gql<{ job: JobState | null }>(url, 'query ($id: ID!) { job(id: $id) { status framesDone framesFailed totalFrames } }', { id: jobId }, undefined, 20_000);
  if (!data.job) throw new Error(`no job ${jobId}`);
  return data.job;
}


/** Polls (every `intervalMs`, a cheap query) until the job is finished; returns its last state. */
export async function waitJobFinished(url: string, jobId: string, timeoutMs: number, intervalMs = 200, onPoll?: (s: JobState) => void): Promise<JobState> {
  return waitFor(`job ${jobId} to finish`, async () => {
    // A poll the server was too busy to answer is not the end: the deadline is.
    const state = await jobState(url, jobId).catch((error: unknown) => {
      progress(`polling the job: ${(error as Error).message}`);
      return null;
    });
    if (!state) return null;
    onPoll?.(state);
    return isJobFinished(state.status) ? state : null;
  }, { timeoutMs, intervalMs });
}

export interface FrameRecord {
  number: number;
  status: string;
  attempts: number;
  assignedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  renderTimeMs: number | null;
  worker: { id: string; name: string } | null;
}

export interface JobRecord {
  id: string;
  status: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  framesDone: number;
  framesFailed: number;
  totalFrames: number;
  frames: FrameRecord[];
}

/** The job and all its frames with their timestamps, as the server recorded them. */
export async function jobRecord(url: string, jobId: string, timeoutMs?: number): Promise<JobRecord> {
  const data = await gql<{ job: JobRecord | null }>(
    url,
    `query ($id: ID!) { job(id: $id) {
      id status createdAt startedAt finishedAt framesDone framesFailed totalFrames
      frames { number status attempts assignedAt startedAt finishedAt renderTimeMs worker { id name } }
    } }`,
    { id: jobId },
    undefined,
    timeoutMs,
  );
  if (!data.job) throw new Error(`no job ${jobId}`);
  return data.job;
}

export const ms = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));

/**
 * A file that passes the server's .blend check (it starts with Blender's header) and is
 * `size` bytes long; sparse, so a large one is written at once. Only fake-blender reads it.
 */
export async function fakeBlend(file: string, size = 1024): Promise<string> {
  const handle = await fsp.open(file, 'w');
  try {
    await handle.write(Buffer.from('BLENDER-v304REND', 'ascii'));
    await handle.truncate(size);
  } finally {
    await handle.close();
  }
  return file;
}
