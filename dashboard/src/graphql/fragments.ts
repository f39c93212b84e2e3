import { graphql } from './generated/index.ts';

/** Fields more than one page shows; pages spread these into their own operations. */

export const ProgressFields = graphql(`
  fragment ProgressFields on JobProgress {
    jobId
    status
    percent
    framesDone
    framesFailed
    framesRendering
    totalFrames
    startedAt
    finishedAt
    elapsedSeconds
    etaSeconds
  }
`);

export const JobSettingsFields = graphql(`
  fragment JobSettingsFields on Job {
    id
    name
    status
    priority
    outputFormat
    sceneName
    frameStart
    frameEnd
    frameStep
    totalFrames
    requiredTags
    maxAttempts
    renderTimeoutSeconds
    blendName
    blendSize
    createdAt
    error
  }
`);

export const WatchJobProgress = graphql(`
  subscription WatchJobProgress($jobId: ID!) {
    jobProgress(jobId: $jobId) {
      ...ProgressFields
    }
  }
`);

export const FrameFields = graphql(`
  fragment FrameFields on Frame {
    id
    jobId
    number
    status
    progress
    attempts
    failures
    error
    logTail
    renderTimeMs
    assignedAt
    startedAt
    finishedAt
    thumbnailUrl
    previewUrl
    outputUrl
    worker {
      id
      name
    }
  }
`);
