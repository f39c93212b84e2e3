import path from 'node:path';
import { REPO_ROOT } from './paths.ts';

/** Where the dashboard's Vite build lands when nothing else is configured: <repo>/dashboard/dist. */
export const DEFAULT_DASHBOARD_DIR = path.join(REPO_ROOT, 'dashboard', 'dist');

/** Everything the server reads from its environment, parsed once at start. */
export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  logLevel: string;
  maxUploadBytes: number;
  heartbeatIntervalS: number;
  /** Heartbeats silent this long: the worker is OFFLINE and its frames go back to the queue. */
  workerTimeoutS: number;
  /** Origin used in outputUrl and blendUrl; derived from the request's Host when unset. */
  publicUrl: string | null;
  localWorkers: number;
  blenderPath: string;
  /** The ffmpeg command that makes thumbnails, previews and preview videos. */
  ffmpegPath: string;
  /**
   * A content uploaded but used by no job is removed this long after its upload (contents a
   * deleted job leaves unused go at once). A day: time enough for a submission's uploads.
   */
  unusedContentGraceS: number;
  /** The dashboard's built files (index.html, assets/); served at / when index.html is there. */
  dashboardDir: string;
}

export class ConfigError extends Error {}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) {
    throw new ConfigError(`${name} must be a whole number of at least ${min}, got "${raw}"`);
  }
  return value;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const publicUrl = env.FARM_PUBLIC_URL?.replace(/\/+$/, '') || null;
  if (publicUrl !== null && !/^https?:\/\//.test(publicUrl)) {
    throw new ConfigError(`FARM_PUBLIC_URL must start with http:// or https://, got "${publicUrl}"`);
  }
  const config = {
    port: integer(env, 'PORT', 8000, 0),
    host: env.HOST || '0.0.0.0',
    dataDir: path.resolve(env.FARM_DATA_DIR || './data'),
    logLevel: env.LOG_LEVEL || 'info',
    maxUploadBytes: integer(env, 'FARM_MAX_UPLOAD_BYTES', 8 * 1024 ** 3, 1),
    heartbeatIntervalS: integer(env, 'FARM_HEARTBEAT_INTERVAL_S', 10, 1),
    workerTimeoutS: integer(env, 'FARM_WORKER_TIMEOUT_S', 30, 1),
    publicUrl,
    localWorkers: integer(env, 'FARM_LOCAL_WORKERS', 1, 0),
    blenderPath: env.BLENDER_PATH || 'blender',
    ffmpegPath: env.FFMPEG_PATH || 'ffmpeg',
    unusedContentGraceS: integer(env, 'FARM_UNUSED_CONTENT_GRACE_S', 24 * 3600, 60),
    dashboardDir: env.FARM_DASHBOARD_DIR ? path.resolve(env.FARM_DASHBOARD_DIR) : DEFAULT_DASHBOARD_DIR,
  };
  if (config.workerTimeoutS <= config.heartbeatIntervalS) {
    throw new ConfigError(
      `FARM_WORKER_TIMEOUT_S (${config.workerTimeoutS}) must be longer than FARM_HEARTBEAT_INTERVAL_S (${config.heartbeatIntervalS}), ` +
        'or every worker would lose its frames between two heartbeats',
    );
  }
  return config;
}
