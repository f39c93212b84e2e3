/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query FrameDetails($jobId: ID!, $number: Int!) {\n    frame(jobId: $jobId, number: $number) {\n      id\n      error\n      logTail\n    }\n  }\n": typeof types.FrameDetailsDocument,
    "\n  fragment ProgressFields on JobProgress {\n    jobId\n    status\n    percent\n    framesDone\n    framesFailed\n    framesRendering\n    totalFrames\n    startedAt\n    finishedAt\n    elapsedSeconds\n    etaSeconds\n  }\n": typeof types.ProgressFieldsFragmentDoc,
    "\n  fragment JobSettingsFields on Job {\n    id\n    name\n    status\n    priority\n    outputFormat\n    sceneName\n    frameStart\n    frameEnd\n    frameStep\n    totalFrames\n    requiredTags\n    maxAttempts\n    renderTimeoutSeconds\n    blendName\n    blendSize\n    createdAt\n    error\n  }\n": typeof types.JobSettingsFieldsFragmentDoc,
    "\n  subscription WatchJobProgress($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      ...ProgressFields\n    }\n  }\n": typeof types.WatchJobProgressDocument,
    "\n  fragment FrameFields on Frame {\n    id\n    jobId\n    number\n    status\n    progress\n    attempts\n    failures\n    renderTimeMs\n    assignedAt\n    startedAt\n    finishedAt\n    thumbnailUrl\n    previewUrl\n    outputUrl\n    workerId\n  }\n": typeof types.FrameFieldsFragmentDoc,
    "\n  query JobFrames($id: ID!) {\n    job(id: $id) {\n      id\n      frames {\n        ...FrameFields\n      }\n    }\n  }\n": typeof types.JobFramesDocument,
    "\n  subscription JobFrameChanges($jobId: ID!) {\n    frameChanged(jobId: $jobId) {\n      ...FrameFields\n    }\n  }\n": typeof types.JobFrameChangesDocument,
    "\n  query WorkerNames {\n    workers {\n      id\n      name\n    }\n  }\n": typeof types.WorkerNamesDocument,
    "\n  query JobPage($id: ID!) {\n    job(id: $id) {\n      ...JobSettingsFields\n      blendSha256\n      startedAt\n      finishedAt\n      framesDone\n      framesFailed\n      framesCanceled\n      framesZipUrl\n      previewVideoUrl\n      progress {\n        ...ProgressFields\n      }\n      blocklist {\n        failures\n        blocked\n        blockedAt\n        lastError\n        worker {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.JobPageDocument,
    "\n  mutation DashboardPauseJob($jobId: ID!) {\n    pauseJob(jobId: $jobId) {\n      id\n      status\n    }\n  }\n": typeof types.DashboardPauseJobDocument,
    "\n  mutation DashboardResumeJob($jobId: ID!) {\n    resumeJob(jobId: $jobId) {\n      id\n      status\n    }\n  }\n": typeof types.DashboardResumeJobDocument,
    "\n  mutation DashboardCancelJob($jobId: ID!) {\n    cancelJob(jobId: $jobId) {\n      id\n      status\n      framesCanceled\n    }\n  }\n": typeof types.DashboardCancelJobDocument,
    "\n  mutation DashboardRequeueJob($jobId: ID!, $allFrames: Boolean) {\n    requeueJob(jobId: $jobId, allFrames: $allFrames) {\n      id\n      status\n      framesDone\n      framesFailed\n      framesCanceled\n    }\n  }\n": typeof types.DashboardRequeueJobDocument,
    "\n  mutation DashboardRequeueFrames($jobId: ID!, $frames: [Int!]!) {\n    requeueFrames(jobId: $jobId, frames: $frames) {\n      id\n      status\n      framesDone\n    }\n  }\n": typeof types.DashboardRequeueFramesDocument,
    "\n  mutation DashboardSetJobPriority($jobId: ID!, $priority: Int!) {\n    setJobPriority(jobId: $jobId, priority: $priority) {\n      id\n      priority\n    }\n  }\n": typeof types.DashboardSetJobPriorityDocument,
    "\n  mutation DashboardDeleteJob($jobId: ID!) {\n    deleteJob(jobId: $jobId) {\n      id\n      name\n    }\n  }\n": typeof types.DashboardDeleteJobDocument,
    "\n  query JobsPage {\n    jobs {\n      ...JobSettingsFields\n      progress {\n        ...ProgressFields\n      }\n    }\n  }\n": typeof types.JobsPageDocument,
    "\n  subscription JobsPageFarm {\n    farmProgress {\n      jobsQueued\n      jobsRunning\n      jobsCompleted\n      jobsFailed\n      framesRendering\n      totalFramesDone\n    }\n  }\n": typeof types.JobsPageFarmDocument,
    "\n  mutation DashboardSubmitJob($input: SubmitJobInput!) {\n    submitJob(input: $input) {\n      id\n      name\n      totalFrames\n    }\n  }\n": typeof types.DashboardSubmitJobDocument,
    "\n  query WorkersPage {\n    workers {\n      id\n      name\n      status\n      lastHeartbeatAt\n      createdAt\n      tags\n      currentFrames {\n        id\n        jobId\n        number\n        status\n        progress\n        job {\n          id\n          name\n        }\n      }\n      blocklist {\n        failures\n        blocked\n        lastError\n        job {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.WorkersPageDocument,
    "\n  subscription WorkersPageFrames {\n    frameChanged {\n      id\n      status\n      progress\n      workerId\n    }\n  }\n": typeof types.WorkersPageFramesDocument,
};
const documents: Documents = {
    "\n  query FrameDetails($jobId: ID!, $number: Int!) {\n    frame(jobId: $jobId, number: $number) {\n      id\n      error\n      logTail\n    }\n  }\n": types.FrameDetailsDocument,
    "\n  fragment ProgressFields on JobProgress {\n    jobId\n    status\n    percent\n    framesDone\n    framesFailed\n    framesRendering\n    totalFrames\n    startedAt\n    finishedAt\n    elapsedSeconds\n    etaSeconds\n  }\n": types.ProgressFieldsFragmentDoc,
    "\n  fragment JobSettingsFields on Job {\n    id\n    name\n    status\n    priority\n    outputFormat\n    sceneName\n    frameStart\n    frameEnd\n    frameStep\n    totalFrames\n    requiredTags\n    maxAttempts\n    renderTimeoutSeconds\n    blendName\n    blendSize\n    createdAt\n    error\n  }\n": types.JobSettingsFieldsFragmentDoc,
    "\n  subscription WatchJobProgress($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      ...ProgressFields\n    }\n  }\n": types.WatchJobProgressDocument,
    "\n  fragment FrameFields on Frame {\n    id\n    jobId\n    number\n    status\n    progress\n    attempts\n    failures\n    renderTimeMs\n    assignedAt\n    startedAt\n    finishedAt\n    thumbnailUrl\n    previewUrl\n    outputUrl\n    workerId\n  }\n": types.FrameFieldsFragmentDoc,
    "\n  query JobFrames($id: ID!) {\n    job(id: $id) {\n      id\n      frames {\n        ...FrameFields\n      }\n    }\n  }\n": types.JobFramesDocument,
    "\n  subscription JobFrameChanges($jobId: ID!) {\n    frameChanged(jobId: $jobId) {\n      ...FrameFields\n    }\n  }\n": types.JobFrameChangesDocument,
    "\n  query WorkerNames {\n    workers {\n      id\n      name\n    }\n  }\n": types.WorkerNamesDocument,
    "\n  query JobPage($id: ID!) {\n    job(id: $id) {\n      ...JobSettingsFields\n      blendSha256\n      startedAt\n      finishedAt\n      framesDone\n      framesFailed\n      framesCanceled\n      framesZipUrl\n      previewVideoUrl\n      progress {\n        ...ProgressFields\n      }\n      blocklist {\n        failures\n        blocked\n        blockedAt\n        lastError\n        worker {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.JobPageDocument,
    "\n  mutation DashboardPauseJob($jobId: ID!) {\n    pauseJob(jobId: $jobId) {\n      id\n      status\n    }\n  }\n": types.DashboardPauseJobDocument,
    "\n  mutation DashboardResumeJob($jobId: ID!) {\n    resumeJob(jobId: $jobId) {\n      id\n      status\n    }\n  }\n": types.DashboardResumeJobDocument,
    "\n  mutation DashboardCancelJob($jobId: ID!) {\n    cancelJob(jobId: $jobId) {\n      id\n      status\n      framesCanceled\n    }\n  }\n": types.DashboardCancelJobDocument,
    "\n  mutation DashboardRequeueJob($jobId: ID!, $allFrames: Boolean) {\n    requeueJob(jobId: $jobId, allFrames: $allFrames) {\n      id\n      status\n      framesDone\n      framesFailed\n      framesCanceled\n    }\n  }\n": types.DashboardRequeueJobDocument,
    "\n  mutation DashboardRequeueFrames($jobId: ID!, $frames: [Int!]!) {\n    requeueFrames(jobId: $jobId, frames: $frames) {\n      id\n      status\n      framesDone\n    }\n  }\n": types.DashboardRequeueFramesDocument,
    "\n  mutation DashboardSetJobPriority($jobId: ID!, $priority: Int!) {\n    setJobPriority(jobId: $jobId, priority: $priority) {\n      id\n      priority\n    }\n  }\n": types.DashboardSetJobPriorityDocument,
    "\n  mutation DashboardDeleteJob($jobId: ID!) {\n    deleteJob(jobId: $jobId) {\n      id\n      name\n    }\n  }\n": types.DashboardDeleteJobDocument,
    "\n  query JobsPage {\n    jobs {\n      ...JobSettingsFields\n      progress {\n        ...ProgressFields\n      }\n    }\n  }\n": types.JobsPageDocument,
    "\n  subscription JobsPageFarm {\n    farmProgress {\n      jobsQueued\n      jobsRunning\n      jobsCompleted\n      jobsFailed\n      framesRendering\n      totalFramesDone\n    }\n  }\n": types.JobsPageFarmDocument,
    "\n  mutation DashboardSubmitJob($input: SubmitJobInput!) {\n    submitJob(input: $input) {\n      id\n      name\n      totalFrames\n    }\n  }\n": types.DashboardSubmitJobDocument,
    "\n  query WorkersPage {\n    workers {\n      id\n      name\n      status\n      lastHeartbeatAt\n      createdAt\n      tags\n      currentFrames {\n        id\n        jobId\n        number\n        status\n        progress\n        job {\n          id\n          name\n        }\n      }\n      blocklist {\n        failures\n        blocked\n        lastError\n        job {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.WorkersPageDocument,
    "\n  subscription WorkersPageFrames {\n    frameChanged {\n      id\n      status\n      progress\n      workerId\n    }\n  }\n": types.WorkersPageFramesDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FrameDetails($jobId: ID!, $number: Int!) {\n    frame(jobId: $jobId, number: $number) {\n      id\n      error\n      logTail\n    }\n  }\n"): (typeof documents)["\n  query FrameDetails($jobId: ID!, $number: Int!) {\n    frame(jobId: $jobId, number: $number) {\n      id\n      error\n      logTail\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ProgressFields on JobProgress {\n    jobId\n    status\n    percent\n    framesDone\n    framesFailed\n    framesRendering\n    totalFrames\n    startedAt\n    finishedAt\n    elapsedSeconds\n    etaSeconds\n  }\n"): (typeof documents)["\n  fragment ProgressFields on JobProgress {\n    jobId\n    status\n    percent\n    framesDone\n    framesFailed\n    framesRendering\n    totalFrames\n    startedAt\n    finishedAt\n    elapsedSeconds\n    etaSeconds\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment JobSettingsFields on Job {\n    id\n    name\n    status\n    priority\n    outputFormat\n    sceneName\n    frameStart\n    frameEnd\n    frameStep\n    totalFrames\n    requiredTags\n    maxAttempts\n    renderTimeoutSeconds\n    blendName\n    blendSize\n    createdAt\n    error\n  }\n"): (typeof documents)["\n  fragment JobSettingsFields on Job {\n    id\n    name\n    status\n    priority\n    outputFormat\n    sceneName\n    frameStart\n    frameEnd\n    frameStep\n    totalFrames\n    requiredTags\n    maxAttempts\n    renderTimeoutSeconds\n    blendName\n    blendSize\n    createdAt\n    error\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription WatchJobProgress($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      ...ProgressFields\n    }\n  }\n"): (typeof documents)["\n  subscription WatchJobProgress($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      ...ProgressFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment FrameFields on Frame {\n    id\n    jobId\n    number\n    status\n    progress\n    attempts\n    failures\n    renderTimeMs\n    assignedAt\n    startedAt\n    finishedAt\n    thumbnailUrl\n    previewUrl\n    outputUrl\n    workerId\n  }\n"): (typeof documents)["\n  fragment FrameFields on Frame {\n    id\n    jobId\n    number\n    status\n    progress\n    attempts\n    failures\n    renderTimeMs\n    assignedAt\n    startedAt\n    finishedAt\n    thumbnailUrl\n    previewUrl\n    outputUrl\n    workerId\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobFrames($id: ID!) {\n    job(id: $id) {\n      id\n      frames {\n        ...FrameFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query JobFrames($id: ID!) {\n    job(id: $id) {\n      id\n      frames {\n        ...FrameFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription JobFrameChanges($jobId: ID!) {\n    frameChanged(jobId: $jobId) {\n      ...FrameFields\n    }\n  }\n"): (typeof documents)["\n  subscription JobFrameChanges($jobId: ID!) {\n    frameChanged(jobId: $jobId) {\n      ...FrameFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WorkerNames {\n    workers {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  query WorkerNames {\n    workers {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobPage($id: ID!) {\n    job(id: $id) {\n      ...JobSettingsFields\n      blendSha256\n      startedAt\n      finishedAt\n      framesDone\n      framesFailed\n      framesCanceled\n      framesZipUrl\n      previewVideoUrl\n      progress {\n        ...ProgressFields\n      }\n      blocklist {\n        failures\n        blocked\n        blockedAt\n        lastError\n        worker {\n          id\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query JobPage($id: ID!) {\n    job(id: $id) {\n      ...JobSettingsFields\n      blendSha256\n      startedAt\n      finishedAt\n      framesDone\n      framesFailed\n      framesCanceled\n      framesZipUrl\n      previewVideoUrl\n      progress {\n        ...ProgressFields\n      }\n      blocklist {\n        failures\n        blocked\n        blockedAt\n        lastError\n        worker {\n          id\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DashboardPauseJob($jobId: ID!) {\n    pauseJob(jobId: $jobId) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation DashboardPauseJob($jobId: ID!) {\n    pauseJob(jobId: $jobId) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DashboardResumeJob($jobId: ID!) {\n    resumeJob(jobId: $jobId) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation DashboardResumeJob($jobId: ID!) {\n    resumeJob(jobId: $jobId) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DashboardCancelJob($jobId: ID!) {\n    cancelJob(jobId: $jobId) {\n      id\n      status\n      framesCanceled\n    }\n  }\n"): (typeof documents)["\n  mutation DashboardCancelJob($jobId: ID!) {\n    cancelJob(jobId: $jobId) {\n      id\n      status\n      framesCanceled\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DashboardRequeueJob($jobId: ID!, $allFrames: Boolean) {\n    requeueJob(jobId: $jobId, allFrames: $allFrames) {\n      id\n      status\n      framesDone\n      framesFailed\n      framesCanceled\n    }\n  }\n"): (typeof documents)["\n  mutation DashboardRequeueJob($jobId: ID!, $allFrames: Boolean) {\n    requeueJob(jobId: $jobId, allFrames: $allFrames) {\n      id\n      status\n      framesDone\n      framesFailed\n      framesCanceled\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DashboardRequeueFrames($jobId: ID!, $frames: [Int!]!) {\n    requeueFrames(jobId: $jobId, frames: $frames) {\n      id\n      status\n      framesDone\n    }\n  }\n"): (typeof documents)["\n  mutation DashboardRequeueFrames($jobId: ID!, $frames: [Int!]!) {\n    requeueFrames(jobId: $jobId, frames: $frames) {\n      id\n      status\n      framesDone\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DashboardSetJobPriority($jobId: ID!, $priority: Int!) {\n    setJobPriority(jobId: $jobId, priority: $priority) {\n      id\n      priority\n    }\n  }\n"): (typeof documents)["\n  mutation DashboardSetJobPriority($jobId: ID!, $priority: Int!) {\n    setJobPriority(jobId: $jobId, priority: $priority) {\n      id\n      priority\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DashboardDeleteJob($jobId: ID!) {\n    deleteJob(jobId: $jobId) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation DashboardDeleteJob($jobId: ID!) {\n    deleteJob(jobId: $jobId) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobsPage {\n    jobs {\n      ...JobSettingsFields\n      progress {\n        ...ProgressFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query JobsPage {\n    jobs {\n      ...JobSettingsFields\n      progress {\n        ...ProgressFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription JobsPageFarm {\n    farmProgress {\n      jobsQueued\n      jobsRunning\n      jobsCompleted\n      jobsFailed\n      framesRendering\n      totalFramesDone\n    }\n  }\n"): (typeof documents)["\n  subscription JobsPageFarm {\n    farmProgress {\n      jobsQueued\n      jobsRunning\n      jobsCompleted\n      jobsFailed\n      framesRendering\n      totalFramesDone\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DashboardSubmitJob($input: SubmitJobInput!) {\n    submitJob(input: $input) {\n      id\n      name\n      totalFrames\n    }\n  }\n"): (typeof documents)["\n  mutation DashboardSubmitJob($input: SubmitJobInput!) {\n    submitJob(input: $input) {\n      id\n      name\n      totalFrames\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WorkersPage {\n    workers {\n      id\n      name\n      status\n      lastHeartbeatAt\n      createdAt\n      tags\n      currentFrames {\n        id\n        jobId\n        number\n        status\n        progress\n        job {\n          id\n          name\n        }\n      }\n      blocklist {\n        failures\n        blocked\n        lastError\n        job {\n          id\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query WorkersPage {\n    workers {\n      id\n      name\n      status\n      lastHeartbeatAt\n      createdAt\n      tags\n      currentFrames {\n        id\n        jobId\n        number\n        status\n        progress\n        job {\n          id\n          name\n        }\n      }\n      blocklist {\n        failures\n        blocked\n        lastError\n        job {\n          id\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription WorkersPageFrames {\n    frameChanged {\n      id\n      status\n      progress\n      workerId\n    }\n  }\n"): (typeof documents)["\n  subscription WorkersPageFrames {\n    frameChanged {\n      id\n      status\n      progress\n      workerId\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;