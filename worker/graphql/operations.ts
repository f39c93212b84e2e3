import { graphql } from '../../common/graphql/generated/index.ts';

/** Every operation the worker sends; codegen types them from schema.graphql. */

export const RegisterWorker = graphql(`
  mutation RegisterWorker($name: String!, $tags: [String!]) {
    registerWorker(name: $name, tags: $tags) {
      token
      heartbeatIntervalSeconds
      worker {
        id
        name
      }
    }
  }
`);

export const Heartbeat = graphql(`
  mutation Heartbeat($workerId: ID!) {
    heartbeat(workerId: $workerId) {
      id
      status
      lastHeartbeatAt
    }
  }
`);

export const AssignmentFields = graphql(`
  fragment AssignmentFields on FrameAssignment {
    jobId
    frameNumber
    sceneName
    outputFormat
    blendUrl
    blendSha256
    blendSize
    renderTimeoutSeconds
    allowMissingFiles
    # attempts tells a new attempt at a frame from the same one sent again on a new subscription.
    frame {
      id
      attempts
    }
    # blendPath and fileCount only: a project's file list, which may run to thousands of files,
    # is asked once per job (WorkerJobProject), not carried by every frame's assignment.
    job {
      name
      blendName
      blendPath
      fileCount
    }
  }
`);

/** What a worker lays a job's project tree out from: where the .blend goes and every file's content. */
export const ProjectTreeFields = graphql(`
  fragment ProjectTreeFields on Job {
    blendPath
    files {
      path
      sha256
      size
      contentUrl
    }
  }
`);

/** The job's project tree, asked once per job by a worker that has not laid it out yet. */
export const WorkerJobProject = graphql(`
  query WorkerJobProject($jobId: ID!) {
    job(id: $jobId) {
      id
      ...ProjectTreeFields
    }
  }
`);

export const Assignments = graphql(`
  subscription Assignments($workerId: ID!) {
    assignments(workerId: $workerId) {
      ...AssignmentFields
    }
  }
`);

export const FrameRevocations = graphql(`
  subscription FrameRevocations($workerId: ID!) {
    frameRevocations(workerId: $workerId) {
      jobId
      frameNumber
      reason
      message
    }
  }
`);

export const SignOff = graphql(`
  mutation SignOff($workerId: ID!) {
    signOff(workerId: $workerId) {
      id
      status
    }
  }
`);

export const PollJob = graphql(`
  mutation PollJob($workerId: ID!) {
    pollJob(workerId: $workerId) {
      ...AssignmentFields
    }
  }
`);

export const ReportFrameProgress = graphql(`
  mutation ReportFrameProgress($jobId: ID!, $frameNumber: Int!, $percent: Float!) {
    reportFrameProgress(jobId: $jobId, frameNumber: $frameNumber, percent: $percent) {
      id
      status
    }
  }
`);

export const ReportFrameFailure = graphql(`
  mutation ReportFrameFailure(
    $jobId: ID!
    $frameNumber: Int!
    $error: String!
    $logTail: String
    $kind: FrameFailureKind
    $renderTimeMs: Int
  ) {
    reportFrameFailure(
      jobId: $jobId
      frameNumber: $frameNumber
      error: $error
      logTail: $logTail
      kind: $kind
      renderTimeMs: $renderTimeMs
    ) {
      id
      status
    }
  }
`);

export const UploadFrame = graphql(`
  mutation UploadFrame($jobId: ID!, $frameNumber: Int!, $file: Upload!, $renderTimeMs: Int) {
    uploadFrame(jobId: $jobId, frameNumber: $frameNumber, file: $file, renderTimeMs: $renderTimeMs) {
      id
      status
      outputUrl
    }
  }
`);
