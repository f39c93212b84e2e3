import { graphql } from '../../../../common/graphql/generated/index.ts';
import type { JobPageQuery as JobPageData } from '../../../../common/graphql/generated/graphql.ts';

/** The job page's own fields; its frames come apart (graphql/job-frames.ts), 10,000 of them at times. */
export const JobPageQuery = graphql(`
  query JobPage($id: ID!) {
    job(id: $id) {
      ...JobSettingsFields
      blendSha256
      startedAt
      finishedAt
      framesDone
      framesFailed
      framesCanceled
      framesZipUrl
      previewVideoUrl
      allowedActions
      progress {
        ...ProgressFields
      }
      blocklist {
        failures
        blocked
        blockedAt
        lastError
        worker {
          id
          name
        }
      }
    }
  }
`);

export type PageJob = NonNullable<JobPageData['job']>;
