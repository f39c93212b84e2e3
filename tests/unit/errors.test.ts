/**
 * The one mapping of domain errors to GraphQL errors (server/errors.ts), on a small schema:
 * what a client sees for each domain error, thrown at once or from a promise, by a resolver
 * or a subscriber; and that any other error is left for Yoga to mask.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GraphQLObjectType, GraphQLSchema, GraphQLString, graphql, parse, subscribe } from 'graphql';
import { maskError } from 'graphql-yoga';
import { Forbidden, FrameRefused, InputError, NotAuthenticated, NotFound, withFarmErrors } from '../../server/errors.ts';

const failing = (fail: () => never) => ({ type: GraphQLString, resolve: fail });

const schema = withFarmErrors(
  new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: {
        input: failing(() => {
          throw new InputError('frameEnd', 'must not be before frameStart (10), got 5');
        }),
        missing: { type: GraphQLString, resolve: () => Promise.reject(new NotFound('job', 'j1')) },
        conflict: failing(() => {
          throw new FrameRefused('frame 3 of job j1 is CANCELED: its upload is not wanted');
        }),
        noToken: failing(() => {
          throw new NotAuthenticated('The worker token is not valid');
        }),
        otherWorker: failing(() => {
          throw new Forbidden('The token belongs to worker a, not to worker b');
        }),
        bug: failing(() => {
          throw new TypeError('x is undefined');
        }),
        fine: { type: GraphQLString, resolve: () => 'ok' },
      },
    }),
    subscription: new GraphQLObjectType({
      name: 'Subscription',
      fields: {
        frames: {
          type: GraphQLString,
          subscribe: () => Promise.reject(new NotAuthenticated('send the token')),
        },
        progress: {
          type: GraphQLString,
          // A stream whose job vanishes after its first event.
          subscribe: async function* () {
            yield { progress: '10%' };
            throw new NotFound('job', 'j1');
          },
        },
      },
    }),
  }),
);

async function errorOf(field: string) {
  const result = await graphql({ schema, source: `{ ${field} }` });
  assert.equal(result.errors?.length, 1, field);
  return result.errors[0]!;
}

describe('domain errors as GraphQL errors', () => {
  it('an input error: BAD_USER_INPUT, naming the field, the message as written', async () => {
    const error = await errorOf('input');
    assert.equal(error.message, 'Invalid frameEnd: must not be before frameStart (10), got 5');
    assert.deepEqual(error.extensions, { code: 'BAD_USER_INPUT', field: 'frameEnd' });
    assert.deepEqual(error.path, ['input']);
  });

  it('each other domain error gets its code, thrown at once or from a promise', async () => {
    const seen = [];
    for (const field of ['missing', 'conflict', 'noToken', 'otherWorker']) {
      const error = await errorOf(field);
      seen.push([field, error.extensions.code, error.message]);
    }
    assert.deepEqual(seen, [
      ['missing', 'NOT_FOUND', 'No job with id "j1"'],
      ['conflict', 'CONFLICT', 'frame 3 of job j1 is CANCELED: its upload is not wanted'],
      ['noToken', 'UNAUTHENTICATED', 'The worker token is not valid'],
      ['otherWorker', 'FORBIDDEN', 'The token belongs to worker a, not to worker b'],
    ]);
  });

  it("a mapped error passes Yoga's masking as it is (and is not logged as a server error)", async () => {
    const error = await errorOf('conflict');
    assert.equal(maskError(error, 'Unexpected error.'), error);
  });

  it('any other error stays as it was thrown, for Yoga to mask', async () => {
    const error = await errorOf('bug');
    assert.ok(error.originalError instanceof TypeError);
    assert.equal(maskError(error, 'Unexpected error.').message, 'Unexpected error.');
  });

  it('a subscriber refusing: the subscription result carries the mapped error', async () => {
    const result = await subscribe({ schema, document: parse('subscription { frames }') });
    assert.ok(!(Symbol.asyncIterator in result), 'no stream');
    assert.equal(result.errors?.[0]?.extensions.code, 'UNAUTHENTICATED');
    assert.equal(result.errors?.[0]?.message, 'send the token');
  });

  it('an error raised while a subscription runs is mapped too', async () => {
    const stream = (await subscribe({ schema, document: parse('subscription { progress }') })) as AsyncIterableIterator<unknown>;
    const first = (await stream.next()) as IteratorResult<{ data: Record<string, unknown> }>;
    assert.deepEqual({ ...first.value?.data }, { progress: '10%' });
    await assert.rejects(stream.next(), (error: Error & { extensions?: unknown }) => {
      assert.equal(error.message, 'No job with id "j1"');
      assert.deepEqual(error.extensions, { code: 'NOT_FOUND' });
      return true;
    });
  });

  it('fields that succeed are untouched, synchronous ones stay synchronous', () => {
    const field = schema.getQueryType()!.getFields().fine!;
    assert.equal(field.resolve!(null, {}, null, {} as never), 'ok');
  });
});
