/**
 * Projects made at test time (a .blend and the files it uses) and a client's side of
 * shipping them: the manifest, missingContents, an upload of each content it lists,
 * counting the bytes sent, as `farm submit` does it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { graphql } from '../../common/graphql/generated/index.ts';
import type { ProjectFileInput } from '../../common/graphql/generated/graphql.ts';
import type { FarmClient } from '../../common/client.ts';
import { ok, tempDir } from './farm.ts';
import { sha256 } from './uploads.ts';

export const TestMissingContents = graphql(`
  query TestMissingContents($files: [ProjectFileInput!]!) {
    missingContents(files: $files) {
      sha256
      size
      paths
    }
  }
`);

export const TestUploadContent = graphql(`
  mutation TestUploadContent($sha256: String!, $file: Upload!) {
    uploadContent(sha256: $sha256, file: $file) {
      sha256
      size
      alreadyStored
    }
  }
`);

/** A job's project as a person or a worker reads it: the worker's tree fields, and the totals. */
export const TestJobProjectFields = graphql(`
  fragment TestJobProjectFields on Job {
    ...ProjectTreeFields
    fileCount
    fileBytes
  }
`);

export const TestJobProject = graphql(`
  query TestJobProject($id: ID!) {
    job(id: $id) {
      id
      ...TestJobProjectFields
    }
  }
`);

/** A frame handed to a worker, with what it needs to lay the job's project tree out. */
export const TestProjectAssignment = graphql(`
  mutation TestProjectAssignment($workerId: ID!) {
    pollJob(workerId: $workerId) {
      jobId
      frameNumber
      job {
        ...TestJobProjectFields
      }
    }
  }
`);

/** A project folder: relative path → bytes, and a stand-in .blend (header only: no worker opens it). */
export interface TestProject {
  dir: string;
  blendFile: string;
  files: Record<string, Buffer>;
}

/** Bytes no other test file has, so contents never collide by chance. */
export const randomBytes = (size: number) => crypto.randomBytes(size);

export async function makeProject(files: Record<string, Buffer>): Promise<TestProject> {
  const dir = await tempDir('project');
  const blendFile = path.join(dir, 'shot.blend');
  await fs.writeFile(blendFile, Buffer.concat([Buffer.from('BLENDER-v304'), randomBytes(2048)]));
  for (const [rel, bytes] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await fs.writeFile(path.join(dir, rel), bytes);
  }
  return { dir, blendFile, files };
}

export function manifestOf(project: TestProject): ProjectFileInput[] {
  return Object.entries(project.files).map(([rel, bytes]) => ({ path: rel, sha256: sha256(bytes), size: bytes.length }));
}

export async function uploadContent(farm: FarmClient, sha: string, bytes: Buffer, name: string) {
  return farm.client.mutation(TestUploadContent, { sha256: sha, file: new File([Uint8Array.from(bytes)], name) }).toPromise();
}

/** Sends what the server lacks of the project; returns the manifest and what was uploaded. */
export async function shipProject(farm: FarmClient, project: TestProject) {
  const manifest = manifestOf(project);
  const missing = ok(await farm.client.query(TestMissingContents, { files: manifest }).toPromise()).missingContents;
  let uploadedBytes = 0;
  for (const content of missing) {
    const first = content.paths[0]!;
    const bytes = project.files[first]!;
    const stored = ok(await uploadContent(farm, content.sha256, bytes, path.basename(first))).uploadContent;
    uploadedBytes += bytes.length;
    if (stored.alreadyStored) throw new Error(`${first}: listed as missing, yet already stored`);
  }
  return { manifest, missing, uploadedBytes };
}
