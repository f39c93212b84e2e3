/**
 * `npm run worker -- --server URL --name NAME [--blender PATH] [--work-dir DIR] [--tags a,b]`
 * A render worker: joins the farm at URL and renders the frames it is given.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { defaultWorkDir, WorkerAgent } from './agent.ts';
import { checkBlender } from './blender/check.ts';
import { SpawnProcessRunner } from './blender/runner.ts';
import { EXIT_BLENDER_MISSING, EXIT_USAGE } from './exit-codes.ts';
import { parseWorkerTags } from './tags.ts';

const USAGE = `Usage: npm run worker -- --server URL [--name NAME] [--blender PATH] [--work-dir DIR] [--tags TAGS]

  --server URL     the farm server, e.g. http://render-server:8000 (env FARM_SERVER)
  --name NAME      how this worker appears on the farm (default: the host name)
  --blender PATH   the Blender executable (env BLENDER_PATH, default "blender")
  --work-dir DIR   registration, .blend cache, frames not yet delivered
                   (env FARM_WORKER_DIR, default ~/.cache/blender-farm/NAME)
  --tags TAGS      what this worker offers, comma-separated, e.g. gpu,big-memory: jobs that
                   require tags go only to workers with all of them (env FARM_WORKER_TAGS).
                   Sent when the worker first registers; change them later on the server
                   with the setWorkerTags mutation`;

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
  const name = values.name ?? process.env.FARM_WORKER_NAME ?? os.hostname();
  const blenderPath = values.blender ?? process.env.BLENDER_PATH ?? 'blender';
  const workDir = values['work-dir'] ?? process.env.FARM_WORKER_DIR ?? defaultWorkDir(name);
  const log = pino({ name: 'farm-worker', level: process.env.LOG_LEVEL || 'info' }).child({ worker: name });

  let version: string;
  try {
    version = await checkBlender(blenderPath);
  } catch (error) {
    console.error(`farm-worker: ${(error as Error).message}`);
    process.exit(EXIT_BLENDER_MISSING);
  }
  log.info({ blender: version, blenderPath, workDir, tags }, 'worker starting');

  const controller = new AbortController();
  const stop = (signal: string) => {
    if (controller.signal.aborted) return;
    log.info({ signal }, 'worker stopping');
    controller.abort();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  const agent = new WorkerAgent({ serverUrl: server.replace(/\/+$/, ''), name, blenderPath, workDir, log, runner: new SpawnProcessRunner(), tags });
  await agent.run(controller.signal);
  log.info('worker stopped');
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error('farm-worker failed:', error);
  process.exit(1);
});
