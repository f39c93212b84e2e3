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
    "\n  fragment CliJobFields on Job {\n    ...JobSettingsFields\n    framesDone\n    framesFailed\n    framesCanceled\n    startedAt\n    finishedAt\n    allowedActions\n    progress {\n      ...ProgressFields\n    }\n  }\n": typeof types.CliJobFieldsFragmentDoc,
    "\n  mutation CliSubmitJob($input: SubmitJobInput!) {\n    submitJob(input: $input) {\n      ...CliJobFields\n    }\n  }\n": typeof types.CliSubmitJobDocument,
    "\n  query CliJobs {\n    jobs {\n      ...CliJobFields\n    }\n  }\n": typeof types.CliJobsDocument,
    "\n  query CliJob($id: ID!) {\n    job(id: $id) {\n      ...CliJobFields\n    }\n  }\n": typeof types.CliJobDocument,
    "\n  query CliJobFrames($id: ID!) {\n    job(id: $id) {\n      id\n      name\n      status\n      totalFrames\n      framesDone\n      previewVideoUrl\n      frames {\n        number\n        status\n        outputUrl\n      }\n    }\n  }\n": typeof types.CliJobFramesDocument,
    "\n  subscription CliWatchJob($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      ...ProgressFields\n    }\n  }\n": typeof types.CliWatchJobDocument,
    "\n  query CliWorkers {\n    workers {\n      id\n      name\n      status\n      tags\n      createdAt\n      lastHeartbeatAt\n      currentFrames {\n        jobId\n        number\n        status\n        progress\n      }\n    }\n  }\n": typeof types.CliWorkersDocument,
    "\n  mutation CliPauseJob($jobId: ID!) {\n    pauseJob(jobId: $jobId) {\n      ...CliJobFields\n    }\n  }\n": typeof types.CliPauseJobDocument,
    "\n  mutation CliResumeJob($jobId: ID!) {\n    resumeJob(jobId: $jobId) {\n      ...CliJobFields\n    }\n  }\n": typeof types.CliResumeJobDocument,
    "\n  mutation CliCancelJob($jobId: ID!) {\n    cancelJob(jobId: $jobId) {\n      ...CliJobFields\n    }\n  }\n": typeof types.CliCancelJobDocument,
    "\n  mutation CliRequeueJob($jobId: ID!, $allFrames: Boolean) {\n    requeueJob(jobId: $jobId, allFrames: $allFrames) {\n      ...CliJobFields\n    }\n  }\n": typeof types.CliRequeueJobDocument,
    "\n  query CliMissingContents($files: [ProjectFileInput!]!) {\n    missingContents(files: $files) {\n      sha256\n      size\n    }\n  }\n": typeof types.CliMissingContentsDocument,
    "\n  mutation CliUploadContent($sha256: String!, $file: Upload!) {\n    uploadContent(sha256: $sha256, file: $file) {\n      sha256\n    }\n  }\n": typeof types.CliUploadContentDocument,
    "\n  fragment ProgressFields on JobProgress {\n    jobId\n    status\n    percent\n    framesDone\n    framesFailed\n    framesRendering\n    totalFrames\n    startedAt\n    finishedAt\n    elapsedSeconds\n    etaSeconds\n  }\n": typeof types.ProgressFieldsFragmentDoc,
    "\n  fragment JobSettingsFields on Job {\n    id\n    name\n    status\n    priority\n    outputFormat\n    sceneName\n    frameStart\n    frameEnd\n    frameStep\n    totalFrames\n    requiredTags\n    maxAttempts\n    renderTimeoutSeconds\n    blendName\n    blendSize\n    createdAt\n    error\n  }\n": typeof types.JobSettingsFieldsFragmentDoc,
    "\n  query FrameDetails($jobId: ID!, $number: Int!) {\n    frame(jobId: $jobId, number: $number) {\n      id\n      error\n      logTail\n    }\n  }\n": typeof types.FrameDetailsDocument,
    "\n  subscription DashboardJobProgress($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      ...ProgressFields\n    }\n  }\n": typeof types.DashboardJobProgressDocument,
    "\n  fragment FrameFields on Frame {\n    id\n    jobId\n    number\n    status\n    progress\n    attempts\n    failures\n    renderTimeMs\n    assignedAt\n    startedAt\n    finishedAt\n    thumbnailUrl\n    previewUrl\n    outputUrl\n    workerId\n  }\n": typeof types.FrameFieldsFragmentDoc,
    "\n  query DashboardJobFrames($id: ID!) {\n    job(id: $id) {\n      id\n      frames {\n        ...FrameFields\n      }\n    }\n  }\n": typeof types.DashboardJobFramesDocument,
    "\n  subscription JobFrameChanges($jobId: ID!) {\n    frameChanged(jobId: $jobId) {\n      ...FrameFields\n    }\n  }\n": typeof types.JobFrameChangesDocument,
    "\n  query WorkerNames {\n    workers {\n      id\n      name\n    }\n  }\n": typeof types.WorkerNamesDocument,
    "\n  query JobPage($id: ID!) {\n    job(id: $id) {\n      ...JobSettingsFields\n      blendSha256\n      startedAt\n      finishedAt\n      framesDone\n      framesFailed\n      framesCanceled\n      framesZipUrl\n      previewVideoUrl\n      allowedActions\n      progress {\n        ...ProgressFields\n      }\n      blocklist {\n        failures\n        blocked\n        blockedAt\n        lastError\n        worker {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.JobPageDocument,
    "\n  fragment JobActionResult on Job {\n    id\n    status\n    allowedActions\n  }\n": typeof types.JobActionResultFragmentDoc,
    "\n  mutation DashboardPauseJob($jobId: ID!) {\n    pauseJob(jobId: $jobId) {\n      ...JobActionResult\n    }\n  }\n": typeof types.DashboardPauseJobDocument,
    "\n  mutation DashboardResumeJob($jobId: ID!) {\n    resumeJob(jobId: $jobId) {\n      ...JobActionResult\n    }\n  }\n": typeof types.DashboardResumeJobDocument,
    "\n  mutation DashboardCancelJob($jobId: ID!) {\n    cancelJob(jobId: $jobId) {\n      ...JobActionResult\n    }\n  }\n": typeof types.DashboardCancelJobDocument,
    "\n  mutation DashboardRequeueJob($jobId: ID!, $allFrames: Boolean) {\n    requeueJob(jobId: $jobId, allFrames: $allFrames) {\n      ...JobActionResult\n    }\n  }\n": typeof types.DashboardRequeueJobDocument,
    "\n  mutation DashboardRequeueFrames($jobId: ID!, $frames: [Int!]!) {\n    requeueFrames(jobId: $jobId, frames: $frames) {\n      ...JobActionResult\n    }\n  }\n": typeof types.DashboardRequeueFramesDocument,
    "\n  mutation DashboardSetJobPriority($jobId: ID!, $priority: Int!) {\n    setJobPriority(jobId: $jobId, priority: $priority) {\n      ...JobActionResult\n    }\n  }\n": typeof types.DashboardSetJobPriorityDocument,
    "\n  mutation DashboardDeleteJob($jobId: ID!) {\n    deleteJob(jobId: $jobId) {\n      ...JobActionResult\n    }\n  }\n": typeof types.DashboardDeleteJobDocument,
    "\n  query JobsPage {\n    jobs {\n      ...JobSettingsFields\n      progress {\n        ...ProgressFields\n      }\n    }\n  }\n": typeof types.JobsPageDocument,
    "\n  subscription JobsPageFarm {\n    farmProgress {\n      jobsQueued\n      jobsRunning\n      jobsCompleted\n      jobsFailed\n      framesRendering\n      totalFramesDone\n    }\n  }\n": typeof types.JobsPageFarmDocument,
    "\n  mutation DashboardSubmitJob($input: SubmitJobInput!) {\n    submitJob(input: $input) {\n      id\n      name\n      totalFrames\n    }\n  }\n": typeof types.DashboardSubmitJobDocument,
    "\n  query WorkersPage {\n    workers {\n      id\n      name\n      status\n      lastHeartbeatAt\n      createdAt\n      tags\n      currentFrames {\n        id\n        jobId\n        number\n        status\n        progress\n        job {\n          id\n          name\n        }\n      }\n      blocklist {\n        failures\n        blocked\n        lastError\n        job {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.WorkersPageDocument,
    "\n  subscription WorkersPageFrames {\n    frameChanged {\n      id\n      status\n      progress\n      workerId\n    }\n  }\n": typeof types.WorkersPageFramesDocument,
    "\n  query MissingFilesJob($id: ID!) {\n    job(id: $id) {\n      id\n      allowMissingFiles\n    }\n  }\n": typeof types.MissingFilesJobDocument,
    "\n  fragment TestProgressFields on JobProgress {\n    jobId\n    status\n    framesDone\n    totalFrames\n    percent\n  }\n": typeof types.TestProgressFieldsFragmentDoc,
    "\n  fragment TestWorkerName on Worker {\n    id\n    name\n  }\n": typeof types.TestWorkerNameFragmentDoc,
    "\n  fragment TestFrameResult on Frame {\n    number\n    status\n    attempts\n    error\n    logTail\n    outputUrl\n    worker {\n      ...TestWorkerName\n    }\n  }\n": typeof types.TestFrameResultFragmentDoc,
    "\n  fragment TestJobCounts on Job {\n    id\n    status\n    framesDone\n    framesFailed\n    framesCanceled\n  }\n": typeof types.TestJobCountsFragmentDoc,
    "\n  mutation SubmitJob($input: SubmitJobInput!) {\n    submitJob(input: $input) {\n      id\n      name\n      status\n      totalFrames\n      frameStart\n      frameEnd\n      frameStep\n      sceneName\n      outputFormat\n      blendSha256\n      blendSize\n    }\n  }\n": typeof types.SubmitJobDocument,
    "\n  query JobDetails($id: ID!) {\n    job(id: $id) {\n      id\n      name\n      status\n      error\n      sceneName\n      outputFormat\n      totalFrames\n      framesDone\n      framesFailed\n      frames {\n        ...TestFrameResult\n        renderTimeMs\n      }\n    }\n  }\n": typeof types.JobDetailsDocument,
    "\n  query FarmTotals {\n    totalFramesDone\n    allJobsProgress {\n      ...TestProgressFields\n    }\n    jobs {\n      id\n    }\n  }\n": typeof types.FarmTotalsDocument,
    "\n  query JobProgressQuery($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      ...TestProgressFields\n    }\n  }\n": typeof types.JobProgressQueryDocument,
    "\n  subscription WatchJobProgress($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      ...TestProgressFields\n    }\n  }\n": typeof types.WatchJobProgressDocument,
    "\n  subscription WatchFrameCompleted($jobId: ID) {\n    frameCompleted(jobId: $jobId) {\n      jobId\n      number\n      status\n      outputUrl\n    }\n  }\n": typeof types.WatchFrameCompletedDocument,
    "\n  query ListWorkers {\n    workers {\n      id\n      name\n      status\n      lastHeartbeatAt\n    }\n  }\n": typeof types.ListWorkersDocument,
    "\n  query JobFrames($id: ID!) {\n    job(id: $id) {\n      ...TestJobCounts\n      error\n      priority\n      totalFrames\n      requiredTags\n      blocklist {\n        failures\n        blocked\n        lastError\n        worker {\n          ...TestWorkerName\n        }\n      }\n      frames {\n        ...TestFrameResult\n        failures\n      }\n    }\n  }\n": typeof types.JobFramesDocument,
    "\n  query WorkerDetails {\n    workers {\n      id\n      name\n      status\n      tags\n      currentFrames {\n        jobId\n        number\n      }\n      blocklist {\n        blocked\n        failures\n        job {\n          id\n        }\n      }\n    }\n  }\n": typeof types.WorkerDetailsDocument,
    "\n  mutation PauseJob($jobId: ID!) {\n    pauseJob(jobId: $jobId) {\n      id\n      status\n    }\n  }\n": typeof types.PauseJobDocument,
    "\n  mutation ResumeJob($jobId: ID!) {\n    resumeJob(jobId: $jobId) {\n      id\n      status\n    }\n  }\n": typeof types.ResumeJobDocument,
    "\n  mutation CancelJob($jobId: ID!) {\n    cancelJob(jobId: $jobId) {\n      id\n      status\n      framesCanceled\n    }\n  }\n": typeof types.CancelJobDocument,
    "\n  mutation RequeueJob($jobId: ID!, $allFrames: Boolean) {\n    requeueJob(jobId: $jobId, allFrames: $allFrames) {\n      ...TestJobCounts\n    }\n  }\n": typeof types.RequeueJobDocument,
    "\n  mutation RequeueFrames($jobId: ID!, $frames: [Int!]!) {\n    requeueFrames(jobId: $jobId, frames: $frames) {\n      id\n      status\n      framesDone\n    }\n  }\n": typeof types.RequeueFramesDocument,
    "\n  mutation SetJobPriority($jobId: ID!, $priority: Int!) {\n    setJobPriority(jobId: $jobId, priority: $priority) {\n      id\n      priority\n    }\n  }\n": typeof types.SetJobPriorityDocument,
    "\n  mutation DeleteJob($jobId: ID!) {\n    deleteJob(jobId: $jobId) {\n      id\n      name\n    }\n  }\n": typeof types.DeleteJobDocument,
    "\n  mutation SetWorkerTags($workerId: ID!, $tags: [String!]!) {\n    setWorkerTags(workerId: $workerId, tags: $tags) {\n      id\n      tags\n    }\n  }\n": typeof types.SetWorkerTagsDocument,
    "\n  mutation ClearBlocklist($jobId: ID!, $workerId: ID) {\n    clearBlocklist(jobId: $jobId, workerId: $workerId) {\n      id\n      blocklist {\n        blocked\n      }\n    }\n  }\n": typeof types.ClearBlocklistDocument,
    "\n  subscription WatchFrames($jobId: ID) {\n    frameChanged(jobId: $jobId) {\n      jobId\n      number\n      status\n      attempts\n      worker {\n        id\n      }\n    }\n  }\n": typeof types.WatchFramesDocument,
    "\n  mutation RegisterTagged($name: String!, $tags: [String!]) {\n    registerWorker(name: $name, tags: $tags) {\n      token\n      worker {\n        ...TestWorkerName\n        tags\n      }\n    }\n  }\n": typeof types.RegisterTaggedDocument,
    "\n  query TestMissingContents($files: [ProjectFileInput!]!) {\n    missingContents(files: $files) {\n      sha256\n      size\n      paths\n    }\n  }\n": typeof types.TestMissingContentsDocument,
    "\n  mutation TestUploadContent($sha256: String!, $file: Upload!) {\n    uploadContent(sha256: $sha256, file: $file) {\n      sha256\n      size\n      alreadyStored\n    }\n  }\n": typeof types.TestUploadContentDocument,
    "\n  fragment TestJobProjectFields on Job {\n    ...ProjectTreeFields\n    fileCount\n    fileBytes\n  }\n": typeof types.TestJobProjectFieldsFragmentDoc,
    "\n  query TestJobProject($id: ID!) {\n    job(id: $id) {\n      id\n      ...TestJobProjectFields\n    }\n  }\n": typeof types.TestJobProjectDocument,
    "\n  mutation TestProjectAssignment($workerId: ID!) {\n    pollJob(workerId: $workerId) {\n      jobId\n      frameNumber\n      job {\n        ...TestJobProjectFields\n      }\n    }\n  }\n": typeof types.TestProjectAssignmentDocument,
    "\n  mutation RegisterWorker($name: String!, $tags: [String!]) {\n    registerWorker(name: $name, tags: $tags) {\n      token\n      heartbeatIntervalSeconds\n      worker {\n        id\n        name\n      }\n    }\n  }\n": typeof types.RegisterWorkerDocument,
    "\n  mutation Heartbeat($workerId: ID!) {\n    heartbeat(workerId: $workerId) {\n      id\n      status\n      lastHeartbeatAt\n    }\n  }\n": typeof types.HeartbeatDocument,
    "\n  fragment AssignmentFields on FrameAssignment {\n    jobId\n    frameNumber\n    sceneName\n    outputFormat\n    blendUrl\n    blendSha256\n    blendSize\n    renderTimeoutSeconds\n    allowMissingFiles\n    # attempts tells a new attempt at a frame from the same one sent again on a new subscription.\n    frame {\n      id\n      attempts\n    }\n    # blendPath and fileCount only: a project's file list, which may run to thousands of files,\n    # is asked once per job (WorkerJobProject), not carried by every frame's assignment.\n    job {\n      name\n      blendName\n      blendPath\n      fileCount\n    }\n  }\n": typeof types.AssignmentFieldsFragmentDoc,
    "\n  fragment ProjectTreeFields on Job {\n    blendPath\n    files {\n      path\n      sha256\n      size\n      contentUrl\n    }\n  }\n": typeof types.ProjectTreeFieldsFragmentDoc,
    "\n  query WorkerJobProject($jobId: ID!) {\n    job(id: $jobId) {\n      id\n      ...ProjectTreeFields\n    }\n  }\n": typeof types.WorkerJobProjectDocument,
    "\n  subscription Assignments($workerId: ID!) {\n    assignments(workerId: $workerId) {\n      ...AssignmentFields\n    }\n  }\n": typeof types.AssignmentsDocument,
    "\n  subscription FrameRevocations($workerId: ID!) {\n    frameRevocations(workerId: $workerId) {\n      jobId\n      frameNumber\n      reason\n      message\n    }\n  }\n": typeof types.FrameRevocationsDocument,
    "\n  mutation SignOff($workerId: ID!) {\n    signOff(workerId: $workerId) {\n      id\n      status\n    }\n  }\n": typeof types.SignOffDocument,
    "\n  mutation PollJob($workerId: ID!) {\n    pollJob(workerId: $workerId) {\n      ...AssignmentFields\n    }\n  }\n": typeof types.PollJobDocument,
    "\n  mutation ReportFrameProgress($jobId: ID!, $frameNumber: Int!, $percent: Float!) {\n    reportFrameProgress(jobId: $jobId, frameNumber: $frameNumber, percent: $percent) {\n      id\n      status\n    }\n  }\n": typeof types.ReportFrameProgressDocument,
    "\n  mutation ReportFrameFailure(\n    $jobId: ID!\n    $frameNumber: Int!\n    $error: String!\n    $logTail: String\n    $kind: FrameFailureKind\n    $renderTimeMs: Int\n  ) {\n    reportFrameFailure(\n      jobId: $jobId\n      frameNumber: $frameNumber\n      error: $error\n      logTail: $logTail\n      kind: $kind\n      renderTimeMs: $renderTimeMs\n    ) {\n      id\n      status\n    }\n  }\n": typeof types.ReportFrameFailureDocument,
    "\n  mutation UploadFrame($jobId: ID!, $frameNumber: Int!, $file: Upload!, $renderTimeMs: Int) {\n    uploadFrame(jobId: $jobId, frameNumber: $frameNumber, file: $file, renderTimeMs: $renderTimeMs) {\n      id\n      status\n      outputUrl\n    }\n  }\n": typeof types.UploadFrameDocument,
};
const documents: Documents = {
    "\n  fragment CliJobFields on Job {\n    ...JobSettingsFields\n    framesDone\n    framesFailed\n    framesCanceled\n    startedAt\n    finishedAt\n    allowedActions\n    progress {\n      ...ProgressFields\n    }\n  }\n": types.CliJobFieldsFragmentDoc,
    "\n  mutation CliSubmitJob($input: SubmitJobInput!) {\n    submitJob(input: $input) {\n      ...CliJobFields\n    }\n  }\n": types.CliSubmitJobDocument,
    "\n  query CliJobs {\n    jobs {\n      ...CliJobFields\n    }\n  }\n": types.CliJobsDocument,
    "\n  query CliJob($id: ID!) {\n    job(id: $id) {\n      ...CliJobFields\n    }\n  }\n": types.CliJobDocument,
    "\n  query CliJobFrames($id: ID!) {\n    job(id: $id) {\n      id\n      name\n      status\n      totalFrames\n      framesDone\n      previewVideoUrl\n      frames {\n        number\n        status\n        outputUrl\n      }\n    }\n  }\n": types.CliJobFramesDocument,
    "\n  subscription CliWatchJob($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      ...ProgressFields\n    }\n  }\n": types.CliWatchJobDocument,
    "\n  query CliWorkers {\n    workers {\n      id\n      name\n      status\n      tags\n      createdAt\n      lastHeartbeatAt\n      currentFrames {\n        jobId\n        number\n        status\n        progress\n      }\n    }\n  }\n": types.CliWorkersDocument,
    "\n  mutation CliPauseJob($jobId: ID!) {\n    pauseJob(jobId: $jobId) {\n      ...CliJobFields\n    }\n  }\n": types.CliPauseJobDocument,
    "\n  mutation CliResumeJob($jobId: ID!) {\n    resumeJob(jobId: $jobId) {\n      ...CliJobFields\n    }\n  }\n": types.CliResumeJobDocument,
    "\n  mutation CliCancelJob($jobId: ID!) {\n    cancelJob(jobId: $jobId) {\n      ...CliJobFields\n    }\n  }\n": types.CliCancelJobDocument,
    "\n  mutation CliRequeueJob($jobId: ID!, $allFrames: Boolean) {\n    requeueJob(jobId: $jobId, allFrames: $allFrames) {\n      ...CliJobFields\n    }\n  }\n": types.CliRequeueJobDocument,
    "\n  query CliMissingContents($files: [ProjectFileInput!]!) {\n    missingContents(files: $files) {\n      sha256\n      size\n    }\n  }\n": types.CliMissingContentsDocument,
    "\n  mutation CliUploadContent($sha256: String!, $file: Upload!) {\n    uploadContent(sha256: $sha256, file: $file) {\n      sha256\n    }\n  }\n": types.CliUploadContentDocument,
    "\n  fragment ProgressFields on JobProgress {\n    jobId\n    status\n    percent\n    framesDone\n    framesFailed\n    framesRendering\n    totalFrames\n    startedAt\n    finishedAt\n    elapsedSeconds\n    etaSeconds\n  }\n": types.ProgressFieldsFragmentDoc,
    "\n  fragment JobSettingsFields on Job {\n    id\n    name\n    status\n    priority\n    outputFormat\n    sceneName\n    frameStart\n    frameEnd\n    frameStep\n    totalFrames\n    requiredTags\n    maxAttempts\n    renderTimeoutSeconds\n    blendName\n    blendSize\n    createdAt\n    error\n  }\n": types.JobSettingsFieldsFragmentDoc,
    "\n  query FrameDetails($jobId: ID!, $number: Int!) {\n    frame(jobId: $jobId, number: $number) {\n      id\n      error\n      logTail\n    }\n  }\n": types.FrameDetailsDocument,
    "\n  subscription DashboardJobProgress($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      ...ProgressFields\n    }\n  }\n": types.DashboardJobProgressDocument,
    "\n  fragment FrameFields on Frame {\n    id\n    jobId\n    number\n    status\n    progress\n    attempts\n    failures\n    renderTimeMs\n    assignedAt\n    startedAt\n    finishedAt\n    thumbnailUrl\n    previewUrl\n    outputUrl\n    workerId\n  }\n": types.FrameFieldsFragmentDoc,
    "\n  query DashboardJobFrames($id: ID!) {\n    job(id: $id) {\n      id\n      frames {\n        ...FrameFields\n      }\n    }\n  }\n": types.DashboardJobFramesDocument,
    "\n  subscription JobFrameChanges($jobId: ID!) {\n    frameChanged(jobId: $jobId) {\n      ...FrameFields\n    }\n  }\n": types.JobFrameChangesDocument,
    "\n  query WorkerNames {\n    workers {\n      id\n      name\n    }\n  }\n": types.WorkerNamesDocument,
    "\n  query JobPage($id: ID!) {\n    job(id: $id) {\n      ...JobSettingsFields\n      blendSha256\n      startedAt\n      finishedAt\n      framesDone\n      framesFailed\n      framesCanceled\n      framesZipUrl\n      previewVideoUrl\n      allowedActions\n      progress {\n        ...ProgressFields\n      }\n      blocklist {\n        failures\n        blocked\n        blockedAt\n        lastError\n        worker {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.JobPageDocument,
    "\n  fragment JobActionResult on Job {\n    id\n    status\n    allowedActions\n  }\n": types.JobActionResultFragmentDoc,
    "\n  mutation DashboardPauseJob($jobId: ID!) {\n    pauseJob(jobId: $jobId) {\n      ...JobActionResult\n    }\n  }\n": types.DashboardPauseJobDocument,
    "\n  mutation DashboardResumeJob($jobId: ID!) {\n    resumeJob(jobId: $jobId) {\n      ...JobActionResult\n    }\n  }\n": types.DashboardResumeJobDocument,
    "\n  mutation DashboardCancelJob($jobId: ID!) {\n    cancelJob(jobId: $jobId) {\n      ...JobActionResult\n    }\n  }\n": types.DashboardCancelJobDocument,
    "\n  mutation DashboardRequeueJob($jobId: ID!, $allFrames: Boolean) {\n    requeueJob(jobId: $jobId, allFrames: $allFrames) {\n      ...JobActionResult\n    }\n  }\n": types.DashboardRequeueJobDocument,
    "\n  mutation DashboardRequeueFrames($jobId: ID!, $frames: [Int!]!) {\n    requeueFrames(jobId: $jobId, frames: $frames) {\n      ...JobActionResult\n    }\n  }\n": types.DashboardRequeueFramesDocument,
    "\n  mutation DashboardSetJobPriority($jobId: ID!, $priority: Int!) {\n    setJobPriority(jobId: $jobId, priority: $priority) {\n      ...JobActionResult\n    }\n  }\n": types.DashboardSetJobPriorityDocument,
    "\n  mutation DashboardDeleteJob($jobId: ID!) {\n    deleteJob(jobId: $jobId) {\n      ...JobActionResult\n    }\n  }\n": types.DashboardDeleteJobDocument,
    "\n  query JobsPage {\n    jobs {\n      ...JobSettingsFields\n      progress {\n        ...ProgressFields\n      }\n    }\n  }\n": types.JobsPageDocument,
    "\n  subscription JobsPageFarm {\n    farmProgress {\n      jobsQueued\n      jobsRunning\n      jobsCompleted\n      jobsFailed\n      framesRendering\n      totalFramesDone\n    }\n  }\n": types.JobsPageFarmDocument,
    "\n  mutation DashboardSubmitJob($input: SubmitJobInput!) {\n    submitJob(input: $input) {\n      id\n      name\n      totalFrames\n    }\n  }\n": types.DashboardSubmitJobDocument,
    "\n  query WorkersPage {\n    workers {\n      id\n      name\n      status\n      lastHeartbeatAt\n      createdAt\n      tags\n      currentFrames {\n        id\n        jobId\n        number\n        status\n        progress\n        job {\n          id\n          name\n        }\n      }\n      blocklist {\n        failures\n        blocked\n        lastError\n        job {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.WorkersPageDocument,
    "\n  subscription WorkersPageFrames {\n    frameChanged {\n      id\n      status\n      progress\n      workerId\n    }\n  }\n": types.WorkersPageFramesDocument,
    "\n  query MissingFilesJob($id: ID!) {\n    job(id: $id) {\n      id\n      allowMissingFiles\n    }\n  }\n": types.MissingFilesJobDocument,
    "\n  fragment TestProgressFields on JobProgress {\n    jobId\n    status\n    framesDone\n    totalFrames\n    percent\n  }\n": types.TestProgressFieldsFragmentDoc,
    "\n  fragment TestWorkerName on Worker {\n    id\n    name\n  }\n": types.TestWorkerNameFragmentDoc,
    "\n  fragment TestFrameResult on Frame {\n    number\n    status\n    attempts\n    error\n    logTail\n    outputUrl\n    worker {\n      ...TestWorkerName\n    }\n  }\n": types.TestFrameResultFragmentDoc,
    "\n  fragment TestJobCounts on Job {\n    id\n    status\n    framesDone\n    framesFailed\n    framesCanceled\n  }\n": types.TestJobCountsFragmentDoc,
    "\n  mutation SubmitJob($input: SubmitJobInput!) {\n    submitJob(input: $input) {\n      id\n      name\n      status\n      totalFrames\n      frameStart\n      frameEnd\n      frameStep\n      sceneName\n      outputFormat\n      blendSha256\n      blendSize\n    }\n  }\n": types.SubmitJobDocument,
    "\n  query JobDetails($id: ID!) {\n    job(id: $id) {\n      id\n      name\n      status\n      error\n      sceneName\n      outputFormat\n      totalFrames\n      framesDone\n      framesFailed\n      frames {\n        ...TestFrameResult\n        renderTimeMs\n      }\n    }\n  }\n": types.JobDetailsDocument,
    "\n  query FarmTotals {\n    totalFramesDone\n    allJobsProgress {\n      ...TestProgressFields\n    }\n    jobs {\n      id\n    }\n  }\n": types.FarmTotalsDocument,
    "\n  query JobProgressQuery($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      ...TestProgressFields\n    }\n  }\n": types.JobProgressQueryDocument,
    "\n  subscription WatchJobProgress($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      ...TestProgressFields\n    }\n  }\n": types.WatchJobProgressDocument,
    "\n  subscription WatchFrameCompleted($jobId: ID) {\n    frameCompleted(jobId: $jobId) {\n      jobId\n      number\n      status\n      outputUrl\n    }\n  }\n": types.WatchFrameCompletedDocument,
    "\n  query ListWorkers {\n    workers {\n      id\n      name\n      status\n      lastHeartbeatAt\n    }\n  }\n": types.ListWorkersDocument,
    "\n  query JobFrames($id: ID!) {\n    job(id: $id) {\n      ...TestJobCounts\n      error\n      priority\n      totalFrames\n      requiredTags\n      blocklist {\n        failures\n        blocked\n        lastError\n        worker {\n          ...TestWorkerName\n        }\n      }\n      frames {\n        ...TestFrameResult\n        failures\n      }\n    }\n  }\n": types.JobFramesDocument,
    "\n  query WorkerDetails {\n    workers {\n      id\n      name\n      status\n      tags\n      currentFrames {\n        jobId\n        number\n      }\n      blocklist {\n        blocked\n        failures\n        job {\n          id\n        }\n      }\n    }\n  }\n": types.WorkerDetailsDocument,
    "\n  mutation PauseJob($jobId: ID!) {\n    pauseJob(jobId: $jobId) {\n      id\n      status\n    }\n  }\n": types.PauseJobDocument,
    "\n  mutation ResumeJob($jobId: ID!) {\n    resumeJob(jobId: $jobId) {\n      id\n      status\n    }\n  }\n": types.ResumeJobDocument,
    "\n  mutation CancelJob($jobId: ID!) {\n    cancelJob(jobId: $jobId) {\n      id\n      status\n      framesCanceled\n    }\n  }\n": types.CancelJobDocument,
    "\n  mutation RequeueJob($jobId: ID!, $allFrames: Boolean) {\n    requeueJob(jobId: $jobId, allFrames: $allFrames) {\n      ...TestJobCounts\n    }\n  }\n": types.RequeueJobDocument,
    "\n  mutation RequeueFrames($jobId: ID!, $frames: [Int!]!) {\n    requeueFrames(jobId: $jobId, frames: $frames) {\n      id\n      status\n      framesDone\n    }\n  }\n": types.RequeueFramesDocument,
    "\n  mutation SetJobPriority($jobId: ID!, $priority: Int!) {\n    setJobPriority(jobId: $jobId, priority: $priority) {\n      id\n      priority\n    }\n  }\n": types.SetJobPriorityDocument,
    "\n  mutation DeleteJob($jobId: ID!) {\n    deleteJob(jobId: $jobId) {\n      id\n      name\n    }\n  }\n": types.DeleteJobDocument,
    "\n  mutation SetWorkerTags($workerId: ID!, $tags: [String!]!) {\n    setWorkerTags(workerId: $workerId, tags: $tags) {\n      id\n      tags\n    }\n  }\n": types.SetWorkerTagsDocument,
    "\n  mutation ClearBlocklist($jobId: ID!, $workerId: ID) {\n    clearBlocklist(jobId: $jobId, workerId: $workerId) {\n      id\n      blocklist {\n        blocked\n      }\n    }\n  }\n": types.ClearBlocklistDocument,
    "\n  subscription WatchFrames($jobId: ID) {\n    frameChanged(jobId: $jobId) {\n      jobId\n      number\n      status\n      attempts\n      worker {\n        id\n      }\n    }\n  }\n": types.WatchFramesDocument,
    "\n  mutation RegisterTagged($name: String!, $tags: [String!]) {\n    registerWorker(name: $name, tags: $tags) {\n      token\n      worker {\n        ...TestWorkerName\n        tags\n      }\n    }\n  }\n": types.RegisterTaggedDocument,
    "\n  query TestMissingContents($files: [ProjectFileInput!]!) {\n    missingContents(files: $files) {\n      sha256\n      size\n      paths\n    }\n  }\n": types.TestMissingContentsDocument,
    "\n  mutation TestUploadContent($sha256: String!, $file: Upload!) {\n    uploadContent(sha256: $sha256, file: $file) {\n      sha256\n      size\n      alreadyStored\n    }\n  }\n": types.TestUploadContentDocument,
    "\n  fragment TestJobProjectFields on Job {\n    ...ProjectTreeFields\n    fileCount\n    fileBytes\n  }\n": types.TestJobProjectFieldsFragmentDoc,
    "\n  query TestJobProject($id: ID!) {\n    job(id: $id) {\n      id\n      ...TestJobProjectFields\n    }\n  }\n": types.TestJobProjectDocument,
    "\n  mutation TestProjectAssignment($workerId: ID!) {\n    pollJob(workerId: $workerId) {\n      jobId\n      frameNumber\n      job {\n        ...TestJobProjectFields\n      }\n    }\n  }\n": types.TestProjectAssignmentDocument,
    "\n  mutation RegisterWorker($name: String!, $tags: [String!]) {\n    registerWorker(name: $name, tags: $tags) {\n      token\n      heartbeatIntervalSeconds\n      worker {\n        id\n        name\n      }\n    }\n  }\n": types.RegisterWorkerDocument,
    "\n  mutation Heartbeat($workerId: ID!) {\n    heartbeat(workerId: $workerId) {\n      id\n      status\n      lastHeartbeatAt\n    }\n  }\n": types.HeartbeatDocument,
    "\n  fragment AssignmentFields on FrameAssignment {\n    jobId\n    frameNumber\n    sceneName\n    outputFormat\n    blendUrl\n    blendSha256\n    blendSize\n    renderTimeoutSeconds\n    allowMissingFiles\n    # attempts tells a new attempt at a frame from the same one sent again on a new subscription.\n    frame {\n      id\n      attempts\n    }\n    # blendPath and fileCount only: a project's file list, which may run to thousands of files,\n    # is asked once per job (WorkerJobProject), not carried by every frame's assignment.\n    job {\n      name\n      blendName\n      blendPath\n      fileCount\n    }\n  }\n": types.AssignmentFieldsFragmentDoc,
    "\n  fragment ProjectTreeFields on Job {\n    blendPath\n    files {\n      path\n      sha256\n      size\n      contentUrl\n    }\n  }\n": types.ProjectTreeFieldsFragmentDoc,
    "\n  query WorkerJobProject($jobId: ID!) {\n    job(id: $jobId) {\n      id\n      ...ProjectTreeFields\n    }\n  }\n": types.WorkerJobProjectDocument,
    "\n  subscription Assignments($workerId: ID!) {\n    assignments(workerId: $workerId) {\n      ...AssignmentFields\n    }\n  }\n": types.AssignmentsDocument,
    "\n  subscription FrameRevocations($workerId: ID!) {\n    frameRevocations(workerId: $workerId) {\n      jobId\n      frameNumber\n      reason\n      message\n    }\n  }\n": types.FrameRevocationsDocument,
    "\n  mutation SignOff($workerId: ID!) {\n    signOff(workerId: $workerId) {\n      id\n      status\n    }\n  }\n": types.SignOffDocument,
    "\n  mutation PollJob($workerId: ID!) {\n    pollJob(workerId: $workerId) {\n      ...AssignmentFields\n    }\n  }\n": types.PollJobDocument,
    "\n  mutation ReportFrameProgress($jobId: ID!, $frameNumber: Int!, $percent: Float!) {\n    reportFrameProgress(jobId: $jobId, frameNumber: $frameNumber, percent: $percent) {\n      id\n      status\n    }\n  }\n": types.ReportFrameProgressDocument,
    "\n  mutation ReportFrameFailure(\n    $jobId: ID!\n    $frameNumber: Int!\n    $error: String!\n    $logTail: String\n    $kind: FrameFailureKind\n    $renderTimeMs: Int\n  ) {\n    reportFrameFailure(\n      jobId: $jobId\n      frameNumber: $frameNumber\n      error: $error\n      logTail: $logTail\n      kind: $kind\n      renderTimeMs: $renderTimeMs\n    ) {\n      id\n      status\n    }\n  }\n": types.ReportFrameFailureDocument,
    "\n  mutation UploadFrame($jobId: ID!, $frameNumber: Int!, $file: Upload!, $renderTimeMs: Int) {\n    uploadFrame(jobId: $jobId, frameNumber: $frameNumber, file: $file, renderTimeMs: $renderTimeMs) {\n      id\n      status\n      outputUrl\n    }\n  }\n": types.UploadFrameDocument,
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
export function graphql(source: "\n  fragment CliJobFields on Job {\n    ...JobSettingsFields\n    framesDone\n    framesFailed\n    framesCanceled\n    startedAt\n    finishedAt\n    allowedActions\n    progress {\n      ...ProgressFields\n    }\n  }\n"): (typeof documents)["\n  fragment CliJobFields on Job {\n    ...JobSettingsFields\n    framesDone\n    framesFailed\n    framesCanceled\n    startedAt\n    finishedAt\n    allowedActions\n    progress {\n      ...ProgressFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliSubmitJob($input: SubmitJobInput!) {\n    submitJob(input: $input) {\n      ...CliJobFields\n    }\n  }\n"): (typeof documents)["\n  mutation CliSubmitJob($input: SubmitJobInput!) {\n    submitJob(input: $input) {\n      ...CliJobFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliJobs {\n    jobs {\n      ...CliJobFields\n    }\n  }\n"): (typeof documents)["\n  query CliJobs {\n    jobs {\n      ...CliJobFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliJob($id: ID!) {\n    job(id: $id) {\n      ...CliJobFields\n    }\n  }\n"): (typeof documents)["\n  query CliJob($id: ID!) {\n    job(id: $id) {\n      ...CliJobFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliJobFrames($id: ID!) {\n    job(id: $id) {\n      id\n      name\n      status\n      totalFrames\n      framesDone\n      previewVideoUrl\n      frames {\n        number\n        status\n        outputUrl\n      }\n    }\n  }\n"): (typeof documents)["\n  query CliJobFrames($id: ID!) {\n    job(id: $id) {\n      id\n      name\n      status\n      totalFrames\n      framesDone\n      previewVideoUrl\n      frames {\n        number\n        status\n        outputUrl\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription CliWatchJob($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      ...ProgressFields\n    }\n  }\n"): (typeof documents)["\n  subscription CliWatchJob($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      ...ProgressFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliWorkers {\n    workers {\n      id\n      name\n      status\n      tags\n      createdAt\n      lastHeartbeatAt\n      currentFrames {\n        jobId\n        number\n        status\n        progress\n      }\n    }\n  }\n"): (typeof documents)["\n  query CliWorkers {\n    workers {\n      id\n      name\n      status\n      tags\n      createdAt\n      lastHeartbeatAt\n      currentFrames {\n        jobId\n        number\n        status\n        progress\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliPauseJob($jobId: ID!) {\n    pauseJob(jobId: $jobId) {\n      ...CliJobFields\n    }\n  }\n"): (typeof documents)["\n  mutation CliPauseJob($jobId: ID!) {\n    pauseJob(jobId: $jobId) {\n      ...CliJobFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliResumeJob($jobId: ID!) {\n    resumeJob(jobId: $jobId) {\n      ...CliJobFields\n    }\n  }\n"): (typeof documents)["\n  mutation CliResumeJob($jobId: ID!) {\n    resumeJob(jobId: $jobId) {\n      ...CliJobFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliCancelJob($jobId: ID!) {\n    cancelJob(jobId: $jobId) {\n      ...CliJobFields\n    }\n  }\n"): (typeof documents)["\n  mutation CliCancelJob($jobId: ID!) {\n    cancelJob(jobId: $jobId) {\n      ...CliJobFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliRequeueJob($jobId: ID!, $allFrames: Boolean) {\n    requeueJob(jobId: $jobId, allFrames: $allFrames) {\n      ...CliJobFields\n    }\n  }\n"): (typeof documents)["\n  mutation CliRequeueJob($jobId: ID!, $allFrames: Boolean) {\n    requeueJob(jobId: $jobId, allFrames: $allFrames) {\n      ...CliJobFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliMissingContents($files: [ProjectFileInput!]!) {\n    missingContents(files: $files) {\n      sha256\n      size\n    }\n  }\n"): (typeof documents)["\n  query CliMissingContents($files: [ProjectFileInput!]!) {\n    missingContents(files: $files) {\n      sha256\n      size\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliUploadContent($sha256: String!, $file: Upload!) {\n    uploadContent(sha256: $sha256, file: $file) {\n      sha256\n    }\n  }\n"): (typeof documents)["\n  mutation CliUploadContent($sha256: String!, $file: Upload!) {\n    uploadContent(sha256: $sha256, file: $file) {\n      sha256\n    }\n  }\n"];
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
export function graphql(source: "\n  query FrameDetails($jobId: ID!, $number: Int!) {\n    frame(jobId: $jobId, number: $number) {\n      id\n      error\n      logTail\n    }\n  }\n"): (typeof documents)["\n  query FrameDetails($jobId: ID!, $number: Int!) {\n    frame(jobId: $jobId, number: $number) {\n      id\n      error\n      logTail\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription DashboardJobProgress($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      ...ProgressFields\n    }\n  }\n"): (typeof documents)["\n  subscription DashboardJobProgress($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      ...ProgressFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment FrameFields on Frame {\n    id\n    jobId\n    number\n    status\n    progress\n    attempts\n    failures\n    renderTimeMs\n    assignedAt\n    startedAt\n    finishedAt\n    thumbnailUrl\n    previewUrl\n    outputUrl\n    workerId\n  }\n"): (typeof documents)["\n  fragment FrameFields on Frame {\n    id\n    jobId\n    number\n    status\n    progress\n    attempts\n    failures\n    renderTimeMs\n    assignedAt\n    startedAt\n    finishedAt\n    thumbnailUrl\n    previewUrl\n    outputUrl\n    workerId\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardJobFrames($id: ID!) {\n    job(id: $id) {\n      id\n      frames {\n        ...FrameFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query DashboardJobFrames($id: ID!) {\n    job(id: $id) {\n      id\n      frames {\n        ...FrameFields\n      }\n    }\n  }\n"];
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
export function graphql(source: "\n  query JobPage($id: ID!) {\n    job(id: $id) {\n      ...JobSettingsFields\n      blendSha256\n      startedAt\n      finishedAt\n      framesDone\n      framesFailed\n      framesCanceled\n      framesZipUrl\n      previewVideoUrl\n      allowedActions\n      progress {\n        ...ProgressFields\n      }\n      blocklist {\n        failures\n        blocked\n        blockedAt\n        lastError\n        worker {\n          id\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query JobPage($id: ID!) {\n    job(id: $id) {\n      ...JobSettingsFields\n      blendSha256\n      startedAt\n      finishedAt\n      framesDone\n      framesFailed\n      framesCanceled\n      framesZipUrl\n      previewVideoUrl\n      allowedActions\n      progress {\n        ...ProgressFields\n      }\n      blocklist {\n        failures\n        blocked\n        blockedAt\n        lastError\n        worker {\n          id\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment JobActionResult on Job {\n    id\n    status\n    allowedActions\n  }\n"): (typeof documents)["\n  fragment JobActionResult on Job {\n    id\n    status\n    allowedActions\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DashboardPauseJob($jobId: ID!) {\n    pauseJob(jobId: $jobId) {\n      ...JobActionResult\n    }\n  }\n"): (typeof documents)["\n  mutation DashboardPauseJob($jobId: ID!) {\n    pauseJob(jobId: $jobId) {\n      ...JobActionResult\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DashboardResumeJob($jobId: ID!) {\n    resumeJob(jobId: $jobId) {\n      ...JobActionResult\n    }\n  }\n"): (typeof documents)["\n  mutation DashboardResumeJob($jobId: ID!) {\n    resumeJob(jobId: $jobId) {\n      ...JobActionResult\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DashboardCancelJob($jobId: ID!) {\n    cancelJob(jobId: $jobId) {\n      ...JobActionResult\n    }\n  }\n"): (typeof documents)["\n  mutation DashboardCancelJob($jobId: ID!) {\n    cancelJob(jobId: $jobId) {\n      ...JobActionResult\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DashboardRequeueJob($jobId: ID!, $allFrames: Boolean) {\n    requeueJob(jobId: $jobId, allFrames: $allFrames) {\n      ...JobActionResult\n    }\n  }\n"): (typeof documents)["\n  mutation DashboardRequeueJob($jobId: ID!, $allFrames: Boolean) {\n    requeueJob(jobId: $jobId, allFrames: $allFrames) {\n      ...JobActionResult\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DashboardRequeueFrames($jobId: ID!, $frames: [Int!]!) {\n    requeueFrames(jobId: $jobId, frames: $frames) {\n      ...JobActionResult\n    }\n  }\n"): (typeof documents)["\n  mutation DashboardRequeueFrames($jobId: ID!, $frames: [Int!]!) {\n    requeueFrames(jobId: $jobId, frames: $frames) {\n      ...JobActionResult\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DashboardSetJobPriority($jobId: ID!, $priority: Int!) {\n    setJobPriority(jobId: $jobId, priority: $priority) {\n      ...JobActionResult\n    }\n  }\n"): (typeof documents)["\n  mutation DashboardSetJobPriority($jobId: ID!, $priority: Int!) {\n    setJobPriority(jobId: $jobId, priority: $priority) {\n      ...JobActionResult\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DashboardDeleteJob($jobId: ID!) {\n    deleteJob(jobId: $jobId) {\n      ...JobActionResult\n    }\n  }\n"): (typeof documents)["\n  mutation DashboardDeleteJob($jobId: ID!) {\n    deleteJob(jobId: $jobId) {\n      ...JobActionResult\n    }\n  }\n"];
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
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MissingFilesJob($id: ID!) {\n    job(id: $id) {\n      id\n      allowMissingFiles\n    }\n  }\n"): (typeof documents)["\n  query MissingFilesJob($id: ID!) {\n    job(id: $id) {\n      id\n      allowMissingFiles\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TestProgressFields on JobProgress {\n    jobId\n    status\n    framesDone\n    totalFrames\n    percent\n  }\n"): (typeof documents)["\n  fragment TestProgressFields on JobProgress {\n    jobId\n    status\n    framesDone\n    totalFrames\n    percent\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TestWorkerName on Worker {\n    id\n    name\n  }\n"): (typeof documents)["\n  fragment TestWorkerName on Worker {\n    id\n    name\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TestFrameResult on Frame {\n    number\n    status\n    attempts\n    error\n    logTail\n    outputUrl\n    worker {\n      ...TestWorkerName\n    }\n  }\n"): (typeof documents)["\n  fragment TestFrameResult on Frame {\n    number\n    status\n    attempts\n    error\n    logTail\n    outputUrl\n    worker {\n      ...TestWorkerName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TestJobCounts on Job {\n    id\n    status\n    framesDone\n    framesFailed\n    framesCanceled\n  }\n"): (typeof documents)["\n  fragment TestJobCounts on Job {\n    id\n    status\n    framesDone\n    framesFailed\n    framesCanceled\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SubmitJob($input: SubmitJobInput!) {\n    submitJob(input: $input) {\n      id\n      name\n      status\n      totalFrames\n      frameStart\n      frameEnd\n      frameStep\n      sceneName\n      outputFormat\n      blendSha256\n      blendSize\n    }\n  }\n"): (typeof documents)["\n  mutation SubmitJob($input: SubmitJobInput!) {\n    submitJob(input: $input) {\n      id\n      name\n      status\n      totalFrames\n      frameStart\n      frameEnd\n      frameStep\n      sceneName\n      outputFormat\n      blendSha256\n      blendSize\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobDetails($id: ID!) {\n    job(id: $id) {\n      id\n      name\n      status\n      error\n      sceneName\n      outputFormat\n      totalFrames\n      framesDone\n      framesFailed\n      frames {\n        ...TestFrameResult\n        renderTimeMs\n      }\n    }\n  }\n"): (typeof documents)["\n  query JobDetails($id: ID!) {\n    job(id: $id) {\n      id\n      name\n      status\n      error\n      sceneName\n      outputFormat\n      totalFrames\n      framesDone\n      framesFailed\n      frames {\n        ...TestFrameResult\n        renderTimeMs\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FarmTotals {\n    totalFramesDone\n    allJobsProgress {\n      ...TestProgressFields\n    }\n    jobs {\n      id\n    }\n  }\n"): (typeof documents)["\n  query FarmTotals {\n    totalFramesDone\n    allJobsProgress {\n      ...TestProgressFields\n    }\n    jobs {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobProgressQuery($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      ...TestProgressFields\n    }\n  }\n"): (typeof documents)["\n  query JobProgressQuery($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      ...TestProgressFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription WatchJobProgress($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      ...TestProgressFields\n    }\n  }\n"): (typeof documents)["\n  subscription WatchJobProgress($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      ...TestProgressFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription WatchFrameCompleted($jobId: ID) {\n    frameCompleted(jobId: $jobId) {\n      jobId\n      number\n      status\n      outputUrl\n    }\n  }\n"): (typeof documents)["\n  subscription WatchFrameCompleted($jobId: ID) {\n    frameCompleted(jobId: $jobId) {\n      jobId\n      number\n      status\n      outputUrl\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ListWorkers {\n    workers {\n      id\n      name\n      status\n      lastHeartbeatAt\n    }\n  }\n"): (typeof documents)["\n  query ListWorkers {\n    workers {\n      id\n      name\n      status\n      lastHeartbeatAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobFrames($id: ID!) {\n    job(id: $id) {\n      ...TestJobCounts\n      error\n      priority\n      totalFrames\n      requiredTags\n      blocklist {\n        failures\n        blocked\n        lastError\n        worker {\n          ...TestWorkerName\n        }\n      }\n      frames {\n        ...TestFrameResult\n        failures\n      }\n    }\n  }\n"): (typeof documents)["\n  query JobFrames($id: ID!) {\n    job(id: $id) {\n      ...TestJobCounts\n      error\n      priority\n      totalFrames\n      requiredTags\n      blocklist {\n        failures\n        blocked\n        lastError\n        worker {\n          ...TestWorkerName\n        }\n      }\n      frames {\n        ...TestFrameResult\n        failures\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WorkerDetails {\n    workers {\n      id\n      name\n      status\n      tags\n      currentFrames {\n        jobId\n        number\n      }\n      blocklist {\n        blocked\n        failures\n        job {\n          id\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query WorkerDetails {\n    workers {\n      id\n      name\n      status\n      tags\n      currentFrames {\n        jobId\n        number\n      }\n      blocklist {\n        blocked\n        failures\n        job {\n          id\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PauseJob($jobId: ID!) {\n    pauseJob(jobId: $jobId) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation PauseJob($jobId: ID!) {\n    pauseJob(jobId: $jobId) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResumeJob($jobId: ID!) {\n    resumeJob(jobId: $jobId) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation ResumeJob($jobId: ID!) {\n    resumeJob(jobId: $jobId) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelJob($jobId: ID!) {\n    cancelJob(jobId: $jobId) {\n      id\n      status\n      framesCanceled\n    }\n  }\n"): (typeof documents)["\n  mutation CancelJob($jobId: ID!) {\n    cancelJob(jobId: $jobId) {\n      id\n      status\n      framesCanceled\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequeueJob($jobId: ID!, $allFrames: Boolean) {\n    requeueJob(jobId: $jobId, allFrames: $allFrames) {\n      ...TestJobCounts\n    }\n  }\n"): (typeof documents)["\n  mutation RequeueJob($jobId: ID!, $allFrames: Boolean) {\n    requeueJob(jobId: $jobId, allFrames: $allFrames) {\n      ...TestJobCounts\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequeueFrames($jobId: ID!, $frames: [Int!]!) {\n    requeueFrames(jobId: $jobId, frames: $frames) {\n      id\n      status\n      framesDone\n    }\n  }\n"): (typeof documents)["\n  mutation RequeueFrames($jobId: ID!, $frames: [Int!]!) {\n    requeueFrames(jobId: $jobId, frames: $frames) {\n      id\n      status\n      framesDone\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetJobPriority($jobId: ID!, $priority: Int!) {\n    setJobPriority(jobId: $jobId, priority: $priority) {\n      id\n      priority\n    }\n  }\n"): (typeof documents)["\n  mutation SetJobPriority($jobId: ID!, $priority: Int!) {\n    setJobPriority(jobId: $jobId, priority: $priority) {\n      id\n      priority\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteJob($jobId: ID!) {\n    deleteJob(jobId: $jobId) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteJob($jobId: ID!) {\n    deleteJob(jobId: $jobId) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetWorkerTags($workerId: ID!, $tags: [String!]!) {\n    setWorkerTags(workerId: $workerId, tags: $tags) {\n      id\n      tags\n    }\n  }\n"): (typeof documents)["\n  mutation SetWorkerTags($workerId: ID!, $tags: [String!]!) {\n    setWorkerTags(workerId: $workerId, tags: $tags) {\n      id\n      tags\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ClearBlocklist($jobId: ID!, $workerId: ID) {\n    clearBlocklist(jobId: $jobId, workerId: $workerId) {\n      id\n      blocklist {\n        blocked\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ClearBlocklist($jobId: ID!, $workerId: ID) {\n    clearBlocklist(jobId: $jobId, workerId: $workerId) {\n      id\n      blocklist {\n        blocked\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription WatchFrames($jobId: ID) {\n    frameChanged(jobId: $jobId) {\n      jobId\n      number\n      status\n      attempts\n      worker {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription WatchFrames($jobId: ID) {\n    frameChanged(jobId: $jobId) {\n      jobId\n      number\n      status\n      attempts\n      worker {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RegisterTagged($name: String!, $tags: [String!]) {\n    registerWorker(name: $name, tags: $tags) {\n      token\n      worker {\n        ...TestWorkerName\n        tags\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RegisterTagged($name: String!, $tags: [String!]) {\n    registerWorker(name: $name, tags: $tags) {\n      token\n      worker {\n        ...TestWorkerName\n        tags\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TestMissingContents($files: [ProjectFileInput!]!) {\n    missingContents(files: $files) {\n      sha256\n      size\n      paths\n    }\n  }\n"): (typeof documents)["\n  query TestMissingContents($files: [ProjectFileInput!]!) {\n    missingContents(files: $files) {\n      sha256\n      size\n      paths\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestUploadContent($sha256: String!, $file: Upload!) {\n    uploadContent(sha256: $sha256, file: $file) {\n      sha256\n      size\n      alreadyStored\n    }\n  }\n"): (typeof documents)["\n  mutation TestUploadContent($sha256: String!, $file: Upload!) {\n    uploadContent(sha256: $sha256, file: $file) {\n      sha256\n      size\n      alreadyStored\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TestJobProjectFields on Job {\n    ...ProjectTreeFields\n    fileCount\n    fileBytes\n  }\n"): (typeof documents)["\n  fragment TestJobProjectFields on Job {\n    ...ProjectTreeFields\n    fileCount\n    fileBytes\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TestJobProject($id: ID!) {\n    job(id: $id) {\n      id\n      ...TestJobProjectFields\n    }\n  }\n"): (typeof documents)["\n  query TestJobProject($id: ID!) {\n    job(id: $id) {\n      id\n      ...TestJobProjectFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestProjectAssignment($workerId: ID!) {\n    pollJob(workerId: $workerId) {\n      jobId\n      frameNumber\n      job {\n        ...TestJobProjectFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation TestProjectAssignment($workerId: ID!) {\n    pollJob(workerId: $workerId) {\n      jobId\n      frameNumber\n      job {\n        ...TestJobProjectFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RegisterWorker($name: String!, $tags: [String!]) {\n    registerWorker(name: $name, tags: $tags) {\n      token\n      heartbeatIntervalSeconds\n      worker {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RegisterWorker($name: String!, $tags: [String!]) {\n    registerWorker(name: $name, tags: $tags) {\n      token\n      heartbeatIntervalSeconds\n      worker {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Heartbeat($workerId: ID!) {\n    heartbeat(workerId: $workerId) {\n      id\n      status\n      lastHeartbeatAt\n    }\n  }\n"): (typeof documents)["\n  mutation Heartbeat($workerId: ID!) {\n    heartbeat(workerId: $workerId) {\n      id\n      status\n      lastHeartbeatAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AssignmentFields on FrameAssignment {\n    jobId\n    frameNumber\n    sceneName\n    outputFormat\n    blendUrl\n    blendSha256\n    blendSize\n    renderTimeoutSeconds\n    allowMissingFiles\n    # attempts tells a new attempt at a frame from the same one sent again on a new subscription.\n    frame {\n      id\n      attempts\n    }\n    # blendPath and fileCount only: a project's file list, which may run to thousands of files,\n    # is asked once per job (WorkerJobProject), not carried by every frame's assignment.\n    job {\n      name\n      blendName\n      blendPath\n      fileCount\n    }\n  }\n"): (typeof documents)["\n  fragment AssignmentFields on FrameAssignment {\n    jobId\n    frameNumber\n    sceneName\n    outputFormat\n    blendUrl\n    blendSha256\n    blendSize\n    renderTimeoutSeconds\n    allowMissingFiles\n    # attempts tells a new attempt at a frame from the same one sent again on a new subscription.\n    frame {\n      id\n      attempts\n    }\n    # blendPath and fileCount only: a project's file list, which may run to thousands of files,\n    # is asked once per job (WorkerJobProject), not carried by every frame's assignment.\n    job {\n      name\n      blendName\n      blendPath\n      fileCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ProjectTreeFields on Job {\n    blendPath\n    files {\n      path\n      sha256\n      size\n      contentUrl\n    }\n  }\n"): (typeof documents)["\n  fragment ProjectTreeFields on Job {\n    blendPath\n    files {\n      path\n      sha256\n      size\n      contentUrl\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WorkerJobProject($jobId: ID!) {\n    job(id: $jobId) {\n      id\n      ...ProjectTreeFields\n    }\n  }\n"): (typeof documents)["\n  query WorkerJobProject($jobId: ID!) {\n    job(id: $jobId) {\n      id\n      ...ProjectTreeFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription Assignments($workerId: ID!) {\n    assignments(workerId: $workerId) {\n      ...AssignmentFields\n    }\n  }\n"): (typeof documents)["\n  subscription Assignments($workerId: ID!) {\n    assignments(workerId: $workerId) {\n      ...AssignmentFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription FrameRevocations($workerId: ID!) {\n    frameRevocations(workerId: $workerId) {\n      jobId\n      frameNumber\n      reason\n      message\n    }\n  }\n"): (typeof documents)["\n  subscription FrameRevocations($workerId: ID!) {\n    frameRevocations(workerId: $workerId) {\n      jobId\n      frameNumber\n      reason\n      message\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignOff($workerId: ID!) {\n    signOff(workerId: $workerId) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation SignOff($workerId: ID!) {\n    signOff(workerId: $workerId) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PollJob($workerId: ID!) {\n    pollJob(workerId: $workerId) {\n      ...AssignmentFields\n    }\n  }\n"): (typeof documents)["\n  mutation PollJob($workerId: ID!) {\n    pollJob(workerId: $workerId) {\n      ...AssignmentFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReportFrameProgress($jobId: ID!, $frameNumber: Int!, $percent: Float!) {\n    reportFrameProgress(jobId: $jobId, frameNumber: $frameNumber, percent: $percent) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation ReportFrameProgress($jobId: ID!, $frameNumber: Int!, $percent: Float!) {\n    reportFrameProgress(jobId: $jobId, frameNumber: $frameNumber, percent: $percent) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReportFrameFailure(\n    $jobId: ID!\n    $frameNumber: Int!\n    $error: String!\n    $logTail: String\n    $kind: FrameFailureKind\n    $renderTimeMs: Int\n  ) {\n    reportFrameFailure(\n      jobId: $jobId\n      frameNumber: $frameNumber\n      error: $error\n      logTail: $logTail\n      kind: $kind\n      renderTimeMs: $renderTimeMs\n    ) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation ReportFrameFailure(\n    $jobId: ID!\n    $frameNumber: Int!\n    $error: String!\n    $logTail: String\n    $kind: FrameFailureKind\n    $renderTimeMs: Int\n  ) {\n    reportFrameFailure(\n      jobId: $jobId\n      frameNumber: $frameNumber\n      error: $error\n      logTail: $logTail\n      kind: $kind\n      renderTimeMs: $renderTimeMs\n    ) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UploadFrame($jobId: ID!, $frameNumber: Int!, $file: Upload!, $renderTimeMs: Int) {\n    uploadFrame(jobId: $jobId, frameNumber: $frameNumber, file: $file, renderTimeMs: $renderTimeMs) {\n      id\n      status\n      outputUrl\n    }\n  }\n"): (typeof documents)["\n  mutation UploadFrame($jobId: ID!, $frameNumber: Int!, $file: Upload!, $renderTimeMs: Int) {\n    uploadFrame(jobId: $jobId, frameNumber: $frameNumber, file: $file, renderTimeMs: $renderTimeMs) {\n      id\n      status\n      outputUrl\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;