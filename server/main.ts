/**
 * `npm start`: the control server on the embedded SQLite database, plus local worker
 * processes (FARM_LOCAL_WORKERS, default 1) when Blender is installed here.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from './app.ts';
import { REPO_ROOT } from './paths.ts';
import { ConfigError, readConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { checkBlender } from '../common/blender/check.ts';

const WORKER_MAIN = path.join(REPO_ROOT, 'worker', 'main.ts');

async function main(): Promise<void> {
  let config;
  try {
    config = readConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`farm-server: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  const app = await buildApp(config, log);
  const { url } = await app.start();

  const workers: ChildProcess[] = [];
  if (config.localWorkers > 0) {
    try {
      const version = await checkBlender(config.blenderPath);
      for (let slot = 1; slot <= config.localWorkers; slot += 1) {
        const name = `${os.hostname()}-local-${slot}`;
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', WORKER_MAIN, '--server', url, '--name', name, '--blender', config.blenderPath,
            '--work-dir', path.join(config.dataDir, 'local-workers', String(slot))],
          { stdio: 'inherit', env: { ...process.env, LOG_LEVEL: config.logLevel } },
        );
        child.on('exit', (code, signal) => log.info({ worker: name, code, signal }, 'local worker exited'));
        workers.push(child);
      }
      log.info({ count: config.localWorkers, blender: version }, 'started local workers');
    } catch (error) {
      log.warn(`No local workers: ${(error as Error).message}`);
    }
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    const exited = workers.map(
      (child) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()))),
    );
    for (const child of workers) child.kill('SIGTERM');
    await Promise.race([Promise.all(exited), new Promise((resolve) => setTimeout(resolve, 5000))]);
    await app.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('farm-server failed to start:', error);
  process.exit(1);
});
