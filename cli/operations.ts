import { graphql } from '../common/graphql/generated/index.ts';

/** Every operation the `farm` command sends; codegen types them from schema.graphql. */

/** A job as every job command prints it: its settings (shared with the dashboard), counts and clocks. */
export const CliJobFields = graphql(`
  fragment CliJobFields on Job {
    ...JobSettingsFields
    framesDone
    framesFailed
    framesCanceled
    startedAt
    finishedAt
    allowedActions
    progress {
      ...ProgressFields
    }
  }
`);

export const CliSubmitJob = graphql(`
  mutation CliSubmitJob($input: SubmitJobInput!) {
    submitJob(input: $input) {
      ...CliJobFields
    }
  }
`);

export const CliJobs = graphql(`
  query CliJobs {
    jobs {
      ...CliJobFields
    }
  }
`);

export const CliJob = graphql(`
  query CliJob($id: ID!) {
    job(id: $id) {
      ...CliJobFields
    }
  }
`);

export const CliJobFrames = graphql(`
  query CliJobFrames($id: ID!) {
    job(id: $id) {
      id
      name
      status
      totalFrames
      framesDone
      previewVideoUrl
      frames {
        number
        status
        outputUrl
      }
    }
  }
`);

export const CliWatchJob = graphql(`
  subscription CliWatchJob($jobId: ID!) {
    jobProgress(jobId: $jobId) {
      ...ProgressFields
    }
  }
`);

export const CliWorkers = graphql(`
  query CliWorkers {
    workers {
      id
      name
      status
      tags
      createdAt
      lastHeartbeatAt
      currentFrames {
        jobId
        number
        status
        progress
      }
    }
  }
`);

export const CliPauseJob = graphql(`
  mutation CliPauseJob($jobId: ID!) {
    pauseJob(jobId: $jobId) {
      ...CliJobFields
    }
  }
`);

export const CliResumeJob = graphql(`
  mutation CliResumeJob($jobId: ID!) {
    resumeJob(jobId: $jobId) {
      ...CliJobFields
    }
  }
`);

export const CliCancelJob = graphql(`
  mutation CliCancelJob($jobId: ID!) {
    cancelJob(jobId: $jobId) {
      ...CliJobFields
    }
  }
`);

export const CliRequeueJob = graphql(`
  mutation CliRequeueJob($jobId: ID!, $allFrames: Boolean) {
    requeueJob(jobId: $jobId, allFrames: $allFrames) {
      ...CliJobFields
    }
  }
`);

export const CliMissingContents = graphql(`
  query CliMissingContents($files: [ProjectFileInput!]!) {
    missingContents(files: $files) {
      sha256
      size
    }
  }
`);

export const CliUploadContent = graphql(`
  mutation CliUploadContent($sha256: String!, $file: Upload!) {
    uploadContent(sha256: $sha256, file: $file) {
      sha256
    }
  }
`);
