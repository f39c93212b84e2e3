/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type FrameStatus =
  | 'ASSIGNED'
  | 'CANCELED'
  | 'DONE'
  | 'FAILED'
  | 'QUEUED'
  | 'RENDERING';

export type JobStatus =
  | 'CANCELED'
  | 'COMPLETED'
  | 'FAILED'
  | 'PAUSED'
  | 'QUEUED'
  | 'RUNNING';

/** Blender's still-image formats, named as in Blender's Python API (scene.render.image_settings.file_format) */
export type OutputFormat =
  | 'BMP'
  | 'DPX'
  | 'HDR'
  | 'IRIS'
  | 'JP2'
  | 'JPEG'
  | 'OPEN_EXR'
  | 'OPEN_EXR_MULTILAYER'
  | 'PNG'
  | 'TARGA'
  | 'TIFF'
  | 'WEBP';

/** Give either totalFrames (frames 1..N) or frameStart and frameEnd (and optionally frameStep) */
export type SubmitJobInput = {
  /** The .blend file (plain, gzip- or zstd-compressed) */
  file: File | Blob;
  frameEnd?: number | null | undefined;
  frameStart?: number | null | undefined;
  /** Render every Nth frame; default 1 */
  frameStep?: number | null | undefined;
  /** Tries per frame before it is FAILED; default 3 */
  maxAttempts?: number | null | undefined;
  name: string;
  outputFormat: OutputFormat;
  /** Higher first; default 0 */
  priority?: number | null | undefined;
  /** Stop a frame rendering longer than this (a failure); default: no limit */
  renderTimeoutSeconds?: number | null | undefined;
  /** Only workers with all of these tags render it */
  requiredTags?: Array<string> | null | undefined;
  /** Scene to render; default: the file's active scene */
  sceneName?: string | null | undefined;
  totalFrames?: number | null | undefined;
};

export type WorkerStatus =
  | 'BUSY'
  | 'IDLE'
  | 'OFFLINE';

export type FrameDetailsQueryVariables = Exact<{
  jobId: string | number;
  number: number;
}>;


export type FrameDetailsQuery = { frame: { id: string, error: string | null, logTail: string | null } | null };

export type ProgressFieldsFragment = { jobId: string, status: JobStatus, percent: number, framesDone: number, framesFailed: number, framesRendering: number, totalFrames: number, startedAt: string | null, finishedAt: string | null, elapsedSeconds: number | null, etaSeconds: number | null };

export type JobSettingsFieldsFragment = { id: string, name: string, status: JobStatus, priority: number, outputFormat: OutputFormat, sceneName: string | null, frameStart: number, frameEnd: number, frameStep: number, totalFrames: number, requiredTags: Array<string>, maxAttempts: number, renderTimeoutSeconds: number | null, blendName: string, blendSize: number, createdAt: string, error: string | null };

export type WatchJobProgressSubscriptionVariables = Exact<{
  jobId: string | number;
}>;


export type WatchJobProgressSubscription = { jobProgress: { jobId: string, status: JobStatus, percent: number, framesDone: number, framesFailed: number, framesRendering: number, totalFrames: number, startedAt: string | null, finishedAt: string | null, elapsedSeconds: number | null, etaSeconds: number | null } };

export type FrameFieldsFragment = { id: string, jobId: string, number: number, status: FrameStatus, progress: number, attempts: number, failures: number, renderTimeMs: number | null, assignedAt: string | null, startedAt: string | null, finishedAt: string | null, thumbnailUrl: string | null, previewUrl: string | null, outputUrl: string | null, workerId: string | null };

export type JobFramesQueryVariables = Exact<{
  id: string | number;
}>;


export type JobFramesQuery = { job: { id: string, frames: Array<{ id: string, jobId: string, number: number, status: FrameStatus, progress: number, attempts: number, failures: number, renderTimeMs: number | null, assignedAt: string | null, startedAt: string | null, finishedAt: string | null, thumbnailUrl: string | null, previewUrl: string | null, outputUrl: string | null, workerId: string | null }> } | null };

export type JobFrameChangesSubscriptionVariables = Exact<{
  jobId: string | number;
}>;


