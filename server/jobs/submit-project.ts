/**
 * The project part of a job submission: where the .blend sits in the project tree and the
 * files it uses, each content already in the store. Checked before a byte of the .blend is
 * read, and written in the transaction that creates the job.
 */
import type { Prisma } from '../generated/prisma/client.ts';
import { InputError } from '../errors.ts';
import type { ContentStore } from '../storage/contents.ts';
import { type ManifestEntry, projectPathProblem, validateManifest } from './project-manifest.ts';

export interface ProjectFields {
  files?: readonly ManifestEntry[] | null;
  blendPath?: string | null;
}

export interface JobProjectPlan {
  blendPath: string;
  files: ManifestEntry[];
}

/** Rows per INSERT: SQLite binds at most 32,766 values, and a file takes four. */
const INSERT_SLICE = 2000;

/**
 * The project as it will be stored, or an InputError naming the field at fault: a path
 * that is not clean or is given twice, a content the store lacks or holds at another size.
 */
export async function planProject(
  contents: Pick<ContentStore, 'missing'>,
  fields: ProjectFields,
  opts: { blendName: string; maxBytes: number },
): Promise<JobProjectPlan> {
  const blendPath = fields.blendPath ?? defaultBlendPath(opts.blendName);
  const pathProblem = projectPathProblem(blendPath);
  if (pathProblem) throw new InputError('blendPath', `${JSON.stringify(blendPath)}: ${pathProblem}`);
  const files = validateManifest(fields.files ?? [], { field: 'files', maxBytes: opts.maxBytes, blendPath });
  const missing = await contents.missing(files, 'files');
  const [first] = missing;
  if (first) {
    const index = files.findIndex((f) => f.sha256 === first.sha256);
    const more = missing.length > 1 ? ` (and ${missing.length - 1} more contents)` : '';
    throw new InputError(
      `files[${index}].sha256`,
      `${first.paths[0]}: content ${first.sha256} is not in the store${more}; upload what missingContents lists first`,
    );
  }
  return { blendPath, files };
}

/**
 * The .blend at the root under its file name. A name a Windows client sent whole
 * (`C:\shots\shot.blend`) keeps its last part; one no tree could hold is `scene.blend`.
 */
function defaultBlendPath(blendName: string): string {
  const name = blendName.split(/[\\/]/).pop() ?? '';
  return projectPathProblem(name) === null ? name : 'scene.blend';
}

/** Writes the job's project inside the transaction creating the job. */
export async function writeProject(tx: Prisma.TransactionClient, jobId: string, plan: JobProjectPlan): Promise<void> {
  const fileBytes = plan.files.reduce((sum, f) => sum + f.size, 0);
  await tx.jobProject.create({ data: { jobId, blendPath: plan.blendPath, fileCount: plan.files.length, fileBytes: BigInt(fileBytes) } });
  for (let i = 0; i < plan.files.length; i += INSERT_SLICE) {
    await tx.projectFile.createMany({
      data: plan.files.slice(i, i + INSERT_SLICE).map((f) => ({ jobId, path: f.path, sha256: f.sha256, size: BigInt(f.size) })),
    });
  }
}

/**
 * A content removed from the store between the check and the job's insert (the last job
 * using it was deleted meanwhile) fails the insert's foreign key: a refusal the client
 * mends by asking missingContents again, not a server fault.
 */
export function contentVanished(error: unknown): InputError | null {
  if ((error as { code?: string }).code !== 'P2003') return null;
  return new InputError('files', 'a content left the store while the job was submitted; ask missingContents again and upload what it lists');
}
