import crypto from 'node:crypto';
import { Repeater } from 'graphql-yoga';
import type { Frame, Job } from '../generated/prisma/client.ts';
import { builder } from '../builder.ts';
import type { FarmContext } from '../context.ts';
import { hashToken, newWorkerToken, requireWorker } from '../auth.ts';
import { inputError } from '../errors.ts';
import { FrameRef } from './frame.ts';
import { JobRef } from './job.ts';
import { OutputFormatEnum, WorkerStatusEnum } from './scalars.ts';

/** A worker missing this many heartbeat intervals is shown OFFLINE. */
const MISSED_HEARTBEATS_OFFLINE = 3;

export const WorkerRef = builder.prismaObject('Worker', {
  description: 'A machine (or a slot of one) that renders frames',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    status: t.field({
      type: WorkerStatusEnum,
      description: 'OFFLINE once heartbeats have stopped for three intervals',
      resolve: (worker, _args, ctx) => {
        const silentMs = Date.now() - worker.lastHeartbeatAt.getTime();
        return silentMs > MISSED_HEARTBEATS_OFFLINE * ctx.config.heartbeatIntervalS * 1000 ? 'OFFLINE' : worker.status;
      },
    }),
    lastHeartbeatAt: t.expose('lastHeartbeatAt', { type: 'DateTime' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    currentFrames: t.relation('frames', {
      description: 'The frames it holds now (ASSIGNED or RENDERING)',
      query: { where: { status: { in: ['ASSIGNED', 'RENDERING'] } }, orderBy: { assignedAt: 'asc' } },
    }),
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

interface Assignment {
  frame: Frame;
  job: Job;
}

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
    frame: t.field({ type: FrameRef, resolve: (a) => a.frame }),
    job: t.field({ type: JobRef, resolve: (a) => a.job }),
  }),
});

async function assignmentFor(ctx: FarmContext, frame: Frame): Promise<Assignment> {
  const job = await ctx.db.job.findUniqueOrThrow({ where: { id: frame.jobId } });
  return { frame, job };
}

/** The frame the worker holds, re-delivered, or the next one booked for it; null when there is nothing. */
async function nextAssignment(ctx: FarmContext, workerId: string): Promise<Assignment | null> {
  const [held] = await ctx.frames.activeFrames(workerId);
  const frame = held ?? (await ctx.frames.claim(workerId));
  return frame ? assignmentFor(ctx, frame) : null;
}

builder.queryFields((t) => ({
  workers: t.prismaField({
    type: ['Worker'],
    description: 'Every registered worker, by name',
    resolve: (query, _root, _args, ctx) => ctx.db.worker.findMany({ ...query, orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
  }),
}));

builder.mutationFields((t) => ({
  registerWorker: t.field({
    type: WorkerRegistration,
    description: 'A worker joins the farm; keep the returned token for every further call',
    args: { name: t.arg.string() },
    resolve: async (_root, { name }, ctx) => {
      const trimmed = name.trim();
      if (trimmed === '') throw inputError('name', 'Invalid name: a worker needs a name');
      if (trimmed.length > 100) throw inputError('name', `Invalid name: at most 100 characters, got ${trimmed.length}`);
      const token = newWorkerToken();
      const worker = await ctx.db.worker.create({
        data: { id: crypto.randomUUID(), name: trimmed, tokenHash: hashToken(token), status: 'IDLE' },
      });
      ctx.log.info({ workerId: worker.id, worker: worker.name }, 'worker registered');
      return { worker, token, heartbeatIntervalSeconds: ctx.config.heartbeatIntervalS };
    },
  }),
  heartbeat: t.prismaField({
    type: 'Worker',
    description: 'A worker says it is alive',
    args: { workerId: t.arg.id() },
    resolve: async (query, _root, { workerId }, ctx) => {
      const worker = await requireWorker(ctx, String(workerId));
      return ctx.db.worker.update({
        ...query,
        where: { id: worker.id },
        data: { lastHeartbeatAt: new Date(), status: worker.status === 'OFFLINE' ? 'IDLE' : worker.status },
      });
    },
  }),
  pollJob: t.field({
    type: FrameAssignment,
    nullable: true,
    description: 'Pull form of `assignments`: the frame this worker should render, or null when there is none',
    args: { workerId: t.arg.id() },
    resolve: async (_root, { workerId }, ctx) => {
      const worker = await requireWorker(ctx, String(workerId));
      return nextAssignment(ctx, worker.id);
    },
  }),
}));

builder.subscriptionFields((t) => ({
  assignments: t.field({
    type: FrameAssignment,
    description:
      'Push form of pollJob: frames for this worker, one at a time. The next comes once the worker has uploaded ' +
      'or failed the one it holds; a frame it holds is sent again when it subscribes again.',
    args: { workerId: t.arg.id() },
    subscribe: async (_root, { workerId }, ctx) => {
      const worker = await requireWorker(ctx, String(workerId));
      return new Repeater<Assignment>(async (push, stop) => {
        let stopped = false;
        void stop.then(() => {
          stopped = true;
        });
        let lastSent: string | null = null;
        while (!stopped) {
          const generation = ctx.dispatcher.current;
          const assignment = await nextAssignment(ctx, worker.id);
          // A frame is sent once per attempt; it comes again only on a new subscription.
          const key = assignment ? `${assignment.frame.id}:${assignment.frame.attempts}` : null;
          if (assignment && key !== lastSent) {
            lastSent = key;
            await push(assignment);
          } else {
            await ctx.dispatcher.waitSince(generation, stop);
          }
        }
      });
    },
    resolve: (assignment) => assignment,
  }),
}));
