import { graphql } from '../../worker/graphql/generated/index.ts';

/** The operations the tests send as a user or a monitoring client would. */

export const SubmitJob = graphql(`
  mutation SubmitJob($input: SubmitJobInput!) {
    submitJob(input: $input) {
      id
      name
      status
      totalFrames
      frameStart
      frameEnd
      frameStep
      sceneName
      outputFormat
      blendSha256
      blendSize
    }
  }
`);

export const JobDetails = graphql(`
  query JobDetails($id: ID!) {
    job(id: $id) {
      id
      name
      status
      error
      sceneName
      outputFormat
      totalFrames
      framesDone
      framesFailed
      frames {
        number
        status
        outputUrl
        renderTimeMs
        error
        logTail
        attempts
        worker {
          id
          name
        }
      }
    }
  }
`);

export const FarmTotals = graphql(`
  query FarmTotals {
    totalFramesDone
    allJobsProgress {
      jobId
      status
      framesDone
      totalFrames
      percent
    }
    jobs {
      id
    }
  }
`);

export const JobProgressQuery = graphql(`
  query JobProgressQuery($jobId: ID!) {
    jobProgress(jobId: $jobId) {
      jobId
      status
      framesDone
      totalFrames
      percent
    }
  }
`);

export const WatchJobProgress = graphql(`
  subscription WatchJobProgress($jobId: ID!) {
    jobProgress(jobId: $jobId) {
      jobId
      status
      framesDone
      totalFrames
      percent
    }
  }
`);

export const WatchFrameCompleted = graphql(`
  subscription WatchFrameCompleted($jobId: ID) {
    frameCompleted(jobId: $jobId) {
      jobId
      number
      status
      outputUrl
    }
  }
`);

export const ListWorkers = graphql(`
  query ListWorkers {
    workers {
      id
      name
      status
      lastHeartbeatAt
    }
  }
`);
