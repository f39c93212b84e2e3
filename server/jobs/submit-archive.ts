/**
 * A job submitted as one project .zip (clients without Blender, the dashboard): the archive
 * is checked whole, then unpacked to incoming/ (each file hashed while it streams), and only
 * when every file arrived does anything enter the content store. Any refusal leaves
 * nothing behind: no content, no .blend, no job.
 *
 * The archive's root is the project tree's root: the chosen .blend keeps its path inside
 * the archive as the job's blendPath, and every other entry (textures, libraries, other
 * .blend files) becomes a job file at its path, so `//textures/x.png` next to
 * `shot/shot.blend` resolves on the worker as it did in the folder that was zipped.
 */
import fsp from 'node:fs/promises';
import type { FarmServices } from '../context.ts';
import { InputError } from '../errors.ts';
import { blendHeaderProblem } from '../storage/blend-header.ts';
import { type ReceivedFile, receiveFile, UploadRejected } from '../storage/files.ts';
import { eachArchiveFile, type ProjectArchive, readProjectArchive } from '../storage/project-archive.ts';
import { validateManifest } from './project-manifest.ts';
import type { JobProjectPlan } from './submit-project.ts';

const ZIP_MAGIC = Buffer.from('PK\x03\x04', 'latin1');

/** A .zip's local file header opens every archive a project folder makes. */
export function isProjectArchive(head: Buffer): boolean {
  return head.subarray(0, ZIP_MAGIC.length).equals(ZIP_MAGIC);
}

/** What submitJob's `file` must be: a .blend, or a project .zip. */
export function submittedFileProblem(head: Buffer): string | null {
  if (isProjectArchive(head)) return null;
  const problem = blendHeaderProblem(head);
  return problem && `${problem}, nor a project .zip`;
}

export interface UnpackedProject {
  /** The .blend to render, received to incoming/ (the caller stores it as any .blend). */
  blend: ReceivedFile;
  plan: JobProjectPlan;
}

/**
 * Unpacks the archive at `zipFile` (in incoming/; removed here in every case) into the
 * content store, or throws InputError on `file` naming the entry at fault and stores nothing.
 */
export async function unpackProjectArchive(
  services: Pick<FarmServices, 'storage' | 'config' | 'contents'>,
  zipFile: string,
  wantedBlendPath: string | null,
): Promise<UnpackedProject> {
  const { storage, config } = services;
  const received: Array<ReceivedFile & { projectPath: string }> = [];
  try {
    const archive = await readProjectArchive(zipFile, { field: 'file', blendPath: wantedBlendPath });
    checkTree(archive, config.maxUploadBytes);
    await eachArchiveFile(zipFile, archive, 'file', async (file, content) => {
      const isBlend = file.path === archive.blendPath;
      try {
        const got = await receiveFile(content, storage.incomingPath(isBlend ? '.blend' : '.content'), {
          field: 'file',
          maxBytes: config.maxUploadBytes,
          allowEmpty: !isBlend,
          checkHeader: isBlend ? blendHeaderProblem : undefined,
        });
        received.push({ ...got, projectPath: file.path });
      } catch (error) {
        if (error instanceof UploadRejected) throw new InputError('file', `"${file.path}" in the archive: ${error.message}`);
        throw error;
      }
    });
    const blend = received.find((file) => file.projectPath === archive.blendPath);
    if (!blend || received.length !== archive.files.length) {
      throw new InputError('file', 'the archive ended before all its files were read');
    }
    const others = received.filter((file) => file !== blend);
    const files = others.map((file) => ({ path: file.projectPath, sha256: file.sha256, size: file.size }));
    await services.contents.storeReceived(others);
    return { blend, plan: { blendPath: archive.blendPath, files } };
  } catch (error) {
    await Promise.all(received.map((file) => fsp.rm(file.path, { force: true })));
    throw error;
  } finally {
    await fsp.rm(zipFile, { force: true });
  }
}

/** Stands in for the hashes while the tree is checked: they are known only once unpacked. */
const UNHASHED = '0'.repeat(64);

/**
 * The archive's tree by a manifest's rules, before a byte is unpacked: every path clean
 * (laid out alike on every worker), no file also a folder, none over the upload limit.
 */
function checkTree(archive: ProjectArchive, maxBytes: number): void {
  const others = archive.files.filter((file) => file.path !== archive.blendPath);
  try {
    validateManifest(others.map((file) => ({ ...file, sha256: UNHASHED })), { field: 'file', maxBytes, blendPath: archive.blendPath });
  } catch (error) {
    if (error instanceof InputError) throw new InputError('file', `in the archive: ${error.problem}`);
    throw error;
  }
}
