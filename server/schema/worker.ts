import crypto from 'node:crypto';
import { Repeater } from 'graphql-yoga';
import { builder } from '../builder.ts';
import type { FarmContext } from '../context.ts';
import { hashToken, newWorkerToken, requireWorker } from '../auth.ts';
import { InputError } from '../errors.ts';
import type { FrameRevocation } from '../pubsub.ts';
import type { Assignment } from '../scheduler/assignments.ts';
import { BLOCKLIST_AFTER_FAILURES } from '../scheduler/blocklist.ts';
import { HELD_FRAME_STATUSES } from '../scheduler/state-machine.ts';
import { parseTags, validateTags } from '../jobs/validate-submission.ts';
import { FrameRef } from './frame.ts';
import { JobRef } from './job.ts';
import { OutputFormatEnum, WorkerStatusEnum } from './scalars.ts';

export const WorkerRef = builder.prismaObject('Worker', {
  description: 'A machine (or a slot of one) that renders frames',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    status: t.expose('status', {
      type: WorkerStatusEnum,
      description: 'OFFLINE once its heartbeats stopped for FARM_WORKER_TIMEOUT_S or it signed off; it then gets no frames',
    }),
    tags: t.stringList({ description: 'A job that requires tags goes only to workers with all of them', resolve: (w) => parseTags(w.tags) }),
    lastHeartbeatAt: t.expose('lastHeartbeatAt', { type: 'DateTime' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    currentFrames: t.relation('frames', {
      description: 'The frames it holds now (ASSIGNED or RENDERING)',
      query: { where: { status: { in: [...HELD_FRAME_STATUSES] } }, orderBy: { assignedAt: 'asc' } },
    }),
    blocklist: t.relation('blocklist', {
      description: "The jobs it failed frames of; blocked entries keep it off that job's frames",
      query: { orderBy: { jobId: 'asc' } },
    }),
  }),
});

export const BlocklistEntryRef = builder.prismaObject('Blocklist', {
  name: 'BlocklistEntry',
  description: `A worker's failures on one job; at ${BLOCKLIST_AFTER_FAILURES} it is blocked from the job until cleared (clearBlocklist)`,
  fields: (t) => ({
    job: t.relation('job'),
    worker: t.relation('worker'),
    failures: t.exposeInt('failures'),
    lastError: t.exposeString('lastError', { nullable: true }),
    blocked: t.boolean({ resolve: (entry) => entry.blockedAt !== null }),
    blockedAt: t.expose('blockedAt', { type: 'DateTime', nullable: true }),
  }),
});

interface Registration {
  worker: Awaited<ReturnType<FarmContext['db']['worker']['create']>>;
  token: string;
  heartbeatIntervalSeconds: number;
}

const WorkerRegistration = builder.objectRef<Registration>('WorkerRegistration').implement({
  fields: (t) => ({
    worker: t.field({ type: WorkerRef, resolve: (r) => r.worker }),
    token: t.exposeString('token', {
      description: 'Send as "Authorization: Bearer <token>" on every worker operation; shown only once',
    }),
    heartbeatIntervalSeconds: t.exposeInt('heartbeatIntervalSeconds', { description: 'How often to call heartbeat' }),
  }),
});

const FrameRevocationReasonEnum = builder.enumType('FrameRevocationReason', {
  values: ['CANCELED', 'REQUEUED', 'DELETED', 'DONE_ELSEWHERE', 'LOST'] as const,
});

const FrameRevocationRef = builder.objectRef<FrameRevocation>('FrameRevocation').implement({
  description: 'A frame a worker was given and must stop rendering',
  fields: (t) => ({
    jobId: t.exposeID('jobId'),
    frameNumber: t.exposeInt('frameNumber'),
    reason: t.field({ type: FrameRevocationReasonEnum, resolve: (r) => r.reason }),
    message: t.exposeString('message'),
  }),
});

const FrameAssignment = builder.objectRef<Assignment>('FrameAssignment').implement({
  description: 'A frame handed to a worker, with everything it needs to render it',
  fields: (t) => ({
    jobId: t.id({ resolve: (a) => a.job.id }),
    frameNumber: t.int({ resolve: (a) => a.frame.number }),
    sceneName: t.string({ nullable: true, resolve: (a) => a.job.sceneName }),
    outputFormat: t.field({ type: OutputFormatEnum, resolve: (a) => a.job.outputFormat }),
    blendUrl: t.string({
      description: 'HTTP URL of the .blend; the same file for the same blendSha256',
      resolve: (a, _args, ctx) => `${ctx.baseUrl}/files/blends/${a.job.blendSha256}.blend`,
    }),
    blendSha256: t.string({ resolve: (a) => a.job.blendSha256 }),
    blendSize: t.float({ resolve: (a) => Number(a.job.blendSize) }),
    renderTimeoutSeconds: t.int({
      nullable: true,
      description: 'Stop Blender and report a TIMEOUT failure when the frame renders longer; null: no limit',
      resolve: (a) => a.job.renderTimeoutS,
    }),
    allowMissingFiles: t.boolean({
      description: 'Render without checking first that every file the .blend uses is there',
      resolve: (a) => a.job.allowMissingFiles,
    }),
    frame: t.field({ type: FrameRef, resolve: (a) => a.frame }),
    job: t.field({ type: JobRef, resolve: (a) => a.job }),
  }),
});

