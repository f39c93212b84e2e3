import { graphql } from './generated/index.ts';

/**
 * Selections the dashboard and the `farm` command both make, written once: each client
 * spreads them into operations of its own (named Dashboard…, Cli…).
 */

/** A job's progress as the jobProgress subscription and Job.progress give it. */
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

/** A job as it was submitted: its name, file, frames and settings, and its status now. */
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
