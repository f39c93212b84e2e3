import { graphql } from '../../../common/graphql/generated/index.ts';

/**
 * The dashboard's own shared selections; those the `farm` command makes too (ProgressFields,
 * JobSettingsFields) are in common/graphql/fragments.ts.
 */

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
