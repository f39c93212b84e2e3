import fs from 'node:fs/promises';
import path from 'node:path';
import type { FileUpload } from 'graphql-upload-minimal';
import type { Frame, Job } from '../generated/prisma/client.ts';
import type { FarmServices } from '../context.ts';
import type { WorkerIdentity } from '../auth.ts';
import { InputError, NotFound } from '../errors.ts';
import { commitFile, type ReceivedFile, receiveFile, UploadRejected } from '../storage/files.ts';
import { frameFileName } from '../../common/blender/formats.ts';

export interface FrameDelivery {
  jobId: string;
  frameNumber: number;
  file: Promise<FileUpload>;
  /** How long Blender took, as the worker measured it. */
  renderTimeMs: number | null;
}

type DeliveryServices = Pick<FarmServices, 'db' | 'frames' | 'dispatcher' | 'storage' | 'config' | 'log' | 'sightings'>;

/**
 * A worker delivers a rendered frame: its file is stored in jobs/<job>/ and the frame is
 * DONE, counted once. A late upload (the worker's lease was lost) is taken while the frame
 * is not DONE; an upload of a DONE frame is acknowledged and not counted again. Refused
 * (FrameRefused) before a byte is read when the frame does not want it (CANCELED), and
 * after, when it stopped wanting it while the file streamed in (canceled, requeued, job
 * deleted): then the file is removed, so a refused delivery leaves nothing behind.
 * NotFound for an unknown job, InputError for a file that did not arrive whole.
 */
export async function deliverFrame(services: DeliveryServices, worker: WorkerIdentity, delivery: FrameDelivery): Promise<Frame> {
  const job = await services.db.job.findUnique({ where: { id: delivery.jobId } });
  if (!job) throw new NotFound('job', delivery.jobId);
  const wanted = await services.frames.deliverable(worker.id, job.id, delivery.frameNumber);
  // While the file streams in, the worker may be given its next frame: the dispatcher skips
  // a frame being uploaded until it is DONE (or refused).
  services.dispatcher.uploadStarted(wanted.frame.id, worker.id);
  try {
    const received = await receiveFrameFile(services, job, delivery);
    // The worker is alive at the end of its upload too: one longer than the lease timeout,
    // heartbeats waiting behind it, must not get it declared lost the moment it lands.
    services.sightings.seen(worker.id);
    try {
      return await oneAtATime(`${job.id}:${delivery.frameNumber}`, () => store(services, worker, job, delivery, received));
    } finally {
      // Moved into jobs/<job>/ when stored; otherwise still in incoming/.
      await fs.rm(received.path, { force: true });
    }
  } finally {
    services.dispatcher.uploadEnded(wanted.frame.id);
  }
}

async function receiveFrameFile(services: DeliveryServices, job: Job, delivery: FrameDelivery): Promise<ReceivedFile> {
  const extension = path.extname(frameFileName(delivery.frameNumber, job.outputFormat));
  try {
    const upload = await delivery.file;
    return await receiveFile(upload.createReadStream(), services.storage.incomingPath(extension), {
      field: 'file',
      maxBytes: services.config.maxUploadBytes,
    });
  } catch (error) {
    if (error instanceof UploadRejected) throw new InputError('file', error.message);
    throw new InputError('file', `the upload failed (${(error as Error).message})`);
  }
}

/**
 * Stores a received frame file and marks the frame DONE, one delivery of a frame at a time
 * (see oneAtATime). The frame is asked again, as it may have changed while the file streamed
 * in. The file goes into jobs/<job>/ before the frame is DONE, so whoever hears of the DONE
 * frame finds its file; when complete() refuses after all, that file is removed again.
 */
async function store(
  services: DeliveryServices,
  worker: WorkerIdentity,
  job: Job,
  delivery: FrameDelivery,
  received: ReceivedFile,
): Promise<Frame> {
  const { frames, storage, log } = services;
  const number = delivery.frameNumber;
  const now = await frames.deliverable(worker.id, job.id, number);
  if (now.how === 'duplicate') {
    log.info({ jobId: job.id, frame: number, worker: worker.name }, 'duplicate upload acknowledged, not counted');
    return now.frame;
  }
  const fileName = frameFileName(number, job.outputFormat);
  const stored = storage.framePath(job.id, fileName);
  await commitFile(received.path, stored);
  try {
    const { frame, counted } = await frames.complete(worker.id, job.id, number, fileName, delivery.renderTimeMs);
    log.info({ jobId: job.id, frame: number, worker: worker.name, renderTimeMs: frame.renderTimeMs, counted }, 'frame done');
    return frame;
  } catch (error) {
    await fs.rm(stored, { force: true });
    // A job deleted meanwhile: its folder, made again by commitFile, goes too (when empty).
    if (!(await services.db.job.findUnique({ where: { id: job.id }, select: { id: true } }))) {
      await fs.rmdir(storage.jobDir(job.id)).catch(() => {});
    }
    throw error;
  }
}

/**
 * The deliveries of one frame being stored, each waiting for the one before. Two uploads of
 * a frame can stream at once (a worker whose lease was lost and the worker it went to); the
 * second must see the first one's DONE and drop its file, not write over the stored one.
 * Keyed by job id (a UUID) and frame number, so two servers in one process never share a key.
 */
const storing = new Map<string, Promise<unknown>>();

async function oneAtATime<T>(key: string, task: () => Promise<T>): Promise<T> {
  const mine = (storing.get(key) ?? Promise.resolve()).then(task);
  const settled = mine.catch(() => undefined);
  storing.set(key, settled);
  try {
    return await mine;
  } finally {
    if (storing.get(key) === settled) storing.delete(key);
  }
}
