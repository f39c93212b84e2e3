import crypto from 'node:crypto';
import type { Worker } from './generated/prisma/client.ts';
import type { FarmContext } from './context.ts';
import { farmError } from './errors.ts';

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

/**
 * The worker the caller's token belongs to. With `workerId`, the token must be that
 * worker's: a worker can only act for itself.
 */
export async function requireWorker(ctx: FarmContext, workerId?: string): Promise<Worker> {
  if (!ctx.authToken) {
    throw farmError(
      'UNAUTHENTICATED',
      'This operation is for workers: send the token registerWorker returned as "Authorization: Bearer <token>" (over graphql-ws: in the connection params)',
    );
  }
  const worker = await ctx.db.worker.findUnique({ where: { tokenHash: hashToken(ctx.authToken) } });
  if (!worker) throw farmError('UNAUTHENTICATED', 'The worker token is not valid (was the worker registered with another server or database?)');
  if (workerId !== undefined && worker.id !== workerId) {
    throw farmError('FORBIDDEN', `The token belongs to worker ${worker.id}, not to worker ${workerId}`);
  }
  return worker;
}
