/**
 * `npm run worker -- --server URL --name NAME [--blender PATH] [--work-dir DIR] [--tags a,b] [--slots N]
 *  [--render-mode session|spawn]`
 * A render worker: joins the farm at URL and renders the frames it is given.
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { WorkerAgent } from './agent.ts';
import { BlendCache } from './blend-cache.ts';
import { ContentCache } from './content-cache.ts';
import { ProjectTrees } from './project-trees.ts';
import { checkBlender } from '../common/blender/check.ts';
import { type FrameRenderer, isRenderMode, RENDER_MODES, SpawnFrameRenderer } from './blender/frame-renderer.ts';
import { SpawnProcessRunner } from '../common/blender/runner.ts';
import { SessionFrameRenderer } from './blender/session-renderer.ts';
import { EXIT_BLENDER_MISSING, EXIT_USAGE } from './exit-codes.ts';
import { connectToFarm } from './farm-client.ts';
import { parseWorkerTags } from '../common/tags.ts';

const USAGE = `Usage: npm run worker -- --server URL [--name NAME] [--blender PATH] [--work-dir DIR] [--tags TAGS] [--slots N]
                          [--render-mode MODE]

  --server URL     the farm server, e.g. http://render-server:8000 (env FARM_SERVER)
  --name NAME      how this worker appears on the farm (default: the host name)
  --blender PATH   the Blender executable (env BLENDER_PATH, default "blender")
  --work-dir DIR   registration, .blend and project file caches, jobs' project trees,
                   frames not yet delivered
                   (env FARM_WORKER_DIR, default ~/.cache/blender-farm/NAME)
  --tags TAGS      what this worker offers, comma-separated, e.g. gpu,big-memory: jobs that
                   require tags go only to workers with all of them (env FARM_WORKER_TAGS).
                   Sent when the worker first registers; change them later on the server
                   with the setWorkerTags mutation
  --slots N        render N frames at once, each slot a worker of its own on the farm
                   (NAME-1 … NAME-N) sharing one .blend cache; for machines with many
                   cores, like other farms' "concurrent tasks" (env FARM_WORKER_SLOTS,
                   default 1)
  --render-mode MODE
                   session (default): each slot keeps one Blender running for the job and
                   scene it renders, so only its first frame pays for starting Blender and
                   loading the file; spawn: one Blender per frame (env FARM_RENDER_MODE)`;

const MAX_SLOTS = 64;

function defaultWorkDir(name: string): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'blender-farm', name.replace(/[^A-Za-z0-9._-]/g, '_'));
}

/** Prints what is wrong and the usage, and exits with EXIT_USAGE. */
function usageError(message: string): never {
  console.error(`farm-worker: ${message}\n\n${USAGE}`);
  process.exit(EXIT_USAGE);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        server: { type: 'string' },
        name: { type: 'string' },
        blender: { type: 'string' },
        'work-dir': { type: 'string' },
        tags: { type: 'string' },
        slots: { type: 'string' },
        'render-mode': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    usageError((error as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const server = values.server ?? process.env.FARM_SERVER;
  if (!server || !/^https?:\/\/[^/]+/.test(server)) {
    usageError(`--server must be the farm server's http:// URL${server ? `, got "${server}"` : ''}`);
  }
  let tags: string[];
  try {
    tags = parseWorkerTags(values.tags ?? process.env.FARM_WORKER_TAGS ?? '');
  } catch (error) {
    usageError(`--tags: ${(error as Error).message}`);
  }
  const slotsText = values.slots ?? process.env.FARM_WORKER_SLOTS ?? '1';
  const slots = Number(slotsText);
  if (!Number.isInteger(slots) || slots < 1 || slots > MAX_SLOTS) {
    usageError(`--slots must be a whole number from 1 to ${MAX_SLOTS}, got "${slotsText}"`);
  }
  const renderMode = values['render-mode'] ?? process.env.FARM_RENDER_MODE ?? 'session';
  if (!isRenderMode(renderMode)) {
    usageError(`--render-mode must be ${RENDER_MODES.join(' or ')}, got "${renderMode}"`);
  }
  const name = values.name ?? process.env.FARM_WORKER_NAME ?? os.hostname();
  const blenderPath = values.blender ?? process.env.BLENDER_PATH ?? 'blender';
  const workDir = values['work-dir'] ?? process.env.FARM_WORKER_DIR ?? defaultWorkDir(name);
  const baseLog = pino({ name: 'farm-worker', level: process.env.LOG_LEVEL || 'info' });
  const log = baseLog.child({ worker: name });

  let version: string;
  try {
    version = await checkBlender(blenderPath);
  } catch (error) {
    console.error(`farm-worker: ${(error as Error).message}`);
    process.exit(EXIT_BLENDER_MISSING);
  }
  log.info({ blender: version, blenderPath, workDir, tags, renderMode }, 'worker starting');

  const controller = new AbortController();
  const stop = (signal: string) => {
    if (controller.signal.aborted) return;
    log.info({ signal }, 'worker stopping');
    controller.abort();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  const serverUrl = server.replace(/\/+$/, '');
  const runner = new SpawnProcessRunner();
  // Slots share the downloads: a job's .blend is fetched once per machine, not once per slot.
  const cache = new BlendCache(path.join(workDir, 'blends'));
  // And the project files: each content once per machine, each job's tree laid out once.
  const projects = new ProjectTrees(path.join(workDir, 'projects'), new ContentCache(path.join(workDir, 'contents')));
  const agents = Array.from({ length: slots }, (_, i) => {
    const slotName = slots === 1 ? name : `${name}-${i + 1}`;
    const slotDir = slots === 1 ? workDir : path.join(workDir, `slot-${i + 1}`);
    const slotLog = slots === 1 ? log : baseLog.child({ worker: slotName });
    // A renderer per slot: a session renders one frame at a time.
    const renderer: FrameRenderer =
      renderMode === 'session'
        ? new SessionFrameRenderer({ blenderPath, starter: runner, runner, log: slotLog })
        : new SpawnFrameRenderer(runner, blenderPath);
    // A client per slot: each slot is a worker of its own, with its own token.
    const client = connectToFarm(serverUrl, slotLog);
    return new WorkerAgent({ serverUrl, name: slotName, client, workDir: slotDir, log: slotLog, renderer, tags, cache, projects });
  });
  await Promise.all(agents.map((agent) => agent.run(controller.signal)));
  log.info('worker stopped');
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error('farm-worker failed:', error);
  process.exit(1);
});
