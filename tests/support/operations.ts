import { graphql } from '../../common/graphql/generated/index.ts';

/** The operations the tests send as a user or a monitoring client would. */

/** A job's progress as the tests compare it: the same fields from the query, the subscription and the farm totals. */
export const TestProgressFields = graphql(`
  fragment TestProgressFields on JobProgress {
    jobId
    status
    framesDone
    totalFrames
    percent
  }
`);

export const TestWorkerName = graphql(`
  fragment TestWorkerName on Worker {
    id
    name
  }
`);

/** How a frame ended, and on which worker. */
export const TestFrameResult = graphql(`
  fragment TestFrameResult on Frame {
    number
    status
    attempts
    error
    logTail
    outputUrl
    worker {
      ...TestWorkerName
    }
  }
`);

/** A job's status and frame counts, as a control action leaves them. */
export const TestJobCounts = graphql(`
  fragment TestJobCounts on Job {
    id
    status
    framesDone
    framesFailed
    framesCanceled
  }
`);

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
        ...TestFrameResult
        renderTimeMs
      }
    }
  }
`);

export const FarmTotals = graphql(`
  query FarmTotals {
    totalFramesDone
    allJobsProgress {
      ...TestProgressFields
    }
    jobs {
      id
    }
  }
`);

export const JobProgressQuery = graphql(`
  query JobProgressQuery($jobId: ID!) {
    jobProgress(jobId: $jobId) {
      ...TestProgressFields
    }
  }
`);

export const WatchJobProgress = graphql(`
  subscription WatchJobProgress($jobId: ID!) {
    jobProgress(jobId: $jobId) {
      ...TestProgressFields
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

export const JobFrames = graphql(`
  query JobFrames($id: ID!) {
    job(id: $id) {
      ...TestJobCounts
      error
      priority
      totalFrames
      requiredTags
      blocklist {
        failures
        blocked
        lastError
        worker {
          ...TestWorkerName
        }
      }
      frames {
        ...TestFrameResult
        failures
      }
    }
  }
`);

export const WorkerDetails = graphql(`
  query WorkerDetails {
    workers {
      id
      name
      status
      tags
      currentFrames {
        jobId
        number
      }
      blocklist {
        blocked
        failures
        job {
          id
        }
      }
    }
  }
`);

export const PauseJob = graphql(`
  mutation PauseJob($jobId: ID!) {
    pauseJob(jobId: $jobId) {
      id
      status
    }
  }
`);

export const ResumeJob = graphql(`
  mutation ResumeJob($jobId: ID!) {
    resumeJob(jobId: $jobId) {
      id
      status
    }
  }
`);

export const CancelJob = graphql(`
  mutation CancelJob($jobId: ID!) {
    cancelJob(jobId: $jobId) {
      id
      status
      framesCanceled
    }
  }
`);

export const RequeueJob = graphql(`
  mutation RequeueJob($jobId: ID!, $allFrames: Boolean) {
    requeueJob(jobId: $jobId, allFrames: $allFrames) {
      ...TestJobCounts
    }
  }
`);

export const RequeueFrames = graphql(`
  mutation RequeueFrames($jobId: ID!, $frames: [Int!]!) {
    requeueFrames(jobId: $jobId, frames: $frames) {
      id
      status
      framesDone
    }
  }
`);

export const SetJobPriority = graphql(`
  mutation SetJobPriority($jobId: ID!, $priority: Int!) {
    setJobPriority(jobId: $jobId, priority: $priority) {
      id
      priority
    }
  }
`);

export const DeleteJob = graphql(`
  mutation DeleteJob($jobId: ID!) {
    deleteJob(jobId: $jobId) {
      id
      name
    }
  }
`);

export const SetWorkerTags = graphql(`
  mutation SetWorkerTags($workerId: ID!, $tags: [String!]!) {
    setWorkerTags(workerId: $workerId, tags: $tags) {
      id
      tags
    }
  }
`);

export const ClearBlocklist = graphql(`
  mutation ClearBlocklist($jobId: ID!, $workerId: ID) {
    clearBlocklist(jobId: $jobId, workerId: $workerId) {
      id
      blocklist {
        blocked
      }
    }
  }
`);

export const WatchFrames = graphql(`
  subscription WatchFrames($jobId: ID) {
    frameChanged(jobId: $jobId) {
      jobId
      number
      status
      attempts
      worker {
        id
      }
    }
  }
`);

export const RegisterTagged = graphql(`
  mutation RegisterTagged($name: String!, $tags: [String!]) {
    registerWorker(name: $name, tags: $tags) {
      token
      worker {
        ...TestWorkerName
        tags
      }
    }
  }
`);
