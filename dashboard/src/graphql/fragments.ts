import { graphql } from '../../../common/graphql/generated/index.ts';

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
  subscription DashboardJobProgress($jobId: ID!) {
    jobProgress(jobId: $jobId) {
      ...ProgressFields
    }
  }
`);

/**
 * A frame as the job page's grid shows it, from the frames query and from every frameChanged
 * event. No relations (an event would cost the server a query per viewer: workerId is named
 * from the page's workers) and no error or log (up to 16 KB a frame: the details panel asks
 * for them, for one frame).
 */
export const FrameFields = graphql(`
  fragment FrameFields on Frame {
    id
    jobId
    number
    status
    progress
    attempts
    failures
    renderTimeMs
    assignedAt
    startedAt
    finishedAt
    thumbnailUrl
    previewUrl
    outputUrl
    workerId
  }
`);
