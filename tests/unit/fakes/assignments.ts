import type { Assignment } from '../../../worker/frames-in-hand.ts';

/** An assignment of frame `frameNumber` of job `jobId` (job "Job A", scene.blend, PNG), as the server sends it. */
export function assignment(frameNumber: number, attempts = 1, jobId = 'job-a'): Assignment {
  return {
    jobId,
    frameNumber,
    sceneName: null,
    outputFormat: 'PNG',
    blendUrl: 'http://farm/files/blends/x.blend',
    blendSha256: 'a'.repeat(64),
    blendSize: 1000,
    renderTimeoutSeconds: null,
    allowMissingFiles: false,
    frame: { id: `${jobId}-${frameNumber}`, attempts },
    job: { name: 'Job A', blendName: 'scene.blend', blendPath: 'scene.blend', fileCount: 0 },
  };
}
