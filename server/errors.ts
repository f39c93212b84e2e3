import { GraphQLError } from 'graphql';
import { InputError } from './jobs/validate-submission.ts';
import { FrameRefused } from './scheduler/frame-store.ts';
import { NotFound } from './scheduler/job-control.ts';

/**
 * The error codes clients can rely on (in `extensions.code`). Messages are written
 * for the person reading them; `extensions.field` names the input at fault.
 */
export type ErrorCode = 'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT';

export function farmError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

export function inputError(field: string, message: string): GraphQLError {
  return farmError('BAD_USER_INPUT', message, { field });
}

export function notFound(what: string, id: string): GraphQLError {
  return farmError('NOT_FOUND', `No ${what} with id "${id}"`);
}

/** Runs `fn`, turning an InputError (a pure validator's refusal) into BAD_USER_INPUT naming the field. */
export function asInputError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof InputError) throw inputError(error.field, error.message);
    throw error;
  }
}

/**
 * Runs a scheduler operation, turning its refusals into API errors: CONFLICT when it makes
 * no sense in the current state, NOT_FOUND for an unknown id, BAD_USER_INPUT for bad arguments.
 */
export async function controlled<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof FrameRefused) throw farmError('CONFLICT', error.message);
    if (error instanceof NotFound) throw notFound(error.what, error.id);
    if (error instanceof InputError) throw inputError(error.field, error.message);
    throw error;
  }
}