export type JobFrameChangesSubscription = { frameChanged: { id: string, jobId: string, number: number, status: FrameStatus, progress: number, attempts: number, failures: number, renderTimeMs: number | null, assignedAt: string | null, startedAt: string | null, finishedAt: string | null, thumbnailUrl: string | null, previewUrl: string | null, outputUrl: string | null, workerId: string | null } };

export type WorkerNamesQueryVariables = Exact<{ [key: string]: never; }>;


export type WorkerNamesQuery = { workers: Array<{ id: string, name: string }> };

export type JobPageQueryVariables = Exact<{
  id: string | number;
}>;


export type JobPageQuery = { job: { blendSha256: string, startedAt: string | null, finishedAt: string | null, framesDone: number, framesFailed: number, framesCanceled: number, framesZipUrl: string | null, previewVideoUrl: string | null, id: string, name: string, status: JobStatus, priority: number, outputFormat: OutputFormat, sceneName: string | null, frameStart: number, frameEnd: number, frameStep: number, totalFrames: number, requiredTags: Array<string>, maxAttempts: number, renderTimeoutSeconds: number | null, blendName: string, blendSize: number, createdAt: string, error: string | null, progress: { jobId: string, status: JobStatus, percent: number, framesDone: number, framesFailed: number, framesRendering: number, totalFrames: number, startedAt: string | null, finishedAt: string | null, elapsedSeconds: number | null, etaSeconds: number | null }, blocklist: Array<{ failures: number, blocked: boolean, blockedAt: string | null, lastError: string | null, worker: { id: string, name: string } }> } | null };

export type DashboardPauseJobMutationVariables = Exact<{
  jobId: string | number;
}>;


export type DashboardPauseJobMutation = { pauseJob: { id: string, status: JobStatus } };

export type DashboardResumeJobMutationVariables = Exact<{
  jobId: string | number;
}>;


export type DashboardResumeJobMutation = { resumeJob: { id: string, status: JobStatus } };

export type DashboardCancelJobMutationVariables = Exact<{
  jobId: string | number;
}>;


export type DashboardCancelJobMutation = { cancelJob: { id: string, status: JobStatus, framesCanceled: number } };

export type DashboardRequeueJobMutationVariables = Exact<{
  jobId: string | number;
  allFrames?: boolean | null | undefined;
}>;


export type DashboardRequeueJobMutation = { requeueJob: { id: string, status: JobStatus, framesDone: number, framesFailed: number, framesCanceled: number } };

export type DashboardRequeueFramesMutationVariables = Exact<{
  jobId: string | number;
  frames: Array<number> | number;
}>;


export type DashboardRequeueFramesMutation = { requeueFrames: { id: string, status: JobStatus, framesDone: number } };

export type DashboardSetJobPriorityMutationVariables = Exact<{
  jobId: string | number;
  priority: number;
}>;


export type DashboardSetJobPriorityMutation = { setJobPriority: { id: string, priority: number } };

export type DashboardDeleteJobMutationVariables = Exact<{
  jobId: string | number;
}>;


export type DashboardDeleteJobMutation = { deleteJob: { id: string, name: string } };

export type JobsPageQueryVariables = Exact<{ [key: string]: never; }>;


export type JobsPageQuery = { jobs: Array<{ id: string, name: string, status: JobStatus, priority: number, outputFormat: OutputFormat, sceneName: string | null, frameStart: number, frameEnd: number, frameStep: number, totalFrames: number, requiredTags: Array<string>, maxAttempts: number, renderTimeoutSeconds: number | null, blendName: string, blendSize: number, createdAt: string, error: string | null, progress: { jobId: string, status: JobStatus, percent: number, framesDone: number, framesFailed: number, framesRendering: number, totalFrames: number, startedAt: string | null, finishedAt: string | null, elapsedSeconds: number | null, etaSeconds: number | null } }> };

export type JobsPageFarmSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type JobsPageFarmSubscription = { farmProgress: { jobsQueued: number, jobsRunning: number, jobsCompleted: number, jobsFailed: number, framesRendering: number, totalFramesDone: number } };

export type DashboardSubmitJobMutationVariables = Exact<{
  input: SubmitJobInput;
}>;


export type DashboardSubmitJobMutation = { submitJob: { id: string, name: string, totalFrames: number } };

export type WorkersPageQueryVariables = Exact<{ [key: string]: never; }>;


