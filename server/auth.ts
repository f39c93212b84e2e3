import crypto from 'node:crypto';
import type { Db } from './db.ts';
import type { FarmContext } from './context.ts';
import { Forbidden, NotAuthenticated } from './errors.ts';

/** A worker's bearer token: 256 random bits, shown once by registerWorker. */
export function newWorkerToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** Only this hash is stored, so a copy of the database does not let anyone act as a worker. */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/** Reads `Bearer <token>` (or a bare token) from an Authorization header value. */
export function tokenFromAuthorization(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /^\s*(?:Bearer\s+)?(\S+)\s*$/i.exec(value);
  return match?.[1] ?? null;
}

/** Who a token belongs to: all a resolver needs to know of the caller. */
export interface WorkerIdentity {
  id: string;
  name: string;
}

/**
 * Tokens already seen, by hash: a worker's id and name never change, and every upload,
 * progress report and heartbeat would otherwise look its token up again (measured: the
 * database calls are most of the server's time per frame). Keyed to the database so two
 * servers in one process (tests) do not share it.
 */
const knownWorkers = new Map<string, WorkerIdentity & { db: Db }>();
const MAX_KNOWN_WORKERS = 10_000;

function remember(tokenHash: string, worker: WorkerIdentity & { db: Db }): void {
  if (knownWorkers.size >= MAX_KNOWN_WORKERS) knownWorkers.delete(knownWorkers.keys().next().value!);
  knownWorkers.set(tokenHash, worker);
}

/**
 * The worker the caller's token belongs to. With `workerId`, the token must be that
 * worker's: a worker can only act for itself.
 */
export async function requireWorker(ctx: FarmContext, workerId?: string): Promise<WorkerIdentity> {
  if (!ctx.authToken) {
    throw new NotAuthenticated(
      'This operation is for workers: send the token registerWorker returned as "Authorization: Bearer <token>" (over graphql-ws: in the connection params)',
    );
  }
  const tokenHash = hashToken(ctx.authToken);
  let worker = knownWorkers.get(tokenHash) ?? null;
  if (!worker || worker.db !== ctx.db) {
    const found = await ctx.db.worker.findUnique({ where: { tokenHash }, select: { id: true, name: true } });
    worker = found ? { ...found, db: ctx.db } : null;
    if (worker) remember(tokenHash, worker);
  }
  if (!worker) throw new NotAuthenticated('The worker token is not valid (was the worker registered with another server or database?)');
  if (workerId !== undefined && worker.id !== workerId) {
    throw new Forbidden(`The token belongs to worker ${worker.id}, not to worker ${workerId}`);
  }
  ctx.sightings.seen(worker.id);
  return worker;
}