builder.queryFields((t) => ({
  workers: t.prismaField({
    type: ['Worker'],
    description: 'Every registered worker, by name',
    resolve: (query, _root, _args, ctx) => ctx.db.worker.findMany({ ...query, orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
  }),
}));

builder.mutationFields((t) => {
  /** A worker telling the farm about itself (its token must be its own); returns the worker as it is then. */
  const ownWorkerCall = (description: string, act: (ctx: FarmContext, workerId: string) => Promise<unknown>) =>
    t.prismaField({
      type: 'Worker',
      description,
      args: { workerId: t.arg.id() },
      resolve: async (query, _root, { workerId }, ctx) => {
        const worker = await requireWorker(ctx, String(workerId));
        await act(ctx, worker.id);
        return ctx.db.worker.findUniqueOrThrow({ ...query, where: { id: worker.id } });
      },
    });
  return {
    heartbeat: ownWorkerCall('A worker says it is alive', (ctx, workerId) => ctx.leases.heartbeat(workerId)),
    signOff: ownWorkerCall(
      'A worker is shutting down: the frames it holds go back to the queue at once (not counted as failures)',
      (ctx, workerId) => ctx.leases.signOff(workerId),
    ),
  };
});

builder.mutationFields((t) => ({
  registerWorker: t.field({
    type: WorkerRegistration,
    description: 'A worker joins the farm; keep the returned token for every further call',
    args: {
      name: t.arg.string(),
      tags: t.arg.stringList({ required: false, description: 'What this worker offers, e.g. ["gpu"]; changeable with setWorkerTags' }),
    },
    resolve: async (_root, { name, tags }, ctx) => {
      const trimmed = name.trim();
      if (trimmed === '') throw new InputError('name', 'a worker needs a name');
      if (trimmed.length > 100) throw new InputError('name', `at most 100 characters, got ${trimmed.length}`);
      const validTags = validateTags('tags', tags ?? []);
      const token = newWorkerToken();
      const worker = await ctx.db.worker.create({
        data: {
          id: crypto.randomUUID(),
          name: trimmed,
          tokenHash: hashToken(token),
          status: 'IDLE',
          tags: JSON.stringify(validTags),
          // Its lease starts now, on the server's clock (not the database's).
          lastHeartbeatAt: ctx.clock(),
        },
      });
      ctx.log.info({ workerId: worker.id, worker: worker.name, tags: validTags }, 'worker registered');
      return { worker, token, heartbeatIntervalSeconds: ctx.config.heartbeatIntervalS };
    },
  }),
  setWorkerTags: t.prismaField({
    type: 'Worker',
    description: 'Replaces a worker\'s tags; jobs requiring tags go only to workers having all of them',
    args: { workerId: t.arg.id(), tags: t.arg.stringList() },
    resolve: async (query, _root, args, ctx) => {
      const worker = await ctx.control.setWorkerTags(String(args.workerId), args.tags);
      return ctx.db.worker.findUniqueOrThrow({ ...query, where: { id: worker.id } });
    },
  }),
  pollJob: t.field({
    type: FrameAssignment,
    nullable: true,
    description: 'Pull form of `assignments`: the frame this worker should render, or null when there is none',
    args: { workerId: t.arg.id() },
    resolve: async (_root, { workerId }, ctx) => {
      const worker = await requireWorker(ctx, String(workerId));
      return ctx.assignments.next(worker.id);
    },
  }),
}));

builder.subscriptionFields((t) => ({
  frameRevocations: t.field({
    type: FrameRevocationRef,
    description:
      'Frames this worker must stop rendering at once: canceled, requeued, deleted, or delivered by another worker. ' +
      'Workers subscribe beside `assignments`.',
    args: { workerId: t.arg.id() },
    subscribe: async (_root, { workerId }, ctx) => {
      const worker = await requireWorker(ctx, String(workerId));
      return ctx.pubsub.subscribe('frameRevoked', worker.id);
    },
    resolve: (revocation) => revocation,
  }),
  assignments: t.field({
    type: FrameAssignment,
    description:
      'Push form of pollJob: frames for this worker, one at a time. The next comes once the worker has failed the ' +
      'one it holds or begun uploading it (so Blender can start on the next while the last is on the wire); a ' +
      'frame it holds is sent again when it subscribes again.',
    args: { workerId: t.arg.id() },
    subscribe: async (_root, { workerId }, ctx) => {
      const worker = await requireWorker(ctx, String(workerId));
      return new Repeater<Assignment>(async (push, stop) => {
        for await (const assignment of ctx.assignments.stream(worker.id, stop)) await push(assignment);
      });
    },
    resolve: (assignment) => assignment,
  }),
}));
