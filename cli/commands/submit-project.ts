/**
 * `farm submit`'s shipping of the files a .blend uses: each is named by its SHA-256 and size
 * in the job's project tree (common/blender/project-tree.ts), the server answers which
 * contents it lacks, and only those are uploaded. A resubmission of the same project with one
 * texture changed uploads that texture alone; a content used under several paths goes once.
 * The stored paths the worker must point at its copies (absolute ones, those leading out of
 * the .blend's folder) go along as one more project file, PATH_MAPPINGS_FILE.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PATH_MAPPINGS_FILE, pathMappingsOf, type ProjectFile, projectPaths } from '../../common/blender/project-tree.ts';
import type { FileManifest } from '../../common/blender/trace.ts';
import type { ProjectFileInput } from '../../common/graphql/generated/graphql.ts';
import type { CliContext } from '../context.ts';
import { describeTransfer, formatBytes } from '../format.ts';
import { CliMissingContents, CliUploadContent } from '../operations.ts';
import { createProgressDisplay } from '../progress.ts';
import { uploadWithProgress } from '../upload.ts';

export interface ShippedProject {
  /** The job's project files, every content now in the server's store. */
  files: ProjectFileInput[];
  /** The .blend's place in the project tree. */
  blendPath: string;
}

/** SHA-256 (hex) and size of a file, read as a stream. */
export async function fileDigest(file: string): Promise<{ sha256: string; size: number }> {
  const hash = crypto.createHash('sha256');
  let size = 0;
  for await (const chunk of fs.createReadStream(file) as AsyncIterable<Buffer>) {
    size += chunk.length;
    hash.update(chunk);
  }
  return { sha256: hash.digest('hex'), size };
}

/**
 * Uploads the contents the server lacks and returns the project for submitJob; null when
 * Ctrl-C stopped it (nothing is submitted then; contents already sent stay for a next try).
 */
export async function shipProjectFiles(ctx: CliContext, manifest: FileManifest, blendFile: string): Promise<ShippedProject | null> {
  const tree = projectPaths(manifest, path.resolve(blendFile));
  const mappings = pathMappingsOf(tree);
  if (mappings.length === 0) return shipFiles(ctx, tree.files, tree.blend);
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'farm-path-mappings-'));
  try {
    const file = path.join(dir, 'path-mappings.json');
    await fsp.writeFile(file, `${JSON.stringify(mappings, null, 1)}\n`);
    return await shipFiles(ctx, [...tree.files, { path: file, projectPath: PATH_MAPPINGS_FILE, usedBy: [] }], tree.blend);
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

async function shipFiles(ctx: CliContext, projectFiles: readonly ProjectFile[], blendPath: string): Promise<ShippedProject | null> {
  const local = new Map<string, string>();
  const files: ProjectFileInput[] = [];
  for (const file of projectFiles) {
    const digest = await fileDigest(file.path);
    local.set(digest.sha256, file.path);
    files.push({ path: file.projectPath, ...digest });
  }
  const shipped = { files, blendPath };
  if (files.length === 0) return shipped;
  const { missingContents } = await ctx.query(CliMissingContents, { files });
  const total = files.reduce((sum, file) => sum + file.size, 0);
  const newBytes = missingContents.reduce((sum, content) => sum + content.size, 0);
  ctx.say(
    `Project: ${files.length} file${files.length === 1 ? '' : 's'} (${formatBytes(total)}); ` +
      (missingContents.length === 0
        ? 'all already on the farm'
        : `${missingContents.length} new (${formatBytes(newBytes)}) to upload, ${files.length - missingContents.length} already on the farm`),
  );
  if (missingContents.length === 0) return shipped;

  const io = ctx.io;
  const display = createProgressDisplay('upload', io.stderr, io.now);
  const startedAt = io.now();
  let done = 0;
  let current = 0;
  const show = () => {
    const sent = done + current;
    const percent = newBytes === 0 ? 100 : (100 * sent) / newBytes;
    display.update({ percent, text: describeTransfer(sent, newBytes, io.now() - startedAt), key: String(Math.floor(percent)) });
  };
  const ticker = setInterval(show, 500);
  try {
    for (const content of missingContents) {
      const file = local.get(content.sha256)!;
      await uploadWithProgress(CliUploadContent, {
        serverUrl: ctx.serverUrl,
        graphqlUrl: ctx.farm.graphqlUrl,
        variables: { sha256: content.sha256, file: null as unknown as File },
        filePath: 'variables.file',
        file,
        fileName: path.basename(file),
        size: content.size,
        signal: io.interrupted,
        onProgress: (bytes) => (current = bytes),
      });
      done += content.size;
      current = 0;
    }
  } catch (error) {
    if (!io.interrupted.aborted) throw error;
    return null;
  } finally {
    clearInterval(ticker);
    show();
    display.stop();
  }
  return shipped;
}
