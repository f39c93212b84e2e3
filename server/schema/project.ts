/**
 * A job's project: the files its .blend uses, shipped once into the content-addressed
 * store (server/storage/contents.ts). A client sends the manifest to missingContents,
 * uploads what it lists with uploadContent, then submits the job with the same manifest
 * in SubmitJobInput.files; a worker reads Job.files and fetches each content from its
 * contentUrl to lay the tree out as the artist had it.
 */
import { builder } from '../builder.ts';
import { validateManifest } from '../jobs/project-manifest.ts';
import type { MissingContent, StoredContent } from '../storage/contents.ts';

/** /files/contents/<sha256>: the bytes of one content, for workers. */
export const contentUrl = (baseUrl: string, sha256: string) => `${baseUrl}/files/contents/${sha256}`;

export const ProjectFileInput = builder.inputType('ProjectFileInput', {
  description: "One file of a project's manifest",
  fields: (t) => ({
    path: t.string({
      description: "Where it goes in the job's project tree: relative, forward slashes, no . or .. segment (textures/wood.png)",
    }),
    sha256: t.string({ description: 'SHA-256 of its bytes, 64 lowercase hexadecimal digits' }),
    size: t.float({ description: 'Bytes (a whole number; a Float, as Int stops at 2 GiB)' }),
  }),
});

builder.prismaObject('ProjectFile', {
  description: "A file of a job's project tree and the content it has",
  fields: (t) => ({
    path: t.exposeString('path', { description: 'Relative to the project folder, forward slashes' }),
    sha256: t.exposeString('sha256'),
    size: t.float({ description: 'Bytes', resolve: (file) => Number(file.size) }),
    contentUrl: t.string({
      description: 'HTTP URL of its bytes in the server\'s content store',
      resolve: (file, _args, ctx) => contentUrl(ctx.baseUrl, file.sha256),
    }),
  }),
});

builder.prismaObjectFields('Job', (t) => ({
  files: t.relation('files', {
    description: 'The files its .blend uses, by path (empty for a bare .blend)',
    query: { orderBy: { path: 'asc' } },
  }),
  fileCount: t.int({
    description: 'How many files its project has besides the .blend',
    select: { project: { select: { fileCount: true } } },
    resolve: (job) => job.project?.fileCount ?? 0,
  }),
  fileBytes: t.float({
    description: 'Bytes of those files together',
    select: { project: { select: { fileBytes: true } } },
    resolve: (job) => Number(job.project?.fileBytes ?? 0),
  }),
  blendPath: t.string({
    description: "Where the .blend sits in the project tree; its relative paths (//…) resolve from there",
    select: { blendName: true, project: { select: { blendPath: true } } },
    resolve: (job) => job.project?.blendPath ?? job.blendName,
  }),
}));

const MissingContentRef = builder.objectRef<MissingContent>('MissingContent').implement({
  description: 'A content the store lacks: upload it once with uploadContent, whatever number of paths use it',
  fields: (t) => ({
    sha256: t.exposeString('sha256'),
    size: t.exposeFloat('size', { description: 'Bytes, as the manifest says' }),
    paths: t.exposeStringList('paths', { description: "The manifest's paths with this content" }),
  }),
});

const StoredContentRef = builder.objectRef<StoredContent>('StoredContent').implement({
  description: 'A content in the store after uploadContent',
  fields: (t) => ({
    sha256: t.exposeString('sha256'),
    size: t.exposeFloat('size', { description: 'Bytes' }),
    alreadyStored: t.exposeBoolean('alreadyStored', { description: 'It was there before: this upload wrote nothing' }),
  }),
});

builder.queryFields((t) => ({
  missingContents: t.field({
    type: [MissingContentRef],
    description: "Which of a manifest's contents the server lacks (each once), so a submission uploads only those",
    args: { files: t.arg({ type: [ProjectFileInput] }) },
    resolve: (_root, { files }, ctx) => {
      const manifest = validateManifest(files, { field: 'files', maxBytes: ctx.config.maxUploadBytes });
      return ctx.contents.missing(manifest, 'files');
    },
  }),
}));

builder.mutationFields((t) => ({
  uploadContent: t.field({
    type: StoredContentRef,
    description:
      'Stores one content (GraphQL multipart request) under the SHA-256 its bytes must have; one already stored is not read again',
    args: { sha256: t.arg.string(), file: t.arg({ type: 'Upload' }) },
    resolve: (_root, { sha256, file }, ctx) => ctx.contents.receive(sha256, file),
  }),
}));
