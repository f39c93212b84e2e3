import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FileUpload } from 'graphql-upload-minimal';
import type { Job, OutputFormat } from '../generated/prisma/client.ts';
import type { FarmServices } from '../context.ts';
import { InputError } from '../errors.ts';
import { type SubmissionFields, validateSubmission } from './validate-submission.ts';
import { contentVanished, planProject, type ProjectFields, writeProject } from './submit-project.ts';
import { isProjectArchive, submittedFileProblem, unpackProjectArchive } from './submit-archive.ts';
import { commitFile, receiveFile, UploadRejected } from '../storage/files.ts';

export interface SubmitJobRequest extends SubmissionFields, ProjectFields {
  file: Promise<FileUpload>;
  outputFormat: OutputFormat;
}

/**
 * Stores the .blend (sent alone, or inside a project .zip) and creates the job with all its frames and project files, or stores
 * nothing: every refusal (bad fields, a project file not in the store, not a .blend, too
 * large, cut off) happens before the job row exists and removes what was received. Throws InputError naming the field at fault.
 */
export async function submitJob(services: FarmServices, request: SubmitJobRequest): Promise<Job> {
  const fields = validateSubmission(request);
  const { storage, config, db } = services;

  let upload: FileUpload;
  try {
    upload = await request.file;
  } catch (error) {
    throw new InputError('file', uploadProblem(error));
  }
  let blendName = path.basename(upload.filename || 'scene.blend');
  // Before the .blend is read: a project that cannot be submitted costs no upload.
  let project = await planProject(services.contents, request, { blendName, maxBytes: config.maxUploadBytes });
  let received;
  try {
    received = await receiveFile(upload.createReadStream(), storage.incomingPath('.upload'), {
      field: 'file',
      maxBytes: config.maxUploadBytes,
      checkHeader: submittedFileProblem,
    });
  } catch (error) {
    if (error instanceof UploadRejected) throw new InputError(error.field, error.message);
    throw new InputError('file', uploadProblem(error));
  }
  if (await startsAsArchive(received.path)) {
    if (project.files.length > 0) {
      await fs.rm(received.path, { force: true });
      throw new InputError('files', 'a project .zip carries its own files: send files only with a .blend');
    }
    // blendPath names the .blend inside the archive; the archive decides the tree.
    ({ blend: received, plan: project } = await unpackProjectArchive(services, received.path, request.blendPath ?? null));
    blendName = path.posix.basename(project.blendPath);
  }

  // Content-addressed: the same .blend submitted twice is stored once.
  const blendFile = storage.blendPath(received.sha256);
  if (await exists(blendFile)) await fs.rm(received.path, { force: true });
  else await commitFile(received.path, blendFile);

  const id = crypto.randomUUID();
  let job: Job;
  try {
    job = await db.$transaction(async (tx) => {
      const created = await tx.job.create({
        data: {
          id,
          name: fields.name,
          sceneName: fields.sceneName,
          outputFormat: request.outputFormat,
          frameStart: fields.frameStart,
          frameEnd: fields.frameEnd,
          frameStep: fields.frameStep,
          totalFrames: fields.totalFrames,
          blendSha256: received.sha256,
          blendSize: BigInt(received.size),
          blendName,
          priority: fields.priority,
          maxAttempts: fields.maxAttempts,
          renderTimeoutS: fields.renderTimeoutS,
          allowMissingFiles: fields.allowMissingFiles,
          requiredTags: JSON.stringify(fields.requiredTags),
        },
      });
      // One statement for all frames: a million-frame job inserts in seconds, not minutes of round trips.
      await tx.$executeRaw`
        WITH RECURSIVE seq(n) AS (
          SELECT ${fields.frameStart}
          UNION ALL
          SELECT n + ${fields.frameStep} FROM seq WHERE n + ${fields.frameStep} <= ${fields.frameEnd}
        )
        INSERT INTO "Frame" ("jobId", "number", "status", "attempts") SELECT ${id}, n, 'QUEUED', 0 FROM seq`;
      await writeProject(tx, id, project);
      return created;
    });
  } catch (error) {
    const others = await db.job.count({ where: { blendSha256: received.sha256 } }).catch(() => 1);
    if (others === 0) await fs.rm(blendFile, { force: true });
    throw contentVanished(error) ?? error;
  }

  services.log.info(
    { jobId: job.id, name: job.name, frames: job.totalFrames, blendBytes: received.size, sha256: received.sha256, projectFiles: project.files.length },
    'job submitted',
  );
  services.pubsub.publish('jobChanged', job.id, job);
  services.pubsub.publish('farmChanged');
  services.dispatcher.workAvailable();
  return job;
}

function uploadProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `the upload failed: ${message}`;
}

async function startsAsArchive(file: string): Promise<boolean> {
  const handle = await fs.open(file, 'r');
  try {
    const head = Buffer.alloc(4);
    await handle.read(head, 0, 4, 0);
    return isProjectArchive(head);
  } finally {
    await handle.close();
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
