import { GraphQLError } from 'graphql';

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