export type WorkersPageQuery = { workers: Array<{ id: string, name: string, status: WorkerStatus, lastHeartbeatAt: string, createdAt: string, tags: Array<string>, currentFrames: Array<{ id: string, jobId: string, number: number, status: FrameStatus, progress: number, job: { id: string, name: string } }>, blocklist: Array<{ failures: number, blocked: boolean, lastError: string | null, job: { id: string, name: string } }> }> };

export type WorkersPageFramesSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type WorkersPageFramesSubscription = { frameChanged: { id: string, status: FrameStatus, progress: number, workerId: string | null } };

export const ProgressFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProgressFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"JobProgress"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"jobId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"percent"}},{"kind":"Field","name":{"kind":"Name","value":"framesDone"}},{"kind":"Field","name":{"kind":"Name","value":"framesFailed"}},{"kind":"Field","name":{"kind":"Name","value":"framesRendering"}},{"kind":"Field","name":{"kind":"Name","value":"totalFrames"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"elapsedSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"etaSeconds"}}]}}]} as unknown as DocumentNode<ProgressFieldsFragment, unknown>;
export const JobSettingsFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"JobSettingsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Job"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}},{"kind":"Field","name":{"kind":"Name","value":"outputFormat"}},{"kind":"Field","name":{"kind":"Name","value":"sceneName"}},{"kind":"Field","name":{"kind":"Name","value":"frameStart"}},{"kind":"Field","name":{"kind":"Name","value":"frameEnd"}},{"kind":"Field","name":{"kind":"Name","value":"frameStep"}},{"kind":"Field","name":{"kind":"Name","value":"totalFrames"}},{"kind":"Field","name":{"kind":"Name","value":"requiredTags"}},{"kind":"Field","name":{"kind":"Name","value":"maxAttempts"}},{"kind":"Field","name":{"kind":"Name","value":"renderTimeoutSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"blendName"}},{"kind":"Field","name":{"kind":"Name","value":"blendSize"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}}]} as unknown as DocumentNode<JobSettingsFieldsFragment, unknown>;
export const FrameFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"FrameFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Frame"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"jobId"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"progress"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"failures"}},{"kind":"Field","name":{"kind":"Name","value":"renderTimeMs"}},{"kind":"Field","name":{"kind":"Name","value":"assignedAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"thumbnailUrl"}},{"kind":"Field","name":{"kind":"Name","value":"previewUrl"}},{"kind":"Field","name":{"kind":"Name","value":"outputUrl"}},{"kind":"Field","name":{"kind":"Name","value":"workerId"}}]}}]} as unknown as DocumentNode<FrameFieldsFragment, unknown>;
export const FrameDetailsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FrameDetails"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"jobId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"number"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"frame"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"jobId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"jobId"}}},{"kind":"Argument","name":{"kind":"Name","value":"number"},"value":{"kind":"Variable","name":{"kind":"Name","value":"number"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"logTail"}}]}}]}}]} as unknown as DocumentNode<FrameDetailsQuery, FrameDetailsQueryVariables>;
export const WatchJobProgressDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"WatchJobProgress"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"jobId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"jobProgress"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"jobId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"jobId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ProgressFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProgressFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"JobProgress"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"jobId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"percent"}},{"kind":"Field","name":{"kind":"Name","value":"framesDone"}},{"kind":"Field","name":{"kind":"Name","value":"framesFailed"}},{"kind":"Field","name":{"kind":"Name","value":"framesRendering"}},{"kind":"Field","name":{"kind":"Name","value":"totalFrames"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"elapsedSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"etaSeconds"}}]}}]} as unknown as DocumentNode<WatchJobProgressSubscription, WatchJobProgressSubscriptionVariables>;
export const JobFramesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"JobFrames"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"job"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"frames"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"FrameFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"FrameFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Frame"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"jobId"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"progress"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"failures"}},{"kind":"Field","name":{"kind":"Name","value":"renderTimeMs"}},{"kind":"Field","name":{"kind":"Name","value":"assignedAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"thumbnailUrl"}},{"kind":"Field","name":{"kind":"Name","value":"previewUrl"}},{"kind":"Field","name":{"kind":"Name","value":"outputUrl"}},{"kind":"Field","name":{"kind":"Name","value":"workerId"}}]}}]} as unknown as DocumentNode<JobFramesQuery, JobFramesQueryVariables>;
export const JobFrameChangesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"JobFrameChanges"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"jobId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"frameChanged"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"jobId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"jobId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"FrameFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"FrameFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Frame"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"jobId"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"progress"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"failures"}},{"kind":"Field","name":{"kind":"Name","value":"renderTimeMs"}},{"kind":"Field","name":{"kind":"Name","value":"assignedAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"thumbnailUrl"}},{"kind":"Field","name":{"kind":"Name","value":"previewUrl"}},{"kind":"Field","name":{"kind":"Name","value":"outputUrl"}},{"kind":"Field","name":{"kind":"Name","value":"workerId"}}]}}]} as unknown as DocumentNode<JobFrameChangesSubscription, JobFrameChangesSubscriptionVariables>;
export const WorkerNamesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WorkerNames"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"workers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<WorkerNamesQuery, WorkerNamesQueryVariables>;
export const JobPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"JobPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"job"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"JobSettingsFields"}},{"kind":"Field","name":{"kind":"Name","value":"blendSha256"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"framesDone"}},{"kind":"Field","name":{"kind":"Name","value":"framesFailed"}},{"kind":"Field","name":{"kind":"Name","value":"framesCanceled"}},{"kind":"Field","name":{"kind":"Name","value":"framesZipUrl"}},{"kind":"Field","name":{"kind":"Name","value":"previewVideoUrl"}},{"kind":"Field","name":{"kind":"Name","value":"progress"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ProgressFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"blocklist"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"failures"}},{"kind":"Field","name":{"kind":"Name","value":"blocked"}},{"kind":"Field","name":{"kind":"Name","value":"blockedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"worker"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"JobSettingsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Job"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}},{"kind":"Field","name":{"kind":"Name","value":"outputFormat"}},{"kind":"Field","name":{"kind":"Name","value":"sceneName"}},{"kind":"Field","name":{"kind":"Name","value":"frameStart"}},{"kind":"Field","name":{"kind":"Name","value":"frameEnd"}},{"kind":"Field","name":{"kind":"Name","value":"frameStep"}},{"kind":"Field","name":{"kind":"Name","value":"totalFrames"}},{"kind":"Field","name":{"kind":"Name","value":"requiredTags"}},{"kind":"Field","name":{"kind":"Name","value":"maxAttempts"}},{"kind":"Field","name":{"kind":"Name","value":"renderTimeoutSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"blendName"}},{"kind":"Field","name":{"kind":"Name","value":"blendSize"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProgressFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"JobProgress"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"jobId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"percent"}},{"kind":"Field","name":{"kind":"Name","value":"framesDone"}},{"kind":"Field","name":{"kind":"Name","value":"framesFailed"}},{"kind":"Field","name":{"kind":"Name","value":"framesRendering"}},{"kind":"Field","name":{"kind":"Name","value":"totalFrames"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"elapsedSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"etaSeconds"}}]}}]} as unknown as DocumentNode<JobPageQuery, JobPageQueryVariables>;
export const DashboardPauseJobDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DashboardPauseJob"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"jobId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pauseJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"jobId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"jobId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<DashboardPauseJobMutation, DashboardPauseJobMutationVariables>;
export const DashboardResumeJobDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DashboardResumeJob"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"jobId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resumeJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"jobId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"jobId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<DashboardResumeJobMutation, DashboardResumeJobMutationVariables>;
export const DashboardCancelJobDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DashboardCancelJob"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"jobId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cancelJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"jobId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"jobId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"framesCanceled"}}]}}]}}]} as unknown as DocumentNode<DashboardCancelJobMutation, DashboardCancelJobMutationVariables>;
export const DashboardRequeueJobDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DashboardRequeueJob"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"jobId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"allFrames"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requeueJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"jobId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"jobId"}}},{"kind":"Argument","name":{"kind":"Name","value":"allFrames"},"value":{"kind":"Variable","name":{"kind":"Name","value":"allFrames"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"framesDone"}},{"kind":"Field","name":{"kind":"Name","value":"framesFailed"}},{"kind":"Field","name":{"kind":"Name","value":"framesCanceled"}}]}}]}}]} as unknown as DocumentNode<DashboardRequeueJobMutation, DashboardRequeueJobMutationVariables>;
export const DashboardRequeueFramesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DashboardRequeueFrames"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"jobId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"frames"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requeueFrames"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"jobId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"jobId"}}},{"kind":"Argument","name":{"kind":"Name","value":"frames"},"value":{"kind":"Variable","name":{"kind":"Name","value":"frames"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"framesDone"}}]}}]}}]} as unknown as DocumentNode<DashboardRequeueFramesMutation, DashboardRequeueFramesMutationVariables>;
export const DashboardSetJobPriorityDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DashboardSetJobPriority"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"jobId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"priority"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setJobPriority"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"jobId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"jobId"}}},{"kind":"Argument","name":{"kind":"Name","value":"priority"},"value":{"kind":"Variable","name":{"kind":"Name","value":"priority"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}}]}}]}}]} as unknown as DocumentNode<DashboardSetJobPriorityMutation, DashboardSetJobPriorityMutationVariables>;
export const DashboardDeleteJobDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DashboardDeleteJob"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"jobId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"jobId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"jobId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<DashboardDeleteJobMutation, DashboardDeleteJobMutationVariables>;
export const JobsPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"JobsPage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"jobs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"JobSettingsFields"}},{"kind":"Field","name":{"kind":"Name","value":"progress"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ProgressFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"JobSettingsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Job"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}},{"kind":"Field","name":{"kind":"Name","value":"outputFormat"}},{"kind":"Field","name":{"kind":"Name","value":"sceneName"}},{"kind":"Field","name":{"kind":"Name","value":"frameStart"}},{"kind":"Field","name":{"kind":"Name","value":"frameEnd"}},{"kind":"Field","name":{"kind":"Name","value":"frameStep"}},{"kind":"Field","name":{"kind":"Name","value":"totalFrames"}},{"kind":"Field","name":{"kind":"Name","value":"requiredTags"}},{"kind":"Field","name":{"kind":"Name","value":"maxAttempts"}},{"kind":"Field","name":{"kind":"Name","value":"renderTimeoutSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"blendName"}},{"kind":"Field","name":{"kind":"Name","value":"blendSize"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProgressFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"JobProgress"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"jobId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"percent"}},{"kind":"Field","name":{"kind":"Name","value":"framesDone"}},{"kind":"Field","name":{"kind":"Name","value":"framesFailed"}},{"kind":"Field","name":{"kind":"Name","value":"framesRendering"}},{"kind":"Field","name":{"kind":"Name","value":"totalFrames"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"elapsedSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"etaSeconds"}}]}}]} as unknown as DocumentNode<JobsPageQuery, JobsPageQueryVariables>;
export const JobsPageFarmDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"JobsPageFarm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"farmProgress"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"jobsQueued"}},{"kind":"Field","name":{"kind":"Name","value":"jobsRunning"}},{"kind":"Field","name":{"kind":"Name","value":"jobsCompleted"}},{"kind":"Field","name":{"kind":"Name","value":"jobsFailed"}},{"kind":"Field","name":{"kind":"Name","value":"framesRendering"}},{"kind":"Field","name":{"kind":"Name","value":"totalFramesDone"}}]}}]}}]} as unknown as DocumentNode<JobsPageFarmSubscription, JobsPageFarmSubscriptionVariables>;
export const DashboardSubmitJobDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DashboardSubmitJob"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SubmitJobInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submitJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"totalFrames"}}]}}]}}]} as unknown as DocumentNode<DashboardSubmitJobMutation, DashboardSubmitJobMutationVariables>;
export const WorkersPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WorkersPage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"workers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"lastHeartbeatAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"tags"}},{"kind":"Field","name":{"kind":"Name","value":"currentFrames"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"jobId"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"progress"}},{"kind":"Field","name":{"kind":"Name","value":"job"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"blocklist"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"failures"}},{"kind":"Field","name":{"kind":"Name","value":"blocked"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"job"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<WorkersPageQuery, WorkersPageQueryVariables>;
export const WorkersPageFramesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"WorkersPageFrames"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"frameChanged"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"progress"}},{"kind":"Field","name":{"kind":"Name","value":"workerId"}}]}}]}}]} as unknown as DocumentNode<WorkersPageFramesSubscription, WorkersPageFramesSubscriptionVariables>;