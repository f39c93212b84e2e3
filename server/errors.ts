/**
 * The farm's domain errors, and the one place they become GraphQL errors.
 *
 * The scheduler, job submission, frame delivery and worker authentication throw these
 * and know nothing of GraphQL; `withFarmErrors` wraps every resolver of the schema once, so
 * a domain error reaches the client as a GraphQL error with the message as written, its
 * code in `extensions.code` and, for bad input, the field at fault in `extensions.field`.
 * Mapped at the resolver and not in Yoga's maskError because Yoga logs every error its
 * maskError replaces as a server error, and these are refusals, not faults. Any other
 * error stays as it is, so Yoga masks it ("Unexpected error.") and logs it.
 */
import { GraphQLError, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';

/** The error codes clients can rely on (in `extensions.code`). */
export type ErrorCode = 'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT';

/** A refusal the caller can act on, in words for the person reading it. */
export abstract class FarmError extends Error {
  abstract readonly code: ErrorCode;

  /** What `extensions` carries besides the code. */
  details(): Record<string, unknown> {
    return {};
  }
}

/** A problem with one input field (a job's frame range, a tag, an upload, ...). */
export class InputError extends FarmError {
  readonly code = 'BAD_USER_INPUT';

  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`Invalid ${field}: ${problem}`);
  }

  override details(): Record<string, unknown> {
    return { field: this.field };
  }
}

/** An id that names nothing. */
export class NotFound extends FarmError {
  readonly code = 'NOT_FOUND';

  constructor(
    readonly what: string,
    readonly id: string,
  ) {
    super(`No ${what} with id "${id}"`);
  }
}

/** An operation on a frame or job that makes no sense in its current state, with the reason. */
export class FrameRefused extends FarmError {
  readonly code = 'CONFLICT';
}

/** A worker operation without a token, or with one the farm does not know. */
export class NotAuthenticated extends FarmError {
  readonly code = 'UNAUTHENTICATED';
}

/** A worker acting for another worker. */
export class Forbidden extends FarmError {
  readonly code = 'FORBIDDEN';
}

/**
 * The GraphQL error a client sees for `error`. Without an originalError: graphql-js places
 * it (path, locations) and Yoga passes it on as it is, where an error it wraps is masked.
 */
export function toGraphQLError(error: FarmError): GraphQLError {
  return new GraphQLError(error.message, { extensions: { code: error.code, ...error.details() } });
}

function rethrown(error: unknown): never {
  if (error instanceof FarmError) throw toGraphQLError(error);
  throw error;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

function mapped<S, C>(resolve: GraphQLFieldResolver<S, C>): GraphQLFieldResolver<S, C> {
  return (...args) => {
    try {
      const result: unknown = resolve(...args);
      // A value stays a value (graphql-js resolves synchronous fields without a promise);
      // Prisma's queries are thenables, not Promises.
      return isThenable(result) ? Promise.resolve(result).catch(rethrown) : result;
    } catch (error) {
      return rethrown(error);
    }
  };
}

/** A subscription's events: an error raised while it runs (its job vanished) is mapped too. */
function mappedStream(value: unknown): unknown {
  if (typeof (value as AsyncIterator<unknown> | null)?.next !== 'function') return value;
  const stream = value as AsyncIterableIterator<unknown>;
  const mappedIterator: AsyncIterableIterator<unknown> = {
    next: () => stream.next().catch(rethrown),
    return: (done?: unknown) => stream.return?.(done) ?? Promise.resolve({ done: true, value: done }),
    throw: (error?: unknown) => stream.throw?.(error) ?? Promise.reject(error),
    [Symbol.asyncIterator]: () => mappedIterator,
  };
  return mappedIterator;
}

function mappedSubscribe<S, C>(subscribe: GraphQLFieldResolver<S, C>): GraphQLFieldResolver<S, C> {
  const started = mapped(subscribe);
  return (...args) => {
    const result = started(...args);
    return isThenable(result) ? Promise.resolve(result).then(mappedStream) : mappedStream(result);
  };
}

/**
 * Wraps the resolvers and subscribers of the root fields (queries, mutations,
 * subscriptions), so each domain error is mapped here and nowhere else. Only the root
 * fields throw them: the fields of the farm's objects read what their root field loaded,
 * and wrapping them too would cost a promise per field of a 10,000-frame list.
 */
export function withFarmErrors(schema: GraphQLSchema): GraphQLSchema {
  for (const type of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    for (const field of Object.values(type?.getFields() ?? {})) {
      if (field.resolve) field.resolve = mapped(field.resolve);
      if (field.subscribe) field.subscribe = mappedSubscribe(field.subscribe);
    }
  }
  return schema;
}
